package replay

import (
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"strings"

	"mytrace/format"
	"mytrace/sysent"
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
	Lost                         // events were lost here while recording (Raw.Msg of them; Task nil if not known whose)
	// Comm: the task's own command name, as the recorder read it when
	// the task joined or after a call that may change it (Raw.Pids, the
	// notes with format.PidSelf).
	Comm
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
	fdGen     uint64            // fds.gen at the entry of the current call
	mm        *Maps             // the process's executable mappings (-k), shared by its threads
	peers     map[uint64]uint64 // the Replayer's unixPeer
	// pending holds the pid notes for the task's next call or signal.
	pending []format.PidNote
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
	// socks holds the netlink sockets among the descriptors, learnt from
	// the socket call that made them (and followed through dup and
	// fork), whether or not descriptors are noted: strace decodes what
	// they carry.
	socks map[int32]sockInfo
	// sock is what -yy shows of the sockets among the descriptors, when
	// the recording says (format.FdPath.Sock).
	sock map[int32]string
}

// sockInfo is what the recording says about a netlink socket.
type sockInfo struct {
	proto   int32 // NETLINK_* protocol
	bound   bool  // it has an address (bind, connect, or a send autobinds)
	cloexec bool  // an execve closes it
	gen     uint64
}

func newFdTable() *fdTable {
	return &fdTable{m: make(map[int32]string), noted: make(map[int32]uint64)}
}

// note records what fd refers to (and for a socket, what -yy shows of
// it, if known).
func (f *fdTable) note(fd int32, path string, sock []byte) {
	f.gen++
	f.m[fd] = path
	if sock != nil {
		if f.sock == nil {
			f.sock = make(map[int32]string)
		}
		f.sock[fd] = string(sock)
	} else if f.sock != nil {
		delete(f.sock, fd)
	}
	f.noted[fd] = f.gen
	if !strings.HasPrefix(path, "socket:") {
		// Not a socket any more: a close the recording missed.
		delete(f.socks, fd)
	}
}

// forget drops fd, unless it was noted again after gen.
func (f *fdTable) forget(fd int32, gen uint64) {
	if s, ok := f.socks[fd]; ok && s.gen <= gen {
		delete(f.socks, fd)
	}
	if f.noted[fd] > gen {
		return
	}
	delete(f.m, fd)
	delete(f.noted, fd)
	delete(f.sock, fd)
}

// setSock records that fd is a netlink socket (s.proto >= 0), or that it
// is not one (s.proto < 0).
func (f *fdTable) setSock(fd int32, s sockInfo) {
	if s.proto < 0 {
		delete(f.socks, fd)
		return
	}
	if f.socks == nil {
		f.socks = make(map[int32]sockInfo)
	}
	f.gen++
	s.gen = f.gen
	f.socks[fd] = s
}

// dup makes descriptor nfd a copy of ofd (another descriptor), as a
// successful dup, dup2, dup3 or fcntl F_DUPFD made it, whose entry was
// when the table's gen was gen: nfd refers to what ofd does (its path,
// what -yy shows of it), unless the recording noted nfd since (recordings
// made before 2026-12-07 note every dup: a note wins); and it is the
// netlink socket ofd is, if it is one, closed by an execve if cloexec.
// Whatever nfd referred to before (dup2 and dup3 close it) is gone.
func (f *fdTable) dup(ofd, nfd int32, cloexec bool, gen uint64) {
	if f.noted[nfd] <= gen {
		if p, ok := f.m[ofd]; ok {
			f.gen++
			f.m[nfd] = p
			f.noted[nfd] = f.gen
			if s, ok := f.sock[ofd]; ok {
				f.sock[nfd] = s
			} else {
				delete(f.sock, nfd)
			}
		} else {
			// Not known (a recording without -y, or a descriptor the
			// recording never said): neither is nfd now.
			delete(f.m, nfd)
			delete(f.noted, nfd)
			delete(f.sock, nfd)
		}
	}
	s, found := f.socks[ofd]
	if !found {
		s.proto = -1
	}
	s.cloexec = cloexec
	f.setSock(nfd, s)
}

