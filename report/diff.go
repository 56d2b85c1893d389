package report

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"sort"
	"strconv"
	"strings"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/replay"
)

// Diff of two recordings (mytrace diff): each trace is reduced to its
// process tree and, per task, a sequence of elements (syscalls, signals,
// the exit) with a normalized key; the trees are matched, then each
// matched pair of sequences is aligned (diff_result.go, diff_align.go);
// a second reading renders the strace lines the result shows. See
// docs/diff.md.

// DiffOptions say what a diff compares and how it shows it.
type DiffOptions struct {
	// IgnoreArgs compares syscalls by name and result only.
	IgnoreArgs bool
	// IgnoreRetval leaves return values (and errors) out of the
	// comparison.
	IgnoreRetval bool
	// Data compares the contents of buffers (read, write...).
	Data bool
	// Ignore, if set, says which syscalls to leave out altogether.
	Ignore func(nr uint64, arch uint32) bool
	// IgnoreSignals are signal numbers left out; nil means the default,
	// SIGCHLD (see DefaultIgnoredSignals).
	IgnoreSignals map[int]bool
	// StrLimit is the -s of the lines shown (default 32).
	StrLimit int
	// Context is the number of unchanged lines shown around changes
	// (default 3; negative for none).
	Context int
	// MoveWindow: a call that only changed places, by at most this many
	// places, is moved, not removed and added, and not a difference
	// (signal and wait timing); 0 means DefaultMoveWindow, negative turns
	// moves off.
	MoveWindow int
}

// DefaultMoveWindow is how far (in places of its sequence) a call may
// move and still be the same call moved by timing.
const DefaultMoveWindow = 16

// DefaultIgnoredSignals are the signals a diff leaves out unless told
// otherwise: where a SIGCHLD is delivered depends on scheduling.
func DefaultIgnoredSignals() map[int]bool { return map[int]bool{17: true} }

// elemKind says what an element of a sequence is.
type elemKind uint8

const (
	elemCall   elemKind = iota // a syscall
	elemSignal                 // a signal delivered
	elemExit                   // the task's end
)

// elem is one element of a task's sequence: what diff keeps of a call,
// never the raw event.
//
// The strace line of an element is not kept: the few the result shows are
// rendered in a second pass over the recording (see LinesPass).
//
// Keys are kept as 128-bit hashes; a key that names pids is kept as text
// until the process trees are matched (see Diff), and hashed then.
type elem struct {
	key   hkey // what is compared: the call with its results, normalized
	ident hkey // the call without its results (name and entry arguments)
	// keyText, identText: the key and ident when they name pids.
	keyText, identText string
	name               string // syscall name, or "" for signals and exits
	time               int64  // ns since the start of the recording (the call's entry)
	kind               elemKind
}

// hkey is the hash of a key.
type hkey struct{ a, b uint64 }

// Two seeds make a 128-bit hash: a collision (two different keys taken
// for the same) is out of reach.
var seedA, seedB = maphash.MakeSeed(), maphash.MakeSeed()

func hashKey(s []byte) hkey { return hkey{maphash.Bytes(seedA, s), maphash.Bytes(seedB, s)} }

// setKey sets the key (or the ident) of e from b.
func setKey(h *hkey, text *string, b []byte) {
	if bytes.Contains(b, []byte(pidMark)) {
		*text = string(b)
		return
	}
	*h = hashKey(b)
}

// dtask is a task of a trace: a process or a thread, with its sequence.
type dtask struct {
	task     *replay.Task
	tid, pid int32
	thread   bool
	parent   *dtask
	children []*dtask
	// execs are the programs the task exec'd: path and argv, NUL-separated.
	execs []string
	elems []elem
	start int64
	ended bool
	// status is the wait status, once ended.
	status uint32
	// The syscall under way: its entry was seen at pendTime; pendFds
	// says what its argument registers referred to as descriptors then.
	pending  bool
	pendTime int64
	pendFds  [6]fdSnap
	label    string // place in the matched tree ("1.2"), set by Diff
	// own: what the descriptors the task opened referred to (see
	// keyer.own).
	own map[int32]string
	// seq orders siblings: the order of the fork or clone events that
	// made them (children join the trace at their first stop, which may
	// come in either order for two quick forks); 0 when not seen.
	seq int
	// Signals with a handler (bit n for signal n), as rt_sigaction set
	// them (handled0: when the task started); sigreturns to leave out
	// (of handlers of signals left out); whether the last element is a
	// call interrupted to be restarted.
	handled, handled0 uint64
	skipReturns       int
	lastRestart       bool
	// The lines pass: elements seen so far, and the lines wanted (by
	// element index; "" until rendered).
	n     int32
	lines map[int32]string
	// moveKeys are the move keys of the elements whose move key is not
	// their key (waits), by element index.
	moveKeys map[int32]textKey
	// wantFacts are the elements whose facts the lines pass keeps in
	// facts: changed calls, whose line may not show what differs.
	wantFacts map[int32]bool
	facts     map[int32][]fact
}

