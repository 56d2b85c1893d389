package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"mytrace/format"
	"mytrace/internal/testtrace"
	"mytrace/replay"
)

// exportProto exports a recording in the protobuf form.
func exportProto(t *testing.T, path string, o PerfettoOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	var p *PerfettoProto
	testtrace.Replay(t, path, func(h *format.Header) { p = NewPerfettoProto(&buf, h, o) }, func(ev *replay.Event) { p.Add(ev) })
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// protoSummary names what a trace holds: processes by name, their
// slices, the fork flows (parent>child), the instants by category.
func protoSummary(tr *PerfettoTrace) (names map[int64]string, calls map[string]int, forks []string, instants map[string]int) {
	names = map[int64]string{}
	for _, k := range tr.Tracks {
		if k.Tid == 0 {
			names[k.Pid] = k.Name
		}
	}
	proc := func(s *PerfettoSlice) string { return names[tr.Tracks[s.Track].Pid] }
	calls, instants = map[string]int{}, map[string]int{}
	from := map[uint64]*PerfettoSlice{}
	for _, s := range tr.Slices {
		calls[proc(s)]++
		for _, id := range s.FlowsOut {
			from[id] = s
		}
	}
	for _, s := range tr.Instants {
		instants[s.Cat]++
	}
	for _, s := range append(append([]*PerfettoSlice(nil), tr.Slices...), tr.Instants...) {
		for _, id := range s.FlowsIn {
			if f := from[id]; f != nil && f.Name != "execve" {
				forks = append(forks, proc(f)+">"+proc(s))
			}
		}
	}
	sort.Strings(forks)
	return
}

// TestPerfettoProtoPipeline: the recorded `sh -c 'cat /etc/os-release |
// wc -c'` exports as a valid Perfetto trace: three processes named after
// what they exec'd, each with its syscalls and their lines; fork flows
// from the shell to both children, exec flows; signals and exits as
// instants; compressed, and far smaller than the JSON form.
func TestPerfettoProtoPipeline(t *testing.T) {
	file := filepath.Join("..", "testdata", "traces", "pipeline.trace")
	data := exportProto(t, file, PerfettoOptions{})
	tr, err := ValidatePerfettoTrace(data)
	if err != nil {
		t.Fatal(err)
	}
	names, calls, forks, instants := protoSummary(tr)
	if len(names) != 3 || calls["sh"] == 0 || calls["cat"] == 0 || calls["wc"] == 0 {
		t.Errorf("processes %v, calls per process %v", names, calls)
	}
	if fmt.Sprint(forks) != "[sh>cat sh>wc]" {
		t.Errorf("fork flows: %v", forks)
	}
	if instants["exit"] != 3 || instants["signal"] != 1 {
		t.Errorf("instants: %v", instants)
	}
	execs := 0
	var openat *PerfettoSlice
	for _, s := range tr.Slices {
		if s.Name == "execve" && len(s.FlowsOut) == 1 {
			execs++
		}
		if s.Name == "openat" && names[tr.Tracks[s.Track].Pid] == "cat" {
			openat = s
		}
	}
	if execs != 3 {
		t.Errorf("%d execve slices start a flow, want 3", execs)
	}
	if openat == nil || openat.Args["line"] != `openat(AT_FDCWD, "/etc/os-release", O_RDONLY) = 3` || openat.Cat != "syscall" {
		t.Errorf("cat's openat: %+v", openat)
	}
	// As many slices as the JSON form has.
	evs, err := ValidateChromeTrace(exportFile(t, file, PerfettoOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Ph == "X" {
			n++
		}
	}
	if len(tr.Slices) != n {
		t.Errorf("%d slices, the JSON form has %d", len(tr.Slices), n)
	}
	// The packets are compressed: the top level holds compressed packets
	// only.
	num, _, _ := protowire.ConsumeTag(data)
	if num != fTracePacket {
		t.Fatalf("first field %d", num)
	}
	if b, n := protowire.ConsumeBytes(data[protowire.SizeTag(fTracePacket):]); n < 0 || !bytes.HasPrefix(b, protowire.AppendTag(nil, fPktCompressed, protowire.BytesType)) {
		t.Errorf("the first packet is not compressed packets")
	}

	// --min-duration: short calls go, those the flows start from or end
	// at stay, and the trace is still valid.
	short, err := ValidatePerfettoTrace(exportProto(t, file, PerfettoOptions{MinDuration: 1e12}))
	if err != nil {
		t.Fatal(err)
	}
	if len(short.Slices) == 0 || len(short.Slices) >= len(tr.Slices) {
		t.Errorf("--min-duration kept %d of %d slices", len(short.Slices), len(tr.Slices))
	}
}

// TestValidatePerfettoTraceFails: the checker the tests rely on rejects
// what it should.
func TestValidatePerfettoTraceFails(t *testing.T) {
	pkt := func(fs ...[]byte) []byte {
		var m []byte
		for _, f := range fs {
			m = append(m, f...)
		}
		return protowire.AppendBytes(protowire.AppendTag(nil, fTracePacket, protowire.BytesType), m)
	}
	varint := func(n protowire.Number, v uint64) []byte {
		return protowire.AppendVarint(protowire.AppendTag(nil, n, protowire.VarintType), v)
	}
	msg := func(n protowire.Number, fs ...[]byte) []byte {
		var m []byte
		for _, f := range fs {
			m = append(m, f...)
		}
		return protowire.AppendBytes(protowire.AppendTag(nil, n, protowire.BytesType), m)
	}
	str := func(n protowire.Number, s string) []byte {
		return protowire.AppendString(protowire.AppendTag(nil, n, protowire.BytesType), s)
	}
	seq, clear, needs := varint(fPktSequenceID, 1), varint(fPktSequenceFlags, seqIncrementalClear), varint(fPktSequenceFlags, seqNeedsIncremental)
	ts := func(v uint64) []byte { return varint(fPktTimestamp, v) }
	proc := pkt(seq, clear, ts(1), msg(fPktTrackDescriptor, varint(fTdUUID, 1), msg(fTdProcess, varint(fPdPid, 5), str(fPdName, "p"))))
	thread := pkt(seq, needs, ts(1), msg(fPktTrackDescriptor, varint(fTdUUID, 2), varint(fTdParent, 1), msg(fTdThread, varint(fThdPid, 5), varint(fThdTid, 5))))
	names := msg(fPktInternedData, msg(fIdNames, varint(fInternIID, 1), str(fInternName, "read")), msg(fIdCategories, varint(fInternIID, 1), str(fInternName, "syscall")))
	begin := func(at uint64, interned bool) []byte {
		e := msg(fPktTrackEvent, varint(fTeType, teSliceBegin), varint(fTeTrackUUID, 2), varint(fTeNameIID, 1), varint(fTeCategoryIIDs, 1))
		if interned {
			return pkt(seq, needs, ts(at), names, e)
		}
		return pkt(seq, needs, ts(at), e)
	}
	end := func(at uint64) []byte {
		return pkt(seq, needs, ts(at), msg(fPktTrackEvent, varint(fTeType, teSliceEnd), varint(fTeTrackUUID, 2)))
	}
	cat := func(ps ...[]byte) []byte { return bytes.Join(ps, nil) }
	good := cat(proc, thread, begin(10, true), end(20), begin(30, false), end(40))
	if _, err := ValidatePerfettoTrace(good); err != nil {
		t.Fatalf("a good trace: %v", err)
	}
	for what, b := range map[string][]byte{
		"empty":                 nil,
		"not packets":           varint(2, 1),
		"no sequence":           cat(pkt(clear, ts(1)), thread),
		"state not cleared":     cat(pkt(seq, needs, ts(1), msg(fPktTrackDescriptor, varint(fTdUUID, 1), msg(fTdProcess, varint(fPdPid, 5))))),
		"unknown track":         cat(proc, begin(10, true), end(20)),
		"name not interned":     cat(proc, thread, begin(10, false), end(20)),
		"end without begin":     cat(proc, thread, end(5), begin(10, true), end(20)),
		"never ends":            cat(proc, thread, begin(10, true)),
		"nested":                cat(proc, thread, begin(10, true), begin(15, false), end(20), end(30)),
		"thread without parent": cat(proc, pkt(seq, needs, ts(1), msg(fPktTrackDescriptor, varint(fTdUUID, 2), varint(fTdParent, 9), msg(fTdThread, varint(fThdPid, 5), varint(fThdTid, 5))))),
		"flow without end": cat(proc, thread, pkt(seq, needs, ts(10), names, msg(fPktTrackEvent, varint(fTeType, teSliceBegin), varint(fTeTrackUUID, 2), varint(fTeNameIID, 1),
			protowire.AppendFixed64(protowire.AppendTag(nil, fTeFlowIDs, protowire.Fixed64Type), 7))), end(20)),
	} {
		if _, err := ValidatePerfettoTrace(b); err == nil {
			t.Errorf("%s: accepted", what)
		} else if testing.Verbose() {
			t.Logf("%s: %v", what, err)
		}
	}
}

// TestPerfettoProtoVforkExec: a vfork child whose first call is an
// execve ends the fork's flow on that execve and starts the exec's flow
// there; both flows have their two ends.
func TestPerfettoProtoVforkExec(t *testing.T) {
	s := &synth{}
	s.task(10, 0)
	s.execve(10, nil, "/bin/sh", "sh")
	s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: 10, Arch: format.ArchX86_64, Nr: 58}) // vfork
	s.add(&format.Event{Kind: format.KindPtraceEvent, Tid: 10, PtraceEvent: 2, Msg: 11})
	s.task(11, 10)
	s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: 11, Arch: format.ArchX86_64, Nr: 59, Args: [6]uint64{0x10000}, Mem: []format.Region{strRegion(0x10000, "/bin/true")}})
	s.add(&format.Event{Kind: format.KindPtraceEvent, Tid: 11, PtraceEvent: 4, Msg: 11})
	s.add(&format.Event{Kind: format.KindSyscallExit, Tid: 11, Arch: format.ArchX86_64, Nr: 59})
	s.add(&format.Event{Kind: format.KindSyscallExit, Tid: 10, Arch: format.ArchX86_64, Nr: 58, Ret: 11})
	s.call(11, 39, [6]uint64{}, nil, 11, nil) // getpid
	s.exit(11, 0)
	s.exit(10, 0)
	var buf bytes.Buffer
	p := NewPerfettoProto(&buf, &format.Header{Command: []string{"sh"}}, PerfettoOptions{})
	rp := replay.New(&sliceSource{evs: s.evs})
	for {
		ev, err := rp.Next()
		if err != nil {
			break
		}
		p.Add(ev)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	tr, err := ValidatePerfettoTrace(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	from := map[uint64]string{}
	for _, s := range tr.Slices {
		for _, id := range s.FlowsOut {
			from[id] = s.Name
		}
	}
	var flows []string
	for _, s := range append(tr.Slices, tr.Instants...) {
		for _, id := range s.FlowsIn {
			flows = append(flows, from[id]+">"+s.Name)
		}
	}
	sort.Strings(flows)
	if fmt.Sprint(flows) != "[execve>getpid vfork>execve]" {
		t.Errorf("flows %v", flows)
	}
}
