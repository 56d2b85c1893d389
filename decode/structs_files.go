package decode

import (
	"strconv"
	"time"

	"mytrace/tables"
)

func init() {
	addStructs(map[string]func(d *dec, b []byte) Value{
		"stat": statValue,
	})
}

// Makedev shows a device number as strace does: makedev(0x8, 0x1).
func Makedev(dev uint64) Value {
	major := (dev>>8)&0xfff | (dev>>32)&^uint64(0xfff)
	minor := dev&0xff | (dev>>12)&^uint64(0xff)
	return Sym("makedev(" + hexStr(major) + ", " + hexStr(minor) + ")")
}

// ModeValue shows a file mode with its type: S_IFREG|0644.
func ModeValue(mode uint32) Value { return Mode(mode) }

// Mode is a file mode shown with its type, as strace's
// print_symbolic_mode_t: S_IFREG|0644 ("0644" without a type, the number
// in octal for a type that has no name). -X raw shows the number, -X
// verbose the number then the symbolic form in a comment.
type Mode uint32

// sIFMT is the file type's bits of a mode.
const sIFMT = 0o170000

// symbolic appends the symbolic form of v to b; ok is false when its type
// has no name (and nothing was appended).
func (v Mode) symbolic(b []byte) (_ []byte, ok bool) {
	mode := uint32(v)
	if mode&sIFMT != 0 {
		n, ok := tables.Modetypes.Lookup(uint64(mode & sIFMT))
		if !ok {
			return b, false
		}
		b = append(append(b, n...), '|')
	}
	if mode&0o4000 != 0 {
		b = append(b, "S_ISUID|"...)
	}
	if mode&0o2000 != 0 {
		b = append(b, "S_ISGID|"...)
	}
	if mode&0o1000 != 0 {
		b = append(b, "S_ISVTX|"...)
	}
	return appendOct(b, uint64(mode&^(sIFMT|0o7000))), true
}

func (v Mode) render(b *textBuf, o *Options) {
	mark := len(b.b)
	if o.Style == StyleVerbose {
		b.b = appendOct(b.b, uint64(v))
		b.WriteString(" /* ")
	}
	if o.Style != StyleRaw {
		var ok bool
		if b.b, ok = v.symbolic(b.b); ok {
			if o.Style == StyleVerbose {
				b.WriteString(" */")
			}
			return
		}
	}
	// -X raw, or a type with no name: the number alone.
	b.b = appendOct(b.b[:mark], uint64(v))
}

func (v Mode) appendJSON(b []byte, o *Options) []byte {
	var buf [64]byte
	if s, ok := v.symbolic(buf[:0]); ok {
		return AppendJSONString(b, string(s))
	}
	return strconv.AppendUint(b, uint64(v), 10)
}

// TimeComment is strace's comment for a time: 2023-11-14T22:13:20+0000, with
// nanoseconds when nsec is not zero; "" (no comment) for the epoch itself
// or an invalid nsec, as strace's sprinttime_nsec.
func TimeComment(sec int64, nsec uint64) string {
	return filesTimeComment(sec, nsec, 999999999, 9)
}

// filesTimeCommentUsec is TimeComment for microseconds.
func filesTimeCommentUsec(sec int64, usec uint64) string {
	return filesTimeComment(sec, usec, 999999, 6)
}

func filesTimeComment(sec int64, part, max uint64, width int) string {
	if (sec == 0 && part == 0) || part > max {
		return ""
	}
	t := time.Unix(sec, 0).Local()
	s := t.Format("2006-01-02T15:04:05")
	if part != 0 {
		p := strconv.FormatUint(part, 10)
		for len(p) < width {
			p = "0" + p
		}
		s += "." + p
	}
	return s + t.Format("-0700")
}

func statValue(d *dec, b []byte) Value {
	verbose := d.o.Verbose
	// struct stat on x86-64.
	dev := le64(b[0:])
	ino := le64(b[8:])
	nlink := le64(b[16:])
	mode := le32(b[24:])
	uid := le32(b[28:])
	gid := le32(b[32:])
	rdev := le64(b[40:])
	size := int64(le64(b[48:]))
	blksize := int64(le64(b[56:]))
	blocks := int64(le64(b[64:]))
	nf := 2 // the fields shown, to allocate them at once
	if verbose {
		nf = 16
	}
	s := d.newStruct(nf)
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	if verbose {
		add("st_dev", Makedev(dev))
		add("st_ino", Uint(ino))
		add("st_mode", d.modeV(mode))
		add("st_nlink", Uint(nlink))
		add("st_uid", Uint(uid))
		add("st_gid", Uint(gid))
		add("st_blksize", Int(blksize))
		add("st_blocks", Int(blocks))
	} else {
		add("st_mode", d.modeV(mode))
	}
	switch mode & 0o170000 {
	case 0o020000, 0o060000:
		add("st_rdev", Makedev(rdev))
	default:
		add("st_size", d.intV(size))
	}
	if !verbose {
		s.More = true
		return s
	}
	for i, n := range []string{"st_atime", "st_mtime", "st_ctime"} {
		sec := int64(le64(b[72+16*i:]))
		nsec := le64(b[80+16*i:])
		add(n, Commented{Int(sec), TimeComment(sec, nsec)})
		add(n+"_nsec", Uint(nsec))
	}
	return s
}

