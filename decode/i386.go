package decode

import "mytrace/sysent"

// i386Call decodes a syscall made through the i386 ABI (int 0x80 from a
// 64-bit process, or a 32-bit program): named from the i386 table. Calls
// that have an x86-64 twin of the same name and the same arguments are
// shown with its typed description (the recorder copies their strings and
// byte buffers, not their structures, whose layouts differ: those show as
// addresses); the others with raw arguments.
// strace decodes them with 32-bit structure layouts, which mytrace does
// not have yet (docs/differences.md).
func (d *dec) i386Call() {
	c := d.c
	name, nargs, ok := sysent.LookupI386(c.Nr)
	if !ok {
		d.unknown()
		return
	}
	c.Name = name
	if e := sysent.LookupI386Twin(c.Nr); e != nil {
		d.ent = e
		// A twin without structures shows as the x86-64 call does,
		// through its decoder if it has one (open's flags and mode).
		if f := decoders[name]; f != nil && sysent.CaptureI386(e) {
			f(d)
			return
		}
		d.typed()
		return
	}
	d.generic(nargs)
}
