package format

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/zstd"
)

// WriterOption configures a Writer.
type WriterOption func(*writerOptions) error

type writerOptions struct {
	chunkSize int
	queue     int
	compress  bool
	level     zstd.EncoderLevel // 0: the version's default
	interval  time.Duration
	version   uint32
	// columnsAlways: no small chunk goes as one zstd frame (tests).
	columnsAlways bool
	inline        bool
}

// Defaults for a Writer.
const (
	DefaultChunkSize     = 2 << 20                // raw bytes of events per chunk
	DefaultQueue         = 2                      // chunks waiting for the compressor
	DefaultFlushInterval = 250 * time.Millisecond // longest a written event waits for the file
)

// DefaultLevel is the zstd level of a version-2 Writer's chunks; a
// version-1 Writer compresses at v1Level, zstd's fastest, as version 1
// did. WithLevel sets another.
const DefaultLevel = zstd.SpeedBetterCompression

const v1Level = zstd.SpeedFastest

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

// WithVersion sets the format version written (default Version). Version
// 1 stores each event chunk as one zstd frame of events one after the
// other, as mytrace did before column chunks; version 2 stores times in
// ns whatever Header.TimeUnit says; version 3 has no references (version
// 4, docs/format.md): for readers that predate a version, and for
// comparing them.
func WithVersion(v int) WriterOption {
	return func(o *writerOptions) error {
		if v < MinVersion || v > Version {
			return fmt.Errorf("format version %d out of range [%d, %d]", v, MinVersion, Version)
		}
		o.version = uint32(v)
		return nil
	}
}

// WithLevel sets the zstd level (default DefaultLevel, or for version 1
// zstd.SpeedFastest).
func WithLevel(l zstd.EncoderLevel) WriterOption {
	return func(o *writerOptions) error {
		if l < zstd.SpeedFastest || l > zstd.SpeedBestCompression {
			return fmt.Errorf("zstd level %d out of range", l)
		}
		o.level = l
		return nil
	}
}

// WithFlushInterval sets how often the Writer's goroutine writes out the
// events of a chunk that is not full yet, when nothing else is being
// written (default DefaultFlushInterval; 0 turns it off, at most 1 minute).
// A recording cut short (the recorder killed) loses at most about this
// much of its last events.
func WithFlushInterval(d time.Duration) WriterOption {
	return func(o *writerOptions) error {
		if d < 0 || d > time.Minute {
			return fmt.Errorf("flush interval %v out of range [0, 1m]", d)
		}
		o.interval = d
		return nil
	}
}

// WithInline makes the Writer write each chunk on the caller's goroutine,
// when it is full and at each Flush, with no goroutine of its own and no
// timer: Flush returns once the chunk is in the underlying writer. Live
// tracing uses it so that the events of a stop reach the printer before
// the tracee goes on. An inline Writer's end chunk has no index (its
// stream is read as it is written, nothing seeks in it).
func WithInline() WriterOption {
	return func(o *writerOptions) error {
		o.inline = true
		return nil
	}
}

// batch is one chunk in the making: its events in streams (col, version
// 2 compressed), or one after the other (raw: uncompressed, or version 1).
// raw starts with ChunkHeaderSize bytes of room for the chunk header, so
// that an uncompressed chunk is written with one call (and the Writer's
// zbuf, likewise, for a compressed one).
type batch struct {
	col    *colEncoder
	raw    []byte
	events uint32
	// times of the first and last events, in ns (truncated to the
	// unit), and of the last as stored (raw)
	firstTime int64
	lastTime  int64
	lastUnits int64
	regs      regState // each thread's last registers in the chunk (raw)
}

func (b *batch) reset() {
	if b.col != nil {
		b.col.reset()
	} else {
		b.raw = b.raw[:ChunkHeaderSize]
	}
	b.events = 0
	b.regs.reset()
}

// size is the raw size of the events in the batch.
func (b *batch) size() int {
	if b.col != nil {
		return b.col.size
	}
	return len(b.raw) - ChunkHeaderSize
}

