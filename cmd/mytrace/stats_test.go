package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"mytrace/internal/stracetext"
)

var reStatsRow = regexp.MustCompile(`^ *[0-9.]+ +[0-9.]+ +\d+ +(\d+) +(\d*) +(\S+)$`)

// statsRows extracts "name calls errors" rows from an strace -c table.
func statsRows(t *testing.T, table string) []string {
	t.Helper()
	var rows []string
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[0], "% time     seconds  usecs/call     calls    errors syscall") {
		t.Fatalf("not a summary table:\n%s", table)
	}
	for _, ln := range lines[2:] {
		if m := reStatsRow.FindStringSubmatch(ln); m != nil {
			rows = append(rows, m[3]+" "+m[1]+" "+m[2])
		}
	}
	sort.Strings(rows)
	return rows
}

// TestStatsParity: the calls and errors of every syscall in mytrace's
// summary (live -c, and stats of a recording) equal strace -c's.
func TestStatsParity(t *testing.T) {
	strace := needTool(t, "strace")
	cases := [][]string{
		{buildProg(t, "basic")},
		{"ls", "-la", "/usr"},
		// Children one after the other: concurrent ones would make the
		// number of SIGCHLDs (and rt_sigreturns) depend on timing.
		{"-f", "sh", "-c", "ls /nonexistent; cat /etc/hostname; wc -c /etc/hostname"},
	}
	for _, argv := range cases {
		dir := t.TempDir()
		follow := argv[0] == "-f"
		cmdArgs := argv
		var recFlags []string
		if follow {
			cmdArgs = argv[1:]
			recFlags = []string{"-f"}
		}
		runIn(t, dir, strace, append([]string{"-c", "-o", "st.out"}, argv...)...)
		// Same stdio for all three runs: what a program does can depend on it.
		runIn(t, dir, mytraceBin, append([]string{"-c", "-o", "mt.out"}, argv...)...)
		runIn(t, dir, mytraceBin, append(append([]string{"record", "-o", "t.trace"}, recFlags...), append([]string{"--"}, cmdArgs...)...)...)
		stats, stderr, code := mt(t, dir, "stats", "t.trace")
		if code != 0 {
			t.Fatalf("%q: stats: %d %s", argv, code, stderr)
		}
		st, _ := os.ReadFile(filepath.Join(dir, "st.out"))
		lv, _ := os.ReadFile(filepath.Join(dir, "mt.out"))
		want := strings.Join(statsRows(t, string(st)), "\n")
		if got := strings.Join(statsRows(t, string(lv)), "\n"); got != want {
			t.Errorf("%q: mytrace -c differs from strace -c (- strace, + mytrace):\n%s", argv, stracetext.Diff(want, got))
		}
		if got := strings.Join(statsRows(t, stats), "\n"); got != want {
			t.Errorf("%q: mytrace stats differs from strace -c (- strace, + mytrace):\n%s", argv, stracetext.Diff(want, got))
		}
	}
}

// TestStatsSort: -S orders rows as strace does.
func TestStatsSort(t *testing.T) {
	dir := t.TempDir()
	mt(t, dir, "record", "-o", "t.trace", "--", "ls", "/usr")
	for _, by := range []string{"calls", "name", "errors"} {
		out, _, code := mt(t, dir, "stats", "-S", by, "t.trace")
		if code != 0 {
			t.Fatalf("-S %s failed", by)
		}
		var prev []string
		for _, ln := range strings.Split(out, "\n") {
			m := reStatsRow.FindStringSubmatch(ln)
			if m == nil || m[3] == "total" {
				continue
			}
			if prev != nil {
				switch by {
				case "calls":
					if atoi(m[1]) > atoi(prev[1]) {
						t.Errorf("-S calls: %s after %s", m[3], prev[3])
					}
				case "name":
					if m[3] < prev[3] {
						t.Errorf("-S name: %s after %s", m[3], prev[3])
					}
				case "errors":
					if atoi(m[2]) > atoi(prev[2]) {
						t.Errorf("-S errors: %s after %s", m[3], prev[3])
					}
				}
			}
			prev = m
		}
	}
	if _, stderr, code := mt(t, dir, "stats", "-S", "bogus", "t.trace"); code == 0 || !strings.Contains(stderr, "invalid sortby") {
		t.Errorf("-S bogus: %d %q", code, stderr)
	}
}

// TestStatsExtras: the summary options strace lacks (--per-process,
// --files, --top, --latency) on a real recording, and -U.
func TestStatsExtras(t *testing.T) {
	dir := t.TempDir()
	// ls fails, and sh exits with its status.
	if _, stderr, code := mt(t, dir, "record", "-f", "-o", "t.trace", "--", "sh", "-c", "cat /etc/hostname; ls /nonexistent-mytrace"); code != 2 {
		t.Fatalf("record: exit %d, want ls's 2: %s", code, stderr)
	}
	out, stderr, code := mt(t, dir, "stats", "--per-process", "--files", "--top", "3", "--latency", "-U", "calls,errors,name", "t.trace")
	if code != 0 {
		t.Fatalf("stats: %d %s", code, stderr)
	}
	for _, re := range []string{
		`(?m)^process \d+: "/usr/bin/sh" \["sh", "-c", "cat /etc/hostname; ls /nonexiste"\.\.\.\]$`,
		`(?m)^process \d+: "/usr/bin/cat" \["cat", "/etc/hostname"\]$`,
		`(?m)^process \d+: "/usr/bin/ls" \["ls", "/nonexistent-mytrace"\]$`,
		`(?m)^total:$`,
		`(?m)^    calls    errors  p50 usecs  p90 usecs  p99 usecs  max usecs syscall$`,
		`(?m)^ +[1-9]\d* +0  /etc/hostname \(.*openat 1.*\)$`,
		`(?m)^ +0 +[1-9]\d*  /nonexistent-mytrace \(.*\)$`,
		`(?m)^slowest calls:$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("stats output lacks %s:\n%s", re, out)
		}
	}
	top := out[strings.Index(out, "slowest calls:"):]
	if n := len(regexp.MustCompile(`(?m)^ +\d+\.\d{6} +\d+\.\d{6} +\d+  \w+\(`).FindAllString(top, -1)); n != 3 {
		t.Errorf("--top 3 listed %d calls:\n%s", n, top)
	}
	for _, bad := range [][]string{
		{"-U", "calls,bogus"}, {"--top", "-1"}, {"--per-process", "--per-thread"},
	} {
		if _, stderr, code := mt(t, dir, append(append([]string{"stats"}, bad...), "t.trace")...); code == 0 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("stats %q: exit %d, stderr %q: want a one-line error", bad, code, stderr)
		}
	}
}

// TestStatsColumns: -U picks and orders columns as strace's does.
func TestStatsColumns(t *testing.T) {
	strace := needTool(t, "strace")
	dir := t.TempDir()
	cols := "name,calls,errors"
	runIn(t, dir, strace, "-c", "-S", "name", "-U", cols, "-o", "st.out", "ls", "/usr")
	runIn(t, dir, mytraceBin, "-c", "-S", "name", "-U", cols, "-o", "mt.out", "ls", "/usr")
	st, _ := os.ReadFile(filepath.Join(dir, "st.out"))
	lv, _ := os.ReadFile(filepath.Join(dir, "mt.out"))
	if string(st) != string(lv) {
		t.Errorf("-U %s differs (- strace, + mytrace):\n%s", cols, stracetext.Diff(string(st), string(lv)))
	}
}
