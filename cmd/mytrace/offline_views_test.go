package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOfflineViews: print's strace summary (-c, -C), one warning for a
// view a recording cannot give (stacks, calls filtered out at record
// time), options given to the wrong command, diff's hint on files that
// are not traces, and completion of an unknown shell.
func TestOfflineViews(t *testing.T) {
	dir := t.TempDir()
	tr := filepath.Join(dir, "t.trace")
	if _, stderr, code := mt(t, dir, "record", "-o", tr, "-e", "trace=openat,close", "--", "cat", "/etc/hostname"); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	// A recording from before pids were noted.
	old, err := filepath.Abs(filepath.Join("..", "..", "testdata", "golden", "basic.trace"))
	if err != nil {
		t.Fatal(err)
	}
	if out, stderr, _ := mt(t, dir, "print", "-Y", tr); stderr != "" || !strings.Contains(out, "openat(") {
		t.Errorf("print -Y of a new recording: %q\n%s", stderr, out)
	}
	out, stderr, code := mt(t, dir, "print", "-c", "-S", "name", "-U", "calls,name", tr)
	if code != 0 || stderr != "" || !strings.Contains(out, " close\n") || !strings.Contains(out, " openat\n") || strings.Contains(out, "openat(") {
		t.Errorf("print -c: %d %q\n%s", code, stderr, out)
	}
	out, _, _ = mt(t, dir, "print", "-C", "-U", "calls,name", tr)
	if !strings.Contains(out, "openat(") || !strings.Contains(out, " total\n") {
		t.Errorf("print -C shows no trace and summary:\n%s", out)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"print", "-k", tr}, 0, "warning: recorded without -k: no call stacks to show"},
		{[]string{"print", "-e", "kvm=vcpu", tr}, 0, "warning: -e kvm=vcpu: no KVM exit reasons to show (record with mytrace record -e kvm=vcpu)"},
		{[]string{"print", "-Y", old}, 0, "warning: -Y: no command names to show (recorded by an older mytrace)"},
		{[]string{"print", "--decode-pids=pidns", old}, 0, "warning: --decode-pids=pidns: no PID namespaces noted"},
		{[]string{"print", "-D", tr}, 1, "mytrace: -D is a tracing option: give it to"},
		{[]string{"print", "-e", "trace=read", tr}, 0, "warning: recorded with -e trace=openat,close: read was not recorded"},
		{[]string{"print", "-p", "1", tr}, 1, "mytrace: -p is a tracing option: give it to"},
		{[]string{"print", "--inject=read:error=EIO", tr}, 1, "mytrace: --inject is a tracing option"},
		{[]string{"record", "-o", tr, "-T", "true"}, 1, "mytrace: -T is a display option: give it to mytrace print"},
		{[]string{"record", "-o", tr, "--syscall-times=ns", "true"}, 1, "mytrace: --syscall-times is a display option"},
		{[]string{"completion", "tcsh"}, 1, "mytrace: unknown command \"tcsh\" for \"mytrace completion\""},
		{[]string{"-s", "abc", "true"}, 1, "mytrace: invalid -s argument: 'abc'\n"},
		{[]string{"record", "-s", "abc", "-o", tr, "true"}, 1, "mytrace: invalid -s argument: 'abc'\n"},
	} {
		_, stderr, code := mt(t, dir, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("mytrace %q: exit %d, stderr %q; want %d and one line with %q", c.args, code, stderr, c.code, c.want)
		}
	}
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("one\n"), 0o644)
	os.WriteFile(b, []byte("two\n"), 0o644)
	if _, stderr, code := mt(t, dir, "diff", a, b); code != 2 || !strings.Contains(stderr, "not a mytrace trace (to trace the program diff on these files: mytrace -- diff "+a+" "+b+")") {
		t.Errorf("diff of text files: %d %q", code, stderr)
	}
	// A recording cut inside its first chunk of events has nothing to show.
	data, _ := os.ReadFile(tr)
	cut := filepath.Join(dir, "cut.trace")
	os.WriteFile(cut, data[:200], 0o644)
	if out, stderr, code := mt(t, dir, "print", cut); code != 1 || out != "" || !strings.HasSuffix(stderr, "before any event\n") {
		t.Errorf("print of a recording cut in its first chunk: %d %q %q", code, out, stderr)
	}
	// Completion offers values.
	out, _, _ = mt(t, dir, "__complete", "-e", "trace=%fi")
	if !strings.Contains(out, "trace=%file\n") {
		t.Errorf("completion of -e trace=%%fi: %q", out)
	}
	out, _, _ = mt(t, dir, "__complete", "print", "--color", "")
	if !strings.Contains(out, "always\n") {
		t.Errorf("completion of --color: %q", out)
	}
	for _, c := range [][]string{{"-I", "nev", "never_tstp\n"}, {"--daemonize=", "pgroup\n"}, {"record", "-b", "", "execve\n"}} {
		args := append([]string{"__complete"}, c[:len(c)-1]...)
		if out, _, _ := mt(t, dir, args...); !strings.Contains(out, c[len(c)-1]) {
			t.Errorf("completion of %q: %q", c[:len(c)-1], out)
		}
	}
}
