package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mytrace/internal/testcap"
)

// Tests of mytrace call: syscalls made inside running programs
// (testdata/call/target.c), which must go on afterwards as they would have
// without it.

// callTarget is a running testdata/call/target.c.
type callTarget struct {
	cmd   *exec.Cmd
	out   syncBuffer
	dir   string
	pid   int
	fd    int // the descriptor it opened
	stdin io.WriteCloser
	done  chan struct{}
}

// startTarget starts the target with args (its mode first), untraced,
// and waits until it says it is ready.
func startTarget(t *testing.T, args ...string) *callTarget {
	t.Helper()
	tg := &callTarget{dir: t.TempDir(), done: make(chan struct{})}
	tg.cmd = exec.Command(buildC(t, "call", "target"), args...)
	tg.cmd.Dir = tg.dir
	tg.cmd.Stdout = &tg.out
	var err error
	if tg.stdin, err = tg.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := tg.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { tg.cmd.Wait(); close(tg.done) }()
	t.Cleanup(func() { tg.cmd.Process.Kill(); <-tg.done })
	re := regexp.MustCompile(`ready (\d+) (\d+)\n`)
	waitUntil(t, "the target to start", func() bool { return re.MatchString(tg.out.String()) })
	m := re.FindStringSubmatch(tg.out.String())
	tg.pid, _ = strconv.Atoi(m[1])
	tg.fd, _ = strconv.Atoi(m[2])
	return tg
}

// finish makes the target end (the "stop" file, the end of its stdin)
// and returns its output and exit status.
func (tg *callTarget) finish(t *testing.T) (string, int) {
	t.Helper()
	os.WriteFile(filepath.Join(tg.dir, "stop"), nil, 0o644)
	tg.stdin.Close()
	select {
	case <-tg.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("the target did not end: state %s", procState(tg.pid))
	}
	return tg.out.String(), tg.cmd.ProcessState.ExitCode()
}

// syscallOf is the number of the syscall thread tid is blocked in, from
// /proc ("running" when it is in none).
func syscallOf(pid, tid int) string {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + strconv.Itoa(tid) + "/syscall")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// untouched checks that the target is as mytrace call found it: not
// traced, in state (S or T) and, for each thread, blocked in the same
// syscall as before.
func (tg *callTarget) untouched(t *testing.T, what, state string, before map[int]string) {
	t.Helper()
	if tr := tracers(tg.pid); len(tr) > 0 {
		t.Errorf("after %s: %v", what, tr)
	}
	// A sleeping target may be seen running between two sleeps.
	if st := procState(tg.pid); st != state && !(state == "S" && st == "R") {
		t.Errorf("after %s: state %s, want %s", what, st, state)
	}
	for tid, nr := range before {
		// The call it was in is made again: wait for it to be back.
		waitUntil(t, "thread "+strconv.Itoa(tid)+" back in syscall "+nr, func() bool { return syscallOf(tg.pid, tid) == nr })
	}
}

// call runs mytrace call in dir and returns its output, stderr and status.
func call(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	return mt(t, dir, append([]string{"call"}, args...)...)
}

