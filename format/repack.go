package format

import (
	"errors"
	"fmt"
	"io"
)

// ErrIncomplete: a trace to repack has no end chunk (it was cut short).
var ErrIncomplete = errors.New("the trace has no end chunk (it was cut short)")

// Repack reads a complete trace from src and writes the same header and
// events to dst in chunks as large as opts allow (DefaultChunkSize
// unless WithChunkSize says otherwise), with no flush timer: what a
// recording whose chunks the flush timer cut small (a program that makes
// calls slowly, or is slowed down by other work on the machine) would
// have been had nothing bounded what a killed recorder loses. Each chunk
// starts without history and pays for its own entropy tables, so fewer
// chunks take less room (docs/format.md, "Repacking"). dst gets the
// current format version, whatever src's. Repack returns how many events
// it copied; a src without its end chunk is ErrIncomplete, and one whose
// end chunk counts other events than it holds a FormatError. After an
// error, dst holds the events copied so far behind an end chunk of its
// own, a trace that looks complete: the caller discards it (RepackFile
// removes its copy).
func Repack(dst io.Writer, src io.Reader, opts ...WriterOption) (uint64, error) {
	r, err := NewReader(src)
	if err != nil {
		return 0, err
	}
	h := *r.Header()
	opts = append(append([]WriterOption(nil), opts...), WithFlushInterval(0))
	w, err := NewWriter(dst, &h, opts...)
	if err != nil {
		return 0, err
	}
	// Full chunks from the first: nothing is waiting for them.
	w.limit = w.opts.chunkSize
	var n uint64
	for {
		e, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			w.Close()
			return n, err
		}
		if err := w.WriteEvent(e); err != nil {
			w.Close()
			return n, err
		}
		n++
	}
	if err := w.Close(); err != nil {
		return n, err
	}
	end := r.End()
	if end == nil {
		return n, ErrIncomplete
	}
	if end.Events != n {
		return n, &FormatError{Offset: r.Offset(), Msg: fmt.Sprintf("end chunk counts %d events, the chunks hold %d", end.Events, n)}
	}
	return n, nil
}
