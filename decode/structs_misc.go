package decode

import (
	"strconv"
	"strings"

	"mytrace/tables"
)

// Decoders of the misc family with structures of their own: ptrace (and
// the x86-64 register sets), perf_event_open, io_uring, bpf.

func init() {
	register("ptrace", decodePtrace)
	register("perf_event_open", decodePerfEventOpen)
	register("io_uring_setup", decodeIoUringSetup)
	register("io_uring_enter", decodeIoUringEnter)
	register("io_uring_register", decodeIoUringRegister)
	register("bpf", decodeBpf)
}

// ptrace requests.
const (
	ptTraceme         = 0
	ptPeektext        = 1
	ptPeekdata        = 2
	ptPeekuser        = 3
	ptPokeuser        = 6
	ptCont            = 7
	ptKill            = 8
	ptSinglestep      = 9
	ptGetregs         = 12
	ptSetregs         = 13
	ptGetfpregs       = 14
	ptSetfpregs       = 15
	ptAttach          = 0x10
	ptDetach          = 0x11
	ptOldSetoptions   = 0x15
	ptSyscall         = 0x18
	ptSysemu          = 0x1f
	ptSysemuStep      = 0x20
	ptSingleblock     = 0x21
	ptSetoptions      = 0x4200
	ptGeteventmsg     = 0x4201
	ptGetsiginfo      = 0x4202
	ptSetsiginfo      = 0x4203
	ptGetregset       = 0x4204
	ptSetregset       = 0x4205
	ptSeize           = 0x4206
	ptInterrupt       = 0x4207
	ptListen          = 0x4208
	ptPeeksiginfo     = 0x4209
	ptGetsigmask      = 0x420a
	ptSetsigmask      = 0x420b
	ptSeccompFilter   = 0x420c
	ptSeccompMetadata = 0x420d
	ptGetSyscallInfo  = 0x420e

	ntPrstatus = 1
	ntFpregset = 2

	regsSize   = 27 * 8
	fpregsSize = 512
)

// userOffset is strace's print_user_offset_addr.
func userOffset(addr uint64) Value {
	i := len(tables.StructUserOffsets.Vals) - 1
	for i >= 0 && tables.StructUserOffsets.Vals[i].Val > addr {
		i--
	}
	if i < 0 || (i == len(tables.StructUserOffsets.Vals)-1 && addr > tables.StructUserOffsets.Vals[i].Val) {
		return Addr(addr)
	}
	e := tables.StructUserOffsets.Vals[i]
	if e.Val == addr {
		return Sym(e.Name)
	}
	return Sym(e.Name + "+" + strconv.FormatUint(addr-e.Val, 10))
}

var regNames = []string{"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx",
	"rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es",
	"fs", "gs"}

// prstatusRegs shows struct user_regs_struct (NT_PRSTATUS) of size bytes
// at addr in m, as strace's decode_prstatus_regset.
func (d *dec) prstatusRegs(m Mem, addr, size uint64, out bool) Value {
	if size == 0 || size&7 != 0 {
		return Addr(addr)
	}
	n := min(size, regsSize)
	show := func(b []byte) Value {
		s := &Struct{}
		for i := 0; i*8 < int(n); i++ {
			s.Fields = append(s.Fields, field(regNames[i], Hex(le64(b[8*i:]))))
		}
		s.More = size > regsSize
		return s
	}
	if out {
		return d.miscOut(addr, int(n), show)
	}
	return d.structIn(addr, int(n), show)
}

// fpRegs shows struct user_fpregs_struct (NT_FPREGSET) of size bytes, as
// strace's decode_fpregset.
func (d *dec) fpRegs(m Mem, addr, size uint64, out bool) Value {
	if size == 0 || size&7 != 0 {
		return Addr(addr)
	}
	n := min(size, fpregsSize)
	show := func(b []byte) Value {
		s := &Struct{Fields: []Field{field("cwd", Hex(le16(b)))}}
		add := func(off uint64, name string, v Value) {
			if n > off {
				s.Fields = append(s.Fields, field(name, v))
			}
		}
		add(2, "swd", Hex(le16(b[2:])))
		add(4, "ftw", Hex(le16(b[4:])))
		add(6, "fop", Hex(le16(b[6:])))
		add(8, "rip", Hex(le64(b[8:])))
		add(16, "rdp", Hex(le64(b[16:])))
		add(24, "mxcsr", Hex(le32(b[24:])))
		add(28, "mxcr_mask", Hex(le32(b[28:])))
		arr := func(off, cnt uint64, name string) {
			if n <= off {
				return
			}
			k := min((n-off)/4, cnt)
			s.Fields = append(s.Fields, field(name, d.miscHexArray32(b[off:off+4*k])))
		}
		arr(32, 32, "st_space")
		arr(160, 64, "xmm_space")
		arr(416, 24, "padding")
		s.More = size > fpregsSize
		return s
	}
	if out {
		return d.miscOut(addr, int(n), show)
	}
	return d.structIn(addr, int(n), show)
}

// regset shows the register set nt at addr of size bytes.
func (d *dec) regset(nt uint64, addr, size uint64, out bool) Value {
	switch nt {
	case ntPrstatus:
		return d.prstatusRegs(nil, addr, size, out)
	case ntFpregset:
		return d.fpRegs(nil, addr, size, out)
	}
	return Addr(addr)
}

func decodePtrace(d *dec) {
	req, addr, data := d.arg(0), d.arg(2), d.arg(3)
	d.add("request", enumOf(tables.PtraceCmds, req, "PTRACE_???"))
	if req == ptTraceme {
		return
	}
	d.add("pid", d.pidArg(1))
	switch req {
	case ptAttach, ptInterrupt, ptKill, ptListen:
		return
	}
	atExit := func(show func() Value) {
		d.split()
		d.pending()
		if d.exit {
			d.add("data", show())
		}
	}
	switch req {
	case ptPeekuser, ptPokeuser:
		d.add("addr", userOffset(addr))
	case ptGetregset, ptSetregset:
		d.add("addr", enumOf(tables.NtDescriptorTypes, uint64(uint32(addr)), "NT_???"))
	case ptGetsigmask, ptSetsigmask, ptSeccompFilter, ptSeccompMetadata, ptGetSyscallInfo:
		d.add("addr", Uint(addr))
	case ptPeeksiginfo:
		d.add("addr", d.structIn(addr, 16, func(b []byte) Value {
			return &Struct{Fields: []Field{
				field("off", Uint(le64(b))),
				field("flags", flagsOf(tables.PtracePeeksiginfoFlags, uint64(le32(b[8:])), "PTRACE_PEEKSIGINFO_???")),
				field("nr", Uint(le32(b[12:]))),
			}}
		}))
	case ptSetregs:
		d.add("data", d.prstatusRegs(d.in, data, regsSize, false))
		return
	case ptSetfpregs:
		d.add("data", d.fpRegs(d.in, data, fpregsSize, false))
		return
	case ptGetregs:
		atExit(func() Value { return d.prstatusRegs(d.out, data, regsSize, true) })
		return
	case ptGetfpregs:
		atExit(func() Value { return d.fpRegs(d.out, data, fpregsSize, true) })
		return
	default:
		d.add("addr", Addr(addr))
	}
	switch req {
	case ptCont, ptDetach, ptSyscall, ptSinglestep, ptSingleblock, ptSysemu, ptSysemuStep:
		d.add("data", sigValue(int64(int32(data))))
	case ptSeize, ptSetoptions, ptOldSetoptions:
		d.add("data", flagsOf(tables.PtraceSetoptionsFlags, data, "PTRACE_O_???"))
	case ptSetsiginfo:
		d.add("data", psSiginfoAt(d.in, data))
	case ptSetsigmask:
		d.add("data", psSigset(d.in, data, addr, 8))
	case ptGetregset:
		d.ptraceGetregset(addr, data)
	case ptSetregset:
		d.ptraceSetregset(addr, data)
	case ptSeccompMetadata:
		d.ptraceSeccompMetadata(addr, data)
	case ptPeektext, ptPeekdata, ptPeekuser:
		atExit(func() Value {
			return d.miscOut(data, 8, func(b []byte) Value { return ind(Addr(le64(b))) })
		})
	case ptGeteventmsg:
		atExit(func() Value {
			return d.miscOut(data, 8, func(b []byte) Value { return ind(Uint(le64(b))) })
		})
	case ptGetsiginfo:
		atExit(func() Value {
			if d.failed && data != 0 {
				return Addr(data)
			}
			return psSiginfoAt(d.out, data)
		})
	case ptGetsigmask:
		atExit(func() Value {
			if d.failed && data != 0 {
				return Addr(data)
			}
			return psSigset(d.out, data, addr, 8)
		})
	case ptPeeksiginfo:
		atExit(func() Value {
			if d.failed {
				return Addr(data)
			}
			return d.array(d.out, data, uint64(d.ret), 128, func(b []byte) Value { return Siginfo(b, 0) })
		})
	case ptSeccompFilter:
		atExit(func() Value { return d.ptraceSeccompFilter(data) })
	case ptGetSyscallInfo:
		atExit(func() Value { return d.ptraceSyscallInfo(addr, data) })
	default:
		d.add("data", Addr(data))
	}
}

