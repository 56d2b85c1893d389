//go:build linux

package main

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestSharedOutput: the trace keeps pace with the program (ordered) when
// it goes where someone reads it as it comes (a pipe), or into a file the
// program writes too; not into /dev/null or a file of its own.
func TestSharedOutput(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if !sharedOutput(w) {
		t.Error("a pipe is not shared output")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if sharedOutput(null) {
		t.Error("/dev/null is shared output")
	}
	own, err := os.Create(filepath.Join(t.TempDir(), "trace.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer own.Close()
	if sharedOutput(own) {
		t.Error("a file of the trace's own is shared output")
	}
	// The same file as the program's (this process's) stderr is shared.
	saved, err := dupFd(2)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { restoreFd(saved, 2); unix.Close(saved) }()
	if err := redirectFd(own, 2); err != nil {
		t.Fatal(err)
	}
	again, err := os.OpenFile(own.Name(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	shared := sharedOutput(again)
	restoreFd(saved, 2)
	if !shared {
		t.Error("the file the program's stderr writes to is not shared output")
	}
	df := &displayFlags{}
	df.count = true
	if ordered(w, df) {
		t.Error("-c output is ordered")
	}
	t.Setenv("MYTRACE_ORDER", "always")
	if ordered(own, &displayFlags{}) != true {
		t.Error("MYTRACE_ORDER=always is not ordered")
	}
	t.Setenv("MYTRACE_ORDER", "never")
	if ordered(w, &displayFlags{}) {
		t.Error("MYTRACE_ORDER=never is ordered")
	}
}

func dupFd(fd int) (int, error) { return unix.Dup(fd) }

func redirectFd(f *os.File, fd int) error { return unix.Dup2(int(f.Fd()), fd) }

func restoreFd(saved, fd int) { unix.Dup2(saved, fd) }
