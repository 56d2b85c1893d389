package replay

import (
	"errors"
	"io"
	"testing"

	"mytrace/format"
)

// events is a Source over a slice of raw events.
type events []format.Event

func (e *events) Next() (*format.Event, error) {
	if len(*e) == 0 {
		return nil, io.EOF
	}
	ev := &(*e)[0]
	*e = (*e)[1:]
	return ev, nil
}

const (
	nrOpenat = 257
	nrRead   = 0
)

func newTask(tid, pid, parent int32, how uint8) format.Event {
	return format.Event{Kind: format.KindNewTask, Tid: tid, Pid: pid, Parent: parent, How: how}
}

func entry(tid int32, nr uint64, args ...uint64) format.Event {
	e := format.Event{Kind: format.KindSyscallEntry, Tid: tid, Nr: nr, Arch: format.ArchX86_64}
	copy(e.Args[:], args)
	return e
}

func exit(tid int32, nr uint64, ret int64) format.Event {
	return format.Event{Kind: format.KindSyscallExit, Tid: tid, Nr: nr, Arch: format.ArchX86_64, Ret: ret, IsError: ret < 0 && ret > -4096}
}

func fds(tid, fd int32, path string) format.Event {
	return format.Event{Kind: format.KindFds, Tid: tid, Fds: []format.FdPath{{Fd: fd, Path: []byte(path)}}}
}

// replayAll replays evs, calling f after each event.
func replayAll(t *testing.T, evs events, f func(*Replayer, *Event)) {
	t.Helper()
	r := New(&evs)
	for {
		ev, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		f(r, ev)
	}
}

// TestPairing: an exit is paired with its thread's entry, even with
// another thread's calls in between; an exit with no entry has none.
func TestPairing(t *testing.T) {
	var exits []*format.Event
	var kinds []Kind
	replayAll(t, events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		newTask(11, 10, 10, format.NewTaskThread),
		entry(10, nrRead, 0),
		entry(11, nrOpenat, 0),
		exit(11, nrOpenat, 3),
		exit(10, nrRead, 5),
		exit(10, nrRead, 7), // no entry: attached in the middle of a call
		{Kind: format.KindExit, Tid: 11},
	}, func(r *Replayer, ev *Event) {
		kinds = append(kinds, ev.Kind)
		if ev.Kind == SyscallExit {
			if ev.Entry != nil && ev.Entry.Nr != ev.Exit.Nr {
				t.Errorf("exit of %d paired with entry of %d", ev.Exit.Nr, ev.Entry.Nr)
			}
			exits = append(exits, ev.Entry)
		}
		if ev.Kind == TaskEnd && ev.Live != 1 {
			t.Errorf("after tid 11 ended, %d tasks live, want 1", ev.Live)
		}
	})
	if len(exits) != 3 || exits[0] == nil || exits[1] == nil || exits[2] != nil {
		t.Errorf("entries of the exits: %v", exits)
	}
	if len(kinds) != 8 {
		t.Errorf("%d events replayed, want 8: %v", len(kinds), kinds)
	}
}

// TestFdReuseAcrossThreads: one thread's close(3) returns after another
// thread's openat got descriptor 3: the table keeps the new file.
func TestFdReuseAcrossThreads(t *testing.T) {
	r := events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		fds(10, 3, "/old"),
		newTask(11, 10, 10, format.NewTaskThread),
		entry(10, nrClose, 3),
		entry(11, nrOpenat, 0),
		fds(11, 3, "/new"),
		exit(11, nrOpenat, 3),
		exit(10, nrClose, 0),
	}
	rp := New(&r)
	for {
		if _, err := rp.Next(); err != nil {
			break
		}
	}
	for _, tid := range []int32{10, 11} {
		if p := rp.Tasks()[tid].FdPath(3); p != "/new" {
			t.Errorf("tid %d: fd 3 is %q after the late close, want /new", tid, p)
		}
	}
	// A plain close forgets the descriptor.
	r = events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		fds(10, 3, "/old"),
		entry(10, nrClose, 3),
		exit(10, nrClose, 0),
	}
	rp = New(&r)
	for {
		if _, err := rp.Next(); err != nil {
			break
		}
	}
	if p := rp.Tasks()[10].FdPath(3); p != "" {
		t.Errorf("fd 3 is %q after close, want forgotten", p)
	}
}

