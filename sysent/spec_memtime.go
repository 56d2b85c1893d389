package sysent

import (
	"os"
	"strconv"
	"strings"
	"sync"

	"mytrace/tables"
)

func init() { specSources = append(specSources, memtimeSpecs) }

// Sizes of the memory, time and scheduling structures on x86-64.
const (
	SizeTimezone   = 8
	SizeItimerval  = 32
	SizeItimerspec = 32
	SizeTms        = 32
	SizeSysinfo    = 112
	SizeTimex      = 208
	SizeSigevent   = 64
	SizeSchedAttr  = 56 // struct sched_attr as strace 6.1 knows it (version 1)
	SizeSchedAttr0 = 48 // its first version, the smallest the kernel takes
)

// memtimeSpecs returns the descriptions of the memory, time and scheduling syscalls. Most of
// them are shown by decoders of their own (package decode); the argument
// types here say what memory to capture.
func memtimeSpecs() map[string]Spec {
	return map[string]Spec{
		// Memory.
		"brk":              {Args: []Arg{a("addr", Ptr)}, Ret: RetHex},
		"mmap":             {Args: []Arg{a("addr", Ptr), a("length", Ulong), dec("prot", tables.MmapProt), dec("flags", tables.MmapFlags), fd, a("offset", Hex)}, Ret: RetHex},
		"munmap":           {Args: []Arg{a("addr", Ptr), a("length", Ulong)}},
		"mprotect":         {Args: []Arg{a("addr", Ptr), a("length", Ulong), fl("prot", tables.MmapProt)}},
		"pkey_mprotect":    {Args: []Arg{a("addr", Ptr), a("length", Ulong), fl("prot", tables.MmapProt), a("pkey", Int)}},
		"pkey_alloc":       {Args: []Arg{a("flags", Hex), a("access_rights", ByDecoder)}},
		"pkey_free":        {Args: []Arg{a("pkey", Int)}},
		"madvise":          {Args: []Arg{a("addr", Ptr), a("length", Ulong), en("advice", tables.MadviseCmds)}},
		"mremap":           {Args: []Arg{a("old_address", Ptr), a("old_size", Ulong), a("new_size", Ulong), a("flags", ByDecoder), a("new_address", Ptr)}, Ret: RetHex},
		"msync":            {Args: []Arg{a("addr", Ptr), a("length", Ulong), a("flags", ByDecoder)}},
		"mlock":            {Args: []Arg{a("addr", Ptr), a("len", Ulong)}},
		"munlock":          {Args: []Arg{a("addr", Ptr), a("len", Ulong)}},
		"mlock2":           {Args: []Arg{a("addr", Ptr), a("len", Ulong), a("flags", ByDecoder)}},
		"mlockall":         {Args: []Arg{a("flags", ByDecoder)}},
		"munlockall":       {},
		"mincore":          {Args: []Arg{a("addr", Ptr), a("length", Ulong), custom("vec", capMincore)}, Reads: []Read{rOutArg(2, 1, 1, MaxStruct)}},
		"membarrier":       {Args: []Arg{a("cmd", ByDecoder), fl("flags", tables.MembarrierFlags), a("cpu_id", Int)}},
		"remap_file_pages": {Args: []Arg{a("addr", Ptr), a("size", Ulong), a("prot", ByDecoder), a("pgoff", Ulong), a("flags", ByDecoder)}},
		"mbind": {Args: []Arg{a("addr", Ptr), a("len", Ulong), a("mode", ByDecoder),
			custom("nodemask", capNodemask(4, AtEntry)), a("maxnode", Ulong), a("flags", ByDecoder)}, Reads: []Read{rMaybe(rIn(3, nodemaskMax))}},
		"set_mempolicy": {Args: []Arg{a("mode", ByDecoder), custom("nodemask", capNodemask(2, AtEntry)), a("maxnode", Ulong)}, Reads: []Read{rMaybe(rIn(1, nodemaskMax))}},
		"get_mempolicy": {Args: []Arg{custom("mode", capOut(4)), custom("nodemask", capNodemask(2, AtExit)),
			a("maxnode", Ulong), a("addr", Ptr), a("flags", ByDecoder)}, Reads: []Read{rOut(0, 4), rMaybe(rOut(1, nodemaskMax))}},
		"set_mempolicy_home_node": {Args: []Arg{a("start", Ptr), a("len", Ulong), a("home_node", Ulong), a("flags", Hex)}},
		"migrate_pages": {Args: []Arg{a("pid", Pid), a("maxnode", Ulong),
			custom("old_nodes", capNodemask(1, AtEntry)), custom("new_nodes", capNodemask(1, AtEntry))}, Reads: []Read{rMaybe(rIn(2, nodemaskMax)), rMaybe(rIn(3, nodemaskMax))}},
		"move_pages": {Args: []Arg{a("pid", Pid), a("count", Ulong), custom("pages", capArray(1, 8, AtEntry)),
			custom("nodes", capArray(1, 4, AtEntry)), custom("status", capArray(1, 4, AtExit)), a("flags", ByDecoder)}, Reads: []Read{rInArg(2, 1, 8, 64<<10), rInArg(3, 1, 4, 64<<10), rOutArg(4, 1, 4, 64<<10)}},
		"process_mrelease": {Args: []Arg{fd, a("flags", Hex)}},
		"process_madvise": {Args: []Arg{fd, custom("iovec", capArray(2, 16, AtEntry)), a("vlen", Ulong),
			en("advice", tables.MadviseCmds), a("flags", ByDecoder)}, Reads: []Read{rInArg(1, 2, 16, 64<<10)}},
		"memfd_secret": {Args: []Arg{fl("flags", tables.MemfdSecretFlags)}, Ret: RetFd},

		// Randomness and system identification.
		"getrandom": {Args: []Arg{bufOut("buf"), a("buflen", Ulong), fl("flags", tables.GetrandomFlags)}},
		"uname":     {Args: []Arg{sOut("buf", "utsname", SizeUtsname)}},
		"sysinfo":   {Args: []Arg{custom("info", capOut(SizeSysinfo))}, Reads: []Read{rOut(0, SizeSysinfo)}},
		"getcpu":    {Args: []Arg{custom("cpu", capOut(4)), custom("node", capOut(4)), a("tcache", Ptr)}, Reads: []Read{rOut(0, 4), rOut(1, 4)}},

		// Time.
		"nanosleep": {Args: []Arg{custom("req", capIn(SizeTimespec)), custom("rem", capOutAlways(SizeTimespec))}, Reads: []Read{rIn(0, SizeTimespec), rOutAny(1, SizeTimespec)}},
		"clock_nanosleep": {Args: []Arg{en("clockid", tables.Clocknames), fl("flags", tables.ClockNanosleepFlags),
			custom("request", capIn(SizeTimespec)), custom("remain", capOutAlways(SizeTimespec))}, Reads: []Read{rIn(2, SizeTimespec), rOutAny(3, SizeTimespec)}},
		"clock_gettime": {Args: []Arg{en("clockid", tables.Clocknames), custom("tp", capOut(SizeTimespec))}, Reads: []Read{rOut(1, SizeTimespec)}},
		"clock_getres":  {Args: []Arg{en("clockid", tables.Clocknames), custom("res", capOut(SizeTimespec))}, Reads: []Read{rOut(1, SizeTimespec)}},
		"clock_settime": {Args: []Arg{en("clockid", tables.Clocknames), custom("tp", capIn(SizeTimespec))}, Reads: []Read{rIn(1, SizeTimespec)}},
		"clock_adjtime": {Args: []Arg{en("clockid", tables.Clocknames), custom("tx", capOut(SizeTimex))}, Reads: []Read{rOut(1, SizeTimex)}},
		"gettimeofday":  {Args: []Arg{custom("tv", capOut(SizeTimeval)), custom("tz", capOut(SizeTimezone))}, Reads: []Read{rOut(0, SizeTimeval), rOut(1, SizeTimezone)}},
		"settimeofday":  {Args: []Arg{custom("tv", capIn(SizeTimeval)), custom("tz", capIn(SizeTimezone))}, Reads: []Read{rIn(0, SizeTimeval), rIn(1, SizeTimezone)}},
		"adjtimex":      {Args: []Arg{custom("buf", capOut(SizeTimex))}, Reads: []Read{rOut(0, SizeTimex)}},
		"time":          {Args: []Arg{custom("tloc", capOut(8))}, Reads: []Read{rOut(0, 8)}},
		"times":         {Args: []Arg{custom("buf", capOut(SizeTms))}, Reads: []Read{rOut(0, SizeTms)}},
		"alarm":         {Args: []Arg{a("seconds", Uint)}},
		"getitimer":     {Args: []Arg{a("which", ByDecoder), custom("curr_value", capOut(SizeItimerval))}, Reads: []Read{rOut(1, SizeItimerval)}},
		"setitimer": {Args: []Arg{a("which", ByDecoder), custom("new_value", capIn(SizeItimerval)),
			custom("old_value", capOut(SizeItimerval))}, Reads: []Read{rIn(1, SizeItimerval), rOut(2, SizeItimerval)}},
		"timer_create": {Args: []Arg{en("clockid", tables.Clocknames), custom("sevp", capIn(SizeSigevent)), custom("timerid", capOut(4))}, Reads: []Read{rIn(1, SizeSigevent), rOut(2, 4)}},
		"timer_settime": {Args: []Arg{a("timerid", Int), fl("flags", tables.ClockNanosleepFlags), custom("new_value", capIn(SizeItimerspec)),
			custom("old_value", capOut(SizeItimerspec))}, Reads: []Read{rIn(2, SizeItimerspec), rOut(3, SizeItimerspec)}},
		"timer_gettime":    {Args: []Arg{a("timerid", Int), custom("curr_value", capOut(SizeItimerspec))}, Reads: []Read{rOut(1, SizeItimerspec)}},
		"timer_getoverrun": {Args: []Arg{a("timerid", Int)}},
		"timer_delete":     {Args: []Arg{a("timerid", Int)}},
		"timerfd_create":   {Args: []Arg{en("clockid", tables.Clocknames), a("flags", ByDecoder)}, Ret: RetFd},
		"timerfd_settime": {Args: []Arg{fd, a("flags", ByDecoder), custom("new_value", capIn(SizeItimerspec)),
			custom("old_value", capOut(SizeItimerspec))}, Reads: []Read{rIn(2, SizeItimerspec), rOut(3, SizeItimerspec)}},
		"timerfd_gettime": {Args: []Arg{fd, custom("curr_value", capOut(SizeItimerspec))}, Reads: []Read{rOut(1, SizeItimerspec)}},

		// Futexes.
		"futex": {Args: []Arg{a("uaddr", Ptr), a("futex_op", ByDecoder), a("val", Uint), a("timeout", ByDecoder), a("uaddr2", Ptr), a("val3", ByDecoder)},
			Capture: capFutex, Reads: []Read{rMaybe(rIn(3, SizeTimespec))}},
		"futex_waitv": {Args: []Arg{custom("waiters", capFutexWaiters), a("nr_futexes", Uint), a("flags", ByDecoder),
			custom("timeout", capIn(SizeTimespec)), en("clockid", tables.Clocknames)}, Reads: []Read{rInArg(0, 1, SizeFutexWaitv, (FutexWaitvMax+1)*SizeFutexWaitv), rIn(3, SizeTimespec)}},

		// Scheduling.
		"sched_yield":            {},
		"sched_getaffinity":      {Args: []Arg{a("pid", Pid), a("cpusetsize", Uint), custom("mask", capCpusetOut)}, Reads: []Read{rOutRet(2, 1, 1024)}},
		"sched_setaffinity":      {Args: []Arg{a("pid", Pid), a("cpusetsize", Uint), custom("mask", capCpusetIn)}, Reads: []Read{rInArg(2, 1, 1, 1024)}},
		"sched_getscheduler":     {Args: []Arg{a("pid", Pid)}},
		"sched_setscheduler":     {Args: []Arg{a("pid", Pid), a("policy", ByDecoder), custom("param", capIn(4))}, Reads: []Read{rIn(2, 4)}},
		"sched_getparam":         {Args: []Arg{a("pid", Pid), custom("param", capOut(4))}, Reads: []Read{rOut(1, 4)}},
		"sched_setparam":         {Args: []Arg{a("pid", Pid), custom("param", capIn(4))}, Reads: []Read{rIn(1, 4)}},
		"sched_get_priority_max": {Args: []Arg{a("policy", ByDecoder)}},
		"sched_get_priority_min": {Args: []Arg{a("policy", ByDecoder)}},
		"sched_rr_get_interval":  {Args: []Arg{a("pid", Pid), custom("tp", capOut(SizeTimespec))}, Reads: []Read{rOut(1, SizeTimespec)}},
		"sched_getattr":          {Args: []Arg{a("pid", Pid), custom("attr", capSchedAttrOut), a("size", Uint), a("flags", Uint)}, Reads: []Read{rOutArg(1, 2, 1, SizeSchedAttr)}},
		"sched_setattr":          {Args: []Arg{a("pid", Pid), custom("attr", capSchedAttrIn), a("flags", Uint)}, Reads: []Read{rIn(1, SizeSchedAttr), rOutAny(1, 4)}},
		"getpriority":            {Args: []Arg{a("which", ByDecoder), a("who", Int)}},
		"setpriority":            {Args: []Arg{a("which", ByDecoder), a("who", Int), a("prio", Int)}},

		// Not of this family, but without arguments to describe.
		"sync":    {},
		"vhangup": {},
	}
}