// fact is one part of a call's key, for saying what differs between two
// calls that print alike: an argument (by name) or the result.
type fact struct {
	name, key string
}

// textKey is a key as hash, or as text when it names pids.
type textKey struct {
	h    hkey
	text string
}

// fdSnap is what descriptor fd referred to at a syscall's entry.
type fdSnap struct {
	fd   int32
	path string
	ok   bool
}

// DiffTrace is a recording reduced to what a diff compares. Feed it the
// replayed events with Add, then call Finish.
type DiffTrace struct {
	Name   string
	Header *format.Header
	// Warning is set when the recording could not be read to its end
	// (cut short): what was read is compared.
	Warning string

	o      DiffOptions
	tasks  []*dtask // in the order they appeared
	roots  []*dtask
	byTask map[*replay.Task]*dtask
	live   map[int32]*dtask  // tid -> task now holding it
	byTid  map[int32]*dtask  // tid -> first task that held it (for pids in keys)
	files  map[string]bool   // paths used by successful calls
	mem    map[int32]*memMap // pid -> the process's low memory (diff_mem.go)
	k      keyer
	kb     keyBuf
	keyOpt decode.Options // how calls are decoded for keys
	show   decode.Options // how they are decoded for lines
	line   strings.Builder
	calls  int
	nfork  int           // fork and clone events so far
	forked map[int32]int // child tid -> seq, for children not joined yet
	// The lines pass (LinesPass): tasks are met again in the same order.
	linesPass bool
	again     map[*replay.Task]*dtask
	nagain    int
}

// NewDiffTrace returns an empty DiffTrace for the recording called name
// with header h.
func NewDiffTrace(name string, h *format.Header, o *DiffOptions) *DiffTrace {
	t := &DiffTrace{
		Name: name, Header: h, o: *o,
		byTask: make(map[*replay.Task]*dtask),
		live:   make(map[int32]*dtask),
		byTid:  make(map[int32]*dtask),
		files:  make(map[string]bool),
		forked: make(map[int32]int),
		mem:    make(map[int32]*memMap),
	}
	if t.o.StrLimit <= 0 {
		t.o.StrLimit = 32
	}
	if t.o.IgnoreSignals == nil {
		t.o.IgnoreSignals = DefaultIgnoredSignals()
	}
	lim := 256
	if h != nil && h.StrLimit > 0 {
		lim = int(h.StrLimit)
	}
	// Keys see everything that was recorded: structures in full, strings
	// up to the recording's limit.
	t.keyOpt = decode.Options{StrLimit: lim, Verbose: true}
	t.keyOpt.Fit(h)
	t.show = decode.Options{StrLimit: t.o.StrLimit}
	t.k.data = t.o.Data
	t.k.opts = &t.keyOpt
	t.k.isTid = func(tid int32) bool { return t.byTid[tid] != nil }
	return t
}

// NeedsLines reports whether the result of Diff shows lines of this
// trace: if so, replay the recording again after LinesPass.
func (t *DiffTrace) NeedsLines() bool {
	for _, d := range t.tasks {
		if len(d.lines) > 0 {
			return true
		}
	}
	return false
}

// LinesPass prepares the second reading of the recording, after Diff:
// give Add the same replayed events again, then call Finish; the strace
// lines of the elements the result shows are rendered on the way, and
// the result's FillLines puts them in place.
func (t *DiffTrace) LinesPass() {
	t.linesPass = true
	t.again = make(map[*replay.Task]*dtask)
	t.nagain = 0
	t.mem = make(map[int32]*memMap)
	for _, d := range t.tasks {
		d.n, d.pending = 0, false
		d.handled, d.skipReturns, d.lastRestart = d.handled0, 0, false
	}
}

// want notes that the result shows element i of d.
func (d *dtask) want(i int) {
	if d.lines == nil {
		d.lines = make(map[int32]string)
	}
	d.lines[int32(i)] = ""
}

