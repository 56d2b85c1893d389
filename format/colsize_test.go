package format

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// TestColumnSizes reads the trace named by $MYTRACE_SIZE_TRACE, writes its
// events again in the current format (a chunk every 250 ms of trace time,
// as the recorder's timer would, or every $MYTRACE_SIZE_CHUNK raw bytes),
// checks that they read back the same, and prints the bytes each stream
// takes: where a recording's bytes go. $MYTRACE_SIZE_LEVEL sets the zstd
// level (fastest, default, better, best), $MYTRACE_SIZE_UNIT the unit
// of the times (ns, us: as record --time-unit; by default the file's),
// and $MYTRACE_SIZE_V1 writes version 1 instead.
//
//	MYTRACE_SIZE_TRACE=find.trace go test ./format -run ColumnSizes -v
func TestColumnSizes(t *testing.T) {
	path := os.Getenv("MYTRACE_SIZE_TRACE")
	if path == "" {
		t.Skip("set MYTRACE_SIZE_TRACE to a trace file")
	}
	evs := readTraceFile(t, path)
	hdr := readTraceHeader(t, path)
	syscalls := 0
	for _, e := range evs {
		if e.Kind == KindSyscallEntry {
			syscalls++
		}
	}
	opts := []WriterOption{WithFlushInterval(0)}
	if s := os.Getenv("MYTRACE_SIZE_CHUNK"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, WithChunkSize(n))
	}
	if l := os.Getenv("MYTRACE_SIZE_LEVEL"); l != "" {
		_, lv := zstd.EncoderLevelFromString(l)
		opts = append(opts, WithLevel(lv))
	}
	want := evs
	if u := os.Getenv("MYTRACE_SIZE_UNIT"); u != "" {
		units := map[string]time.Duration{"ns": time.Nanosecond, "us": time.Microsecond}
		if units[u] == 0 {
			t.Fatalf("MYTRACE_SIZE_UNIT=%s: not ns or us", u)
		}
		h := *hdr
		h.TimeUnit = units[u]
		hdr = &h
	}
	if os.Getenv("MYTRACE_SIZE_V1") != "" {
		opts = append(opts, WithVersion(1), WithLevel(zstd.SpeedFastest))
	} else {
		want = truncated(evs, hdr.TimeUnit)
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, hdr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var chunkStart int64
	for i, e := range evs {
		if i > 0 && e.Time-chunkStart >= int64(DefaultFlushInterval) {
			w.Flush()
			chunkStart = e.Time
		}
		if err := w.WriteEvent(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	wrote := time.Since(start)
	data := buf.Bytes()
	start = time.Now()
	got, err := readAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	read := time.Since(start)
	if len(got) != len(evs) {
		t.Fatalf("read %d events, wrote %d", len(got), len(evs))
	}
	for i := range want {
		if !reflect.DeepEqual(normalize(got[i]), normalize(want[i])) {
			t.Fatalf("event %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	// Bytes per stream.
	type tot struct{ raw, stored int }
	streams := map[int]*tot{}
	cr, err := NewChunkReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	chunks, overhead, whole := 0, 0, 0
	wholeEnc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(DefaultLevel), zstd.WithEncoderCRC(false))
	for {
		c, err := cr.ReadChunk()
		if err != nil {
			break
		}
		overhead += ChunkHeaderSize
		if c.Type != ChunkEvents {
			overhead += c.Stored
			continue
		}
		chunks++
		if c.Codec != CodecColumns {
			s := streams[0]
			if s == nil {
				s = &tot{}
				streams[0] = s
			}
			s.raw += len(c.Payload)
			s.stored += c.Stored
			continue
		}
		whole += len(wholeEnc.EncodeAll(c.Payload, nil))
		sum := 0
		for _, si := range c.Streams {
			s := streams[si.ID]
			if s == nil {
				s = &tot{}
				streams[si.ID] = s
			}
			s.raw += si.Raw
			s.stored += si.Stored
			sum += si.Stored
		}
		overhead += c.Stored - sum
	}
	var ids []int
	for id := range streams {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return streams[ids[i]].stored > streams[ids[j]].stored })
	per := func(n int) string { return fmt.Sprintf("%6.2f", float64(n)/float64(syscalls)) }
	t.Logf("%d events, %d syscalls, %d chunks, times in units of %v; written in %v, read in %v", len(evs), syscalls, chunks, hdr.TimeUnit, wrote.Round(time.Millisecond), read.Round(time.Millisecond))
	t.Logf("column chunks as one zstd frame each: %d bytes", whole)
	t.Logf("%-12s %10s %10s %s", "stream", "raw", "stored", "bytes/syscall")
	for _, id := range ids {
		name := StreamName(id)
		if id == 0 {
			name = "whole chunks"
		}
		t.Logf("%-12s %10d %10d %s", name, streams[id].raw, streams[id].stored, per(streams[id].stored))
	}
	t.Logf("%-12s %10s %10d %s", "framing", "", overhead, per(overhead))
	t.Logf("%-12s %10s %10d %s (file before: %d, %s)", "total", "", len(data), per(len(data)), fileSize(path), per(int(fileSize(path))))
}

// readTraceFile returns the events of a trace file.
func readTraceFile(t testing.TB, path string) []*Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := NewReader(bufio.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	var evs []*Event
	for {
		e, err := rd.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, ErrTruncated) {
				t.Fatal(err)
			}
			return evs
		}
		evs = append(evs, e.Clone())
	}
}

func readTraceHeader(t testing.TB, path string) *Header {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := NewReader(bufio.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	return rd.Header()
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}
