package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mytrace/decode"
	"mytrace/internal/stracetext"
)

// whoTraces is a shell script that says who it is and who traces it: its
// pid and parent, and its tracer's pid (the process of the tracing
// thread), parent, process group and session (from /proc), as
// "name=value" words.
const whoTraces = `t=$(sed -n 's/^TracerPid:[[:space:]]*//p' /proc/$$/status)
t=$(sed -n 's/^Tgid:[[:space:]]*//p' /proc/$t/status)
set -- $(cut -d' ' -f4,5,6 /proc/$t/stat)
echo "self=$$ parent=$PPID selfpgid=$(cut -d' ' -f5 /proc/$$/stat) tracer=$t tracerparent=$1 tracerpgid=$2 tracersid=$3 selfsid=$(cut -d' ' -f6 /proc/$$/stat)"`

// fields reads "a=1 b=2" into a map.
func fields(s string) map[string]int {
	m := map[string]int{}
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, "=")
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		m[k] = n
	}
	return m
}

// TestDaemonize: with -D the traced command is the direct child of
// whoever started mytrace (it has mytrace's pid), and its tracer is
// nobody's child but init's; -DD puts the tracer in a process group of
// its own, -DDD in a session of its own. The trace is the command's from
// its execve, and the exit status is the command's.
func TestDaemonize(t *testing.T) {
	for _, c := range []struct {
		flag             string
		ownPgrp, ownSess bool
	}{
		{"-D", false, false}, {"--daemonize=grandchild", false, false},
		{"-DD", true, false}, {"--daemonize=pgroup", true, false},
		{"-DDD", true, true}, {"--daemonize=session", true, true},
	} {
		t.Run(c.flag, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			cmd := exec.Command(mytraceBin, c.flag, "-o", out, "-e", "trace=execve,exit_group", "sh", "-c", whoTraces+"; exit 7")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run() // waits for the tracer too: it holds stderr
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 7 {
				t.Fatalf("mytrace %s: %v (want the command's status 7); stderr: %s", c.flag, err, stderr.String())
			}
			f := fields(stdout.String())
			switch {
			case f["self"] != cmd.Process.Pid:
				t.Errorf("the command's pid is %d, mytrace's was %d", f["self"], cmd.Process.Pid)
			case f["parent"] != os.Getpid():
				t.Errorf("the command's parent is %d, want the test (%d)", f["parent"], os.Getpid())
			case f["tracer"] <= 0:
				t.Errorf("the command was not traced: %s", stdout.String())
			case f["tracerparent"] == f["self"]:
				t.Errorf("the tracer is the command's child")
			case (f["tracerpgid"] == f["tracer"]) != c.ownPgrp:
				t.Errorf("tracer's process group %d, tracer %d: own group %v, want %v", f["tracerpgid"], f["tracer"], !c.ownPgrp, c.ownPgrp)
			case (f["tracersid"] == f["tracer"]) != c.ownSess:
				t.Errorf("tracer's session %d, tracer %d: own session %v, want %v", f["tracersid"], f["tracer"], !c.ownSess, c.ownSess)
			case !c.ownPgrp && f["tracerpgid"] != f["selfpgid"]:
				t.Errorf("tracer's process group %d, the command's %d: want the same", f["tracerpgid"], f["selfpgid"])
			}
			b, _ := os.ReadFile(out)
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(lines) < 3 || !strings.HasPrefix(lines[0], `execve("/usr/bin/sh", ["sh", "-c", `) || lines[len(lines)-1] != "+++ exited with 7 +++" {
				t.Errorf("trace:\n%s", b)
			}
		})
	}
}

