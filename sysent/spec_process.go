package sysent

import "mytrace/tables"

func init() { specSources = append(specSources, processSpecs) }

// processSpecs returns the descriptions of the process, credential and signal syscalls. Most
// have decoders of their own in package decode; the argument lists here
// decide what memory is captured.
func processSpecs() map[string]Spec {
	return map[string]Spec{
		"arch_prctl":      {Args: []Arg{en("code", tables.Archvals), a("addr", Hex)}, Capture: capArchPrctl, Reads: []Read{rMaybe(rOut(1, 8))}},
		"getpid":          {},
		"getppid":         {},
		"gettid":          {},
		"getuid":          {},
		"geteuid":         {},
		"getgid":          {},
		"getegid":         {},
		"getpgrp":         {},
		"setsid":          {},
		"fork":            {},
		"vfork":           {},
		"pause":           {},
		"getpgid":         {Args: []Arg{a("pid", Pid)}},
		"getsid":          {Args: []Arg{a("pid", Pid)}},
		"setpgid":         {Args: []Arg{a("pid", Pid), a("pgid", Pid)}},
		"setuid":          {Args: []Arg{a("uid", Uint)}},
		"setgid":          {Args: []Arg{a("gid", Uint)}},
		"setreuid":        {Args: []Arg{a("ruid", Uint), a("euid", Uint)}},
		"setregid":        {Args: []Arg{a("rgid", Uint), a("egid", Uint)}},
		"setresuid":       {Args: []Arg{a("ruid", Uint), a("euid", Uint), a("suid", Uint)}},
		"setresgid":       {Args: []Arg{a("rgid", Uint), a("egid", Uint), a("sgid", Uint)}},
		"setfsuid":        {Args: []Arg{a("fsuid", Uint)}},
		"setfsgid":        {Args: []Arg{a("fsgid", Uint)}},
		"getresuid":       {Args: []Arg{custom("ruid", capOut4), custom("euid", capOut4), custom("suid", capOut4)}, Reads: []Read{rOut(0, 4), rOut(1, 4), rOut(2, 4)}},
		"getresgid":       {Args: []Arg{custom("rgid", capOut4), custom("egid", capOut4), custom("sgid", capOut4)}, Reads: []Read{rOut(0, 4), rOut(1, 4), rOut(2, 4)}},
		"setgroups":       {Args: []Arg{a("size", Int), custom("list", capSetgroups)}, Reads: []Read{rInArg(1, 0, 4, 256<<10)}},
		"getgroups":       {Args: []Arg{a("size", Int), custom("list", capGetgroups)}, Reads: []Read{rOutRet(1, 4, 256<<10)}},
		"set_tid_address": {Args: []Arg{a("tidptr", Hex)}},
		"set_robust_list": {Args: []Arg{a("head", Ptr), a("len", Ulong)}},
		// strace 6.1 has no decoder for rseq: every argument in hexadecimal.
		"rseq": {Args: []Arg{a("rseq", Hex), a("rseq_len", Hex), a("flags", Hex), a("sig", Hex)}},
		"prlimit64": {Args: []Arg{a("pid", Pid), en("resource", tables.Resources), sIn("new_limit", "rlimit64", SizeRlimit),
			sOut("old_limit", "rlimit64", SizeRlimit)}},
		"getrlimit":      {Args: []Arg{en("resource", tables.Resources), sOut("rlim", "rlimit64", SizeRlimit)}},
		"setrlimit":      {Args: []Arg{en("resource", tables.Resources), sIn("rlim", "rlimit64", SizeRlimit)}},
		"getrusage":      {Args: []Arg{en("who", tables.Usagewho), custom("usage", capRusageOk)}, Reads: []Read{rOut(1, SizeRusage)}},
		"rt_sigaction":   {Args: []Arg{a("signum", Signo), custom("act", capSigactionIn), custom("oldact", capSigactionOut), a("sigsetsize", Ulong)}, Reads: []Read{rIn(1, SizeKernelSigaction), rOut(2, SizeKernelSigaction)}},
		"rt_sigprocmask": {Args: []Arg{en("how", tables.Sigprocmaskcmds), custom("set", capSigsetIn(3)), custom("oldset", capSigsetOut(3)), a("sigsetsize", Ulong)}, Reads: []Read{rIn(1, SizeSigset), rOut(2, SizeSigset)}},
		"rt_sigpending":  {Args: []Arg{custom("set", capSigpending), a("sigsetsize", Ulong)}, Reads: []Read{rOut(0, SizeSigset)}},
		"rt_sigsuspend":  {Args: []Arg{custom("mask", capSigsetIn(1)), a("sigsetsize", Ulong)}, Reads: []Read{rIn(0, SizeSigset)}},
		"rt_sigtimedwait": {Args: []Arg{custom("set", capSigsetIn(3)), custom("info", capSiginfoOut),
			custom("timeout", capTimespecIn), a("sigsetsize", Ulong)}, Reads: []Read{rIn(0, SizeSigset), rOut(1, SizeSiginfo), rIn(2, SizeTimespec)}},
		"rt_sigqueueinfo":   {Args: []Arg{a("tgid", Pid), a("sig", Signo), custom("info", capSiginfoIn)}, Reads: []Read{rIn(2, SizeSiginfo)}},
		"rt_tgsigqueueinfo": {Args: []Arg{a("tgid", Pid), a("tid", Pid), a("sig", Signo), custom("info", capSiginfoIn)}, Reads: []Read{rIn(3, SizeSiginfo)}},
		"pidfd_send_signal": {Args: []Arg{fd, a("sig", Signo), custom("info", capSiginfoIn), a("flags", ByDecoder)}, Reads: []Read{rIn(2, SizeSiginfo)}},
		"pidfd_open":        {Ret: RetFd, Args: []Arg{a("pid", Pid), fl("flags", tables.PidfdOpenFlags)}},
		"sigaltstack":       {Args: []Arg{custom("ss", capStackIn), custom("old_ss", capStackOut)}, Reads: []Read{rIn(0, SizeStack), rOut(1, SizeStack)}},
		"signalfd":          {Ret: RetFd, Args: []Arg{fd, custom("mask", capSigsetIn(2)), a("sizemask", Ulong)}, Reads: []Read{rIn(1, SizeSigset)}},
		"signalfd4":         {Ret: RetFd, Args: []Arg{fd, custom("mask", capSigsetIn(2)), a("sizemask", Ulong), fl("flags", tables.SfdFlags)}, Reads: []Read{rIn(1, SizeSigset)}},
		"rt_sigreturn":      {Capture: capSigreturn, Reads: []Read{rSPRel(296, SizeSigset)}},
		"kill":              {Args: []Arg{a("pid", Pid), a("sig", Signo)}},
		"tkill":             {Args: []Arg{a("tid", Pid), a("sig", Signo)}},
		"tgkill":            {Args: []Arg{a("tgid", Pid), a("tid", Pid), a("sig", Signo)}},
		"exit":              {Args: []Arg{a("status", Int)}, Ret: RetNone},
		"exit_group":        {Args: []Arg{a("status", Int)}, Ret: RetNone},
		"wait4": {Args: []Arg{a("pid", Pid), custom("wstatus", capWaitStatus), fl("options", tables.Wait4Options),
			custom("rusage", capWaitRusage)}, Reads: []Read{rWith(rOut(1, 4), ReadRetNonZero), rWith(rOut(3, SizeRusage), ReadPositive|ReadRetNonZero)}},
		"waitid": {Args: []Arg{a("idtype", ByDecoder), a("id", Int), custom("infop", capSiginfoOut), fl("options", tables.Wait4Options),
			custom("rusage", capRusageOk)}, Reads: []Read{rOut(2, SizeSiginfo), rOut(4, SizeRusage)}},
		"clone": {Args: []Arg{a("flags", ByDecoder), a("stack", ByDecoder), a("parent_tid", Ptr), a("child_tid", ByDecoder), a("tls", ByDecoder)}, Capture: capClone, Reads: []Read{rMaybe(rOut(2, 4))}},
		"clone3": {Args: []Arg{a("cl_args", Ptr), a("size", Ulong)}, Capture: capClone3, Reads: []Read{rInArg(0, 1, 1, 4096), rOut(0, 88), rDeref(ReadAtEntry, 0, 64, 32*4),
			rDeref(ReadAtExitOK, 0, 8, 4), rDeref(ReadAtExitOK, 0, 24, 4)}},
		"execve":   {Args: []Arg{path, custom("argv", capStrVec), custom("envp", capEnvVec)}, Reads: []Read{rVec(1), rEnv(2)}},
		"execveat": {Args: []Arg{dirfd, path, custom("argv", capStrVec), custom("envp", capEnvVec), fl("flags", tables.AtFlags)}, Reads: []Read{rVec(2), rEnv(3)}},
		"prctl": {Args: []Arg{a("option", ByDecoder), a("arg2", Hex), a("arg3", Hex), a("arg4", Hex), a("arg5", Hex)}, Capture: capPrctl, Reads: []Read{rMaybe(rOut(1, 16)), rMaybe(rIn(1, 16)), rMaybe(rOut(4, 8)), rMaybe(rIn(4, 64)), rMaybe(rIn(2, 16)),
			rMaybe(rDeref(ReadAtEntry, 2, 8, fprogMax))}},
		"seccomp":         {Args: []Arg{a("operation", ByDecoder), a("flags", ByDecoder), a("args", Ptr)}, Capture: capSeccomp, Reads: []Read{rMaybe(rIn(2, 16)), rMaybe(rOut(2, 8)), rMaybe(rDeref(ReadAtEntry, 2, 8, fprogMax))}},
		"capget":          {Args: []Arg{a("hdrp", Ptr), a("datap", Ptr)}, Capture: capCapget, Reads: []Read{rIn(0, 8), rOut(0, 8), rOut(1, 24)}},
		"capset":          {Args: []Arg{a("hdrp", Ptr), a("datap", Ptr)}, Capture: capCapset, Reads: []Read{rIn(0, 8), rIn(1, 24)}},
		"personality":     {Args: []Arg{a("persona", ByDecoder)}},
		"unshare":         {Args: []Arg{a("flags", ByDecoder)}},
		"setns":           {Args: []Arg{fd, a("nstype", ByDecoder)}},
		"get_robust_list": {Args: []Arg{a("pid", Pid), custom("head_ptr", capOut8), custom("len_ptr", capOut8)}, Reads: []Read{rOut(1, 8), rOut(2, 8)}},
		"pidfd_getfd":     {Args: []Arg{a("pidfd", Fd), a("targetfd", Int), a("flags", Hex)}, Ret: RetFd},
		"kcmp":            {Args: []Arg{a("pid1", Pid), a("pid2", Pid), a("type", ByDecoder), a("idx1", ByDecoder), custom("idx2", capKcmpSlot)}, Reads: []Read{rMaybe(rIn(4, 12))}},
	}
}

