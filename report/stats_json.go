package report

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"sort"
	"unicode/utf8"
)

// StatsJSONVersion is the version of the summary's JSON document
// (docs/json.md).
const StatsJSONVersion = 1

// jsonCounter is one row of a summary table.
type jsonCounter struct {
	Name         string       `json:"name,omitempty"`
	Calls        uint64       `json:"calls"`
	Errors       uint64       `json:"errors"`
	Injected     uint64       `json:"injected,omitempty"` // calls -e inject= made a result up for, or poked
	Seconds      float64      `json:"seconds"`
	Percent      float64      `json:"percent"`
	UsecsPerCall float64      `json:"usecs_per_call"`
	MinSeconds   float64      `json:"min_seconds"`
	MaxSeconds   float64      `json:"max_seconds"`
	Latency      *jsonLatency `json:"latency_usecs,omitempty"`
}

type jsonLatency struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

type jsonTable struct {
	Syscalls []jsonCounter `json:"syscalls"`
	Total    jsonCounter   `json:"total"`
}

type jsonGroup struct {
	Pid     int32  `json:"pid,omitempty"`
	Tid     int32  `json:"tid,omitempty"`
	Command string `json:"command"`
	jsonTable
}

type jsonSlow struct {
	Seconds float64 `json:"seconds"`
	At      float64 `json:"at"`
	Tid     int32   `json:"tid"`
	Call    string  `json:"call"`
}

type jsonFile struct {
	Path string `json:"path"`
	// PathBase64 holds the path's bytes when they are not UTF-8 (Path
	// then has U+FFFD in their place).
	PathBase64 string            `json:"path_base64,omitempty"`
	Ok         uint64            `json:"ok"`
	Errors     uint64            `json:"errors"`
	Syscalls   map[string]uint64 `json:"syscalls"`
	// Names are the other names the program used for the file (made
	// absolute), when the path the kernel resolved differs.
	Names []string `json:"names,omitempty"`
}

type jsonStats struct {
	Type    string `json:"type"`
	Version int    `json:"version"`
	// Time says what the seconds measure: "system" CPU time (strace -c)
	// or "elapsed" time (-w).
	Time      string      `json:"time"`
	Sort      string      `json:"sort"`
	Processes []jsonGroup `json:"processes,omitempty"`
	Threads   []jsonGroup `json:"threads,omitempty"`
	jsonTable
	Top   []jsonSlow `json:"top,omitempty"`
	Files []jsonFile `json:"files,omitempty"`
	// Lost: events the recording lost (the bpf backend's ring buffer
	// was full).
	Lost uint64 `json:"lost,omitempty"`
}

// WriteJSON writes the summary as one JSON document on one line
// (docs/json.md): a row per syscall sorted by `by` as the table is, the
// total, and what --latency, --per-process, --per-thread, --top and
// --files add.
func (s *Stats) WriteJSON(w io.Writer, by string) error {
	if err := CheckSort(by); err != nil {
		return err
	}
	doc := jsonStats{Type: "summary", Version: StatsJSONVersion, Time: "system", Sort: by}
	if s.WallClock {
		doc.Time = "elapsed"
	}
	doc.jsonTable = jsonTableOf(&s.total, by)
	doc.Lost = s.Lost
	if s.PerProcess || s.PerThread {
		groups := []jsonGroup{}
		for _, id := range s.order {
			g := s.per[id]
			jg := jsonGroup{Command: s.command(g.pid), jsonTable: jsonTableOf(&g.t, by)}
			if s.PerThread {
				jg.Tid, jg.Pid = g.id, g.pid
			} else {
				jg.Pid = g.id
			}
			groups = append(groups, jg)
		}
		if s.PerThread {
			doc.Threads = groups
		} else {
			doc.Processes = groups
		}
	}
	if s.Top > 0 {
		calls := append([]slowCall(nil), s.top...)
		sort.Slice(calls, func(i, j int) bool { return calls[i].d > calls[j].d })
		doc.Top = []jsonSlow{}
		for _, c := range calls {
			doc.Top = append(doc.Top, jsonSlow{Seconds: secs(c.d), At: secs(c.time), Tid: c.tid, Call: c.line})
		}
	}
	if s.Files {
		doc.Files = []jsonFile{}
		for _, p := range s.files.paths() {
			u := s.files.files[p]
			jf := jsonFile{Path: p, Ok: u.ok, Errors: u.failed, Syscalls: u.calls, Names: u.nameList()}
			if !utf8.ValidString(p) {
				jf.PathBase64 = base64.StdEncoding.EncodeToString([]byte(p))
			}
			doc.Files = append(doc.Files, jf)
		}
	}
	b, err := json.Marshal(&doc)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// jsonTableOf gives a table's rows, sorted as its text would be, and its
// total.
func jsonTableOf(t *table, by string) jsonTable {
	cs := t.counters()
	if less := sortKeys[by]; less != nil {
		sort.SliceStable(cs, func(i, j int) bool { return less(cs[i], cs[j]) })
	}
	var total Counter
	var all Histogram
	for i, c := range cs {
		total.Calls += c.Calls
		total.Errors += c.Errors
		total.Injected += c.Injected
		total.Time += c.Time
		if i == 0 || c.Min < total.Min {
			total.Min = c.Min
		}
		total.Max = max(total.Max, c.Max)
		if c.Lat != nil {
			all.Merge(c.Lat)
		}
	}
	if all.n > 0 {
		total.Lat = &all
	}
	jt := jsonTable{Syscalls: []jsonCounter{}}
	for _, c := range cs {
		jt.Syscalls = append(jt.Syscalls, jsonCounterOf(c, total.Time))
	}
	jt.Total = jsonCounterOf(&total, total.Time)
	return jt
}

func jsonCounterOf(c *Counter, cum int64) jsonCounter {
	jc := jsonCounter{
		Name:       c.Name,
		Calls:      c.Calls,
		Errors:     c.Errors,
		Injected:   c.Injected,
		Seconds:    secs(c.Time),
		MinSeconds: secs(c.Min),
		MaxSeconds: secs(c.Max),
	}
	if cum > 0 {
		jc.Percent = 100 * float64(c.Time) / float64(cum)
	}
	if c.Calls > 0 {
		jc.UsecsPerCall = float64(c.Time) / 1e3 / float64(c.Calls)
	}
	if c.Lat != nil {
		us := func(q float64) float64 { return float64(c.Lat.Quantile(q)) / 1e3 }
		jc.Latency = &jsonLatency{P50: us(0.5), P90: us(0.9), P99: us(0.99), Max: us(1)}
	}
	return jc
}
