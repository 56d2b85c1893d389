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

// Little-endian readers shared by the capture functions of every family.
func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
func le64(b []byte) uint64 { return uint64(le32(b)) | uint64(le32(b[4:]))<<32 }

// PageSize is the x86-64 page size, for captures that must not cross a page.
const PageSize = 4096