// TestDaemonizeTrace: strace -D and mytrace -D write the same trace of
// a shell, and say the same on stderr. (The shell runs no child: where a
// child's SIGCHLD lands in its parent's calls depends on how fast each
// tracer lets the parent go on.)
func TestDaemonizeTrace(t *testing.T) {
	strace := needTool(t, "strace")
	for _, flags := range [][]string{{"-D"}, {"-DDD", "-f"}, {"-DD", "-qq"}, {"-D", "-e", "trace=%process,write"}} {
		dir := t.TempDir()
		run := func(name, tracer string) (string, string, int) {
			out := filepath.Join(dir, name)
			args := append(append([]string{"-o", out}, flags...), "sh", "-c", "echo one; echo two >&2; exit 4")
			stderr, code := runIn(t, dir, tracer, args...)
			b, _ := os.ReadFile(out)
			return string(b), stderr, code
		}
		sOut, sErr, sCode := run("strace", strace)
		mOut, mErr, mCode := run("mytrace", mytraceBin)
		if sCode != mCode {
			t.Errorf("%v: exit status: strace %d, mytrace %d", flags, sCode, mCode)
		}
		if w, g := norm.Text(sOut), norm.Text(mOut); w != g {
			t.Errorf("%v: traces differ (- strace, + mytrace):\n%s", flags, stracetext.Diff(w, g))
		}
		if w, g := tableDiag(sErr, "strace"), tableDiag(mErr, "mytrace"); strings.Join(w, "\n") != strings.Join(g, "\n") {
			t.Errorf("%v: stderr: strace said %s, mytrace %s", flags, quoteLines(w), quoteLines(g))
		}
	}
}

// TestDetachOnExec: -b execve lets a process go at its execve (not the
// command's own first one), as strace does: the same trace, the same
// messages, and the process runs on untraced. (With -f, only calls that
// no other process's line can interrupt are shown: a vfork parent goes on
// when its child execs, so whether the parent's next line comes before
// the child's detach depends on scheduling, under strace as under
// mytrace.)
func TestDetachOnExec(t *testing.T) {
	strace := needTool(t, "strace")
	for _, c := range []struct {
		flags  []string
		script string
	}{
		{nil, "echo hi; exec /bin/false"},
		{[]string{"-f", "-e", "trace=execve"}, "echo hi; /bin/true; echo after"},
		{[]string{"-f", "-e", "trace=execve,write"}, "sh -c 'exit 3'; echo $?"},
		{[]string{"-qq"}, "exec sh -c 'exit 5'"},
	} {
		dir := t.TempDir()
		run := func(name, tracer string) (string, string, int) {
			out := filepath.Join(dir, name)
			args := append(append([]string{"-o", out, "-b", "execve"}, c.flags...), "sh", "-c", c.script)
			stderr, code := runIn(t, dir, tracer, args...)
			b, _ := os.ReadFile(out)
			return string(b), stderr, code
		}
		sOut, sErr, sCode := run("strace", strace)
		mOut, mErr, mCode := run("mytrace", mytraceBin)
		what := fmt.Sprintf("%v %q", c.flags, c.script)
		if sCode != mCode {
			t.Errorf("%s: exit status: strace %d, mytrace %d", what, sCode, mCode)
		}
		if w, g := norm.Text(sOut), norm.Text(mOut); w != g {
			t.Errorf("%s: traces differ (- strace, + mytrace):\n%s", what, stracetext.Diff(w, g))
		}
		if !strings.Contains(mOut, " <detached ...>") && !strings.Contains(mOut, "<unfinished ...>") {
			t.Errorf("%s: nothing let go:\n%s", what, mOut)
		}
		if w, g := tableDiag(sErr, "strace"), tableDiag(mErr, "mytrace"); strings.Join(w, "\n") != strings.Join(g, "\n") {
			t.Errorf("%s: stderr: strace said %s, mytrace %s", what, quoteLines(w), quoteLines(g))
		}
	}
	// The process let go is not traced any more.
	out, _, code := mt(t, t.TempDir(), "-o", "/dev/null", "-b", "execve", "sh", "-c", "exec grep TracerPid /proc/self/status")
	if code != 0 || strings.TrimSpace(out) != "TracerPid:\t0" {
		t.Errorf("after -b execve the process says %q (status %d)", out, code)
	}
}

