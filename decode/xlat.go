package decode

import "strconv"

// XV is one named value of an Xlat.
type XV struct {
	Name string
	Val  uint64
}

// Xlat is an ordered table of named constants (strace's xlat): flags are
// matched in table order, so composite values come before their parts.
type Xlat struct {
	Name string
	Vals []XV
}

// Lookup returns the name of exactly v.
func (x *Xlat) Lookup(v uint64) (string, bool) {
	for _, e := range x.Vals {
		if e.Val == v {
			return e.Name, true
		}
	}
	return "", false
}

// Enum returns v by name, or in hexadecimal with the default comment
// (dflt, such as "SEEK_???") when it has none, as strace's printxval.
func (x *Xlat) Enum(v uint64, dflt string) Value {
	if n, ok := x.Lookup(v); ok {
		return Sym(n)
	}
	return Commented{V: Hex(v), C: dflt}
}

// EnumDec is Enum with an unnamed value shown in decimal.
func (x *Xlat) EnumDec(v int64, dflt string) Value {
	if n, ok := x.Lookup(uint64(v)); ok {
		return Sym(n)
	}
	return Commented{V: Int(v), C: dflt}
}

// Flags decomposes v into the table's flags, as strace's printflags: the
// names that match, in table order, then any bits left in hexadecimal.
func (x *Xlat) Flags(v uint64, dflt string) *FlagSet {
	f := &FlagSet{Dflt: dflt}
	if v == 0 {
		if len(x.Vals) > 0 && x.Vals[0].Val == 0 {
			f.Names = []string{x.Vals[0].Name}
		} else {
			for _, e := range x.Vals {
				if e.Val == 0 {
					f.Names = []string{e.Name}
					break
				}
			}
		}
		return f
	}
	for _, e := range x.Vals {
		if e.Val != 0 && v&e.Val == e.Val {
			f.Names = append(f.Names, e.Name)
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
}

func hexStr(v uint64) string {
	if v == 0 {
		return "0"
	}
	return "0x" + strconv.FormatUint(v, 16)
}
