package format

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// dirents builds linux_dirent64 records for names, with the given
// padding filler (0 for zeros) and extra bytes per record.
func dirents(rng *rand.Rand, names []string, junk bool, extra int) []byte {
	var b []byte
	for i, n := range names {
		rl := direntMin(len(n)) + extra
		rec := make([]byte, rl)
		binary.LittleEndian.PutUint64(rec, uint64(1000+rng.Intn(50)))
		binary.LittleEndian.PutUint64(rec[8:], rng.Uint64()>>1)
		binary.LittleEndian.PutUint16(rec[16:], uint16(rl))
		rec[18] = byte(1 + i%12)
		copy(rec[direntHdr:], n)
		if junk {
			for j := direntHdr + len(n) + 1; j < rl; j++ {
				rec[j] = byte(rng.Intn(256))
			}
		}
		b = append(b, rec...)
	}
	return b
}

// lifelikeEvents makes what a recording of a program walking directories
// holds: calls with registers that evolve as a program's do, paths,
// stat buffers, directory entries (some with leftovers of earlier ones in
// their padding, some not parseable as entries), descriptors noted,
// several threads, a few i386 calls, tampered calls, signals, stacks,
// mappings and lost events.
// withNotes adds to evs what the recorder notes for -Y and -e kvm=vcpu:
// pids events (KindPids) and KVM exit reasons.
func withNotes(evs []*Event, seed int64) []*Event {
	rng := rand.New(rand.NewSource(seed))
	var out []*Event
	for _, e := range evs {
		switch {
		case e.Kind == KindSyscallEntry && rng.Intn(30) == 0:
			out = append(out, &Event{Kind: KindPids, Tid: e.Tid, Time: e.Time, Pids: []PidNote{{Flags: PidSelf, Kind: 1, Pid: int32(e.Tid), Comm: []byte("find")}}})
		case e.Kind == KindSyscallExit && rng.Intn(30) == 0:
			e.KVMExit = 1 + uint32(rng.Intn(40)) // as after a KVM_RUN
		}
		out = append(out, e)
	}
	return out
}

