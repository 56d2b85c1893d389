package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"mytrace/format"
	"mytrace/record"
)

// TestManPage: docs/mytrace.1 is what the command tree generates (go test
// ./cmd/mytrace -run TestManPage -update rewrites it).
func TestManPage(t *testing.T) {
	got := manPage(newRoot())
	path := filepath.Join("..", "..", "docs", "mytrace.1")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/mytrace -run TestManPage -update)", err)
	}
	if got != string(want) {
		t.Fatal("docs/mytrace.1 is out of date with the commands: run go test ./cmd/mytrace -run TestManPage -update")
	}
}

// TestVersion: "mytrace version" and "mytrace --version" print the
// mytrace version and the trace format version.
func TestVersion(t *testing.T) {
	dir := t.TempDir()
	want := "mytrace -- version " + record.Version + "\ntrace format version " + strconv.Itoa(format.Version) + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, stderr, code := mt(t, dir, args...)
		if code != 0 || out != want || stderr != "" {
			t.Errorf("mytrace %v: exit %d, %q %q, want %q", args, code, out, stderr, want)
		}
	}
	if _, stderr, code := mt(t, dir, "version", "extra"); code != 1 || !strings.HasPrefix(stderr, "mytrace: unknown command \"extra\"") {
		t.Errorf("mytrace version extra: exit %d, %q", code, stderr)
	}
}

// TestCompletion: cobra's completion scripts for bash, zsh and fish, and
// the completion they drive: subcommands and flags.
func TestCompletion(t *testing.T) {
	dir := t.TempDir()
	for shell, marker := range map[string]string{"bash": "complete -o default -F __start_mytrace mytrace", "zsh": "#compdef mytrace", "fish": "complete -c mytrace"} {
		out, stderr, code := mt(t, dir, "completion", shell)
		if code != 0 || !strings.Contains(out, marker) || stderr != "" {
			t.Errorf("completion %s: exit %d, no %q in %d bytes (%q)", shell, code, marker, len(out), stderr)
		}
	}
	out, _, _ := mt(t, dir, "__complete", "ex")
	if !strings.Contains(out, "export\t") {
		t.Errorf("completing \"ex\": %q", out)
	}
	out, _, _ = mt(t, dir, "__complete", "export", "--form")
	if !strings.Contains(out, "--format\t") {
		t.Errorf("completing \"export --form\": %q", out)
	}
	if out, _, _ := mt(t, dir, "--help"); !strings.Contains(out, "\n  completion ") {
		t.Error("the completion command is not listed in --help")
	}
}

// TestHelpExamples: every command's help has examples.
func TestHelpExamples(t *testing.T) {
	dir := t.TempDir()
	for _, c := range manCommands(newRoot()) {
		args := append(strings.Fields(c.CommandPath())[1:], "--help")
		out, _, code := mt(t, dir, args...)
		if code != 0 || !strings.Contains(out, "\nExamples:\n") {
			t.Errorf("mytrace %s: exit %d, no examples:\n%s", strings.Join(args, " "), code, out)
		}
	}
}

var reEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestColor: text is colored with --color=always (even with NO_COLOR),
// never with --color=never or to a pipe, and taking the colors out gives
// the plain text back.
func TestColor(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := mt(t, dir, "record", "-f", "-o", "t.trace", "--", "sh", "-c", "cat /nonexistent; kill -USR1 $$"); code != 128+10 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	plain, _, _ := mt(t, dir, "print", "t.trace")
	for _, flag := range []string{"--color=never", "--color=auto"} {
		if out, _, _ := mt(t, dir, "print", flag, "t.trace"); out != plain {
			t.Errorf("print %s differs from print", flag)
		}
	}
	if strings.Contains(plain, "\x1b") {
		t.Error("print to a pipe is colored")
	}
	colored, _, code := mt(t, dir, "print", "--color=always", "t.trace")
	if code != 0 || reEscape.ReplaceAllString(colored, "") != plain {
		t.Fatalf("colored text differs from the text once the colors are out (exit %d)", code)
	}
	for _, want := range []string{"\x1b[31m-1 ENOENT (No such file or directory)\x1b[0m", "\x1b[1mopenat\x1b[0m(", "\x1b[33m--- SIGUSR1 ", "\x1b[31m+++ killed by SIGUSR1 +++\x1b[0m", "\x1b[31m+++ exited with 1 +++\x1b[0m"} {
		if !strings.Contains(colored, want) {
			t.Errorf("colored text lacks %q", want)
		}
	}
	if _, stderr, code := mt(t, dir, "print", "--color=sometimes", "t.trace"); code != 1 || stderr != "mytrace: invalid --color argument: 'sometimes' (use auto, always or never)\n" {
		t.Errorf("bad --color: %d %q", code, stderr)
	}

	// On a terminal: colored unless NO_COLOR is set; --color=always wins.
	for _, c := range []struct {
		env   string
		flags []string
		color bool
	}{{"", nil, true}, {"NO_COLOR=1", nil, false}, {"NO_COLOR=1", []string{"--color=always"}, true}, {"", []string{"--color=never"}, false}, {"TERM=dumb", nil, false}} {
		out := onTerminal(t, c.env, append(c.flags, "-e", "trace=openat", "cat", "/nonexistent")...)
		if !strings.Contains(out, "+++ exited with 1 +++") {
			t.Fatalf("%s %v: terminal shows %q", c.env, c.flags, out)
		}
		if got := strings.Contains(out, "\x1b[1mopenat\x1b[0m("); got != c.color {
			t.Errorf("%s %v: colored %v, want %v: %q", c.env, c.flags, got, c.color, out)
		}
	}
}

