package report

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"sort"

	"google.golang.org/protobuf/encoding/protowire"
)

// PerfettoTrace is a Perfetto protobuf trace as ValidatePerfettoTrace
// reads it back: its tracks and what happened on them.
type PerfettoTrace struct {
	Packets int // TracePackets, compressed ones unpacked
	Tracks  map[uint64]*PerfettoTrack
	Slices  []*PerfettoSlice
	// Instants are the instant events.
	Instants []*PerfettoSlice
}

// PerfettoTrack is a track: a process's (Tid 0) or a thread's, with the
// name its last descriptor gave it.
type PerfettoTrack struct {
	UUID, Parent uint64
	Pid, Tid     int64
	Name         string
}

// PerfettoSlice is a slice (Begin to End) or an instant event (Begin ==
// End) on a track, with its string arguments and its flows.
type PerfettoSlice struct {
	Track      uint64
	Name, Cat  string
	Begin, End uint64
	Args       map[string]string
	FlowsOut   []uint64
	FlowsIn    []uint64
}

// perfettoEvent is one TrackEvent as read, in file order.
type perfettoEvent struct {
	ts    uint64
	typ   uint64
	track uint64
	s     *PerfettoSlice
}

// ValidatePerfettoTrace decodes a Perfetto protobuf trace and checks what
// the trace processor (and so ui.perfetto.dev) needs to read it as meant:
//
//   - the file is a sequence of TracePacket fields; compressed_packets
//     unpack (zlib) to the same, each under 512 KiB;
//   - every packet is on one sequence (trusted_packet_sequence_id set and
//     the same), the first clears the incremental state, every packet that
//     uses interned data says it needs it;
//   - interned names, categories and argument names are defined (in an
//     earlier packet or the same one) before use, and never redefined to
//     another string;
//   - every track a TrackEvent names was described earlier; a thread
//     track's parent is its process's track; a track described again
//     keeps its pid, tid and parent;
//   - every event has a timestamp and a known type, begins have a name;
//   - per track, in time order (file order for equal times), every end
//     closes a begin and nothing stays open; syscall slices do not nest;
//   - every flow has exactly one start and one end, the start not later
//     than the end.
func ValidatePerfettoTrace(data []byte) (*PerfettoTrace, error) {
	v := &validator{
		tr:     &PerfettoTrace{Tracks: map[uint64]*PerfettoTrack{}},
		intern: [4]map[uint64]string{{}, {}, {}, {}},
	}
	if err := v.packets(data, false); err != nil {
		return nil, err
	}
	if v.tr.Packets == 0 {
		return nil, errors.New("no packets")
	}
	return v.tr, v.check()
}

type validator struct {
	tr     *PerfettoTrace
	seq    uint64
	intern [4]map[uint64]string // by InternedData field: categories 1, names 2, annotation names 3
	events []perfettoEvent
}

// fields splits a message into its fields, calling f with each field's
// number, type and value (the varint or fixed value, or the bytes).
func fields(b []byte, f func(num protowire.Number, typ protowire.Type, v uint64, raw []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("bad tag: %w", protowire.ParseError(n))
		}
		b = b[n:]
		var v uint64
		var raw []byte
		switch typ {
		case protowire.VarintType:
			v, n = protowire.ConsumeVarint(b)
		case protowire.Fixed64Type:
			v, n = protowire.ConsumeFixed64(b)
		case protowire.Fixed32Type:
			var x uint32
			x, n = protowire.ConsumeFixed32(b)
			v = uint64(x)
		case protowire.BytesType:
			raw, n = protowire.ConsumeBytes(b)
		default:
			return fmt.Errorf("field %d: wire type %d", num, typ)
		}
		if n < 0 {
			return fmt.Errorf("field %d: %w", num, protowire.ParseError(n))
		}
		b = b[n:]
		if err := f(num, typ, v, raw); err != nil {
			return err
		}
	}
	return nil
}

// packets reads a Trace (a sequence of packet fields).
func (v *validator) packets(data []byte, inner bool) error {
	return fields(data, func(num protowire.Number, typ protowire.Type, _ uint64, raw []byte) error {
		if num != fTracePacket || typ != protowire.BytesType {
			return fmt.Errorf("top-level field %d (type %d): not a TracePacket", num, typ)
		}
		return v.packet(raw, inner)
	})
}

