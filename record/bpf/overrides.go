package bpf

import "mytrace/sysent"

// overrides gives the ops of the syscalls that decode/sysent captures
// with a Go function (an argument of type Custom, or an entry's Capture):
// what those functions read, as data. THIS IS THE ONE PLACE that says it;
// once sysent describes these captures as data (issue 18), the list goes
// and BuildTable derives everything.
//
// An op may read more than the function does (a superset: a structure
// for every command of ioctl that has one, flagged Speculative since the
// pointer may not be one), never less: the recorder runs the function on
// what was copied, and whatever was not copied shows as an address.
// An empty list means nothing is copied: such calls show their pointers
// as addresses (docs/bpf.md lists them).
var overrides = map[string][]Op{
	// Processes.
	"execve":   {vec(1), env(2)},
	"execveat": {vec(2), env(3)},
	"wait4":    {withFlags(out(1, 4), RetNonZero), withFlags(out(3, sysent.SizeRusage), Positive|RetNonZero)},
	"waitid":   {out(2, sysent.SizeSiginfo), out(4, sysent.SizeRusage)},
	"clone":    {maybe(out(2, 4)), {Kind: KindFds, When: AtExitOK, Arg: 2, Size: 4, Flags: Speculative}},
	// clone_args, then what its pointers point to: the set_tid array at
	// entry, the pidfd and parent tid at exit, read by the program's
	// generic ops only at the fixed places strace's decoder looks.
	"clone3": {inArg(0, 1, 1, 4096), out(0, 88), deref(AtEntry, 0, 64, 32*4),
		deref(AtExitOK, 0, 8, 4), deref(AtExitOK, 0, 24, 4)},
	"arch_prctl": {maybe(out(1, 8))},
	"prctl": {maybe(out(1, 16)), maybe(in(1, 16)), maybe(out(4, 8)), maybe(in(4, 64)), maybe(in(2, 16)),
		maybe(deref(AtEntry, 2, 8, fprogMax))},
	"seccomp":           {maybe(in(2, 16)), maybe(out(2, 8)), maybe(deref(AtEntry, 2, 8, fprogMax))},
	"capget":            {in(0, 8), out(0, 8), out(1, 24)},
	"capset":            {in(0, 8), in(1, 24)},
	"getresuid":         {out(0, 4), out(1, 4), out(2, 4)},
	"getresgid":         {out(0, 4), out(1, 4), out(2, 4)},
	"setgroups":         {inArg(1, 0, 4, 256<<10)},
	"getgroups":         {outRet(1, 4, 256<<10)},
	"getrusage":         {out(1, sysent.SizeRusage)},
	"get_robust_list":   {out(1, 8), out(2, 8)},
	"kcmp":              {maybe(in(4, 12))},
	"rt_sigreturn":      {spRel(296, sysent.SizeSigset)},
	"rt_sigaction":      {in(1, sysent.SizeKernelSigaction), out(2, sysent.SizeKernelSigaction)},
	"rt_sigprocmask":    {in(1, sysent.SizeSigset), out(2, sysent.SizeSigset)},
	"rt_sigpending":     {out(0, sysent.SizeSigset)},
	"rt_sigsuspend":     {in(0, sysent.SizeSigset)},
	"rt_sigtimedwait":   {in(0, sysent.SizeSigset), out(1, sysent.SizeSiginfo), in(2, sysent.SizeTimespec)},
	"rt_sigqueueinfo":   {in(2, sysent.SizeSiginfo)},
	"rt_tgsigqueueinfo": {in(3, sysent.SizeSiginfo)},
	"pidfd_send_signal": {in(2, sysent.SizeSiginfo)},
	"sigaltstack":       {in(0, sysent.SizeStack), out(1, sysent.SizeStack)},
	"signalfd":          {in(1, sysent.SizeSigset)},
	"signalfd4":         {in(1, sysent.SizeSigset)},

	// Files.
	"readv":             {iovOut(1, 2), outAny(1, 16*16)},
	"writev":            {iovIn(1, 2)},
	"preadv":            {iovOut(1, 2), outAny(1, 16*16)},
	"pwritev":           {iovIn(1, 2)},
	"preadv2":           {iovOut(1, 2), outAny(1, 16*16)},
	"pwritev2":          {iovIn(1, 2)},
	"vmsplice":          {iovIn(1, 2)},
	"openat2":           {inArg(2, 3, 1, 4096)},
	"getdents":          {outRet(1, 1, 32<<10)},
	"getdents64":        {outRet(1, 1, 32<<10)},
	"getcwd":            {{Kind: KindStr, When: AtExitOK, Arg: 0, Len: LenRet, Lim: LimPath}},
	"pipe":              {out(0, 8)},
	"pipe2":             {out(0, 8)},
	"fcntl":             {maybe(in(2, sysent.SizeFlock)), maybe(out(2, sysent.SizeFlock))},
	"ioctl":             {maybe(in(2, 64)), maybe(out(2, 256))},
	"sendfile":          {in(2, 8), out(2, 8)},
	"copy_file_range":   {in(1, 8), in(3, 8)},
	"splice":            {in(1, 8), in(3, 8)},
	"memfd_create":      {str(0)},
	"name_to_handle_at": {in(2, 8), outAny(2, 8+128), out(3, 4)},
	"open_by_handle_at": {in(1, 8+128)},

	// Network.
	"connect":     {inArgMax(1, 2, 1, sysent.SizeSockaddr)},
	"bind":        {inArgMax(1, 2, 1, sysent.SizeSockaddr)},
	"sendto":      {inArgMax(4, 5, 1, sysent.SizeSockaddr), withFlags(inArgMax(1, 2, 1, 4096), Positive)},
	"accept":      sockname(1, 2),
	"accept4":     sockname(1, 2),
	"getsockname": sockname(1, 2),
	"getpeername": sockname(1, 2),
	"recvfrom":    {{Kind: KindBytes, When: AtExitOK, Arg: 1, Len: LenRet, Lim: LimStr, Flags: Positive}, in(5, 4), outAny(5, 4), {Kind: KindBytes, When: AtExitOK, Arg: 4, Len: LenArgPtr, LenArg: 5, Size: sysent.SizeSockaddr}},
	"socketpair":  {out(3, 8)},
	"setsockopt":  {offset(inArg(3, 4, 1, 0), 0, LimStr), inArg(3, 4, 1, 256)},
	"getsockopt":  {in(4, 4), out(4, 4), {Kind: KindBytes, When: AtExitOK, Arg: 3, Len: LenArgPtr, LenArg: 4, Size: 4096}},
	"sendmsg":     {{Kind: KindMsghdr, When: AtEntry, Arg: 1}},
	"recvmsg":     {in(1, sysent.SizeMsghdr), {Kind: KindMsghdr, When: AtExitOK, Arg: 1}},
	"sendmmsg":    {{Kind: KindMmsg, When: AtExit, Arg: 1, Len: LenArg, LenArg: 2}},
	"recvmmsg": {{Kind: KindBytes, When: AtEntry, Arg: 1, Len: LenArg, LenArg: 2, Elem: sysent.SizeMmsghdr, Size: 64 * sysent.SizeMmsghdr},
		both(4, sysent.SizeTimespec), {Kind: KindMmsg, When: AtExitOK, Arg: 1, Len: LenRet, Flags: UseLen}},
	"poll":   {inArg(0, 1, sysent.SizePollfd, 64<<10), withFlags(outArg(0, 1, sysent.SizePollfd, 64<<10), RetNonZero)},
	"ppoll":  {inArg(0, 1, sysent.SizePollfd, 64<<10), withFlags(outArg(0, 1, sysent.SizePollfd, 64<<10), RetNonZero), both(2, sysent.SizeTimespec), in(3, sysent.SizeSigset)},
	"select": {both(1, 128), both(2, 128), both(3, 128), both(4, sysent.SizeTimeval)},
	"pselect6": {both(1, 128), both(2, 128), both(3, 128), both(4, sysent.SizeTimespec), in(5, 16),
		deref(AtEntry, 5, 0, sysent.SizeSigset)},
	"epoll_ctl":   {maybe(in(3, sysent.SizeEpollEvent))},
	"epoll_wait":  {outRet(1, sysent.SizeEpollEvent, 8192*sysent.SizeEpollEvent)},
	"epoll_pwait": {outRet(1, sysent.SizeEpollEvent, 8192*sysent.SizeEpollEvent), out(4, sysent.SizeSigset)},
	"epoll_pwait2": {outRet(1, sysent.SizeEpollEvent, 8192*sysent.SizeEpollEvent), out(4, sysent.SizeSigset),
		out(3, sysent.SizeTimespec)},

	// Memory and time.
	"mincore":               {outArgMax(2, 1, 1, sysent.MaxStruct)},
	"mbind":                 {maybe(in(3, nodemaskMax))},
	"set_mempolicy":         {maybe(in(1, nodemaskMax))},
	"get_mempolicy":         {out(0, 4), maybe(out(1, nodemaskMax))},
	"migrate_pages":         {maybe(in(2, nodemaskMax)), maybe(in(3, nodemaskMax))},
	"move_pages":            {inArg(2, 1, 8, 64<<10), inArg(3, 1, 4, 64<<10), outArg(4, 1, 4, 64<<10)},
	"process_madvise":       {inArg(1, 2, 16, 64<<10)},
	"sysinfo":               {out(0, sysent.SizeSysinfo)},
	"getcpu":                {out(0, 4), out(1, 4)},
	"nanosleep":             {in(0, sysent.SizeTimespec), outAny(1, sysent.SizeTimespec)},
	"clock_nanosleep":       {in(2, sysent.SizeTimespec), outAny(3, sysent.SizeTimespec)},
	"clock_gettime":         {out(1, sysent.SizeTimespec)},
	"clock_getres":          {out(1, sysent.SizeTimespec)},
	"clock_settime":         {in(1, sysent.SizeTimespec)},
	"clock_adjtime":         {out(1, sysent.SizeTimex)},
	"gettimeofday":          {out(0, sysent.SizeTimeval), out(1, sysent.SizeTimezone)},
	"settimeofday":          {in(0, sysent.SizeTimeval), in(1, sysent.SizeTimezone)},
	"adjtimex":              {out(0, sysent.SizeTimex)},
	"time":                  {out(0, 8)},
	"times":                 {out(0, sysent.SizeTms)},
	"getitimer":             {out(1, sysent.SizeItimerval)},
	"setitimer":             {in(1, sysent.SizeItimerval), out(2, sysent.SizeItimerval)},
	"timer_create":          {in(1, sysent.SizeSigevent), out(2, 4)},
	"timer_settime":         {in(2, sysent.SizeItimerspec), out(3, sysent.SizeItimerspec)},
	"timer_gettime":         {out(1, sysent.SizeItimerspec)},
	"timerfd_settime":       {in(2, sysent.SizeItimerspec), out(3, sysent.SizeItimerspec)},
	"timerfd_gettime":       {out(1, sysent.SizeItimerspec)},
	"futex":                 {maybe(in(3, sysent.SizeTimespec))},
	"futex_waitv":           {inArg(0, 1, sysent.SizeFutexWaitv, (sysent.FutexWaitvMax+1)*sysent.SizeFutexWaitv), in(3, sysent.SizeTimespec)},
	"sched_getaffinity":     {outRet(2, 1, 1024)},
	"sched_setaffinity":     {inArg(2, 1, 1, 1024)},
	"sched_setscheduler":    {in(2, 4)},
	"sched_getparam":        {out(1, 4)},
	"sched_setparam":        {in(1, 4)},
	"sched_rr_get_interval": {out(1, sysent.SizeTimespec)},
	"sched_getattr":         {outArg(1, 2, 1, sysent.SizeSchedAttr)},
	"sched_setattr":         {in(1, sysent.SizeSchedAttr), outAny(1, 4)},

	// IPC.
	"semop":           {inArg(1, 2, sysent.SizeSembuf, 64<<10)},
	"semtimedop":      {inArg(1, 2, sysent.SizeSembuf, 64<<10), in(3, sysent.SizeTimespec)},
	"semctl":          {maybe(in(3, sysent.SizeSemidDs)), maybe(out(3, sysent.SizeSemidDs))},
	"msgsnd":          {in(1, sysent.SizeMsgbuf), offset(inArg(1, 2, 1, 0), 8, LimStr)},
	"msgrcv":          {out(1, sysent.SizeMsgbuf), offset(outArg(1, 2, 1, 0), 8, LimStr)},
	"msgctl":          {maybe(in(2, sysent.SizeMsqidDs)), maybe(out(2, sysent.SizeMsqidDs))},
	"shmctl":          {maybe(in(2, sysent.SizeShmidDs)), maybe(out(2, sysent.SizeShmidDs))},
	"mq_open":         {in(3, sysent.SizeMqAttr)},
	"mq_timedsend":    {in(4, sysent.SizeTimespec)},
	"mq_timedreceive": {out(3, 4), outAny(4, sysent.SizeTimespec)},
	"mq_notify":       {in(1, sysent.SizeSigevent)},
	"mq_getsetattr":   {in(1, sysent.SizeMqAttr), out(2, sysent.SizeMqAttr)},
	"io_setup":        {out(1, 8)},
	"io_submit":       {{Kind: KindIocbs, When: AtEntry, Arg: 2, LenArg: 1}},
	"io_cancel":       {in(1, sysent.SizeIocb), out(2, sysent.SizeIoEvent)},
	"io_getevents":    {outRet(3, sysent.SizeIoEvent, 64<<10), outAny(4, sysent.SizeTimespec)},
	"io_pgetevents": {outRet(3, sysent.SizeIoEvent, 64<<10), outAny(4, sysent.SizeTimespec), out(5, sysent.SizeSigsetArg),
		deref(AtExitOK, 5, 0, sysent.SizeSigset)},
	"modify_ldt":      {maybe(inArg(1, 2, 1, 4096)), maybe(outRet(1, 1, 4096))},
	"set_thread_area": {in(0, sysent.SizeUserDesc), out(0, sysent.SizeUserDesc)},
	"get_thread_area": {in(0, sysent.SizeUserDesc), out(0, sysent.SizeUserDesc)},
	"_sysctl":         {in(0, sysent.SizeSysctlArgs)},

	// Administration, and interfaces whose structures depend on a command
	// or hold further pointers: their pointers show as addresses.
	"reboot":                  {maybe(str(3))},
	"kexec_load":              {},
	"syslog":                  {maybe(outRet(1, 1, 4096))},
	"lookup_dcookie":          {maybe(outRet(1, 1, 4096))},
	"fsconfig":                {maybe(str(2)), maybe(str(3))},
	"mount_setattr":           {path(1), inArg(3, 4, 1, 4096)},
	"landlock_create_ruleset": {inArg(0, 1, 1, 4096)},
	"landlock_add_rule":       {maybe(in(2, 16))},
	"process_vm_readv":        {iovOut(1, 2), outAny(1, 1024*16), {Kind: KindBytes, When: AtExit, Arg: 3, Len: LenArg, LenArg: 4, Elem: 16, Size: 1024 * 16}},
	"process_vm_writev":       {iovIn(1, 2), inArg(3, 4, 16, 1024*16)},
	"quotactl":                {path(1), maybe(str(3)), maybe(in(3, 256)), maybe(out(3, 256))},
	"quotactl_fd":             {maybe(str(3)), maybe(in(3, 256)), maybe(out(3, 256))},
	"keyctl": {maybe(str(1)), maybe(in(1, 64)), maybe(offset(inArg(2, 3, 1, 0), 0, LimStr)), maybe(offset(outRet(2, 1, 0), 0, LimStr)),
		maybe(str(2)), maybe(in(3, 256)), maybe(iovIn(2, 3)), maybe(in(4, 256))},
	"ptrace": {maybe(in(3, 512)), maybe(out(3, 512)), maybe(in(2, 16)), maybe(deref(AtEntry, 3, 0, 4096)),
		maybe(deref(AtExitOK, 3, 0, 4096)), maybe(outRet(3, sysent.SizeSiginfo, 64*sysent.SizeSiginfo))},
	"perf_event_open":   {in(0, 512), outAny(0, 8)},
	"io_uring_setup":    {in(1, 120), out(1, 120)},
	"io_uring_enter":    {maybe(in(4, 8))},
	"io_uring_register": {maybe(in(2, 4096)), maybe(outAny(2, 4096)), maybe(deref(AtEntry, 2, 8, 1024)), maybe(iovIn(2, 3))},
	"bpf": {inArg(1, 2, 1, 4096), {Kind: KindBytes, When: AtExit, Arg: 1, Len: LenArg, LenArg: 2, Elem: 1, Size: 4096, Flags: Positive},
		maybe(deref(AtEntry, 1, 0, 4096)), maybe(deref(AtEntry, 1, 16, 256)),
		maybe(deref(AtEntry, 1, 8, 4097*8)), maybe(deref(AtEntry, 1, 32, 256)), maybe(deref(AtExit, 1, 16, 256))},
}

