package decode

import "strconv"

// Decoders for memory, time and scheduling syscalls.

func init() {
	register("mmap", decodeMmap)
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
