package decode

import (
	"encoding/binary"
	"strings"
	"testing"

	"mytrace/format"
	"mytrace/sysent"
)

// Unit tests of the memory, time and scheduling decoders: the parts whose
// output is easy to get subtly wrong, and robustness on hostile captures.

func TestMmapFlags(t *testing.T) {
	o := DefaultOptions()
	for _, c := range []struct {
		v    uint64
		want string
	}{
		{0x22, "MAP_PRIVATE|MAP_ANONYMOUS"},
		{0x3, "MAP_SHARED_VALIDATE"},
		{0xf, "0xf /* MAP_??? */"},
		{0x0, "MAP_FILE"},
		{0x22 | 21<<26 | 0x40000, "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT"},
		{0x22 | 0x400000 | 30<<26, "MAP_PRIVATE|MAP_ANONYMOUS|0x400000|30<<MAP_HUGE_SHIFT"},
		{0x2 | 0x400000, "MAP_PRIVATE|0x400000"},
		{0x4000000, "MAP_FILE|1<<MAP_HUGE_SHIFT"},
	} {
		if got := Render(MmapFlags(c.v), o); got != c.want {
			t.Errorf("MmapFlags(%#x) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestFutexWakeOp(t *testing.T) {
	for _, c := range []struct {
		v    uint32
		want string
	}{
		{0x04000001, "FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1"},
		{0x91abc123, "FUTEX_OP_OPARG_SHIFT<<28|FUTEX_OP_ADD<<28|0xabc<<12|FUTEX_OP_CMP_NE<<24|0x123"},
		{0x79ffffff, "0x7<<28 /* FUTEX_OP_??? */|0xfff<<12|0x9<<24 /* FUTEX_OP_CMP_??? */|0xfff"},
	} {
		if got := futexWakeOpString(c.v); got != c.want {
			t.Errorf("futexWakeOpString(%#x) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestHex0(t *testing.T) {
	for _, c := range []struct {
		v    uint64
		want string
	}{
		{0, "0000000000000000"},
		{1, "0x00000000000001"},
		{0xffffffffffffffff, "0xffffffffffffffff"},
	} {
		if got := hex0(c.v, 16); got != c.want {
			t.Errorf("hex0(%#x) = %q, want %q", c.v, got, c.want)
		}
	}
}

// call decodes syscall name with args and the given memory captured at
// entry and exit, and renders it as a whole line and as its entry part.
func call(t *testing.T, o *Options, name string, args [6]uint64, ret int64, failed bool, in, out []format.Region) (line, entry string) {
	t.Helper()
	nr, ok := sysent.ByName(name)
	if !ok {
		t.Fatalf("no syscall %s", name)
	}
	en := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args, Mem: in}
	ex := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: ret, IsError: failed, Mem: out}
	render := func(c *Call) string {
		var b strings.Builder
		b.WriteString(c.Name + "(")
		RenderArgs(&b, c.Args, 0, len(c.Args), o)
		b.WriteString(")")
		return b.String()
	}
	c := Syscall(en, ex, o)
	line = render(c) + " = " + RenderRet(&c.Ret, o)
	e := Syscall(en, nil, o)
	var b strings.Builder
	b.WriteString(e.Name + "(")
	RenderArgs(&b, e.Args, 0, e.NEntry, o)
	if e.NEntry > 0 && e.NEntry < len(e.Args) {
		b.WriteString(", ")
	}
	return line, b.String()
}

func region(addr uint64, b []byte) format.Region {
	return format.Region{Addr: addr, Len: uint64(len(b)), Data: b}
}

func timespecBytes(sec, nsec int64) []byte {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint64(b, uint64(sec))
	binary.LittleEndian.PutUint64(b[8:], uint64(nsec))
	return b
}

func TestTimeDecoders(t *testing.T) {
	o := DefaultOptions()
	req := region(0x1000, timespecBytes(5, 0))
	rem := region(0x2000, timespecBytes(4, 123))

	line, entry := call(t, o, "nanosleep", [6]uint64{0x1000, 0x2000}, -516, true, []format.Region{req}, []format.Region{rem})
	if want := "nanosleep({tv_sec=5, tv_nsec=0}, {tv_sec=4, tv_nsec=123}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)"; line != want {
		t.Errorf("interrupted nanosleep:\n got %s\nwant %s", line, want)
	}
	if want := "nanosleep({tv_sec=5, tv_nsec=0}, "; entry != want {
		t.Errorf("nanosleep entry: got %q, want %q", entry, want)
	}
	line, _ = call(t, o, "nanosleep", [6]uint64{0x1000, 0x2000}, 0, false, []format.Region{req}, []format.Region{rem})
	if want := "nanosleep({tv_sec=5, tv_nsec=0}, 0x2000) = 0"; line != want {
		t.Errorf("nanosleep:\n got %s\nwant %s", line, want)
	}
	line, _ = call(t, o, "clock_nanosleep", [6]uint64{1, 1, 0x1000, 0x2000}, -514, true, []format.Region{req}, []format.Region{rem})
	if want := "clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=5, tv_nsec=0}, 0x2000) = ? ERESTARTNOHAND (To be restarted if no handler)"; line != want {
		t.Errorf("absolute clock_nanosleep:\n got %s\nwant %s", line, want)
	}
	neg := region(0x2000, timespecBytes(-1, -1))
	line, entry = call(t, o, "clock_gettime", [6]uint64{0xfffffffffffffffa, 0x2000}, 0, false, nil, []format.Region{neg})
	if want := "clock_gettime(0xfffffffa /* CLOCK_??? */, {tv_sec=-1, tv_nsec=18446744073709551615}) = 0"; line != want {
		t.Errorf("clock_gettime:\n got %s\nwant %s", line, want)
	}
	if want := "clock_gettime(0xfffffffa /* CLOCK_??? */, "; entry != want {
		t.Errorf("clock_gettime entry: got %q, want %q", entry, want)
	}
	_, entry = call(t, o, "getrandom", [6]uint64{0x1000, 8, 1}, 8, false, nil, nil)
	if entry != "getrandom(" {
		t.Errorf("getrandom entry: got %q", entry)
	}
	line, _ = call(t, o, "getrandom", [6]uint64{0x1000, 3, 1}, 3, false, nil, []format.Region{region(0x1000, []byte("ab\n"))})
	if want := `getrandom("\x61\x62\x0a", 3, GRND_NONBLOCK) = 3`; line != want {
		t.Errorf("getrandom:\n got %s\nwant %s", line, want)
	}
}

func TestSchedDecoders(t *testing.T) {
	o := DefaultOptions()
	mask := region(0x1000, []byte{0x05, 0, 0, 0, 0, 0, 0, 0x80})
	line, _ := call(t, o, "sched_getaffinity", [6]uint64{0, 128, 0x1000}, 8, false, nil, []format.Region{mask})
	if want := "sched_getaffinity(0, 128, [0 2 63]) = 8"; line != want {
		t.Errorf("sched_getaffinity:\n got %s\nwant %s", line, want)
	}
	attr := make([]byte, 56)
	binary.LittleEndian.PutUint32(attr, 88)
	size := region(0x1000, []byte{56, 0, 0, 0})
	line, entry := call(t, o, "sched_setattr", [6]uint64{0, 0x1000, 0}, -7, true, []format.Region{region(0x1000, attr)}, []format.Region{size})
	want := "sched_setattr(0, {size=88, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, " +
		"sched_runtime=0, sched_deadline=0, sched_period=0, sched_util_min=0, sched_util_max=0, ...} => {size=56}, 0) = -1 E2BIG (Argument list too long)"
	if line != want {
		t.Errorf("sched_setattr:\n got %s\nwant %s", line, want)
	}
	if entry != "sched_setattr(0, " {
		t.Errorf("sched_setattr entry: got %q", entry)
	}
	line, _ = call(t, o, "futex", [6]uint64{0x1000, 0x89, 1, 0x2000, 0, 0xffffffff}, 0, false,
		[]format.Region{region(0x2000, timespecBytes(1, 2))}, nil)
	if want := "futex(0x1000, FUTEX_WAIT_BITSET_PRIVATE, 1, {tv_sec=1, tv_nsec=2}, FUTEX_BITSET_MATCH_ANY) = 0"; line != want {
		t.Errorf("futex:\n got %s\nwant %s", line, want)
	}
}
