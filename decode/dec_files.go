package decode

import (
	"strconv"
	"strings"

	"mytrace/sysent"
	"mytrace/tables"
)

// Decoders for file and descriptor syscalls.

func init() {

	// Reading and writing.
	register("readv", func(d *dec) { d.filesReadv(-1, false) })
	register("preadv", func(d *dec) { d.filesReadv(-1, true) })
	register("preadv2", func(d *dec) { d.filesReadv(5, true) })
	register("writev", func(d *dec) { d.filesWritev(-1, false) })
	register("pwritev", func(d *dec) { d.filesWritev(-1, true) })
	register("pwritev2", func(d *dec) { d.filesWritev(5, true) })
	register("sendfile", decodeSendfile)
	register("splice", func(d *dec) {
		d.add("fd_in", filesFd(d.arg(0)))
		d.add("off_in", d.filesNum64(d.in, d.arg(1), false))
		d.add("fd_out", filesFd(d.arg(2)))
		d.add("off_out", d.filesNum64(d.in, d.arg(3), false))
		d.add("len", Uint(d.arg(4)))
		d.add("flags", d.flags(tables.SpliceFlags, d.arg(5), "SPLICE_F_???"))
	})
	register("vmsplice", func(d *dec) {
		d.add("fd", filesFd(d.arg(0)))
		d.add("iov", d.filesIov(d.in, d.arg(1), d.arg(2), -1, false))
		d.add("nr_segs", Uint(d.arg(2)))
		d.add("flags", d.flags(tables.SpliceFlags, d.arg(3), "SPLICE_F_???"))
	})
	register("copy_file_range", func(d *dec) {
		d.add("fd_in", filesFd(d.arg(0)))
		d.add("off_in", d.filesNum64(d.in, d.arg(1), false))
		d.add("fd_out", filesFd(d.arg(2)))
		d.add("off_out", d.filesNum64(d.in, d.arg(3), false))
		d.add("len", Uint(d.arg(4)))
		d.add("flags", Uint(uint32(d.arg(5))))
	})

	// Opening and closing.
	registerIn("open", func(d *dec) { d.open(0) })
	registerIn("openat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.open(1)
	})
	register("openat2", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.add("pathname", d.path(d.arg(1)))
		d.add("how", d.filesOpenHow(d.arg(2), d.arg(3)))
		d.add("size", Uint(d.arg(3)))
	})
	register("pipe", func(d *dec) {
		d.split()
		d.add("pipefd", d.filesPair(d.arg(0)))
	})
	register("pipe2", func(d *dec) {
		d.split()
		d.add("pipefd", d.filesPair(d.arg(0)))
		d.add("flags", d.flags(tables.OpenModeFlags, d.arg(1), "O_???"))
	})
	register("memfd_create", decodeMemfdCreate)
	register("inotify_init", func(d *dec) {})
	register("fanotify_init", func(d *dec) {
		const classBits = 0xc
		flags := uint32(d.arg(0))
		v := Seq{enumOf(tables.FanClasses, uint64(flags&classBits), "FAN_CLASS_???")}
		if rest := flags &^ classBits; rest != 0 {
			v = append(v, Sym("|"), flagsOf(tables.FanInitFlags, uint64(rest), "FAN_???"))
		}
		d.add("flags", v)
		d.add("event_f_flags", OpenFlags(uint64(uint32(d.arg(1)))))
	})
	register("fanotify_mark", func(d *dec) {
		d.add("fanotify_fd", filesFd(d.arg(0)))
		d.add("flags", d.flags(tables.FanMarkFlags, d.arg(1), "FAN_MARK_???"))
		d.add("mask", d.flags(tables.FanEventFlags, d.arg(2), "FAN_???"))
		if int32(d.arg(3)) == -1 {
			d.add("dirfd", Sym("FAN_NOFD"))
		} else {
			d.add("dirfd", dirfd(d.arg(3)))
		}
		d.add("pathname", d.path(d.arg(4)))
	})
	register("name_to_handle_at", decodeNameToHandleAt)
	register("open_by_handle_at", func(d *dec) {
		d.add("mount_fd", filesFd(d.arg(0)))
		addr := d.arg(1)
		if b, v := d.bytesIn(addr, 8); b == nil {
			d.add("handle", v)
		} else {
			n := le32(b)
			d.add("handle", &Struct{Fields: []Field{
				{"handle_bytes", Uint(n)},
				{"handle_type", Int(int32(le32(b[4:])))},
				{"f_handle", d.filesHandleBytes(d.in, addr, n)},
			}})
		}
		d.add("flags", OpenFlags(uint64(uint32(d.arg(2)))))
	})

	// Descriptor control.
	register("fcntl", decodeFcntl)
	register("ioctl", decodeIoctl)

	// Metadata.
	register("statx", decodeStatx)
	register("statfs", func(d *dec) {
		d.add("pathname", d.path(d.arg(0)))
		d.split()
		d.add("buf", d.structOut(d.arg(1), sysent.SizeStatfs, statfsValue))
	})
	register("fstatfs", func(d *dec) {
		d.add("fd", filesFd(d.arg(0)))
		d.split()
		d.add("buf", d.structOut(d.arg(1), sysent.SizeStatfs, statfsValue))
	})
	register("getdents64", func(d *dec) { d.filesGetdents(true) })
	register("getdents", func(d *dec) { d.filesGetdents(false) })
	register("lchown", func(d *dec) { d.filesChown(false) })
	register("fchown", func(d *dec) { d.filesChown(true) })
	register("utimensat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.add("pathname", d.path(d.arg(1)))
		d.add("times", d.filesTimePair(d.arg(2), true))
		d.add("flags", d.flags(tables.AtFlags, d.arg(3), "AT_???"))
	})
	register("futimesat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.add("pathname", d.path(d.arg(1)))
		d.add("times", d.filesTimePair(d.arg(2), false))
	})
	register("utimes", func(d *dec) {
		d.add("filename", d.path(d.arg(0)))
		d.add("times", d.filesTimePair(d.arg(1), false))
	})
	register("utime", func(d *dec) {
		d.add("filename", d.path(d.arg(0)))
		b, v := d.bytesIn(d.arg(1), 16)
		if b != nil {
			a, m := int64(le64(b)), int64(le64(b[8:]))
			v = &Struct{Fields: []Field{
				{"actime", Commented{Int(a), TimeComment(a, 0)}},
				{"modtime", Commented{Int(m), TimeComment(m, 0)}},
			}}
		}
		d.add("times", v)
	})

	// Names in directories.
	register("mkdirat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.add("pathname", d.path(d.arg(1)))
		d.add("mode", filesUmode(d.arg(2)))
	})
	register("mknod", func(d *dec) { d.filesMknod(0) })
	register("mknodat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.filesMknod(1)
	})
	register("getcwd", func(d *dec) {
		d.split()
		var v Value
		if d.exit {
			v = d.filesCwd(d.arg(0))
		}
		d.add("buf", v)
		d.add("size", Uint(d.arg(1)))
	})

	// Extended attributes.
	register("getxattr", func(d *dec) { d.filesGetxattr(false) })
	register("fgetxattr", func(d *dec) { d.filesGetxattr(true) })
	register("setxattr", func(d *dec) { d.filesSetxattr(false) })
}

