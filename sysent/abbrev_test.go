package sysent

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// dirent64 appends a struct linux_dirent64 record of reclen bytes.
func dirent64(b []byte, ino, off uint64, reclen uint16, typ byte, name string) []byte {
	r := make([]byte, reclen)
	binary.LittleEndian.PutUint64(r, ino)
	binary.LittleEndian.PutUint64(r[8:], off)
	binary.LittleEndian.PutUint16(r[16:], reclen)
	r[18] = typ
	copy(r[19:], name)
	return append(b, r...)
}

func TestAbbrevDirents(t *testing.T) {
	// Records as the kernel writes them: as many 24-byte records, the
	// last taking the rest.
	var b []byte
	b = dirent64(b, 7, 0x1234567890, 32, 4, "..")
	b = dirent64(b, 2, 0x7fffffffffffffff, 40, 8, "passwd.bak.old")
	b = dirent64(b, 9, 0x42, 24, 8, "a")
	want := make([]byte, len(b))
	want[16], want[24+16], want[48+16] = 24, 24, byte(len(b)-48)
	AbbrevDirents(b, 19)
	if !bytes.Equal(b, want) {
		t.Fatalf("abbreviated:\n got %x\nwant %x", b, want)
	}

	// A bad record length stops the walk where the decoder stops, with
	// that length kept.
	b = dirent64(nil, 7, 1, 24, 4, "a")
	b = append(b, make([]byte, 24)...)
	binary.LittleEndian.PutUint64(b[24:], 99)
	binary.LittleEndian.PutUint16(b[24+16:], 200) // beyond the buffer
	b[24+19] = 'x'
	AbbrevDirents(b, 19)
	for i, c := range b {
		if c != 0 && i != 16 && i != 24+16 {
			t.Fatalf("byte %d left: %x", i, b)
		}
	}
	if b[24+16] != 200 {
		t.Fatalf("the bad record length was not kept: %x", b)
	}

	// Trailing bytes shorter than a header are cleared.
	b = dirent64(nil, 7, 1, 24, 4, "a")
	b = append(b, 1, 2, 3)
	AbbrevDirents(b, 19)
	if !bytes.Equal(b[24:], []byte{0, 0, 0}) {
		t.Fatalf("tail left: %x", b[24:])
	}
}

func TestAbbrevStruct(t *testing.T) {
	b := bytes.Repeat([]byte{0xff}, SizeStat)
	abbrevStruct("stat", b)
	for i, c := range b {
		kept := i >= 24 && i < 28 || i >= 40 && i < 56
		if kept != (c == 0xff) {
			t.Fatalf("stat byte %d: %x", i, c)
		}
	}
	x := bytes.Repeat([]byte{0xff}, SizeStatx)
	abbrevStruct("statx", x[:20]) // a short read is cleared as far as it goes
	for i, c := range x[:20] {
		kept := i < 4 || i >= 8 && i < 16
		if kept != (c == 0xff) {
			t.Fatalf("statx byte %d: %x", i, c)
		}
	}
	o := bytes.Repeat([]byte{0xff}, 16)
	abbrevStruct("timespec", o)
	if !bytes.Equal(o, bytes.Repeat([]byte{0xff}, 16)) {
		t.Fatal("a structure without an abbreviated form was changed")
	}
}
