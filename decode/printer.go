package decode

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"mytrace/decode/unwind"
	"mytrace/format"
	"mytrace/replay"
	"mytrace/sysent"
)

// PrintOptions configure a Printer.
type PrintOptions struct {
	Options
	// TimeFormat is how -t prefixes each line with its time: not at
	// all, as the time of day (-t, -tt) or as seconds since the epoch
	// (-ttt); TimePrecision is the fraction of a second shown with it
	// (default: none; -tt and -ttt: microseconds).
	TimeFormat    TimeFormat
	TimePrecision Precision
	// Relative prefixes each line with the time since the previous one
	// (-r), with RelativePrecision (default: microseconds).
	Relative          bool
	RelativePrecision Precision
	// Durations shows the time spent in each call (-T), with
	// DurationPrecision (default: microseconds).
	Durations         bool
	DurationPrecision Precision
	// ToFile selects strace's output-to-file conventions (-o FILE): a bare
	// "PID " prefix on every line when following forks. Otherwise the
	// "[pid N] " prefix appears while more than one task is traced.
	ToFile bool
	Follow bool // -f was given
	// Signals, if set, says which signals' lines to show (-e signal=).
	Signals func(sig int) bool
	// Status is a mask of Status* bits: show only calls that ended so
	// (-e status=, -z, -Z). Zero shows every call.
	Status int
	// Quiet is a mask of Quiet* bits (-q, -e quiet=).
	Quiet int
	// Paths, if set, shows only calls that touch one of these paths,
	// through a path argument or a descriptor referring to it (-P).
	Paths []string
	// Messages prints strace's diagnostics ("Process N attached") in the
	// output, as strace does on stderr.
	Messages bool
	// Diag, when Messages is not set, receives the diagnostics about
	// the calls that strace prints on stderr as it traces them (a poke
	// -e inject= could not make); nil drops them.
	Diag io.Writer
	// Trace, if set, says which syscalls to show.
	Trace func(nr uint64, arch uint32) bool
	// Location for -t times (default: local time).
	Location *time.Location
	// Program is the name used in diagnostics ("mytrace").
	Program string
	// Stack, if set, unwinds and shows the call stack recorded with each
	// call and signal, as strace -k (decode/stack.go).
	Stack *unwind.Unwinder
	// Separate, if set, gives each task's lines a writer of their own
	// (strace -ff -o FILE: FILE.TID): it is called when a task first
	// has something to say, and the writer is closed (if it is an
	// io.Closer) when the task ends. Lines then have no pid prefix.
	Separate func(tid int32) io.Writer
	// InstructionPointer prefixes each line with the instruction pointer
	// at the stop, "[00007f1234567890] " (strace -i). It comes from the
	// registers recorded with the event; a signal's line shows the
	// task's last known one unless the signal stop has registers.
	InstructionPointer bool
	// SyscallNumber prefixes each line with the number of the task's
	// current (or last) syscall, "[  59] " (strace -n).
	SyscallNumber bool
	// Column is where the " = " of a result is aligned (strace -a;
	// default 40).
	Column int
	// DumpRead and DumpWrite, if set, say which descriptors' data is
	// dumped in hexadecimal after the call's line (strace -e read=,
	// -e write=; dump.go).
	DumpRead, DumpWrite func(fd int) bool
}

type ptask struct {
	call *Call // decoded at entry
	// entryCall holds call, reused from one call to the next.
	entryCall Call
	// callTrack: the names of its calls for restart_syscall, and shown:
	// the entry line was printed (exits of hidden calls are not).
	callTrack
	// reprint: print the exit as resumed even if the line is still open
	// (the thread's tid changed under it).
	reprint bool
	// pers is the ABI of the task's last syscall: 0 x86-64, 1 i386, 2 x32.
	pers int
	// stage holds the call's line until its result decides whether it is
	// shown (-e status=); stageCol is its length.
	stage    textBuf
	staged   bool
	stageCol int
	// stackAtEnd: the task is in a call whose stack was captured at
	// entry and that never returns; strace shows it when the task ends.
	stackAtEnd bool
	// ip is the task's instruction pointer at its last stop with
	// registers (ipOK), for -i; nr its current or last syscall, for -n.
	ip   uint64
	ipOK bool
	nr   uint64
	// stubExec: the task was launched and has not made its first call
	// (the exec stub's execve) yet.
	stubExec bool
	// comm is the task's command name for -Y's prefix (strace's tcb
	// comm); lastErr says its last traced call failed, which makes
	// strace keep the old name after an execve or prctl(PR_SET_NAME).
	comm    string
	lastErr bool
}

