package report

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/replay"
)

// The Perfetto export in Perfetto's own trace format: a protobuf Trace,
// that is a sequence of TracePacket messages (field 1), written with
// protowire, field numbers from Perfetto's protos/perfetto/trace/*.proto.
// docs/export.md describes what is in it.

// Field numbers of the Perfetto trace protos used here.
const (
	fTracePacket = 1 // Trace.packet

	// TracePacket
	fPktTimestamp        = 8
	fPktTrackEvent       = 11
	fPktInternedData     = 12
	fPktSequenceFlags    = 13
	fPktSequenceID       = 10 // trusted_packet_sequence_id
	fPktCompressed       = 50 // compressed_packets: zlib-deflated packets
	fPktTrackDescriptor  = 60
	fPktFirstOnSequence  = 87
	seqIncrementalClear  = 1 // SEQ_INCREMENTAL_STATE_CLEARED
	seqNeedsIncremental  = 2 // SEQ_NEEDS_INCREMENTAL_STATE
	perfettoSequenceID   = 1
	maxCompressedPacket  = 512 << 10 // Perfetto's limit for one compressed_packets packet
	compressChunkPackets = 256 << 10 // packets gathered before they are compressed

	// TrackDescriptor
	fTdUUID    = 1
	fTdName    = 2
	fTdProcess = 3
	fTdThread  = 4
	fTdParent  = 5

	// ProcessDescriptor
	fPdPid  = 1
	fPdName = 6

	// ThreadDescriptor
	fThdPid  = 1
	fThdTid  = 2
	fThdName = 5

	// TrackEvent
	fTeCategoryIIDs = 3
	fTeAnnotations  = 4
	fTeType         = 9
	fTeNameIID      = 10
	fTeTrackUUID    = 11
	fTeFlowIDs      = 47 // fixed64
	fTeTermFlowIDs  = 48 // fixed64
	teSliceBegin    = 1
	teSliceEnd      = 2
	teInstant       = 3

	// DebugAnnotation
	fDaNameIID = 1
	fDaBool    = 2
	fDaString  = 6

	// InternedData, and its entries (EventCategory, EventName,
	// DebugAnnotationName: iid 1, name 2)
	fIdCategories = 1
	fIdNames      = 2
	fIdAnnotNames = 3
	fInternIID    = 1
	fInternName   = 2
)

// PerfettoProto writes replayed events as a Perfetto protobuf trace
// (ui.perfetto.dev opens it): a process track per process and a thread
// track per thread, named after what the process exec'd (the name is
// updated at each exec); each syscall a slice (a begin and an end event)
// named after the call, with its strace line as the "line" argument;
// signals and exits as instant events; forks, clones and execs as flows.
// Names, categories and argument names are interned. Packets are
// gathered and written zlib-compressed in compressed_packets packets, as
// Perfetto's own tracing service writes them. Calls are written as they
// end: memory is bounded by the number of tasks.
type PerfettoProto struct {
	out  *bufio.Writer
	o    PerfettoOptions
	h    *format.Header
	err  error
	last int64
	cur  *replay.Task

	pkts []byte // packets not yet compressed
	pkt  []byte // the packet being built
	msg  []byte // scratch for nested messages
	zbuf bytes.Buffer
	zw   *zlib.Writer
	// Interning: iids given so far, and the entries the next packet
	// carries.
	names, cats, annots map[string]uint64
	newNames, newCats   []string
	newAnnots           []string
	first               bool

	calls map[int32]*pcall
	// Tracks: uuids by process (pid) and by thread (task, and the tid it
	// had when its track was made).
	procs    map[int32]uint64
	threads  map[threadKey]uint64
	nextUUID uint64
	pnames   map[int32]string // what each process runs
	// Flows: the flows a call in progress starts, by tid; the flows a
	// task's next event ends (forks: its first event; execs: its first
	// event after the exec, at or after the time noted).
	flowOut map[int32][]uint64
	flowIn  map[*replay.Task][]flowIn
	waiting []waitingChild
	nextID  uint64
	// live is the task holding each tid now.
	live map[int32]*replay.Task
}

