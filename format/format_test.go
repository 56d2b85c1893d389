package format

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"reflect"
	"testing"

	"github.com/klauspost/compress/zstd"

	"mytrace/internal/testrand"
)

func testHeader() *Header {
	return &Header{
		Recorder: "mytrace test", Arch: "x86_64", Kernel: "6.1.0", Hostname: "box",
		Command: []string{"ls", "-la"}, StartWall: 1700000000123456789, StartMono: 987654321,
		StrLimit: 256, PathMax: 4096, Follow: true, Verbose: false, Filter: "trace=open", PageSize: 4096,
		Attached: []int32{12, 13},
	}
}

// genEvents makes a deterministic, varied event sequence.
func genEvents(n int, seed int64) []*Event {
	rng := rand.New(rand.NewSource(seed))
	var evs []*Event
	t := int64(0)
	for i := 0; i < n; i++ {
		t += rng.Int63n(100000)
		e := &Event{Tid: int32(100 + rng.Intn(5)), Time: t}
		switch i % 8 {
		case 0, 1, 2:
			e.Kind = KindSyscallEntry
			if i%8 == 1 {
				e.Kind = KindSyscallExit
				e.Ret = rng.Int63n(1000) - 500
				e.IsError = e.Ret < 0
			}
			e.Arch = ArchX86_64
			e.Nr = uint64(rng.Intn(450))
			if e.Kind == KindSyscallEntry {
				for j := range e.Args {
					e.Args[j] = rng.Uint64() >> uint(rng.Intn(64))
				}
			}
			e.HasRegs = i%3 != 0
			e.HasSTime = i%5 != 0
			if e.HasSTime {
				e.STime = uint64(rng.Int63n(1 << 40))
			}
			if e.HasRegs {
				for j := range e.Regs {
					e.Regs[j] = rng.Uint64()
				}
			}
			for j := 0; j < rng.Intn(4); j++ {
				data := make([]byte, rng.Intn(300))
				rng.Read(data)
				e.Mem = append(e.Mem, Region{Addr: rng.Uint64(), Len: uint64(len(data) + rng.Intn(10)), Flags: uint8(rng.Intn(16)), Data: data})
			}
		case 3:
			e.Kind = KindSignal
			e.Sig = int32(1 + rng.Intn(64))
			e.Siginfo = make([]byte, SiginfoSize)
			rng.Read(e.Siginfo)
		case 4:
			e.Kind = KindPtraceEvent
			e.PtraceEvent = uint8(rng.Intn(8))
			e.Msg = rng.Uint64()
		case 5:
			e.Kind = KindExit
			e.Status = uint32(rng.Intn(1 << 16))
		case 7:
			e.Kind = KindFds
			e.FdsSnapshot = rng.Intn(2) == 0
			for j := 0; j < rng.Intn(5); j++ {
				p := make([]byte, rng.Intn(40))
				rng.Read(p)
				e.Fds = append(e.Fds, FdPath{Fd: int32(rng.Intn(1<<20)) - 200, Path: p})
			}
		case 6:
			e.Kind = KindNewTask
			e.Pid = int32(rng.Intn(1 << 20))
			e.Parent = int32(rng.Intn(1 << 20))
			e.How = uint8(1 + rng.Intn(4))
			if e.How == NewTaskAttached && rng.Intn(2) == 0 {
				e.Msg = uint64(1 + rng.Intn(500)) // the call it was in
			}
		}
		evs = append(evs, e)
	}
	return evs
}

func writeTrace(t testing.TB, evs []*Event, opts ...WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	writeEvents(t, &buf, evs, opts...)
	return buf.Bytes()
}

// writeEvents writes a trace of evs to out and returns its Writer, closed.
func writeEvents(t testing.TB, out io.Writer, evs []*Event, opts ...WriterOption) *Writer {
	t.Helper()
	return writeEventsHeader(t, out, testHeader(), evs, opts...)
}

