package decode

import (
	"strconv"
	"strings"

	"mytrace/sysent"
	"mytrace/tables"
)

// Decoders for process, credential and signal syscalls, following
// strace 6.1's output.

func init() {
	register("execve", func(d *dec) { d.execve(0) })
	register("execveat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.execve(1)
		d.add("flags", d.flags(tables.AtFlags, uint64(uint32(d.arg(4))), "AT_???"))
	})
	register("rt_sigreturn", decodeRtSigreturn)
	register("arch_prctl", decodeArchPrctl)
	register("rt_sigaction", decodeRtSigaction)
	register("rt_sigprocmask", decodeRtSigprocmask)
	register("rt_sigpending", decodeRtSigpending)
	register("rt_sigsuspend", func(d *dec) {
		d.add("mask", psSigset(d.in, d.arg(0), d.arg(1), sigsetBytes))
		d.add("sigsetsize", Uint(d.arg(1)))
	})
	register("rt_sigtimedwait", decodeRtSigtimedwait)
	register("rt_sigqueueinfo", func(d *dec) {
		d.add("tgid", d.pidArg(0))
		d.add("sig", sigValue(d.int(1)))
		d.add("info", psSiginfoAt(d.in, d.arg(2)))
	})
	register("rt_tgsigqueueinfo", func(d *dec) {
		d.add("tgid", d.pidArg(0))
		d.add("tid", d.pidArg(1))
		d.add("sig", sigValue(d.int(2)))
		d.add("info", psSiginfoAt(d.in, d.arg(3)))
	})
	register("pidfd_send_signal", func(d *dec) {
		d.add("pidfd", Fd(d.int(0)))
		d.add("sig", sigValue(d.int(1)))
		d.add("info", psSiginfoAt(d.in, d.arg(2)))
		d.add("flags", Hex(uint64(uint32(d.arg(3)))))
	})
	register("signalfd", func(d *dec) { decodeSignalfd(d, false) })
	register("signalfd4", func(d *dec) { decodeSignalfd(d, true) })
	register("sigaltstack", decodeSigaltstack)
	register("wait4", decodeWait4)
	register("waitid", decodeWaitid)
	register("getrusage", decodeGetrusage)
	register("clone", decodeClone)
	register("clone3", decodeClone3)
	for _, n := range []string{"setuid", "setgid", "setfsuid", "setfsgid", "setreuid", "setregid", "setresuid", "setresgid"} {
		register(n, decodeSetids)
	}
	register("getresuid", decodeGetresids)
	register("getresgid", decodeGetresids)
	register("setgroups", decodeSetgroups)
	register("getgroups", decodeGetgroups)
	register("personality", decodePersonality)
	register("prctl", decodePrctl)
	register("seccomp", decodeSeccomp)
	register("capget", decodeCapget)
	register("capset", decodeCapset)
	register("unshare", func(d *dec) { d.add("flags", flagsOf(tables.UnshareFlags, d.arg(0), "CLONE_???")) })
	register("setns", func(d *dec) {
		d.add("fd", Fd(d.int(0)))
		d.add("nstype", d.flags(tables.SetnsTypes, uint64(uint32(d.arg(1))), "CLONE_NEW???"))
	})
	register("get_robust_list", decodeGetRobustList)
	register("kcmp", decodeKcmp)
}

func decodeGetRobustList(d *dec) {
	d.add("pid", d.pidArg(0))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	for i, name := range []string{"head_ptr", "len_ptr"} {
		p := d.arg(i + 1)
		d.add(name, d.psOut(p, func() Value {
			b, ok := d.out.Bytes(p, 8)
			if !ok {
				return Addr(p)
			}
			if i == 0 {
				return ind(Addr(le64(b)))
			}
			return ind(Uint(le64(b)))
		}))
	}
}

// kcmp types.
const (
	kcmpFile      = 0
	kcmpSysvsem   = 6
	kcmpEpollTfd  = 7
	kcmpSlotBytes = 12
)

func decodeKcmp(d *dec) {
	typ := int32(d.arg(2))
	idx1, idx2 := d.arg(3), d.arg(4)
	d.add("pid1", d.pidArg(0))
	d.add("pid2", d.pidArg(1))
	d.add("type", enumOf(tables.KcmpTypes, uint64(uint32(typ)), "KCMP_???"))
	switch {
	case typ == kcmpFile:
		d.add("idx1", Int(int32(idx1)))
		d.add("idx2", Int(int32(idx2)))
	case typ == kcmpEpollTfd:
		d.add("idx1", Int(int32(idx1)))
		d.add("idx2", psStructAt(d.in, idx2, kcmpSlotBytes, func(b []byte) Value {
			return &Struct{Fields: []Field{
				{"efd", Int(int32(le32(b)))},
				{"tfd", Int(int32(le32(b[4:])))},
				{"toff", Uint(le32(b[8:]))},
			}}
		}))
	case typ > kcmpFile && typ <= kcmpSysvsem:
	default:
		d.add("idx1", Hex(idx1))
		d.add("idx2", Hex(idx2))
	}
}

// psNamed shows an argument strace prints with its name ("flags=...").
func psNamed(name string, v Value) Value { return Seq{Sym(name + "="), v} }

// psQuoted is a string shown quoted by the -x rules, with "..." when it
// was cut short.
type psQuoted struct {
	b    []byte
	more bool
}

func (v psQuoted) render(b *textBuf, o *Options) {
	quoteString(b, v.b, o.Hex, false)
	if v.more {
		b.WriteString("...")
	}
}

func (v psQuoted) appendJSON(b []byte, o *Options) []byte {
	return appendBytesJSON(b, v.b, v.more, -1)
}

// psPrintstr shows a NUL-terminated string of at most n bytes at addr,
// captured in m, as strace's printstr_ex with QUOTE_0_TERMINATED.
func (d *dec) psPrintstr(m Mem, addr uint64, n uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	s, term, ok := m.String(addr)
	if !ok {
		return Addr(addr)
	}
	lim := uint64(d.o.StrLimit)
	size := min(lim+1, n)
	l := uint64(len(s))
	if !term && l < size {
		// A fault before the NUL or the end of what strace reads.
		return Addr(addr)
	}
	show := size
	if show > lim {
		show = lim
	}
	if term && l < show {
		return psQuoted{b: s}
	}
	more := !(show < size && term && l == show)
	return psQuoted{b: s[:show], more: more}
}

// psFd shows a descriptor the kernel stored (strace's printnum_fd).
func psFd(v uint32) Value { return Fd(int32(v)) }