// waitingChild is a forked child that had not joined at its fork: the
// flow its first event ends.
type waitingChild struct {
	tid int32
	id  uint64
}

type threadKey struct {
	t   *replay.Task
	tid int32
}

type flowIn struct {
	id    uint64
	after int64 // only an event starting at or after this time
}

// NewPerfettoProto returns an exporter writing to w; h is the
// recording's header.
func NewPerfettoProto(w io.Writer, h *format.Header, o PerfettoOptions) *PerfettoProto {
	o.Decode.Fit(h)
	if o.Decode.StrLimit == 0 {
		o.Decode.StrLimit = 32
		o.Decode.Decorate = 1
	}
	p := &PerfettoProto{
		out: bufio.NewWriterSize(w, 64<<10), o: o, h: h, first: true,
		names: map[string]uint64{}, cats: map[string]uint64{}, annots: map[string]uint64{},
		calls: map[int32]*pcall{}, procs: map[int32]uint64{}, threads: map[threadKey]uint64{},
		pnames: map[int32]string{}, flowOut: map[int32][]uint64{}, flowIn: map[*replay.Task][]flowIn{},
		live: map[int32]*replay.Task{},
	}
	p.zw, _ = zlib.NewWriterLevel(&p.zbuf, zlib.DefaultCompression)
	p.o.Decode.FdPath = func(fd int32) string {
		if p.cur == nil {
			return ""
		}
		return p.cur.FdPath(fd)
	}
	return p
}

// Add exports one replayed event.
func (p *PerfettoProto) Add(ev *replay.Event) {
	p.cur = ev.Task
	p.last = max(p.last, ev.Time)
	if ev.Task != nil && ev.Kind != replay.Exec {
		p.live[ev.Task.Tid] = ev.Task
	}
	switch ev.Kind {
	case replay.TaskStart:
		t := ev.Task
		if _, ok := p.pnames[t.Pid]; !ok || t.How != format.NewTaskThread {
			if n, ok := p.pnames[t.Parent]; ok && t.Parent != 0 {
				p.pnames[t.Pid] = n
			} else if t.How == format.NewTaskLaunched && p.h != nil && len(p.h.Command) > 0 {
				p.pnames[t.Pid] = path.Base(p.h.Command[0])
			}
		}
		if t.How != format.NewTaskThread {
			delete(p.procs, t.Pid) // a new process, even if the pid was used before
		}
		p.track(t, ev.Time)
	case replay.PtraceEvent:
		switch ev.Raw.PtraceEvent {
		case 1, 2, 3: // fork, vfork, clone
		default:
			return
		}
		c := p.calls[ev.Task.Tid]
		child := p.taskByTid(int32(ev.Raw.Msg))
		if c == nil || child == nil {
			// The child joined first (or there is no call to start
			// from): look it up when it joins.
			if c != nil {
				p.pendingChild(ev.Task.Tid, int32(ev.Raw.Msg))
			}
			return
		}
		p.startFlow(ev.Task.Tid, child, 0)
	case replay.SyscallEntry:
		p.calls[ev.Task.Tid] = &pcall{tid: ev.Task.Tid, pid: ev.Task.Pid, start: ev.Time, entry: ev.Entry}
	case replay.SyscallExit:
		c := p.calls[ev.Task.Tid]
		delete(p.calls, ev.Task.Tid)
		if c == nil || ev.Entry == nil {
			delete(p.flowOut, ev.Task.Tid)
			return
		}
		call := decode.Syscall(c.entry, ev.Exit, &p.o.Decode)
		if (call.Name == "execve" || call.Name == "execveat") && call.Ret.Kind == decode.RetValue {
			if n := execName(call); n != "" {
				p.pnames[ev.Task.Pid] = n
				p.rename(ev.Task, ev.Time)
			}
		}
		p.slice(ev.Task, c, call, ev.Time, false)
	case replay.TaskExiting:
		p.unfinished(ev.Task, ev.Time)
	case replay.Signal:
		info := decode.Render(decode.Siginfo(ev.Raw.Siginfo, int(ev.Raw.Sig)), &p.o.Decode)
		p.instant(ev.Task, ev.Time, decode.SignalName(int(ev.Raw.Sig)), "signal", "siginfo", info)
	case replay.GroupStop:
		p.instant(ev.Task, ev.Time, "stopped by "+decode.SignalName(int(ev.Raw.Sig)), "signal", "", "")
	case replay.TaskEnd:
		p.unfinished(ev.Task, ev.Time)
		p.instant(ev.Task, ev.Time, endText(ev.Raw.Status), "exit", "", "")
		delete(p.live, ev.Task.Tid)
	case replay.Detach:
		p.unfinished(ev.Task, ev.Time)
		p.instant(ev.Task, ev.Time, "detached", "exit", "", "")
		delete(p.live, ev.Task.Tid)
	case replay.Exec:
		if ev.OldTid != 0 {
			// The leader's call in progress ends here; the exec'ing
			// thread's execve goes on under the leader's tid.
			if leader := p.live[ev.Task.Tid]; leader != nil && leader != ev.Task {
				p.unfinished(leader, ev.Time)
			}
			delete(p.live, ev.OldTid)
			p.live[ev.Task.Tid] = ev.Task
			if c := p.calls[ev.OldTid]; c != nil {
				delete(p.calls, ev.OldTid)
				c.tid = ev.Task.Tid
				p.calls[ev.Task.Tid] = c
			}
			if f := p.flowOut[ev.OldTid]; f != nil {
				delete(p.flowOut, ev.OldTid)
				p.flowOut[ev.Task.Tid] = f
			}
			p.track(ev.Task, ev.Time) // its track under the new tid
		}
		if p.calls[ev.Task.Tid] != nil {
			p.startFlow(ev.Task.Tid, ev.Task, ev.Time)
		}
	}
}

