package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Tests of -p: attaching to running processes, and letting them go.

// sleeper is a running testdata/attach/sleeper.c.
type sleeper struct {
	cmd *exec.Cmd
	out syncBuffer
	dir string
	pid int
}

// startSleeper starts the sleeper, untraced, with threads extra threads,
// and waits until it is running.
func startSleeper(t *testing.T, threads int, env ...string) *sleeper {
	t.Helper()
	s := &sleeper{dir: t.TempDir()}
	s.cmd = exec.Command(buildC(t, "attach", "sleeper"))
	s.cmd.Dir = s.dir
	s.cmd.Env = append(append(os.Environ(), "THREADS="+strconv.Itoa(threads)), env...)
	s.cmd.Stdout = &s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.pid = s.cmd.Process.Pid
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	waitUntil(t, "the sleeper to start", func() bool { return strings.Contains(s.out.String(), "ready") })
	return s
}

// finish makes the sleeper exit and returns its output and exit status.
func (s *sleeper) finish(t *testing.T) (string, int) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(s.dir, "stop"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("the sleeper did not exit: state %s", procState(s.pid))
	}
	return s.out.String(), s.cmd.ProcessState.ExitCode()
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// syscallReads is how many read syscalls process pid has made
// (/proc/PID/io's syscr), or -1.
func syscallReads(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/io")
	if err != nil {
		return -1
	}
	for _, ln := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(ln, "syscr: "); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return -1
}

// procState is the state letter of a task in /proc ("S", "R", "t", "T").
func procState(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "gone"
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2 : i+3]
	}
	return "?"
}

// tracers returns the TracerPid of every thread of pid that has one.
func tracers(pid int) []string {
	var out []string
	ents, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	for _, e := range ents {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + e.Name() + "/status")
		if err != nil {
			continue
		}
		for _, ln := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(ln, "TracerPid:"); ok && strings.TrimSpace(v) != "0" {
				out = append(out, e.Name()+" traced by "+strings.TrimSpace(v))
			}
		}
	}
	return out
}

// startTracer starts mytrace with args and waits until its output file
// out holds at least n lines.
func startTracer(t *testing.T, dir, out string, n int, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(mytraceBin, args...)
	cmd.Dir = dir
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitUntil(t, "mytrace to write its output", func() bool {
		if strings.HasSuffix(out, ".trace") {
			return strings.Contains(stderr.String(), "attached")
		}
		b, _ := os.ReadFile(filepath.Join(dir, out))
		return strings.Count(string(b), "\n") >= n
	})
	return cmd, stderr
}

func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("mytrace did not exit")
	}
	return cmd.ProcessState.ExitCode()
}

// TestAttachDetach: mytrace -p traces a running process; on SIGINT it
// lets it go, and the process goes on as if never traced: not stopped,
// not traced, its signals handled, its exit status its own.
func TestAttachDetach(t *testing.T) {
	s := startSleeper(t, 0)
	dir := t.TempDir()
	cmd, stderr := startTracer(t, dir, "out", 6, "-y", "-o", "out", "-p", strconv.Itoa(s.pid))
	// A signal while traced is delivered.
	syscall.Kill(s.pid, syscall.SIGUSR1)
	waitUntil(t, "the signal in the trace", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "out"))
		return strings.Contains(string(b), "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER")
	})
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd); code != 130 {
		t.Errorf("mytrace exit status %d after SIGINT, want 130", code)
	}
	pid := strconv.Itoa(s.pid)
	if want := "mytrace: Process " + pid + " attached\nmytrace: Process " + pid + " detached\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "out"))
	out := string(b)
	for _, re := range []string{
		`^restart_syscall\(<\.\.\. resuming interrupted (clock_nanosleep|read|access) \.\.\.>\) = 0\n|^(read|access|clock_nanosleep)\(`,
		`(?m)^read\(3</dev/null>, "", 1\) += 0$`,
		`(?m)^clock_nanosleep\(CLOCK_REALTIME, 0, \{tv_sec=0, tv_nsec=20000000\}, NULL\) = 0$`,
		`(?m)^rt_sigreturn\(\{mask=\[\]\}\) += `,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("trace lacks %s:\n%s", re, out)
		}
	}
	if st := procState(s.pid); st != "S" && st != "R" {
		t.Errorf("after detach the process is in state %s", st)
	}
	if tr := tracers(s.pid); len(tr) > 0 {
		t.Errorf("after detach: %v", tr)
	}
	// Untraced now, it still handles its signals.
	// The signal is pending once kill returns, and the sleeper returns to
	// user mode (delivering it) before it can see the stop file that
	// finish writes: the count at exit includes it.
	syscall.Kill(s.pid, syscall.SIGUSR1)
	got, code := s.finish(t)
	if code != 3 || !strings.Contains(got, "usr1=2") {
		t.Errorf("the sleeper printed %q and exited %d, want usr1=2 and 3", got, code)
	}
}

