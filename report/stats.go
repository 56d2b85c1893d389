package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"mytrace/format"
	"mytrace/replay"
	"mytrace/sysent"
)

// Counter sums the calls of one syscall.
type Counter struct {
	Name   string
	Calls  uint64
	Errors uint64
	Time   int64 // ns spent in the calls, summed
	Min    int64 // shortest call, ns
	Max    int64 // longest call, ns
	// Lat is the distribution of the calls' wall-clock latencies, kept
	// with --latency.
	Lat *Histogram
	// Injected counts the calls whose result -e inject= or -e fault=
	// made up, or whose memory it poked: those strace marks (INJECTED)
	// (see stats_inject.go).
	Injected uint64
}

// table is one summary table: a counter per syscall.
type table struct {
	byNr  [1024]*Counter
	other map[string]*Counter // numbers outside the x86-64 table, other ABIs
}

// Options choose what Stats measures and keeps.
type Options struct {
	// Trace, if set, says which syscalls to count (strace -e trace=).
	Trace func(nr uint64, arch uint32) bool
	// Successful and Failed, if either is set, count only calls that
	// succeeded or failed (strace -z, -Z, -e status=).
	Successful, Failed bool
	// WallClock measures each call's elapsed time (strace -w) instead of
	// the system CPU time its process spent in it (strace's default).
	WallClock bool
	// Overhead is taken off each call's time, down to zero (strace -O:
	// the tracer's own cost per call).
	Overhead time.Duration
	// Latency keeps a latency histogram per syscall (--latency).
	Latency bool
	// PerProcess or PerThread keep a table per process or thread.
	PerProcess, PerThread bool
	// Top keeps the Top slowest calls (--top N).
	Top int
	// Files keeps every path the program touched (--files).
	Files bool
}

// Stats accumulates per-syscall counts from replayed events in one pass:
// one counter per syscall (per process or thread if asked), the Top
// slowest calls and the paths touched; nothing else is kept per event.
type Stats struct {
	Options
	total  table
	per    map[int32]*group
	order  []int32          // groups in the order they appeared
	cmds   map[int32]string // process -> what it exec'd
	parent map[int32]int32  // process -> its parent
	top    topCalls
	files  fileSet
	// Lost counts the events the recording says it lost (a full ring
	// buffer of the bpf backend): the tables miss those calls.
	Lost uint64
}

// group is a process (or thread) with its own table.
type group struct {
	id  int32 // process or thread
	pid int32
	t   table
}

// NewStats returns an empty Stats.
func NewStats() *Stats { return NewStatsWith(Options{}) }

// NewStatsWith returns an empty Stats with options.
func NewStatsWith(o Options) *Stats {
	return &Stats{Options: o, per: map[int32]*group{}, cmds: map[int32]string{}, parent: map[int32]int32{}}
}

// callTime is the time strace -c gives a call: the system CPU time spent
// between its entry and exit stops when the recording has it and -w was
// not asked, else the elapsed time.
func (s *Stats) callTime(entry, exit *format.Event) int64 {
	if !s.WallClock && entry.HasSTime && exit.HasSTime {
		if exit.STime < entry.STime {
			return 0
		}
		return int64(exit.STime - entry.STime)
	}
	return max(exit.Time-entry.Time, 0)
}

// Add counts a replayed event; only syscall exits count, as with strace,
// so a call that never returned (exit_group) is not counted.
func (s *Stats) Add(ev *replay.Event) {
	if ev.Kind == replay.Lost {
		s.Lost += ev.Raw.Msg
		return
	}
	if (s.PerProcess || s.PerThread) && ev.Kind == replay.SyscallExit && ev.Entry != nil && !ev.Exit.IsError {
		s.noteExec(ev)
	}
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
	d := max(s.callTime(ev.Entry, x)-int64(s.Overhead), 0)
	lat := max(x.Time-ev.Entry.Time, 0)
	s.total.add(x, d, lat, s.Latency)
	if g := s.group(ev); g != nil {
		g.t.add(x, d, lat, s.Latency)
	}
	if s.Top > 0 {
		s.top.add(s.Top, ev, lat)
	}
	if s.Files {
		s.files.add(ev)
	}
}

