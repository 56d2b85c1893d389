package bpf

import (
	"encoding/binary"
	"fmt"
	"os"
	"sort"

	"mytrace/format"
	"mytrace/record"
	"mytrace/sysent"
)

// The converter turns the BPF program's records into format.Events: the
// events the ptrace recorder writes for the same run (see
// record/record_linux.go), in the same order per task.

// ptrace event numbers, as the ptrace recorder records them.
const (
	ptraceEventFork  = 1
	ptraceEventVfork = 2
	ptraceEventClone = 3
	ptraceEventExec  = 4
	ptraceEventExit  = 6
)

// x86-64 syscall numbers the converter must know.
const (
	nrClone   = 56
	nrFork    = 57
	nrVfork   = 58
	nrExecve  = 59
	nrExecvat = 322
	nrClone3  = 435
	nrChdir   = 80
	nrFchdir  = 81
)

const (
	cloneFiles  = 0x400
	cloneVfork  = 0x4000
	cloneThread = 0x10000
	sigchld     = 17
)

// convOptions is what the converter needs to know of the recording.
type convOptions struct {
	limits    sysent.Limits
	fdPaths   bool
	startMono uint64 // CLOCK_MONOTONIC ns at the start: event times are relative to it
	// trace says which x86-64 syscalls are recorded (nil: all); numbers
	// the table does not know follow the kernel program's trace_unknown.
	trace func(int) bool
}

// ttask is what the converter knows of a task.
type ttask struct {
	tgid     int32
	seq      uint32
	seqKnown bool
	// The call in progress: its entry's number and arguments.
	inSys  bool
	nr     uint64
	args   [6]uint64
	compat bool
	sp     uint64
	// entry is the entry event while it waits in the orderer (for an
	// input read again at exit); entryChunks a copy of what the entry
	// copied, kept when a read faulted.
	entry       ref
	entryChunks []chunk
	// path, dirfd: what a call that returns a descriptor was given (-y).
	path  []byte
	dirfd int32
}

// converter turns records into events.
type converter struct {
	o     convOptions
	tasks map[int32]*ttask
	// live counts each process's tasks; a leader's exit waits for the
	// others' (held), as ptrace reports it.
	live map[int32]int
	held map[int32]*slot
	out  *orderer
	snap snapshot
	ctx  sysent.Ctx
	// gaps counts the records known lost (sequence gaps).
	gaps uint64
	// table: the ops, to find the stack pointer of an SPRel capture.
	table *Table
	// sockDetails says what -yy shows of a socket (record.SockDiag);
	// nil without -yy.
	sockDetails func(procPath string, ino uint32) []byte
	// cwd: each process's working directory, as last noted.
	cwd map[int32]string
	// files: what the descriptors noted so far referred to, by file.
	files map[fileKey]string
	// opened: by absolute path, what /proc last said of the file it
	// opened.
	opened map[string]opened
	// startFds: what the launched command's descriptors are, listed
	// before it was let go, for its first execve (by tid).
	startFds map[int32][]format.FdPath
	// mapsOf reads the executable mappings of tid's process (-k:
	// record.MapsReader); nil without -k.
	mapsOf   func(tid int32) ([]format.Mapping, []byte, bool)
	procMaps map[int32]*procMaps
	mapsGen  uint64
	// readLive reads n bytes of tid's memory at addr (for a string, up
	// to its NUL or n), or nil; nil where it cannot be done.
	readLive func(tid int32, addr uint64, n int, str bool) []byte
	// late, now: an exit's chunks, sorted (reused).
	late, now []chunk
	// known: which descriptors' dups need no note (derives).
	known record.FdKnown
}

func newConverter(o convOptions, t *Table, out *orderer) *converter {
	return &converter{o: o, tasks: map[int32]*ttask{}, live: map[int32]int{}, held: map[int32]*slot{}, out: out, table: t}
}

// reset forgets the recording, keeping the buffers.
func (c *converter) reset() {
	clear(c.tasks)
	clear(c.live)
	clear(c.held)
	c.gaps, c.cwd, c.files, c.opened, c.startFds, c.procMaps, c.mapsGen = 0, nil, nil, nil, nil, nil, 0
	c.known.Reset()
}

