package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/replay"
)

// PerfettoOptions configure a Perfetto export.
type PerfettoOptions struct {
	// MinDuration leaves out calls shorter than this many ns, except
	// the calls that create processes and threads or exec, which the flow
	// arrows start from.
	MinDuration int64
	// Decode says how calls are rendered in the slices' arguments
	// (strace's -s, -v, -y); the zero value is strace's defaults with -y.
	Decode decode.Options
}

// Perfetto writes replayed events as a Chrome Trace Event JSON document,
// which ui.perfetto.dev and chrome://tracing open (docs/export.md): a
// track per thread, grouped by process and named after what the process
// exec'd; each syscall a complete ("X") slice with its strace line;
// signals and exits as instant events; forks, clones and execs as flow
// arrows. Slices are written as their calls end, so memory stays bounded
// by the number of tasks, not the length of the recording.
type Perfetto struct {
	w     *bufio.Writer
	o     PerfettoOptions
	h     *format.Header
	n     int   // events written
	last  int64 // time of the latest event
	calls map[int32]*pcall
	// names: what each process runs; threads: each thread's process.
	names   map[int32]string
	threads map[int32]int32
	// Halves of fork flows waiting for the other half, by child tid.
	flowFrom map[int32]flowEnd
	flowTo   map[int32]flowEnd
	nextID   int
	buf      []byte
	err      error
	cur      *replay.Task
}

// pcall is a call in progress.
type pcall struct {
	tid, pid int32
	start    int64
	entry    *format.Event
}

// flowEnd is one end of a flow arrow.
type flowEnd struct {
	pid, tid int32
	t        int64
	name     string
}

// NewPerfetto returns an exporter writing to w; h is the recording's
// header.
func NewPerfetto(w io.Writer, h *format.Header, o PerfettoOptions) *Perfetto {
	o.Decode.Fit(h)
	if o.Decode.StrLimit == 0 {
		o.Decode.StrLimit = 32
		o.Decode.Decorate = 1
	}
	p := &Perfetto{
		w: bufio.NewWriterSize(w, 64<<10), o: o, h: h,
		calls: map[int32]*pcall{}, names: map[int32]string{}, threads: map[int32]int32{},
		flowFrom: map[int32]flowEnd{}, flowTo: map[int32]flowEnd{},
	}
	p.o.Decode.FdPath = func(fd int32) string {
		if p.cur == nil {
			return ""
		}
		return p.cur.FdPath(fd)
	}
	b := append(p.buf[:0], `{"displayTimeUnit":"ns","otherData":{"generator":"mytrace"`...)
	if h != nil {
		b = append(b, `,"recorder":`...)
		b = decode.AppendJSONString(b, h.Recorder)
		b = append(b, `,"command":`...)
		b = decode.AppendJSONString(b, strings.Join(h.Command, " "))
		b = append(b, `,"hostname":`...)
		b = decode.AppendJSONString(b, h.Hostname)
	}
	b = append(b, "},\"traceEvents\":[\n"...)
	p.w.Write(b)
	p.buf = b
	return p
}

