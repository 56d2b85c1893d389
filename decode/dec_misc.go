package decode

import (
	"strconv"

	"mytrace/format"
	"mytrace/sysent"
	"mytrace/tables"
)

// Decoders for administration and security syscalls (mounts, reboot,
// modules, kexec, syslog, ioprio, quotas, keys, the new mount API,
// landlock, process_vm_*), following strace 6.1's output. ptrace, perf,
// io_uring and bpf are in structs_misc.go.

func init() {
	register("mount", decodeMount)
	register("swapon", decodeSwapon)
	register("reboot", decodeReboot)
	register("sethostname", decodeSethostname)
	register("setdomainname", decodeSethostname)
	register("kexec_load", decodeKexecLoad)
	register("kexec_file_load", decodeKexecFileLoad)
	register("syslog", decodeSyslog)
	register("ioprio_get", decodeIoprioGet)
	register("ioprio_set", decodeIoprioSet)
	register("lookup_dcookie", decodeLookupDcookie)
	register("fsconfig", decodeFsconfig)
	register("mount_setattr", decodeMountSetattr)
	register("landlock_create_ruleset", decodeLandlockCreateRuleset)
	register("landlock_add_rule", decodeLandlockAddRule)
	register("process_vm_readv", decodeProcessVMReadv)
	register("process_vm_writev", decodeProcessVMWritev)
	register("quotactl", func(d *dec) { decodeQuotactl(d, false) })
	register("quotactl_fd", func(d *dec) { decodeQuotactl(d, true) })
	register("add_key", decodeAddKey)
	register("request_key", decodeRequestKey)
	register("keyctl", decodeKeyctl)
}

// String quoting styles (strace's QUOTE_* flags).
const (
	qZeroTerm   = 1     // QUOTE_0_TERMINATED
	qOmitTrail0 = 8     // QUOTE_OMIT_TRAILING_0
	qForceHex   = 0x100 // QUOTE_FORCE_HEX
)

// miscQuote is strace's string_quote: it writes the first size bytes of s
// quoted and reports whether the string was not seen to end (no NUL
// within size bytes nor, for NUL-terminated strings, right after them).
// s may hold one byte more than size, the byte strace looks ahead at.
func miscQuote(b textWriter, s []byte, size int, style int, xhex int) bool {
	if size > len(s) {
		size = len(s)
	}
	term := style&qZeroTerm != 0
	if style&qForceHex != 0 {
		xhex = 2
	}
	end := size // bytes before the NUL that ends a NUL-terminated string
	ended := false
	if term {
		for i := 0; i < size; i++ {
			if s[i] == 0 {
				end, ended = i, true
				break
			}
		}
	}
	body := s[:end]
	usehex := xhex == 2
	if xhex == 1 {
		for _, c := range body {
			if c > 0x7e || (c < ' ' && (c < 9 || c > 13)) {
				usehex = true
				break
			}
		}
	}
	if !usehex && !ended && style&qOmitTrail0 != 0 && end > 0 && body[end-1] == 0 {
		body, ended = body[:end-1], true
	}
	hex := 0
	if usehex {
		hex = 2
	} else if xhex == HexChars {
		hex = HexChars
	}
	tb, ok := b.(*textBuf)
	if !ok {
		tb = new(textBuf)
	}
	tb.WriteByte('"')
	quoteBytes(tb, body, hex, "")
	tb.WriteByte('"')
	if !ok {
		b.WriteString(tb.String())
	}
	if ended {
		return false
	}
	if term && size < len(s) && s[size] == 0 {
		return false
	}
	return true
}

// miscPstr is a string read with strace's printstr_ex: at most -s bytes of
// a buffer of n bytes (or of a NUL-terminated string of at most n bytes).
type miscPstr struct {
	addr  uint64
	data  []byte // the bytes captured at addr
	read  bool   // a capture was made (false: show the address)
	fault bool   // data stops at memory that could not be read
	term  bool   // string captures: a NUL follows data
	n     uint64 // the length argument
	style int
}

func (v *miscPstr) render(b *textBuf, o *Options) {
	if v.addr == 0 {
		b.WriteString("NULL")
		return
	}
	lim := uint64(o.StrLimit)
	size := min(v.n, lim+1)
	data := v.data
	if !v.read {
		Addr(v.addr).render(b, o)
		return
	}
	if v.style&qZeroTerm != 0 {
		if v.term && uint64(len(data)) < size {
			data = append(data[:len(data):len(data)], 0)
		} else if uint64(len(data)) < size && v.fault {
			Addr(v.addr).render(b, o)
			return
		}
	} else if uint64(len(data)) < size && v.fault {
		Addr(v.addr).render(b, o)
		return
	}
	if uint64(len(data)) > size {
		data = data[:size]
	}
	sz := size
	if sz > lim {
		sz = lim
	} else if uint64(len(data)) > sz {
		data = data[:sz]
	}
	more := miscQuote(b, data, int(min(sz, uint64(len(data)))), v.style, o.Hex)
	if more && v.n != 0 && (v.style&qZeroTerm != 0 || v.n > lim) {
		b.WriteString("...")
	}
}

func (v *miscPstr) appendJSON(b []byte, o *Options) []byte {
	return appendTextJSON(b, renderPlain(v, o))
}

