package bpf

import (
	"fmt"

	"mytrace/sysent"
)

// The capture table: for every x86-64 syscall, what the BPF program
// copies at its entry and exit. It is data, sent to the kernel in the
// "calls" map; c/recorder.bpf.c interprets it (struct sys_desc, struct
// cap_op there: change both together).
//
// The table is derived from sysent, the description the ptrace recorder
// captures by: every argument of a plain type (Path, Str, BufIn, BufOut,
// StructIn, StructOut) maps to one op; what an argument or a call captured
// by a Go function (sysent's Custom type, or an entry's Capture) copies is
// said as data in the same spec entry (Entry.Reads, sysent/reads.go),
// which ops.go converts. What the BPF program copies may be more than the
// function reads (a superset: the structure for every command of ioctl or
// fcntl that has one); the recorder then runs the syscall's sysent capture
// on the copied bytes (snapshot.go), so the regions in the trace are
// exactly those the ptrace recorder would store.

// Kind is what an op reads.
type Kind uint8

// Op kinds (CK_* in the C source).
const (
	KindNone   Kind = iota
	KindBytes       // bytes at the pointer; the length says how many
	KindStr         // a NUL-terminated string (Lim says the bound)
	KindIovec       // an iovec array (LenArg: count) and the buffers, each up to the string limit
	KindVec         // a NULL-terminated array of string pointers and the strings (argv)
	KindMsghdr      // a struct msghdr, its name, iovecs and control data
	KindFds         // descriptors a successful call made (the result, or an int pair at Arg): their inodes, for -y
	KindSPRel       // Size bytes at the stack pointer plus Elem (rt_sigreturn's frame)
	KindDeref       // what the pointer at Off in the structure at Arg points to (lengths as KindBytes)
	KindMmsg        // an array of struct mmsghdr (count: argument LenArg, or the result) and each message
	KindIocbs       // io_submit's array of iocb pointers (count: argument LenArg), each iocb and the data it writes
)

// When is the stop at which an op reads.
type When uint8

// Stops (W_* in the C source).
const (
	AtEntry  When = 1 // syscall entry (inputs)
	AtExit   When = 2 // syscall exit, whatever the result
	AtExitOK When = 3 // syscall exit of a call that succeeded
	AtBoth   When = 4 // entry, and exit of a call that succeeded (an in-out argument)
)

// LenFrom says where a KindBytes length comes from.
type LenFrom uint8

// Length sources (L_* in the C source).
const (
	LenFixed  LenFrom = iota // Size
	LenArg                   // argument LenArg times Elem (bounded by Size if set)
	LenRet                   // the result (bounded by Size if set)
	LenArgPtr                // the int at the pointer in argument LenArg (socklen_t *)
)

// Lim is a further bound on a length.
type Lim uint8

// Bounds (LIM_* in the C source).
const (
	LimNone Lim = iota
	LimStr      // the string limit (-s) plus one
	LimPath     // the path limit (PATH_MAX)
)

// OpFlag modifies an op.
type OpFlag uint8

// Op flags (OF_* in the C source).
const (
	// Speculative: a read that may well fault (a pointer only some values
	// of another argument make meaningful): tried again at exit like any
	// input, but a second fault is not worth waking the reader to read
	// the memory from user space.
	Speculative OpFlag = 1
	// Positive: only when the length is above zero.
	Positive OpFlag = 2
	// Env: a KindVec of environment strings (kept only with -v).
	Env OpFlag = 4
	// RetNonZero: only when the result is not zero.
	RetNonZero OpFlag = 8
	// UseLen: KindMmsg, each message's data up to its msg_len.
	UseLen OpFlag = 16
)

// Op is one capture: struct cap_op in the C source, byte for byte.
type Op struct {
	Kind   Kind
	When   When
	Arg    uint8 // the argument holding the pointer
	Len    LenFrom
	LenArg uint8
	Lim    Lim
	Flags  OpFlag
	_      uint8
	Elem   uint32 // LenArg: bytes per unit; KindSPRel: offset from the stack pointer
	Size   uint32 // LenFixed: the size; otherwise the most read (0: no bound but the program's)
	Off    uint32 // added to the pointer; KindDeref: where in the structure the pointer is
}

// MaxOps is how many ops one syscall may have (MAX_OPS).
const MaxOps = 8

// NSys is the size of the table (NSYS): syscall numbers at or above it
// are recorded without memory.
const NSys = 512

// Desc flags (D_* in the C source).
const (
	DescTrace uint8 = 1 // record the syscall (-e trace=)
	DescFds   uint8 = 2 // it makes descriptors: noted for -y even when not recorded
)

