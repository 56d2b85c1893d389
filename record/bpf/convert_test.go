package bpf

import (
	"encoding/binary"
	"testing"

	"mytrace/format"
	"mytrace/sysent"
)

// TestSnapshotStrings: a string served from what the program copied has
// the flags the ptrace recorder's reads give live memory.
func TestSnapshotStrings(t *testing.T) {
	var ev format.Event
	var s snapshot
	s.reset([]chunk{
		{addr: 0x1000, data: []byte("hello"), flags: cStr | cTerm},
		{addr: 0x2000, data: []byte("abcdefgh"), flags: cStr}, // cut by the program's limit
		{addr: 0x3000, flags: cStr | cFault},
		{addr: 0x4000, data: []byte("late"), flags: cStr | cTerm | cLate},
	}, &ev)
	cases := []struct {
		addr  uint64
		limit int
		data  string
		flags uint8
	}{
		{0x1000, 10, "hello", format.MemString | format.MemTerminated},
		{0x1000, 3, "hel", format.MemString},  // cut by the limit asked
		{0x2000, 4, "abcd", format.MemString}, // as much as asked
		{0x2000, 20, "abcdefgh", format.MemString | format.MemPartial},
		{0x3000, 10, "", format.MemString | format.MemFault},
		{0x5000, 10, "", format.MemString | format.MemFault}, // never copied
		{0x4000, 10, "late", format.MemString | format.MemTerminated | format.MemLate},
	}
	for _, c := range cases {
		ev.Mem = ev.Mem[:0]
		clear(s.strs)
		s.ReadString(c.addr, c.limit)
		r := ev.Mem[0]
		if string(r.Data) != c.data || r.Flags != c.flags || r.Len != uint64(c.limit) || r.Addr != c.addr {
			t.Errorf("ReadString(%#x, %d) = %q flags %#x len %d; want %q %#x", c.addr, c.limit, r.Data, r.Flags, r.Len, c.data, c.flags)
		}
	}
}

// TestSnapshotBytes: buffers, structures inside copies, faults.
func TestSnapshotBytes(t *testing.T) {
	var ev format.Event
	var s snapshot
	s.reset([]chunk{
		{addr: 0x1000, data: []byte("0123456789")},
		{addr: 0x100a, data: []byte("abc")}, // adjacent
		{addr: 0x2000, flags: cFault, aux: 8},
	}, &ev)
	if got := string(s.Read(0x1002, 4)); got != "2345" || ev.Mem[0].Flags != 0 {
		t.Errorf("inside: %q %#x", got, ev.Mem[0].Flags)
	}
	if got := string(s.Read(0x1008, 5)); got != "89abc" {
		t.Errorf("across adjacent copies: %q", got)
	}
	if got := s.Read(0x1000, 20); string(got) != "0123456789abc" || ev.Mem[2].Flags != format.MemPartial {
		t.Errorf("longer than copied: %q %#x", got, ev.Mem[2].Flags)
	}
	if got := s.Read(0x2000, 8); len(got) != 0 || ev.Mem[3].Flags != format.MemFault {
		t.Errorf("fault: %q %#x", got, ev.Mem[3].Flags)
	}
}

// TestSnapshotVector: argv as the program copied it, and as rebuilt from
// the new program's memory after an execve.
func TestSnapshotVector(t *testing.T) {
	ptrs := binary.LittleEndian.AppendUint64(nil, 0x5000)
	ptrs = binary.LittleEndian.AppendUint64(ptrs, 0x6000)
	var ev format.Event
	var s snapshot
	s.reset([]chunk{{addr: 0x4000, data: ptrs, flags: cVec | cTerm, aux: 3}}, &ev)
	got := s.ReadVector(0x4000, 1)
	if len(got) != 1 || got[0] != 0x5000 || ev.Mem[0].Len != 24 || ev.Mem[0].Flags != format.MemVector|format.MemTerminated {
		t.Errorf("vector: %v %+v", got, ev.Mem[0])
	}
	area := chunk{addr: 0x7000, data: []byte("ls\x00-la\x00")}
	cs := argAreaChunks(area, 0x4000, 257)
	if len(cs) != 3 || cs[0].aux != 2 || cs[1].addr != 0x7000 || string(cs[2].data) != "-la" || cs[2].addr != 0x7003 {
		t.Errorf("argument area: %+v", cs)
	}
}