// pstr shows the string at addr of length n captured in m as strace's
// printstr_ex with style.
func (d *dec) pstr(m Mem, addr, n uint64, style int) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	v := &miscPstr{addr: addr, n: n, style: style}
	if n == 0 {
		// Nothing to read: strace shows "".
		v.read = true
		return v
	}
	if style&qZeroTerm != 0 {
		if r := m.stringRegion(addr); r != nil {
			v.read = r.Flags&format.MemPeeked == 0
			v.data = r.Data
			v.term = r.Flags&format.MemTerminated != 0
			v.fault = r.Flags&(format.MemFault|format.MemPartial) != 0
		}
		return v
	}
	if r, ok := m.Region(addr); ok {
		v.read = r.Flags&format.MemPeeked == 0
		v.data = r.Data
		v.fault = uint64(len(r.Data)) < r.Len
	}
	return v
}

// miscCstr is a character array shown as strace's print_quoted_cstring:
// at most size-1 characters, "..." when no NUL ends them.
type miscCstr struct {
	b    []byte
	size int
}

func (v miscCstr) render(b *textBuf, o *Options) {
	size := v.size
	if size > 0 {
		size--
	}
	if miscQuote(b, v.b, size, qZeroTerm, o.Hex) {
		b.WriteString("...")
	}
}

func (v miscCstr) appendJSON(b []byte, o *Options) []byte {
	return appendTextJSON(b, renderPlain(v, o))
}

// miscHexBytes is bytes shown whole in hexadecimal escapes.
type miscHexBytes []byte

func (v miscHexBytes) render(b *textBuf, o *Options) {
	b.WriteByte('"')
	quoteBytes(b, v, 2, "")
	b.WriteByte('"')
}

func (v miscHexBytes) appendJSON(b []byte, o *Options) []byte {
	return appendBytesJSON(b, v, false, -1)
}

// miscUID shows a user or group id: -1, or the number.
func miscUID(v uint32) Value {
	if v == ^uint32(0) {
		return Int(-1)
	}
	return Uint(v)
}

// miscLocalArray shows elements of an array already in hand, cut after -s
// elements unless -v, as strace's print_local_array.
func (d *dec) miscLocalArray(elems []Value) Value {
	a := &Array{}
	for i, e := range elems {
		if !d.o.Verbose && i >= d.o.StrLimit {
			a.More = true
			break
		}
		a.Elems = append(a.Elems, e)
	}
	return a
}

// miscHexArray32 shows 32-bit words in hexadecimal as a local array.
func (d *dec) miscHexArray32(b []byte) Value {
	var el []Value
	for i := 0; i+4 <= len(b); i += 4 {
		el = append(el, Hex(le32(b[i:])))
	}
	return d.miscLocalArray(el)
}

func miscAllZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// miscOut shows memory written by the call at addr: the address when the
// call failed (strace's umove_or_printaddr at exit), else what show says.
func (d *dec) miscOut(addr uint64, size int, show func(b []byte) Value) Value {
	b, v := d.bytesOut(addr, size)
	if v != nil {
		return v
	}
	return show(b)
}

func field(name string, v Value) Field { return Field{Name: name, V: v} }

func decodeMount(d *dec) {
	const msMgcVal, msMgcMsk = 0xc0ed0000, 0xffff0000
	const msRemount, msBind, msMove = 0x20, 0x1000, 0x2000
	const msPropagation = 0x20000 | 0x40000 | 0x80000 | 0x100000
	flags := d.arg(3)
	magic := false
	if flags&msMgcMsk == msMgcVal {
		flags &^= msMgcMsk
		magic = true
	}
	ignoreType, ignoreData := false, false
	if flags&msRemount != 0 {
		ignoreType = true
	} else if flags&(msBind|msMove|msPropagation) != 0 {
		ignoreType, ignoreData = true, true
	}
	d.add("source", d.path(d.arg(0)))
	d.add("target", d.path(d.arg(1)))
	if ignoreType {
		d.add("filesystemtype", Addr(d.arg(2)))
	} else {
		d.add("filesystemtype", d.cstr(d.arg(2)))
	}
	var fv Value = flagsOf(tables.MountFlags, flags, "MS_???")
	switch {
	case magic && flags == 0:
		fv = Sym("MS_MGC_VAL")
	case magic:
		fv = Seq{Sym("MS_MGC_VAL|"), fv}
	}
	d.add("mountflags", fv)
	if ignoreData {
		d.add("data", Addr(d.arg(4)))
	} else {
		d.add("data", d.cstr(d.arg(4)))
	}
}

func decodeSwapon(d *dec) {
	const prioMask = 0x7fff
	flags := uint32(d.arg(1))
	prio := flags & prioMask
	flags &^= prioMask
	d.add("pathname", d.path(d.arg(0)))
	if flags != 0 {
		d.add("swapflags", Seq{d.flags(tables.SwapFlags, uint64(flags), "SWAP_FLAG_???"), Sym("|"), Uint(prio)})
	} else {
		d.add("swapflags", Uint(prio))
	}
}

