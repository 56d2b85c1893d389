package unwind

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Bounds on what is read of one file.
const (
	maxSegCache = 256 << 20 // bytes of one segment kept in memory
	maxSymbols  = 4 << 20   // symbols of one table
	maxNote     = 1 << 20   // bytes of a PT_NOTE segment read for the build-id
	pageSize    = 4096
)

// load is a PT_LOAD program header.
type load struct {
	off, vaddr, filesz, memsz uint64
}

// symbol is a function symbol, for libunwind's nearest-below lookup.
type symbol struct {
	val   uint64
	order int // position in libunwind's scan (section, then index)
	name  string
}

// symtab holds the function symbols of a file (or of its debug file),
// sorted by value: rel ones are relative to the load offset, abs ones
// (SHN_ABS) absolute.
type symtab struct {
	rel, abs []symbol
	loads    []load // the program headers of the file the symbols came from
	size     uint64 // that file's size: farther symbols do not count
}

// elfFile is a parsed ELF file, cached by the Unwinder.
type elfFile struct {
	path  string
	f     *os.File
	size  uint64
	loads []load
	// eh_frame_hdr (PT_GNU_EH_FRAME): its address and contents.
	hdrVaddr uint64
	hdr      []byte
	gp       uint64 // DT_PLTGOT, what data-relative pointers are relative to
	syms     *symtab
	buildID  []byte
	segs     map[int][]byte // contents of PT_LOAD segments read so far
	fdes     map[uint64]*fde
	cies     map[uint64]*cie
}

// identity is what the recorder noted of a mapped file.
type identity struct {
	size    uint64
	mtime   int64
	buildID string
}

