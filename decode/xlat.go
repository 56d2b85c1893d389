package decode

import (
	"strconv"

	"mytrace/tables"
)

// symOf returns the name of x.Vals[i] as a Value, made once per table
// (kept in the table's memo) so that decoding does not box a name each
// time it shows one.
func symOf(x *tables.Xlat, i int) Value {
	syms := x.Memo(func(x *tables.Xlat) any {
		syms := make([]Value, len(x.Vals))
		for i, e := range x.Vals {
			syms[i] = Named{V: Hex(e.Val), Name: e.Name}
		}
		return syms
	}).([]Value)
	if i < len(syms) {
		return syms[i]
	}
	return Named{V: Hex(x.Vals[i].Val), Name: x.Vals[i].Name}
}

// enumOf returns v by its name in x, or in hexadecimal with the default
// comment (dflt, such as "SEEK_???") when it has none, as strace's
// printxval.
func enumOf(x *tables.Xlat, v uint64, dflt string) Value {
	if i := x.Index(v); i >= 0 {
		return symOf(x, i)
	}
	return Named{V: Hex(v), Dflt: dflt}
}

// enumDecOf is enumOf with an unnamed value shown in decimal.
func enumDecOf(x *tables.Xlat, v int64, dflt string) Value {
	if i := x.Index(uint64(v)); i >= 0 {
		return Named{V: Int(v), Name: x.Vals[i].Name}
	}
	return Named{V: Int(v), Dflt: dflt}
}

// flagsOf decomposes v into x's flags, as strace's printflags: the names
// that match, in table order, then any bits left in hexadecimal.
func flagsOf(x *tables.Xlat, v uint64, dflt string) *FlagSet {
	return flagsInto(x, new(FlagSet), v, dflt)
}

// flagsInto is flagsOf filling f, a zero FlagSet, and returning it.
func flagsInto(x *tables.Xlat, f *FlagSet, v uint64, dflt string) *FlagSet {
	f.Dflt = dflt
	f.Val, f.HasVal = v, true
	if v == 0 {
		// The name of zero, if the table has one.
		for _, e := range x.Vals {
			if e.Val == 0 {
				f.add(e.Name)
				break
			}
		}
		return f
	}
	for _, e := range x.Vals {
		if e.Val != 0 && v&e.Val == e.Val {
			f.add(e.Name)
			v &^= e.Val
			if v == 0 {
				break
			}
		}
	}
	f.Rest = v
	return f
}

// FlagSet is a decomposed set of flags: names, plus bits no name covers.
type FlagSet struct {
	Names []string
	Rest  uint64
	Dflt  string // comment for a value no name matches, "O_???"
	// Prefix, if set, is shown before the names (the access mode of
	// open's flags, the type of mmap's).
	Prefix Value
	// Val is the whole value (prefix included), shown by -X raw and -X
	// verbose when HasVal is set.
	Val    uint64
	HasVal bool
	// names holds the first Names, so that most sets take one
	// allocation.
	names [4]string
}

// add appends a name to f.Names.
func (f *FlagSet) add(name string) {
	if f.Names == nil {
		f.Names = f.names[:0]
	}
	f.Names = append(f.Names, name)
}

func hexStr(v uint64) string {
	if v == 0 {
		return "0"
	}
	return "0x" + strconv.FormatUint(v, 16)
}
