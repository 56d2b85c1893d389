package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"mytrace/internal/stracetext"
)

// Tests of strace's everyday options that the parity harness cannot run
// by itself: -ff (one file per process), -A (append), and -e read=/write=
// given to record.

// separateFiles reads the FILE.PID files of a -ff run: their texts in
// the order of their pids, with pids normalized.
func separateFiles(t *testing.T, prefix string) []string {
	t.Helper()
	names, err := filepath.Glob(prefix + ".*")
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		pid  int
		text string
	}
	var files []file
	for _, n := range names {
		pid, err := strconv.Atoi(strings.TrimPrefix(n, prefix+"."))
		if err != nil {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file{pid, string(b)})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].pid < files[j].pid })
	var out []string
	for _, f := range files {
		out = append(out, norm.Text(f.text))
	}
	return out
}

// TestOutputSeparately compares mytrace -ff -o FILE (live, and record +
// print -ff) with strace -ff -o FILE: the same FILE.PID files, one per
// process, without pid prefixes.
func TestOutputSeparately(t *testing.T) {
	strace := needTool(t, "strace")
	bin := buildProg(t, "proc_fork")
	for _, flags := range [][]string{nil, {"-i", "-n", "-e", "write=1"}} {
		t.Run(strings.Join(append([]string{"-ff"}, flags...), " "), func(t *testing.T) {
			dir := t.TempDir()
			run := func(name string, args ...string) {
				if stderr, code := runIn(t, dir, name, args...); code < 0 {
					t.Fatalf("%s: %s", name, stderr)
				}
			}
			args := func(pre []string, post ...string) []string {
				return append(append(pre, flags...), post...)
			}
			run(strace, args([]string{"-ff", "-o", filepath.Join(dir, "st")}, bin)...)
			run(mytraceBin, args([]string{"-ff", "-o", filepath.Join(dir, "live")}, bin)...)
			run(mytraceBin, "record", "-f", "-o", filepath.Join(dir, "t.trace"), bin)
			run(mytraceBin, args([]string{"print", "-ff", "-o", filepath.Join(dir, "pr")}, filepath.Join(dir, "t.trace"))...)
			want := separateFiles(t, filepath.Join(dir, "st"))
			if len(want) < 2 {
				t.Fatalf("strace -ff wrote %d files, want several", len(want))
			}
			for _, prefix := range []string{"live", "pr"} {
				got := separateFiles(t, filepath.Join(dir, prefix))
				if len(got) != len(want) {
					t.Errorf("%s: %d files, strace wrote %d", prefix, len(got), len(want))
					continue
				}
				for i := range want {
					if got[i] != want[i] {
						t.Errorf("%s: file %d differs from strace's (- strace, + mytrace):\n%s", prefix, i, stracetext.Diff(want[i], got[i]))
					}
					if strings.Contains(got[i], "[pid") {
						t.Errorf("%s: file %d has pid prefixes", prefix, i)
					}
				}
			}
		})
	}
}

// TestOutputAppend: -A appends to the -o file (live and print), as
// strace -A does; without it the file is truncated.
func TestOutputAppend(t *testing.T) {
	bin := buildProg(t, "basic")
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	os.WriteFile(out, []byte("before\n"), 0o644)
	runIn(t, dir, mytraceBin, "-A", "-o", out, bin)
	b, _ := os.ReadFile(out)
	if !strings.HasPrefix(string(b), "before\nexecve(") {
		t.Errorf("-A: file does not start with the old text then the trace:\n%.200s", b)
	}
	runIn(t, dir, mytraceBin, "-o", out, bin)
	b, _ = os.ReadFile(out)
	if strings.HasPrefix(string(b), "before\n") {
		t.Errorf("without -A the file was not truncated")
	}
	tr := filepath.Join(dir, "t.trace")
	runIn(t, dir, mytraceBin, "record", "-o", tr, bin)
	os.WriteFile(out, []byte("before\n"), 0o644)
	if stderr, code := runIn(t, dir, mytraceBin, "print", "-A", "-o", out, tr); code != 0 {
		t.Fatalf("print -A: %s", stderr)
	}
	b, _ = os.ReadFile(out)
	if !strings.HasPrefix(string(b), "before\nexecve(") {
		t.Errorf("print -A: file does not start with the old text then the trace:\n%.200s", b)
	}
}

// TestRecordDump: -e write= and -e read= given to record capture those
// descriptors' data in full, beyond -s, so print shows strace's dumps of
// large buffers.
func TestRecordDump(t *testing.T) {
	strace := needTool(t, "strace")
	dir := t.TempDir()
	run := func(name string, args ...string) {
		if stderr, code := runIn(t, dir, name, args...); code != 0 {
			t.Fatalf("%s %v: exit %d: %s", name, args, code, stderr)
		}
	}
	// dd copies 5000 bytes (more than record's -s 256) from its input
	// (descriptor 0) to its output (1).
	cmd := []string{"dd", "if=/etc/services", "of=/dev/null", "bs=5000", "count=1", "status=none"}
	flags := []string{"-e", "trace=read,write", "-e", "write=1", "-e", "read=0"}
	run(strace, append(append([]string{"-o", filepath.Join(dir, "st")}, flags...), cmd...)...)
	run(mytraceBin, append(append([]string{"record", "-o", filepath.Join(dir, "t.trace")}, flags...), cmd...)...)
	run(mytraceBin, append([]string{"print", "-o", filepath.Join(dir, "pr")}, append(flags, filepath.Join(dir, "t.trace"))...)...)
	st, _ := os.ReadFile(filepath.Join(dir, "st"))
	pr, _ := os.ReadFile(filepath.Join(dir, "pr"))
	want, got := norm.Text(string(st)), norm.Text(string(pr))
	if !strings.Contains(want, " | 01380  ") {
		t.Fatalf("strace did not dump 5000 bytes:\n%.2000s", want)
	}
	if got != want {
		t.Errorf("record -e write=,read= + print differs from strace (- strace, + mytrace):\n%s", stracetext.Diff(want, got))
	}
}

// TestEnvOption: -E VAR=VAL sets a variable of the command's environment
// (in its place if it was set), -E VAR removes it, as strace -E.
func TestEnvOption(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	script := "echo \"$MYTRACE_T1 ${MYTRACE_T2-unset} $MYTRACE_T3\" > " + out
	for _, sub := range [][]string{{}, {"record", "-o", filepath.Join(dir, "t.trace")}} {
		args := append(append([]string{}, sub...), "-E", "MYTRACE_T1=new", "-E", "MYTRACE_T2", "-E", "MYTRACE_T3=added")
		if len(sub) == 0 {
			args = append(args, "-o", filepath.Join(dir, "trace.txt"))
		}
		args = append(args, "sh", "-c", script)
		cmd := exec.Command(mytraceBin, args...)
		cmd.Env = append(os.Environ(), "MYTRACE_T1=old", "MYTRACE_T2=gone")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, b)
		}
		b, _ := os.ReadFile(out)
		if string(b) != "new unset added\n" {
			t.Errorf("%v: the command saw %q", sub, b)
		}
	}
}
