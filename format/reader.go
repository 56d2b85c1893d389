package format

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
)

// Chunk is one raw chunk as read from a file.
type Chunk struct {
	Type    uint8
	Codec   uint8  // how it was stored (Codec*)
	Offset  int64  // byte offset of the chunk header
	Stored  int    // payload bytes in the file
	Payload []byte // decompressed; valid until the next ReadChunk
	// Streams lists the streams of a column chunk (CodecColumns), in
	// the order the payload holds them; valid until the next ReadChunk.
	Streams []StreamInfo
}

// StreamInfo describes one stream of a column chunk.
type StreamInfo struct {
	ID     int // see StreamName
	Codec  uint8
	Raw    int // bytes decoded
	Stored int // bytes in the file
}

// ChunkReader is the raw layer: it reads and checks chunks one by one,
// without interpreting them.
type ChunkReader struct {
	r       io.Reader
	off     int64
	version uint32
	stored  []byte
	raw     []byte
	streams []StreamInfo
}

// NewChunkReader reads and checks the preamble of r.
func NewChunkReader(r io.Reader) (*ChunkReader, error) {
	var pre [PreambleSize]byte
	n, err := io.ReadFull(r, pre[:])
	if err != nil {
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, err
		}
		if n == 0 {
			return nil, fmt.Errorf("empty file: %w", ErrNotTrace)
		}
		if bytes.HasPrefix([]byte(Magic), pre[:min(n, len(Magic))]) {
			return nil, &TruncatedError{Offset: 0, Reason: "file ends inside the preamble"}
		}
		return nil, ErrNotTrace
	}
	if string(pre[:len(Magic)]) != Magic {
		return nil, ErrNotTrace
	}
	v := binary.LittleEndian.Uint32(pre[len(Magic):])
	if v < MinVersion || v > Version {
		return nil, &VersionError{Version: v}
	}
	return &ChunkReader{r: r, off: int64(PreambleSize), version: v}, nil
}

// Offset returns how many bytes have been consumed.
func (c *ChunkReader) Offset() int64 { return c.off }

// Version returns the file's format version.
func (c *ChunkReader) Version() uint32 { return c.version }

// readFull reads exactly n bytes into c.stored, growing the buffer as data
// arrives so that a lying length in a short file costs little memory.
func (c *ChunkReader) readFull(n int) (int, error) {
	c.stored = c.stored[:0]
	const step = 1 << 20
	got := 0
	for got < n {
		want := min(n-got, step)
		if cap(c.stored)-len(c.stored) < want {
			nb := make([]byte, len(c.stored), len(c.stored)+want)
			copy(nb, c.stored)
			c.stored = nb
		}
		k, err := io.ReadFull(c.r, c.stored[len(c.stored):len(c.stored)+want])
		c.stored = c.stored[:len(c.stored)+k]
		got += k
		if err != nil {
			return got, err
		}
	}
	return got, nil
}

// ReadChunk reads the next chunk. At a clean end of input it returns io.EOF;
// a chunk cut short gives a *TruncatedError, a damaged one a *FormatError.
func (c *ChunkReader) ReadChunk() (Chunk, error) {
	at := c.off
	var hb [ChunkHeaderSize]byte
	n, err := io.ReadFull(c.r, hb[:])
	if err != nil {
		if errors.Is(err, io.EOF) && n == 0 {
			return Chunk{}, io.EOF
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return Chunk{}, &TruncatedError{Offset: at, Reason: "chunk header cut short"}
		}
		return Chunk{}, err
	}
	var h chunkHeader
	if err := h.parse(hb[:]); err != nil {
		return Chunk{}, &FormatError{Offset: at, Msg: err.Error()}
	}
	if _, err := c.readFull(int(h.stored)); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return Chunk{}, &TruncatedError{Offset: at, Reason: "chunk cut short"}
		}
		return Chunk{}, err
	}
	c.off = at + ChunkHeaderSize + int64(h.stored)
	if crc32.Checksum(c.stored, castagnoli) != h.crcData {
		return Chunk{}, &FormatError{Offset: at, Msg: "payload checksum mismatch"}
	}
	payload := c.stored
	c.streams = c.streams[:0]
	if h.codec >= CodecColumns && c.version < 2 {
		return Chunk{}, &FormatError{Offset: at, Msg: fmt.Sprintf("column chunk in a version %d file", c.version)}
	}
	switch h.codec {
	case CodecZstd, CodecColumnsZstd:
		dec, err := decoder()
		if err != nil {
			return Chunk{}, err
		}
		raw, err := dec.DecodeAll(c.stored, c.raw[:0])
		if err != nil {
			return Chunk{}, &FormatError{Offset: at, Msg: "decompressing: " + err.Error()}
		}
		c.raw = raw
		payload = raw
	case CodecColumns:
		raw, err := c.columns(h.raw)
		if err != nil {
			return Chunk{}, &FormatError{Offset: at, Msg: "column chunk: " + err.Error()}
		}
		payload = raw
	}
	if len(payload) != int(h.raw) {
		return Chunk{}, &FormatError{Offset: at, Msg: fmt.Sprintf("payload is %d bytes, header says %d", len(payload), h.raw)}
	}
	ch := Chunk{Type: h.typ, Codec: h.codec, Offset: at, Stored: int(h.stored), Payload: payload}
	if h.codec == CodecColumns {
		ch.Streams = c.streams
	}
	return ch, nil
}

