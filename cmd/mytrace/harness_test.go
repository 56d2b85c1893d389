package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The differential tests run strace 6.1 (the oracle) and mytrace on the
// same programs and compare their output after taking out what differs
// from run to run (addresses, pids, random bytes, times).

var (
	mytraceBin string // built once by TestMain
	cacheDir   string // compiled test programs
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mytrace-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mytraceBin = filepath.Join(dir, "mytrace")
	out, err := exec.Command("go", "build", "-o", mytraceBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building mytrace: %v\n%s", err, out)
		os.Exit(1)
	}
	cacheDir = testCacheDir()
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func testCacheDir() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	d := filepath.Join(base, "mytrace-testprogs")
	os.MkdirAll(d, 0o755)
	return d
}

// needTool fails the test (never skips it) when a tool the differential
// tests rely on is missing: .ci/run installs them.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed; the differential tests need it (see .ci/run)", name)
	}
	return p
}

var buildMu sync.Mutex

// buildProg compiles testdata/c/NAME.c into the cache, keyed by the
// source's hash, and returns the binary's path.
func buildProg(t *testing.T, name string) string {
	return buildC(t, "c", name)
}

// buildC compiles testdata/DIR/NAME.c into the test cache, keyed by the
// directory and the source's hash, and returns the binary's path.
func buildC(t *testing.T, dir, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", dir, name+".c")
	code, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(code)
	prefix := name
	if dir != "c" {
		prefix = dir + "-" + name
	}
	bin := filepath.Join(cacheDir, prefix+"-"+hex.EncodeToString(sum[:8]))
	buildMu.Lock()
	defer buildMu.Unlock()
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	cc := needTool(t, "cc")
	tmp := fmt.Sprintf("%s.%d.tmp", bin, os.Getpid())
	out, err := exec.Command(cc, "-O1", "-o", tmp, src, "-lpthread").CombinedOutput()
	if err != nil {
		t.Fatalf("compiling %s: %v\n%s", src, err, out)
	}
	if err := os.Rename(tmp, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// runIn runs a command in dir with stdin and stdout on /dev/null, returning
// its stderr and exit code.
func runIn(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return stderr.String(), code
}

// Normalization: the parts of a trace that differ between two runs of the
// same program.
var (
	reAddr      = regexp.MustCompile(`0x[0-9a-f]{7,}`)
	reRandom    = regexp.MustCompile(`getrandom\("(?:[^"\\]|\\.)*"`)
	rePidPrefix = regexp.MustCompile(`^(\[pid +\d+\] |\d+ +)`)
	rePidRet    = regexp.MustCompile(`^((?:clone|clone3|fork|vfork|getpid|gettid|getppid|set_tid_address|wait4|waitid|getpgrp|getpgid|getsid|setsid|rt_sigreturn)\(.*\) += )\d+`)
	rePidArg    = regexp.MustCompile(`\b(kill|tgkill|tkill|wait4|getpgid|getsid|setpgid|prlimit64|sched_getaffinity|sched_setaffinity|pidfd_open)\(\d+`)
	rePidArg2   = regexp.MustCompile(`\b(tgkill\(PID|setpgid\(PID), \d+`)
	rePidField  = regexp.MustCompile(`\b(si_pid|pid)=\d+`)
	rePidTid    = regexp.MustCompile(`(tid=\[|tidptr=\[|pidfd=\[)\d+\]`)
	rePidText   = regexp.MustCompile(`(Process|pid|superseded by execve in pid) \d+`)
	reTimes     = regexp.MustCompile(`tv_(n?sec|usec)=\d+`)
	reTimeComm  = regexp.MustCompile(`/\* \d{4}-\d\d-\d\dT[^*]*\*/`)
	reDuration  = regexp.MustCompile(` <\d+\.\d+>$`)
	reInode     = regexp.MustCompile(`\b(pipe|socket|net):\[\d+\]`)
	reFileMeta  = regexp.MustCompile(`\b(st_ino|stx_ino|st_[amc]time(?:_nsec)?|tv_sec|tv_nsec|st_dev|stx_dev_minor|stx_mnt_id)=(makedev\([^)]*\)|[0-9a-fx]+)`)
	reClock     = regexp.MustCompile(`si_[us]time=\d+( /\* [0-9.]+ s \*/)?`)
	reTimestamp = regexp.MustCompile(`^(\d\d:\d\d:\d\d(\.\d{6})? |\d{9,}\.\d{6} |\(?\+? *\d+\.\d{6}\)? )+`)
	reAlign     = regexp.MustCompile(`\) +=( |$)`)
	reUnfin     = regexp.MustCompile(` <unfinished \.\.\.>$`)
	reResumed   = regexp.MustCompile(`^<\.\.\. (\w+) resumed>`)
	reAttached  = regexp.MustCompile(`^(strace|mytrace): Process PID attached`)
)

// extraNormalizers are applied to every normalized line after the
// built-in rules; test files of a syscall family may add to it in init
// for values of their own that change from run to run.
var extraNormalizers []func(string) string

// normalize turns a trace into per-process sequences of lines with
// run-dependent values replaced, unfinished calls joined with their
// resumption, and diagnostics dropped.
func normalize(out string) map[string][]string {
	pending := map[string]string{}
	seqs := map[string][]string{}
	for _, ln := range strings.Split(out, "\n") {
		if ln == "" {
			continue
		}
		pid := ""
		if m := rePidPrefix.FindString(ln); m != "" {
			pid = strings.Trim(m, "[]pid ")
			ln = ln[len(m):]
		}
		ln = reTimestamp.ReplaceAllString(ln, "")
		if strings.HasPrefix(ln, "strace: ") || strings.HasPrefix(ln, "mytrace: ") {
			continue
		}
		if reUnfin.MatchString(ln) {
			pending[pid] = reUnfin.ReplaceAllString(ln, "")
			continue
		}
		if m := reResumed.FindStringSubmatch(ln); m != nil {
			from := pid
			if _, ok := pending[pid]; !ok {
				// The unfinished line had a pid prefix that the resumed
				// one lacks: the other processes ended in between, and
				// strace -f drops the prefix when one process is left.
				from = pendingCall(pending, m[1])
			}
			ln = pending[from] + ln[len(m[0]):]
			delete(pending, from)
		}
		ln = normLine(ln, pid != "")
		seqs[pid] = append(seqs[pid], ln)
	}
	for pid, ln := range pending {
		seqs[pid] = append(seqs[pid], normLine(ln, pid != "")+" <unfinished ...>")
	}
	return seqs
}

// pendingCall returns the pid of the one unfinished call named name in
// pending, or "" if there is not exactly one.
func pendingCall(pending map[string]string, name string) string {
	found, n := "", 0
	for pid, ln := range pending {
		if strings.HasPrefix(ln, name+"(") {
			found, n = pid, n+1
		}
	}
	if n != 1 {
		return ""
	}
	return found
}

// normLine replaces the run-dependent values of one line; prefixed says
// the line had a pid prefix. A pid prefix, or a pid among the arguments,
// shifts the column of " = " by its width, so there the column is not
// compared.
func normLine(ln string, prefixed bool) string {
	ln = reAddr.ReplaceAllString(ln, "0xADDR")
	ln = reRandom.ReplaceAllString(ln, `getrandom("RANDOM"`)
	ln = rePidRet.ReplaceAllString(ln, "${1}PID")
	ln = rePidArg.ReplaceAllString(ln, "${1}(PID")
	ln = rePidArg2.ReplaceAllString(ln, "${1}, PID")
	ln = rePidField.ReplaceAllString(ln, "${1}=PID")
	ln = rePidTid.ReplaceAllString(ln, "${1}PID]")
	ln = rePidText.ReplaceAllString(ln, "${1} PID")
	ln = reTimes.ReplaceAllString(ln, "tv_$1=N")
	ln = reTimeComm.ReplaceAllString(ln, "/* TIME */")
	ln = reDuration.ReplaceAllString(ln, " <DURATION>")
	ln = reClock.ReplaceAllString(ln, "si_Xtime=N")
	ln = reFileMeta.ReplaceAllString(ln, "${1}=N")
	ln = reInode.ReplaceAllString(ln, "${1}:[N]")
	for _, f := range extraNormalizers {
		ln = f(ln)
	}
	if prefixed || strings.Contains(ln, "PID") {
		// The column of " = " depends on the pid's width.
		ln = reAlign.ReplaceAllString(ln, ") = ")
	}
	return ln
}

// flatten orders the per-process sequences canonically for comparison.
func flatten(seqs map[string][]string) string {
	var blocks []string
	for _, s := range seqs {
		blocks = append(blocks, strings.Join(s, "\n"))
	}
	sort.Strings(blocks)
	return strings.Join(blocks, "\n----\n") + "\n"
}

// diffText returns a short unified-style report of the first differences.
func diffText(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	shown := 0
	i, j := 0, 0
	for i < len(al) || j < len(bl) {
		switch {
		case i < len(al) && j < len(bl) && al[i] == bl[j]:
			i++
			j++
			continue
		}
		// Find the next resynchronisation point.
		found := false
		for k := 0; k < 40 && !found; k++ {
			for d := 0; d <= k; d++ {
				if i+d < len(al) && j+k-d < len(bl) && al[i+d] == bl[j+k-d] {
					for x := 0; x < d; x++ {
						fmt.Fprintf(&out, "- %s\n", al[i+x])
					}
					for x := 0; x < k-d; x++ {
						fmt.Fprintf(&out, "+ %s\n", bl[j+x])
					}
					i, j = i+d, j+k-d
					found = true
					break
				}
			}
		}
		if !found {
			if i < len(al) {
				fmt.Fprintf(&out, "- %s\n", al[i])
				i++
			}
			if j < len(bl) {
				fmt.Fprintf(&out, "+ %s\n", bl[j])
				j++
			}
		}
		if shown++; shown > 30 {
			out.WriteString("...\n")
			break
		}
	}
	return out.String()
}

// variant is one way of running a test program.
type variant struct {
	trace   []string // tracing flags (-f), given to strace, mytrace and mytrace record
	display []string // display flags, given to strace, mytrace and mytrace print
	args    []string // the program's arguments
}

func (v variant) String() string {
	s := strings.Join(append(append([]string{}, v.trace...), v.display...), " ")
	if len(v.args) > 0 {
		s += " -- " + strings.Join(v.args, " ")
	}
	if s == "" {
		return "default"
	}
	return s
}

// variantsOf reads "//mytrace-test: FLAGS [-- ARGS]" lines from a test
// program's source; each is one variant (default: no flags).
func variantsOf(t *testing.T, name string) []variant {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "c", name+".c"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []variant
	for _, ln := range strings.Split(string(src), "\n") {
		rest, ok := strings.CutPrefix(ln, "//mytrace-test:")
		if !ok {
			continue
		}
		var v variant
		flags, args, _ := strings.Cut(rest, " -- ")
		fields := strings.Fields(flags)
		for i := 0; i < len(fields); i++ {
			f := fields[i]
			switch {
			case f == "-f":
				v.trace = append(v.trace, f)
			case f == "-e" && i+1 < len(fields) && (strings.HasPrefix(fields[i+1], "inject=") || strings.HasPrefix(fields[i+1], "fault=")):
				// Tampering is done while tracing: record takes it.
				v.trace = append(v.trace, f, fields[i+1])
				i++
			default:
				v.display = append(v.display, f)
			}
		}
		v.args = strings.Fields(args)
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		vs = []variant{{}}
	}
	return vs
}

// traceAll runs the program under strace, under live mytrace and under
// mytrace record + print, and returns the three outputs.
func traceAll(t *testing.T, bin string, v variant) (st, live, printed string) {
	t.Helper()
	strace := needTool(t, "strace")
	dir := t.TempDir()
	run := func(sub string, argv ...string) string {
		d := filepath.Join(dir, sub)
		os.Mkdir(d, 0o755)
		out := filepath.Join(dir, sub+".out")
		stderr, code := runIn(t, d, argv[0], argv[1:]...)
		_ = code
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("%s: no output (%v); stderr:\n%s", sub, err, stderr)
		}
		// Each run has a directory of its own, which -y shows.
		return strings.ReplaceAll(string(b), d, "CWD")
	}
	prog := append([]string{bin}, v.args...)
	flags := append(append([]string{}, v.trace...), v.display...)
	st = run("strace", append(append([]string{strace, "-o", filepath.Join(dir, "strace.out")}, flags...), prog...)...)
	live = run("live", append(append([]string{mytraceBin, "-o", filepath.Join(dir, "live.out")}, flags...), prog...)...)
	tr := filepath.Join(dir, "t.trace")
	d := filepath.Join(dir, "rec")
	os.Mkdir(d, 0o755)
	if stderr, code := runIn(t, d, mytraceBin, append(append([]string{"record", "-o", tr}, v.trace...), append([]string{"--"}, prog...)...)...); code < 0 {
		t.Fatalf("record: %s", stderr)
	}
	pr := filepath.Join(dir, "print.out")
	if stderr, code := runIn(t, dir, mytraceBin, append(append([]string{"print", "-o", pr}, v.display...), tr)...); code != 0 {
		t.Fatalf("print exited %d: %s", code, stderr)
	}
	b, err := os.ReadFile(pr)
	if err != nil {
		t.Fatal(err)
	}
	return st, live, strings.ReplaceAll(string(b), d, "CWD")
}

// TestStraceParity runs every program in testdata/c under strace and
// mytrace and requires the same normalized output.
func TestStraceParity(t *testing.T) {
	needTool(t, "strace")
	progs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "c", "*.c"))
	if err != nil || len(progs) == 0 {
		t.Fatalf("no test programs found: %v", err)
	}
	sem := make(chan struct{}, runtime.NumCPU())
	// The fourth run: record --backend=bpf and print, against the ptrace
	// recording's print (bpf_test.go); reported over the whole corpus.
	withBPF := bpfReasonFor(t) == ""
	t.Cleanup(func() { bpfParity.report(t) })
	for _, p := range progs {
		name := strings.TrimSuffix(filepath.Base(p), ".c")
		if src, err := os.ReadFile(p); err == nil && strings.Contains(string(src), "//mytrace-parity: no") {
			continue // used by a test of its own: strace and mytrace differ on purpose
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bin := buildProg(t, name)
			for _, v := range variantsOf(t, name) {
				t.Run(v.String(), func(t *testing.T) {
					sem <- struct{}{}
					defer func() { <-sem }()
					st, live, printed := traceAll(t, bin, v)
					want := flatten(normalize(st))
					if got := flatten(normalize(live)); got != want {
						t.Errorf("live mytrace differs from strace (- strace, + mytrace):\n%s", diffText(want, got))
					}
					if got := flatten(normalize(printed)); got != want {
						t.Errorf("record+print differs from strace (- strace, + mytrace):\n%s", diffText(want, got))
					}
					if withBPF && !usesInject(v) {
						pt := flatten(normalize(printed))
						bp := flatten(normalize(bpfPrint(t, bin, v)))
						if bpfParity.add(name+" "+v.String(), pt, bp) < 1 && testing.Verbose() {
							t.Logf("bpf recording differs from the ptrace one (- ptrace, + bpf):\n%s", diffText(pt, bp))
						}
					}
				})
			}
		})
	}
}

// TestNormalizeResumedWithoutPrefix: strace -f drops the pid prefix once a
// single process is left, so a call left unfinished while two ran can
// resume without one; normalize still joins the two halves, as the
// unsplit line a tracer prints at the exit.
func TestNormalizeResumedWithoutPrefix(t *testing.T) {
	split := "[pid 200] wait4(201,  <unfinished ...>\n[pid 201] exit_group(0) = ?\n[pid 201] +++ exited with 0 +++\n<... wait4 resumed>NULL, 0, NULL) = 201\nexit_group(0) = ?\n"
	whole := "[pid 201] exit_group(0) = ?\n[pid 201] +++ exited with 0 +++\nwait4(201, NULL, 0, NULL) = 201\nexit_group(0) = ?\n"
	if a, b := flatten(normalize(split)), flatten(normalize(whole)); a != b {
		t.Errorf("split and whole differ after normalize:\n%s\nagainst\n%s", a, b)
	}
}