// TestParseRecord: the layout of struct rec and struct chunk.
func TestParseRecord(t *testing.T) {
	le := binary.LittleEndian
	b := make([]byte, recEnterSize)
	b[0], b[1] = recEnter, 0
	le.PutUint16(b[2:], 1)
	le.PutUint32(b[4:], 42)
	le.PutUint64(b[8:], 1000)
	le.PutUint32(b[16:], 7)
	le.PutUint32(b[20:], 40)
	le.PutUint64(b[24:], 257)
	le.PutUint64(b[32:], 0xffffff9c)
	ch := make([]byte, chunkHdrSize)
	le.PutUint64(ch, 0x1234)
	le.PutUint32(ch[8:], 3)
	le.PutUint16(ch[12:], cStr|cTerm)
	b = append(append(b, ch...), 'a', 'b', 'c', 0, 0, 0, 0, 0)
	var r rawRecord
	if err := parseRecord(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.kind != recEnter || r.tid != 42 || r.tgid != 40 || r.seq != 7 || r.nr != 257 || r.a[0] != 0xffffff9c ||
		len(r.chunks) != 1 || string(r.chunks[0].data) != "abc" || r.chunks[0].addr != 0x1234 {
		t.Errorf("parsed %+v", r)
	}
	if err := parseRecord(b[:len(b)-9], &r); err == nil {
		t.Error("a record cut short parses")
	}
}

// TestConverterLoss: a gap in a thread's sequence numbers becomes a loss
// event at that point, and the events around it keep their order.
func TestConverterLoss(t *testing.T) {
	var got []format.Event
	out := newOrderer(func(ev *format.Event) error { got = append(got, *ev.Clone()); return nil })
	tab, err := BuildTable(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := newConverter(convOptions{limits: sysent.Limits{Str: 32, Path: 4096}}, tab, out)
	c.addTask(10, 10)
	getpid := func(kind uint8, seq uint32, ts uint64) *rawRecord {
		return &rawRecord{kind: kind, tid: 10, tgid: 10, seq: seq, ts: ts, nr: 39}
	}
	c.handle(getpid(recEnter, 0, 100))
	c.handle(getpid(recExit, 1, 200))
	c.handle(getpid(recExit, 5, 600)) // 2..4 lost
	out.flush(0, true)
	kinds := []format.Kind{}
	for _, e := range got {
		kinds = append(kinds, e.Kind)
	}
	want := []format.Kind{format.KindSyscallEntry, format.KindSyscallExit, format.KindLost, format.KindSyscallExit}
	if len(kinds) != len(want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events %v, want %v", kinds, want)
		}
	}
	if got[2].Msg != 3 || got[2].Tid != 10 || c.gaps != 3 {
		t.Errorf("loss of %d records of %d (gaps %d), want 3 of 10", got[2].Msg, got[2].Tid, c.gaps)
	}
}

// TestSockFromChunk: -yy of an inet socket from what the program read.
func TestSockFromChunk(t *testing.T) {
	d := make([]byte, 240)
	s := d[40:]
	copy(s, "TCP")
	binary.LittleEndian.PutUint16(s[32:], 2)
	if got := string(sockFromChunk(d, 99)); got != "TCP" {
		t.Errorf("unbound: %q", got)
	}
	binary.LittleEndian.PutUint16(s[34:], 8080)
	copy(s[40:], []byte{127, 0, 0, 1})
	if got := string(sockFromChunk(d, 99)); got != "TCP:[127.0.0.1:8080]" {
		t.Errorf("bound: %q", got)
	}
	binary.BigEndian.PutUint16(s[36:], 443)
	copy(s[44:], []byte{10, 0, 0, 2})
	if got := string(sockFromChunk(d, 99)); got != "TCP:[127.0.0.1:8080->10.0.0.2:443]" {
		t.Errorf("connected: %q", got)
	}
}

// TestParseSize: --bpf-buffer sizes.
func TestParseSize(t *testing.T) {
	for in, want := range map[string]int{"64M": 64 << 20, "64k": 64 << 10, "1G": 1 << 30, "65536": 65536, "2MiB": 2 << 20} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "-1", "64T", "0"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
	for _, n := range []int{100000, 32 << 10, 2 << 30} {
		c := Config{Buffer: n}
		if c.check() == nil {
			t.Errorf("buffer %d accepted", n)
		}
	}
}

// TestPackedRegs: a packed register block (a syscall instruction's
// entry: fill_packed in the C source) gives the same registers as the
// whole block.
func TestPackedRegs(t *testing.T) {
	args := [6]uint64{11, 12, 13, 14, 15, 16}
	const nr = 1
	var full format.Regs
	for i := range full {
		full[i] = uint64(1000 + i)
	}
	full[format.RegRAX], full[format.RegOrigRAX] = enosys, nr
	full[format.RegRDI], full[format.RegRSI], full[format.RegRDX] = args[0], args[1], args[2]
	full[format.RegR10], full[format.RegR8], full[format.RegR9] = args[3], args[4], args[5]
	full[format.RegRCX], full[format.RegR11] = full[format.RegRIP], full[format.RegEFLAGS]
	for _, i := range []int{format.RegCS, format.RegSS, format.RegDS, format.RegES, format.RegFS, format.RegGS} {
		full[i] = uint64(0x10 + i)
	}
	le := binary.LittleEndian
	var whole, packed []byte
	for _, v := range full {
		whole = le.AppendUint64(whole, v)
	}
	for _, i := range []int{format.RegR15, format.RegR14, format.RegR13, format.RegR12, format.RegRBP, format.RegRBX,
		format.RegRIP, format.RegEFLAGS, format.RegRSP, format.RegFSBase, format.RegGSBase} {
		packed = le.AppendUint64(packed, full[i])
	}
	packed = le.AppendUint64(packed, full[format.RegCS]|full[format.RegSS]<<16|full[format.RegDS]<<32|full[format.RegES]<<48)
	packed = le.AppendUint64(packed, full[format.RegFS]|full[format.RegGS]<<16)
	for _, regs := range [][]byte{whole, packed} {
		var ev format.Event
		regsOf(&rawRecord{nr: nr, a: args, regs: regs}, &ev)
		if !ev.HasRegs || ev.Regs != full {
			t.Errorf("from %d bytes: %v, want %v", len(regs), ev.Regs, full)
		}
	}
}