func (v *validator) packet(b []byte, inner bool) error {
	var (
		seq, flags, ts      uint64
		hasSeq, hasTS       bool
		te, td, interned, z []byte
	)
	err := fields(b, func(num protowire.Number, typ protowire.Type, x uint64, raw []byte) error {
		switch num {
		case fPktSequenceID:
			seq, hasSeq = x, true
		case fPktSequenceFlags:
			flags = x
		case fPktTimestamp:
			ts, hasTS = x, true
		case fPktTrackEvent:
			te = raw
		case fPktTrackDescriptor:
			td = raw
		case fPktInternedData:
			interned = raw
		case fPktCompressed:
			z = raw
		}
		return nil
	})
	if err != nil {
		return err
	}
	if z != nil {
		if inner {
			return errors.New("compressed packets inside compressed packets")
		}
		if len(b) > maxCompressedPacket {
			return fmt.Errorf("compressed packet of %d bytes (at most %d)", len(b), maxCompressedPacket)
		}
		r, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			return fmt.Errorf("compressed packets: %w", err)
		}
		inflated, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("compressed packets: %w", err)
		}
		return v.packets(inflated, true)
	}
	v.tr.Packets++
	n := v.tr.Packets
	if !hasSeq || seq == 0 {
		return fmt.Errorf("packet %d: no sequence id", n)
	}
	if n == 1 {
		if flags&seqIncrementalClear == 0 {
			return errors.New("the first packet does not clear the incremental state")
		}
		v.seq = seq
	} else if seq != v.seq {
		return fmt.Errorf("packet %d: sequence %d, not %d", n, seq, v.seq)
	}
	if interned != nil {
		if err := v.internedData(interned); err != nil {
			return fmt.Errorf("packet %d: %w", n, err)
		}
	}
	if td != nil {
		if err := v.descriptor(td); err != nil {
			return fmt.Errorf("packet %d: %w", n, err)
		}
	}
	if te != nil {
		if !hasTS {
			return fmt.Errorf("packet %d: a track event without a timestamp", n)
		}
		if flags&seqNeedsIncremental == 0 && n > 1 {
			return fmt.Errorf("packet %d: uses interned data without SEQ_NEEDS_INCREMENTAL_STATE", n)
		}
		if err := v.trackEvent(te, ts); err != nil {
			return fmt.Errorf("packet %d: %w", n, err)
		}
	}
	return nil
}

func (v *validator) internedData(b []byte) error {
	return fields(b, func(num protowire.Number, _ protowire.Type, _ uint64, raw []byte) error {
		if num < fIdCategories || num > fIdAnnotNames {
			return nil
		}
		var iid uint64
		var name string
		if err := fields(raw, func(n protowire.Number, _ protowire.Type, x uint64, r []byte) error {
			switch n {
			case fInternIID:
				iid = x
			case fInternName:
				name = string(r)
			}
			return nil
		}); err != nil {
			return err
		}
		if iid == 0 {
			return fmt.Errorf("interned entry %q without iid", name)
		}
		if old, ok := v.intern[int(num)][iid]; ok && old != name {
			return fmt.Errorf("iid %d of field %d redefined: %q, then %q", iid, num, old, name)
		}
		v.intern[int(num)][iid] = name
		return nil
	})
}

func (v *validator) descriptor(b []byte) error {
	t := &PerfettoTrack{}
	var proc, thread []byte
	if err := fields(b, func(num protowire.Number, _ protowire.Type, x uint64, raw []byte) error {
		switch num {
		case fTdUUID:
			t.UUID = x
		case fTdParent:
			t.Parent = x
		case fTdName:
			t.Name = string(raw)
		case fTdProcess:
			proc = raw
		case fTdThread:
			thread = raw
		}
		return nil
	}); err != nil {
		return err
	}
	if t.UUID == 0 {
		return errors.New("track descriptor without uuid")
	}
	for _, d := range []struct {
		b          []byte
		pid, tid   protowire.Number
		name       protowire.Number
		wantThread bool
	}{{proc, fPdPid, 0, fPdName, false}, {thread, fThdPid, fThdTid, fThdName, true}} {
		if d.b == nil {
			continue
		}
		if err := fields(d.b, func(num protowire.Number, _ protowire.Type, x uint64, raw []byte) error {
			switch num {
			case d.pid:
				t.Pid = int64(int32(x))
			case d.tid:
				t.Tid = int64(int32(x))
			case d.name:
				t.Name = string(raw)
			}
			return nil
		}); err != nil {
			return err
		}
		if t.Pid <= 0 || d.wantThread && t.Tid <= 0 {
			return fmt.Errorf("track %d: pid %d tid %d", t.UUID, t.Pid, t.Tid)
		}
	}
	if thread != nil {
		p := v.tr.Tracks[t.Parent]
		if p == nil || p.Tid != 0 || p.Pid != t.Pid {
			return fmt.Errorf("thread track %d (pid %d tid %d): parent %d is not its process's track", t.UUID, t.Pid, t.Tid, t.Parent)
		}
	}
	if old := v.tr.Tracks[t.UUID]; old != nil && (old.Pid != t.Pid || old.Tid != t.Tid || old.Parent != t.Parent) {
		return fmt.Errorf("track %d described again as another track", t.UUID)
	}
	v.tr.Tracks[t.UUID] = t
	return nil
}

