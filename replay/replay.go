package replay

import (
	"errors"
	"io"

	"mytrace/format"
)

// Source yields raw events in the order they were recorded: a
// format.Reader, or any stream of the same events.
type Source interface {
	Next() (*format.Event, error)
}

// Kind says what a replayed Event is.
type Kind uint8

// Event kinds.
const (
	SyscallEntry Kind = iota + 1 // a syscall began (Entry)
	SyscallExit                  // a syscall returned (Exit, and Entry when seen)
	Signal                       // a signal was delivered (Raw)
	GroupStop                    // the task stopped (Raw.Sig)
	TaskStart                    // a task joined the trace (Raw)
	TaskExiting                  // PTRACE_EVENT_EXIT: the task is about to end; Entry if it was in a syscall
	TaskEnd                      // the task is gone: Raw.Status is its wait status
	Exec                         // the task exec'd; OldTid is the tid it had, when it changed
	PtraceEvent                  // another ptrace event (fork, clone, vfork, vfork-done)
	Detach                       // the tracer let the task go
)

// Task is a traced thread.
type Task struct {
	Tid    int32
	Pid    int32 // thread group
	Parent int32 // process that created it (0 if launched or attached)
	How    uint8 // format.NewTask*
	Start  int64 // time it joined
	// InSyscall: an entry was seen and its exit not yet.
	InSyscall bool
	entry     format.Event // copy of the pending entry
	Ended     bool
	Status    uint32 // wait status, once ended
	fds       *fdTable
	fdGen     uint64 // fds.gen at the entry of the current call
	mm        *Maps  // the process's executable mappings (-k), shared by its threads
}

// fdTable is what a process's file descriptors refer to, as far as the
// recording says (it is filled only when the recorder noted descriptors,
// for -y). Threads share their process's table.
type fdTable struct {
	m map[int32]string
	// gen counts the notes; noted is the gen of each descriptor's last
	// note, so a close whose exit comes after another thread reused the
	// descriptor does not forget the new file.
	gen   uint64
	noted map[int32]uint64
}

func newFdTable() *fdTable {
	return &fdTable{m: make(map[int32]string), noted: make(map[int32]uint64)}
}

// note records what fd refers to.
func (f *fdTable) note(fd int32, path string) {
	f.gen++
	f.m[fd] = path
	f.noted[fd] = f.gen
}

// forget drops fd, unless it was noted again after gen.
func (f *fdTable) forget(fd int32, gen uint64) {
	if f.noted[fd] > gen {
		return
	}
	delete(f.m, fd)
	delete(f.noted, fd)
}

func (f *fdTable) clone() *fdTable {
	c := &fdTable{m: make(map[int32]string, len(f.m)), gen: f.gen, noted: make(map[int32]uint64, len(f.noted))}
	for k, v := range f.m {
		c.m[k] = v
	}
	for k, v := range f.noted {
		c.noted[k] = v
	}
	return c
}

// FdPath returns what descriptor fd of the task refers to ("/etc/passwd",
// "pipe:[1234]"), or "" when the recording does not say.
func (t *Task) FdPath(fd int32) string {
	if t.fds == nil {
		return ""
	}
	return t.fds.m[fd]
}

// Entry returns the entry of the syscall the task is in, or nil.
func (t *Task) Entry() *format.Event {
	if !t.InSyscall {
		return nil
	}
	return &t.entry
}

// Event is one step of the replay.
type Event struct {
	Kind  Kind
	Time  int64
	Task  *Task
	Raw   *format.Event // the recorded event
	Entry *format.Event // SyscallEntry, SyscallExit (nil if not seen), TaskExiting
	Exit  *format.Event // SyscallExit
	// OldTid: for Exec, the tid of the thread that called execve, when
	// it was not the leader.
	OldTid int32
	// Live is the number of traced tasks after this event (strace's
	// count of processes, which decides the "[pid N]" prefix).
	Live int
}