func decodeReboot(d *dec) {
	const cmdRestart2 = 0xa1b2c3d4
	cmd := uint32(d.arg(2))
	d.add("magic", enumOf(tables.Bootflags1, uint64(uint32(d.arg(0))), "LINUX_REBOOT_MAGIC_???"))
	d.add("magic2", enumOf(tables.Bootflags2, uint64(uint32(d.arg(1))), "LINUX_REBOOT_MAGIC_???"))
	d.add("cmd", enumOf(tables.Bootflags3, uint64(cmd), "LINUX_REBOOT_CMD_???"))
	if cmd == cmdRestart2 {
		d.add("arg", d.pstr(d.in, d.arg(3), 255, qZeroTerm))
	}
}

func decodeSethostname(d *dec) {
	n := uint32(d.arg(1))
	if n > 64 {
		d.add("name", Addr(d.arg(0)))
	} else {
		d.add("name", d.buf(d.in, d.arg(0), uint64(n)))
	}
	d.add("len", Uint(n))
}

func decodeKexecLoad(d *dec) {
	const archMask = 0xffff0000
	n := d.arg(1)
	d.add("entry", Addr(d.arg(0)))
	d.add("nr_segments", Uint(n))
	if n > 16 {
		d.add("segments", Addr(d.arg(2)))
	} else {
		d.add("segments", d.array(d.in, d.arg(2), n, 32, func(b []byte) Value {
			return &Struct{Fields: []Field{
				field("buf", Addr(le64(b))), field("bufsz", Uint(le64(b[8:]))),
				field("mem", Addr(le64(b[16:]))), field("memsz", Uint(le64(b[24:]))),
			}}
		}))
	}
	flags := d.arg(3)
	arch := enumOf(tables.KexecArchValues, flags&archMask, "KEXEC_ARCH_???")
	if rest := flags &^ archMask; rest != 0 {
		d.add("flags", Seq{arch, Sym("|"), d.flags(tables.KexecLoadFlags, rest, "KEXEC_???")})
	} else {
		d.add("flags", arch)
	}
}

func decodeKexecFileLoad(d *dec) {
	d.add("kernel_fd", Fd(int32(d.arg(0))))
	d.add("initrd_fd", Fd(int32(d.arg(1))))
	d.add("cmdline_len", Uint(d.arg(2)))
	d.add("cmdline", d.buf(d.in, d.arg(3), d.arg(2)))
	d.add("flags", d.flags(tables.KexecFileLoadFlags, d.arg(4), "KEXEC_FILE_???"))
}

// miscVerboseXval is an xlat value shown in strace's verbose style:
// "2 /* NAME */", or "2 /* DFLT */" for a value without a name.
func miscVerboseXval(x *tables.Xlat, v int64, dflt string) Value {
	if n, ok := x.Lookup(uint64(v)); ok {
		return Commented{V: Int(v), C: n}
	}
	return Commented{V: Int(v), C: dflt}
}

func decodeSyslog(d *dec) {
	typ := int32(d.arg(0))
	n := int32(d.arg(2))
	d.add("type", miscVerboseXval(tables.SyslogActionType, int64(typ), "SYSLOG_ACTION_???"))
	switch typ {
	case 0, 1, 5, 6, 7, 9, 10:
		return
	case 2, 3, 4:
		d.split()
		d.pending()
		if !d.exit {
			return
		}
		d.add("bufp", d.orAddr(d.arg(1), func() Value { return d.buf(d.out, d.arg(1), uint64(d.ret)) }))
		d.add("len", Int(n))
	case 8:
		d.add("bufp", Addr(d.arg(1)))
		d.add("len", miscVerboseXval(tables.SyslogConsoleLevels, int64(n), "LOGLEVEL_???"))
	default:
		d.add("bufp", Addr(d.arg(1)))
		d.add("len", Int(n))
	}
}

// miscIoprio is strace's sprint_ioprio: IOPRIO_PRIO_VALUE(class, data).
func miscIoprio(v uint32) string {
	class := v >> 13
	data := v & (1<<13 - 1)
	cs := ""
	if n, ok := tables.IoprioClass.Lookup(uint64(class)); ok {
		cs = n
	} else {
		cs = hexStr(uint64(class)) + " /* IOPRIO_CLASS_??? */"
	}
	return "IOPRIO_PRIO_VALUE(" + cs + ", " + strconv.Itoa(int(int32(data))) + ")"
}

func (d *dec) miscIoprioWho() {
	d.add("which", enumOf(tables.IoprioWho, uint64(uint32(d.arg(0))), "IOPRIO_WHO_???"))
	d.add("who", Int(d.int(1)))
}

func decodeIoprioGet(d *dec) {
	d.miscIoprioWho()
	if d.ok() {
		d.c.Ret.Aux = miscIoprio(uint32(d.ret))
	}
}

func decodeIoprioSet(d *dec) {
	d.miscIoprioWho()
	d.add("ioprio", Sym(miscIoprio(uint32(d.arg(2)))))
}

func decodeLookupDcookie(d *dec) {
	d.split()
	if !d.exit {
		return
	}
	d.add("cookie", Uint(d.arg(0)))
	d.add("buffer", d.orAddr(d.arg(1), func() Value { return d.buf(d.out, d.arg(1), uint64(d.ret)) }))
	d.add("len", Uint(d.arg(2)))
}

