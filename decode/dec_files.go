package decode

// Decoders for file and descriptor syscalls.

func init() {
	register("open", func(d *dec) { d.open(0) })
	register("openat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.open(1)
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
