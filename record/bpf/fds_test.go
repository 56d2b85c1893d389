package bpf

import (
	"encoding/binary"
	"testing"

	"mytrace/format"
	"mytrace/sysent"
)

// TestConverterDups: the converter leaves out the note of a dup of a
// descriptor the recording noted (readers derive it, record.FdKnown), and
// notes the others: a dup of a descriptor never noted, one left out by
// -e trace=, one whose entry was lost, any with -e trace= in effect.
func TestConverterDups(t *testing.T) {
	const (
		nrDup  = 32
		nrDup2 = 33
	)
	// What the program reads of a pipe's descriptor (the inode's file
	// system magic at 8): "pipe:[INODE]" without /proc.
	fdInfo := func(fd int32, ino uint64) chunk {
		d := make([]byte, 40)
		binary.LittleEndian.PutUint64(d[8:], pipefsMagic)
		return chunk{addr: uint64(uint32(fd)), flags: cFdInfo, aux: ino, data: d}
	}
	type call struct {
		nr       int64
		args     [6]uint64
		ret      int64
		filtered bool // -e trace= left it out: no entry record
		lostSeq  bool // a record of the task was lost before its exit
	}
	run := func(trace func(int) bool, calls ...call) (notes map[int32]bool) {
		t.Helper()
		var got []format.Event
		out := newOrderer(func(ev *format.Event) error { got = append(got, *ev.Clone()); return nil })
		tab, err := BuildTable(nil)
		if err != nil {
			t.Fatal(err)
		}
		c := newConverter(convOptions{limits: sysent.Limits{Str: 32, Path: 4096}, fdPaths: true, trace: trace}, tab, out)
		c.addTask(10, 10)
		// The descriptors listed when the task was attached.
		c.known.Noted(10, &format.Event{Kind: format.KindFds, FdsSnapshot: true, Fds: []format.FdPath{{Fd: 3, Path: []byte("pipe:[5]")}}})
		seq, ts := uint32(0), uint64(100)
		for _, k := range calls {
			if !k.filtered {
				c.handle(&rawRecord{kind: recEnter, tid: 10, tgid: 10, seq: seq, ts: ts, nr: k.nr, a: k.args})
				seq++
			}
			if k.lostSeq {
				seq++
			}
			r := &rawRecord{kind: recExit, tid: 10, tgid: 10, seq: seq, ts: ts + 10, nr: k.nr, a: [6]uint64{uint64(k.ret)}}
			if k.filtered {
				r.flags = rfFiltered
			}
			if k.ret >= 0 {
				r.chunks = []chunk{fdInfo(int32(k.ret), 5)}
			}
			c.handle(r)
			seq++
			ts += 100
		}
		out.flush(0, true)
		notes = map[int32]bool{}
		for _, e := range got {
			if e.Kind == format.KindFds {
				for _, f := range e.Fds {
					notes[f.Fd] = true
				}
			}
		}
		return notes
	}
	notes := run(nil,
		call{nr: nrDup, args: [6]uint64{3}, ret: 4},     // of a noted one
		call{nr: nrDup2, args: [6]uint64{4, 6}, ret: 6}, // of a derived one
		call{nr: nrDup, args: [6]uint64{7}, ret: 8},     // of one never noted
		call{nr: nrDup, args: [6]uint64{99}, ret: -9},   // failed
		call{nr: nrDup, args: [6]uint64{3}, ret: 9, filtered: true},
		call{nr: nrDup, args: [6]uint64{3}, ret: 11, lostSeq: true},
	)
	for fd, want := range map[int32]bool{4: false, 6: false, 8: true, 9: true, 11: true} {
		if notes[fd] != want {
			t.Errorf("descriptor %d noted: %v, want %v (notes %v)", fd, notes[fd], want, notes)
		}
	}
	// A close forgets: a dup of the closed number is noted.
	notes = run(nil,
		call{nr: 3, args: [6]uint64{3}, ret: 0}, // close(3)
		call{nr: nrDup, args: [6]uint64{3}, ret: 4},
	)
	if !notes[4] {
		t.Errorf("dup of a closed descriptor not noted (notes %v)", notes)
	}
	// With -e trace=, closes are not seen: every dup is noted.
	notes = run(func(int) bool { return true }, call{nr: nrDup, args: [6]uint64{3}, ret: 4})
	if !notes[4] {
		t.Errorf("with -e trace=, dup not noted (notes %v)", notes)
	}
}
