package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mytrace/internal/stracetext"
)

// Tests of -e inject=...:poke_enter= and poke_exit= (strace 6.1 writes
// bytes into the tracee's memory) beyond the variants of
// testdata/c/inject.c that TestStraceParity runs.

// TestPokeEcho is the example of the issue: the shell's "hello\n" becomes
// "AAAAo\n" before write runs, under strace and mytrace alike (live and
// recorded), and the program prints what was poked.
func TestPokeEcho(t *testing.T) {
	strace := needTool(t, "strace")
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	flags := []string{"-e", "trace=write", "-e", "inject=write:poke_enter=@arg2=41414141"}
	st := injectParity(t, variant{trace: flags[2:], display: flags[:2], args: []string{sh, "-c", "echo hello"}})
	if want := "write(1, \"AAAAo\\n\", 6)                  = 6 (INJECTED: args)\n"; !strings.Contains(st, want) {
		t.Fatalf("strace printed no %q:\n%s", want, st)
	}
	out := func(argv ...string) string {
		cmd := exec.Command(argv[0], append(append(argv[1:], flags...), sh, "-c", "echo hello")...)
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v", argv, err)
		}
		return string(b)
	}
	s := out(strace, "-o", "/dev/null")
	m := out(mytraceBin, "-o", "/dev/null")
	r := out(mytraceBin, "record", "-o", filepath.Join(t.TempDir(), "p.trace"))
	if s != "AAAAo\n" || m != s || r != s {
		t.Errorf("the program printed %q under strace, %q under mytrace, %q under mytrace record", s, m, r)
	}
}

// reTracerName starts strace's and mytrace's messages.
var reTracerName = regexp.MustCompile(`^\S*(strace|mytrace): `)

// rePokePid is the pid in strace's complaints about a poke.
var rePokePid = regexp.MustCompile(`tamper with process \d+`)

// reTracerMsg is one line a tracer says on stderr, wherever it starts
// (the program's output may have begun the line).
var reTracerMsg = regexp.MustCompile(`(?:/\S*/)?(?:strace|mytrace): [^\n]*\n`)

// TestPokeMessages: pokes that cannot be made (an argument the call does
// not have, an address that is not mapped) are reported on stderr with
// strace's words, in its order (the last poke given is tried first), at
// entry and at exit; the call is not marked as poked. The trace is
// strace's too.
func TestPokeMessages(t *testing.T) {
	strace := needTool(t, "strace")
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, rule := range []string{
		"inject=write:poke_enter=@arg1=41,@arg7=41,@arg5=41",
		"inject=write:poke_exit=@arg4=00,@arg2=41:when=2",
		"inject=write:poke_enter=@arg3=4242:poke_exit=@arg1=00:error=EIO:when=1",
	} {
		argv := []string{"-e", "trace=write", "-e", rule, sh, "-c", "echo hi; echo there"}
		sOut, mOut := filepath.Join(dir, "s.out"), filepath.Join(dir, "m.out")
		sErr, sCode := runStatus(t, dir, append([]string{strace, "-o", sOut}, argv...)...)
		mErr, mCode := runStatus(t, dir, append([]string{mytraceBin, "-o", mOut}, argv...)...)
		// The messages, and apart from them what the program wrote: the
		// printer says its piece when it prints the call, which may be
		// after the program went on (docs/differences.md), even between
		// two writes of one line of the program's.
		split := func(s string) (msgs, prog string) {
			prog = reTracerMsg.ReplaceAllStringFunc(s, func(m string) string {
				m = reTracerName.ReplaceAllString(m, "mytrace: ")
				msgs += rePokePid.ReplaceAllString(m, "tamper with process PID")
				return ""
			})
			return msgs, prog
		}
		sMsgs, sProg := split(sErr)
		mMsgs, mProg := split(mErr)
		if sMsgs != mMsgs || sProg != mProg || sCode != mCode || !strings.Contains(sErr, "Failed to tamper") {
			t.Errorf("-e %s: strace: %d %q; mytrace: %d %q", rule, sCode, sErr, mCode, mErr)
		}
		sb, _ := os.ReadFile(sOut)
		mb, _ := os.ReadFile(mOut)
		if a, b := norm.Text(string(sb)), norm.Text(string(mb)); a != b {
			t.Errorf("-e %s: trace differs (- strace, + mytrace):\n%s", rule, stracetext.Diff(a, b))
		}
	}
}