// psOut shows what a pointer argument points to, computed by show, when
// the call succeeded; its address when the call failed (strace's
// umove_or_printaddr at exit).
func (d *dec) psOut(addr uint64, show func() Value) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if d.failed || d.o.NotVerbose {
		return Addr(addr)
	}
	return show()
}

// psSiginfoAt shows a siginfo_t at addr captured in m.
func psSiginfoAt(m Mem, addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Bytes(addr, sysent.SizeSiginfo)
	if !ok {
		return Addr(addr)
	}
	return Siginfo(b, 0)
}

// psStructAt shows a structure of size bytes at addr captured in m.
func psStructAt(m Mem, addr uint64, size int, f func([]byte) Value) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Bytes(addr, size)
	if !ok {
		return Addr(addr)
	}
	return f(b)
}

// strVec shows argv: ["ls", "-la"], at most -s elements unless verbose,
// as strace's printargv.
func (d *dec) strVec(addr uint64, abbrev bool) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	ptrs, count, term, ok := d.in.Vector(addr)
	if !ok || (count == 0 && !term) {
		return Addr(addr)
	}
	a := &Array{}
	for i := 0; i < count; i++ {
		if (abbrev && i >= d.o.StrLimit) || i >= len(ptrs) {
			// Past -s, or past what was recorded.
			a.More = true
			return a
		}
		a.Elems = append(a.Elems, d.cstr(ptrs[i]))
	}
	if !term {
		// Ran into unreadable memory before the NULL.
		a.Elems = append(a.Elems, Sym("... /* "+hexStr(addr+uint64(count)*8)+" */"))
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
		return d.strVec(addr, false)
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
	if d.o.NotVerbose {
		// -e verbose= leaves the call out: addresses, as strace.
		d.add("argv", Addr(d.arg(i+1)))
		d.add("envp", Addr(d.arg(i+2)))
		return
	}
	d.add("argv", d.strVec(d.arg(i+1), !d.o.Verbose))
	d.add("envp", d.envVec(d.arg(i+2)))
}

func decodeRtSigreturn(d *dec) {
	// The mask being restored, read from the signal frame.
	if len(d.in) == 0 {
		return
	}
	r := d.in[0]
	var v Value = Addr(r.Addr)
	if b, ok := d.in.Bytes(r.Addr, sysent.SizeSigset); ok {
		v = newSigset(b)
	}
	d.add("", &Struct{Fields: []Field{{"mask", v}}})
}

// arch_prctl codes.
const (
	archGetFS             = 0x1003
	archGetGS             = 0x1004
	archGetCPUID          = 0x1011
	archGetXcompSupp      = 0x1021
	archGetXcompPerm      = 0x1022
	archReqXcompPerm      = 0x1023
	archGetXcompGuestPerm = 0x1024
	archReqXcompGuestPerm = 0x1025
)

// psFlagsVerbose is strace's printflags_ex in the verbose style: the
// number, with the names in a comment.
func psFlagsVerbose(x *tables.Xlat, v uint64, dflt string) string {
	if v == 0 {
		return "0"
	}
	f := flagsOf(x, v, dflt)
	if len(f.Names) == 0 {
		return hexStr(v) + " /* " + dflt + " */"
	}
	s := hexStr(v) + " /* " + strings.Join(f.Names, "|")
	if f.Rest != 0 {
		s += "|" + hexStr(f.Rest)
	}
	return s + " */"
}

// psAuxFlags is strace's sprintflags_ex in auxstr mode: the names joined
// by "|" with any unnamed bits, or "" when no name matches.
func psAuxFlags(x *tables.Xlat, v uint64) string {
	if v == 0 {
		if len(x.Vals) > 0 && x.Vals[0].Val == 0 {
			return x.Vals[0].Name
		}
		return ""
	}
	f := flagsOf(x, v, "")
	if len(f.Names) == 0 {
		return ""
	}
	s := strings.Join(f.Names, "|")
	if f.Rest != 0 {
		s += "|" + hexStr(f.Rest)
	}
	return s
}

func decodeArchPrctl(d *dec) {
	code := uint32(d.arg(0))
	addr := d.arg(1)
	d.add("code", enumOf(tables.Archvals, uint64(code), "ARCH_???"))
	switch code {
	case archGetFS, archGetGS:
		d.split()
		d.pending()
		if d.exit {
			d.add("addr", d.psOut(addr, func() Value {
				b, ok := d.out.Bytes(addr, 8)
				if !ok {
					return Addr(addr)
				}
				return ind(Addr(le64(b)))
			}))
		}
	case archGetCPUID:
	case archGetXcompSupp, archGetXcompPerm, archGetXcompGuestPerm:
		d.split()
		d.pending()
		if d.exit {
			d.add("addr", d.psOut(addr, func() Value {
				b, ok := d.out.Bytes(addr, 8)
				if !ok {
					return Addr(addr)
				}
				return ind(Sym(psFlagsVerbose(tables.X86Xfeatures, le64(b), "XFEATURE_MASK_???")))
			}))
		}
	case archReqXcompPerm, archReqXcompGuestPerm:
		name, ok := tables.X86XfeatureBits.Lookup(addr)
		if !ok {
			name = "XFEATURE_???"
		}
		d.add("addr", Commented{Hex(addr), name})
		if d.ok() && d.ret > 0 {
			d.retFmt = func(r int64) Value { return Hex(uint64(r)) }
			d.c.Ret.Aux = psAuxFlags(tables.X86Xfeatures, uint64(d.ret))
		}
	default:
		d.add("addr", Hex(addr))
	}
}

// psSigaction shows a struct sigaction at addr captured in m; strace
// reads its own, larger, structure.
func psSigaction(m Mem, addr uint64) Value {
	return psStructAt(m, addr, sysent.SizeKernelSigaction, sigactionValue)
}

func decodeRtSigaction(d *dec) {
	d.add("signum", sigValue(d.int(0)))
	d.add("act", d.unlessNotVerbose(d.arg(1), func() Value { return psSigaction(d.in, d.arg(1)) }))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	d.add("oldact", d.unlessNotVerbose(d.arg(2), func() Value { return d.psOut(d.arg(2), func() Value { return psSigaction(d.out, d.arg(2)) }) }))
	d.add("sigsetsize", Uint(d.arg(3)))
}

// unlessNotVerbose is what strace's umove_or_printaddr shows of memory
// at addr: its address for a call -e verbose= leaves out, else v().
func (d *dec) unlessNotVerbose(addr uint64, v func() Value) Value {
	if d.o.NotVerbose && addr != 0 {
		return Addr(addr)
	}
	return v()
}