// openELF opens and parses the file at path. The file is kept open for
// later reads until close.
func openELF(path string) (ef *elfFile, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		// debug/elf is robust, but a file is input like any other:
		// whatever goes wrong parsing it makes it unusable, never a
		// crash.
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: unreadable ELF file (%v)", path, p)
		}
		if err != nil {
			f.Close()
			ef = nil
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	ef = &elfFile{path: path, f: f, size: uint64(st.Size()), segs: map[int][]byte{}, fdes: map[uint64]*fde{}, cies: map[uint64]*cie{}}
	ehdr := make([]byte, 64)
	if _, err := f.ReadAt(ehdr, 0); err != nil || !validObject(ehdr) {
		return nil, fmt.Errorf("%s: not an x86-64 ELF file", path)
	}
	ff, err := elf.NewFile(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var hdrProg *elf.Prog
	var dyn *elf.Prog
	for _, p := range ff.Progs {
		switch p.Type {
		case elf.PT_LOAD:
			ef.loads = append(ef.loads, load{off: p.Off, vaddr: p.Vaddr, filesz: p.Filesz, memsz: p.Memsz})
		case elf.PT_GNU_EH_FRAME:
			hdrProg = p
		case elf.PT_DYNAMIC:
			dyn = p
		case elf.PT_NOTE:
			if ef.buildID == nil && p.Filesz <= maxNote {
				ef.buildID = buildIDNote(p)
			}
		}
	}
	if hdrProg != nil && hdrProg.Filesz <= maxSegCache {
		b := make([]byte, hdrProg.Filesz)
		if _, err := f.ReadAt(b, int64(hdrProg.Off)); err == nil {
			ef.hdrVaddr, ef.hdr = hdrProg.Vaddr, b
		}
	}
	if dyn != nil && dyn.Filesz <= maxSegCache {
		b := make([]byte, dyn.Filesz)
		if _, err := f.ReadAt(b, int64(dyn.Off)); err == nil {
			for i := 0; i+16 <= len(b); i += 16 {
				tag := binary.LittleEndian.Uint64(b[i:])
				if tag == uint64(elf.DT_NULL) {
					break
				}
				if tag == uint64(elf.DT_PLTGOT) {
					ef.gp = binary.LittleEndian.Uint64(b[i+8:])
					break
				}
			}
		}
	}
	ef.syms = symbolsOf(ff, ef.loads, ef.size)
	if link := debugLink(ff); link != "" {
		// libunwind looks for the file .gnu_debuglink names beside the
		// file and in .debug/ there; when found, symbols come from it.
		dir := filepath.Dir(path)
		for _, p := range []string{filepath.Join(dir, link), filepath.Join(dir, ".debug", link)} {
			if s := debugSymbols(p); s != nil {
				ef.syms = s
				break
			}
		}
	}
	return ef, nil
}

func (ef *elfFile) close() {
	if ef != nil && ef.f != nil {
		ef.f.Close()
	}
}

// validObject is libunwind's check: an ELF file of class 64, version 1,
// for x86-64.
func validObject(h []byte) bool {
	return len(h) >= 20 && bytes.Equal(h[:4], []byte(elf.ELFMAG)) && h[elf.EI_CLASS] == byte(elf.ELFCLASS64) &&
		h[elf.EI_VERSION] == byte(elf.EV_CURRENT) && binary.LittleEndian.Uint16(h[18:]) == uint16(elf.EM_X86_64)
}

// buildIDNote returns the GNU build-id of a PT_NOTE segment, if any.
func buildIDNote(p *elf.Prog) []byte {
	b := make([]byte, p.Filesz)
	if _, err := p.ReadAt(b, 0); err != nil && err != io.EOF {
		return nil
	}
	return findBuildID(b)
}

// findBuildID parses ELF notes (4-byte aligned) for NT_GNU_BUILD_ID.
func findBuildID(b []byte) []byte {
	for len(b) >= 12 {
		namesz := uint64(binary.LittleEndian.Uint32(b))
		descsz := uint64(binary.LittleEndian.Uint32(b[4:]))
		typ := binary.LittleEndian.Uint32(b[8:])
		b = b[12:]
		na := (namesz + 3) &^ 3
		da := (descsz + 3) &^ 3
		if na > uint64(len(b)) || da > uint64(len(b))-na {
			return nil
		}
		if typ == 3 && namesz == 4 && string(b[:4]) == "GNU\x00" && descsz > 0 && descsz <= 64 {
			return append([]byte(nil), b[na:na+descsz]...)
		}
		b = b[na+da:]
	}
	return nil
}

// debugLink returns the file name .gnu_debuglink names, if any.
func debugLink(ff *elf.File) string {
	s := ff.Section(".gnu_debuglink")
	if s == nil || s.Type == elf.SHT_NOBITS || s.Size > 4096 {
		return ""
	}
	b, err := s.Data()
	if err != nil {
		return ""
	}
	i := bytes.IndexByte(b, 0)
	if i <= 0 || strings.ContainsRune(string(b[:i]), '/') {
		return ""
	}
	return string(b[:i])
}

// debugSymbols reads the symbols of a separate debug file, or nil.
func debugSymbols(path string) (s *symtab) {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	defer func() {
		if recover() != nil {
			s = nil
		}
	}()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	h := make([]byte, 64)
	if _, err := f.ReadAt(h, 0); err != nil || !validObject(h) {
		return nil
	}
	ff, err := elf.NewFile(f)
	if err != nil {
		return nil
	}
	var loads []load
	for _, p := range ff.Progs {
		if p.Type == elf.PT_LOAD {
			loads = append(loads, load{off: p.Off, vaddr: p.Vaddr, filesz: p.Filesz, memsz: p.Memsz})
		}
	}
	return symbolsOf(ff, loads, uint64(st.Size()))
}

// symbolsOf collects the STT_FUNC symbols of .dynsym and .symtab in the
// order libunwind scans them: by section, then by index.
func symbolsOf(ff *elf.File, loads []load, size uint64) *symtab {
	s := &symtab{loads: loads, size: size}
	type table struct {
		idx  int
		syms func() ([]elf.Symbol, error)
	}
	var tables []table
	for i, sec := range ff.Sections {
		switch sec.Type {
		case elf.SHT_SYMTAB:
			if sec.Entsize != 0 && sec.Size/sec.Entsize > maxSymbols {
				continue
			}
			tables = append(tables, table{i, ff.Symbols})
		case elf.SHT_DYNSYM:
			if sec.Entsize != 0 && sec.Size/sec.Entsize > maxSymbols {
				continue
			}
			tables = append(tables, table{i, ff.DynamicSymbols})
		}
	}
	order := 0
	seen := map[int]bool{}
	for _, t := range tables {
		syms, err := t.syms()
		if err != nil {
			continue
		}
		// debug/elf reads only the first table of each type.
		first := ff.Sections[t.idx].Type
		if seen[int(first)] {
			continue
		}
		seen[int(first)] = true
		for _, sym := range syms {
			order++
			if elf.ST_TYPE(sym.Info) != elf.STT_FUNC || sym.Section == elf.SHN_UNDEF {
				continue
			}
			e := symbol{val: sym.Value, order: order, name: sym.Name}
			if sym.Section == elf.SHN_ABS {
				s.abs = append(s.abs, e)
			} else {
				s.rel = append(s.rel, e)
			}
		}
	}
	for _, l := range [][]symbol{s.rel, s.abs} {
		sort.Slice(l, func(i, j int) bool {
			if l[i].val != l[j].val {
				return l[i].val < l[j].val
			}
			return l[i].order < l[j].order
		})
	}
	return s
}

// loadOffset is libunwind's get_load_offset: for the mapping at segbase
// of file offset mapoff, the PT_LOAD whose page-aligned offset is mapoff
// gives the offset symbols are relative to; 0 if none.
func loadOffset(loads []load, segbase, mapoff uint64) uint64 {
	for _, l := range loads {
		if l.off&^(pageSize-1) == mapoff {
			return segbase - l.vaddr + l.off&(pageSize-1)
		}
	}
	return 0
}

// lookup finds the symbol libunwind would name for ip: the nearest
// function symbol at or below it, the first one scanned among equals,
// within the file's size. ok is false when there is none.
func (s *symtab) lookup(ip, loadOff uint64) (name string, off uint64, ok bool) {
	best := symbol{order: -1}
	bestDist := ^uint64(0)
	try := func(l []symbol, target uint64) {
		i := sort.Search(len(l), func(i int) bool { return l[i].val > target })
		if i == 0 {
			return
		}
		v := l[i-1].val
		// The first scanned of the symbols with that value.
		j := sort.Search(i, func(k int) bool { return l[k].val >= v })
		c := l[j]
		d := target - v
		if d < bestDist || d == bestDist && c.order < best.order {
			best, bestDist = c, d
		}
	}
	try(s.rel, ip-loadOff)
	try(s.abs, ip)
	if best.order < 0 || bestDist >= s.size {
		return "", 0, false
	}
	return best.name, bestDist, true
}

// vaddrRead returns up to n bytes of the file's image at vaddr (from the
// PT_LOAD segment holding it), fewer at the segment's end.
func (ef *elfFile) vaddrRead(vaddr uint64, n int) []byte {
	for i, l := range ef.loads {
		if vaddr < l.vaddr || vaddr-l.vaddr >= l.filesz {
			continue
		}
		seg, ok := ef.segs[i]
		if !ok {
			if l.filesz <= maxSegCache && l.off <= ef.size && l.filesz <= ef.size-l.off {
				b := make([]byte, l.filesz)
				if _, err := ef.f.ReadAt(b, int64(l.off)); err == nil {
					seg = b
				}
			}
			ef.segs[i] = seg
		}
		if seg == nil {
			return nil
		}
		b := seg[vaddr-l.vaddr:]
		if len(b) > n {
			b = b[:n]
		}
		return b
	}
	return nil
}

// fileRead returns up to n bytes at file offset off.
func (ef *elfFile) fileRead(off uint64, n int) []byte {
	if off >= ef.size {
		return nil
	}
	if uint64(n) > ef.size-off {
		n = int(ef.size - off)
	}
	b := make([]byte, n)
	k, _ := ef.f.ReadAt(b, int64(off))
	return b[:k]
}

// matches says whether the file is the one the recorder saw, and if not
// why.
func (ef *elfFile) matches(id identity) (bool, string) {
	if id.buildID != "" {
		if string(ef.buildID) != id.buildID {
			return false, "build-id differs"
		}
		return true, ""
	}
	if id.size != 0 || id.mtime != 0 {
		st, err := ef.f.Stat()
		if err != nil {
			return false, err.Error()
		}
		if uint64(st.Size()) != id.size || st.ModTime().UnixNano() != id.mtime {
			return false, "size or modification time differs"
		}
	}
	return true, ""
}