// writeEventsHeader is writeEvents with header h.
func writeEventsHeader(t testing.TB, out io.Writer, h *Header, evs []*Event, opts ...WriterOption) *Writer {
	t.Helper()
	w, err := NewWriter(out, h, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if err := w.WriteEvent(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w
}

// normalize makes nil and empty slices compare equal.
func normalize(e *Event) *Event {
	c := e.Clone()
	if len(c.Mem) == 0 {
		c.Mem = nil
	}
	for i := range c.Mem {
		if len(c.Mem[i].Data) == 0 {
			c.Mem[i].Data = nil
		}
	}
	if len(c.Siginfo) == 0 {
		c.Siginfo = nil
	}
	if len(c.Fds) == 0 {
		c.Fds = nil
	}
	for i := range c.Fds {
		if len(c.Fds[i].Path) == 0 {
			c.Fds[i].Path = nil
		}
	}
	return c
}

func readAll(t testing.TB, data []byte) ([]*Event, error) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []*Event
	for {
		e, err := r.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		out = append(out, e.Clone())
	}
}

// variants are the ways a Writer stores event chunks: version 4 as it
// chooses (columns, or one zstd frame for a small chunk), always as
// columns, uncompressed, and versions 3, 2 and 1.
var variants = []struct {
	name string
	opts []WriterOption
}{
	{"default", nil},
	{"columns", []WriterOption{withColumnsAlways()}},
	{"uncompressed", []WriterOption{WithCompression(false)}},
	{"v3", []WriterOption{WithVersion(3)}},
	{"v2", []WriterOption{WithVersion(2)}},
	{"v1", []WriterOption{WithVersion(1)}},
}

// withColumnsAlways makes a Writer store every event chunk as columns,
// however small.
func withColumnsAlways() WriterOption {
	return func(o *writerOptions) error { o.columnsAlways = true; return nil }
}

// chunkEvents decodes the events of one event chunk of a file of the
// given version, whatever its codec.
func chunkEvents(c Chunk, version uint32) ([]*Event, error) {
	var out []*Event
	var e Event
	var d eventDecoder
	cd := colDecoder{refs: version >= 4}
	cols := c.Codec == CodecColumns || c.Codec == CodecColumnsZstd
	if cols {
		if err := cd.init(c.Payload); err != nil {
			return nil, err
		}
	} else {
		d.buf = c.Payload
	}
	for {
		var ok bool
		var err error
		if cols {
			ok, err = cd.next(&e)
		} else {
			ok, err = d.next(&e)
		}
		if err != nil || !ok {
			return out, err
		}
		out = append(out, e.Clone())
	}
}

func TestRoundTrip(t *testing.T) {
	for _, v := range variants {
		compress := v.name
		evs := genEvents(5000, 1)
		data := writeTrace(t, evs, append([]WriterOption{WithChunkSize(16 << 10)}, v.opts...)...)
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		want := testHeader()
		want.Version = Version
		switch v.name {
		case "v1":
			want.Version = 1
		case "v2":
			want.Version = 2
		case "v3":
			want.Version = 3
		}
		want.TimeUnit = 1 // the Writer's for 0, and version 1's
		if got := r.Header(); !reflect.DeepEqual(got, want) {
			t.Fatalf("header: got %+v, want %+v", got, want)
		}
		got, err := readAll(t, data)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(evs) {
			t.Fatalf("%s: got %d events, want %d", compress, len(got), len(evs))
		}
		for i := range evs {
			if !reflect.DeepEqual(normalize(got[i]), normalize(evs[i])) {
				t.Fatalf("%s: event %d:\ngot  %+v\nwant %+v", compress, i, got[i], evs[i])
			}
		}
	}
}

func TestEndIndex(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) { testEndIndex(t, v.opts) })
	}
}