// TestCallSleeper: a program sleeping in a loop with a descriptor open
// answers getpid and getcwd, gets a file opened (a string path, flags by
// name) and written to, and its descriptor closed; each time it is left
// as it was, and in the end it finds its descriptor closed and nothing
// else changed: no interrupted sleep, the same signal mask, status 3.
func TestCallSleeper(t *testing.T) {
	tg := startTarget(t, "sleep")
	pid := strconv.Itoa(tg.pid)
	dir := t.TempDir()
	check := func(want string, code int, args ...string) string {
		t.Helper()
		out, stderr, c := call(t, dir, append([]string{"-p", pid}, args...)...)
		if c != code || !regexp.MustCompile(want).MatchString(out) || stderr != "" {
			t.Errorf("call %v: status %d, output %q, stderr %q; want %d, %s", args, c, out, stderr, code, want)
		}
		tg.untouched(t, "call "+strings.Join(args, " "), "S", nil)
		return out
	}
	check(`^getpid\(\) += `+pid+"\n$", 0, "getpid")
	check(`^getcwd\("`+regexp.QuoteMeta(tg.dir)+`", 4096\) += `+strconv.Itoa(len(tg.dir)+1)+"\n$", 0, "getcwd")
	check(`"name":"getcwd","nr":79,.*"args":\[\{"name":"buf","value":\{"str":"`+regexp.QuoteMeta(tg.dir)+`"\}\}`, 0, "--json", "getcwd")
	file := filepath.Join(dir, "out.txt")
	out := check(`^openat\(AT_FDCWD, "`+regexp.QuoteMeta(file)+`", O_WRONLY\|O_CREAT\|O_TRUNC, 0640\) += \d+`+"\n$", 0,
		"openat", "AT_FDCWD", file, "O_WRONLY|O_CREAT|O_TRUNC", "0640")
	fd := regexp.MustCompile(`= (\d+)\n`).FindStringSubmatch(out)[1]
	check(`^write\(`+fd+`, "hello\\n\\0\\377", 8\) += 8`+"\n$", 0, "write", fd, `hello\n\0\377`, "8")
	if b, err := os.ReadFile(file); err != nil || string(b) != "hello\n\x00\xff" {
		t.Errorf("the file holds %q (%v)", b, err)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o640&^umask() {
		t.Errorf("the file's mode: %v (%v)", st.Mode(), err)
	}
	check(`^close\(`+fd+`\) += 0`+"\n$", 0, "close", fd)
	check(`^close\(`+strconv.Itoa(tg.fd)+`\) += 0`+"\n$", 0, "close", strconv.Itoa(tg.fd))
	check(`^close\(`+strconv.Itoa(tg.fd)+`\) += -1 EBADF \(Bad file descriptor\)`+"\n$", 1, "close", strconv.Itoa(tg.fd))
	got, code := tg.finish(t)
	want := "ready " + pid + " " + strconv.Itoa(tg.fd) + "\nusr1=0 eintr=0\nmask:\nclose: Bad file descriptor\n"
	if got != want || code != 3 {
		t.Errorf("the target printed %q and exited %d; want %q and 3", got, code, want)
	}
}

func umask() os.FileMode {
	old := syscall.Umask(0)
	syscall.Umask(old)
	return os.FileMode(old)
}

// TestCallBlockedRead: a program blocked in read() (SIGUSR1 has a handler
// without SA_RESTART, so a read a signal interrupts fails with EINTR) gets
// calls made, and goes back to its read, which still gets its input.
func TestCallBlockedRead(t *testing.T) {
	tg := startTarget(t, "read")
	pid := strconv.Itoa(tg.pid)
	waitUntil(t, "the target to block in read", func() bool { return syscallOf(tg.pid, tg.pid) == "0" })
	before := map[int]string{tg.pid: "0"}
	for _, args := range [][]string{{"getpid"}, {"getcwd"}, {"fstat", "0"}, {"lseek", strconv.Itoa(tg.fd), "0", "SEEK_END"}} {
		out, stderr, code := call(t, tg.dir, append([]string{"-p", pid}, args...)...)
		if code != 0 || !strings.HasPrefix(out, args[0]+"(") || stderr != "" {
			t.Errorf("call %v: %d %q %q", args, code, out, stderr)
		}
		tg.untouched(t, args[0], "S", before)
	}
	// The syscall instruction is the read's own, and the read is made
	// again.
	_, stderr, _ := call(t, tg.dir, "--explain", "-p", pid, "getppid")
	if !regexp.MustCompile(`^mytrace: call: made with the syscall instruction at 0x[0-9a-f]+, the one of the call the thread was stopped in
mytrace: call: the thread was in read, which it makes again, as after a signal without a handler
$`).MatchString(stderr) {
		t.Errorf("--explain: %q", stderr)
	}
	tg.untouched(t, "getppid", "S", before)
	if _, err := io.WriteString(tg.stdin, "input line\n"); err != nil {
		t.Fatal(err)
	}
	got, code := tg.finish(t)
	want := "ready " + pid + " " + strconv.Itoa(tg.fd) + "\ngot: input line\nusr1=0 eintr=0\nmask:\n"
	if got != want || code != 3 {
		t.Errorf("the target printed %q and exited %d; want %q and 3", got, code, want)
	}
}

// TestCallInterrupted: a call that blocks (a read of the target's stdin)
// is interrupted when mytrace gets SIGINT, shows so as strace would, and
// the target, whose own read is restarted, gets the input meant for it.
func TestCallInterrupted(t *testing.T) {
	tg := startTarget(t, "read")
	waitUntil(t, "the target to block in read", func() bool { return syscallOf(tg.pid, tg.pid) == "0" })
	cmd := exec.Command(mytraceBin, "call", "-p", strconv.Itoa(tg.pid), "read", "0", "-", "10")
	var out, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// The call's entry is printed as it is made.
	waitUntil(t, "the call to be made", func() bool { return strings.HasPrefix(out.String(), "read(0, ") })
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd); code != 1 {
		t.Errorf("mytrace call exited %d, want 1", code)
	}
	if want := regexp.MustCompile(`^read\(0, 0x[0-9a-f]+, 10\) += \? ERESTARTSYS \(To be restarted if SA_RESTART is set\)` + "\n$"); !want.MatchString(out.String()) || stderr.String() != "" {
		t.Errorf("output %q, stderr %q", out.String(), stderr.String())
	}
	tg.untouched(t, "the interrupted call", "S", map[int]string{tg.pid: "0"})
	io.WriteString(tg.stdin, "for the target\n")
	if got, code := tg.finish(t); !strings.Contains(got, "got: for the target\nusr1=0 eintr=0\n") || code != 3 {
		t.Errorf("the target printed %q and exited %d", got, code)
	}
}

