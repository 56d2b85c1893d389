package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"mytrace/format"
	"mytrace/internal/stracetext"
)

// The -k differential test: strace -k and mytrace -k (live, and record -k
// then print -k) on the same program must print the same call stack under
// every syscall and signal: the same frames, each with its module,
// function and offset, and file offset in brackets. strace 6.1 prints
// the file offset (address - mapping start + mapping offset), which does
// not depend on where the file was loaded, so only the addresses of
// frames outside any file (an error line) are normalized, as the other
// run-dependent values are by the harness.

// stackCase is a program traced with -k.
type stackCase struct {
	name   string
	argv   []string
	follow bool
	exprs  []string // -e expressions, for every run
	// tamper: -e inject= and -e fault= expressions, for the runs that
	// trace (not for print).
	tamper []string
	// must: what strace's output must hold, for the case to test what it
	// is there for.
	must []string
}

// attachStacks gives each stack line (" > ...", which strace writes
// without a pid prefix) the prefix of the line it belongs to, the one
// before it, so that the harness's per-process normalization keeps it
// with its call. futex calls and their stacks are left out: whether a
// thread waits for another depends on timing.
func attachStacks(out string) string {
	var b strings.Builder
	prefix := ""
	skip := false
	for _, ln := range strings.Split(out, "\n") {
		if strings.HasPrefix(ln, " > ") {
			if !skip {
				b.WriteString(prefix + ln + "\n")
			}
			continue
		}
		prefix = stracetext.PidPrefix(ln)
		rest := ln[len(prefix):]
		skip = strings.HasPrefix(rest, "futex(") || strings.HasPrefix(rest, "<... futex resumed>")
		if !skip {
			b.WriteString(ln + "\n")
		}
	}
	return b.String()
}

