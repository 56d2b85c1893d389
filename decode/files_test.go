package decode

import (
	"encoding/binary"
	"strconv"
	"strings"
	"testing"

	"mytrace/format"
	"mytrace/sysent"
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

// TestFdsDecorated checks that descriptors are shown as strace's printfd
// shows them, wherever strace 6.1 calls it: with -y each one gets what it
// refers to ("3<f3>" here).
func TestFdsDecorated(t *testing.T) {
	o := DefaultOptions()
	o.Decorate = 1
	o.FdPath = func(fd int32) string { return "f" + strconv.Itoa(int(fd)) }
	le32 := func(vs ...uint32) []byte {
		b := make([]byte, 4*len(vs))
		for i, v := range vs {
			binary.LittleEndian.PutUint32(b[4*i:], v)
		}
		return b
	}
	reg := func(addr uint64, b []byte) []format.Region {
		return []format.Region{{Addr: addr, Len: uint64(len(b)), Data: b}}
	}
	clone := make([]byte, 32)
	binary.LittleEndian.PutUint64(clone, 7) // src_fd
	cases := []struct {
		name    string
		args    [6]uint64
		in, out []format.Region
		ret     int64
		want    string
	}{
		{"fcntl", [6]uint64{3, 0, 10}, nil, nil, 11, "fcntl(3<f3>, F_DUPFD, 10) = 11<f11>"},
		{"fcntl", [6]uint64{3, 1030, 10}, nil, nil, 1 << 32, "fcntl(3<f3>, F_DUPFD_CLOEXEC, 10) = 4294967296"},
		{"pipe2", [6]uint64{0x1000, 0x80000}, nil, reg(0x1000, le32(4, 5)), 0, "pipe2([4<f4>, 5<f5>], O_CLOEXEC) = 0"},
		{"ioctl", [6]uint64{3, 0x4020940d, 0x1000}, reg(0x1000, clone), nil, 0,
			"ioctl(3<f3>, BTRFS_IOC_CLONE_RANGE or FICLONERANGE, {src_fd=7<f7>, src_offset=0, src_length=0, dest_offset=0}) = 0"},
		{"ioctl", [6]uint64{3, 0xb701}, nil, nil, 4, "ioctl(3<f3>, NS_GET_USERNS) = 4<f4>"},
		{"mmap", [6]uint64{0, 4096, 1, 2, 5, 0}, nil, nil, 0x7f0000000000, "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 5<f5>, 0) = 0x7f0000000000"},
		{"select", [6]uint64{6, 0x1000}, reg(0x1000, le32(0x28, 0)), reg(0x1000, le32(0x8, 0)), 1,
			"select(6, [3<f3> 5<f5>], NULL, NULL, NULL) = 1 (in [3])"},
		{"epoll_ctl", [6]uint64{5, 2, 4}, nil, nil, 0, "epoll_ctl(5<f5>, EPOLL_CTL_DEL, 4<f4>, NULL) = 0"},
		{"poll", [6]uint64{0x1000, 1, 0}, reg(0x1000, le32(3, 1)), reg(0x1000, le32(3, 1)), 0,
			"poll([{fd=3<f3>, events=POLLIN}], 1, 0) = 0 (Timeout)"},
		{"signalfd4", [6]uint64{0xffffffff, 0x1000, 8, 0}, reg(0x1000, le32(0, 0)), nil, 3,
			"signalfd4(-1, [], 8, 0) = 3<f3>"},
		{"pidfd_open", [6]uint64{1, 0}, nil, nil, 3, "pidfd_open(1, 0) = 3<f3>"},
		{"pidfd_send_signal", [6]uint64{3, 0, 0, 0}, nil, nil, 0, "pidfd_send_signal(3<f3>, 0, NULL, 0) = 0"},
		{"pidfd_getfd", [6]uint64{3, 4, 0}, nil, nil, 5, "pidfd_getfd(3<f3>, 4, 0) = 5<f5>"},
		{"setns", [6]uint64{3, 0}, nil, nil, 0, "setns(3<f3>, 0) = 0"},
		{"timerfd_gettime", [6]uint64{3, 0}, nil, nil, 0, "timerfd_gettime(3<f3>, NULL) = 0"},
		{"process_mrelease", [6]uint64{3, 0}, nil, nil, 0, "process_mrelease(3<f3>, 0) = 0"},
		{"listen", [6]uint64{3, 5}, nil, nil, 0, "listen(3<f3>, 5) = 0"},
		{"socketpair", [6]uint64{1, 1, 0, 0x1000}, nil, reg(0x1000, le32(3, 4)), 0,
			"socketpair(AF_UNIX, SOCK_STREAM, 0, [3<f3>, 4<f4>]) = 0"},
		{"clone", [6]uint64{0x1000 | 17, 0, 0x1000}, nil, reg(0x1000, le32(6)), 100,
			"clone(child_stack=NULL, flags=CLONE_PIDFD|SIGCHLD, parent_tid=[6<f6>]) = 100"},
	}
	for _, c := range cases {
		if got := printedCall(t, c.name, c.args, c.in, c.out, c.ret, o); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

// printedCall shows a successful call as the printer does: the entry
// part as decoded at entry, then the rest as decoded at exit.
func printedCall(t *testing.T, name string, args [6]uint64, in, out []format.Region, ret int64, o *Options) string {
	t.Helper()
	nr, ok := sysent.ByName(name)
	if !ok {
		t.Fatalf("no syscall %s", name)
	}
	entry := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args, Mem: in}
	exit := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: ret, Mem: out}
	var b strings.Builder
	e := Syscall(entry, nil, o)
	b.WriteString(e.Name + "(")
	RenderArgs(&b, e.Args, 0, e.NEntry, o)
	if e.NEntry > 0 && e.NEntry < len(e.Args) {
		b.WriteString(", ")
	}
	c := Syscall(entry, exit, o)
	if c.Err != "" || e.Err != "" {
		t.Fatalf("%s: decoder failed: %s%s", name, e.Err, c.Err)
	}
	RenderArgs(&b, c.Args, c.NEntry, len(c.Args), o)
	b.WriteString(") = " + RenderRet(&c.Ret, o))
	return b.String()
}