func decodeRtSigprocmask(d *dec) {
	n := d.arg(3)
	d.add("how", enumOf(tables.Sigprocmaskcmds, uint64(uint32(d.arg(0))), "SIG_???"))
	d.add("set", d.unlessNotVerbose(d.arg(1), func() Value { return psSigset(d.in, d.arg(1), n, sigsetBytes) }))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	old := d.arg(2)
	if d.failed && old != 0 {
		d.add("oldset", Addr(old))
	} else {
		d.add("oldset", d.unlessNotVerbose(old, func() Value { return psSigset(d.out, old, n, sigsetBytes) }))
	}
	d.add("sigsetsize", Uint(n))
}

func decodeRtSigpending(d *dec) {
	d.split()
	if !d.exit {
		return
	}
	set, n := d.arg(0), d.arg(1)
	if d.failed && set != 0 && n >= 1 && n <= sigsetBytes {
		d.add("set", Addr(set))
	} else {
		d.add("set", psSigset(d.out, set, n, 1))
	}
	d.add("sigsetsize", Uint(n))
}

func decodeRtSigtimedwait(d *dec) {
	info := d.arg(1)
	d.add("set", psSigset(d.in, d.arg(0), d.arg(3), sigsetBytes))
	timeout := Value(Sym("NULL"))
	if t := d.arg(2); t != 0 {
		timeout = psStructAt(d.in, t, sysent.SizeTimespec, timespecValue)
	}
	if info == 0 {
		d.add("info", Sym("NULL"))
		d.add("timeout", timeout)
		d.add("sigsetsize", Uint(d.arg(3)))
	} else {
		d.split()
		d.pending()
		if !d.exit {
			return
		}
		d.add("info", d.psOut(info, func() Value { return psSiginfoAt(d.out, info) }))
		d.add("timeout", timeout)
		d.add("sigsetsize", Uint(d.arg(3)))
	}
	if d.ok() && d.ret > 0 && d.ret <= sigRTMax {
		d.c.Ret.Aux = SignalName(int(d.ret))
	}
}

func decodeSignalfd(d *dec, flags bool) {
	d.add("fd", Fd(d.int(0)))
	d.retFmt = retFd
	d.add("mask", psSigset(d.in, d.arg(1), d.arg(2), sigsetBytes))
	d.add("sizemask", Uint(d.arg(2)))
	if flags {
		d.add("flags", d.flags(tables.SfdFlags, uint64(uint32(d.arg(3))), "SFD_???"))
	}
}

func decodeSigaltstack(d *dec) {
	d.add("ss", psStructAt(d.in, d.arg(0), sysent.SizeStack, psStack))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	old := d.arg(1)
	d.add("old_ss", d.psOut(old, func() Value { return psStructAt(d.out, old, sysent.SizeStack, psStack) }))
}

// Wait status bits.
const (
	wCoreFlag  = 0x80
	wContinued = 0xffff
)

// psWaitStatus formats a wait status as strace's printstatus, without
// the brackets.
func psWaitStatus(st uint32) string {
	var s string
	switch {
	case st&0xff == 0x7f: // WIFSTOPPED
		sig := int(st >> 8 & 0xff)
		s = "{WIFSTOPPED(s) && WSTOPSIG(s) == " + psSigName(sig&0x7f)
		if sig&0x80 != 0 {
			s += " | 0x80"
		}
		s += "}"
		st &^= uint32(sig)<<8 | 0x7f
	case st&0x7f != 0 && st&0x7f != 0x7f: // WIFSIGNALED
		sig := int(st & 0x7f)
		s = "{WIFSIGNALED(s) && WTERMSIG(s) == " + psSigName(sig)
		if st&wCoreFlag != 0 {
			s += " && WCOREDUMP(s)"
		}
		s += "}"
		st &^= uint32(sig) | wCoreFlag
	case st&0x7f == 0: // WIFEXITED
		code := st >> 8 & 0xff
		s = "{WIFEXITED(s) && WEXITSTATUS(s) == " + strconv.Itoa(int(code)) + "}"
		st &^= code << 8
	case st == wContinued:
		s = "{WIFCONTINUED(s)}"
		st = 0
	default:
		return hexStr(uint64(st))
	}
	if st != 0 {
		if ev := st >> 16; ev != 0 {
			name, ok := tables.PtraceEvents.Lookup(uint64(ev))
			if !ok {
				name = hexStr(uint64(ev)) + " /* PTRACE_EVENT_??? */"
			}
			s += "|" + name + "<<16"
			st &= 0xffff
		}
		if st != 0 {
			s += "|" + hexStr(uint64(st))
		}
	}
	return s
}

// psSigName is strace's sprintsigname: the name, or the number.
func psSigName(sig int) string {
	if sig > 0 && sig <= sigRTMax {
		return SignalName(sig)
	}
	return strconv.Itoa(sig)
}

func decodeWait4(d *dec) {
	d.add("pid", d.pidArg(0))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	st := d.arg(1)
	if d.ret == 0 && !d.failed {
		d.add("wstatus", Addr(st))
	} else {
		d.add("wstatus", d.psOut(st, func() Value {
			return numAt(d.out, st, func(v uint32) Value { return Sym(psWaitStatus(v)) })
		}))
	}
	d.add("options", d.flags(tables.Wait4Options, uint64(uint32(d.arg(2))), "W???"))
	ru := d.arg(3)
	if d.ret > 0 && !d.failed {
		d.add("rusage", psStructAt(d.out, ru, sysent.SizeRusage, func(b []byte) Value { return psRusage(b, d.o.Verbose) }))
	} else {
		d.add("rusage", Addr(ru))
	}
}

// waitid's idtypes for a process, a process group and a pidfd.
const (
	pPid   = 1
	pPgid  = 2
	pPidfd = 3
)

func decodeWaitid(d *dec) {
	idtype := uint32(d.arg(0))
	d.add("idtype", enumOf(tables.WaitidTypes, uint64(idtype), "P_???"))
	switch idtype {
	case pPidfd:
		d.add("id", Fd(d.int(1)))
	case pPid:
		d.add("id", pidValue(d.int(1), sysent.PidTGID))
	case pPgid:
		d.add("id", pidValue(d.int(1), sysent.PidPGID))
	default:
		d.add("id", Int(d.int(1)))
	}
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	info := d.arg(2)
	d.add("infop", d.psOut(info, func() Value { return psSiginfoAt(d.out, info) }))
	d.add("options", d.flags(tables.Wait4Options, uint64(uint32(d.arg(3))), "W???"))
	ru := d.arg(4)
	d.add("rusage", d.psOut(ru, func() Value {
		return psStructAt(d.out, ru, sysent.SizeRusage, func(b []byte) Value { return psRusage(b, d.o.Verbose) })
	}))
}

