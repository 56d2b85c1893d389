package decode

import (
	"encoding/binary"
	"strings"
	"testing"

	"mytrace/format"
	"mytrace/internal/testrand"
	"mytrace/sysent"
)

// ipcSyscalls are the syscalls of the IPC, AIO and legacy family.
var ipcSyscalls = []string{
	"shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semtimedop", "semctl", "msgget", "msgsnd",
	"msgrcv", "msgctl", "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify",
	"mq_getsetattr", "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents",
	"modify_ldt", "set_thread_area", "get_thread_area", "ustat", "iopl", "ioperm", "uselib", "_sysctl",
}

// TestIPCEntryExitAgree checks, on random arguments and memory, that what
// a decoder shows at entry is the entry part it shows once the call
// returned.
func TestIPCEntryExitAgree(t *testing.T) {
	rng := testrand.New(t, 3)
	bases := []uint64{0x1000, 0x2000, 0x3000}
	mem := func() []format.Region {
		var m []format.Region
		for _, a := range bases {
			b := make([]byte, rng.Intn(200))
			for i := range b {
				if rng.Intn(3) == 0 {
					b[i] = byte(rng.Intn(256))
				}
			}
			if len(b) >= 16 && rng.Intn(2) == 0 {
				binary.LittleEndian.PutUint64(b[rng.Intn(2)*8:], bases[rng.Intn(len(bases))])
			}
			m = append(m, format.Region{Addr: a, Len: uint64(len(b)), Data: b})
		}
		return m
	}
	small := []uint64{0, 1, 2, 3, 4, 5, 7, 8, 11, 12, 13, 14, 15, 16, 18, 19, 20, 0x40, 0x100, 0x102, 0x200}
	for _, name := range ipcSyscalls {
		nr, ok := sysent.ByName(name)
		if !ok {
			t.Fatalf("no syscall %s", name)
		}
		for i := 0; i < 300; i++ {
			o := DefaultOptions()
			o.Verbose = i%2 == 0
			o.StrLimit = 1 + rng.Intn(8)
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
			ret := int64(rng.Intn(40)) - 10
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

func userDescBytes(entry, base, limit, bits uint32) []byte {
	b := make([]byte, sysent.SizeUserDesc)
	binary.LittleEndian.PutUint32(b, entry)
	binary.LittleEndian.PutUint32(b[4:], base)
	binary.LittleEndian.PutUint32(b[8:], limit)
	binary.LittleEndian.PutUint32(b[12:], bits)
	return b
}

// TestIPCLegacyDecoders covers what the test machine's kernel cannot show
// (set_thread_area and get_thread_area succeed only on kernels with 32-bit
// emulation) and strace's special return values.
func TestIPCLegacyDecoders(t *testing.T) {
	const a = 0x7000
	o := DefaultOptions()
	full := userDescBytes(12, 0x1000, 0xfff, 0x41)
	tail := "base_addr=0x001000, limit=0x000fff, seg_32bit=1, contents=0, read_exec_only=0, limit_in_pages=0, seg_not_present=0, useable=1, lm=0}"
	for _, c := range []struct {
		name       string
		args       [6]uint64
		ret        int64
		failed     bool
		in, out    []format.Region
		line, entr string
	}{
		{"set_thread_area", [6]uint64{a}, 0, false,
			[]format.Region{region(a, userDescBytes(0xffffffff, 0x1000, 0xfff, 0x41))}, []format.Region{region(a, full)},
			"set_thread_area({entry_number=-1, " + tail + ") = 0 (entry_number=12)",
			"set_thread_area({entry_number=-1, " + tail},
		{"get_thread_area", [6]uint64{a}, 0, false,
			[]format.Region{region(a, full[:4])}, []format.Region{region(a, full)},
			"get_thread_area({entry_number=12, " + tail + ") = 0", "get_thread_area({entry_number=12"},
		{"get_thread_area", [6]uint64{a}, 0, false,
			[]format.Region{region(a, []byte{3, 0, 0, 0})}, []format.Region{region(a, full)},
			"get_thread_area({entry_number=3 => 12, " + tail + ") = 0", "get_thread_area({entry_number=3"},
		{"get_thread_area", [6]uint64{a}, 0, false,
			nil, []format.Region{region(a, full)},
			"get_thread_area(0x7000 => {entry_number=12, " + tail + ") = 0", "get_thread_area(0x7000"},
		{"get_thread_area", [6]uint64{a}, -22, true,
			[]format.Region{region(a, full[:4])}, nil,
			"get_thread_area({entry_number=12, ...}) = -1 EINVAL (Invalid argument)", "get_thread_area({entry_number=12"},
		{"modify_ldt", [6]uint64{1, a, 15}, 0xffffffea, false, nil, nil,
			"modify_ldt(1, 0x7000, 15) = 4294967274 EINVAL (Invalid argument)", "modify_ldt(1, 0x7000, 15"},
		{"modify_ldt", [6]uint64{1, a, 15}, 0xfffffe00, false, nil, nil,
			"modify_ldt(1, 0x7000, 15) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)", "modify_ldt(1, 0x7000, 15"},
		{"modify_ldt", [6]uint64{1, a, 15}, 0xfffff001, false, nil, nil,
			"modify_ldt(1, 0x7000, 15) = 4294963201 (errno 4095)", "modify_ldt(1, 0x7000, 15"},
		{"modify_ldt", [6]uint64{0, a, 16}, 16, false, []format.Region{region(a, full)}, nil,
			"modify_ldt(0, {entry_number=12, " + tail + ", 16) = 16", "modify_ldt(0, {entry_number=12, " + tail + ", 16"},
		{"shmget", [6]uint64{0x1234, 4096, 0x10000 | 0o600}, -2, true, nil, nil,
			"shmget(0x1234, 4096, 0x10000|0600) = -1 ENOENT (No such file or directory)", "shmget(0x1234, 4096, 0x10000|0600"},
		{"msgget", [6]uint64{0, 0x10000 | 0o600}, 3, false, nil, nil,
			"msgget(IPC_PRIVATE, 0x100000600) = 3", "msgget(IPC_PRIVATE, 0x100000600"},
		{"semget", [6]uint64{0, 1, 0x200 | 0x10000}, 3, false, nil, nil,
			"semget(IPC_PRIVATE, 1, IPC_CREAT|0x10000|000) = 3", "semget(IPC_PRIVATE, 1, IPC_CREAT|0x10000|000"},
		{"shmat", [6]uint64{3, 0, 0}, 0x7f0000001000, false, nil, nil,
			"shmat(3, NULL, 0) = 0x7f0000001000", "shmat(3, NULL, 0"},
		{"ustat", [6]uint64{0x801, a}, 0, false, nil, nil,
			"ustat(makedev(0x8, 0x1), 0x7000) = 0", "ustat(makedev(0x8, 0x1), "},
	} {
		line, entry := ipcPrinted(t, o, c.name, c.args, c.ret, c.failed, c.in, c.out)
		if line != c.line || entry != c.entr {
			t.Errorf("%s:\n got  %s\n      %s\n want %s\n      %s", c.name, line, entry, c.line, c.entr)
		}
	}
}

// ipcPrinted shows a call as the printer does, the entry part as decoded
// at entry and the rest as decoded at exit, and returns the line and its
// entry part.
func ipcPrinted(t *testing.T, o *Options, name string, args [6]uint64, ret int64, failed bool, in, out []format.Region) (line, entry string) {
	t.Helper()
	nr, ok := sysent.ByName(name)
	if !ok {
		t.Fatalf("no syscall %s", name)
	}
	en := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args, Mem: in}
	ex := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: ret, IsError: failed, Mem: out}
	var b strings.Builder
	e := Syscall(en, nil, o)
	b.WriteString(e.Name + "(")
	RenderArgs(&b, e.Args, 0, e.NEntry, o)
	entry = b.String()
	if e.NEntry > 0 && e.NEntry < len(e.Args) {
		b.WriteString(", ")
		entry += ", "
	}
	c := Syscall(en, ex, o)
	if c.Err != "" || e.Err != "" {
		t.Fatalf("%s: decoder failed: %s%s", name, e.Err, c.Err)
	}
	RenderArgs(&b, c.Args, c.NEntry, len(c.Args), o)
	b.WriteString(") = " + RenderRet(&c.Ret, o))
	return b.String(), entry
}
