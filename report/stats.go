package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"mytrace/decode/sysent"
	"mytrace/format"
	"mytrace/replay"
)

// Counter sums the calls of one syscall.
type Counter struct {
	Name   string
	Calls  uint64
	Errors uint64
	Time   int64 // ns spent in the calls, summed
	Min    int64 // shortest call, ns
	Max    int64 // longest call, ns
}

// Stats accumulates per-syscall counts from replayed events, in constant
// memory: one counter per syscall number, nothing per event.
type Stats struct {
	byNr  [1024]*Counter
	other map[string]*Counter // numbers outside the x86-64 table
	// Trace, if set, says which syscalls to count (strace -e trace=).
	Trace func(nr uint64, arch uint32) bool
	// Successful and Failed, if either is set, count only calls that
	// succeeded or failed (strace -z, -Z, -e status=).
	Successful, Failed bool
}

// NewStats returns an empty Stats.
func NewStats() *Stats { return &Stats{other: map[string]*Counter{}} }

// Add counts a replayed event; only syscall exits count, as with strace,
// so a call that never returned (exit_group) is not counted.
func (s *Stats) Add(ev *replay.Event) {
	if ev.Kind != replay.SyscallExit || ev.Entry == nil {
		return
	}
	x := ev.Exit
	if s.Trace != nil && !s.Trace(x.Nr, x.Arch) {
		return
	}
	if (s.Successful || s.Failed) && (x.IsError && !s.Failed || !x.IsError && !s.Successful) {
		return
	}
	c := s.counter(x.Nr, x.Arch)
	c.Calls++
	if x.IsError {
		c.Errors++
	}
	d := x.Time - ev.Entry.Time
	if d < 0 {
		d = 0
	}
	c.Time += d
	if c.Calls == 1 || d < c.Min {
		c.Min = d
	}
	if d > c.Max {
		c.Max = d
	}
}

func (s *Stats) counter(nr uint64, arch uint32) *Counter {
	if arch == format.ArchX86_64 && nr < uint64(len(s.byNr)) {
		if c := s.byNr[nr]; c != nil {
			return c
		}
		name := "syscall_0x" + strconv.FormatUint(nr, 16)
		if e := sysent.Lookup(nr); e != nil {
			name = e.Name
		}
		c := &Counter{Name: name}
		s.byNr[nr] = c
		return c
	}
	name := "syscall_0x" + strconv.FormatUint(nr, 16)
	if arch == format.ArchI386 {
		name = "syscall_0x" + strconv.FormatUint(nr, 16) + " (32 bit)"
		if n, _, ok := sysent.LookupI386(nr); ok {
			name = n + " (32 bit)"
		}
	} else if nr&sysent.X32Bit != 0 && nr < 1<<32 {
		if n, _, ok := sysent.LookupX32(nr &^ sysent.X32Bit); ok {
			name = n + " (x32)"
		}
	}
	c := s.other[name]
	if c == nil {
		c = &Counter{Name: name}
		s.other[name] = c
	}
	return c
}

// Counters returns the counters of syscalls that were called, in syscall
// number order.
func (s *Stats) Counters() []*Counter {
	var out []*Counter
	for _, c := range s.byNr {
		if c != nil && c.Calls > 0 {
			out = append(out, c)
		}
	}
	names := make([]string, 0, len(s.other))
	for n := range s.other {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out = append(out, s.other[n])
	}
	return out
}

// ErrBadSort reports an unknown -S value.
var ErrBadSort = errors.New("invalid sortby")

// sortKeys are strace's -S names.
var sortKeys = map[string]func(a, b *Counter) bool{
	"time":    func(a, b *Counter) bool { return a.Time > b.Time },
	"calls":   func(a, b *Counter) bool { return a.Calls > b.Calls },
	"errors":  func(a, b *Counter) bool { return a.Errors > b.Errors },
	"name":    func(a, b *Counter) bool { return a.Name < b.Name },
	"nothing": nil,
}

// CheckSort validates a -S value.
func CheckSort(by string) error {
	if _, ok := sortKeys[by]; !ok {
		return fmt.Errorf("%w: '%s' (use time, calls, errors, name or nothing)", ErrBadSort, by)
	}
	return nil
}

// WriteTable writes strace -c's summary table, sorted by `by` (time,
// calls, errors, name, nothing).
func (s *Stats) WriteTable(w io.Writer, by string) error {
	if err := CheckSort(by); err != nil {
		return err
	}
	cs := s.Counters()
	if less := sortKeys[by]; less != nil {
		sort.SliceStable(cs, func(i, j int) bool { return less(cs[i], cs[j]) })
	}
	var total Counter
	var avgMax float64
	nameMax := 0
	for _, c := range cs {
		total.Calls += c.Calls
		total.Errors += c.Errors
		total.Time += c.Time
		avg := float64(c.Time) / 1e9 / float64(c.Calls)
		avgMax = math.Max(avgMax, avg)
		nameMax = max(nameMax, len(c.Name))
	}
	cum := float64(total.Time) / 1e9
	wPct := 6
	wSec := max(11, len(strconv.FormatFloat(cum, 'f', 6, 64)))
	wAvg := max(11, len(strconv.FormatUint(uint64(avgMax*1e6), 10)))
	wCalls := max(9, len(strconv.FormatUint(total.Calls, 10)))
	wErr := max(9, len(strconv.FormatUint(total.Errors, 10)))
	wName := max(16, nameMax+1)

	var b strings.Builder
	pad := func(s string, n int) string {
		if len(s) >= n {
			return s
		}
		return strings.Repeat(" ", n-len(s)) + s
	}
	fmt.Fprintf(&b, "%s %s %s %s %s %s\n", pad("% time", wPct), pad("seconds", wSec), pad("usecs/call", wAvg),
		pad("calls", wCalls), pad("errors", wErr), "syscall")
	rule := strings.Repeat("-", wPct) + " " + strings.Repeat("-", wSec) + " " + strings.Repeat("-", wAvg) + " " +
		strings.Repeat("-", wCalls) + " " + strings.Repeat("-", wErr) + " " + strings.Repeat("-", wName) + "\n"
	b.WriteString(rule)
	errs := func(n uint64) string {
		if n == 0 {
			return "" // strace prints errors with %.0u: nothing for zero
		}
		return strconv.FormatUint(n, 10)
	}
	for _, c := range cs {
		sec := float64(c.Time) / 1e9
		pct := 100 * sec
		if pct != 0 {
			pct /= cum
		}
		avg := uint64(sec / float64(c.Calls) * 1e6)
		fmt.Fprintf(&b, "%s %s %s %s %s %s\n", pad(strconv.FormatFloat(pct, 'f', 2, 64), wPct),
			pad(strconv.FormatFloat(sec, 'f', 6, 64), wSec), pad(strconv.FormatUint(avg, 10), wAvg),
			pad(strconv.FormatUint(c.Calls, 10), wCalls), pad(errs(c.Errors), wErr), c.Name)
	}
	b.WriteString(rule)
	var avg uint64
	if total.Calls > 0 {
		avg = uint64(cum / float64(total.Calls) * 1e6)
	}
	fmt.Fprintf(&b, "%s %s %s %s %s %s\n", pad("100.00", wPct), pad(strconv.FormatFloat(cum, 'f', 6, 64), wSec),
		pad(strconv.FormatUint(avg, 10), wAvg), pad(strconv.FormatUint(total.Calls, 10), wCalls),
		pad(errs(total.Errors), wErr), "total")
	_, err := io.WriteString(w, b.String())
	return err
}
