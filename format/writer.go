package format

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// WriterOption configures a Writer.
type WriterOption func(*writerOptions) error

type writerOptions struct {
	chunkSize int
	queue     int
	compress  bool
	level     zstd.EncoderLevel
}

// Defaults for a Writer.
const (
	DefaultChunkSize = 256 << 10 // raw bytes of events per chunk
	DefaultQueue     = 8         // chunks waiting for the compressor
)

// WithChunkSize sets how many raw bytes of events make a chunk (default
// DefaultChunkSize, 4 KiB to 16 MiB). Smaller chunks lose less when a file is
// cut short; larger ones compress better.
func WithChunkSize(n int) WriterOption {
	return func(o *writerOptions) error {
		if n < 4<<10 || n > 16<<20 {
			return fmt.Errorf("chunk size %d out of range [4 KiB, 16 MiB]", n)
		}
		o.chunkSize = n
		return nil
	}
}

// WithQueue sets how many chunks may wait for the compressing goroutine
// before WriteEvent blocks (default DefaultQueue, 1 to 1024).
func WithQueue(n int) WriterOption {
	return func(o *writerOptions) error {
		if n < 1 || n > 1024 {
			return fmt.Errorf("queue length %d out of range [1, 1024]", n)
		}
		o.queue = n
		return nil
	}
}

// WithCompression turns zstd compression of event chunks on (the default)
// or off. Uncompressed chunks suit an in-memory stream.
func WithCompression(on bool) WriterOption {
	return func(o *writerOptions) error {
		o.compress = on
		return nil
	}
}

// WithLevel sets the zstd level (default zstd.SpeedFastest).
func WithLevel(l zstd.EncoderLevel) WriterOption {
	return func(o *writerOptions) error {
		if l < zstd.SpeedFastest || l > zstd.SpeedBestCompression {
			return fmt.Errorf("zstd level %d out of range", l)
		}
		o.level = l
		return nil
	}
}

type batch struct {
	raw       []byte
	out       []byte
	events    uint32
	firstTime int64
	lastTime  int64
}

// Writer writes a trace file. WriteEvent encodes on the caller's goroutine
// into a chunk buffer; full chunks are compressed and written by a
// goroutine of the Writer's own, so the caller only waits when the queue
// of chunks is full. A Writer is not safe for concurrent use.
type Writer struct {
	out   io.Writer
	opts  writerOptions
	cur   *batch
	free  chan *batch
	queue chan *batch
	done  chan struct{}

	mu  sync.Mutex
	err error

	// owned by the compressing goroutine until done is closed
	offset int64
	end    End
	enc    *zstd.Encoder

	closed bool
}

// NewWriter writes the preamble and header to w and returns a Writer for
// the events.
func NewWriter(w io.Writer, h *Header, opts ...WriterOption) (*Writer, error) {
	o := writerOptions{chunkSize: DefaultChunkSize, queue: DefaultQueue, compress: true, level: zstd.SpeedFastest}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, fmt.Errorf("format: %w", err)
		}
	}
	wr := &Writer{
		out:   w,
		opts:  o,
		free:  make(chan *batch, o.queue+1),
		queue: make(chan *batch, o.queue),
		done:  make(chan struct{}),
	}
	if o.compress {
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(o.level), zstd.WithEncoderCRC(true), zstd.WithEncoderConcurrency(1))
		if err != nil {
			return nil, fmt.Errorf("format: %w", err)
		}
		wr.enc = enc
	}
	pre := make([]byte, PreambleSize)
	copy(pre, Magic)
	binary.LittleEndian.PutUint32(pre[len(Magic):], Version)
	if _, err := w.Write(pre); err != nil {
		return nil, fmt.Errorf("format: writing preamble: %w", err)
	}
	wr.offset = int64(len(pre))
	if err := wr.writeChunk(ChunkHeader, h.marshal(), nil); err != nil {
		return nil, err
	}
	for i := 0; i < o.queue+1; i++ {
		wr.free <- &batch{raw: make([]byte, 0, o.chunkSize+o.chunkSize/4)}
	}
	wr.cur = <-wr.free
	go wr.compressor()
	return wr, nil
}