// Add exports one replayed event.
func (p *Perfetto) Add(ev *replay.Event) {
	p.cur = ev.Task
	p.last = max(p.last, ev.Time)
	if ev.Task != nil {
		p.threads[ev.Task.Tid] = ev.Task.Pid
	}
	switch ev.Kind {
	case replay.TaskStart:
		t := ev.Task
		if _, ok := p.names[t.Pid]; !ok {
			if n, ok := p.names[t.Parent]; ok && t.Parent != 0 {
				p.names[t.Pid] = n
			} else if t.How == format.NewTaskLaunched && p.h != nil && len(p.h.Command) > 0 {
				p.names[t.Pid] = path.Base(p.h.Command[0])
			}
		}
		if t.How == format.NewTaskChild || t.How == format.NewTaskThread {
			p.flowEnd(t.Tid, flowEnd{pid: t.Pid, tid: t.Tid, t: ev.Time}, false)
		}
	case replay.PtraceEvent:
		name := ""
		switch ev.Raw.PtraceEvent {
		case 1:
			name = "fork"
		case 2:
			name = "vfork"
		case 3:
			name = "clone"
		default:
			return
		}
		p.flowEnd(int32(ev.Raw.Msg), flowEnd{pid: ev.Task.Pid, tid: ev.Task.Tid, t: ev.Time, name: name}, true)
	case replay.SyscallEntry:
		p.calls[ev.Task.Tid] = &pcall{tid: ev.Task.Tid, pid: ev.Task.Pid, start: ev.Time, entry: ev.Entry}
	case replay.SyscallExit:
		c := p.calls[ev.Task.Tid]
		delete(p.calls, ev.Task.Tid)
		if c == nil || ev.Entry == nil {
			// The entry was not recorded: the call's start is unknown.
			return
		}
		call := decode.Syscall(c.entry, ev.Exit, &p.o.Decode)
		if call.Name == "execve" || call.Name == "execveat" {
			p.noteExec(ev.Task.Pid, call)
		}
		p.slice(c, call, ev.Time, false)
	case replay.TaskExiting:
		p.unfinished(ev.Task.Tid, ev.Time)
	case replay.Signal:
		info := decode.Render(decode.Siginfo(ev.Raw.Siginfo, int(ev.Raw.Sig)), &p.o.Decode)
		p.instant(ev, decode.SignalName(int(ev.Raw.Sig)), "signal", "siginfo", info)
	case replay.GroupStop:
		p.instant(ev, "stopped by "+decode.SignalName(int(ev.Raw.Sig)), "signal", "", "")
	case replay.TaskEnd:
		p.unfinished(ev.Task.Tid, ev.Time)
		st := ev.Raw.Status
		what := "exited with " + strconv.Itoa(int(st>>8&0xff))
		if st&0x7f != 0 {
			what = "killed by " + decode.SignalName(int(st&0x7f))
			if st&0x80 != 0 {
				what += " (core dumped)"
			}
		}
		p.instant(ev, what, "exit", "", "")
	case replay.Detach:
		p.unfinished(ev.Task.Tid, ev.Time)
		p.instant(ev, "detached", "exit", "", "")
	case replay.Exec:
		from := ev.Task.Tid
		if ev.OldTid != 0 {
			// The leader's call in progress ends here; the exec'ing
			// thread's execve continues under the leader's tid.
			from = ev.OldTid
			p.unfinished(ev.Task.Tid, ev.Time)
			if c := p.calls[ev.OldTid]; c != nil {
				delete(p.calls, ev.OldTid)
				p.calls[ev.Task.Tid] = c
			}
		}
		id := p.newID()
		p.flow("s", id, "exec", flowEnd{pid: ev.Task.Pid, tid: from, t: ev.Time})
		p.flow("f", id, "exec", flowEnd{pid: ev.Task.Pid, tid: ev.Task.Tid, t: ev.Time})
	}
}

// noteExec names a process after the program a successful execve ran.
func (p *Perfetto) noteExec(pid int32, c *decode.Call) {
	if c.Ret.Kind != decode.RetValue {
		return
	}
	for i, n := range c.Names {
		if n != "pathname" && n != "filename" {
			continue
		}
		if s, ok := c.Args[i].(*decode.Str); ok && len(s.B) > 0 {
			p.names[pid] = path.Base(string(s.B))
		}
	}
}

// flowEnd records one end of a fork flow (from: the parent's side) and
// writes the arrow once both ends are known.
func (p *Perfetto) flowEnd(child int32, e flowEnd, from bool) {
	if from {
		if to, ok := p.flowTo[child]; ok {
			delete(p.flowTo, child)
			p.pair(e, to)
			return
		}
		p.flowFrom[child] = e
		return
	}
	if f, ok := p.flowFrom[child]; ok {
		delete(p.flowFrom, child)
		p.pair(f, e)
		return
	}
	p.flowTo[child] = e
}

func (p *Perfetto) pair(from, to flowEnd) {
	id := p.newID()
	p.flow("s", id, from.name, from)
	p.flow("f", id, from.name, to)
}

func (p *Perfetto) newID() int {
	p.nextID++
	return p.nextID
}

// keepAlways are the calls kept whatever their duration: the flow arrows
// start from them.
var keepAlways = map[string]bool{"fork": true, "vfork": true, "clone": true, "clone3": true, "execve": true, "execveat": true}

// slice writes a call as a complete event ending at end.
func (p *Perfetto) slice(c *pcall, call *decode.Call, end int64, unfinished bool) {
	dur := max(end-c.start, 0)
	if dur < p.o.MinDuration && !keepAlways[call.Name] {
		return
	}
	o := &p.o.Decode
	line, ret := sliceLine(call, o)
	b := p.event("X", call.Name, "syscall", c.pid, c.tid, c.start)
	b = append(b, `,"dur":`...)
	b = appendMicros(b, dur)
	b = append(b, `,"args":{"line":`...)
	b = decode.AppendJSONString(b, line)
	b = append(b, `,"ret":`...)
	b = decode.AppendJSONString(b, ret)
	if call.Ret.Kind == decode.RetError || call.Ret.Kind == decode.RetRestart {
		b = append(b, `,"errno":`...)
		b = decode.AppendJSONString(b, decode.ErrnoName(call.Ret.Errno))
	}
	if unfinished {
		b = append(b, `,"unfinished":true`...)
	}
	b = append(b, `,"args":{`...)
	seen := map[string]bool{}
	n := 0
	for i, a := range call.Args {
		if i >= len(call.Names) || call.Names[i] == "" || seen[call.Names[i]] || a == nil {
			continue
		}
		seen[call.Names[i]] = true
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = decode.AppendJSONString(b, call.Names[i])
		b = append(b, ':')
		b = decode.AppendJSONString(b, decode.Render(a, o))
	}
	b = append(b, "}}"...)
	p.end(b)
}