func statxTimestamp(b []byte) Value {
	sec, nsec := int64(le64(b)), uint64(le32(b[8:]))
	return Commented{&Struct{Fields: []Field{{"tv_sec", Int(sec)}, {"tv_nsec", Uint(nsec)}}}, TimeComment(sec, nsec)}
}

// statxValue shows a struct statx, abbreviated unless verbose.
func statxValue(d *dec, b []byte) Value {
	verbose := d.o.Verbose
	const (
		stNlink  = 0x4
		stUID    = 0x8
		stGID    = 0x10
		stType   = 0x1
		stMode   = 0x2
		stIno    = 0x100
		stSize   = 0x200
		stBlocks = 0x400
		stAtime  = 0x20
		stBtime  = 0x800
		stCtime  = 0x80
		stMtime  = 0x40
		stMntID  = 0x1000
		stDio    = 0x2000
	)
	mask := le32(b)
	nf := 4 // the fields shown, to allocate them at once
	if verbose {
		nf = 24
	}
	s := d.newStruct(nf)
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	add("stx_mask", d.flags(tables.StatxMasks, uint64(mask), "STATX_???"))
	if verbose {
		add("stx_blksize", Uint(le32(b[4:])))
	}
	add("stx_attributes", d.flags(tables.StatxAttrs, le64(b[8:]), "STATX_ATTR_???"))
	if verbose {
		if mask&stNlink != 0 {
			add("stx_nlink", Uint(le32(b[16:])))
		}
		if mask&stUID != 0 {
			add("stx_uid", filesID(uint64(le32(b[20:]))))
		}
		if mask&stGID != 0 {
			add("stx_gid", filesID(uint64(le32(b[24:]))))
		}
	}
	if mask&(stType|stMode) != 0 {
		add("stx_mode", d.modeV(uint32(le16(b[28:]))))
	}
	if verbose && mask&stIno != 0 {
		add("stx_ino", Uint(le64(b[32:])))
	}
	if mask&stSize != 0 {
		add("stx_size", d.uintV(le64(b[40:])))
	}
	if !verbose {
		s.More = true
		return s
	}
	if mask&stBlocks != 0 {
		add("stx_blocks", Uint(le64(b[48:])))
	}
	add("stx_attributes_mask", d.flags(tables.StatxAttrs, le64(b[56:]), "STATX_ATTR_???"))
	for _, t := range []struct {
		bit uint32
		off int
		n   string
	}{{stAtime, 64, "stx_atime"}, {stBtime, 80, "stx_btime"}, {stCtime, 96, "stx_ctime"}, {stMtime, 112, "stx_mtime"}} {
		if mask&t.bit != 0 {
			add(t.n, statxTimestamp(b[t.off:]))
		}
	}
	add("stx_rdev_major", Uint(le32(b[128:])))
	add("stx_rdev_minor", Uint(le32(b[132:])))
	add("stx_dev_major", Uint(le32(b[136:])))
	add("stx_dev_minor", Uint(le32(b[140:])))
	if mask&stMntID != 0 {
		add("stx_mnt_id", Hex(le64(b[144:])))
	}
	if mask&stDio != 0 {
		add("stx_dio_mem_align", Uint(le32(b[152:])))
		add("stx_dio_offset_align", Uint(le32(b[156:])))
	}
	return s
}

// statfsValue shows a struct statfs (x86-64 layout).
func statfsValue(b []byte) Value {
	const stValid = 0x20
	s := &Struct{}
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	ftype := le64(b)
	if n, ok := tables.Fsmagic.Lookup(ftype); ok {
		add("f_type", Sym(n))
	} else {
		add("f_type", Hex(ftype))
	}
	for i, n := range []string{"f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree"} {
		add(n, Uint(le64(b[8+8*i:])))
	}
	add("f_fsid", &Struct{Fields: []Field{{"val", &Array{Elems: []Value{Hex(le32(b[56:])), Hex(le32(b[60:]))}}}}})
	add("f_namelen", Uint(le64(b[64:])))
	add("f_frsize", Uint(le64(b[72:])))
	if flags := le64(b[80:]); flags&stValid != 0 {
		add("f_flags", flagsOf(tables.StatfsFlags, flags, "ST_???"))
	}
	return s
}