// runStackCase traces c under strace -k, mytrace -k, and mytrace record
// -k + print -k, and returns the three outputs.
func runStackCase(t *testing.T, c stackCase) (st, live, printed string) {
	t.Helper()
	strace := needTool(t, "strace")
	dir := t.TempDir()
	// Each run in a directory of its own (the programs of testdata/c
	// make files of fixed names in theirs), which -y would show: it is
	// replaced by CWD in the outputs.
	sub := func(name string) string {
		d := filepath.Join(dir, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	stDir, liveDir, recDir := sub("strace"), sub("live"), sub("rec")
	var flags []string
	if c.follow {
		flags = append(flags, "-f")
	}
	for _, e := range append(append([]string{}, c.exprs...), c.tamper...) {
		flags = append(flags, "-e", e)
	}
	read := func(name, runDir string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return strings.ReplaceAll(string(b), runDir, "CWD")
	}
	out := func(name string) string { return filepath.Join(dir, name) }
	args := func(pre ...string) []string {
		a := append(append(pre, flags...), "--")
		return append(a, c.argv...)
	}
	sargs := append(append([]string{"-o", out("strace.out"), "-k"}, flags...), c.argv...)
	if stderr, code := runIn(t, stDir, strace, sargs...); code < 0 {
		t.Fatal(failed(strace, sargs, stderr, code))
	}
	largs := args("-o", out("live.out"), "-k")
	if stderr, code := runIn(t, liveDir, mytraceBin, largs...); code < 0 || strings.Contains(stderr, "panic") {
		t.Fatal(failed(mytraceBin, largs, stderr, code))
	}
	rargs := args("record", "-k", "-o", out("t.trace"))
	if stderr, code := runIn(t, recDir, mytraceBin, rargs...); code < 0 || strings.Contains(stderr, "panic") {
		t.Fatal(failed(mytraceBin, rargs, stderr, code))
	}
	pargs := []string{"print", "-k", "-o", "print.out"}
	for _, e := range c.exprs {
		pargs = append(pargs, "-e", e)
	}
	if stderr, code := runIn(t, dir, mytraceBin, append(pargs, "t.trace")...); code != 0 {
		t.Fatal(failed(mytraceBin, append(pargs, "t.trace"), stderr, code))
	}
	return read("strace.out", stDir), read("live.out", liveDir), read("print.out", recDir)
}

func TestStackParity(t *testing.T) {
	needTool(t, "strace")
	calls := buildC(t, "stack", "calls")
	cat, err := exec.LookPath("cat")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := exec.LookPath("ls")
	if err != nil {
		t.Fatal(err)
	}
	cases := []stackCase{
		{name: "calls", argv: []string{calls}, follow: true, must: []string{
			" > too many stack frames",
			" > unexpected_backtracing_error [0x", // code in anonymous memory
			"(nocfi_getppid+0xb) ",                // unwound by frame pointers
			"(on_usr1+",                           // a call in a signal handler
			"--- SIGURG ",                         // a signal's stack
			"+++ exited with 0 +++\n > ",          // exit_group's, captured at entry
		}},
		// Recorded through the seccomp filter: the calls that change
		// mappings still stop, so the mappings are right.
		{name: "calls-filtered", argv: []string{calls}, follow: true, exprs: []string{"trace=chdir,getppid,getpid,write,execve,exit,exit_group"}},
		{name: "cat", argv: []string{cat, "/etc/hostname"}, must: []string{
			"cat() [0x",   // no symbol, stack walked at exit
			"cat(+0x0) [", // no symbol, stack captured at entry
		}},
		{name: "ls", argv: []string{ls, "-la", "/usr/bin"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkStackCase(t, c) })
	}
}

// checkStackCase runs c under strace -k and mytrace -k (live, and record
// + print) and requires the same normalized output.
func checkStackCase(t *testing.T, c stackCase) {
	t.Helper()
	st, live, printed := runStackCase(t, c)
	if !strings.Contains(st, "\n > ") {
		t.Fatalf("strace -k printed no stack:\n%s", st)
	}
	want := norm.Text(attachStacks(st))
	for _, r := range []struct{ name, out string }{{"live mytrace -k", live}, {"record -k + print -k", printed}} {
		if got := norm.Text(attachStacks(r.out)); got != want {
			t.Errorf("%s differs from strace -k (- strace, + mytrace):\n%s", r.name, stracetext.Diff(want, got))
		}
	}
	for _, s := range c.must {
		if !strings.Contains(st, s) {
			t.Errorf("strace's output lacks %q: the case does not test what it should", s)
		}
	}
}

// TestStackJSON: print --json -k gives each call its stack as an array
// of frames.
func TestStackJSON(t *testing.T) {
	calls := buildC(t, "stack", "calls")
	dir := t.TempDir()
	if _, stderr, code := mt(t, dir, "record", "-k", "-o", "t.trace", "--", calls); code != 0 {
		t.Fatalf("record -k: %d %s", code, stderr)
	}
	out, stderr, code := mt(t, dir, "print", "--json", "-k", "-e", "trace=chdir", "t.trace")
	if code != 0 {
		t.Fatalf("print --json -k: %d %s", code, stderr)
	}
	type frame struct {
		IP         uint64 `json:"ip"`
		Module     string `json:"module"`
		Symbol     string `json:"symbol"`
		Offset     uint64 `json:"offset"`
		FileOffset uint64 `json:"file_offset"`
		Error      string `json:"error"`
	}
	n := 0
	for _, ln := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct {
			Type  string  `json:"type"`
			Name  string  `json:"name"`
			Stack []frame `json:"stack"`
		}
		if err := json.Unmarshal([]byte(ln), &rec); err != nil {
			t.Fatalf("%v: %s", err, ln)
		}
		if rec.Type != "syscall" || rec.Name != "chdir" {
			continue
		}
		n++
		if len(rec.Stack) < 6 {
			t.Fatalf("chdir with a short stack: %s", ln)
		}
		if f := rec.Stack[0]; !strings.HasSuffix(f.Module, "libc.so.6") || f.Symbol != "chdir" || f.IP == 0 || f.FileOffset == 0 {
			t.Errorf("chdir's first frame: %+v", f)
		}
		if f := rec.Stack[1]; f.Module != calls || f.Symbol != "f3" {
			t.Errorf("chdir's second frame: %+v", f)
		}
	}
	if n != 3 {
		t.Errorf("%d chdir calls, want 3:\n%s", n, out)
	}
}

// TestStackFileChanged: a file replaced or removed after the recording
// gives the module and offset of its frames, and one line on stderr that
// says why.
func TestStackFileChanged(t *testing.T) {
	calls := buildC(t, "stack", "calls")
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog")
	copyFile(t, calls, prog)
	if _, stderr, code := mt(t, dir, "record", "-k", "-o", "t.trace", "--", prog); code != 0 {
		t.Fatalf("record -k: %d %s", code, stderr)
	}
	out, stderr, code := mt(t, dir, "print", "-k", "t.trace")
	if code != 0 || stderr != "" || !strings.Contains(out, prog+"(f3+") {
		t.Fatalf("print -k of the unchanged file: %d %q\n%s", code, stderr, out)
	}
	check := func(why string) {
		t.Helper()
		out, stderr, code := mt(t, dir, "print", "-k", "t.trace")
		if code != 0 {
			t.Fatalf("print -k: %d %s", code, stderr)
		}
		if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, prog+": "+why) {
			t.Errorf("stderr: %q, want one line saying %q", stderr, why)
		}
		if strings.Contains(out, prog+"(f3+") || !strings.Contains(out, " > "+prog+"() [0x") {
			t.Errorf("frames of %s still symbolised, or missing:\n%s", prog, out)
		}
		// libc's frames are still complete.
		if !strings.Contains(out, "libc.so.6(chdir+") {
			t.Errorf("libc's frames are gone:\n%s", out)
		}
	}
	// Another program at the same path: another build-id.
	os.Remove(prog)
	copyFile(t, needTool(t, "true"), prog)
	check("not the file that was mapped (build-id differs)")
	os.Remove(prog)
	check("gone since the recording")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestStackOnlyWithK: without -k a recording holds no stack and no
// mappings; with it, both.
func TestStackOnlyWithK(t *testing.T) {
	calls := buildC(t, "stack", "calls")
	dir := t.TempDir()
	count := func(file string) (stacks, maps int) {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rd, err := format.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			e, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.HasStack {
				stacks++
			}
			if e.Kind == format.KindMaps {
				maps++
			}
		}
	}
	for _, k := range []bool{false, true} {
		args := []string{"record", "-f", "-o", "t.trace", "--", calls}
		if k {
			args = []string{"record", "-k", "-f", "-o", "t.trace", "--", calls}
		}
		if _, stderr, code := mt(t, dir, args...); code != 0 {
			t.Fatalf("record: %d %s", code, stderr)
		}
		stacks, maps := count("t.trace")
		if k && (stacks < 100 || maps < 3) {
			t.Errorf("record -k: %d stacks, %d mappings events", stacks, maps)
		}
		if !k && (stacks != 0 || maps != 0) {
			t.Errorf("record without -k: %d stacks, %d mappings events", stacks, maps)
		}
	}
}