// procStatus returns a field of /proc/PID/status, "" if none.
func procField(pid int, name string) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return ""
	}
	for _, ln := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(ln, name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// tracerOf is the process whose thread traces pid (0: none).
func tracerOf(pid int) int {
	tid, _ := strconv.Atoi(procField(pid, "TracerPid"))
	if tid == 0 {
		return 0
	}
	tgid, _ := strconv.Atoi(procField(tid, "Tgid"))
	return tgid
}

// sigIgnored reports whether pid ignores sig, from /proc/PID/status.
func sigIgnored(pid int, sig syscall.Signal) bool {
	m, err := strconv.ParseUint(procField(pid, "SigIgn"), 16, 64)
	return err == nil && m&(1<<(uint(sig)-1)) != 0
}

// waitFor polls cond (a /proc state) until it holds, failing after a
// generous bound.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 20*time.Second {
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// TestInterruptible: what -I says a tracer does with the signals that end
// a session, against strace: the tracer is sent the signal while its
// command (cat) blocks reading a pipe, then the pipe is closed.
func TestInterruptible(t *testing.T) {
	strace := needTool(t, "strace")
	type outcome struct {
		tracerSignal syscall.Signal // the tracer died of it (0: exited)
		tracerStatus int            // its exit status, or 128+signal
		catTraced    bool           // cat was still traced after the signal
		catStatus    string         // the trace's last line for cat
	}
	scenario := func(t *testing.T, tracer string, flags []string, sig syscall.Signal) outcome {
		dir := t.TempDir()
		out := filepath.Join(dir, "out")
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		args := append(append([]string{"-o", out}, flags...), "cat")
		cmd := exec.Command(tracer, args...)
		cmd.Stdin = pr
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pr.Close()
		defer pw.Close()
		tracerPid := cmd.Process.Pid
		// cat is the tracer's child, traced, and blocked in its read of
		// the pipe: the tracer's loop runs, its signals are set.
		var cat int
		waitFor(t, "cat blocks in read(0, ...) traced", func() bool {
			if c := childrenOf(tracerPid); len(c) == 1 {
				cat = c[0]
			}
			if cat == 0 || tracerOf(cat) != tracerPid {
				return false
			}
			s, _ := os.ReadFile(fmt.Sprintf("/proc/%d/syscall", cat))
			return strings.HasPrefix(string(s), "0 0x0 ")
		})
		ignored := sigIgnored(tracerPid, sig)
		syscall.Kill(tracerPid, sig)
		var o outcome
		if !ignored {
			// Wait for the signal's effect: cat ends (the tracer passed
			// the signal on, or killed it), or it is traced no more (the
			// tracer died, or let it go). The tracer being a zombie is
			// not enough: its tracing thread may not have exited yet.
			waitFor(t, "the signal takes effect", func() bool {
				_, err := os.Stat(fmt.Sprintf("/proc/%d", cat))
				c, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", cat))
				return err != nil || strings.Contains(string(c), ") Z ") || procField(cat, "TracerPid") == "0"
			})
		}
		o.catTraced = tracerOf(cat) == tracerPid
		pw.Close()
		err = cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			ws := ee.Sys().(syscall.WaitStatus)
			if ws.Signaled() {
				o.tracerSignal = ws.Signal()
				o.tracerStatus = 128 + int(ws.Signal())
			} else {
				o.tracerStatus = ws.ExitStatus()
			}
		}
		b, _ := os.ReadFile(out)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		o.catStatus = lines[len(lines)-1]
		return o
	}
	for _, c := range []struct {
		flags []string
		sig   syscall.Signal
		// waiting: strace kills the command and detaches at once,
		// mytrace passes the signal on and traces the command to its
		// end (docs/differences.md): only the tracer's status compares.
		waiting bool
	}{
		{[]string{"-I", "never"}, syscall.SIGTERM, false},
		{[]string{"-I", "3"}, syscall.SIGINT, false},
		{[]string{"-I", "never_tstp"}, syscall.SIGHUP, false},
		{[]string{"-I", "waiting"}, syscall.SIGTERM, true},
		{[]string{"-I", "2"}, syscall.SIGINT, true},
		{[]string{"-I", "anywhere"}, syscall.SIGTERM, false},
		{[]string{"-I", "1"}, syscall.SIGQUIT, false},
	} {
		t.Run(strings.Join(c.flags, " ")+" "+c.sig.String(), func(t *testing.T) {
			w := scenario(t, strace, c.flags, c.sig)
			g := scenario(t, mytraceBin, c.flags, c.sig)
			// mytrace exits with 128+N where strace re-raises N (see
			// docs/differences.md): the shell shows the same status.
			g.tracerSignal, w.tracerSignal = 0, 0
			t.Logf("strace %+v, mytrace %+v", w, g)
			if c.waiting {
				w.catTraced, g.catTraced = false, false
				if g.catStatus != "+++ killed by "+decode.SignalName(int(c.sig))+" +++" {
					t.Errorf("mytrace's trace ends with %q", g.catStatus)
				}
			}
			if w.tracerStatus != g.tracerStatus || w.catTraced != g.catTraced {
				t.Errorf("strace: status %d, cat still traced %v; mytrace: status %d, cat still traced %v",
					w.tracerStatus, w.catTraced, g.tracerStatus, g.catTraced)
			}
			if w.catStatus != g.catStatus && w.tracerStatus < 128 {
				t.Errorf("the trace ends with %q under strace, %q under mytrace", w.catStatus, g.catStatus)
			}
		})
	}
	// Whatever -I says, SIGTTOU and SIGTTIN are ignored, as strace does;
	// never_tstp ignores ^Z's SIGTSTP too.
	dir := t.TempDir()
	pr, pw, _ := os.Pipe()
	cmd := exec.Command(mytraceBin, "-o", filepath.Join(dir, "out"), "-I", "never_tstp", "cat")
	cmd.Stdin = pr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pr.Close()
	waitFor(t, "mytrace ignores SIGTSTP", func() bool { return sigIgnored(cmd.Process.Pid, syscall.SIGTSTP) })
	for _, sig := range []syscall.Signal{syscall.SIGTTOU, syscall.SIGTTIN, syscall.SIGINT, syscall.SIGTERM} {
		if !sigIgnored(cmd.Process.Pid, sig) {
			t.Errorf("-I never_tstp: %v is not ignored", sig)
		}
	}
	pw.Close()
	cmd.Wait()
}

