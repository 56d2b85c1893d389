package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mytrace/internal/stracetext"
)

// mt runs the mytrace binary and returns stdout, stderr and the exit code.
func mt(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(mytraceBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// TestUsageErrors: wrong usage gets one clear line on stderr and a
// non-zero exit, never a usage dump or a panic.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	notTrace := filepath.Join(dir, "notes.txt")
	os.WriteFile(notTrace, []byte("just some text, longer than a trace preamble\n"), 0o644)
	empty := filepath.Join(dir, "empty.trace")
	os.WriteFile(empty, nil, 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"/nonexistent"}, "mytrace: /nonexistent: No such file or directory\n"},
		{[]string{"no-such-command-anywhere"}, "mytrace: no-such-command-anywhere: No such file or directory\n"},
		{nil, "mytrace: must have COMMAND [ARGS] or -p PID; see mytrace --help\n"},
		{[]string{"--bogus", "true"}, "mytrace: unrecognized option '--bogus'\n"},
		{[]string{"-e", "trace=nosuch", "true"}, "mytrace: invalid system call 'nosuch'\n"},
		{[]string{"-s", "-1", "true"}, "mytrace: invalid -s argument: '-1'\n"},
		{[]string{"record", "true"}, "mytrace: record: -o FILE is required\n"},
		{[]string{"record", "-o", filepath.Join(dir, "x.trace")}, "mytrace: record: must have COMMAND [ARGS] or -p PID\n"},
		{[]string{"record", "-o", filepath.Join(dir, "x.trace"), "--", "/nonexistent"}, "mytrace: /nonexistent: No such file or directory\n"},
		{[]string{"print", filepath.Join(dir, "missing.trace")}, "mytrace: " + filepath.Join(dir, "missing.trace") + ": No such file or directory\n"},
		{[]string{"print", notTrace}, "mytrace: " + notTrace + ": not a mytrace trace\n"},
		{[]string{"print", empty}, "mytrace: " + empty + ": empty file: not a mytrace trace\n"},
		{[]string{"print"}, "mytrace: accepts 1 arg(s), received 0\n"},
	}
	for _, c := range cases {
		stdout, stderr, code := mt(t, dir, c.args...)
		if code == 0 {
			t.Errorf("mytrace %q: exit status 0, want failure", c.args)
		}
		if stderr != c.want {
			t.Errorf("mytrace %q: stderr %q, want %q", c.args, stderr, c.want)
		}
		if stdout != "" {
			t.Errorf("mytrace %q: unexpected stdout %q", c.args, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.trace")); err == nil {
		t.Error("record of a missing program left a trace file behind")
	}
}

// TestExitStatus: mytrace exits with the traced command's status, and
// with 128+N when it was killed by signal N (as a shell reports it).
func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	if _, _, code := mt(t, dir, "-o", "out", "sh", "-c", "exit 7"); code != 7 {
		t.Errorf("exit 7: mytrace exited %d", code)
	}
	if _, _, code := mt(t, dir, "record", "-o", "t.trace", "--", "sh", "-c", "exit 9"); code != 9 {
		t.Errorf("record exit 9: mytrace exited %d", code)
	}
	_, _, code := mt(t, dir, "-o", "killed", "sh", "-c", "kill -TERM $$")
	if code != 128+int(syscall.SIGTERM) {
		t.Errorf("killed by SIGTERM: mytrace exited %d, want %d", code, 128+int(syscall.SIGTERM))
	}
	out, _ := os.ReadFile(filepath.Join(dir, "killed"))
	if !strings.HasSuffix(string(out), "+++ killed by SIGTERM +++\n") {
		t.Errorf("trace of a killed command ends with %q", lastLine(string(out)))
	}
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// TestTruncatedTrace cuts a recording at many offsets (every chunk
// boundary and the bytes around it, and a spread of others): print shows
// every complete chunk's lines, identical to the full print, and exits
// with one warning line.
func TestTruncatedTrace(t *testing.T) {
	dir := t.TempDir()
	tr := filepath.Join(dir, "t.trace")
	if _, stderr, code := mt(t, dir, "record", "-v", "--chunk-size", "4096", "-o", tr, "--", "ls", "-la", "/usr/lib"); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	full, stderr, code := mt(t, dir, "print", tr)
	if code != 0 || stderr != "" {
		t.Fatalf("print of the full trace: %d %q", code, stderr)
	}
	fullLines := strings.Split(full, "\n")
	data, _ := os.ReadFile(tr)
	if len(data) < 20000 {
		t.Fatalf("trace of %d bytes is too small to cut into many chunks", len(data))
	}
	// Cut inside the preamble or the header chunk, a file has no events
	// to show: an error. Cut later, what it has is shown, with a warning.
	headerEnd := 12 + 20 + int(binary.LittleEndian.Uint32(data[12+4:]))
	// Cut before the end of the first chunk of events, it has none.
	firstEnd := headerEnd + 20 + int(binary.LittleEndian.Uint32(data[headerEnd+4:]))
	cuts := map[int]bool{0: true, 1: true, 11: true, 12: true, headerEnd - 1: true, headerEnd: true, firstEnd - 1: true, firstEnd: true, len(data) - 1: true}
	for off := 0; off < len(data); off += len(data) / 150 {
		cuts[off] = true
	}
	for off := range cuts {
		cut := filepath.Join(dir, "cut.trace")
		os.WriteFile(cut, data[:off], 0o644)
		out, stderr, code := mt(t, dir, "print", cut)
		if off < headerEnd {
			if code != 1 || strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "warning") || out != "" {
				t.Errorf("cut at %d, in the header: exit %d, stderr %q, want one error line and 1", off, code, stderr)
			}
			continue
		}
		if off < firstEnd {
			if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "before any event\n") || out != "" {
				t.Errorf("cut at %d, in the first chunk of events: exit %d, stderr %q, want \"truncated at byte N before any event\" and 1", off, code, stderr)
			}
			continue
		}
		if code != 0 {
			t.Errorf("cut at %d: exit %d, want 0", off, code)
		}
		if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "warning: truncated") {
			t.Errorf("cut at %d: stderr %q, want one truncation warning", off, stderr)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if out == "" {
			lines = nil
		}
		for i, ln := range lines {
			if i == len(lines)-1 && strings.HasSuffix(ln, " <unfinished ...>") {
				if !strings.HasPrefix(fullLines[i], strings.TrimSuffix(ln, " <unfinished ...>")) {
					t.Errorf("cut at %d: last line %q is not the start of %q", off, ln, fullLines[i])
				}
				break
			}
			if ln != fullLines[i] {
				t.Errorf("cut at %d: line %d is %q, want %q", off, i, ln, fullLines[i])
				break
			}
		}
	}
}