// execName is the base name of the program a successful execve ran.
func execName(c *decode.Call) string {
	for i, n := range c.Names {
		if n != "pathname" && n != "filename" {
			continue
		}
		if s, ok := c.Args[i].(*decode.Str); ok && len(s.B) > 0 {
			return path.Base(string(s.B))
		}
	}
	return ""
}

// endText says how a task ended, from its wait status.
func endText(st uint32) string {
	if st&0x7f != 0 {
		what := "killed by " + decode.SignalName(int(st&0x7f))
		if st&0x80 != 0 {
			what += " (core dumped)"
		}
		return what
	}
	return "exited with " + strconv.Itoa(int(st>>8&0xff))
}

// taskByTid is the live task with tid, if the exporter has met it.
func (p *PerfettoProto) taskByTid(tid int32) *replay.Task { return p.live[tid] }

// pendingChild remembers a fork whose child has not joined yet: its
// flow starts from the parent's call in progress, and ends at the child's
// first event.
func (p *PerfettoProto) pendingChild(parent, child int32) {
	id := p.newFlow()
	p.flowOut[parent] = append(p.flowOut[parent], id)
	p.waiting = append(p.waiting, waitingChild{child, id})
}

// startFlow starts a flow from the call task tid is in to the next event
// of to that starts at or after after.
func (p *PerfettoProto) startFlow(tid int32, to *replay.Task, after int64) {
	id := p.newFlow()
	p.flowOut[tid] = append(p.flowOut[tid], id)
	p.flowIn[to] = append(p.flowIn[to], flowIn{id, after})
}

func (p *PerfettoProto) newFlow() uint64 {
	p.nextID++
	return p.nextID
}

// track returns the thread track of t (as the tid it has now), making it
// (and its process's track) when new.
func (p *PerfettoProto) track(t *replay.Task, time int64) uint64 {
	k := threadKey{t, t.Tid}
	if u, ok := p.threads[k]; ok {
		return u
	}
	pu, ok := p.procs[t.Pid]
	if !ok {
		p.nextUUID++
		pu = p.nextUUID
		p.procs[t.Pid] = pu
		p.procDescriptor(t.Pid, time)
	}
	p.nextUUID++
	u := p.nextUUID
	p.threads[k] = u
	p.threadDescriptor(t, u, pu, time)
	// A child that joined after its parent's fork event: its flow.
	for i, w := range p.waiting {
		if w.tid == t.Tid {
			p.flowIn[t] = append(p.flowIn[t], flowIn{w.id, 0})
			p.waiting = append(p.waiting[:i], p.waiting[i+1:]...)
			break
		}
	}
	return u
}