func (d *dec) ptraceGetregset(nt, addr uint64) {
	iovIn, ok := d.in.Bytes(addr, 16)
	if !ok {
		d.add("data", Addr(addr))
		return
	}
	d.split()
	d.pending()
	if !d.exit {
		return
	}
	iov, ok := d.out.Bytes(addr, 16)
	if !ok {
		d.add("data", Addr(addr))
		return
	}
	oldLen, base, newLen := le64(iovIn[8:]), le64(iov), le64(iov[8:])
	var lv Value = Uint(newLen)
	if oldLen != newLen {
		lv = Changed{Uint(oldLen), Uint(newLen)}
	}
	d.add("data", &Struct{Fields: []Field{
		field("iov_base", d.regset(nt, base, newLen, true)),
		field("iov_len", lv),
	}})
}

func (d *dec) ptraceSetregset(nt, addr uint64) {
	iov, ok := d.in.Bytes(addr, 16)
	if !ok {
		d.add("data", Addr(addr))
		return
	}
	base, n := le64(iov), le64(iov[8:])
	// strace leaves the structure open at entry and shows at exit the
	// length the kernel wrote back, when it changed.
	d.add("data", miscOpenStruct{&Struct{Fields: []Field{
		field("iov_base", d.regset(nt, base, n, false)),
		field("iov_len", Uint(n)),
	}}})
	d.split()
	if !d.exit {
		return
	}
	tail := Seq{}
	if after, ok := d.out.Bytes(addr, 16); ok && le64(after[8:]) != n {
		tail = append(tail, Sym(" => "), Uint(le64(after[8:])))
	}
	d.add("", append(tail, Sym("}")))
}

func (d *dec) ptraceSeccompMetadata(size, addr uint64) {
	if size < 8 {
		d.add("data", Addr(addr))
		return
	}
	b, v := d.bytesIn(addr, 8)
	if v != nil {
		d.add("data", v)
		return
	}
	d.add("data", miscOpenStruct{&Struct{Fields: []Field{field("filter_off", Uint(le64(b)))}}})
	d.split()
	if !d.exit {
		return
	}
	tail := Seq{}
	if !d.failed && size > 8 {
		fb, ok := d.out.Bytes(addr+8, 8)
		switch {
		case size < 16 || !ok:
			tail = append(tail, Sym(", ???"))
		default:
			tail = append(tail, Sym(", flags="), flagsOf(tables.SeccompFilterFlags, le64(fb), "SECCOMP_FILTER_FLAG_???"))
			if size > 16 {
				tail = append(tail, Sym(", ..."))
			}
		}
	}
	d.add("", append(tail, Sym("}")))
}

func (d *dec) ptraceSeccompFilter(addr uint64) Value {
	if !d.o.Verbose {
		return Addr(addr)
	}
	n := uint64(uint16(d.ret))
	count := 0
	return d.printArray(d.out, addr, n, 8, func(b []byte, a *Array) bool {
		if count >= bpfMaxInsns {
			a.Elems = append(a.Elems, Sym("..."))
			return false
		}
		count++
		a.Elems = append(a.Elems, Sym(psBPFInsn(b)))
		return true
	})
}

func (d *dec) ptraceSyscallInfo(size, addr uint64) Value {
	const entrySize, exitSize, seccompSize = 80, 33, 84
	if d.failed {
		return Addr(addr)
	}
	n := min(size, uint64(d.ret), seccompSize)
	if n == 0 {
		return Addr(addr)
	}
	b, ok := d.out.Bytes(addr, int(n))
	if !ok {
		return Addr(addr)
	}
	var buf [88]byte
	copy(buf[:], b)
	op := buf[0]
	arch := le32(buf[4:])
	s := &Struct{Fields: []Field{field("op", enumOf(tables.PtraceSyscallInfoOp, uint64(op), "PTRACE_SYSCALL_INFO_???"))}}
	if n < 8 {
		return s
	}
	s.Fields = append(s.Fields, field("arch", enumOf(tables.AuditArch, uint64(arch), "AUDIT_ARCH_???")))
	if n < 16 {
		return s
	}
	s.Fields = append(s.Fields, field("instruction_pointer", Addr(le64(buf[8:]))))
	if n < 24 {
		return s
	}
	s.Fields = append(s.Fields, field("stack_pointer", Addr(le64(buf[16:]))))
	if n < 32 {
		return s
	}
	nrArgs := func(nr uint64, argsOff uint64) *Struct {
		sub := &Struct{}
		name := syscallNameFor(nr, arch)
		if strings.HasPrefix(name, "__NR_") {
			sub.Fields = append(sub.Fields, field("nr", Sym(name)))
		} else {
			sub.Fields = append(sub.Fields, field("nr", Uint(nr)))
		}
		if k := (n - argsOff) / 8; n > argsOff && k > 0 {
			k = min(k, 6)
			var el []Value
			for i := uint64(0); i < k; i++ {
				el = append(el, Hex(le64(buf[argsOff+8*i:])))
			}
			sub.Fields = append(sub.Fields, field("args", d.miscLocalArray(el)))
		}
		return sub
	}
	switch op {
	case 1: // PTRACE_SYSCALL_INFO_ENTRY
		s.Fields = append(s.Fields, field("entry", nrArgs(le64(buf[24:]), 32)))
	case 3: // PTRACE_SYSCALL_INFO_SECCOMP
		sub := nrArgs(le64(buf[24:]), 32)
		if n >= seccompSize {
			sub.Fields = append(sub.Fields, field("ret_data", Uint(le32(buf[80:]))))
		}
		s.Fields = append(s.Fields, field("seccomp", sub))
	case 2: // PTRACE_SYSCALL_INFO_EXIT
		rval := int64(le64(buf[24:]))
		sub := &Struct{}
		if n >= exitSize && buf[32] != 0 {
			if name := ErrnoName(int(-rval)); name != "" && rval < 0 {
				sub.Fields = append(sub.Fields, field("rval", Sym("-"+name)))
			} else {
				sub.Fields = append(sub.Fields, field("rval", Int(rval)))
			}
		} else {
			sub.Fields = append(sub.Fields, field("rval", Int(rval)))
		}
		if n >= exitSize {
			sub.Fields = append(sub.Fields, field("is_error", Uint(buf[32])))
		}
		s.Fields = append(s.Fields, field("exit", sub))
	}
	return s
}

// perf_event_attr fields and types.
const (
	perfTypeHardware   = 0
	perfTypeSoftware   = 1
	perfTypeTracepoint = 2
	perfTypeHwCache    = 3
	perfTypeBreakpoint = 5
	perfAttrVer0       = 64
	perfAttrMax        = 128
	perfSampleBranch   = 1 << 11
	perfSampleStack    = 1 << 13
)

var perfFlagNames = []string{"disabled", "inherit", "pinned", "exclusive", "exclude_user", "exclude_kernel",
	"exclude_hv", "exclude_idle", "mmap", "comm", "freq", "inherit_stat", "enable_on_exec", "task",
	"watermark", "", "", "mmap_data", "sample_id_all", "exclude_host", "exclude_guest",
	"exclude_callchain_kernel", "exclude_callchain_user", "mmap2", "comm_exec", "use_clockid",
	"context_switch", "write_backward", "namespaces", "ksymbol", "bpf_event", "aux_output", "cgroup",
	"text_poke", "build_id", "inherit_thread", "remove_on_exec", "sigtrap"}

var perfPreciseIP = []string{"arbitrary skid", "constant skid", "requested to have 0 skid", "must have 0 skid"}

func decodePerfEventOpen(d *dec) {
	addr := d.arg(0)
	attr, size, ok := d.perfFetch(addr)
	rest := func() {
		d.add("pid", Int(d.int(1)))
		d.add("cpu", Int(d.int(2)))
		d.add("group_fd", Fd(int32(d.arg(3))))
		d.add("flags", flagsOf(tables.PerfEventOpenFlags, d.arg(4), "PERF_FLAG_???"))
	}
	if !ok {
		d.add("attr", Addr(addr))
		rest()
		return
	}
	d.split()
	if !d.exit {
		return
	}
	d.add("attr", d.perfAttr(addr, attr, size))
	rest()
}

