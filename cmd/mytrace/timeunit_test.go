package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mytrace/format"
)

// TestRecordTimeUnit: record stores times in µs unless --time-unit ns,
// info says which, and print's ns precisions show the ns digits of an ns
// recording only (a µs one's are zeros, as its times are whole µs).
func TestRecordTimeUnit(t *testing.T) {
	dir := t.TempDir()
	durations := regexp.MustCompile(`<\d+\.(\d{9})>`)
	for _, c := range []struct {
		args []string
		unit string
	}{
		{nil, "µs"},
		{[]string{"--time-unit", "us"}, "µs"},
		{[]string{"--time-unit=ns"}, "ns"},
	} {
		tr := filepath.Join(dir, c.unit+strconv.Itoa(len(c.args))+".trace")
		args := append(append([]string{"record", "-f", "-o", tr}, c.args...), "--", "ls", "-la", "/usr/bin")
		if out, err := exec.Command(mytraceBin, args...).CombinedOutput(); err != nil {
			t.Fatalf("%q: %v\n%s", args, err, out)
		}
		if got := infoField(t, tr, "time unit"); got != c.unit {
			t.Errorf("%q: time unit %q, want %q", c.args, got, c.unit)
		}
		if got := infoField(t, tr, "format version"); got != strconv.Itoa(format.Version) {
			t.Errorf("%q: format version %s, want %d", c.args, got, format.Version)
		}
		out, err := exec.Command(mytraceBin, "print", "-T", "--syscall-times=ns", tr).Output()
		if err != nil {
			t.Fatalf("print %s: %v", tr, err)
		}
		all := durations.FindAllStringSubmatch(string(out), -1)
		whole := 0
		for _, m := range all {
			if strings.HasSuffix(m[1], "000") {
				whole++
			}
		}
		// ls makes a few hundred calls: in ns, nearly none takes a
		// whole number of µs.
		if len(all) < 100 || c.unit == "µs" && whole != len(all) || c.unit == "ns" && whole > len(all)/2 {
			t.Errorf("%q: %d of %d durations in whole µs", c.args, whole, len(all))
		}
	}
	out, err := exec.Command(mytraceBin, "record", "--time-unit", "ms", "-o", filepath.Join(dir, "x.trace"), "--", "true").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "invalid --time-unit argument: 'ms'") {
		t.Errorf("--time-unit ms: %v\n%s", err, out)
	}
	// A file of version 2 or before has ns times.
	old := filepath.Join("..", "..", "testdata", "traces", "pipeline.trace")
	if got := infoField(t, old, "time unit"); got != "ns" {
		t.Errorf("time unit of an old file: %q", got)
	}
}

// TestLiveTimeUnit: live tracing keeps times in µs (JSON's time_ns are
// whole µs) unless a precision shown asks for ns, which then shows the
// ns digits.
func TestLiveTimeUnit(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out := filepath.Join(dir, "out")
		args = append(append([]string{"-f", "-o", out}, args...), "--", "ls", "-la", "/usr/bin")
		if o, err := exec.Command(mytraceBin, args...).CombinedOutput(); err != nil {
			t.Fatalf("%q: %v\n%s", args, err, o)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	times := regexp.MustCompile(`"time_ns":(\d+)`).FindAllStringSubmatch(run("--json"), -1)
	for _, m := range times {
		if !strings.HasSuffix(m[1], "000") {
			t.Fatalf("--json: time_ns %s is not a whole µs", m[1])
		}
	}
	if len(times) < 100 {
		t.Errorf("--json: %d times", len(times))
	}
	all := regexp.MustCompile(`<\d+\.(\d{9})>`).FindAllStringSubmatch(run("--syscall-times=ns"), -1)
	whole := 0
	for _, m := range all {
		if strings.HasSuffix(m[1], "000") {
			whole++
		}
	}
	if len(all) < 100 || whole > len(all)/2 {
		t.Errorf("--syscall-times=ns: %d of %d durations in whole µs", whole, len(all))
	}
}