// TestAttachExit: the attached process ends while traced: its exit is in
// the trace and mytrace exits 0, as strace -p does.
func TestAttachExit(t *testing.T) {
	s := startSleeper(t, 0)
	dir := t.TempDir()
	cmd, stderr := startTracer(t, dir, "out", 4, "-o", "out", "-p", strconv.Itoa(s.pid))
	if _, code := s.finish(t); code != 3 {
		t.Errorf("the sleeper exited %d, want 3", code)
	}
	if code := exitCode(t, cmd); code != 0 {
		t.Errorf("mytrace exited %d, want 0: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "out"))
	if !strings.HasSuffix(string(b), "exit_group(3)                           = ?\n+++ exited with 3 +++\n") {
		t.Errorf("trace ends %q", lastLine(string(b)))
	}
	if strings.Contains(stderr.String(), "detached") {
		t.Errorf("nothing was detached, yet: %s", stderr)
	}
}

// TestAttachThreads: every thread of the process is attached, the trace
// shows them all, and every one is let go.
func TestAttachThreads(t *testing.T) {
	s := startSleeper(t, 3)
	dir := t.TempDir()
	cmd, stderr := startTracer(t, dir, "out", 40, "-o", "out", "-p", strconv.Itoa(s.pid))
	cmd.Process.Signal(syscall.SIGTERM)
	if code := exitCode(t, cmd); code != 143 {
		t.Errorf("mytrace exit status %d after SIGTERM, want 143", code)
	}
	if want := "mytrace: Process " + strconv.Itoa(s.pid) + " attached with 4 threads\n"; !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("stderr %q, want it to start %q", stderr.String(), want)
	}
	if n := strings.Count(stderr.String(), " detached\n"); n != 4 {
		t.Errorf("%d tasks detached, want 4:\n%s", n, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "out"))
	tids := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^(\d+) +read\(`).FindAllStringSubmatch(string(b), -1) {
		tids[m[1]] = true
	}
	if len(tids) != 4 {
		t.Errorf("reads of %d threads in the trace, want 4:\n%s", len(tids), b)
	}
	if tr := tracers(s.pid); len(tr) > 0 {
		t.Errorf("after detach: %v", tr)
	}
	if _, code := s.finish(t); code != 3 {
		t.Errorf("the sleeper exited %d, want 3", code)
	}
}

// TestAttachFollow: with -f, the children the attached process starts are
// traced too, and let go with it.
func TestAttachFollow(t *testing.T) {
	s := startSleeper(t, 0, "FORK=1")
	dir := t.TempDir()
	cmd, stderr := startTracer(t, dir, "out", 30, "-f", "-o", "out", "-p", strconv.Itoa(s.pid))
	waitUntil(t, "a child's exit in the trace", func() bool {
		b, _ := os.ReadFile(filepath.Join(dir, "out"))
		return strings.Contains(string(b), "+++ exited with 0 +++")
	})
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd); code != 130 {
		t.Errorf("mytrace exit status %d after SIGINT, want 130: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "out"))
	children := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^(\d+) +getppid\(\) += `+strconv.Itoa(s.pid)+`$`).FindAllStringSubmatch(string(b), -1) {
		children[m[1]] = true
	}
	if len(children) < 1 || children[strconv.Itoa(s.pid)] {
		t.Errorf("children's getppid calls: %v\n%s", children, b)
	}
	if tr := tracers(s.pid); len(tr) > 0 {
		t.Errorf("after detach: %v", tr)
	}
	if _, code := s.finish(t); code != 3 {
		t.Errorf("the sleeper exited %d, want 3", code)
	}
}

// TestAttachStopped: a process stopped with SIGSTOP stays stopped when
// attached to, SIGCONT from outside resumes it, and a recording made with
// record -p reads back.
func TestAttachStopped(t *testing.T) {
	s := startSleeper(t, 0)
	syscall.Kill(s.pid, syscall.SIGSTOP)
	waitUntil(t, "the sleeper to stop", func() bool { return procState(s.pid) == "T" })
	dir := t.TempDir()
	cmd, stderr := startTracer(t, dir, "t.trace", 0, "record", "-o", "t.trace", "-p", strconv.Itoa(s.pid))
	// Not a readiness wait: the process must stay stopped, so it is
	// watched for a while after the attach.
	for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if st := procState(s.pid); st != "t" && st != "T" {
			t.Fatalf("attached while stopped, the process is in state %s", st)
		}
	}
	reads := syscallReads(s.pid)
	syscall.Kill(s.pid, syscall.SIGCONT)
	// Two rounds of its loop (a read of /dev/null each) while traced.
	waitUntil(t, "the sleeper to read twice after SIGCONT", func() bool { return syscallReads(s.pid) >= reads+2 })
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd); code != 130 {
		t.Errorf("record exit status %d after SIGINT, want 130: %s", code, stderr)
	}
	out, errs, code := mt(t, dir, "print", "t.trace")
	if code != 0 {
		t.Fatalf("print: %d %s", code, errs)
	}
	for _, want := range []string{"--- stopped by SIGSTOP ---", "--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER", "read(3, \"\", 1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("printed trace lacks %q:\n%s", want, out)
		}
	}
	if st := procState(s.pid); st != "S" && st != "R" {
		t.Errorf("after detach the process is in state %s", st)
	}
	if _, code := s.finish(t); code != 3 {
		t.Errorf("the sleeper exited %d, want 3", code)
	}
}