// taskOut is a task's own output (-ff) and the state of its line.
type taskOut struct {
	w    *bufio.Writer
	c    io.Closer
	open bool
	col  int
}

var personalityNames = [...]string{"64 bit", "32 bit", "x32"}

func personality(e *format.Event) int {
	switch {
	case e.Arch == format.ArchI386:
		return 1
	case e.Nr&sysent.X32Bit != 0:
		return 2
	}
	return 0
}

// Printer writes replayed events as strace's text.
type Printer struct {
	w     *bufio.Writer
	o     PrintOptions
	start int64 // wall clock of time 0, ns since the epoch
	tasks map[int32]*ptask
	open  int32 // tid whose line is unfinished (strace's printing_tcp with curcol != 0)
	col   int   // columns in the unfinished line
	last  int32 // tid of the last line printed (strace's printing_tcp)
	prevR int64 // -r: time of the previous line
	// DecodeErrors counts calls whose decoder failed and that were shown
	// raw; FirstDecodeError says why the first one failed.
	DecodeErrors     int
	FirstDecodeError string
	// LostEvents counts the events the recording says it lost (the BPF
	// recorder's ring buffer was full), each gap marked in place.
	LostEvents uint64
	haveR      bool
	cur        *replay.Task // the task of the event being printed
	// stageTo, when set, receives what write writes (a staged line).
	stageTo *textBuf
	// Reused from one event to the next: line is the text of the call
	// being printed, lead the line's prefix, exitCall the decoding of a
	// call at its exit, and d the decoder's state.
	line     textBuf
	lead     textBuf
	exitCall Call
	d        dec
	// pidLead is the pid prefix of the last line that had one ("4242  "),
	// for task pidLeadTid named pidLeadComm: most lines are of the same
	// task as the one before.
	pidLead     textBuf
	pidLeadTid  int32
	pidLeadComm string
	// lastTask is task lastTid's state, which task returned last: most
	// events are of the same task as the one before (forget drops it).
	lastTask *ptask
	lastTid  int32
	// -ff: each task's output (Separate), and the tid whose output p.w
	// is now (0: none, p.main).
	outs   map[int32]*taskOut
	curOut int32
	main   *bufio.Writer
	// noIP: the line being started has no instruction pointer to show
	// (a process's end).
	noIP bool
	dump textBuf
	// pids: what the recording says of the pids the event being printed
	// names (the arguments at an entry, the result at an exit), for -Y
	// and --decode-pids=pidns.
	pids []format.PidNote
}

// NoStrings is PrintOptions.StrLimit for strace's -s 0 (the zero value
// is the default, 32): no character of any string is shown.
const NoStrings = -1