// filesFd shows a descriptor argument.
func filesFd(v uint64) Value { return Fd(int32(v)) }

// retFd shows a returned descriptor as strace's RVAL_FD: a descriptor
// when it fits an int, else the number.
func retFd(r int64) Value {
	if r >= 0 && r <= 1<<31-1 {
		return Fd(int32(r))
	}
	return Int(r)
}

// filesUmode shows a mode_t argument as strace's print_numeric_umode_t,
// which keeps 16 bits.
func filesUmode(v uint64) Value { return Oct(uint16(v)) }

// filesID shows a uid or gid: -1 as such, others unsigned.
func filesID(v uint64) Value {
	if uint32(v) == 0xffffffff {
		return Int(-1)
	}
	return Uint(uint32(v))
}

// filesFlagsND is printflags with no default: a zero that has no name is
// shown as nothing, unknown bits in hexadecimal with no comment.
func filesFlagsND(x *tables.Xlat, v uint64) Value {
	if v == 0 {
		return flagsNDZero(x)
	}
	return flagsOf(x, v, "")
}

// flagsND is filesFlagsND with the FlagSet taken from the call's slab.
func (d *dec) flagsND(x *tables.Xlat, v uint64) Value {
	if v == 0 {
		return flagsNDZero(x)
	}
	return d.flags(x, v, "")
}

// flagsNDZero is filesFlagsND of zero.
func flagsNDZero(x *tables.Xlat) Value {
	if i := x.Index(0); i >= 0 {
		return symOf(x, i)
	}
	return Sym("")
}

// openAccessModes holds the names of open's access modes by value, nil
// for a value without one.
var openAccessModes = func() (m [4]Value) {
	for i := range m {
		if n, ok := tables.OpenAccessModes.Lookup(uint64(i)); ok {
			m[i] = Sym(n)
		}
	}
	return m
}()

// OpenFlags shows open(2) flags: the access mode, then the other flags.
func OpenFlags(v uint64) Value { return openFlagsInto(new(FlagSet), v) }

// openFlagsInto is OpenFlags filling f, a zero FlagSet.
func openFlagsInto(f *FlagSet, v uint64) *FlagSet {
	whole := v
	prefix := openAccessModes[v&3]
	if prefix != nil {
		v &^= 3
	}
	if v != 0 {
		flagsInto(tables.OpenModeFlags, f, v, "")
	}
	f.Prefix, f.Dflt = prefix, "O_???"
	f.Val, f.HasVal = whole, true
	return f
}

const (
	oCreat   = 0o100
	oTmpfile = 0o20000000
)

func (d *dec) open(i int) {
	d.add("pathname", d.path(d.arg(i)))
	flags := d.arg(i + 1)
	d.add("flags", openFlagsInto(d.newFlagSet(), uint64(uint32(flags))))
	if flags&(oCreat|oTmpfile) != 0 {
		d.add("mode", filesUmode(d.arg(i+2)))
	}
}

// filesNum64 shows a pointer to a 64-bit integer: [N], NULL or the
// address. out selects the memory read at exit.
func (d *dec) filesNum64(m Mem, addr uint64, out bool) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if out && d.failed {
		return Addr(addr)
	}
	b, ok := m.Bytes(addr, 8)
	if !ok {
		return Addr(addr)
	}
	return &Array{Elems: []Value{Int(int64(le64(b)))}}
}

// filesNum32 shows a pointer to an int as [N] (printnum_int).
func (d *dec) filesNum32(m Mem, addr uint64, out bool) Value {
	if addr != 0 && out && d.failed {
		return Addr(addr)
	}
	return numAt(m, addr, signed32)
}

func (d *dec) filesReadv(flagsArg int, offset bool) {
	d.add("fd", filesFd(d.arg(0)))
	d.split()
	var iov Value
	if d.exit {
		iov = d.filesIov(d.out, d.arg(1), d.arg(2), d.ret, d.failed)
	}
	d.add("iov", iov)
	d.add("iovcnt", Uint(d.arg(2)))
	if offset {
		d.add("offset", Int(int64(d.arg(3))))
	}
	if flagsArg >= 0 {
		d.add("flags", d.flags(tables.RwfFlags, d.arg(flagsArg), "RWF_???"))
	}
}

func (d *dec) filesWritev(flagsArg int, offset bool) {
	d.add("fd", filesFd(d.arg(0)))
	d.add("iov", d.filesIov(d.in, d.arg(1), d.arg(2), -1, false))
	d.add("iovcnt", Uint(d.arg(2)))
	if offset {
		d.add("offset", Int(int64(d.arg(3))))
	}
	if flagsArg >= 0 {
		d.add("flags", d.flags(tables.RwfFlags, d.arg(flagsArg), "RWF_???"))
	}
}

