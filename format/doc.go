// Package format reads and writes mytrace trace files.
//
// A trace file is a magic number and version followed by self-delimiting
// chunks: one header chunk (what was recorded, where, when, with which
// capture limits), any number of event chunks, and an end chunk written when
// the recording finished cleanly. Each chunk carries its own length and two
// CRC-32C checksums (header and payload); event chunks are independent of
// each other, so a file that was cut short can be read up to its last
// complete chunk. Since version 2 an event chunk splits its events into
// streams of like fields, each compressed on its own (columns.go); version
// 3 stores event times in the unit the header gives (Header.TimeUnit: µs
// for what mytrace records, unless asked for ns), which the Writer
// truncates them to and the Reader turns back into ns; version 4 stores
// a value the chunk already holds (an argument of the thread's previous
// call, a callee-saved register that holds an argument, the start of a
// descriptor's path) as a byte saying where. Version 1 files, one zstd
// frame of events one after the other per chunk, version 2 ones, times
// in ns, and version 3 ones are still read. docs/format.md describes them
// byte by byte.
//
// The package knows the shape of an event (a syscall stop with its registers
// and captured tracee memory, a signal, a ptrace event, an exit) but nothing
// about what a syscall means: that is package decode's business. Only to
// store events in less room does the writer know a little more: the
// registers the x86-64 syscall instruction and ABI set (regs.go), and the
// records getdents64 returns, which it splits into their fields. The file
// says what it did, so a reader needs no syscall table.
//
// Limits: the reader caps every allocation whose size comes from the file
// (MaxChunkSize for a chunk, MaxRegionSize for one memory capture), so a
// hostile file costs bounded memory. Events returned by Reader.Next are valid
// until the next call to Next; callers that keep one must Clone it.
package format
