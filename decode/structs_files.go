package decode

import (
	"strconv"
	"time"
)

func init() {
	addStructs(map[string]func(d *dec, b []byte) Value{
		"stat": func(d *dec, b []byte) Value { return statValue(b, d.o.Verbose) },
	})
}

// Makedev shows a device number as strace does: makedev(0x8, 0x1).
func Makedev(dev uint64) Value {
	major := (dev>>8)&0xfff | (dev>>32)&^uint64(0xfff)
	minor := dev&0xff | (dev>>12)&^uint64(0xff)
	return Sym("makedev(" + hexStr(major) + ", " + hexStr(minor) + ")")
}

// ModeValue shows a file mode with its type: S_IFREG|0644.
func ModeValue(mode uint32) Value {
	const sIFMT = 0o170000
	ifmt := ""
	if mode&sIFMT != 0 {
		n, ok := xModetypes.Lookup(uint64(mode & sIFMT))
		if !ok {
			return Oct(mode)
		}
		ifmt = n
	}
	s := ifmt
	if s != "" {
		s += "|"
	}
	if mode&0o4000 != 0 {
		s += "S_ISUID|"
	}
	if mode&0o2000 != 0 {
		s += "S_ISGID|"
	}
	if mode&0o1000 != 0 {
		s += "S_ISVTX|"
	}
	return Sym(s + octStr(uint64(mode&^(sIFMT|0o7000))))
}

// TimeComment is strace's comment for a time: 2023-11-14T22:13:20+0000, with
// nanoseconds when nsec is not zero.
func TimeComment(sec int64, nsec uint64) string {
	t := time.Unix(sec, 0).Local()
	s := t.Format("2006-01-02T15:04:05")
	if nsec != 0 {
		s += "." + strconv.FormatUint(nsec+1000000000, 10)[1:]
	}
	return s + t.Format("-0700")
}

func statValue(b []byte, verbose bool) Value {
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
	s := &Struct{}
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	if verbose {
		add("st_dev", Makedev(dev))
		add("st_ino", Uint(ino))
		add("st_mode", ModeValue(mode))
		add("st_nlink", Uint(nlink))
		add("st_uid", Uint(uid))
		add("st_gid", Uint(gid))
		add("st_blksize", Int(blksize))
		add("st_blocks", Int(blocks))
	} else {
		add("st_mode", ModeValue(mode))
	}
	switch mode & 0o170000 {
	case 0o020000, 0o060000:
		add("st_rdev", Makedev(rdev))
	default:
		add("st_size", Int(size))
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
