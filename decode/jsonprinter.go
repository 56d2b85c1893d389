package decode

import (
	"bufio"
	"io"
	"sort"
	"strconv"
	"time"

	"mytrace/format"
	"mytrace/replay"
	"mytrace/sysent"
)

// JSONPrinter writes replayed events as JSON Lines (docs/json.md): a
// header line, then one object per event. A syscall is one object with
// its entry and its exit, written when it ends, whatever other tasks did
// in between. It honours the filters of PrintOptions as the text Printer
// does (Trace, Status, Paths, Signals); the display options that only
// change text (Hex, TimeFormat, Relative, Durations, ToFile, Quiet) do
// not apply.
type JSONPrinter struct {
	w     *bufio.Writer
	o     PrintOptions
	start int64
	tasks map[int32]*jtask
	cur   *replay.Task
	// snap, while a call is being written, holds what its descriptors
	// referred to at its entry.
	snap map[int32]string
	buf  []byte
	// h is the header, until its line is written before the first
	// event's.
	h       *format.Header
	started bool
	// DecodeErrors counts calls whose decoder failed and that were
	// written with raw arguments; FirstDecodeError says why the first one
	// failed.
	DecodeErrors     int
	FirstDecodeError string
	// tamper, while a call is being written, says what -e inject= did
	// to it (nil: nothing).
	tamper *format.Tamper
	// stack, while a call is being written, is the stop whose call stack
	// it shows (-k; nil: none).
	stack *format.Event
}

// jtask is a task's call in progress.
type jtask struct {
	call *Call // the entry decoded alone, for a call that never returns
	// callTrack: the names of its calls for restart_syscall, and shown:
	// the entry passed the filters.
	callTrack
	time     int64 // entry time
	pid      int32
	fds      map[int32]string // descriptors of the call at entry
	raw      []uint64         // the raw arguments
	restarts string           // restart_syscall: the call it resumes
}

// NewJSONPrinter returns a JSONPrinter writing to w. h is the
// recording's header, written as the first line before the first event's
// (nothing is written for a recording without events).
func NewJSONPrinter(w io.Writer, h *format.Header, o PrintOptions) *JSONPrinter {
	o.Fit(h)
	if o.StrLimit == 0 {
		o.StrLimit = 32
	} else if o.StrLimit == NoStrings {
		o.StrLimit = 0
	}
	p := &JSONPrinter{w: bufio.NewWriterSize(w, 64<<10), o: o, tasks: make(map[int32]*jtask)}
	p.o.FdPath = p.fdPath
	p.o.FdNetlink = func(fd int32) (int, bool, bool) {
		if p.cur == nil {
			return 0, false, false
		}
		return p.cur.FdNetlink(fd)
	}
	if h != nil {
		p.start = h.StartWall
	}
	p.h = h
	return p
}

// fdPath says what descriptor fd refers to for the call being written:
// as it was at the call's entry, else as it is now.
func (p *JSONPrinter) fdPath(fd int32) string {
	if s, ok := p.snap[fd]; ok {
		return s
	}
	if p.cur == nil {
		return ""
	}
	return p.cur.FdPath(fd)
}

func (p *JSONPrinter) header(h *format.Header) {
	b := append(p.buf[:0], `{"type":"header","version":`...)
	b = strconv.AppendInt(b, JSONVersion, 10)
	b = append(b, `,"format_version":`...)
	v := uint32(format.Version)
	if h != nil && h.Version != 0 {
		v = h.Version // the file's
	}
	b = strconv.AppendUint(b, uint64(v), 10)
	if h != nil {
		b = appendKeyString(b, "recorder", h.Recorder)
		b = appendKeyString(b, "arch", h.Arch)
		b = appendKeyString(b, "kernel", h.Kernel)
		b = appendKeyString(b, "hostname", h.Hostname)
		b = append(b, `,"command":[`...)
		for i, a := range h.Command {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, a)
		}
		b = append(b, ']')
		if len(h.Attached) > 0 {
			b = append(b, `,"attached":[`...)
			for i, pid := range h.Attached {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(b, int64(pid), 10)
			}
			b = append(b, ']')
		}
		if h.StartWall != 0 {
			b = appendKeyString(b, "start", wallString(h.StartWall))
		}
		b = append(b, `,"follow":`...)
		b = strconv.AppendBool(b, h.Follow)
		b = append(b, `,"str_limit":`...)
		b = strconv.AppendUint(b, uint64(h.StrLimit), 10)
	}
	b = append(b, "}\n"...)
	p.w.Write(b)
	p.buf = b
}

