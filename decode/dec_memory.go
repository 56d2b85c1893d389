package decode

import (
	"strconv"

	"mytrace/sysent"
	"mytrace/tables"
)

// Decoders for memory management syscalls.

func init() {
	registerIn("mmap", decodeMmap)
	register("pkey_alloc", func(d *dec) {
		d.add("flags", Hex(d.arg(0)))
		d.add("access_rights", d.flags(tables.PkeyAccess, d.arg(1), "PKEY_???"))
	})
	register("mremap", decodeMremap)
	register("msync", func(d *dec) {
		decodeAddrLen(d)
		d.add("flags", uflags(tables.MctlSync, d.arg(2), "MS_???"))
	})
	register("mlock2", func(d *dec) {
		decodeAddrLen(d)
		d.add("flags", uflags(tables.MlockFlags, d.arg(2), "MLOCK_???"))
	})
	register("mlockall", func(d *dec) { d.add("flags", uflags(tables.MlockallFlags, d.arg(0), "MCL_???")) })
	register("mincore", decodeMincore)
	register("remap_file_pages", func(d *dec) {
		decodeAddrLen(d)
		d.add("prot", d.flags(tables.MmapProt, d.arg(2), "PROT_???"))
		d.add("pgoff", Uint(d.arg(3)))
		d.add("flags", mmapFlagsInto(d.newFlagSet(), d.arg(4)))
	})
	register("membarrier", decodeMembarrier)
	register("mbind", func(d *dec) {
		decodeAddrLen(d)
		d.add("mode", mempolicyMode(d.arg(2)))
		d.add("nodemask", d.nodemask(d.in, d.arg(3), d.arg(4)))
		d.add("maxnode", Uint(d.arg(4)))
		d.add("flags", uflags(tables.MbindFlags, d.arg(5), "MPOL_???"))
	})
	register("set_mempolicy", func(d *dec) {
		d.add("mode", mempolicyMode(uint64(uint32(d.arg(0)))))
		d.add("nodemask", d.nodemask(d.in, d.arg(1), d.arg(2)))
		d.add("maxnode", Uint(d.arg(2)))
	})
	register("get_mempolicy", decodeGetMempolicy)
	register("migrate_pages", func(d *dec) {
		d.add("pid", d.pidArg(0))
		d.add("maxnode", Uint(d.arg(1)))
		d.add("old_nodes", d.nodemask(d.in, d.arg(2), d.arg(1)))
		d.add("new_nodes", d.nodemask(d.in, d.arg(3), d.arg(1)))
	})
	register("move_pages", decodeMovePages)
	register("process_madvise", func(d *dec) {
		d.add("pidfd", Fd(d.int(0)))
		d.add("iovec", d.array(d.in, d.arg(1), d.arg(2), 16, func(b []byte) Value {
			return &Struct{Fields: []Field{{"iov_base", Addr(le64(b))}, {"iov_len", Uint(le64(b[8:]))}}}
		}))
		d.add("vlen", Uint(d.arg(2)))
		d.add("advice", uenum(tables.MadviseCmds, d.arg(3), "MADV_???"))
		d.add("flags", Hex(uint64(uint32(d.arg(4)))))
	})
}

// Small tables of this family whose constants the C headers lack.

func decodeMovePages(d *dec) {
	n := d.arg(1)
	d.add("pid", d.pidArg(0))
	d.add("count", Uint(n))
	d.add("pages", d.array(d.in, d.arg(2), n, 8, func(b []byte) Value { return Addr(le64(b)) }))
	d.add("nodes", d.array(d.in, d.arg(3), n, 4, func(b []byte) Value { return Int(int32(le32(b))) }))
	d.split()
	if !d.exit {
		d.add("status", nil)
		d.add("flags", nil)
		return
	}
	status := Value(Addr(d.arg(4)))
	if !d.failed {
		status = d.array(d.out, d.arg(4), n, 4, func(b []byte) Value {
			v := int32(le32(b))
			if v < 0 {
				if name := ErrnoName(int(-v)); name != "" {
					return Sym("-" + name)
				}
			}
			return Int(v)
		})
	}
	d.add("status", status)
	d.add("flags", uflags(tables.MovePagesFlags, d.arg(5), "MPOL_???"))
}

// uflags is strace's printflags: the value is an unsigned int.
func uflags(x *tables.Xlat, v uint64, dflt string) *FlagSet {
	return flagsOf(x, uint64(uint32(v)), dflt)
}

// uenum is strace's printxval: the value is an unsigned int.
func uenum(x *tables.Xlat, v uint64, dflt string) Value { return enumOf(x, uint64(uint32(v)), dflt) }

func decodeAddrLen(d *dec) {
	d.add("addr", Addr(d.arg(0)))
	d.add("length", Uint(d.arg(1)))
}

func decodeMmap(d *dec) {
	d.add("addr", d.addrV(d.arg(0)))
	d.add("length", d.uintV(d.arg(1)))
	d.add("prot", d.flags(tables.MmapProt, d.arg(2), "PROT_???"))
	d.add("flags", mmapFlagsInto(d.newFlagSet(), d.arg(3)))
	d.add("fd", d.fdV(int32(d.arg(4))))
	d.add("offset", d.hexV(d.arg(5)))
}

// MmapFlags shows mmap(2) flags: the mapping type, then the other flags,
// then a huge page size as "21<<MAP_HUGE_SHIFT".
func MmapFlags(v uint64) Value { return mmapFlagsInto(new(FlagSet), v) }