func lifelikeEvents(n int, seed int64) []*Event {
	rng := rand.New(rand.NewSource(seed))
	const threads = 3
	var regs [threads]Regs
	var stime [threads]uint64
	randomRegs(rng, regs[:])
	names := []string{".", "..", "share", "doc", "README", "a-rather-longer-file-name.txt", "x", "libc.so.6", "locale"}
	dentBuf := uint64(0x5555000)
	var evs []*Event
	t := int64(1000)
	for len(evs) < n {
		th := rng.Intn(threads)
		tid := int32(4000 + th)
		if rng.Intn(30) == 0 {
			tid = int32(1<<31 - 1 - th) // large thread ids
		}
		r := &regs[th]
		if rng.Intn(3) == 0 {
			r[RegRIP] = 0x7f0000000000 + uint64(rng.Intn(64))*16
		}
		if rng.Intn(5) == 0 {
			r[RegRBX] = 0x5555000 + uint64(rng.Intn(8))*8
		}
		arch := ArchX86_64
		nr := []uint64{0, 1, 3, 72, 217, 257, 262, 60}[rng.Intn(8)]
		if rng.Intn(40) == 0 {
			arch, nr = ArchI386, uint64([]int{3, 4, 220}[rng.Intn(3)])
		}
		if rng.Intn(60) == 0 {
			nr = x32Bit | nrGetdents64X86_64
		}
		args := [6]uint64{uint64(rng.Intn(10)), 0x7ffd0000 + uint64(rng.Intn(4))*0x100, uint64(rng.Intn(32768)), rng.Uint64() >> 40, 0, r[RegR9]}
		entry := &Event{Kind: KindSyscallEntry, Tid: tid, Time: t, Arch: arch, Nr: nr, Args: args, HasRegs: rng.Intn(20) != 0}
		t += int64(rng.Intn(40000))
		if rng.Intn(100) == 0 {
			t += 1 << 30 // a long wait: past the three bytes of a delta
		}
		r[RegOrigRAX], r[RegRAX] = nr, enosys
		r[RegRDI], r[RegRSI], r[RegRDX] = args[0], args[1], args[2]
		r[RegR10], r[RegR8], r[RegR9] = args[3], args[4], args[5]
		r[RegRCX], r[RegR11] = r[RegRIP], r[RegEFLAGS]
		if entry.HasRegs {
			entry.Regs = *r
		}
		stime[th] += uint64(rng.Intn(5)) * 1000
		if rng.Intn(50) == 0 {
			stime[th]++ // not whole microseconds: stored whole
		}
		if rng.Intn(10) != 0 {
			entry.STime, entry.HasSTime = stime[th], true
		}
		if nr == 257 || nr == 262 {
			p := "/usr/share/" + names[rng.Intn(len(names))]
			entry.Mem = append(entry.Mem, Region{Addr: args[1], Len: 4096, Flags: MemString | MemTerminated, Data: []byte(p)})
		}
		if rng.Intn(200) == 0 {
			entry.Tamper = Tamper{Flags: TamperError | TamperPoke, Errno: 2, Pokes: []Poke{{Arg: 2, Addr: args[1], Data: []byte("AB"), Written: 2}}}
		}
		if rng.Intn(100) == 0 {
			entry.HasStack, entry.StackAddr, entry.Stack = true, r[RegRSP], bytes.Repeat([]byte{byte(rng.Intn(256))}, rng.Intn(300))
		}
		evs = append(evs, entry)
		if rng.Intn(25) == 0 {
			// Something else happens between entry and exit.
			switch rng.Intn(4) {
			case 0:
				evs = append(evs, &Event{Kind: KindSignal, Tid: tid, Time: t, Sig: 17, Siginfo: make([]byte, SiginfoSize)})
			case 1:
				evs = append(evs, &Event{Kind: KindLost, Time: t, Msg: uint64(rng.Intn(100))})
			case 2:
				evs = append(evs, &Event{Kind: KindNewTask, Tid: tid - 100, Time: t, Pid: tid, Parent: tid, How: NewTaskThread})
			case 3:
				evs = append(evs, &Event{Kind: KindMaps, Tid: tid, Time: t, Maps: []Mapping{{Start: 0x1000, End: 0x2000, Prot: MapExec, Path: []byte("/usr/bin/find"), BuildID: []byte{1, 2}}}})
			}
		}
		ret := int64(rng.Intn(20))
		if rng.Intn(10) == 0 {
			ret = -2
		}
		if nr == 257 && ret >= 0 {
			fds := &Event{Kind: KindFds, Tid: tid, Time: t, Fds: []FdPath{{Fd: int32(ret), Path: []byte("/usr/share/" + names[rng.Intn(len(names))])}}}
			if rng.Intn(10) == 0 {
				fds.Fds = append(fds.Fds, FdPath{Fd: FdCwd, Path: []byte("/tmp")}, FdPath{Fd: 9, Path: []byte("socket:[77]"), Sock: []byte("TCP")})
				fds.FdsSnapshot = true
			}
			evs = append(evs, fds)
		}
		exit := &Event{Kind: KindSyscallExit, Tid: tid, Time: t, Arch: arch, Nr: nr, Ret: ret, IsError: ret < 0, HasRegs: entry.HasRegs, Tamper: entry.Tamper}
		if rng.Intn(50) == 0 {
			exit.Nr++ // an exit that does not match its entry
		}

		t += int64(rng.Intn(100000))
		r[RegRAX] = uint64(ret)
		if rng.Intn(10) == 0 {
			r[RegR11] = 0x202
		}
		if exit.HasRegs {
			exit.Regs = *r
		}
		stime[th] += uint64(rng.Intn(5)) * 1000
		exit.STime, exit.HasSTime = stime[th], true
		if ret >= 0 {
			switch nr {
			case 262:
				st := make([]byte, 144)
				rng.Read(st[:16])
				exit.Mem = append(exit.Mem, Region{Addr: args[2], Len: 144, Data: st})
			case 217, 220, x32Bit | nrGetdents64X86_64:
				k := 1 + rng.Intn(len(names))
				data := dirents(rng, names[:k], rng.Intn(3) == 0, 8*rng.Intn(2))
				switch rng.Intn(8) {
				case 0:
					data = data[:len(data)-1] // cut: not entries
				case 1:
					data[direntHdr+len(names[0])] = 'x' // a name without its NUL
				}
				addr := dentBuf + uint64(rng.Intn(2))*0x10000
				exit.Mem = append(exit.Mem, Region{Addr: addr, Len: uint64(len(data)), Data: data})
				exit.Ret = int64(len(data))
			case 0:
				exit.Mem = append(exit.Mem, Region{Addr: args[1], Len: 257, Flags: MemPartial, Data: []byte("partial read")})
			}
		}
		if rng.Intn(7) != 0 {
			evs = append(evs, exit) // some calls never return (execve, exit)
		}
	}
	return evs
}

