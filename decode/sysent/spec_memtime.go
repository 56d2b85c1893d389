package sysent

func init() { addSpecs(memtimeSpecs) }

// memtimeSpecs describe the memory, time and scheduling syscalls.
var memtimeSpecs = map[string]Spec{
	"brk":         {Args: []Arg{a("addr", Ptr)}, Ret: RetHex},
	"mmap":        {Args: []Arg{a("addr", Ptr), a("length", Ulong), fl("prot", "mmap_prot"), fl("flags", "mmap_flags"), fd, a("offset", Hex)}, Ret: RetHex},
	"munmap":      {Args: []Arg{a("addr", Ptr), a("length", Ulong)}},
	"mprotect":    {Args: []Arg{a("addr", Ptr), a("length", Ulong), fl("prot", "mmap_prot")}},
	"madvise":     {Args: []Arg{a("addr", Ptr), a("length", Ulong), en("advice", "madvise_cmds")}},
	"mremap":      {Args: []Arg{a("old_address", Ptr), a("old_size", Ulong), a("new_size", Ulong), fl("flags", "mremap_flags"), a("new_address", Ptr)}, Ret: RetHex},
	"sched_yield": {},
	"sync":        {},
	"munlockall":  {},
	"vhangup":     {},
	"getrandom":   {Args: []Arg{bufOut("buf"), a("buflen", Ulong), fl("flags", "getrandom_flags")}},
	"uname":       {Args: []Arg{sOut("buf", "utsname", SizeUtsname)}},
	"nanosleep":   {Args: []Arg{sIn("req", "timespec", SizeTimespec), custom("rem", capOutAlways(SizeTimespec))}},
	"clock_nanosleep": {Args: []Arg{en("clockid", "clocknames"), fl("flags", "clock_nanosleep_flags"),
		sIn("request", "timespec", SizeTimespec), custom("remain", capOutAlways(SizeTimespec))}},
	"clock_gettime": {Args: []Arg{en("clockid", "clocknames"), sOut("tp", "timespec", SizeTimespec)}},
	"clock_getres":  {Args: []Arg{en("clockid", "clocknames"), sOut("res", "timespec", SizeTimespec)}},
	"gettimeofday":  {Args: []Arg{sOut("tv", "timeval", SizeTimeval), a("tz", Ptr)}},
	"futex": {Args: []Arg{a("uaddr", Ptr), a("futex_op", Hex), a("val", Uint), a("timeout", Ptr), a("uaddr2", Ptr), a("val3", Uint)},
		Capture: capFutex},
	"sched_getaffinity": {Args: []Arg{a("pid", Pid), a("cpusetsize", Ulong), custom("mask", capCpuset)}},
	"sched_setaffinity": {Args: []Arg{a("pid", Pid), a("cpusetsize", Ulong), sInLen("mask", "cpuset", 1)}},
}

// capOutAlways captures a structure at exit whatever the result (nanosleep's
// remaining time is shown only when the call failed).
func capOutAlways(size uint32) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase == AtExit && c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], int(size))
		}
	}
}

// capCpuset captures a CPU mask of as many bytes as the call returned.
func capCpuset(c *Ctx, i int) {
	if c.Ok() && c.Ret > 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], int(min(uint64(c.Ret), MaxStruct)))
	}
}

// futex operations (low bits of op) that take a timeout.
func capFutex(c *Ctx) {
	const (
		futexWait       = 0
		futexLockPI     = 6
		futexWaitBitset = 9
		futexWaitReq    = 11
		futexLockPI2    = 13
	)
	if c.Phase != AtEntry || c.Args[3] == 0 {
		return
	}
	switch c.Args[1] & 0x7f {
	case futexWait, futexLockPI, futexWaitBitset, futexWaitReq, futexLockPI2:
		c.Mem.Read(c.Args[3], SizeTimespec)
	}
}