// TestAttachErrors: pids that cannot be traced get strace's one-line
// messages.
func TestAttachErrors(t *testing.T) {
	dir := t.TempDir()
	// A pid that does not exist: pid_max is at most 2^22.
	if _, stderr, code := mt(t, dir, "-p", "4194305"); code != 1 || stderr != "mytrace: attach: ptrace(PTRACE_SEIZE, 4194305): No such process\n" {
		t.Errorf("-p of a missing pid: %d %q", code, stderr)
	}
	if _, stderr, code := mt(t, dir, "-p", "12ab"); code != 1 || stderr != "mytrace: Invalid process id: '12ab'\n" {
		t.Errorf("-p 12ab: %d %q", code, stderr)
	}
	if _, stderr, code := mt(t, dir, "-p", "1", "true"); code != 1 || !strings.Contains(stderr, "-p cannot be combined with a command") {
		t.Errorf("-p with a command: %d %q", code, stderr)
	}
	// A process another tracer holds: EPERM.
	strace := needTool(t, "strace")
	s := startSleeper(t, 0)
	st := exec.Command(strace, "-o", "/dev/null", "-p", strconv.Itoa(s.pid))
	var sterr bytes.Buffer
	st.Stderr = &sterr
	if err := st.Start(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "strace to attach", func() bool { return len(tracers(s.pid)) > 0 })
	_, stderr, code := mt(t, dir, "-p", strconv.Itoa(s.pid))
	st.Process.Signal(syscall.SIGINT)
	st.Wait()
	if want := "mytrace: attach: ptrace(PTRACE_SEIZE, " + strconv.Itoa(s.pid) + "): Operation not permitted\n"; code != 1 || stderr != want {
		t.Errorf("-p of a traced process: %d %q, want 1 %q", code, stderr, want)
	}
}
