package format

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// unitHeader is testHeader with event times in unit.
func unitHeader(unit time.Duration) *Header {
	h := testHeader()
	h.TimeUnit = unit
	return h
}

// writeTraceHeader writes a trace of evs with header h.
func writeTraceHeader(t testing.TB, h *Header, evs []*Event, opts ...WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	writeEventsHeader(t, &buf, h, evs, opts...)
	return buf.Bytes()
}

// truncated returns copies of evs with their times truncated to a
// multiple of unit, as a version-3 Writer stores them.
func truncated(evs []*Event, unit time.Duration) []*Event {
	out := make([]*Event, len(evs))
	for i, e := range evs {
		c := e.Clone()
		c.Time = c.Time / int64(unit) * int64(unit)
		out[i] = c
	}
	return out
}

// TestTimeUnit: every way a Writer stores events (column chunks, small
// chunks as one zstd frame, uncompressed version-1 events, inline as live
// tracing writes them) stores times in the header's unit, truncated, and
// a Reader gives them back in ns; versions 1 and 2 keep ns whatever the
// header says. The end chunk's times are the truncated ones, in ns.
func TestTimeUnit(t *testing.T) {
	evs := lifelikeEvents(3000, 21)
	orig := lifelikeEvents(3000, 21)
	paths := []struct {
		name    string
		opts    []WriterOption
		version uint32
		codecs  []uint8 // the event chunks' codecs, all of them seen
	}{
		{"columns", []WriterOption{WithChunkSize(16 << 10), withColumnsAlways()}, Version, []uint8{CodecColumns}},
		{"small", []WriterOption{WithChunkSize(4 << 10)}, Version, []uint8{CodecColumnsZstd}},
		{"uncompressed", []WriterOption{WithCompression(false), WithChunkSize(16 << 10)}, Version, []uint8{CodecNone}},
		{"inline", []WriterOption{WithCompression(false), WithInline(), WithChunkSize(16 << 10)}, Version, []uint8{CodecNone}},
		{"v3", []WriterOption{WithVersion(3), WithChunkSize(16 << 10), withColumnsAlways()}, 3, []uint8{CodecColumns}},
		{"v2", []WriterOption{WithVersion(2), WithChunkSize(16 << 10), withColumnsAlways()}, 2, []uint8{CodecColumns}},
		{"v1", []WriterOption{WithVersion(1), WithChunkSize(16 << 10)}, 1, []uint8{CodecZstd}},
	}
	for _, unit := range []time.Duration{time.Nanosecond, time.Microsecond, time.Millisecond} {
		for _, p := range paths {
			name := p.name + "/" + unit.String()
			data := writeTraceHeader(t, unitHeader(unit), evs, p.opts...)
			codecs := map[uint8]bool{}
			for _, c := range traceChunks(t, data) {
				if c.Type == ChunkEvents {
					codecs[c.Codec] = true
				}
			}
			for _, c := range p.codecs {
				if !codecs[c] || len(codecs) != len(p.codecs) {
					t.Errorf("%s: event chunks of codecs %v, want %v", name, codecs, p.codecs)
				}
			}
			r, err := NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			wantUnit := unit
			if p.version < 3 {
				wantUnit = time.Nanosecond
			}
			if h := r.Header(); h.Version != p.version || h.TimeUnit != wantUnit {
				t.Errorf("%s: version %d, time unit %v; want %d, %v", name, h.Version, h.TimeUnit, p.version, wantUnit)
			}
			var got []*Event
			for {
				e, err := r.Next()
				if err != nil {
					if !errors.Is(err, io.EOF) {
						t.Fatalf("%s: %v", name, err)
					}
					break
				}
				got = append(got, e.Clone())
			}
			want := truncated(evs, wantUnit)
			sameEvents(t, name, got, want)
			end := r.End()
			if end == nil || end.LastTime != want[len(want)-1].Time {
				t.Fatalf("%s: end %+v, want the last time %d", name, end, want[len(want)-1].Time)
			}
			if p.name == "inline" {
				continue // no index
			}
			firsts := map[int64]bool{}
			for _, e := range want {
				firsts[e.Time] = true
			}
			if len(end.Index) < 2 {
				t.Errorf("%s: %d chunks", name, len(end.Index))
			}
			for _, x := range end.Index {
				if !firsts[x.FirstTime] {
					t.Errorf("%s: index entry %+v: no event at that time", name, x)
				}
			}
		}
	}
	sameEvents(t, "the events written", evs, orig)
}

// streamBytes returns the stored bytes of the named streams in the column
// chunks of data.
func streamBytes(t testing.TB, data []byte, names ...string) int {
	n := 0
	for _, c := range traceChunks(t, data) {
		for _, s := range c.Streams {
			for _, name := range names {
				if StreamName(s.ID) == name {
					n += s.Stored
				}
			}
		}
	}
	return n
}

