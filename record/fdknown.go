package record

import (
	"strings"

	"mytrace/format"
	"mytrace/sysent"
)

// FdKnown follows, for each traced process, which of its descriptors the
// recording has said what they refer to since they were made (their own
// note, a snapshot, or a dup of such a descriptor), so that a recorder
// can leave out the note of a dup: a reader gives the new descriptor
// what the old one refers to (replay). Both recorders use it,
// with the same rule (docs/format.md, descriptors event): the note of a
// successful dup, dup2, dup3 or fcntl F_DUPFD(_CLOEXEC) is left out when
//
//   - the call's entry and exit are recorded (not left out by -e trace=,
//     not lost), so that the reader sees the call;
//   - the old descriptor is known: noted (or derived) since the call that
//     made it, and not closed since, as far as the recorder saw every
//     call of the process that closes or makes descriptors;
//   - with -yy, it is not a socket or a pidfd, whose details change
//     without a call the recording follows (a send binds a socket, a
//     peer goes away): a note of the dup reads them afresh, as before;
//   - nothing happened in the process that the recording does not follow
//     descriptor by descriptor (a call of another ABI, io_uring, a table
//     unshared or shared with another process), until its next snapshot.
//
// A process starts with nothing known (its descriptors are noted at its
// execve or attach), or with what its parent knew at the fork.
//
// The zero value is ready to use. Methods take the process (tgid).
type FdKnown struct {
	procs map[int32]*knownFds
	// YY: socket details are noted (-yy): the dups of sockets and
	// pidfds are noted.
	YY bool
}

// knownFds is what FdKnown knows of one process.
type knownFds struct {
	known    []uint64 // a bit per descriptor: what it refers to is in the recording
	volatile []uint64 // a bit per known descriptor whose -yy details may change
	// distrust: a dup is always noted, until the next snapshot.
	distrust bool
}

// maxKnownFd bounds the descriptors followed; those beyond are never
// known (their dups are noted).
const maxKnownFd = 1 << 16

func (k *FdKnown) proc(tgid int32) *knownFds {
	p := k.procs[tgid]
	if p == nil {
		if k.procs == nil {
			k.procs = make(map[int32]*knownFds)
		}
		p = &knownFds{}
		k.procs[tgid] = p
	}
	return p
}

func getBit(b []uint64, fd int32) bool {
	return fd >= 0 && int(fd>>6) < len(b) && b[fd>>6]&(1<<(fd&63)) != 0
}

func setBit(b []uint64, fd int32, on bool) []uint64 {
	if fd < 0 || fd >= maxKnownFd {
		return b
	}
	i := int(fd >> 6)
	if i >= len(b) {
		if !on {
			return b
		}
		b = append(b, make([]uint64, i+1-len(b))...)
	}
	if on {
		b[i] |= 1 << (fd & 63)
	} else {
		b[i] &^= 1 << (fd & 63)
	}
	return b
}

// Noted takes in a descriptors event (format.KindFds) the recorder
// writes for process tgid: a snapshot replaces what was known.
func (k *FdKnown) Noted(tgid int32, ev *format.Event) {
	if len(ev.Fds) == 0 && !ev.FdsSnapshot {
		return
	}
	p := k.proc(tgid)
	if ev.FdsSnapshot {
		clear(p.known)
		clear(p.volatile)
		p.distrust = false
	}
	for i := range ev.Fds {
		f := &ev.Fds[i]
		if f.Fd < 0 {
			continue // the working directory
		}
		p.known = setBit(p.known, f.Fd, true)
		p.volatile = setBit(p.volatile, f.Fd, k.YY && volatilePath(f.Path))
	}
}

// volatilePath says whether what -yy shows of a descriptor that refers
// to path may change without a call that notes it again.
func volatilePath(path []byte) bool {
	s := string(path)
	return strings.HasPrefix(s, "socket:") || s == "anon_inode:[pidfd]"
}