func decodeGetrusage(d *dec) {
	d.add("who", enumOf(tables.Usagewho, uint64(uint32(d.arg(0))), "RUSAGE_???"))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	ru := d.arg(1)
	d.add("usage", d.psOut(ru, func() Value {
		return psStructAt(d.out, ru, sysent.SizeRusage, func(b []byte) Value { return psRusage(b, d.o.Verbose) })
	}))
}

// Clone flags.
const (
	cloneSettls        = 0x00080000
	cloneParentSettid  = 0x00100000
	cloneChildCleartid = 0x00200000
	cloneChildSettid   = 0x01000000
	clonePidfd         = 0x00001000
	cloneIntoCgroup    = 0x200000000
	csignal            = 0xff
)

func decodeClone(d *dec) {
	raw := d.arg(0)
	flags := raw &^ csignal
	sig := raw & csignal
	d.add("child_stack", psNamed("child_stack", Addr(d.arg(1))))
	var fv Value
	switch {
	case flags != 0 && sig != 0:
		fv = Seq{flagsOf(tables.CloneFlags, flags, "CLONE_???"), Sym("|"), sigValue(int64(sig))}
	case flags != 0:
		fv = flagsOf(tables.CloneFlags, flags, "CLONE_???")
	default:
		fv = sigValue(int64(sig))
	}
	d.add("flags", psNamed("flags", fv))
	if flags&(cloneParentSettid|clonePidfd|cloneChildSettid|cloneChildCleartid|cloneSettls) == 0 {
		return
	}
	d.split()
	if !d.exit {
		return
	}
	// strace prints the separator itself at exit: the empty argument
	// makes RenderArgs start the exit part with ", ".
	d.add("", nil)
	if flags&(cloneParentSettid|clonePidfd) != 0 {
		ptid := d.arg(2)
		// With CLONE_PIDFD alone, the kernel stores a descriptor there.
		num := signed32
		if flags&cloneParentSettid == 0 {
			num = psFd
		}
		d.add("parent_tid", psNamed("parent_tid", d.psOut(ptid, func() Value {
			return numAt(d.out, ptid, num)
		})))
	}
	if flags&cloneSettls != 0 {
		d.add("tls", psNamed("tls", Addr(d.arg(4))))
	}
	if flags&(cloneChildSettid|cloneChildCleartid) != 0 {
		d.add("child_tidptr", psNamed("child_tidptr", Addr(d.arg(3))))
	}
}

// Sizes in struct clone_args.
const (
	cloneArgsMin  = 64 // up to tls
	cloneArgsSize = 88 // with set_tid, set_tid_size and cgroup
)

func decodeClone3(d *dec) {
	addr, size := d.arg(0), d.arg(1)
	fetch := min(size, cloneArgsSize)
	sizeV := Uint(size)
	if fetch < cloneArgsMin {
		d.add("cl_args", Addr(addr))
		d.add("size", sizeV)
		return
	}
	b, ok := d.in.Bytes(addr, int(fetch))
	if !ok {
		d.add("cl_args", Addr(addr))
		d.add("size", sizeV)
		return
	}
	var a [cloneArgsSize]byte
	copy(a[:], b)
	flags := le64(a[0:])
	s := &Struct{}
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	add("flags", flagsOf(tables.Clone3AllFlags, flags, "CLONE_???"))
	if flags&clonePidfd != 0 {
		add("pidfd", Addr(le64(a[8:])))
	}
	if flags&(cloneChildSettid|cloneChildCleartid) != 0 {
		add("child_tid", Addr(le64(a[16:])))
	}
	if flags&cloneParentSettid != 0 {
		add("parent_tid", Addr(le64(a[24:])))
	}
	if es := le64(a[32:]); es < 1<<31-1 {
		add("exit_signal", sigValue(int64(es)))
	} else {
		add("exit_signal", Uint(es))
	}
	add("stack", Addr(le64(a[40:])))
	add("stack_size", Hex(le64(a[48:])))
	if flags&cloneSettls != 0 {
		add("tls", Addr(le64(a[56:])))
	}
	if setTid, n := le64(a[64:]), le64(a[72:]); setTid != 0 || n != 0 {
		if setTid == 0 || n == 0 || n > 32 {
			add("set_tid", Addr(setTid))
		} else {
			add("set_tid", d.array(d.in, setTid, n, 4, func(b []byte) Value { return Int(int32(le32(b))) }))
		}
		add("set_tid_size", Uint(n))
	}
	if fetch > 80 && (le64(a[80:]) != 0 || flags&cloneIntoCgroup != 0) {
		add("cgroup", Uint(le64(a[80:])))
	}
	if size > fetch {
		if v := d.psNonzero(d.in, addr, fetch, min(size, 4096)); v != nil {
			add("", v)
		}
	}
	d.add("cl_args", s)
	if flags&(clonePidfd|cloneParentSettid) == 0 && size <= fetch {
		d.add("size", sizeV)
		return
	}
	d.split()
	if !d.exit {
		return
	}
	if d.failed {
		d.add("", nil)
		d.add("size", sizeV)
		return
	}
	ob, ok := d.out.Bytes(addr, int(fetch))
	if !ok {
		d.add("", Seq{Sym(" => "), Addr(addr)})
		d.add("size", sizeV)
		return
	}
	var oa [cloneArgsSize]byte
	copy(oa[:], ob)
	oflags := le64(oa[0:])
	after := &Struct{}
	if oflags&clonePidfd != 0 {
		p := le64(oa[8:])
		after.Fields = append(after.Fields, Field{"pidfd", numAt(d.out, p, psFd)})
	}
	if oflags&cloneParentSettid != 0 {
		p := le64(oa[24:])
		after.Fields = append(after.Fields, Field{"parent_tid", numAt(d.out, p, signed32)})
	}
	if size > fetch {
		if v := d.psNonzero(d.out, addr, fetch, min(size, 4096)); v != nil {
			after.Fields = append(after.Fields, Field{"", v})
		}
	}
	if len(after.Fields) > 0 {
		d.add("", Seq{Sym(" => "), after})
	} else {
		d.add("", Sym(""))
	}
	d.add("size", sizeV)
}

// psNonzero is strace's print_nonzero_bytes: the bytes from offset off to
// end of the structure at addr, when any is not zero.
func (d *dec) psNonzero(m Mem, addr, off, end uint64) Value {
	if off >= end {
		return nil
	}
	b, ok := m.Bytes(addr+off, int(end-off))
	if !ok {
		return Sym("???")
	}
	zero := true
	for _, c := range b {
		if c != 0 {
			zero = false
			break
		}
	}
	if zero {
		return nil
	}
	n := min(uint64(len(b)), uint64(d.o.StrLimit))
	return Seq{Sym("/* bytes " + strconv.FormatUint(off, 10) + ".." + strconv.FormatUint(end-1, 10) + " */ "),
		psHexQuoted{b: b[:n], more: n < uint64(len(b))}}
}

