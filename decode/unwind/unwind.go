package unwind

import (
	"encoding/binary"
	"fmt"
	"os"
	"sort"
	"strings"

	"mytrace/format"
)

// MaxFrames is how many frames a stack shows at most, as strace.
const MaxFrames = 256

// Frame is one line of a call stack.
type Frame struct {
	// IP is the frame's address: the instruction after the syscall for
	// the innermost frame, a return address for the others.
	IP uint64
	// Module is the mapped file, as /proc/PID/maps named it.
	Module string
	// Symbol and FuncOffset: the symbol found for the address and the
	// distance from it; HasSymbol is false when none was found (Symbol
	// is then empty and FuncOffset 0).
	Symbol     string
	FuncOffset uint64
	HasSymbol  bool
	// Offset is the address as an offset in the file: IP minus the
	// mapping's start plus the mapping's file offset.
	Offset uint64
	// Err, for a line that is not a frame: "unexpected_backtracing_error"
	// (with IP: an address in no executable file mapping) or "too many
	// stack frames".
	Err string
}

// Unwinder unwinds recorded stacks. It caches the files it parses (by
// path and identity) and keeps them open until Close. It is not safe for
// concurrent use.
type Unwinder struct {
	// Warn receives, once per file, why a mapped file cannot be used
	// (gone, or not the file that was mapped). Nil: a line on stderr.
	Warn   func(msg string)
	files  map[fileKey]*fileEntry
	warned map[string]bool
}

type fileKey struct {
	path string
	id   identity
}

type fileEntry struct {
	ef  *elfFile
	err string
}

// New returns an Unwinder.
func New() *Unwinder {
	return &Unwinder{files: map[fileKey]*fileEntry{}, warned: map[string]bool{}}
}

// Close closes the files the Unwinder keeps open.
func (u *Unwinder) Close() {
	for _, e := range u.files {
		e.ef.close()
	}
	u.files = map[fileKey]*fileEntry{}
}

// openPath is the file libunwind opens for a mapping: the path up to its
// first blank (" (deleted)" and the like are cut off).
func openPath(p []byte) string {
	s := string(p)
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		s = s[:i]
	}
	return s
}

// file returns the parsed file of a mapping, or nil if it cannot be used
// (saying why, once).
func (u *Unwinder) file(m *format.Mapping) *elfFile {
	path := openPath(m.Path)
	if path == "" || path[0] != '/' {
		return nil
	}
	k := fileKey{path: path, id: identity{size: m.Size, mtime: m.MTime, buildID: string(m.BuildID)}}
	e := u.files[k]
	if e == nil {
		e = &fileEntry{}
		ef, err := openELF(path)
		if err != nil {
			e.err = err.Error()
			if os.IsNotExist(err) {
				e.err = path + ": gone since the recording"
			}
		} else if ok, why := ef.matches(k.id); !ok {
			ef.close()
			e.err = path + ": not the file that was mapped (" + why + ")"
		} else {
			e.ef = ef
		}
		u.files[k] = e
	}
	if e.ef == nil && e.err != "" && !u.warned[path] {
		u.warned[path] = true
		msg := e.err + ": its frames show the module and offset only"
		if u.Warn != nil {
			u.Warn(msg)
		} else {
			fmt.Fprintln(os.Stderr, "mytrace: "+msg)
		}
	}
	return e.ef
}

// locations (libunwind's dwarf_loc_t)
const (
	locNull uint8 = iota
	locReg        // a register of the innermost frame (the stop's)
	locMem        // memory at an address
	locVal        // a value
)

type loc struct {
	kind uint8
	v    uint64
}

// session is one stack being unwound.
type session struct {
	u         *Unwinder
	regs      *format.Regs
	stackAddr uint64
	stack     []byte
	maps      []format.Mapping
	files     []*elfFile // per mapping, once looked up
	looked    []bool
}

// cursor is libunwind's: the frame's address and CFA (its stack pointer),
// where each register of the frame is, and whether the address is a
// return address (looked up one byte back).
type cursor struct {
	s       *session
	ip, cfa uint64
	loc     [nregs]loc
	usePrev bool
}

