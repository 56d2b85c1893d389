package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRecordKeepsWhatFlagsShow records ls of a directory without and with
// -v: without, print -v shows directory entries and stat buffers
// abbreviated and says once why; with, it shows them whole and says
// nothing. print without -v shows the same either way.
func TestRecordKeepsWhatFlagsShow(t *testing.T) {
	dir := t.TempDir()
	var plain [2]string
	for i, rec := range [][]string{nil, {"-v"}} {
		tr := filepath.Join(dir, "t.trace")
		args := append(append([]string{"record", "-o", tr}, rec...), "--", "ls", "-l", "/usr")
		if _, stderr, code := mt(t, dir, args...); code != 0 {
			t.Fatalf("record %v: %d %s", rec, code, stderr)
		}
		out, stderr, code := mt(t, dir, "print", "-v", tr)
		if code != 0 {
			t.Fatalf("print -v: %d %s", code, stderr)
		}
		warned := strings.Count(stderr, "recorded without -v: structures are shown abbreviated")
		whole := strings.Contains(out, "d_ino=") && strings.Contains(out, "stx_ino=")
		if rec == nil && (warned != 1 || whole || !strings.Contains(out, " entries */")) {
			t.Errorf("recorded without -v, print -v: warned %d times (want 1), whole entries %v:\n%s", warned, whole, stderr)
		}
		if rec != nil && (warned != 0 || !whole) {
			t.Errorf("recorded with -v, print -v: warned %d times (want 0), whole entries %v:\n%s", warned, whole, stderr)
		}
		out, _, _ = mt(t, dir, "print", "-e", "trace=getdents64,statx", tr)
		// The addresses and numbers of a run differ; the shapes do not.
		plain[i] = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r >= 'a' && r <= 'f' {
				return '#'
			}
			return r
		}, out)), " ")
	}
	if plain[0] != plain[1] {
		t.Errorf("print without -v differs between recordings made without and with -v:\n%s\n%s", plain[0], plain[1])
	}
}

// TestRecordKeepsFdDetailsWithYY: a recording keeps descriptors' paths
// always and what -yy adds (a device's numbers) only when recorded with
// -yy (or --decode-fds=dev); print -yy of one made without says so.
func TestRecordKeepsFdDetailsWithYY(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		rec  []string
		want string
		warn bool
	}{
		{nil, `= 3</dev/null>`, true},
		{[]string{"-yy"}, `= 3</dev/null<char 1:3>>`, false},
		{[]string{"--decode-fds=dev"}, `= 3</dev/null<char 1:3>>`, false},
	} {
		tr := filepath.Join(dir, "t.trace")
		args := append(append([]string{"record", "-o", tr}, c.rec...), "--", "cat", "/dev/null")
		if _, stderr, code := mt(t, dir, args...); code != 0 {
			t.Fatalf("record %v: %d %s", c.rec, code, stderr)
		}
		out, stderr, code := mt(t, dir, "print", "-yy", "-e", "trace=openat", tr)
		if code != 0 {
			t.Fatalf("print -yy: %d %s", code, stderr)
		}
		if !strings.Contains(out, `"/dev/null", O_RDONLY) `+c.want+"\n") {
			t.Errorf("recorded with %v, print -yy shows:\n%s\nwant a line ending %q", c.rec, out, c.want)
		}
		if warned := strings.Contains(stderr, "recorded without -yy"); warned != c.warn {
			t.Errorf("recorded with %v: warned %v, want %v: %q", c.rec, warned, c.warn, stderr)
		}
	}
	if _, stderr, code := mt(t, dir, "record", "--decode-fds=bogus", "-o", filepath.Join(dir, "x.trace"), "--", "true"); code == 0 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "bogus") {
		t.Errorf("record --decode-fds=bogus: exit %d, %q; want one line naming it and an error", code, stderr)
	}
}