func (f *fdTable) clone() *fdTable {
	c := &fdTable{m: make(map[int32]string, len(f.m)), gen: f.gen, noted: make(map[int32]uint64, len(f.noted))}
	for k, v := range f.m {
		c.m[k] = v
	}
	for k, v := range f.noted {
		c.noted[k] = v
	}
	if len(f.sock) > 0 {
		c.sock = make(map[int32]string, len(f.sock))
		for k, v := range f.sock {
			c.sock[k] = v
		}
	}
	if len(f.socks) > 0 {
		c.socks = make(map[int32]sockInfo, len(f.socks))
		for k, v := range f.socks {
			c.socks[k] = v
		}
	}
	return c
}

// Netlink socket queries through FdPath: decoders reach the replayer only
// through the -y callback (decode.Options.FdPath), so the protocol of a
// descriptor is asked for with a pseudo-descriptor below any real one.
// FdNetlink returns the netlink protocol of descriptor fd, whether the
// socket is bound, and whether the recording says fd is a netlink socket.
func (t *Task) FdNetlink(fd int32) (proto int, bound, ok bool) {
	if t.fds == nil {
		return 0, false, false
	}
	s, ok := t.fds.socks[fd]
	return int(s.proto), s.bound, ok
}

// FdPath returns what descriptor fd of the task refers to ("/etc/passwd",
// "pipe:[1234]"), or "" when the recording does not say.
func (t *Task) FdPath(fd int32) string {
	if t.fds == nil {
		return ""
	}
	return t.fds.m[fd]
}

// FdSock returns what strace -yy shows of socket fd of the task, as the
// recorder noted it (format.FdPath.Sock), or "" when the recording does
// not say.
func (t *Task) FdSock(fd int32) string {
	if t.fds == nil {
		return ""
	}
	s := t.fds.sock[fd]
	if !strings.HasPrefix(s, "UNIX") || t.peers == nil {
		return s
	}
	ino := socketInode(t.fds.m[fd])
	peer := t.peers[ino]
	if ino == 0 || peer == 0 {
		return s
	}
	if _, p := unixPeerOf([]byte(s)); p != 0 {
		return s
	}
	// The peer came later (see Replayer.unixPeer).
	head := s + ":[" + strconv.FormatUint(ino, 10)
	tail := "]"
	if i := strings.Index(s, ":["); i >= 0 {
		rest := s[i+2:]
		j := strings.IndexAny(rest, ",]")
		if j < 0 {
			return s
		}
		head, tail = s[:i+2]+rest[:j], rest[j:]
	}
	return head + "->" + strconv.FormatUint(peer, 10) + tail
}

// unixPeerOf returns the inode and the peer's inode of recorded UNIX
// socket details "UNIX...:[INODE->PEER...", or zeros.
func unixPeerOf(sock []byte) (ino, peer uint64) {
	s := string(sock)
	if !strings.HasPrefix(s, "UNIX") {
		return 0, 0
	}
	i := strings.Index(s, ":[")
	if i < 0 {
		return 0, 0
	}
	s = s[i+2:]
	a, rest, ok := strings.Cut(s, "->")
	if !ok {
		return 0, 0
	}
	if j := strings.IndexAny(rest, ",]"); j >= 0 {
		rest = rest[:j]
	}
	x, err1 := strconv.ParseUint(a, 10, 64)
	y, err2 := strconv.ParseUint(rest, 10, 64)
	if err1 != nil || err2 != nil || strings.ContainsAny(a, ",]") {
		return 0, 0
	}
	return x, y
}

// socketInode returns N of "socket:[N]", or 0.
func socketInode(p string) uint64 {
	n, ok := strings.CutPrefix(p, "socket:[")
	if !ok {
		return 0
	}
	n, ok = strings.CutSuffix(n, "]")
	if !ok {
		return 0
	}
	v, _ := strconv.ParseUint(n, 10, 64)
	return v
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
	// Pids: for a syscall entry or exit or a signal, what the recording
	// says of the pids it names (format.KindPids), valid until the
	// task's next event.
	Pids []format.PidNote
}

