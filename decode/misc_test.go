package decode

import (
	"encoding/binary"
	"strings"
	"testing"

	"mytrace/format"
	"mytrace/internal/testrand"
	"mytrace/sysent"
)

// miscSyscalls are the syscalls of the misc family.
var miscSyscalls = []string{
	"mount", "umount2", "pivot_root", "chroot", "acct", "swapon", "swapoff", "reboot", "sethostname",
	"setdomainname", "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
	"userfaultfd", "syslog", "ioprio_get", "ioprio_set", "lookup_dcookie", "fsopen", "fsconfig", "fsmount",
	"fspick", "open_tree", "move_mount", "mount_setattr", "landlock_create_ruleset", "landlock_add_rule",
	"landlock_restrict_self", "process_vm_readv", "process_vm_writev", "quotactl", "quotactl_fd",
	"add_key", "request_key", "keyctl", "ptrace", "perf_event_open", "io_uring_setup", "io_uring_enter",
	"io_uring_register", "bpf",
}

// TestMiscEntryExitAgree checks, on random arguments and memory, that what
// a decoder shows at entry (when the exit is not known yet) is exactly the
// entry part it shows once the call returned: the printer writes the
// former and completes the line with the rest of the latter.
func TestMiscEntryExitAgree(t *testing.T) {
	rng := testrand.New(t, 2)
	bases := []uint64{0x1000, 0x2000, 0x3000}
	mem := func() []format.Region {
		var m []format.Region
		for _, a := range bases {
			b := make([]byte, 64+rng.Intn(300))
			for i := range b {
				if rng.Intn(3) == 0 {
					b[i] = byte(rng.Intn(256))
				}
			}
			if len(b) >= 16 && rng.Intn(2) == 0 {
				binary.LittleEndian.PutUint64(b[8:], bases[rng.Intn(len(bases))])
			}
			m = append(m, format.Region{Addr: a, Len: uint64(len(b)), Data: b})
		}
		return m
	}
	small := []uint64{0, 1, 2, 3, 4, 5, 6, 8, 11, 12, 13, 14, 15, 16, 17, 19, 20, 23, 24, 31, 0x4202, 0x4204,
		0x4205, 0x4209, 0x420a, 0x420d, 0x420e, 0x80000700, 0x80000800, 0x580500}
	for _, name := range miscSyscalls {
		nr, ok := sysent.ByName(name)
		if !ok {
			t.Fatalf("no syscall %s", name)
		}
		for i := 0; i < 300; i++ {
			o := DefaultOptions()
			o.Verbose = i%2 == 0
			var args [6]uint64
			for j := range args {
				switch rng.Intn(3) {
				case 0:
					args[j] = bases[rng.Intn(len(bases))]
				case 1:
					args[j] = small[rng.Intn(len(small))]
				default:
					args[j] = uint64(rng.Intn(64))
				}
			}
			en := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args, Mem: mem()}
			ret := int64(rng.Intn(100)) - 20
			ex := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: ret,
				IsError: ret < 0, Mem: mem()}
			c0 := Syscall(en, nil, o)
			c1 := Syscall(en, ex, o)
			if c0.Err != "" || c1.Err != "" {
				t.Fatalf("%s%#x: decoder failed: %s%s", name, args, c0.Err, c1.Err)
			}
			var b0, b1 strings.Builder
			RenderArgs(&b0, c0.Args, 0, c0.NEntry, o)
			RenderArgs(&b1, c1.Args, 0, c1.NEntry, o)
			if c0.NEntry != c1.NEntry || b0.String() != b1.String() {
				t.Errorf("%s%#x: entry shows %q (%d of %d args), exit's entry part %q (%d of %d)",
					name, args, b0.String(), c0.NEntry, len(c0.Args), b1.String(), c1.NEntry, len(c1.Args))
			}
		}
	}
}