// psHexQuoted is a string shown with every byte in \x form.
type psHexQuoted struct {
	b    []byte
	more bool
}

func (v psHexQuoted) render(b *textBuf, o *Options) {
	quoteString(b, v.b, 2, false)
	if v.more {
		b.WriteString("...")
	}
}

func (v psHexQuoted) appendJSON(b []byte, o *Options) []byte {
	return appendBytesJSON(b, v.b, v.more, -1)
}

// psID shows a uid or gid: -1 as such, else unsigned.
func psID(v uint32) Value {
	if v == ^uint32(0) {
		return Int(-1)
	}
	return Uint(v)
}

func decodeSetids(d *dec) {
	for i := range d.ent.Args {
		d.add(d.ent.Args[i].Name, psID(uint32(d.arg(i))))
	}
}

func decodeGetresids(d *dec) {
	d.split()
	if !d.exit {
		return
	}
	for i := 0; i < 3; i++ {
		p := d.arg(i)
		d.add(d.ent.Args[i].Name, d.psOut(p, func() Value { return numAt(d.out, p, psID) }))
	}
}

func (d *dec) psGroups(m Mem, n uint64, addr uint64) Value {
	if n > sysent.NgroupsMax {
		return Addr(addr)
	}
	return d.array(m, addr, n, 4, func(b []byte) Value { return psID(le32(b)) })
}

func decodeSetgroups(d *dec) {
	n := int32(d.arg(0))
	d.add("size", Int(n))
	d.add("list", d.psGroups(d.in, uint64(uint32(n)), d.arg(1)))
}

func decodeGetgroups(d *dec) {
	d.add("size", Int(d.int(0)))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	n := uint64(uint32(d.ret))
	if d.failed {
		n = uint64(^uint32(0))
	}
	d.add("list", d.psGroups(d.out, n, d.arg(1)))
}

// perMask is PER_MASK: the personality type bits.
const perMask = 0xff

func decodePersonality(d *dec) {
	p := uint32(d.arg(0))
	if p == 0xffffffff {
		d.add("persona", Hex(uint64(p)))
	} else {
		t := enumOf(tables.PersonalityTypes, uint64(p&perMask), "PER_???")
		if rest := p &^ perMask; rest != 0 {
			d.add("persona", Seq{t, Sym("|"), d.flags(tables.PersonalityFlags, uint64(rest), "")})
		} else {
			d.add("persona", t)
		}
	}
	if d.ok() {
		r := uint32(d.ret)
		aux := Render(enumOf(tables.PersonalityTypes, uint64(r&perMask), "PER_???"), d.o)
		if rest := r &^ perMask; rest != 0 {
			aux += "|" + Render(flagsOf(tables.PersonalityFlags, uint64(rest), ""), d.o)
		}
		d.retFmt = func(v int64) Value { return Hex(uint64(v)) }
		d.c.Ret.Aux = aux
	}
}

func decodeCapget(d *dec) {
	hdr := d.arg(0)
	d.add("hdrp", psCapHeader(d.in, hdr))
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	var h []byte
	if !d.failed && hdr != 0 {
		h, _ = d.out.Bytes(hdr, 8)
	}
	d.add("datap", psCapData(d.out, d.arg(1), h))
}

func decodeCapset(d *dec) {
	hdr := d.arg(0)
	var h []byte
	if hdr != 0 {
		h, _ = d.in.Bytes(hdr, 8)
	}
	d.add("hdrp", psCapHeader(d.in, hdr))
	d.add("datap", psCapData(d.in, d.arg(1), h))
}

func psCapHeader(m Mem, addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Bytes(addr, 8)
	if !ok {
		return Addr(addr)
	}
	return &Struct{Fields: []Field{
		{"version", enumOf(tables.CapVersion, uint64(le32(b)), "_LINUX_CAPABILITY_VERSION_???")},
		{"pid", Int(int32(le32(b[4:])))},
	}}
}

// Capability versions with two 32-bit words per set.
const (
	capVersion2 = 0x20071026
	capVersion3 = 0x20080522
)

func psCapBits(lo, hi uint32) Value {
	var s Seq
	if lo != 0 || hi == 0 {
		s = append(s, flagsOf(tables.CapMask0, uint64(lo), "CAP_???"))
	}
	if hi != 0 {
		if lo != 0 {
			s = append(s, Sym("|"))
		}
		s = append(s, flagsOf(tables.CapMask1, uint64(hi), "CAP_???"))
	}
	return s
}

func psCapData(m Mem, addr uint64, hdr []byte) Value {
	if addr == 0 || hdr == nil {
		return Addr(addr)
	}
	n := 1
	if v := le32(hdr); v == capVersion2 || v == capVersion3 {
		n = 2
	}
	b, ok := m.Bytes(addr, n*12)
	if !ok {
		return Addr(addr)
	}
	word := func(i, j int) uint32 {
		if j >= n {
			return 0
		}
		return le32(b[j*12+i*4:])
	}
	return &Struct{Fields: []Field{
		{"effective", psCapBits(word(0, 0), word(0, 1))},
		{"permitted", psCapBits(word(1, 0), word(1, 1))},
		{"inheritable", psCapBits(word(2, 0), word(2, 1))},
	}}
}

func init() {
	// strace's tables hold values as unsigned ints unless told
	// otherwise; the generator sign-extended these.
	for _, x := range []*tables.Xlat{tables.Usagewho, tables.CapMask0} {
		for i := range x.Vals {
			x.Vals[i].Val = uint64(uint32(x.Vals[i].Val))
		}
	}
	// cap_mask1 names the bits of the second word: 1<<(CAP_x-32).
	for i := range tables.CapMask1.Vals {
		name := strings.TrimPrefix(tables.CapMask1.Vals[i].Name, "1<<")
		for _, c := range tables.Cap.Vals {
			if c.Name == name {
				tables.CapMask1.Vals[i].Val = 1 << (c.Val - 32)
			}
		}
	}
}

