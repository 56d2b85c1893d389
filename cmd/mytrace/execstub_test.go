package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestExecFailure: a command that cannot be executed (no execute bit, or
// not a program) is shown as strace shows it, through the tiny exec stub
// and through the Go one (MYTRACE_GO_STUB, what a kernel that will not
// execute a memfd gets): the failed execve, the stub's "exec:" line, exit
// status 1. A command that runs goes the same way through both.
func TestExecFailure(t *testing.T) {
	straceBin := needTool(t, "strace")
	dir := t.TempDir()
	noExec := filepath.Join(dir, "noexec")
	notProg := filepath.Join(dir, "notprog")
	if err := os.WriteFile(noExec, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notProg, []byte("x"), 0o755); err != nil {
		t.Fatal(err)
	}
	envp := regexp.MustCompile(`0x[0-9a-f]+ /\* \d+ vars \*/`)
	norm := func(s, tracer string) string {
		// strace names itself as it was run: /usr/bin/strace.
		s = regexp.MustCompile(`(?m)^\S*`+tracer+`: `).ReplaceAllString(s, "TRACER: ")
		return envp.ReplaceAllString(s, "ENVP")
	}
	for _, prog := range []string{noExec, notProg} {
		cmd := exec.Command(straceBin, "-o", filepath.Join(dir, "strace.out"), prog)
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		serr, _ := cmd.CombinedOutput()
		if cmd.ProcessState.ExitCode() != 1 {
			t.Fatalf("strace %s: exit %d, want 1", prog, cmd.ProcessState.ExitCode())
		}
		sout, _ := os.ReadFile(filepath.Join(dir, "strace.out"))
		want := norm(string(sout), "strace")
		wantErr := norm(string(serr), "strace")
		for _, goStub := range []bool{false, true} {
			if goStub {
				t.Setenv("MYTRACE_GO_STUB", "1")
			}
			_, stderr, code := mt(t, dir, "-o", "live.out", prog)
			live, _ := os.ReadFile(filepath.Join(dir, "live.out"))
			// The Go stub's environment has one variable more.
			got, gotErr := norm(string(live), "mytrace"), norm(stderr, "mytrace")
			if code != 1 || got != want || gotErr != wantErr {
				t.Errorf("%s (Go stub %v): exit %d, trace\n%s\nstderr %q\nwant exit 1, trace\n%s\nstderr %q", prog, goStub, code, got, gotErr, want, wantErr)
			}
			_, stderr, code = mt(t, dir, "record", "-o", "t.trace", prog)
			printed, _, _ := mt(t, dir, "print", "-o", "/dev/stdout", "t.trace")
			if code != 1 || norm(stderr, "mytrace") != wantErr || !strings.Contains(printed, "execve(\""+prog+"\"") || !strings.HasSuffix(printed, "+++ exited with 1 +++\n") {
				t.Errorf("record %s (Go stub %v): exit %d, stderr %q, printed\n%s", prog, goStub, code, stderr, printed)
			}
		}
		os.Unsetenv("MYTRACE_GO_STUB")
	}
	for _, goStub := range []string{"", "1"} {
		t.Setenv("MYTRACE_GO_STUB", goStub)
		out, _, code := mt(t, dir, "-e", "trace=execve", "-o", "/dev/stdout", "sh", "-c", "echo hi")
		if code != 0 || !strings.HasPrefix(out, `execve("/usr/bin/sh", ["sh", "-c", "echo hi"]`) && !strings.HasPrefix(out, `execve("/bin/sh", ["sh", "-c", "echo hi"]`) {
			t.Errorf("MYTRACE_GO_STUB=%q: exit %d, trace %q", goStub, code, out)
		}
	}
}