func testEndIndex(t *testing.T, opts []WriterOption) {
	evs := genEvents(3000, 2)
	data := writeTrace(t, evs, append([]WriterOption{WithChunkSize(8 << 10)}, opts...)...)
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := r.Next(); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			break
		}
	}
	end := r.End()
	if end == nil || end.Events != uint64(len(evs)) || int(end.Chunks) != len(end.Index) || end.Chunks < 2 {
		t.Fatalf("end = %+v", end)
	}
	// Every index entry points at an events chunk whose first event has
	// the recorded time.
	var total uint32
	for _, x := range end.Index {
		cr := &ChunkReader{r: bytes.NewReader(data[x.Offset:]), off: x.Offset, version: r.cr.version}
		c, err := cr.ReadChunk()
		if err != nil || c.Type != ChunkEvents {
			t.Fatalf("index entry %+v: %v type %d", x, err, c.Type)
		}
		in, err := chunkEvents(c, r.cr.version)
		if err != nil || len(in) != int(x.Events) || in[0].Time != x.FirstTime {
			t.Fatalf("index entry %+v: %d events, the first at %d (%v)", x, len(in), in[0].Time, err)
		}
		total += x.Events
	}
	if total != uint32(len(evs)) {
		t.Fatalf("index counts %d events, want %d", total, len(evs))
	}
}

// TestTruncatedAtEveryByte cuts a trace at every byte and checks that the
// reader returns every event of every complete chunk, then a truncation
// error, and never panics.
func TestTruncatedAtEveryByte(t *testing.T) {
	for _, v := range variants[:2] {
		t.Run(v.name, func(t *testing.T) { testTruncatedAtEveryByte(t, v.opts) })
	}
}

func testTruncatedAtEveryByte(t *testing.T, opts []WriterOption) {
	evs := genEvents(300, 3)
	data := writeTrace(t, evs, append([]WriterOption{WithChunkSize(4 << 10)}, opts...)...)
	full, err := readAll(t, data)
	if err != nil || len(full) != len(evs) {
		t.Fatalf("full read: %d events, %v", len(full), err)
	}
	// Where each chunk ends, and how many events precede that point.
	type mark struct {
		end    int64
		events int
	}
	var marks []mark
	cr, _ := NewChunkReader(bytes.NewReader(data))
	n := 0
	for {
		c, err := cr.ReadChunk()
		if err != nil {
			break
		}
		if c.Type == ChunkEvents {
			in, err := chunkEvents(c, cr.Version())
			if err != nil {
				t.Fatal(err)
			}
			n += len(in)
		}
		marks = append(marks, mark{cr.Offset(), n})
	}
	if _, err := readAll(t, nil); !errors.Is(err, ErrNotTrace) {
		t.Fatalf("empty file: err = %v, want ErrNotTrace", err)
	}
	for cut := 1; cut < len(data); cut++ {
		got, err := readAll(t, data[:cut])
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("cut at %d: err = %v, want truncation", cut, err)
		}
		want := 0
		for _, m := range marks {
			if m.end <= int64(cut) {
				want = m.events
			}
		}
		if len(got) != want {
			t.Fatalf("cut at %d: %d events, want %d", cut, len(got), want)
		}
		// Spot-check content: the last event read is the one written.
		if want > 0 && !reflect.DeepEqual(normalize(got[want-1]), normalize(evs[want-1])) {
			t.Fatalf("cut at %d: event %d differs", cut, want-1)
		}
	}
}

func TestNotTrace(t *testing.T) {
	for _, in := range []string{"hello world, not a trace", "MYTRACX\x00\x01\x00\x00\x00"} {
		_, err := NewReader(bytes.NewReader([]byte(in)))
		if !errors.Is(err, ErrNotTrace) {
			t.Errorf("%q: err = %v, want ErrNotTrace", in, err)
		}
	}
	_, err := NewReader(bytes.NewReader([]byte("MYTRACE\x00\x09\x00\x00\x00")))
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Version != 9 {
		t.Errorf("future version: err = %v", err)
	}
}

// TestCorruption flips bytes and checks for a FormatError (or truncation,
// or a clean read when the flip landed in ignored bytes), never a panic.
func TestCorruption(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) { testCorruption(t, v.opts) })
	}
}

