package options

import (
	"errors"
	"testing"
	"time"

	"mytrace/format"
)

// Expressions strace 6.1's tests (qual_inject-syntax.test,
// qual_fault-syntax.test) require to be refused, as inject= and fault=.
var straceBadInject = []string{
	"chdir:42", "!chdir:42", "chdir:42:when=7", "chdir:invalid",
	"chdir:invalid:when=8", "chdir:error=", "chdir:error=:when=10",
	"chdir:error=invalid_error_name", "chdir:error=invalid_error_name:when=11",
	"chdir:error=-1", "chdir:error=-1:when=12", "chdir:error=-2", "chdir:error=-2:when=13",
	"chdir:error=3+", "chdir:error=3+:when=14", "chdir:error=4096", "chdir:error=4096:when=15",
	"chdir:when=7:error=invalid_error_name", "chdir:when=", "chdir:when=:error=19",
	"chdir:when=0", "chdir:when=0:error=20", "chdir:when=-1", "chdir:when=-1:error=21",
	"chdir:when=-2+", "chdir:when=-2+:error=22", "chdir:when=-3+0", "chdir:when=-3+0:error=23",
	"chdir:when=4-", "chdir:when=4-:error=24", "chdir:when=5+-", "chdir:when=5+-:error=25",
	"chdir:when=6++", "chdir:when=6++:error=26", "chdir:when=7+0", "chdir:when=7+0:error=27",
	"chdir:when=8+-1", "chdir:when=8+-1:error=28", "chdir:when=9+1+", "chdir:when=9+1+:error=29",
	"chdir:when=65536", "chdir:when=65536:error=30", "chdir:when=1+65536", "chdir:when=1+65536:error=31",
	"chdir:syscall=invalid", "chdir:syscall=chdir", "chdir:syscall=%file", "chdir:syscall=-42",
	"chdir:syscall=42", "chdir:syscall=gettid:syscall=gettid", "chdir:when=.", "chdir:when=.+",
	"chdir:when=..+", "chdir:when=+", "chdir:when=++", "chdir:when=10.", "chdir:when=11.12",
	"chdir:when=13.14+", "chdir:when=15..", "chdir:when=16...", "chdir:when=17...18",
	"chdir:when=.19", "chdir:when=..20", "chdir:when=..21+", "chdir:when=..22+3",
	"chdir:when=24..23", "chdir:when=25..26+0", "chdir:when=27..65535", "chdir:when=28..65535+",
	"chdir:when=65535..65535", "chdir:when=65535..65535+",
	"chdir:error=1:error=2",
}

// ... and as inject= only.
var straceBadInjectOnly = []string{
	"42", "chdir",
	"chdir:retval=a", "chdir:retval=0b", "chdir:retval=0x10000000000000000", "chdir:signal=0",
	"chdir:signal=129", "chdir:signal=1:signal=2", "chdir:signal=1:retval=0:signal=2",
	"chdir:retval=0:retval=1", "chdir:retval=0:error=1", "chdir:error=1:retval=0",
	"chdir:retval=0:signal=1:error=1", "chdir:delay_enter=-1", "chdir:delay_exit=-2",
	"chdir:delay_enter=1:delay_enter=2", "chdir:delay_exit=3:delay_exit=4",
	"chdir:delay_enter=5:delay_exit=6:delay_enter=7", "chdir:delay_exit=8:delay_enter=9:delay_exit=10",
	"chdir:signal=65", "chdir:signal=SIGNOPE", "chdir:signal=+1", "chdir:delay_exit=1S",
	"chdir:delay_exit=0x10", "chdir:delay_exit=1.5.5",
}

func TestParseInjectRefuses(t *testing.T) {
	for _, fault := range []bool{false, true} {
		bad := straceBadInject
		if fault {
			bad = append(append([]string{}, bad...), "chdir:retval=0", "chdir:signal=1", "chdir:delay_exit=1")
		} else {
			bad = append(append([]string{}, bad...), straceBadInjectOnly...)
		}
		for _, e := range bad {
			r, err := ParseInject(e, fault)
			if err == nil {
				t.Errorf("ParseInject(%q, fault=%v) = %+v, want an error", e, fault, r)
				continue
			}
			what := "inject"
			if fault {
				what = "fault"
			}
			if !errors.Is(err, ErrBadInject) || err.Error() != "invalid "+what+" argument '"+e+"'" {
				t.Errorf("ParseInject(%q, fault=%v): %v", e, fault, err)
			}
		}
	}
	for e, want := range map[string]string{
		"nosuch:error=EIO": "invalid system call 'nosuch'",
		"":                 "invalid system call ''",
		":error=EIO":       "invalid system call ''",
	} {
		if _, err := ParseInject(e, false); err == nil || err.Error() != want {
			t.Errorf("ParseInject(%q): %v, want %q", e, err, want)
		}
	}
}