// fdOps are the ops that tell which file a descriptor a call made refers
// to (-y): derived from sysent's lists of calls that return a descriptor
// or store a pair of them.
var fdOps = func() map[string][]Op {
	m := map[string][]Op{}
	for nr := 0; nr < sysent.Max(); nr++ {
		e := sysent.Lookup(uint64(nr))
		if e == nil {
			continue
		}
		switch {
		case e.ReturnsFd() || e.Name == "fcntl":
			m[e.Name] = []Op{{Kind: KindFds, When: AtExitOK, Len: LenRet}}
		case e.FdPairArg() >= 0:
			m[e.Name] = []Op{{Kind: KindFds, When: AtExitOK, Arg: uint8(e.FdPairArg())}}
		}
	}
	// -yy: what a socket is bound or connected to changes.
	for _, name := range []string{"bind", "connect", "listen"} {
		m[name] = []Op{{Kind: KindFds, When: AtExitOK, Len: LenArg, LenArg: 0}}
	}
	return m
}()

// Op constructors: the override list reads as what each call copies.

// in: size bytes at entry.
func in(arg int, size uint32) Op {
	return Op{Kind: KindBytes, When: AtEntry, Arg: uint8(arg), Size: size}
}

// out: size bytes at the exit of a successful call.
func out(arg int, size uint32) Op {
	return Op{Kind: KindBytes, When: AtExitOK, Arg: uint8(arg), Size: size}
}