// sameEvents compares events read back with those written.
func sameEvents(t testing.TB, what string, got, want []*Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: read %d events, wrote %d", what, len(got), len(want))
	}
	for i := range want {
		g, w := normalize(got[i]), normalize(want[i])
		for _, e := range []*Event{g, w} {
			// What the format does not store.
			if !e.HasSTime {
				e.STime = 0
			}
			if !e.HasRegs {
				e.Regs = Regs{}
			}
			if len(e.Stack) == 0 {
				e.Stack = nil
			}
			if len(e.Maps) == 0 {
				e.Maps = nil
			}
			for j := range e.Maps {
				if len(e.Maps[j].BuildID) == 0 {
					e.Maps[j].BuildID = nil
				}
			}
			for j := range e.Tamper.Pokes {
				if len(e.Tamper.Pokes[j].Data) == 0 {
					e.Tamper.Pokes[j].Data = nil
				}
			}
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: event %d (%v):\n got %+v\nwant %+v", what, i, want[i].Kind, g, w)
		}
	}
}

// TestColumnsRoundTrip: every kind of event, with every field, reads back
// as written from column chunks (and from the other ways of storing
// them), whatever the chunk size, so chunks that cut a call in two too.
func TestColumnsRoundTrip(t *testing.T) {
	sets := map[string][]*Event{
		"lifelike": lifelikeEvents(6000, 1),
		"notes":    withNotes(lifelikeEvents(3000, 16), 16),
		"random":   genEvents(3000, 2),
		"regs":     regsEvents(3000),
		"stack":    stackEvents(),
	}
	for name, evs := range sets {
		for _, v := range variants {
			for _, size := range []int{4 << 10, 64 << 10, 4 << 20} {
				data := writeTrace(t, evs, append([]WriterOption{WithChunkSize(size)}, v.opts...)...)
				got, err := readAll(t, data)
				if err != nil {
					t.Fatalf("%s %s %d: %v", name, v.name, size, err)
				}
				sameEvents(t, name+" "+v.name, got, evs)
			}
		}
	}
}

// traceChunks returns the chunks of a trace file, their payloads copied.
func traceChunks(t testing.TB, data []byte) []Chunk {
	t.Helper()
	cr, err := NewChunkReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var out []Chunk
	for {
		c, err := cr.ReadChunk()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		c.Payload = append([]byte(nil), c.Payload...)
		c.Streams = append([]StreamInfo(nil), c.Streams...)
		out = append(out, c)
	}
}

// TestColumnsLayouts: directory entries go field by field when they parse
// as entries, padding stored against what the buffer held before, and as
// they are otherwise; each stream the writer uses is listed once, in
// order.
func TestColumnsLayouts(t *testing.T) {
	evs := lifelikeEvents(4000, 3)
	data := writeTrace(t, evs, WithChunkSize(16<<20), withColumnsAlways())
	seen := map[string]int{}
	for _, c := range traceChunks(t, data) {
		if c.Type != ChunkEvents {
			continue
		}
		if c.Codec != CodecColumns {
			t.Fatalf("chunk at %d stored with codec %d", c.Offset, c.Codec)
		}
		last := 0
		for _, s := range c.Streams {
			if s.ID <= last || s.Raw == 0 {
				t.Errorf("stream %s (%d bytes) after stream %d", StreamName(s.ID), s.Raw, last)
			}
			last = s.ID
			seen[StreamName(s.ID)] += s.Raw
		}
	}
	for _, name := range []string{"dent-name", "dent-off", "dent-pad", "mem-bin", "mem-str", "mem-stack", "fds", "rows", "tamper", "time-big", "reg-rbx", "reg-rip", "arch", "tid-new"} {
		if seen[name] == 0 {
			t.Errorf("no bytes in stream %s (have %v)", name, seen)
		}
	}
}

