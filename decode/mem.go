package decode

import (
	"encoding/binary"

	"mytrace/format"
)

// Mem is the tracee memory captured at one stop.
type Mem []format.Region

// usable reports whether a region's bytes can be shown: strace cannot read
// what only PTRACE_PEEKDATA could, so neither is it shown here.
func usable(r *format.Region) bool { return r.Flags&(format.MemPeeked|format.MemFault) == 0 }

// Bytes returns n bytes at addr if the captures hold them all: one
// capture, or several adjacent ones (an array read page by page, split
// where it crosses a page boundary).
func (m Mem) Bytes(addr uint64, n int) ([]byte, bool) {
	if n == 0 {
		return nil, true
	}
	for i := range m {
		r := &m[i]
		if r.Flags&(format.MemString|format.MemVector) != 0 || !usable(r) {
			continue
		}
		if addr >= r.Addr && addr-r.Addr <= uint64(len(r.Data)) && uint64(n) <= uint64(len(r.Data))-(addr-r.Addr) {
			off := addr - r.Addr
			return r.Data[off : off+uint64(n)], true
		}
	}
	return m.joined(addr, n)
}

// joined gathers n bytes at addr from adjacent captures, or fails.
func (m Mem) joined(addr uint64, n int) ([]byte, bool) {
	var out []byte
	for len(out) < n {
		cur := addr + uint64(len(out))
		found := false
		for i := range m {
			r := &m[i]
			if r.Flags&(format.MemString|format.MemVector) != 0 || !usable(r) {
				continue
			}
			if cur >= r.Addr && cur-r.Addr < uint64(len(r.Data)) {
				part := r.Data[cur-r.Addr:]
				out = append(out, part[:min(len(part), n-len(out))]...)
				found = true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return out, true
}

// Avail returns the bytes captured at addr (a buffer read from its start)
// and how many could be read.
func (m Mem) Avail(addr uint64) ([]byte, bool) {
	for i := range m {
		r := &m[i]
		if r.Addr == addr && r.Flags&(format.MemString|format.MemVector) == 0 {
			if r.Flags&format.MemPeeked != 0 {
				return nil, true
			}
			return r.Data, true
		}
	}
	return nil, false
}

// Region returns the raw capture made at addr (not a string or vector),
// if any.
func (m Mem) Region(addr uint64) (*format.Region, bool) {
	for i := range m {
		r := &m[i]
		if r.Addr == addr && r.Flags&(format.MemString|format.MemVector) == 0 {
			return r, true
		}
	}
	return nil, false
}

// String returns the NUL-terminated string captured at addr: its bytes,
// whether the NUL was found, and whether it was captured at all.
func (m Mem) String(addr uint64) (s []byte, term bool, ok bool) {
	for i := range m {
		r := &m[i]
		if r.Addr == addr && r.Flags&format.MemString != 0 {
			if r.Flags&format.MemPeeked != 0 {
				return nil, false, true
			}
			return r.Data, r.Flags&format.MemTerminated != 0, true
		}
	}
	return nil, false, false
}

// Vector returns the pointer array captured at addr: the pointers kept,
// the total count, whether the terminating NULL was found, and whether
// anything was captured.
func (m Mem) Vector(addr uint64) (ptrs []uint64, count int, term bool, ok bool) {
	for i := range m {
		r := &m[i]
		if r.Addr == addr && r.Flags&format.MemVector != 0 {
			if r.Flags&(format.MemFault|format.MemPeeked) != 0 {
				return nil, 0, false, true
			}
			ptrs = make([]uint64, len(r.Data)/8)
			for j := range ptrs {
				ptrs[j] = binary.LittleEndian.Uint64(r.Data[j*8:])
			}
			return ptrs, int(r.Len / 8), r.Flags&format.MemTerminated != 0, true
		}
	}
	return nil, 0, false, false
}

func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }
func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

func (m Mem) stringRegion(addr uint64) *format.Region {
	for i := range m {
		if m[i].Addr == addr && m[i].Flags&format.MemString != 0 {
			return &m[i]
		}
	}
	return nil
}
