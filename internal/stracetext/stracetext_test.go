package stracetext

import (
	"strings"
	"testing"
)

// TestResumedWithoutPrefix: strace -f drops the pid prefix once a single
// process is left, so a call left unfinished while two ran can resume
// without one; Processes still joins the two halves, as the unsplit line
// a tracer prints at the exit.
func TestResumedWithoutPrefix(t *testing.T) {
	split := "[pid 200] wait4(201,  <unfinished ...>\n[pid 201] exit_group(0) = ?\n[pid 201] +++ exited with 0 +++\n<... wait4 resumed>NULL, 0, NULL) = 201\nexit_group(0) = ?\n"
	whole := "[pid 201] exit_group(0) = ?\n[pid 201] +++ exited with 0 +++\nwait4(201, NULL, 0, NULL) = 201\nexit_group(0) = ?\n"
	if a, b := DefaultRules.Text(split), DefaultRules.Text(whole); a != b {
		t.Errorf("split and whole differ after normalization:\n%s\nagainst\n%s", a, b)
	}
}

// TestPorts: only ports in the ephemeral range are normalized.
func TestPorts(t *testing.T) {
	r := Rules{EphemeralLo: 40000, EphemeralHi: 50000}
	got := r.Line("bind(3, {sa_family=AF_INET, sin_port=htons(45000), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0", false)
	if want := "bind(3, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if l := "sin_port=htons(8765)"; r.Line(l, false) != l {
		t.Errorf("a fixed port was normalized: %s", r.Line(l, false))
	}
	if p, err := ParseRules(r.String()); err != nil || p != r {
		t.Errorf("ParseRules(%q) = %v, %v", r.String(), p, err)
	}
	if _, err := ParseRules("nonsense"); err == nil {
		t.Error("ParseRules accepted nonsense")
	}
}

// TestCommPrefix: -Y's command names in prefixes stay with their lines,
// the tracer's own name and namespace are the same for either tracer, and
// a resumed call keeps its entry's name.
func TestCommPrefix(t *testing.T) {
	st := "100<strace> execve(\"/bin/sh\", [\"sh\"], 0x7ffe12345678 /* 3 vars */ <unfinished ...>\n" +
		"101<sh> getpid()              = 1<sh> /* 101 in strace's PID NS */\n" +
		"100<sh> <... execve resumed>) = 0\n"
	my := "200<mytrace> execve(\"/bin/sh\", [\"sh\"], 0x7ffe87654321 /* 3 vars */ <unfinished ...>\n" +
		"201<sh> getpid()              = 1<sh> /* 201 in mytrace's PID NS */\n" +
		"200<sh> <... execve resumed>) = 0\n"
	r := DefaultRules
	if a, b := r.Text(st), r.Text(my); a != b {
		t.Errorf("texts differ:\n%s\n%s", a, b)
	}
	p := r.Processes(my)
	if got := p["200"]; len(got) != 1 || !strings.HasPrefix(got[0], "<TRACER> execve(") || !strings.HasSuffix(got[0], ") = 0") {
		t.Errorf("the execve's lines: %q", got)
	}
	if got := p["201"]; len(got) != 1 || got[0] != "<sh> getpid() = PID<sh> /* PID in TRACER's PID NS */" {
		t.Errorf("the getpid line: %q", got)
	}
	if PidPrefix("201<sh> getpid()") != "201<sh> " || PidPrefix("[pid   201<sh>] x") != "[pid   201<sh>] " {
		t.Error("PidPrefix with a command name")
	}
}

// TestZSplitCall: strace 6.1 -f -z prints the rest of an
// unfinished call without "<... wait4 resumed>"; it joins its call as a
// resumption does.
func TestZSplitCall(t *testing.T) {
	z := "[pid 200] wait4(201,  <unfinished ...>\n[pid 201] exit_group(0) = ?\n[pid 201] +++ exited with 0 +++\nNULL, 0, NULL)                          = 201\nexit_group(0) = ?\n"
	whole := "[pid 201] exit_group(0) = ?\n[pid 201] +++ exited with 0 +++\nwait4(201, NULL, 0, NULL) = 201\nexit_group(0) = ?\n"
	if got, want := DefaultRules.Text(z), DefaultRules.Text(whole); got != want {
		t.Errorf("-z's split call:\n%s\nthe whole call:\n%s", got, want)
	}
}