// capOut8 captures a long written by a successful call.
func capOut8(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 8)
	}
}

// kcmpEpollTfd is KCMP_EPOLL_TFD, whose idx2 points to a struct
// kcmp_epoll_slot (three 32-bit fields).
const kcmpEpollTfd = 7

func capKcmpSlot(c *Ctx, i int) {
	if c.Phase == AtEntry && int32(c.Args[2]) == kcmpEpollTfd && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 12)
	}
}

// capStrVec captures argv: the pointer array and the strings strace shows.
func capStrVec(c *Ctx, i int) {
	if c.Phase != AtEntry || c.Args[i] == 0 {
		return
	}
	keep := c.Lim.Str + 1
	if c.Lim.Verbose {
		keep = MaxVector
	}
	for _, p := range c.Mem.ReadVector(c.Args[i], keep) {
		if p != 0 {
			c.Mem.ReadString(p, c.Lim.Str+1)
		}
	}
}

// capEnvVec captures envp: counted always, strings only when verbose.
func capEnvVec(c *Ctx, i int) {
	if c.Phase != AtEntry || c.Args[i] == 0 {
		return
	}
	if !c.Lim.Verbose {
		c.Mem.ReadVector(c.Args[i], 0)
		return
	}
	capStrVec(c, i)
}

