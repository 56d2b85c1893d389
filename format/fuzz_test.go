package format

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzReader feeds arbitrary bytes to the reader: it must return events or
// an error, never panic, and never allocate beyond its caps. The seed
// corpus is in testdata/fuzz/FuzzReader plus generated traces of every
// version (column chunks too, times in ns and µs) and the traces in
// ../testdata. FuzzColumns
// (columns_test.go) fuzzes the column decoder behind the checksums.
func FuzzReader(f *testing.F) {
	f.Add(writeTrace(f, genEvents(50, 10), WithChunkSize(4<<10)))
	f.Add(writeTrace(f, genEvents(20, 11), WithCompression(false), WithChunkSize(4<<10)))
	f.Add(writeTrace(f, regsEvents(40), WithCompression(false), WithChunkSize(4<<10)))
	f.Add(writeTrace(f, lifelikeEvents(100, 12), withColumnsAlways(), WithChunkSize(4<<10)))
	f.Add(writeTrace(f, genEvents(50, 13), WithVersion(1), WithChunkSize(4<<10)))
	f.Add(writeTrace(f, lifelikeEvents(100, 14), WithVersion(2), withColumnsAlways(), WithChunkSize(4<<10)))
	f.Add(writeTraceHeader(f, unitHeader(time.Microsecond), lifelikeEvents(100, 16), withColumnsAlways(), WithChunkSize(4<<10)))
	f.Add(writeTraceHeader(f, unitHeader(time.Microsecond), genEvents(20, 17), WithCompression(false), WithChunkSize(4<<10)))
	f.Add([]byte(Magic))
	if traces, _ := filepath.Glob("../testdata/traces/*.trace"); len(traces) > 0 {
		for _, p := range traces {
			if b, err := os.ReadFile(p); err == nil && len(b) < 1<<20 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		defer r.Close()
		for i := 0; ; i++ {
			e, err := r.Next()
			if err != nil {
				var fe *FormatError
				if !errors.Is(err, io.EOF) && !errors.Is(err, ErrTruncated) && !errors.As(err, &fe) {
					t.Fatalf("unexpected error type %T: %v", err, err)
				}
				return
			}
			for _, m := range e.Mem {
				if uint64(len(m.Data)) > m.Len || len(m.Data) > MaxRegionSize {
					t.Fatalf("region larger than its length")
				}
			}
		}
	})
}
