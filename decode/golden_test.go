package decode_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/internal/testtrace"
	"mytrace/replay"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/traces")

// TestGolden prints the recorded traces in testdata/traces and compares
// with their golden text. It runs on any OS: only recorded bytes are used.
func TestGolden(t *testing.T) {
	traces, _ := filepath.Glob(filepath.Join("..", "testdata", "traces", "*.trace"))
	if len(traces) == 0 {
		t.Fatal("no traces in testdata/traces")
	}
	variants := []struct {
		name string
		opts decode.PrintOptions
	}{
		{"default", decode.PrintOptions{}},
		{"verbose", decode.PrintOptions{Options: decode.Options{StrLimit: 64, Hex: 1, Verbose: true}}},
		{"times", decode.PrintOptions{TimeFormat: decode.TimeOfDay, TimePrecision: decode.PrecisionUS, Durations: true, Relative: true}},
	}
	for _, tr := range traces {
		for _, v := range variants {
			golden := strings.TrimSuffix(tr, ".trace") + "." + v.name + ".golden"
			got := printTrace(t, tr, v.opts)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./decode -run Golden -update)", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := range wl {
					if i >= len(gl) || gl[i] != wl[i] {
						g := ""
						if i < len(gl) {
							g = gl[i]
						}
						t.Fatalf("%s: line %d:\n got %q\nwant %q", golden, i+1, g, wl[i])
					}
				}
				t.Fatalf("%s: %d lines, want %d", golden, len(gl), len(wl))
			}
		}
	}
}

func printTrace(t *testing.T, path string, o decode.PrintOptions) string {
	t.Helper()
	o.ToFile = true
	o.Location = time.UTC
	var buf bytes.Buffer
	var p *decode.Printer
	testtrace.Replay(t, path, func(h *format.Header) {
		o.Follow = h.Follow
		p = decode.NewPrinter(&buf, h, o)
	}, func(ev *replay.Event) { p.Event(ev) })
	p.Close()
	return buf.String()
}