// perfFetch reads the perf_event_attr at addr as strace's
// fetch_perf_event_attr: its bytes, how many strace reads, and whether it
// could.
func (d *dec) perfFetch(addr uint64) ([]byte, uint64, bool) {
	if addr == 0 {
		return nil, 0, false
	}
	sb, ok := d.in.Bytes(addr+4, 4)
	if !ok {
		return nil, 0, false
	}
	size := uint64(le32(sb))
	if size > perfAttrMax {
		size = perfAttrMax
	}
	if size == 0 {
		size = perfAttrVer0
	}
	if size < perfAttrVer0 {
		return nil, 0, false
	}
	if !d.o.Verbose {
		size = 48
	}
	b, ok := d.in.Bytes(addr, int(size))
	if !ok {
		return nil, 0, false
	}
	return b, size, true
}

func (d *dec) perfAttr(addr uint64, raw []byte, size uint64) Value {
	var a [perfAttrMax]byte
	copy(a[:], raw)
	typ := le32(a[0:])
	asize := le32(a[4:])
	config := le64(a[8:])
	flags := le64(a[40:])
	sampleType := le64(a[24:])
	s := &Struct{}
	add := func(n string, v Value) { s.Fields = append(s.Fields, field(n, v)) }
	add("type", enumOf(tables.PerfTypeId, uint64(typ), "PERF_TYPE_???"))
	var sv Value = enumOf(tables.PerfAttrSize, uint64(asize), "PERF_ATTR_SIZE_???")
	if d.exit && d.failed && d.ret == -7 { // E2BIG: the kernel wrote the size it wants
		if nb, ok := d.out.Bytes(addr+4, 4); ok {
			sv = Changed{sv, enumOf(tables.PerfAttrSize, uint64(le32(nb)), "PERF_ATTR_SIZE_???")}
		} else {
			sv = Changed{sv, Sym("???")}
		}
	}
	add("size", sv)
	pmu := func(v uint64, shift int) string {
		return hexStr(v) + "<<" + strconv.Itoa(shift) + "|"
	}
	switch typ {
	case perfTypeHardware:
		p := ""
		if config>>32 != 0 {
			p = pmu(config>>32, 32)
		}
		add("config", Seq{Sym(p), enumOf(tables.PerfHwId, config&0xffffffff, "PERF_COUNT_HW_???")})
	case perfTypeSoftware:
		add("config", enumOf(tables.PerfSwIds, config, "PERF_COUNT_SW_???"))
	case perfTypeTracepoint:
		add("config", Uint(config))
	case perfTypeHwCache:
		p := ""
		if config>>32 != 0 {
			p = pmu(config>>32, 32)
		}
		if hi := (config & 0xffffffff) >> 24; hi != 0 {
			p += pmu(hi, 24)
		}
		add("config", Seq{Sym(p),
			enumOf(tables.PerfHwCacheOpResultId, (config>>16)&0xff, "PERF_COUNT_HW_CACHE_RESULT_???"), Sym("<<16|"),
			enumOf(tables.PerfHwCacheOpId, (config>>8)&0xff, "PERF_COUNT_HW_CACHE_OP_???"), Sym("<<8|"),
			enumOf(tables.PerfHwCacheId, config&0xff, "PERF_COUNT_HW_CACHE_???")})
	default:
		add("config", Hex(config))
	}
	if flags&(1<<10) != 0 {
		add("sample_freq", Uint(le64(a[16:])))
	} else {
		add("sample_period", Uint(le64(a[16:])))
	}
	add("sample_type", flagsOf(tables.PerfEventSampleFormat, sampleType, "PERF_SAMPLE_???"))
	add("read_format", flagsOf(tables.PerfEventReadFormat, le64(a[32:]), "PERF_FORMAT_???"))
	verbose := d.o.Verbose
	for i, n := range perfFlagNames {
		if i == 15 {
			add("precise_ip", Commented{V: Uint((flags >> 15) & 3), C: perfPreciseIP[(flags>>15)&3]})
			continue
		}
		if n == "" {
			continue
		}
		bit := (flags >> uint(i)) & 1
		if verbose || bit != 0 {
			add(n, Uint(bit))
		}
	}
	if r := flags >> 38; r != 0 {
		add("__reserved_1", Commented{V: Hex(r), C: "Bits 63..38"})
	}
	more := func() Value {
		if (asize != 0 && uint64(asize) > size) || (asize == 0 && size < perfAttrVer0) {
			s.More = true
		}
		return s
	}
	if !verbose {
		return more()
	}
	if flags&(1<<14) != 0 {
		add("wakeup_watermark", Uint(le32(a[48:])))
	} else {
		add("wakeup_events", Uint(le32(a[48:])))
	}
	bpType := le32(a[52:])
	if typ == perfTypeBreakpoint {
		dflt := "HW_BREAKPOINT_???"
		if bpType <= 4|3 {
			dflt = "HW_BREAKPOINT_INVALID"
		}
		add("bp_type", enumOf(tables.HwBreakpointType, uint64(bpType), dflt))
		add("bp_addr", Hex(le64(a[56:])))
	} else {
		add("config1", Hex(le64(a[56:])))
	}
	// The fields past the first version, each shown when the caller's
	// size goes beyond its offset: strace stops at the first that does
	// not fit. skip leaves out a field (and its size check).
	comment := func(r uint64, bytes string) {
		if r != 0 {
			// strace prints this comment without a separator.
			last := &s.Fields[len(s.Fields)-1]
			last.V = Seq{last.V, Sym(" /* bytes " + bytes + ": " + hexStr(r) + " */")}
		}
	}
	for _, f := range []struct {
		at   uint64
		skip bool
		show func()
	}{
		{64, false, func() {
			if typ == perfTypeBreakpoint {
				add("bp_len", Uint(le64(a[64:])))
			} else {
				add("config2", Hex(le64(a[64:])))
			}
		}},
		{72, false, func() {
			if sampleType&perfSampleBranch != 0 {
				add("branch_sample_type", flagsOf(tables.PerfBranchSampleType, le64(a[72:]), "PERF_SAMPLE_BRANCH_???"))
			}
		}},
		{80, false, func() { add("sample_regs_user", Hex(le64(a[80:]))) }},
		{88, false, func() {
			if sampleType&perfSampleStack != 0 {
				add("sample_stack_user", Hex(le32(a[88:])))
			}
		}},
		{92, flags&(1<<25) == 0, func() { add("clockid", enumOf(tables.Clocknames, uint64(le32(a[92:])), "CLOCK_???")) }},
		{96, false, func() { add("sample_regs_intr", Hex(le64(a[96:]))) }},
		{104, false, func() { add("aux_watermark", Uint(le32(a[104:]))) }},
		{108, false, func() { add("sample_max_stack", Uint(le16(a[108:]))) }},
		{110, false, func() { comment(uint64(le16(a[110:])), "110..111") }},
		{112, false, func() { add("aux_sample_size", Uint(le32(a[112:]))) }},
		{116, false, func() { comment(uint64(le32(a[116:])), "116..119") }},
		{120, false, func() { add("sig_data", Hex(le64(a[120:]))) }},
	} {
		if f.skip {
			continue
		}
		if size <= f.at {
			return more()
		}
		f.show()
	}
	return more()
}

// io_uring_setup and friends.

const uringSetupAttachWQ = 1 << 5

func uringSqOff(b []byte) Value {
	s := &Struct{}
	for i, n := range []string{"head", "tail", "ring_mask", "ring_entries", "flags", "dropped", "array"} {
		s.Fields = append(s.Fields, field(n, Uint(le32(b[4*i:]))))
	}
	if r := le32(b[28:]); r != 0 {
		s.Fields = append(s.Fields, field("resv1", Hex(r)))
	}
	if r := le64(b[32:]); r != 0 {
		s.Fields = append(s.Fields, field("resv2", Hex(r)))
	}
	return s
}

func uringCqOff(b []byte) Value {
	s := &Struct{}
	for i, n := range []string{"head", "tail", "ring_mask", "ring_entries", "overflow", "cqes", "flags"} {
		s.Fields = append(s.Fields, field(n, Uint(le32(b[4*i:]))))
	}
	if r := le32(b[28:]); r != 0 {
		s.Fields = append(s.Fields, field("resv1", Hex(r)))
	}
	if r := le64(b[32:]); r != 0 {
		s.Fields = append(s.Fields, field("resv2", Hex(r)))
	}
	return s
}