// Desc is one syscall's entry: struct sys_desc in the C source.
type Desc struct {
	Flags uint8
	NOps  uint8
	// EntryOps, ExitOps, FdOps: which ops (a bit each) read at entry, at
	// exit, and which note descriptors; a stop with none does no work.
	EntryOps uint8
	ExitOps  uint8
	FdOps    uint8
	_        [3]uint8
	Ops      [MaxOps]Op
}

// Table is the capture table, indexed by x86-64 syscall number.
type Table [NSys]Desc

// BuildTable derives the capture table from sysent. trace, if not nil, says which syscalls are recorded (-e
// trace=); the others get no DescTrace flag. It fails when a syscall
// captured by a Go function says nothing of what it reads, or one needs more ops than
// the program has room for: the table would silently lose memory.
func BuildTable(trace func(int) bool) (*Table, error) {
	var t Table
	for nr := 0; nr < NSys; nr++ {
		e := sysent.Lookup(uint64(nr))
		d := &t[nr]
		if trace == nil || trace(nr) {
			d.Flags |= DescTrace
		}
		if e == nil {
			continue // recorded (as the ptrace recorder does), nothing captured
		}
		ops, err := opsFor(e)
		if err != nil {
			return nil, err
		}
		if len(ops) > MaxOps {
			return nil, fmt.Errorf("bpf capture table: %s needs %d ops, the program has room for %d", e.Name, len(ops), MaxOps)
		}
		for i, op := range ops {
			if op.Kind == KindFds {
				d.Flags |= DescFds
				d.FdOps |= 1 << i
			}
			if op.When == AtEntry || op.When == AtBoth {
				d.EntryOps |= 1 << i
			}
			if op.When != AtEntry {
				d.ExitOps |= 1 << i
			}
		}
		d.NOps = uint8(len(ops))
		copy(d.Ops[:], ops)
	}
	return &t, nil
}

// opsFor returns the ops of one syscall: what its Reads say, or what its
// argument types say.
func opsFor(e *sysent.Entry) ([]Op, error) {
	hasReads := e.Reads != nil
	var reads []Op
	for _, r := range e.Reads {
		op, err := opOf(e.Name, r)
		if err != nil {
			return nil, err
		}
		reads = append(reads, op)
	}
	fds := fdOps()[e.Name]
	if e.Capture != nil {
		// The function captures every argument: its Reads say it all.
		if !hasReads {
			return nil, fmt.Errorf("bpf capture table: %s is captured by a Go function whose spec says nothing of what it reads (sysent: Reads)", e.Name)
		}
		return append(reads, fds...), nil
	}
	// The plain arguments from their types, the Custom ones from Reads.
	var ops []Op
	for i, a := range e.Args {
		if a.Type == sysent.Custom && a.Fn != nil && hasReads {
			continue
		}
		op, ok, err := argOp(e.Name, i, &a)
		if err != nil {
			return nil, err
		}
		if ok {
			ops = append(ops, op)
		}
	}
	return append(append(ops, reads...), fds...), nil
}

// argOp maps a plain argument type to its op.
func argOp(name string, i int, a *sysent.Arg) (Op, bool, error) {
	arg := uint8(i)
	switch a.Type {
	case sysent.Path:
		return Op{Kind: KindStr, When: AtEntry, Arg: arg, Lim: LimPath}, true, nil
	case sysent.Str:
		return Op{Kind: KindStr, When: AtEntry, Arg: arg, Lim: LimStr}, true, nil
	case sysent.BufIn:
		return Op{Kind: KindBytes, When: AtEntry, Arg: arg, Len: LenArg, LenArg: uint8(a.Len), Lim: LimStr, Flags: Positive}, true, nil
	case sysent.BufOut:
		return Op{Kind: KindBytes, When: AtExitOK, Arg: arg, Len: LenRet, Lim: LimStr, Flags: Positive}, true, nil
	case sysent.StructIn, sysent.StructOut:
		op := Op{Kind: KindBytes, When: AtEntry, Arg: arg}
		if a.Type == sysent.StructOut {
			op.When = AtExitOK
		}
		if a.Size != 0 {
			op.Size = a.Size
		} else {
			op.Len, op.LenArg, op.Size, op.Flags = LenArg, uint8(a.Len), sysent.MaxStruct, Positive
		}
		return op, true, nil
	case sysent.Custom:
		if a.Fn != nil {
			return Op{}, false, fmt.Errorf("bpf capture table: argument %s of %s is captured by a Go function whose spec says nothing of what it reads (sysent: Reads)", a.Name, name)
		}
	}
	return Op{}, false, nil
}
