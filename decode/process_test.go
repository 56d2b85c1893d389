package decode

import (
	"encoding/binary"
	"testing"

	"mytrace/format"
	"mytrace/sysent"
)

func TestWaitStatus(t *testing.T) {
	for _, c := range []struct {
		st   uint32
		want string
	}{
		{0, "{WIFEXITED(s) && WEXITSTATUS(s) == 0}"},
		{0x300, "{WIFEXITED(s) && WEXITSTATUS(s) == 3}"},
		{9, "{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}"},
		{0x83, "{WIFSIGNALED(s) && WTERMSIG(s) == SIGQUIT && WCOREDUMP(s)}"},
		{0x7e, "{WIFSIGNALED(s) && WTERMSIG(s) == 126}"},
		{0x137f, "{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}"},
		{0x857f, "{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP | 0x80}"},
		{0x3057f, "{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP}|PTRACE_EVENT_CLONE<<16"},
		{0x10000, "{WIFEXITED(s) && WEXITSTATUS(s) == 0}|PTRACE_EVENT_FORK<<16"},
		{0x420000, "{WIFEXITED(s) && WEXITSTATUS(s) == 0}|0x42 /* PTRACE_EVENT_??? */<<16"},
		{0xffff, "{WIFCONTINUED(s)}"},
		{0x12ff, "0x12ff"},
	} {
		if got := psWaitStatus(c.st); got != c.want {
			t.Errorf("status %#x: got %q, want %q", c.st, got, c.want)
		}
	}
}

func TestSigsetString(t *testing.T) {
	le := func(v uint64) []byte {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint64(b, v)
		return b
	}
	for _, c := range []struct {
		mask []byte
		want string
	}{
		{le(0), "[]"},
		{le(1<<1 | 1<<14), "[INT TERM]"},
		{le(^uint64(0)), "~[]"},
		{le(^uint64(1<<8 | 1<<18)), "~[KILL STOP]"},
		{le(1<<30 | 1<<31 | 1<<63), "[SYS RTMIN RT_32]"},
		{le(1)[:4], "[HUP]"},
	} {
		if got := SigsetString(c.mask); got != c.want {
			t.Errorf("mask %x: got %q, want %q", c.mask, got, c.want)
		}
	}
}

// strAt is memory holding a captured string.
func strAt(addr uint64, s string, term bool) Mem {
	f := format.MemString
	if term {
		f |= format.MemTerminated
	}
	return Mem{{Addr: addr, Len: uint64(len(s) + 1), Flags: f, Data: []byte(s)}}
}

func TestPrintstr(t *testing.T) {
	for _, c := range []struct {
		s    string
		term bool
		n    uint64
		lim  int
		want string
	}{
		{"short", true, 15, 32, `"short"`},
		{"fifteen-chars-x", false, 15, 32, `"fifteen-chars-x"...`},
		{"abcdefgh", true, 15, 4, `"abcd"...`},
		// The byte after -s is a NUL: the string was shown whole.
		{"abcd", true, 15, 4, `"abcd"`},
		// Unreadable before the NUL or the end of what strace reads.
		{"ab", false, 15, 32, `0x1000`},
		{"ab", false, 15, 1, `"a"...`},
	} {
		d := &dec{o: &Options{StrLimit: c.lim}}
		v := d.psPrintstr(strAt(0x1000, c.s, c.term), 0x1000, c.n)
		if got := Render(v, d.o); got != c.want {
			t.Errorf("%q term=%v n=%d -s %d: got %s, want %s", c.s, c.term, c.n, c.lim, got, c.want)
		}
	}
}

func TestBPFInsn(t *testing.T) {
	insn := func(code uint16, jt, jf uint8, k uint32) []byte {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint16(b, code)
		b[2], b[3] = jt, jf
		binary.LittleEndian.PutUint32(b[4:], k)
		return b
	}
	for _, c := range []struct {
		b    []byte
		want string
	}{
		{insn(0x20, 0, 0, 4), "BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0x4)"},
		{insn(0x15, 1, 0, 0xc000003e), "BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0xc000003e, 0x1, 0)"},
		{insn(0x06, 0, 0, 0x50001), "BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ERRNO|0x1)"},
		{insn(0x06, 0, 0, 0x7fff0000), "BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ALLOW)"},
		{insn(0x06, 0, 0, 0x12340000), "BPF_STMT(BPF_RET|BPF_K, 0x12340000 /* SECCOMP_RET_??? */)"},
		{insn(0x02, 0, 0, 3), "BPF_STMT(BPF_ST, 0x3)"},
		{insn(0x07, 0, 0, 0), "BPF_STMT(BPF_MISC|BPF_TAX, 0)"},
	} {
		if got := psBPFInsn(c.b); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}

func TestSiginfoCodes(t *testing.T) {
	si := func(signo, code int32) []byte {
		b := make([]byte, sysent.SizeSiginfo)
		binary.LittleEndian.PutUint32(b, uint32(signo))
		binary.LittleEndian.PutUint32(b[8:], uint32(code))
		return b
	}
	o := DefaultOptions()
	for _, c := range []struct {
		b    []byte
		want string
	}{
		{si(10, -6), "{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=0, si_uid=0}"},
		{si(10, -100), "{si_signo=SIGUSR1, si_code=0xffffff9c, si_pid=0, si_uid=0}"},
		{si(11, 1), "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}"},
		{si(27, 1), "{si_signo=SIGPROF, si_code=0x1}"},
		{si(0, 1), "{}"},
		{si(10, 0)[:20], "{}"},
	} {
		if got := Render(Siginfo(c.b, 0), o); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}