// rename writes the descriptors of t's process and thread again, with
// the name of the program it now runs.
func (p *PerfettoProto) rename(t *replay.Task, time int64) {
	p.procDescriptor(t.Pid, time)
	if u, ok := p.threads[threadKey{t, t.Tid}]; ok {
		p.threadDescriptor(t, u, p.procs[t.Pid], time)
	}
}

func (p *PerfettoProto) pname(pid int32) string {
	if n := p.pnames[pid]; n != "" {
		return n
	}
	return "pid " + strconv.Itoa(int(pid))
}

func (p *PerfettoProto) procDescriptor(pid int32, time int64) {
	m := p.msg[:0]
	m = protowire.AppendTag(m, fPdPid, protowire.VarintType)
	m = protowire.AppendVarint(m, uint64(pid))
	m = protowire.AppendTag(m, fPdName, protowire.BytesType)
	m = protowire.AppendString(m, p.pname(pid))
	d := protowire.AppendTag(nil, fTdUUID, protowire.VarintType)
	d = protowire.AppendVarint(d, p.procs[pid])
	d = protowire.AppendTag(d, fTdProcess, protowire.BytesType)
	d = protowire.AppendBytes(d, m)
	p.msg = m
	p.descriptor(d, time)
}

func (p *PerfettoProto) threadDescriptor(t *replay.Task, u, pu uint64, time int64) {
	name := p.pname(t.Pid)
	m := p.msg[:0]
	m = protowire.AppendTag(m, fThdPid, protowire.VarintType)
	m = protowire.AppendVarint(m, uint64(t.Pid))
	m = protowire.AppendTag(m, fThdTid, protowire.VarintType)
	m = protowire.AppendVarint(m, uint64(t.Tid))
	m = protowire.AppendTag(m, fThdName, protowire.BytesType)
	m = protowire.AppendString(m, name)
	d := protowire.AppendTag(nil, fTdUUID, protowire.VarintType)
	d = protowire.AppendVarint(d, u)
	d = protowire.AppendTag(d, fTdParent, protowire.VarintType)
	d = protowire.AppendVarint(d, pu)
	d = protowire.AppendTag(d, fTdThread, protowire.BytesType)
	d = protowire.AppendBytes(d, m)
	p.msg = m
	p.descriptor(d, time)
}

// descriptor writes a TrackDescriptor packet.
func (p *PerfettoProto) descriptor(d []byte, time int64) {
	b := p.start(time, false)
	b = protowire.AppendTag(b, fPktTrackDescriptor, protowire.BytesType)
	b = protowire.AppendBytes(b, d)
	p.finish(b)
}