func decodeIoUringSetup(d *dec) {
	const size = 120
	addr := d.arg(1)
	d.add("entries", Uint(uint32(d.arg(0))))
	b, v := d.bytesIn(addr, size)
	if v != nil {
		d.add("p", v)
		return
	}
	flags := le32(b[8:])
	s := &Struct{Fields: []Field{
		field("flags", flagsOf(tables.UringSetupFlags, uint64(flags), "IORING_SETUP_???")),
		field("sq_thread_cpu", Hex(le32(b[12:]))),
		field("sq_thread_idle", Uint(le32(b[16:]))),
	}}
	if flags&uringSetupAttachWQ != 0 {
		s.Fields = append(s.Fields, field("wq_fd", Fd(int32(le32(b[24:])))))
	}
	if !miscAllZero(b[28:40]) {
		s.Fields = append(s.Fields, field("resv", d.miscHexArray32(b[28:40])))
	}
	// strace prints the structure's first fields at entry and the
	// rest, with the closing brace, at exit.
	d.add("p", miscOpenStruct{s})
	d.split()
	if !d.exit {
		return
	}
	tail := Seq{}
	if ob, ok := d.out.Bytes(addr, size); ok && !d.failed {
		tail = append(tail, Sym(", "), &Struct{Fields: []Field{
			field("sq_entries", Uint(le32(ob))),
			field("cq_entries", Uint(le32(ob[4:]))),
			field("features", flagsOf(tables.UringSetupFeatures, uint64(le32(ob[20:])), "IORING_FEAT_???")),
			field("sq_off", uringSqOff(ob[40:80])),
			field("cq_off", uringCqOff(ob[80:120])),
		}})
		tail[1] = miscBareStruct{tail[1].(*Struct)}
	}
	d.add("", append(tail, Sym("}")))
}

// miscOpenStruct is a structure whose end strace prints later: "{a=1, b=2".
type miscOpenStruct struct{ s *Struct }

func (v miscOpenStruct) render(b *textBuf, o *Options) {
	var sb textBuf
	v.s.render(&sb, o)
	t := sb.String()
	b.WriteString(t[:len(t)-1])
}

func (v miscOpenStruct) appendJSON(b []byte, o *Options) []byte {
	return appendStructJSON(b, v.s, o)
}

// miscBareStruct is the fields of a structure without its braces: the
// part of a structure strace prints at exit.
type miscBareStruct struct{ s *Struct }

func (v miscBareStruct) render(b *textBuf, o *Options) {
	var sb textBuf
	v.s.render(&sb, o)
	t := sb.String()
	b.WriteString(t[1 : len(t)-1])
}

func (v miscBareStruct) appendJSON(b []byte, o *Options) []byte {
	return appendStructJSON(b, v.s, o)
}

func decodeIoUringEnter(d *dec) {
	d.add("fd", Fd(int32(d.arg(0))))
	d.add("to_submit", Uint(uint32(d.arg(1))))
	d.add("min_complete", Uint(uint32(d.arg(2))))
	d.add("flags", flagsOf(tables.UringEnterFlags, uint64(uint32(d.arg(3))), "IORING_ENTER_???"))
	d.add("sig", psSigset(d.in, d.arg(4), d.arg(5), 8))
	d.add("sigsz", Uint(d.arg(5)))
}

// uringFdElem shows a descriptor of a files-update array: a name for the
// special values below -1.
func uringFdElem(fd int32) Value {
	if fd < -1 {
		if n, ok := tables.UringFilesUpdateFds.Lookup(uint64(int64(fd))); ok {
			return Sym(n)
		}
		return Int(fd)
	}
	return Fd(fd)
}

func decodeIoUringRegister(d *dec) {
	op := uint32(d.arg(1))
	arg := d.arg(2)
	n := uint64(uint32(d.arg(3)))
	d.add("fd", Fd(int32(d.arg(0))))
	d.add("opcode", enumOf(tables.UringRegisterOpcodes, uint64(op), "IORING_REGISTER_???"))
	fds := func(m Mem, addr, cnt uint64, elem func(int32) Value) Value {
		return d.array(m, addr, cnt, 4, func(b []byte) Value { return elem(int32(le32(b))) })
	}
	plainFd := func(fd int32) Value { return Fd(fd) }
	switch op {
	case 0: // IORING_REGISTER_BUFFERS
		d.add("arg", d.filesIov(d.in, arg, n, -1, true))
	case 2, 4, 7: // FILES, EVENTFD, EVENTFD_ASYNC
		d.add("arg", fds(d.in, arg, n, plainFd))
	case 6: // FILES_UPDATE
		d.add("arg", d.structIn(arg, 16, func(b []byte) Value {
			s := &Struct{Fields: []Field{field("offset", Uint(le32(b)))}}
			if r := le32(b[4:]); r != 0 {
				s.Fields = append(s.Fields, field("resv", Hex(r)))
			}
			s.Fields = append(s.Fields, field("fds", fds(d.in, le64(b[8:]), n, uringFdElem)))
			return s
		}))
	case 8: // PROBE
		d.uringProbe(arg, n)
		return
	case 11: // RESTRICTIONS
		d.add("arg", d.array(d.in, arg, n, 16, d.uringRestriction))
	case 13, 15: // FILES2, BUFFERS2
		d.add("arg", d.uringRsrc(arg, n, op, false))
	case 14, 16: // FILES_UPDATE2, BUFFERS_UPDATE
		d.add("arg", d.uringRsrc(arg, n, op, true))
	case 17: // IOWQ_AFF
		d.add("arg", d.cpuset(d.in, arg, uint32(n)))
	case 19: // IOWQ_MAX_WORKERS
		d.uringIowqMax(arg, n)
		return
	case 20: // RING_FDS
		d.add("arg", d.array(d.in, arg, n, 16, func(b []byte) Value {
			s := &Struct{}
			if off := le32(b); off == ^uint32(0) {
				s.Fields = append(s.Fields, field("offset", Int(-1)))
			} else {
				s.Fields = append(s.Fields, field("offset", Uint(off)))
			}
			if r := le32(b[4:]); r != 0 {
				s.Fields = append(s.Fields, field("resv", Hex(r)))
			}
			s.Fields = append(s.Fields, field("data", Fd(int32(le64(b[8:])))))
			return s
		}))
	case 21: // UNREGISTER_RING_FDS
		d.add("arg", d.array(d.in, arg, n, 16, func(b []byte) Value {
			s := &Struct{Fields: []Field{field("offset", Uint(le32(b)))}}
			if r := le32(b[4:]); r != 0 {
				s.Fields = append(s.Fields, field("resv", Hex(r)))
			}
			if r := le64(b[8:]); r != 0 {
				s.Fields = append(s.Fields, field("data", Hex(r)))
			}
			return s
		}))
	case 22, 23: // REGISTER_PBUF_RING, UNREGISTER_PBUF_RING
		d.add("arg", d.structIn(arg, 40, func(b []byte) Value {
			s := &Struct{Fields: []Field{
				field("ring_addr", Addr(le64(b))),
				field("ring_entries", Uint(le32(b[8:]))),
				field("bgid", Uint(le16(b[12:]))),
			}}
			if p := le16(b[14:]); p != 0 {
				s.Fields = append(s.Fields, field("pad", Hex(p)))
			}
			if !miscAllZero(b[16:40]) {
				var el []Value
				for i := 16; i < 40; i += 8 {
					el = append(el, Hex(le64(b[i:])))
				}
				s.Fields = append(s.Fields, field("resv", d.miscLocalArray(el)))
			}
			return s
		}))
	default:
		d.add("arg", Addr(arg))
	}
	d.add("nr_args", Uint(n))
}

func (d *dec) uringRestriction(b []byte) Value {
	op := uint64(le16(b))
	s := &Struct{Fields: []Field{field("opcode", enumOf(tables.UringRestrictionOpcodes, op, "IORING_RESTRICTION_???"))}}
	arg := uint64(b[2])
	switch op {
	case 0:
		s.Fields = append(s.Fields, field("register_op", enumOf(tables.UringRegisterOpcodes, arg, "IORING_REGISTER_???")))
	case 1:
		s.Fields = append(s.Fields, field("sqe_op", enumOf(tables.UringOps, arg, "IORING_OP_???")))
	case 2, 3:
		s.Fields = append(s.Fields, field("sqe_flags", flagsOf(tables.UringSqeFlags, arg, "IOSQE_???")))
	default:
		// strace appends the comment to the opcode.
		s.Fields[0].V = Seq{s.Fields[0].V, Sym(" /* op: " + hexStr(arg) + " */")}
	}
	if r := b[3]; r != 0 {
		s.Fields = append(s.Fields, field("resv", Hex(r)))
	}
	if !miscAllZero(b[4:16]) {
		s.Fields = append(s.Fields, field("resv2", d.miscHexArray32(b[4:16])))
	}
	return s
}