func appendKeyString(b []byte, key, val string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return AppendJSONString(b, val)
}

// wallString formats ns since the epoch as RFC 3339 in UTC with
// nanoseconds.
func wallString(ns int64) string {
	return time.Unix(0, ns).UTC().Format("2006-01-02T15:04:05.000000000Z")
}

// Flush writes out buffered lines.
func (p *JSONPrinter) Flush() error { return p.w.Flush() }

// Close writes the calls still in progress (a trace that ends inside
// them) as unfinished, and flushes.
func (p *JSONPrinter) Close() error {
	tids := make([]int, 0, len(p.tasks))
	for tid := range p.tasks {
		tids = append(tids, int(tid))
	}
	sort.Ints(tids)
	for _, tid := range tids {
		p.unfinished(int32(tid), p.tasks[int32(tid)])
	}
	return p.w.Flush()
}

func (p *JSONPrinter) task(tid int32) *jtask {
	t := p.tasks[tid]
	if t == nil {
		t = &jtask{}
		p.tasks[tid] = t
	}
	return t
}

// Event writes one replayed event.
func (p *JSONPrinter) Event(ev *replay.Event) {
	if !p.started {
		p.started = true
		p.header(p.h)
	}
	p.cur = ev.Task
	switch ev.Kind {
	case replay.Lost:
		// Events the recording lost (a full ring buffer): where.
		var pid, tid int32
		if ev.Task != nil {
			pid, tid = ev.Task.Pid, ev.Task.Tid
		}
		b := p.begin("lost", pid, tid, ev.Time)
		b = append(b, `,"events":`...)
		b = strconv.AppendUint(b, ev.Raw.Msg, 10)
		p.end(b)
	case replay.SyscallEntry:
		p.entry(ev)
	case replay.SyscallExit:
		p.exit(ev)
	case replay.TaskExiting:
		if t := p.tasks[ev.Task.Tid]; t != nil {
			p.stack = ev.Entry // captured at entry (exit_group), if at all
			p.unfinished(ev.Task.Tid, t)
			p.stack = nil
		}
	case replay.Signal:
		if !p.o.signalShown(int(ev.Raw.Sig)) {
			return
		}
		b := p.begin("signal", ev.Task.Pid, ev.Task.Tid, ev.Time)
		b = appendSignal(b, int(ev.Raw.Sig))
		b = append(b, `,"siginfo":`...)
		b = AppendJSON(b, Siginfo(ev.Raw.Siginfo, int(ev.Raw.Sig)), &p.o.Options)
		p.end(appendStackJSON(b, p.o.Stack, ev.Task, ev.Raw))
	case replay.GroupStop:
		if !p.o.signalShown(int(ev.Raw.Sig)) {
			return
		}
		b := p.begin("stop", ev.Task.Pid, ev.Task.Tid, ev.Time)
		b = appendSignal(b, int(ev.Raw.Sig))
		p.end(appendStackJSON(b, p.o.Stack, ev.Task, ev.Raw))
	case replay.TaskStart:
		b := p.begin("attach", ev.Task.Pid, ev.Task.Tid, ev.Time)
		b = appendKeyString(b, "how", howName(ev.Raw.How))
		if ev.Task.Parent != 0 {
			b = append(b, `,"parent":`...)
			b = strconv.AppendInt(b, int64(ev.Task.Parent), 10)
		}
		if ev.Raw.How == format.NewTaskAttached {
			if name := AttachedCall(ev.Raw); name != "" {
				p.task(ev.Task.Tid).attach(ev.Raw)
				b = appendKeyString(b, "in_syscall", name)
			}
		}
		p.end(b)
	case replay.TaskEnd:
		p.taskEnd(ev)
	case replay.Detach:
		if t := p.tasks[ev.Task.Tid]; t != nil {
			p.unfinished(ev.Task.Tid, t)
			delete(p.tasks, ev.Task.Tid)
		}
		p.end(p.begin("detach", ev.Task.Pid, ev.Task.Tid, ev.Time))
	case replay.Exec:
		if ev.OldTid != 0 {
			p.superseded(ev)
		}
	}
}

func howName(how uint8) string {
	switch how {
	case format.NewTaskLaunched:
		return "launched"
	case format.NewTaskAttached:
		return "attached"
	case format.NewTaskChild:
		return "child"
	case format.NewTaskThread:
		return "thread"
	}
	return "unknown"
}

