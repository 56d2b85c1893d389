package decode

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var reANSI = regexp.MustCompile("\x1b\\[[0-9;]*m")

func colorize(chunks ...string) string {
	var buf bytes.Buffer
	c := NewColorWriter(&buf)
	for _, s := range chunks {
		c.Write([]byte(s))
	}
	return buf.String()
}

// TestColorWriterShapes: each shape of strace line gets its colors.
func TestColorWriterShapes(t *testing.T) {
	cases := []struct{ in, want string }{
		{`openat(AT_FDCWD, "/x", O_RDONLY) = -1 ENOENT (No such file or directory)` + "\n",
			"\x1b[1mopenat\x1b[0m(AT_FDCWD, \"/x\", O_RDONLY) = \x1b[31m-1 ENOENT (No such file or directory)\x1b[0m\n"},
		{"[pid  1234] read(3, \"\", 10)    = 0\n",
			"\x1b[96m[pid  1234]\x1b[0m \x1b[1mread\x1b[0m(3, \"\", 10)    = 0\n"},
		{"1236  close(3)                  = 0\n",
			"\x1b[35m1236\x1b[0m  \x1b[1mclose\x1b[0m(3)                  = 0\n"},
		{"--- SIGCHLD {si_signo=SIGCHLD} ---\n", "\x1b[33m--- SIGCHLD {si_signo=SIGCHLD} ---\x1b[0m\n"},
		{"+++ exited with 0 +++\n", "\x1b[32m+++ exited with 0 +++\x1b[0m\n"},
		{"+++ exited with 1 +++\n", "\x1b[31m+++ exited with 1 +++\x1b[0m\n"},
		{"+++ killed by SIGKILL +++\n", "\x1b[31m+++ killed by SIGKILL +++\x1b[0m\n"},
		{"12:00:01.123456 wait4(-1,  <unfinished ...>\n",
			"\x1b[2m12:00:01.123456\x1b[0m \x1b[1mwait4\x1b[0m(-1,  \x1b[2m<unfinished ...>\x1b[0m\n"},
		{"<... wait4 resumed>NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n",
			"\x1b[2m<... wait4 resumed>\x1b[0mNULL) = \x1b[33m? ERESTARTSYS (To be restarted if SA_RESTART is set)\x1b[0m\n"},
		{"mytrace: Process 5 attached\n", "\x1b[2mmytrace: Process 5 attached\x1b[0m\n"},
		{"1700000000.123456 write(1, \"= -1 EPERM (x)\", 14) = 14 <0.000010>\n",
			"\x1b[2m1700000000.123456\x1b[0m \x1b[1mwrite\x1b[0m(1, \"= -1 EPERM (x)\", 14) = 14 <0.000010>\n"},
		{"kill(1, SIGKILL) = -1 EPERM (Operation not permitted) <0.000004>\n",
			"\x1b[1mkill\x1b[0m(1, SIGKILL) = \x1b[31m-1 EPERM (Operation not permitted)\x1b[0m <0.000004>\n"},
		{"[ Process PID=7 runs in 32 bit mode. ]\n", "[ Process PID=7 runs in 32 bit mode. ]\n"},
	}
	for _, c := range cases {
		if got := colorize(c.in); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestColorWriterSameText: taking the colors out of a colored trace gives
// back the text byte for byte, however the text was split into writes;
// and a line written in pieces (a call that blocks) shows its start at
// once.
func TestColorWriterSameText(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join("..", "testdata", "traces", "*.golden"))
	if len(goldens) == 0 {
		t.Fatal("no golden traces")
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		whole := colorize(text)
		if reANSI.ReplaceAllString(whole, "") != text {
			t.Fatalf("%s: colored text differs once the colors are taken out", g)
		}
		if !strings.Contains(whole, "\x1b[31m-1 ENOENT") || !strings.Contains(whole, "\x1b[1mopenat\x1b[0m(") {
			t.Errorf("%s: errors or names not colored", g)
		}
		var pieces []string
		for i := 0; i < len(text); i += 7 {
			pieces = append(pieces, text[i:min(i+7, len(text))])
		}
		if got := reANSI.ReplaceAllString(colorize(pieces...), ""); got != text {
			t.Fatalf("%s: written in pieces, the text changed", g)
		}
		lines := strings.SplitAfter(text, "\n")
		if got := colorize(lines...); got != whole {
			t.Errorf("%s: written line by line, the colors differ", g)
		}
	}
	var buf bytes.Buffer
	c := NewColorWriter(&buf)
	c.Write([]byte("[pid  42] read(0, "))
	if got := buf.String(); got != "\x1b[35m[pid  42]\x1b[0m \x1b[1mread\x1b[0m(0, " {
		t.Errorf("unfinished line shows %q", got)
	}
	c.Write([]byte("\"x\", 1) = -1 EIO (Input/output error)\n"))
	if got := buf.String(); !strings.HasSuffix(got, "(0, \"x\", 1) = \x1b[31m-1 EIO (Input/output error)\x1b[0m\n") {
		t.Errorf("finished line shows %q", got)
	}
}