// dwarfToRegs maps DWARF register numbers to user_regs_struct slots.
var dwarfToRegs = [nregs]int{
	format.RegRAX, format.RegRDX, format.RegRCX, format.RegRBX, format.RegRSI, format.RegRDI,
	format.RegRBP, format.RegRSP, format.RegR8, format.RegR9, format.RegR10, format.RegR11,
	format.RegR12, format.RegR13, format.RegR14, format.RegR15, format.RegRIP,
}

// Stack unwinds the stack of one stop: the registers at the stop, the
// copy of the stack from stackAddr, and the process's executable
// mappings. It returns the frames strace -k shows, innermost first.
func (u *Unwinder) Stack(regs *format.Regs, stackAddr uint64, stack []byte, maps []format.Mapping) []Frame {
	if !sort.SliceIsSorted(maps, func(i, j int) bool { return maps[i].Start < maps[j].Start }) {
		maps = append([]format.Mapping(nil), maps...)
		sort.Slice(maps, func(i, j int) bool { return maps[i].Start < maps[j].Start })
	}
	s := &session{u: u, regs: regs, stackAddr: stackAddr, stack: stack, maps: maps,
		files: make([]*elfFile, len(maps)), looked: make([]bool, len(maps))}
	c := &cursor{s: s, ip: regs[format.RegRIP], cfa: regs[format.RegRSP]}
	for i := range c.loc {
		c.loc[i] = loc{kind: locReg, v: uint64(i)}
	}
	var frames []Frame
	for depth := 0; ; depth++ {
		if depth == MaxFrames {
			frames = append(frames, Frame{Err: "too many stack frames"})
			break
		}
		f, ok := c.frame()
		if !ok {
			if c.ip != 0 {
				frames = append(frames, Frame{IP: c.ip, Err: "unexpected_backtracing_error"})
			}
			break
		}
		frames = append(frames, f)
		if !c.step() {
			break
		}
	}
	return frames
}

// mapping returns the index of the file mapping holding addr, or -1.
func (s *session) mapping(addr uint64) int {
	i := sort.Search(len(s.maps), func(i int) bool { return s.maps[i].End > addr })
	if i < len(s.maps) && s.maps[i].Start <= addr && s.maps[i].Prot&format.MapExec != 0 && len(s.maps[i].Path) > 0 {
		return i
	}
	return -1
}

// fileOf returns the usable file of mapping i, or nil.
func (s *session) fileOf(i int) *elfFile {
	if !s.looked[i] {
		s.looked[i] = true
		s.files[i] = s.u.file(&s.maps[i])
	}
	return s.files[i]
}

// frame describes the cursor's frame, or reports that its address is in
// no executable file mapping (strace's print_stack_frame).
func (c *cursor) frame() (Frame, bool) {
	i := c.s.mapping(c.ip)
	if i < 0 {
		return Frame{}, false
	}
	m := &c.s.maps[i]
	f := Frame{IP: c.ip, Module: string(m.Path), Offset: c.ip - m.Start + m.Offset}
	ip := c.ip
	if c.usePrev {
		ip--
	}
	if j := c.s.mapping(ip); j >= 0 {
		if ef := c.s.fileOf(j); ef != nil && ef.syms != nil {
			mj := &c.s.maps[j]
			lo := loadOffset(ef.syms.loads, mj.Start, mj.Offset)
			if name, off, ok := ef.syms.lookup(ip, lo); ok {
				f.Symbol, f.FuncOffset, f.HasSymbol = name, off, true
				if c.usePrev {
					f.FuncOffset++
				}
			}
		}
	}
	return f, true
}

// mem reads the 8 bytes at addr: from the stack copy, or from the file
// of an executable mapping (code and read-only data read the same).
func (c *cursor) mem(addr uint64) (uint64, error) {
	s := c.s
	if addr >= s.stackAddr && addr-s.stackAddr <= uint64(len(s.stack)) && uint64(len(s.stack))-(addr-s.stackAddr) >= 8 {
		return binary.LittleEndian.Uint64(s.stack[addr-s.stackAddr:]), nil
	}
	if b := c.code(addr, 8); len(b) == 8 {
		return binary.LittleEndian.Uint64(b), nil
	}
	return 0, errBad
}