func (d *dec) uringRsrc(addr, size uint64, op uint32, update bool) Value {
	if size < 32 {
		return Addr(addr)
	}
	return d.structIn(addr, 32, func(b []byte) Value {
		s := &Struct{}
		var nr uint64
		data, tags := le64(b[16:]), le64(b[24:])
		if update {
			data, tags = le64(b[8:]), le64(b[16:])
			nr = uint64(le32(b[24:]))
			s.Fields = append(s.Fields, field("offset", Uint(le32(b))))
			if r := le32(b[4:]); r != 0 {
				s.Fields = append(s.Fields, field("resv", Hex(r)))
			}
		} else {
			nr = uint64(le32(b))
			s.Fields = append(s.Fields, field("nr", Uint(nr)),
				field("flags", flagsOf(tables.UringRegisterRsrcFlags, uint64(le32(b[4:])), "IORING_RSRC_REGISTER_???")))
			if r := le64(b[8:]); r != 0 {
				s.Fields = append(s.Fields, field("resv2", Hex(r)))
			}
		}
		switch op {
		case 13: // FILES2
			s.Fields = append(s.Fields, field("data", d.array(d.in, data, nr, 4, func(e []byte) Value {
				return Fd(int32(le32(e)))
			})))
		case 14: // FILES_UPDATE2
			s.Fields = append(s.Fields, field("data", d.array(d.in, data, nr, 4, func(e []byte) Value {
				return uringFdElem(int32(le32(e)))
			})))
		case 15, 16: // BUFFERS2, BUFFERS_UPDATE
			s.Fields = append(s.Fields, field("data", d.filesIov(d.in, data, nr, -1, true)))
		}
		s.Fields = append(s.Fields, field("tags", d.array(d.in, tags, nr, 8, func(e []byte) Value {
			return Hex(le64(e))
		})))
		if update {
			s.Fields = append(s.Fields, field("nr", Uint(nr)))
			if r := le32(b[28:]); r != 0 {
				s.Fields = append(s.Fields, field("resv2", Hex(r)))
			}
		}
		if size > 32 {
			if v := d.miscNonzeroBytes(d.in, addr, 32, min(size, 4096)); v != nil {
				s.Fields = append(s.Fields, Field{V: v})
			}
		}
		return s
	})
}

func (d *dec) uringProbe(addr, n uint64) {
	if n > 256 {
		d.add("arg", Addr(addr))
		d.add("nr_args", Uint(n))
		return
	}
	size := int(16 + 8*n)
	show := func(b []byte, exit bool) Value {
		lastOp := uint64(b[0])
		opsLen := uint64(b[1])
		s := &Struct{Fields: []Field{
			field("last_op", miscXvalU(tables.UringOps, lastOp, "IORING_OP_???")),
			field("ops_len", Uint(opsLen)),
		}}
		if r := le16(b[2:]); r != 0 {
			s.Fields = append(s.Fields, field("resv", Hex(r)))
		}
		if !miscAllZero(b[4:16]) {
			s.Fields = append(s.Fields, field("resv2", d.miscHexArray32(b[4:16])))
		}
		cnt := n
		if exit {
			cnt = min(opsLen, n)
		}
		var el []Value
		for i := uint64(0); i < cnt; i++ {
			e := b[16+8*i:]
			os := &Struct{Fields: []Field{field("op", miscXvalU(tables.UringOps, uint64(e[0]), "IORING_OP_???"))}}
			if e[1] != 0 {
				os.Fields = append(os.Fields, field("resv", Hex(e[1])))
			}
			os.Fields = append(os.Fields, field("flags", flagsOf(tables.UringOpFlags, uint64(le16(e[2:])), "IO_URING_OP_???")))
			if r := le32(e[4:]); r != 0 {
				os.Fields = append(os.Fields, field("resv2", Hex(r)))
			}
			el = append(el, os)
		}
		arr := d.miscLocalArray(el).(*Array)
		if exit && n < opsLen && !arr.More {
			arr.More = true
		}
		s.Fields = append(s.Fields, field("ops", arr))
		return s
	}
	// At entry: the structure when it is not all zeros (else nothing
	// until exit).
	if addr == 0 {
		d.add("arg", Sym("NULL"))
		d.add("nr_args", Uint(n))
		return
	}
	b, ok := d.in.Bytes(addr, size)
	if !ok {
		d.add("arg", Addr(addr))
		d.add("nr_args", Uint(n))
		return
	}
	printed := !miscAllZero(b)
	if printed {
		d.add("arg", show(b, false))
	}
	d.split()
	if !printed {
		d.pending()
	}
	if !d.exit {
		return
	}
	var v Value
	if d.failed {
		if !printed {
			v = Addr(addr)
		}
	} else if ob, ok := d.out.Bytes(addr, size); ok {
		v = show(ob, true)
	} else {
		v = Addr(addr)
	}
	if !printed {
		d.add("arg", v)
		d.add("nr_args", Uint(n))
		return
	}
	tail := Seq{}
	if v != nil {
		tail = append(tail, Sym(" => "), v)
	}
	d.add("nr_args", append(tail, Sym(", "), Uint(n)))
}

// miscXvalU is printxval with an unnamed value shown in decimal.
func miscXvalU(x *tables.Xlat, v uint64, dflt string) Value {
	if n, ok := x.Lookup(v); ok {
		return Sym(n)
	}
	return Commented{V: Uint(v), C: dflt}
}

func (d *dec) uringIowqMax(addr, n uint64) {
	show := func(m Mem) Value {
		return d.printArray(m, addr, n, 4, func(b []byte, a *Array) bool {
			idx := len(a.Elems)
			if a.More {
				return false
			}
			var iv Value
			if nm, ok := tables.UringIowqAcct.Lookup(uint64(idx)); ok {
				iv = Sym(nm)
			} else {
				iv = Commented{V: Uint(idx), C: "IO_WQ_???"}
			}
			a.Elems = append(a.Elems, Seq{Sym("["), iv, Sym("]="), Uint(le32(b))})
			return true
		})
	}
	entry := show(d.in)
	// strace goes on at exit only when it could read the whole array.
	whole := false
	if a, ok := entry.(*Array); ok {
		whole = true
		if k := len(a.Elems); k > 0 {
			if s, ok := a.Elems[k-1].(Sym); ok && strings.HasPrefix(string(s), "... /* ") {
				whole = false
			}
		}
	}
	if !whole {
		d.add("arg", entry)
		d.add("nr_args", Uint(n))
		return
	}
	// A whole array at entry: strace shows the values the kernel wrote
	// back after " => ".
	d.add("arg", Seq{entry, Sym(" => ")})
	d.split()
	if !d.exit {
		return
	}
	var ev Value
	if d.failed {
		ev = Addr(addr)
	} else {
		ev = show(d.out)
	}
	d.add("nr_args", Seq{ev, Sym(", "), Uint(n)})
}

// bpf commands.
const (
	bpfMapCreate       = 0
	bpfMapLookupElem   = 1
	bpfMapUpdateElem   = 2
	bpfMapDeleteElem   = 3
	bpfMapGetNextKey   = 4
	bpfProgLoad        = 5
	bpfObjPin          = 6
	bpfObjGet          = 7
	bpfProgAttach      = 8
	bpfProgDetach      = 9
	bpfProgTestRun     = 10
	bpfProgGetNextID   = 11
	bpfMapGetNextID    = 12
	bpfProgGetFdByID   = 13
	bpfMapGetFdByID    = 14
	bpfObjGetInfoByFd  = 15
	bpfProgQuery       = 16
	bpfRawTracepoint   = 17
	bpfBtfLoad         = 18
	bpfBtfGetFdByID    = 19
	bpfTaskFdQuery     = 20
	bpfMapLookupDelete = 21
	bpfMapFreeze       = 22
	bpfBtfGetNextID    = 23
	bpfMapLookupBatch  = 24
	bpfMapLookupDelBat = 25
	bpfMapUpdateBatch  = 26
	bpfMapDeleteBatch  = 27
	bpfLinkCreate      = 28
	bpfLinkUpdate      = 29
	bpfLinkGetFdByID   = 30
	bpfLinkGetNextID   = 31
)