// TestDecodePidsOnStderr: -Y on stderr, where strace's prefix is "[pid
// N<comm>] " (and "N<comm> " only with -o), against strace.
func TestDecodePidsOnStderr(t *testing.T) {
	strace := needTool(t, "strace")
	bin := buildProg(t, "proc_comm")
	for _, flags := range [][]string{
		{"-f", "-qq", "-Y", "-e", "trace=getpid,getppid,kill,prctl,close,wait4,exit_group"},
		{"-f", "-qq", "--decode-pids=comm", "-e", "trace=getpid,execve"},
	} {
		dir := t.TempDir()
		sErr, sCode := runIn(t, dir, strace, append(flags, bin)...)
		mErr, mCode := runIn(t, dir, mytraceBin, append(flags, bin)...)
		if sCode != mCode {
			t.Errorf("%v: exit status: strace %d, mytrace %d", flags, sCode, mCode)
		}
		if !strings.Contains(mErr, "[pid ") || !strings.Contains(mErr, ">] ") {
			t.Errorf("%v: no prefix with a command name:\n%s", flags, mErr)
		}
		if w, g := norm.Text(sErr), norm.Text(mErr); w != g {
			t.Errorf("%v: traces differ (- strace, + mytrace):\n%s", flags, stracetext.Diff(w, g))
		}
	}
}
