package sysent

// Spec is the typed description of a syscall's arguments and result.
type Spec struct {
	Args    []Arg
	Ret     Ret
	Capture func(c *Ctx)
}

// specs describes the syscalls decoded argument by argument, gathered from
// the spec_*.go files (one per family of syscalls). A syscall missing here
// is shown with raw arguments, as strace does for syscalls it has no
// decoder for.
var specs = map[string]Spec{}

// addSpecs adds a family's descriptions; a syscall described twice is a
// programming error.
func addSpecs(m map[string]Spec) {
	for name, s := range m {
		if _, dup := specs[name]; dup {
			panic("sysent: two specs for " + name)
		}
		specs[name] = s
	}
}

// Argument constructors keep the table short.
func a(name string, t Type) Arg          { return Arg{Name: name, Type: t, Len: -1} }
func fl(name, x string) Arg              { return Arg{Name: name, Type: Flags, X: x, Len: -1} }
func en(name, x string) Arg              { return Arg{Name: name, Type: Enum, X: x, Len: -1} }
func bufIn(name string, lenArg int8) Arg { return Arg{Name: name, Type: BufIn, Len: lenArg} }
func bufOut(name string) Arg             { return Arg{Name: name, Type: BufOut, Len: -1} }
func sIn(name, x string, size uint32) Arg {
	return Arg{Name: name, Type: StructIn, X: x, Size: size, Len: -1}
}
func sOut(name, x string, size uint32) Arg {
	return Arg{Name: name, Type: StructOut, X: x, Size: size, Len: -1}
}
func sInLen(name, x string, lenArg int8) Arg {
	return Arg{Name: name, Type: StructIn, X: x, Len: lenArg}
}
func sOutLen(name, x string, lenArg int8) Arg {
	return Arg{Name: name, Type: StructOut, X: x, Len: lenArg}
}
func custom(name string, fn func(c *Ctx, i int)) Arg {
	return Arg{Name: name, Type: Custom, Len: -1, Fn: fn}
}

// Structure sizes on x86-64.
const (
	SizeStat      = 144
	SizeStatx     = 256
	SizeTimespec  = 16
	SizeTimeval   = 16
	SizeRlimit    = 16
	SizeSigaction = 32 // the kernel's struct sigaction: handler, flags, restorer, mask
	SizeUtsname   = 6 * 65
	SizeRusage    = 144
	SizeSockaddr  = 128 // sockaddr_storage
	SizePollfd    = 8
	SizeFlock     = 32
	SizeTermios   = 36
	SizeWinsize   = 8
	SizeSiginfo   = 128
	SizeStatfs    = 120
	SizeSigset    = 8
	SizeCloneArgs = 88
)

var (
	fd    = a("fd", Fd)
	dirfd = a("dirfd", DirFd)
	path  = a("pathname", Path)
	mode  = a("mode", Oct)
	count = a("count", Ulong)
)

// Custom captures.

// capPairOut captures a 2-int array on success (pipe fds).
func capPairOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 8)
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

// capInOut captures a fixed-size structure at entry and again at exit.
func capInOut(size uint32) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], int(size))
		}
	}
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

// capSockaddrOut captures an address whose length is in *argument lenArg
// (accept, recvfrom, getsockname): the length at entry, both at exit.
func capSockaddrOut(lenArg int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		lp := c.Args[lenArg]
		if lp == 0 {
			return
		}
		b := c.Mem.Read(lp, 4)
		if c.Phase != AtExit || c.Failed || c.Args[i] == 0 || len(b) < 4 {
			return
		}
		n := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
		c.Mem.Read(c.Args[i], int(min(n, SizeSockaddr)))
	}
}

// capSockaddrIn captures an input address of argument lenArg bytes.
func capSockaddrIn(lenArg int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase == AtEntry && c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], int(min(c.Args[lenArg], SizeSockaddr)))
		}
	}
}

// capPoll captures the pollfd array at entry and exit.
func capPoll(c *Ctx, i int) {
	if c.Args[i] == 0 {
		return
	}
	n := c.Args[1]
	if n > MaxStruct/SizePollfd {
		n = MaxStruct / SizePollfd
	}
	c.Mem.Read(c.Args[i], int(n)*SizePollfd)
}

// capFdSet captures an fd_set sized by select's nfds at entry and exit.
func capFdSet(c *Ctx, i int) {
	if c.Args[i] == 0 {
		return
	}
	nfds := int64(int32(c.Args[0]))
	if nfds < 0 {
		return
	}
	if nfds > 1024*64 {
		nfds = 1024 * 64
	}
	c.Mem.Read(c.Args[i], int((nfds+63)/64*8))
}

// capDirents captures a getdents buffer as returned.
func capDirents(c *Ctx, i int) {
	if c.Ok() && c.Ret > 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], int(min(uint64(c.Ret), MaxDirents)))
	}
}

// capWaitStatus captures wait4's status on success.
func capIntOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 4)
	}
}

// capCpuset captures a CPU mask of as many bytes as the call returned.
func capCpuset(c *Ctx, i int) {
	if c.Ok() && c.Ret > 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], int(min(uint64(c.Ret), MaxStruct)))
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

// fcntl commands that take a struct flock.
const (
	fGetlk     = 5
	fSetlk     = 6
	fSetlkw    = 7
	fOfdGetlk  = 36
	fOfdSetlk  = 37
	fOfdSetlkw = 38
	fGetownEx  = 16
	fSetownEx  = 15
)

func capFcntl(c *Ctx) {
	arg := c.Args[2]
	if arg == 0 {
		return
	}
	switch c.Args[1] {
	case fSetlk, fSetlkw, fOfdSetlk, fOfdSetlkw:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, SizeFlock)
		}
	case fGetlk, fOfdGetlk:
		if c.Phase == AtEntry || c.Ok() {
			c.Mem.Read(arg, SizeFlock)
		}
	case fSetownEx:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, 8)
		}
	case fGetownEx:
		if c.Ok() {
			c.Mem.Read(arg, 8)
		}
	}
}

// ioctl requests decoded beyond their number.
const (
	TCGETS     = 0x5401
	TIOCGWINSZ = 0x5413
	TIOCSWINSZ = 0x5414
	FIONREAD   = 0x541b
	TIOCGPGRP  = 0x540f
	TIOCSPGRP  = 0x5410
)

func capIoctl(c *Ctx) {
	arg := c.Args[2]
	if arg == 0 {
		return
	}
	switch c.Args[1] {
	case TCGETS:
		if c.Ok() {
			c.Mem.Read(arg, SizeTermios)
		}
	case TIOCGWINSZ:
		if c.Ok() {
			c.Mem.Read(arg, SizeWinsize)
		}
	case TIOCSWINSZ:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, SizeWinsize)
		}
	case FIONREAD, TIOCGPGRP:
		if c.Ok() {
			c.Mem.Read(arg, 4)
		}
	case TIOCSPGRP:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, 4)
		}
	}
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
