//go:build linux && amd64

package record

import (
	"strings"
	"testing"
)

// TestPermissionReason: why ptrace may not attach, in the order the
// checks explain it best.
func TestPermissionReason(t *testing.T) {
	for _, c := range []struct {
		euid   int
		scope  string
		tracer int
		name   string
		uid    int
		want   string
	}{
		{0, "", 77, "strace", 0, "it is already traced by process 77 (strace)"},
		{1000, "1", 77, "", 1000, "it is already traced by process 77"},
		{0, "3", 0, "", 0, "kernel.yama.ptrace_scope is 3: no process may be traced"},
		{1000, "1", 0, "", 0, "mytrace runs as uid 1000, not root, and the process belongs to uid 0"},
		{1000, "1", 0, "", 1000, "kernel.yama.ptrace_scope is 1: only a process's ancestors, or root, may trace it"},
		{1000, "2", 0, "", 1000, "kernel.yama.ptrace_scope is 2: only root (CAP_SYS_PTRACE) may trace"},
		{1000, "", 0, "", 1000, "mytrace is not root, and the process may not be traced by its owner (set-uid, or not dumpable)"},
		{0, "1", 0, "", 1000, ""},
		{0, "", 0, "", 0, ""},
	} {
		if got := PermissionReason(c.euid, c.scope, c.tracer, c.name, c.uid); got != c.want {
			t.Errorf("%+v: %q, want %q", c, got, c.want)
		}
	}
}

// TestCallScratch: the mapping holds each argument 16-byte aligned, in
// whole pages; none is made when no argument needs one.
func TestCallScratch(t *testing.T) {
	if n := scratchSize([]CallArg{{Value: 3}}); n != 0 {
		t.Errorf("no scratch argument: %d bytes", n)
	}
	args := []CallArg{{Scratch: true, Data: []byte("/tmp/x\x00")}, {Value: 1}, {Scratch: true, Size: 4096}, {Scratch: true}}
	if l := scratchLen(args[0]); l != 16 {
		t.Errorf("a 7-byte string takes %d bytes", l)
	}
	if l := scratchLen(args[3]); l != 16 {
		t.Errorf("an empty buffer takes %d bytes", l)
	}
	if n := scratchSize(args); n != 8192 {
		t.Errorf("%d bytes for 16+4096+16", n)
	}
}

// TestParseMapping: lines of /proc/PID/maps.
func TestParseMapping(t *testing.T) {
	for ln, want := range map[string]mapping{
		"7ffd1c5f4000-7ffd1c5f6000 r-xp 00000000 00:00 0                          [vdso]": {0x7ffd1c5f4000, 0x7ffd1c5f6000, "r-xp", "[vdso]"},
		"55d0c0a00000-55d0c0a28000 r-xp 00028000 fd:01 1234   /usr/lib/a b.so":            {0x55d0c0a00000, 0x55d0c0a28000, "r-xp", "/usr/lib/a b.so"},
		"7f0000000000-7f0000001000 rw-p 00000000 00:00 0 ":                                {0x7f0000000000, 0x7f0000001000, "rw-p", ""},
	} {
		if got, ok := parseMapping(ln); !ok || got != want {
			t.Errorf("%q: %+v %v, want %+v", ln, got, ok, want)
		}
	}
	for _, ln := range []string{"", "zz-1 r-xp 0 0 0", "2000-1000 r-xp 0 0 0", "1000 r-xp 0 0 0"} {
		if m, ok := parseMapping(ln); ok {
			t.Errorf("%q parsed as %+v", ln, m)
		}
	}
	if err := (&CallError{Pid: 5, Err: errString("x")}).Error(); !strings.HasPrefix(err, "process 5: x") {
		t.Errorf("CallError: %q", err)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
