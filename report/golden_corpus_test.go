package report

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"mytrace/internal/golden"
	"mytrace/internal/testtrace"
)

// reGoldenCall is a call line of strace's normalized text: its name, and
// its result when it failed.
// A call interrupted and restarted ("= ? ERESTARTNOHAND") counts as failed.
var reGoldenCall = regexp.MustCompile(`^([a-z_0-9]+)\(.* = (?:(-1 E[A-Z0-9]+|\? ERESTART[A-Z_]+)|[^=]*)(?: \(.*\))?$`)

// TestGoldenStats: the summary of each corpus recording (testdata/golden)
// counts, per syscall, the calls and the failed calls that strace 6.1's
// text of the same run shows, for the variants that show every call
// (no display flags). Offline: no root, no strace, no C compiler.
func TestGoldenStats(t *testing.T) {
	files, err := golden.Files("..")
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens in %s (%v)", golden.Dir, err)
	}
	checked := 0
	for _, file := range files {
		secs, err := golden.Read(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secs {
			if len(s.Display) != 0 || len(s.Record) > 1 {
				continue // filtered or tampered with: not every call is shown as made
			}
			if strings.HasPrefix(s.Trace, "abi.") || strings.HasPrefix(s.Trace, "unknown.") {
				continue // calls of other ABIs: summarised per ABI, named alike in the text
			}
			checked++
			want := countLines(s.Want)
			got := countTrace(t, filepath.Join(filepath.Dir(file), s.Trace))
			if got != want {
				t.Errorf("%s (%s): stats and strace's lines differ (- strace, + stats):\n%s", s.Trace, s.Variant, lineDiff(want, got))
			}
		}
	}
	if checked == 0 {
		t.Fatal("no golden variant without display flags")
	}
	t.Logf("%d recordings summarised", checked)
}

// countLines counts calls and failures per syscall in normalized strace
// text, one "name calls errors" line per syscall, sorted.
func countLines(text string) string {
	calls, errs := map[string]int{}, map[string]int{}
	for _, ln := range strings.Split(text, "\n") {
		m := reGoldenCall.FindStringSubmatch(ln)
		if m == nil || strings.HasSuffix(ln, " <unfinished ...>") || strings.HasSuffix(ln, " = ?") {
			continue // a call that did not return is not counted (as strace -c)
		}
		calls[m[1]]++
		if m[2] != "" {
			errs[m[1]]++
		}
	}
	var rows []string
	for name, n := range calls {
		rows = append(rows, fmt.Sprintf("%s %d %d", name, n, errs[name]))
	}
	sort.Strings(rows)
	return strings.Join(rows, "\n")
}

// countTrace summarises a recording in the same form as countLines.
func countTrace(t *testing.T, path string) string {
	st := NewStats()
	testtrace.Replay(t, path, nil, st.Add)
	var rows []string
	for _, c := range st.Counters() {
		rows = append(rows, fmt.Sprintf("%s %d %d", c.Name, c.Calls, c.Errors))
	}
	sort.Strings(rows)
	return strings.Join(rows, "\n")
}

// lineDiff lists the lines only a has (-) and only b has (+).
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ia, ib := in(a), in(b)
	var out strings.Builder
	for _, l := range strings.Split(a, "\n") {
		if !ib[l] {
			fmt.Fprintf(&out, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ia[l] {
			fmt.Fprintf(&out, "+ %s\n", l)
		}
	}
	return out.String()
}
