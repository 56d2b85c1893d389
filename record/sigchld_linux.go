//go:build linux && amd64

package record

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// defaultSigchld gives SIGCHLD its default disposition. Every stop of a
// tracee sends the tracer a SIGCHLD; the Go runtime installs a handler for
// it, so each stop would also cost a signal delivery, a handler run and an
// rt_sigreturn in the tracer, about as much as the stop itself. With the
// default disposition the kernel discards the signal when it is generated.
// wait4 is unaffected (SIG_DFL, unlike SIG_IGN, keeps zombies for it).
// mytrace never asks to be notified of SIGCHLD, which would reinstall the
// runtime's handler.
func defaultSigchld() error {
	// struct kernel_sigaction: handler, flags, restorer, mask.
	var act struct {
		handler  uintptr
		flags    uint64
		restorer uintptr
		mask     uint64
	}
	_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGCHLD), uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