// derives says whether the notes of dups readers can derive are left out
// (record.FdKnown): with every call of the traced processes recorded. A
// recording with -e trace= has neither the closes nor the calls of
// other ABIs (the program sends nothing of them).
func (c *converter) derives() bool { return c.o.fdPaths && c.o.trace == nil }

func (c *converter) time(ts uint64) int64 { return int64(ts - c.o.startMono) }

// addTask starts tracking a task that joined (launched, attached, or
// created by a traced one).
func (c *converter) addTask(tid, tgid int32) *ttask {
	if t := c.tasks[tid]; t != nil {
		return t
	}
	t := &ttask{tgid: tgid, seqKnown: true}
	c.tasks[tid] = t
	c.live[tgid]++
	return t
}

// event returns a slot holding a fresh event of kind for tid at ts.
func (c *converter) event(kind format.Kind, tid int32, ts uint64) *slot {
	s := c.out.newSlot()
	s.ev.Kind, s.ev.Tid, s.ev.Time = kind, tid, c.time(ts)
	return s
}

// lost writes the loss of n records of tid (0: not known whose) at ts.
func (c *converter) lost(tid int32, n uint64, ts uint64) {
	// What the lost records did to the descriptors is not known.
	if t := c.tasks[tid]; t != nil {
		c.known.Forget(t.tgid)
	} else {
		c.known.Reset()
	}
	s := c.event(format.KindLost, tid, ts)
	s.ev.Msg = n
	c.out.push(s)
}

// handle converts one record.
func (c *converter) handle(r *rawRecord) {
	if debugRecords {
		fmt.Fprintf(os.Stderr, "rec kind=%d fl=%#x tid=%d seq=%d nr=%d a0=%#x chunks=%d\n", r.kind, r.flags, r.tid, r.seq, r.nr, r.a[0], len(r.chunks))
		for _, ch := range r.chunks {
			fmt.Fprintf(os.Stderr, "   chunk %#x fl=%#x op=%d aux=%d %q\n", ch.addr, ch.flags, ch.op, ch.aux, ch.data)
		}
	}
	t := c.tasks[r.tid]
	if r.kind == recExec && int32(r.nr) != r.tid {
		// The task took its leader's tid, with a new sequence.
		if old := c.tasks[int32(r.nr)]; old != nil {
			delete(c.tasks, int32(r.nr))
			c.tasks[r.tid] = old
			t = old
			t.seq, t.seqKnown = 0, true
		}
	}
	if t == nil {
		// A task whose creation record was lost: its records count from 0.
		t = c.addTask(r.tid, r.tgid)
		c.known.Forget(r.tgid)
		c.announce(r.tid, r.tgid, 0, format.NewTaskChild, r.ts)
		t.seq = 0
	}
	if t.seqKnown && r.seq != t.seq {
		n := uint64(r.seq - t.seq)
		c.gaps += n
		c.lost(r.tid, n, r.ts)
		t.entry = ref{}
	}
	t.seq, t.seqKnown = r.seq+1, true
	switch r.kind {
	case recEnter:
		c.enter(t, r)
	case recExit:
		c.exit(t, r)
	case recFork:
		c.fork(t, r)
	case recExec:
		// Close-on-exec descriptors are gone; the execve's exit lists
		// the others.
		c.known.Forget(t.tgid)
		s := c.event(format.KindPtraceEvent, r.tid, r.ts)
		s.ev.PtraceEvent, s.ev.Msg = ptraceEventExec, uint64(uint32(r.nr))
		c.out.push(s)
		if int32(r.nr) != r.tid {
			// The leader's exit, held until its threads ended, is not
			// reported: the exec'ing thread took its place.
			delete(c.held, r.tid)
		}
	case recExitTask:
		c.taskExit(t, r)
	case recSignal:
		s := c.event(format.KindSignal, r.tid, r.ts)
		ev := &s.ev
		ev.Sig = int32(r.nr)
		ev.Siginfo = append(ev.Siginfo[:0], r.info...)
		ev.Siginfo = append(ev.Siginfo, make([]byte, format.SiginfoSize-len(r.info))...)
		c.out.push(s)
		if r.flags&rfStop != 0 {
			// The task stops: ptrace reports a group-stop.
			gs := c.event(format.KindGroupStop, r.tid, r.ts)
			gs.ev.Sig = int32(r.nr)
			c.out.push(gs)
		}
	}
}

