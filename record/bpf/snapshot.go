package bpf

import (
	"bytes"
	"encoding/binary"

	"mytrace/format"
	"mytrace/sysent"
)

// snapshot serves a syscall's sysent capture from the memory the BPF
// program copied at one stop: each read the capture makes becomes a
// format.Region, exactly as the ptrace recorder's reader (record's
// memReader) makes it from live memory, with what was copied as the
// memory. What the program did not copy reads as unreadable, so the
// decoders show its address. Regions made from bytes read again at exit
// (an entry read that faulted) are flagged format.MemLate.
type snapshot struct {
	chunks []chunk
	ev     *format.Event
	strs   map[uint64]int
	ptrs   []uint64
	arena  []byte
	tmp    []byte // bytes gathered from several chunks (bytesAt)
}

var _ sysent.MemReader = (*snapshot)(nil)

func (s *snapshot) reset(chunks []chunk, ev *format.Event) {
	s.chunks = chunks
	s.ev = ev
	if len(s.strs) > 0 {
		clear(s.strs)
	}
}

func (s *snapshot) add(addr uint64, asked int, flags uint8, data []byte) {
	// The event outlives the record the data aliases: copy, into blocks
	// of an arena that the garbage collector frees once no event uses
	// them any more (one allocation per block, not per region).
	s.ev.Mem = append(s.ev.Mem, format.Region{Addr: addr, Len: uint64(asked), Flags: flags, Data: s.keep(data)})
}

// arenaBlock is the size of the blocks region data is copied into.
const arenaBlock = 1 << 20

// keep returns a copy of b that stays valid.
func (s *snapshot) keep(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	if len(b) > arenaBlock/4 {
		return append([]byte(nil), b...)
	}
	if cap(s.arena)-len(s.arena) < len(b) {
		s.arena = make([]byte, 0, arenaBlock)
	}
	n := len(s.arena)
	s.arena = append(s.arena, b...)
	return s.arena[n : n+len(b) : n+len(b)]
}

