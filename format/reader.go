package format

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Chunk is one raw chunk as read from a file.
type Chunk struct {
	Type    uint8
	Offset  int64  // byte offset of the chunk header
	Payload []byte // decompressed; valid until the next ReadChunk
}

// ChunkReader is the raw layer: it reads and checks chunks one by one,
// without interpreting them.
type ChunkReader struct {
	r      io.Reader
	off    int64
	stored []byte
	raw    []byte
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
	if v := binary.LittleEndian.Uint32(pre[len(Magic):]); v != Version {
		return nil, &VersionError{Version: v}
	}
	return &ChunkReader{r: r, off: int64(PreambleSize)}, nil
}

// Offset returns how many bytes have been consumed.
func (c *ChunkReader) Offset() int64 { return c.off }

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
	if h.codec == CodecZstd {
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
	}
	if len(payload) != int(h.raw) {
		return Chunk{}, &FormatError{Offset: at, Msg: fmt.Sprintf("payload is %d bytes, header says %d", len(payload), h.raw)}
	}
	return Chunk{Type: h.typ, Offset: at, Payload: payload}, nil
}

// decoder returns the package's zstd decoder, shared by all readers:
// DecodeAll may be called concurrently and the decoder is costly to make.
var decoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(MaxChunkSize))
})

// Reader is the validating layer: it reads the header and then events in
// the order they were recorded.
type Reader struct {
	cr     *ChunkReader
	header Header
	end    *End
	dec    eventDecoder
	chunk  int64 // offset of the current chunk
	chunks int
	ev     Event
	err    error
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
	if err := rd.header.unmarshal(c.Payload); err != nil {
		return nil, &FormatError{Offset: c.Offset, Msg: "header: " + err.Error()}
	}
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
		ok, err := r.dec.next(&r.ev)
		if err != nil {
			r.err = &FormatError{Offset: r.chunk, Msg: "event: " + err.Error()}
			return nil, r.err
		}
		if ok {
			return &r.ev, nil
		}
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
			r.dec = eventDecoder{buf: c.Payload}
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

// Close releases the reader's buffers. It does not close the underlying
// io.Reader.
func (r *Reader) Close() { *r.cr = ChunkReader{}; r.dec = eventDecoder{} }
