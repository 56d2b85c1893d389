package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mytrace/internal/stracetext"
	"mytrace/internal/testcap"
	"mytrace/internal/testrand"
)

// Robustness: many threads and processes, tracees killed at any time, and
// recordings that cannot be written or read.

// joined returns a -f trace written to a file ("PID " prefixes) as lines
// without the prefixes, each unfinished call joined with its resumption.
func joined(out string) []string {
	var lines []string
	pending := map[string]string{}
	rePid := regexp.MustCompile(`^(\d+) +`)
	reResumed := regexp.MustCompile(`^<\.\.\. \S+ resumed>`)
	for _, ln := range strings.Split(out, "\n") {
		pid := ""
		if m := rePid.FindString(ln); m != "" {
			pid, ln = strings.TrimSpace(m), ln[len(m):]
		}
		if s, ok := strings.CutSuffix(ln, " <unfinished ...>"); ok {
			pending[pid] = s
			continue
		}
		if m := reResumed.FindString(ln); m != "" {
			ln = pending[pid] + ln[len(m):]
			delete(pending, pid)
		}
		lines = append(lines, ln)
	}
	return lines
}

func countMatching(lines []string, re string) int {
	r := regexp.MustCompile(re)
	n := 0
	for _, ln := range lines {
		if r.MatchString(ln) {
			n++
		}
	}
	return n
}

// TestCountingThreads: 8 threads each open, read and close /dev/null 2000
// times, then 1000 short-lived threads come and go: live and recorded,
// every call is there, exactly, with its descriptor's path (-y), and every
// thread's exit.
func TestCountingThreads(t *testing.T) {
	bin := buildC(t, "robust", "threads")
	dir := t.TempDir()
	if _, code := runIn(t, dir, mytraceBin, "-f", "-y", "-o", "live.out", bin); code != 0 {
		t.Fatalf("live: exit %d", code)
	}
	if _, code := runIn(t, dir, mytraceBin, "record", "-f", "-o", "t.trace", "--", bin); code != 0 {
		t.Fatalf("record: exit %d", code)
	}
	printed, stderr, code := mt(t, dir, "print", "-y", "t.trace")
	if code != 0 {
		t.Fatalf("print: %d %s", code, stderr)
	}
	live, _ := os.ReadFile(filepath.Join(dir, "live.out"))
	for name, out := range map[string]string{"live": string(live), "print": printed} {
		lines := joined(out)
		for _, c := range []struct {
			re   string
			want int
		}{
			{`^openat\(AT_FDCWD</[^>]*>, "/dev/null", O_RDONLY\) += \d+</dev/null>$`, 16000},
			{`^read\(\d+</dev/null>, "", 64\) += 0$`, 16000},
			{`^close\(\d+</dev/null>\) += 0$`, 16000},
			{`^\+\+\+ exited with 0 \+\+\+$`, 1009}, // 8 + 1000 threads and the process
		} {
			if got := countMatching(lines, c.re); got != c.want {
				t.Errorf("%s: %d lines match %s, want %d", name, got, c.re, c.want)
			}
		}
	}
}

// TestProcessTree: 10,000 processes one after the other, then a chain of
// 200 nested ones: every one is followed to its exit, and the program's
// own checks of its children's statuses pass under trace.
func TestProcessTree(t *testing.T) {
	bin := buildC(t, "robust", "procs")
	dir := t.TempDir()
	if stderr, code := runIn(t, dir, mytraceBin, "-f", "-o", "out", bin, "10000", "200"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "out"))
	lines := joined(string(b))
	if n := countMatching(lines, `^\+\+\+ exited with \d+ \+\+\+$`); n != 10000+200+1 {
		t.Errorf("%d exits, want %d", n, 10000+200+1)
	}
	// Statuses i % 7 of the sequence: 10000 = 1428*7 + 4, so 0..3 occur
	// 1429 times; the chain adds depth % 5 for depths 1..200.
	for st, want := range map[int]int{6: 1428 + 0, 4: 1428 + 40, 0: 1429 + 40 + 1} {
		if n := countMatching(lines, `^\+\+\+ exited with `+strconv.Itoa(st)+` \+\+\+$`); n != want {
			t.Errorf("%d exits with %d, want %d", n, st, want)
		}
	}
}