// wantFact notes that the lines pass keeps the facts of element i of d.
func (d *dtask) wantFact(i int) {
	if d.wantFacts == nil {
		d.wantFacts = make(map[int32]bool)
		d.facts = make(map[int32][]fact)
	}
	d.wantFacts[int32(i)] = true
}

// callFacts splits the key of a call into its facts: each argument's
// key, and the result's.
func (t *DiffTrace) callFacts(d *dtask, c *decode.Call, pend bool, mem *memMap) []fact {
	k := &t.k
	k.task, k.own, k.mem = d.task, d.own, mem
	var out []fact
	var b keyBuf
	for i := range c.Args {
		if c.Args[i] == nil {
			continue
		}
		k.snap = nil
		if pend && i < c.NEntry {
			k.snap = &d.pendFds
		}
		b = b[:0]
		if k.args(&b, c, i, i+1, 0) == 0 {
			continue
		}
		name := "argument " + strconv.Itoa(i+1)
		if i < len(c.Names) && c.Names[i] != "" {
			name = c.Names[i]
		}
		if fd, ok := c.Args[i].(decode.Fd); ok {
			name += " " + strconv.Itoa(int(fd))
		}
		out = append(out, fact{name, string(b)})
	}
	k.snap = nil
	b = b[:0]
	k.ret(&b, c)
	return append(out, fact{"result", string(b)})
}

// next counts an element in the lines pass and reports whether its line
// is wanted.
func (d *dtask) next() (int32, bool) {
	i := d.n
	d.n++
	_, ok := d.lines[i]
	return i, ok
}

// dtaskOf returns the task of a replayed event, creating it (as a root,
// or as a child of its parent) when it is new.
func (t *DiffTrace) dtaskOf(rt *replay.Task, time int64) *dtask {
	if t.linesPass {
		// The same tasks, met in the same order.
		if d := t.again[rt]; d != nil {
			return d
		}
		if t.nagain < len(t.tasks) {
			d := t.tasks[t.nagain]
			t.nagain++
			t.again[rt] = d
			return d
		}
		d := &dtask{task: rt} // not met the first time: the file changed
		t.again[rt] = d
		return d
	}
	if d := t.byTask[rt]; d != nil {
		return d
	}
	d := &dtask{task: rt, tid: rt.Tid, pid: rt.Pid, thread: rt.How == format.NewTaskThread, start: time}
	if p := t.live[rt.Parent]; rt.Parent != 0 && p != nil && p.task != rt {
		d.parent = p
		p.children = append(p.children, d)
		d.handled, d.handled0 = p.handled, p.handled
	} else {
		t.roots = append(t.roots, d)
	}
	if seq, ok := t.forked[rt.Tid]; ok {
		d.seq = seq
		delete(t.forked, rt.Tid)
	}
	t.byTask[rt] = d
	t.live[rt.Tid] = d
	if t.byTid[rt.Tid] == nil {
		t.byTid[rt.Tid] = d
	}
	t.tasks = append(t.tasks, d)
	return d
}

// Add takes one replayed event.
func (t *DiffTrace) Add(ev *replay.Event) {
	if ev.Task == nil {
		return
	}
	d := t.dtaskOf(ev.Task, ev.Time)
	switch ev.Kind {
	case replay.SyscallEntry:
		d.pending, d.pendTime = true, ev.Time
		for i := range d.pendFds {
			fd := int32(ev.Entry.Args[i])
			d.pendFds[i] = fdSnap{fd: fd, path: ev.Task.FdPath(fd), ok: true}
		}
	case replay.SyscallExit:
		when := ev.Time
		if d.pending && ev.Entry != nil {
			when = d.pendTime
		}
		pend := d.pending && ev.Entry != nil
		d.pending = false
		t.call(d, ev.Entry, ev.Exit, when, pend)
	case replay.Signal:
		t.signal(d, ev)
	case replay.TaskExiting:
		if d.pending && ev.Entry != nil {
			d.pending = false
			t.call(d, ev.Entry, nil, d.pendTime, true)
		}
	case replay.TaskEnd:
		if d.pending && ev.Entry != nil {
			d.pending = false
			t.call(d, ev.Entry, nil, d.pendTime, true)
		}
		d.lastRestart = false
		if t.linesPass {
			if i, ok := d.next(); ok {
				d.lines[i] = exitText(ev.Raw.Status)
			}
			return
		}
		d.ended, d.status = true, ev.Raw.Status
		h := hashKey([]byte(exitText(d.status)))
		d.elems = append(d.elems, elem{key: h, ident: h, time: ev.Time, kind: elemExit})
		if t.live[d.tid] == d {
			delete(t.live, d.tid)
		}
	case replay.PtraceEvent:
		switch ev.Raw.PtraceEvent {
		case ptraceEventFork, ptraceEventVfork, ptraceEventClone:
			if t.linesPass {
				break
			}
			t.nfork++
			child := int32(ev.Raw.Msg)
			if c := t.live[child]; c != nil && c.parent == d && c.seq == 0 {
				c.seq = t.nfork // it joined first
			} else {
				t.forked[child] = t.nfork
			}
		}
	case replay.Exec:
		if ev.OldTid != 0 && !t.linesPass {
			// A thread exec'd and took the leader's tid.
			d.tid = ev.Task.Tid
			t.live[d.tid] = d
		}
	}
}

