package decode

import (
	"sync"

	"mytrace/sysent"
	"mytrace/tables"
)

// Names to values: the constants the decoder prints, read back (mytrace
// call takes them as arguments: AT_FDCWD, O_WRONLY, SIGTERM, SEEK_END).

// shownWith are the tables a decoder shows beside a registered one for
// the same argument (open's access mode before its other flags).
var shownWith = map[*tables.Xlat][]*tables.Xlat{
	tables.OpenModeFlags: {tables.OpenAccessModes},
}

var (
	byNameOnce sync.Once
	// byName maps each name of the tables the syscall table refers to
	// (and of shownWith) to its value, or to ambiguous when tables give
	// it several.
	byName map[string]uint64
)

const ambiguous = ^uint64(0) - 1

// ConstValue returns the value of name, one of the constants the decoder
// prints for an argument described by a, read from the same tables:
// AT_FDCWD for a directory descriptor, a signal name (with or without
// SIG) for a signal number, a name of the table a.Tab (and of those
// shown with it) for flags and enumerations. A name found nowhere else is
// looked up in every table the syscall table refers to, where it must
// have a single value.
func ConstValue(a sysent.Arg, name string) (uint64, bool) {
	switch a.Type {
	case sysent.DirFd:
		if name == "AT_FDCWD" {
			return regAtFdcwd, true
		}
	case sysent.Signo:
		if sig, ok := SignalByName(name); ok {
			return uint64(sig), true
		}
	case sysent.Flags, sysent.Enum, sysent.ByDecoder:
		if a.Tab == nil {
			break
		}
		if v, ok := a.Tab.ByName(name); ok {
			return v, true
		}
		for _, x := range shownWith[a.Tab] {
			if v, ok := x.ByName(name); ok {
				return v, true
			}
		}
	}
	byNameOnce.Do(indexNames)
	if v, ok := byName[name]; ok && v != ambiguous {
		return v, true
	}
	return 0, false
}

// regAtFdcwd is AT_FDCWD (-100) in a 64-bit register.
const regAtFdcwd = ^uint64(99)

func indexNames() {
	byName = map[string]uint64{}
	add := func(x *tables.Xlat) {
		for _, e := range x.Vals {
			if v, seen := byName[e.Name]; seen && v != e.Val {
				byName[e.Name] = ambiguous
			} else if !seen {
				byName[e.Name] = e.Val
			}
		}
	}
	for nr := 0; nr < sysent.Max(); nr++ {
		if e := sysent.Lookup(uint64(nr)); e != nil {
			for _, a := range e.Args {
				if a.Tab != nil {
					add(a.Tab)
				}
			}
		}
	}
	for _, xs := range shownWith {
		for _, x := range xs {
			add(x)
		}
	}
}
