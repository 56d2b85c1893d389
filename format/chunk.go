package format

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Magic starts every trace file; Version follows it as a little-endian
// uint32. A reader refuses versions it does not know. Version 2 added
// column chunks (CodecColumns); version 3 stores event times in the
// header's unit (Header.TimeUnit), µs by default, instead of ns; version
// 4 stores where a callee-saved register's value is found (colRegRef)
// instead of the value, when the event already holds it. This package
// reads versions 1 to 4 and writes version 4 (or 1 to 3, with
// WithVersion).
const (
	Magic   = "MYTRACE\x00"
	Version = 4
	// MinVersion is the oldest version this package reads.
	MinVersion = 1
	// PreambleSize is the size of magic plus version.
	PreambleSize = len(Magic) + 4
)

// Chunk types.
const (
	ChunkHeader = 1 // the Header, uncompressed
	ChunkEvents = 2 // events, usually zstd-compressed
	ChunkEnd    = 3 // the End record; the last chunk of a complete file
)

// Codecs for a chunk payload.
const (
	CodecNone = 0 // stored as is
	CodecZstd = 1 // one zstd frame
	// CodecColumns (version 2 on, event chunks only): the events split into
	// streams, each stored as is or as a zstd frame (columns.go). The raw
	// payload a ChunkReader returns is the stream directory (count, then
	// id and size of each) followed by the streams.
	CodecColumns = 2
	// CodecColumnsZstd (version 2 on, event chunks only): the raw payload of
	// a column chunk, directory and streams, as one zstd frame; for small
	// chunks, where one frame costs less than one per stream.
	CodecColumnsZstd = 3
)

// ChunkHeaderSize is the size of the fixed chunk header:
//
//	0  type      uint8
//	1  codec     uint8
//	2  reserved  uint16 (zero)
//	4  stored    uint32  payload bytes in the file
//	8  raw       uint32  payload bytes after decompression
//	12 crcData   uint32  CRC-32C of the stored payload
//	16 crcHead   uint32  CRC-32C of bytes 0..15
const ChunkHeaderSize = 20

// MaxChunkSize bounds a chunk's stored and raw payload sizes.
const MaxChunkSize = 64 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type chunkHeader struct {
	typ     uint8
	codec   uint8
	stored  uint32
	raw     uint32
	crcData uint32
}

func (h *chunkHeader) put(b []byte) {
	b[0] = h.typ
	b[1] = h.codec
	b[2], b[3] = 0, 0
	binary.LittleEndian.PutUint32(b[4:], h.stored)
	binary.LittleEndian.PutUint32(b[8:], h.raw)
	binary.LittleEndian.PutUint32(b[12:], h.crcData)
	binary.LittleEndian.PutUint32(b[16:], crc32.Checksum(b[:16], castagnoli))
}

func (h *chunkHeader) parse(b []byte) error {
	if crc32.Checksum(b[:16], castagnoli) != binary.LittleEndian.Uint32(b[16:]) {
		return errors.New("chunk header checksum mismatch")
	}
	h.typ, h.codec = b[0], b[1]
	h.stored = binary.LittleEndian.Uint32(b[4:])
	h.raw = binary.LittleEndian.Uint32(b[8:])
	h.crcData = binary.LittleEndian.Uint32(b[12:])
	if h.stored > MaxChunkSize || h.raw > MaxChunkSize {
		return fmt.Errorf("chunk of %d bytes (%d raw) exceeds the %d-byte limit", h.stored, h.raw, MaxChunkSize)
	}
	if h.codec == CodecNone && h.stored != h.raw {
		return fmt.Errorf("uncompressed chunk with stored size %d and raw size %d", h.stored, h.raw)
	}
	if h.codec > CodecColumnsZstd || h.codec >= CodecColumns && (h.typ == ChunkHeader || h.typ == ChunkEnd) {
		return fmt.Errorf("unknown codec %d", h.codec)
	}
	return nil
}

// ErrNotTrace means the input does not start with the trace file magic.
var ErrNotTrace = errors.New("not a mytrace trace")

// ErrTruncated is wrapped by the error a Reader returns for a file that ends
// early; use errors.Is(err, ErrTruncated) and errors.As to *TruncatedError.
var ErrTruncated = errors.New("trace is truncated")

// TruncatedError says where a trace file that was cut short ends.
type TruncatedError struct {
	Offset int64  // where the last complete chunk ends
	Chunks int    // complete event chunks read
	Reason string // what was missing
}

// Error says where the file ends and why.
func (e *TruncatedError) Error() string {
	return fmt.Sprintf("truncated: %s at byte %d (after %d complete event chunks)", e.Reason, e.Offset, e.Chunks)
}

// Unwrap makes errors.Is(err, ErrTruncated) true.
func (e *TruncatedError) Unwrap() error { return ErrTruncated }

// FormatError reports a corrupt file and the byte offset where it was found.
type FormatError struct {
	Offset int64
	Msg    string
}

// Error names the byte offset and the problem.
func (e *FormatError) Error() string {
	return fmt.Sprintf("corrupt chunk at byte %d: %s", e.Offset, e.Msg)
}

// VersionError reports a file written in a format version this reader does
// not know.
type VersionError struct{ Version uint32 }

// Error names the version found and the one supported.
func (e *VersionError) Error() string {
	return fmt.Sprintf("trace format version %d is not supported (this mytrace reads versions %d to %d)", e.Version, MinVersion, Version)
}
