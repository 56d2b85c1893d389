package sysent

// MemReader reads tracee memory for captures. The recorder implements it on
// the live process and stores every read in the event, so that decoders
// later find the same bytes by address.
type MemReader interface {
	// Read copies up to n bytes at addr and returns what it could read
	// (shorter than n, or empty, when memory is unreadable).
	Read(addr uint64, n int) []byte
	// ReadString copies a NUL-terminated string of at most max bytes
	// (NUL included) and returns it without the NUL.
	ReadString(addr uint64, max int) []byte
	// ReadVector reads a NULL-terminated array of pointers at addr (argv,
	// envp). It stores at most keep pointers, counts up to the terminator
	// (bounded), and returns the stored pointers.
	ReadVector(addr uint64, keep int) []uint64
}

// Limits bound what is captured.
type Limits struct {
	Str  int // bytes of strings and buffers (strace -s)
	Path int // bytes of a path, NUL included (PATH_MAX)
	// Verbose: capture what only -v shows (environment strings, every
	// field of the structures abbrev.go abbreviates otherwise).
	Verbose bool
	// DumpRead and DumpWrite, if set, say which descriptors' data is
	// captured in full (up to MaxDump bytes a buffer), for strace's
	// -e read=SET and -e write=SET dumps (dump.go).
	DumpRead, DumpWrite func(fd int) bool
}

// Default capture limits of a recording.
const (
	DefaultPathMax = 4096
	// MaxStruct bounds a structure whose size comes from an argument.
	MaxStruct = 64 << 10
	// MaxVector bounds how many argv/envp pointers are counted.
	MaxVector = 1 << 20
	// MaxDirents bounds the getdents buffer captured.
	MaxDirents = 1 << 20
)

// Ctx is what a capture sees at a syscall stop.
type Ctx struct {
	Phase  Phase
	Args   [6]uint64 // the entry arguments, at both stops
	Ret    int64     // exit: return value
	Failed bool      // exit: the call failed
	SP     uint64    // stack pointer at the stop
	Lim    Limits
	Mem    MemReader
}

// Ok reports whether this is the exit of a successful call.
func (c *Ctx) Ok() bool { return c.Phase == AtExit && !c.Failed }

// BufLen is how many bytes of a buffer of n bytes to capture: one more than
// the string limit, as strace reads, so a decoder can tell a fault in the
// bytes it shows.
func (c *Ctx) BufLen(n uint64) int {
	lim := uint64(c.Lim.Str) + 1
	if n > lim {
		return int(lim)
	}
	return int(n)
}

// Capture reads the memory syscall e needs at the stop described by c.
func (e *Entry) CaptureMem(c *Ctx) {
	if (c.Lim.DumpRead != nil || c.Lim.DumpWrite != nil) && e.dumped(c) {
		// The data is dumped in full: capture as if the string limit
		// were MaxDump, and what -v shows (a msghdr's iovecs).
		saved := c.Lim
		c.Lim.Str, c.Lim.Verbose = max(c.Lim.Str, MaxDump), true
		defer func() { c.Lim = saved }()
	}
	if e.Capture != nil {
		e.Capture(c)
		return
	}
	for i := range e.Args {
		CaptureArg(c, &e.Args[i], i)
	}
}

// CaptureArg captures argument i of type a at the stop described by c.
func CaptureArg(c *Ctx, a *Arg, i int) {
	addr := c.Args[i]
	if a.Type == Custom {
		if a.Fn != nil {
			a.Fn(c, i)
		}
		return
	}
	if addr == 0 {
		return
	}
	switch a.Type {
	case Path:
		if c.Phase == AtEntry {
			c.Mem.ReadString(addr, c.Lim.Path)
		}
	case Str:
		if c.Phase == AtEntry {
			c.Mem.ReadString(addr, c.Lim.Str+1)
		}
	case BufIn:
		if c.Phase == AtEntry {
			c.Mem.Read(addr, c.BufLen(c.Args[a.Len]))
		}
	case BufOut:
		if c.Ok() && c.Ret > 0 {
			c.Mem.Read(addr, c.BufLen(uint64(c.Ret)))
		}
	case StructIn:
		if c.Phase == AtEntry {
			c.Mem.Read(addr, structSize(c, a))
		}
	case StructOut:
		if c.Ok() {
			b := c.Mem.Read(addr, structSize(c, a))
			if !c.Lim.Verbose {
				abbrevStruct(a.Struct, b)
			}
		}
	}
}

func structSize(c *Ctx, a *Arg) int {
	if a.Size != 0 {
		return int(a.Size)
	}
	n := c.Args[a.Len]
	if n > MaxStruct {
		n = MaxStruct
	}
	return int(n)
}