// TestKilledWhileBlocked: a tracee killed with SIGKILL from outside in the
// middle of a call ends its line as strace does, and mytrace exits with
// 128+9.
func TestKilledWhileBlocked(t *testing.T) {
	strace := needTool(t, "strace")
	traced := func(tracer string, args ...string) (string, int) {
		dir := t.TempDir()
		cmd := exec.Command(tracer, append(args, "-o", "out", "cat")...)
		cmd.Dir = dir
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		waitUntil(t, tracer+"'s read(0, line", func() bool {
			b, _ := os.ReadFile(filepath.Join(dir, "out"))
			return strings.Contains(string(b), "read(0, ")
		})
		var cat int
		if kids := childrenOf(cmd.Process.Pid); len(kids) > 0 {
			cat = kids[0]
		}
		if cat == 0 {
			t.Fatalf("%s: cannot find the traced cat", tracer)
		}
		// Blocked in read(0, ...) (syscall 0), not stopped at its entry.
		waitUntil(t, "cat to block in read", func() bool {
			b, _ := os.ReadFile("/proc/" + strconv.Itoa(cat) + "/syscall")
			return strings.HasPrefix(string(b), "0 ") && procState(cat) == "S"
		})
		syscall.Kill(cat, syscall.SIGKILL)
		cmd.Wait()
		b, _ := os.ReadFile(filepath.Join(dir, "out"))
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		return strings.Join(lines[len(lines)-2:], "\n"), cmd.ProcessState.ExitCode()
	}
	want, _ := traced(strace)
	got, code := traced(mytraceBin)
	if got != want {
		t.Errorf("the trace ends\n%s\nstrace's ends\n%s", got, want)
	}
	if code != 137 {
		t.Errorf("mytrace exited %d, want 137", code)
	}
}

// childrenOf lists the child processes of pid (of any of its threads).
func childrenOf(pid int) []int {
	var kids []int
	ents, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	for _, e := range ents {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + e.Name() + "/children")
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				kids = append(kids, n)
			}
		}
	}
	return kids
}

// TestKillAtRandom: the traced program is killed with SIGKILL at random
// moments of a busy multi-threaded run: every time, mytrace ends the trace
// with the kill and exits 137, and nothing is left traced or stopped.
func TestKillAtRandom(t *testing.T) {
	bin := buildC(t, "robust", "threads")
	rng := testrand.New(t, 0)
	for i := 0; i < 8; i++ {
		dir := t.TempDir()
		cmd := exec.Command(mytraceBin, "-f", "-o", "out", bin, "4", "300", "100")
		cmd.Dir = dir
		stderr := &syncBuffer{}
		cmd.Stderr = stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Intn(60)) * time.Millisecond
		time.Sleep(delay)
		kids := childrenOf(cmd.Process.Pid)
		for _, k := range kids {
			syscall.Kill(k, syscall.SIGKILL)
		}
		code := exitCode(t, cmd)
		if len(kids) == 0 {
			continue // it had ended already
		}
		b, _ := os.ReadFile(filepath.Join(dir, "out"))
		if code == 137 && len(b) == 0 && strings.HasSuffix(stderr.String(), ": killed by SIGKILL before it started\n") {
			continue // killed before its execve
		}
		if code != 137 || !strings.HasSuffix(string(b), "+++ killed by SIGKILL +++\n") {
			t.Errorf("killed after %v: exit %d, trace ends %q", delay, code, lastLine(string(b)))
		}
		for _, k := range kids {
			if st := procState(k); st != "gone" && st != "Z" {
				t.Errorf("killed after %v: process %d is in state %s", delay, k, st)
			}
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRecordWriteError: when the trace cannot be written (here a file
// size limit, as a full disk), record says so once, stops tracing and lets
// the command finish untraced, and what was written reads back.
func TestRecordWriteError(t *testing.T) {
	dir := t.TempDir()
	script := `ulimit -f 64; exec "$0" record -f --chunk-size 16384 -o t.trace -- sh -c 'for i in 1 2 3 4 5 6 7 8; do ls -la /usr/bin >/dev/null; done; echo finished > done; exit 7'`
	cmd := exec.Command("sh", "-c", script, mytraceBin)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("record exited %d, want 1", code)
	}
	if want := "mytrace: t.trace: File too large\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if got := readFile(t, filepath.Join(dir, "done")); got != "finished\n" {
		t.Errorf("the command did not run to its end: %q", got)
	}
	out, errs, code := mt(t, dir, "print", "t.trace")
	if code != 0 || !strings.Contains(errs, "t.trace: warning: truncated") || strings.Count(errs, "\n") != 1 {
		t.Errorf("print of the cut recording: exit %d, stderr %q", code, errs)
	}
	if !regexp.MustCompile(`^\d+ +execve\("/usr/bin/sh", \["sh", "-c", "for i in`).MatchString(out) {
		t.Errorf("the cut recording prints %q", lastLine(out))
	}
}

// TestBadTraceFiles: print, stats, diff and export refuse what is not a
// whole trace with one line naming the file, and a non-zero status.
func TestBadTraceFiles(t *testing.T) {
	dir := t.TempDir()
	if _, errs, code := mt(t, dir, "record", "-o", "good.trace", "--", "ls", "/"); code != 0 {
		t.Fatalf("record: %s", errs)
	}
	good := []byte(readFile(t, filepath.Join(dir, "good.trace")))
	rng := testrand.New(t, 1)
	random := make([]byte, 4096)
	rng.Read(random)
	newer := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(newer[8:], 99)
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0x40
	files := map[string][]byte{
		"empty.trace":   {},
		"random.trace":  random,
		"text.trace":    []byte("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3\n"),
		"newer.trace":   newer,
		"flipped.trace": flipped,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "dir.trace"), 0o755)
	wants := map[string]string{
		"empty.trace":   "not a mytrace trace",
		"random.trace":  "not a mytrace trace",
		"text.trace":    "not a mytrace trace",
		"newer.trace":   "version 99",
		"flipped.trace": "corrupt chunk at byte",
		"dir.trace":     "Is a directory",
		"gone.trace":    "No such file or directory",
	}
	for name, want := range wants {
		for _, args := range [][]string{
			{"print", name}, {"stats", name}, {"diff", "good.trace", name}, {"export", "--format=perfetto", "-o", "x.json", name},
		} {
			_, errs, code := mt(t, dir, args...)
			if code == 0 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, name) || !strings.Contains(errs, want) || strings.Contains(errs, "panic") {
				t.Errorf("mytrace %s: exit %d, stderr %q; want one line naming the file and %q", strings.Join(args, " "), code, errs, want)
			}
		}
	}
}