// TestCallThreads: a thread id selects that thread of a multi-threaded
// process: gettid answers with it, getpid with the process, and every
// thread goes on.
func TestCallThreads(t *testing.T) {
	tg := startTarget(t, "threads", "3")
	re := regexp.MustCompile(`thread (\d+)\n`)
	waitUntil(t, "the threads to start", func() bool { return len(re.FindAllString(tg.out.String(), -1)) == 3 })
	var tids []int
	for _, m := range re.FindAllStringSubmatch(tg.out.String(), -1) {
		tid, _ := strconv.Atoi(m[1])
		tids = append(tids, tid)
	}
	for _, tid := range append(tids, tg.pid) {
		for _, c := range []struct{ name, want string }{{"gettid", strconv.Itoa(tid)}, {"getpid", strconv.Itoa(tg.pid)}} {
			out, stderr, code := call(t, tg.dir, "-p", strconv.Itoa(tid), c.name)
			if code != 0 || !regexp.MustCompile(`^`+c.name+`\(\) += `+c.want+"\n$").MatchString(out) {
				t.Errorf("call -p %d %s: %d %q %q", tid, c.name, code, out, stderr)
			}
		}
	}
	if tr := tracers(tg.pid); len(tr) > 0 {
		t.Errorf("after the calls: %v", tr)
	}
	got, code := tg.finish(t)
	if !strings.HasSuffix(got, "usr1=0 eintr=0\nmask:\n") || code != 3 {
		t.Errorf("the target printed %q and exited %d", got, code)
	}
}

// TestCallStopped: a process stopped with SIGSTOP, with a signal pending
// (SIGUSR1 arrived while it was stopped), answers a call and stays
// stopped, its signal still pending; SIGCONT then lets it handle it, as
// without mytrace.
func TestCallStopped(t *testing.T) {
	tg := startTarget(t, "sleep")
	pid := strconv.Itoa(tg.pid)
	syscall.Kill(tg.pid, syscall.SIGSTOP)
	waitUntil(t, "the target to stop", func() bool { return procState(tg.pid) == "T" })
	syscall.Kill(tg.pid, syscall.SIGUSR1)
	waitUntil(t, "SIGUSR1 to be pending", func() bool { return pending(tg.pid)&(1<<(10-1)) != 0 })
	before := pending(tg.pid)
	for _, args := range [][]string{{"getpid"}, {"getcwd"}, {"rt_sigprocmask", "SIG_BLOCK", "NULL", "-", "8"}} {
		out, stderr, code := call(t, tg.dir, append([]string{"-p", pid}, args...)...)
		if code != 0 || !strings.HasPrefix(out, args[0]+"(") || stderr != "" {
			t.Errorf("call %v: %d %q %q", args, code, out, stderr)
		}
		tg.untouched(t, args[0], "T", nil)
		if p := pending(tg.pid); p != before {
			t.Errorf("after %s, pending signals %#x, want %#x", args[0], p, before)
		}
	}
	if _, stderr, _ := call(t, tg.dir, "--explain", "-p", pid, "getpid"); !strings.HasSuffix(stderr, "mytrace: call: the process is stopped, and stays so\n") {
		t.Errorf("--explain: %q", stderr)
	}
	tg.untouched(t, "getpid", "T", nil)
	syscall.Kill(tg.pid, syscall.SIGCONT)
	waitUntil(t, "the target to run again", func() bool { st := procState(tg.pid); return st == "S" || st == "R" })
	got, code := tg.finish(t)
	// SIGUSR1 is handled once; it interrupts the sleep (no SA_RESTART)
	// if the target was stopped in one rather than between two, as
	// without mytrace.
	if !regexp.MustCompile(`usr1=1 eintr=[01]\nmask:\n$`).MatchString(got) || code != 3 {
		t.Errorf("the target printed %q and exited %d", got, code)
	}
}

