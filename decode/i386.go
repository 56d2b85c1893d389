package decode

import "mytrace/decode/sysent"

// i386Call decodes a syscall made through the i386 ABI (int 0x80 from a
// 64-bit process, or a 32-bit program): named from the i386 table. Calls
// that have an x86-64 twin of the same name and the same arguments are
// shown with its typed description (the recorder copies no memory for
// them, so pointers show as addresses); the others with raw arguments.
// strace decodes them with 32-bit structure layouts, which mytrace does
// not have yet (docs/differences.md).
func (d *dec) i386Call() {
	c := d.c
	name, nargs, ok := sysent.LookupI386(c.Nr)
	if !ok {
		c.Name = "syscall_" + hexStr(c.Nr)
		c.Unknown = true
		d.generic(6)
		return
	}
	c.Name = name
	if n, found := sysent.ByName(name); found && !i386Differs[name] {
		if e := sysent.Lookup(uint64(n)); e.Typed() && e.Capture == nil && len(e.Args) == nargs {
			d.ent = e
			d.typed()
			return
		}
	}
	d.generic(nargs)
}

// i386Differs lists i386 syscalls whose arguments differ from those of
// the x86-64 syscall of the same name.
var i386Differs = map[string]bool{
	"mmap": true, "select": true, "clone": true, "lseek": true, "pread64": true,
	"pwrite64": true, "fcntl": true, "getrlimit": true, "setrlimit": true,
}