// TestLiveMatchesRecord holds the invariant: tracing live to a file and
// recording then printing give the same text, apart from pids and
// addresses.
func TestLiveMatchesRecord(t *testing.T) {
	for _, argv := range [][]string{
		// Children one after the other: with concurrent ones the number
		// of SIGCHLDs the shell handles depends on timing.
		{"sh", "-c", "ls / >/dev/null; wc -c /etc/hostname"},
		{"ls", "-la", "/usr/bin"},
	} {
		dir := t.TempDir()
		if _, stderr, code := mt(t, dir, append([]string{"-f", "-o", "live.out"}, argv...)...); code != 0 {
			t.Fatalf("%q live: %d %s", argv, code, stderr)
		}
		if _, stderr, code := mt(t, dir, append([]string{"record", "-f", "-o", "t.trace", "--"}, argv...)...); code != 0 {
			t.Fatalf("%q record: %d %s", argv, code, stderr)
		}
		printed, stderr, code := mt(t, dir, "print", "t.trace")
		if code != 0 {
			t.Fatalf("%q print: %d %s", argv, code, stderr)
		}
		live, _ := os.ReadFile(filepath.Join(dir, "live.out"))
		// Two runs of a shell interleave differently (a SIGCHLD before or
		// after a wait4): compare each process's lines as a multiset.
		want, got := stracetext.Flatten(sortedBlocks(norm.Processes(string(live)))), stracetext.Flatten(sortedBlocks(norm.Processes(printed)))
		if want != got {
			t.Errorf("%q: record+print differs from live (- live, + print):\n%s", argv, stracetext.Diff(want, got))
		}
	}
}