// flockValue shows a struct flock (x86-64: the same as struct flock64);
// getlk adds l_pid.
func flockValue(b []byte, getlk bool) Value {
	s := &Struct{Fields: []Field{
		{"l_type", enumOf(tables.Lockfcmds, uint64(int64(int16(le16(b)))), "F_???")},
		{"l_whence", enumOf(tables.WhenceCodes, uint64(int64(int16(le16(b[2:])))), "SEEK_???")},
		{"l_start", Int(int64(le64(b[8:])))},
		{"l_len", Int(int64(le64(b[16:])))},
	}}
	if getlk {
		s.Fields = append(s.Fields, Field{"l_pid", Int(int32(le32(b[24:])))})
	}
	return s
}

// fOwnerExValue shows a struct f_owner_ex.
func fOwnerExValue(b []byte) Value {
	return &Struct{Fields: []Field{
		{"type", enumOf(tables.FOwnerTypes, uint64(le32(b)), "F_OWNER_???")},
		{"pid", Int(int32(le32(b[4:])))},
	}}
}

// winsizeValue shows a struct winsize.
func winsizeValue(b []byte) Value {
	return &Struct{Fields: []Field{
		{"ws_row", Uint(le16(b))},
		{"ws_col", Uint(le16(b[2:]))},
		{"ws_xpixel", Uint(le16(b[4:]))},
		{"ws_ypixel", Uint(le16(b[6:]))},
	}}
}

// termiosValue shows a struct termio (kind 0, 16-bit flags), termios (1) or
// termios2 (2), in the kernel's layout.
func termiosValue(b []byte, kind int, verbose bool) Value {
	var iflag, oflag, cflag, lflag uint64
	var rest []byte
	if kind == 0 {
		iflag, oflag, cflag, lflag = uint64(le16(b)), uint64(le16(b[2:])), uint64(le16(b[4:])), uint64(le16(b[6:]))
		rest = b[8:]
	} else {
		iflag, oflag, cflag, lflag = uint64(le32(b)), uint64(le32(b[4:])), uint64(le32(b[8:])), uint64(le32(b[12:]))
		rest = b[16:]
	}
	s := &Struct{Fields: []Field{
		{"c_iflag", filesFlagsND(tables.TermIflags, iflag)},
		{"c_oflag", termOflag(oflag)},
		{"c_cflag", termCflag(cflag)},
		{"c_lflag", filesFlagsND(tables.TermLflags, lflag)},
	}}
	if !verbose {
		s.More = true
		return s
	}
	s.Fields = append(s.Fields, Field{"c_line", enumOf(tables.TermLineDiscs, uint64(rest[0]), "N_???")})
	ncc := 19
	if kind == 0 {
		ncc = 8
	}
	cc := &Array{}
	for i := 0; i < ncc; i++ {
		idx := strconv.Itoa(i)
		if n, ok := tables.TermiosCc.Lookup(uint64(i)); ok {
			idx = n
		}
		cc.Elems = append(cc.Elems, Sym("["+idx+"]="+hexStr(uint64(rest[1+i]))))
	}
	s.Fields = append(s.Fields, Field{"c_cc", cc})
	if kind == 2 {
		s.Fields = append(s.Fields, Field{"c_ispeed", Uint(le32(b[36:]))}, Field{"c_ospeed", Uint(le32(b[40:]))})
	}
	return s
}

func termOflag(v uint64) Value {
	var seq Seq
	for _, p := range []struct {
		x    *tables.Xlat
		mask uint64
		dflt string
	}{
		{tables.TermOflagsNldly, 0o400, "NL?"},
		{tables.TermOflagsCrdly, 0o3000, "CR?"},
		{tables.TermOflagsTabdly, 0o14000, "TAB?"},
		{tables.TermOflagsBsdly, 0o20000, "BS?"},
		{tables.TermOflagsVtdly, 0o40000, "VT?"},
		{tables.TermOflagsFfdly, 0o100000, "FF?"},
	} {
		seq = append(seq, enumOf(p.x, v&p.mask, p.dflt), Sym("|"))
		v &^= p.mask
	}
	return append(seq, filesFlagsND(tables.TermOflags, v))
}

func termCflag(v uint64) Value {
	const (
		cbaud   = 0o10017
		cibaud  = 0o2003600000
		ibshift = 16
		csize   = 0o60
	)
	seq := Seq{enumOf(tables.BaudOptions, v&cbaud, "B???"), Sym("|")}
	if v&cibaud != 0 {
		seq = append(seq, enumOf(tables.BaudOptions, (v&cibaud)>>ibshift, "B???"), Sym("<<IBSHIFT|"))
	}
	seq = append(seq, enumOf(tables.TermCflagsCsize, v&csize, "CS?"), Sym("|"))
	v &^= cbaud | cibaud | csize
	return append(seq, filesFlagsND(tables.TermCflags, v))
}
