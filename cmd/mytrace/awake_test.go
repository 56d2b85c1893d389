package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestAwakeModes: each --awake mode traces the same calls, live and
// recorded, and a bad mode is a one-line error.
func TestAwakeModes(t *testing.T) {
	dir := t.TempDir()
	hi := regexp.MustCompile(`write\(1, "hi\\n", 3\) += 3`)
	there := regexp.MustCompile(`write\(1, "there\\n", 6\) += 6`)
	for _, mode := range []string{"auto", "spin", "off"} {
		_, stderr, code := mt(t, dir, "-f", "--awake="+mode, "-e", "trace=write", "sh", "-c", "echo hi; /bin/echo there")
		if code != 0 || !hi.MatchString(stderr) || !there.MatchString(stderr) {
			t.Errorf("--awake=%s: exit %d, stderr:\n%s", mode, code, stderr)
		}
		if _, stderr, code := mt(t, dir, "record", "--awake="+mode, "-f", "-o", mode+".trace", "--", "sh", "-c", "echo hi"); code != 0 {
			t.Errorf("record --awake=%s: exit %d, stderr:\n%s", mode, code, stderr)
		}
		if out, _, code := mt(t, dir, "print", mode+".trace"); code != 0 || !hi.MatchString(out) {
			t.Errorf("print of record --awake=%s: exit %d, output:\n%s", mode, code, out)
		}
	}
	if _, stderr, code := mt(t, dir, "--awake=fast", "true"); code == 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--awake") {
		t.Errorf("--awake=fast: exit %d, stderr %q: want a one-line error naming --awake", code, stderr)
	}
}