// TestI386Program: a 32-bit program (no C library, int 0x80) is traced
// with its calls named from the i386 table and its strings and buffers
// shown, as strace shows them.
func TestI386Program(t *testing.T) {
	testcap.Need(t, testcap.I386)
	strace := needTool(t, "strace")
	cc := needTool(t, "cc")
	dir := t.TempDir()
	bin := filepath.Join(dir, "i386")
	if out, err := exec.Command(cc, "-m32", "-nostdlib", "-static", "-o", bin, filepath.Join("..", "..", "testdata", "robust", "i386.S")).CombinedOutput(); err != nil {
		t.Fatalf("building a 32-bit program: %v\n%s", err, out)
	}
	runIn(t, dir, strace, "-o", "st.out", bin)
	runIn(t, dir, mytraceBin, "-o", "mt.out", bin)
	want := stracetext.Flatten(norm.Processes(readFile(t, filepath.Join(dir, "st.out"))))
	got := stracetext.Flatten(norm.Processes(readFile(t, filepath.Join(dir, "mt.out"))))
	if got != want {
		t.Errorf("differs from strace (- strace, + mytrace):\n%s", stracetext.Diff(want, got))
	}
	for _, line := range []string{`open("/etc/hostname", O_RDONLY)         = 3`, `write(1, "hello from i386\n", 16)       = 16`} {
		if !strings.Contains(got, line) {
			t.Errorf("trace lacks %q:\n%s", line, got)
		}
	}
}

// TestRecorderKilled: the recorder is killed with SIGKILL at random
// moments; every time the file reads back (with a truncation warning) and
// holds the calls made until at most about 250 ms before the last one the
// program made (its own output says which that was).
func TestRecorderKilled(t *testing.T) {
	bin := buildC(t, "robust", "ticker")
	rng := testrand.New(t, 0)
	reTick := regexp.MustCompile(`write\(1, "tick (\d+) (\d+)\\n"`)
	reOut := regexp.MustCompile(`(?m)^tick (\d+) (\d+)$`)
	lastTick := func(re *regexp.Regexp, text string) int64 {
		var last int64
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			v, _ := strconv.ParseInt(m[2], 10, 64)
			last = max(last, v)
		}
		return last
	}
	for i := 0; i < 5; i++ {
		dir := t.TempDir()
		var stdout bytes.Buffer
		cmd := exec.Command(mytraceBin, "record", "-o", "t.trace", "--", bin)
		cmd.Dir, cmd.Stdout = dir, &stdout
		// Should the ticker outlive mytrace, do not wait for its output.
		cmd.WaitDelay = 2 * time.Second
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(400+rng.Intn(800)) * time.Millisecond
		time.Sleep(delay)
		cmd.Process.Kill()
		cmd.Wait() // the ticker dies with its tracer (PTRACE_O_EXITKILL)
		out, errs, code := mt(t, dir, "print", "t.trace")
		if code == 1 && strings.HasSuffix(errs, "before any event\n") && strings.Count(errs, "\n") == 1 {
			// Killed before its first chunk was written out: nothing
			// to show is an error, in one line.
			t.Logf("killed after %v: nothing recorded yet (a loaded machine): %s", delay, errs)
			continue
		}
		if code != 0 || strings.Count(errs, "\n") > 1 {
			t.Errorf("killed after %v: print exit %d, stderr %q", delay, code, errs)
			continue
		}
		made := lastTick(reOut, stdout.String())
		if made == 0 {
			t.Logf("killed after %v: the ticker had not ticked yet (a loaded machine)", delay)
			continue
		}
		lost := time.Duration(made - lastTick(reTick, out))
		t.Logf("killed after %v: the last recorded tick is %v before the last one made", delay, lost)
		// 250 ms between flushes, and a margin for a loaded machine.
		if lost > 600*time.Millisecond {
			t.Errorf("killed after %v: the last recorded call is %v before the last one made", delay, lost)
		}
	}
}
