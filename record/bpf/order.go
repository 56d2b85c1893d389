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

// item is an event waiting in the orderer.
type item struct {
	ev   *format.Event
	seq  uint64 // arrival order
	done bool   // written: ev belongs to someone else now
}

// ref names an item as it was when taken: items are reused.
type ref struct {
	it  *item
	seq uint64
}

// live returns the item if it still holds the event it held when the
// ref was taken and has not been written.
func (r ref) live() *item {
	if r.it == nil || r.it.seq != r.seq || r.it.done {
		return nil
	}
	return r.it
}

type orderer struct {
	pending []*item
	items   []*item         // free items
	events  []*format.Event // free events
	next    uint64
	sink    func(*format.Event) error
	err     error
	written uint64
	max     int64 // the latest time pushed
}

func newOrderer(sink func(*format.Event) error) *orderer {
	return &orderer{sink: sink}
}

// newEvent returns a cleared event to fill and push.
func (o *orderer) newEvent() *format.Event {
	if n := len(o.events); n > 0 {
		ev := o.events[n-1]
		o.events = o.events[:n-1]
		ev.Reset()
		ev.Stack, ev.HasStack, ev.StackAddr = ev.Stack[:0], false, 0
		return ev
	}
	return new(format.Event)
}

// push queues ev and returns a reference to it.
func (o *orderer) push(ev *format.Event) ref {
	var it *item
	if n := len(o.items); n > 0 {
		it = o.items[n-1]
		o.items = o.items[:n-1]
	} else {
		it = new(item)
	}
	o.next++
	it.ev, it.seq, it.done = ev, o.next, false
	o.pending = append(o.pending, it)
	o.max = max(o.max, ev.Time)
	return ref{it, it.seq}
}

// flush writes, in time order, the events older than before (all of them
// when all is set).
func (o *orderer) flush(before int64, all bool) {
	if len(o.pending) == 0 {
		return
	}
	less := func(i, j int) bool {
		a, b := o.pending[i], o.pending[j]
		if a.ev.Time != b.ev.Time {
			return a.ev.Time < b.ev.Time
		}
		return a.seq < b.seq
	}
	// Mostly in order already: check before sorting.
	if !sort.SliceIsSorted(o.pending, less) {
		sort.Slice(o.pending, less)
	}
	n := 0
	for _, it := range o.pending {
		if !all && it.ev.Time >= before {
			break
		}
		if o.err == nil {
			if err := o.sink(it.ev); err != nil {
				o.err = err
			}
		}
		o.written++
		it.done = true
		it.seq = 0
		o.events = append(o.events, it.ev)
		it.ev = nil
		o.items = append(o.items, it)
		n++
	}
	rest := copy(o.pending, o.pending[n:])
	for i := rest; i < len(o.pending); i++ {
		o.pending[i] = nil
	}
	o.pending = o.pending[:rest]
}

// newest returns the latest time of the events pushed so far.
func (o *orderer) newest() int64 { return o.max }
