package format

import (
	"encoding/binary"
	"fmt"
	"time"
)

// Header describes a recording. It is the first chunk of every trace file.
type Header struct {
	Recorder  string   // program and version that wrote the file
	Arch      string   // machine architecture, "x86_64"
	Kernel    string   // kernel release (uname -r)
	Hostname  string   // host the recording was made on
	Command   []string // the traced command line (argv); empty when attaching
	Attached  []int32  // pids attached with -p, if any
	StartWall int64    // wall-clock time at the start, ns since the Unix epoch
	StartMono int64    // CLOCK_MONOTONIC at the start, ns; event times are relative to it
	StrLimit  uint32   // capture limit for strings and buffers (-s)
	PathMax   uint32   // capture limit for paths
	Follow    bool     // children and threads were followed (-f)
	Verbose   bool     // full structures and environment were captured (-v)
	Filter    string   // the -e expressions given to record, one a line
	PageSize  uint32   // the machine's page size
	// Backend is the recorder that made the file: "ptrace" or "bpf"
	// (empty in files that predate the field: ptrace).
	Backend string
	// Notes says what the recorder noted beyond the calls themselves
	// (Note* bits): command names, PID namespaces, KVM exit reasons.
	// Recordings made before it say nothing (0).
	Notes uint32
	// TimeUnit is how many ns one unit of the stored event times is
	// (version 3): time.Nanosecond (1) or time.Microsecond (1000), or
	// any power of ten up to time.Second. A version-3 Writer stores each
	// event's Time truncated to a multiple of it, and 0 means ns; a
	// Writer of version 1 or 2 stores ns whatever it says, and writes no
	// unit. NewReader sets it to the file's unit, 1 for files of
	// versions 1 and 2 (which have none); the events a Reader returns
	// are in ns whatever the unit (multiples of it).
	TimeUnit time.Duration
	// NoFdDetails: what strace -yy shows of descriptors beyond their
	// paths (socket endpoints, device numbers, a pidfd's process) was not
	// noted: the recording was made without -yy. Recordings made before
	// the field noted them (false).
	NoFdDetails bool
	// Version is the format version of the file the header was read
	// from (set by NewReader; not part of the header chunk, and ignored
	// by a Writer, which writes its own).
	Version uint32
}

// Header.Notes bits.
const (
	// NoteComm: the command name of each task (at its start and after
	// execve, execveat and prctl(PR_SET_NAME)) and of the pids calls and
	// signals name (KindPids), for -Y.
	NoteComm uint32 = 1 << iota
	// NotePidNS: for tasks in another PID namespace than the
	// recorder's, what the pids they name are in the recorder's
	// (KindPids), for --decode-pids=pidns.
	NotePidNS
	// NoteKVM: the exit reason of each KVM_RUN (Event.KVMExit), for -e
	// kvm=vcpu.
	NoteKVM
)

// StartTime returns the wall-clock start of the recording.
func (h *Header) StartTime() time.Time { return time.Unix(0, h.StartWall) }

// header field tags; unknown tags are skipped by readers.
const (
	hRecorder    = 1
	hArch        = 2
	hKernel      = 3
	hHostname    = 4
	hCommand     = 5 // repeated
	hAttached    = 6 // repeated
	hStartWall   = 7
	hStartMono   = 8
	hStrLimit    = 9
	hPathMax     = 10
	hFollow      = 11
	hVerbose     = 12
	hFilter      = 13
	hPageSize    = 14
	hBackend     = 15
	hNotes       = 16
	hTimeUnit    = 17 // version 3
	hNoFdDetails = 18
)

func appendField(b []byte, tag uint64, val []byte) []byte {
	b = binary.AppendUvarint(b, tag)
	b = binary.AppendUvarint(b, uint64(len(val)))
	return append(b, val...)
}

func appendUintField(b []byte, tag uint64, v uint64) []byte {
	var tmp [binary.MaxVarintLen64]byte
	return appendField(b, tag, binary.AppendUvarint(tmp[:0], v))
}

func boolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func (h *Header) marshal() []byte {
	var b []byte
	b = appendField(b, hRecorder, []byte(h.Recorder))
	b = appendField(b, hArch, []byte(h.Arch))
	b = appendField(b, hKernel, []byte(h.Kernel))
	b = appendField(b, hHostname, []byte(h.Hostname))
	for _, a := range h.Command {
		b = appendField(b, hCommand, []byte(a))
	}
	for _, p := range h.Attached {
		b = appendUintField(b, hAttached, uint64(uint32(p)))
	}
	b = appendUintField(b, hStartWall, uint64(h.StartWall))
	b = appendUintField(b, hStartMono, uint64(h.StartMono))
	b = appendUintField(b, hStrLimit, uint64(h.StrLimit))
	b = appendUintField(b, hPathMax, uint64(h.PathMax))
	b = appendUintField(b, hFollow, boolU(h.Follow))
	b = appendUintField(b, hVerbose, boolU(h.Verbose))
	if h.Filter != "" {
		b = appendField(b, hFilter, []byte(h.Filter))
	}
	b = appendUintField(b, hPageSize, uint64(h.PageSize))
	if h.Backend != "" {
		b = appendField(b, hBackend, []byte(h.Backend))
	}
	if h.Notes != 0 {
		b = appendUintField(b, hNotes, uint64(h.Notes))
	}
	if h.TimeUnit != 0 {
		b = appendUintField(b, hTimeUnit, uint64(h.TimeUnit))
	}
	if h.NoFdDetails {
		b = appendUintField(b, hNoFdDetails, 1)
	}
	return b
}