// outAny: size bytes at exit, whatever the result.
func outAny(arg int, size uint32) Op {
	return Op{Kind: KindBytes, When: AtExit, Arg: uint8(arg), Size: size}
}

// inArg: argument lenArg times elem bytes at entry, at most max.
func inArg(arg, lenArg int, elem, max uint32) Op {
	return Op{Kind: KindBytes, When: AtEntry, Arg: uint8(arg), Len: LenArg, LenArg: uint8(lenArg), Elem: elem, Size: max, Flags: Positive}
}

// inArgMax is inArg for a length in bytes.
func inArgMax(arg, lenArg int, elem, max uint32) Op { return inArg(arg, lenArg, elem, max) }

// outArg: argument lenArg times elem bytes at the exit of a successful
// call, at most max.
func outArg(arg, lenArg int, elem, max uint32) Op {
	op := inArg(arg, lenArg, elem, max)
	op.When = AtExitOK
	return op
}

// outArgMax is outArg for a length in bytes.
func outArgMax(arg, lenArg int, elem, max uint32) Op { return outArg(arg, lenArg, elem, max) }

// outRet: the result times elem bytes at the exit of a successful call, at
// most max.
func outRet(arg int, elem, max uint32) Op {
	return Op{Kind: KindBytes, When: AtExitOK, Arg: uint8(arg), Len: LenRet, Elem: elem, Size: max, Flags: Positive}
}

