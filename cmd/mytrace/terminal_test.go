package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"mytrace/internal/stracetext"
)

// The terminal test: a program and its tracer share a terminal (a
// pseudo-terminal: stdin, stdout and stderr), as when a user types
// "strace prog". strace writes the start of each call before the program
// goes on from the call's entry and the rest after its exit, so the
// program's output lands inside the call's line: "write(1, \"one\\n\",
// 4one" then ") = 4". mytrace must put every byte on the screen where
// strace puts it.

// screenStep is something typed once the screen shows a marker n times.
type screenStep struct {
	marker string
	n      int
	typed  string
}

// openPty opens a new pseudo-terminal: its master, which the caller
// closes, and its slave, not yet anyone's controlling terminal.
func openPty(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		master.Close()
		t.Fatal(err)
	}
	slave, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Fatal(err)
	}
	return master, slave
}

// screen runs name with args on a new pseudo-terminal (its controlling
// terminal, in a session of its own), types steps as their markers show,
// and returns what the terminal showed by the time every process holding
// it has gone.
func screen(t *testing.T, dir string, steps []screenStep, name string, args ...string) string {
	t.Helper()
	master, slave := openPty(t)
	defer master.Close()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C", "TERM=dumb", "NO_COLOR=1"}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	var (
		mu   sync.Mutex
		buf  []byte
		more = make(chan struct{}, 1)
		eof  = make(chan struct{})
	)
	go func() {
		defer close(eof)
		tmp := make([]byte, 4096)
		for {
			k, err := master.Read(tmp)
			mu.Lock()
			buf = append(buf, tmp[:k]...)
			mu.Unlock()
			select {
			case more <- struct{}{}:
			default:
			}
			if err != nil {
				return // EIO: no process holds the terminal any more
			}
		}
	}()
	shown := func() string {
		mu.Lock()
		defer mu.Unlock()
		return string(buf)
	}
	deadline := time.After(30 * time.Second)
	fail := func(what string) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("%s %s: %s; the terminal shows:\n%s", name, strings.Join(args, " "), what, shown())
	}
	for _, s := range steps {
		for strings.Count(shown(), s.marker) < s.n {
			select {
			case <-more:
			case <-eof:
				fail("the terminal closed before " + strconv.Quote(s.marker) + " showed")
			case <-deadline:
				fail(strconv.Quote(s.marker) + " did not show")
			}
		}
		if _, err := master.WriteString(s.typed); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-eof:
	case <-deadline:
		fail("still running")
	}
	cmd.Wait()
	return shown()
}

// screenPrefix is a pid prefix anywhere on a screen line: a program's
// output may come before it.
var screenPrefix = regexp.MustCompile(`\[pid +\d+\] `)

// screenResumedPid is the pid a resumed fork or wait returns.
var screenResumedPid = regexp.MustCompile(`^(<\.\.\. (?:vfork|fork|clone|clone3|wait4|waitid) resumed>.*\) += )\d+$`)

// screenText normalizes a screen for comparison: the terminal's line ends,
// the tracer's name, and what differs from run to run
// (internal/stracetext). The pid prefixes are taken out: whether a line
// has one depends on whether the tracer has seen another process end,
// which races with the process that prints it.
func screenText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "/usr/bin/strace: ", "strace: ")
	s = strings.ReplaceAll(s, "strace: ", "TRACER: ")
	s = strings.ReplaceAll(s, "mytrace: ", "TRACER: ")
	var b strings.Builder
	for _, ln := range strings.Split(s, "\n") {
		ln = screenPrefix.ReplaceAllString(ln, "")
		ln = screenResumedPid.ReplaceAllString(ln, "${1}PID")
		b.WriteString(norm.Line(ln, true))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestTerminalOrder compares, on a terminal, the screens of strace and
// live mytrace for programs that write to stdout and stderr, block in
// read until a line is typed, and vfork a child that writes; and with -D,
// where the tracer is not the program's parent.
func TestTerminalOrder(t *testing.T) {
	strace := needTool(t, "strace")
	cases := []struct {
		prog  string
		flags []string
		steps []screenStep
	}{
		{prog: "out"},
		{prog: "out", flags: []string{"-e", "trace=write,writev,close", "-s", "8"}},
		{prog: "out", flags: []string{"-T", "-e", "trace=write"}},
		{prog: "out", flags: []string{"-D", "-e", "trace=write"}},
		{prog: "read", steps: []screenStep{{"read(0, ", 1, "bob\n"}, {"read(0, ", 2, "\x04"}}},
		{prog: "read", flags: []string{"-e", "trace=read,write"}, steps: []screenStep{{"read(0, ", 1, "alice\n"}, {"read(0, ", 2, "\x04"}}},
		{prog: "vfork", flags: []string{"-f", "-e", "quiet=exit"}},
		{prog: "vfork", flags: []string{"-f", "-e", "quiet=exit", "-e", "trace=write,vfork,wait4,exit_group"}},
	}
	for _, c := range cases {
		name := c.prog + " " + strings.Join(c.flags, " ")
		t.Run(name, func(t *testing.T) {
			bin := buildC(t, "term", c.prog)
			dir := t.TempDir()
			args := append(append([]string(nil), c.flags...), bin)
			want := screen(t, dir, c.steps, strace, args...)
			got := screen(t, dir, c.steps, mytraceBin, args...)
			w, g := screenText(want), screenText(got)
			if w != g {
				t.Errorf("the screens differ (- strace, + mytrace):\n%s\nstrace's screen:\n%s\nmytrace's screen:\n%s", stracetext.Diff(w, g), want, got)
			}
			// The program's output is on the screen, inside the line of
			// the call that wrote it.
			if !strings.Contains(g, "write(1, ") {
				t.Errorf("no write on mytrace's screen:\n%s", got)
			}
		})
	}
}