// announce writes the NewTask event of a task that joined.
func (c *converter) announce(tid, tgid, parent int32, how uint8, ts uint64) {
	s := c.event(format.KindNewTask, tid, ts)
	s.ev.Pid, s.ev.Parent, s.ev.How = tgid, parent, how
	c.out.push(s)
}

// regsOf sets ev's registers from the record's register block.
func regsOf(r *rawRecord, ev *format.Event) {
	if r.regs == nil {
		return
	}
	ev.HasRegs = true
	le := binary.LittleEndian
	if len(r.regs) == numPacked*8 {
		// A syscall instruction's entry (packable in the C source):
		// what is not in the block is in the record.
		b := r.regs[:numPacked*8]
		w := func(i int) uint64 { return le.Uint64(b[8*i:]) }
		sel, idx := w(11), w(12)
		ev.Regs = format.Regs{
			w(0), w(1), w(2), w(3), w(4), w(5), // r15 r14 r13 r12 rbp rbx
			w(7), r.a[3], r.a[5], r.a[4], // r11 (rflags) r10 r9 r8
			enosys, w(6), r.a[2], r.a[1], r.a[0], uint64(r.nr), // rax rcx (rip) rdx rsi rdi orig_rax
			w(6), sel & 0xffff, w(7), w(8), sel >> 16 & 0xffff, // rip cs eflags rsp ss
			w(9), w(10), sel >> 32 & 0xffff, sel >> 48, // fs_base gs_base ds es
			idx & 0xffff, idx >> 16 & 0xffff, // fs gs
		}
		return
	}
	b := r.regs[:numRegs*8]
	for i := range ev.Regs {
		ev.Regs[i] = le.Uint64(b[8*i:])
	}
}

// enosys is rax at a syscall's entry: -ENOSYS.
const enosys = ^uint64(38 - 1)

// entryOf returns the sysent entry whose capture applies to t's call.
func entryOf(t *ttask) *sysent.Entry {
	if t.compat {
		return nil
	}
	e := sysent.Lookup(t.nr)
	if e == nil || (e.Args == nil && e.Capture == nil) {
		return nil
	}
	return e
}

// capture runs e's sysent capture at phase on chunks, into ev.
func (c *converter) capture(e *sysent.Entry, t *ttask, ev *format.Event, chunks []chunk, phase sysent.Phase, ret int64, failed bool) {
	c.snap.reset(chunks, ev)
	c.ctx = sysent.Ctx{Phase: phase, Args: t.args, Ret: ret, Failed: failed, SP: t.sp, Lim: c.o.limits, Mem: &c.snap}
	e.CaptureMem(&c.ctx)
}

func (c *converter) enter(t *ttask, r *rawRecord) {
	s := c.event(format.KindSyscallEntry, r.tid, r.ts)
	ev := &s.ev
	ev.Arch = format.ArchX86_64
	t.compat = r.flags&rfCompat != 0
	if t.compat {
		ev.Arch = format.ArchI386
	}
	ev.Nr, ev.Args = uint64(r.nr), r.a
	regsOf(r, ev)
	t.inSys, t.nr, t.args = true, uint64(r.nr), r.a
	t.sp = 0
	if ev.HasRegs {
		t.sp = ev.Regs[format.RegRSP]
	}
	t.entryChunks = t.entryChunks[:0]
	if e := entryOf(t); e != nil {
		faulted := false
		for i := range r.chunks {
			ch := &r.chunks[i]
			if ch.flags&cFault != 0 {
				// Not resident: read it from user space while the task
				// runs (the program woke the reader for it).
				*ch = c.readAgain(t, r.tid, *ch)
			}
			if ch.op < MaxOps && int(t.nr) < NSys && c.table[t.nr].Ops[ch.op].Kind == KindSPRel {
				t.sp = ch.addr - uint64(c.table[t.nr].Ops[ch.op].Elem)
			}
			if ch.flags&(cFault|cPartial) != 0 {
				faulted = true
			}
		}
		c.capture(e, t, ev, r.chunks, sysent.AtEntry, 0, false)
		if c.o.fdPaths {
			t.notePath(e, ev)
		}
		if faulted {
			// Kept for an input read again at exit.
			for _, ch := range r.chunks {
				ch.data = append([]byte(nil), ch.data...)
				t.entryChunks = append(t.entryChunks, ch)
			}
		}
	}
	t.entry = c.out.push(s)
}

