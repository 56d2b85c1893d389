//go:build !linux

package session

import (
	"os"
	"syscall"
)

// quietStdio does nothing where nothing is traced.
func quietStdio() {}

// dieOf ends this process with the status of a death by sig.
func dieOf(sig syscall.Signal) { os.Exit(128 + int(sig)) }
