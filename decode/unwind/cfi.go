package unwind

import "math"

// The DWARF call-frame information of .eh_frame, read and run as
// libunwind 1.6.2 does (src/dwarf/Gfde.c, Gparser.c,
// Gfind_unwind_table.c, Gfind_proc_info-lsb.c).

// Registers: the DWARF numbering of x86-64, of which libunwind keeps 17
// columns (rax ... r15, then rip, the return-address column).
const (
	nregs  = 17
	regRBP = 6
	regRSP = 7
	regRIP = 16
)

// Where a register of the caller is (libunwind's dwarf_where_t).
const (
	whereUndef uint8 = iota
	whereSame
	whereCFARel
	whereReg
	whereExpr
	whereValExpr
)

type rule struct {
	where uint8
	val   uint64 // offset from the CFA, or register number
	expr  []byte // whereExpr, whereValExpr
}

// regState is a row of the CFI table: the rules for each column, and how
// the CFA is found.
type regState struct {
	r        [nregs]rule
	cfaWhere uint8 // whereReg (register + offset) or whereExpr
	cfaReg   uint64
	cfaOff   uint64
	cfaExpr  []byte
}

// cie is a parsed Common Information Entry.
type cie struct {
	codeAlign uint64
	dataAlign int64
	raCol     uint64
	fdeEnc    uint8
	lsdaEnc   uint8
	signal    bool // 'S': a signal frame
	abiMarker bool
	sized     bool // 'z'
	instr     []byte
	instrAt   uint64 // file address of instr
}

// fde is a parsed Frame Description Entry. Addresses are file addresses;
// start and end move with the load base when rel.
type fde struct {
	cie        *cie
	start, end uint64
	rel        bool
	instr      []byte
	instrAt    uint64
}

// maxFrameEntry bounds the size of one CIE or FDE.
const maxFrameEntry = 16 << 20

// entryAt returns the bytes of the CIE or FDE at file address at: its
// length field parsed, a reader over its contents (after the length).
func (ef *elfFile) entryAt(at uint64) (*reader, error) {
	b := ef.vaddrRead(at, 12)
	if len(b) < 4 {
		return nil, errBad
	}
	r := &reader{b: b, base: at}
	l32, _ := r.u32()
	var n uint64
	if l32 == 0xffffffff {
		l64, err := r.u64()
		if err != nil {
			return nil, err
		}
		n = l64
	} else {
		n = uint64(l32)
	}
	if n == 0 {
		return nil, errNoInfo // an end marker
	}
	if n > maxFrameEntry {
		return nil, errBad
	}
	hl := uint64(r.off)
	body := ef.vaddrRead(at+hl, int(n))
	if uint64(len(body)) < n {
		return nil, errBad
	}
	return &reader{b: body, base: at + hl}, nil
}

// parseCIE parses the CIE at file address at (cached).
func (ef *elfFile) parseCIE(at uint64, is64 bool) (*cie, error) {
	if c, ok := ef.cies[at]; ok {
		if c == nil {
			return nil, errBad
		}
		return c, nil
	}
	c, err := ef.readCIE(at, is64)
	ef.cies[at] = c
	return c, err
}

