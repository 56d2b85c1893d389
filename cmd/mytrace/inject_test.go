package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"mytrace/internal/stracetext"
)

// Tests of -e inject= and -e fault= beyond testdata/c/inject.c's variants
// (which TestStraceParity runs): real programs, the delays' timing, bad
// rules and what a recording keeps.

// injectParity runs argv under strace, live mytrace and mytrace record +
// print with the variant's flags and requires the same normalized text;
// it returns strace's.
func injectParity(t *testing.T, v variant) string {
	t.Helper()
	st, live, printed := traceAll(t, v.args[0], variant{trace: v.trace, display: v.display, args: v.args[1:]})
	want := norm.Text(st)
	if got := norm.Text(live); got != want {
		t.Errorf("live mytrace differs from strace (- strace, + mytrace):\n%s", stracetext.Diff(want, got))
	}
	if got := norm.Text(printed); got != want {
		t.Errorf("record+print differs from strace (- strace, + mytrace):\n%s", stracetext.Diff(want, got))
	}
	return st
}

// runStatus runs a command with stdout on /dev/null and returns its
// stderr and exit code.
func runStatus(t *testing.T, dir string, argv ...string) (string, int) {
	t.Helper()
	return runIn(t, dir, argv[0], argv[1:]...)
}

// TestInjectCat: the third openat of cat fails with ENOENT, as under
// strace: the same trace, the same message from cat, the same status.
func TestInjectCat(t *testing.T) {
	strace := needTool(t, "strace")
	cat, err := exec.LookPath("cat")
	if err != nil {
		t.Fatal(err)
	}
	inject := []string{"-e", "inject=openat:error=ENOENT:when=3"}
	st := injectParity(t, variant{trace: inject, args: []string{cat, "/etc/hostname"}})
	if !strings.Contains(st, "= -1 ENOENT (No such file or directory) (INJECTED)") {
		t.Fatalf("strace injected nothing:\n%s", st)
	}
	dir := t.TempDir()
	sErr, sCode := runStatus(t, dir, append(append([]string{strace, "-o", "/dev/null"}, inject...), cat, "/etc/hostname")...)
	mErr, mCode := runStatus(t, dir, append(append([]string{mytraceBin, "-o", "/dev/null"}, inject...), cat, "/etc/hostname")...)
	if sErr != mErr || sCode != mCode {
		t.Errorf("strace: status %d, stderr %q; mytrace: status %d, stderr %q", sCode, sErr, mCode, mErr)
	}
}

// TestInjectShortWrites: write returns 1 each time, so the shell writes
// its line a byte at a time (and nothing reaches the file: the kernel
// never runs an injected call).
func TestInjectShortWrites(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	st := injectParity(t, variant{
		trace:   []string{"-e", "inject=write:retval=1"},
		display: []string{"-e", "trace=write"},
		args:    []string{sh, "-c", "echo hello"},
	})
	if n := strings.Count(st, "= 1 (INJECTED)"); n != 6 {
		t.Errorf("%d short writes, want 6:\n%s", n, st)
	}
}

// TestInjectSignal: getpid's caller gets SIGUSR1 as the call returns and
// dies of it, under strace and mytrace alike (mytrace then exits with
// 128+10 as a shell would; strace kills itself with the signal).
func TestInjectSignal(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	flags := []string{"-e", "inject=getpid:signal=SIGUSR1"}
	st := injectParity(t, variant{trace: flags, args: []string{sh, "-c", "echo $$"}})
	if !strings.Contains(st, "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL} ---") {
		t.Fatalf("no SIGUSR1 under strace:\n%s", st)
	}
	_, mCode := runStatus(t, t.TempDir(), append(append([]string{mytraceBin, "-o", "/dev/null"}, flags...), sh, "-c", "echo $$")...)
	if mCode != 128+10 {
		t.Errorf("status %d, want %d", mCode, 128+10)
	}
}