func isError(ret int64) bool { return ret < 0 && ret >= -4095 }

func (c *converter) exit(t *ttask, r *rawRecord) {
	ret := int64(r.a[0])
	failed := isError(ret)
	seen := t.inSys && t.nr == uint64(r.nr)
	if !seen {
		// No entry seen (an attached task in a call): the arguments are
		// not known.
		t.nr, t.args, t.compat = uint64(r.nr), [6]uint64{}, r.flags&rfCompat != 0
	}
	t.inSys = false
	entry := t.entry.live()
	t.entry = ref{}
	if c.derives() {
		c.followFds(t, seen, failed)
	}
	if r.flags&rfFiltered != 0 {
		if c.o.fdPaths && !failed && !t.compat {
			c.noteFds(t, r, false)
		}
		return
	}
	s := c.event(format.KindSyscallExit, r.tid, r.ts)
	ev := &s.ev
	ev.Arch = format.ArchX86_64
	if t.compat {
		ev.Arch = format.ArchI386
	}
	ev.Nr, ev.Ret, ev.IsError = t.nr, ret, failed
	regsOf(r, ev)
	if e := entryOf(t); e != nil {
		late, now := c.late[:0], c.now[:0]
		for _, ch := range r.chunks {
			switch {
			case ch.flags&cStack != 0:
				ev.StackAddr, ev.Stack, ev.HasStack = ch.addr, append(ev.Stack[:0], ch.data...), true
			case ch.flags&cArgArea != 0:
				late = append(late, argAreaChunks(ch, t.args[vecArg(t.nr)], c.o.limits.Str+1)...)
			case ch.flags&cEnvArea != 0:
				late = append(late, argAreaChunks(ch, t.args[vecArg(t.nr)+1], c.o.limits.Str+1)...)
			case ch.flags&cLate != 0:
				if ch.flags&cFault != 0 {
					ch = c.readAgain(t, r.tid, ch)
				}
				late = append(late, ch)
			default:
				now = append(now, ch)
			}
		}
		if len(late) > 0 {
			c.lateInputs(e, t, entry, ev, late)
		}
		c.capture(e, t, ev, now, sysent.AtExit, ret, failed)
		c.late, c.now = late[:0], now[:0]
	}
	if c.o.fdPaths && !failed && !t.compat {
		// After the inputs read late (the path a descriptor was opened
		// with), before the exit event, as the ptrace recorder notes them.
		c.noteFds(t, r, seen && c.derives())
	}
	if c.mapsOf != nil {
		c.stackMaps(t, r, ev, failed)
	}
	t.entryChunks = t.entryChunks[:0]
	c.out.push(s)
}

// readAgain reads from user space, as soon as the record arrives, an
// input the program could not read because its page was not resident
// (at the call's entry, and again at its exit when the kernel did not
// touch it either: a string literal written to /dev/null, whose driver
// never reads it). If the task is still there, the read faults the page
// in, as the ptrace recorder's reads do. The chunk is flagged late.
func (c *converter) readAgain(t *ttask, tid int32, ch chunk) chunk {
	if c.readLive == nil || ch.flags&(cVec|cArgArea|cEnvArea) != 0 || ch.aux == 0 || ch.aux > chunkMax {
		return ch
	}
	if ch.op < MaxOps && int(t.nr) < NSys && c.table[t.nr].Ops[ch.op].Flags&Speculative != 0 {
		return ch
	}
	b := c.readLive(tid, ch.addr, int(ch.aux), ch.flags&cStr != 0)
	if len(b) == 0 {
		return ch
	}
	out := chunk{addr: ch.addr, flags: ch.flags&^cFault | cLate, op: ch.op, aux: ch.aux}
	if ch.flags&cStr != 0 {
		if i := indexZero(b); i >= 0 {
			b = b[:i]
			out.flags |= cTerm
		}
	} else if uint64(len(b)) < ch.aux {
		out.flags |= cPartial
	}
	out.data = b
	return out
}