func (ef *elfFile) readCIE(at uint64, is64 bool) (*cie, error) {
	r, err := ef.entryAt(at)
	if err != nil {
		return nil, errBad
	}
	if is64 {
		id, err := r.u64()
		if err != nil || id != 0 {
			return nil, errBad
		}
	} else {
		id, err := r.u32()
		if err != nil || id != 0 {
			return nil, errBad
		}
	}
	c := &cie{fdeEnc: peUdata8, lsdaEnc: peOmit}
	version, err := r.u8()
	if err != nil || version != 1 && (version < 3 || version > 4) {
		return nil, errBad
	}
	var aug []byte
	for {
		ch, err := r.u8()
		if err != nil {
			return nil, err
		}
		if ch == 0 {
			break
		}
		if len(aug) < 4 {
			aug = append(aug, ch)
		}
	}
	if c.codeAlign, err = r.uleb(); err != nil {
		return nil, err
	}
	if c.dataAlign, err = r.sleb(); err != nil {
		return nil, err
	}
	if version == 1 {
		ra, err := r.u8()
		if err != nil {
			return nil, err
		}
		c.raCol = uint64(ra)
	} else if c.raCol, err = r.uleb(); err != nil {
		return nil, err
	}
	i := 0
	if len(aug) > 0 && aug[0] == 'z' {
		c.sized = true
		if _, err := r.uleb(); err != nil {
			return nil, err
		}
		i++
	}
augs:
	for ; i < len(aug); i++ {
		switch aug[i] {
		case 'L':
			if c.lsdaEnc, err = r.u8(); err != nil {
				return nil, err
			}
		case 'R':
			if c.fdeEnc, err = r.u8(); err != nil {
				return nil, err
			}
		case 'P':
			enc, err := r.u8()
			if err != nil {
				return nil, err
			}
			if _, _, err := r.encoded(enc, 0, 0); err != nil {
				return nil, err
			}
		case 'S':
			c.signal, c.abiMarker = true, true
		default:
			if c.sized {
				break augs // the rest is skipped by its size
			}
			return nil, errBad
		}
	}
	c.instr, c.instrAt = r.b[r.off:], r.addr()
	return c, nil
}

// parseFDE parses the FDE at file address at (cached).
func (ef *elfFile) parseFDE(at uint64) (*fde, error) {
	if f, ok := ef.fdes[at]; ok {
		if f == nil {
			return nil, errBad
		}
		return f, nil
	}
	f, err := ef.readFDE(at)
	if err == nil {
		ef.fdes[at] = f
	} else if err == errBad {
		ef.fdes[at] = nil
	}
	return f, err
}

func (ef *elfFile) readFDE(at uint64) (*fde, error) {
	head := ef.vaddrRead(at, 4)
	if len(head) < 4 {
		return nil, errBad
	}
	is64 := head[0] == 0xff && head[1] == 0xff && head[2] == 0xff && head[3] == 0xff
	r, err := ef.entryAt(at)
	if err != nil {
		return nil, err
	}
	ptrAt := r.addr()
	var cieAt uint64
	if is64 {
		off, err := r.u64()
		if err != nil {
			return nil, err
		}
		if off == 0 {
			return nil, errNoInfo // a CIE, not an FDE
		}
		cieAt = ptrAt - off
	} else {
		off, err := r.u32()
		if err != nil {
			return nil, err
		}
		if off == 0 {
			return nil, errNoInfo
		}
		cieAt = ptrAt - uint64(int64(int32(off)))
	}
	c, err := ef.parseCIE(cieAt, is64)
	if err != nil {
		return nil, err
	}
	f := &fde{cie: c}
	if f.start, f.rel, err = r.encoded(c.fdeEnc, 0, 0); err != nil {
		return nil, err
	}
	rng, _, err := r.encoded(c.fdeEnc&0x0f, 0, 0)
	if err != nil {
		return nil, err
	}
	f.end = f.start + rng
	var augEnd int
	if c.sized {
		n, err := r.uleb()
		if err != nil {
			return nil, err
		}
		if n > uint64(r.left()) {
			return nil, errBad
		}
		augEnd = r.off + int(n)
	}
	if _, _, err := r.encoded(c.lsdaEnc, 0, 0); err != nil {
		return nil, err
	}
	if c.abiMarker {
		if _, err := r.u16(); err != nil {
			return nil, err
		}
		if _, err := r.u16(); err != nil {
			return nil, err
		}
	}
	if c.sized {
		r.off = augEnd
	}
	f.instr, f.instrAt = r.b[r.off:], r.addr()
	return f, nil
}