// TestColumnsSmaller: column chunks take less room than version 1 for
// the same events (the generated ones are mostly random bytes, directory
// offsets and stat buffers that nothing shrinks: a real recording takes
// about half), and the Writer keeps a small chunk whole when that is
// smaller.
func TestColumnsSmaller(t *testing.T) {
	for _, c := range []struct {
		name  string
		evs   []*Event
		ratio float64
	}{
		{"lifelike", lifelikeEvents(20000, 4), 0.75},
		{"regs", regsEvents(20000), 0.9},
	} {
		v1 := writeTrace(t, c.evs, WithVersion(1))
		v2 := writeTrace(t, c.evs)
		if r := float64(len(v2)) / float64(len(v1)); r > c.ratio {
			t.Errorf("%s: version 2 takes %d bytes, version 1 %d: %.2f of it, more than %.2f", c.name, len(v2), len(v1), r, c.ratio)
		} else {
			t.Logf("%s: version 1 %d bytes, version 2 %d bytes (%.2f)", c.name, len(v1), len(v2), r)
		}
	}
	// A chunk of two events goes whole, and reads back.
	small := lifelikeEvents(2, 4)
	data := writeTrace(t, small)
	for _, c := range traceChunks(t, data) {
		if c.Type == ChunkEvents && c.Codec != CodecColumnsZstd {
			t.Errorf("a chunk of two events stored with codec %d", c.Codec)
		}
	}
	got, err := readAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	sameEvents(t, "small chunk", got, small)
}

// TestVersions: versions 1 to 3 are still written on request (version
// 1: one zstd frame per chunk) and all read back; a column chunk in a
// version-1 file is corrupt, and versions outside 1 to 4 are refused.
func TestVersions(t *testing.T) {
	evs := lifelikeEvents(500, 5)
	for _, v := range []int{1, 2, 3, 4} {
		data := writeTrace(t, evs, WithVersion(v), withColumnsAlways())
		if got := binary.LittleEndian.Uint32(data[len(Magic):]); got != uint32(v) {
			t.Fatalf("version %d wrote version %d", v, got)
		}
		for _, c := range traceChunks(t, data) {
			if c.Type == ChunkEvents && (v == 1) != (c.Codec == CodecZstd) {
				t.Errorf("version %d: event chunk with codec %d", v, c.Codec)
			}
		}
		got, err := readAll(t, data)
		if err != nil {
			t.Fatal(err)
		}
		sameEvents(t, "version", got, evs)
		if v >= 2 {
			bad := append([]byte(nil), data...)
			binary.LittleEndian.PutUint32(bad[len(Magic):], 1)
			_, err := readAll(t, bad)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Errorf("column chunk in a version-1 file: %v", err)
			}
		}
	}
	for _, v := range []uint32{0, 5} {
		bad := writeTrace(t, evs[:10])
		binary.LittleEndian.PutUint32(bad[len(Magic):], v)
		var ve *VersionError
		if _, err := readAll(t, bad); !errors.As(err, &ve) || ve.Version != v {
			t.Errorf("version %d: %v", v, err)
		}
	}
	if _, err := NewWriter(io.Discard, testHeader(), WithVersion(5)); err == nil {
		t.Error("version 5 accepted")
	}
}

// colPayload returns the raw payloads of the column chunks of a trace.
func colPayloads(t testing.TB, evs []*Event, opts ...WriterOption) [][]byte {
	t.Helper()
	var out [][]byte
	for _, c := range traceChunks(t, writeTrace(t, evs, append(opts, withColumnsAlways())...)) {
		if c.Type == ChunkEvents && c.Codec == CodecColumns {
			out = append(out, c.Payload)
		}
	}
	return out
}

// splitPayload and joinPayload take a raw column payload apart by stream
// and put one together.
func splitPayload(t testing.TB, p []byte) map[uint64][]byte {
	t.Helper()
	d := eventDecoder{buf: p}
	n, _ := d.uvarint()
	var ids, sizes []uint64
	for range n {
		id, _ := d.uvarint()
		size, _ := d.uvarint()
		ids, sizes = append(ids, id), append(sizes, size)
	}
	m := map[uint64][]byte{}
	for i, id := range ids {
		b, err := d.bytes(sizes[i])
		if err != nil {
			t.Fatal(err)
		}
		m[id] = b
	}
	return m
}

