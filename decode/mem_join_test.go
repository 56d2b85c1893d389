package decode

import (
	"bytes"
	"testing"

	"mytrace/format"
)

// TestMemBytesJoined: an array captured page by page (two regions, split
// at a page boundary, as ReadArray reads one that straddles it) reads as
// one; a gap, a string capture or a peeked region does not join.
func TestMemBytesJoined(t *testing.T) {
	const page = 0x1000
	data := []byte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL") // 48 bytes
	at := uint64(page - 20)
	split := Mem{
		{Addr: at, Len: 20, Data: data[:20]},
		{Addr: page, Len: 28, Data: data[20:]},
	}
	if b, ok := split.Bytes(at, 48); !ok || !bytes.Equal(b, data) {
		t.Fatalf("split array: %q %v", b, ok)
	}
	if b, ok := split.Bytes(at+16, 16); !ok || !bytes.Equal(b, data[16:32]) {
		t.Fatalf("element across the boundary: %q %v", b, ok)
	}
	gap := Mem{
		{Addr: at, Len: 20, Data: data[:20]},
		{Addr: page + 4, Len: 24, Data: data[24:]},
	}
	if _, ok := gap.Bytes(at, 48); ok {
		t.Fatal("joined across a gap")
	}
	for _, fl := range []uint8{format.MemString, format.MemPeeked, format.MemFault} {
		m := Mem{
			{Addr: at, Len: 20, Data: data[:20]},
			{Addr: page, Len: 28, Flags: fl, Data: data[20:]},
		}
		if _, ok := m.Bytes(at, 48); ok {
			t.Fatalf("joined a region flagged %#x", fl)
		}
	}
}
