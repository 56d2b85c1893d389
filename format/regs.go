package format

import (
	"encoding/binary"
	"fmt"
)

// Register snapshots of syscall events are stored as a delta: a register
// set differs little from the one its thread had at its previous stop (an
// exit stop changes rax alone), and its argument registers, orig_rax and
// rax are already in the event. A Writer encodes each snapshot against a
// prediction, the thread's previous snapshot in the same chunk (zero for
// its first) with orig_rax, the argument registers and rax replaced by
// what the event itself says; only the registers that differ from the
// prediction are stored. Chunks stay independent: the prediction starts
// afresh in each.
//
// The record (flag evRegsDelta of a syscall event) follows everything
// else in the body, so a reader that predates it skips it: a uvarint mask
// of the registers stored (bit i: Regs[i]), then for each, in index order,
// a uvarint of the register XOR its prediction.

// evRegsDelta flags a syscall event whose registers are stored as a delta;
// evSTimeDelta one whose system time is (a varint of microseconds since the
// thread's last system time in the chunk, after the registers if any).
const (
	evRegsDelta  = 1 << 4
	evSTimeDelta = 1 << 5
)

// enosys is rax at a syscall-entry stop (-ENOSYS).
const enosys = ^uint64(38 - 1)

// regState is what a chunk said last of each thread: its register
// snapshot and its process's system time, the bases of the deltas.
type regState struct {
	idx   map[int32]int
	slots []threadState
}

type threadState struct {
	regs     Regs
	hasRegs  bool
	stime    uint64
	hasSTime bool
}

func (s *regState) reset() {
	if s.idx != nil {
		clear(s.idx)
	}
	s.slots = s.slots[:0]
}

func (s *regState) slot(tid int32) *threadState {
	if s == nil || s.idx == nil {
		return nil
	}
	if i, ok := s.idx[tid]; ok {
		return &s.slots[i]
	}
	return nil
}

// prev returns the thread's last snapshot in the chunk, or nil.
func (s *regState) prev(tid int32) *Regs {
	if t := s.slot(tid); t != nil && t.hasRegs {
		return &t.regs
	}
	return nil
}

// prevSTime returns the thread's last system time in the chunk (0 if none).
func (s *regState) prevSTime(tid int32) uint64 {
	if t := s.slot(tid); t != nil && t.hasSTime {
		return t.stime
	}
	return 0
}

func (s *regState) take(tid int32) *threadState {
	if t := s.slot(tid); t != nil {
		return t
	}
	if s.idx == nil {
		s.idx = make(map[int32]int)
	}
	s.idx[tid] = len(s.slots)
	s.slots = append(s.slots, threadState{})
	return &s.slots[len(s.slots)-1]
}

// noteEvent keeps what a syscall event says of its thread.
func (s *regState) noteEvent(e *Event) {
	if !e.HasRegs && !e.HasSTime {
		return
	}
	t := s.take(e.Tid)
	if e.HasRegs {
		t.regs, t.hasRegs = e.Regs, true
	}
	if e.HasSTime {
		t.stime, t.hasSTime = e.STime, true
	}
}

// stimeDelta says whether e's system time can be stored as a delta in
// microseconds (rusage's resolution) against the thread's last one, and
// what delta.
func stimeDelta(e *Event, prev uint64) (int64, bool) {
	if !e.HasSTime || e.STime%1000 != 0 || prev%1000 != 0 {
		return 0, false
	}
	return (int64(e.STime) - int64(prev)) / 1000, true
}

// predict fills p with what e's registers are expected to be. rcx and
// r11 are predicted from rip and eflags of the same snapshot (the syscall
// instruction leaves the return address in rcx and the flags in r11):
// see final.
func predict(p *Regs, prev *Regs, e *Event) {
	if prev != nil {
		*p = *prev
	} else {
		*p = Regs{}
	}
	p[RegOrigRAX] = e.Nr
	if e.Kind == KindSyscallEntry {
		p[RegRDI], p[RegRSI], p[RegRDX] = e.Args[0], e.Args[1], e.Args[2]
		p[RegR10], p[RegR8], p[RegR9] = e.Args[3], e.Args[4], e.Args[5]
		p[RegRAX] = enosys
	} else {
		p[RegRAX] = uint64(e.Ret)
	}
}

// final sets the predictions that depend on other registers of the
// snapshot r, once those are known.
func final(p *Regs, r *Regs) {
	p[RegRCX] = r[RegRIP]
	p[RegR11] = r[RegEFLAGS]
}

// appendRegsDelta appends e's registers as a delta against prev.
func appendRegsDelta(buf []byte, e *Event, prev *Regs) []byte {
	var p Regs
	predict(&p, prev, e)
	final(&p, &e.Regs)
	var mask uint64
	for i := range e.Regs {
		if e.Regs[i] != p[i] {
			mask |= 1 << i
		}
	}
	buf = binary.AppendUvarint(buf, mask)
	for i := range e.Regs {
		if mask&(1<<i) != 0 {
			buf = binary.AppendUvarint(buf, e.Regs[i]^p[i])
		}
	}
	return buf
}

// regsDelta decodes a delta record into e.Regs, and notes the result.
func (d *eventDecoder) regsDelta(e *Event) error {
	mask, err := d.uvarint()
	if err != nil {
		return err
	}
	if mask>>NumRegs != 0 {
		return fmt.Errorf("register mask %#x names registers beyond the %d there are", mask, NumRegs)
	}
	var p, x Regs
	for i := range x {
		if mask&(1<<i) != 0 {
			if x[i], err = d.uvarint(); err != nil {
				return err
			}
		}
	}
	predict(&p, d.rs.prev(e.Tid), e)
	for i := range e.Regs {
		e.Regs[i] = p[i] ^ x[i]
	}
	final(&p, &e.Regs)
	e.Regs[RegRCX] = p[RegRCX] ^ x[RegRCX]
	e.Regs[RegR11] = p[RegR11] ^ x[RegR11]
	e.HasRegs = true
	return nil
}