// TestForkCopiesFds: a child starts with its parent's table as it was at
// the fork; a thread shares its process's.
func TestForkCopiesFds(t *testing.T) {
	r := events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		fds(10, 3, "/a"),
		{Kind: format.KindPtraceEvent, Tid: 10, PtraceEvent: ptraceEventFork, Msg: 20},
		fds(10, 4, "/b"), // after the fork: not the child's
		newTask(20, 20, 10, format.NewTaskChild),
		newTask(11, 10, 10, format.NewTaskThread),
	}
	rp := New(&r)
	for {
		if _, err := rp.Next(); err != nil {
			break
		}
	}
	child, thread := rp.Tasks()[20], rp.Tasks()[11]
	if child.FdPath(3) != "/a" || child.FdPath(4) != "" {
		t.Errorf("child's fds: 3=%q 4=%q, want /a and none", child.FdPath(3), child.FdPath(4))
	}
	if thread.FdPath(4) != "/b" {
		t.Errorf("thread's fd 4 = %q, want its process's /b", thread.FdPath(4))
	}
}

// TestExecByThread: a non-leader thread's execve takes the leader's tid.
func TestExecByThread(t *testing.T) {
	var old int32
	var live int
	replayAll(t, events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		newTask(11, 10, 10, format.NewTaskThread),
		entry(11, 59),
		{Kind: format.KindPtraceEvent, Tid: 10, PtraceEvent: ptraceEventExec, Msg: 11},
		exit(10, 59, 0),
	}, func(r *Replayer, ev *Event) {
		if ev.Kind == Exec {
			old, live = ev.OldTid, ev.Live
		}
		if ev.Kind == SyscallExit && ev.Entry == nil {
			t.Errorf("execve's exit under the new tid lost its entry")
		}
	})
	if old != 11 || live != 1 {
		t.Errorf("exec: OldTid %d, live %d; want 11 and 1", old, live)
	}
}

// TestDupDerived: a successful dup, dup2, dup3 or fcntl F_DUPFD(_CLOEXEC)
// without a note of its own gives the new descriptor what the old one
// refers to (path and -yy details, netlink protocol); dup2 over an open
// descriptor replaces it, dup2(fd, fd) and a failed dup change nothing,
// and a note of the dup (recordings made before 2026-12-07) wins.
func TestDupDerived(t *testing.T) {
	const (
		einval = -22
		ebadf  = -9
	)
	sockNote := func(tid, fd int32, path, sock string) format.Event {
		return format.Event{Kind: format.KindFds, Tid: tid, Fds: []format.FdPath{{Fd: fd, Path: []byte(path), Sock: []byte(sock)}}}
	}
	evs := events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		fds(10, 3, "/a"),
		fds(10, 4, "/b"),
		sockNote(10, 5, "socket:[77]", "TCP:[127.0.0.1:1->127.0.0.1:2]"),
		// dup(3) = 6
		entry(10, nrDup, 3), exit(10, nrDup, 6),
		// dup2(3, 4) = 4: /b is closed, 4 is /a
		entry(10, nrDup2, 3, 4), exit(10, nrDup2, 4),
		// dup2(5, 5) = 5: nothing changes
		entry(10, nrDup2, 5, 5), exit(10, nrDup2, 5),
		// dup3(5, 7, O_CLOEXEC) = 7: the socket and its details
		entry(10, nrDup3, 5, 7, sockCloexec), exit(10, nrDup3, 7),
		// fcntl(3, F_DUPFD_CLOEXEC, 10) = 10, fcntl(5, F_DUPFD, 0) = 11
		entry(10, nrFcntl, 3, fDupfdCloexec, 10), exit(10, nrFcntl, 10),
		entry(10, nrFcntl, 5, fDupfd, 0), exit(10, nrFcntl, 11),
		// fcntl(3, F_GETFD) = 1: not a dup
		entry(10, nrFcntl, 3, 1), exit(10, nrFcntl, 1),
		// failed: dup(99), dup2(3, 12) with EBADF, dup3(3, 3, 0)
		entry(10, nrDup, 99), exit(10, nrDup, ebadf),
		entry(10, nrDup2, 3, 12), exit(10, nrDup2, ebadf),
		entry(10, nrDup3, 3, 3, 0), exit(10, nrDup3, einval),
		// A dup noted by the recorder keeps its note.
		entry(10, nrDup, 3), fds(10, 13, "/noted"), exit(10, nrDup, 13),
		// A dup of an unknown descriptor over a known one: unknown.
		fds(10, 14, "/c"),
		entry(10, nrDup2, 98, 14), exit(10, nrDup2, 14),
		// An exit without its entry (attached mid-call): not derived.
		exit(10, nrDup, 15),
	}
	rp := New(&evs)
	for {
		if _, err := rp.Next(); err != nil {
			break
		}
	}
	tk := rp.Tasks()[10]
	for _, c := range []struct {
		fd         int32
		path, sock string
	}{
		{3, "/a", ""}, {4, "/a", ""}, {5, "socket:[77]", "TCP:[127.0.0.1:1->127.0.0.1:2]"}, {6, "/a", ""},
		{7, "socket:[77]", "TCP:[127.0.0.1:1->127.0.0.1:2]"}, {10, "/a", ""},
		{11, "socket:[77]", "TCP:[127.0.0.1:1->127.0.0.1:2]"}, {1, "", ""}, {12, "", ""}, {99, "", ""},
		{13, "/noted", ""}, {14, "", ""}, {15, "", ""},
	} {
		if p, s := tk.FdPath(c.fd), tk.FdSock(c.fd); p != c.path || s != c.sock {
			t.Errorf("fd %d: %q %q, want %q %q", c.fd, p, s, c.path, c.sock)
		}
	}

	// A derived descriptor is a note like another: a close of the one it
	// replaced, whose exit comes later in another thread, keeps it.
	evs = events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		newTask(11, 10, 10, format.NewTaskThread),
		fds(10, 3, "/a"),
		fds(10, 4, "/b"),
		entry(11, nrClose, 4),
		entry(10, nrDup2, 3, 4), exit(10, nrDup2, 4),
		exit(11, nrClose, 0),
	}
	rp = New(&evs)
	for {
		if _, err := rp.Next(); err != nil {
			break
		}
	}
	if p := rp.Tasks()[10].FdPath(4); p != "/a" {
		t.Errorf("fd 4 after dup2 and a late close: %q, want /a", p)
	}
}