// bytesAt returns the bytes copied from addr on (from a chunk holding
// addr, or adjacent chunks), and whether they came from a late read. The
// bytes are valid until the next call.
func (s *snapshot) bytesAt(addr uint64, n int) ([]byte, bool) {
	out := s.tmp[:0]
	late := false
	for len(out) < n {
		cur := addr + uint64(len(out))
		best := -1
		for i := range s.chunks {
			c := &s.chunks[i]
			if c.flags&(cFault|cVec|cFdInfo|cStack|cArgArea|cEnvArea) != 0 {
				continue
			}
			l := uint64(len(c.data))
			if c.flags&cStr != 0 && c.flags&cTerm != 0 {
				l++ // the NUL was read too
			}
			if cur < c.addr || cur-c.addr >= l {
				continue
			}
			// Prefer a late read, then the longest.
			if best < 0 || (c.flags&cLate != 0 && s.chunks[best].flags&cLate == 0) ||
				(c.flags&cLate == s.chunks[best].flags&cLate && c.addr+l > s.chunks[best].addr+uint64(len(s.chunks[best].data))) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		c := &s.chunks[best]
		if c.flags&cLate != 0 {
			late = true
		}
		d := c.data[cur-c.addr:]
		want := n - len(out)
		if len(d) >= want {
			if len(out) == 0 {
				return d[:want], late // in one chunk: no copy
			}
			out = append(out, d[:want]...)
			continue
		}
		out = append(out, d...)
		if c.flags&cStr != 0 && c.flags&cTerm != 0 && len(out) < n {
			out = append(out, 0)
		}
	}
	s.tmp = out[:0]
	return out, late
}

func lateFlag(late bool) uint8 {
	if late {
		return format.MemLate
	}
	return 0
}

// Read implements sysent.MemReader.
func (s *snapshot) Read(addr uint64, n int) []byte {
	if n <= 0 || len(s.ev.Mem) >= format.MaxRegions {
		return nil
	}
	got, late := s.bytesAt(addr, n)
	var flags uint8
	switch {
	case len(got) == 0:
		flags = format.MemFault
	case len(got) < n:
		flags = format.MemPartial
	}
	s.add(addr, n, flags|lateFlag(late), got)
	return s.ev.Mem[len(s.ev.Mem)-1].Data
}

// stringChunk finds the string copied at addr, preferring a late read.
func (s *snapshot) stringChunk(addr uint64) *chunk {
	var found *chunk
	for i := range s.chunks {
		c := &s.chunks[i]
		if c.addr != addr || c.flags&cStr == 0 {
			continue
		}
		if found == nil || (found.flags&cFault != 0 && c.flags&cFault == 0) || (c.flags&cLate != 0 && c.flags&cFault == 0) {
			found = c
		}
	}
	return found
}

// ReadString implements sysent.MemReader, with memReader's semantics: at
// most limit bytes with the NUL; the data excludes it.
func (s *snapshot) ReadString(addr uint64, limit int) []byte {
	if limit <= 0 {
		return nil
	}
	if i, ok := s.strs[addr]; ok && s.ev.Mem[i].Len == uint64(limit) {
		return s.ev.Mem[i].Data
	}
	if len(s.ev.Mem) >= format.MaxRegions-1 {
		return nil
	}
	var data []byte
	var term, late bool
	if c := s.stringChunk(addr); c != nil && c.flags&cFault == 0 {
		data, term, late = c.data, c.flags&cTerm != 0, c.flags&cLate != 0
	} else if b, l := s.bytesAt(addr, limit); len(b) > 0 {
		// A string inside copied bytes (a structure, a buffer).
		data, late = b, l
		if i := bytes.IndexByte(b, 0); i >= 0 {
			data, term = b[:i], true
		}
	}
	flags := format.MemString | lateFlag(late)
	switch {
	case term && len(data) < limit:
		flags |= format.MemTerminated
	case len(data) >= limit:
		data = data[:limit]
	case len(data) == 0:
		flags |= format.MemFault
	default:
		flags |= format.MemPartial
	}
	if s.strs == nil {
		s.strs = make(map[uint64]int)
	}
	s.strs[addr] = len(s.ev.Mem)
	s.add(addr, limit, flags, data)
	return s.ev.Mem[len(s.ev.Mem)-1].Data
}

// ReadVector implements sysent.MemReader: the pointers the program kept
// of a NULL-terminated array, and how many it counted.
func (s *snapshot) ReadVector(addr uint64, keep int) []uint64 {
	s.ptrs = s.ptrs[:0]
	if len(s.ev.Mem) >= format.MaxRegions-1 {
		return nil
	}
	var c *chunk
	for i := range s.chunks {
		x := &s.chunks[i]
		if x.addr == addr && x.flags&cVec != 0 && (c == nil || x.flags&cLate != 0 || c.flags&cFault != 0) {
			c = x
		}
	}
	if c == nil || c.flags&cFault != 0 {
		s.add(addr, 0, format.MemVector|format.MemFault|lateFlag(c != nil && c.flags&cLate != 0), nil)
		return nil
	}
	flags := format.MemVector | lateFlag(c.flags&cLate != 0)
	if c.flags&cTerm != 0 {
		flags |= format.MemTerminated
	} else if c.flags&cPartial != 0 {
		flags |= format.MemPartial
	}
	for i := 0; i+8 <= len(c.data) && len(s.ptrs) < keep; i += 8 {
		s.ptrs = append(s.ptrs, binary.LittleEndian.Uint64(c.data[i:]))
	}
	var data []byte
	for _, p := range s.ptrs {
		data = binary.LittleEndian.AppendUint64(data, p)
	}
	data = s.keep(data)
	s.ev.Mem = append(s.ev.Mem, format.Region{Addr: addr, Len: c.aux * 8, Flags: flags, Data: data})
	return s.ptrs
}

// argAreaChunks turns the argument (or environment) strings of a new
// program, which a successful execve whose entry read faulted copied from
// the new memory, into what the entry would have copied: a vector at
// vecAddr whose pointers are the strings' addresses in the new memory,
// and the strings, all flagged late.
func argAreaChunks(area chunk, vecAddr uint64, strLimit int) []chunk {
	var out []chunk
	var ptrs []byte
	d := area.data
	addr := area.addr
	for len(d) > 0 {
		i := bytes.IndexByte(d, 0)
		s, term := d, false
		if i >= 0 {
			s, term = d[:i], true
		}
		ptrs = binary.LittleEndian.AppendUint64(ptrs, addr)
		fl := uint16(cStr | cLate)
		if term {
			fl |= cTerm
		}
		if strLimit > 0 && len(s) >= strLimit {
			s, fl = s[:strLimit], fl&^cTerm
		}
		out = append(out, chunk{addr: addr, data: s, flags: fl})
		if i < 0 {
			break
		}
		addr += uint64(i + 1)
		d = d[i+1:]
	}
	vec := chunk{addr: vecAddr, data: ptrs, flags: cVec | cTerm | cLate, aux: uint64(len(ptrs) / 8)}
	return append([]chunk{vec}, out...)
}