// mmapFlagsInto is MmapFlags filling f, a zero FlagSet.
func mmapFlagsInto(f *FlagSet, v uint64) *FlagSet {
	const (
		mapType      = 0xf
		mapHugeShift = 26
		mapHugeMask  = 0x3f
	)
	whole := v
	prefix := enumOf(tables.MmapFlags, v&mapType, "MAP_???")
	v &^= mapType
	huge := v & (mapHugeMask << mapHugeShift)
	v &^= huge
	if v != 0 {
		flagsInto(tables.MmapFlags, f, v, "")
	}
	f.Prefix = prefix
	f.Val, f.HasVal = whole, true
	if huge != 0 {
		if f.Rest != 0 {
			// The unnamed bits come before the huge page size.
			f.Names = append(f.Names, hexStr(f.Rest))
			f.Rest = 0
		}
		f.Names = append(f.Names, strconv.FormatUint(huge>>mapHugeShift, 10)+"<<MAP_HUGE_SHIFT")
	}
	return f
}

func decodeMremap(d *dec) {
	const mayMoveFixed = 3 // MREMAP_MAYMOVE|MREMAP_FIXED
	d.add("old_address", Addr(d.arg(0)))
	d.add("old_size", Uint(d.arg(1)))
	d.add("new_size", Uint(d.arg(2)))
	d.add("flags", d.flags(tables.MremapFlags, d.arg(3), "MREMAP_???"))
	if d.arg(3)&mayMoveFixed == mayMoveFixed {
		d.add("new_address", Addr(d.arg(4)))
	}
}

func decodeMincore(d *dec) {
	decodeAddrLen(d)
	d.split()
	if !d.exit {
		d.add("vec", nil)
		return
	}
	n := sysent.MincorePages(d.arg(1))
	d.add("vec", d.array(d.out, d.arg(2), n, 1, func(b []byte) Value { return Uint(b[0] & 1) }))
}

func decodeMembarrier(d *dec) {
	const flagCPU = 1
	cmd := uint32(d.arg(0))
	d.add("cmd", enumOf(tables.MembarrierCmds, uint64(cmd), "MEMBARRIER_CMD_???"))
	d.add("flags", uflags(tables.MembarrierFlags, d.arg(1), "MEMBARRIER_CMD_FLAG_???"))
	if d.arg(1)&flagCPU != 0 {
		d.add("cpu_id", Int(d.int(2)))
	}
	if cmd == 0 && d.ok() && d.ret != 0 {
		// MEMBARRIER_CMD_QUERY returns the commands supported.
		d.retFmt = func(r int64) Value { return Hex(uint64(r)) }
		d.c.Ret.Aux = sprintFlags(tables.MembarrierCmds, uint64(d.ret))
	}
}

// sprintFlags is strace's sprintflags with an empty prefix: the names of
// the flags in v, then any bits left in hexadecimal.
func sprintFlags(x *tables.Xlat, v uint64) string {
	f := flagsOf(x, v, "")
	var s string
	for _, n := range f.Names {
		if s != "" {
			s += "|"
		}
		s += n
	}
	if f.Rest != 0 {
		if s != "" {
			s += "|"
		}
		s += hexStr(f.Rest)
	}
	return s
}

// mempolicyMode shows a NUMA policy mode with its mode flags.
func mempolicyMode(v uint64) Value {
	const flagsMask = 1<<15 | 1<<14 | 1<<13
	mode := v &^ flagsMask
	flags := v & flagsMask
	if flags == 0 {
		return enumOf(tables.MpolModes, mode, "MPOL_???")
	}
	name, ok := tables.MpolModes.Lookup(mode)
	if !ok {
		return flagsOf(tables.MpolModeFlags, v, "MPOL_???")
	}
	f := flagsOf(tables.MpolModeFlags, flags, "")
	f.Prefix = Sym(name)
	f.Val = v
	return f
}

// nodemask shows a NUMA node mask of maxnode bits as an array of longs.
func (d *dec) nodemask(m Mem, addr, maxnode uint64) Value {
	n, ok := sysent.NodemaskLongs(maxnode)
	if !ok {
		return Addr(addr)
	}
	return d.array(m, addr, n, 8, func(b []byte) Value { return Sym(hex0(le64(b), 16)) })
}

// hex0 is printf's %#0*llx: hexadecimal zero-padded to width characters,
// "0x" included (zero has no prefix, as printf does).
func hex0(v uint64, width int) string {
	s := strconv.FormatUint(v, 16)
	pre := "0x"
	if v == 0 {
		pre = ""
	}
	for len(s)+len(pre) < width {
		s = "0" + s
	}
	return pre + s
}

func decodeGetMempolicy(d *dec) {
	d.split()
	if !d.exit {
		for _, n := range []string{"mode", "nodemask", "maxnode", "addr", "flags"} {
			d.add(n, nil)
		}
		return
	}
	d.add("mode", d.structOut(d.arg(0), 4, func(b []byte) Value {
		return &Array{Elems: []Value{uenum(tables.MpolModes, uint64(le32(b)), "MPOL_???")}}
	}))
	d.add("nodemask", d.orAddr(d.arg(1), func() Value { return d.nodemask(d.out, d.arg(1), d.arg(2)) }))
	d.add("maxnode", Uint(d.arg(2)))
	d.add("addr", Addr(d.arg(3)))
	d.add("flags", d.flags(tables.GetMempolicyFlags, d.arg(4), "MPOL_???"))
}

// intPtr formats an int for structIn and structOut as strace's
// printnum_int shows it: "[42]".
func intPtr(signed bool) func(b []byte) Value {
	f := unsigned32
	if signed {
		f = signed32
	}
	return func(b []byte) Value { return ind(f(le32(b))) }
}
