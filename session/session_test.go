package session

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/record"
	"mytrace/report"
)

// TestParsePids: strace's -p syntax and messages.
func TestParsePids(t *testing.T) {
	got, err := ParsePids([]string{"1,2", "3 4\n5"})
	if err != nil || len(got) != 5 || got[4] != 5 {
		t.Errorf("got %v, %v", got, err)
	}
	for in, want := range map[string]string{"x": "Invalid process id: 'x'", "0": "Invalid process id: '0'", ",": "Invalid process id: ''"} {
		if _, err := ParsePids([]string{in}); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	if got, err := ParsePids(nil); got != nil || err != nil {
		t.Errorf("no -p: %v, %v", got, err)
	}
}

// TestResultStatus: the command's status, or 128+N for the signal that
// ended an attached session.
func TestResultStatus(t *testing.T) {
	if s := (&Result{Result: &record.Result{Exited: true, ExitCode: 3}}).Status(); s != 3 {
		t.Errorf("exit 3: %d", s)
	}
	if s := (&Result{Result: &record.Result{Attached: true}, Signal: syscall.SIGINT}).Status(); s != 130 {
		t.Errorf("detached on SIGINT: %d", s)
	}
}

// TestStream: a stored recording streams through Stream as print reads
// it, with the summary counted alongside or alone.
func TestStream(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "traces", "pipeline.trace"))
	if err != nil {
		t.Fatal(err)
	}
	print := func(stats *report.Stats, both bool) string {
		var out bytes.Buffer
		err := Stream(bytes.NewReader(b), func(h *format.Header) Printer {
			return decode.NewPrinter(&out, h, decode.PrintOptions{ToFile: true, Follow: h.Follow})
		}, false, stats, both)
		if err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	text := print(nil, false)
	if !strings.Contains(text, "execve(") || !strings.Contains(text, "+++ exited with") {
		t.Fatalf("no trace:\n%s", text)
	}
	st := report.NewStats()
	if got := print(st, true); got != text {
		t.Errorf("with a summary alongside, the text differs")
	}
	if len(st.Counters()) == 0 {
		t.Error("nothing counted")
	}
	if got := print(report.NewStats(), false); got != "" {
		t.Errorf("summary only, yet the trace was printed:\n%s", got)
	}
}
