package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Tests of mytrace diff on real recordings: the same program recorded
// twice, with one changed input, with a different retry count, with
// children; exit statuses.

// buildDiffProg compiles testdata/diff/NAME.c into the test cache.
func buildDiffProg(t *testing.T, name string) string {
	return buildC(t, "diff", name)
}

// recordDiff records argv in dir (with extra environment variables) into
// dir/t.trace and returns its path.
func recordDiff(t *testing.T, dir string, env []string, follow bool, argv ...string) string {
	t.Helper()
	tr := filepath.Join(dir, "t.trace")
	args := []string{"record", "-o", tr}
	if follow {
		args = append(args, "-f")
	}
	cmd := exec.Command(mytraceBin, append(append(args, "--"), argv...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "LC_ALL=C"), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("record %q: %v\n%s", argv, err, stderr.String())
		}
	}
	if _, err := os.Stat(tr); err != nil {
		t.Fatalf("record %q: no trace: %s", argv, stderr.String())
	}
	return tr
}

// appRun records testdata/diff/app.c in a fresh directory: with an
// app.conf when conf is not empty, with RETRIES=retries, with "fork".
func appRun(t *testing.T, bin, conf string, retries int, fork bool) string {
	t.Helper()
	dir := t.TempDir()
	if conf != "" {
		if err := os.WriteFile(filepath.Join(dir, "app.conf"), []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	argv := []string{bin}
	if fork {
		argv = append(argv, "fork")
	}
	return recordDiff(t, dir, []string{fmt.Sprintf("RETRIES=%d", retries)}, fork, argv...)
}

// diffJSON is the part of diff --json the tests read.
type diffJSON struct {
	Equal bool `json:"equal"`
	First *struct {
		Process string `json:"process"`
		Op      string `json:"op"`
		A, B    struct {
			Pid   int    `json:"pid"`
			Index int    `json:"index"`
			Line  string `json:"line"`
		}
	} `json:"first_divergence"`
	Processes []struct {
		ID   string `json:"id"`
		Only string `json:"only"`
		A, B *struct {
			Pid  int    `json:"pid"`
			Exit string `json:"exit"`
		}
		Equal bool `json:"equal"`
		Hunks []struct {
			Lines []struct {
				Op   string `json:"op"`
				A, B *struct {
					Index int    `json:"index"`
					Line  string `json:"line"`
				}
			} `json:"lines"`
		} `json:"hunks"`
	} `json:"processes"`
	Summary struct {
		Processes int `json:"processes"`
		Syscalls  []struct {
			Name    string `json:"name"`
			OnlyA   int    `json:"only_a"`
			OnlyB   int    `json:"only_b"`
			Changed int    `json:"changed"`
		} `json:"syscalls"`
		FilesOnlyA []string `json:"files_only_a"`
		FilesOnlyB []string `json:"files_only_b"`
	} `json:"summary"`
}

func parseDiffJSON(t *testing.T, out string) *diffJSON {
	t.Helper()
	var v diffJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("diff --json: %v\n%s", err, out)
	}
	return &v
}

// TestDiffSameProgram: two recordings of the same deterministic program,
// with two children whose pids differ between the runs, in different
// directories, are the same after normalization: exit 0, no output.
func TestDiffSameProgram(t *testing.T) {
	bin := buildDiffProg(t, "app")
	a := appRun(t, bin, "x=1\n", 0, true)
	b := appRun(t, bin, "x=1\n", 0, true)
	dir := t.TempDir()
	out, stderr, code := mt(t, dir, "diff", a, b)
	if code != 0 || out != "" || stderr != "" {
		t.Fatalf("diff: exit %d\n%s%s", code, out, stderr)
	}
	out, _, code = mt(t, dir, "diff", "--stat", a, b)
	if code != 0 || !strings.HasPrefix(out, "Summary: 0 of 3 matched processes differ; 0 only in A, 0 only in B\n") {
		t.Fatalf("diff --stat: exit %d\n%s", code, out)
	}
	out, _, code = mt(t, dir, "diff", "--json", a, b)
	v := parseDiffJSON(t, out)
	if code != 0 || !v.Equal || v.First != nil || len(v.Processes) != 3 {
		t.Fatalf("diff --json: exit %d\n%s", code, out)
	}
	// The children were matched by their place and program, not pid.
	for i, want := range []string{"1", "1.1", "1.2"} {
		p := v.Processes[i]
		if p.ID != want || p.Only != "" || p.A == nil || p.B == nil || !p.Equal {
			t.Errorf("process %d: %+v", i, p)
			continue
		}
		if p.A.Pid == p.B.Pid {
			t.Errorf("process %s has pid %d in both runs: the test proves nothing", p.ID, p.A.Pid)
		}
	}
	if v.Processes[1].A.Exit != "exited with 3" || v.Processes[2].A.Exit != "exited with 0" {
		t.Errorf("exits: %+v %+v", v.Processes[1].A, v.Processes[2].A)
	}
}

// TestDiffLsTwice: ls -la /usr/bin recorded twice is the same.
func TestDiffLsTwice(t *testing.T) {
	a := recordDiff(t, t.TempDir(), nil, false, "ls", "-la", "/usr/bin")
	b := recordDiff(t, t.TempDir(), nil, false, "ls", "-la", "/usr/bin")
	out, stderr, code := mt(t, t.TempDir(), "diff", a, b)
	if code != 0 || out != "" || stderr != "" {
		t.Fatalf("diff: exit %d\n%s%s", code, out, stderr)
	}
}

var (
	reFirstA = regexp.MustCompile(`(?m)^  A pid \d+ #(\d+) at [0-9.]+ s: openat\(AT_FDCWD, "app\.conf", O_RDONLY\) += 3$`)
	reFirstB = regexp.MustCompile(`(?m)^  B pid \d+ #(\d+) at [0-9.]+ s: openat\(AT_FDCWD, "app\.conf", O_RDONLY\) += -1 ENOENT \(No such file or directory\)$`)
)

// TestDiffMissingConfig: the program run with its config file and
// without: the first divergence is the openat, = 3 against ENOENT; the
// listing shows the read of the file against the error message; the
// summary, --stat and --json say so.
func TestDiffMissingConfig(t *testing.T) {
	bin := buildDiffProg(t, "app")
	a := appRun(t, bin, "x=1\n", 0, true)
	b := appRun(t, bin, "", 0, true)
	dir := t.TempDir()
	out, stderr, code := mt(t, dir, "diff", a, b)
	if code != 1 || stderr != "" {
		t.Fatalf("diff: exit %d, want 1\n%s%s", code, out, stderr)
	}
	ma, mb := reFirstA.FindStringSubmatch(out), reFirstB.FindStringSubmatch(out)
	if !strings.Contains(out, "\nFirst divergence: process 1 (") || ma == nil || mb == nil || ma[1] != mb[1] {
		t.Fatalf("first divergence not the openat:\n%s", out)
	}
	for _, want := range []string{
		"\nprocess 1: ",
		"\n-openat(AT_FDCWD, \"app.conf\", O_RDONLY)  = 3\n+openat(AT_FDCWD, \"app.conf\", O_RDONLY)  = -1 ENOENT (No such file or directory)\n",
		"\n-read(3, \"x=1\\n\", 256) ",
		"\n+write(2, \"app: no app.conf, using defaults\"..., 33) = 33\n",
		"\nFiles touched only in A:\n  app.conf\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Only the parent differs: the children did the same.
	if strings.Contains(out, "\nprocess 1.1") || strings.Contains(out, "\nprocess 1.2") {
		t.Errorf("children reported as different:\n%s", out)
	}

	stat, _, code := mt(t, dir, "diff", "--stat", a, b)
	if code != 1 || strings.Contains(stat, "@@") || strings.Contains(stat, "First divergence") ||
		!regexp.MustCompile(`(?m)^  openat +0 +0 +1$`).MatchString(stat) ||
		!regexp.MustCompile(`(?m)^  read +1 +0 +0$`).MatchString(stat) ||
		!strings.HasPrefix(stat, "Summary: 1 of 3 matched processes differ; 0 only in A, 0 only in B\n") {
		t.Errorf("diff --stat: exit %d\n%s", code, stat)
	}

	js, _, code := mt(t, dir, "diff", "--json", a, b)
	v := parseDiffJSON(t, js)
	checkHunkInvariants(t, v)
	if code != 1 || v.Equal || v.First == nil || v.First.Process != "1" || v.First.Op != "~" ||
		!strings.HasSuffix(v.First.A.Line, "= 3") || !strings.HasSuffix(v.First.B.Line, "= -1 ENOENT (No such file or directory)") {
		t.Fatalf("diff --json: exit %d\n%s", code, js)
	}
	found := false
	for _, c := range v.Summary.Syscalls {
		if c.Name == "openat" {
			found = c.Changed == 1 && c.OnlyA == 0 && c.OnlyB == 0
		}
	}
	if !found || len(v.Summary.FilesOnlyA) != 1 || v.Summary.FilesOnlyA[0] != "app.conf" {
		t.Errorf("diff --json summary: %+v", v.Summary)
	}
	// --ignore-retval: the openat is the same call; the read that
	// follows is the first difference.
	out, _, code = mt(t, dir, "diff", "--ignore-retval", a, b)
	if code != 1 || reFirstA.MatchString(out) || !strings.Contains(out, ": read(3, \"x=1\\n\", 256)") {
		t.Errorf("diff --ignore-retval: exit %d\n%s", code, out)
	}
}

// TestDiffRetryLoop: two runs that differ in the number of iterations of
// a retry loop differ by those iterations: one hunk of added calls.
func TestDiffRetryLoop(t *testing.T) {
	bin := buildDiffProg(t, "app")
	a := appRun(t, bin, "x=1\n", 2, false)
	b := appRun(t, bin, "x=1\n", 6, false)
	out, _, code := mt(t, t.TempDir(), "diff", "--json", a, b)
	v := parseDiffJSON(t, out)
	if code != 1 || len(v.Processes) != 1 || len(v.Processes[0].Hunks) != 1 {
		t.Fatalf("diff --json: exit %d\n%s", code, out)
	}
	added := map[string]int{}
	for _, l := range v.Processes[0].Hunks[0].Lines {
		switch l.Op {
		case " ":
		case "+":
			name, _, _ := strings.Cut(l.B.Line, "(")
			added[name]++
		default:
			t.Errorf("unexpected %q line in %s", l.Op, out)
		}
	}
	if len(added) != 2 || added["access"] != 4 || added["clock_nanosleep"] != 4 {
		t.Errorf("added calls %v, want 4 access and 4 clock_nanosleep\n%s", added, out)
	}
}

// TestDiffProcessOnlyInOne: without "fork", the children exist in one
// run only, and are reported so.
func TestDiffProcessOnlyInOne(t *testing.T) {
	bin := buildDiffProg(t, "app")
	a := appRun(t, bin, "x=1\n", 0, true)
	b := appRun(t, bin, "x=1\n", 0, false)
	out, _, code := mt(t, t.TempDir(), "diff", a, b)
	if code != 1 || !regexp.MustCompile(`(?m)^process 1\.1: only in A: child of .* fork \(pid \d+, \d+ calls, exited with 3\)$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^process 1\.2: only in A: true \(pid \d+, \d+ calls, exited with 0\)$`).MatchString(out) ||
		!strings.Contains(out, "Summary: 1 of 1 matched processes differ; 2 only in A, 0 only in B\n") {
		t.Errorf("diff: exit %d\n%s", code, out)
	}
}

// TestDiffTrouble: exit status 2 and one clear line for files that
// cannot be compared and for bad usage.
func TestDiffTrouble(t *testing.T) {
	bin := buildDiffProg(t, "app")
	good := appRun(t, bin, "x=1\n", 0, false)
	dir := t.TempDir()
	notTrace := filepath.Join(dir, "notes.txt")
	os.WriteFile(notTrace, []byte("just some text, longer than a trace preamble\n"), 0o644)
	missing := filepath.Join(dir, "missing.trace")
	empty := filepath.Join(dir, "empty.trace")
	os.WriteFile(empty, nil, 0o644)
	whole, _ := os.ReadFile(good)
	cut := filepath.Join(dir, "cut.trace")
	os.WriteFile(cut, whole[:len(whole)*2/3], 0o644)
	cases := []struct {
		args []string
		want string // stderr
	}{
		{[]string{good, missing}, "mytrace: diff: " + missing + ": No such file or directory\n"},
		{[]string{notTrace, good}, "mytrace: diff: " + notTrace + ": not a mytrace trace\n"},
		{[]string{good, empty}, "mytrace: diff: " + empty + ": empty file: not a mytrace trace\n"},
		{[]string{good}, "mytrace: diff: needs two trace files, A.trace and B.trace (got 1)\n"},
		{[]string{"--bogus", good, good}, "mytrace: diff: unrecognized option '--bogus'\n"},
		{[]string{"--ignore=nosuch", good, good}, "mytrace: diff: --ignore: invalid system call 'nosuch'\n"},
		{[]string{"--ignore=SIGNOPE", good, good}, "mytrace: diff: --ignore: unknown signal 'SIGNOPE'\n"},
	}
	for _, c := range cases {
		out, stderr, code := mt(t, dir, append([]string{"diff"}, c.args...)...)
		if code != 2 || stderr != c.want || out != "" {
			t.Errorf("diff %q: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, code, out, stderr, c.want)
		}
	}
	// A recording cut short: compared up to the cut, with a warning, and
	// exit status 2.
	out, stderr, code := mt(t, dir, "diff", good, cut)
	if code != 2 || !strings.HasPrefix(stderr, "mytrace: "+cut+": warning: truncated: ") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("diff of a cut trace: exit %d, stderr %q\n%s", code, stderr, out)
	}
	// The same file twice: 0.
	if out, stderr, code := mt(t, dir, "diff", good, good); code != 0 || out != "" || stderr != "" {
		t.Errorf("diff of a file with itself: exit %d\n%s%s", code, out, stderr)
	}
}

// checkHunkInvariants checks the hunks of diff --json: in each hunk,
// every element of A and of B at most once, their indexes increasing, a
// context line never also a changed one; hunks in order, not
// overlapping.
func checkHunkInvariants(t *testing.T, v *diffJSON) {
	t.Helper()
	for _, p := range v.Processes {
		endA, endB := 0, 0
		for hi, h := range p.Hunks {
			lastA, lastB := 0, 0
			changedA, changedB := map[int]bool{}, map[int]bool{}
			for _, l := range h.Lines {
				if l.Op != " " {
					if l.A != nil {
						changedA[l.A.Index] = true
					}
					if l.B != nil {
						changedB[l.B.Index] = true
					}
				}
			}
			for li, l := range h.Lines {
				if l.A != nil {
					if l.A.Index <= lastA || l.A.Index <= endA || (l.Op == " " && changedA[l.A.Index]) {
						t.Errorf("process %s hunk %d line %d (%s): A #%d repeated, out of order, or context and changed", p.ID, hi, li, l.Op, l.A.Index)
					}
					lastA = l.A.Index
				}
				if l.B != nil {
					if l.B.Index <= lastB || l.B.Index <= endB || (l.Op == " " && changedB[l.B.Index]) {
						t.Errorf("process %s hunk %d line %d (%s): B #%d repeated, out of order, or context and changed", p.ID, hi, li, l.Op, l.B.Index)
					}
					lastB = l.B.Index
				}
			}
			endA, endB = max(endA, lastA), max(endB, lastB)
		}
	}
}

// buildNoPIE compiles testdata/diff/NAME.c without PIE into the test
// cache.
func buildNoPIE(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "diff", name+".c")
	code, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(code)
	bin := filepath.Join(cacheDir, "diff-"+name+"-nopie-"+hex.EncodeToString(sum[:8]))
	buildMu.Lock()
	defer buildMu.Unlock()
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	cc := needTool(t, "cc")
	tmp := fmt.Sprintf("%s.%d.tmp", bin, os.Getpid())
	if out, err := exec.Command(cc, "-O1", "-no-pie", "-o", tmp, src).CombinedOutput(); err != nil {
		t.Fatalf("compiling %s: %v\n%s", src, err, out)
	}
	if err := os.Rename(tmp, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

var reLowBrk = regexp.MustCompile(`(?m)^brk\(NULL\) += 0x[0-9a-f]{1,6}$`)

// TestDiffNonPIEHeap: a program built without PIE, whose heap sits at a
// low address that address randomization moves, diffs as identical with
// itself: recorded twice, and recorded with randomization off (the heap
// right after the data, below 16 MiB) against on (setarch's own calls,
// which differ, left out).
func TestDiffNonPIEHeap(t *testing.T) {
	bin := buildNoPIE(t, "heap")
	a := recordDiff(t, t.TempDir(), nil, false, bin)
	b := recordDiff(t, t.TempDir(), nil, false, bin)
	dir := t.TempDir()
	if out, stderr, code := mt(t, dir, "diff", a, b); code != 0 || out != "" || stderr != "" {
		t.Fatalf("diff: exit %d\n%s%s", code, out, stderr)
	}
	setarch := needTool(t, "setarch")
	low := recordDiff(t, t.TempDir(), nil, false, setarch, "x86_64", "-R", bin)
	high := recordDiff(t, t.TempDir(), nil, false, setarch, "x86_64", bin)
	if out, _, _ := mt(t, dir, "print", low); !reLowBrk.MatchString(out) {
		t.Fatalf("with randomization off, the heap is not below 16 MiB: the test proves nothing\n%s", out)
	}
	if out, stderr, code := mt(t, dir, "diff", "--ignore=execve,personality,uname", low, high); code != 0 || out != "" || stderr != "" {
		t.Fatalf("diff, randomization off and on: exit %d\n%s%s", code, out, stderr)
	}
}

// TestDiffColor: --color=always colors as git diff does, never and the
// default on a pipe do not; a bad value is trouble (2).
func TestDiffColor(t *testing.T) {
	bin := buildDiffProg(t, "app")
	a := appRun(t, bin, "x=1\n", 0, false)
	b := appRun(t, bin, "", 0, false)
	dir := t.TempDir()
	out, _, code := mt(t, dir, "diff", "--color=always", a, b)
	if code != 1 || !strings.Contains(out, "\x1b[31m-openat(AT_FDCWD, \"app.conf\", O_RDONLY)  = 3\x1b[m\n") || !strings.Contains(out, "\x1b[36m@@ ") {
		t.Errorf("--color=always: exit %d\n%q", code, out)
	}
	for _, args := range [][]string{{"diff", "--color=never", a, b}, {"diff", a, b}} {
		if out, _, code := mt(t, dir, args...); code != 1 || strings.Contains(out, "\x1b") {
			t.Errorf("%q: exit %d, escapes in\n%q", args, code, out)
		}
	}
	if _, stderr, code := mt(t, dir, "diff", "--color=sometimes", a, b); code != 2 || stderr != "mytrace: diff: invalid --color argument: 'sometimes' (use auto, always or never)\n" {
		t.Errorf("--color=sometimes: exit %d, %q", code, stderr)
	}
	if _, stderr, code := mt(t, dir, "diff", "--move-window=-1", a, b); code != 2 || stderr != "mytrace: diff: invalid --move-window argument: '-1'\n" {
		t.Errorf("--move-window=-1: exit %d, %q", code, stderr)
	}
}
