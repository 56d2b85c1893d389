package bpf

import (
	"time"

	"mytrace/format"
)

// How long events wait to be put in order, and how many records the
// reader takes between two flushes of the events old enough.
const (
	orderWindow = int64(10 * time.Millisecond)
	flushEvery  = 256
)

// pipeline is the reader's work on each record: parse it, convert it
// into events, and put them in time order for the sink. Run feeds it
// from the ring buffer; BenchmarkReader from recorded records.
type pipeline struct {
	out  *orderer
	conv *converter
	rr   rawRecord
	n    int // records taken
}

func newPipeline(o convOptions, t *Table, sink func(*format.Event) error) *pipeline {
	out := newOrderer(sink)
	return &pipeline{out: out, conv: newConverter(o, t, out)}
}

// startTask is a task recorded from the start: the launched command, or
// the threads of attached processes.
type startTask struct {
	tid, tgid int32
	how       uint8  // format.NewTask*
	msg       uint64 // an attached thread: 1 + the syscall it is in, or 0
	inSys     bool
}

// start announces a task recorded from the start, at ts.
func (p *pipeline) start(s startTask, ts uint64) {
	t := p.conv.addTask(s.tid, s.tgid)
	if s.inSys {
		t.inSys, t.nr = true, s.msg-1
	}
	ev := p.conv.event(format.KindNewTask, s.tid, ts)
	ev.ev.Pid, ev.ev.How, ev.ev.Msg = s.tgid, s.how, s.msg
	p.out.push(ev)
}

// record converts one ring-buffer record (b is not kept).
func (p *pipeline) record(b []byte) {
	if err := parseRecord(b, &p.rr); err == nil {
		p.conv.handle(&p.rr)
	}
	if p.n++; p.n%flushEvery == 0 {
		p.flushOld()
	}
}

// flushOld writes the events older than the window.
func (p *pipeline) flushOld() { p.out.flush(p.out.newest()-orderWindow, false) }

// reset readies p for another recording from the start (the
// benchmark's next pass), keeping its buffers. Everything must have been
// written (end).
func (p *pipeline) reset() {
	p.out.max = 0
	p.n = 0
	p.conv.reset()
}

// end writes everything still held.
func (p *pipeline) end() {
	p.conv.finish()
	p.out.flush(0, true)
}