// capIn captures a structure of size bytes at syscall entry.
func capIn(size int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase == AtEntry && c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], size)
		}
	}
}

// capOut captures a structure of size bytes at the exit of a successful
// call.
func capOut(size int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Ok() && c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], size)
		}
	}
}

// capOutAlways captures a structure at exit whatever the result (the
// remaining time of nanosleep is shown only when the call was interrupted).
func capOutAlways(size int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase == AtExit && c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], size)
		}
	}
}

var (
	cpusetOnce sync.Once
	cpusetSize int
)

// CpusetSize is the smallest CPU mask size, in bytes, the kernel accepts
// for sched_getaffinity, starting from 128 and doubling: what strace 6.1
// finds by probing the kernel, which refuses a mask with fewer bits than
// it has possible CPUs. strace shows at most this many bytes of a mask.
// The count of possible CPUs is read from sysfs (128 bytes when unknown).
func CpusetSize() int {
	cpusetOnce.Do(func() {
		ncpu := 0
		if b, err := os.ReadFile("/sys/devices/system/cpu/possible"); err == nil {
			// "0-255" or "0,2-3": the highest number ends the list.
			s := strings.TrimSpace(string(b))
			if i := strings.LastIndexAny(s, ",-"); i >= 0 {
				s = s[i+1:]
			}
			if n, err := strconv.Atoi(s); err == nil && n >= 0 && n < 1<<22 {
				ncpu = n + 1
			}
		}
		n := 128
		for n*8 < ncpu {
			n <<= 1
		}
		cpusetSize = n
	})
	return cpusetSize
}