// columns decodes the streams of a column chunk's stored payload (in
// c.stored) into its raw payload: the directory (count, then id and raw
// size of each stream) and the streams. raw is the size the chunk header
// gives it.
func (c *ChunkReader) columns(raw uint32) ([]byte, error) {
	d := eventDecoder{buf: c.stored}
	n, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	if n > maxStreams {
		return nil, fmt.Errorf("%d streams (at most %d)", n, maxStreams)
	}
	var stored, total uint64
	for range n {
		var v [3]uint64
		id, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		codec, err := d.byte1()
		if err != nil {
			return nil, err
		}
		for i := range 2 {
			if v[i], err = d.uvarint(); err != nil {
				return nil, err
			}
		}
		rawLen, storedLen := v[0], v[1]
		if id > maxStreams || codec > CodecZstd || codec == CodecNone && rawLen != storedLen ||
			rawLen > MaxChunkSize || storedLen > MaxChunkSize {
			return nil, fmt.Errorf("stream %d of codec %d, %d bytes stored, %d raw", id, codec, storedLen, rawLen)
		}
		// A zstd block of 3 bytes decodes to at most 128 KiB: a length
		// beyond that ratio is a lie, refused before any allocation.
		if rawLen > (storedLen+1)*(128<<10) {
			return nil, fmt.Errorf("stream %d of %d bytes decodes to %d", id, storedLen, rawLen)
		}
		if stored += storedLen; stored > uint64(len(c.stored)) {
			return nil, errShort
		}
		if total += rawLen; total > uint64(raw) {
			return nil, fmt.Errorf("streams of more than the %d bytes the chunk header says", raw)
		}
		c.streams = append(c.streams, StreamInfo{ID: int(id), Codec: codec, Raw: int(rawLen), Stored: int(storedLen)})
	}
	if stored != uint64(len(c.stored)-d.off) {
		return nil, fmt.Errorf("streams of %d bytes in %d", stored, len(c.stored)-d.off)
	}
	out := binary.AppendUvarint(c.raw[:0], n)
	for _, s := range c.streams {
		out = binary.AppendUvarint(out, uint64(s.ID))
		out = binary.AppendUvarint(out, uint64(s.Raw))
	}
	if need := len(out) + int(total); cap(out) < need {
		// Room for chunks somewhat larger than this one too: a chunk's
		// size varies, and a buffer made for each larger one (nearly
		// every chunk) costs the garbage collector as much again.
		out = append(make([]byte, 0, need+need/4), out...)
	}
	off := d.off
	for _, s := range c.streams {
		src := c.stored[off : off+s.Stored]
		off += s.Stored
		if s.Codec == CodecNone {
			out = append(out, src...)
			continue
		}
		dec, err := colDecoderZstd()
		if err != nil {
			return nil, err
		}
		// The capacity limits what the frame may decode to, with some
		// slack where the buffer has it: zstd's faster copies need 32
		// bytes beyond the block they decode, and a stream that decodes
		// to more than it says is refused below anyway.
		before := len(out)
		got, err := dec.DecodeAll(src, out[before:before:min(before+s.Raw+64, cap(out))])
		if err != nil {
			return nil, fmt.Errorf("decompressing stream %s: %w", StreamName(s.ID), err)
		}
		if len(got) != s.Raw {
			return nil, fmt.Errorf("stream %s decodes to %d bytes, not %d", StreamName(s.ID), len(got), s.Raw)
		}
		out = out[:before+s.Raw]
		if s.Raw > 0 && &got[0] != &out[before] {
			copy(out[before:], got)
		}
	}
	c.raw = out
	return out, nil
}

// decoder returns the package's zstd decoder, shared by all readers:
// DecodeAll may be called concurrently and the decoder is costly to make.
var decoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(MaxChunkSize))
})

// colDecoderZstd returns the zstd decoder of column streams: DecodeAll
// never writes beyond the capacity it is given, the stream's size.
var colDecoderZstd = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(MaxChunkSize), zstd.WithDecodeAllCapLimit(true))
})

// Reader is the validating layer: it reads the header and then events in
// the order they were recorded.
type Reader struct {
	cr     *ChunkReader
	header Header
	end    *End
	dec    eventDecoder
	col    colDecoder
	cols   bool  // the current chunk is a column chunk (col, not dec)
	chunk  int64 // offset of the current chunk
	chunks int
	ev     Event
	err    error
	// unit is the ns of one unit of the stored times (Header.TimeUnit):
	// the decoders work in it, Next multiplies.
	unit int64
}

