package bpf

import (
	"sort"

	"mytrace/format"
)

// The ring buffer is shared by every CPU: a thread's records are in
// order, but records of threads on different CPUs may be a few
// microseconds out of order. The orderer holds the converted events for a
// short window and writes them sorted by time (ties keep their arrival
// order, so a task's events never swap).
//
// Events arrive almost sorted, so the pending events are kept sorted as
// they are pushed (an append, or rarely an insertion near the end), and a
// flush writes from the front. The events live in slots, allocated in
// blocks and reused first in, first out: the order in which they are
// filled, written and filled again is the order of the blocks in memory,
// which the processor's prefetching follows (a pool reused last in,
// first out scatters the events of a window over the heap, and every
// event touched is a cache miss).

// slot holds an event, from newEvent until it is written.
type slot struct {
	ev   format.Event
	seq  uint64 // arrival order while pushed
	done bool   // written: the slot is free or holds another event
}

// ref names a pushed event as it was when pushed: slots are reused.
type ref struct {
	s   *slot
	seq uint64
}

// live returns the slot if it still holds the event it held when the ref
// was taken and that event has not been written.
func (r ref) live() *slot {
	if r.s == nil || r.s.seq != r.seq || r.s.done {
		return nil
	}
	return r.s
}

// pend is a pushed event, as the sorted queue keeps it.
type pend struct {
	time int64
	seq  uint64
	s    *slot
}

// slotBlock is how many slots are allocated at a time.
const slotBlock = 256

// maxHeld bounds the events held: beyond, the oldest is written even if
// it is newer than the order window. Records are out of order by tens of
// microseconds (the CPUs' records meet in one ring), far fewer events
// than this; the bound keeps the events held, which are touched again
// when written, in the processor's cache when events come fast (10 ms of
// a dd's events are 5,000 to 20,000 of them).
const maxHeld = 1024

type orderer struct {
	pending  []pend // sorted by time, then arrival; pending[head:] wait
	head     int
	free     []*slot // a queue: free[freeHead:] are free, oldest first
	freeHead int
	next     uint64
	sink     func(*format.Event) error
	err      error
	written  uint64
	max      int64 // the latest time pushed
}

func newOrderer(sink func(*format.Event) error) *orderer {
	return &orderer{sink: sink}
}

// newSlot returns a slot holding a cleared event to fill and push.
func (o *orderer) newSlot() *slot {
	if o.freeHead == len(o.free) {
		o.free, o.freeHead = o.free[:0], 0
		blk := make([]slot, slotBlock)
		for i := range blk {
			o.free = append(o.free, &blk[i])
		}
	}
	s := o.free[o.freeHead]
	o.free[o.freeHead] = nil
	o.freeHead++
	stack := s.ev.Stack[:0]
	s.ev.Reset()
	s.ev.Stack = stack
	s.seq, s.done = 0, false
	return s
}

// release returns a slot that newSlot gave and that was not pushed.
func (o *orderer) release(s *slot) {
	s.done = true
	o.putFree(s)
}

func (o *orderer) putFree(s *slot) {
	if o.freeHead > 0 && len(o.free) == cap(o.free) {
		// Move the queue to the front rather than grow it.
		n := copy(o.free, o.free[o.freeHead:])
		clear(o.free[n:])
		o.free, o.freeHead = o.free[:n], 0
	}
	o.free = append(o.free, s)
}

// push queues the event of s and returns a reference to it.
func (o *orderer) push(s *slot) ref {
	o.next++
	s.seq, s.done = o.next, false
	t := s.ev.Time
	p := pend{t, o.next, s}
	if n := len(o.pending); n == o.head || o.pending[n-1].time <= t {
		o.pending = append(o.pending, p)
	} else {
		// Out of order: after the last event not later than it.
		q := o.pending[o.head:]
		i := o.head + sort.Search(len(q), func(i int) bool { return q[i].time > t })
		o.pending = append(o.pending, pend{})
		copy(o.pending[i+1:], o.pending[i:])
		o.pending[i] = p
	}
	o.max = max(o.max, t)
	if len(o.pending)-o.head > maxHeld {
		o.write(1)
	}
	return ref{s, s.seq}
}

// flush writes, in time order, the events older than before (all of them
// when all is set).
func (o *orderer) flush(before int64, all bool) {
	n := 0
	for i := o.head; i < len(o.pending) && (all || o.pending[i].time < before); i++ {
		n++
	}
	o.write(n)
}

// write writes the n oldest events.
func (o *orderer) write(n int) {
	i := o.head
	for end := o.head + n; i < end; i++ {
		p := o.pending[i]
		if o.err == nil {
			if err := o.sink(&p.s.ev); err != nil {
				o.err = err
			}
		}
		o.written++
		p.s.done = true
		o.putFree(p.s)
		o.pending[i].s = nil
	}
	o.head = i
	switch {
	case o.head == len(o.pending):
		o.pending, o.head = o.pending[:0], 0
	case o.head >= 1024 && o.head >= len(o.pending)/2:
		n := copy(o.pending, o.pending[o.head:])
		o.pending, o.head = o.pending[:n], 0
	}
}

// newest returns the latest time of the events pushed so far.
func (o *orderer) newest() int64 { return o.max }