// bpfAttrSize is the size of each command's attribute structure as
// strace 6.1 knows it.
var bpfAttrSize = [...]int{
	bpfMapCreate: 72, bpfMapLookupElem: 32, bpfMapUpdateElem: 32, bpfMapDeleteElem: 16,
	bpfMapGetNextKey: 24, bpfProgLoad: 128, bpfObjPin: 16, bpfObjGet: 16, bpfProgAttach: 20,
	bpfProgDetach: 12, bpfProgTestRun: 76, bpfProgGetNextID: 12, bpfMapGetNextID: 12,
	bpfProgGetFdByID: 12, bpfMapGetFdByID: 12, bpfObjGetInfoByFd: 16, bpfProgQuery: 28,
	bpfRawTracepoint: 12, bpfBtfLoad: 28, bpfBtfGetFdByID: 4, bpfTaskFdQuery: 48,
	bpfMapLookupDelete: 32, bpfMapFreeze: 4, bpfBtfGetNextID: 12, bpfMapLookupBatch: 56,
	bpfMapLookupDelBat: 56, bpfMapUpdateBatch: 56, bpfMapDeleteBatch: 56, bpfLinkCreate: 48,
	bpfLinkUpdate: 16, bpfLinkGetFdByID: 4, bpfLinkGetNextID: 12,
}

// bpfAttr builds the structure of a bpf attribute, stopping where the
// caller's size ends as strace does.
type bpfAttr struct {
	d    *dec
	b    []byte // the attribute, zero-extended to the structure's size
	raw  []byte // the bytes the caller passed
	n    int    // min(caller's size, structure size)
	s    *Struct
	stop bool // the caller's size ended before a field: no extra data
}

func (a *bpfAttr) u32(off int) uint64 { return uint64(le32(a.b[off:])) }
func (a *bpfAttr) u64(off int) uint64 { return le64(a.b[off:]) }
func (a *bpfAttr) add(name string, v Value) {
	a.s.Fields = append(a.s.Fields, field(name, v))
}

// has reports whether the caller's structure reaches off; when it does
// not, strace stops decoding there.
func (a *bpfAttr) has(off int) bool {
	if a.n <= off {
		a.stop = true
		return false
	}
	return true
}

func (a *bpfAttr) fd(name string, off int) { a.add(name, Fd(int32(a.u32(off)))) }
func (a *bpfAttr) u(name string, off int)  { a.add(name, Uint(a.u32(off))) }
func (a *bpfAttr) ptr(name string, off int) {
	a.add(name, Addr(a.u64(off)))
}

// extra is strace's decode_attr_extra_data: the bytes past the structure
// when any is not zero.
func (a *bpfAttr) extra(size int) Value {
	if a.stop || len(a.raw) <= size {
		return nil
	}
	rest := a.raw[size:]
	if miscAllZero(rest) {
		return nil
	}
	if !a.d.o.Verbose {
		return Sym("...")
	}
	return Seq{Sym("extra_data="), miscHexBytes(rest),
		Sym(" /* bytes " + strconv.Itoa(size) + ".." + strconv.Itoa(size+len(rest)-1) + " */")}
}

// finish adds the extra data to a structure decoded whole.
func (a *bpfAttr) finish(size int) Value {
	if v := a.extra(size); v != nil {
		a.s.Fields = append(a.s.Fields, Field{V: v})
	}
	return a.s
}

func decodeBpf(d *dec) {
	cmd := uint32(d.arg(0))
	addr := d.arg(1)
	size := uint32(d.arg(2))
	d.add("cmd", enumOf(tables.BpfCommands, uint64(cmd), "BPF_???"))
	d.retFmt = func(r int64) Value { return Int(r) }
	sizeV := Uint(size)
	if size == 0 || size > 4096 || cmd >= uint32(len(bpfAttrSize)) {
		d.add("attr", Addr(addr))
		d.add("size", sizeV)
		return
	}
	raw, ok := d.in.Bytes(addr, int(size))
	if !ok {
		d.add("attr", Addr(addr))
		d.add("size", sizeV)
		return
	}
	asz := bpfAttrSize[cmd]
	mk := func(raw []byte) *bpfAttr {
		b := make([]byte, max(asz, 128))
		copy(b, raw)
		return &bpfAttr{d: d, b: b, raw: raw, n: min(int(size), asz), s: &Struct{}}
	}
	a := mk(raw)
	fdRet := func() { d.retFmt = func(r int64) Value { return Fd(int32(r)) } }
	whole := func(v Value) {
		d.add("attr", v)
		d.add("size", sizeV)
	}
	// exitAttr is the attribute read again at exit.
	exitAttr := func() *bpfAttr {
		if ob, ok := d.out.Bytes(addr, int(size)); ok {
			return mk(ob)
		}
		return a
	}
	switch cmd {
	case bpfMapCreate:
		whole(d.bpfMapCreate(a))
		fdRet()
	case bpfMapLookupElem, bpfMapLookupDelete:
		a.fd("map_fd", 0)
		a.ptr("key", 8)
		a.ptr("value", 16)
		if a.has(24) {
			a.add("flags", flagsOf(tables.BpfMapLookupElemFlags, a.u64(24), "BPF_???"))
		}
		whole(a.finish(asz))
	case bpfMapUpdateElem:
		a.fd("map_fd", 0)
		a.ptr("key", 8)
		a.ptr("value", 16)
		a.add("flags", enumOf(tables.BpfMapUpdateElemFlags, a.u64(24), "BPF_???"))
		whole(a.finish(asz))
	case bpfMapDeleteElem:
		a.fd("map_fd", 0)
		a.ptr("key", 8)
		whole(a.finish(asz))
	case bpfMapGetNextKey:
		a.fd("map_fd", 0)
		a.ptr("key", 8)
		a.ptr("next_key", 16)
		whole(a.finish(asz))
	case bpfMapFreeze:
		a.fd("map_fd", 0)
		whole(a.finish(asz))
	case bpfProgLoad:
		whole(d.bpfProgLoad(a))
		fdRet()
	case bpfObjPin, bpfObjGet:
		a.add("pathname", d.path(a.u64(0)))
		a.fd("bpf_fd", 8)
		if a.has(12) {
			a.add("file_flags", flagsOf(tables.BpfFileModeFlags, a.u32(12), "BPF_F_???"))
		}
		whole(a.finish(asz))
		fdRet()
	case bpfProgAttach:
		a.fd("target_fd", 0)
		a.fd("attach_bpf_fd", 4)
		a.add("attach_type", enumOf(tables.BpfAttachType, a.u32(8), "BPF_???"))
		a.add("attach_flags", flagsOf(tables.BpfAttachFlags, a.u32(12), "BPF_F_???"))
		if a.has(16) {
			a.fd("replace_bpf_fd", 16)
		}
		whole(a.finish(asz))
	case bpfProgDetach:
		a.fd("target_fd", 0)
		a.add("attach_type", enumOf(tables.BpfAttachType, a.u32(8), "BPF_???"))
		whole(a.finish(asz))
	case bpfProgTestRun:
		t := &Struct{}
		inner := &bpfAttr{d: d, b: a.b, s: t}
		inner.fd("prog_fd", 0)
		inner.u("retval", 4)
		inner.u("data_size_in", 8)
		inner.u("data_size_out", 12)
		inner.ptr("data_in", 16)
		inner.ptr("data_out", 24)
		inner.u("repeat", 32)
		inner.u("duration", 36)
		if a.n > 40 {
			inner.u("ctx_size_in", 40)
			inner.u("ctx_size_out", 44)
			inner.ptr("ctx_in", 48)
			inner.ptr("ctx_out", 56)
		}
		if a.n > 64 {
			inner.add("flags", flagsOf(tables.BpfTestRunFlags, a.u32(64), "BPF_F_???"))
			inner.u("cpu", 68)
		}
		if a.n > 72 {
			inner.u("batch_size", 72)
		}
		a.add("test", t)
		whole(a.finish(asz))
	case bpfProgGetNextID, bpfMapGetNextID, bpfBtfGetNextID, bpfLinkGetNextID:
		a.u("start_id", 0)
		a.u("next_id", 4)
		d.add("attr", miscOpenStruct{a.s})
		d.split()
		if !d.exit {
			return
		}
		e := exitAttr()
		tail := Seq{}
		if e.u32(4) != a.u32(4) {
			tail = append(tail, Sym(" => "), Uint(e.u32(4)))
		}
		if e.has(8) {
			tail = append(tail, Sym(", open_flags="), flagsOf(tables.BpfFileModeFlags, e.u32(8), "BPF_F_???"))
			if v := e.extra(asz); v != nil {
				tail = append(tail, Sym(", "), v)
			}
		}
		d.add("size", append(tail, Sym("}, "), sizeV))
	case bpfProgGetFdByID, bpfMapGetFdByID:
		if cmd == bpfProgGetFdByID {
			a.u("prog_id", 0)
		} else {
			a.u("map_id", 0)
		}
		a.u("next_id", 4)
		if a.has(8) {
			a.add("open_flags", flagsOf(tables.BpfFileModeFlags, a.u32(8), "BPF_F_???"))
		}
		whole(a.finish(asz))
		fdRet()
	case bpfObjGetInfoByFd:
		d.bpfObjGetInfo(a, exitAttr, sizeV)
	case bpfProgQuery:
		q := &Struct{}
		inner := &bpfAttr{d: d, b: a.b, s: q}
		inner.fd("target_fd", 0)
		inner.add("attach_type", enumOf(tables.BpfAttachType, a.u32(4), "BPF_???"))
		inner.add("query_flags", flagsOf(tables.BpfQueryFlags, a.u32(8), "BPF_F_QUERY_???"))
		inner.add("attach_flags", flagsOf(tables.BpfAttachFlags, a.u32(12), "BPF_F_???"))
		d.add("attr", Seq{Sym("{query="), miscOpenStruct{q}, Sym(", prog_ids=")})
		d.split()
		if !d.exit {
			return
		}
		e := exitAttr()
		ids := d.outArray(e.u64(16), e.u32(24), 4, func(b []byte) Value { return Uint(le32(b)) })
		var cnt Value = Uint(e.u32(24))
		if a.u32(24) != e.u32(24) {
			cnt = Changed{Uint(a.u32(24)), Uint(e.u32(24))}
		}
		tail := Seq{ids, Sym(", prog_cnt="), cnt, Sym("}")}
		if v := e.extra(asz); v != nil {
			tail = append(tail, Sym(", "), v)
		}
		d.add("size", append(tail, Sym("}, "), sizeV))
	case bpfRawTracepoint:
		r := &Struct{Fields: []Field{
			field("name", d.pstr(d.in, a.u64(0), 128, qZeroTerm)),
			field("prog_fd", Fd(int32(a.u32(8)))),
		}}
		a.add("raw_tracepoint", r)
		whole(a.finish(asz))
	case bpfBtfLoad:
		a.add("btf", d.buf(d.in, a.u64(0), a.u32(16)))
		a.ptr("btf_log_buf", 8)
		a.u("btf_size", 16)
		a.u("btf_log_size", 20)
		a.u("btf_log_level", 24)
		whole(a.finish(asz))
		fdRet()
	case bpfBtfGetFdByID:
		a.u("btf_id", 0)
		whole(a.finish(asz))
		fdRet()
	case bpfLinkGetFdByID:
		a.u("link_id", 0)
		whole(a.finish(asz))
		fdRet()
	case bpfTaskFdQuery:
		q := &Struct{Fields: []Field{
			field("pid", Int(int32(a.u32(0)))),
			field("fd", Fd(int32(a.u32(4)))),
			field("flags", Uint(a.u32(8))),
			field("buf_len", Uint(a.u32(12))),
		}}
		d.add("attr", Seq{Sym("{task_fd_query="), miscOpenStruct{q}})
		d.split()
		if !d.exit {
			return
		}
		e := exitAttr()
		tail := Seq{}
		if e.u32(12) != a.u32(12) {
			tail = append(tail, Sym(" => "), Uint(e.u32(12)))
		}
		rest := &Struct{Fields: []Field{
			field("buf", d.pstr(d.out, e.u64(16), min(a.u32(12), e.u32(12)), qZeroTerm)),
			field("prog_id", Uint(e.u32(24))),
			field("fd_type", enumOf(tables.BpfTaskFdType, e.u32(28), "BPF_FD_TYPE_???")),
			field("probe_offset", Hex(e.u64(32))),
			field("probe_addr", Hex(e.u64(40))),
		}}
		tail = append(tail, Sym(", "), miscBareStruct{rest}, Sym("}"))
		if v := e.extra(asz); v != nil {
			tail = append(tail, Sym(", "), v)
		}
		d.add("size", append(tail, Sym("}, "), sizeV))
	case bpfMapLookupBatch, bpfMapLookupDelBat, bpfMapUpdateBatch, bpfMapDeleteBatch:
		bt := &Struct{}
		inner := &bpfAttr{d: d, b: a.b, s: bt}
		if cmd == bpfMapLookupBatch || cmd == bpfMapLookupDelBat {
			inner.ptr("in_batch", 0)
			inner.ptr("out_batch", 8)
		}
		inner.ptr("keys", 16)
		if cmd != bpfMapDeleteBatch {
			inner.ptr("values", 24)
		}
		inner.u("count", 32)
		inner.fd("map_fd", 36)
		inner.add("elem_flags", flagsOf(tables.BpfMapLookupElemFlags, a.u64(40), "BPF_???"))
		inner.add("flags", Hex(a.u64(48)))
		a.add("batch", bt)
		d.add("attr", a.finish(asz))
		d.split()
		if !d.exit {
			return
		}
		e := exitAttr()
		tail := Seq{}
		if e.u32(32) != a.u32(32) {
			tail = append(tail, Sym(" => "), &Struct{Fields: []Field{field("batch",
				&Struct{Fields: []Field{field("count", Uint(e.u32(32)))}})}})
		}
		d.add("size", append(tail, Sym(", "), sizeV))
	case bpfLinkCreate:
		whole(d.bpfLinkCreate(a))
		fdRet()
	case bpfLinkUpdate:
		l := &Struct{}
		inner := &bpfAttr{d: d, b: a.b, s: l}
		inner.fd("link_fd", 0)
		inner.fd("new_prog_fd", 4)
		flags := a.u32(8)
		inner.add("flags", flagsOf(tables.BpfAttachFlags, flags, "BPF_F_???"))
		if flags&4 != 0 { // BPF_F_REPLACE
			inner.fd("old_prog_fd", 12)
		}
		a.add("link_update", l)
		whole(a.finish(asz))
	default:
		whole(Addr(addr))
	}
}