func joinPayload(m map[uint64][]byte) []byte {
	var ids []uint64
	for id := uint64(1); id < 256; id++ {
		if _, ok := m[id]; ok {
			ids = append(ids, id)
		}
	}
	b := binary.AppendUvarint(nil, uint64(len(ids)))
	for _, id := range ids {
		b = binary.AppendUvarint(b, id)
		b = binary.AppendUvarint(b, uint64(len(m[id])))
	}
	for _, id := range ids {
		b = append(b, m[id]...)
	}
	return b
}

func decodePayload(p []byte) ([]*Event, error) {
	return chunkEvents(Chunk{Codec: CodecColumns, Payload: p}, Version)
}

// TestColumnsUnknownStreamSkipped: a stream this reader does not know (a
// field a newer writer added) is ignored.
func TestColumnsUnknownStreamSkipped(t *testing.T) {
	evs := lifelikeEvents(300, 6)
	p := colPayloads(t, evs, WithChunkSize(16<<20))[0]
	m := splitPayload(t, p)
	m[200] = []byte("a field from the future")
	got, err := decodePayload(joinPayload(m))
	if err != nil {
		t.Fatal(err)
	}
	sameEvents(t, "unknown stream", got, evs)
}

// TestColumnsCorrupt: streams cut short, grown, or with a byte changed
// give an error or events, never a panic, and a stream left with bytes
// over, or one cut short, is an error.
func TestColumnsCorrupt(t *testing.T) {
	evs := lifelikeEvents(1500, 7)
	p := colPayloads(t, evs, WithChunkSize(16<<20))[0]
	m := splitPayload(t, p)
	rng := rand.New(rand.NewSource(8))
	for id, s := range m {
		for _, mut := range []string{"short", "long", "flip"} {
			mm := map[uint64][]byte{}
			for k, v := range m {
				mm[k] = v
			}
			b := append([]byte(nil), s...)
			switch mut {
			case "short":
				b = b[:len(b)-1]
			case "long":
				b = append(b, 0)
			case "flip":
				b[rng.Intn(len(b))] ^= byte(1 + rng.Intn(255))
			}
			mm[id] = b
			_, err := decodePayload(joinPayload(mm))
			if err == nil && mut != "flip" {
				t.Errorf("stream %s %s: no error", StreamName(int(id)), mut)
			}
		}
	}
	// Directory damage.
	for _, bad := range [][]byte{nil, {1}, {1, 5, 10}, {2, 5, 0, 3, 0}, {1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f}} {
		if _, err := decodePayload(bad); err == nil {
			t.Errorf("payload % x: no error", bad)
		}
	}
}