// filesIov shows an iovec array of cnt elements, as strace's tprint_iov_upto:
// each element's data up to size bytes in all (-1: no limit), or only its
// address (addrOnly).
func (d *dec) filesIov(m Mem, addr, cnt uint64, size int64, addrOnly bool) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if cnt == 0 {
		return &Array{}
	}
	if cnt > (^uint64(0))/16 || addr+cnt*16 <= addr {
		return Addr(addr)
	}
	left := uint64(size)
	a := &Array{}
	for i := uint64(0); i < cnt; i++ {
		cur := addr + 16*i
		b, ok := m.Bytes(cur, 16)
		if !ok {
			if i == 0 {
				return Addr(addr)
			}
			a.Elems = append(a.Elems, Sym("... /* "+hexStr(cur)+" */"))
			return a
		}
		if !d.o.Verbose && i >= uint64(d.o.StrLimit) {
			a.More = true
			return a
		}
		base, l := le64(b), le64(b[8:])
		n := l
		if n > left {
			n = left
		}
		if size >= 0 {
			left -= n
		}
		var data Value
		if addrOnly {
			data = Addr(base)
		} else {
			data = d.filesBuf(m, base, n)
		}
		a.Elems = append(a.Elems, &Struct{Fields: []Field{{"iov_base", data}, {"iov_len", Uint(l)}}})
	}
	return a
}

// filesBuf is d.buf for buffers that may share their address with another
// captured buffer (iovec elements): any capture covering the bytes shown
// will do.
func (d *dec) filesBuf(m Mem, addr, n uint64) Value {
	need := min(n, uint64(d.o.StrLimit)+1)
	if addr != 0 && need > 0 {
		if b, ok := m.Bytes(addr, int(need)); ok {
			return &Str{B: b, Kind: StrBuf, Len: n, Avail: len(b), Addr: addr}
		}
	}
	return d.buf(m, addr, n)
}

func decodeSendfile(d *dec) {
	d.add("out_fd", filesFd(d.arg(0)))
	d.add("in_fd", filesFd(d.arg(1)))
	addr := d.arg(2)
	before := d.filesNum64(d.in, addr, false)
	if _, ok := before.(*Array); !ok {
		d.add("offset", before)
		d.add("count", Uint(d.arg(3)))
		return
	}
	// strace prints "[N]" at entry and " => [M]" at exit; the value is
	// kept whole in the exit part so that the line reads the same.
	d.split()
	if d.exit && !d.failed && d.ret != 0 {
		d.add("offset", Changed{before, d.filesNum64(d.out, addr, true)})
	} else {
		d.add("offset", before)
	}
	d.add("count", Uint(d.arg(3)))
}

// filesPair shows the two descriptors pipe stored.
func (d *dec) filesPair(addr uint64) Value {
	if !d.exit {
		return nil
	}
	b, v := d.bytesOut(addr, 8)
	if b == nil {
		return v
	}
	return &Array{Elems: []Value{Fd(int32(le32(b))), Fd(int32(le32(b[4:])))}}
}

func decodeMemfdCreate(d *dec) {
	d.add("name", d.cstr(d.arg(0)))
	flags := uint32(d.arg(1))
	if flags == 0 {
		d.add("flags", Hex(0))
		return
	}
	const hugeMask = 0x3f << 26
	huge := flags & hugeMask
	flags &^= hugeMask
	var v Seq
	if flags != 0 || huge == 0 {
		v = append(v, flagsOf(tables.MemfdCreateFlags, uint64(flags), "MFD_???"))
	}
	if huge != 0 {
		if flags != 0 {
			v = append(v, Sym("|"))
		}
		v = append(v, Sym(strconv.FormatUint(uint64(huge>>26), 10)+"<<MFD_HUGE_SHIFT"))
	}
	d.add("flags", v)
}

// filesHandleBytes shows the f_handle bytes of a struct file_handle at
// addr, n of them, in hexadecimal.
func (d *dec) filesHandleBytes(m Mem, addr uint64, n uint32) Value {
	l := min(n, 128)
	b, ok := m.Bytes(addr+8, int(l))
	if addr+8 <= 8 || !ok {
		return Sym("???")
	}
	return &filesQstr{b: b, forceHex: true, more: n > l}
}

func decodeNameToHandleAt(d *dec) {
	d.add("dirfd", dirfd(d.arg(0)))
	d.add("pathname", d.path(d.arg(1)))
	addr := d.arg(2)
	hb, v := d.bytesIn(addr, 8)
	if hb == nil {
		d.add("handle", v)
		d.add("mount_id", Addr(d.arg(3)))
		d.add("flags", d.flags(tables.NameToHandleAtFlags, d.arg(4), "AT_???"))
		return
	}
	// strace prints "{handle_bytes=N" at entry and the rest at exit; the
	// structure is kept whole in the exit part so that the line reads the
	// same.
	d.split()
	if !d.exit {
		d.add("handle", nil)
		d.add("mount_id", nil)
		d.add("flags", nil)
		return
	}
	before := le32(hb)
	s := &Struct{Fields: []Field{{"handle_bytes", Uint(before)}}}
	const eoverflow = 75
	if !d.failed || d.ret == -eoverflow {
		if ob, ok := d.out.Bytes(addr, 8); ok {
			if after := le32(ob); after != before {
				s.Fields[0].V = Changed{Uint(before), Uint(after)}
			}
			if !d.failed {
				s.Fields = append(s.Fields,
					Field{"handle_type", Int(int32(le32(ob[4:])))},
					Field{"f_handle", d.filesHandleBytes(d.out, addr, le32(ob))})
			}
		}
	}
	d.add("handle", s)
	d.add("mount_id", d.filesNum32(d.out, d.arg(3), true))
	d.add("flags", d.flags(tables.NameToHandleAtFlags, d.arg(4), "AT_???"))
}