// Writer writes a trace file. WriteEvent encodes on the caller's goroutine
// into a chunk buffer: the streams of a column chunk, or (uncompressed, or
// version 1) events one after the other; a copy of the event would cost as
// much as its encoding. Full chunks go through a bounded queue to a
// goroutine of the Writer's own that compresses them and writes each chunk
// with one Write call, so the caller only waits when the queue is full. The same
// goroutine writes out a chunk that is not full after the flush interval
// (see WithFlushInterval), so a file is never more than that behind the
// events, even when the caller writes nothing for a long time. If the
// underlying writer has a Flush() error method (a bufio.Writer), it is
// called whenever the queue is empty. An inline Writer (WithInline) has
// no goroutine: chunks are written by WriteEvent and Flush themselves. A
// Writer is not safe for concurrent
// use.
type Writer struct {
	out     io.Writer
	flusher interface{ Flush() error }
	opts    writerOptions

	// mu guards cur and every hand-off of it to the queue: the caller's
	// goroutine and the timer flush both take it (the latter only with
	// TryLock, so it never waits for a caller blocked on a full queue).
	mu     sync.Mutex
	cur    *batch
	closed bool
	// limit is the size at which the current chunk is handed off: it
	// starts at firstChunk and doubles with each chunk handed off, up to
	// the chunk size.
	limit int

	free  chan *batch
	queue chan *batch
	done  chan struct{}

	failed atomic.Bool
	errMu  sync.Mutex
	err    error

	// unit is the ns of one unit of the stored times: Header.TimeUnit
	// since version 3, 1 before.
	unit int64

	// owned by the compressing goroutine until done is closed
	offset int64
	end    End
	timer  uint64 // event chunks the flush timer wrote with under timerSmall raw bytes
	enc    *zstd.Encoder
	// small compresses the column chunks of less than smallChunk raw
	// bytes that come before any larger one (made when first needed; enc
	// itself when enc is at the fastest level); smallLevel is enc's.
	small      *zstd.Encoder
	smallLevel zstd.EncoderLevel
	// encUsed: enc has compressed a column chunk, its tables are in
	// memory, and small chunks use it too.
	encUsed bool
	hdr     []byte
	zbuf    []byte // a compressed chunk, with room for its header
	whole   []byte // a small column chunk's raw payload
}

// NewWriter writes the preamble and header to w and returns a Writer for
// the events. Since version 3 (the default is 4) event times are stored in units
// of h.TimeUnit (0: ns), which must be a power of ten from 1 ns to
// MaxTimeUnit: WriteEvent truncates each event's Time to a multiple of
// the unit (Time/unit*unit, toward zero), which is what a Reader returns.
func NewWriter(w io.Writer, h *Header, opts ...WriterOption) (*Writer, error) {
	o := writerOptions{chunkSize: DefaultChunkSize, queue: DefaultQueue, compress: true, interval: DefaultFlushInterval, version: Version}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, fmt.Errorf("format: %w", err)
		}
	}
	hdr := *h
	switch {
	case o.version < 3:
		hdr.TimeUnit = 0 // ns, and no field for it
	case hdr.TimeUnit == 0:
		hdr.TimeUnit = time.Nanosecond
	}
	if err := CheckTimeUnit(hdr.TimeUnit); err != nil {
		return nil, fmt.Errorf("format: %w", err)
	}
	wr := &Writer{
		out:   w,
		opts:  o,
		free:  make(chan *batch, o.queue+1),
		queue: make(chan *batch, o.queue),
		done:  make(chan struct{}),
		unit:  max(int64(hdr.TimeUnit), 1),
	}
	wr.flusher, _ = w.(interface{ Flush() error })
	if o.compress {
		level := o.level
		switch {
		case level != 0:
		case o.version < 2:
			level = v1Level
		default:
			level = DefaultLevel
		}
		enc, err := wr.encoder(level)
		if err != nil {
			return nil, fmt.Errorf("format: %w", err)
		}
		wr.enc = enc
		wr.smallLevel = level
	}
	pre := make([]byte, PreambleSize, PreambleSize+ChunkHeaderSize+256)
	copy(pre, Magic)
	binary.LittleEndian.PutUint32(pre[len(Magic):], o.version)
	// The preamble and the header chunk go out in one write.
	buf := append(pre, make([]byte, ChunkHeaderSize)...)
	buf = append(buf, hdr.marshal()...)
	wr.offset = int64(PreambleSize)
	if err := wr.writeChunk(ChunkHeader, buf[PreambleSize:], buf[:PreambleSize]); err != nil {
		return nil, err
	}
	if err := wr.flushOut(); err != nil {
		return nil, err
	}
	newBatch := func() *batch {
		b := &batch{}
		if o.compress && o.version >= 2 {
			b.col = &colEncoder{refs: o.version >= 4}
			b.col.reset()
		} else {
			b.raw = make([]byte, ChunkHeaderSize, ChunkHeaderSize+o.chunkSize+o.chunkSize/4)
		}
		return b
	}
	wr.limit = min(firstChunk, o.chunkSize)
	if o.inline {
		wr.cur = newBatch()
		close(wr.done)
		return wr, nil
	}
	for i := 0; i < o.queue+1; i++ {
		wr.free <- newBatch()
	}
	wr.cur = <-wr.free
	go wr.compressor()
	return wr, nil
}