// TestInjectDelay: a delay after nanosleep's return (strace's
// -e inject=nanosleep:delay_exit=100000; glibc's nanosleep is the
// clock_nanosleep syscall) makes the traced program take that much
// longer, live and while recording.
func TestInjectDelay(t *testing.T) {
	bin := buildProg(t, "inject")
	dir := t.TempDir()
	elapsed := func(args ...string) time.Duration {
		t0 := time.Now()
		if stderr, code := runIn(t, dir, mytraceBin, args...); code != 0 {
			t.Fatalf("mytrace %v: status %d: %s", args, code, stderr)
		}
		return time.Since(t0)
	}
	base := elapsed("-o", "/dev/null", bin)
	delayed := elapsed("-o", "/dev/null", "-e", "inject=clock_nanosleep:delay_exit=100000", bin)
	recorded := elapsed("record", "-o", filepath.Join(dir, "d.trace"), "-e", "inject=clock_nanosleep:delay_exit=100000", "--", bin)
	// The delay is a lower bound on the run (the program itself takes
	// well under 100ms: base); comparing with base+100ms would depend on
	// the machine's load in each run.
	if delayed < 100*time.Millisecond || recorded < 100*time.Millisecond {
		t.Errorf("without the delay %v, with it %v live and %v recording: want at least 100ms", base, delayed, recorded)
	}
	out, stderr, code := mt(t, dir, "print", "-e", "trace=clock_nanosleep", filepath.Join(dir, "d.trace"))
	if code != 0 || !strings.Contains(out, ") = 0 (DELAYED)\n") {
		t.Errorf("print: status %d, stderr %q, output:\n%s", code, stderr, out)
	}
}

// TestInjectHoldKeepsOthersRunning: while a delay holds one process, the
// tracer goes on serving the others (strace uses a timer for the same
// reason): the parent's 50 calls and its write are done while the child
// is held for 300ms after its nanosleep.
func TestInjectHoldKeepsOthersRunning(t *testing.T) {
	bin := buildProg(t, "inject")
	dir := t.TempDir()
	out := filepath.Join(dir, "hold.out")
	if stderr, code := runIn(t, dir, mytraceBin, "-f", "-ttt", "-o", out, "-e", "inject=clock_nanosleep:delay_exit=300ms", bin, "hold"); code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	stamp := regexp.MustCompile(`^\d+ +(\d+\.\d+) (.*)$`)
	var held, parentWrite, childWrite float64
	for _, ln := range strings.Split(string(b), "\n") {
		m := stamp.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		ts, _ := strconv.ParseFloat(m[1], 64)
		switch {
		case (strings.HasPrefix(m[2], "clock_nanosleep(") || strings.HasPrefix(m[2], "<... clock_nanosleep resumed>")) && strings.HasSuffix(m[2], "(DELAYED)"):
			// The line of the call's exit (split in two when the other
			// process's calls came in between): the hold starts then.
			held = ts
		case strings.HasPrefix(m[2], `write(1, "parent\n"`):
			parentWrite = ts
		case strings.HasPrefix(m[2], `write(1, "child\n"`):
			childWrite = ts
		}
	}
	if held == 0 || parentWrite == 0 || childWrite == 0 {
		t.Fatalf("missing lines in:\n%s", b)
	}
	if !(parentWrite < childWrite) || parentWrite-held > 0.2 || childWrite-held < 0.29 {
		t.Errorf("child held at %.6f, parent wrote at %.6f, child at %.6f: want the parent served during the hold\n%s", held, parentWrite, childWrite, b)
	}
}

// reStraceName is how strace starts its messages: its argv[0].
var reStraceName = regexp.MustCompile(`(?m)^\S*strace: `)