func decodeFsconfig(d *dec) {
	cmd := uint32(d.arg(1))
	key, val := d.arg(2), d.arg(3)
	aux := int32(d.arg(4))
	d.add("fd", Fd(int32(d.arg(0))))
	d.add("cmd", enumOf(tables.FsconfigCmds, uint64(cmd), "FSCONFIG_???"))
	if cmd <= 5 {
		d.add("key", d.pstr(d.in, key, 256, qZeroTerm))
	} else {
		d.add("key", Addr(key))
	}
	switch {
	case cmd == 1:
		d.add("value", d.pstr(d.in, val, 256, qZeroTerm))
	case cmd == 3 || cmd == 4:
		d.add("value", d.path(val))
	case cmd == 2 && aux >= 0 && aux <= 1<<20:
		d.add("value", d.pstr(d.in, val, uint64(aux), qForceHex))
	default:
		d.add("value", Addr(val))
	}
	switch cmd {
	case 3, 4:
		d.add("aux", dirfd(uint64(uint32(aux))))
	case 5:
		d.add("aux", Fd(aux))
	default:
		d.add("aux", Int(aux))
	}
}

// miscNonzeroBytes is strace's print_nonzero_bytes: the bytes of a
// structure past the part it knows, when any is not zero. It returns nil
// when all are zero.
func (d *dec) miscNonzeroBytes(m Mem, addr uint64, start, total uint64) Value {
	if start >= total {
		return nil
	}
	n := total - start
	b, ok := m.Bytes(addr+start, int(n))
	if !ok {
		return Sym("???")
	}
	if miscAllZero(b) {
		return nil
	}
	size := min(n, uint64(d.o.StrLimit))
	s := Seq{Sym("/* bytes " + strconv.FormatUint(start, 10) + ".." + strconv.FormatUint(total-1, 10) + " */ "),
		miscHexBytes(b[:size])}
	if size < n {
		s = append(s, Sym("..."))
	}
	return s
}

func decodeMountSetattr(d *dec) {
	const attrIdmap = 0x100000
	addr, size := d.arg(3), d.arg(4)
	d.add("dirfd", dirfd(d.arg(0)))
	d.add("pathname", d.path(d.arg(1)))
	d.add("flags", d.flags(tables.MountSetattrFlags, uint64(uint32(d.arg(2))), "AT_???"))
	var av Value
	if size < 32 {
		av = Addr(addr)
	} else {
		av = d.structIn(addr, 32, func(b []byte) Value {
			set, clr := le64(b), le64(b[8:])
			userns := le64(b[24:])
			s := &Struct{Fields: []Field{
				field("attr_set", flagsOf(tables.MountAttrAttr, set, "MOUNT_ATTR_???")),
				field("attr_clr", flagsOf(tables.MountAttrAttr, clr, "MOUNT_ATTR_???")),
				field("propagation", enumOf(tables.MountAttrPropagation, le64(b[16:]), "MS_???")),
			}}
			if userns > 1<<31-1 || (set|clr)&attrIdmap == 0 {
				s.Fields = append(s.Fields, field("userns_fd", Uint(userns)))
			} else {
				s.Fields = append(s.Fields, field("userns_fd", Fd(int32(userns))))
			}
			if size > 32 {
				if v := d.miscNonzeroBytes(d.in, addr, 32, min(size, sysent.PageSize)); v != nil {
					s.Fields = append(s.Fields, Field{V: v})
				}
			}
			return s
		})
	}
	d.add("uattr", av)
	d.add("usize", Uint(size))
	// strace shows the result as a descriptor (with -y, "0</dev/null>").
	d.retFmt = func(r int64) Value { return Fd(int32(r)) }
}

func decodeLandlockCreateRuleset(d *dec) {
	const versionFlag = 1
	addr, size := d.arg(0), d.arg(1)
	flags := uint32(d.arg(2))
	if size < 8 {
		d.add("attr", Addr(addr))
	} else {
		d.add("attr", d.structIn(addr, 8, func(b []byte) Value {
			s := &Struct{Fields: []Field{field("handled_access_fs",
				flagsOf(tables.LandlockRulesetAccessFs, le64(b), "LANDLOCK_ACCESS_FS_???"))}}
			s.More = size > 8
			return s
		}))
	}
	d.add("size", Uint(size))
	d.add("flags", d.flags(tables.LandlockCreateRulesetFlags, uint64(flags), "LANDLOCK_CREATE_RULESET_???"))
	if flags&versionFlag != 0 {
		d.retFmt = func(r int64) Value { return Int(r) }
	} else {
		d.retFmt = func(r int64) Value { return Fd(int32(r)) }
	}
}

func decodeLandlockAddRule(d *dec) {
	typ := uint32(d.arg(1))
	d.add("ruleset_fd", Fd(int32(d.arg(0))))
	d.add("rule_type", enumOf(tables.LandlockRuleTypes, uint64(typ), "LANDLOCK_RULE_???"))
	if typ == 1 {
		d.add("rule_attr", d.structIn(d.arg(2), 12, func(b []byte) Value {
			return &Struct{Fields: []Field{
				field("allowed_access", flagsOf(tables.LandlockRulesetAccessFs, le64(b), "LANDLOCK_ACCESS_FS_???")),
				field("parent_fd", Fd(int32(le32(b[8:])))),
			}}
		}))
	} else {
		d.add("rule_attr", Addr(d.arg(2)))
	}
	d.add("flags", Hex(uint64(uint32(d.arg(3)))))
}