// onTerminal runs live mytrace with its stderr on a pseudo-terminal and
// returns what the terminal shows.
func onTerminal(t *testing.T, env string, args ...string) string {
	t.Helper()
	master, slave := openPty(t)
	defer master.Close()
	cmd := exec.Command(mytraceBin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C", "TERM=xterm"}
	if env != "" {
		cmd.Env = append(cmd.Env, env) // the last of a name wins
	}
	cmd.Stderr = slave
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	done := make(chan []byte, 1)
	go func() {
		var buf []byte
		tmp := make([]byte, 4096)
		for {
			k, err := master.Read(tmp)
			buf = append(buf, tmp[:k]...)
			if err != nil || strings.Contains(string(buf), "+++ ") && strings.Contains(string(buf[len(buf)-min(len(buf), 40):]), "\n") {
				done <- buf
				return
			}
		}
	}()
	select {
	case b := <-done:
		cmd.Wait()
		return string(b)
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("mytrace did not finish on the terminal")
	}
	return ""
}

// TestProgress: reading a recording shows progress on stderr only when
// asked (here with MYTRACE_PROGRESS=always, as a terminal would), and
// clears its line; nothing otherwise.
func TestProgress(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := mt(t, dir, "record", "-o", "t.trace", "--", "ls", "/"); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	st, _ := os.Stat(filepath.Join(dir, "t.trace"))
	for _, args := range [][]string{{"stats", "t.trace"}, {"export", "-o", "run.json", "t.trace"}, {"print", "-o", "out.txt", "t.trace"}} {
		cmd := exec.Command(mytraceBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "MYTRACE_PROGRESS=always")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		want := "\rmytrace: reading t.trace: 0.0 MiB of 0.0 MiB (100%)\x1b[K\r\x1b[K"
		if st.Size() > 1<<20 || !strings.HasSuffix(stderr.String(), want) {
			t.Errorf("%v: stderr %q, want it to end with %q", args, stderr.String(), want)
		}
		if _, errOut, _ := mt(t, dir, args...); errOut != "" {
			t.Errorf("%v: without a terminal, stderr %q", args, errOut)
		}
	}

	// The meter itself: a slow read shows how far it got, then clears.
	var buf syncBuffer
	m := &progressMeter{w: &buf, every: time.Millisecond}
	pr := &progressReader{r: strings.NewReader(strings.Repeat("x", 3<<20)), name: "big.trace", size: 3 << 20}
	m.add(pr)
	b := make([]byte, 1<<20)
	for i := 0; i < 3; i++ {
		pr.Read(b)
		time.Sleep(20 * time.Millisecond)
	}
	m.remove(pr)
	out := buf.String()
	for _, want := range []string{"\rmytrace: reading big.trace: 1.0 MiB of 3.0 MiB (33%)\x1b[K", "\rmytrace: reading big.trace: 3.0 MiB of 3.0 MiB (100%)\x1b[K"} {
		if !strings.Contains(out, want) {
			t.Errorf("meter shows %q, lacks %q", out, want)
		}
	}
	if !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("meter does not clear its line: %q", out)
	}
}

// syncBuffer is a strings.Builder that a goroutine or a command writes
// while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
