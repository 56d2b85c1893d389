package unwind

import (
	"encoding/binary"
	"errors"
)

// errBad is returned for malformed call-frame information (libunwind's
// -UNW_EINVAL): the unwinding stops there.
var errBad = errors.New("malformed call-frame information")

// errNoInfo says no call-frame information covers an address
// (-UNW_ENOINFO): the frame-pointer fallback may still unwind it.
var errNoInfo = errors.New("no unwind information")

// reader reads little-endian DWARF data from a byte slice that stands at
// address base; every read is bounded and reports errBad past the end.
type reader struct {
	b    []byte
	off  int
	base uint64 // address of b[0]
}

func (r *reader) addr() uint64 { return r.base + uint64(r.off) }

func (r *reader) left() int { return len(r.b) - r.off }

func (r *reader) u8() (uint8, error) {
	if r.off >= len(r.b) {
		return 0, errBad
	}
	v := r.b[r.off]
	r.off++
	return v, nil
}

func (r *reader) u16() (uint16, error) {
	if r.left() < 2 {
		return 0, errBad
	}
	v := binary.LittleEndian.Uint16(r.b[r.off:])
	r.off += 2
	return v, nil
}

func (r *reader) u32() (uint32, error) {
	if r.left() < 4 {
		return 0, errBad
	}
	v := binary.LittleEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v, nil
}

func (r *reader) u64() (uint64, error) {
	if r.left() < 8 {
		return 0, errBad
	}
	v := binary.LittleEndian.Uint64(r.b[r.off:])
	r.off += 8
	return v, nil
}

func (r *reader) uleb() (uint64, error) {
	var v uint64
	var shift uint
	for {
		c, err := r.u8()
		if err != nil {
			return 0, err
		}
		if shift < 64 {
			v |= uint64(c&0x7f) << shift
		}
		shift += 7
		if c&0x80 == 0 {
			return v, nil
		}
	}
}

func (r *reader) sleb() (int64, error) {
	var v int64
	var shift uint
	for {
		c, err := r.u8()
		if err != nil {
			return 0, err
		}
		if shift < 64 {
			v |= int64(c&0x7f) << shift
		}
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, nil
		}
	}
}

func (r *reader) skip(n uint64) error {
	if n > uint64(r.left()) {
		return errBad
	}
	r.off += int(n)
	return nil
}

// DW_EH_PE_* pointer encodings.
const (
	pePtr     = 0x00
	peULEB    = 0x01
	peUdata2  = 0x02
	peUdata4  = 0x03
	peUdata8  = 0x04
	peSLEB    = 0x09
	peSdata2  = 0x0a
	peSdata4  = 0x0b
	peSdata8  = 0x0c
	peAbs     = 0x00
	pePCRel   = 0x10
	peTextRel = 0x20
	peDataRel = 0x30
	peFuncRel = 0x40
	peAligned = 0x50
	peInd     = 0x80
	peOmit    = 0xff
)

// encoded reads a pointer in encoding enc, as libunwind does: pcrel is
// relative to the field's address (r.addr()), datarel to gp, funcrel to
// fn; 0 stays 0. Indirect pointers are not followed (their value serves
// nothing here). rel reports whether the value moved with the field
// (pcrel), so that a caller working in file addresses can relocate it.
func (r *reader) encoded(enc uint8, gp, fn uint64) (v uint64, rel bool, err error) {
	if enc == peOmit {
		return 0, false, nil
	}
	if enc == peAligned {
		if a := r.addr() % 8; a != 0 {
			if err := r.skip(8 - a); err != nil {
				return 0, false, err
			}
		}
		v, err = r.u64()
		return v, false, err
	}
	at := r.addr()
	switch enc & 0x0f {
	case pePtr:
		v, err = r.u64()
	case peULEB, peSLEB: // libunwind reads both as unsigned
		v, err = r.uleb()
	case peUdata2:
		var x uint16
		x, err = r.u16()
		v = uint64(x)
	case peUdata4:
		var x uint32
		x, err = r.u32()
		v = uint64(x)
	case peUdata8:
		v, err = r.u64()
	case peSdata2:
		var x uint16
		x, err = r.u16()
		v = uint64(int64(int16(x)))
	case peSdata4:
		var x uint32
		x, err = r.u32()
		v = uint64(int64(int32(x)))
	case peSdata8:
		v, err = r.u64()
	default:
		return 0, false, errBad
	}
	if err != nil || v == 0 {
		return 0, false, err
	}
	switch enc & 0x70 {
	case peAbs:
	case pePCRel:
		v += at
		rel = true
	case peDataRel:
		v += gp
	case peFuncRel:
		v += fn
	default:
		return 0, false, errBad
	}
	return v, rel, nil
}
