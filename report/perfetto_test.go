package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"mytrace/format"
	"mytrace/replay"
)

func exportFile(t *testing.T, path string, o PerfettoOptions) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := format.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	p := NewPerfetto(&buf, rd.Header(), o)
	rp := replay.New(rd)
	for {
		ev, err := rp.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		p.Add(ev)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPerfettoPipeline: the recorded `sh -c 'cat /etc/os-release | wc
// -c'` exports as a valid timeline with its three processes, named after
// what they exec'd, each with its syscalls; two fork arrows from the
// shell to its children; the signals and exits as instants.
func TestPerfettoPipeline(t *testing.T) {
	data := exportFile(t, filepath.Join("..", "testdata", "traces", "pipeline.trace"), PerfettoOptions{})
	evs, err := ValidateChromeTrace(data)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int]string{}
	calls := map[string]int{}
	forks := map[int]int{} // flow id -> parent pid
	var forked []string
	instants := map[string]int{}
	for _, e := range evs {
		if e.Ph == "M" && e.Name == "process_name" {
			names[e.Pid] = e.Args["name"].(string)
		}
	}
	for _, e := range evs {
		switch {
		case e.Ph == "X":
			calls[names[e.Pid]]++
		case e.Ph == "s" && e.Name == "fork":
			forks[*e.ID] = e.Pid
		case e.Ph == "i":
			instants[e.Cat]++
		}
	}
	for _, e := range evs {
		if e.Ph == "f" && e.Name == "fork" {
			forked = append(forked, names[forks[*e.ID]]+">"+names[e.Pid])
		}
	}
	sort.Strings(forked)
	if len(names) != 3 || calls["sh"] == 0 || calls["cat"] == 0 || calls["wc"] == 0 {
		t.Errorf("processes %v, calls per process %v", names, calls)
	}
	if fmt.Sprint(forked) != "[sh>cat sh>wc]" {
		t.Errorf("fork arrows: %v", forked)
	}
	if instants["exit"] != 3 || instants["signal"] != 1 {
		t.Errorf("instants: %v", instants)
	}
	var openat *ChromeEvent
	for i, e := range evs {
		if e.Ph == "X" && e.Name == "openat" && names[e.Pid] == "cat" {
			openat = &evs[i]
		}
	}
	if openat == nil || openat.Args["line"] != `openat(AT_FDCWD, "/etc/os-release", O_RDONLY) = 3` || openat.Args["ret"] != "3" ||
		fmt.Sprint(openat.Args["args"]) != `map[dirfd:AT_FDCWD flags:O_RDONLY pathname:"/etc/os-release"]` {
		t.Errorf("cat's openat: %+v", openat)
	}

	// With a threshold, short calls go but forks and execs stay, so the
	// arrows keep their slices.
	short := exportFile(t, filepath.Join("..", "testdata", "traces", "pipeline.trace"), PerfettoOptions{MinDuration: 1e12})
	evs2, err := ValidateChromeTrace(short)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	n := 0
	for _, e := range evs2 {
		if e.Ph == "X" {
			kept[e.Name] = true
			n++
		}
	}
	if n == 0 || n >= calls["sh"]+calls["cat"]+calls["wc"] {
		t.Errorf("--min-duration kept %d of %d slices", n, len(evs))
	}
	for name := range kept {
		if !keepAlways[name] {
			t.Errorf("%s kept with a 1000 s threshold", name)
		}
	}
}

// TestValidateChromeTraceFails: the checker the tests rely on rejects
// what it should.
func TestValidateChromeTraceFails(t *testing.T) {
	bad := []string{
		`{`,
		`{"traceEvents":[]}`,
		`{"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":1,"dur":-1,"args":{"line":"a"}}]}`,
		`{"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":1,"dur":5,"args":{"line":"a"}},{"ph":"X","name":"b","pid":1,"tid":1,"ts":3,"dur":1,"args":{"line":"b"}},{"ph":"M","name":"process_name","pid":1,"tid":1,"args":{"name":"x"}}]}`,
		`{"traceEvents":[{"ph":"s","name":"fork","pid":1,"tid":1,"ts":1,"id":1}]}`,
		`{"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":1,"dur":1,"args":{"line":"a"}}]}`,
		`{"traceEvents":[{"ph":"Q","name":"a","pid":1,"tid":1,"ts":1}]}`,
	}
	for _, b := range bad {
		if _, err := ValidateChromeTrace([]byte(b)); err == nil {
			t.Errorf("accepted %s", b)
		}
	}
}
