package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestAwakeModes: each --awake mode traces the same calls, live and
// recorded, and a bad mode is a one-line error.
func TestAwakeModes(t *testing.T) {
	dir := t.TempDir()
	hi := regexp.MustCompile(`write\(1, "hi\\n", 3\) += 3`)
	there := regexp.MustCompile(`write\(1, "there\\n", 6\) += 6`)
	for _, mode := range []string{"auto", "spin", "off", "pull"} {
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

// TestPullKeepsAffinity: with --awake=pull the tracer resumes a task that
// runs alone on its own CPU by narrowing the task's mask for the resume;
// the program (testdata/pull/affinity.c) checks through sched_getaffinity,
// /proc/self/status, a forked child and a new thread that it never sees
// or inherits anything but its own mask, and that a mask it sets itself
// stays and is obeyed (never pulled off its one CPU). Recorded and live,
// and started by taskset with one CPU. The tracer must have pulled, or
// the test proves nothing.
func TestPullKeepsAffinity(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("pulling needs two CPUs; this machine has one")
	}
	bin := buildC(t, "pull", "affinity")
	dir := t.TempDir()
	pulled := regexp.MustCompile(`pulled to the tracer's CPU (\d+) times`)
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(mytraceBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C", "MYTRACE_WAITSTATS=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err != nil || !strings.Contains(stdout.String(), "0 problems") {
			t.Errorf("%s: %v\nstdout:\n%s\nstderr (last lines):\n%s", name, err, stdout.String(), tail(stderr.String(), 5))
			return
		}
		m := pulled.FindAllStringSubmatch(stderr.String(), -1)
		if len(m) == 0 {
			t.Errorf("%s: no wait statistics on stderr:\n%s", name, tail(stderr.String(), 5))
			return
		}
		if n, _ := strconv.Atoi(m[len(m)-1][1]); n == 0 {
			t.Errorf("%s: the tracer never pulled the task; the test proves nothing", name)
		}
	}
	run("record", "record", "--awake=pull", "-f", "-o", filepath.Join(dir, "a.trace"), "--", bin, "40")
	run("live", "-f", "--awake=pull", "-o", "/dev/null", bin, "40")
	cpu := strconv.Itoa(runtime.NumCPU() - 1)
	if taskset, err := exec.LookPath("taskset"); err == nil {
		run("record under taskset", "record", "--awake=pull", "-o", filepath.Join(dir, "b.trace"), "--", taskset, "-c", cpu, bin, "10")
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