// ptrace event numbers (PTRACE_EVENT_*) that make a task.
const (
	ptraceEventFork  = 1
	ptraceEventVfork = 2
	ptraceEventClone = 3
)

// Finish ends the collection: calls still under way when the recording
// ended are kept without their result, and siblings are put in the order
// they were made.
func (t *DiffTrace) Finish() {
	if !t.linesPass {
		for _, d := range t.tasks {
			sortSiblings(d.children)
		}
		sortSiblings(t.roots)
	}
	m := t.byTask
	if t.linesPass {
		m = t.again
	}
	for rt, d := range m {
		if d.pending {
			if e := rt.Entry(); e != nil {
				t.call(d, e, nil, d.pendTime, true)
			}
			d.pending = false
		}
	}
}

// exitText is strace's line for a task's end.
func exitText(st uint32) string {
	if st&0x7f == 0 {
		return "+++ exited with " + strconv.Itoa(int(st>>8&0xff)) + " +++"
	}
	s := "+++ killed by " + decode.SignalName(int(st&0x7f)) + " "
	if st&0x80 != 0 {
		s += "(core dumped) "
	}
	return s + "+++"
}

// runDirOf notes the directory the recording started in, the first time
// a task's working directory is known.
func (t *DiffTrace) runDirOf(rt *replay.Task) {
	if t.k.runDir != "" {
		return
	}
	if cwd := rt.FdPath(format.FdCwd); cwd != "" {
		t.k.runDir = cwd
		if cwd == "/" {
			t.k.runDir = "\x00none" // matches no path
		}
	}
}

// call adds a syscall. entry or exit may be nil; pend says d.pendFds
// belong to this call.
func (t *DiffTrace) call(d *dtask, entry, exit *format.Event, when int64, pend bool) {
	e := entry
	if e == nil {
		e = exit
	}
	// Memory is followed through every call, those left out too.
	mem := t.memOf(d)
	noteMem(mem, entry, exit)
	if e.Arch == format.ArchX86_64 && t.signalBookkeeping(d, entry, exit) {
		return
	}
	if t.o.Ignore != nil && t.o.Ignore(e.Nr, e.Arch) {
		d.lastRestart = false
		return
	}
	d.lastRestart = exit != nil && exit.IsError && restartErrno(exit.Ret)
	if t.linesPass {
		if i, ok := d.next(); ok {
			d.lines[i] = t.callLine(decode.Syscall(entry, exit, &t.show), exit != nil)
			if d.wantFacts[i] {
				d.facts[i] = t.callFacts(d, decode.Syscall(entry, exit, &t.keyOpt), pend, mem)
			}
		}
		return
	}
	t.calls++
	t.runDirOf(d.task)
	c := decode.Syscall(entry, exit, &t.keyOpt)
	k := &t.k
	k.mem = mem
	b := &t.kb
	*b = (*b)[:0]
	b.add(c.Name)
	b.addByte('(')
	n := 0
	if !t.o.IgnoreArgs {
		// Descriptors among the arguments shown at entry are what they
		// were at entry (a close has already dropped its descriptor at
		// exit).
		k.task, k.snap, k.own = d.task, nil, d.own
		if pend {
			k.snap = &d.pendFds
		}
		n = k.args(b, c, 0, c.NEntry, 0)
	}
	b.addByte(')')
	el := elem{name: c.Name, time: when, kind: elemCall}
	setKey(&el.ident, &el.identText, *b)
	*b = (*b)[:len(*b)-1]
	if !t.o.IgnoreArgs {
		k.snap = nil
		k.args(b, c, c.NEntry, len(c.Args), n)
	}
	b.addByte(')')
	if !t.o.IgnoreRetval {
		b.add(" = ")
		k.ret(b, c)
	}
	setKey(&el.key, &el.keyText, *b)
	if waitCalls[c.Name] && !t.o.IgnoreArgs {
		// The move key: the same without the options.
		*b = (*b)[:0]
		b.add(c.Name)
		b.addByte('(')
		k.skip = "options"
		k.snap = nil
		if pend {
			k.snap = &d.pendFds
		}
		n := k.args(b, c, 0, c.NEntry, 0)
		k.snap = nil
		k.args(b, c, c.NEntry, len(c.Args), n)
		k.skip = ""
		b.addByte(')')
		if !t.o.IgnoreRetval {
			b.add(" = ")
			k.ret(b, c)
		}
		var mk textKey
		setKey(&mk.h, &mk.text, *b)
		if d.moveKeys == nil {
			d.moveKeys = make(map[int32]textKey)
		}
		d.moveKeys[int32(len(d.elems))] = mk
	}
	d.elems = append(d.elems, el)
	t.ownFds(d, c)
	if c.Ret.Kind == decode.RetValue && exit != nil && !exit.IsError {
		t.touched(c, d)
	}
}