// NewPrinter returns a Printer writing to w. h is the recording's header,
// which gives the wall-clock time of the start.
func NewPrinter(w io.Writer, h *format.Header, o PrintOptions) *Printer {
	o.Fit(h)
	if o.StrLimit == 0 {
		o.StrLimit = 32
	} else if o.StrLimit == NoStrings {
		o.StrLimit = 0
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Program == "" {
		o.Program = "mytrace"
	}
	if o.Column <= 0 {
		o.Column = 40
	}
	p := &Printer{w: bufio.NewWriterSize(w, 64<<10), o: o, tasks: make(map[int32]*ptask)}
	p.main = p.w
	if o.Separate != nil {
		p.outs = make(map[int32]*taskOut)
	}
	// -y: descriptors are shown with what they refer to in the process of
	// the event being printed.
	p.o.FdPath = func(fd int32) string {
		if p.cur == nil {
			return ""
		}
		return p.cur.FdPath(fd)
	}
	p.o.FdNetlink = func(fd int32) (int, bool, bool) {
		if p.cur == nil {
			return 0, false, false
		}
		return p.cur.FdNetlink(fd)
	}
	// -yy: what sockets are connected to, as the recorder noted it.
	p.o.FdSock = func(fd int32) string {
		if p.cur == nil {
			return ""
		}
		return p.cur.FdSock(fd)
	}
	p.o.SockCache = new(SockCache)
	p.o.PidLookup = p.pidLookup
	if h != nil {
		p.start = h.StartWall
	}
	return p
}

// pidLookup is Options.PidLookup: what the notes of the event being
// printed say of pid p, of kind k.
func (p *Printer) pidLookup(pid int64, k sysent.PidKind) (string, int64, bool) {
	for i := range p.pids {
		n := &p.pids[i]
		if int64(n.Pid) != pid || sysent.PidKind(n.Kind) != k && !(isProcess(k) && isProcess(sysent.PidKind(n.Kind))) {
			continue
		}
		if n.Flags&format.PidTranslated != 0 {
			return string(n.Comm), int64(n.NSPid), true
		}
		return string(n.Comm), pid, false
	}
	return "", pid, false
}

// isProcess says a kind names a thread or a process, whose command names
// and translations are the same notes.
func isProcess(k sysent.PidKind) bool { return k == sysent.PidTID || k == sysent.PidTGID }

// commNote takes a task's own command name from the recording, as strace
// keeps it for the "[pid N<comm>]" prefix: read when the task joined, and
// again at the exit of an execve, execveat or prctl(PR_SET_NAME), which
// strace 6.1 applies only when the task's last traced call succeeded (it
// looks at that call's error, not this one's).
func (p *Printer) commNote(ev *replay.Event) {
	t := p.task(ev.Task.Tid)
	for _, n := range ev.Raw.Pids {
		if n.Flags&format.PidSelf == 0 || n.Pid != ev.Task.Tid {
			continue
		}
		if n.Flags&format.PidRenamed != 0 && t.lastErr {
			continue
		}
		t.comm = string(n.Comm)
	}
}

// prefixComm is the command name the prefix of tid's lines shows, "" for
// none (without -Y, or not known).
func (p *Printer) prefixComm(tid int32) string {
	if p.o.DecodePids&DecodePidComm == 0 {
		return ""
	}
	if t := p.tasks[tid]; t != nil {
		return t.comm
	}
	return ""
}

// writeComm appends "<comm>" to b, quoted as strace quotes it; nothing
// for "".
func (p *Printer) writeComm(b *textBuf, comm string) {
	if comm == "" {
		return
	}
	b.WriteByte('<')
	quoteBytes(b, []byte(comm), p.o.Hex, "<>")
	b.WriteByte('>')
}

// Flush writes out buffered text.
func (p *Printer) Flush() error {
	var err error
	for _, o := range p.outs {
		if e := o.w.Flush(); e != nil && err == nil {
			err = e
		}
	}
	if e := p.w.Flush(); e != nil && err == nil {
		err = e
	}
	if e := p.main.Flush(); e != nil && err == nil {
		err = e
	}
	return err
}

// Close finishes an unfinished last line (a trace that ends inside a
// syscall: cut short, or a task still running when tracing stopped) and
// flushes.
func (p *Printer) Close() error {
	if p.outs != nil {
		p.saveOut()
		for tid, o := range p.outs {
			if o.open {
				p.switchTo(tid)
				p.write(" <unfinished ...>")
				p.endLine()
			}
		}
	}
	if p.open != 0 {
		p.write(" <unfinished ...>")
		p.endLine()
	}
	for tid, t := range p.tasks {
		if t.staged {
			p.switchTo(tid)
			t.stage.WriteString(" <unfinished ...>\n")
			p.publish(t, StatusUnfinished)
		}
	}
	var err error
	for tid := range p.outs {
		if e := p.closeOut(tid); e != nil && err == nil {
			err = e
		}
	}
	if e := p.Flush(); e != nil && err == nil {
		err = e
	}
	return err
}

// switchTo makes tid's own output the current one (-ff), with the state
// of its line: with separate outputs a task's line is only ever ended or
// continued by the task itself.
func (p *Printer) switchTo(tid int32) {
	if p.outs == nil || p.curOut == tid {
		return
	}
	p.saveOut()
	o := p.outs[tid]
	if o == nil {
		w := p.o.Separate(tid)
		o = &taskOut{w: bufio.NewWriterSize(w, 4<<10)}
		if c, ok := w.(io.Closer); ok {
			o.c = c
		}
		p.outs[tid] = o
	}
	p.w, p.open, p.col, p.curOut = o.w, 0, 0, tid
	if o.open {
		p.open, p.col = tid, o.col
	}
}

// saveOut keeps the state of the current task's line (-ff).
func (p *Printer) saveOut() {
	if o := p.outs[p.curOut]; o != nil {
		o.open, o.col = p.open != 0, p.col
	}
}

// closeOut flushes and closes a task's own output (-ff), as strace
// closes FILE.TID when the task is gone.
func (p *Printer) closeOut(tid int32) error {
	o := p.outs[tid]
	if o == nil {
		return nil
	}
	if p.curOut == tid {
		p.w, p.open, p.col, p.curOut = p.main, 0, 0, 0
	}
	delete(p.outs, tid)
	err := o.w.Flush()
	if o.c != nil {
		if e := o.c.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

func (p *Printer) task(tid int32) *ptask {
	if p.lastTask != nil && p.lastTid == tid {
		return p.lastTask
	}
	t := p.tasks[tid]
	if t == nil {
		t = &ptask{}
		p.tasks[tid] = t
	}
	p.lastTid, p.lastTask = tid, t
	return t
}

// forget drops the state of task tid.
func (p *Printer) forget(tid int32) {
	delete(p.tasks, tid)
	p.lastTask = nil
}

// write appends text to the current line, keeping its column count.
func (p *Printer) write(s string) {
	if p.stageTo != nil {
		p.stageTo.WriteString(s)
	} else {
		p.w.WriteString(s)
	}
	p.col += len(s)
}

// writeBytes is write for text in a buffer.
func (p *Printer) writeBytes(b []byte) {
	if p.stageTo != nil {
		p.stageTo.Write(b)
	} else {
		p.w.Write(b)
	}
	p.col += len(b)
}

// staging reports whether calls are held until their result is known.
func (p *Printer) staging() bool { return p.o.Status != 0 && p.o.Status != StatusAll }

// publish writes a staged line if its status is one to show.
func (p *Printer) publish(t *ptask, status int) bool {
	shown := p.o.statusShown(status)
	if shown {
		p.w.Write(t.stage.b)
	}
	t.stage.Reset()
	t.staged = false
	return shown
}

// endLine finishes the current line.
func (p *Printer) endLine() {
	p.w.WriteByte('\n')
	p.open = 0
	p.col = 0
}

// leader starts a line for tid, ending an unfinished one first, and writes
// the pid prefix and timestamps.
func (p *Printer) leader(tid int32, t int64, live int) {
	if p.open != 0 && p.stageTo == nil {
		p.write(" <unfinished ...>")
		p.endLine()
	}
	p.last = tid
	p.col = 0
	if p.o.Separate != nil {
		// -ff: every task has a file of its own, no prefix.
	} else if p.o.ToFile && (p.o.Follow || live > 1) {
		comm := p.prefixComm(tid)
		b := &p.pidLead
		if tid != p.pidLeadTid || comm != p.pidLeadComm || len(b.b) == 0 {
			b.Reset()
			b.int(int64(tid))
			if comm == "" {
				b.pad(0, 5)
			} else {
				p.writeComm(b, comm)
			}
			b.WriteByte(' ')
			p.pidLeadTid, p.pidLeadComm = tid, comm
		}
		p.writeBytes(b.b)
	} else if !p.o.ToFile && live > 1 {
		var num [20]byte
		s := strconv.AppendInt(num[:0], int64(tid), 10)
		b := &p.lead
		b.Reset()
		b.WriteString("[pid ")
		for i := len(s); i < 5; i++ {
			b.WriteByte(' ')
		}
		b.Write(s)
		p.writeComm(b, p.prefixComm(tid))
		b.WriteString("] ")
		p.writeBytes(b.b)
	}
	if p.o.TimeFormat != TimeNone {
		ns := p.start + t
		b := &p.lead
		b.Reset()
		if p.o.TimeFormat == TimeUnix {
			b.int(ns / 1e9)
		} else {
			b.WriteString(time.Unix(ns/1e9, 0).In(p.o.Location).Format("15:04:05"))
		}
		b.fraction(ns, p.o.TimePrecision.digits(0))
		b.WriteByte(' ')
		p.writeBytes(b.b)
	}
	if p.o.Relative {
		if !p.haveR {
			p.prevR, p.haveR = t, true
		}
		d := t - p.prevR
		p.prevR = t
		b := &p.lead
		b.Reset()
		if p.o.TimeFormat != TimeNone {
			b.WriteString("(+")
		}
		// strace: "%6ld" seconds, then the fraction.
		var num [20]byte
		sec := strconv.AppendInt(num[:0], d/1e9, 10)
		for i := len(sec); i < 6; i++ {
			b.WriteByte(' ')
		}
		b.Write(sec)
		b.fraction(d, p.o.RelativePrecision.digits(6))
		if p.o.TimeFormat != TimeNone {
			b.WriteString(") ")
		} else {
			b.WriteByte(' ')
		}
		p.writeBytes(b.b)
	}
	if p.o.SyscallNumber || p.o.InstructionPointer {
		p.numberAndIP(tid)
	}
}

// TimeFormat is how -t shows the time of a line.
type TimeFormat uint8

// The -t formats (strace's --absolute-timestamps=format:none|time|unix).
const (
	TimeNone  TimeFormat = iota // no timestamp
	TimeOfDay                   // 15:04:05, local time
	TimeUnix                    // seconds since the epoch
)

// Precision is the fraction of a second a time is shown with (strace's
// s, ms, us, ns precisions); the zero value is the option's default.
type Precision uint8

// The precisions.
const (
	PrecisionDefault Precision = iota
	PrecisionS                 // whole seconds
	PrecisionMS                // milliseconds
	PrecisionUS                // microseconds
	PrecisionNS                // nanoseconds
)

// digits is the number of decimal digits after the point, def for the
// default precision.
func (p Precision) digits(def int) int {
	if p == PrecisionDefault {
		return def
	}
	return 3 * int(p-PrecisionS)
}

// fraction writes the fraction of a second of ns with digits digits, as
// strace's ".%0*ld" of tv_nsec / scale; nothing for none.
func (b *textBuf) fraction(ns int64, digits int) {
	if digits == 0 {
		return
	}
	f := ns % 1e9
	for i := digits; i < 9; i++ {
		f /= 10
	}
	var num [20]byte
	s := strconv.AppendInt(num[:0], f, 10)
	b.WriteByte('.')
	for i := len(s); i < digits; i++ {
		b.WriteByte('0')
	}
	b.Write(s)
}

// Event prints one replayed event.
func (p *Printer) Event(ev *replay.Event) {
	p.cur = ev.Task
	if ev.Kind == replay.Lost {
		p.lost(ev)
		return
	}
	if p.outs != nil {
		if ev.Kind == replay.Exec && ev.OldTid != 0 {
			p.supersededSeparate(ev)
			return
		}
		p.switchTo(ev.Task.Tid)
		switch ev.Kind {
		case replay.TaskEnd, replay.Detach:
			defer p.closeOut(ev.Task.Tid)
		}
	}
	switch ev.Kind {
	case replay.SyscallEntry:
		p.entry(ev)
	case replay.SyscallExit:
		p.exit(ev)
	case replay.Signal:
		p.signal(ev)
	case replay.GroupStop:
		if !p.o.signalShown(int(ev.Raw.Sig)) {
			return
		}
		p.leader(ev.Task.Tid, ev.Time, ev.Live)
		p.write("--- stopped by " + SignalName(int(ev.Raw.Sig)) + " ---")
		p.endLine()
		p.stopStack(ev)
	case replay.TaskStart:
		if p.o.Messages && p.o.Quiet&QuietAttach == 0 && (ev.Raw.How == format.NewTaskChild || ev.Raw.How == format.NewTaskThread) {
			p.message("Process " + strconv.Itoa(int(ev.Task.Tid)) + " attached")
		}
		if ev.Raw.How == format.NewTaskAttached {
			// The call it was in when attached: what a restart_syscall
			// resumes.
			p.task(ev.Task.Tid).attach(ev.Raw)
		}
		if ev.Raw.How == format.NewTaskLaunched {
			// Its first call, the execve of the command, is made by
			// mytrace's exec stub: its instruction pointer is
			// mytrace's, not the program's; -i shows it unknown.
			p.task(ev.Task.Tid).stubExec = true
		}
	case replay.Detach:
		p.detached(ev)
	case replay.Comm:
		p.commNote(ev)
	case replay.TaskExiting:
		p.exiting(ev)
	case replay.TaskEnd:
		p.end(ev)
	case replay.Exec:
		if ev.OldTid != 0 {
			p.superseded(ev)
		}
	}
}

// message prints a diagnostic line, as strace's error_msg does on stderr:
// straight after a pending unfinished line, which stays open (the next
// line of another task ends it with " <unfinished ...>", the same task's
// next words continue it).
func (p *Printer) message(s string) {
	p.w.WriteString(p.o.Program + ": " + s + "\n")
}

// syscall decodes a call, with the context only the printer has.
func (p *Printer) syscall(t *ptask, entry, exit *format.Event) *Call {
	// The entry's decoding is kept until the exit; the exit's is done
	// with before the next event.
	into := &p.exitCall
	if exit == nil {
		into = &t.entryCall
	}
	p.callQuals(entry, exit)
	// The entry's line shows the arguments before c.NEntry (-P looks
	// at them all); the exit's the others, when the entry's was shown.
	part := partExit
	if exit == nil && len(p.o.Paths) == 0 {
		part = partEntry
	}
	c := decodeInto(into, &p.d, entry, exit, &p.o.Options, part)
	if c.Err != "" {
		if p.DecodeErrors == 0 {
			p.FirstDecodeError = c.Name + ": " + c.Err
		}
		p.DecodeErrors++
	}
	if name, ok := t.resumes(c); ok {
		if name == "" {
			name = "system call"
		}
		c.Args = []Value{Sym("<... resuming interrupted " + name + " ...>")}
		c.Names = []string{""}
		c.NEntry = 1
	}
	return c
}

// callQuals sets the options that -e abbrev= and -e verbose= give each
// call; they stay set while the call's line is written.
func (p *Printer) callQuals(entry, exit *format.Event) {
	o := &p.o.Options
	if o.AbbrevCall == nil && o.VerboseCall == nil {
		return
	}
	e := entry
	if e == nil {
		e = exit
	}
	if e == nil {
		return
	}
	if o.AbbrevCall != nil {
		o.Verbose = !o.AbbrevCall(e.Nr, e.Arch)
	}
	if o.VerboseCall != nil {
		o.NotVerbose = !o.VerboseCall(e.Nr, e.Arch)
	}
}

func (p *Printer) entry(ev *replay.Event) {
	p.pids = ev.Pids
	t := p.task(ev.Task.Tid)
	t.call, t.reprint = nil, false
	t.enter(ev.Entry)
	t.note(ev.Entry)
	if t.stubExec {
		t.ipOK, t.stubExec = false, false
	}
	if pers := personality(ev.Entry); pers != t.pers {
		// strace says so when a task switches ABI, unless quiet (as it
		// is by default with -o FILE).
		t.pers = pers
		if p.o.Quiet&QuietPersonality == 0 {
			p.leader(ev.Task.Tid, ev.Time, ev.Live)
			p.write("[ Process PID=" + strconv.Itoa(int(ev.Task.Tid)) + " runs in " + personalityNames[pers] + " mode. ]")
			p.endLine()
		}
	}
	if !p.o.traces(ev.Entry) {
		return
	}
	c := p.syscall(t, ev.Entry, nil)
	p.pokeDiag(ev.Task.Tid, c.Name, ev.Entry, false)
	if !p.o.touches(c, p.cur) {
		return
	}
	t.call, t.shown = c, true
	if p.staging() {
		t.stage.Reset()
		t.staged = true
		p.stageTo = &t.stage
		defer func() { t.stageCol, p.stageTo, p.col = p.col, nil, 0 }()
	}
	p.leader(ev.Task.Tid, ev.Time, ev.Live)
	l := &p.line
	l.Reset()
	l.WriteString(c.Name)
	l.WriteByte('(')
	renderArgs(l, c.Args, 0, c.NEntry, &p.o.Options)
	if c.NEntry > 0 && c.NEntry < len(c.Args) {
		l.WriteString(", ")
	}
	p.writeBytes(l.b)
	if !p.staging() {
		p.open = ev.Task.Tid
	}
}

func (p *Printer) exit(ev *replay.Event) {
	p.pids = ev.Pids
	t := p.task(ev.Task.Tid)
	t.note(ev.Exit)
	if ev.Entry == nil {
		if !p.o.traces(ev.Exit) {
			return
		}
	} else if !t.shown {
		return
	}
	c := p.syscall(t, ev.Entry, ev.Exit)
	if ev.Entry == nil && !p.o.touches(c, p.cur) {
		return
	}
	// A traced call: strace keeps whether it failed, and looks at it
	// when a later execve or prctl(PR_SET_NAME) returns (commNote).
	t.lastErr = ev.Exit.IsError
	p.pokeDiag(ev.Task.Tid, c.Name, ev.Exit, true)
	staged := p.staging() && t.staged
	if p.staging() && !staged {
		// An exit without its entry: stage the whole line now.
		t.stage.Reset()
		p.stageTo, p.col = &t.stage, 0
		p.leader(ev.Task.Tid, ev.Time, ev.Live)
		p.stageTo = nil
		t.stageCol, t.staged, staged = p.col, true, true
	}
	if staged {
		p.stageTo, p.col = &t.stage, t.stageCol
	}
	l := &p.line
	l.Reset()
	if ev.Entry == nil {
		if !staged {
			p.leader(ev.Task.Tid, ev.Time, ev.Live)
		}
		l.WriteString(c.Name)
		l.WriteByte('(')
	} else if !staged && (p.open != ev.Task.Tid || t.reprint) {
		p.leader(ev.Task.Tid, ev.Time, ev.Live)
		l.WriteString("<... ")
		l.WriteString(c.Name)
		l.WriteString(" resumed>")
	}
	renderArgs(l, c.Args, c.NEntry, len(c.Args), &p.o.Options)
	l.WriteString(") ")
	// The result goes in column 40 at least.
	l.pad(-p.col, p.o.Column)
	l.WriteString("= ")
	renderRetNote(l, &c.Ret, &p.o.Options, tamperNote(ev.Exit))
	if p.o.Durations && ev.Entry != nil {
		d := ev.Exit.Time - ev.Entry.Time
		l.WriteString(" <")
		l.int(d / 1e9)
		l.fraction(d, p.o.DurationPrecision.digits(6))
		l.WriteByte('>')
	}
	p.writeBytes(l.b)
	dump := p.o.DumpRead != nil || p.o.DumpWrite != nil
	if dump {
		p.dump.Reset()
		p.dumpIO(&p.dump, ev)
	}
	if staged {
		p.stageTo.WriteByte('\n')
		if dump {
			p.stageTo.Write(p.dump.b)
		}
		p.stageTo, p.col = nil, 0
		if p.publish(t, callStatus(c)) {
			p.callStack(ev)
		}
	} else {
		p.endLine()
		if dump {
			p.w.Write(p.dump.b)
		}
		p.callStack(ev)
	}
	t.call, t.shown, t.reprint = nil, false, false
}

// AttachedCall names the syscall an attached task was in when attached,
// from its NewTask event, or "".
func AttachedCall(e *format.Event) string {
	if e.Msg == 0 {
		return ""
	}
	if en := sysent.Lookup(e.Msg - 1); en != nil {
		return en.Name
	}
	return ""
}

// detached ends the task's pending line with " <detached ...>", after
// strace's "Process N detached" message.
// lost marks where the recording lost events (its ring buffer was full),
// on a line of its own: "--- 12 events lost ---", for the task they were
// of when known.
func (p *Printer) lost(ev *replay.Event) {
	p.LostEvents += ev.Raw.Msg
	var tid int32
	if ev.Task != nil {
		tid = ev.Task.Tid
	}
	if p.outs != nil {
		if tid == 0 {
			return
		}
		p.switchTo(tid)
	}
	p.leader(tid, ev.Time, ev.Live)
	p.write("--- " + strconv.FormatUint(ev.Raw.Msg, 10) + " events lost ---")
	p.endLine()
}

func (p *Printer) detached(ev *replay.Event) {
	tid := ev.Task.Tid
	if p.o.Messages && p.o.Quiet&QuietAttach == 0 {
		p.message("Process " + strconv.Itoa(int(tid)) + " detached")
	}
	t := p.tasks[tid]
	p.forget(tid)
	switch {
	case t != nil && t.staged:
		t.stage.WriteString(" <detached ...>\n")
		p.publish(t, StatusDetached)
	case p.open == tid:
		p.write(" <detached ...>")
		p.endLine()
	}
}

// syscallName names the syscall of an event, for restart_syscall.
func syscallName(e *format.Event) string {
	if e.Arch == format.ArchX86_64 {
		if en := sysent.Lookup(e.Nr); en != nil {
			return en.Name
		}
	}
	return ""
}

// exiting handles PTRACE_EVENT_EXIT: a task that dies inside a syscall
// gets its line finished with "= ?".
func (p *Printer) exiting(ev *replay.Event) {
	t := p.task(ev.Task.Tid)
	if ev.Entry == nil || !t.shown || t.call == nil {
		return
	}
	t.stackAtEnd = ev.Entry.HasStack
	c := t.call
	if t.staged {
		p.stageTo, p.col = &t.stage, t.stageCol
		if c.NEntry < len(c.Args) {
			p.write(" <unfinished ...>")
		}
		p.write(") ")
		if p.col < p.o.Column {
			p.write(strings.Repeat(" ", p.o.Column-p.col))
		}
		p.write("= ?\n")
		p.stageTo, p.col = nil, 0
		p.publish(t, StatusUnfinished)
		t.call, t.shown = nil, false
		return
	}
	if p.open != 0 && p.open != ev.Task.Tid {
		p.write(" <unfinished ...>")
		p.endLine()
	}
	if p.open != ev.Task.Tid || t.reprint {
		p.leader(ev.Task.Tid, ev.Time, ev.Live)
		p.write("<... " + c.Name + " resumed>")
	}
	if c.NEntry < len(c.Args) {
		// The decoder had more to show at exit, which never came.
		p.write(" <unfinished ...>")
	}
	p.write(") ")
	if p.col < p.o.Column {
		p.write(strings.Repeat(" ", p.o.Column-p.col))
	}
	p.write("= ?")
	p.endLine()
	t.call, t.shown = nil, false
}

func (p *Printer) end(ev *replay.Event) {
	st := ev.Raw.Status
	defer p.forget(ev.Task.Tid)
	if e := p.endStack(ev); e != nil {
		// After the "+++" line, as strace prints a stack it queued.
		defer p.printStack(ev.Task, e, true)
	}
	if t := p.tasks[ev.Task.Tid]; t != nil && t.staged {
		// Killed inside a staged call: the call never finished.
		t.stage.WriteString(" <unfinished ...>\n")
		p.publish(t, StatusUnfinished)
	}
	if st&0x7f == 0 && p.o.Quiet&QuietExit != 0 || st&0x7f != 0 && !p.o.signalShown(int(st&0x7f)) {
		return
	}
	// The process is gone: strace cannot read its registers.
	p.noIP = true
	p.leader(ev.Task.Tid, ev.Time, ev.Live+1)
	p.noIP = false
	if st&0x7f == 0 {
		p.write("+++ exited with " + strconv.Itoa(int(st>>8&0xff)) + " +++")
	} else {
		s := "+++ killed by " + SignalName(int(st&0x7f)) + " "
		if st&0x80 != 0 {
			s += "(core dumped) "
		}
		p.write(s + "+++")
	}
	p.endLine()
}

func (p *Printer) superseded(ev *replay.Event) {
	// The exec'ing thread now has the leader's tid: the leader's line, if
	// open, is cut, and the exec's return is shown as resumed.
	if p.open == ev.OldTid {
		p.write(" <pid changed to " + strconv.Itoa(int(ev.Task.Tid)) + " ...>")
		p.endLine()
	}
	old := p.tasks[ev.OldTid]
	p.forget(ev.OldTid)
	p.forget(ev.Task.Tid)
	if old != nil {
		p.tasks[ev.Task.Tid] = old
		old.reprint = true
	}
	if p.o.Quiet&QuietThreadExecve != 0 {
		return
	}
	p.leader(ev.Task.Tid, ev.Time, ev.Live)
	p.write("+++ superseded by execve in pid " + strconv.Itoa(int(ev.OldTid)) + " +++")
	p.endLine()
}

func (p *Printer) signal(ev *replay.Event) {
	if !p.o.signalShown(int(ev.Raw.Sig)) {
		return
	}
	p.pids = ev.Pids
	if ev.Raw.HasRegs {
		t := p.task(ev.Task.Tid)
		t.ip, t.ipOK = ev.Raw.Regs[format.RegRIP], true
	}
	p.leader(ev.Task.Tid, ev.Time, ev.Live)
	p.write("--- " + SignalName(int(ev.Raw.Sig)) + " " + Render(Siginfo(ev.Raw.Siginfo, int(ev.Raw.Sig)), &p.o.Options) + " ---")
	p.endLine()
	p.stopStack(ev)
}

// note keeps what -i and -n show of a syscall stop.
func (t *ptask) note(e *format.Event) {
	if e == nil {
		return
	}
	t.nr = e.Nr
	if e.HasRegs {
		t.ip, t.ipOK = e.Regs[format.RegRIP], true
	}
}

// numberAndIP writes strace's -n and -i prefixes: the task's syscall
// number, "[  59] ", and its instruction pointer, "[00007f1234567890] "
// (8 digits for a 32-bit task; question marks when it is not known).
func (p *Printer) numberAndIP(tid int32) {
	t := p.task(tid)
	b := &p.lead
	b.Reset()
	if p.o.SyscallNumber {
		var num [20]byte
		s := strconv.AppendUint(num[:0], t.nr, 10)
		b.WriteByte('[')
		for i := len(s); i < 4; i++ {
			b.WriteByte(' ')
		}
		b.Write(s)
		b.WriteString("] ")
	}
	if p.o.InstructionPointer {
		width := 16
		if t.pers != 0 {
			width = 8
		}
		b.WriteByte('[')
		if t.ipOK && !p.noIP {
			var num [20]byte
			s := strconv.AppendUint(num[:0], t.ip, 16)
			for i := len(s); i < width; i++ {
				b.WriteByte('0')
			}
			b.Write(s)
		} else {
			b.WriteString("????????????????"[:width])
		}
		b.WriteString("] ")
	}
	p.writeBytes(b.b)
}

// supersededSeparate is superseded with -ff: the thread that called
// execve ends its line in its own file, which is closed; it goes on in
// the leader's file, as the leader.
func (p *Printer) supersededSeparate(ev *replay.Event) {
	p.switchTo(ev.OldTid)
	if p.open == ev.OldTid {
		p.write(" <pid changed to " + strconv.Itoa(int(ev.Task.Tid)) + " ...>")
		p.endLine()
	}
	p.closeOut(ev.OldTid)
	p.switchTo(ev.Task.Tid)
	p.superseded(ev)
}