func appendSignal(b []byte, sig int) []byte {
	b = appendKeyString(b, "signal", SignalName(sig))
	b = append(b, `,"signo":`...)
	return strconv.AppendInt(b, int64(sig), 10)
}

// begin starts an event's line with the fields every event has.
func (p *JSONPrinter) begin(typ string, pid, tid int32, t int64) []byte {
	b := append(p.buf[:0], `{"type":"`...)
	b = append(b, typ...)
	b = append(b, `","pid":`...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(tid), 10)
	b = append(b, `,"time_ns":`...)
	b = strconv.AppendInt(b, t, 10)
	if p.start != 0 {
		b = appendKeyString(b, "wall", wallString(p.start+t))
	}
	return b
}

// end finishes and writes a line.
func (p *JSONPrinter) end(b []byte) {
	b = append(b, "}\n"...)
	p.w.Write(b)
	p.buf = b
}

// syscall decodes a call, counting decoder failures.
func (p *JSONPrinter) syscall(entry, exit *format.Event) *Call {
	c := Syscall(entry, exit, &p.o.Options)
	if c.Err != "" {
		if p.DecodeErrors == 0 {
			p.FirstDecodeError = c.Name + ": " + c.Err
		}
		p.DecodeErrors++
	}
	return c
}

func (p *JSONPrinter) entry(ev *replay.Event) {
	t := p.task(ev.Task.Tid)
	t.call, t.fds, t.restarts = nil, nil, ""
	t.enter(ev.Entry)
	if !p.o.traces(ev.Entry) {
		return
	}
	c := p.syscall(ev.Entry, nil)
	if !p.o.touches(c, p.cur) {
		return
	}
	if name, ok := t.resumes(c); ok {
		t.restarts = name
	}
	t.call, t.shown, t.time, t.pid = c, true, ev.Time, ev.Task.Pid
	t.raw = append(t.raw[:0], ev.Entry.Args[:rawArgCount(ev.Entry)]...)
	// What the call's descriptors refer to now: a close or an execve
	// changes it before the exit.
	Walk(c, func(v Value) {
		var fd int32
		switch v := v.(type) {
		case Fd:
			fd = int32(v)
		case Cwd:
			fd = format.FdCwd
		default:
			return
		}
		if s := ev.Task.FdPath(fd); s != "" {
			if t.fds == nil {
				t.fds = map[int32]string{}
			}
			t.fds[fd] = s
		}
	})
}

func (p *JSONPrinter) exit(ev *replay.Event) {
	t := p.task(ev.Task.Tid)
	var c *Call
	start := ev.Time
	if ev.Entry == nil {
		if !p.o.traces(ev.Exit) {
			return
		}
		c = p.syscall(nil, ev.Exit)
		if !p.o.touches(c, p.cur) {
			return
		}
	} else {
		if !t.shown {
			return
		}
		start = t.time
		p.snap = t.fds
		c = p.syscall(ev.Entry, ev.Exit)
	}
	if p.o.statusShown(callStatus(c)) {
		var raw []uint64
		if ev.Entry != nil {
			raw = ev.Entry.Args[:rawArgCount(ev.Entry)]
		}
		if ev.Exit.Tamper.Flags != 0 {
			p.tamper = &ev.Exit.Tamper
		}
		p.stack, _ = callStackEvent(ev.Entry, ev.Exit)
		p.writeCall(ev.Task.Pid, ev.Task.Tid, c, raw, start, ev.Exit.Time, true, ev.Entry != nil, t.restarts)
		p.tamper, p.stack = nil, nil
	}
	p.snap = nil
	t.call, t.shown, t.fds, t.restarts = nil, false, nil, ""
}

// unfinished writes the call task tid is in as one that never returned.
func (p *JSONPrinter) unfinished(tid int32, t *jtask) {
	if t.call == nil || !t.shown {
		return
	}
	if p.o.statusShown(StatusUnfinished) {
		p.snap = t.fds
		p.writeCall(t.pid, tid, t.call, t.raw, t.time, 0, false, true, t.restarts)
		p.snap = nil
	}
	t.call, t.shown, t.fds, t.restarts = nil, false, nil, ""
}

