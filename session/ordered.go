package session

import (
	"errors"
	"io"
	"iter"

	"mytrace/format"
)

// Ordered live output: strace writes the start of a call at its entry
// stop and the rest at its exit stop, each before the tracee goes on, so
// the program's own output comes after "write(1, \"one\\n\", 4" and before
// ") = 4". The recorder (record.Options.Ordered) hands the sink the events
// of each stop and waits for them to be consumed before it resumes the
// tracee. The consumer, the reader, replayer and printer of Stream, runs
// as a coroutine (iter.Pull) of the recorder's own thread: Sync switches
// to it, it prints what the stream holds, and when it would wait for more
// bytes it switches back. No other thread is woken, so a stop costs the
// encoding, the decoding and the printing of its events, and no handover
// between threads.

// errStopped ends the consumer's reads when the coroutine is stopped
// before the stream's end.
var errStopped = errors.New("session: live stream stopped")

// stepPipe is the stream between the recorder and its consumer: bytes
// written go to a buffer, and a read of an empty buffer hands control back
// to the recorder until more comes. All its methods run on the tracer
// thread (Write and the consumer's Read included).
type stepPipe struct {
	buf     []byte
	off     int
	closed  bool // no more bytes will come: reads end with io.EOF
	done    bool // the consumer returned; writes are dropped
	err     error
	consume func(io.Reader) error
	next    func() (struct{}, bool)
	stop    func()
	yield   func(struct{}) bool
}

// Write implements io.Writer.
func (p *stepPipe) Write(b []byte) (int, error) {
	if !p.done {
		p.buf = append(p.buf, b...)
	}
	return len(b), nil
}

// Read implements io.Reader for the consumer: when the buffer is empty,
// it gives control back to the recorder.
func (p *stepPipe) Read(b []byte) (int, error) {
	for p.off == len(p.buf) {
		if p.closed {
			return 0, io.EOF
		}
		p.buf, p.off = p.buf[:0], 0
		if !p.yield(struct{}{}) {
			return 0, errStopped
		}
	}
	n := copy(b, p.buf[p.off:])
	p.off += n
	return n, nil
}

// run lets the consumer take what the buffer holds. The coroutine is made
// at the first call, on the thread that makes every later one.
func (p *stepPipe) run() {
	if p.done {
		return
	}
	if p.next == nil {
		p.next, p.stop = iter.Pull(func(yield func(struct{}) bool) {
			p.yield = yield
			p.err = p.consume(p)
			p.done = true
		})
	}
	if _, ok := p.next(); !ok {
		p.done = true
	}
}

// finish lets the consumer read the rest of the stream and its end.
func (p *stepPipe) finish() {
	p.closed = true
	for !p.done {
		p.run()
	}
	if p.stop != nil {
		p.stop()
	}
}

// orderedSink is the recorder's sink for ordered live output: the trace
// stream, written inline (format.WithInline) into a stepPipe whose
// consumer runs at each Sync.
type orderedSink struct {
	*format.Writer
	p    *stepPipe
	werr error
}

// Sync implements record.Syncer.
func (o *orderedSink) Sync() { o.p.run() }

// End implements record.Syncer: the stream's end chunk is written and the
// consumer reads to the end.
func (o *orderedSink) End() {
	o.werr = o.Writer.Close()
	o.p.finish()
}

// liveOrdered is Live with record.Options.Ordered.
func (s *Session) liveOrdered(consume func(io.Reader) error) (*Result, error) {
	p := &stepPipe{consume: consume}
	w, err := format.NewWriter(p, s.rec.Header(), format.WithCompression(false), format.WithChunkSize(64<<10), format.WithInline())
	if err != nil {
		s.Abandon()
		return nil, err
	}
	o := &orderedSink{Writer: w, p: p}
	res := s.run(o)
	if !p.closed {
		// The recorder did not end the stream (a backend that ignores
		// Options.Ordered): the consumer reads it all now, unless it
		// already runs as a coroutine of the recorder's thread.
		if p.next != nil {
			return res, errors.New("session: the recorder did not end the live stream")
		}
		o.End()
	}
	switch {
	case res.SinkErr != nil:
		return res, res.SinkErr
	case o.werr != nil:
		return res, o.werr
	}
	return res, p.err
}
