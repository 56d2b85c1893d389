package format

import (
	"encoding/binary"
	"fmt"
)

// Tamper says how the tracer changed a syscall on purpose (strace's -e
// inject= and -e fault=). A syscall event carries it when Flags is not
// zero; the entry and the exit event of a tampered call carry the same.
type Tamper struct {
	Flags uint8 // Tamper* bits: what was done
	// Errno is the error the call was made to fail with (TamperError).
	Errno uint16
	// Retval is the value the call was made to return (TamperRetval).
	Retval uint64
	// Signal was delivered to the task as the call ran (TamperSignal).
	Signal uint8
	// DelayEnter and DelayExit are how long, in ns, the task was held at
	// the call's entry and exit (TamperDelayEnter, TamperDelayExit).
	DelayEnter, DelayExit uint64
	// Syscall is the x86-64 number of the syscall the kernel ran instead
	// of the call (TamperSyscall; for an i386 call, the i386 syscall of
	// that name); without it, the kernel ran none (number -1).
	Syscall uint64
}

// Tamper flags.
const (
	TamperError      uint8 = 1 << iota // the call failed with Errno, the kernel did not run it
	TamperRetval                       // the call returned Retval, the kernel did not run it
	TamperSignal                       // Signal was sent as the call ran
	TamperDelayEnter                   // the task was held DelayEnter ns before the call
	TamperDelayExit                    // the task was held DelayExit ns after the call
	TamperSyscall                      // the kernel ran syscall Syscall instead
)

// Injected reports whether the call's result was made up (an error or a
// return value): strace shows " (INJECTED)" after it.
func (t *Tamper) Injected() bool { return t.Flags&(TamperError|TamperRetval) != 0 }

// Delayed reports whether the task was held at the call's entry or exit:
// strace shows " (DELAYED)".
func (t *Tamper) Delayed() bool { return t.Flags&(TamperDelayEnter|TamperDelayExit) != 0 }

// append encodes the tamper record: its length (uvarint), then flags
// (uvarint) and, in flag order, each present field as a uvarint. A reader
// skips what follows the fields it knows, so fields can be added.
func (t *Tamper) append(buf []byte) []byte {
	var tmp [1 + 6*binary.MaxVarintLen64]byte
	b := binary.AppendUvarint(tmp[:0], uint64(t.Flags))
	if t.Flags&TamperError != 0 {
		b = binary.AppendUvarint(b, uint64(t.Errno))
	}
	if t.Flags&TamperRetval != 0 {
		b = binary.AppendUvarint(b, t.Retval)
	}
	if t.Flags&TamperSignal != 0 {
		b = binary.AppendUvarint(b, uint64(t.Signal))
	}
	if t.Flags&TamperDelayEnter != 0 {
		b = binary.AppendUvarint(b, t.DelayEnter)
	}
	if t.Flags&TamperDelayExit != 0 {
		b = binary.AppendUvarint(b, t.DelayExit)
	}
	if t.Flags&TamperSyscall != 0 {
		b = binary.AppendUvarint(b, t.Syscall)
	}
	buf = binary.AppendUvarint(buf, uint64(len(b)))
	return append(buf, b...)
}

// tamper decodes a tamper record (see Tamper.append).
func (d *eventDecoder) tamper(t *Tamper) error {
	n, err := d.uvarint()
	if err != nil {
		return err
	}
	if n > uint64(len(d.buf)-d.off) {
		return errShort
	}
	rec := eventDecoder{buf: d.buf[:d.off+int(n)], off: d.off}
	d.off += int(n)
	fl, err := rec.uvarint()
	if err != nil {
		return err
	}
	t.Flags = uint8(fl)
	field := func(bit uint8, limit uint64, what string) (uint64, error) {
		if t.Flags&bit == 0 {
			return 0, nil
		}
		v, err := rec.uvarint()
		if err == nil && v > limit {
			err = fmt.Errorf("injected %s %d out of range", what, v)
		}
		return v, err
	}
	v, err := field(TamperError, 4095, "errno")
	if err != nil {
		return err
	}
	t.Errno = uint16(v)
	if t.Retval, err = field(TamperRetval, ^uint64(0), "return value"); err != nil {
		return err
	}
	if v, err = field(TamperSignal, 128, "signal"); err != nil {
		return err
	}
	t.Signal = uint8(v)
	if t.DelayEnter, err = field(TamperDelayEnter, ^uint64(0), "delay"); err != nil {
		return err
	}
	if t.DelayExit, err = field(TamperDelayExit, ^uint64(0), "delay"); err != nil {
		return err
	}
	t.Syscall, err = field(TamperSyscall, ^uint64(0), "syscall")
	return err
}
