package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"mytrace/report"
)

// TestExportPerfetto: a recording of `sh -c 'ls | wc -l'` with -f
// exports (--format=json) as a valid Chrome Trace Event timeline: three processes named sh, ls and wc, each
// with its syscalls; fork arrows from the shell to both children; exits
// as instants. --min-duration keeps only the calls the arrows start from.
func TestExportPerfetto(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := mt(t, dir, "record", "-f", "-o", "t.trace", "--", "sh", "-c", "ls | wc -l"); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	_, stderr, code := mt(t, dir, "export", "--format=json", "t.trace", "-o", "run.json")
	if code != 0 || stderr != "" {
		t.Fatalf("export: %d %q", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	evs, err := report.ValidateChromeTrace(data)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int]string{}
	for _, e := range evs {
		if e.Ph == "M" && e.Name == "process_name" {
			names[e.Pid] = e.Args["name"].(string)
		}
	}
	calls := map[string]map[string]bool{}
	from := map[int]string{}
	var forks []string
	exits := 0
	for _, e := range evs {
		switch {
		case e.Ph == "X":
			if calls[names[e.Pid]] == nil {
				calls[names[e.Pid]] = map[string]bool{}
			}
			calls[names[e.Pid]][e.Name] = true
		case e.Ph == "s" && e.Name != "exec":
			from[*e.ID] = names[e.Pid]
		case e.Ph == "i" && e.Cat == "exit":
			exits++
		}
	}
	for _, e := range evs {
		if e.Ph == "f" && e.Name != "exec" {
			forks = append(forks, from[*e.ID]+">"+names[e.Pid])
		}
	}
	sort.Strings(forks)
	if len(names) != 3 || !calls["sh"]["pipe2"] || !calls["sh"]["wait4"] || !calls["ls"]["getdents64"] || !calls["wc"]["read"] {
		t.Errorf("processes %v with calls %v", names, calls)
	}
	if strings.Join(forks, " ") != "sh>ls sh>wc" || exits != 3 {
		t.Errorf("fork arrows %v, %d exits", forks, exits)
	}

	out, _, code := mt(t, dir, "export", "--format=json", "--min-duration", "1h", "t.trace")
	evs, err = report.ValidateChromeTrace([]byte(out))
	if err != nil || code != 0 {
		t.Fatalf("export --min-duration 1h to stdout: %d %v", code, err)
	}
	for _, e := range evs {
		if e.Ph == "X" && !strings.HasPrefix(e.Name, "clone") && !strings.HasPrefix(e.Name, "execve") && e.Name != "fork" && e.Name != "vfork" {
			t.Errorf("--min-duration 1h kept %s", e.Name)
		}
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--format=pprof", "t.trace"}, "mytrace: export: unknown format 'pprof' (supported: perfetto, json)\n"},
		{[]string{"export", "--min-duration", "-1s", "t.trace"}, "mytrace: export: --min-duration must not be negative\n"},
		{[]string{"export", "--min-duration", "soon", "t.trace"}, "mytrace: invalid --min-duration argument: 'soon'\n"},
		{[]string{"export", "missing.trace"}, "mytrace: missing.trace: No such file or directory\n"},
		{[]string{"export"}, "mytrace: accepts 1 arg(s), received 0\n"},
	} {
		stdout, stderr, code := mt(t, dir, c.args...)
		if code != 1 || stderr != c.want || stdout != "" {
			t.Errorf("mytrace %q: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
}

// TestExportPerfettoProto: by default the same recording exports in
// Perfetto's protobuf format, valid (report.ValidatePerfettoTrace: the
// packet, track, interning, slice and flow invariants ui.perfetto.dev
// relies on), with the three processes named, their calls, the fork
// flows from the shell; to stdout when it is not a terminal.
func TestExportPerfettoProto(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := mt(t, dir, "record", "-f", "-o", "t.trace", "--", "sh", "-c", "ls | wc -l"); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	_, stderr, code := mt(t, dir, "export", "t.trace", "-o", "run.pftrace")
	if code != 0 || stderr != "" {
		t.Fatalf("export: %d %q", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "run.pftrace"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := report.ValidatePerfettoTrace(data)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for _, k := range tr.Tracks {
		if k.Tid == 0 {
			names[k.Pid] = k.Name
		}
	}
	calls := map[string]map[string]bool{}
	from := map[uint64]string{}
	for _, s := range tr.Slices {
		n := names[tr.Tracks[s.Track].Pid]
		if calls[n] == nil {
			calls[n] = map[string]bool{}
		}
		calls[n][s.Name] = true
		if s.Name != "execve" {
			for _, id := range s.FlowsOut {
				from[id] = n
			}
		}
	}
	var forks []string
	for _, s := range append(tr.Slices, tr.Instants...) {
		for _, id := range s.FlowsIn {
			if f, ok := from[id]; ok {
				forks = append(forks, f+">"+names[tr.Tracks[s.Track].Pid])
			}
		}
	}
	sort.Strings(forks)
	if len(names) != 3 || !calls["sh"]["pipe2"] || !calls["sh"]["wait4"] || !calls["ls"]["getdents64"] || !calls["wc"]["read"] {
		t.Errorf("processes %v with calls %v", names, calls)
	}
	if strings.Join(forks, " ") != "sh>ls sh>wc" {
		t.Errorf("fork flows %v", forks)
	}
	out, _, code := mt(t, dir, "export", "t.trace")
	if code != 0 || out != string(data) {
		t.Errorf("export to stdout: exit %d, %d bytes, want the %d of the file", code, len(out), len(data))
	}
}