// str: a string at entry, up to the string limit.
func str(arg int) Op { return Op{Kind: KindStr, When: AtEntry, Arg: uint8(arg), Lim: LimStr} }

// path: a path at entry.
func path(arg int) Op { return Op{Kind: KindStr, When: AtEntry, Arg: uint8(arg), Lim: LimPath} }

// vec: argv, the pointers and their strings.
func vec(arg int) Op { return Op{Kind: KindVec, When: AtEntry, Arg: uint8(arg)} }

// env: envp, counted, and the strings with -v.
func env(arg int) Op { return Op{Kind: KindVec, When: AtEntry, Arg: uint8(arg), Flags: Env} }

// iovIn: an iovec array (count in argument cnt) and its buffers, at entry.
func iovIn(arg, cnt int) Op {
	return Op{Kind: KindIovec, When: AtEntry, Arg: uint8(arg), LenArg: uint8(cnt)}
}

// iovOut: the same at exit, the buffers up to the result in all.
func iovOut(arg, cnt int) Op {
	return Op{Kind: KindIovec, When: AtExitOK, Arg: uint8(arg), LenArg: uint8(cnt)}
}

// sockname: an address returned with its socklen_t length (accept,
// getsockname): the length at entry and exit, the address at exit.
func sockname(addr, lenp int) []Op {
	return []Op{in(lenp, 4), outAny(lenp, 4),
		{Kind: KindBytes, When: AtExitOK, Arg: uint8(addr), Len: LenArgPtr, LenArg: uint8(lenp), Size: sysent.SizeSockaddr}}
}