// WriteEvent appends e to the current chunk, its Time truncated to a
// multiple of the Writer's time unit (NewWriter). It returns the first
// error the Writer met, if any (a failed write to the file, say); events
// after that error are dropped.
func (w *Writer) WriteEvent(e *Event) error {
	if w.failed.Load() {
		return w.Err()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errors.New("format: write to closed Writer")
	}
	// t is the time as stored, in units; ns is what a reader makes of it.
	t := e.Time
	if w.unit != 1 {
		t /= w.unit
	}
	ns := t * w.unit
	b := w.cur
	if b.col != nil {
		err := b.col.add(e, t)
		if errors.Is(err, errChunkFull) {
			w.handOff()
			b = w.cur
			err = b.col.add(e, t)
		}
		if err != nil {
			return fmt.Errorf("format: %w", err)
		}
		if b.events == 0 {
			b.firstTime = ns
		}
	} else {
		prev := b.lastUnits
		if b.events == 0 {
			prev = 0
			b.firstTime = ns
		}
		raw, err := appendEvent(b.raw, e, t-prev, &b.regs)
		if err != nil {
			b.raw = raw
			return fmt.Errorf("format: %w", err)
		}
		if len(raw)-ChunkHeaderSize > MaxChunkSize {
			b.raw = raw[:len(b.raw)]
			return fmt.Errorf("format: %w", ErrEventTooLarge)
		}
		b.raw = raw
		if e.Kind == KindSyscallEntry || e.Kind == KindSyscallExit {
			b.regs.noteEvent(e)
		}
	}
	b.events++
	b.lastTime, b.lastUnits = ns, t
	if b.size() >= w.limit {
		w.handOff()
	}
	return nil
}

// Flush hands the events written so far to the compressing goroutine as a
// chunk, even if it is small. It does not wait for the chunk to be written,
// unless the Writer is inline (WithInline).
func (w *Writer) Flush() {
	w.mu.Lock()
	if !w.closed {
		w.handOff()
	}
	w.mu.Unlock()
}

// handOff queues the current chunk, if it holds events, and takes a free
// one. w.mu is held.
func (w *Writer) handOff() {
	if w.cur.events == 0 {
		return
	}
	if w.opts.inline {
		w.writeBatch(w.cur)
		w.cur.reset()
		w.flushOutErr()
		return
	}
	w.queue <- w.cur
	w.cur = <-w.free
	w.cur.reset()
	w.limit = min(2*w.limit, w.opts.chunkSize)
}

// Err returns the first error met while writing, if any.
func (w *Writer) Err() error {
	w.errMu.Lock()
	defer w.errMu.Unlock()
	return w.err
}

func (w *Writer) setErr(err error) {
	w.errMu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.errMu.Unlock()
	w.failed.Store(true)
}

func (w *Writer) compressor() {
	defer close(w.done)
	var tick <-chan time.Time
	if w.opts.interval > 0 {
		t := time.NewTicker(w.opts.interval)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case b, ok := <-w.queue:
			if !ok {
				return
			}
			w.writeBatch(b)
			w.free <- b
			if len(w.queue) == 0 {
				w.flushOutErr()
			}
		case <-tick:
			w.flushIdle()
		}
	}
}

// flushIdle writes out the current chunk if nothing else is waiting to be
// written: when the queue is empty, the current chunk holds the newest
// events and nothing can overtake it. It gives up when the caller holds
// the lock (it is writing, or waiting for room in the queue).
func (w *Writer) flushIdle() {
	if !w.mu.TryLock() {
		return
	}
	var b *batch
	if !w.closed && w.cur.events > 0 && len(w.queue) == 0 {
		select {
		case nb := <-w.free:
			b = w.cur
			w.cur = nb
			w.cur.reset()
			w.limit = min(2*w.limit, w.opts.chunkSize)
		default:
		}
	}
	w.mu.Unlock()
	if b != nil {
		if b.size() < timerSmall {
			w.timer++
		}
		w.writeBatch(b)
		w.free <- b
	}
	w.flushOutErr()
}