// code returns up to n bytes of the file mapped executable at addr.
func (c *cursor) code(addr uint64, n int) []byte {
	i := c.s.mapping(addr)
	if i < 0 {
		return nil
	}
	ef := c.s.fileOf(i)
	if ef == nil {
		return nil
	}
	m := &c.s.maps[i]
	if uint64(n) > m.End-addr {
		n = int(m.End - addr)
	}
	return ef.fileRead(addr-m.Start+m.Offset, n)
}

// readable says whether memory at addr could be read (libunwind tries).
func (c *cursor) readable(addr uint64) bool {
	_, err := c.mem(addr)
	return err == nil || c.s.mapping(addr) >= 0
}

// get reads a location (libunwind's dwarf_get).
func (c *cursor) get(l loc) (uint64, error) {
	switch l.kind {
	case locReg:
		if l.v >= nregs {
			return 0, errBad
		}
		return c.s.regs[dwarfToRegs[l.v]], nil
	case locMem:
		return c.mem(l.v)
	case locVal:
		return l.v, nil
	}
	return 0, errBad
}

// getReg is unw_get_reg: the stack pointer is the frame's CFA, the others
// are read where they are. Numbers beyond the columns kept read rax, as
// libunwind's register map makes them.
func (c *cursor) getReg(reg uint64) (uint64, error) {
	if reg >= nregs {
		reg = 0
	}
	if reg == regRSP {
		return c.cfa, nil
	}
	return c.get(c.loc[reg])
}

// step moves the cursor to the caller's frame (unw_step): false when the
// stack ends, or cannot be unwound further.
func (c *cursor) step() bool {
	ret, err := c.dwarfStep()
	if err == errNoInfo {
		return c.fallbackStep()
	}
	if err != nil {
		return false
	}
	// x86-64: a frame whose rbp is undefined ends the call chain.
	if c.loc[regRBP].kind == locNull {
		c.ip = 0
		return false
	}
	return ret > 0
}

// unwindInfo finds the FDE for ip (libunwind's get_unwind_info and
// dwarf_find_unwind_table): in the file mapped at ip, whose PT_LOAD of
// the mapping's exact file offset gives the load base.
func (c *cursor) unwindInfo(ip uint64) (*fde, uint64, error) {
	i := c.s.mapping(ip)
	if i < 0 {
		return nil, 0, errNoInfo
	}
	ef := c.s.fileOf(i)
	if ef == nil {
		return nil, 0, errNoInfo
	}
	m := &c.s.maps[i]
	var base uint64
	found := false
	lo, hi := ^uint64(0), uint64(0)
	for _, l := range ef.loads {
		lo = min(lo, l.vaddr)
		hi = max(hi, l.vaddr+l.memsz)
		if !found && l.off == m.Offset {
			base, found = m.Start-l.vaddr, true
		}
	}
	if !found || ip < lo+base || ip >= hi+base {
		return nil, 0, errNoInfo
	}
	f, err := ef.findFDE(ip, base)
	return f, base, err
}

// dwarfStep is libunwind's dwarf_step: find the CFI row of the frame and
// apply it.
func (c *cursor) dwarfStep() (int, error) {
	ip := c.ip
	if c.usePrev {
		ip--
	}
	f, base, err := c.unwindInfo(ip)
	if err != nil {
		return 0, err
	}
	st, err := row(f, ip, base)
	c.usePrev = !f.cie.signal
	if err != nil {
		return 0, err
	}
	return c.apply(st, f.cie.raCol)
}