// Drop says that descriptor fd of process tgid is closed, or is about to
// be noted again by a call that made it.
func (k *FdKnown) Drop(tgid, fd int32) {
	if p := k.procs[tgid]; p != nil {
		p.known = setBit(p.known, fd, false)
	}
}

// Forget says nothing is known of process tgid's descriptors any more
// (events of it were lost, or a call's entry was not seen).
func (k *FdKnown) Forget(tgid int32) {
	if p := k.procs[tgid]; p != nil {
		clear(p.known)
	}
}

// Reset forgets every process.
func (k *FdKnown) Reset() { clear(k.procs) }

// Distrust says that process tgid did something the recording does not
// follow descriptor by descriptor: its dups are noted until its next
// snapshot.
func (k *FdKnown) Distrust(tgid int32) { k.proc(tgid).distrust = true }

// Exit forgets process tgid, which is gone (or a new process that may
// have an old one's pid).
func (k *FdKnown) Exit(tgid int32) { delete(k.procs, tgid) }

// Fork gives process child what process parent knows, as its descriptor
// table is a copy of its parent's (fork, vfork, clone without
// CLONE_FILES). With shared (CLONE_FILES without CLONE_THREAD: two
// processes, one table, which readers follow as two), both are
// distrusted.
func (k *FdKnown) Fork(parent, child int32, shared bool) {
	c := &knownFds{}
	if p := k.procs[parent]; p != nil {
		c.known = append([]uint64(nil), p.known...)
		c.volatile = append([]uint64(nil), p.volatile...)
		c.distrust = p.distrust
		if shared {
			p.distrust = true
		}
	}
	c.distrust = c.distrust || shared
	if k.procs == nil {
		k.procs = make(map[int32]*knownFds)
	}
	k.procs[child] = c
}

// Derivable reports whether the note of nfd, made by a successful dup of
// old in process tgid whose entry and exit are recorded, may be left
// out; if so, nfd is known from then on, as old is.
func (k *FdKnown) Derivable(tgid, old, nfd int32) bool {
	p := k.procs[tgid]
	if p == nil || p.distrust || !getBit(p.known, old) || (k.YY && getBit(p.volatile, old)) || nfd < 0 || nfd >= maxKnownFd {
		return false
	}
	p.known = setBit(p.known, nfd, true)
	p.volatile = setBit(p.volatile, nfd, false)
	return true
}

// Call follows what x86-64 call e of process tgid, which ended (failed
// or not; args as its entry gave them), did to the descriptor table that
// its notes do not say: closes, and what makes the process distrusted.
// Calls of other ABIs are for Distrust.
func (k *FdKnown) Call(tgid int32, e *sysent.Entry, args *[6]uint64, failed bool) {
	if e == nil {
		return
	}
	switch e.Name {
	case "close":
		// Released even when close fails (but for EBADF).
		k.Drop(tgid, int32(args[0]))
	case "close_range":
		if failed {
			return
		}
		if args[2]&closeRangeUnshare != 0 {
			k.Distrust(tgid)
		}
		if args[2]&closeRangeCloexec != 0 {
			return
		}
		p := k.procs[tgid]
		if p == nil {
			return
		}
		lo, hi := uint64(uint32(args[0])), uint64(uint32(args[1]))
		for fd := lo; fd <= hi && fd < uint64(len(p.known))*64; fd++ {
			p.known = setBit(p.known, int32(fd), false)
		}
	case "unshare":
		if !failed && args[0]&cloneFiles != 0 {
			k.Distrust(tgid)
		}
	case "io_uring_setup", "io_uring_enter", "io_uring_register":
		// Its requests open and close descriptors unseen.
		k.Distrust(tgid)
	}
}

// Flags of close_range and unshare.
const (
	closeRangeUnshare = 2
	closeRangeCloexec = 4
	cloneFiles        = 0x400
)