// TestPokeBadRules: poke rules strace refuses are refused with its
// message and status before anything runs, and those it takes (odd as
// some are) are taken.
func TestPokeBadRules(t *testing.T) {
	strace := needTool(t, "strace")
	dir := t.TempDir()
	for _, e := range []string{
		// refused
		"inject=write:poke_enter=@arg2=414", "inject=write:poke_enter=@arg0=41", "inject=write:poke_enter=@arg8=41",
		"inject=write:poke_enter=arg2=41", "inject=write:poke_enter=@arg2=", "inject=write:poke_enter=",
		"inject=write:poke_enter=@arg2=41:poke_enter=@arg3=41", "inject=write:poke_enter=@arg2=41,@arg2=42",
		"inject=write:poke_enter=@ARG2=41", "inject=write:poke_enter=@arg2=-g", "inject=write:poke_enter=@arg2=g1",
		"inject=write:poke_enter=@arg20=41", "inject=write:poke_exit=@arg2", "fault=write:poke_enter=@arg2=41",
		"inject=write:poke_enter=@arg2=" + strings.Repeat("41", 1025),
		// taken
		"inject=write:poke_enter=,", "inject=write:poke_enter=,,@arg2=41,", "inject=write:poke_enter=@arg2=0x",
		"inject=write:poke_enter=@arg2=+4", "inject=write:poke_enter=@arg2=-1", "inject=write:poke_enter=@arg2= 4",
		"inject=write:poke_enter=@arg2=4g", "inject=write:poke_enter=@arg7=41", "inject=write:poke_exit=@arg2=41:poke_enter=@arg2=41",
		"inject=write:poke_enter=@arg2=" + strings.Repeat("41", 1024),
		"inject=write:poke_enter=@arg2=41:error=EIO:signal=USR1:delay_enter=1:when=2..3",
	} {
		argv := []string{"-e", e, "-e", "trace=none", "true"}
		sErr, sCode := runStatus(t, dir, append([]string{strace}, argv...)...)
		mErr, mCode := runStatus(t, dir, append([]string{mytraceBin}, argv...)...)
		want := reStraceName.ReplaceAllString(sErr, "mytrace: ")
		if mErr != want || mCode != sCode {
			t.Errorf("-e %.80s: strace: %d %q; mytrace: %d %q", e, sCode, sErr, mCode, mErr)
		}
	}
}

// TestPokeRecorded: a recording keeps what was poked, so print shows
// strace's notes and messages, print --json the pokes, and stats counts
// the poked calls in the injected column.
func TestPokeRecorded(t *testing.T) {
	bin := buildProg(t, "inject")
	dir := t.TempDir()
	tr := filepath.Join(dir, "p.trace")
	if _, stderr, code := mt(t, dir, "record", "-o", tr,
		"-e", "inject=write:poke_enter=@arg2=41414141",
		"-e", "inject=read:poke_exit=@arg2=5a5a,@arg4=00:when=2",
		"-e", "inject=chdir:poke_enter=@arg1=2e00:error=ENOENT:when=2", "--", bin); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	out, stderr, code := mt(t, dir, "print", "-e", "trace=write,read,chdir", tr)
	for _, want := range []string{
		"write(3, \"AAAAo\\n\", 6)                  = 6 (INJECTED: args)\n",
		"read(3, \"ZZAAo\\n\", 8)                   = 6 (INJECTED: args)\n", // what the poked write wrote
		"chdir(\".\")                              = -1 ENOENT (No such file or directory) (INJECTED: args, retval)\n",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("print (status %d) lacks %q:\n%s", code, want, out)
		}
	}
	if want := "mytrace: poke_tcb: Failed to tamper with process "; !strings.HasPrefix(stderr, want) ||
		!strings.HasSuffix(stderr, ": requested to tamper with argument #4, but system call 'read' has only 3 arguments\n") {
		t.Errorf("print's stderr: %q", stderr)
	}
	js, _, _ := mt(t, dir, "print", "--json", "-e", "trace=write", tr)
	if !regexp.MustCompile(`"inject":\{"injected":false,"poked":true,"pokes":\[\{"at":"entry","arg":2,"data":"41414141","addr":\d+,"written":4\}\]\}`).MatchString(js) {
		t.Errorf("print --json:\n%s", js)
	}
	js, _, _ = mt(t, dir, "print", "--json", "-e", "trace=read", tr)
	if !strings.Contains(js, `"pokes":[{"at":"exit","arg":4,"data":"00","skipped":true,"nargs":3},{"at":"exit","arg":2,"data":"5a5a","addr":`) {
		t.Errorf("print --json:\n%s", js)
	}
	st, _, code := mt(t, dir, "stats", "-S", "name", "-U", "calls,errors,injected,name", "-e", "trace=write,read,chdir", tr)
	for _, re := range []string{`(?m)^ +5 +1 +1 chdir$`, `(?m)^ +2 +1 read$`, `(?m)^ +1 +1 write$`} {
		if code != 0 || !regexp.MustCompile(re).MatchString(st) {
			t.Errorf("stats lacks %s:\n%s", re, st)
		}
	}
}