// filesOpenHow shows openat2's struct open_how.
func (d *dec) filesOpenHow(addr, size uint64) Value {
	const minSize = 24
	if size < minSize {
		return Addr(addr)
	}
	b, v := d.bytesIn(addr, minSize)
	if b == nil {
		return v
	}
	flags, mode, resolve := le64(b), le64(b[8:]), le64(b[16:])
	s := &Struct{Fields: []Field{{"flags", OpenFlags(flags)}}}
	if flags&(oCreat|oTmpfile) != 0 || mode != 0 {
		s.Fields = append(s.Fields, Field{"mode", Oct(mode)})
	}
	s.Fields = append(s.Fields, Field{"resolve", flagsOf(tables.OpenResolveFlags, resolve, "RESOLVE_???")})
	if size > minSize {
		total := min(size, 4096)
		extra, ok := d.in.Bytes(addr+minSize, int(total-minSize))
		switch {
		case !ok:
			s.Fields = append(s.Fields, Field{"", Sym("???")})
		case !filesAllZero(extra):
			shown := extra
			if len(shown) > d.o.StrLimit {
				shown = shown[:d.o.StrLimit]
			}
			s.Fields = append(s.Fields, Field{"", Seq{
				Sym("/* bytes " + strconv.FormatUint(minSize, 10) + ".." + strconv.FormatUint(total-1, 10) + " */ "),
				&filesQstr{b: shown, forceHex: true, more: len(extra) > len(shown)},
			}})
		}
	}
	return s
}

func filesAllZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func decodeStatx(d *dec) {
	const syncType = 0x6000
	if !d.wanted() {
		// The printer's exit decoding: shown at entry.
		d.skip("dirfd", "pathname", "flags", "mask")
	} else {
		d.add("dirfd", dirfd(d.arg(0)))
		d.add("pathname", d.path(d.arg(1)))
		flags := uint32(d.arg(2))
		fv := append(d.newSeq(3), d.flagsND(tables.AtStatxSyncTypes, uint64(flags&syncType)))
		if rest := flags &^ syncType; rest != 0 {
			fv = append(fv, Sym("|"), d.flagsND(tables.AtFlags, uint64(rest)))
		}
		d.add("flags", d.seqV(fv))
		d.add("mask", d.flags(tables.StatxMasks, d.arg(3), "STATX_???"))
	}
	d.split()
	d.add("statxbuf", d.structOut(d.arg(4), sysent.SizeStatx, func(b []byte) Value { return statxValue(d, b) }))
}

func (d *dec) filesGetdents(is64 bool) {
	d.add("fd", filesFd(d.arg(0)))
	d.split()
	var v Value
	if d.exit {
		addr, count := d.arg(1), uint64(uint32(d.arg(2)))
		if d.failed || uint64(d.ret) > count {
			v = Addr(addr)
		} else {
			v = d.filesDents(addr, uint64(d.ret), is64)
		}
	}
	d.add("dirp", v)
	d.add("count", d.uintV(uint64(uint32(d.arg(2)))))
}

// filesDents shows the directory entries getdents returned: their count,
// or each entry with -v.
func (d *dec) filesDents(addr, n uint64, is64 bool) Value {
	hdr := uint64(19) // offsetof(struct linux_dirent64, d_name)
	if !is64 {
		hdr = 18 // offsetof(struct linux_dirent, d_name)
	}
	count := 0
	var a *Array // the entries shown with -v
	if d.o.Verbose {
		a = &Array{}
	}
	var notes Seq // abbreviated: comments on bad record lengths
	for {
		if n < hdr {
			if d.o.Verbose && n != 0 {
				var v Value = Addr(addr)
				if b, ok := d.out.Bytes(addr, int(n)); ok {
					q := &filesQstr{b: b, forceHex: true}
					if len(b) > d.o.StrLimit {
						q.b, q.more = b[:d.o.StrLimit], true
					}
					v = q
				}
				if count == 0 {
					return v
				}
				a.Elems = append(a.Elems, v)
			}
			break
		}
		h, ok := d.out.Bytes(addr, int(hdr))
		if !ok {
			if d.o.Verbose {
				if count == 0 {
					return Addr(addr)
				}
				a.Elems = append(a.Elems, Sym("... /* "+hexStr(addr)+" */"))
			}
			break
		}
		count++
		ino, off, reclen := le64(h), le64(h[8:]), uint64(le16(h[16:]))
		var next uint64
		nextLen := uint64(0)
		var reclenV Value = Uint(reclen)
		note := ""
		switch {
		case reclen > n:
			note = strconv.FormatUint(reclen-n, 10) + " bytes overflow"
			reclen = n
		case reclen < hdr:
			note = strconv.FormatUint(hdr-reclen, 10) + " bytes underflow"
			reclen = hdr
			nextLen = n - hdr
		default:
			nextLen = n - reclen
			if nextLen != 0 {
				next = addr + reclen
			}
		}
		if note != "" {
			if d.o.Verbose {
				reclenV = Commented{reclenV, note}
			} else {
				notes = append(notes, Sym(" /* d_reclen "+note+" */"))
			}
		}
		n = nextLen
		if d.o.Verbose {
			s := &Struct{Fields: []Field{{"d_ino", Uint(ino)}, {"d_off", Uint(off)}, {"d_reclen", reclenV}}}
			nameLen := reclen - hdr
			if is64 {
				s.Fields = append(s.Fields, Field{"d_type", enumOf(tables.DirentTypes, uint64(h[18]), "DT_???")})
				if nameLen > 0 {
					s.Fields = append(s.Fields, Field{"d_name", d.filesDname(addr+hdr, nameLen)})
				}
			} else if nameLen > 0 {
				// struct linux_dirent: the name, then the type in the
				// record's last byte.
				if nameLen-1 > 0 {
					s.Fields = append(s.Fields, Field{"d_name", d.filesDname(addr+hdr, nameLen-1)})
				}
				var typ Value
				ta := addr + hdr + nameLen - 1
				if tb, ok := d.out.Bytes(ta, 1); ok {
					typ = enumOf(tables.DirentTypes, uint64(tb[0]), "DT_???")
				} else {
					typ = Addr(ta)
				}
				s.Fields = append(s.Fields, Field{"d_type", typ})
			}
			a.Elems = append(a.Elems, s)
		}
		if next == 0 {
			break
		}
		addr = next
	}
	if d.o.Verbose {
		return a
	}
	seq := append(d.newSeq(1+len(notes)), d.addrV(d.arg(1)))
	return d.commentedV(d.seqV(append(seq, notes...)), direntsComment(count, n != 0))
}

