//go:build linux

package session

import (
	"os"
	"unsafe"

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

// dieOf ends this process by sig, as a process that does not catch it
// dies (strace -I anywhere): the signal's action is set back to the
// default, and the signal sent again.
func dieOf(sig unix.Signal) {
	// struct kernel_sigaction: handler SIG_DFL (0), flags, restorer, mask.
	var act [4]uint64
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act[0])), 0, 8, 0, 0)
	var set unix.Sigset_t
	set.Val[0] = 1 << (uint(sig) - 1)
	unix.RawSyscall6(unix.SYS_RT_SIGPROCMASK, unix.SIG_UNBLOCK, uintptr(unsafe.Pointer(&set)), 0, 8, 0, 0)
	unix.Kill(os.Getpid(), sig)
	// The signal is pending for this thread or another: wait for it.
	for {
		unix.Pause()
	}
}
