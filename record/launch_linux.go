//go:build linux && amd64

package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The tracee is started the way strace starts it: a child stops itself
// with SIGSTOP before exec, the tracer seizes it, then lets it go on into
// execve, so the execve is traced like any other call. Go cannot run code
// between fork and exec, so the child is this very program re-executed as a
// small stub (stubEnv in its environment) that stops itself and then
// executes the command. Its own syscalls before the execve are not
// recorded; strace hides its child's the same way.
//
// The stub runs with the Go runtime's asynchronous preemption off: a
// preemption signal (SIGURG) sent to the stub just before its execve would
// stay pending across it and show up in the traced program. The marker's
// value says what GODEBUG the command had ("unset", or "set:" and the
// value), so the stub hands the command its environment exactly as given.
const (
	stubEnv      = "MYTRACE_INTERNAL_EXEC_STUB"
	godebug      = "GODEBUG"
	noPreemption = "asyncpreemptoff=1"
)

func init() {
	if _, ok := os.LookupEnv(stubEnv); !ok {
		return
	}
	runStub()
}

// stubEnviron returns the stub's environment for a command's env.
func stubEnviron(env []string) []string {
	out := make([]string, 0, len(env)+2)
	marker := "unset"
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, godebug+"="); ok {
			marker = "set:" + v
			kv = godebug + "=" + v + "," + noPreemption
		}
		out = append(out, kv)
	}
	if marker == "unset" {
		out = append(out, godebug+"="+noPreemption)
	}
	return append([]string{stubEnv + "=" + marker}, out...)
}

// commandEnviron undoes stubEnviron in the stub.
func commandEnviron(env []string) []string {
	marker := os.Getenv(stubEnv)
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if strings.HasPrefix(kv, stubEnv+"=") || strings.HasPrefix(kv, seccompEnv+"=") || strings.HasPrefix(kv, userEnv+"=") || strings.HasPrefix(kv, daemonStubEnv+"=") {
			continue
		}
		if strings.HasPrefix(kv, godebug+"=") {
			orig, set := strings.CutPrefix(marker, "set:")
			if !set {
				continue
			}
			kv = godebug + "=" + orig
		}
		out = append(out, kv)
	}
	return out
}

// runStub is the child side: argv is [marker, path, arg0, arg1, ...].
func runStub() {
	// Package initialisation runs on the main thread; stay on it, so the
	// thread that execs is the one the tracer seized.
	runtime.LockOSThread()
	if len(os.Args) < 3 {
		os.Stderr.WriteString("mytrace: internal exec stub called without a command\n")
		os.Exit(127)
	}
	env := commandEnviron(os.Environ())
	if v, ok := os.LookupEnv(daemonStubEnv); ok {
		// -D (daemon_linux.go): the tracer attaches from a grandchild.
		if !daemonStubWait(v) {
			// Nobody attached: no filter, whose traced calls would fail.
			os.Unsetenv(seccompEnv)
		}
	} else {
		syscall.Kill(os.Getpid(), syscall.SIGSTOP)
	}
	// Seized by now: a filter's traced calls stop here rather than fail.
	installStubFilter()
	becomeUser(os.Args[1])
	err := syscall.Exec(os.Args[1], os.Args[2:], env)
	fmt.Fprintf(os.Stderr, "mytrace: exec: %s\n", errnoText(err))
	os.Exit(1)
}

// becomeUser takes on the ids the tracer passed in userEnv, if any, as
// strace -u does: the user's groups, then its group and user ids. As the
// kernel does not honour set-user-ID and set-group-ID bits for a traced
// program, strace makes the effective ids those of the program's owner
// when it has these bits, and so does this. Only this thread changes:
// it is the one that execs, and the others end with the exec.
func becomeUser(path string) {
	v, ok := os.LookupEnv(userEnv)
	if !ok {
		return
	}
	u, ok := decodeUser(v)
	if !ok {
		fmt.Fprintf(os.Stderr, "mytrace: internal: bad user %q\n", v)
		os.Exit(127)
	}
	euid, egid := u.Uid, u.Gid
	var st syscall.Stat_t
	if syscall.Stat(path, &st) == nil {
		if st.Mode&syscall.S_ISUID != 0 {
			euid = st.Uid
		}
		if st.Mode&syscall.S_ISGID != 0 {
			egid = st.Gid
		}
	}
	groups := make([]uint32, len(u.Groups))
	copy(groups, u.Groups)
	var gp uintptr
	if len(groups) > 0 {
		gp = uintptr(unsafe.Pointer(&groups[0]))
	}
	die := func(what string, e syscall.Errno) {
		fmt.Fprintf(os.Stderr, "mytrace: %s: %s\n", what, errnoText(e))
		os.Exit(1)
	}
	// Raw calls: the C library's wrappers (and Go's) change every thread.
	if _, _, e := syscall.RawSyscall(unix.SYS_SETGROUPS, uintptr(len(groups)), gp, 0); e != 0 {
		die("initgroups", e)
	}
	if _, _, e := syscall.RawSyscall(unix.SYS_SETRESGID, uintptr(u.Gid), uintptr(egid), uintptr(egid)); e != 0 {
		die("setregid", e)
	}
	if _, _, e := syscall.RawSyscall(unix.SYS_SETRESUID, uintptr(u.Uid), uintptr(euid), uintptr(euid)); e != 0 {
		die("setreuid", e)
	}
	runtime.KeepAlive(groups)
}