// vecArg is the argument of an execve's argv (envp follows it).
func vecArg(nr uint64) int {
	if nr == nrExecvat {
		return 2
	}
	return 1
}

// lateInputs handles the inputs read again at exit because their read at
// entry faulted: the entry's capture is made again with them. If the
// entry event is still waiting in the orderer, its regions are replaced;
// otherwise the regions made from late bytes go with the exit event
// (flagged format.MemLate), where the replayer finds them.
func (c *converter) lateInputs(e *sysent.Entry, t *ttask, entry *slot, exit *format.Event, late []chunk) {
	chunks := append(append([]chunk(nil), late...), t.entryChunks...)
	if entry != nil {
		ev := &entry.ev
		ev.Mem = ev.Mem[:0]
		c.capture(e, t, ev, chunks, sysent.AtEntry, 0, false)
		if c.o.fdPaths {
			t.notePath(e, ev)
		}
		return
	}
	var tmp format.Event
	c.capture(e, t, &tmp, chunks, sysent.AtEntry, 0, false)
	if c.o.fdPaths {
		t.notePath(e, &tmp)
	}
	for _, reg := range tmp.Mem {
		if reg.Flags&format.MemLate != 0 {
			exit.Mem = append(exit.Mem, reg)
		}
	}
}

func (c *converter) fork(t *ttask, r *rawRecord) {
	child, tgid := int32(r.a[0]), int32(r.a[1])
	s := c.event(format.KindPtraceEvent, r.tid, r.ts)
	s.ev.PtraceEvent, s.ev.Msg = c.forkKind(t, child, tgid), uint64(uint32(child))
	c.out.push(s)
	how := format.NewTaskChild
	if tgid != child {
		how = format.NewTaskThread
	}
	c.addTask(child, tgid)
	if d, ok := c.cwd[t.tgid]; ok && how == format.NewTaskChild {
		c.cwd[tgid] = d // a fork copies it
	}
	if how == format.NewTaskChild && c.derives() {
		// Its table is a copy of its parent's (or the same table, with
		// CLONE_FILES; not known: a copy, as readers take it).
		fl, _, _ := c.cloneFlags(t)
		c.known.Fork(t.tgid, tgid, fl&cloneFiles != 0)
	}
	c.announce(child, tgid, r.tid, how, r.ts)
}

// forkKind is the ptrace event a fork of t reports, as the kernel picks
// it: vfork for CLONE_VFORK, fork when the child signals SIGCHLD at its
// end, clone otherwise.
func (c *converter) forkKind(t *ttask, child, tgid int32) uint8 {
	if !t.inSys {
		return ptraceEventClone
	}
	switch t.nr {
	case nrFork:
		return ptraceEventFork
	case nrVfork:
		return ptraceEventVfork
	}
	if fl, sig, ok := c.cloneFlags(t); ok {
		switch {
		case fl&cloneVfork != 0:
			return ptraceEventVfork
		case sig == sigchld && fl&cloneThread == 0:
			return ptraceEventFork
		}
		return ptraceEventClone
	}
	if tgid == child {
		return ptraceEventFork
	}
	return ptraceEventClone
}

