package format

import (
	"encoding/binary"
	"fmt"
)

// What -k records (see docs/format.md): a copy of the top of the user
// stack at the stops whose call stack strace shows, and the executable
// mappings of the process, so that the stack can be unwound offline.

// Mapping is one executable memory mapping of a process, as a line of
// /proc/PID/maps shows it, with the identity its file had when recorded.
type Mapping struct {
	Start, End uint64 // addresses [Start, End)
	Offset     uint64 // file offset mapped at Start
	Prot       uint8  // Map* flags
	Major      uint32 // device of the file
	Minor      uint32
	Inode      uint64
	// Path as /proc/PID/maps shows it: a file ("/usr/lib/x86_64-linux-gnu/
	// libc.so.6", perhaps ending in " (deleted)"), a pseudo-file
	// ("[vdso]"), or empty for anonymous memory.
	Path []byte
	// The file's size and modification time (ns since the epoch) and its
	// GNU build-id, when the recorder could read them: what tells, when
	// the recording is printed, whether the file is still the one that
	// was mapped. Zero and empty when unknown.
	Size    uint64
	MTime   int64
	BuildID []byte
}

// Mapping protection flags (Mapping.Prot).
const (
	MapRead   uint8 = 1 << 0
	MapWrite  uint8 = 1 << 1
	MapExec   uint8 = 1 << 2
	MapShared uint8 = 1 << 3
)

// Limits of a KindMaps event.
const (
	MaxMaps    = 1 << 16 // mappings in one event
	MaxBuildID = 64      // bytes of a build-id
)

// stop trailer flags (KindSignal, KindGroupStop)
const stopHasRegs = 1 << 0

// stackRegions is the number of regions the stack adds to a syscall
// event's memory list.
func (e *Event) stackRegions() int {
	if e.HasStack {
		return 1
	}
	return 0
}

// appendStack appends the stack copy as a memory region flagged MemStack.
func (e *Event) appendStack(buf []byte) []byte {
	if !e.HasStack {
		return buf
	}
	data := e.Stack
	if len(data) > MaxRegionSize {
		data = data[:MaxRegionSize]
	}
	buf = binary.AppendUvarint(buf, e.StackAddr)
	buf = binary.AppendUvarint(buf, uint64(len(data)))
	buf = append(buf, MemStack)
	buf = binary.AppendUvarint(buf, uint64(len(data)))
	return append(buf, data...)
}

// setStack takes a region flagged MemStack as the event's stack copy.
func (e *Event) setStack(r Region) {
	e.HasStack, e.StackAddr, e.Stack = true, r.Addr, r.Data
}

// appendStopTrailer appends, to a signal or group-stop event, the
// registers and stack copy taken at the stop (-k), if any: a flags byte
// (1: registers follow), the registers, then a memory list as a syscall
// event's (count, regions) holding the stack region.
func (e *Event) appendStopTrailer(buf []byte) []byte {
	if !e.HasRegs && !e.HasStack {
		return buf
	}
	var fl byte
	if e.HasRegs {
		fl |= stopHasRegs
	}
	buf = append(buf, fl)
	if e.HasRegs {
		for _, r := range e.Regs {
			buf = binary.LittleEndian.AppendUint64(buf, r)
		}
	}
	buf = binary.AppendUvarint(buf, uint64(e.stackRegions()))
	return e.appendStack(buf)
}

// stopTrailer decodes what appendStopTrailer wrote, if anything follows.
func (d *eventDecoder) stopTrailer(e *Event) error {
	if d.off >= len(d.buf) {
		return nil
	}
	fl, err := d.byte1()
	if err != nil {
		return err
	}
	if fl&stopHasRegs != 0 {
		if err := d.regs(e); err != nil {
			return err
		}
	}
	n, err := d.uvarint()
	if err != nil {
		return err
	}
	if n > MaxRegions {
		return fmt.Errorf("%d memory regions in one event (limit %d)", n, MaxRegions)
	}
	for i := uint64(0); i < n; i++ {
		r, err := d.region()
		if err != nil {
			return err
		}
		if r.Flags&MemStack != 0 {
			e.setStack(r)
		}
	}
	return nil
}

func (d *eventDecoder) regs(e *Event) error {
	b, err := d.bytes(NumRegs * 8)
	if err != nil {
		return err
	}
	for i := range e.Regs {
		e.Regs[i] = binary.LittleEndian.Uint64(b[i*8:])
	}
	e.HasRegs = true
	return nil
}

