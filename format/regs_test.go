package format

import (
	"math/rand"
	"testing"
)

// regsEvents makes syscall entries and exits of a few threads whose
// registers change as a real program's do: the argument registers and
// orig_rax with the call, rax with the result, rip and rsp now and then,
// the rest rarely.
func regsEvents(n int) []*Event {
	rng := rand.New(rand.NewSource(7))
	const threads = 3
	var regs [threads]Regs
	var stime [threads]uint64
	randomRegs(rng, regs[:])
	var evs []*Event
	for i := 0; len(evs) < n; i++ {
		t := i % threads
		r := &regs[t]
		if rng.Intn(4) == 0 {
			r[RegRIP] = 0x7f0000000000 + uint64(rng.Intn(1<<20))
			r[RegRCX] = r[RegRIP]
		}
		if rng.Intn(8) == 0 {
			r[RegRSP] -= uint64(rng.Intn(512))
		}
		if rng.Intn(16) == 0 {
			r[RegRBX] = rng.Uint64()
		}
		nr := uint64(rng.Intn(335))
		entry := &Event{Kind: KindSyscallEntry, Tid: int32(100 + t), Time: int64(2 * i), Arch: ArchX86_64, Nr: nr, HasRegs: true}
		for j := range entry.Args {
			entry.Args[j] = rng.Uint64() >> uint(rng.Intn(64))
		}
		r[RegOrigRAX], r[RegRAX] = nr, enosys
		r[RegRDI], r[RegRSI], r[RegRDX] = entry.Args[0], entry.Args[1], entry.Args[2]
		r[RegR10], r[RegR8], r[RegR9] = entry.Args[3], entry.Args[4], entry.Args[5]
		entry.Regs = *r
		stime[t] += uint64(rng.Intn(3)) * 1000
		if rng.Intn(50) == 0 {
			stime[t] += 1 // off rusage's microseconds: stored whole
		}
		entry.STime, entry.HasSTime = stime[t], rng.Intn(10) != 0
		ret := int64(rng.Intn(100)) - 10
		exit := &Event{Kind: KindSyscallExit, Tid: entry.Tid, Time: int64(2*i + 1), Arch: ArchX86_64, Nr: nr, Ret: ret, IsError: ret < 0, HasRegs: true}
		r[RegRAX] = uint64(ret)
		if rng.Intn(3) == 0 {
			r[RegR11] = 0x202 // what a call may leave different from the prediction
		}
		exit.Regs = *r
		stime[t] += uint64(rng.Intn(3)) * 1000
		exit.STime, exit.HasSTime = stime[t], true
		evs = append(evs, entry, exit)
	}
	return evs
}

// TestRegsDelta: register snapshots written as deltas read back exactly,
// across chunk boundaries and threads, and take a fraction of the room.
func TestRegsDelta(t *testing.T) {
	evs := regsEvents(20000)
	for _, size := range []int{4 << 10, 64 << 10} {
		data := writeTrace(t, evs, WithChunkSize(size), WithCompression(false))
		got, err := readAll(t, data)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(evs) {
			t.Fatalf("chunk size %d: %d events, want %d", size, len(got), len(evs))
		}
		for i := range evs {
			if got[i].HasSTime != evs[i].HasSTime || (evs[i].HasSTime && got[i].STime != evs[i].STime) {
				t.Fatalf("chunk size %d, event %d: system time %v %d, want %v %d", size, i, got[i].HasSTime, got[i].STime, evs[i].HasSTime, evs[i].STime)
			}
			if !got[i].HasRegs || got[i].Regs != evs[i].Regs {
				t.Fatalf("chunk size %d, event %d: registers\n got %x\nwant %x", size, i, got[i].Regs, evs[i].Regs)
			}
		}
	}
	// Against the full snapshot (AppendEvent, no delta state).
	var full, delta []byte
	var rs regState
	for _, e := range evs {
		full, _ = AppendEvent(full, e, 0)
		var err error
		if delta, err = appendEvent(delta, e, e.Time, &rs); err != nil {
			t.Fatal(err)
		}
		rs.noteEvent(e)
	}
	if per := float64(len(delta)) / float64(len(evs)); per > 0.4*float64(len(full))/float64(len(evs)) {
		t.Errorf("delta encoding takes %.1f bytes per event, full %.1f", per, float64(len(full))/float64(len(evs)))
	}
}

// TestRegsDeltaBadMask: a mask naming registers beyond the 27 is an error,
// not a panic.
func TestRegsDeltaBadMask(t *testing.T) {
	e := &Event{Kind: KindSyscallExit, Tid: 1, Nr: 1, HasRegs: true}
	e.Regs[RegOrigRAX] = 1 // as predicted: nothing stored
	var rs regState
	buf, err := appendEvent(nil, e, 0, &rs)
	if err != nil {
		t.Fatal(err)
	}
	// The delta record is the body's last bytes: a mask of 0 (one byte).
	if buf[len(buf)-1] != 0 {
		t.Fatalf("unexpected encoding % x", buf)
	}
	bad := append(append([]byte(nil), buf[:len(buf)-1]...), 0x80, 0x80, 0x80, 0x80, 0x01) // 1<<28
	bad[1] += 4                                                                           // the body length (a padded uvarint after the kind): 4 bytes more
	var d eventDecoder
	d.buf = bad
	var got Event
	if _, err := d.next(&got); err == nil {
		t.Fatal("no error for a mask beyond the registers")
	}
	// The good one reads back.
	d = eventDecoder{buf: buf}
	if ok, err := d.next(&got); !ok || err != nil || !got.HasRegs || got.Regs != e.Regs {
		t.Fatalf("read back: %v %v %+v", ok, err, got)
	}
}