func (t *table) add(x *format.Event, d, lat int64, latency bool) {
	c := t.counter(x.Nr, x.Arch)
	c.Calls++
	if x.IsError {
		c.Errors++
	}
	if x.Tamper.Injected() || x.Tamper.Poked() {
		c.Injected++
	}
	c.Time += d
	if c.Calls == 1 || d < c.Min {
		c.Min = d
	}
	if d > c.Max {
		c.Max = d
	}
	if latency {
		if c.Lat == nil {
			c.Lat = &Histogram{}
		}
		c.Lat.Add(lat)
	}
}

func (t *table) counter(nr uint64, arch uint32) *Counter {
	if arch == format.ArchX86_64 && nr < uint64(len(t.byNr)) {
		if c := t.byNr[nr]; c != nil {
			return c
		}
		name := "syscall_0x" + strconv.FormatUint(nr, 16)
		if e := sysent.Lookup(nr); e != nil {
			name = e.Name
		}
		c := &Counter{Name: name}
		t.byNr[nr] = c
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
	if t.other == nil {
		t.other = map[string]*Counter{}
	}
	c := t.other[name]
	if c == nil {
		c = &Counter{Name: name}
		t.other[name] = c
	}
	return c
}

// counters returns the counters of syscalls that were called, in syscall
// number order.
func (t *table) counters() []*Counter {
	var out []*Counter
	for _, c := range t.byNr {
		if c != nil && c.Calls > 0 {
			out = append(out, c)
		}
	}
	names := make([]string, 0, len(t.other))
	for n := range t.other {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out = append(out, t.other[n])
	}
	return out
}

// Counters returns the counters of syscalls that were called, in syscall
// number order.
func (s *Stats) Counters() []*Counter { return s.total.counters() }

// ErrBadSort reports an unknown -S value; ErrBadColumn an unknown -U one.
var (
	ErrBadSort   = errors.New("invalid sortby")
	ErrBadColumn = errors.New("unknown column name")
	// ErrDupColumn reports a -U column given twice.
	ErrDupColumn = errors.New("call summary column has been provided more than once")
)

// sortKeys are strace's -S names.
var sortKeys = map[string]func(a, b *Counter) bool{
	"time":    func(a, b *Counter) bool { return a.Time > b.Time },
	"calls":   func(a, b *Counter) bool { return a.Calls > b.Calls },
	"errors":  func(a, b *Counter) bool { return a.Errors > b.Errors },
	"name":    func(a, b *Counter) bool { return a.Name < b.Name },
	"nothing": nil,
	// strace's min-time, max-time and avg-time orders.
	"min-time": func(a, b *Counter) bool { return a.Min > b.Min },
	"max-time": func(a, b *Counter) bool { return a.Max > b.Max },
	"avg-time": func(a, b *Counter) bool { return avg(a) > avg(b) },
}

// avg is a counter's time per call.
func avg(c *Counter) int64 {
	if c.Calls == 0 {
		return 0
	}
	return c.Time / int64(c.Calls)
}

func init() {
	// strace's other names for the same orders.
	for alias, key := range map[string]string{
		"time_total": "time", "total_time": "time", "time-total": "time", "total-time": "time",
		"time_percent": "time", "time-percent": "time", "count": "calls", "error": "errors",
		"syscall": "name", "syscall_name": "name", "syscall-name": "name", "none": "nothing",
		"min_time": "min-time", "shortest": "min-time", "time-min": "min-time", "time_min": "min-time",
		"max_time": "max-time", "longest": "max-time", "time-max": "max-time", "time_max": "max-time",
		"avg_time": "avg-time", "time-avg": "avg-time", "time_avg": "avg-time",
	} {
		sortKeys[alias] = sortKeys[key]
	}
}

// CheckSort validates a -S value.
func CheckSort(by string) error {
	if _, ok := sortKeys[by]; !ok {
		return fmt.Errorf("%w: '%s'", ErrBadSort, by)
	}
	return nil
}

// A column of the summary table (strace -U names).
type column int

const (
	colPercent column = iota
	colSeconds
	colMin
	colMax
	colAvg
	colCalls
	colErrors
	colName
	colP50
	colP90
	colP99
	colLatMax
	colInjected // stats_inject.go
)

var columnNames = map[string]column{
	"time-percent": colPercent, "time_percent": colPercent, "time": colPercent,
	"total-time": colSeconds, "total_time": colSeconds, "time-total": colSeconds, "time_total": colSeconds,
	"min-time": colMin, "min_time": colMin, "shortest": colMin, "time-min": colMin, "time_min": colMin,
	"max-time": colMax, "max_time": colMax, "longest": colMax, "time-max": colMax, "time_max": colMax,
	"avg-time": colAvg, "avg_time": colAvg, "time-avg": colAvg, "time_avg": colAvg,
	"calls": colCalls, "count": colCalls, "errors": colErrors, "error": colErrors,
	"name": colName, "syscall": colName, "syscall-name": colName, "syscall_name": colName,
}

// DefaultColumns are strace -c's columns.
const DefaultColumns = "time-percent,total-time,avg-time,calls,errors,name"

// ParseColumns validates a -U list.
func ParseColumns(list string) ([]column, error) {
	var cols []column
	seen := map[column]bool{}
	rest := list
	for _, n := range strings.Split(list, ",") {
		c, ok := columnNames[n]
		if !ok {
			return nil, fmt.Errorf("%w: '%s'", ErrBadColumn, n)
		}
		if seen[c] {
			// strace's words, with what was left of the list.
			return nil, fmt.Errorf("%w: '%s' (-U option residual: '%s')", ErrDupColumn, n, rest)
		}
		seen[c] = true
		cols = append(cols, c)
		rest = rest[min(len(n)+1, len(rest)):]
	}
	return cols, nil
}

// WriteTable writes strace -c's summary table, sorted by `by` (time,
// calls, errors, name, nothing), with strace's default columns, then,
// with --per-process/--per-thread, a table per process or thread first.
func (s *Stats) WriteTable(w io.Writer, by string) error {
	cols, _ := ParseColumns(DefaultColumns)
	return s.WriteTables(w, by, cols)
}

// WriteTables writes the summary tables with the given columns; with
// --latency the latency columns come before the name.
func (s *Stats) WriteTables(w io.Writer, by string, cols []column) error {
	if err := CheckSort(by); err != nil {
		return err
	}
	if s.Latency {
		var c2 []column
		for _, c := range cols {
			if c == colName {
				c2 = append(c2, colP50, colP90, colP99, colLatMax)
			}
			c2 = append(c2, c)
		}
		cols = c2
	}
	var b strings.Builder
	if s.PerProcess || s.PerThread {
		what := "process"
		if s.PerThread {
			what = "thread"
		}
		for _, id := range s.order {
			g := s.per[id]
			fmt.Fprintf(&b, "%s %d: %s\n", what, g.id, s.command(g.pid))
			writeTable(&b, &g.t, by, cols)
			b.WriteByte('\n')
		}
		b.WriteString("total:\n")
	}
	writeTable(&b, &s.total, by, cols)
	if s.Top > 0 {
		b.WriteByte('\n')
		s.top.write(&b)
	}
	if s.Files {
		b.WriteByte('\n')
		s.files.write(&b)
	}
	if s.Lost > 0 {
		fmt.Fprintf(&b, "\nevents lost while recording: %d (the tables miss the calls they were of)\n", s.Lost)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat(" ", n-len(s)) + s
}

func secs(ns int64) float64 { return float64(ns) / 1e9 }

// writeTable formats one table as strace's call_summary_pers.
func writeTable(b *strings.Builder, t *table, by string, cols []column) {
	cs := t.counters()
	if less := sortKeys[by]; less != nil {
		sort.SliceStable(cs, func(i, j int) bool { return less(cs[i], cs[j]) })
	}
	var total Counter
	var avgMax float64
	nameMax := 0
	minMax, maxMax := int64(0), int64(0)
	total.Min = math.MaxInt64
	for _, c := range cs {
		total.Calls += c.Calls
		total.Errors += c.Errors
		total.Injected += c.Injected
		total.Time += c.Time
		total.Min = min(total.Min, c.Min)
		total.Max = max(total.Max, c.Max)
		minMax = max(minMax, c.Min)
		maxMax = max(maxMax, c.Max)
		avgMax = math.Max(avgMax, secs(c.Time)/float64(c.Calls))
		nameMax = max(nameMax, len(c.Name))
	}
	if len(cs) == 0 {
		total.Min = 0
	}
	cum := secs(total.Time)
	type cdesc struct {
		head  string
		width int
		left  bool
	}
	secW := func(ns int64) int { return len(strconv.FormatInt(ns/1e9, 10) + ".000000") }
	desc := map[column]cdesc{
		colPercent: {"% time", 6, false},
		colSeconds: {"seconds", max(11, len(strconv.FormatFloat(cum, 'f', 6, 64))), false},
		colMin:     {"shortest", max(8, secW(minMax)), false},
		colMax:     {"longest", max(7, secW(maxMax)), false},
		colAvg:     {"usecs/call", max(11, len(strconv.FormatUint(uint64(avgMax*1e6), 10))), false},
		colCalls:   {"calls", max(9, len(strconv.FormatUint(total.Calls, 10))), false},
		colErrors:  {"errors", max(9, len(strconv.FormatUint(total.Errors, 10))), false},
		colName:    {"syscall", max(16, nameMax+1), true},
		colP50:     {"p50 usecs", 10, false},
		colP90:     {"p90 usecs", 10, false},
		colP99:     {"p99 usecs", 10, false},
		colLatMax:  {"max usecs", 10, false},
	}
	desc[colInjected] = cdesc{"injected", max(9, len(strconv.FormatUint(total.Injected, 10))), false}
	last := len(cols) - 1
	// header and rules
	for i, c := range cols {
		if i > 0 {
			b.WriteByte(' ')
		}
		d := desc[c]
		switch {
		case d.left && i == last:
			b.WriteString(d.head)
		case d.left:
			b.WriteString(d.head + strings.Repeat(" ", max(0, d.width-len(d.head))))
		default:
			b.WriteString(pad(d.head, d.width))
		}
	}
	b.WriteByte('\n')
	rule := func() {
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.Repeat("-", desc[c].width))
		}
		b.WriteByte('\n')
	}
	rule()
	errs := func(n uint64) string {
		if n == 0 {
			return "" // strace prints errors with %.0u: nothing for zero
		}
		return strconv.FormatUint(n, 10)
	}
	usecs := func(ns int64) string { return strconv.FormatInt(ns/1e3, 10) }
	row := func(c *Counter, pct float64, avg uint64) {
		for i, col := range cols {
			if i > 0 {
				b.WriteByte(' ')
			}
			d := desc[col]
			var v string
			switch col {
			case colPercent:
				v = strconv.FormatFloat(pct, 'f', 2, 64)
			case colSeconds:
				v = strconv.FormatFloat(secs(c.Time), 'f', 6, 64)
			case colMin:
				v = strconv.FormatFloat(secs(c.Min), 'f', 6, 64)
			case colMax:
				v = strconv.FormatFloat(secs(c.Max), 'f', 6, 64)
			case colAvg:
				v = strconv.FormatUint(avg, 10)
			case colCalls:
				v = strconv.FormatUint(c.Calls, 10)
			case colErrors:
				v = errs(c.Errors)
			case colInjected:
				v = errs(c.Injected)
			case colName:
				if i == last {
					b.WriteString(c.Name)
					continue
				}
				b.WriteString(c.Name + strings.Repeat(" ", max(0, d.width-len(c.Name))))
				continue
			case colP50, colP90, colP99, colLatMax:
				if c.Lat != nil {
					q := map[column]float64{colP50: 0.5, colP90: 0.9, colP99: 0.99, colLatMax: 1}[col]
					v = usecs(c.Lat.Quantile(q))
				}
			}
			b.WriteString(pad(v, d.width))
		}
		b.WriteByte('\n')
	}
	for _, c := range cs {
		pct := 100 * secs(c.Time)
		if pct != 0 {
			pct /= cum
		}
		row(c, pct, uint64(secs(c.Time)/float64(c.Calls)*1e6))
	}
	rule()
	var avg uint64
	if total.Calls > 0 {
		avg = uint64(cum / float64(total.Calls) * 1e6)
	}
	total.Name = "total"
	var all Histogram
	for _, c := range cs {
		if c.Lat != nil {
			all.Merge(c.Lat)
		}
	}
	if all.n > 0 {
		total.Lat = &all
	}
	row(&total, 100, avg)
}
