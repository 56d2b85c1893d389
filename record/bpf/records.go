package bpf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The records the BPF program writes into the ring buffer (struct rec
// and struct chunk in c/recorder.bpf.c: change both together).

// Record kinds (R_* in the C source).
const (
	recEnter    = 1
	recExit     = 2
	recFork     = 3
	recExec     = 4
	recExitTask = 5
	recSignal   = 6
)

// Record flags (RF_*).
const (
	rfRegs     = 1
	rfTrunc    = 2
	rfIgnored  = 4
	rfCompat   = 8
	rfFiltered = 16
	rfStop     = 32
	rfPacked   = 64
)

// Chunk flags (C_*).
const (
	cFault   = 1
	cStr     = 2
	cTerm    = 4
	cLate    = 8
	cVec     = 16
	cArgArea = 32
	cFdInfo  = 64
	cStack   = 128
	cPartial = 256
	cEnvArea = 512
)

const (
	recHdrSize   = 32 // kind .. nr
	recEnterSize = recHdrSize + 48
	recExitSize  = recHdrSize + 8
	chunkHdrSize = 24
	numRegs      = 27
	numPacked    = 13 // words of a packed register block (fill_packed)
	siginfoBytes = 48 // struct kernel_siginfo
)

// Limits of the program (c/recorder.bpf.c).
const (
	chunkMax   = 32 << 10 // CHUNK_MAX: bytes of one copied region
	vecMaxPtrs = 4096     // VEC_MAX_PTRS: argv/envp pointers counted
)

// record is one parsed ring-buffer record. Its slices alias the sample.
type rawRecord struct {
	kind   uint8
	flags  uint8
	tid    int32
	tgid   int32
	ts     uint64
	seq    uint32
	nr     int64
	a      [6]uint64
	regs   []byte // numRegs*8 bytes when rfRegs, numPacked*8 with rfPacked
	info   []byte // recSignal: struct kernel_siginfo
	chunks []chunk
}

// chunk is a piece of tracee memory (or descriptor information) the
// program copied.
type chunk struct {
	addr  uint64
	data  []byte
	flags uint16
	op    uint8
	aux   uint64 // vector: pointers counted; fd info: inode; else the length asked
}

var errShortRecord = errors.New("bpf: short record")

// parseRecord parses a ring-buffer sample into r, reusing r.chunks.
func parseRecord(b []byte, r *rawRecord) error {
	if len(b) < recHdrSize {
		return errShortRecord
	}
	le := binary.LittleEndian
	*r = rawRecord{chunks: r.chunks[:0]}
	r.kind = b[0]
	r.flags = b[1]
	n := int(le.Uint16(b[2:]))
	r.tid = int32(le.Uint32(b[4:]))
	r.ts = le.Uint64(b[8:])
	r.seq = le.Uint32(b[16:])
	r.tgid = int32(le.Uint32(b[20:]))
	r.nr = int64(le.Uint64(b[24:]))
	off := recHdrSize
	switch r.kind {
	case recEnter, recFork:
		if len(b) < recEnterSize {
			return errShortRecord
		}
		for i := range r.a {
			r.a[i] = le.Uint64(b[recHdrSize+8*i:])
		}
		off = recEnterSize
	case recExit, recExec, recExitTask:
		if len(b) < recExitSize {
			return errShortRecord
		}
		r.a[0] = le.Uint64(b[recHdrSize:])
		off = recExitSize
	case recSignal:
		if len(b) < recExitSize+siginfoBytes {
			return errShortRecord
		}
		r.a[0] = le.Uint64(b[recHdrSize:])
		r.info = b[recExitSize : recExitSize+siginfoBytes]
		off = recExitSize + siginfoBytes
	default:
		return fmt.Errorf("bpf: unknown record kind %d", r.kind)
	}
	if r.flags&rfRegs != 0 {
		n := numRegs * 8
		if r.flags&rfPacked != 0 {
			n = numPacked * 8
		}
		if len(b) < off+n {
			return errShortRecord
		}
		r.regs = b[off : off+n]
		off += n
	}
	for i := 0; i < n; i++ {
		if len(b) < off+chunkHdrSize {
			return errShortRecord
		}
		c := chunk{
			addr:  le.Uint64(b[off:]),
			flags: le.Uint16(b[off+12:]),
			op:    b[off+14],
			aux:   le.Uint64(b[off+16:]),
		}
		l := int(le.Uint32(b[off+8:]))
		off += chunkHdrSize
		if l < 0 || len(b) < off+l {
			return errShortRecord
		}
		c.data = b[off : off+l]
		off += (l + 7) &^ 7
		r.chunks = append(r.chunks, c)
	}
	return nil
}
