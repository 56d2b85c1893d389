package sysent

// Reads: what a syscall's Go capture (an entry's Capture, or a Custom
// argument's function) copies, said as data. The ptrace recorder runs the
// function itself, at the stop, with the tracee's memory at hand; a
// recorder that cannot run Go code where the memory is (the bpf backend's
// programs in the kernel, record/bpf) follows these instead. They are the
// syscall's capture in that recorder's terms, kept in the syscall's own
// spec entry so that one place says what is copied.
//
// A list may read more than the function does (a superset: the structure
// for every command of ioctl that has one, flagged ReadSpeculative since
// the pointer may not be one), never less: the bpf recorder runs the
// function over what was copied, and whatever was not copied shows as an
// address. An empty, non-nil list says nothing is copied (such calls show
// their pointers as addresses under the bpf backend: docs/bpf.md).

// ReadKind is what a Read copies.
type ReadKind uint8

// Read kinds.
const (
	ReadBytes  ReadKind = iota + 1 // bytes at the pointer; Len says how many
	ReadStr                        // a NUL-terminated string (Lim bounds it)
	ReadIovec                      // an iovec array (LenArg: its count) and the buffers, each up to the string limit
	ReadVec                        // a NULL-terminated array of string pointers and the strings (argv)
	ReadMsghdr                     // a struct msghdr, its name, iovecs and control data
	ReadSPRel                      // Size bytes at the stack pointer plus Elem (rt_sigreturn's frame)
	ReadDeref                      // what the pointer at Off in the structure at Arg points to (lengths as ReadBytes)
	ReadMmsg                       // an array of struct mmsghdr (count: argument LenArg, or the result) and each message
	ReadIocbs                      // io_submit's array of iocb pointers (count: argument LenArg), each iocb and the data it writes
)

// ReadAt is the stop at which a Read copies.
type ReadAt uint8

// Stops.
const (
	ReadAtEntry  ReadAt = iota + 1 // syscall entry (inputs)
	ReadAtExit                     // syscall exit, whatever the result
	ReadAtExitOK                   // syscall exit of a call that succeeded
	ReadAtBoth                     // entry, and exit of a call that succeeded (an in-out argument)
)

// ReadLen says where a ReadBytes length comes from.
type ReadLen uint8

// Length sources.
const (
	ReadLenFixed  ReadLen = iota // Size
	ReadLenArg                   // argument LenArg times Elem (bounded by Size if set)
	ReadLenRet                   // the result (bounded by Size if set)
	ReadLenArgPtr                // the int at the pointer in argument LenArg (socklen_t *)
)

// ReadLim is a further bound on a length.
type ReadLim uint8

// Bounds.
const (
	ReadLimNone ReadLim = iota
	ReadLimStr          // the string limit (-s) plus one
	ReadLimPath         // the path limit (PATH_MAX)
)

// ReadFlag modifies a Read.
type ReadFlag uint8

// Read flags.
const (
	// ReadSpeculative: a pointer only some values of another argument
	// make meaningful, so a fault is expected and not worth a second try
	// from user space.
	ReadSpeculative ReadFlag = 1 << iota
	// ReadPositive: only when the length is above zero.
	ReadPositive
	// ReadEnv: a ReadVec of environment strings (kept only with -v).
	ReadEnv
	// ReadRetNonZero: only when the result is not zero.
	ReadRetNonZero
	// ReadUseLen: ReadMmsg, each message's data up to its msg_len.
	ReadUseLen
)

// Read is one copy a syscall's capture makes.
type Read struct {
	Kind   ReadKind
	At     ReadAt
	Arg    uint8 // the argument holding the pointer
	Len    ReadLen
	LenArg uint8
	Lim    ReadLim
	Flags  ReadFlag
	Elem   uint32 // ReadLenArg: bytes per unit; ReadSPRel: offset from the stack pointer
	Size   uint32 // ReadLenFixed: the size; otherwise the most read (0: no bound but the recorder's)
	Off    uint32 // added to the pointer; ReadDeref: where in the structure the pointer is
}

// Constructors: a spec's Reads read as what the call copies.

// rIn: size bytes at entry.
func rIn(arg int, size uint32) Read {
	return Read{Kind: ReadBytes, At: ReadAtEntry, Arg: uint8(arg), Size: size}
}

// rOut: size bytes at the exit of a successful call.
func rOut(arg int, size uint32) Read {
	return Read{Kind: ReadBytes, At: ReadAtExitOK, Arg: uint8(arg), Size: size}
}