func TestMiscQuote(t *testing.T) {
	for _, c := range []struct {
		s     string
		size  int
		style int
		hex   int
		want  string
		more  bool
	}{
		{"abc\x00def", 7, qZeroTerm, 0, `"abc"`, false},
		{"abcdef", 4, qZeroTerm, 0, `"abcd"`, true},
		{"abcd\x00", 4, qZeroTerm, 0, `"abcd"`, false}, // the byte looked ahead at is a NUL
		{"ab\x00", 3, qOmitTrail0, 0, `"ab"`, false},
		{"ab\x00", 3, qOmitTrail0, 1, `"\x61\x62\x00"`, true},
		{"a\x01" + "1", 3, 0, 0, `"a\0011"`, true},
		{"\x01\x02", 2, qForceHex, 0, `"\x01\x02"`, true},
		{"x\xffy", 3, qZeroTerm, 1, `"\x78\xff\x79"`, true},
	} {
		var b strings.Builder
		more := miscQuote(&b, []byte(c.s), c.size, c.style, c.hex)
		if b.String() != c.want || more != c.more {
			t.Errorf("%q size %d style %#x: got %s %v, want %s %v", c.s, c.size, c.style, b.String(), more, c.want, c.more)
		}
	}
}

func TestMiscPstr(t *testing.T) {
	o := DefaultOptions()
	o.StrLimit = 4
	for _, c := range []struct {
		v    *miscPstr
		want string
	}{
		{&miscPstr{addr: 1, data: []byte("abcdefg"), read: true, n: 255, style: qZeroTerm}, `"abcd"...`},
		{&miscPstr{addr: 1, data: []byte("abcd"), read: true, term: true, n: 255, style: qZeroTerm}, `"abcd"`},
		{&miscPstr{addr: 1, data: []byte("ab"), read: true, term: true, n: 255, style: qZeroTerm}, `"ab"`},
		{&miscPstr{addr: 1, data: []byte("abc"), read: true, n: 3, style: qZeroTerm}, `"abc"...`},
		{&miscPstr{addr: 1, data: []byte("ab"), read: true, fault: true, n: 255, style: qZeroTerm}, `0x1`},
		{&miscPstr{addr: 1, data: []byte("abcdef"), read: true, n: 6, style: qForceHex}, `"\x61\x62\x63\x64"...`},
		{&miscPstr{addr: 1, data: []byte("abc"), read: true, n: 3, style: qForceHex}, `"\x61\x62\x63"`},
		{&miscPstr{addr: 1, read: true, n: 0}, `""`},
		{&miscPstr{addr: 1, n: 3}, `0x1`},
	} {
		if got := Render(c.v, o); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.v, got, c.want)
		}
	}
}

func TestUserOffset(t *testing.T) {
	for _, c := range []struct {
		off  uint64
		want string
	}{
		{0, "8*R15"}, {136, "8*CS"}, {144, "8*EFL"}, {172, "8*SS+12"}, {216, "offsetof(struct user, u_fpvalid)"},
		{856, "offsetof(struct user, u_debugreg)+8"}, {912, "sizeof(struct user)"}, {1000, "0x3e8"},
	} {
		if got := Render(userOffset(c.off), DefaultOptions()); got != c.want {
			t.Errorf("%d: got %s, want %s", c.off, got, c.want)
		}
	}
}

func TestEbpfCode(t *testing.T) {
	for _, c := range []struct {
		code uint8
		want string
	}{
		{0x07 | 0xb0, "BPF_ALU64|BPF_K|BPF_MOV"},
		{0x05 | 0x90, "BPF_JMP|BPF_K|BPF_EXIT"},
		{0x18, "BPF_LD|BPF_DW|BPF_IMM"},
		{0x63, "BPF_STX|BPF_W|BPF_MEM"},
		{0xff, "BPF_ALU64|BPF_X|0xf0 /* BPF_??? */"},
		{0x06 | 0x50, "BPF_JMP32|0x50 /* BPF_??? */"},
	} {
		if got := ebpfCode(c.code); got != c.want {
			t.Errorf("%#x: got %s, want %s", c.code, got, c.want)
		}
	}
}

func TestMiscIoprioQcmd(t *testing.T) {
	if got := miscIoprio(2<<13 | 4); got != "IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)" {
		t.Errorf("ioprio: %s", got)
	}
	if got := miscIoprio(7<<13 | 1); got != "IOPRIO_PRIO_VALUE(0x7 /* IOPRIO_CLASS_??? */, 1)" {
		t.Errorf("ioprio: %s", got)
	}
	if got := Render(miscQcmd(0x80000701), DefaultOptions()); got != "QCMD(Q_GETQUOTA, GRPQUOTA)" {
		t.Errorf("qcmd: %s", got)
	}
	if got := Render(miscQcmd(0x10007), DefaultOptions()); got != "QCMD(Q_V1_QUOTAON, 0x7 /* ???QUOTA */)" {
		t.Errorf("qcmd: %s", got)
	}
}