// Replayer turns raw events into paired, process-aware events.
type Replayer struct {
	src   Source
	tasks map[int32]*Task
	live  int
	ev    Event
	// forked holds the descriptor table a new child starts with, copied
	// from its parent at the fork, until the child joins.
	forked map[int32]*fdTable
	// held is an entry copied out of a task that ended before the
	// caller saw the end.
	err error
}

// New returns a Replayer reading from src.
func New(src Source) *Replayer {
	return &Replayer{src: src, tasks: make(map[int32]*Task), forked: make(map[int32]*fdTable)}
}

// Tasks returns the tasks seen so far, by tid (ended ones included).
func (r *Replayer) Tasks() map[int32]*Task { return r.tasks }

func (r *Replayer) task(tid int32, t int64) *Task {
	if tk := r.tasks[tid]; tk != nil && !tk.Ended {
		return tk
	}
	// A task the recording did not announce (a file from a recorder that
	// joined mid-way): treat it as its own process.
	tk := &Task{Tid: tid, Pid: tid, Start: t, fds: newFdTable()}
	r.tasks[tid] = tk
	r.live++
	return tk
}

// Next returns the next event, valid until the following call. It returns
// io.EOF at the end of the source, or the source's error (a truncated
// file) after the events before it.
func (r *Replayer) Next() (*Event, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		raw, err := r.src.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				r.err = err
			} else {
				r.err = io.EOF
			}
			return nil, r.err
		}
		if ev := r.step(raw); ev != nil {
			return ev, nil
		}
	}
}

func (r *Replayer) step(raw *format.Event) *Event {
	ev := &r.ev
	*ev = Event{Raw: raw, Time: raw.Time}
	switch raw.Kind {
	case format.KindNewTask:
		if old := r.tasks[raw.Tid]; old != nil && !old.Ended {
			r.live--
		}
		t := &Task{Tid: raw.Tid, Pid: raw.Pid, Parent: raw.Parent, How: raw.How, Start: raw.Time}
		if t.Pid == 0 {
			t.Pid = t.Tid
		}
		t.fds = r.startFds(t)
		t.mm = r.startMaps(t)
		r.tasks[raw.Tid] = t
		r.live++
		ev.Kind, ev.Task = TaskStart, t
	case format.KindSyscallEntry:
		t := r.task(raw.Tid, raw.Time)
		raw.CopyTo(&t.entry)
		t.InSyscall = true
		t.fdGen = t.fds.gen
		ev.Kind, ev.Task, ev.Entry = SyscallEntry, t, &t.entry
	case format.KindSyscallExit:
		t := r.task(raw.Tid, raw.Time)
		ev.Kind, ev.Task, ev.Exit = SyscallExit, t, raw
		if t.InSyscall && t.entry.Nr == raw.Nr {
			ev.Entry = &t.entry
		}
		t.InSyscall = false
		r.updateFds(t, ev.Entry, raw)
	case format.KindSignal:
		ev.Kind, ev.Task = Signal, r.task(raw.Tid, raw.Time)
	case format.KindGroupStop:
		ev.Kind, ev.Task = GroupStop, r.task(raw.Tid, raw.Time)
	case format.KindPtraceEvent:
		t := r.task(raw.Tid, raw.Time)
		ev.Task = t
		switch raw.PtraceEvent {
		case ptraceEventExit:
			ev.Kind = TaskExiting
			ev.Entry = t.Entry()
		case ptraceEventExec:
			ev.Kind = Exec
			old := int32(raw.Msg)
			if old != 0 && old != raw.Tid {
				ev.OldTid = old
				// The thread that called execve takes the leader's tid;
				// the leader is gone.
				if ot := r.tasks[old]; ot != nil && !ot.Ended {
					ot.Tid = raw.Tid
					r.tasks[raw.Tid] = ot
					delete(r.tasks, old)
					r.live--
					ev.Task = ot
				}
			}
		default:
			ev.Kind = PtraceEvent
			switch raw.PtraceEvent {
			case ptraceEventFork, ptraceEventVfork, ptraceEventClone:
				// The child starts with a copy of the table as it is now,
				// whatever its parent does before the child's first stop.
				if t.fds != nil {
					r.forked[int32(raw.Msg)] = t.fds.clone()
				}
			}
		}
	case format.KindExit:
		t := r.task(raw.Tid, raw.Time)
		if !t.Ended {
			t.Ended, t.Status = true, raw.Status
			r.live--
		}
		ev.Kind, ev.Task = TaskEnd, t
		ev.Entry = t.Entry()
		t.InSyscall = false
	case format.KindFds:
		// Bookkeeping for -y, not an event of its own.
		t := r.task(raw.Tid, raw.Time)
		if raw.FdsSnapshot {
			// After an execve the process has one thread, and a new table.
			t.fds = newFdTable()
		}
		for _, f := range raw.Fds {
			t.fds.note(f.Fd, string(f.Path))
		}
		return nil
	case format.KindMaps:
		// Bookkeeping for -k, not an event of its own.
		r.task(raw.Tid, raw.Time).setMaps(raw)
		return nil
	case format.KindDetach:
		t := r.task(raw.Tid, raw.Time)
		if !t.Ended {
			t.Ended = true
			r.live--
		}
		ev.Kind, ev.Task = Detach, t
	default:
		return nil
	}
	ev.Live = r.live
	return ev
}