func (v *validator) trackEvent(b []byte, ts uint64) error {
	s := &PerfettoSlice{Begin: ts, End: ts, Args: map[string]string{}}
	var typ, nameIID uint64
	var cats []uint64
	if err := fields(b, func(num protowire.Number, _ protowire.Type, x uint64, raw []byte) error {
		switch num {
		case fTeType:
			typ = x
		case fTeTrackUUID:
			s.Track = x
		case fTeNameIID:
			nameIID = x
		case fTeCategoryIIDs:
			cats = append(cats, x)
		case fTeFlowIDs:
			s.FlowsOut = append(s.FlowsOut, x)
		case fTeTermFlowIDs:
			s.FlowsIn = append(s.FlowsIn, x)
		case fTeAnnotations:
			var name, val string
			var nameOK bool
			if err := fields(raw, func(n protowire.Number, _ protowire.Type, y uint64, r []byte) error {
				switch n {
				case fDaNameIID:
					name, nameOK = v.intern[fIdAnnotNames][y]
				case fDaString:
					val = string(r)
				case fDaBool:
					val = fmt.Sprint(y != 0)
				}
				return nil
			}); err != nil {
				return err
			}
			if !nameOK {
				return errors.New("argument name not interned")
			}
			s.Args[name] = val
		}
		return nil
	}); err != nil {
		return err
	}
	if v.tr.Tracks[s.Track] == nil {
		return fmt.Errorf("event on track %d, never described", s.Track)
	}
	switch typ {
	case teSliceBegin, teInstant:
		var ok bool
		if s.Name, ok = v.intern[fIdNames][nameIID]; !ok || s.Name == "" {
			return fmt.Errorf("event name iid %d not interned", nameIID)
		}
		for _, c := range cats {
			if s.Cat, ok = v.intern[fIdCategories][c]; !ok {
				return fmt.Errorf("category iid %d not interned", c)
			}
		}
	case teSliceEnd:
	default:
		return fmt.Errorf("event type %d", typ)
	}
	v.events = append(v.events, perfettoEvent{ts: ts, typ: typ, track: s.Track, s: s})
	return nil
}

// check pairs begins and ends per track, in time order, and the flows.
func (v *validator) check() error {
	byTrack := map[uint64][]int{}
	for i, e := range v.events {
		byTrack[e.track] = append(byTrack[e.track], i)
	}
	uuids := make([]uint64, 0, len(byTrack))
	for u := range byTrack {
		uuids = append(uuids, u)
	}
	sort.Slice(uuids, func(i, j int) bool { return uuids[i] < uuids[j] })
	for _, u := range uuids {
		idx := byTrack[u]
		sort.SliceStable(idx, func(i, j int) bool { return v.events[idx[i]].ts < v.events[idx[j]].ts })
		var open *PerfettoSlice
		for _, i := range idx {
			e := v.events[i]
			switch e.typ {
			case teSliceBegin:
				if open != nil {
					return fmt.Errorf("track %d: %s at %d begins inside %s (from %d)", u, e.s.Name, e.ts, open.Name, open.Begin)
				}
				open = e.s
			case teSliceEnd:
				if open == nil {
					return fmt.Errorf("track %d: an end at %d with no slice open", u, e.ts)
				}
				open.End = e.ts
				v.tr.Slices = append(v.tr.Slices, open)
				open = nil
			case teInstant:
				v.tr.Instants = append(v.tr.Instants, e.s)
			}
		}
		if open != nil {
			return fmt.Errorf("track %d: %s at %d never ends", u, open.Name, open.Begin)
		}
	}
	from, to := map[uint64]*PerfettoSlice{}, map[uint64]*PerfettoSlice{}
	for _, e := range v.events {
		for _, id := range e.s.FlowsOut {
			if from[id] != nil {
				return fmt.Errorf("flow %d starts twice", id)
			}
			from[id] = e.s
		}
		for _, id := range e.s.FlowsIn {
			if to[id] != nil {
				return fmt.Errorf("flow %d ends twice", id)
			}
			to[id] = e.s
		}
	}
	for id, s := range from {
		d := to[id]
		if d == nil {
			return fmt.Errorf("flow %d from %s at %d has no end", id, s.Name, s.Begin)
		}
		if d.Begin < s.Begin {
			return fmt.Errorf("flow %d ends (%s at %d) before it starts (%s at %d)", id, d.Name, d.Begin, s.Name, s.Begin)
		}
	}
	for id, d := range to {
		if from[id] == nil {
			return fmt.Errorf("flow %d ends at %s (%d) and never starts", id, d.Name, d.Begin)
		}
	}
	return nil
}
