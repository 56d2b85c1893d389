package sysent

func init() { addSpecs(processSpecs) }

// processSpecs describe the process, credential and signal syscalls.
var processSpecs = map[string]Spec{
	"arch_prctl":      {Args: []Arg{en("code", "archvals"), a("addr", Hex)}, Capture: capArchPrctl},
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
	"set_tid_address": {Args: []Arg{a("tidptr", Ptr)}},
	"set_robust_list": {Args: []Arg{a("head", Ptr), a("len", Ulong)}},
	"rseq":            {Args: []Arg{a("rseq", Ptr), a("rseq_len", Hex), fl("flags", "rseq_flags"), a("sig", Hex)}},
	"prlimit64": {Args: []Arg{a("pid", Pid), en("resource", "resources"), sIn("new_limit", "rlimit64", SizeRlimit),
		sOut("old_limit", "rlimit64", SizeRlimit)}},
	"getrlimit":      {Args: []Arg{en("resource", "resources"), sOut("rlim", "rlimit64", SizeRlimit)}},
	"setrlimit":      {Args: []Arg{en("resource", "resources"), sIn("rlim", "rlimit64", SizeRlimit)}},
	"rt_sigaction":   {Args: []Arg{a("signum", Signo), sIn("act", "sigaction", SizeSigaction), sOut("oldact", "sigaction", SizeSigaction), a("sigsetsize", Ulong)}},
	"rt_sigprocmask": {Args: []Arg{en("how", "sigprocmaskcmds"), sInLen("set", "sigset", 3), sOutLen("oldset", "sigset", 3), a("sigsetsize", Ulong)}},
	"rt_sigreturn":   {Capture: capSigreturn},
	"kill":           {Args: []Arg{a("pid", Pid), a("sig", Signo)}},
	"tkill":          {Args: []Arg{a("tid", Pid), a("sig", Signo)}},
	"tgkill":         {Args: []Arg{a("tgid", Pid), a("tid", Pid), a("sig", Signo)}},
	"exit":           {Args: []Arg{a("status", Int)}, Ret: RetNone},
	"exit_group":     {Args: []Arg{a("status", Int)}, Ret: RetNone},
	"wait4": {Args: []Arg{a("pid", Pid), custom("wstatus", capIntOut), fl("options", "wait4_options"),
		sOut("rusage", "rusage", SizeRusage)}},
	"clone":    {Args: []Arg{a("flags", Hex), a("stack", Ptr), a("parent_tid", Ptr), a("child_tid", Ptr), a("tls", Hex)}, Capture: capClone},
	"clone3":   {Args: []Arg{a("cl_args", Ptr), a("size", Ulong)}, Capture: capClone3},
	"execve":   {Args: []Arg{path, custom("argv", capStrVec), custom("envp", capEnvVec)}},
	"execveat": {Args: []Arg{dirfd, path, custom("argv", capStrVec), custom("envp", capEnvVec), fl("flags", "at_flags")}},
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

// capWaitStatus captures wait4's status on success.
func capIntOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 4)
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

// capClone3 captures struct clone_args at entry, and the parent tid and
// pidfd it points to at exit.
func capClone3(c *Ctx) {
	if c.Args[0] == 0 {
		return
	}
	size := min(c.Args[1], MaxStruct)
	b := c.Mem.Read(c.Args[0], int(size))
	if !c.Ok() || len(b) < 40 {
		return
	}
	flags := le64(b[0:])
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

func le64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// arch_prctl codes that write through their pointer.
const (
	archGetFS = 0x1003
	archGetGS = 0x1004
)

func capArchPrctl(c *Ctx) {
	if (c.Args[0] == archGetFS || c.Args[0] == archGetGS) && c.Ok() && c.Args[1] != 0 {
		c.Mem.Read(c.Args[1], 8)
	}
}