// pending is the set of signals pending for process pid (its own and its
// main thread's), from /proc.
func pending(pid int) uint64 {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	var set uint64
	for _, ln := range strings.Split(string(b), "\n") {
		for _, k := range []string{"SigPnd:", "ShdPnd:"} {
			if v, ok := strings.CutPrefix(ln, k); ok {
				n, _ := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
				set |= n
			}
		}
	}
	return set
}

// TestCallSigsuspend: a thread waiting in sigsuspend runs with the
// temporary mask sigsuspend installed; its own mask (SIGUSR1 blocked) is
// what a call sees and what it has after sigsuspend returns.
func TestCallSigsuspend(t *testing.T) {
	tg := startTarget(t, "sigsuspend")
	waitUntil(t, "the target to wait in sigsuspend", func() bool { return syscallOf(tg.pid, tg.pid) == "130" })
	out, stderr, code := call(t, tg.dir, "-p", strconv.Itoa(tg.pid), "rt_sigprocmask", "SIG_BLOCK", "NULL", "-")
	if want := "rt_sigprocmask(SIG_BLOCK, NULL, [USR1], 8) = 0\n"; code != 0 || out != want {
		t.Errorf("call: %d %q %q, want %q", code, out, stderr, want)
	}
	tg.untouched(t, "the call", "S", map[int]string{tg.pid: "130"})
	syscall.Kill(tg.pid, syscall.SIGUSR1)
	got, code := tg.finish(t)
	if !strings.HasSuffix(got, "usr1=1 eintr=0\nmask: 10\n") || code != 3 {
		t.Errorf("the target printed %q and exited %d", got, code)
	}
}

// TestCallSeccomp: a call is subject to the target's seccomp filter (its
// getppid fails with EPERM), and a target in strict mode, where any other
// call would kill it, is refused and left alone.
func TestCallSeccomp(t *testing.T) {
	tg := startTarget(t, "filter")
	out, _, code := call(t, tg.dir, "-p", strconv.Itoa(tg.pid), "getppid")
	if code != 1 || out != "getppid()                               = -1 EPERM (Operation not permitted)\n" {
		t.Errorf("getppid under the filter: %d %q", code, out)
	}
	out, _, code = call(t, tg.dir, "-p", strconv.Itoa(tg.pid), "getcwd")
	if code != 0 || !strings.HasPrefix(out, "getcwd(\""+tg.dir) {
		t.Errorf("getcwd under the filter: %d %q", code, out)
	}
	if got, code := tg.finish(t); !strings.HasSuffix(got, "eintr=0\nmask:\n") || code != 3 {
		t.Errorf("the filtered target printed %q and exited %d", got, code)
	}

	st := startTarget(t, "strict")
	waitUntil(t, "the target to block in read", func() bool { return syscallOf(st.pid, st.pid) == "0" })
	_, stderr, code := call(t, st.dir, "-p", strconv.Itoa(st.pid), "getpid")
	if want := "mytrace: call: process " + strconv.Itoa(st.pid) + ": it runs in seccomp strict mode, where any call but read, write, _exit and sigreturn kills it\n"; code != 2 || stderr != want {
		t.Errorf("strict mode: %d %q", code, stderr)
	}
	io.WriteString(st.stdin, "still here\n")
	if got, code := st.finish(t); !strings.HasSuffix(got, "still here\n") || code != 3 {
		t.Errorf("the strict target printed %q and exited %d", got, code)
	}
}