// rOutAny: size bytes at exit, whatever the result.
func rOutAny(arg int, size uint32) Read {
	return Read{Kind: ReadBytes, At: ReadAtExit, Arg: uint8(arg), Size: size}
}

// rInArg: argument lenArg times elem bytes at entry, at most max.
func rInArg(arg, lenArg int, elem, max uint32) Read {
	return Read{Kind: ReadBytes, At: ReadAtEntry, Arg: uint8(arg), Len: ReadLenArg, LenArg: uint8(lenArg), Elem: elem, Size: max, Flags: ReadPositive}
}

// rOutArg: argument lenArg times elem bytes at the exit of a successful
// call, at most max.
func rOutArg(arg, lenArg int, elem, max uint32) Read {
	r := rInArg(arg, lenArg, elem, max)
	r.At = ReadAtExitOK
	return r
}

// rOutRet: the result times elem bytes at the exit of a successful call,
// at most max.
func rOutRet(arg int, elem, max uint32) Read {
	return Read{Kind: ReadBytes, At: ReadAtExitOK, Arg: uint8(arg), Len: ReadLenRet, Elem: elem, Size: max, Flags: ReadPositive}
}

// rStr: a string at entry, up to the string limit.
func rStr(arg int) Read {
	return Read{Kind: ReadStr, At: ReadAtEntry, Arg: uint8(arg), Lim: ReadLimStr}
}

// rPath: a path at entry.
func rPath(arg int) Read {
	return Read{Kind: ReadStr, At: ReadAtEntry, Arg: uint8(arg), Lim: ReadLimPath}
}

// rVec: argv, the pointers and their strings.
func rVec(arg int) Read { return Read{Kind: ReadVec, At: ReadAtEntry, Arg: uint8(arg)} }

// rEnv: envp, counted, and the strings with -v.
func rEnv(arg int) Read {
	return Read{Kind: ReadVec, At: ReadAtEntry, Arg: uint8(arg), Flags: ReadEnv}
}

// rIovIn: an iovec array (count in argument cnt) and its buffers, at
// entry.
func rIovIn(arg, cnt int) Read {
	return Read{Kind: ReadIovec, At: ReadAtEntry, Arg: uint8(arg), LenArg: uint8(cnt)}
}

// rIovOut: the same at exit, the buffers up to the result in all.
func rIovOut(arg, cnt int) Read {
	return Read{Kind: ReadIovec, At: ReadAtExitOK, Arg: uint8(arg), LenArg: uint8(cnt)}
}

// rSockname: an address returned with its socklen_t length (accept,
// getsockname): the length at entry and exit, the address at exit.
func rSockname(addr, lenp int) []Read {
	return []Read{rIn(lenp, 4), rOutAny(lenp, 4),
		{Kind: ReadBytes, At: ReadAtExitOK, Arg: uint8(addr), Len: ReadLenArgPtr, LenArg: uint8(lenp), Size: SizeSockaddr}}
}

// rDeref: at stop at, size bytes where the pointer at off in the
// structure at argument arg points.
func rDeref(at ReadAt, arg int, off, size uint32) Read {
	return Read{Kind: ReadDeref, At: at, Arg: uint8(arg), Off: off, Size: size}
}

// rBoth: size bytes at entry, and again at the exit of a successful call
// (an argument the call reads and writes: select's fd_sets).
func rBoth(arg int, size uint32) Read {
	return Read{Kind: ReadBytes, At: ReadAtBoth, Arg: uint8(arg), Size: size}
}

// rOffset moves a read's pointer by off bytes, with a further bound.
func rOffset(r Read, off uint32, lim ReadLim) Read {
	r.Off, r.Lim = off, lim
	return r
}

// rSPRel: size bytes at the stack pointer plus off, at entry.
func rSPRel(off, size uint32) Read {
	return Read{Kind: ReadSPRel, At: ReadAtEntry, Elem: off, Size: size}
}

// rMaybe marks a read whose pointer is one only for some values of
// another argument: a fault is expected (ReadSpeculative).
func rMaybe(r Read) Read { r.Flags |= ReadSpeculative; return r }

// rWith adds flags to r.
func rWith(r Read, f ReadFlag) Read { r.Flags |= f; return r }

// nodemaskMax: the bytes of a NUMA node mask copied (1024 nodes; the
// capture reads as many longs as maxnode asks).
const nodemaskMax = 128

// fprogMax bounds a BPF filter program read (struct sock_filter is 8
// bytes; the kernel takes at most 4096 of them).
const fprogMax = (4096 + 1) * 8