// TestColumnChunkHeader: a column chunk whose streams do not add up to
// what its header says, or that claims more than a zstd stream can hold,
// is a FormatError at its offset.
func TestColumnChunkHeader(t *testing.T) {
	data := writeTrace(t, lifelikeEvents(300, 9), withColumnsAlways(), WithChunkSize(16<<20))
	at := -1
	for _, c := range traceChunks(t, data) {
		if c.Codec == CodecColumns {
			at = int(c.Offset)
			break
		}
	}
	if at < 0 {
		t.Fatal("no column chunk")
	}
	// Raise the raw size in the chunk header (and fix its checksum).
	bad := append([]byte(nil), data...)
	var h chunkHeader
	if err := h.parse(bad[at : at+ChunkHeaderSize]); err != nil {
		t.Fatal(err)
	}
	h.raw++
	h.put(bad[at : at+ChunkHeaderSize])
	_, err := readAll(t, bad)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Offset != int64(at) {
		t.Errorf("raw size one too many: %v", err)
	}
	// Lies in the stream directory, the chunk's checksums made right.
	stored := data[at+ChunkHeaderSize : at+ChunkHeaderSize+int(h.stored)]
	type ent struct {
		id          uint64
		codec       byte
		raw, stored uint64
	}
	d := eventDecoder{buf: stored}
	n, _ := d.uvarint()
	var ents []ent
	for range n {
		var e ent
		e.id, _ = d.uvarint()
		e.codec, _ = d.byte1()
		e.raw, _ = d.uvarint()
		e.stored, _ = d.uvarint()
		ents = append(ents, e)
	}
	body := stored[d.off:]
	zstdAt := -1
	for i, e := range ents {
		if e.codec == CodecZstd {
			zstdAt = i
			break
		}
	}
	if zstdAt < 0 {
		t.Fatal("no zstd stream")
	}
	for _, lie := range []struct {
		what string
		f    func(es []ent) []ent
	}{
		{"raw size one more", func(es []ent) []ent { es[zstdAt].raw++; return es }},
		{"raw size one less", func(es []ent) []ent { es[zstdAt].raw--; return es }},
		{"raw size beyond what zstd can hold", func(es []ent) []ent { es[zstdAt].raw = (es[zstdAt].stored + 2) << 17; return es }},
		{"stored size one more", func(es []ent) []ent { es[0].stored++; return es }},
		{"sizes that wrap around", func(es []ent) []ent { es[0].stored, es[1].stored = ^uint64(0)-3, es[1].stored+4; return es }},
		{"codec 3", func(es []ent) []ent { es[0].codec = 3; return es }},
		{"raw stream of another size", func(es []ent) []ent { es[0].codec, es[0].raw = CodecNone, es[0].stored+1; return es }},
		{"ids out of order", func(es []ent) []ent { es[0], es[1] = es[1], es[0]; return es }},
		{"a stream past the payload", func(es []ent) []ent { return append(es, ent{id: 250, raw: 5, stored: 5}) }},
	} {
		es := lie.f(append([]ent(nil), ents...))
		p := binary.AppendUvarint(nil, uint64(len(es)))
		raw := uvarintLen(uint64(len(es)))
		for _, e := range es {
			p = binary.AppendUvarint(p, e.id)
			p = append(p, e.codec)
			p = binary.AppendUvarint(p, e.raw)
			p = binary.AppendUvarint(p, e.stored)
			raw += uvarintLen(e.id) + uvarintLen(e.raw) + int(e.raw)
		}
		p = append(p, body...)
		hh := chunkHeader{typ: ChunkEvents, codec: CodecColumns, stored: uint32(len(p)), raw: uint32(raw), crcData: crc32.Checksum(p, castagnoli)}
		var hb [ChunkHeaderSize]byte
		hh.put(hb[:])
		file := append(append(append(append([]byte(nil), data[:at]...), hb[:]...), p...), data[at+ChunkHeaderSize+int(h.stored):]...)
		_, err := readAll(t, file)
		if !errors.As(err, &fe) || fe.Offset != int64(at) {
			t.Errorf("%s: %v", lie.what, err)
		}
	}
}

// FuzzColumns feeds arbitrary raw payloads to the column decoder: events
// or an error, never a panic, never a region larger than it says.
func FuzzColumns(f *testing.F) {
	for _, p := range colPayloads(f, lifelikeEvents(200, 10), WithChunkSize(16<<20)) {
		f.Add(p)
	}
	for _, p := range colPayloads(f, stackEvents()) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		// Version 4's register references, or not, by the payload.
		d := colDecoder{refs: len(p)%2 == 0}
		if err := d.init(p); err != nil {
			return
		}
		var e Event
		for {
			ok, err := d.next(&e)
			if err != nil || !ok {
				return
			}
			for _, m := range e.Mem {
				if uint64(len(m.Data)) > m.Len || len(m.Data) > MaxRegionSize {
					t.Fatalf("region of %d bytes, asked %d", len(m.Data), m.Len)
				}
			}
		}
	})
}

// BenchmarkWriteChunks writes a lifelike recording in each version, and
// reports the bytes per syscall it takes: what the compressing goroutine
// costs (the events are encoded on the caller's, as in the recorder).
func BenchmarkWriteChunks(b *testing.B) {
	evs := lifelikeEvents(50000, 11)
	syscalls := 0
	for _, e := range evs {
		if e.Kind == KindSyscallEntry {
			syscalls++
		}
	}
	for _, v := range []struct {
		name string
		opts []WriterOption
	}{{"v1", []WriterOption{WithVersion(1), WithLevel(zstd.SpeedFastest)}}, {"v2", nil}} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			var size int64
			for b.Loop() {
				w := writeEvents(b, io.Discard, evs, v.opts...)
				_, _, size = w.Stats()
			}
			b.ReportMetric(float64(size)/float64(syscalls), "bytes/syscall")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(syscalls), "ns/syscall")
		})
	}
}