func decodeProcessVMReadv(d *dec) {
	d.add("pid", d.pidArg(0))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	if d.failed {
		d.add("local_iov", d.filesIov(d.out, d.arg(1), d.arg(2), -1, true))
	} else {
		d.add("local_iov", d.filesIov(d.out, d.arg(1), d.arg(2), d.ret, false))
	}
	d.add("liovcnt", Uint(d.arg(2)))
	d.add("remote_iov", d.filesIov(d.out, d.arg(3), d.arg(4), -1, true))
	d.add("riovcnt", Uint(d.arg(4)))
	d.add("flags", Uint(d.arg(5)))
}

func decodeProcessVMWritev(d *dec) {
	d.add("pid", d.pidArg(0))
	d.add("local_iov", d.filesIov(d.in, d.arg(1), d.arg(2), -1, false))
	d.add("liovcnt", Uint(d.arg(2)))
	d.add("remote_iov", d.filesIov(d.in, d.arg(3), d.arg(4), -1, true))
	d.add("riovcnt", Uint(d.arg(4)))
	d.add("flags", Uint(d.arg(5)))
}

// miscQcmd is strace's print_qcmd: QCMD(Q_GETQUOTA, USRQUOTA).
func miscQcmd(q uint32) Value {
	cmd, typ := uint64(q>>8), uint64(q&0xff)
	cs, ts := "", ""
	if n, ok := tables.Quotacmds.Lookup(cmd); ok {
		cs = n
	} else {
		cs = hexStr(cmd) + " /* Q_??? */"
	}
	if n, ok := tables.Quotatypes.Lookup(typ); ok {
		ts = n
	} else {
		ts = hexStr(typ) + " /* ???QUOTA */"
	}
	return Sym("QCMD(" + cs + ", " + ts + ")")
}

func miscDqblk(b []byte, verbose, next bool) Value {
	s := &Struct{}
	for i, n := range []string{"dqb_bhardlimit", "dqb_bsoftlimit", "dqb_curspace", "dqb_ihardlimit",
		"dqb_isoftlimit", "dqb_curinodes"} {
		s.Fields = append(s.Fields, field(n, Uint(le64(b[8*i:]))))
	}
	if verbose {
		s.Fields = append(s.Fields, field("dqb_btime", Uint(le64(b[48:]))), field("dqb_itime", Uint(le64(b[56:]))),
			field("dqb_valid", flagsOf(tables.IfDqblkValid, uint64(le32(b[64:])), "QIF_???")))
		if next {
			s.Fields = append(s.Fields, field("dqb_id", Uint(le32(b[68:]))))
		}
	} else {
		if next {
			s.Fields = append(s.Fields, field("dqb_id", Uint(le32(b[68:]))))
		}
		s.More = true
	}
	return s
}

func miscFsDiskQuota(b []byte, verbose bool) Value {
	s := &Struct{Fields: []Field{
		field("d_version", Int(int8(b[0]))),
		field("d_flags", flagsOf(tables.XfsDqblkFlags, uint64(b[1]), "FS_???_QUOTA")),
		field("d_fieldmask", Hex(le16(b[2:]))),
		field("d_id", Uint(le32(b[4:]))),
	}}
	for i, n := range []string{"d_blk_hardlimit", "d_blk_softlimit", "d_ino_hardlimit", "d_ino_softlimit",
		"d_bcount", "d_icount"} {
		s.Fields = append(s.Fields, field(n, Uint(le64(b[8+8*i:]))))
	}
	if !verbose {
		s.More = true
		return s
	}
	s.Fields = append(s.Fields,
		field("d_itimer", Int(int32(le32(b[56:])))),
		field("d_btimer", Int(int32(le32(b[60:])))),
		field("d_iwarns", Uint(le16(b[64:]))),
		field("d_bwarns", Uint(le16(b[66:]))),
		field("d_rtb_hardlimit", Uint(le64(b[72:]))),
		field("d_rtb_softlimit", Uint(le64(b[80:]))),
		field("d_rtbcount", Uint(le64(b[88:]))),
		field("d_rtbtimer", Int(int32(le32(b[96:])))),
		field("d_rtbwarns", Uint(le16(b[100:]))),
	)
	return s
}

func miscDqinfo(b []byte) Value {
	return &Struct{Fields: []Field{
		field("dqi_bgrace", Uint(le64(b))),
		field("dqi_igrace", Uint(le64(b[8:]))),
		field("dqi_flags", flagsOf(tables.IfDqinfoFlags, uint64(le32(b[16:])), "DQF_???")),
		field("dqi_valid", flagsOf(tables.IfDqinfoValid, uint64(le32(b[20:])), "IIF_???")),
	}}
}

func miscQfilestat(b []byte) Value {
	return &Struct{Fields: []Field{
		field("qfs_ino", Uint(le64(b))),
		field("qfs_nblks", Uint(le64(b[8:]))),
		field("qfs_nextents", Uint(le32(b[16:]))),
	}}
}