// findFDE looks ip (a run-time address) up in the .eh_frame_hdr table of
// the file, loaded at loadBase, as libunwind's dwarf_search_unwind_table
// does.
func (ef *elfFile) findFDE(ip, loadBase uint64) (*fde, error) {
	h := ef.hdr
	if len(h) < 4 || h[0] != 1 {
		return nil, errNoInfo
	}
	ptrEnc, countEnc, tableEnc := h[1], h[2], h[3]
	r := &reader{b: h, off: 4, base: ef.hdrVaddr}
	if _, _, err := r.encoded(ptrEnc, ef.gp, 0); err != nil {
		return nil, errNoInfo
	}
	count, _, err := r.encoded(countEnc, ef.gp, 0)
	if err != nil {
		return nil, errNoInfo
	}
	if tableEnc != peDataRel|peSdata4 {
		return nil, errNoInfo // libunwind aborts here
	}
	table := h[r.off:]
	if count > uint64(len(table)/8) {
		return nil, errBad
	}
	// The table's offsets are relative to the header's run-time address;
	// libunwind compares them as 32-bit values.
	relIP := int32(uint32(ip - (ef.hdrVaddr + loadBase)))
	entry := func(i uint64) (int32, int32) {
		return int32(le32(table[i*8:])), int32(le32(table[i*8+4:]))
	}
	lo, hi := uint64(0), count
	for lo < hi {
		mid := (lo + hi) / 2
		if start, _ := entry(mid); relIP < start {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if hi == 0 {
		return nil, errNoInfo
	}
	_, fdeOff := entry(hi - 1)
	f, err := ef.parseFDE(ef.hdrVaddr + uint64(int64(fdeOff)))
	if err != nil {
		return nil, err
	}
	start, end := f.start, f.end
	if f.rel {
		start, end = start+loadBase, end+loadBase
	}
	if ip < start || ip >= end {
		return nil, errNoInfo
	}
	return f, nil
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// maxRemember bounds DW_CFA_remember_state nesting.
const maxRemember = 1024

// run executes CFI instructions on st, from location *loc while it is at
// most end (libunwind's run_cfi_program). initial is the state after the
// CIE's instructions, for DW_CFA_restore. rel and loadBase relocate
// DW_CFA_set_loc addresses.
func run(st *regState, initial *regState, c *cie, instr []byte, at uint64, loc *uint64, end uint64, loadBase uint64) error {
	r := &reader{b: instr, base: at}
	var stack []regState
	for *loc <= end && r.left() > 0 {
		op, _ := r.u8()
		var operand uint64
		if op&0xc0 != 0 {
			operand = uint64(op & 0x3f)
			op &= 0xc0
		}
		var err error
		switch op {
		case 0x40: // DW_CFA_advance_loc
			*loc += operand * c.codeAlign
		case 0x02: // DW_CFA_advance_loc1
			var v uint8
			v, err = r.u8()
			*loc += uint64(v) * c.codeAlign
		case 0x03: // DW_CFA_advance_loc2
			var v uint16
			v, err = r.u16()
			*loc += uint64(v) * c.codeAlign
		case 0x04: // DW_CFA_advance_loc4
			var v uint32
			v, err = r.u32()
			*loc += uint64(v) * c.codeAlign
		case 0x80: // DW_CFA_offset
			if operand >= nregs {
				return errBad
			}
			var v uint64
			if v, err = r.uleb(); err == nil {
				st.r[operand] = rule{where: whereCFARel, val: v * uint64(c.dataAlign)}
			}
		case 0x05, 0x11, 0x2f: // DW_CFA_offset_extended, _sf, GNU_negative_offset_extended
			var reg, v uint64
			if reg, err = regnum(r); err != nil {
				return err
			}
			if op == 0x11 {
				var s int64
				s, err = r.sleb()
				v = uint64(s)
			} else {
				v, err = r.uleb()
			}
			off := v * uint64(c.dataAlign)
			if op == 0x2f {
				off = -off
			}
			st.r[reg] = rule{where: whereCFARel, val: off}
		case 0xc0, 0x06: // DW_CFA_restore, restore_extended
			reg := operand
			if op == 0x06 {
				if reg, err = r.uleb(); err != nil {
					return err
				}
			}
			if reg >= nregs {
				return errBad
			}
			st.r[reg] = initial.r[reg]
		case 0x00: // DW_CFA_nop
		case 0x01: // DW_CFA_set_loc
			var v uint64
			var rel bool
			if v, rel, err = r.encoded(c.fdeEnc, 0, 0); err == nil {
				if rel {
					v += loadBase
				}
				*loc = v
			}
		case 0x07, 0x08: // DW_CFA_undefined, same_value
			var reg uint64
			if reg, err = regnum(r); err == nil {
				w := whereUndef
				if op == 0x08 {
					w = whereSame
				}
				st.r[reg] = rule{where: w}
			}
		case 0x09: // DW_CFA_register
			var reg, reg2 uint64
			if reg, err = regnum(r); err != nil {
				return err
			}
			if reg2, err = r.uleb(); err == nil {
				if reg2 >= nregs {
					return errBad
				}
				st.r[reg] = rule{where: whereReg, val: reg2}
			}
		case 0x0a: // DW_CFA_remember_state
			if len(stack) >= maxRemember {
				return errBad
			}
			stack = append(stack, *st)
		case 0x0b: // DW_CFA_restore_state
			if len(stack) == 0 {
				return errBad
			}
			*st = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		case 0x0c, 0x12: // DW_CFA_def_cfa, def_cfa_sf
			var reg uint64
			if reg, err = regnum(r); err != nil {
				return err
			}
			var off uint64
			if op == 0x12 {
				var s int64
				s, err = r.sleb()
				off = uint64(s) * uint64(c.dataAlign)
			} else {
				off, err = r.uleb()
			}
			st.cfaWhere, st.cfaReg, st.cfaOff = whereReg, reg, off
		case 0x0d: // DW_CFA_def_cfa_register
			var reg uint64
			if reg, err = regnum(r); err == nil {
				st.cfaWhere, st.cfaReg = whereReg, reg
			}
		case 0x0e: // DW_CFA_def_cfa_offset
			st.cfaOff, err = r.uleb()
		case 0x13: // DW_CFA_def_cfa_offset_sf
			var s int64
			s, err = r.sleb()
			st.cfaOff = uint64(s) * uint64(c.dataAlign)
		case 0x0f: // DW_CFA_def_cfa_expression
			var e []byte
			if e, err = block(r); err == nil {
				st.cfaWhere, st.cfaExpr = whereExpr, e
			}
		case 0x10, 0x16: // DW_CFA_expression, val_expression
			var reg uint64
			if reg, err = regnum(r); err != nil {
				return err
			}
			var e []byte
			if e, err = block(r); err == nil {
				w := whereExpr
				if op == 0x16 {
					w = whereValExpr
				}
				st.r[reg] = rule{where: w, expr: e}
			}
		case 0x2e: // DW_CFA_GNU_args_size
			_, err = r.uleb()
		case 0x1c, 0x1d, 0x3f: // DW_CFA_lo_user, MIPS_advance_loc8, hi_user
			return errBad
		default:
			// libunwind 1.6 skips other opcodes (DW_CFA_val_offset among
			// them) as if they had no operands.
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// regnum reads a register number, which must be one of the columns kept.
func regnum(r *reader) (uint64, error) {
	v, err := r.uleb()
	if err != nil {
		return 0, err
	}
	if v >= nregs {
		return 0, errBad
	}
	return v, nil
}

// block reads a ULEB128 length and that many bytes.
func block(r *reader) ([]byte, error) {
	n, err := r.uleb()
	if err != nil {
		return nil, err
	}
	if n > uint64(r.left()) || n > math.MaxInt32 {
		return nil, errBad
	}
	b := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return b, nil
}

// row computes the CFI row for ip (run-time) in the FDE, as libunwind's
// create_state_record_for: the CIE's instructions, then the FDE's up to
// ip.
func row(f *fde, ip, loadBase uint64) (*regState, error) {
	st := &regState{cfaWhere: whereSame}
	for i := range st.r {
		st.r[i].where = whereSame
	}
	loc := uint64(0)
	var none regState // what DW_CFA_restore finds in a CIE: nothing defined
	if err := run(st, &none, f.cie, f.cie.instr, f.cie.instrAt, &loc, math.MaxUint64, loadBase); err != nil {
		return nil, err
	}
	initial := *st
	loc = f.start
	if f.rel {
		loc += loadBase
	}
	if err := run(st, &initial, f.cie, f.instr, f.instrAt, &loc, ip, loadBase); err != nil {
		return nil, err
	}
	return st, nil
}
