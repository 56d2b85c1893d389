package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"

	"mytrace/internal/stracetext"
	"mytrace/internal/testcap"
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
// its stderr and exit code: minus the signal's number if a signal killed it.
func runIn(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = -int(ws.Signal())
		}
	} else if err != nil {
		t.Fatalf("%s: %v", cmdLine(name, args), err)
	}
	return stderr.String(), code
}

// cmdLine is a command as a shell would take it, for messages.
func cmdLine(name string, args []string) string {
	return strings.Join(append([]string{name}, args...), " ")
}

// failed describes a command that did not end as it should: its command
// line, how it ended (runIn's code) and its stderr, which may be empty.
func failed(name string, args []string, stderr string, code int) string {
	how := fmt.Sprintf("exited with %d", code)
	if code < 0 {
		how = fmt.Sprintf("was killed by %v", syscall.Signal(-code))
	}
	if stderr == "" {
		stderr = "(nothing on stderr)"
	}
	return fmt.Sprintf("%s %s; stderr:\n%s", cmdLine(name, args), how, stderr)
}

// needsOf skips the test unless the machine has the capabilities test
// program name declares in "//mytrace-needs: CAP..." lines (see
// internal/testcap).
func needsOf(t *testing.T, name string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "c", name+".c"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ln := range strings.Split(string(src), "\n") {
		rest, ok := strings.CutPrefix(ln, "//mytrace-needs:")
		if !ok {
			continue
		}
		for _, n := range strings.Fields(rest) {
			c := testcap.ByName(n)
			if c == nil {
				t.Fatalf("%s.c: //mytrace-needs: unknown capability %q", name, n)
			}
			testcap.Need(t, c)
		}
	}
}

// norm normalizes traces for comparison with this machine's rules
// (internal/stracetext).
var norm = stracetext.Machine()

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
			case f == "-e" && i+1 < len(fields) && strings.HasPrefix(fields[i+1], "kvm="):
				// KVM exit reasons are read while tracing, and shown
				// by print with the same option.
				v.trace = append(v.trace, f, fields[i+1])
				v.display = append(v.display, f, fields[i+1])
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

// captureFlags are the display flags that also say what a recording
// keeps (docs/architecture.md "What a recording keeps"): -v, -yy, -s N,
// --decode-fds=SET and the -e abbrev=, read=, write= and decode-fds=
// qualifiers, given to record as to strace.
func captureFlags(display []string) []string {
	var out []string
	for i := 0; i < len(display); i++ {
		f := display[i]
		switch {
		case f == "-v" || f == "-yy" || strings.HasPrefix(f, "-s") && len(f) > 2 || strings.HasPrefix(f, "--decode-fds="):
			out = append(out, f)
		case (f == "-s" || f == "-e") && i+1 < len(display):
			q, _, _ := strings.Cut(display[i+1], "=")
			if f == "-s" || q == "abbrev" || q == "a" || q == "read" || q == "write" || q == "decode-fds" || q == "decode-fd" {
				out = append(out, f, display[i+1])
			}
			i++
		}
	}
	return out
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
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("no output (%v): %s", err, failed(argv[0], argv[1:], stderr, code))
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
	rargs := append(append(append([]string{"record", "-o", tr}, v.trace...), captureFlags(v.display)...), append([]string{"--"}, prog...)...)
	if stderr, code := runIn(t, d, mytraceBin, rargs...); code < 0 {
		t.Fatal(failed(mytraceBin, rargs, stderr, code))
	}
	pr := filepath.Join(dir, "print.out")
	pargs := append(append([]string{"print", "-o", pr}, v.display...), tr)
	if stderr, code := runIn(t, dir, mytraceBin, pargs...); code != 0 {
		t.Fatal(failed(mytraceBin, pargs, stderr, code))
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
			needsOf(t, name)
			bin := buildProg(t, name)
			if *update {
				updateGolden(t, name, bin, sem)
				return
			}
			for _, v := range variantsOf(t, name) {
				t.Run(v.String(), func(t *testing.T) {
					sem <- struct{}{}
					defer func() { <-sem }()
					st, live, printed := traceAll(t, bin, v)
					want := norm.Text(st)
					if got := norm.Text(live); got != want {
						t.Errorf("live mytrace differs from strace (- strace, + mytrace):\n%s", stracetext.Diff(want, got))
					}
					if got := norm.Text(printed); got != want {
						t.Errorf("record+print differs from strace (- strace, + mytrace):\n%s", stracetext.Diff(want, got))
					}
					if withBPF && !ptraceOnly(v) {
						pt := norm.Text(printed)
						bp := norm.Text(bpfPrint(t, bin, v))
						if bpfParity.add(name+" "+v.String(), pt, bp) < 1 && testing.Verbose() {
							t.Logf("bpf recording differs from the ptrace one (- ptrace, + bpf):\n%s", stracetext.Diff(pt, bp))
						}
					}
				})
			}
		})
	}
}