// MaxTimeUnit is the largest unit of event times a file may have.
const MaxTimeUnit = time.Second

// CheckTimeUnit returns an error unless u is a unit of event times this
// package reads and writes (Header.TimeUnit): a power of ten from 1 ns to
// MaxTimeUnit, or 0 (ns).
func CheckTimeUnit(u time.Duration) error {
	v := u
	for v > 1 && v <= MaxTimeUnit && v%10 == 0 {
		v /= 10
	}
	if v != 1 && u != 0 {
		// A uvarint beyond int64 shows as it was written.
		return fmt.Errorf("time unit %d ns is not a power of ten from 1 ns to 1 s", uint64(u))
	}
	return nil
}

// maxHeaderFields bounds the repeated fields of a header.
const maxHeaderFields = 1 << 20

func (h *Header) unmarshal(b []byte) error {
	d := eventDecoder{buf: b}
	n := 0
	for d.off < len(d.buf) {
		if n++; n > maxHeaderFields {
			return fmt.Errorf("header has more than %d fields", maxHeaderFields)
		}
		tag, err := d.uvarint()
		if err != nil {
			return err
		}
		l, err := d.uvarint()
		if err != nil {
			return err
		}
		val, err := d.bytes(l)
		if err != nil {
			return err
		}
		num := func() (uint64, error) {
			v, k := binary.Uvarint(val)
			if k <= 0 {
				return 0, fmt.Errorf("header field %d: bad number", tag)
			}
			return v, nil
		}
		var v uint64
		switch tag {
		case hRecorder:
			h.Recorder = string(val)
		case hArch:
			h.Arch = string(val)
		case hKernel:
			h.Kernel = string(val)
		case hHostname:
			h.Hostname = string(val)
		case hCommand:
			h.Command = append(h.Command, string(val))
		case hFilter:
			h.Filter = string(val)
		case hBackend:
			h.Backend = string(val)
		case hAttached, hStartWall, hStartMono, hStrLimit, hPathMax, hFollow, hVerbose, hPageSize, hNotes, hTimeUnit, hNoFdDetails:
			if v, err = num(); err != nil {
				return err
			}
			switch tag {
			case hAttached:
				h.Attached = append(h.Attached, int32(uint32(v)))
			case hStartWall:
				h.StartWall = int64(v)
			case hStartMono:
				h.StartMono = int64(v)
			case hStrLimit:
				h.StrLimit = uint32(v)
			case hPathMax:
				h.PathMax = uint32(v)
			case hFollow:
				h.Follow = v != 0
			case hVerbose:
				h.Verbose = v != 0
			case hPageSize:
				h.PageSize = uint32(v)
			case hNotes:
				h.Notes = uint32(v)
			case hTimeUnit:
				h.TimeUnit = time.Duration(v)
			case hNoFdDetails:
				h.NoFdDetails = v != 0
			}
		}
	}
	return nil
}

// End is the content of the end chunk, written when a recording finishes
// cleanly. A file without one was cut short.
type End struct {
	Events   uint64 // events written
	Chunks   uint64 // event chunks written
	LastTime int64  // time of the last event (ns, in every version)
	Index    []IndexEntry
}

// IndexEntry locates one event chunk for seeking.
type IndexEntry struct {
	Offset    int64  // byte offset of the chunk header
	FirstTime int64  // time of its first event (ns, in every version)
	Events    uint32 // events in it
}

func (e *End) marshal() []byte {
	var b []byte
	b = binary.AppendUvarint(b, e.Events)
	b = binary.AppendUvarint(b, e.Chunks)
	b = binary.AppendVarint(b, e.LastTime)
	b = binary.AppendUvarint(b, uint64(len(e.Index)))
	for _, x := range e.Index {
		b = binary.AppendUvarint(b, uint64(x.Offset))
		b = binary.AppendVarint(b, x.FirstTime)
		b = binary.AppendUvarint(b, uint64(x.Events))
	}
	return b
}

func (e *End) unmarshal(b []byte) error {
	d := eventDecoder{buf: b}
	var err error
	if e.Events, err = d.uvarint(); err != nil {
		return err
	}
	if e.Chunks, err = d.uvarint(); err != nil {
		return err
	}
	if e.LastTime, err = d.varint(); err != nil {
		return err
	}
	n, err := d.uvarint()
	if err != nil {
		return err
	}
	// Each entry takes at least 3 bytes: cap the allocation by what is left.
	if n > uint64(len(b)-d.off)/3 {
		return fmt.Errorf("index of %d entries in %d bytes", n, len(b)-d.off)
	}
	e.Index = make([]IndexEntry, 0, n)
	for i := uint64(0); i < n; i++ {
		var x IndexEntry
		off, err := d.uvarint()
		if err != nil {
			return err
		}
		x.Offset = int64(off)
		if x.FirstTime, err = d.varint(); err != nil {
			return err
		}
		ev, err := d.uvarint()
		if err != nil {
			return err
		}
		x.Events = uint32(ev)
		e.Index = append(e.Index, x)
	}
	return nil
}
