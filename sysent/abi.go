package sysent

//go:generate go run ./gen

// The syscall tables themselves are generated (table_*_gen.go) from the
// text in sysent/in by sysent/gen: edit those, not the Go.

// abiEntry is a syscall of another ABI: its name and argument count.
type abiEntry struct {
	Name  string
	NArgs int
}

// LookupI386 returns the name and argument count of i386 syscall nr.
func LookupI386(nr uint64) (name string, nargs int, ok bool) {
	if nr < uint64(len(i386Table)) && i386Table[nr].Name != "" {
		return i386Table[nr].Name, i386Table[nr].NArgs, true
	}
	return "", 0, false
}

// X32Bit marks a syscall number of the x32 ABI.
const X32Bit = 0x40000000

// LookupX32 returns the name and argument count of x32 syscall nr (the
// number without X32Bit).
func LookupX32(nr uint64) (name string, nargs int, ok bool) {
	if nr < uint64(len(x32Table)) && x32Table[nr].Name != "" {
		return x32Table[nr].Name, x32Table[nr].NArgs, true
	}
	if nr >= 424 {
		if e := Lookup(nr); e != nil {
			return e.Name, e.NArgs, true
		}
	}
	return "", 0, false
}
