package bpf

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"mytrace/format"
)

// TestOrderer: events pushed out of order (by less than the bound on
// what is held) come out sorted by time, ties in the order pushed; a
// flush writes what is older than its time and keeps the rest; a ref
// stays live until its event is written, even when its slot is reused
// after.
func TestOrderer(t *testing.T) {
	type out struct {
		time int64
		tid  int32
	}
	var got []out
	o := newOrderer(func(ev *format.Event) error {
		got = append(got, out{ev.Time, ev.Tid})
		return nil
	})
	rng := rand.New(rand.NewSource(1))
	var want []out
	var refs []ref
	for i := 0; i < 5000; i++ {
		s := o.newSlot()
		// Mostly in order, some a little late, some at the same time.
		tm := int64(i*10 - rng.Intn(3)*rng.Intn(2)*25)
		s.ev.Time, s.ev.Tid = tm, int32(i)
		refs = append(refs, o.push(s))
		want = append(want, out{tm, int32(i)})
	}
	if r := refs[len(refs)-1]; r.live() == nil {
		t.Fatal("the last event pushed is not live")
	}
	n := len(got)
	o.flush(49000, false)
	for _, g := range got[n:] {
		if g.time >= 49000 {
			t.Fatalf("flush(49000) wrote an event at %d", g.time)
		}
	}
	for _, p := range o.pending[o.head:] {
		if p.time < 49000 {
			t.Fatalf("flush(49000) left an event at %d", p.time)
		}
	}
	if held := len(o.pending) - o.head; held > maxHeld {
		t.Fatalf("%d events held, more than %d", held, maxHeld)
	}
	o.flush(0, true)
	slices.SortStableFunc(want, func(a, b out) int { return int(a.time - b.time) })
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events out of order: %v...", got[:20])
	}
	for i, r := range refs {
		if r.live() != nil {
			t.Fatalf("event %d still live once written", i)
		}
	}
	// Slots are reused: a ref taken before names nothing now.
	s := o.newSlot()
	r := o.push(s)
	if r.live() == nil || refs[0].live() != nil {
		t.Fatal("a reused slot confuses refs")
	}
}

// TestOrdererHeld: however far behind the writes, at most maxHeld events
// wait, the oldest written first.
func TestOrdererHeld(t *testing.T) {
	var got []int64
	o := newOrderer(func(ev *format.Event) error { got = append(got, ev.Time); return nil })
	for i := 0; i < 3*maxHeld; i++ {
		s := o.newSlot()
		s.ev.Time = int64(i)
		o.push(s)
	}
	if len(got) != 2*maxHeld || got[0] != 0 || got[len(got)-1] != int64(2*maxHeld-1) {
		t.Fatalf("%d events written (from %v), want the %d oldest", len(got), got[:1], 2*maxHeld)
	}
}
