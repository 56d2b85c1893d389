//go:build linux && amd64

package record

import (
	"encoding/binary"
	"errors"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/sysent"
)

// -e inject=SET:poke_enter=@argN=HEX / poke_exit=: writing into the
// tracee's memory at the address an argument of the call holds, as
// strace 6.1's poke_tcb does.

// poke makes the writes of list for t's call, at its entry or (exit) its
// exit stop, and appends what became of each to out. As strace (whose
// list puts each poke it parses first), the last one given is made first.
// A poke of an argument the call does not have is skipped; strace says so
// each time, and the printer does from the record.
func (r *Recorder) poke(t *task, list []format.Poke, exit bool, out []format.Poke) []format.Poke {
	nargs := callArgs(t.nr, t.arch)
	for i := len(list) - 1; i >= 0; i-- {
		p := list[i]
		p.Exit, p.Addr, p.Written, p.Errno, p.Skipped, p.NArgs = exit, 0, 0, 0, false, 0
		if int(p.Arg) > nargs {
			p.Skipped, p.NArgs = true, uint8(nargs)
		} else {
			p.Addr = t.args[p.Arg-1]
			n, err := pokeMem(int(t.tid), p.Addr, p.Data)
			p.Written = uint32(n)
			var en unix.Errno
			if errors.As(err, &en) {
				p.Errno = uint16(en)
			}
		}
		out = append(out, p)
	}
	return out
}

// callArgs is the number of arguments of syscall nr of arch, as the
// syscall tables (strace's) give it.
func callArgs(nr uint64, arch uint32) int {
	switch {
	case arch == format.ArchI386:
		_, n, _ := sysent.LookupI386(nr)
		return n
	case nr&sysent.X32Bit != 0 && nr < 1<<32:
		_, n, _ := sysent.LookupX32(nr &^ sysent.X32Bit)
		return n
	}
	if e := sysent.Lookup(nr); e != nil {
		return e.NArgs
	}
	return 0
}

// pokeMem writes data at addr in task tid's memory, as strace's upoken:
// with process_vm_writev, or when that cannot write there (a read-only
// page, which ptrace may still write; no such system call) with
// PTRACE_POKEDATA a word at a time. It returns how many bytes were
// written and, when fewer than asked, why.
func pokeMem(tid int, addr uint64, data []byte) (int, error) {
	if len(data) == 0 {
		return 0, nil
	}
	local := []unix.Iovec{{Base: &data[0]}}
	local[0].SetLen(len(data))
	remote := []unix.RemoteIovec{{Base: uintptr(addr), Len: len(data)}}
	n, err := unix.ProcessVMWritev(tid, local, remote, 0)
	switch {
	case err == nil:
		if n < len(data) {
			return n, unix.EFAULT
		}
		return n, nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EPERM), errors.Is(err, unix.EFAULT), errors.Is(err, unix.EIO):
		return pokeData(tid, addr, data)
	}
	return 0, err
}

// pokeData writes data at addr with PTRACE_POKEDATA, reading the words
// the data covers only in part first.
func pokeData(tid int, addr uint64, data []byte) (int, error) {
	written := 0
	for written < len(data) {
		a := addr + uint64(written)
		base, off := a&^7, int(a&7)
		n := min(8-off, len(data)-written)
		var w [8]byte
		if off != 0 || n < 8 {
			old, err := peekData(tid, base)
			if err != nil {
				return written, err
			}
			binary.LittleEndian.PutUint64(w[:], old)
		}
		copy(w[off:], data[written:written+n])
		if err := ptrace(unix.PTRACE_POKEDATA, tid, uintptr(base), uintptr(binary.LittleEndian.Uint64(w[:]))); err != nil {
			return written, err
		}
		written += n
	}
	return written, nil
}
