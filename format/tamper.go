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
	// Pokes are the writes into the task's memory made at the call's
	// entry and exit (TamperPoke: poke_enter=, poke_exit=), in the order
	// they were made; the entry event lists those of the entry.
	Pokes []Poke
}

// Poke is one write into a tracee's memory that -e inject= asked for
// (strace's poke_enter= and poke_exit=).
type Poke struct {
	Exit bool   // made at the call's exit (poke_exit=), else at its entry
	Arg  uint8  // the argument, 1 to 7, whose value is the address
	Addr uint64 // that value: where the bytes went
	Data []byte // the bytes asked for (at most MaxPokeData)
	// Written is how many of them were written; when fewer, Errno says
	// why if it is known.
	Written uint32
	Errno   uint16
	// Skipped: the call has only NArgs arguments, fewer than Arg, so
	// nothing was tried.
	Skipped bool
	NArgs   uint8
}

// clonePokes returns a copy of t.Pokes that shares no memory with it.
func (t *Tamper) clonePokes() []Poke {
	out := make([]Poke, len(t.Pokes))
	for i, p := range t.Pokes {
		p.Data = append([]byte(nil), p.Data...)
		out[i] = p
	}
	return out
}

// MaxPokeData bounds the bytes of one Poke (strace takes at most 1024),
// and MaxPokes the pokes of one call (7 arguments, at entry and exit).
const (
	MaxPokeData = 1024
	MaxPokes    = 14
)

// Poked reports whether some bytes were written into the call's memory
// (strace's " (INJECTED: args)").
func (t *Tamper) Poked() bool {
	for i := range t.Pokes {
		if t.Pokes[i].Written > 0 {
			return true
		}
	}
	return false
}

// Tamper flags.
const (
	TamperError      uint8 = 1 << iota // the call failed with Errno, the kernel did not run it
	TamperRetval                       // the call returned Retval, the kernel did not run it
	TamperSignal                       // Signal was sent as the call ran
	TamperDelayEnter                   // the task was held DelayEnter ns before the call
	TamperDelayExit                    // the task was held DelayExit ns after the call
	TamperSyscall                      // the kernel ran syscall Syscall instead
	TamperPoke                         // memory was written (or tried) at entry or exit: Pokes
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
	if t.Flags&TamperPoke != 0 {
		b = appendPokes(b, t.Pokes)
	}
	buf = binary.AppendUvarint(buf, uint64(len(b)))
	return append(buf, b...)
}

// appendPokes encodes a tamper record's pokes: a count, then for each
// its flags (1 at exit, 2 skipped), argument, address, data (length and
// bytes), bytes written, errno and, when skipped, the call's argument
// count.
func appendPokes(b []byte, pokes []Poke) []byte {
	b = binary.AppendUvarint(b, uint64(len(pokes)))
	for i := range pokes {
		p := &pokes[i]
		var fl uint64
		if p.Exit {
			fl |= 1
		}
		if p.Skipped {
			fl |= 2
		}
		b = binary.AppendUvarint(b, fl)
		b = binary.AppendUvarint(b, uint64(p.Arg))
		b = binary.AppendUvarint(b, p.Addr)
		b = binary.AppendUvarint(b, uint64(len(p.Data)))
		b = append(b, p.Data...)
		b = binary.AppendUvarint(b, uint64(p.Written))
		b = binary.AppendUvarint(b, uint64(p.Errno))
		if p.Skipped {
			b = binary.AppendUvarint(b, uint64(p.NArgs))
		}
	}
	return b
}

// pokes decodes what appendPokes wrote; Data aliases the chunk.
func (d *eventDecoder) pokes(t *Tamper) error {
	n, err := d.uvarint()
	if err != nil {
		return err
	}
	if n > MaxPokes {
		return fmt.Errorf("%d pokes in one call (at most %d)", n, MaxPokes)
	}
	t.Pokes = make([]Poke, n)
	for i := range t.Pokes {
		p := &t.Pokes[i]
		var v [4]uint64
		for j := range v[:3] {
			if v[j], err = d.uvarint(); err != nil {
				return err
			}
		}
		if v[1] < 1 || v[1] > 7 {
			return fmt.Errorf("poke of argument %d", v[1])
		}
		p.Exit, p.Skipped, p.Arg, p.Addr = v[0]&1 != 0, v[0]&2 != 0, uint8(v[1]), v[2]
		if v[3], err = d.uvarint(); err != nil {
			return err
		}
		if v[3] > MaxPokeData {
			return fmt.Errorf("poke of %d bytes (at most %d)", v[3], MaxPokeData)
		}
		if p.Data, err = d.bytes(v[3]); err != nil {
			return err
		}
		if v[0], err = d.uvarint(); err != nil {
			return err
		}
		if v[1], err = d.uvarint(); err != nil {
			return err
		}
		if v[0] > uint64(len(p.Data)) || v[1] > 4095 {
			return fmt.Errorf("poke wrote %d of %d bytes, errno %d", v[0], len(p.Data), v[1])
		}
		p.Written, p.Errno = uint32(v[0]), uint16(v[1])
		if p.Skipped {
			if v[0], err = d.uvarint(); err != nil {
				return err
			}
			if v[0] > 7 {
				return fmt.Errorf("poke of a call of %d arguments", v[0])
			}
			p.NArgs = uint8(v[0])
		}
	}
	return nil
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
	if t.Syscall, err = field(TamperSyscall, ^uint64(0), "syscall"); err != nil {
		return err
	}
	if t.Flags&TamperPoke != 0 {
		return rec.pokes(t)
	}
	return nil
}