// prctl options.
const (
	prSetPdeathsig           = 1
	prGetPdeathsig           = 2
	prGetDumpable            = 3
	prSetDumpable            = 4
	prGetUnalign             = 5
	prSetUnalign             = 6
	prGetKeepcaps            = 7
	prSetKeepcaps            = 8
	prGetFpemu               = 9
	prSetFpemu               = 10
	prGetFpexc               = 11
	prSetFpexc               = 12
	prGetTiming              = 13
	prSetTiming              = 14
	prSetName                = 15
	prGetName                = 16
	prGetEndian              = 19
	prSetEndian              = 20
	prGetSeccomp             = 21
	prSetSeccomp             = 22
	prCapbsetRead            = 23
	prCapbsetDrop            = 24
	prGetTsc                 = 25
	prSetTsc                 = 26
	prGetSecurebits          = 27
	prSetSecurebits          = 28
	prSetTimerslack          = 29
	prGetTimerslack          = 30
	prTaskPerfEventsDisable  = 31
	prTaskPerfEventsEnable   = 32
	prMceKill                = 33
	prMceKillGet             = 34
	prSetMm                  = 35
	prSetChildSubreaper      = 36
	prGetChildSubreaper      = 37
	prSetNoNewPrivs          = 38
	prGetTidAddress          = 40
	prSetThpDisable          = 41
	prSetFpMode              = 45
	prGetFpMode              = 46
	prCapAmbient             = 47
	prSveSetVl               = 50
	prSveGetVl               = 51
	prGetSpeculationCtrl     = 52
	prSetSpeculationCtrl     = 53
	prPacResetKeys           = 54
	prSetTaggedAddrCtrl      = 55
	prGetTaggedAddrCtrl      = 56
	prSetIoFlusher           = 57
	prSetSyscallUserDispatch = 59
	prPacSetEnabledKeys      = 60
	prPacGetEnabledKeys      = 61
	prSchedCore              = 62
	prSmeSetVl               = 63
	prSmeGetVl               = 64
	prSetVma                 = 0x53564d41
	prSetPtracer             = 0x59616d61
	prSetVmaAnonName         = 0
	prSchedCoreGet           = 0
	prMceKillSet             = 1
	prCapAmbientIsSet        = 1
	prCapAmbientRaise        = 2
	prCapAmbientLower        = 3
	seccompModeStrict        = 1
	seccompModeFilter        = 2
	taskCommLen              = 16
	prSveVlLenMask           = 0xffff
	prSmeVlLenMask           = 0xffff
	prTaggedAddrEnable       = 1
	prMteTcfMask             = 6
	prMteTagShift            = 3
	prMteTagMask             = 0xffff << prMteTagShift
	prSpecStoreBypass        = 0
	prSpecIndirectBranch     = 1
	prSpecL1DFlush           = 2
	seccompRetActionFull     = 0xffff0000
	seccompSetModeFilter     = 1
	seccompGetActionAvail    = 2
	seccompGetNotifSizes     = 3
	bpfMaxInsns              = 4096
	bpfInsnSize              = 8
	sockFprogSize            = 16
)

// psVlVal is strace's sprint_sve_val and sprint_sme_val: the flags and
// the vector length; aux is the form used for a return value, "" when
// there are no flags.
func psVlVal(x *tables.Xlat, mask, v uint64, aux bool) string {
	vl := v & mask
	flags := v &^ mask
	if flags == 0 && aux {
		return ""
	}
	fs := ""
	if flags != 0 {
		f := flagsOf(x, flags, "")
		fs = strings.Join(f.Names, "|")
		if f.Rest != 0 {
			if fs != "" {
				fs += "|"
			}
			fs += hexStr(f.Rest)
		}
	}
	if fs != "" {
		return fs + "|" + hexStr(vl)
	}
	return hexStr(vl)
}

// psTaggedAddr is strace's sprint_tagged_addr_val.
func psTaggedAddr(v uint64) string {
	enabled := v & prTaggedAddrEnable
	tcf := v & prMteTcfMask
	tag := v & prMteTagMask
	rest := v &^ (prTaggedAddrEnable | prMteTcfMask | prMteTagMask)
	s := psAuxFlags(tables.PrTaggedAddrEnable, enabled) + "|"
	if n, ok := tables.PrTaggedAddrMteTcf.Lookup(tcf); ok {
		s += n
	} else {
		s += hexStr(tcf)
	}
	if tag != 0 {
		s += "|" + hexStr(tag>>prMteTagShift) + "<<PR_MTE_TAG_SHIFT"
	}
	if rest != 0 {
		s += "|" + hexStr(rest)
	}
	return s
}