// TestTimeUnitSmaller: times in µs take much less room than in ns (the
// ns digits of a recording are noise).
func TestTimeUnitSmaller(t *testing.T) {
	evs := lifelikeEvents(20000, 22)
	times := []string{"gap0", "gap1", "gap2", "dur0", "dur1", "dur2", "time-big"}
	ns := streamBytes(t, writeTraceHeader(t, unitHeader(time.Nanosecond), evs, withColumnsAlways()), times...)
	us := streamBytes(t, writeTraceHeader(t, unitHeader(time.Microsecond), evs, withColumnsAlways()), times...)
	if us == 0 || float64(us) > 0.6*float64(ns) {
		t.Errorf("times take %d bytes in µs, %d in ns", us, ns)
	} else {
		t.Logf("times take %d bytes in µs, %d in ns", us, ns)
	}
}

// rawTrace returns the preamble of version and a header chunk holding
// the marshalled h, then chunks of events, each one uncompressed event.
func rawTrace(version uint32, h *Header, evs ...*Event) []byte {
	b := binary.LittleEndian.AppendUint32([]byte(Magic), version)
	chunk := func(typ uint8, payload []byte) {
		var ch [ChunkHeaderSize]byte
		hd := chunkHeader{typ: typ, codec: CodecNone, raw: uint32(len(payload)), stored: uint32(len(payload)), crcData: crc32.Checksum(payload, castagnoli)}
		hd.put(ch[:])
		b = append(append(b, ch[:]...), payload...)
	}
	chunk(ChunkHeader, h.marshal())
	for _, e := range evs {
		p, err := AppendEvent(nil, e, 0)
		if err != nil {
			panic(err)
		}
		chunk(ChunkEvents, p)
	}
	return b
}

// TestTimeUnitBad: a version-3 header whose unit is not a power of ten
// from 1 ns to 1 s is a FormatError naming it, and a Writer refuses one;
// no unit (or 0) is ns; versions 1 and 2 ignore the field. An event time
// that does not fit in int64 ns is a FormatError too.
func TestTimeUnitBad(t *testing.T) {
	for _, u := range []time.Duration{1500, 2, 10 * time.Second, -1000, -1} {
		data := rawTrace(3, unitHeader(u))
		_, err := NewReader(bytes.NewReader(data))
		var fe *FormatError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), "time unit "+strconv.FormatUint(uint64(u), 10)+" ns") {
			t.Errorf("unit %d: %v", u, err)
		}
		if _, err := NewWriter(io.Discard, unitHeader(u)); err == nil || !strings.Contains(err.Error(), "time unit") {
			t.Errorf("Writer of unit %d: %v", u, err)
		}
		if _, err := NewWriter(io.Discard, unitHeader(u), WithVersion(2)); err != nil {
			t.Errorf("version-2 Writer of unit %d: %v", u, err)
		}
	}
	e := &Event{Kind: KindExit, Tid: 1, Time: 123456789, Status: 0}
	for _, c := range []struct {
		version uint32
		unit    time.Duration
		want    time.Duration
		time    int64
	}{
		{3, 0, 1, 123456789},
		{3, time.Microsecond, time.Microsecond, 123456789000},
		{3, time.Second, time.Second, 123456789000000000},
		{2, 1500, 1, 123456789},
		{2, time.Microsecond, 1, 123456789},
		{1, time.Microsecond, 1, 123456789},
	} {
		r, err := NewReader(bytes.NewReader(rawTrace(c.version, unitHeader(c.unit), e)))
		if err != nil {
			t.Fatalf("version %d, unit %d: %v", c.version, c.unit, err)
		}
		got, err := r.Next()
		if err != nil {
			t.Fatalf("version %d, unit %d: %v", c.version, c.unit, err)
		}
		if r.Header().TimeUnit != c.want || got.Time != c.time {
			t.Errorf("version %d, unit %d: unit %d, time %d; want %d, %d", c.version, c.unit, r.Header().TimeUnit, got.Time, c.want, c.time)
		}
	}
	for _, tm := range []int64{math.MaxInt64/int64(time.Second) + 1, math.MinInt64/int64(time.Second) - 1} {
		big := &Event{Kind: KindExit, Tid: 1, Time: tm}
		r, err := NewReader(bytes.NewReader(rawTrace(3, unitHeader(time.Second), big)))
		if err != nil {
			t.Fatal(err)
		}
		var fe *FormatError
		if _, err := r.Next(); !errors.As(err, &fe) || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("time %d s: %v", tm, err)
		}
	}
}
