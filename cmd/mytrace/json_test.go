package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// binaryScript writes bytes that are not text (a NUL, invalid UTF-8, an
// escape) to /dev/null, opens a path that is not UTF-8, and exits 3.
const binaryScript = `printf '\377\376\000abc\303(\033' > /dev/null; cat "$(printf '/nonexistent/\377x')" 2>/dev/null; exit 3`

// parseJSONLines checks that every line of out is one valid JSON object,
// the first the header, and returns them.
func parseJSONLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for i, ln := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !json.Valid([]byte(ln)) {
			t.Fatalf("line %d is not valid JSON: %q", i+1, ln)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(ln), &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		recs = append(recs, m)
	}
	if len(recs) < 2 || recs[0]["type"] != "header" || recs[0]["version"] != float64(1) {
		t.Fatalf("no header line: %q", out[:min(len(out), 300)])
	}
	return recs
}

func argValue(rec map[string]any, i int) map[string]any {
	args, _ := rec["args"].([]any)
	if i >= len(args) {
		return nil
	}
	a, _ := args[i].(map[string]any)
	v, _ := a["value"].(map[string]any)
	return v
}

// checkBinaryRecords finds the write of binary bytes and the openat of a
// path that is not UTF-8 in a JSON trace of binaryScript.
func checkBinaryRecords(t *testing.T, recs []map[string]any) {
	t.Helper()
	var sawWrite, sawOpen, sawExit bool
	for _, r := range recs {
		switch {
		case r["type"] == "syscall" && r["name"] == "write":
			buf := argValue(r, 1)
			if b64, ok := buf["base64"].(string); ok {
				data, err := base64.StdEncoding.DecodeString(b64)
				if err == nil && string(data) == "\377\376\000abc\303(\033" {
					sawWrite = true
				}
			}
		case r["type"] == "syscall" && r["name"] == "openat":
			p := argValue(r, 1)
			if b64, ok := p["base64"].(string); ok {
				data, _ := base64.StdEncoding.DecodeString(b64)
				ret, _ := r["ret"].(map[string]any)
				if string(data) == "/nonexistent/\377x" && ret["errno"] == "ENOENT" && ret["raw"] == float64(-2) {
					sawOpen = true
				}
			}
		case r["type"] == "exit" && r["exit_code"] == float64(3):
			sawExit = true
		}
	}
	if !sawWrite || !sawOpen || !sawExit {
		t.Errorf("binary write found: %v, openat of a non-UTF-8 path: %v, exit 3: %v", sawWrite, sawOpen, sawExit)
	}
}