// capOut4 captures an int written by a successful call.
func capOut4(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 4)
	}
}

// capWaitStatus captures wait4's status when a child was reaped.
func capWaitStatus(c *Ctx, i int) {
	if c.Ok() && c.Ret != 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 4)
	}
}

// capWaitRusage captures wait4's rusage when a child was reaped.
func capWaitRusage(c *Ctx, i int) {
	if c.Ok() && c.Ret > 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeRusage)
	}
}

// capRusageOk captures a struct rusage written by a successful call.
func capRusageOk(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeRusage)
	}
}

// SizeKernelSigaction is the struct sigaction strace reads on x86-64: the
// kernel's layout with room for a 1024-bit mask (strace reads all of it,
// and shows the address when it cannot).
const SizeKernelSigaction = 24 + 64

func capSigactionIn(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeKernelSigaction)
	}
}

func capSigactionOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeKernelSigaction)
	}
}

// capSigsetIn captures a signal set at entry whose size is in argument n;
// strace reads it only when the size is exactly 8 bytes.
func capSigsetIn(n int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase == AtEntry && c.Args[i] != 0 && c.Args[n] == SizeSigset {
			c.Mem.Read(c.Args[i], SizeSigset)
		}
	}
}

// capSigsetOut captures a signal set written by a successful call.
func capSigsetOut(n int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Ok() && c.Args[i] != 0 && c.Args[n] == SizeSigset {
			c.Mem.Read(c.Args[i], SizeSigset)
		}
	}
}