func miscQuotaStat(b []byte, verbose bool) Value {
	s := &Struct{Fields: []Field{field("qs_version", Int(int8(b[0])))}}
	if !verbose {
		s.More = true
		return s
	}
	s.Fields = append(s.Fields,
		field("qs_flags", flagsOf(tables.XfsQuotaFlags, uint64(le16(b[2:])), "FS_QUOTA_???")),
		field("qs_uquota", miscQfilestat(b[8:])),
		field("qs_gquota", miscQfilestat(b[32:])),
		field("qs_incoredqs", Uint(le32(b[56:]))),
		field("qs_btimelimit", Int(int32(le32(b[60:])))),
		field("qs_itimelimit", Int(int32(le32(b[64:])))),
		field("qs_rtbtimelimit", Int(int32(le32(b[68:])))),
		field("qs_bwarnlimit", Uint(le16(b[72:]))),
		field("qs_iwarnlimit", Uint(le16(b[74:]))),
	)
	return s
}

func miscQuotaStatv(b []byte, verbose bool) Value {
	s := &Struct{Fields: []Field{field("qs_version", Int(int8(b[0])))}}
	if !verbose {
		s.More = true
		return s
	}
	s.Fields = append(s.Fields,
		field("qs_flags", flagsOf(tables.XfsQuotaFlags, uint64(le16(b[2:])), "FS_QUOTA_???")),
		field("qs_incoredqs", Uint(le32(b[4:]))),
		field("qs_uquota", miscQfilestat(b[8:])),
		field("qs_gquota", miscQfilestat(b[32:])),
		field("qs_pquota", miscQfilestat(b[56:])),
		field("qs_btimelimit", Int(int32(le32(b[80:])))),
		field("qs_itimelimit", Int(int32(le32(b[84:])))),
		field("qs_rtbtimelimit", Int(int32(le32(b[88:])))),
		field("qs_bwarnlimit", Uint(le16(b[92:]))),
		field("qs_iwarnlimit", Uint(le16(b[94:]))),
	)
	return s
}

func decodeQuotactl(d *dec, isFd bool) {
	var qcmd uint32
	if isFd {
		qcmd = uint32(d.arg(1))
		d.add("fd", Fd(int32(d.arg(0))))
		d.add("cmd", miscQcmd(qcmd))
	} else {
		qcmd = uint32(d.arg(0))
		d.add("cmd", miscQcmd(qcmd))
		d.add("special", d.path(d.arg(1)))
	}
	cmd := qcmd >> 8
	id := uint32(d.arg(2))
	data := d.arg(3)
	v := d.o.Verbose
	atExit := func(name string, size int, show func(b []byte) Value) {
		d.split()
		d.pending()
		if d.exit {
			d.add(name, d.miscOut(data, size, show))
		}
	}
	switch cmd {
	case 0x800003, 0x800001, 0x5807: // Q_QUOTAOFF, Q_SYNC, Q_XQUOTASYNC
	case 0x800002: // Q_QUOTAON
		d.add("id", enumOf(tables.QuotaFormats, uint64(id), "QFMT_VFS_???"))
		d.add("addr", d.path(data))
	case 0x800007: // Q_GETQUOTA
		d.add("id", miscUID(id))
		atExit("addr", 68, func(b []byte) Value { return miscDqblk(b, v, false) })
	case 0x800008: // Q_SETQUOTA
		d.add("id", miscUID(id))
		d.add("addr", d.structIn(data, 68, func(b []byte) Value { return miscDqblk(b, v, false) }))
	case 0x800009: // Q_GETNEXTQUOTA
		d.add("id", miscUID(id))
		atExit("addr", 72, func(b []byte) Value { return miscDqblk(b, v, true) })
	case 0x5803, 0x5809: // Q_XGETQUOTA, Q_XGETNEXTQUOTA
		d.add("id", miscUID(id))
		atExit("addr", 112, func(b []byte) Value { return miscFsDiskQuota(b, v) })
	case 0x5804: // Q_XSETQLIM
		d.add("id", miscUID(id))
		d.add("addr", d.structIn(data, 112, func(b []byte) Value { return miscFsDiskQuota(b, v) }))
	case 0x800004: // Q_GETFMT
		atExit("addr", 4, func(b []byte) Value {
			return &Array{Elems: []Value{enumOf(tables.QuotaFormats, uint64(le32(b)), "QFMT_VFS_???")}}
		})
	case 0x800005: // Q_GETINFO
		atExit("addr", 24, miscDqinfo)
	case 0x800006: // Q_SETINFO
		d.add("addr", d.structIn(data, 24, miscDqinfo))
	case 0x5805: // Q_XGETQSTAT
		atExit("addr", 80, func(b []byte) Value { return miscQuotaStat(b, v) })
	case 0x5808: // Q_XGETQSTATV
		atExit("addr", 160, func(b []byte) Value { return miscQuotaStatv(b, v) })
	case 0x5801, 0x5802: // Q_XQUOTAON, Q_XQUOTAOFF
		d.add("addr", d.structIn(data, 4, func(b []byte) Value {
			return &Array{Elems: []Value{flagsOf(tables.XfsQuotaFlags, uint64(le32(b)), "FS_QUOTA_???")}}
		}))
	case 0x5806: // Q_XQUOTARM
		d.add("addr", d.structIn(data, 4, func(b []byte) Value {
			return &Array{Elems: []Value{flagsOf(tables.XfsDqblkFlags, uint64(le32(b)), "FS_???_QUOTA")}}
		}))
	default:
		d.add("id", miscUID(id))
		d.add("addr", Addr(data))
	}
}