func (w *Writer) writeBatch(b *batch) {
	if w.failed.Load() {
		return
	}
	at := w.offset
	var err error
	if b.col != nil {
		err = w.writeColumns(b.col)
	} else {
		err = w.writeChunk(ChunkEvents, b.raw, nil)
	}
	if err != nil {
		w.setErr(err)
		return
	}
	w.end.Chunks++
	w.end.Events += uint64(b.events)
	w.end.LastTime = b.lastTime
	if !w.opts.inline {
		// An inline stream is read as it is written, with a chunk a
		// stop: an index would grow with every stop, for no reader.
		w.end.Index = append(w.end.Index, IndexEntry{Offset: at, FirstTime: b.firstTime, Events: b.events})
	}
}

func (w *Writer) flushOut() error {
	if w.flusher == nil {
		return nil
	}
	if err := w.flusher.Flush(); err != nil {
		return fmt.Errorf("format: writing chunk: %w", err)
	}
	return nil
}

func (w *Writer) flushOutErr() {
	if w.failed.Load() {
		return
	}
	if err := w.flushOut(); err != nil {
		w.setErr(err)
	}
}

// writeChunk writes one chunk with a single Write. buf holds
// ChunkHeaderSize bytes of room and then the raw payload; pre, if not nil,
// sits just before buf in memory (the preamble) and goes out with it. An
// event chunk of a Writer that compresses is compressed into w.zbuf
// (only the compressing goroutine writes event chunks).
func (w *Writer) writeChunk(typ uint8, buf, pre []byte) error {
	raw := buf[ChunkHeaderSize:]
	h := chunkHeader{typ: typ, codec: CodecNone, raw: uint32(len(raw))}
	frame := buf
	if typ == ChunkEvents && w.enc != nil {
		frame = w.enc.EncodeAll(raw, w.frameBuf())
		w.zbuf = frame[:0]
		h.codec = CodecZstd
	}
	return w.writeFrame(&h, frame, pre)
}

// encoder makes a zstd encoder of the Writer's at the given level.
func (w *Writer) encoder(level zstd.EncoderLevel) (*zstd.Encoder, error) {
	// The window need not be larger than a chunk (matches never cross
	// chunks): the encoder keeps twice the window of history.
	window := 1 << 20
	for window < w.opts.chunkSize && window < zstd.MaxWindowSize {
		window <<= 1
	}
	// A version-2 stream needs no checksum of its own: the chunk's
	// covers it.
	return zstd.NewWriter(nil, zstd.WithEncoderLevel(level), zstd.WithEncoderCRC(w.opts.version < 2), zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(window))
}

// frameBuf returns w.zbuf with room for a chunk header.
func (w *Writer) frameBuf() []byte {
	if cap(w.zbuf) < ChunkHeaderSize {
		w.zbuf = make([]byte, 0, 64<<10)
	}
	return w.zbuf[:ChunkHeaderSize]
}

// writeFrame writes a chunk whose payload is frame[ChunkHeaderSize:],
// after filling in the rest of h and the header, with pre before it.
func (w *Writer) writeFrame(h *chunkHeader, frame, pre []byte) error {
	payload := frame[ChunkHeaderSize:]
	h.stored = uint32(len(payload))
	h.crcData = crc32.Checksum(payload, castagnoli)
	h.put(frame[:ChunkHeaderSize])
	if pre != nil {
		frame = pre[:len(pre)+len(frame)]
	}
	if _, err := w.out.Write(frame); err != nil {
		return fmt.Errorf("format: writing chunk: %w", err)
	}
	w.offset += int64(ChunkHeaderSize + len(payload))
	return nil
}

// firstChunk is the size at which the first chunk is handed off; the
// next ones take twice as much as the one before, up to the chunk size.
// A short recording (ls -la: 700 KiB of events in 100 ms) is then
// compressed mostly while it runs, not all at once when the Writer is
// closed, which the user waits for; a long one soon has chunks of the
// full size.
const firstChunk = 256 << 10

