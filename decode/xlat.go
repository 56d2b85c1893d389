package decode

import (
	"strconv"
	"sync"
)

// XV is one named value of an Xlat.
type XV struct {
	Name string
	Val  uint64
}

// Xlat is an ordered table of named constants (strace's xlat): flags are
// matched in table order, so composite values come before their parts.
type Xlat struct {
	Name string
	Vals []XV // set when the table is made (at init), then only read
	// syms holds the names of Vals as Values, made on first use (sym)
	// so that decoding does not box a name each time it shows one.
	symsOnce sync.Once
	syms     []Value
}

// Lookup returns the name of exactly v.
func (x *Xlat) Lookup(v uint64) (string, bool) {
	if i := x.index(v); i >= 0 {
		return x.Vals[i].Name, true
	}
	return "", false
}

// index returns the index in Vals of the first entry for v, or -1.
func (x *Xlat) index(v uint64) int {
	for i := range x.Vals {
		if x.Vals[i].Val == v {
			return i
		}
	}
	return -1
}

// sym returns the name of Vals[i] as a Sym.
func (x *Xlat) sym(i int) Value {
	x.symsOnce.Do(func() {
		syms := make([]Value, len(x.Vals))
		for i, e := range x.Vals {
			syms[i] = Named{V: Hex(e.Val), Name: e.Name}
		}
		x.syms = syms
	})
	if i < len(x.syms) {
		return x.syms[i]
	}
	return Named{V: Hex(x.Vals[i].Val), Name: x.Vals[i].Name}
}

// Enum returns v by name, or in hexadecimal with the default comment
// (dflt, such as "SEEK_???") when it has none, as strace's printxval.
func (x *Xlat) Enum(v uint64, dflt string) Value {
	if i := x.index(v); i >= 0 {
		return x.sym(i)
	}
	return Named{V: Hex(v), Dflt: dflt}
}

// EnumDec is Enum with an unnamed value shown in decimal.
func (x *Xlat) EnumDec(v int64, dflt string) Value {
	if i := x.index(uint64(v)); i >= 0 {
		return Named{V: Int(v), Name: x.Vals[i].Name}
	}
	return Named{V: Int(v), Dflt: dflt}
}

// Flags decomposes v into the table's flags, as strace's printflags: the
// names that match, in table order, then any bits left in hexadecimal.
func (x *Xlat) Flags(v uint64, dflt string) *FlagSet {
	return x.flagsInto(new(FlagSet), v, dflt)
}

// flagsInto is Flags filling f, a zero FlagSet, and returning it.
func (x *Xlat) flagsInto(f *FlagSet, v uint64, dflt string) *FlagSet {
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
