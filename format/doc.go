// Package format reads and writes mytrace trace files.
//
// A trace file is a magic number and version followed by self-delimiting
// chunks: one header chunk (what was recorded, where, when, with which
// capture limits), any number of event chunks, and an end chunk written when
// the recording finished cleanly. Each chunk carries its own length and two
// CRC-32C checksums (header and payload); event chunks are independent zstd
// frames, so a file that was cut short can be read up to its last complete
// chunk. docs/format.md describes the layout byte by byte.
//
// The package knows the shape of an event (a syscall stop with its registers
// and captured tracee memory, a signal, a ptrace event, an exit) but nothing
// about what a syscall means: that is package decode's business.
//
// Limits: the reader caps every allocation whose size comes from the file
// (MaxChunkSize for a chunk, MaxRegionSize for one memory capture), so a
// hostile file costs bounded memory. Events returned by Reader.Next are valid
// until the next call to Next; callers that keep one must Clone it.
package format
