package format

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"testing"
)

func stackEvents() []*Event {
	stack := make([]byte, 5000)
	for i := range stack {
		stack[i] = byte(i * 7)
	}
	var regs Regs
	for i := range regs {
		regs[i] = uint64(i) << 40
	}
	return []*Event{
		{Kind: KindMaps, Tid: 10, Time: 5, Maps: []Mapping{
			{Start: 0x5555000, End: 0x5556000, Offset: 0x1000, Prot: MapRead | MapExec, Major: 8, Minor: 1, Inode: 1234,
				Path: []byte("/usr/bin/cat"), Size: 43000, MTime: 1700000000123456789, BuildID: []byte{1, 2, 3, 4}},
			{Start: 0x7fff000, End: 0x7fff2000, Prot: MapRead | MapExec, Path: []byte("[vdso]")},
			{Start: 0x9000, End: 0xa000, Prot: MapExec},
		}},
		{Kind: KindSyscallEntry, Tid: 10, Time: 6, Arch: ArchX86_64, Nr: 231, HasRegs: true, Regs: regs,
			Mem:      []Region{{Addr: 0x1000, Len: 3, Data: []byte("abc")}},
			HasStack: true, StackAddr: 0x7ffe0000, Stack: stack},
		{Kind: KindSyscallExit, Tid: 10, Time: 7, Arch: ArchX86_64, Nr: 0, HasRegs: true, Regs: regs,
			HasStack: true, StackAddr: 0x7ffe0010, Stack: []byte{}},
		{Kind: KindSignal, Tid: 10, Time: 8, Sig: 10, Siginfo: make([]byte, 128), HasRegs: true, Regs: regs,
			HasStack: true, StackAddr: 0x7ffe0020, Stack: stack[:100]},
		{Kind: KindGroupStop, Tid: 10, Time: 9, Sig: 19, HasRegs: true, Regs: regs, HasStack: true, StackAddr: 8, Stack: stack[:8]},
		{Kind: KindSignal, Tid: 10, Time: 10, Sig: 17, Siginfo: make([]byte, 128)}, // without -k
	}
}

func TestStackAndMapsRoundTrip(t *testing.T) {
	evs := stackEvents()
	for _, compress := range []bool{true, false} {
		got, err := readAll(t, writeTrace(t, evs, WithCompression(compress)))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(evs) {
			t.Fatalf("%d events read, %d written", len(got), len(evs))
		}
		for i := range evs {
			want := normalize(evs[i])
			g := normalize(got[i])
			if len(want.Stack) == 0 {
				want.Stack, g.Stack = nil, nil
			}
			for j := range want.Maps {
				if len(want.Maps[j].BuildID) == 0 {
					want.Maps[j].BuildID, g.Maps[j].BuildID = nil, nil
				}
				if len(want.Maps[j].Path) == 0 {
					want.Maps[j].Path, g.Maps[j].Path = nil, nil
				}
			}
			if !reflect.DeepEqual(want, g) {
				t.Errorf("event %d (%v):\n got %+v\nwant %+v", i, evs[i].Kind, g, want)
			}
		}
	}
}

// A stack region never shows up among a call's memory regions, and the
// copy an event makes of another owns its stack and mappings.
func TestStackApartFromMem(t *testing.T) {
	evs := stackEvents()
	got, err := readAll(t, writeTrace(t, evs))
	if err != nil {
		t.Fatal(err)
	}
	e := got[1]
	if len(e.Mem) != 1 || e.Mem[0].Flags&MemStack != 0 {
		t.Fatalf("stack among the regions: %+v", e.Mem)
	}
	c := got[0].Clone()
	got[0].Maps[0].Path[0] = 'X'
	if string(c.Maps[0].Path) != "/usr/bin/cat" {
		t.Errorf("clone shares the path: %q", c.Maps[0].Path)
	}
	s := got[1].Clone()
	got[1].Stack[0] = 0xff
	if s.Stack[0] != 0 {
		t.Errorf("clone shares the stack")
	}
}

// A reader that knows no stacks (the kinds and fields before -k) still
// reads a file with them: the maps event is skipped as an unknown kind
// and the signal trailer as bytes after the known fields.
func TestStackCompatibleWithOldReaders(t *testing.T) {
	var buf []byte
	for _, e := range stackEvents() {
		var err error
		if buf, err = AppendEvent(buf, e, 0); err != nil {
			t.Fatal(err)
		}
	}
	// Decode the way an older reader would: kinds above KindFds skipped,
	// bodies cut at their length.
	d := eventDecoder{buf: buf}
	n := 0
	for d.off < len(d.buf) {
		kind := Kind(d.buf[d.off])
		d.off++
		l, err := d.uvarint()
		if err != nil {
			t.Fatal(err)
		}
		d.off += int(l)
		if kind != KindMaps {
			n++
		}
	}
	if n != 5 {
		t.Errorf("%d events, want 5", n)
	}
}

// Lying counts and lengths in a maps event are errors, not allocations.
func TestMapsBounds(t *testing.T) {
	body := binary.AppendUvarint(nil, 1)                             // tid
	body = binary.AppendVarint(body, 0)                              // time
	body = binary.AppendUvarint(body, 1<<40)                         // count
	buf := append([]byte{byte(KindMaps)}, 0x80, 0x80, 0x80, 0x80, 0) // padded length, fixed below
	putPaddedUvarint(buf[1:6], uint64(len(body)))
	buf = append(buf, body...)
	d := eventDecoder{buf: buf}
	var e Event
	if _, err := d.next(&e); err == nil {
		t.Error("a count of 2^40 mappings was accepted")
	}
	big := &Event{Kind: KindMaps, Maps: []Mapping{{Path: bytes.Repeat([]byte("a"), MaxFdPath+1)}}}
	if _, err := AppendEvent(nil, big, 0); err != ErrEventTooLarge {
		t.Errorf("an oversized path was written: %v", err)
	}
}