// wholeChunk is the raw size under which a column chunk is also tried as
// one zstd frame (CodecColumnsZstd), and kept so if smaller (under
// smallChunk, it is only tried so: stream by stream is never smaller
// there, and costs dozens of frames): a chunk of few events compresses
// better whole than stream by stream, each stream
// with its frame header and entropy tables of its own. The timer cuts
// such chunks every 250 ms from a program that makes few calls, or from
// one slowed down by other work on the machine: find /usr/share -type f
// beside two CPU-bound loops took 7.4 to 9.5 bytes a syscall in seven
// runs with a 16 KiB limit, 7.3 to 8.5 in five with this one, 7.5 to 8.1
// in seven with 256 KiB, which compresses more chunks twice for little
// more (docs/format.md).
const wholeChunk = 64 << 10

// smallChunk is the raw size under which a column chunk that comes
// before any larger one is compressed at zstd's fastest level
// (smallEncoder).
const smallChunk = 16 << 10

// maxDirectory bounds the stream directory of a column chunk's raw
// payload.
const maxDirectory = 1 + numCols*(2+binary.MaxVarintLen32)

// writeColumns writes a column chunk: its streams compressed one by one,
// or for a small chunk, whole, whichever is smaller.
func (w *Writer) writeColumns(c *colEncoder) error {
	c.finish()
	enc := w.enc
	small := c.rawSize() < smallChunk
	if small && !w.encUsed {
		enc = w.smallEncoder()
	} else {
		w.encUsed = true
	}
	streamEnc := enc
	if small && !w.opts.columnsAlways {
		// Stream by stream, each with a frame of its own (a few
		// microseconds each, dozens of them), would not come out
		// smaller: the streams as they are, or one frame below.
		streamEnc = nil
	}
	frame, raw := c.appendStored(w.frameBuf(), streamEnc)
	h := chunkHeader{typ: ChunkEvents, codec: CodecColumns, raw: uint32(raw)}
	if raw < wholeChunk && !w.opts.columnsAlways {
		w.whole = c.appendRaw(w.whole[:0])
		whole := enc.EncodeAll(w.whole, frame[len(frame):])
		if len(whole) < len(frame)-ChunkHeaderSize {
			frame = append(frame[:ChunkHeaderSize], whole...)
			h.codec = CodecColumnsZstd
		}
	}
	w.zbuf = frame[:0]
	return w.writeFrame(&h, frame, nil)
}

// Close writes the pending events and the end chunk. It does not close the
// underlying io.Writer (it flushes it, if it has a Flush method).
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.handOff()
	w.closed = true
	w.mu.Unlock()
	if !w.opts.inline {
		close(w.queue)
	}
	<-w.done
	if err := w.Err(); err != nil {
		return err
	}
	buf := append(make([]byte, ChunkHeaderSize), w.end.marshal()...)
	if err := w.writeChunk(ChunkEnd, buf, nil); err != nil {
		return err
	}
	if err := w.flushOut(); err != nil {
		return err
	}
	if w.enc != nil {
		w.enc.Close()
	}
	if w.small != nil && w.small != w.enc {
		w.small.Close()
	}
	return nil
}

// smallEncoder returns the encoder of the small column chunks that come
// before any large one: zstd's fastest level. The better levels' hash
// tables (megabytes) are touched all over, page by page, by the first
// chunk they compress, however small: a few milliseconds of page faults
// that a recording of a short run, or of a program that makes few calls,
// pays for little (a 1.7 KB recording of /bin/true came out 10% larger
// with the fastest level). Errors fall back to w.enc.
func (w *Writer) smallEncoder() *zstd.Encoder {
	if w.small == nil {
		w.small = w.enc
		if w.enc != nil && w.smallLevel > zstd.SpeedFastest {
			// Its chunks are small: a window as small, and buffers
			// that grow as needed, leave less memory to fault in.
			e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderCRC(w.opts.version < 2),
				zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(smallChunk), zstd.WithLowerEncoderMem(true))
			if err == nil {
				w.small = e
			}
		}
	}
	return w.small
}

// TimerChunks returns how many event chunks the flush timer wrote out
// with less than 128 KiB of raw events (WithFlushInterval); valid after
// Close. Many of them make a file larger than the same events in full
// chunks (Repack); larger ones compress nearly as well as full ones.
func (w *Writer) TimerChunks() uint64 { return w.timer }

// timerSmall: see TimerChunks.
const timerSmall = 128 << 10

// Stats returns the number of events and chunks written; valid after Close.
func (w *Writer) Stats() (events, chunks uint64, bytes int64) {
	return w.end.Events, w.end.Chunks, w.offset
}
