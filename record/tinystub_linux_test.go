//go:build linux && amd64

package record

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// TestTinyStub runs the tiny exec stub by itself, from its memfd: it stops
// itself, named as this binary, and once continued execs its second argument
// with the rest as argv and its environment as given; a failed exec
// writes the Go stub's line and exits 1.
func TestTinyStub(t *testing.T) {
	stub := tinyStubPath()
	if stub == "" {
		t.Skip("no memfd to hold the tiny stub on this kernel: launches use the Go stub (TestStubFallback)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(exe)
	name = name[:min(15, len(name))]
	run := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(stub, args...)
		cmd.Env = []string{"ONLY=this"}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Start(); errors.Is(err, syscall.ENOEXEC) {
			t.Fatalf("the kernel does not take the tiny stub as a program: %v", err)
		} else if err != nil {
			t.Skipf("the tiny stub cannot be executed here (%v): launches use the Go stub (TestStubFallback)", err)
		}
		pid := cmd.Process.Pid
		var ws syscall.WaitStatus
		if _, err := syscall.Wait4(pid, &ws, syscall.WUNTRACED, nil); err != nil || !ws.Stopped() || ws.StopSignal() != syscall.SIGSTOP {
			cmd.Process.Kill()
			t.Fatalf("stub: wait status %v (%v), want stopped by SIGSTOP", ws, err)
		}
		comm, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
		if string(comm) != name+"\n" {
			t.Errorf("stopped stub's name %q, want %q (this binary's)", comm, name)
		}
		syscall.Kill(pid, syscall.SIGCONT)
		err := cmd.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String(), code
	}
	env, err := exec.LookPath("env")
	if err != nil {
		t.Skip("no env program to run")
	}
	if out, errs, code := run(env, "env-as-argv0"); out != "ONLY=this\n" || errs != "" || code != 0 {
		t.Errorf("stub running env: stdout %q, stderr %q, exit %d; want its environment only", out, errs, code)
	}
	if out, errs, code := run("/nonexistent/x", "x"); out != "" || errs != "mytrace: exec: No such file or directory\n" || code != 1 {
		t.Errorf("stub running a missing program: stdout %q, stderr %q, exit %d", out, errs, code)
	}
}

// TestStubFallback: where the tiny stub cannot be executed (a kernel that
// refuses to execute memfds, say), the command is started through the Go
// stub instead.
func TestStubFallback(t *testing.T) {
	tinyStubPath() // made once, as in a launch
	saved := tinyStub.path
	tinyStub.path = filepath.Join(t.TempDir(), "missing")
	defer func() { tinyStub.path = saved }()
	for _, tc := range []struct {
		prog string
		want int
	}{{"/bin/true", 0}, {"/bin/false", 1}} {
		pid, err := StartStopped(tc.prog, []string{filepath.Base(tc.prog)}, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.prog, err)
		}
		comm, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
		syscall.Kill(pid, syscall.SIGCONT)
		var ws syscall.WaitStatus
		if _, err := syscall.Wait4(pid, &ws, 0, nil); err != nil {
			t.Fatal(err)
		}
		if !ws.Exited() || ws.ExitStatus() != tc.want {
			t.Errorf("%s through the Go stub: status %v, want exit %d", tc.prog, ws, tc.want)
		}
		if exe, _ := os.Executable(); string(comm) != filepath.Base(exe)[:min(15, len(filepath.Base(exe)))]+"\n" {
			t.Errorf("the stopped stub is %q, want this test binary (the Go stub)", comm)
		}
	}
}