func (d *dec) bpfMapCreate(a *bpfAttr) Value {
	a.add("map_type", enumOf(tables.BpfMapTypes, a.u32(0), "BPF_MAP_TYPE_???"))
	a.u("key_size", 4)
	a.u("value_size", 8)
	a.u("max_entries", 12)
	if !a.has(16) {
		return a.s
	}
	flags := a.u32(16)
	a.add("map_flags", flagsOf(tables.BpfMapFlags, flags, "BPF_F_???"))
	if !a.has(20) {
		return a.s
	}
	a.fd("inner_map_fd", 20)
	if !a.has(24) {
		return a.s
	}
	if flags&4 != 0 { // BPF_F_NUMA_NODE
		v := a.u32(24)
		if n, ok := tables.NumaNode.Lookup(v); ok {
			a.add("numa_node", Commented{V: Uint(v), C: n})
		} else {
			a.add("numa_node", Uint(v))
		}
	}
	if !a.has(28) {
		return a.s
	}
	a.add("map_name", miscCstr{b: a.b[28:44], size: min(16, a.n-28)})
	if !a.has(44) {
		return a.s
	}
	a.add("map_ifindex", netIfindex(uint32(a.u32(44))))
	if !a.has(48) {
		return a.s
	}
	a.fd("btf_fd", 48)
	a.u("btf_key_type_id", 52)
	a.u("btf_value_type_id", 56)
	if !a.has(60) {
		return a.s
	}
	a.u("btf_vmlinux_value_type_id", 60)
	if !a.has(64) {
		return a.s
	}
	if v := a.u64(64); v == ^uint64(0) {
		a.add("map_extra", Sym("UINT64_MAX"))
	} else {
		a.add("map_extra", Uint(v))
	}
	return a.finish(72)
}

// ebpfCode is strace's print_bpf_filter_code for eBPF instructions.
func ebpfCode(code uint8) string {
	class := uint64(code & 0x07)
	i := uint64(code) &^ class
	s := psXval(tables.EbpfClass, class, "BPF_???")
	xv := func(v uint64, tabs ...*tables.Xlat) string {
		for _, t := range tabs {
			if n, ok := t.Lookup(v); ok {
				return n
			}
		}
		return hexStr(v) + " /* BPF_??? */"
	}
	switch class {
	case bpfLD, bpfLDX, bpfST, bpfSTX:
		s += "|" + xv(uint64(code&0x18), tables.BpfSize, tables.EbpfSize)
		s += "|" + xv(uint64(code&0xe0), tables.EbpfMode)
	case bpfALU, bpfMISC:
		s += "|" + xv(uint64(code&0x08), tables.BpfSrc)
		s += "|" + xv(uint64(code&0xf0), tables.BpfOpAlu, tables.EbpfOpAlu)
	case bpfJMP:
		s += "|" + xv(uint64(code&0x08), tables.BpfSrc)
		s += "|" + xv(uint64(code&0xf0), tables.BpfOpJmp, tables.EbpfOpJmp)
	case bpfRET:
		if i != 0 {
			s += "|" + hexStr(i) + " /* BPF_??? */"
		}
	}
	return s
}