// TestGroupStop: kill -STOP and kill -CONT from outside stop and resume a
// traced process as they would an untraced one, and the trace shows both.
func TestGroupStop(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(mytraceBin, "-o", "out", "sleep", "2")
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Find the sleep process: the traced child of mytrace (of whichever
	// of its threads forked it), once it has exec'd.
	var pid int
	findSleep := func() bool {
		tasks, _ := filepath.Glob("/proc/" + itoa(cmd.Process.Pid) + "/task/*/children")
		for _, task := range tasks {
			b, _ := os.ReadFile(task)
			for _, f := range strings.Fields(string(b)) {
				comm, _ := os.ReadFile("/proc/" + f + "/comm")
				if strings.TrimSpace(string(comm)) == "sleep" {
					pid = atoi(f)
				}
			}
		}
		return pid != 0
	}
	waitUntil(t, "the traced sleep to start", findSleep)
	// Stop it once it sleeps (clock_nanosleep is syscall 230), so that the
	// trace shows the interrupted call being resumed.
	for i := 0; i < 500; i++ {
		b, _ := os.ReadFile("/proc/" + itoa(pid) + "/syscall")
		if strings.HasPrefix(string(b), "230 ") {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	syscall.Kill(pid, syscall.SIGSTOP)
	stopped := false
	for i := 0; i < 50 && !stopped; i++ {
		time.Sleep(10 * time.Millisecond)
		st, _ := os.ReadFile("/proc/" + itoa(pid) + "/stat")
		// State is the field after the parenthesised command name.
		s := string(st)
		if i := strings.LastIndexByte(s, ')'); i > 0 && i+2 < len(s) {
			stopped = s[i+2] == 't' || s[i+2] == 'T'
		}
	}
	if !stopped {
		t.Error("process did not stop on SIGSTOP")
	}
	syscall.Kill(pid, syscall.SIGCONT)
	done := make(chan error)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("mytrace: %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("traced process did not finish after SIGCONT")
	}
	out, _ := os.ReadFile(filepath.Join(dir, "out"))
	for _, want := range []string{"--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER", "--- stopped by SIGSTOP ---", "--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER", "restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0", "+++ exited with 0 +++"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("trace lacks %q:\n%s", want, out)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestLiveTerminal: with its output on a terminal, a call that blocks
// shows its entry while it blocks, as strace does.
func TestLiveTerminal(t *testing.T) {
	master, slave := openPty(t)
	defer master.Close()
	cmd := exec.Command(mytraceBin, "sleep", "3")
	cmd.Env = append(os.Environ(), "NO_COLOR=1") // plain text, to compare
	cmd.Stderr = slave
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	defer cmd.Process.Kill()
	got := make(chan string, 1)
	go func() {
		var buf []byte
		tmp := make([]byte, 4096)
		for {
			k, err := master.Read(tmp)
			buf = append(buf, tmp[:k]...)
			if strings.Contains(string(buf), "clock_nanosleep(") || err != nil {
				got <- string(buf)
				return
			}
		}
	}()
	select {
	case s := <-got:
		if !strings.Contains(s, "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=3, tv_nsec=0}, ") {
			t.Errorf("terminal shows %q", lastLine(s))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the blocked call's entry did not reach the terminal while it blocked")
	}
}

// TestRecordFilter: -e trace= at record time keeps only those syscalls
// (and the process events) in the file.
func TestRecordFilter(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := mt(t, dir, "record", "-e", "trace=openat,close", "-o", "t.trace", "--", "cat", "/etc/hostname"); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	out, _, code := mt(t, dir, "print", "t.trace")
	if code != 0 {
		t.Fatal("print failed")
	}
	opens := 0
	for _, ln := range strings.Split(strings.TrimSpace(out), "\n") {
		switch {
		case strings.HasPrefix(ln, "openat("):
			opens++
		case strings.HasPrefix(ln, "close("), strings.HasPrefix(ln, "+++ exited with 0 +++"):
		default:
			t.Errorf("unexpected line %q", ln)
		}
	}
	if opens == 0 {
		t.Error("no openat recorded")
	}
	full, _, _ := mt(t, dir, "-e", "trace=openat,close", "-o", "/dev/stdout", "cat", "/etc/hostname")
	if strings.Count(full, "openat(") != opens {
		t.Errorf("live shows %d openat calls, the filtered recording %d", strings.Count(full, "openat("), opens)
	}
}

// TestNewerSyscallNames: syscalls newer than strace 6.1 are named, where
// strace 6.1 shows their number (a documented difference).
func TestNewerSyscallNames(t *testing.T) {
	bin := buildProg(t, "newer_syscalls")
	dir := t.TempDir()
	mt(t, dir, "-o", "mt.out", bin)
	strace := needTool(t, "strace")
	runIn(t, dir, strace, "-o", "st.out", bin)
	mo, _ := os.ReadFile(filepath.Join(dir, "mt.out"))
	so, _ := os.ReadFile(filepath.Join(dir, "st.out"))
	for _, c := range []struct{ ours, theirs string }{
		{"fchmodat2(0xffffff9c, ", "syscall_0x1c4(0xffffff9c, "},
		{"mseal(0, 0, 0) ", "syscall_0x1ce(0, 0, 0, "},
	} {
		if !strings.Contains(string(mo), c.ours) {
			t.Errorf("mytrace output lacks %q", c.ours)
		}
		if !strings.Contains(string(so), c.theirs) {
			t.Errorf("strace output lacks %q (has strace changed?)", c.theirs)
		}
	}
}

// sortedBlocks sorts the lines of each process.
func sortedBlocks(seqs map[string][]string) map[string][]string {
	for _, s := range seqs {
		sort.Strings(s)
	}
	return seqs
}

// TestStderrInterleaving: traced live to stderr, strace's diagnostics land
// in the middle of an unfinished line, which stays open ("vfork(strace:
// Process N attached" then " <unfinished ...>"); mytrace's messages sit in
// the same places. (Only the lines around the messages are compared: what
// parent and child print after the vfork interleaves by timing.)
func TestStderrInterleaving(t *testing.T) {
	strace := needTool(t, "strace")
	dir := t.TempDir()
	argv := []string{"-f", "sh", "-c", "/bin/true; /bin/true"}
	st, _ := runIn(t, dir, strace, argv...)
	lv, _ := runIn(t, dir, mytraceBin, argv...)
	// strace names itself as invoked (/usr/bin/strace).
	reMsg := regexp.MustCompile(`^(.*?)\S*(strace|mytrace): Process \d+ attached$`)
	around := func(out string) string {
		var b strings.Builder
		lines := strings.Split(out, "\n")
		for i, ln := range lines {
			if m := reMsg.FindStringSubmatch(ln); m != nil {
				b.WriteString(norm.Line(m[1], false) + "TRACER: Process PID attached\n")
				if i+1 < len(lines) {
					b.WriteString(lines[i+1] + "\n")
				}
			}
		}
		return b.String()
	}
	want, got := around(st), around(lv)
	if want != got || strings.Count(got, "attached") != 2 {
		t.Errorf("attach messages on stderr: strace's\n%s\nmytrace's\n%s", want, got)
	}
}