// TestInjectBadRules: rules strace refuses are refused up front with
// strace's message and status (mytrace: for strace:), before anything
// runs; a retval that may read as an error gets strace's warning.
func TestInjectBadRules(t *testing.T) {
	strace := needTool(t, "strace")
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	for _, e := range []string{
		"inject=openat:error=NOSUCH", "inject=openat:when=0", "inject=nosuch:error=ENOENT",
		"inject=write:retval=18446744073709551616", "inject=write", "inject=:error=EIO",
		"inject=chdir:when=5..4", "inject=chdir:when=1+0", "inject=chdir:signal=129",
		"inject=chdir:error=1:retval=0", "inject=chdir:delay_enter=-1", "inject=chdir:syscall=write:error=1",
		"fault=chdir:retval=0", "fault=chdir:signal=1", "fault=chdir:error=4096",
		"inject=write:retval=-1",
	} {
		argv := []string{"-e", e, "-e", "trace=none", "touch", marker}
		sErr, sCode := runStatus(t, dir, append([]string{strace}, argv...)...)
		os.Remove(marker)
		mErr, mCode := runStatus(t, dir, append([]string{mytraceBin}, argv...)...)
		_, ran := os.Stat(marker)
		want := reStraceName.ReplaceAllString(sErr, "mytrace: ")
		if mErr != want || mCode != sCode {
			t.Errorf("-e %s: strace: %d %q; mytrace: %d %q", e, sCode, sErr, mCode, mErr)
		}
		if sCode != 0 && ran == nil {
			t.Errorf("-e %s: the command ran", e)
		}
		os.Remove(marker)
	}
	// record refuses them too; print, where nothing runs, takes none.
	_, stderr, code := mt(t, dir, "record", "-o", filepath.Join(dir, "x.trace"), "-e", "fault=chdir:when=0", "--", "true")
	if code == 0 || stderr != "mytrace: invalid fault argument 'chdir:when=0'\n" {
		t.Errorf("record: status %d, stderr %q", code, stderr)
	}
	_, stderr, code = mt(t, dir, "print", "-e", "inject=chdir:error=EIO", filepath.Join(dir, "x.trace"))
	if code == 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "inject") {
		t.Errorf("print: status %d, stderr %q", code, stderr)
	}
}

// TestInjectRecorded: a recording says which calls were tampered with,
// so print, print --json and stats show them without the program.
func TestInjectRecorded(t *testing.T) {
	bin := buildProg(t, "inject")
	dir := t.TempDir()
	tr := filepath.Join(dir, "i.trace")
	if _, stderr, code := mt(t, dir, "record", "-o", tr, "-e", "inject=chdir:error=ENOENT:when=2+2", "-e", "inject=getppid:retval=7:signal=SIGUSR1:when=3", "--", bin); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	out, _, _ := mt(t, dir, "print", "-e", "trace=chdir,getppid", tr)
	want := "chdir(\".\")                              = 0\n" +
		"chdir(\".\")                              = -1 ENOENT (No such file or directory) (INJECTED)\n" +
		"chdir(\".\")                              = 0\n" +
		"chdir(\".\")                              = -1 ENOENT (No such file or directory) (INJECTED)\n" +
		"chdir(\".\")                              = 0\n"
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "getppid()                               = 7 (INJECTED)\n--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL} ---\n") {
		t.Errorf("print:\n%s", out)
	}
	js, _, _ := mt(t, dir, "print", "--json", "-e", "trace=getppid", tr)
	if !strings.Contains(js, `"inject":{"injected":true,"retval":7,"signal":"SIGUSR1","signo":10}`) {
		t.Errorf("print --json:\n%s", js)
	}
	st, _, code := mt(t, dir, "stats", "-S", "name", "-U", "calls,errors,injected,name", tr)
	if code != 0 || !regexp.MustCompile(`(?m)^ +5 +2 +2 chdir$`).MatchString(st) || !regexp.MustCompile(`(?m)^ +3 +1 getppid$`).MatchString(st) {
		t.Errorf("stats:\n%s", st)
	}
	sj, _, _ := mt(t, dir, "stats", "--json", tr)
	if !strings.Contains(sj, `"name":"chdir","calls":5,"errors":2,"injected":2`) {
		t.Errorf("stats --json:\n%s", sj)
	}
	// strace -c's default columns stay as they are.
	if def, _, _ := mt(t, dir, "stats", tr); strings.Contains(def, "injected") {
		t.Errorf("stats shows an injected column by default:\n%s", def)
	}
}