// direntComments are the comments of the counts of entries most
// getdents calls return, made once.
var direntComments = func() (t [64]string) {
	for i := range t {
		t[i] = strconv.Itoa(i) + " entries"
	}
	return t
}()

// direntsComment is the comment on count directory entries: "16
// entries", or "16+ entries" when bytes were left after the last (more).
func direntsComment(count int, more bool) string {
	if !more && count < len(direntComments) {
		return direntComments[count]
	}
	var buf [32]byte
	c := strconv.AppendInt(buf[:0], int64(count), 10)
	if more {
		c = append(c, '+')
	}
	return string(append(c, " entries"...))
}

// filesDname shows a d_name of at most n bytes (printpathn with n-1).
func (d *dec) filesDname(addr, n uint64) Value {
	if n > 256 {
		n = 256
	}
	b, ok := d.out.Bytes(addr, int(n))
	if !ok {
		return Addr(addr)
	}
	for i, c := range b {
		if c == 0 {
			return &Str{B: b[:i], Kind: StrPath, Term: true}
		}
	}
	return &Str{B: b[:n-1], Kind: StrPath}
}

func (d *dec) filesChown(isFd bool) {
	if isFd {
		d.add("fd", filesFd(d.arg(0)))
	} else {
		d.add("pathname", d.path(d.arg(0)))
	}
	d.add("owner", filesID(d.arg(1)))
	d.add("group", filesID(d.arg(2)))
}

func (d *dec) filesMknod(i int) {
	mode := uint16(d.arg(i + 1))
	d.add("pathname", d.path(d.arg(i)))
	d.add("mode", d.modeV(uint32(mode)))
	switch mode & 0o170000 {
	case 0o020000, 0o060000:
		d.add("dev", Makedev(uint64(uint32(d.arg(i+2)))))
	}
}

// filesTimePair shows utimensat's (nsec) or utimes' (usec) two times.
func (d *dec) filesTimePair(addr uint64, nsec bool) Value {
	b, v := d.bytesIn(addr, 32)
	if b == nil {
		return v
	}
	const utimeNow, utimeOmit = 1<<30 - 1, 1<<30 - 2
	a := &Array{}
	for i := 0; i < 2; i++ {
		sec, frac := int64(le64(b[16*i:])), le64(b[16*i+8:])
		if nsec {
			switch frac {
			case utimeNow:
				a.Elems = append(a.Elems, Sym("UTIME_NOW"))
				continue
			case utimeOmit:
				a.Elems = append(a.Elems, Sym("UTIME_OMIT"))
				continue
			}
			a.Elems = append(a.Elems, Commented{&Struct{Fields: []Field{{"tv_sec", Int(sec)}, {"tv_nsec", Uint(frac)}}},
				TimeComment(sec, frac)})
		} else {
			a.Elems = append(a.Elems, Commented{&Struct{Fields: []Field{{"tv_sec", Int(sec)}, {"tv_usec", Uint(frac)}}},
				filesTimeCommentUsec(sec, frac)})
		}
	}
	return a
}

// filesCwd shows the path getcwd stored (printpathn of ret-1 bytes).
func (d *dec) filesCwd(addr uint64) Value {
	if d.failed {
		return Addr(addr)
	}
	if addr == 0 {
		return Sym("NULL")
	}
	n := uint64(d.ret) - 1
	if n > sysent.DefaultPathMax-1 {
		n = sysent.DefaultPathMax - 1
	}
	s, term, ok := d.out.String(addr)
	if !ok {
		return Addr(addr)
	}
	if term {
		if uint64(len(s)) > n {
			return &Str{B: s[:n], Kind: StrPath}
		}
		return &Str{B: s, Kind: StrPath, Term: true}
	}
	if uint64(len(s)) < n+1 {
		return Addr(addr)
	}
	return &Str{B: s[:n], Kind: StrPath}
}

func (d *dec) filesGetxattr(isFd bool) {
	if isFd {
		d.add("fd", filesFd(d.arg(0)))
	} else {
		d.add("pathname", d.path(d.arg(0)))
	}
	d.add("name", d.cstr(d.arg(1)))
	d.split()
	var v Value
	if d.exit {
		v = d.filesXattrVal(d.out, d.arg(2), uint64(d.ret))
	}
	d.add("value", v)
	d.add("size", Uint(d.arg(3)))
}

func (d *dec) filesSetxattr(isFd bool) {
	if isFd {
		d.add("fd", filesFd(d.arg(0)))
	} else {
		d.add("pathname", d.path(d.arg(0)))
	}
	d.add("name", d.cstr(d.arg(1)))
	d.add("value", d.filesXattrVal(d.in, d.arg(2), d.arg(3)))
	d.add("size", Uint(d.arg(3)))
	d.add("flags", d.flags(tables.Xattrflags, d.arg(4), "XATTR_???"))
}

// filesXattrVal shows an attribute value of size bytes, a trailing NUL
// left out.
func (d *dec) filesXattrVal(m Mem, addr, size uint64) Value {
	const xattrSizeMax = 65536
	if size > xattrSizeMax {
		return Addr(addr)
	}
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Avail(addr)
	need := min(size, uint64(d.o.StrLimit)+1)
	if !ok || uint64(len(b)) < need {
		if !ok && size == 0 {
			return &filesQstr{}
		}
		return Addr(addr)
	}
	b = b[:need]
	more := false
	if size > uint64(d.o.StrLimit) {
		b, more = b[:d.o.StrLimit], true
	}
	return &filesQstr{b: b, omitTrailing0: true, more: more}
}