// memOf returns the low memory of d's process: a new process starts with
// its parent's (a fork copies the address space).
func (t *DiffTrace) memOf(d *dtask) *memMap {
	m := t.mem[d.pid]
	if m == nil {
		if d.parent != nil {
			m = t.mem[d.parent.pid].clone()
		}
		if m == nil {
			m = &memMap{}
		}
		t.mem[d.pid] = m
	}
	return m
}

// noteMem follows the low memory of a process through a call: the break
// and the mappings made (noted before the call's own key is built, so
// brk's result is known memory); a successful execve starts a new
// address space. It reads the raw events only, so both passes follow it.
func noteMem(m *memMap, entry, exit *format.Event) {
	if exit == nil || exit.IsError || exit.Arch != format.ArchX86_64 {
		return
	}
	ret := uint64(exit.Ret)
	switch exit.Nr {
	case nrBrk:
		m.brk(ret)
	case nrMmap:
		if entry != nil {
			m.add(ret, ret+entry.Args[1])
		}
	case nrShmat:
		m.add(ret, ret+4096)
	case nrMremap:
		if entry != nil {
			m.add(ret, ret+entry.Args[2])
		}
	case nrExecve, nrExecveat:
		*m = memMap{}
	}
}

// x86-64 syscall numbers the signal bookkeeping looks at.
const (
	nrMmap        = 9
	nrBrk         = 12
	nrMremap      = 25
	nrShmat       = 30
	nrRtSigaction = 13
	nrRtSigreturn = 15
	nrExecve      = 59
	nrExecveat    = 322
)

// restartErrno reports whether a return value is one of the kernel's
// "to be restarted" errors (ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND,
// ERESTART_RESTARTBLOCK): the call was interrupted by a signal.
func restartErrno(ret int64) bool { return ret <= -512 && ret >= -516 && ret != -515 }

// signalBookkeeping follows which signals have handlers, from the raw
// events (both passes see the same), and reports whether the call is the
// rt_sigreturn of a handler of a signal left out, which is left out too.
func (t *DiffTrace) signalBookkeeping(d *dtask, entry, exit *format.Event) bool {
	nr := exit
	if entry != nil {
		nr = entry
	}
	switch nr.Nr {
	case nrRtSigreturn:
		if d.skipReturns > 0 {
			d.skipReturns--
			d.lastRestart = false
			return true
		}
	case nrRtSigaction:
		if entry == nil || exit == nil || exit.IsError || entry.Args[1] == 0 {
			break
		}
		sig := entry.Args[0]
		if b, ok := decode.Mem(entry.Mem).Bytes(entry.Args[1], 8); ok && sig > 0 && sig <= 64 {
			if h := binary.LittleEndian.Uint64(b); h > 1 { // not SIG_DFL, SIG_IGN
				d.handled |= 1 << (sig - 1)
			} else {
				d.handled &^= 1 << (sig - 1)
			}
		}
	case nrExecve, nrExecveat:
		if exit != nil && !exit.IsError {
			d.handled = 0 // handlers do not survive an exec
		}
	}
	return false
}

