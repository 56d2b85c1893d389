package unwind

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"mytrace/format"
	"mytrace/internal/testrand"
)

// libunwind's symbol rule: the nearest STT_FUNC at or below, the first
// scanned among equals, within the file's size; absolute symbols are not
// relocated.
func TestSymbolLookup(t *testing.T) {
	s := &symtab{size: 0x10000,
		rel: []symbol{{val: 0x100, order: 3, name: "a"}, {val: 0x200, order: 5, name: "b2"}, {val: 0x200, order: 2, name: "b1"}, {val: 0x900, order: 9, name: "c"}},
		abs: []symbol{{val: 0x7000_0000_1000, order: 1, name: "abs"}},
	}
	for _, l := range [][]symbol{s.rel, s.abs} {
		sortSymbols(l)
	}
	cases := []struct {
		ip, lo uint64
		name   string
		off    uint64
		ok     bool
	}{
		{0x5000_0150, 0x5000_0000, "a", 0x50, true},
		{0x5000_0200, 0x5000_0000, "b1", 0, true}, // first scanned of two at one value
		{0x5000_0250, 0x5000_0000, "b1", 0x50, true},
		{0x5000_00ff, 0x5000_0000, "", 0, false},               // below every symbol
		{0x5001_0900, 0x5000_0000, "", 0, false},               // farther than the file's size
		{0x7000_0000_1010, 0x5000_0000, "abs", 0x10, true},     // absolute
		{0x5000_0900 + 0xffff, 0x5000_0000, "c", 0xffff, true}, // just within the size
		{0x5000_0900 + 0x10000, 0x5000_0000, "", 0, false},     // just beyond
	}
	for _, c := range cases {
		name, off, ok := s.lookup(c.ip, c.lo)
		if name != c.name || off != c.off || ok != c.ok {
			t.Errorf("lookup(%#x, %#x) = %q %#x %v, want %q %#x %v", c.ip, c.lo, name, off, ok, c.name, c.off, c.ok)
		}
	}
}

func sortSymbols(l []symbol) {
	for i := range l {
		for j := i + 1; j < len(l); j++ {
			if l[j].val < l[i].val || l[j].val == l[i].val && l[j].order < l[i].order {
				l[i], l[j] = l[j], l[i]
			}
		}
	}
}

func TestLoadOffset(t *testing.T) {
	loads := []load{{off: 0, vaddr: 0}, {off: 0x1000, vaddr: 0x1000}, {off: 0x2a10, vaddr: 0x3a10}}
	if got := loadOffset(loads, 0x7f0000001000, 0x1000); got != 0x7f0000000000 {
		t.Errorf("text segment: %#x", got)
	}
	// p_offset not page-aligned (lld): compared page-aligned.
	if got := loadOffset(loads, 0x7f0000003000, 0x2000); got != 0x7f0000003000-0x3a10+0xa10 {
		t.Errorf("unaligned segment: %#x", got)
	}
	if got := loadOffset(loads, 0x7f0000009000, 0x9000); got != 0 {
		t.Errorf("no segment: %#x", got)
	}
}

func TestStackLineFormats(t *testing.T) {
	u := New()
	defer u.Close()
	// A stack in no mapping: one error line with the address.
	f := u.Stack(&format.Regs{format.RegRIP: 0x1234, format.RegRSP: 0x8000}, 0x8000, nil, nil)
	if len(f) != 1 || f[0].Err != "unexpected_backtracing_error" || f[0].IP != 0x1234 {
		t.Errorf("frames: %+v", f)
	}
	// Address 0: nothing at all.
	if f := u.Stack(&format.Regs{}, 0, nil, nil); len(f) != 0 {
		t.Errorf("frames at address 0: %+v", f)
	}
}

// ownELF returns a small x86-64 ELF file of this machine with
// .eh_frame_hdr, to mutate.
func ownELF(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"true", "cat", "ls"} {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		f, err := elf.Open(p)
		if err != nil {
			continue
		}
		ok := f.Machine == elf.EM_X86_64 && f.Section(".eh_frame_hdr") != nil
		f.Close()
		if ok {
			return p
		}
	}
	t.Skip("no x86-64 ELF program with .eh_frame_hdr here")
	return ""
}