// capCpusetOut captures the CPU mask sched_getaffinity wrote: as many
// bytes as it returned, up to CpusetSize.
func capCpusetOut(c *Ctx, i int) {
	if c.Ok() && c.Ret > 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], int(min(uint64(c.Ret), uint64(CpusetSize()))))
	}
}

// capCpusetIn captures the CPU mask given to sched_setaffinity.
func capCpusetIn(c *Ctx, i int) {
	n := uint64(uint32(c.Args[1]))
	if c.Phase == AtEntry && n > 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], int(min(n, uint64(CpusetSize()))))
	}
}

// MincorePages is how many pages, and so bytes of mincore's vector, a
// range of length bytes covers.
func MincorePages(length uint64) uint64 {
	const page = 4096
	return length/page + min(length%page, 1)
}

// capMincore captures mincore's vector: a byte for each page of the range.
func capMincore(c *Ctx, i int) {
	if !c.Ok() || c.Args[i] == 0 {
		return
	}
	n := MincorePages(c.Args[1])
	c.Mem.Read(c.Args[i], int(min(n, MaxStruct)))
}

// NodemaskLongs is how many longs strace reads for a NUMA node mask of
// maxnode bits, and whether the mask is shown as an array at all.
func NodemaskLongs(maxnode uint64) (uint64, bool) {
	n := (maxnode + 64 - 2) / 64
	if n < maxnode/64 || (maxnode != 0 && n == 0) {
		return 0, false
	}
	return n, true
}