// filesQstr is a string shown with strace's less common quoting styles:
// all in hexadecimal (QUOTE_FORCE_HEX), or with a trailing NUL left out
// (QUOTE_OMIT_TRAILING_0).
type filesQstr struct {
	b             []byte
	forceHex      bool
	omitTrailing0 bool
	more          bool // "..." follows
}

func (v *filesQstr) render(b *textBuf, o *Options) {
	s := v.b
	hex := 0
	switch {
	case v.forceHex || o.Hex == 2:
		hex = 2
	case o.Hex == HexChars:
		hex = HexChars
	case o.Hex == 1:
		for _, c := range s {
			if c > 0x7e || (c < ' ' && (c < 9 || c > 13)) {
				hex = 2
				break
			}
		}
	}
	if hex == 0 && v.omitTrailing0 && len(s) > 0 && s[len(s)-1] == 0 {
		s = s[:len(s)-1]
	}
	quoteString(b, s, hex, false)
	if v.more {
		b.WriteString("...")
	}
}

func (v *filesQstr) appendJSON(b []byte, o *Options) []byte {
	s := v.b
	if !v.forceHex && v.omitTrailing0 && len(s) > 0 && s[len(s)-1] == 0 {
		s = s[:len(s)-1]
	}
	return appendBytesJSON(b, s, v.more, -1)
}

// fcntl commands.
const (
	fDupfd        = 0
	fGetfd        = 1
	fSetfd        = 2
	fGetfl        = 3
	fSetfl        = 4
	fGetlk        = 5
	fSetlk        = 6
	fSetlkw       = 7
	fSetown       = 8
	fGetown       = 9
	fSetsig       = 10
	fGetsig       = 11
	fSetownEx     = 15
	fGetownEx     = 16
	fOfdGetlk     = 36
	fOfdSetlk     = 37
	fOfdSetlkw    = 38
	fSetlease     = 1024
	fGetlease     = 1025
	fNotify       = 1026
	fDupfdCloexec = 1030
	fSetpipeSz    = 1031
	fGetpipeSz    = 1032
	fAddSeals     = 1033
	fGetSeals     = 1034
)

func decodeFcntl(d *dec) {
	d.add("fd", filesFd(d.arg(0)))
	d.add("cmd", enumOf(tables.Fcntlcmds, d.arg(1), "F_???"))
	arg := d.arg(2)
	ok := d.ok()
	switch uint32(d.arg(1)) {
	case fSetfd:
		d.add("arg", d.flags(tables.Fdflags, arg, "FD_???"))
	case fSetown:
		d.add("arg", Int(int32(arg)))
	case fSetpipeSz:
		d.add("arg", Int(int64(arg)))
	case fDupfd, fDupfdCloexec:
		d.add("arg", Int(int64(arg)))
		d.retFmt = retFd
	case fSetfl:
		d.add("arg", OpenFlags(uint64(uint32(arg))))
	case fSetlk, fSetlkw, fOfdSetlk, fOfdSetlkw:
		b, v := d.bytesIn(arg, sysent.SizeFlock)
		if b != nil {
			v = flockValue(b, false)
		}
		d.add("arg", v)
	case fSetownEx:
		b, v := d.bytesIn(arg, 8)
		if b != nil {
			v = fOwnerExValue(b)
		}
		d.add("arg", v)
	case fNotify:
		d.add("arg", d.flags(tables.Notifyflags, arg, "DN_???"))
	case fSetlease:
		d.add("arg", enumOf(tables.Lockfcmds, arg, "F_???"))
	case fAddSeals:
		d.add("arg", d.flags(tables.FSeals, arg, "F_SEAL_???"))
	case fSetsig:
		d.add("arg", sigValue(int64(int32(arg))))
	case fGetown, fGetpipeSz:
	case fGetfd:
		if ok && d.ret != 0 {
			d.retFmt = func(r int64) Value { return Hex(uint64(r)) }
			d.c.Ret.Aux = d.filesSprintflags("flags ", tables.Fdflags, uint64(d.ret))
		}
	case fGetfl:
		if ok {
			d.retFmt = func(r int64) Value { return Hex(uint64(r)) }
			// strace shows these by name whatever -X says; a program
			// asks for the same flags again and again, so the text of
			// the last value is kept.
			if !d.getfl.ok || d.getfl.ret != d.ret {
				o := Options{Style: StyleAbbrev}
				d.getfl.ret, d.getfl.text, d.getfl.ok = d.ret, "flags "+Render(OpenFlags(uint64(d.ret)), &o), true
			}
			d.c.Ret.Aux = d.getfl.text
		}
	case fGetlk, fOfdGetlk:
		d.split()
		d.add("arg", d.structOut(arg, sysent.SizeFlock, func(b []byte) Value { return flockValue(b, true) }))
	case fGetownEx:
		d.split()
		d.add("arg", d.structOut(arg, 8, fOwnerExValue))
	case fGetlease:
		if ok {
			d.retFmt = func(r int64) Value { return Hex(uint64(r)) }
			if n, found := tables.Lockfcmds.Lookup(uint64(d.ret)); found {
				d.c.Ret.Aux = n
			}
		}
	case fGetSeals:
		if ok && d.ret != 0 {
			d.retFmt = func(r int64) Value { return Hex(uint64(r)) }
			d.c.Ret.Aux = d.filesSprintflags("seals ", tables.FSeals, uint64(d.ret))
		}
	case fGetsig:
		if ok && d.ret != 0 {
			d.c.Ret.Aux = SignalName(int(d.ret))
		}
	default:
		d.add("arg", Hex(arg))
	}
}

