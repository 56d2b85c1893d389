package format

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that counts writes and may be read while
// the Writer's goroutine writes to it.
type lockedBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes++
	return l.buf.Write(p)
}

func (l *lockedBuffer) snapshot() ([]byte, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]byte(nil), l.buf.Bytes()...), l.writes
}

// TestWriterOneWritePerChunk: the preamble and header go out in one Write,
// then each chunk in one, compressed or not, so the file grows in large
// blocks and a reader of a pipe gets whole chunks.
func TestWriterOneWritePerChunk(t *testing.T) {
	evs := genEvents(3000, 11)
	for _, compress := range []bool{true, false} {
		var lb lockedBuffer
		w := writeEvents(t, &lb, evs, WithChunkSize(8<<10), WithCompression(compress), WithFlushInterval(0))
		data, writes := lb.snapshot()
		_, chunks, size := w.Stats()
		if want := int(chunks) + 2; writes != want {
			t.Errorf("compress=%v: %d writes for %d event chunks, want %d", compress, writes, chunks, want)
		}
		if size != int64(len(data)) {
			t.Errorf("compress=%v: Stats says %d bytes, wrote %d", compress, size, len(data))
		}
		got, err := readAll(t, data)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(evs) {
			t.Fatalf("compress=%v: read %d events, wrote %d", compress, len(got), len(evs))
		}
		for i := range evs {
			if !reflect.DeepEqual(normalize(got[i]), normalize(evs[i])) {
				t.Fatalf("compress=%v: event %d differs", compress, i)
			}
		}
	}
}

// TestWriterFlushesOnTimer: events written and then left alone (the
// tracer asleep in wait4) reach the file within the flush interval,
// through a bufio.Writer too, with no Flush or Close: a recorder killed
// then leaves them readable.
func TestWriterFlushesOnTimer(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "t.trace"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w, err := NewWriter(bw, testHeader(), WithFlushInterval(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	evs := genEvents(50, 12)
	for _, e := range evs {
		if err := w.WriteEvent(e); err != nil {
			t.Fatal(err)
		}
	}
	var got []*Event
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		data, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		got, err = readAll(t, data)
		if len(got) == len(evs) {
			if !errors.Is(err, ErrTruncated) {
				t.Errorf("a file without its end chunk read with %v, want ErrTruncated", err)
			}
			break
		}
	}
	if len(got) != len(evs) {
		t.Fatalf("after the flush interval the file holds %d of %d events", len(got), len(evs))
	}
	// Later events go on into later chunks; Close ends the file.
	more := genEvents(10, 13)
	for _, e := range more {
		e.Time += evs[len(evs)-1].Time
		if err := w.WriteEvent(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	all, err := readAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(evs)+len(more) {
		t.Fatalf("complete file holds %d events, want %d", len(all), len(evs)+len(more))
	}
}

// TestWriterTimerRace writes while the timer flushes as often as it can:
// every event arrives once, in order (run with -race).
func TestWriterTimerRace(t *testing.T) {
	evs := genEvents(20000, 14)
	var lb lockedBuffer
	w, err := NewWriter(&lb, testHeader(), WithFlushInterval(time.Microsecond), WithQueue(1), WithChunkSize(4<<10))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evs {
		if err := w.WriteEvent(e); err != nil {
			t.Fatal(err)
		}
		if i%997 == 0 {
			w.Flush()
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := lb.snapshot()
	got, err := readAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(evs) {
		t.Fatalf("read %d events, wrote %d", len(got), len(evs))
	}
	for i := range evs {
		if !reflect.DeepEqual(normalize(got[i]), normalize(evs[i])) {
			t.Fatalf("event %d differs", i)
		}
	}
	if err := w.WriteEvent(evs[0]); err == nil {
		t.Error("write after Close accepted")
	}
}

func TestWriterFlushIntervalValidated(t *testing.T) {
	for _, d := range []time.Duration{-1, time.Hour} {
		if _, err := NewWriter(&bytes.Buffer{}, testHeader(), WithFlushInterval(d)); err == nil {
			t.Errorf("flush interval %v accepted", d)
		}
	}
}

// TestWriterInline: an inline Writer has every event of a Flush in the
// underlying writer when Flush returns, and its file reads back whole.
func TestWriterInline(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, testHeader(), WithInline(), WithCompression(false), WithChunkSize(4<<10))
	if err != nil {
		t.Fatal(err)
	}
	var e Event
	for i := 0; i < 500; i++ {
		e.Reset()
		e.Kind, e.Tid, e.Time, e.Nr = KindSyscallEntry, 7, int64(i), uint64(i%300)
		if err := w.WriteEvent(&e); err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 {
			before := buf.Len()
			w.Flush()
			if buf.Len() == before {
				t.Fatalf("event %d: Flush wrote nothing", i)
			}
			// What is in buf now reads back up to event i.
			rd, err := NewReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for {
				if _, err := rd.Next(); err != nil {
					break
				}
				n++
			}
			if n != i+1 {
				t.Fatalf("after Flush at event %d, %d events read back", i, n)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rd, err := NewReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 500 {
		t.Errorf("%d events read back, want 500", n)
	}
	// A chunk a Flush: an index would grow with every one.
	if e := rd.End(); e == nil || len(e.Index) != 0 || e.Events != 500 {
		t.Errorf("end chunk %+v, want 500 events and no index", e)
	}
}
