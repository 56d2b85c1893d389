package sysent

// i386Differs lists i386 syscalls whose arguments differ from those of
// the x86-64 syscall of the same name.
var i386Differs = map[string]bool{
	"mmap": true, "select": true, "clone": true, "lseek": true, "pread64": true,
	"pwrite64": true, "fcntl": true, "getrlimit": true, "setrlimit": true,
}

// LookupI386Twin returns the x86-64 entry that describes i386 syscall nr:
// the one of the same name and argument count, when their arguments mean
// the same. Nil when there is none. Its structures have 64-bit layouts,
// so only CaptureI386 says whether its memory may be captured.
func LookupI386Twin(nr uint64) *Entry {
	name, nargs, ok := LookupI386(nr)
	if !ok || i386Differs[name] {
		return nil
	}
	n, found := ByName(name)
	if !found {
		return nil
	}
	e := Lookup(uint64(n))
	if e == nil || !e.Typed() || e.Capture != nil || len(e.Args) != nargs {
		return nil
	}
	return e
}

// CaptureI386 reports whether the memory the x86-64 twin e describes is
// the same for the i386 call: strings, paths and byte buffers, no
// structures (whose layouts differ) and nothing captured by custom code.
func CaptureI386(e *Entry) bool {
	for _, a := range e.Args {
		switch a.Type {
		case StructIn, StructOut, Custom:
			return false
		}
	}
	return true
}