// Replayer turns raw events into paired, process-aware events.
type Replayer struct {
	src   Source
	tasks map[int32]*Task
	// lastTask is the task task returned last, which most events are
	// of; step forgets it where it changes which task a tid is.
	lastTask *Task
	live     int
	ev       Event
	// forked holds the descriptor table a new child starts with, copied
	// from its parent at the fork, until the child joins.
	forked map[int32]*fdTable
	// unixPeer maps the inode of a UNIX socket to its peer's, as the
	// details of the peer say (-yy): a client connected to a listening
	// socket gets its peer only when the server accepts the connection,
	// after the client's descriptor was noted.
	unixPeer map[uint64]uint64
	// held is an entry copied out of a task that ended before the
	// caller saw the end.
	err error
}

// New returns a Replayer reading from src.
func New(src Source) *Replayer {
	return &Replayer{src: src, tasks: make(map[int32]*Task), forked: make(map[int32]*fdTable), unixPeer: make(map[uint64]uint64)}
}

// Tasks returns the tasks seen so far, by tid (ended ones included).
func (r *Replayer) Tasks() map[int32]*Task { return r.tasks }

func (r *Replayer) task(tid int32, t int64) *Task {
	if tk := r.lastTask; tk != nil && tk.Tid == tid && !tk.Ended {
		return tk
	}
	if tk := r.tasks[tid]; tk != nil && !tk.Ended {
		r.lastTask = tk
		return tk
	}
	// A task the recording did not announce (a file from a recorder that
	// joined mid-way): treat it as its own process.
	tk := &Task{Tid: tid, Pid: tid, Start: t, fds: newFdTable(), peers: r.unixPeer}
	r.tasks[tid] = tk
	r.live++
	r.lastTask = tk
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
		t := &Task{Tid: raw.Tid, Pid: raw.Pid, Parent: raw.Parent, How: raw.How, Start: raw.Time, peers: r.unixPeer}
		if t.Pid == 0 {
			t.Pid = t.Tid
		}
		t.fds = r.startFds(t)
		t.mm = r.startMaps(t)
		r.tasks[raw.Tid] = t
		r.lastTask = nil
		r.live++
		ev.Kind, ev.Task = TaskStart, t
	case format.KindSyscallEntry:
		t := r.task(raw.Tid, raw.Time)
		raw.CopyTo(&t.entry)
		t.InSyscall = true
		t.fdGen = t.fds.gen
		ev.Kind, ev.Task, ev.Entry = SyscallEntry, t, &t.entry
		ev.Pids = t.takePending()
	case format.KindSyscallExit:
		t := r.task(raw.Tid, raw.Time)
		ev.Kind, ev.Task, ev.Exit = SyscallExit, t, raw
		ev.Pids = t.takePending()
		if t.InSyscall && t.entry.Nr == raw.Nr {
			ev.Entry = &t.entry
			mergeLate(&t.entry, raw)
		}
		t.InSyscall = false
		r.updateFds(t, ev.Entry, raw)
	case format.KindSignal:
		ev.Kind, ev.Task = Signal, r.task(raw.Tid, raw.Time)
		ev.Pids = ev.Task.takePending()
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
			if t.fds != nil {
				t.fds.closeOnExec()
			}
			old := int32(raw.Msg)
			if old != 0 && old != raw.Tid {
				ev.OldTid = old
				// The thread that called execve takes the leader's tid;
				// the leader is gone.
				if ot := r.tasks[old]; ot != nil && !ot.Ended {
					ot.Tid = raw.Tid
					r.tasks[raw.Tid] = ot
					delete(r.tasks, old)
					r.lastTask = nil
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
			// After an execve the process has one thread, and a new table;
			// the netlink sockets still open keep what is known of them.
			old := t.fds
			t.fds = newFdTable()
			defer t.fds.keepSocks(old)
		}
		for _, f := range raw.Fds {
			t.fds.note(f.Fd, string(f.Path), f.Sock)
			if ino, peer := unixPeerOf(f.Sock); peer != 0 {
				r.unixPeer[peer] = ino
			}
		}
		return nil
	case format.KindMaps:
		// Bookkeeping for -k, not an event of its own.
		r.task(raw.Tid, raw.Time).setMaps(raw)
		return nil
	case format.KindLost:
		ev.Kind = Lost
		if raw.Tid != 0 {
			ev.Task = r.task(raw.Tid, raw.Time)
		}
	case format.KindPids:
		// Notes for the task's next call or signal, and its own name.
		t := r.task(raw.Tid, raw.Time)
		self := false
		for _, n := range raw.Pids {
			if n.Flags&format.PidSelf != 0 {
				self = true
				continue
			}
			n.Comm = append([]byte(nil), n.Comm...)
			t.pending = append(t.pending, n)
		}
		if !self {
			return nil
		}
		ev.Kind, ev.Task = Comm, t
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

// takePending returns the notes for the task's event being replayed and
// forgets them (they stay valid until the task's next notes).
func (t *Task) takePending() []format.PidNote {
	p := t.pending
	t.pending = t.pending[len(t.pending):]
	return p
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

// keepSocks carries over from old the netlink sockets that f, a table
// just listed after an execve, still has (the same socket at the same
// descriptor).
func (f *fdTable) keepSocks(old *fdTable) {
	for fd, s := range old.socks {
		if p, ok := f.m[fd]; ok && p == old.m[fd] && strings.HasPrefix(p, "socket:") {
			f.setSock(fd, s)
		}
	}
}

// closeOnExec drops the netlink sockets an execve closes.
func (f *fdTable) closeOnExec() {
	for fd, s := range f.socks {
		if s.cloexec {
			delete(f.socks, fd)
		}
	}
}

// Syscalls that make, bind or copy netlink sockets (x86-64 numbers), and
// the constants they use.
const (
	nrWrite        = 1
	nrWritev       = 20
	nrSocket       = 41
	nrConnect      = 42
	nrSendto       = 44
	nrSendmsg      = 46
	nrBind         = 49
	nrFcntl        = 72
	nrSendmmsg     = 307
	afNetlink      = 16
	sockCloexec    = 0x80000 // SOCK_CLOEXEC, O_CLOEXEC
	fSetfd         = 2
	fdCloexec      = 1
	errnoEPERM     = 1
	errnoEBADF     = 9
	errnoEFAULT    = 14
	errnoEINVAL    = 22
	errnoENOTSOCK  = 88
	errnoEOPNOTSUP = 95
)

// reaped forgets what -yy shows of the pidfds of process pid, which a
// traced task has just reaped: strace reads a pidfd's process at each
// call, and once the process is gone it shows the descriptor's path
// ("anon_inode:[pidfd]"). The call that reaped it was shown at its
// entry, before this.
func (r *Replayer) reaped(pid int32) {
	if pid <= 0 {
		return
	}
	details := "pid:" + strconv.Itoa(int(pid))
	for _, t := range r.tasks {
		if t.fds == nil {
			continue
		}
		for fd, s := range t.fds.sock {
			if s == details {
				delete(t.fds.sock, fd)
			}
		}
	}
}

// updateSocks follows the netlink sockets through a syscall that ended.
func (t *Task) updateSocks(entry, exit *format.Event) {
	f := t.fds
	fd := int32(entry.Args[0])
	ret := int32(exit.Ret)
	ok := !exit.IsError
	switch exit.Nr {
	case nrSocket:
		if !ok {
			return
		}
		if entry.Args[0] == afNetlink {
			f.setSock(ret, sockInfo{proto: int32(entry.Args[2]), cloexec: entry.Args[1]&sockCloexec != 0})
		} else {
			f.setSock(ret, sockInfo{proto: -1})
		}
	case nrFcntl:
		if s, found := f.socks[fd]; found && ok && entry.Args[1] == fSetfd {
			s.cloexec = entry.Args[2]&fdCloexec != 0
			f.socks[fd] = s
		}
	case nrBind, nrConnect, nrSendto, nrSendmsg, nrSendmmsg, nrWrite, nrWritev:
		s, found := f.socks[fd]
		if !found || s.bound {
			return
		}
		if !ok {
			// A send binds the socket before it fails, unless it fails
			// on its arguments.
			switch -exit.Ret {
			case errnoEPERM, errnoEBADF, errnoEFAULT, errnoEINVAL, errnoENOTSOCK, errnoEOPNOTSUP:
				return
			}
			if exit.Nr == nrBind || exit.Nr == nrConnect {
				return
			}
		}
		s.bound = true
		f.socks[fd] = s
	}
}

// Syscalls that close descriptors, or reap a process a pidfd names
// (x86-64 numbers).
const (
	nrClose      = 3
	nrWait4      = 61
	nrWaitid     = 247
	nrUnshare    = 272
	nrCloseRange = 436
	wNowait      = 0x01000000 // WNOWAIT: waitid leaves the child waitable
	cloneFiles   = 0x400
	// close_range flags
	closeRangeUnshare = 2
	closeRangeCloexec = 4
)

// dupOf says whether the x86-64 syscall that ended (entry, exit) was a
// successful dup that made a new descriptor (sysent's DupOf, which the
// recorders leave the note of out by; not dup2(fd, fd)): old, the one it
// copied, nfd, the copy, and whether nfd is close-on-exec.
func dupOf(entry, exit *format.Event) (old, nfd int32, cloexec, ok bool) {
	e := sysent.Lookup(exit.Nr)
	if exit.IsError || e == nil {
		return 0, 0, false, false
	}
	if old, cloexec, ok = e.DupOf(&entry.Args); !ok {
		return 0, 0, false, false
	}
	nfd = int32(exit.Ret)
	return old, nfd, cloexec, old != nfd
}

// updateFds applies a syscall that ended to the descriptor table: its
// closes, its dups, what it does to netlink sockets and pidfds (the
// recorder notes what new descriptors refer to in KindFds events before
// the exit, but for dups: see fdTable.dup).
func (r *Replayer) updateFds(t *Task, entry, exit *format.Event) {
	if exit.Arch != format.ArchX86_64 {
		return
	}
	if entry != nil {
		t.updateSocks(entry, exit)
		if old, nfd, cloexec, ok := dupOf(entry, exit); ok {
			t.fds.dup(old, nfd, cloexec, t.fdGen)
		}
		switch exit.Nr {
		case nrWait4:
			if !exit.IsError && exit.Ret > 0 {
				r.reaped(int32(exit.Ret))
			}
		case nrWaitid:
			// The child reaped is in the siginfo the call filled in.
			if exit.IsError || entry.Args[3]&wNowait != 0 {
				break
			}
			for _, m := range exit.Mem {
				if m.Addr == entry.Args[2] && len(m.Data) >= 20 {
					r.reaped(int32(binary.LittleEndian.Uint32(m.Data[16:])))
				}
			}
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
					if fd >= 0 && uint32(fd) >= first && uint32(fd) <= last {
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

// mergeLate moves into the entry the inputs the recorder could read only
// at the exit (regions flagged format.MemLate in the exit event): each
// replaces the entry's region at its address (which says the read
// failed).
func mergeLate(entry, exit *format.Event) {
	for i := range exit.Mem {
		r := &exit.Mem[i]
		if r.Flags&format.MemLate == 0 {
			continue
		}
		replaced := false
		for j := range entry.Mem {
			if entry.Mem[j].Addr == r.Addr && (entry.Mem[j].Flags&(format.MemString|format.MemVector)) == (r.Flags&(format.MemString|format.MemVector)) {
				entry.Mem[j] = *r
				entry.Mem[j].Data = append([]byte(nil), r.Data...)
				replaced = true
				break
			}
		}
		if !replaced {
			entry.Mem = append(entry.Mem, format.Region{Addr: r.Addr, Len: r.Len, Flags: r.Flags, Data: append([]byte(nil), r.Data...)})
		}
	}
}
