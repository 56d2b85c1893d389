//go:build linux && amd64

package record

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// -D: the tracer runs apart from the traced command, as strace -D does, so
// that the command is the direct child of whoever started mytrace (a
// shell's wait, its signals, see the command itself). strace forks twice:
// the grandparent execs the command, the grandchild attaches to it like
// -p, then kills the child, whose end lets the grandparent go on. Go
// cannot fork without exec, so each of the three is this program again:
//
//   - P, the process the user started: it starts I (this program, with the
//     same arguments, marked by daemonParentEnv), then becomes the exec
//     stub (launch_linux.go) with the same pid, marked by daemonStubEnv.
//     The stub says it is ready on a pipe, waits for I to end, and execs
//     the command, which so has P's pid and P's parent.
//   - I starts T (this program again, same arguments, marked by
//     daemonTracerEnv; in a process group or session of its own for -DD
//     or -DDD) and waits for it, or to be killed.
//   - T reads the options again, waits for the stub's word on the pipe,
//     seizes P and interrupts it, kills I, and records P as a launched
//     command: hidden until its execve, as the exec stub always is. T is
//     then an orphan, nobody's child but init's.
//
// If T cannot attach, it ends, so does I, and the stub execs the command
// untraced (without the seccomp filter, which would make the calls it
// traces fail without a tracer). The pipe also tells T when the stub is
// gone before it was ready.
const (
	daemonParentEnv = "MYTRACE_INTERNAL_DAEMON_PARENT" // in I: "MODE:P"
	daemonTracerEnv = "MYTRACE_INTERNAL_DAEMON_TRACER" // in T: "P:I"
	daemonStubEnv   = "MYTRACE_INTERNAL_DAEMON_STUB"   // in the stub: "FD:I"
	// daemonReadyFd is the descriptor of the pipe's read end in I and T.
	daemonReadyFd = 3
)

// Daemon modes (-D, -DD, -DDD), as options.Daemon*.
const (
	daemonGrandchild = 1 + iota
	daemonPgroup
	daemonSession
)

func init() {
	if v, ok := os.LookupEnv(daemonParentEnv); ok {
		runDaemonParent(v)
	}
}

// runDaemonParent is I: it starts T and waits until T ends (it could not
// attach) or kills it (it did).
func runDaemonParent(v string) {
	mode, p, ok := splitPair(v)
	if !ok || mode < daemonGrandchild || mode > daemonSession {
		fmt.Fprintf(os.Stderr, "mytrace: internal: bad %s %q\n", daemonParentEnv, v)
		os.Exit(127)
	}
	self, err := os.Executable()
	if err != nil {
		self = "/proc/self/exe"
	}
	env := make([]string, 0, len(os.Environ())+1)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, daemonParentEnv+"=") {
			env = append(env, kv)
		}
	}
	env = append(env, daemonTracerEnv+"="+strconv.Itoa(p)+":"+strconv.Itoa(os.Getpid()))
	attr := &syscall.SysProcAttr{Setpgid: mode == daemonPgroup, Setsid: mode == daemonSession}
	pid, err := syscall.ForkExec(self, os.Args, &syscall.ProcAttr{
		Env:   env,
		Files: []uintptr{0, 1, 2, daemonReadyFd},
		Sys:   attr,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "mytrace: starting the tracer: %v\n", err)
		os.Exit(1)
	}
	for {
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		os.Exit(1) // T ended without attaching (it kills I when it does)
	}
}

// splitPair reads "A:B", two positive numbers.
func splitPair(v string) (int, int, bool) {
	a, b, ok := strings.Cut(v, ":")
	if !ok {
		return 0, 0, false
	}
	x, err1 := strconv.Atoi(a)
	y, err2 := strconv.Atoi(b)
	return x, y, err1 == nil && err2 == nil && x > 0 && y > 0
}

