// Package testtrace reads recordings for tests: a trace file's header and
// every replayed event, failing the test on any error, so that the tests
// of the packages that consume events (decode, report) need no reading
// loop of their own.
//
// Limits: for tests only; a file cut short is an error here.
package testtrace

import (
	"errors"
	"io"
	"os"
	"testing"

	"mytrace/format"
	"mytrace/replay"
)

// Replay opens the recording at path, gives its header to start (which
// may be nil) and then every replayed event to each.
func Replay(tb testing.TB, path string, start func(*format.Header), each func(*replay.Event)) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rd, err := format.NewReader(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if start != nil {
		start(rd.Header())
	}
	rp := replay.New(rd)
	for {
		ev, err := rp.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		each(ev)
	}
}
