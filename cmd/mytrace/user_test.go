package main

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"mytrace/internal/stracetext"
)

// TestUser: -u runs the command as another user, as strace -u does: the
// same ids for the command (id's output) and the same trace of it, live
// and through record and print; an unknown user is refused as strace
// refuses it.
func TestUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("-u needs root")
	}
	if _, err := user.Lookup("nobody"); err != nil {
		t.Skip("no user nobody")
	}
	strace := needTool(t, "strace")
	id, err := exec.LookPath("id")
	if err != nil {
		t.Skip("no id")
	}
	dir := t.TempDir()
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		return string(out)
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return norm.Text(string(b))
	}
	want := run(strace, "-u", "nobody", "-o", filepath.Join(dir, "strace.out"), id)
	if !strings.HasPrefix(want, "uid=") || strings.HasPrefix(want, "uid=0(") {
		t.Fatalf("strace -u nobody id: %q", want)
	}
	if got := run(mytraceBin, "-u", "nobody", "-o", filepath.Join(dir, "live.out"), id); got != want {
		t.Errorf("mytrace -u nobody id says %q, strace's %q", got, want)
	}
	if got := run(mytraceBin, "record", "-u", "nobody", "-o", filepath.Join(dir, "t.trace"), "--", id); got != want {
		t.Errorf("mytrace record -u nobody id says %q, strace's %q", got, want)
	}
	run(mytraceBin, "print", "-o", filepath.Join(dir, "print.out"), filepath.Join(dir, "t.trace"))
	st := read("strace.out")
	if d := stracetext.Diff(st, read("live.out")); d != "" {
		t.Errorf("live mytrace -u differs from strace (- strace, + mytrace):\n%s", d)
	}
	if d := stracetext.Diff(st, read("print.out")); d != "" {
		t.Errorf("record -u + print differs from strace (- strace, + mytrace):\n%s", d)
	}

	// An unknown user.
	_, serr, scode := runCapture(strace, dir, "-u", "no-such-user-here", id)
	_, merr, mcode := mt(t, dir, "-u", "no-such-user-here", id)
	// strace names itself by its path: compare what follows the name.
	_, sm, _ := strings.Cut(serr, ": ")
	_, mm, _ := strings.Cut(merr, ": ")
	if sm != mm || scode != mcode {
		t.Errorf("unknown user: mytrace says %q (exit %d), strace %q (exit %d)", merr, mcode, serr, scode)
	}
}

// runCapture runs a command and returns stdout, stderr and the exit code.
func runCapture(name, dir string, args ...string) (string, string, int) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}
