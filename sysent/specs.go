package sysent

import "mytrace/tables"

// Spec is the typed description of a syscall's arguments and result.
type Spec struct {
	Args    []Arg
	Ret     Ret
	Capture func(c *Ctx)
	// Reads says as data what Capture, or the Custom arguments'
	// functions, copy (reads.go): set exactly when there is such a
	// function.
	Reads []Read
}

// specs describes the syscalls decoded argument by argument, gathered from
// the spec_*.go files (one per family of syscalls). A syscall missing here
// is shown with raw arguments, as strace does for syscalls it has no
// decoder for.
var specs = map[string]Spec{}

// specSources are the families' tables, each built by its function when
// the table is first used (setup), not when the program starts: most
// runs of mytrace (print, stats, --help) need few of them, or none.
var specSources []func() map[string]Spec

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
func fl(name string, x *tables.Xlat) Arg { return Arg{Name: name, Type: Flags, Tab: x, Len: -1} }
func en(name string, x *tables.Xlat) Arg { return Arg{Name: name, Type: Enum, Tab: x, Len: -1} }

// dec is an argument the syscall's decoder shows, whose values are named
// from table x (with more than a flag or value rule can say).
func dec(name string, x *tables.Xlat) Arg { return Arg{Name: name, Type: ByDecoder, Tab: x, Len: -1} }
func bufIn(name string, lenArg int8) Arg  { return Arg{Name: name, Type: BufIn, Len: lenArg} }
func bufOut(name string) Arg              { return Arg{Name: name, Type: BufOut, Len: -1} }
func sIn(name, x string, size uint32) Arg {
	return Arg{Name: name, Type: StructIn, Struct: x, Size: size, Len: -1}
}
func sOut(name, x string, size uint32) Arg {
	return Arg{Name: name, Type: StructOut, Struct: x, Size: size, Len: -1}
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

// Little-endian readers shared by the capture functions of every family.
func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
func le64(b []byte) uint64 { return uint64(le32(b)) | uint64(le32(b[4:]))<<32 }

// PageSize is the x86-64 page size, for captures that must not cross a page.
const PageSize = 4096

// ReadArray reads n elements of size bytes at addr the way strace
// fetches them, one at a time: each page's whole elements in one read, and
// an element that straddles two pages in a read of its own. A read that
// needed PTRACE_PEEKDATA is unusable to decoders, so splitting keeps the
// elements on readable pages usable when the array runs into a page the
// tracee cannot read. It returns the bytes read up to the first short read.
func ReadArray(c *Ctx, addr uint64, n, size int) []byte {
	var out []byte
	cur, end := addr, addr+uint64(n*size)
	for cur < end {
		pageEnd := (cur | (PageSize - 1)) + 1
		var chunk uint64
		switch {
		case pageEnd >= end:
			chunk = end - cur
		case pageEnd-cur < uint64(size):
			chunk = uint64(size) // straddles the boundary
		default:
			chunk = (pageEnd - cur) / uint64(size) * uint64(size)
		}
		b := c.Mem.Read(cur, int(chunk))
		out = append(out, b...)
		if uint64(len(b)) < chunk {
			break
		}
		cur += chunk
	}
	return out
}

// IovMax bounds the iovec elements captured (the kernel's UIO_MAXIOV).
const IovMax = 1024

// CaptureIovec captures an array of cnt iovecs at addr and the buffers
// they point to, each up to the string limit and, when dataLimit is not
// negative, all of them together up to dataLimit bytes (what a read or
// recvmsg returned). Without -v, strace shows -s elements: no more are
// kept.
func CaptureIovec(c *Ctx, addr, cnt uint64, dataLimit int64) {
	forIovec(c, addr, cnt, dataLimit, false, func(base, l uint64) { c.Mem.Read(base, c.BufLen(l)) })
}

// forIovec calls fn for the buffer (base, length) of each of the iovecs
// CaptureIovec keeps, lengths cut to what is left of dataLimit. The array
// is read with ReadArray, or, when again is set (it was captured already),
// with one plain read.
func forIovec(c *Ctx, addr, cnt uint64, dataLimit int64, again bool, fn func(base, l uint64)) {
	if addr == 0 || cnt == 0 {
		return
	}
	keep := min(cnt, IovMax)
	if !c.Lim.Verbose {
		keep = min(keep, uint64(c.Lim.Str)+1)
	}
	var b []byte
	if again {
		b = c.Mem.Read(addr, int(keep)*SizeIovec)
	} else {
		b = ReadArray(c, addr, int(keep), SizeIovec)
	}
	for i := 0; i+SizeIovec <= len(b); i += SizeIovec {
		base, l := le64(b[i:]), le64(b[i+8:])
		if dataLimit >= 0 && l > uint64(dataLimit) {
			l = uint64(dataLimit)
		}
		if dataLimit >= 0 {
			dataLimit -= int64(l)
		}
		if base != 0 && l > 0 {
			fn(base, l)
		}
	}
}