// cloneFlags returns the flags and the exit signal of the clone or clone3
// t is in, if known (fork and vfork: none).
func (c *converter) cloneFlags(t *ttask) (flags, sig uint64, ok bool) {
	if !t.inSys {
		return 0, 0, false
	}
	switch t.nr {
	case nrClone:
		return t.args[0], t.args[0] & 0xff, true
	case nrClone3:
		if it := t.entry.live(); it != nil {
			for _, reg := range it.ev.Mem {
				if reg.Addr == t.args[0] && len(reg.Data) >= 40 {
					return binary.LittleEndian.Uint64(reg.Data), binary.LittleEndian.Uint64(reg.Data[32:]), true
				}
			}
		}
	}
	return 0, 0, false
}

func (c *converter) taskExit(t *ttask, r *rawRecord) {
	status := uint32(r.nr)
	s := c.event(format.KindPtraceEvent, r.tid, r.ts)
	s.ev.PtraceEvent, s.ev.Msg = ptraceEventExit, uint64(status)
	c.out.push(s)
	ex := c.event(format.KindExit, r.tid, r.ts)
	ex.ev.Status = status
	delete(c.tasks, r.tid)
	tgid := t.tgid
	c.live[tgid]--
	if c.live[tgid] <= 0 {
		c.known.Exit(tgid)
	}
	if r.tid == tgid && c.live[tgid] > 0 {
		// The leader's end is reported once its threads are gone.
		c.held[tgid] = ex
		return
	}
	c.out.push(ex)
	if c.live[tgid] <= 0 {
		delete(c.live, tgid)
		if h := c.held[tgid]; h != nil {
			// The leader's wait status is the group's, as the last
			// thread's end says (ptrace reports it so).
			delete(c.held, tgid)
			h.ev.Time, h.ev.Status = ex.ev.Time, ex.ev.Status
			c.out.push(h)
		}
	}
}

// finish writes what is still held (a leader whose threads' ends were
// lost).
func (c *converter) finish() {
	tgids := make([]int32, 0, len(c.held))
	for tgid := range c.held {
		tgids = append(tgids, tgid)
	}
	sort.Slice(tgids, func(i, j int) bool { return tgids[i] < tgids[j] })
	for _, tgid := range tgids {
		c.out.push(c.held[tgid])
		delete(c.held, tgid)
	}
}

var debugRecords = os.Getenv("MYTRACE_BPF_RECORDS") != ""

// procMaps is what was last written of a process's mappings (-k).
type procMaps struct {
	gen  uint64
	text []byte
}

// stackMaps keeps an exit's stack copy (-k) where the ptrace recorder
// has one, and writes the process's executable mappings before it when
// they may have changed (a call that maps or unmaps, anywhere), as the
// ptrace recorder does, but read when the record arrives: a process
// gone by then has no mappings written, and its stacks show no frames.
func (c *converter) stackMaps(t *ttask, r *rawRecord, ev *format.Event, failed bool) {
	if !failed && !t.compat && changesMaps(t.nr) {
		c.mapsGen++
	}
	if !ev.HasStack {
		return
	}
	if t.compat || t.nr == nrExecve || t.nr == nrExecvat {
		// strace shows no stack for other ABIs, and takes an execve's at
		// its entry, which the program does not copy.
		ev.HasStack, ev.Stack, ev.StackAddr = false, ev.Stack[:0], 0
		return
	}
	if c.procMaps == nil {
		c.procMaps = map[int32]*procMaps{}
	}
	p := c.procMaps[t.tgid]
	if p != nil && p.gen == c.mapsGen {
		return
	}
	maps, text, ok := c.mapsOf(r.tid)
	if !ok {
		return
	}
	if p == nil {
		p = &procMaps{}
		c.procMaps[t.tgid] = p
	}
	p.gen = c.mapsGen
	if p.text != nil && string(p.text) == string(text) {
		return
	}
	p.text = append(p.text[:0], text...)
	mev := c.event(format.KindMaps, r.tid, r.ts)
	mev.ev.Maps = append(mev.ev.Maps, maps...)
	c.out.push(mev)
}

// changesMaps says whether a call may change the mappings (strace's
// MEMORY_MAPPING_CHANGE).
func changesMaps(nr uint64) bool {
	switch nr {
	case 9, 10, 11, 25, 30, 67, 216, 329, nrExecve, nrExecvat:
		return true
	}
	return false
}