// capNodemask captures a NUMA node mask whose size in bits is argument
// maxArg, at phase ph (at exit only when the call succeeded).
func capNodemask(maxArg int, ph Phase) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase != ph || (ph == AtExit && c.Failed) || c.Args[i] == 0 {
			return
		}
		n, ok := NodemaskLongs(c.Args[maxArg])
		if !ok || n == 0 {
			return
		}
		c.Mem.Read(c.Args[i], int(min(n, MaxStruct/8)*8))
	}
}

// capArray captures an array of as many elements of esz bytes as argument
// countArg says (bounded), at phase ph (at exit only when the call
// succeeded).
func capArray(countArg int, esz uint64, ph Phase) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase != ph || (ph == AtExit && c.Failed) || c.Args[i] == 0 {
			return
		}
		n := min(c.Args[countArg], MaxStruct/esz)
		if n > 0 {
			c.Mem.Read(c.Args[i], int(n*esz))
		}
	}
}

// Futex waiters strace shows at most (FUTEX_WAITV_MAX), and the size of
// one.
const (
	FutexWaitvMax  = 128
	SizeFutexWaitv = 24
)

// capFutexWaiters captures futex_waitv's array of waiters: one more than
// strace shows, so the decoder knows whether there were more.
func capFutexWaiters(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[i] != 0 {
		n := min(uint64(uint32(c.Args[1])), FutexWaitvMax+1)
		if n > 0 {
			c.Mem.Read(c.Args[i], int(n*SizeFutexWaitv))
		}
	}
}

// e2big is Linux's E2BIG.
const e2big = 7

// capSchedAttrIn captures the struct sched_attr given to sched_setattr,
// and its size field again at exit for E2BIG (the kernel writes there the
// size it supports).
func capSchedAttrIn(c *Ctx, i int) {
	if c.Args[i] == 0 {
		return
	}
	switch {
	case c.Phase == AtEntry:
		c.Mem.Read(c.Args[i], SizeSchedAttr)
	case c.Failed && c.Ret == -e2big:
		c.Mem.Read(c.Args[i], 4)
	}
}

// capSchedAttrOut captures the struct sched_attr sched_getattr filled.
func capSchedAttrOut(c *Ctx, i int) {
	n := uint32(c.Args[2])
	if c.Ok() && c.Args[i] != 0 && n != 0 {
		c.Mem.Read(c.Args[i], int(min(n, SizeSchedAttr)))
	}
}

// capFutex captures the timeout of the futex operations that take one.
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