// writeCall writes a syscall's line: raw holds its raw arguments when
// its entry was seen (hasEntry), end is the exit time when ended is set.
func (p *JSONPrinter) writeCall(pid, tid int32, c *Call, raw []uint64, start, end int64, ended, hasEntry bool, restarts string) {
	o := &p.o.Options
	b := p.begin("syscall", pid, tid, start)
	if ended {
		b = append(b, `,"end_ns":`...)
		b = strconv.AppendInt(b, end, 10)
		if hasEntry {
			b = append(b, `,"duration_ns":`...)
			b = strconv.AppendInt(b, end-start, 10)
		}
	}
	b = appendKeyString(b, "name", c.Name)
	b = append(b, `,"nr":`...)
	b = strconv.AppendUint(b, c.Nr, 10)
	if abi := abiName(c); abi != "" {
		b = appendKeyString(b, "abi", abi)
	}
	if hasEntry {
		b = append(b, `,"raw_args":[`...)
		for i, a := range raw {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, a, 10)
		}
		b = append(b, ']')
	} else {
		b = append(b, `,"entry_seen":false`...)
	}
	if restarts != "" {
		b = appendKeyString(b, "restarts", restarts)
	}
	b = append(b, `,"args":[`...)
	if c.Name != "restart_syscall" || c.Unknown {
		n := 0
		for i, a := range c.Args {
			name := ""
			if i < len(c.Names) {
				name = c.Names[i]
			}
			if a == nil && name == "" {
				continue // a place holder of the text's layout
			}
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = append(b, `{"name":`...)
			b = AppendJSONString(b, name)
			b = append(b, `,"value":`...)
			b = AppendJSON(b, a, o)
			b = append(b, '}')
		}
	}
	b = append(b, `],"ret":`...)
	b = AppendRetJSON(b, c, o)
	if p.tamper != nil {
		b = appendTamperJSON(b, p.tamper)
	}
	if p.stack != nil {
		b = appendStackJSON(b, p.o.Stack, p.cur, p.stack)
	}
	if !ended {
		b = append(b, `,"unfinished":true`...)
	}
	if c.Err != "" {
		b = appendKeyString(b, "decode_error", c.Err)
	}
	p.end(b)
}

// rawArgCount is how many arguments the call takes: its table's count,
// or 6 for a number no table knows.
func rawArgCount(e *format.Event) int {
	switch {
	case e.Arch == format.ArchI386:
		if _, n, ok := sysent.LookupI386(e.Nr); ok {
			return min(n, 6)
		}
	case e.Nr&sysent.X32Bit != 0 && e.Nr < 1<<32:
		if _, n, ok := sysent.LookupX32(e.Nr &^ sysent.X32Bit); ok {
			return min(n, 6)
		}
	default:
		if en := sysent.Lookup(e.Nr); en != nil {
			return min(en.NArgs, 6)
		}
	}
	return 6
}

func abiName(c *Call) string {
	switch {
	case c.Arch == format.ArchI386:
		return "i386"
	case c.Nr&sysent.X32Bit != 0 && c.Nr < 1<<32:
		return "x32"
	}
	return ""
}

func (p *JSONPrinter) taskEnd(ev *replay.Event) {
	if t := p.tasks[ev.Task.Tid]; t != nil {
		p.unfinished(ev.Task.Tid, t)
	}
	delete(p.tasks, ev.Task.Tid)
	st := ev.Raw.Status
	if st&0x7f != 0 && !p.o.signalShown(int(st&0x7f)) {
		return
	}
	b := p.begin("exit", ev.Task.Pid, ev.Task.Tid, ev.Time)
	b = append(b, `,"status":`...)
	b = strconv.AppendUint(b, uint64(st), 10)
	if st&0x7f == 0 {
		b = append(b, `,"exit_code":`...)
		b = strconv.AppendUint(b, uint64(st>>8&0xff), 10)
	} else {
		b = appendSignal(b, int(st&0x7f))
		b = append(b, `,"core_dumped":`...)
		b = strconv.AppendBool(b, st&0x80 != 0)
	}
	p.end(b)
}

// superseded handles a multi-threaded execve: the thread that called it
// takes the leader's tid, and the leader's call in progress never ends.
func (p *JSONPrinter) superseded(ev *replay.Event) {
	if t := p.tasks[ev.Task.Tid]; t != nil {
		p.unfinished(ev.Task.Tid, t)
	}
	old := p.tasks[ev.OldTid]
	delete(p.tasks, ev.OldTid)
	delete(p.tasks, ev.Task.Tid)
	if old != nil {
		p.tasks[ev.Task.Tid] = old
	}
	b := p.begin("exec", ev.Task.Pid, ev.Task.Tid, ev.Time)
	b = append(b, `,"old_tid":`...)
	b = strconv.AppendInt(b, int64(ev.OldTid), 10)
	p.end(b)
}