// Daemonize runs the command path (argv, opts.Env) as strace -D does: this
// process (its pid) becomes the command, and the tracer, started again
// from mytrace's own arguments, attaches to it from a grandchild (mode 1),
// in a process group (2) or session (3) of its own. It returns only if the
// command cannot be started.
func Daemonize(path string, argv []string, opts Options, mode int) error {
	if mode < daemonGrandchild || mode > daemonSession {
		return fmt.Errorf("daemonize: bad mode %d", mode)
	}
	self, err := os.Executable()
	if err != nil {
		self = "/proc/self/exe"
	}
	rd, wr, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("daemonize: %w", err)
	}
	defer rd.Close()
	defer wr.Close()
	env := append(os.Environ(), daemonParentEnv+"="+strconv.Itoa(mode)+":"+strconv.Itoa(os.Getpid()))
	ipid, err := syscall.ForkExec(self, os.Args, &syscall.ProcAttr{
		Env:   env,
		Files: []uintptr{0, 1, 2, rd.Fd()},
	})
	if err != nil {
		return fmt.Errorf("daemonize: starting the tracer: %w", err)
	}
	// The stub keeps the pipe's write end across its exec.
	if _, err := unix.FcntlInt(wr.Fd(), unix.F_SETFD, 0); err != nil {
		syscall.Kill(ipid, syscall.SIGKILL)
		return fmt.Errorf("daemonize: %w", err)
	}
	seccompOn, seccompValue, _ := seccompPlan(opts)
	extra := []string{daemonStubEnv + "=" + strconv.Itoa(int(wr.Fd())) + ":" + strconv.Itoa(ipid)}
	if seccompOn {
		extra = append(extra, seccompEnv+"="+seccompValue)
	}
	if opts.User != nil {
		extra = append(extra, userEnv+"="+opts.User.encode())
	}
	cmdEnv := opts.Env
	if cmdEnv == nil {
		cmdEnv = os.Environ()
	}
	stubEnv := append(stubEnviron(cmdEnv), extra...)
	args := append([]string{"mytrace-exec-stub", path}, argv...)
	err = syscall.Exec(self, args, stubEnv)
	syscall.Kill(ipid, syscall.SIGKILL)
	return fmt.Errorf("daemonize: %w", err)
}

// daemonStubWait is the stub's part with -D: it tells the tracer it is
// ready, waits for I to end (the tracer kills it once attached), and
// reports whether it is traced now.
func daemonStubWait(v string) (traced bool) {
	fd, ipid, ok := splitPair(v)
	if !ok {
		fmt.Fprintf(os.Stderr, "mytrace: internal: bad %s %q\n", daemonStubEnv, v)
		os.Exit(127)
	}
	syscall.Write(fd, []byte{1})
	syscall.Close(fd)
	for {
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(ipid, &ws, 0, nil)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil || ws.Exited() || ws.Signaled() {
			break
		}
	}
	return tracerPid() > 0
}

// tracerPid is the TracerPid of /proc/self/status: 0 when not traced.
func tracerPid() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, ln := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(ln, "TracerPid:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

// DaemonTracee reports whether this process is the tracer of a -D run (T),
// and the command's pid.
func DaemonTracee() (int, bool) {
	v, ok := os.LookupEnv(daemonTracerEnv)
	if !ok {
		return 0, false
	}
	p, _, ok := splitPair(v)
	return p, ok
}

// AttachDaemon is T's side of Daemonize: it waits until the stub is ready,
// seizes it (pid, the command's), interrupts it and lets I go, and returns
// a Recorder that records it as a launched command (its calls hidden up to
// its execve; no PTRACE_O_EXITKILL: if the tracer dies, the command goes
// on). argv is the command, for the header.
func AttachDaemon(pid int, argv []string, opts Options) (*Recorder, error) {
	v := os.Getenv(daemonTracerEnv)
	os.Unsetenv(daemonTracerEnv)
	_, ipid, _ := splitPair(v)
	r, err := newRecorder(opts, 0)
	if err != nil {
		return nil, err
	}
	on, _, notice := seccompPlan(opts)
	if on {
		r.seccomp = true
		r.ptOpt |= unix.PTRACE_O_TRACESECCOMP
	}
	r.notice = notice
	ready := os.NewFile(daemonReadyFd, "daemon-ready")
	var b [1]byte
	n, _ := ready.Read(b[:])
	ready.Close()
	if n != 1 {
		return nil, fmt.Errorf("%s: the command ended before it could be traced", argv[0])
	}
	go r.thread()
	r.do(func() { err = r.attachDaemon(pid, ipid, argv) })
	if err != nil {
		close(r.calls)
		return nil, err
	}
	return r, nil
}

func (r *Recorder) attachDaemon(pid, ipid int, argv []string) error {
	r.start = time.Now()
	if err := seize(pid, r.ptOpt); err != nil {
		return &AttachError{pid, err}
	}
	if err := interrupt(pid); err != nil {
		return &AttachError{pid, err}
	}
	// I is this process's parent until it dies; never kill another.
	if ipid > 0 && os.Getppid() == ipid {
		syscall.Kill(ipid, syscall.SIGKILL)
	}
	r.lead(pid, argv)
	return nil
}