func decodePrctl(d *dec) {
	opt := uint32(d.arg(0))
	a2, a3, a4, a5 := d.arg(1), d.arg(2), d.arg(3), d.arg(4)
	d.add("option", enumOf(tables.PrctlOptions, uint64(opt), "PR_???"))
	rest := func(first int) {
		for i := first; i < 5; i++ {
			d.add("", Hex(d.arg(i)))
		}
	}
	hexAux := func(aux string) {
		d.retFmt = func(v int64) Value { return Hex(uint64(v)) }
		d.c.Ret.Aux = aux
	}
	// exitArg shows arg2 at exit, read through as strace's
	// umove_or_printaddr does.
	exitArg := func(show func(b []byte) Value, n int) {
		d.split()
		d.pending()
		if !d.exit {
			return
		}
		d.add("arg2", d.psOut(a2, func() Value {
			b, ok := d.out.Bytes(a2, n)
			if !ok {
				return Addr(a2)
			}
			return ind(show(b))
		}))
	}
	switch opt {
	case prGetKeepcaps, prGetSeccomp, prGetTimerslack, prGetTiming,
		prTaskPerfEventsDisable, prTaskPerfEventsEnable:
	case prGetChildSubreaper, prGetEndian, prGetFpemu, prGetFpexc:
		exitArg(func(b []byte) Value { return Uint(le32(b)) }, 4)
	case prGetDumpable:
		if d.ok() {
			if n, ok := tables.PrDumpable.Lookup(uint64(d.ret)); ok {
				d.c.Ret.Aux = n
			}
		}
	case prGetName:
		d.split()
		d.pending()
		if d.exit {
			d.add("name", d.orAddr(a2, func() Value { return d.psPrintstr(d.out, a2, taskCommLen) }))
		}
	case prGetPdeathsig:
		exitArg(func(b []byte) Value { return sigValue(int64(int32(le32(b)))) }, 4)
	case prGetSecurebits:
		if d.ok() && d.ret != 0 {
			hexAux(psAuxFlags(tables.Secbits, uint64(d.ret)))
		}
	case prGetTidAddress:
		exitArg(func(b []byte) Value { return Addr(le64(b)) }, 8)
	case prGetTsc:
		exitArg(func(b []byte) Value { return enumOf(tables.PrTsc, uint64(le32(b)), "PR_TSC_???") }, 4)
	case prGetUnalign:
		exitArg(func(b []byte) Value { return flagsOf(tables.PrUnalignFlags, uint64(le32(b)), "PR_UNALIGN_???") }, 4)
	case prGetFpMode:
		if d.ok() && d.ret != 0 {
			hexAux(psAuxFlags(tables.PrFpMode, uint64(d.ret)))
		}
	case prSveSetVl, prSveGetVl, prSmeSetVl, prSmeGetVl:
		x, mask := tables.PrSveVlFlags, uint64(prSveVlLenMask)
		if opt == prSmeSetVl || opt == prSmeGetVl {
			x, mask = tables.PrSmeVlFlags, prSmeVlLenMask
		}
		if opt == prSveSetVl || opt == prSmeSetVl {
			d.add("arg2", Sym(psVlVal(x, mask, a2, false)))
		}
		if d.ok() && d.ret != 0 {
			hexAux(psVlVal(x, mask, uint64(d.ret), true))
		}
	case prGetSpeculationCtrl:
		d.add("which", enumOf(tables.PrSpecCmds, a2, "PR_SPEC_???"))
		if d.ok() {
			switch a2 {
			case prSpecStoreBypass, prSpecIndirectBranch, prSpecL1DFlush:
				hexAux(psAuxFlags(tables.PrSpecGetStoreBypassFlags, uint64(d.ret)))
			}
		}
	case prSetTaggedAddrCtrl:
		d.add("arg2", Sym(psTaggedAddr(a2)))
		rest(2)
	case prGetTaggedAddrCtrl:
		rest(1)
		if d.ok() {
			hexAux(psTaggedAddr(uint64(d.ret)))
		}
	case prSetChildSubreaper, prSetEndian, prSetFpemu, prSetFpexc, prSetKeepcaps, prSetTiming:
		d.add("arg2", Uint(a2))
	case prSetDumpable:
		d.add("arg2", enumOf(tables.PrDumpable, a2, "SUID_DUMP_???"))
	case prCapbsetDrop, prCapbsetRead:
		d.add("arg2", enumOf(tables.Cap, a2, "CAP_???"))
	case prCapAmbient:
		d.add("arg2", enumOf(tables.PrCapAmbient, a2, "PR_CAP_AMBIENT_???"))
		switch a2 {
		case prCapAmbientRaise, prCapAmbientLower, prCapAmbientIsSet:
			d.add("arg3", enumOf(tables.Cap, a3, "CAP_???"))
			rest(3)
		default:
			rest(2)
		}
	case prMceKill:
		d.add("arg2", enumOf(tables.PrMceKill, a2, "PR_MCE_KILL_???"))
		if a2 == prMceKillSet {
			d.add("arg3", enumOf(tables.PrMceKillPolicy, a3, "PR_MCE_KILL_???"))
		} else {
			d.add("arg3", Hex(a3))
		}
		rest(3)
	case prSetName:
		d.add("name", d.psPrintstr(d.in, a2, taskCommLen-1))
	case prSetVma:
		d.add("arg2", enumOf(tables.PrSetVma, a2, "PR_SET_VMA_???"))
		if a2 == prSetVmaAnonName {
			d.add("addr", Addr(a3))
			d.add("size", Uint(a4))
			d.add("name", d.psPrintstr(d.in, a5, ^uint64(0)))
		} else {
			rest(2)
		}
	case prSetMm:
		d.add("arg2", enumOf(tables.PrSetMm, uint64(uint32(a2)), "PR_SET_MM_???"))
		rest(2)
	case prSetPdeathsig:
		if a2 > 128 {
			d.add("arg2", Uint(a2))
		} else {
			d.add("arg2", sigValue(int64(int32(a2))))
		}
	case prSetPtracer:
		if int32(a2) == -1 {
			d.add("arg2", Sym("PR_SET_PTRACER_ANY"))
		} else {
			d.add("arg2", Int(int32(a2)))
		}
	case prSetSeccomp:
		d.add("arg2", enumOf(tables.SeccompMode, a2, "SECCOMP_MODE_???"))
		switch a2 {
		case seccompModeStrict:
		case seccompModeFilter:
			d.add("arg3", d.psFprog(a3))
		default:
			rest(2)
		}
	case prSetSecurebits:
		d.add("arg2", d.flags(tables.Secbits, a2, "SECBIT_???"))
	case prSetTimerslack:
		d.add("arg2", Int(int64(a2)))
	case prSetTsc:
		d.add("arg2", enumOf(tables.PrTsc, uint64(uint32(a2)), "PR_TSC_???"))
	case prSetUnalign:
		d.add("arg2", d.flags(tables.PrUnalignFlags, uint64(uint32(a2)), "PR_UNALIGN_???"))
	case prSetNoNewPrivs, prSetThpDisable, prSetIoFlusher:
		d.add("arg2", Uint(a2))
		rest(2)
	case prMceKillGet:
		rest(1)
		if d.ok() {
			if n, ok := tables.PrMceKillPolicy.Lookup(uint64(d.ret)); ok {
				d.c.Ret.Aux = n
			}
		}
	case prSetFpMode:
		d.add("arg2", d.flags(tables.PrFpMode, uint64(uint32(a2)), "PR_FP_MODE_???"))
	case prSetSpeculationCtrl:
		d.add("arg2", enumOf(tables.PrSpecCmds, a2, "PR_SPEC_???"))
		switch a2 {
		case prSpecStoreBypass, prSpecIndirectBranch, prSpecL1DFlush:
			d.add("arg3", enumOf(tables.PrSpecSetStoreBypassFlags, a3, "PR_SPEC_???"))
		default:
			d.add("arg3", Hex(a3))
		}
	case prPacResetKeys:
		d.add("arg2", d.flags(tables.PrPacAllKeys, a2, "PR_PAC_???"))
		rest(2)
	case prPacSetEnabledKeys:
		d.add("arg2", d.flags(tables.PrPacEnabledKeys, a2, "PR_PAC_???"))
		d.add("arg3", d.flags(tables.PrPacEnabledKeys, a3, "PR_PAC_???"))
		rest(3)
	case prPacGetEnabledKeys:
		rest(1)
		if d.ok() {
			hexAux(psAuxFlags(tables.PrPacEnabledKeys, uint64(d.ret)))
		}
	case prSetSyscallUserDispatch:
		d.add("arg2", enumOf(tables.PrSudCmds, a2, "PR_SYS_DISPATCH_???"))
		d.add("arg3", Hex(a3))
		d.add("arg4", Hex(a4))
		d.add("arg5", Addr(a5))
	case prSchedCore:
		d.add("arg2", enumOf(tables.PrSchedCoreCmds, uint64(uint32(a2)), "PR_SCHED_CORE_???"))
		d.add("arg3", Int(int32(a3)))
		pt := uint64(uint32(a4))
		if n, ok := tables.PrSchedCorePidtypes.Lookup(pt); ok {
			d.add("arg4", Commented{Hex(pt), n})
		} else {
			d.add("arg4", Commented{Hex(pt), "PIDTYPE_???"})
		}
		if uint32(a2) != prSchedCoreGet {
			d.add("arg5", Addr(a5))
			return
		}
		d.split()
		d.pending()
		if d.exit {
			d.add("arg5", d.psOut(a5, func() Value {
				b, ok := d.out.Bytes(a5, 8)
				if !ok {
					return Addr(a5)
				}
				return ind(Hex(le64(b)))
			}))
		}
	default:
		rest(1)
	}
}