// TestCallForce: calls that do not return are refused without --force;
// with it, exit_group ends the process with its status, exit a thread,
// and execve runs the program.
func TestCallForce(t *testing.T) {
	tg := startTarget(t, "sleep")
	pid := strconv.Itoa(tg.pid)
	for _, name := range []string{"exit_group", "exit", "execve", "rt_sigreturn", "fork", "clone3"} {
		_, stderr, code := call(t, tg.dir, "-p", pid, name)
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "give --force") {
			t.Errorf("%s without --force: %d %q", name, code, stderr)
		}
	}
	out, stderr, code := call(t, tg.dir, "--force", "-p", pid, "exit_group", "7")
	if code != 0 || out != "exit_group(7)                           = ?\n+++ exited with 7 +++\n" || stderr != "" {
		t.Errorf("exit_group: %d %q %q", code, out, stderr)
	}
	if got, code := tg.finish(t); got != "ready "+pid+" "+strconv.Itoa(tg.fd)+"\n" || code != 7 {
		t.Errorf("the target printed %q and exited %d, want 7", got, code)
	}

	th := startTarget(t, "threads", "1")
	re := regexp.MustCompile(`thread (\d+)\n`)
	waitUntil(t, "the thread to start", func() bool { return re.MatchString(th.out.String()) })
	tid := re.FindStringSubmatch(th.out.String())[1]
	out, _, code = call(t, th.dir, "--force", "-p", tid, "exit", "0")
	if code != 0 || out != "exit(0)                                 = ?\n+++ exited with 0 +++\n" {
		t.Errorf("exit: %d %q", code, out)
	}
	if got, code := th.finish(t); !strings.HasSuffix(got, "usr1=0 eintr=0\nmask:\n") || code != 3 {
		t.Errorf("the target whose thread exited printed %q and exited %d", got, code)
	}

	ex := startTarget(t, "sleep")
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Fatal(err)
	}
	out, _, code = call(t, ex.dir, "--force", "-p", strconv.Itoa(ex.pid), "execve", echo, "NULL", "NULL")
	if code != 0 || !regexp.MustCompile(`^execve\("`+regexp.QuoteMeta(echo)+`", NULL, NULL\) += 0`+"\n$").MatchString(out) {
		t.Errorf("execve: %d %q", code, out)
	}
	if got, code := ex.finish(t); got != "ready "+strconv.Itoa(ex.pid)+" "+strconv.Itoa(ex.fd)+"\n\n" || code != 0 {
		t.Errorf("the target that ran echo printed %q and exited %d", got, code)
	}
}