// ebpfProg shows n eBPF instructions at addr: with -v the instructions,
// else the address.
func (d *dec) ebpfProg(m Mem, addr, n uint64) Value {
	if !d.o.Verbose {
		return Addr(addr)
	}
	count := 0
	return d.printArray(m, addr, n, 8, func(b []byte, a *Array) bool {
		if count >= bpfMaxInsns {
			a.Elems = append(a.Elems, Sym("..."))
			return false
		}
		count++
		a.Elems = append(a.Elems, &Struct{Fields: []Field{
			field("code", Sym(ebpfCode(b[0]))),
			field("dst_reg", enumOf(tables.EbpfRegs, uint64(b[1]&0xf), "BPF_REG_???")),
			field("src_reg", enumOf(tables.EbpfRegs, uint64(b[1]>>4), "BPF_REG_???")),
			field("off", Int(int16(le16(b[2:])))),
			field("imm", Hex(le32(b[4:]))),
		}})
		return true
	})
}

func (d *dec) bpfProgLoad(a *bpfAttr) Value {
	a.add("prog_type", enumOf(tables.BpfProgTypes, a.u32(0), "BPF_PROG_TYPE_???"))
	a.u("insn_cnt", 4)
	a.add("insns", d.ebpfProg(d.in, a.u64(8), a.u32(4)))
	a.add("license", d.cstr(a.u64(16)))
	if !a.has(24) {
		return a.s
	}
	a.u("log_level", 24)
	a.u("log_size", 28)
	a.add("log_buf", d.pstr(d.in, a.u64(32), a.u32(28), qZeroTerm))
	if !a.has(40) {
		return a.s
	}
	v := a.u32(40)
	a.add("kern_version", Sym("KERNEL_VERSION("+strconv.FormatUint(v>>16, 10)+", "+
		strconv.FormatUint((v>>8)&0xff, 10)+", "+strconv.FormatUint(v&0xff, 10)+")"))
	if !a.has(44) {
		return a.s
	}
	a.add("prog_flags", flagsOf(tables.BpfProgFlags, a.u32(44), "BPF_F_???"))
	if !a.has(48) {
		return a.s
	}
	a.add("prog_name", miscCstr{b: a.b[48:64], size: min(16, a.n-48)})
	if !a.has(64) {
		return a.s
	}
	a.add("prog_ifindex", netIfindex(uint32(a.u32(64))))
	if !a.has(68) {
		return a.s
	}
	a.add("expected_attach_type", enumOf(tables.BpfAttachType, a.u32(68), "BPF_???"))
	if !a.has(72) {
		return a.s
	}
	a.fd("prog_btf_fd", 72)
	a.u("func_info_rec_size", 76)
	a.ptr("func_info", 80)
	a.u("func_info_cnt", 88)
	a.u("line_info_rec_size", 92)
	a.ptr("line_info", 96)
	a.u("line_info_cnt", 104)
	if !a.has(108) {
		return a.s
	}
	a.u("attach_btf_id", 108)
	if !a.has(112) {
		return a.s
	}
	a.fd("attach_prog_fd", 112)
	if !a.has(120) {
		return a.s
	}
	a.ptr("fd_array", 120)
	return a.finish(128)
}

func (d *dec) bpfLinkCreate(a *bpfAttr) Value {
	const attachIter, attachPerfEvent, attachKprobeMulti = 28, 41, 42
	l := &Struct{}
	inner := &bpfAttr{d: d, b: a.b, s: l}
	inner.fd("prog_fd", 0)
	inner.fd("target_fd", 4)
	typ := a.u32(8)
	inner.add("attach_type", enumOf(tables.BpfAttachType, typ, "BPF_???"))
	inner.add("flags", Hex(a.u32(12)))
	a.add("link_create", l)
	if !a.has(16) {
		return a.s
	}
	size := 48
	switch typ {
	case 0:
		if v := a.u32(16); v != 0 {
			inner.add("target_btf_id", Uint(v))
		}
		size = 20
	case attachIter:
		inner.add("iter_info", d.array(d.in, a.u64(16), a.u32(24), 4, func(b []byte) Value {
			return &Struct{Fields: []Field{field("map", &Struct{Fields: []Field{
				field("map_fd", Fd(int32(le32(b))))}})}}
		}))
		inner.u("iter_info_len", 24)
		size = 28
	case attachPerfEvent:
		inner.add("perf_event", &Struct{Fields: []Field{field("bpf_cookie", Hex(a.u64(16)))}})
		size = 24
	case attachKprobeMulti:
		cnt := a.u32(20)
		k := &Struct{Fields: []Field{
			field("flags", flagsOf(tables.BpfLinkCreateKprobeMultiFlags, a.u32(16), "BPF_F_???")),
			field("cnt", Uint(cnt)),
			field("syms", d.array(d.in, a.u64(24), cnt, 8, func(b []byte) Value { return d.cstr(le64(b)) })),
			field("addrs", d.array(d.in, a.u64(32), cnt, 8, func(b []byte) Value { return Hex(le64(b)) })),
			field("cookies", d.array(d.in, a.u64(40), cnt, 8, func(b []byte) Value { return Hex(le64(b)) })),
		}}
		inner.add("kprobe_multi", k)
		size = 48
	default:
		size = 16
	}
	return a.finish(size)
}

// bpfObjGetInfo decodes BPF_OBJ_GET_INFO_BY_FD: the descriptor and
// length at entry, the information the kernel wrote at exit.
func (d *dec) bpfObjGetInfo(a *bpfAttr, exitAttr func() *bpfAttr, sizeV Value) {
	fd := int32(a.u32(0))
	info := &Struct{Fields: []Field{
		field("bpf_fd", Fd(fd)),
		field("info_len", Uint(a.u32(4))),
	}}
	d.add("attr", Seq{Sym("{info="), miscOpenStruct{info}})
	d.split()
	if !d.exit {
		return
	}
	e := exitAttr()
	tail := Seq{}
	if e.u32(4) != a.u32(4) {
		tail = append(tail, Sym(" => "), Uint(e.u32(4)))
	}
	tail = append(tail, Sym(", info="), &bpfInfoValue{d: d, fd: fd, addr: e.u64(8), n: e.u32(4)}, Sym("}"))
	if v := e.extra(16); v != nil {
		tail = append(tail, Sym(", "), v)
	}
	d.add("size", append(tail, Sym("}, "), sizeV))
}

// bpfInfoValue is the information of a bpf object: with -v and a map
// descriptor (known from what the descriptor refers to), its bpf_map_info;
// else its address.
type bpfInfoValue struct {
	d    *dec
	fd   int32
	addr uint64
	n    uint64
}

func (v *bpfInfoValue) render(b *textBuf, o *Options) {
	if !o.Verbose || o.FdPath == nil || o.FdPath(v.fd) != "anon_inode:bpf-map" ||
		v.n == 0 || v.n > 4096 {
		Addr(v.addr).render(b, o)
		return
	}
	raw, ok := v.d.out.Bytes(v.addr, int(v.n))
	if !ok {
		Addr(v.addr).render(b, o)
		return
	}
	buf := make([]byte, 128)
	copy(buf, raw)
	a := &bpfAttr{d: v.d, b: buf, raw: raw, n: min(int(v.n), 88), s: &Struct{}}
	a.add("type", enumOf(tables.BpfMapTypes, a.u32(0), "BPF_MAP_TYPE_???"))
	a.u("id", 4)
	a.u("key_size", 8)
	a.u("value_size", 12)
	a.u("max_entries", 16)
	a.add("map_flags", flagsOf(tables.BpfMapFlags, a.u32(20), "BPF_F_???"))
	if a.has(24) {
		a.add("name", miscCstr{b: a.b[24:40], size: 16})
		if a.has(40) {
			a.add("ifindex", netIfindex(uint32(a.u32(40))))
			a.u("btf_vmlinux_value_type_id", 44)
			a.add("netns_dev", Makedev(a.u64(48)))
			a.add("netns_ino", Uint(a.u64(56)))
			if a.has(64) {
				a.u("btf_id", 64)
				a.u("btf_key_type_id", 68)
				a.u("btf_value_type_id", 72)
				a.finish(88)
			}
		}
	}
	a.s.render(b, o)
}

func (v *bpfInfoValue) appendJSON(b []byte, o *Options) []byte {
	return appendTextJSON(b, renderPlain(v, o))
}

// outArray is d.array for memory the call wrote: after a failed call
// strace shows the address (its tfetch_mem does not read then).
func (d *dec) outArray(addr, n uint64, size int, elem func([]byte) Value) Value {
	if d.failed && addr != 0 {
		return Addr(addr)
	}
	return d.array(d.out, addr, n, size, elem)
}