// sliceLine is the line of a call on its slice (strace's, all arguments
// at once, " = ?" for a call that never returned) and its result.
func sliceLine(call *decode.Call, o *decode.Options) (line, ret string) {
	var b strings.Builder
	b.WriteString(call.Name + "(")
	decode.RenderArgs(&b, call.Args, 0, len(call.Args), o)
	b.WriteString(")")
	ret = "?"
	if call.HasExit {
		ret = decode.RenderRet(&call.Ret, o)
	}
	b.WriteString(" = " + ret)
	return b.String(), ret
}

// unfinished ends the call task tid is in at time t: it never returned.
func (p *Perfetto) unfinished(tid int32, t int64) {
	c := p.calls[tid]
	if c == nil {
		return
	}
	delete(p.calls, tid)
	call := decode.Syscall(c.entry, nil, &p.o.Decode)
	p.slice(c, call, t, true)
}

func (p *Perfetto) instant(ev *replay.Event, name, cat, key, val string) {
	b := p.event("i", name, cat, ev.Task.Pid, ev.Task.Tid, ev.Time)
	b = append(b, `,"s":"t"`...)
	if key != "" {
		b = append(b, `,"args":{`...)
		b = decode.AppendJSONString(b, key)
		b = append(b, ':')
		b = decode.AppendJSONString(b, val)
		b = append(b, '}')
	}
	p.end(b)
}

func (p *Perfetto) flow(ph string, id int, name string, e flowEnd) {
	b := p.event(ph, name, "process", e.pid, e.tid, e.t)
	b = append(b, `,"id":`...)
	b = strconv.AppendInt(b, int64(id), 10)
	p.end(b)
}

// event starts an event object with the fields every event has.
func (p *Perfetto) event(ph, name, cat string, pid, tid int32, t int64) []byte {
	b := p.buf[:0]
	if p.n > 0 {
		b = append(b, ",\n"...)
	}
	b = append(b, `{"ph":"`...)
	b = append(b, ph...)
	b = append(b, `","name":`...)
	b = decode.AppendJSONString(b, name)
	if cat != "" {
		b = append(b, `,"cat":"`...)
		b = append(b, cat...)
		b = append(b, '"')
	}
	b = append(b, `,"pid":`...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(tid), 10)
	if ph != "M" {
		b = append(b, `,"ts":`...)
		b = appendMicros(b, t)
	}
	return b
}

func (p *Perfetto) end(b []byte) {
	b = append(b, '}')
	if _, err := p.w.Write(b); err != nil && p.err == nil {
		p.err = err
	}
	p.buf = b
	p.n++
}