// apply computes the caller's frame from a CFI row (apply_reg_state).
func (c *cursor) apply(st *regState, raCol uint64) (int, error) {
	prevIP, prevCFA := c.ip, c.cfa
	var cfa uint64
	switch st.cfaWhere {
	case whereReg:
		if st.cfaReg == regRSP && st.r[regRSP].where == whereSame {
			cfa = c.cfa
		} else {
			v, err := c.getReg(st.cfaReg)
			if err != nil {
				return 0, err
			}
			cfa = v
		}
		cfa += st.cfaOff
	case whereExpr:
		v, isReg, err := c.eval(0, st.cfaExpr)
		if err != nil {
			return 0, err
		}
		if isReg {
			return 0, errBad
		}
		cfa = v
	default:
		return 0, errBad
	}
	nl := c.loc
	for i := range nl {
		r := &st.r[i]
		switch r.where {
		case whereUndef:
			nl[i] = loc{}
		case whereSame:
		case whereCFARel:
			nl[i] = loc{kind: locMem, v: cfa + r.val}
		case whereReg:
			nl[i] = nl[r.val]
		case whereExpr, whereValExpr:
			v, isReg, err := c.eval(cfa, r.expr)
			if err != nil {
				return 0, err
			}
			switch {
			case r.where == whereValExpr:
				nl[i] = loc{kind: locVal, v: v}
			case isReg:
				if v >= nregs {
					v = 0
				}
				nl[i] = loc{kind: locReg, v: v}
			default:
				nl[i] = loc{kind: locMem, v: v}
			}
		}
	}
	c.loc, c.cfa = nl, cfa
	if raCol >= nregs {
		return 0, errBad
	}
	ret := 1
	if c.loc[raCol].kind == locNull {
		c.ip, ret = 0, 0
	} else {
		v, err := c.get(c.loc[raCol])
		if err != nil {
			return 0, err
		}
		c.ip = v
	}
	if c.ip == prevIP && c.cfa == prevCFA {
		return 0, errBad // ip and cfa unchanged
	}
	return ret, nil
}

// isPLT recognises a PLT entry: jmpq *x(%rip); pushq $n; jmpq y.
func (c *cursor) isPLT() bool {
	b := c.code(c.ip, 16)
	if len(b) < 16 {
		return false
	}
	w0 := binary.LittleEndian.Uint64(b)
	w1 := binary.LittleEndian.Uint64(b[8:])
	return w0&0xffff == 0x25ff && (w0>>48)&0xff == 0x68 && (w1>>24)&0xff == 0xe9
}

// fallbackStep is libunwind's x86-64 unw_step when no CFI covers the
// frame: a PLT entry, or the frame-pointer chain with its heuristics.
func (c *cursor) fallbackStep() bool {
	prevIP, prevCFA := c.ip, c.cfa
	invalidPrevRIP := false
	switch {
	case c.isPLT():
		c.loc[regRIP] = loc{kind: locMem, v: c.cfa}
		c.cfa += 8
	case c.loc[regRBP].kind == locNull:
		c.loc = [nregs]loc{}
	default:
		rbp, err := c.get(c.loc[regRBP])
		if err != nil {
			return false
		}
		invalidPrevRIP = !c.readable(prevIP)
		var rbpLoc, rspLoc, ripLoc loc
		if rbp != 0 || invalidPrevRIP {
			fixed := false
			if invalidPrevRIP {
				rsp, _ := c.get(c.loc[regRSP])
				if newIP, err := c.mem(rsp); err == nil && c.readable(newIP) {
					fixed = true
					c.cfa += 8
					rbpLoc = loc{kind: locMem, v: rbp}
					rspLoc = loc{kind: locMem, v: rsp}
					ripLoc = loc{kind: locMem, v: rsp}
				}
			}
			if !fixed {
				rbpLoc = loc{kind: locMem, v: rbp}
				ripLoc = loc{kind: locMem, v: rbp + 8}
				if _, err := c.get(rbpLoc); err != nil || rbp < c.cfa || rbp-c.cfa > 0x4000 {
					ripLoc, rbpLoc = loc{}, loc{}
				}
				c.cfa += 16 // sic: libunwind 1.6.2
			}
		}
		c.loc = [nregs]loc{}
		c.loc[regRBP], c.loc[regRSP], c.loc[regRIP] = rbpLoc, rspLoc, ripLoc
		c.usePrev = true
	}
	if c.loc[regRBP].kind == locNull && !invalidPrevRIP {
		return false
	}
	if c.loc[regRIP].kind == locNull {
		c.ip = 0
		return false
	}
	v, err := c.get(c.loc[regRIP])
	if err != nil {
		return false
	}
	c.ip = v
	return !(c.ip == prevIP && c.cfa == prevCFA)
}
