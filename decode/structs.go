package decode

// structs shows the structures named in the syscall table (sysent.Arg.Struct)
// from their captured bytes, which are exactly the structure's size. Each
// family's file registers its own with addStructs.
var structs = map[string]func(d *dec, b []byte) Value{}

// addStructs registers a family's structure decoders.
func addStructs(m map[string]func(d *dec, b []byte) Value) {
	for n, f := range m {
		if _, dup := structs[n]; dup {
			panic("decode: two structure decoders named " + n)
		}
		structs[n] = f
	}
}