// miscKeySerial is strace's print_keyring_serial_number: a KEY_SPEC_*
// name, or the number.
func miscKeySerial(v uint64) Value {
	id := int64(int32(v))
	if n, ok := tables.KeySpec.Lookup(uint64(id)); ok {
		return Sym(n)
	}
	return Int(id)
}

func decodeAddKey(d *dec) {
	d.add("type", d.cstr(d.arg(0)))
	d.add("description", d.cstr(d.arg(1)))
	d.add("payload", d.buf(d.in, d.arg(2), d.arg(3)))
	d.add("plen", Uint(d.arg(3)))
	d.add("keyring", miscKeySerial(d.arg(4)))
}

func decodeRequestKey(d *dec) {
	d.add("type", d.cstr(d.arg(0)))
	d.add("description", d.cstr(d.arg(1)))
	d.add("callout_info", d.cstr(d.arg(2)))
	d.add("dest_keyring", miscKeySerial(d.arg(3)))
}

func decodeKeyctl(d *dec) {
	cmd := int32(d.arg(0))
	a2, a3, a4, a5 := d.arg(1), d.arg(2), d.arg(3), d.arg(4)
	d.add("operation", enumOf(tables.KeyctlCommands, uint64(uint32(cmd)), "KEYCTL_???"))
	key := miscKeySerial
	switch cmd {
	case 0: // KEYCTL_GET_KEYRING_ID
		d.add("id", key(a2))
		d.add("create", Int(int32(a3)))
	case 1: // KEYCTL_JOIN_SESSION_KEYRING
		d.add("name", d.cstr(a2))
	case 2: // KEYCTL_UPDATE
		d.add("id", key(a2))
		d.add("payload", d.buf(d.in, a3, a4))
		d.add("plen", Uint(a4))
	case 3, 7, 21, 16: // REVOKE, CLEAR, INVALIDATE, ASSUME_AUTHORITY
		d.add("id", key(a2))
	case 8, 9: // LINK, UNLINK
		d.add("id1", key(a2))
		d.add("id2", key(a3))
	case 6, 11, 17: // DESCRIBE, READ, GET_SECURITY
		d.add("id", key(a2))
		d.split()
		d.pending()
		if !d.exit {
			return
		}
		if d.failed {
			d.add("buffer", Addr(a3))
		} else {
			n := uint64(d.ret)
			if d.ret >= 0 && n > a4 {
				n = a4
			}
			style := 0
			if cmd != 11 {
				style = qOmitTrail0
			}
			d.add("buffer", d.pstr(d.out, a3, n, style))
		}
		d.add("buflen", Uint(a4))
	case 10: // SEARCH
		d.add("id", key(a2))
		d.add("type", d.cstr(a3))
		d.add("description", d.cstr(a4))
		d.add("dest", key(a5))
	case 4: // CHOWN
		d.add("id", key(a2))
		d.add("uid", miscUID(uint32(a3)))
		d.add("gid", miscUID(uint32(a4)))
	case 5: // SETPERM
		d.add("id", key(a2))
		d.add("perm", d.flags(tables.KeyPerms, uint64(uint32(a3)), "KEY_???"))
	case 12: // INSTANTIATE
		d.add("id", key(a2))
		d.add("payload", d.buf(d.in, a3, a4))
		d.add("plen", Uint(a4))
		d.add("keyring", key(a5))
	case 13: // NEGATE
		d.add("id", key(a2))
		d.add("timeout", Uint(uint32(a3)))
		d.add("keyring", key(a4))
	case 14: // SET_REQKEY_KEYRING
		v := int64(int32(a2))
		if n, ok := tables.KeyReqkeys.Lookup(uint64(v)); ok {
			d.add("reqkey", Sym(n))
		} else {
			d.add("reqkey", Commented{V: Int(v), C: "KEY_REQKEY_DEFL_???"})
		}
	case 15: // SET_TIMEOUT
		d.add("id", key(a2))
		d.add("timeout", Uint(uint32(a3)))
	case 18: // SESSION_TO_PARENT
	case 19: // REJECT
		d.add("id", key(a2))
		d.add("timeout", Uint(uint32(a3)))
		e := uint32(a4)
		if n := ErrnoName(int(e)); n != "" && e != 0 {
			d.add("error", Sym(n))
		} else {
			d.add("error", Uint(e))
		}
		d.add("keyring", key(a5))
	case 20: // INSTANTIATE_IOV
		d.add("id", key(a2))
		d.add("iov", d.filesIov(d.in, a3, a4, -1, false))
		d.add("iovcnt", Uint(a4))
		d.add("keyring", key(a5))
	case 22: // GET_PERSISTENT
		d.add("uid", miscUID(uint32(a2)))
		d.add("id", key(a3))
	case 23: // DH_COMPUTE
		d.add("params", d.structIn(a2, 12, func(b []byte) Value {
			return &Struct{Fields: []Field{
				field("private", key(uint64(le32(b)))),
				field("prime", key(uint64(le32(b[4:])))),
				field("base", key(uint64(le32(b[8:])))),
			}}
		}))
		d.split()
		d.pending()
		if !d.exit {
			return
		}
		if d.failed {
			d.add("buffer", Addr(a3))
		} else {
			n := uint64(d.ret)
			if n > a4 {
				n = a4
			}
			d.add("buffer", d.buf(d.out, a3, n))
		}
		d.add("buflen", Uint(a4))
		d.add("kdf", d.miscKDF(a5))
	case 24: // PKEY_QUERY
		d.add("id", key(a2))
		d.add("reserved", Hex(a3))
		d.add("info", d.cstr(a4))
		d.split()
		d.pending()
		if d.exit {
			d.add("res", d.miscOut(a5, 56, d.miscPkeyQuery))
		}
	case 25, 26, 27, 28: // PKEY_ENCRYPT, _DECRYPT, _SIGN, _VERIFY
		out := cmd != 28
		b, pv := d.bytesIn(a2, 40)
		ok := pv == nil
		if ok {
			pv = d.miscPkeyParams(b, out)
		}
		d.add("params", pv)
		d.add("info", d.cstr(a3))
		if ok {
			d.add("in", d.buf(d.in, a4, uint64(le32(b[4:]))))
		} else {
			d.add("in", Addr(a4))
		}
		if !out || !ok {
			if ok {
				d.add("in2", d.buf(d.in, a5, uint64(le32(b[8:]))))
			} else {
				d.add("in2", Addr(a5))
			}
			return
		}
		d.split()
		d.pending()
		if !d.exit {
			return
		}
		d.add("out", d.orAddr(a5, func() Value { return d.buf(d.out, a5, uint64(le32(b[8:]))) }))
	case 29: // RESTRICT_KEYRING
		d.add("id", key(a2))
		d.add("type", d.cstr(a3))
		d.add("restriction", d.cstr(a4))
	case 30: // MOVE
		d.add("id", key(a2))
		d.add("from", key(a3))
		d.add("to", key(a4))
		d.add("flags", d.flags(tables.KeyctlMoveFlags, uint64(uint32(a5)), "KEYCTL_MOVE_???"))
	case 31: // CAPABILITIES
		d.split()
		d.pending()
		if !d.exit {
			return
		}
		if d.failed {
			d.add("buffer", Addr(a2))
		} else {
			pos := 0
			caps := []struct {
				x    *tables.Xlat
				dflt string
			}{{tables.KeyctlCaps0, "KEYCTL_CAPS0_???"}, {tables.KeyctlCaps1, "KEYCTL_CAPS1_???"}}
			d.add("buffer", d.array(d.out, a2, min(a3, uint64(d.ret)), 1, func(b []byte) Value {
				defer func() { pos++ }()
				if pos < len(caps) {
					return flagsOf(caps[pos].x, uint64(b[0]), caps[pos].dflt)
				}
				return Hex(b[0])
			}))
		}
		d.add("buflen", Uint(a3))
	default:
		d.add("arg2", Hex(a2))
		d.add("arg3", Hex(a3))
		d.add("arg4", Hex(a4))
		d.add("arg5", Hex(a5))
	}
}