// BenchmarkEncode measures the encoding WriteEvent does on the caller's
// thread, without the compression the Writer's goroutine does, over a
// lifelike mix of events (or the first 50,000 events of the trace named
// by $MYTRACE_SIZE_TRACE): v1 appends each event to the chunk, v2 spreads
// it over the column streams.
func BenchmarkEncode(b *testing.B) {
	evs := lifelikeEvents(20000, 14)
	if p := os.Getenv("MYTRACE_SIZE_TRACE"); p != "" {
		evs = readTraceFile(b, p)
		if len(evs) > 50000 {
			evs = evs[:50000]
		}
	}
	b.Run("v1", func(b *testing.B) {
		var rs regState
		buf := make([]byte, 0, 16<<20)
		i := 0
		for b.Loop() {
			if i%len(evs) == 0 {
				buf, i = buf[:0], 0
				rs.reset()
			}
			e := evs[i]
			i++
			buf, _ = appendEvent(buf, e, e.Time, &rs)
			if e.Kind == KindSyscallEntry || e.Kind == KindSyscallExit {
				rs.noteEvent(e)
			}
		}
	})
	b.Run("v2", func(b *testing.B) {
		var c colEncoder
		c.reset()
		i := 0
		for b.Loop() {
			if i%len(evs) == 0 {
				c.reset()
				i = 0
			}
			e := evs[i]
			i++
			if err := c.add(e, e.Time); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestStreamIDs: stream ids are part of the format (docs/format.md): a
// stream renumbered would make files written before unreadable.
func TestStreamIDs(t *testing.T) {
	want := "1 kind;2 tid;3 tid-new;4 gap0;5 gap1;6 gap2;7 dur0;8 dur1;9 dur2;10 time-big;11 flags;12 arch;13 nr;" +
		"14 arg0;15 arg1;16 arg2;17 arg3;18 arg4;19 arg5;20 ret;21 reg-mask;22 stime;23 mem-count;24 mem-addr;" +
		"25 mem-addr-x;26 mem-len;27 mem-flags;28 mem-dlen;29 mem-layout;30 mem-str;31 mem-bin;32 mem-stack;" +
		"33 dent-ino;34 dent-off;35 dent-type;36 dent-name;37 dent-reclen;38 dent-pad;39 tamper;40 rows;41 fds;" +
		"42 reg-r15;43 reg-r14;44 reg-r13;45 reg-r12;46 reg-rbp;47 reg-rbx;48 reg-r11;49 reg-r10;50 reg-r9;" +
		"51 reg-r8;52 reg-rax;53 reg-rcx;54 reg-rdx;55 reg-rsi;56 reg-rdi;57 reg-orig_rax;58 reg-rip;59 reg-cs;" +
		"60 reg-eflags;61 reg-rsp;62 reg-ss;63 reg-fs_base;64 reg-gs_base;65 reg-ds;66 reg-es;67 reg-fs;68 reg-gs;69 reg-ref;70 arg-mask;71 arg-ref;72 fd-prefix;73 stream73"
	var got []string
	for id := 1; id <= numCols; id++ {
		got = append(got, fmt.Sprintf("%d %s", id, StreamName(id)))
	}
	if g := strings.Join(got, ";"); g != want {
		t.Errorf("stream ids:\n got %s\nwant %s", g, want)
	}
}

// TestFormatFiles: files written by earlier writers read back as the
// events they were written from: testdata/v1.trace by the version-1
// writer (mytrace before version 2), testdata/v2.trace by the first
// version-2 one, testdata/v3.trace by the first version-3 one (times in
// µs, 32 KiB chunks). A change to the writer that changes what is
// written must keep these readable.
func TestFormatFiles(t *testing.T) {
	for _, name := range []string{"v1.trace", "v2.trace", "v3.trace"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		want, unit := lifelikeEvents(3000, 15), time.Nanosecond
		if name == "v3.trace" {
			unit = time.Microsecond
			want = truncated(want, unit)
		}
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if u := r.Header().TimeUnit; u != unit {
			t.Errorf("%s: time unit %v, want %v", name, u, unit)
		}
		got, err := readAll(t, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sameEvents(t, name, got, want)
		codecs := map[uint8]bool{}
		for _, c := range traceChunks(t, data) {
			if c.Type == ChunkEvents {
				codecs[c.Codec] = true
			}
		}
		if v := binary.LittleEndian.Uint32(data[len(Magic):]); v == 1 && !reflect.DeepEqual(codecs, map[uint8]bool{CodecZstd: true}) ||
			v >= 2 && !reflect.DeepEqual(codecs, map[uint8]bool{CodecColumns: true, CodecColumnsZstd: true}) {
			t.Errorf("%s: version %d, event chunks of codecs %v", name, v, codecs)
		}
	}
}

// TestColumnsHugeSizes: stream sizes near 2^64 in a directory are an
// error, not a wrap-around (and a slice out of range).
func TestColumnsHugeSizes(t *testing.T) {
	p := binary.AppendUvarint(nil, 2)
	p = binary.AppendUvarint(p, 1)
	p = binary.AppendUvarint(p, 10)
	p = binary.AppendUvarint(p, 2)
	p = binary.AppendUvarint(p, ^uint64(0)-5)
	p = append(p, make([]byte, 5)...)
	if _, err := decodePayload(p); err == nil {
		t.Error("no error")
	}
}

// TestSkipRegisters: a reader told to skip registers returns every event
// of each format version as a full reader does, less the registers, and
// still reads the file to its end (the streams it skips are not called
// left over).
func TestSkipRegisters(t *testing.T) {
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		data, err := os.ReadFile(filepath.Join("testdata", v+".trace"))
		if err != nil {
			t.Fatal(err)
		}
		read := func(skip bool) []*Event {
			rd, err := NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if skip {
				rd.SkipRegisters()
			}
			var evs []*Event
			for {
				ev, err := rd.Next()
				if errors.Is(err, io.EOF) {
					return evs
				}
				if err != nil {
					t.Fatalf("%s, skip %v: %v", v, skip, err)
				}
				evs = append(evs, ev.Clone())
			}
		}
		full, skipped := read(false), read(true)
		if len(full) != len(skipped) {
			t.Fatalf("%s: %d events, %d when skipping registers", v, len(full), len(skipped))
		}
		withRegs := 0
		for i, e := range full {
			if e.HasRegs {
				withRegs++
			}
			e.Regs, e.HasRegs = Regs{}, false
			if !reflect.DeepEqual(e, skipped[i]) {
				t.Errorf("%s: event %d differs when skipping registers:\n%+v\n%+v", v, i, e, skipped[i])
				break
			}
		}
		if withRegs == 0 {
			t.Errorf("%s: no event has registers; the test proves nothing", v)
		}
	}
}

// TestSmallChunksBeforeLarge: column chunks smaller than smallChunk that
// come before any large one are compressed at zstd's fastest level (its
// own encoder), and once a large chunk has used the Writer's level, small
// ones use it too; every chunk reads back.
func TestSmallChunksBeforeLarge(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, &Header{}, WithInline())
	if err != nil {
		t.Fatal(err)
	}
	ev := &Event{Kind: KindSyscallEntry, Tid: 1, Nr: 39}
	write := func(n int) {
		t.Helper()
		for i := range n {
			ev.Time = int64(i) * 1000
			ev.Args[0] = uint64(i * 7919)
			if err := w.WriteEvent(ev); err != nil {
				t.Fatal(err)
			}
		}
		w.Flush()
	}
	write(10)
	if w.small == nil || w.small == w.enc || w.encUsed {
		t.Fatalf("after a small chunk: small encoder %p (the Writer's %p), encUsed %v; want a fastest-level encoder of its own", w.small, w.enc, w.encUsed)
	}
	write(20000)
	if !w.encUsed {
		t.Fatal("after a large chunk the Writer's encoder is not marked used")
	}
	write(10)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	evs, err := readAll(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evs {
		j := i // its index in the write that made it
		switch {
		case i >= 20010:
			j = i - 20010
		case i >= 10:
			j = i - 10
		}
		if e.Nr != 39 || e.Args[0] != uint64(j*7919) {
			t.Fatalf("event %d: nr %d, first argument %d; want 39, %d", i, e.Nr, e.Args[0], j*7919)
		}
	}
	if len(evs) != 20020 {
		t.Errorf("read back %d events, want 20020", len(evs))
	}
}