// appendMicros writes ns as µs with three decimals, exactly.
func appendMicros(b []byte, ns int64) []byte {
	if ns < 0 {
		b = append(b, '-')
		ns = -ns
	}
	b = strconv.AppendInt(b, ns/1000, 10)
	frac := ns % 1000
	return append(b, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
}

// Close ends the calls still in progress at the last event's time, writes
// the process and thread names, and finishes the document.
func (p *Perfetto) Close() error {
	for _, tid := range slices.Sorted(maps.Keys(p.calls)) {
		p.unfinished(tid, p.last)
	}
	named := map[int32]bool{}
	for _, tid := range slices.Sorted(maps.Keys(p.threads)) {
		pid := p.threads[tid]
		name := p.names[pid]
		if name == "" {
			name = "pid " + strconv.Itoa(int(pid))
		}
		if !named[pid] {
			named[pid] = true
			b := p.event("M", "process_name", "", pid, pid, 0)
			b = append(b, `,"args":{"name":`...)
			b = decode.AppendJSONString(b, name)
			p.end(append(b, '}'))
		}
		b := p.event("M", "thread_name", "", pid, tid, 0)
		b = append(b, `,"args":{"name":`...)
		b = decode.AppendJSONString(b, name)
		p.end(append(b, '}'))
	}
	p.w.WriteString("\n]}\n")
	if err := p.w.Flush(); err != nil && p.err == nil {
		p.err = err
	}
	return p.err
}

// ChromeEvent is one event of a Chrome Trace Event document, as
// ValidateChromeTrace reads it back.
type ChromeEvent struct {
	Ph   string         `json:"ph"`
	Name string         `json:"name"`
	Cat  string         `json:"cat"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	Ts   *float64       `json:"ts"`
	Dur  *float64       `json:"dur"`
	ID   *int           `json:"id"`
	S    string         `json:"s"`
	Bp   string         `json:"bp"`
	Args map[string]any `json:"args"`
}

// ValidateChromeTrace parses a Chrome Trace Event document and checks that
// it is well formed: every event has a known phase and the fields its
// phase needs; complete slices have begin <= end and, on one thread,
// never overlap (syscalls of a thread are sequential); metadata names
// processes and threads; every flow start has exactly one end with the
// same id and no end lacks a start; every process with slices is named.
// It returns the events.
func ValidateChromeTrace(data []byte) ([]ChromeEvent, error) {
	var doc struct {
		TraceEvents     []ChromeEvent `json:"traceEvents"`
		DisplayTimeUnit string        `json:"displayTimeUnit"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if len(doc.TraceEvents) == 0 {
		return nil, fmt.Errorf("no traceEvents")
	}
	slices := map[int][]ChromeEvent{}
	starts, ends := map[int]int{}, map[int]int{}
	named := map[int]bool{}
	for i, e := range doc.TraceEvents {
		if e.Pid <= 0 || e.Tid <= 0 {
			return nil, fmt.Errorf("event %d (%s %s): pid %d tid %d", i, e.Ph, e.Name, e.Pid, e.Tid)
		}
		if e.Ph != "M" && (e.Ts == nil || *e.Ts < 0 || math.IsNaN(*e.Ts)) {
			return nil, fmt.Errorf("event %d (%s %s): bad ts", i, e.Ph, e.Name)
		}
		switch e.Ph {
		case "X":
			if e.Dur == nil || *e.Dur < 0 || e.Name == "" {
				return nil, fmt.Errorf("slice %d (%s): bad dur or name", i, e.Name)
			}
			if _, ok := e.Args["line"].(string); !ok {
				return nil, fmt.Errorf("slice %d (%s): no line", i, e.Name)
			}
			slices[e.Tid] = append(slices[e.Tid], e)
		case "i":
			if e.S != "t" && e.S != "p" && e.S != "g" {
				return nil, fmt.Errorf("instant %d (%s): scope %q", i, e.Name, e.S)
			}
		case "M":
			if e.Name != "process_name" && e.Name != "thread_name" {
				return nil, fmt.Errorf("metadata %d: %q", i, e.Name)
			}
			if n, ok := e.Args["name"].(string); !ok || n == "" {
				return nil, fmt.Errorf("metadata %d: no name", i)
			}
			if e.Name == "process_name" {
				if named[e.Pid] {
					return nil, fmt.Errorf("process %d named twice", e.Pid)
				}
				named[e.Pid] = true
			}
		case "s", "f":
			if e.ID == nil {
				return nil, fmt.Errorf("flow %d: no id", i)
			}
			if e.Ph == "s" {
				starts[*e.ID]++
			} else {
				ends[*e.ID]++
			}
		default:
			return nil, fmt.Errorf("event %d: unknown phase %q", i, e.Ph)
		}
	}
	for id, n := range starts {
		if n != 1 || ends[id] != 1 {
			return nil, fmt.Errorf("flow %d: %d starts, %d ends", id, n, ends[id])
		}
	}
	for id, n := range ends {
		if starts[id] != 1 {
			return nil, fmt.Errorf("flow %d: %d ends without a start", id, n)
		}
	}
	for tid, ss := range slices {
		sort.Slice(ss, func(i, j int) bool { return *ss[i].Ts < *ss[j].Ts })
		for i := 1; i < len(ss); i++ {
			prevEnd := *ss[i-1].Ts + *ss[i-1].Dur
			if *ss[i].Ts < prevEnd-1e-6 {
				return nil, fmt.Errorf("thread %d: %s at %.3f starts before %s ends at %.3f", tid, ss[i].Name, *ss[i].Ts, ss[i-1].Name, prevEnd)
			}
		}
		if !named[ss[0].Pid] {
			return nil, fmt.Errorf("process %d has slices and no name", ss[0].Pid)
		}
	}
	return doc.TraceEvents, nil
}