// WriteEvent appends e to the current chunk. It returns the first error the
// Writer met, if any (a failed write to the file, say); events after that
// error are dropped.
func (w *Writer) WriteEvent(e *Event) error {
	if w.closed {
		return errors.New("format: write to closed Writer")
	}
	if err := w.Err(); err != nil {
		return err
	}
	b := w.cur
	prev := b.lastTime
	if b.events == 0 {
		prev = 0
		b.firstTime = e.Time
	}
	raw, err := AppendEvent(b.raw, e, prev)
	if err != nil {
		b.raw = raw
		return fmt.Errorf("format: %w", err)
	}
	if len(raw) > MaxChunkSize {
		b.raw = raw[:len(b.raw)]
		return fmt.Errorf("format: %w", ErrEventTooLarge)
	}
	b.raw = raw
	b.events++
	b.lastTime = e.Time
	if len(b.raw) >= w.opts.chunkSize {
		w.Flush()
	}
	return nil
}

// Flush hands the events written so far to the compressing goroutine as a
// chunk, even if it is small. It does not wait for the chunk to be written.
func (w *Writer) Flush() {
	if w.closed || w.cur.events == 0 {
		return
	}
	w.queue <- w.cur
	w.cur = <-w.free
	w.cur.raw = w.cur.raw[:0]
	w.cur.events = 0
}

// Err returns the first error met while writing, if any.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *Writer) setErr(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

func (w *Writer) compressor() {
	defer close(w.done)
	for b := range w.queue {
		if w.Err() == nil {
			at := w.offset
			if err := w.writeChunk(ChunkEvents, b.raw, b); err != nil {
				w.setErr(err)
			} else {
				w.end.Chunks++
				w.end.Events += uint64(b.events)
				w.end.LastTime = b.lastTime
				w.end.Index = append(w.end.Index, IndexEntry{Offset: at, FirstTime: b.firstTime, Events: b.events})
			}
		}
		w.free <- b
	}
}

// writeChunk writes one chunk; b, if not nil, lends its output buffer.
func (w *Writer) writeChunk(typ uint8, raw []byte, b *batch) error {
	h := chunkHeader{typ: typ, codec: CodecNone, raw: uint32(len(raw))}
	payload := raw
	if typ == ChunkEvents && w.enc != nil {
		var dst []byte
		if b != nil {
			dst = b.out[:0]
		}
		payload = w.enc.EncodeAll(raw, dst)
		if b != nil {
			b.out = payload
		}
		h.codec = CodecZstd
	}
	h.stored = uint32(len(payload))
	h.crcData = crc32.Checksum(payload, castagnoli)
	var hb [ChunkHeaderSize]byte
	h.put(hb[:])
	if _, err := w.out.Write(hb[:]); err != nil {
		return fmt.Errorf("format: writing chunk: %w", err)
	}
	if _, err := w.out.Write(payload); err != nil {
		return fmt.Errorf("format: writing chunk: %w", err)
	}
	w.offset += int64(ChunkHeaderSize + len(payload))
	return nil
}

// Close writes the pending events and the end chunk. It does not close the
// underlying io.Writer.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.Flush()
	w.closed = true
	close(w.queue)
	<-w.done
	if err := w.Err(); err != nil {
		return err
	}
	if err := w.writeChunk(ChunkEnd, w.end.marshal(), nil); err != nil {
		return err
	}
	if w.enc != nil {
		w.enc.Close()
	}
	return nil
}

// Stats returns the number of events and chunks written; valid after Close.
func (w *Writer) Stats() (events, chunks uint64, bytes int64) {
	return w.end.Events, w.end.Chunks, w.offset
}
