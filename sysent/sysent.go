package sysent

import (
	"fmt"
	"sort"
	"sync"

	"mytrace/tables"
)

// Class is a set of strace trace classes (-e trace=%file and friends) and
// other properties of a syscall.
type Class uint32

// Classes, with strace 6.1's membership.
const (
	File Class = 1 << iota
	IPC
	Network
	Process
	Signal
	Desc
	Memory
	NeverFails
	StackOnEntry
	CompatTypes
	Stat
	Lstat
	Statfs
	Fstatfs
	StatfsLike
	Fstat
	StatLike
	Pure
	SeccompDefault
	Creds
	Clock
	MemMapChange
	CommChange
	MaxArgs
)

// Type says what an argument is: how it is captured and, in package
// decode, how it is shown.
type Type uint8

// Argument types. "In" types are read at syscall entry, "Out" types at exit
// (and, unless noted, only when the call succeeded).
const (
	Int       Type = iota // int, signed decimal
	Uint                  // unsigned int, decimal
	Long                  // long or off_t, signed decimal
	Ulong                 // size_t, unsigned decimal
	Hex                   // unsigned, hexadecimal
	Oct                   // mode_t, octal
	Ptr                   // an address shown as such (or NULL)
	Fd                    // file descriptor
	DirFd                 // directory fd: AT_FDCWD or an fd
	Pid                   // process id
	Signo                 // signal number, by name
	Flags                 // bit flags named by the table Tab
	Enum                  // a value named by the table Tab
	Path                  // in: NUL-terminated path, up to PathMax
	Str                   // in: NUL-terminated string, up to the string limit
	BufIn                 // in: bytes, length in argument Len
	BufOut                // out: bytes, length = return value
	StructIn              // in: the structure Struct, Size bytes (or argument Len)
	StructOut             // out: the structure Struct, Size bytes (or argument Len)
	Custom                // captured by Fn and shown by a decoder of the syscall's own
	ByDecoder             // a value shown by the syscall's own decoder (package decode), named from Tab if set; nothing to capture
)

// Phase is the stop at which memory is read.
type Phase uint8

// Phases.
const (
	AtEntry Phase = 1
	AtExit  Phase = 2
)

// Arg describes one syscall argument.
type Arg struct {
	Name   string
	Type   Type
	Tab    *tables.Xlat // Flags, Enum (and ByDecoder, where set): the table that names the values
	Struct string       // StructIn, StructOut: the structure's name (package decode shows it)
	Len    int8         // index of the argument holding a length (BufIn, sized structures)
	Size   uint32       // fixed size of a structure
	// Fn captures what a Custom argument needs. It is called at entry and
	// at exit.
	Fn func(c *Ctx, i int)
}

// Ret says how a return value is shown.
type Ret uint8

// Return value kinds.
const (
	RetInt  Ret = iota // signed decimal
	RetHex             // hexadecimal (addresses: mmap, brk)
	RetOct             // octal (umask)
	RetFd              // a new file descriptor
	RetNone            // never returns (exit, exit_group): "= ?"
	RetCustom
)

// Entry is one syscall in the table.
type Entry struct {
	Nr          int
	Name        string
	NArgs       int
	Class       Class
	NotInStrace bool // newer than strace 6.1, which shows it as syscall_0x...
	Args        []Arg
	Ret         Ret
	// Capture, if set, replaces the per-argument captures.
	Capture func(c *Ctx)
	// Reads is what Capture and the Custom arguments' functions copy,
	// as data (reads.go), for recorders that cannot run them at the
	// stop; nil when the entry has no such function.
	Reads []Read
}

// Typed reports whether the entry has an argument description.
func (e *Entry) Typed() bool { return e.Args != nil }

var (
	initOnce sync.Once
	byName   map[string]int
)

func setup() {
	byName = make(map[string]int, len(table64))
	for nr := range table64 {
		e := &table64[nr]
		if e.Name == "" {
			continue
		}
		e.Nr = nr
		byName[e.Name] = nr
	}
	for _, src := range specSources {
		addSpecs(src())
	}
	for name, spec := range specs {
		nr, ok := byName[name]
		if !ok {
			panic(fmt.Sprintf("sysent: spec for unknown syscall %q", name))
		}
		e := &table64[nr]
		e.Args = spec.Args
		e.Ret = spec.Ret
		e.Capture = spec.Capture
		e.Reads = spec.Reads
		if e.Args == nil && e.NArgs == 0 {
			e.Args = []Arg{} // typed: no arguments to show
		}
	}
	setupPids()
}

// Lookup returns the table entry of syscall nr for the x86-64 ABI, or nil
// for a number the kernel does not know.
func Lookup(nr uint64) *Entry {
	initOnce.Do(setup)
	if nr >= uint64(len(table64)) || table64[nr].Name == "" {
		return nil
	}
	return &table64[nr]
}

// ByName returns the number of the syscall called name.
func ByName(name string) (int, bool) {
	initOnce.Do(setup)
	nr, ok := byName[name]
	return nr, ok
}

// Names returns every syscall name, sorted.
func Names() []string {
	initOnce.Do(setup)
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Max returns one more than the highest syscall number in the table.
func Max() int { return len(table64) }
