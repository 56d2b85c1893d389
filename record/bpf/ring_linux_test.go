//go:build linux && amd64

package bpf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
)

// fakeRing lays records out as the kernel does, in memory of the test's
// own: positions that grow, data at position & mask, an 8-byte header,
// records padded to 8 bytes and wrapping around the end.
type fakeRing struct {
	r          ring
	data       []byte
	cons, prod uint64
	mapped     map[uint64]bool // windows mapped now
	maps       int             // windows mapped in all
}

func newFakeRing(size, win int) *fakeRing {
	f := &fakeRing{data: make([]byte, size), mapped: map[uint64]bool{}}
	f.r = ring{epfd: -1, efd: -1, size: uint64(size), mask: uint64(size - 1), win: uint64(win), cpos: &f.cons, ppos: &f.prod}
	f.r.mapWin = func(off uint64) ([]byte, error) {
		if off%uint64(win) != 0 || f.mapped[off] || len(f.mapped) == 2 {
			return nil, fmt.Errorf("window at %d mapped wrong (mapped: %v)", off, f.mapped)
		}
		f.mapped[off] = true
		f.maps++
		return f.data[off : off+uint64(win) : off+uint64(win)], nil
	}
	f.r.unmap = func(b []byte) {
		for off := range f.mapped {
			if &f.data[off] == &b[0] {
				delete(f.mapped, off)
				return
			}
		}
		panic("unmapping a window not mapped")
	}
	return f
}

// put writes a record of body at the producer position, with the given
// header bits.
func (f *fakeRing) put(body []byte, bits uint32) uint64 {
	at := f.prod & f.r.mask
	binary.LittleEndian.PutUint32(f.data[at:], uint32(len(body))|bits)
	for i, b := range body {
		f.data[(at+ringHdrSize+uint64(i))&f.r.mask] = b
	}
	f.prod += ringHdrSize + uint64(len(body)+7)&^7
	return at
}

func (f *fakeRing) read(t *testing.T, fn func([]byte), max int) int {
	t.Helper()
	n, err := f.r.read(fn, max)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRingRead: records are read in order, whole, across the windows
// mapped and the end of the ring; discarded ones are skipped; the
// consumer position moves past what was read, and no further than max
// records; at most two windows are mapped at once.
func TestRingRead(t *testing.T) {
	f := newFakeRing(256, 64)
	var got []string
	read := func(b []byte) { got = append(got, string(b)) }
	var want []string
	for round := 0; round < 20; round++ {
		want = want[:0]
		got = got[:0]
		for i := 0; i < 3; i++ {
			body := bytes.Repeat([]byte{byte('a' + (round+i)%26)}, 5+7*((round+i)%9))
			f.put(body, 0)
			want = append(want, string(body))
		}
		f.put([]byte("discarded"), ringDiscard)
		if n := f.read(t, read, 2); n != 2 || fmt.Sprint(got) != fmt.Sprint(want[:2]) {
			t.Fatalf("round %d: read %d records %q, want 2: %q", round, n, got, want[:2])
		}
		if n := f.read(t, read, 10); n != 2 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: then %d records, %q; want 2 more (one discarded): %q", round, n, got, want)
		}
		if f.cons != f.prod {
			t.Fatalf("round %d: consumer at %d, producer at %d", round, f.cons, f.prod)
		}
	}
	if f.prod < 3*256 {
		t.Fatalf("the test wrapped around the ring %d times only", f.prod/256)
	}
	if f.maps < 12 {
		t.Fatalf("%d windows mapped", f.maps)
	}
	f.r.close()
	if len(f.mapped) != 0 {
		t.Fatalf("windows left mapped: %v", f.mapped)
	}
}

// TestRingBusy: a record still being written stops a batch; the next
// read takes it once committed.
func TestRingBusy(t *testing.T) {
	f := newFakeRing(128, 128)
	f.put([]byte("one"), 0)
	busyAt := f.prod
	f.put([]byte("two"), ringBusy)
	var got []string
	read := func(b []byte) { got = append(got, string(b)) }
	if n := f.read(t, read, 10); n != 1 || f.cons != busyAt {
		t.Fatalf("read %d records (%q), consumer at %d; want 1, at %d", n, got, f.cons, busyAt)
	}
	binary.LittleEndian.PutUint32(f.data[busyAt&f.r.mask:], 3)
	if n := f.read(t, read, 10); n != 1 || fmt.Sprint(got) != "[one two]" {
		t.Fatalf("then %d records: %q", n, got)
	}
}