func TestParseInject(t *testing.T) {
	type when struct{ first, last, step int }
	for _, c := range []struct {
		expr  string
		fault bool
		check func(r *InjectRule) bool
	}{
		{"chdir:error=ENOENT", false, func(r *InjectRule) bool {
			return r.Error == 2 && r.First == 1 && r.Last == InjectForever && r.Step == 1
		}},
		{"chdir:error=eperm", false, func(r *InjectRule) bool { return r.Error == 1 }},
		{"chdir:error=4095", false, func(r *InjectRule) bool { return r.Error == 4095 }},
		{"chdir:error=ENOTSUPP", false, func(r *InjectRule) bool { return r.Error == 524 }},
		{"chdir:error=ERESTARTSYS", false, func(r *InjectRule) bool { return r.Error == 512 }},
		{"chdir", true, func(r *InjectRule) bool { return r.Error == 38 }},
		{"chdir:when=3", true, func(r *InjectRule) bool {
			return r.Error == 38 && (when{r.First, r.Last, r.Step} == when{3, InjectForever, 0})
		}},
		{"chdir:error=1:when=3+", false, func(r *InjectRule) bool { return when{r.First, r.Last, r.Step} == when{3, InjectForever, 1} }},
		{"chdir:error=1:when=3+2", false, func(r *InjectRule) bool { return when{r.First, r.Last, r.Step} == when{3, InjectForever, 2} }},
		{"chdir:error=1:when=5++3", false, func(r *InjectRule) bool { return when{r.First, r.Last, r.Step} == when{5, InjectForever, 3} }},
		{"chdir:error=1:when=2..5", false, func(r *InjectRule) bool { return when{r.First, r.Last, r.Step} == when{2, 5, 1} }},
		{"chdir:error=1:when=2..5+", false, func(r *InjectRule) bool { return when{r.First, r.Last, r.Step} == when{2, 5, 1} }},
		{"chdir:error=1:when=2..5+2", false, func(r *InjectRule) bool { return when{r.First, r.Last, r.Step} == when{2, 5, 2} }},
		{"chdir:error=1:when=65535", false, func(r *InjectRule) bool { return r.First == 65535 }},
		{"chdir:retval=0x10", false, func(r *InjectRule) bool { return r.HasRetval && r.Retval == 16 && r.Warning == "" }},
		{"chdir:retval=010", false, func(r *InjectRule) bool { return r.Retval == 8 }},
		{"chdir:retval=0", false, func(r *InjectRule) bool { return r.HasRetval && r.Retval == 0 }},
		{"chdir:retval=-1", false, func(r *InjectRule) bool {
			return r.Retval == ^uint64(0) && r.Warning == "Inadvertent injection of error 1 is possible for retval=18446744073709551615"
		}},
		{"chdir:signal=usr1", false, func(r *InjectRule) bool { return r.Signal == 10 && r.Error == 0 && !r.HasRetval }},
		{"chdir:signal=SIGRT_1", false, func(r *InjectRule) bool { return r.Signal == 33 }},
		{"chdir:signal=64", false, func(r *InjectRule) bool { return r.Signal == 64 }},
		{"getpid:error=EIO:syscall=getppid", false, func(r *InjectRule) bool { return r.Syscall == 110 && r.SyscallI386 == 64 }},
		{"chdir:delay_enter=0", false, func(r *InjectRule) bool { return r.HasDelayEnter && r.DelayEnter == 0 }},
		{"chdir:syscall=gettid:error=1::when=2", false, func(r *InjectRule) bool { return r.First == 2 && r.Syscall == 186 }},
	} {
		r, err := ParseInject(c.expr, c.fault)
		if err != nil {
			t.Errorf("ParseInject(%q): %v", c.expr, err)
			continue
		}
		if !c.check(r) {
			t.Errorf("ParseInject(%q) = %+v", c.expr, r)
		}
	}
}

// TestParseDelay: the forms of strace's delay.test and a few more.
func TestParseDelay(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"800000": 800 * time.Millisecond, "8e5": 800 * time.Millisecond, "800ms": 800 * time.Millisecond,
		"+8e8ns": 800 * time.Millisecond, "1600000": 1600 * time.Millisecond, "1.6s": 1600 * time.Millisecond,
		"1.6e+6us": 1600 * time.Millisecond, ".16E7": 1600 * time.Millisecond, "0": 0, "1": time.Microsecond,
		"10ns": 10, "2s": 2 * time.Second, "1.5": 1500, "1.5ms": 1500 * time.Microsecond,
	} {
		got, ok := parseDelay(in)
		if !ok || got != want {
			t.Errorf("parseDelay(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-1", "1S", "1sec", "abc", "0x10", "1.5.5", "1e", "s", "+", "1-2"} {
		if got, ok := parseDelay(in); ok {
			t.Errorf("parseDelay(%q) = %v, want an error", in, got)
		}
	}
}

func TestInjectMatches(t *testing.T) {
	r, err := ParseInject("chdir,%process:error=EIO", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		nr   uint64
		arch uint32
		want bool
	}{
		{80, format.ArchX86_64, true},    // chdir
		{12, format.ArchI386, true},      // chdir (i386)
		{59, format.ArchX86_64, true},    // execve, %process
		{0, format.ArchX86_64, false},    // read
		{3, format.ArchI386, false},      // read (i386)
		{1000, format.ArchX86_64, false}, // no such syscall
		{5000, format.ArchI386, false},
	} {
		if got := r.Matches(c.nr, c.arch); got != c.want {
			t.Errorf("Matches(%d, %#x) = %v", c.nr, c.arch, got)
		}
	}
	all, _ := ParseInject("all:error=EIO", false)
	if all.Matches(1000, format.ArchX86_64) || !all.Matches(0, format.ArchX86_64) {
		t.Errorf("all: numbers beyond the table are never tampered with")
	}
}