// errnoText is the C library's message for an errno, which is what strace
// and the shell print: syscall.Errno's text already matches it except for
// capitalisation.
func errnoText(err error) string {
	var en syscall.Errno
	if errors.As(err, &en) {
		s := en.Error()
		if s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	return err.Error()
}

// EndedEarlyError says the command ended (killed from outside, say)
// before it could be traced, before its execve.
type EndedEarlyError struct {
	Path   string
	Status syscall.WaitStatus
}

func (e *EndedEarlyError) Error() string {
	if e.Status.Signaled() {
		return e.Path + ": killed by " + unixSignalName(e.Status.Signal()) + " before it started"
	}
	return fmt.Sprintf("%s: ended with status %d before it started", e.Path, e.Status.ExitStatus())
}

// ExitStatus is the status a shell would show: 128+N for signal N.
func (e *EndedEarlyError) ExitStatus() int {
	if e.Status.Signaled() {
		return 128 + int(e.Status.Signal())
	}
	return e.Status.ExitStatus()
}

// unixSignalName is SIGKILL for 9.
func unixSignalName(sig syscall.Signal) string {
	if n := unix.SignalName(sig); n != "" {
		return n
	}
	return fmt.Sprintf("signal %d", int(sig))
}

// ProgramError says why a program cannot be run: "/nonexistent: No such
// file or directory".
type ProgramError struct {
	Name string
	Err  error
}

// Error reads "NAME: message", as the C library would say it.
func (e *ProgramError) Error() string { return e.Name + ": " + errnoText(e.Err) }

// Unwrap returns the underlying error (an errno).
func (e *ProgramError) Unwrap() error { return e.Err }

// LookPath finds the program to run as strace does: a name with a slash is
// used as is; otherwise the first regular file with an execute bit in
// $PATH. The error names the program and says why, as the C library would.
func LookPath(name string) (string, error) {
	if name == "" {
		return "", &ProgramError{Name: name, Err: syscall.ENOENT}
	}
	if strings.Contains(name, "/") {
		if _, err := os.Stat(name); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return "", &ProgramError{Name: name, Err: err}
		}
		return name, nil
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		if !strings.Contains(p, "/") {
			p = "./" + p
		}
		st, err := os.Stat(p)
		if err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", &ProgramError{Name: name, Err: syscall.ENOENT}
}

// startStub forks the stub, which stops itself before exec. It must run on
// the tracer thread.
func startStub(path string, argv []string, env []string, extra []string) (int, error) {
	args := append([]string{"mytrace-exec-stub", path}, argv...)
	attr := &syscall.ProcAttr{Env: env, Files: []uintptr{0, 1, 2}}
	pid, err := 0, errNoTinyStub
	if len(extra) == 0 {
		if tiny := tinyStubPath(); tiny != "" {
			pid, err = syscall.ForkExec(tiny, args, attr)
		}
	}
	if err != nil {
		// No tiny stub, or it could not be executed here: the Go stub.
		self, serr := os.Executable()
		if serr != nil {
			self = "/proc/self/exe"
		}
		attr.Env = append(stubEnviron(env), extra...)
		pid, err = syscall.ForkExec(self, args, attr)
	}
	if err != nil {
		return 0, fmt.Errorf("starting %s: %w", path, err)
	}
	// Wait for it to stop itself.
	for {
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(pid, &ws, syscall.WUNTRACED, nil)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("waiting for %s to start: %w", path, err)
		}
		if ws.Stopped() && ws.StopSignal() == syscall.SIGSTOP {
			return pid, nil
		}
		if ws.Exited() || ws.Signaled() {
			return 0, &EndedEarlyError{Path: path, Status: ws}
		}
	}
}

// StartStopped starts argv (path from LookPath) the way Launch does,
// through the exec stub, and returns its pid once the stub has stopped
// itself (SIGSTOP) before its execve: a recorder that needs no ptrace
// (record/bpf) gets ready to record that pid, then sends it SIGCONT. user,
// if set, is who the command runs as (-u).
func StartStopped(path string, argv, env []string, user *User) (int, error) {
	if env == nil {
		env = os.Environ()
	}
	var extra []string
	if user != nil {
		extra = append(extra, userEnv+"="+user.encode())
	}
	return startStub(path, argv, env, extra)
}