// psFprog shows a struct sock_fprog holding a seccomp filter: its length,
// and its instructions with -v (its address otherwise).
func (d *dec) psFprog(addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := d.in.Bytes(addr, sockFprogSize)
	if !ok {
		return Addr(addr)
	}
	n := uint64(le16(b))
	filter := le64(b[8:])
	var fv Value
	if !d.o.Verbose {
		fv = Addr(filter)
	} else {
		fv = d.psBPF(filter, n)
	}
	return &Struct{Fields: []Field{{"len", Uint(n)}, {"filter", fv}}}
}

// psBPF shows n classic BPF instructions at addr, as strace's
// print_bpf_fprog with seccomp's return values.
func (d *dec) psBPF(addr, n uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if n == 0 {
		return &Array{}
	}
	var data []byte
	if b, ok := d.in.Bytes(addr, int(min(n, bpfMaxInsns+1)*bpfInsnSize)); ok {
		data = b
	} else if b, ok := d.in.Avail(addr); ok {
		data = b
	}
	a := &Array{}
	for i := uint64(0); i < n; i++ {
		off := i * bpfInsnSize
		if off+bpfInsnSize > uint64(len(data)) {
			if i == 0 {
				return Addr(addr)
			}
			a.Elems = append(a.Elems, Sym("... /* "+hexStr(addr+off)+" */"))
			return a
		}
		if i >= bpfMaxInsns {
			a.Elems = append(a.Elems, Sym("..."))
			return a
		}
		a.Elems = append(a.Elems, Sym(psBPFInsn(data[off:off+bpfInsnSize])))
	}
	return a
}

// Classic BPF instruction fields.
const (
	bpfLD   = 0x00
	bpfLDX  = 0x01
	bpfST   = 0x02
	bpfSTX  = 0x03
	bpfALU  = 0x04
	bpfJMP  = 0x05
	bpfRET  = 0x06
	bpfMISC = 0x07
)

func psXval(x *tables.Xlat, v uint64, dflt string) string {
	if n, ok := x.Lookup(v); ok {
		return n
	}
	return hexStr(v) + " /* " + dflt + " */"
}

// psBPFCode is strace's print_bpf_filter_code for classic BPF.
func psBPFCode(code uint16) string {
	class := uint64(code & 0x07)
	i := uint64(code) &^ class
	s := psXval(tables.BpfClass, class, "BPF_???")
	switch class {
	case bpfST, bpfSTX:
		if i != 0 {
			s += "|" + hexStr(i) + " /* BPF_??? */"
		}
	case bpfLD, bpfLDX:
		s += "|" + psXval(tables.BpfSize, uint64(code&0x18), "BPF_???")
		s += "|" + psXval(tables.BpfMode, uint64(code&0xe0), "BPF_???")
	case bpfMISC:
		op := uint64(code & 0xf8)
		s += "|" + psXval(tables.BpfMiscop, op, "BPF_???")
		if i &^= op; i != 0 {
			s += "|" + hexStr(i) + " /* BPF_??? */"
		}
	case bpfALU:
		s += "|" + psXval(tables.BpfSrc, uint64(code&0x08), "BPF_???")
		s += "|" + psXval(tables.BpfOpAlu, uint64(code&0xf0), "BPF_???")
	case bpfJMP:
		s += "|" + psXval(tables.BpfSrc, uint64(code&0x08), "BPF_???")
		s += "|" + psXval(tables.BpfOpJmp, uint64(code&0xf0), "BPF_???")
	case bpfRET:
		rv := uint64(code & 0x18)
		s += "|" + psXval(tables.BpfRval, rv, "BPF_???")
		if i &^= rv; i != 0 {
			s += "|" + hexStr(i) + " /* BPF_??? */"
		}
	}
	return s
}

// psBPFInsn shows one instruction as BPF_STMT(...) or BPF_JUMP(...).
func psBPFInsn(b []byte) string {
	code := le16(b)
	jt, jf := b[2], b[3]
	k := le32(b[4:])
	if jt != 0 || jf != 0 {
		return "BPF_JUMP(" + psBPFCode(code) + ", " + hexStr(uint64(k)) + ", " +
			hexStr(uint64(jt)) + ", " + hexStr(uint64(jf)) + ")"
	}
	ks := hexStr(uint64(k))
	if code&0x07 == bpfRET {
		action := uint64(k) & seccompRetActionFull
		ks = psXval(tables.SeccompRetAction, action, "SECCOMP_RET_???")
		if data := uint64(k) &^ action; data != 0 {
			ks += "|" + hexStr(data)
		}
	}
	return "BPF_STMT(" + psBPFCode(code) + ", " + ks + ")"
}

func decodeSeccomp(d *dec) {
	op := uint32(d.arg(0))
	flags := uint32(d.arg(1))
	args := d.arg(2)
	d.add("operation", enumOf(tables.SeccompOps, uint64(op), "SECCOMP_SET_MODE_???"))
	switch op {
	case seccompGetActionAvail:
		d.add("flags", Hex(uint64(flags)))
		v := Value(Addr(args))
		if args != 0 {
			if b, ok := d.in.Bytes(args, 4); ok {
				v = ind(enumOf(tables.SeccompRetAction, uint64(le32(b)), "SECCOMP_RET_???"))
			}
		}
		d.add("args", v)
	case seccompGetNotifSizes:
		d.add("flags", Hex(uint64(flags)))
		d.split()
		d.pending()
		if !d.exit {
			return
		}
		d.add("args", d.psOut(args, func() Value {
			b, ok := d.out.Bytes(args, 6)
			if !ok {
				return Addr(args)
			}
			return &Struct{Fields: []Field{
				{"seccomp_notif", Uint(le16(b))},
				{"seccomp_notif_resp", Uint(le16(b[2:]))},
				{"seccomp_data", Uint(le16(b[4:]))},
			}}
		}))
	case seccompSetModeFilter:
		d.add("flags", d.flags(tables.SeccompFilterFlags, uint64(flags), "SECCOMP_FILTER_FLAG_???"))
		d.add("args", d.psFprog(args))
	default:
		d.add("flags", Hex(uint64(flags)))
		d.add("args", Addr(args))
	}
}