// filesSprintflags is strace's sprintflags: prefix, then the flag names
// joined by "|", then unknown bits in hexadecimal.
func (d *dec) filesSprintflags(prefix string, x *tables.Xlat, v uint64) string {
	f := d.flags(x, v, "")
	var buf [128]byte
	b := append(buf[:0], prefix...)
	if d.o.Style != StyleAbbrev {
		// -X raw: the number; -X verbose: the number, then the names
		// in a comment.
		b = append(b, hexStr(v)...)
		if d.o.Style == StyleRaw || len(f.Names) == 0 {
			return string(b)
		}
		b = append(b, " /* "...)
	}
	for i, n := range f.Names {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, n...)
	}
	if f.Rest != 0 {
		if len(f.Names) > 0 {
			b = append(b, '|')
		}
		b = append(b, "0x"...)
		b = strconv.AppendUint(b, f.Rest, 16)
	}
	if d.o.Style == StyleVerbose {
		b = append(b, " */"...)
	}
	return string(b)
}

// ioctl request number fields.
func iocDir(c uint32) uint32  { return c >> 30 }
func iocType(c uint32) uint32 { return (c >> 8) & 0xff }
func iocNr(c uint32) uint32   { return c & 0xff }
func iocSize(c uint32) uint32 { return (c >> 16) & 0x3fff }

// IoctlRequest shows an ioctl request as strace does: its names (joined by
// " or " when several share the number), or _IOC(dir, type, nr, size).
func IoctlRequest(code uint32) Value {
	var parts []string
	if s := ioctlSpecialName(code); s != "" {
		parts = append(parts, s)
	}
	parts = append(parts, tables.IoctlNames(code)...)
	// -X raw shows the number, -X verbose the number and the name.
	if len(parts) > 0 {
		return Named{V: Hex(code), Name: strings.Join(parts, " or ")}
	}
	dir := Render(flagsOf(tables.IoctlDirs, uint64(iocDir(code)), "_IOC_???"), DefaultOptions())
	return Named{V: Hex(code), Name: "_IOC(" + dir + ", " + hexStr(uint64(iocType(code))) + ", " +
		hexStr(uint64(iocNr(code))) + ", " + hexStr(uint64(iocSize(code))) + ")"}
}

// ioctlSpecialName names the requests strace recognizes by their fields
// rather than by number (ioctl_decode_command_number).
func ioctlSpecialName(code uint32) string {
	const rd, wr = 2, 1
	dir, nr, size := iocDir(code), iocNr(code), iocSize(code)
	u := func(n uint32) string { return strconv.FormatUint(uint64(n), 10) }
	switch iocType(code) {
	case '!':
		if code == 2<<30|8<<16|'!'<<8|2 {
			return "SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR"
		}
	case 'H':
		if dir == rd {
			switch nr {
			case 0x04:
				return "HIDIOCGRAWNAME(" + u(size) + ")"
			case 0x05:
				return "HIDIOCGRAWPHYS(" + u(size) + ")"
			case 0x06:
				return "HIDIOCSFEATURE(" + u(size) + ")"
			case 0x08:
				return "HIDIOCGRAWUNIQ(" + u(size) + ")"
			case 0x12:
				return "HIDIOCGPHYS(" + u(size) + ")"
			}
		} else if dir == rd|wr {
			switch nr {
			case 0x06:
				return "HIDIOCSFEATURE(" + u(size) + ")"
			case 0x07:
				return "HIDIOCGFEATURE(" + u(size) + ")"
			}
		}
	case 'M':
		switch dir {
		case wr:
			return "MIXER_WRITE(" + u(nr) + ")"
		case rd:
			return "MIXER_READ(" + u(nr) + ")"
		}
	case 'U':
		if dir == rd && nr == 0x2c {
			return "UI_GET_SYSNAME(" + u(size) + ")"
		}
	case 'j':
		if dir == rd && nr == 0x13 {
			return "JSIOCGNAME(" + u(size) + ")"
		}
	case 'k':
		if dir == wr && nr == 0 {
			return "SPI_IOC_MESSAGE(" + u(size) + ")"
		}
	}
	return ""
}

// Terminal ioctls without a memory argument.
const (
	tcsbrk      = 0x5409
	tcxonc      = 0x540a
	tcflsh      = 0x540b
	tiocexcl    = 0x540c
	tiocnxcl    = 0x540d
	tiocsctty   = 0x540e
	tioccons    = 0x541d
	tiocsserial = 0x541f
	tiocnotty   = 0x5422
	tcsbrkp     = 0x5425
	tiocsbrk    = 0x5427
	tioccbrk    = 0x5428
	tiocvhangup = 0x5437
	fionclex    = 0x5450
	fioclex     = 0x5451
)

func decodeIoctl(d *dec) {
	code := uint32(d.arg(1))
	arg := d.arg(2)
	d.add("fd", filesFd(d.arg(0)))
	d.add("request", IoctlRequest(code))
	switch iocType(code) {
	case 'T':
		if d.filesTermIoctl(code, arg) {
			return
		}
	case 0x94:
		label := func(b []byte) Value {
			for i, c := range b {
				if c == 0 {
					return &Str{B: b[:i], Kind: StrPath, Term: true}
				}
			}
			return &Str{B: b[:len(b)-1], Kind: StrPath}
		}
		switch code {
		case sysent.FICLONE:
			d.add("arg", Int(int32(arg)))
			return
		case sysent.FICLONERANGE:
			b, v := d.bytesIn(arg, 32)
			if b != nil {
				v = &Struct{Fields: []Field{
					{"src_fd", Fd(int32(le64(b)))},
					{"src_offset", Uint(le64(b[8:]))},
					{"src_length", Uint(le64(b[16:]))},
					{"dest_offset", Uint(le64(b[24:]))},
				}}
			}
			d.add("arg", v)
			return
		case sysent.FS_IOC_GETFSLABEL:
			d.split()
			d.add("arg", d.structOut(arg, sysent.FSLabelMax, label))
			return
		case sysent.FS_IOC_SETFSLABEL:
			b, v := d.bytesIn(arg, sysent.FSLabelMax)
			if b != nil {
				v = label(b)
			}
			d.add("arg", v)
			return
		}
	case 'X':
		if code == sysent.FIFREEZE || code == sysent.FITHAW {
			return
		}
	case 0xb7:
		if d.filesNsfsIoctl(code, arg) {
			return
		}
	case 0xae:
		if d.kvmIoctl(code, arg) {
			return
		}
	case 'f':
		flags := func(b []byte) Value {
			return &Array{Elems: []Value{flagsOf(tables.FsIocFlags, uint64(le32(b)), "FS_???_FL")}}
		}
		switch code {
		case sysent.FS_IOC_GETFLAGS, sysent.FS_IOC32_GETFLAGS:
			d.split()
			d.add("arg", d.structOut(arg, 4, flags))
			return
		case sysent.FS_IOC_SETFLAGS, sysent.FS_IOC32_SETFLAGS:
			b, v := d.bytesIn(arg, 4)
			if b != nil {
				v = flags(b)
			}
			d.add("arg", v)
			return
		}
	}
	d.add("arg", Hex(arg))
}