// TestDupNetlink: a dup of a netlink socket is the same netlink socket,
// whether or not descriptors are noted, close-on-exec as the dup says.
func TestDupNetlink(t *testing.T) {
	evs := events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		entry(10, nrSocket, afNetlink, 3, 9), exit(10, nrSocket, 3),
		entry(10, nrDup, 3), exit(10, nrDup, 4),
		entry(10, nrFcntl, 3, fDupfdCloexec, 0), exit(10, nrFcntl, 5),
		{Kind: format.KindPtraceEvent, Tid: 10, PtraceEvent: ptraceEventExec},
	}
	rp := New(&evs)
	for {
		if _, err := rp.Next(); err != nil {
			break
		}
	}
	tk := rp.Tasks()[10]
	for fd, want := range map[int32]bool{3: true, 4: true, 5: false} {
		if proto, _, ok := tk.FdNetlink(fd); ok != want || ok && proto != 9 {
			t.Errorf("fd %d: netlink %v (protocol %d), want %v", fd, ok, proto, want)
		}
	}
}

// TestCloseRangeKeepsCwd: close_range(3, ~0U, 0) closes descriptors, not
// the working directory (format.FdCwd, -100, is 4294967196 as a uint32).
func TestCloseRangeKeepsCwd(t *testing.T) {
	evs := events{
		newTask(10, 10, 0, format.NewTaskLaunched),
		fds(10, format.FdCwd, "/home"),
		fds(10, 3, "/a"),
		entry(10, nrCloseRange, 3, 0xffffffff, 0), exit(10, nrCloseRange, 0),
	}
	rp := New(&evs)
	for {
		if _, err := rp.Next(); err != nil {
			break
		}
	}
	tk := rp.Tasks()[10]
	if p := tk.FdPath(format.FdCwd); p != "/home" {
		t.Errorf("working directory after close_range: %q, want /home", p)
	}
	if p := tk.FdPath(3); p != "" {
		t.Errorf("fd 3 after close_range: %q, want closed", p)
	}
}

// The dups the tests make (the replayer knows them from sysent's DupOf).
const (
	nrDup         = 32
	nrDup2        = 33
	nrDup3        = 292
	fDupfd        = 0
	fDupfdCloexec = 1030
)