// capSigpending captures rt_sigpending's set, 1 to 8 bytes long.
func capSigpending(c *Ctx, i int) {
	if n := c.Args[1]; c.Ok() && c.Args[i] != 0 && n >= 1 && n <= SizeSigset {
		c.Mem.Read(c.Args[i], int(n))
	}
}

func capSiginfoIn(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeSiginfo)
	}
}

func capSiginfoOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeSiginfo)
	}
}

func capTimespecIn(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeTimespec)
	}
}

// SizeStack is the size of stack_t.
const SizeStack = 24

func capStackIn(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeStack)
	}
}

func capStackOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeStack)
	}
}

// NgroupsMax is the kernel's NGROUPS_MAX: longer group lists are shown
// by address.
const NgroupsMax = 65536

// capSetgroups captures setgroups' list of gids.
func capSetgroups(c *Ctx, i int) {
	if c.Phase == AtEntry {
		capGids(c, c.Args[i], uint64(uint32(c.Args[0])))
	}
}

// capGetgroups captures the gids getgroups wrote.
func capGetgroups(c *Ctx, i int) {
	if c.Ok() {
		capGids(c, c.Args[i], uint64(c.Ret))
	}
}

func capGids(c *Ctx, addr, n uint64) {
	if addr != 0 && n > 0 && n <= NgroupsMax {
		c.Mem.Read(addr, int(n*4))
	}
}

// capSigreturn captures the signal mask in the rt_sigframe on the stack:
// the frame starts 8 bytes below the stack pointer at entry and the mask is
// at offset 8 (pretcode) + 296 (ucontext up to uc_sigmask).
func capSigreturn(c *Ctx) {
	if c.Phase == AtEntry && c.SP != 0 {
		c.Mem.Read(c.SP-8+8+296, SizeSigset)
	}
}

// Clone flags the captures need.
const (
	CloneParentSettid = 0x00100000
	CloneThread       = 0x00010000
	ClonePidfd        = 0x00001000
)

// capClone captures parent_tid (and the pidfd) after clone.
func capClone(c *Ctx) {
	if !c.Ok() {
		return
	}
	flags := c.Args[0]
	if flags&(CloneParentSettid|ClonePidfd) != 0 && c.Args[2] != 0 {
		c.Mem.Read(c.Args[2], 4)
	}
}

// clone3TailMax bounds the tail of a structure strace looks at for nonzero
// bytes (clone3's clone_args larger than it knows).
const clone3TailMax = 4096

// capClone3 captures struct clone_args (and its unknown tail, up to a
// page) at entry and again at exit, the set_tid array at entry, and the
// parent tid and pidfd written by a successful call.
func capClone3(c *Ctx) {
	if c.Args[0] == 0 || c.Args[1] < 64 {
		return
	}
	if c.Phase == AtExit && c.Failed {
		return
	}
	size := min(c.Args[1], clone3TailMax)
	b := c.Mem.Read(c.Args[0], int(size))
	if len(b) < 64 {
		return
	}
	flags := le64(b[0:])
	if c.Phase == AtEntry {
		if len(b) >= 80 {
			if p, n := le64(b[64:]), le64(b[72:]); p != 0 && n > 0 && n <= 32 {
				c.Mem.Read(p, int(n*4))
			}
		}
		return
	}
	if flags&ClonePidfd != 0 {
		if p := le64(b[8:]); p != 0 {
			c.Mem.Read(p, 4)
		}
	}
	if flags&CloneParentSettid != 0 {
		if p := le64(b[24:]); p != 0 {
			c.Mem.Read(p, 4)
		}
	}
}

// arch_prctl codes that write through their pointer.
const (
	archGetFS            = 0x1003
	archGetGS            = 0x1004
	archGetXcompSupp     = 0x1021
	archGetXcompPerm     = 0x1022
	archGetXcompGuestPrm = 0x1024
)