// Namespace file ioctls (linux/nsfs.h).
const (
	nsGetUserns   = 0xb701
	nsGetParent   = 0xb702
	nsGetNstype   = 0xb703
	nsGetOwnerUID = 0xb704
)

// filesNsfsIoctl decodes an ioctl on a namespace file as strace's
// nsfs_ioctl, and reports whether it knew the request. The argument is
// not shown but for NS_GET_OWNER_UID, whose uid strace shows at exit.
func (d *dec) filesNsfsIoctl(code uint32, arg uint64) bool {
	switch code {
	case nsGetUserns, nsGetParent:
		d.retFmt = retFd
	case nsGetNstype:
		if d.ok() {
			if n, ok := tables.SetnsTypes.Lookup(uint64(d.ret)); ok {
				d.c.Ret.Aux = n
			}
		}
	case nsGetOwnerUID:
		// strace prints the separator at exit, with the uid.
		d.split()
		if !d.exit {
			return true
		}
		d.add("", nil)
		d.add("arg", d.structOut(arg, 4, func(b []byte) Value {
			return &Array{Elems: []Value{filesID(uint64(le32(b)))}}
		}))
	default:
		return false
	}
	return true
}

// filesTermIoctl decodes the argument of a terminal ioctl as strace's
// term_ioctl, and reports whether it knew the request.
func (d *dec) filesTermIoctl(code uint32, arg uint64) bool {
	// get shows a structure the call fills in, at exit.
	get := func(n int, f func(b []byte) Value) {
		d.split()
		d.add("arg", d.structOut(arg, n, f))
	}
	// set shows a structure read at entry.
	set := func(n int, f func(b []byte) Value) {
		b, v := d.bytesIn(arg, n)
		if b != nil {
			v = f(b)
		}
		d.add("arg", v)
	}
	termios := func(b []byte) Value { return termiosValue(b, 1, d.o.Verbose) }
	termios2 := func(b []byte) Value { return termiosValue(b, 2, d.o.Verbose) }
	termio := func(b []byte) Value { return termiosValue(b, 0, d.o.Verbose) }
	num := func(b []byte) Value { return &Array{Elems: []Value{Int(int32(le32(b)))}} }
	modem := func(b []byte) Value {
		return &Array{Elems: []Value{flagsOf(tables.ModemFlags, uint64(le32(b)), "TIOCM_???")}}
	}
	switch code {
	case sysent.TCGETS2:
		get(sysent.SizeTermios2, termios2)
	case sysent.TCSETS2, sysent.TCSETSW2, sysent.TCSETSF2:
		set(sysent.SizeTermios2, termios2)
	case sysent.TCGETS, sysent.TIOCGLCKTRMIOS:
		get(sysent.SizeTermios, termios)
	case sysent.TCSETS, sysent.TCSETSW, sysent.TCSETSF, sysent.TIOCSLCKTRMIOS:
		set(sysent.SizeTermios, termios)
	case sysent.TCGETA:
		get(sysent.SizeTermio, termio)
	case sysent.TCSETA, sysent.TCSETAW, sysent.TCSETAF:
		set(sysent.SizeTermio, termio)
	case sysent.TIOCGWINSZ:
		get(sysent.SizeWinsize, winsizeValue)
	case sysent.TIOCSWINSZ:
		set(sysent.SizeWinsize, winsizeValue)
	case tcxonc:
		d.add("arg", enumOf(tables.TcxoncOptions, arg, "TC???"))
	case tcflsh:
		d.add("arg", enumOf(tables.TcflshOptions, arg, "TC???"))
	case tcsbrk, tcsbrkp, tiocsctty:
		d.add("arg", Int(int32(arg)))
	case sysent.TIOCMGET:
		get(4, modem)
	case sysent.TIOCMBIS, sysent.TIOCMBIC, sysent.TIOCMSET:
		set(4, modem)
	case sysent.TIOCGPGRP, sysent.TIOCGSID, sysent.TIOCGETD, sysent.TIOCGSOFTCAR,
		sysent.TIOCGPTN, sysent.FIONREAD, sysent.TIOCOUTQ, sysent.TIOCGEXCL, sysent.TIOCGDEV:
		get(4, num)
	case sysent.TIOCSPGRP, sysent.TIOCSETD, sysent.FIONBIO, sysent.FIOASYNC, sysent.TIOCPKT,
		sysent.TIOCSSOFTCAR, sysent.TIOCSPTLCK:
		set(4, num)
	case sysent.TIOCSTI:
		d.add("arg", d.buf(d.in, arg, 1))
	case tiocsbrk, tioccbrk, tioccons, tiocnotty, tiocexcl, tiocnxcl, fioclex, fionclex,
		tiocvhangup, tiocsserial:
	default:
		return false
	}
	return true
}