// TestCallErrors: what cannot be called is refused with one line and
// status 2, before the target is touched; the target goes on.
func TestCallErrors(t *testing.T) {
	tg := startTarget(t, "read")
	pid := strconv.Itoa(tg.pid)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-p", "4194305", "getpid"}, "process 4194305: No such process"},
		{[]string{"getpid"}, "-p PID is required: the thread to make the call in"},
		{[]string{"-p", "12x", "getpid"}, "Invalid process id: '12x'"},
		{[]string{"-p", pid}, "no syscall named: mytrace call -p PID NAME [ARG...]"},
		{[]string{"-p", pid, "nosuch"}, "unknown syscall 'nosuch'"},
		{[]string{"-T", "-p", pid, "getpid"}, "invalid option -- 'T'"},
		{[]string{"-p", pid, "getpid", "1"}, "getpid takes no arguments, 1 given"},
		{[]string{"-p", pid, "close"}, "close takes 1 argument (fd), 0 given"},
		{[]string{"-p", pid, "close", "1", "2"}, "close takes 1 argument (fd), 2 given"},
		{[]string{"-p", pid, "openat", "AT_FDCWD", "/x"}, "openat takes 4 arguments (dirfd, pathname, flags, mode), 2 given"},
		{[]string{"-p", pid, "close", "three"}, "close: argument 1 (fd): 'three' is not a number or a name from the decoder's tables"},
		{[]string{"-p", pid, "openat", "AT_FDCWD", "/x", "O_RDONLY|O_NOSUCH", "0"}, "openat: argument 3 (flags): 'O_NOSUCH' is not a number or a name from open_mode_flags"},
		{[]string{"-p", pid, "kill", pid, "SIGNOSUCH"}, "kill: argument 2 (sig): 'SIGNOSUCH' is not a number or a name from the signals"},
		{[]string{"-p", pid, "close", "99999999999999999999"}, "close: argument 1 (fd): '99999999999999999999' is not a number or a name from the decoder's tables"},
		{[]string{"-p", pid, "read", "0", "buf", "10"}, "read: argument 2 (buf): 'buf' is not an address, NULL or - (a buffer mytrace provides)"},
		{[]string{"-p", pid, "read", "0", "-", "100000000000"}, "read: argument 3 (count): 100000000000 bytes: more than the 67108864 a buffer mytrace provides may have"},
		{[]string{"-p", pid, "write", "1", `bad\q`, "1"}, `write: argument 2 (buf): unknown escape \q`},
		{[]string{"-p", pid, "exit_group", "0"}, "exit_group does not return to the code that made it (the process would exit); give --force to make it anyway"},
	} {
		out, stderr, code := call(t, dir, c.args...)
		if code != 2 || out != "" || !strings.HasPrefix(stderr, "mytrace: call: "+c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("call %v: status %d, output %q, stderr %q; want 2 and %q", c.args, code, out, stderr, c.want)
		}
	}
	tg.untouched(t, "the refusals", "S", map[int]string{tg.pid: "0"})
	io.WriteString(tg.stdin, "fine\n")
	if got, code := tg.finish(t); !strings.Contains(got, "got: fine\n") || code != 3 {
		t.Errorf("the target printed %q and exited %d", got, code)
	}
}