func capArchPrctl(c *Ctx) {
	if !c.Ok() || c.Args[1] == 0 {
		return
	}
	switch uint32(c.Args[0]) {
	case archGetFS, archGetGS, archGetXcompSupp, archGetXcompPerm, archGetXcompGuestPrm:
		c.Mem.Read(c.Args[1], 8)
	}
}

// prctl options whose arguments point to memory.
const (
	prGetPdeathsig     = 2
	prGetUnalign       = 5
	prGetFpemu         = 9
	prGetFpexc         = 11
	prSetName          = 15
	prGetName          = 16
	prGetEndian        = 19
	prSetSeccomp       = 22
	prGetTsc           = 25
	prGetChildSubreap  = 37
	prGetTidAddress    = 40
	prSchedCore        = 62
	prSetVma           = 0x53564d41
	prSchedCoreGet     = 0
	prSetVmaAnonName   = 0
	seccompModeFilter  = 2
	taskCommLen        = 16
	seccompSetModeFilt = 1
	seccompGetActAvail = 2
	seccompGetNotifSz  = 3
)

func capPrctl(c *Ctx) {
	a2 := c.Args[1]
	switch uint32(c.Args[0]) {
	case prGetPdeathsig, prGetUnalign, prGetFpemu, prGetFpexc, prGetEndian, prGetTsc, prGetChildSubreap:
		if c.Ok() && a2 != 0 {
			c.Mem.Read(a2, 4)
		}
	case prGetTidAddress:
		if c.Ok() && a2 != 0 {
			c.Mem.Read(a2, 8)
		}
	case prGetName:
		if c.Ok() && a2 != 0 {
			c.Mem.ReadString(a2, taskCommLen)
		}
	case prSetName:
		if c.Phase == AtEntry && a2 != 0 {
			c.Mem.ReadString(a2, taskCommLen-1)
		}
	case prSetSeccomp:
		if c.Phase == AtEntry && a2 == seccompModeFilter {
			capFprog(c, c.Args[2])
		}
	case prSchedCore:
		if uint32(a2) == prSchedCoreGet && c.Ok() && c.Args[4] != 0 {
			c.Mem.Read(c.Args[4], 8)
		}
	case prSetVma:
		if c.Phase == AtEntry && a2 == prSetVmaAnonName && c.Args[4] != 0 {
			c.Mem.ReadString(c.Args[4], c.Lim.Str+1)
		}
	}
}

// MaxBPFInsns is BPF_MAXINSNS: strace shows at most this many
// instructions of a filter.
const MaxBPFInsns = 4096

// capFprog captures a struct sock_fprog and its instructions.
func capFprog(c *Ctx, addr uint64) {
	if addr == 0 {
		return
	}
	b := c.Mem.Read(addr, 16)
	if len(b) < 16 {
		return
	}
	n := uint64(b[0]) | uint64(b[1])<<8
	if p := le64(b[8:]); p != 0 && n > 0 {
		c.Mem.Read(p, int(min(n, MaxBPFInsns+1)*8))
	}
}

func capSeccomp(c *Ctx) {
	switch uint32(c.Args[0]) {
	case seccompSetModeFilt:
		if c.Phase == AtEntry {
			capFprog(c, c.Args[2])
		}
	case seccompGetActAvail:
		if c.Phase == AtEntry && c.Args[2] != 0 {
			c.Mem.Read(c.Args[2], 4)
		}
	case seccompGetNotifSz:
		if c.Ok() && c.Args[2] != 0 {
			c.Mem.Read(c.Args[2], 6)
		}
	}
}

// Capability header versions with two data structures.
const (
	capVersion2 = 0x20071026
	capVersion3 = 0x20080522
)

func capData(c *Ctx, hdr []byte) {
	if len(hdr) < 8 || c.Args[1] == 0 {
		return
	}
	v := uint32(hdr[0]) | uint32(hdr[1])<<8 | uint32(hdr[2])<<16 | uint32(hdr[3])<<24
	n := 12
	if v == capVersion2 || v == capVersion3 {
		n = 24
	}
	c.Mem.Read(c.Args[1], n)
}

func capCapget(c *Ctx) {
	if c.Args[0] == 0 {
		return
	}
	if c.Phase == AtEntry {
		c.Mem.Read(c.Args[0], 8)
		return
	}
	if c.Ok() {
		capData(c, c.Mem.Read(c.Args[0], 8))
	}
}

func capCapset(c *Ctx) {
	if c.Phase == AtEntry && c.Args[0] != 0 {
		capData(c, c.Mem.Read(c.Args[0], 8))
	}
}