// startFds gives a joining task its descriptor table: a thread shares
// its process's, a child process gets the copy made at the fork.
func (r *Replayer) startFds(t *Task) *fdTable {
	copied := r.forked[t.Tid]
	delete(r.forked, t.Tid)
	if t.How == format.NewTaskThread {
		for _, tid := range []int32{t.Pid, t.Parent} {
			if o := r.tasks[tid]; o != nil && o.fds != nil && !o.Ended {
				return o.fds
			}
		}
	}
	if copied != nil {
		return copied
	}
	if p := r.tasks[t.Parent]; p != nil && p.fds != nil {
		return p.fds.clone()
	}
	return newFdTable()
}

// Syscalls that close descriptors (x86-64 numbers).
const (
	nrClose      = 3
	nrUnshare    = 272
	nrCloseRange = 436
	cloneFiles   = 0x400
	// close_range flags
	closeRangeUnshare = 2
	closeRangeCloexec = 4
)

// updateFds applies the closes of a syscall to the descriptor table (the
// recorder notes new descriptors in KindFds events before the exit).
func (r *Replayer) updateFds(t *Task, entry, exit *format.Event) {
	if exit.Arch != format.ArchX86_64 {
		return
	}
	if entry != nil {
		switch exit.Nr {
		case nrClose:
			// The descriptor is released even when close reports an
			// error other than EBADF.
			t.fds.forget(int32(entry.Args[0]), t.fdGen)
		case nrCloseRange:
			if exit.IsError {
				break
			}
			flags := entry.Args[2]
			if flags&closeRangeUnshare != 0 {
				t.fds = t.fds.clone()
			}
			if flags&closeRangeCloexec == 0 {
				first, last := uint32(entry.Args[0]), uint32(entry.Args[1])
				for fd := range t.fds.m {
					if uint32(fd) >= first && uint32(fd) <= last {
						t.fds.forget(fd, t.fdGen)
					}
				}
			}
		case nrUnshare:
			if !exit.IsError && entry.Args[0]&cloneFiles != 0 {
				t.fds = t.fds.clone()
			}
		}
	}
}

// ptrace event numbers (PTRACE_EVENT_*).
const (
	ptraceEventFork      = 1
	ptraceEventVfork     = 2
	ptraceEventClone     = 3
	ptraceEventExec      = 4
	ptraceEventVforkDone = 5
	ptraceEventExit      = 6
)