// start begins a packet at time: the sequence and its flags, and (when
// interned is set) the interned entries not written yet.
func (p *PerfettoProto) start(time int64, interned bool) []byte {
	b := p.pkt[:0]
	b = protowire.AppendTag(b, fPktSequenceID, protowire.VarintType)
	b = protowire.AppendVarint(b, perfettoSequenceID)
	flags := uint64(seqNeedsIncremental)
	if p.first {
		flags = seqIncrementalClear
		b = protowire.AppendTag(b, fPktFirstOnSequence, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
		p.first = false
	}
	b = protowire.AppendTag(b, fPktSequenceFlags, protowire.VarintType)
	b = protowire.AppendVarint(b, flags)
	b = protowire.AppendTag(b, fPktTimestamp, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(max(time, 0)))
	if interned && len(p.newNames)+len(p.newCats)+len(p.newAnnots) > 0 {
		m := p.msg[:0]
		for _, e := range []struct {
			field int
			list  []string
			ids   map[string]uint64
		}{{fIdCategories, p.newCats, p.cats}, {fIdNames, p.newNames, p.names}, {fIdAnnotNames, p.newAnnots, p.annots}} {
			for _, s := range e.list {
				var x []byte
				x = protowire.AppendTag(x, fInternIID, protowire.VarintType)
				x = protowire.AppendVarint(x, e.ids[s])
				x = protowire.AppendTag(x, fInternName, protowire.BytesType)
				x = protowire.AppendString(x, s)
				m = protowire.AppendTag(m, protowire.Number(e.field), protowire.BytesType)
				m = protowire.AppendBytes(m, x)
			}
		}
		b = protowire.AppendTag(b, fPktInternedData, protowire.BytesType)
		b = protowire.AppendBytes(b, m)
		p.msg = m
		p.newNames, p.newCats, p.newAnnots = p.newNames[:0], p.newCats[:0], p.newAnnots[:0]
	}
	return b
}

// finish ends a packet: it joins the packets to compress, which are
// compressed into one packet of the output when there are enough.
func (p *PerfettoProto) finish(b []byte) {
	p.pkt = b
	p.pkts = protowire.AppendTag(p.pkts, fTracePacket, protowire.BytesType)
	p.pkts = protowire.AppendBytes(p.pkts, b)
	if len(p.pkts) >= compressChunkPackets {
		p.flushPackets()
	}
}

// flushPackets compresses the packets gathered into one
// compressed_packets packet.
func (p *PerfettoProto) flushPackets() {
	if len(p.pkts) == 0 || p.err != nil {
		p.pkts = p.pkts[:0]
		return
	}
	p.zbuf.Reset()
	p.zw.Reset(&p.zbuf)
	p.zw.Write(p.pkts)
	if err := p.zw.Close(); err != nil {
		p.err = err
		return
	}
	var pkt []byte
	pkt = protowire.AppendTag(pkt, fPktCompressed, protowire.BytesType)
	pkt = protowire.AppendBytes(pkt, p.zbuf.Bytes())
	if len(pkt) > maxCompressedPacket {
		// Incompressible: write the packets as they are.
		if _, err := p.out.Write(p.pkts); err != nil {
			p.err = err
		}
		p.pkts = p.pkts[:0]
		return
	}
	var hdr []byte
	hdr = protowire.AppendTag(hdr, fTracePacket, protowire.BytesType)
	hdr = protowire.AppendVarint(hdr, uint64(len(pkt)))
	if _, err := p.out.Write(hdr); err != nil {
		p.err = err
	}
	if _, err := p.out.Write(pkt); err != nil {
		p.err = err
	}
	p.pkts = p.pkts[:0]
}

// intern returns the iid of s in ids, noting a new entry for the next
// packet.
func intern(ids map[string]uint64, pending *[]string, s string) uint64 {
	if id, ok := ids[s]; ok {
		return id
	}
	id := uint64(len(ids) + 1)
	ids[s] = id
	*pending = append(*pending, s)
	return id
}

// event starts a TrackEvent of type typ on track u: its name and
// category (interned), and the flows it starts and ends.
func (p *PerfettoProto) event(typ uint64, u uint64, name, cat string, out, in []uint64) []byte {
	e := protowire.AppendTag(nil, fTeType, protowire.VarintType)
	e = protowire.AppendVarint(e, typ)
	e = protowire.AppendTag(e, fTeTrackUUID, protowire.VarintType)
	e = protowire.AppendVarint(e, u)
	if name != "" {
		e = protowire.AppendTag(e, fTeNameIID, protowire.VarintType)
		e = protowire.AppendVarint(e, intern(p.names, &p.newNames, name))
		e = protowire.AppendTag(e, fTeCategoryIIDs, protowire.VarintType)
		e = protowire.AppendVarint(e, intern(p.cats, &p.newCats, cat))
	}
	for _, id := range out {
		e = protowire.AppendTag(e, fTeFlowIDs, protowire.Fixed64Type)
		e = protowire.AppendFixed64(e, id)
	}
	for _, id := range in {
		e = protowire.AppendTag(e, fTeTermFlowIDs, protowire.Fixed64Type)
		e = protowire.AppendFixed64(e, id)
	}
	return e
}

// annotation appends a debug annotation with a string (or, for an empty
// value, the boolean true).
func (p *PerfettoProto) annotation(e []byte, name, val string) []byte {
	a := protowire.AppendTag(nil, fDaNameIID, protowire.VarintType)
	a = protowire.AppendVarint(a, intern(p.annots, &p.newAnnots, name))
	if val == "" {
		a = protowire.AppendTag(a, fDaBool, protowire.VarintType)
		a = protowire.AppendVarint(a, 1)
	} else {
		a = protowire.AppendTag(a, fDaString, protowire.BytesType)
		a = protowire.AppendString(a, val)
	}
	e = protowire.AppendTag(e, fTeAnnotations, protowire.BytesType)
	return protowire.AppendBytes(e, a)
}

// emit writes a TrackEvent packet at time.
func (p *PerfettoProto) emit(time int64, e []byte) {
	b := p.start(time, true)
	b = protowire.AppendTag(b, fPktTrackEvent, protowire.BytesType)
	b = protowire.AppendBytes(b, e)
	p.finish(b)
}

// takeIn returns the flows the task's event starting at time ends: those
// waiting for an event at or after that time.
func (p *PerfettoProto) takeIn(t *replay.Task, time int64) []uint64 {
	fs := p.flowIn[t]
	if len(fs) == 0 {
		return nil
	}
	var ids []uint64
	rest := fs[:0]
	for _, f := range fs {
		if time >= f.after {
			ids = append(ids, f.id)
		} else {
			rest = append(rest, f)
		}
	}
	if len(rest) == 0 {
		delete(p.flowIn, t)
	} else {
		p.flowIn[t] = rest
	}
	return ids
}

// slice writes a call of task t as a slice ending at end.
func (p *PerfettoProto) slice(t *replay.Task, c *pcall, call *decode.Call, end int64, unfinished bool) {
	out := p.flowOut[c.tid]
	delete(p.flowOut, c.tid)
	p.sliceOn(p.track(t, c.start), c, call, end, unfinished, out, p.takeIn(t, c.start))
}

func (p *PerfettoProto) sliceOn(u uint64, c *pcall, call *decode.Call, end int64, unfinished bool, out, in []uint64) {
	dur := max(end-c.start, 0)
	if dur < p.o.MinDuration && !keepAlways[call.Name] && len(out) == 0 && len(in) == 0 {
		return
	}
	line, _ := sliceLine(call, &p.o.Decode)
	e := p.event(teSliceBegin, u, call.Name, "syscall", out, in)
	e = p.annotation(e, "line", line)
	if unfinished {
		e = p.annotation(e, "unfinished", "")
	}
	p.emit(c.start, e)
	p.emit(c.start+dur, p.event(teSliceEnd, u, "", "", nil, nil))
}

// unfinished ends the call task t is in at time: it never returned.
func (p *PerfettoProto) unfinished(t *replay.Task, time int64) {
	c := p.calls[t.Tid]
	if c == nil {
		return
	}
	delete(p.calls, t.Tid)
	p.slice(t, c, decode.Syscall(c.entry, nil, &p.o.Decode), time, true)
}

func (p *PerfettoProto) instant(t *replay.Task, time int64, name, cat, key, val string) {
	e := p.event(teInstant, p.track(t, time), name, cat, nil, p.takeIn(t, time))
	if key != "" {
		e = p.annotation(e, key, val)
	}
	p.emit(time, e)
}

// Close ends the calls still in progress at the last event's time, ends
// the flows whose other end never came (at their task's last moment,
// with an instant), and writes what is left.
func (p *PerfettoProto) Close() error {
	for _, tid := range slices.Sorted(maps.Keys(p.calls)) {
		if t := p.taskByTid(tid); t != nil {
			p.unfinished(t, p.last)
		} else {
			delete(p.calls, tid)
		}
	}
	var open []*replay.Task
	for t := range p.flowIn {
		open = append(open, t)
	}
	sort.Slice(open, func(i, j int) bool { return open[i].Tid < open[j].Tid })
	for _, t := range open {
		p.instant(t, p.last, "recording ended", "exit", "", "")
	}
	p.flushPackets()
	if err := p.out.Flush(); err != nil && p.err == nil {
		p.err = err
	}
	if p.err != nil {
		return fmt.Errorf("perfetto: %w", p.err)
	}
	return nil
}