// deref: at stop when, size bytes where the pointer at off in the
// structure at argument arg points.
func deref(when When, arg int, off, size uint32) Op {
	return Op{Kind: KindDeref, When: when, Arg: uint8(arg), Off: off, Size: size}
}

// both: size bytes at entry, and again at the exit of a successful call
// (an argument the call reads and writes: select's fd_sets).
func both(arg int, size uint32) Op {
	return Op{Kind: KindBytes, When: AtBoth, Arg: uint8(arg), Size: size}
}

// offset moves an op's pointer by off bytes, with a further bound.
func offset(op Op, off uint32, lim Lim) Op {
	op.Off, op.Lim = off, lim
	return op
}

// nodemaskMax: the bytes of a NUMA node mask copied (1024 nodes; sysent
// reads as many longs as maxnode asks).
const nodemaskMax = 128

// fprogMax bounds a BPF filter program read (struct sock_filter is 8
// bytes; the kernel takes at most 4096 of them).
const fprogMax = (4096 + 1) * 8

// spRel: size bytes at the stack pointer plus off, at entry.
func spRel(off, size uint32) Op {
	return Op{Kind: KindSPRel, When: AtEntry, Elem: off, Size: size}
}

// maybe marks an op whose pointer is one only for some values of another
// argument: a fault is expected (see Speculative).
func maybe(op Op) Op { op.Flags |= Speculative; return op }

// withFlags adds flags to op.
func withFlags(op Op, f OpFlag) Op { op.Flags |= f; return op }