// TestJSONLive: live --json of a program that writes binary bytes and
// opens a path that is not UTF-8: every line is valid JSON, and the
// bytes come back exactly from base64.
func TestJSONLive(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := mt(t, dir, "--json", "-f", "-o", "live.jsonl", "sh", "-c", binaryScript)
	if code != 3 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, err := os.ReadFile(filepath.Join(dir, "live.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	checkBinaryRecords(t, parseJSONLines(t, string(out)))
}

// TestJSONPrint: print --json of a recording has one record per call of
// the text (an unfinished line and its resumption joined), per process
// in the same order, each with its result; the filters select the same
// calls as in the text.
func TestJSONPrint(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := mt(t, dir, "record", "-f", "-o", "t.trace", "--", "sh", "-c", "("+binaryScript+") & wait; "+binaryScript); code != 3 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	out, stderr, code := mt(t, dir, "print", "--json", "t.trace")
	if code != 0 || stderr != "" {
		t.Fatalf("print --json: %d %q", code, stderr)
	}
	recs := parseJSONLines(t, out)
	checkBinaryRecords(t, recs)
	text, _, _ := mt(t, dir, "print", "t.trace")
	want := map[string][]string{}
	rePid := regexp.MustCompile(`^(\d+) +`)
	unfinished := 0
	for _, ln := range strings.Split(strings.TrimSpace(text), "\n") {
		m := rePid.FindStringSubmatch(ln)
		if m == nil {
			t.Fatalf("line without pid: %q", ln)
		}
		body := ln[len(m[0]):]
		if strings.HasSuffix(body, "<unfinished ...>") {
			unfinished++
		}
		if strings.HasPrefix(body, "---") || strings.HasPrefix(body, "+++") || strings.HasPrefix(body, "<...") {
			continue
		}
		want[m[1]] = append(want[m[1]], body[:strings.IndexByte(body, '(')])
	}
	if unfinished == 0 {
		t.Error("the text has no unfinished call: the test does not test joining")
	}
	got := map[string][]string{}
	for _, r := range recs {
		if r["type"] != "syscall" {
			continue
		}
		got[strconv.Itoa(int(r["tid"].(float64)))] = append(got[strconv.Itoa(int(r["tid"].(float64)))], r["name"].(string))
		if r["unfinished"] == nil && r["ret"] == nil {
			t.Errorf("a finished call without its result: %v", r)
		}
		if r["name"] == "wait4" && r["unfinished"] == nil {
			if _, ok := r["duration_ns"].(float64); !ok {
				t.Errorf("wait4 without a duration: %v", r)
			}
		}
	}
	if len(want) < 3 {
		t.Fatalf("%d processes in the text", len(want))
	}
	for pid, names := range want {
		if strings.Join(got[pid], " ") != strings.Join(names, " ") {
			t.Errorf("pid %s: JSON calls %v, text calls %v", pid, got[pid], names)
		}
	}

	// Filters, as the text.
	out, _, code = mt(t, dir, "print", "--json", "-e", "trace=openat", "-Z", "t.trace")
	if code != 0 {
		t.Fatalf("print --json -e trace=openat -Z: %d", code)
	}
	n := 0
	for _, r := range parseJSONLines(t, out) {
		if r["type"] != "syscall" {
			continue
		}
		n++
		ret, _ := r["ret"].(map[string]any)
		if r["name"] != "openat" || ret["errno"] == nil {
			t.Errorf("shown with -e trace=openat -Z: %v %v", r["name"], ret)
		}
	}
	ftext, _, _ := mt(t, dir, "print", "-e", "trace=openat", "-Z", "t.trace")
	if wantN := strings.Count(ftext, "openat("); n != wantN || n == 0 {
		t.Errorf("%d openat records, the text has %d", n, wantN)
	}
	if out, _, _ := mt(t, dir, "print", "--json", "--color=always", "t.trace"); strings.Contains(out, "\x1b[") {
		t.Error("JSON output has color escapes")
	}
}

// tableRows8 parses strace -c's table into name -> "calls errors".
func tableRows8(t *testing.T, table string) map[string]string {
	rows := map[string]string{}
	for _, ln := range strings.Split(table, "\n") {
		f := strings.Fields(ln)
		if len(f) < 5 || strings.HasPrefix(ln, "%") || strings.HasPrefix(ln, "-") || f[len(f)-1] == "total" {
			continue
		}
		errs := "0"
		if len(f) == 6 {
			errs = f[4]
		}
		rows[f[len(f)-1]] = f[3] + " " + errs
	}
	return rows
}

// TestStatsJSON: stats --json has the table's calls and errors per
// syscall, and what --latency, --per-process, --top and --files add;
// live -c --json writes the same document.
func TestStatsJSON(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := mt(t, dir, "record", "-f", "-o", "t.trace", "--", "sh", "-c", binaryScript); code != 3 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	table, _, _ := mt(t, dir, "stats", "t.trace")
	out, stderr, code := mt(t, dir, "stats", "--json", "t.trace")
	if code != 0 || stderr != "" {
		t.Fatalf("stats --json: %d %q", code, stderr)
	}
	var doc struct {
		Type     string
		Version  int
		Syscalls []struct {
			Name          string
			Calls, Errors uint64
			Seconds       float64
		}
		Total struct{ Calls, Errors uint64 }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := tableRows8(t, table)
	got := map[string]string{}
	var calls uint64
	for _, s := range doc.Syscalls {
		got[s.Name] = strconv.FormatUint(s.Calls, 10) + " " + strconv.FormatUint(s.Errors, 10)
		calls += s.Calls
	}
	if doc.Type != "summary" || doc.Version != 1 || len(want) == 0 || !mapsEqual(got, want) || calls != doc.Total.Calls {
		t.Errorf("stats --json: %s\ntable rows: %v\nJSON rows: %v", out, want, got)
	}

	out, _, code = mt(t, dir, "stats", "--json", "--latency", "--per-process", "--top", "3", "--files", "t.trace")
	var full struct {
		Processes []struct {
			Pid      int
			Command  string
			Syscalls []map[string]any
		}
		Syscalls []struct {
			Name    string
			Latency *struct{ P50, P90, P99, Max float64 } `json:"latency_usecs"`
		}
		Top   []struct{ Call string }
		Files []struct {
			Path       string
			PathBase64 string `json:"path_base64"`
			Syscalls   map[string]int
		}
	}
	if err := json.Unmarshal([]byte(out), &full); err != nil || code != 0 {
		t.Fatalf("%v (exit %d): %s", err, code, out)
	}
	sawCat := false
	for _, p := range full.Processes {
		sawCat = sawCat || strings.HasPrefix(p.Command, `"/usr/bin/cat" ["cat", "/nonexistent/\377x"]`)
	}
	if len(full.Processes) < 2 || !sawCat || len(full.Top) != 3 || len(full.Files) == 0 {
		t.Errorf("extras: %d processes, %d slowest calls, %d files: %s", len(full.Processes), len(full.Top), len(full.Files), out)
	}
	for _, s := range full.Syscalls {
		if s.Latency == nil || s.Latency.Max < s.Latency.P50 {
			t.Errorf("%s: latency %+v", s.Name, s.Latency)
		}
	}
	sawPasswd := false
	for _, f := range full.Files {
		if f.Path == "/nonexistent/\uFFFDx" && f.PathBase64 == base64.StdEncoding.EncodeToString([]byte("/nonexistent/\377x")) && f.Syscalls["openat"] == 1 {
			sawPasswd = true
		}
	}
	if !sawPasswd {
		t.Errorf("--files lacks the non-UTF-8 path: %+v", full.Files)
	}

	_, _, code = mt(t, dir, "-c", "--json", "-o", "live.json", "sh", "-c", binaryScript)
	b, _ := os.ReadFile(filepath.Join(dir, "live.json"))
	var live struct {
		Type     string
		Syscalls []struct{ Name string }
	}
	if err := json.Unmarshal(b, &live); err != nil || code != 3 || live.Type != "summary" || len(live.Syscalls) == 0 {
		t.Errorf("live -c --json (exit %d): %v: %s", code, err, b)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}