// NewReader reads the preamble and header chunk of a trace file.
func NewReader(r io.Reader) (*Reader, error) {
	cr, err := NewChunkReader(r)
	if err != nil {
		return nil, err
	}
	c, err := cr.ReadChunk()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &TruncatedError{Offset: cr.Offset(), Reason: "file ends before the header"}
		}
		return nil, err
	}
	if c.Type != ChunkHeader {
		return nil, &FormatError{Offset: c.Offset, Msg: fmt.Sprintf("first chunk has type %d, want a header", c.Type)}
	}
	rd := &Reader{cr: cr}
	rd.col.refs = cr.version >= 4
	if err := rd.header.unmarshal(c.Payload); err != nil {
		return nil, &FormatError{Offset: c.Offset, Msg: "header: " + err.Error()}
	}
	rd.header.Version = cr.version
	if cr.version < 3 {
		rd.header.TimeUnit = 0 // times are ns; a unit would mean nothing
	} else if err := CheckTimeUnit(rd.header.TimeUnit); err != nil {
		return nil, &FormatError{Offset: c.Offset, Msg: "header: " + err.Error()}
	}
	if rd.header.TimeUnit == 0 {
		rd.header.TimeUnit = time.Nanosecond
	}
	rd.unit = int64(rd.header.TimeUnit)
	return rd, nil
}

// Header returns the recording's header.
func (r *Reader) Header() *Header { return &r.header }

// End returns the end record, or nil if it has not been reached (or the
// file has none).
func (r *Reader) End() *End { return r.end }

// Offset returns how many bytes of the file have been consumed.
func (r *Reader) Offset() int64 { return r.cr.Offset() }

// Next returns the next event. The event and the memory it refers to are
// valid until the next call. At the end of a complete file Next returns
// io.EOF; at the end of one cut short, an error wrapping ErrTruncated; in a
// damaged chunk, a *FormatError. Errors are sticky.
func (r *Reader) Next() (*Event, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		var ok bool
		var err error
		if r.cols {
			ok, err = r.col.next(&r.ev)
		} else {
			ok, err = r.dec.next(&r.ev)
		}
		if err == nil && ok && r.unit != 1 {
			err = r.scaleTime()
		}
		if ok && r.col.skipRegs {
			// Version 1 chunks decode the registers with the rest.
			r.ev.HasRegs = false
		}
		if err != nil {
			r.err = &FormatError{Offset: r.chunk, Msg: "event: " + err.Error()}
			return nil, r.err
		}
		if ok {
			return &r.ev, nil
		}
		r.cols, r.dec = false, eventDecoder{} // the chunk is done
		if r.end != nil {
			r.err = io.EOF
			return nil, r.err
		}
		c, err := r.cr.ReadChunk()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = &TruncatedError{Offset: r.cr.Offset(), Chunks: r.chunks, Reason: "no end chunk (the recording did not finish)"}
			} else if te := (*TruncatedError)(nil); errors.As(err, &te) {
				te.Chunks = r.chunks
			}
			r.err = err
			return nil, err
		}
		switch c.Type {
		case ChunkEvents:
			r.chunk = c.Offset
			r.chunks++
			r.cols = c.Codec == CodecColumns || c.Codec == CodecColumnsZstd
			if r.cols {
				r.dec = eventDecoder{}
				if err := r.col.init(c.Payload); err != nil {
					r.err = &FormatError{Offset: c.Offset, Msg: "column chunk: " + err.Error()}
					return nil, r.err
				}
			} else {
				r.dec = eventDecoder{buf: c.Payload}
			}
		case ChunkEnd:
			var e End
			if err := e.unmarshal(c.Payload); err != nil {
				r.err = &FormatError{Offset: c.Offset, Msg: "end chunk: " + err.Error()}
				return nil, r.err
			}
			r.end = &e
		case ChunkHeader:
			r.err = &FormatError{Offset: c.Offset, Msg: "a second header chunk"}
			return nil, r.err
		default:
			// A chunk type from a newer writer: skip it.
		}
	}
}

// scaleTime turns the time of the event just decoded from the file's
// unit to ns.
func (r *Reader) scaleTime() error {
	t := r.ev.Time
	if t > math.MaxInt64/r.unit || t < math.MinInt64/r.unit {
		return fmt.Errorf("time %d × %d ns out of range", t, r.unit)
	}
	r.ev.Time = t * r.unit
	return nil
}

// SkipRegisters makes the reader leave the registers out of the events it
// decodes from then on (Event.HasRegs false), for a reader that shows none
// of them: printing without -i or -k, statistics, exports. In the column
// chunks of version 2 and later this spares decoding them, a tenth of
// what printing costs; version 1 chunks are decoded whole, and their
// registers dropped. The register streams are then not checked either.
func (r *Reader) SkipRegisters() { r.col.skipRegs = true }

// Close releases the reader's buffers. It does not close the underlying
// io.Reader.
func (r *Reader) Close() {
	*r.cr = ChunkReader{}
	r.dec = eventDecoder{}
	r.col = colDecoder{}
	r.cols = false
}
