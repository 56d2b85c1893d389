package decode

import (
	"encoding/binary"
	"strings"
	"testing"

	"mytrace/decode/sysent"
	"mytrace/format"
)

// filesCall decodes syscall name with the given entry and exit events'
// memory and returns its rendered arguments and return value.
func filesCall(t *testing.T, name string, args [6]uint64, in, out []format.Region, ret int64, failed bool, o *Options) string {
	t.Helper()
	nr, ok := sysent.ByName(name)
	if !ok {
		t.Fatalf("no syscall %s", name)
	}
	entry := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args, Mem: in}
	exit := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: ret, IsError: failed, Mem: out}
	c := Syscall(entry, exit, o)
	if c.Err != "" {
		t.Fatalf("%s: decoder failed: %s", name, c.Err)
	}
	var b strings.Builder
	b.WriteString(c.Name + "(")
	RenderArgs(&b, c.Args, 0, len(c.Args), o)
	b.WriteString(") = " + RenderRet(&c.Ret, o))
	return b.String()
}

// dirent64 builds a struct linux_dirent64 record.
func dirent64(ino, off uint64, typ byte, name string) []byte {
	reclen := (19 + len(name) + 1 + 7) &^ 7
	b := make([]byte, reclen)
	binary.LittleEndian.PutUint64(b, ino)
	binary.LittleEndian.PutUint64(b[8:], off)
	binary.LittleEndian.PutUint16(b[16:], uint16(reclen))
	b[18] = typ
	copy(b[19:], name)
	return b
}

func TestFilesGetdents64(t *testing.T) {
	buf := append(dirent64(5, 1, 4, "."), dirent64(2, 2, 8, "file")...)
	args := [6]uint64{3, 0x1000, 4096}
	out := []format.Region{{Addr: 0x1000, Len: uint64(len(buf)), Data: buf}}
	o := DefaultOptions()
	got := filesCall(t, "getdents64", args, nil, out, int64(len(buf)), false, o)
	if want := "getdents64(3, 0x1000 /* 2 entries */, 4096) = 48"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	o.Verbose = true
	got = filesCall(t, "getdents64", args, nil, out, int64(len(buf)), false, o)
	want := `getdents64(3, [{d_ino=5, d_off=1, d_reclen=24, d_type=DT_DIR, d_name="."}, ` +
		`{d_ino=2, d_off=2, d_reclen=24, d_type=DT_REG, d_name="file"}], 4096) = 48`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A record length of zero, or past the buffer, ends the walk.
	bad := dirent64(7, 3, 0, "x")
	binary.LittleEndian.PutUint16(bad[16:], 0)
	out = []format.Region{{Addr: 0x1000, Len: uint64(len(bad)), Data: bad}}
	filesCall(t, "getdents64", args, nil, out, int64(len(bad)), false, o)
	binary.LittleEndian.PutUint16(bad[16:], 0xffff)
	got = filesCall(t, "getdents64", args, nil, out, int64(len(bad)), false, o)
	want = `getdents64(3, [{d_ino=7, d_off=3, d_reclen=65535 /* 65511 bytes overflow */, d_type=DT_UNKNOWN, d_name="x"}], 4096) = 24`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	o.Verbose = false
	got = filesCall(t, "getdents64", args, nil, out, int64(len(bad)), false, o)
	if want := "getdents64(3, 0x1000 /* d_reclen 65511 bytes overflow */ /* 1 entries */, 4096) = 24"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	o.Verbose = true
	// Unreadable: the address.
	got = filesCall(t, "getdents64", args, nil, nil, 48, false, o)
	if want := "getdents64(3, 0x1000, 4096) = 48"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestFilesIoctlRequest(t *testing.T) {
	o := DefaultOptions()
	for code, want := range map[uint32]string{
		0x5401:     "TCGETS",
		0x5402:     "SNDCTL_TMR_START or TCSETS",
		0x541b:     "FIONREAD",
		0xc0ffee00: "_IOC(_IOC_READ|_IOC_WRITE, 0xee, 0, 0xff)",
		0x0000fe03: "_IOC(_IOC_NONE, 0xfe, 0x3, 0)",
		0x40044d05: "MIXER_WRITE(5)",
	} {
		if got := Render(IoctlRequest(code), o); got != want {
			t.Errorf("IoctlRequest(%#x) = %s, want %s", code, got, want)
		}
	}
}

func TestFilesFcntlReturn(t *testing.T) {
	o := DefaultOptions()
	got := filesCall(t, "fcntl", [6]uint64{3, 3}, nil, nil, 0x8002, false, o)
	if want := "fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got = filesCall(t, "fcntl", [6]uint64{3, 1}, nil, nil, 3, false, o)
	if want := "fcntl(3, F_GETFD) = 0x3 (flags FD_CLOEXEC|0x2)"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got = filesCall(t, "fcntl", [6]uint64{3, 1}, nil, nil, 0, false, o)
	if want := "fcntl(3, F_GETFD) = 0"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestFilesTimeComment(t *testing.T) {
	if c := TimeComment(0, 0); c != "" {
		t.Errorf("TimeComment(0, 0) = %q, want none", c)
	}
	if c := TimeComment(1, 1000000000); c != "" {
		t.Errorf("TimeComment with nsec out of range = %q, want none", c)
	}
}

// filesSpecNames lists the syscalls this family decodes.
func filesSpecNames() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{
		"read", "write", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev",
		"preadv2", "pwritev2", "open", "openat", "openat2", "creat", "close", "close_range",
		"lseek", "stat", "lstat", "fstat", "statfs", "fstatfs", "newfstatat", "statx",
		"getdents", "getdents64", "readlink", "readlinkat", "access", "faccessat", "faccessat2",
		"ioctl", "fcntl", "flock", "dup", "dup2", "dup3", "pipe", "pipe2", "unlink", "unlinkat",
		"mkdir", "mkdirat", "rmdir", "mknod", "mknodat", "rename", "renameat", "renameat2",
		"link", "linkat", "symlink", "symlinkat", "chdir", "fchdir", "getcwd", "umask", "chmod",
		"fchmod", "fchmodat", "chown", "lchown", "fchown", "fchownat", "utime", "utimes",
		"futimesat", "utimensat", "truncate", "ftruncate", "fallocate", "fsync", "fdatasync",
		"syncfs", "sync_file_range", "fadvise64", "readahead", "copy_file_range", "sendfile",
		"splice", "tee", "vmsplice", "getxattr", "lgetxattr", "fgetxattr", "setxattr",
		"lsetxattr", "fsetxattr", "listxattr", "llistxattr", "flistxattr", "removexattr",
		"lremovexattr", "fremovexattr", "inotify_init", "inotify_init1", "inotify_add_watch",
		"inotify_rm_watch", "fanotify_init", "fanotify_mark", "memfd_create",
		"name_to_handle_at", "open_by_handle_at",
	} {
		m[n] = true
	}
	return m
}