func (d *dec) miscKDF(addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := d.out.Bytes(addr, 56)
	if !ok {
		return Addr(addr)
	}
	otherlen := uint64(le32(b[16:]))
	s := &Struct{Fields: []Field{field("hashname", d.cstrIn(d.out, le64(b)))}}
	if otherlen != 0 {
		s.Fields = append(s.Fields, field("otherinfo", d.buf(d.out, le64(b[8:]), otherlen)))
	} else {
		s.Fields = append(s.Fields, field("otherinfo", Addr(le64(b[8:]))))
	}
	s.Fields = append(s.Fields, field("otherinfolen", Uint(otherlen)))
	if !miscAllZero(b[20:52]) {
		s.Fields = append(s.Fields, field("__spare", d.miscHexArray32(b[20:52])))
	}
	return s
}

func (d *dec) miscPkeyQuery(b []byte) Value {
	s := &Struct{Fields: []Field{
		field("supported_ops", flagsOf(tables.KeyctlPkeyOps, uint64(le32(b)), "KEYCTL_SUPPORTS_???")),
		field("key_size", Uint(le32(b[4:]))),
		field("max_data_size", Uint(le16(b[8:]))),
		field("max_sig_size", Uint(le16(b[10:]))),
		field("max_enc_size", Uint(le16(b[12:]))),
		field("max_dec_size", Uint(le16(b[14:]))),
	}}
	if !miscAllZero(b[16:56]) {
		s.Fields = append(s.Fields, field("__spare", d.miscHexArray32(b[16:56])))
	}
	return s
}

func (d *dec) miscPkeyParams(b []byte, out bool) Value {
	s := &Struct{Fields: []Field{
		field("key_id", miscKeySerial(uint64(le32(b)))),
		field("in_len", Uint(le32(b[4:]))),
	}}
	if out {
		s.Fields = append(s.Fields, field("out_len", Uint(le32(b[8:]))))
	} else {
		s.Fields = append(s.Fields, field("in2_len", Uint(le32(b[8:]))))
	}
	if !miscAllZero(b[12:40]) {
		s.Fields = append(s.Fields, field("__spare", d.miscHexArray32(b[12:40])))
	}
	return s
}
