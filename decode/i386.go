package decode

// i386Name names a syscall made through the i386 ABI (int 0x80) by its
// number in that ABI. The i386 table is not described yet, so the number is
// shown with a marker that keeps it from being read as an x86-64 call.
func i386Name(nr uint64) string { return "syscall_32_" + hexStr(nr) }
