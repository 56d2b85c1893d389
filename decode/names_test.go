package decode

import (
	"testing"

	"mytrace/sysent"
)

// TestConstValue: the names the decoder prints read back as their values,
// from the argument's own table first.
func TestConstValue(t *testing.T) {
	arg := func(name string, i int) sysent.Arg {
		nr, ok := sysent.ByName(name)
		if !ok {
			t.Fatalf("no syscall %s", name)
		}
		return sysent.Lookup(uint64(nr)).Args[i]
	}
	for _, c := range []struct {
		a    sysent.Arg
		name string
		want uint64
	}{
		{arg("openat", 0), "AT_FDCWD", ^uint64(99)},
		{arg("openat", 2), "O_WRONLY", 1},
		{arg("openat", 2), "O_CREAT", 0o100},
		{arg("openat", 2), "O_RDONLY", 0},
		{arg("kill", 1), "SIGTERM", 15},
		{arg("kill", 1), "TERM", 15},
		{arg("kill", 1), "SIGRTMIN", 32},
		{arg("lseek", 2), "SEEK_END", 2},
		{arg("mmap", 3), "MAP_PRIVATE", 2},
		{arg("mmap", 2), "PROT_READ", 1},
		{arg("socket", 1), "SOCK_CLOEXEC", 0o2000000}, // from sock_type_flags, shown with socktypes
		{arg("clock_nanosleep", 0), "CLOCK_MONOTONIC", 1},
	} {
		if v, ok := ConstValue(c.a, c.name); !ok || v != c.want {
			t.Errorf("%s as %s: %#x %v, want %#x", c.name, c.a.Name, v, ok, c.want)
		}
	}
	for _, name := range []string{"O_NOSUCH", "", "o_wronly", "AT_FDCWD"} {
		if v, ok := ConstValue(arg("read", 2), name); ok {
			t.Errorf("%q as read's count: %#x", name, v)
		}
	}
}
