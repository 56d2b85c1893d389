//go:build linux && amd64

package record

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"mytrace/format"
)

// Raw ptrace requests. They must all be made from the tracer thread.

func ptrace(req int, tid int, addr, data uintptr) error {
	_, _, e := unix.RawSyscall6(unix.SYS_PTRACE, uintptr(req), uintptr(tid), addr, data, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// syscallInfo is struct ptrace_syscall_info.
type syscallInfo struct {
	Op     uint8
	_      [3]uint8
	Arch   uint32
	IP     uint64
	SP     uint64
	Nr     uint64 // entry, seccomp: nr; exit: rval
	Args   [6]uint64
	RetDat uint32
	_      uint32
}

// rval and isError read the exit view of the union.
func (s *syscallInfo) rval() int64   { return int64(s.Nr) }
func (s *syscallInfo) isError() bool { return s.Args[0]&0xff != 0 }

func getSyscallInfo(tid int, si *syscallInfo) error {
	_, _, e := unix.RawSyscall6(unix.SYS_PTRACE, unix.PTRACE_GET_SYSCALL_INFO, uintptr(tid),
		unsafe.Sizeof(*si), uintptr(unsafe.Pointer(si)), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

func getRegs(tid int, r *format.Regs) error {
	return ptrace(unix.PTRACE_GETREGS, tid, 0, uintptr(unsafe.Pointer(r)))
}

func getSiginfo(tid int, buf *[format.SiginfoSize]byte) error {
	return ptrace(unix.PTRACE_GETSIGINFO, tid, 0, uintptr(unsafe.Pointer(buf)))
}

func getEventMsg(tid int) (uint64, error) {
	var msg uint64
	err := ptrace(unix.PTRACE_GETEVENTMSG, tid, 0, uintptr(unsafe.Pointer(&msg)))
	return msg, err
}

func seize(tid int, opts uintptr) error {
	return ptrace(unix.PTRACE_SEIZE, tid, 0, opts)
}

func resumeSyscall(tid int, sig int) error {
	return ptrace(unix.PTRACE_SYSCALL, tid, 0, uintptr(sig))
}

func listen(tid int) error {
	return ptrace(unix.PTRACE_LISTEN, tid, 0, 0)
}

func detach(tid int, sig int) error {
	return ptrace(unix.PTRACE_DETACH, tid, 0, uintptr(sig))
}

func interrupt(tid int) error {
	return ptrace(unix.PTRACE_INTERRUPT, tid, 0, 0)
}

func peekData(tid int, addr uint64) (uint64, error) {
	var w uint64
	err := ptrace(unix.PTRACE_PEEKDATA, tid, uintptr(addr), uintptr(unsafe.Pointer(&w)))
	return w, err
}