// region decodes one memory region.
func (d *eventDecoder) region() (Region, error) {
	var r Region
	var err error
	if r.Addr, err = d.uvarint(); err != nil {
		return r, err
	}
	if r.Len, err = d.uvarint(); err != nil {
		return r, err
	}
	if r.Flags, err = d.byte1(); err != nil {
		return r, err
	}
	n, err := d.uvarint()
	if err != nil {
		return r, err
	}
	if n > MaxRegionSize || n > r.Len {
		return r, fmt.Errorf("memory region of %d bytes (asked %d, limit %d)", n, r.Len, MaxRegionSize)
	}
	r.Data, err = d.bytes(n)
	return r, err
}

// mapsFit reports whether a KindMaps event is within the format's limits.
func mapsFit(e *Event) bool {
	if len(e.Maps) > MaxMaps {
		return false
	}
	for i := range e.Maps {
		if len(e.Maps[i].Path) > MaxFdPath || len(e.Maps[i].BuildID) > MaxBuildID {
			return false
		}
	}
	return true
}

// appendMaps encodes the body of a KindMaps event after tid and time.
func appendMaps(buf []byte, maps []Mapping) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(maps)))
	for i := range maps {
		m := &maps[i]
		buf = binary.AppendUvarint(buf, m.Start)
		buf = binary.AppendUvarint(buf, m.End)
		buf = binary.AppendUvarint(buf, m.Offset)
		buf = append(buf, m.Prot)
		buf = binary.AppendUvarint(buf, uint64(m.Major))
		buf = binary.AppendUvarint(buf, uint64(m.Minor))
		buf = binary.AppendUvarint(buf, m.Inode)
		buf = binary.AppendUvarint(buf, uint64(len(m.Path)))
		buf = append(buf, m.Path...)
		buf = binary.AppendUvarint(buf, m.Size)
		buf = binary.AppendVarint(buf, m.MTime)
		buf = binary.AppendUvarint(buf, uint64(len(m.BuildID)))
		buf = append(buf, m.BuildID...)
	}
	return buf
}

// maps decodes the body of a KindMaps event after tid and time. Paths
// and build-ids alias the chunk buffer.
func (d *eventDecoder) maps(e *Event) error {
	n, err := d.uvarint()
	if err != nil {
		return err
	}
	// Each entry takes at least 12 bytes: bound the count by what is
	// left before trusting it.
	if n > MaxMaps || n > uint64(len(d.buf)-d.off)/12 {
		return fmt.Errorf("%d mappings in one event", n)
	}
	for i := uint64(0); i < n; i++ {
		var m Mapping
		if m.Start, err = d.uvarint(); err != nil {
			return err
		}
		if m.End, err = d.uvarint(); err != nil {
			return err
		}
		if m.Offset, err = d.uvarint(); err != nil {
			return err
		}
		if m.Prot, err = d.byte1(); err != nil {
			return err
		}
		major, err := d.uvarint()
		if err != nil {
			return err
		}
		minor, err := d.uvarint()
		if err != nil {
			return err
		}
		if major > 1<<32-1 || minor > 1<<32-1 {
			return fmt.Errorf("device %d:%d out of range", major, minor)
		}
		m.Major, m.Minor = uint32(major), uint32(minor)
		if m.Inode, err = d.uvarint(); err != nil {
			return err
		}
		l, err := d.uvarint()
		if err != nil {
			return err
		}
		if l > MaxFdPath {
			return fmt.Errorf("mapping path of %d bytes", l)
		}
		if m.Path, err = d.bytes(l); err != nil {
			return err
		}
		if m.Size, err = d.uvarint(); err != nil {
			return err
		}
		if m.MTime, err = d.varint(); err != nil {
			return err
		}
		if l, err = d.uvarint(); err != nil {
			return err
		}
		if l > MaxBuildID {
			return fmt.Errorf("build-id of %d bytes", l)
		}
		if m.BuildID, err = d.bytes(l); err != nil {
			return err
		}
		e.Maps = append(e.Maps, m)
	}
	return nil
}

// copyStackAndMaps makes dst's stack copy and mappings deep copies of
// e's, reusing dst's buffers where it can (for CopyTo).
func (e *Event) copyStackAndMaps(dst *Event, stack []byte, maps []Mapping) {
	dst.Stack = append(stack[:0], e.Stack...)
	maps = maps[:0]
	for i := range e.Maps {
		m := e.Maps[i]
		var p, b []byte
		if i < cap(maps) {
			old := maps[:i+1][i]
			p, b = old.Path[:0], old.BuildID[:0]
		}
		m.Path = append(p, e.Maps[i].Path...)
		m.BuildID = append(b, e.Maps[i].BuildID...)
		maps = append(maps, m)
	}
	dst.Maps = maps
}
