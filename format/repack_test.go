package format

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"
)

// TestRepack: a trace cut into many small chunks (as the flush timer
// cuts a slow program's) comes out of Repack as the same header and
// events in fewer chunks and fewer bytes, in the current version
// whatever the source's; a trace cut short is refused.
func TestRepack(t *testing.T) {
	evs := truncated(v4Events(), time.Microsecond)
	h := testHeader()
	h.TimeUnit = time.Microsecond
	for _, v := range []int{3, 4} {
		var src bytes.Buffer
		w, err := NewWriter(&src, h, WithVersion(v), WithFlushInterval(0))
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range evs {
			if err := w.WriteEvent(e); err != nil {
				t.Fatal(err)
			}
			if i%200 == 199 {
				w.Flush() // as the timer would
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var dst bytes.Buffer
		n, err := Repack(&dst, bytes.NewReader(src.Bytes()))
		if err != nil || n != uint64(len(evs)) {
			t.Fatalf("version %d: %d events, %v", v, n, err)
		}
		r, err := NewReader(bytes.NewReader(dst.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		want := *h
		want.Version = Version
		if got := r.Header(); !reflect.DeepEqual(*got, want) {
			t.Errorf("version %d: header %+v, want %+v", v, got, &want)
		}
		got, err := readAll(t, dst.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		sameEvents(t, "repacked", got, evs)
		_, srcChunks, _ := w.Stats()
		var chunks int
		for _, c := range traceChunks(t, dst.Bytes()) {
			if c.Type == ChunkEvents {
				chunks++
			}
		}
		if chunks != 1 || srcChunks < 10 || dst.Len() >= src.Len() {
			t.Errorf("version %d: %d chunks, %d bytes from %d chunks, %d bytes", v, chunks, dst.Len(), srcChunks, src.Len())
		}
		// Cut short: no end chunk.
		cut := src.Bytes()[:src.Len()*2/3]
		if _, err := Repack(&bytes.Buffer{}, bytes.NewReader(cut)); err == nil {
			t.Errorf("version %d: a trace cut short repacked", v)
		} else if !errors.Is(err, ErrIncomplete) {
			var te *TruncatedError
			if !errors.As(err, &te) {
				t.Errorf("version %d, cut short: %v", v, err)
			}
		}
	}
}

// TestTimerChunks: a Writer counts the chunks its flush timer writes with
// less than 128 KiB of events (here one at least in each pause of the
// events), and none without a timer.
func TestTimerChunks(t *testing.T) {
	evs := lifelikeEvents(400, 8)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, testHeader(), WithFlushInterval(5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evs {
		if err := w.WriteEvent(e); err != nil {
			t.Fatal(err)
		}
		if i%100 == 99 {
			time.Sleep(100 * time.Millisecond) // a tick with the new events, then ticks with none
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_, chunks, _ := w.Stats()
	if n := w.TimerChunks(); n < 4 || n > chunks {
		t.Errorf("%d chunks by the timer, %d in all; want one at least per pause", n, chunks)
	}
	if _, err := readAll(t, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	var quiet bytes.Buffer
	w, _ = NewWriter(&quiet, testHeader(), WithFlushInterval(0))
	for _, e := range evs {
		w.WriteEvent(e)
	}
	w.Close()
	if n := w.TimerChunks(); n != 0 {
		t.Errorf("no timer, %d chunks by the timer", n)
	}
}