// ownFds keeps what the descriptors a task opens refer to, until it
// closes them.
func (t *DiffTrace) ownFds(d *dtask, c *decode.Call) {
	if fd, ok := c.Ret.Val.(decode.Fd); ok && c.Ret.Kind == decode.RetValue {
		if p := d.task.FdPath(int32(fd)); p != "" {
			if d.own == nil {
				d.own = make(map[int32]string)
			}
			d.own[int32(fd)] = p
		}
	}
	if c.Name == "close" && len(c.Args) > 0 && d.own != nil {
		if fd, ok := c.Args[0].(decode.Fd); ok {
			delete(d.own, int32(fd))
		}
	}
}

// touched notes the paths a successful call used, and the program an
// execve started.
func (t *DiffTrace) touched(c *decode.Call, d *dtask) {
	for _, a := range c.Args {
		if s, ok := a.(*decode.Str); ok && s.Kind == decode.StrPath {
			t.files[t.k.path(string(s.B))] = true
		}
	}
	if (c.Name == "execve" || c.Name == "execveat") && c.HasExit {
		var b strings.Builder
		for i, a := range c.Args {
			switch v := a.(type) {
			case *decode.Str:
				if v.Kind == decode.StrPath {
					b.WriteString(t.k.path(string(v.B)))
				}
			case *decode.Array:
				if i < len(c.Names) && c.Names[i] == "argv" {
					for _, e := range v.Elems {
						b.WriteByte(0)
						if s, ok := e.(*decode.Str); ok {
							b.Write(s.B)
						} else {
							b.WriteString(t.k.text(decode.Render(e, &t.keyOpt)))
						}
					}
				}
			}
		}
		d.execs = append(d.execs, b.String())
	}
}

// callLine renders a call as strace does (without -y, as its descriptor
// paths would be those at exit).
func (t *DiffTrace) callLine(c *decode.Call, exited bool) string {
	b := &t.line
	b.Reset()
	b.WriteString(c.Name)
	b.WriteByte('(')
	if exited {
		// As the printer joins the parts shown at entry and at exit.
		decode.RenderArgs(b, c.Args, 0, c.NEntry, &t.show)
		if c.NEntry > 0 && c.NEntry < len(c.Args) && c.Args[c.NEntry] != nil {
			b.WriteString(", ")
		}
		decode.RenderArgs(b, c.Args, c.NEntry, len(c.Args), &t.show)
	} else {
		decode.RenderArgs(b, c.Args, 0, c.NEntry, &t.show)
		if c.NEntry < len(c.Args) {
			b.WriteString(" <unfinished ...>")
		}
	}
	b.WriteString(") ")
	if n := b.Len(); n < 40 {
		b.WriteString(strings.Repeat(" ", 40-n))
	}
	b.WriteString("= ")
	b.WriteString(decode.RenderRet(&c.Ret, &t.show))
	return b.String()
}

// signal adds a signal delivery.
func (t *DiffTrace) signal(d *dtask, ev *replay.Event) {
	sig := int(ev.Raw.Sig)
	if t.o.IgnoreSignals[sig] {
		// Where it landed depends on timing: so do the call it
		// interrupted (to be restarted) and its handler's rt_sigreturn.
		if d.lastRestart {
			if t.linesPass {
				d.n--
			} else {
				d.elems = d.elems[:len(d.elems)-1]
			}
		}
		if sig > 0 && sig <= 64 && d.handled&(1<<(sig-1)) != 0 {
			d.skipReturns++
		}
		d.lastRestart = false
		return
	}
	d.lastRestart = false
	info := decode.Siginfo(ev.Raw.Siginfo, sig)
	name := decode.SignalName(sig)
	if t.linesPass {
		if i, ok := d.next(); ok {
			d.lines[i] = "--- " + name + " " + decode.Render(info, &t.show) + " ---"
		}
		return
	}
	b := &t.kb
	*b = (*b)[:0]
	b.add("--- ")
	b.add(name)
	b.addByte(' ')
	t.k.task, t.k.snap, t.k.own, t.k.mem = d.task, nil, d.own, t.memOf(d)
	t.k.value(b, info, "")
	b.add(" ---")
	el := elem{time: ev.Time, kind: elemSignal}
	setKey(&el.key, &el.keyText, *b)
	el.ident, el.identText = el.key, el.keyText
	d.elems = append(d.elems, el)
}

// sortSiblings orders tasks by the fork or clone that made them; those
// whose fork was not seen keep their place after them.
func sortSiblings(ds []*dtask) {
	sort.SliceStable(ds, func(i, j int) bool {
		si, sj := ds[i].seq, ds[j].seq
		if si == 0 || sj == 0 {
			return si != 0 && sj == 0
		}
		return si < sj
	})
}
