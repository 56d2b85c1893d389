package format

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"testing"
)

func decodeOne(t *testing.T, buf []byte) *Event {
	t.Helper()
	d := eventDecoder{buf: buf}
	var e Event
	ok, err := d.next(&e)
	if err != nil || !ok {
		t.Fatalf("decode: %v %v", ok, err)
	}
	return &e
}

// TestTamperRoundTrip: a tamper record comes back as written, on entry and
// exit events, with every field or only some.
func TestTamperRoundTrip(t *testing.T) {
	for _, tp := range []Tamper{
		{Flags: TamperError, Errno: 2},
		{Flags: TamperRetval, Retval: ^uint64(0)},
		{Flags: TamperSignal, Signal: 10},
		{Flags: TamperDelayEnter | TamperDelayExit, DelayEnter: 5e6, DelayExit: 0},
		{Flags: TamperRetval | TamperSyscall | TamperSignal | TamperDelayExit, Retval: 5, Syscall: 110, Signal: 64, DelayExit: 1e9},
		{Flags: TamperError | TamperSignal | TamperDelayEnter | TamperDelayExit | TamperSyscall, Errno: 4095, Signal: 1, DelayEnter: 1, DelayExit: 2, Syscall: 39},
		{Flags: TamperPoke, Pokes: []Poke{{Arg: 2, Addr: 0x7ffd1000, Data: []byte("AAAA"), Written: 4}}},
		{Flags: TamperRetval | TamperPoke, Retval: 2, Pokes: []Poke{
			{Arg: 1, Addr: 1, Data: []byte{0x41}, Errno: 14},
			{Arg: 7, Data: bytes.Repeat([]byte{0xff}, MaxPokeData), Skipped: true, NArgs: 3},
			{Exit: true, Arg: 2, Addr: ^uint64(0), Data: []byte{0, 1}, Written: 1, Errno: 5},
		}},
		{Flags: TamperDelayExit | TamperPoke, DelayExit: 7, Pokes: []Poke{}},
	} {
		for _, kind := range []Kind{KindSyscallEntry, KindSyscallExit} {
			e := &Event{Kind: kind, Tid: 7, Time: 100, Arch: ArchX86_64, Nr: 80, Ret: -2, IsError: true, Tamper: tp,
				Mem: []Region{{Addr: 0x1000, Len: 2, Flags: MemString | MemTerminated, Data: []byte(".")}}}
			buf, err := AppendEvent(nil, e, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := decodeOne(t, buf)
			if !reflect.DeepEqual(got.Tamper, tp) || len(got.Mem) != 1 || string(got.Mem[0].Data) != "." {
				t.Errorf("%v %+v: got %+v, mem %v", kind, tp, got.Tamper, got.Mem)
			}
			c := got.Clone()
			if !reflect.DeepEqual(c.Tamper, tp) {
				t.Errorf("Clone lost the tamper record: %+v", c.Tamper)
			}
			if len(tp.Pokes) > 0 && len(tp.Pokes[0].Data) > 0 {
				// The clone's data is its own, not the chunk's.
				got.Tamper.Pokes[0].Data[0] ^= 0xff
				if c.Tamper.Pokes[0].Data[0] != tp.Pokes[0].Data[0] {
					t.Errorf("Clone shares poke data with the event")
				}
			}
		}
	}
}

// TestTamperCompatible: an event without a tamper record is encoded as
// before (flag bit 3 clear, nothing after the regions), so files written
// without -e inject= are those older versions wrote and read; and a tamper
// record longer than this reader knows (fields a newer writer added) is
// skipped past.
func TestTamperCompatible(t *testing.T) {
	e := &Event{Kind: KindSyscallExit, Tid: 7, Arch: ArchX86_64, Nr: 39, Ret: 5}
	plain, _ := AppendEvent(nil, e, 0)
	e.Tamper = Tamper{Flags: TamperRetval, Retval: 5}
	tampered, _ := AppendEvent(nil, e, 0)
	const flagsAt = 1 + 5 + 2 // kind, padded length, tid, time delta
	if plain[flagsAt]&evTampered != 0 || tampered[flagsAt]&evTampered == 0 {
		t.Fatalf("flags byte: plain %#x, tampered %#x", plain[flagsAt], tampered[flagsAt])
	}
	if !bytes.Equal(tampered[flagsAt+1:len(plain)], plain[flagsAt+1:]) {
		t.Fatalf("the tamper record is not trailing:\n% x\n% x", plain, tampered)
	}
	if got := decodeOne(t, plain); got.Tamper.Flags != 0 {
		t.Errorf("plain event decoded with %+v", got.Tamper)
	}

	// A newer writer's record: two more bytes inside the record, and a
	// field after it.
	var rec []byte
	rec = binary.AppendUvarint(rec, uint64(TamperRetval|1<<7))
	rec = binary.AppendUvarint(rec, 5)
	rec = append(rec, 0xaa, 0xbb)
	body := []byte{7, 0, evTampered} // tid, time delta, flags
	body = binary.AppendUvarint(body, uint64(ArchX86_64))
	body = binary.AppendUvarint(body, 39)
	body = binary.AppendVarint(body, 5)
	body = append(body, 0) // no regions
	body = binary.AppendUvarint(body, uint64(len(rec)))
	body = append(body, rec...)
	body = append(body, 0xcc) // a trailing field of a future version
	buf := []byte{byte(KindSyscallExit), 0, 0, 0, 0, 0}
	putPaddedUvarint(buf[1:6], uint64(len(body)))
	buf = append(buf, body...)
	got := decodeOne(t, buf)
	if got.Tamper.Retval != 5 || !got.Tamper.Injected() {
		t.Errorf("newer record decoded as %+v", got.Tamper)
	}

	// A record that claims more than the event holds is corrupt.
	bad := append([]byte(nil), tampered...)
	bad = bad[:len(bad)-1]
	putPaddedUvarint(bad[1:6], uint64(len(bad)-6))
	d := eventDecoder{buf: bad}
	var ev Event
	if _, err := d.next(&ev); err == nil {
		t.Errorf("a cut tamper record decoded")
	}
}

// TestTamperPokesCorrupt: a poke list the recorder cannot have written
// (too many pokes, too much data, an argument out of range, more bytes
// written than asked) is an error, not a crash or a huge allocation.
func TestTamperPokesCorrupt(t *testing.T) {
	enc := func(pokes []Poke, tweak func(rec []byte) []byte) []byte {
		rec := binary.AppendUvarint(nil, uint64(TamperPoke))
		rec = appendPokes(rec, pokes)
		rec = tweak(rec)
		body := []byte{7, 0, evTampered}
		body = binary.AppendUvarint(body, uint64(ArchX86_64))
		body = binary.AppendUvarint(body, 1)
		for range 6 {
			body = append(body, 0)
		}
		body = append(body, 0) // no regions
		body = binary.AppendUvarint(body, uint64(len(rec)))
		body = append(body, rec...)
		buf := []byte{byte(KindSyscallEntry), 0, 0, 0, 0, 0}
		putPaddedUvarint(buf[1:6], uint64(len(body)))
		return append(buf, body...)
	}
	same := func(rec []byte) []byte { return rec }
	good := []Poke{{Arg: 2, Addr: 16, Data: []byte("ab"), Written: 2}}
	if got := decodeOne(t, enc(good, same)); !reflect.DeepEqual(got.Tamper.Pokes, good) {
		t.Fatalf("good record decoded as %+v", got.Tamper.Pokes)
	}
	for name, buf := range map[string][]byte{
		"too many": enc(make([]Poke, MaxPokes+1), same),
		"arg 0":    enc([]Poke{{Arg: 0}}, same),
		"arg 8":    enc([]Poke{{Arg: 8}}, same),
		"too long": enc([]Poke{{Arg: 1, Data: make([]byte, MaxPokeData+1)}}, same),
		"written":  enc([]Poke{{Arg: 1, Data: []byte("a"), Written: 2}}, same),
		"cut":      enc(good, func(rec []byte) []byte { return rec[:len(rec)-3] }),
	} {
		d := eventDecoder{buf: buf}
		var ev Event
		if _, err := d.next(&ev); err == nil {
			t.Errorf("%s: decoded as %+v", name, ev.Tamper)
		}
	}
}