// Hostile input: corrupted files and garbage stacks end in a bounded
// number of frames, never a panic or an endless loop.
func TestHostileInput(t *testing.T) {
	src := ownELF(t)
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	ef, err := elf.NewFile(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	// Where to corrupt: the unwind tables, the symbols, the headers.
	var spots [][2]uint64
	for _, name := range []string{".eh_frame_hdr", ".eh_frame", ".dynsym", ".dynstr", ".symtab", ".strtab"} {
		if s := ef.Section(name); s != nil && s.Type != elf.SHT_NOBITS {
			spots = append(spots, [2]uint64{s.Offset, s.Size})
		}
	}
	spots = append(spots, [2]uint64{0, 64}, [2]uint64{ef.FileHeader.Entry & 0, 0x400})
	var text *elf.Prog
	var maps []format.Mapping
	const base = 0x5555_0000_0000
	for _, p := range ef.Progs {
		if p.Type == elf.PT_LOAD {
			start := base + p.Vaddr&^0xfff
			prot := format.MapRead
			if p.Flags&elf.PF_X != 0 {
				prot |= format.MapExec
				text = p
			}
			maps = append(maps, format.Mapping{Start: start, End: base + (p.Vaddr+p.Memsz+0xfff)&^0xfff, Offset: p.Off &^ 0xfff, Prot: prot})
		}
	}
	if text == nil {
		t.Fatal("no executable segment")
	}
	dir := t.TempDir()
	rng := testrand.New(t, 1)
	for i := 0; i < 300; i++ {
		data := append([]byte(nil), orig...)
		for k := 0; k < 1+rng.Intn(40); k++ {
			s := spots[rng.Intn(len(spots))]
			if s[1] == 0 {
				continue
			}
			off := s[0] + uint64(rng.Int63n(int64(s[1])))
			if off < uint64(len(data)) {
				data[off] = byte(rng.Intn(256))
			}
		}
		path := filepath.Join(dir, "elf"+string(rune('a'+i%26)))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ms := append([]format.Mapping(nil), maps...)
		for j := range ms {
			ms[j].Path = []byte(path)
		}
		stack := make([]byte, 4096)
		rng.Read(stack)
		// Some return addresses into the text, and frame pointers into
		// the stack, so that unwinding goes somewhere.
		for k := 0; k+8 <= len(stack); k += 64 {
			binary.LittleEndian.PutUint64(stack[k:], base+text.Vaddr+uint64(rng.Int63n(int64(text.Memsz))))
			binary.LittleEndian.PutUint64(stack[k+8:], 0x7ff0_0000_0000+uint64(rng.Intn(len(stack))))
		}
		var regs format.Regs
		regs[format.RegRIP] = base + text.Vaddr + uint64(rng.Int63n(int64(text.Memsz)))
		regs[format.RegRSP] = 0x7ff0_0000_0000
		regs[format.RegRBP] = 0x7ff0_0000_0000 + uint64(rng.Intn(len(stack)))
		u := New()
		u.Warn = func(string) {}
		frames := u.Stack(&regs, 0x7ff0_0000_0000, stack, ms)
		u.Close()
		if len(frames) > MaxFrames+1 {
			t.Fatalf("%d frames", len(frames))
		}
	}
}

// FuzzCFI runs arbitrary call-frame instructions and expressions: errors,
// never panics.
func FuzzCFI(f *testing.F) {
	// A typical CIE and FDE program: def_cfa rsp+8, offset rip; push rbp.
	f.Add([]byte{0x0c, 0x07, 0x08, 0x90, 0x01}, []byte{0x41, 0x0e, 0x10, 0x86, 0x02, 0x0a, 0x0b}, []byte{0x77, 0x08, 0x80, 0x00, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22})
	f.Fuzz(func(t *testing.T, cieInstr, fdeInstr, expr []byte) {
		c := &cie{codeAlign: 1, dataAlign: -8, raCol: 16, fdeEnc: pePCRel | peSdata4, lsdaEnc: peOmit, instr: cieInstr}
		fd := &fde{cie: c, start: 0x1000, end: 0x2000, instr: fdeInstr}
		st, err := row(fd, 0x1800, 0)
		s := &session{u: New(), regs: &format.Regs{format.RegRSP: 0x8000, format.RegRIP: 0x1800}, stackAddr: 0x8000, stack: make([]byte, 256)}
		cur := &cursor{s: s, ip: 0x1800, cfa: 0x8000}
		for i := range cur.loc {
			cur.loc[i] = loc{kind: locReg, v: uint64(i)}
		}
		if err == nil {
			cur.apply(st, c.raCol)
		}
		cur.eval(0x8000, expr)
	})
}
