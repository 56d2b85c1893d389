package decode

import (
	"strconv"

	"mytrace/decode/sysent"
)

// Decoders for the calls every program makes at start-up.

func init() {
	register("open", func(d *dec) { d.open(0) })
	register("openat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.open(1)
	})
	register("execve", func(d *dec) { d.execve(0) })
	register("execveat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.execve(1)
		d.add("flags", xAtFlags.Flags(d.arg(4), "AT_???"))
	})
	register("mmap", decodeMmap)
	register("rt_sigreturn", func(d *dec) {
		// The mask being restored, read from the signal frame.
		for _, r := range d.in {
			if b, ok := d.in.Bytes(r.Addr, sysent.SizeSigset); ok {
				d.add("", &Struct{Fields: []Field{{"mask", Sym(SigsetString(b))}}})
				return
			}
		}
	})
}

// OpenFlags shows open(2) flags: the access mode, then the other flags.
func OpenFlags(v uint64) Value {
	f := &FlagSet{Dflt: "O_???"}
	if n, ok := xOpenAccessModes.Lookup(v & 3); ok {
		f.Prefix = Sym(n)
		v &^= 3
	}
	rest := xOpenModeFlags.Flags(v, "")
	if v != 0 {
		f.Names, f.Rest = rest.Names, rest.Rest
	}
	return f
}

const (
	oCreat   = 0o100
	oTmpfile = 0o20000000
)

func (d *dec) open(i int) {
	d.add("pathname", d.path(d.arg(i)))
	flags := d.arg(i + 1)
	d.add("flags", OpenFlags(flags))
	if flags&(oCreat|oTmpfile) != 0 {
		d.add("mode", Oct(uint32(d.arg(i+2))))
	}
}

// strVec shows argv: ["ls", "-la"], at most -s elements unless -v.
func (d *dec) strVec(addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	ptrs, count, term, ok := d.in.Vector(addr)
	if !ok || (count == 0 && !term) {
		return Addr(addr)
	}
	a := &Array{}
	for i, p := range ptrs {
		if !d.o.Verbose && i >= d.o.StrLimit {
			a.More = true
			return a
		}
		a.Elems = append(a.Elems, d.cstr(p))
	}
	if len(ptrs) < count {
		if !d.o.Verbose && len(ptrs) >= d.o.StrLimit {
			a.More = true
			return a
		}
		// Recorded with a smaller limit than asked for now: say so the
		// way strace marks an array it could not read to its end.
		a.More = true
		return a
	}
	if !term {
		// Ran into unreadable memory before the NULL.
		a.More = true
	}
	return a
}

// envVec shows envp: its address and count ("0x7ffd... /* 23 vars */"), or
// every string with -v.
func (d *dec) envVec(addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if d.o.Verbose {
		return d.strVec(addr)
	}
	_, count, term, ok := d.in.Vector(addr)
	if !ok || (!term && count == 0) {
		return Addr(addr)
	}
	c := strconv.Itoa(count) + " var"
	if count != 1 {
		c += "s"
	}
	if !term {
		c += ", unterminated"
	}
	return Commented{Addr(addr), c}
}

func (d *dec) execve(i int) {
	d.add("pathname", d.path(d.arg(i)))
	d.add("argv", d.strVec(d.arg(i+1)))
	d.add("envp", d.envVec(d.arg(i+2)))
}

func decodeMmap(d *dec) {
	d.add("addr", Addr(d.arg(0)))
	d.add("length", Uint(d.arg(1)))
	d.add("prot", xMmapProt.Flags(d.arg(2), "PROT_???"))
	d.add("flags", MmapFlags(d.arg(3)))
	d.add("fd", Int(int32(d.arg(4))))
	d.add("offset", Hex(d.arg(5)))
}

// MmapFlags shows mmap(2) flags: the mapping type, then the other flags,
// then a huge page size as "21<<MAP_HUGE_SHIFT".
func MmapFlags(v uint64) Value {
	const (
		mapType      = 0xf
		mapHugeShift = 26
		mapHugeMask  = 0x3f
	)
	f := &FlagSet{}
	f.Prefix = xMmapFlags.Enum(v&mapType, "MAP_???")
	v &^= mapType
	huge := v & (mapHugeMask << mapHugeShift)
	v &^= huge
	if v != 0 {
		rest := xMmapFlags.Flags(v, "")
		f.Names, f.Rest = rest.Names, rest.Rest
	}
	if huge != 0 {
		f.Names = append(f.Names, strconv.FormatUint(huge>>mapHugeShift, 10)+"<<MAP_HUGE_SHIFT")
	}
	return f
}