func testCorruption(t *testing.T, opts []WriterOption) {
	evs := genEvents(200, 4)
	data := writeTrace(t, evs, append([]WriterOption{WithChunkSize(4 << 10)}, opts...)...)
	rng := testrand.New(t, 5)
	formatErrs := 0
	for i := 0; i < 2000; i++ {
		d := append([]byte(nil), data...)
		pos := PreambleSize + rng.Intn(len(d)-PreambleSize)
		d[pos] ^= byte(1 + rng.Intn(255))
		_, err := readAll(t, d)
		var fe *FormatError
		switch {
		case err == nil:
			t.Fatalf("flip at %d went unnoticed", pos)
		case errors.As(err, &fe):
			formatErrs++
			if fe.Offset < int64(PreambleSize) || fe.Offset > int64(len(d)) {
				t.Fatalf("flip at %d: error offset %d out of range", pos, fe.Offset)
			}
		case errors.Is(err, ErrTruncated):
			// a length field grew past the end of the file
		default:
			t.Fatalf("flip at %d: unexpected error %v", pos, err)
		}
	}
	if formatErrs == 0 {
		t.Fatal("no corruption was reported as a FormatError")
	}
}

func TestUnknownKindsAndChunksSkipped(t *testing.T) {
	// An event of an unknown kind inside a chunk is skipped by length.
	payload := []byte{99, 3, 1, 2, 3}
	e := &Event{Kind: KindExit, Tid: 7, Time: 5, Status: 256}
	payload, _ = AppendEvent(payload, e, 0)
	d := eventDecoder{buf: payload}
	var got Event
	ok, err := d.next(&got)
	if !ok || err != nil || got.Kind != KindExit || got.Tid != 7 || got.Status != 256 {
		t.Fatalf("got %+v %v %v", got, ok, err)
	}
}

func TestWriterOptionsValidated(t *testing.T) {
	var buf bytes.Buffer
	for _, opt := range []WriterOption{WithChunkSize(10), WithQueue(0), WithLevel(99)} {
		if _, err := NewWriter(&buf, testHeader(), opt); err == nil {
			t.Error("bad option accepted")
		}
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteErrorReported(t *testing.T) {
	w, err := NewWriter(&failWriter{n: 1000}, testHeader(), WithChunkSize(4<<10))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range genEvents(2000, 6) {
		w.WriteEvent(e)
	}
	if err := w.Close(); err == nil {
		t.Fatal("Close after a failed write returned nil")
	}
}

// BenchmarkWriteEvent measures what WriteEvent costs the recorder's
// thread for one syscall event, in each version (v1: the event appended
// to the chunk as it is; v2: spread over the column streams), and
// BenchmarkWriteEvents the same over a lifelike mix of events.
func BenchmarkWriteEvent(b *testing.B) {
	var e Event
	e.Kind = KindSyscallEntry
	e.Tid = 1234
	e.Arch = ArchX86_64
	e.Nr = 0
	e.Args = [6]uint64{3, 0x7ffd12345678, 832}
	e.HasRegs = true
	for i := range e.Regs {
		e.Regs[i] = uint64(i) * 0x1000
	}
	data := []byte("/usr/lib/x86_64-linux-gnu/libc.so.6")
	e.Mem = []Region{{Addr: 0x7ffd12345678, Len: 4096, Flags: MemString | MemTerminated, Data: data}}
	for _, v := range []struct {
		name string
		opts []WriterOption
	}{{"v1", []WriterOption{WithVersion(1), WithLevel(zstd.SpeedFastest), WithChunkSize(256 << 10)}}, {"v2", nil}} {
		b.Run(v.name, func(b *testing.B) {
			w, err := NewWriter(io.Discard, testHeader(), v.opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				e.Time = int64(i) * 1000
				i++
				if err := w.WriteEvent(&e); err != nil {
					b.Fatal(err)
				}
			}
			w.Close()
		})
	}
}

func BenchmarkWriteEvents(b *testing.B) {
	evs := lifelikeEvents(20000, 13)
	for _, v := range []struct {
		name string
		opts []WriterOption
	}{{"v1", []WriterOption{WithVersion(1), WithLevel(zstd.SpeedFastest), WithChunkSize(256 << 10)}}, {"v2", nil}} {
		b.Run(v.name, func(b *testing.B) {
			w, err := NewWriter(io.Discard, testHeader(), v.opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				e := evs[i%len(evs)]
				i++
				if err := w.WriteEvent(e); err != nil {
					b.Fatal(err)
				}
			}
			w.Close()
		})
	}
}

func BenchmarkReadEvent(b *testing.B) {
	evs := genEvents(20000, 7)
	data := writeTrace(b, evs)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
		r.Close()
	}
}
