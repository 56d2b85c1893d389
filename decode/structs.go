package decode

// structs shows the structures named in the syscall table (sysent.Arg.X)
// from their captured bytes, which are exactly the structure's size. Each
// family's file registers its own with addStructs.
var structs = map[string]func(d *dec, b []byte) Value{}
