package decode_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/internal/golden"
	"mytrace/internal/stracetext"
	"mytrace/internal/testtrace"
	"mytrace/options"
	"mytrace/replay"
)

// TestGoldenCorpus prints every recording of the corpus goldens
// (testdata/golden, written by the differential harness's -update mode)
// with the display flags of each variant, and compares the normalized text
// with strace 6.1's, stored beside it. It needs no root, no strace and no
// C compiler: a decoder change shows up here as a diff of expected lines.
func TestGoldenCorpus(t *testing.T) {
	files, err := golden.Files(filepath.Join(".."))
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens in %s (%v): go test ./cmd/mytrace -run TestStraceParity -update writes them", golden.Dir, err)
	}
	sections := 0
	for _, file := range files {
		secs, err := golden.Read(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".golden")
		t.Run(name, func(t *testing.T) {
			for _, s := range secs {
				sections++
				t.Run(s.Variant, func(t *testing.T) {
					got := printGolden(t, filepath.Join(filepath.Dir(file), s.Trace), s.Display)
					got = s.Rules.Text(strings.ReplaceAll(got, s.Cwd, "CWD"))
					if got != s.Want {
						t.Errorf("print %s %s differs from strace (- strace, + mytrace):\n%s",
							strings.Join(s.Display, " "), s.Trace, stracetext.Diff(s.Want, got))
					}
				})
			}
		})
	}
	t.Logf("%d goldens, %d variants", len(files), sections)
}

// printGolden prints a recording as "mytrace print -o FILE FLAGS TRACE"
// does, with the flags parsed by package options.
func printGolden(t *testing.T, trace string, flags []string) string {
	t.Helper()
	var d options.Display
	fs := pflag.NewFlagSet("print", pflag.ContinueOnError)
	d.Register(fs, false)
	if err := fs.Parse(flags); err != nil {
		t.Fatalf("flags %q: %v", flags, err)
	}
	if err := d.Check(); err != nil {
		t.Fatalf("flags %q: %v", flags, err)
	}
	var buf bytes.Buffer
	var p *decode.Printer
	testtrace.Replay(t, trace, func(h *format.Header) {
		p = decode.NewPrinter(&buf, h, d.PrintOptions(true, h.Follow))
	}, func(ev *replay.Event) { p.Event(ev) })
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
