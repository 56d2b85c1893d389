//go:build linux

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// sharedOutput says whether the trace, written to out, shares a terminal,
// a pipe or a file with the traced program's own output: out is a
// terminal, a pipe or a socket (someone reads it as it comes), or a file
// that is one of the standard streams the program inherits. Writes to
// anything else (/dev/null, a file of the trace's own) are seen only
// once the trace is over.
func sharedOutput(out *os.File) bool {
	var st unix.Stat_t
	if unix.Fstat(int(out.Fd()), &st) != nil {
		return true
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFCHR:
		return isTerminal(out)
	case unix.S_IFIFO, unix.S_IFSOCK:
		return true
	case unix.S_IFREG:
		for fd := 0; fd <= 2; fd++ {
			var s unix.Stat_t
			if unix.Fstat(fd, &s) == nil && s.Dev == st.Dev && s.Ino == st.Ino {
				return true
			}
		}
	}
	return false
}