// TestCallNotPermitted: the reasons a process may not be borrowed are
// said: another tracer holds it, mytrace is not root and the process is
// another user's.
func TestCallNotPermitted(t *testing.T) {
	strace := needTool(t, "strace")
	tg := startTarget(t, "sleep")
	pid := strconv.Itoa(tg.pid)
	st := exec.Command(strace, "-o", "/dev/null", "-p", pid)
	if err := st.Start(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "strace to attach", func() bool { return len(tracers(tg.pid)) > 0 })
	_, stderr, code := call(t, tg.dir, "-p", pid, "getpid")
	st.Process.Signal(syscall.SIGINT)
	st.Wait()
	want := regexp.MustCompile(`^mytrace: call: process ` + pid + `: Operation not permitted \(it is already traced by process \d+ \(strace\)\)` + "\n$")
	if code != 2 || !want.MatchString(stderr) {
		t.Errorf("a traced target: %d %q", code, stderr)
	}
	tg.untouched(t, "the refusal", "S", nil)

	if os.Geteuid() != 0 {
		t.Skip("the rest runs mytrace as another user: needs root")
	}
	// mytrace as nobody, against root's process.
	// A copy that user may run (the test's directories are private).
	open, err := os.MkdirTemp("", "mytrace-call-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(open) })
	bin := filepath.Join(open, "mytrace")
	data, err := os.ReadFile(mytraceBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "call", "-p", pid, "getpid")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if want := "mytrace: call: process " + pid + ": Operation not permitted (mytrace runs as uid 65534, not root, and the process belongs to uid 0)\n"; !ok || ee.ExitCode() != 2 || errb.String() != want {
		t.Errorf("as nobody: %v %q, want %q", err, errb.String(), want)
	}
	if got, code := tg.finish(t); !strings.HasSuffix(got, "usr1=0 eintr=0\nmask:\n") || code != 3 {
		t.Errorf("the target printed %q and exited %d", got, code)
	}
}

// TestCallI386: a 32-bit program is refused (calls go through the
// x86-64 ABI) and left alone.
func TestCallI386(t *testing.T) {
	testcap.Need(t, testcap.I386)
	cc := needTool(t, "cc")
	dir := t.TempDir()
	bin := filepath.Join(dir, "i386")
	if out, err := exec.Command(cc, "-m32", "-nostdlib", "-static", "-o", bin, filepath.Join("..", "..", "testdata", "call", "i386.S")).CombinedOutput(); err != nil {
		t.Fatalf("building the i386 program: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	var out syncBuffer
	cmd.Stdout = &out
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitUntil(t, "the program to start", func() bool { return out.String() == "ready\n" })
	_, stderr, code := call(t, dir, "-p", strconv.Itoa(cmd.Process.Pid), "getpid")
	if want := "mytrace: call: process " + strconv.Itoa(cmd.Process.Pid) + ": it is a 32-bit (i386) program; calls are made through the x86-64 ABI only\n"; code != 2 || stderr != want {
		t.Errorf("%d %q", code, stderr)
	}
	in.Close()
	if code := exitCode(t, cmd); code != 3 {
		t.Errorf("the program exited %d, want 3", code)
	}
}

// TestCallKilled: a target killed while a call blocks in it: the trace
// shows it, and mytrace says so.
func TestCallKilled(t *testing.T) {
	tg := startTarget(t, "read")
	waitUntil(t, "the target to block in read", func() bool { return syscallOf(tg.pid, tg.pid) == "0" })
	cmd := exec.Command(mytraceBin, "call", "-p", strconv.Itoa(tg.pid), "read", "0")
	var out, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitUntil(t, "the call to be made", func() bool { return strings.HasPrefix(out.String(), "read(0, ") })
	syscall.Kill(tg.pid, syscall.SIGKILL)
	if code := exitCode(t, cmd); code != 2 {
		t.Errorf("mytrace call exited %d, want 2", code)
	}
	// As strace shows a call the process was killed in.
	if out.String() != "read(0,  <unfinished ...>)              = ?\n+++ killed by SIGKILL +++\n" ||
		stderr.String() != "mytrace: call: process "+strconv.Itoa(tg.pid)+": it was killed by SIGKILL\n" {
		t.Errorf("output %q, stderr %q", out.String(), stderr.String())
	}
}

// TestCallSpinning: a thread running in user space, in no syscall, gets
// its call made with a syscall instruction of the vDSO and goes on
// spinning.
func TestCallSpinning(t *testing.T) {
	tg := startTarget(t, "spin")
	pid := strconv.Itoa(tg.pid)
	out, stderr, code := call(t, tg.dir, "--explain", "-p", pid, "getpid")
	if code != 0 || out != "getpid()                                = "+pid+"\n" ||
		!regexp.MustCompile(`^mytrace: call: made with the syscall instruction at 0x[0-9a-f]+, in \[vdso\]\n$`).MatchString(stderr) {
		t.Errorf("%d %q %q", code, out, stderr)
	}
	if st := procState(tg.pid); st != "R" {
		t.Errorf("state %s after the call, want R", st)
	}
	if tr := tracers(tg.pid); len(tr) > 0 {
		t.Errorf("after the call: %v", tr)
	}
	syscall.Kill(tg.pid, syscall.SIGUSR1)
	if got, code := tg.finish(t); !strings.HasSuffix(got, "usr1=1 eintr=0\nmask:\n") || code != 3 {
		t.Errorf("the target printed %q and exited %d", got, code)
	}
}

// TestCallRegisters: a thread spinning with a known value in every general
// register (checked each time round) gets calls made, with and without a
// mapping for their arguments, and finds every register as it was.
func TestCallRegisters(t *testing.T) {
	tg := startTarget(t, "regs")
	pid := strconv.Itoa(tg.pid)
	for _, args := range [][]string{{"getpid"}, {"getcwd"}, {"write", "1", `spun\n`}, {"close", "12345"}, {"fstat", "-1"}} {
		if out, stderr, code := call(t, tg.dir, append([]string{"-p", pid}, args...)...); code > 1 || !strings.HasPrefix(out, args[0]+"(") {
			t.Errorf("call %v: %d %q %q", args, code, out, stderr)
		}
	}
	syscall.Kill(tg.pid, syscall.SIGUSR1)
	got, code := tg.finish(t)
	if want := "ready " + pid + " " + strconv.Itoa(tg.fd) + "\nspun\nregs kept\nusr1=1 eintr=0\nmask:\n"; got != want || code != 3 {
		t.Errorf("the target printed %q and exited %d; want %q and 3", got, code, want)
	}
}
