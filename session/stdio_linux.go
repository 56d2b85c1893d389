//go:build linux

package session

import (
	"os"

	"golang.org/x/sys/unix"
)

// quietStdio points the tracer's own stdin and stdout at /dev/null once the
// command has inherited them, so that a pipe the command writes to or reads
// from is not held open by the tracer (as strace does).
func quietStdio() {
	if f, err := os.OpenFile(os.DevNull, os.O_RDWR, 0); err == nil {
		unix.Dup2(int(f.Fd()), 0)
		unix.Dup2(int(f.Fd()), 1)
		f.Close()
	}
}
