//go:build linux && amd64

package record

import (
	"sort"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/sysent"
)

// fdReader notes what file descriptors refer to, for -y: readlink of
// /proc/TID/fd/N, into an arena reused from stop to stop.
type fdReader struct {
	arena []byte
	path  [64]byte
	dents []byte // getdents64 buffer, for snapshot
	fds   []int
	sock  *sockDiag // -yy: what sockets are connected to; nil without
}

func (f *fdReader) reset() { f.arena = f.arena[:0] }

// readlink returns what descriptor fd of task tid refers to (its working
// directory for format.FdCwd), or nil.
func (f *fdReader) readlink(tid int32, fd int32) []byte {
	p := append(f.path[:0], "/proc/"...)
	p = strconv.AppendInt(p, int64(tid), 10)
	if fd == format.FdCwd {
		p = append(p, "/cwd"...)
	} else {
		p = append(p, "/fd/"...)
		p = strconv.AppendInt(p, int64(fd), 10)
	}
	p = append(p, 0)
	if cap(f.arena)-len(f.arena) < format.MaxFdPath {
		// Regions of earlier descriptors keep the old array.
		f.arena = make([]byte, 0, max(2*cap(f.arena), 16*format.MaxFdPath))
	}
	buf := f.arena[len(f.arena) : len(f.arena)+format.MaxFdPath]
	// The path is absolute, so the directory descriptor is not used.
	n, _, e := unix.RawSyscall6(unix.SYS_READLINKAT, 0, uintptr(unsafe.Pointer(&p[0])),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0)
	if e != 0 || int(n) <= 0 {
		return nil
	}
	f.arena = f.arena[:len(f.arena)+int(n)]
	return buf[:n:n]
}

// note appends what fd refers to, to ev.
func (f *fdReader) note(ev *format.Event, tid int32, fd int32) {
	if fd < 0 && fd != format.FdCwd {
		return
	}
	if p := f.readlink(tid, fd); p != nil {
		var sock []byte
		if f.sock != nil && fd != format.FdCwd {
			pp := append(f.path[:0], "/proc/"...)
			pp = strconv.AppendInt(pp, int64(tid), 10)
			task := len(pp)
			pp = append(pp, "/fd/"...)
			pp = strconv.AppendInt(pp, int64(fd), 10)
			switch ino := socketInode(p); {
			case ino != 0:
				sock = f.sock.details(string(pp), ino)
			case p[0] == '/':
				sock = DeviceDetails(string(pp))
			case string(p) == "anon_inode:[pidfd]":
				pp = append(pp[:task], "/fdinfo/"...)
				pp = strconv.AppendInt(pp, int64(fd), 10)
				sock = PidfdDetails(string(pp))
			}
		}
		ev.Fds = append(ev.Fds, format.FdPath{Fd: fd, Path: p, Sock: sock})
	}
}

// snapshot lists every descriptor of task tid in ev (after an execve).
// The directory is read with raw system calls into a reused buffer: this
// runs at every execve, while the tracee waits (os.ReadDir would allocate,
// and register the descriptor with the runtime's poller).
func (f *fdReader) snapshot(ev *format.Event, tid int32) {
	fds, ok := f.listFds(tid)
	if !ok {
		return
	}
	ev.FdsSnapshot = true
	f.note(ev, tid, format.FdCwd)
	for _, fd := range fds {
		f.note(ev, tid, int32(fd))
	}
}

// listFds returns the descriptors in /proc/TID/fd, in increasing order,
// and whether the directory could be read.
func (f *fdReader) listFds(tid int32) ([]int, bool) {
	p := append(f.path[:0], "/proc/"...)
	p = strconv.AppendInt(p, int64(tid), 10)
	p = append(p, "/fd\x00"...)
	// The path is absolute, so the directory descriptor is not used.
	fd, _, e := unix.RawSyscall6(unix.SYS_OPENAT, 0, uintptr(unsafe.Pointer(&p[0])),
		unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0, 0, 0)
	for e == unix.EINTR {
		fd, _, e = unix.RawSyscall6(unix.SYS_OPENAT, 0, uintptr(unsafe.Pointer(&p[0])),
			unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0, 0, 0)
	}
	if e != 0 {
		return nil, false
	}
	defer unix.RawSyscall(unix.SYS_CLOSE, fd, 0, 0)
	if f.dents == nil {
		f.dents = make([]byte, 16<<10)
	}
	f.fds = f.fds[:0]
	sorted := true
	for {
		n, _, e := unix.RawSyscall(unix.SYS_GETDENTS64, fd, uintptr(unsafe.Pointer(&f.dents[0])), uintptr(len(f.dents)))
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return nil, false // as with os.ReadDir's error: no listing
		}
		if n == 0 {
			break
		}
		// struct linux_dirent64: ino 8, off 8, reclen 2, type 1, name.
		for b := f.dents[:n]; len(b) >= 19; {
			reclen := int(b[16]) | int(b[17])<<8
			if reclen < 19 || reclen > len(b) {
				break
			}
			name := b[19:reclen]
			if i := indexZero(name); i >= 0 {
				name = name[:i]
			}
			if v, ok := atoiFd(name); ok {
				if k := len(f.fds); k > 0 && f.fds[k-1] > v {
					sorted = false
				}
				f.fds = append(f.fds, v)
			}
			b = b[reclen:]
		}
	}
	if !sorted {
		sort.Ints(f.fds)
	}
	return f.fds, true
}

// atoiFd parses a descriptor number as strconv.Atoi would accept it
// (/proc lists only plain decimal numbers, besides "." and "..").
func atoiFd(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// noteFds notes in r.fev, after a successful call, what the descriptors it
// created refer to (every descriptor after an execve, the working
// directory after a chdir), and says whether r.fev is to be emitted (with
// emitFds, which the caller does once the task is resumed). The pair of
// descriptors of a pipe is read from the tracee. A dup whose result
// readers derive is not noted (FdKnown).
func (r *Recorder) noteFds(t *task) bool {
	e := sysent.Lookup(t.nr)
	if e == nil {
		return false
	}
	ev := &r.fev
	ev.Reset()
	defer r.known.Noted(t.tgid, ev)
	ev.Kind, ev.Tid, ev.Time = format.KindFds, t.tid, r.now()
	r.fdr.reset()
	ret := r.si.rval()
	switch {
	case e.ReplacesFds():
		r.known.Forget(t.tgid) // in case the listing fails
		r.fdr.snapshot(ev, t.tid)
	case e.ReturnsFd(), e.Name == "fcntl" && sysent.DupsFd(t.args[1]):
		if old, _, ok := e.DupOf(&t.args); ok && !t.filtered && r.known.Derivable(t.tgid, old, int32(ret)) {
			break // readers copy old's note
		}
		r.known.Drop(t.tgid, int32(ret))
		r.fdr.note(ev, t.tid, int32(ret))
	case e.ChangesCwd():
		r.fdr.note(ev, t.tid, format.FdCwd)
	case e.Name == "ioctl" && (t.args[1] == nsGetUserns || t.args[1] == nsGetParent || uint32(t.args[1]) == sysent.KVM_CREATE_VM || uint32(t.args[1]) == sysent.KVM_CREATE_VCPU):
		r.fdr.note(ev, t.tid, int32(ret))
	case e.Name == "clone" && t.args[0]&sysent.ClonePidfd != 0:
		r.noteFdAt(t, t.args[2])
	case e.Name == "clone3":
		if b := r.peek(t, t.args[0], 16); b != nil && le64(b)&sysent.ClonePidfd != 0 {
			r.noteFdAt(t, le64(b[8:]))
		}
	case r.fdr.sock != nil && (e.Name == "bind" || e.Name == "connect" || e.Name == "listen"):
		// -yy: the socket's addresses changed.
		r.fdr.note(ev, t.tid, int32(t.args[0]))
	case e.Name == "recvmsg":
		r.noteRights(t, t.args[1])
	case e.Name == "recvmmsg":
		for i := int64(0); i < ret && i < 1024; i++ {
			r.noteRights(t, t.args[1]+uint64(i)*sizeMmsghdr)
		}
	default:
		if i := e.FdPairArg(); i >= 0 && t.args[i] != 0 {
			if b := r.peek(t, t.args[i], 8); b != nil {
				r.fdr.note(ev, t.tid, int32(le32(b)))
				r.fdr.note(ev, t.tid, int32(le32(b[4:])))
			}
		}
	}
	return true
}

// followFds keeps r.known in step with the call whose exit t is at (the
// entry was seen if wasIn): closes, and what makes the process's dups
// noted whatever FdKnown knows.
func (r *Recorder) followFds(t *task, wasIn bool) {
	switch {
	case !wasIn:
		// Which call, and which descriptors, is not known.
		r.known.Forget(t.tgid)
	case t.arch != format.ArchX86_64 || t.nr&sysent.X32Bit != 0:
		// Its descriptors are not noted, nor its closes followed.
		r.known.Distrust(t.tgid)
	default:
		r.known.Call(t.tgid, sysent.Lookup(t.nr), &t.args, r.si.isError())
	}
}

// connecting reports a connect that failed for now, with -yy: a socket
// connected without blocking (EINPROGRESS, EALREADY, EAGAIN for UNIX
// sockets) already has both its addresses, which strace shows from then
// on, and no later call would note them. Any failed connect is noted: its
// socket may have been bound by it.
func (r *Recorder) connecting(t *task) bool {
	if r.fdr.sock == nil {
		return false
	}
	e := sysent.Lookup(t.nr)
	return e != nil && e.Name == "connect"
}

// emitFds hands the descriptors noted in r.fev to the sink, if any.
func (r *Recorder) emitFds() {
	ev := &r.fev
	if len(ev.Fds) == 0 && !ev.FdsSnapshot {
		return
	}
	r.res.Events++
	r.unsynced = r.syncer != nil
	if r.res.SinkErr == nil {
		if err := r.sink.WriteEvent(ev); err != nil {
			r.res.SinkErr = err
		}
	}
}

// ioctls that return a new descriptor (nsfs).
const (
	nsGetUserns = 0xb701
	nsGetParent = 0xb702
)

// Layout of what recvmsg and recvmmsg fill in, on x86-64.
const (
	sizeMsghdr   = 56
	sizeMmsghdr  = 64
	sizeCmsghdr  = 16
	solSocket    = 1
	scmRights    = 1
	maxRightsBuf = 64 << 10
)

// peek reads n bytes of the tracee into the recorder's scratch buffer.
func (r *Recorder) peek(t *task, addr uint64, n int) []byte {
	if addr == 0 {
		return nil
	}
	if cap(r.scratch) < n {
		r.scratch = make([]byte, n)
	}
	b := r.scratch[:n]
	r.mem.tid = int(t.tid)
	if k, _ := r.mem.vmRead(b, addr); k != n {
		return nil
	}
	return b
}

// noteFdAt notes the descriptor the call stored at addr (a pidfd).
func (r *Recorder) noteFdAt(t *task, addr uint64) {
	if b := r.peek(t, addr, 4); b != nil {
		r.fdr.note(&r.fev, t.tid, int32(le32(b)))
	}
}

// noteRights notes the descriptors received with SCM_RIGHTS in the
// control data of the struct msghdr at addr.
func (r *Recorder) noteRights(t *task, addr uint64) {
	h := r.peek(t, addr, sizeMsghdr)
	if h == nil {
		return
	}
	ctl, n := le64(h[32:]), le64(h[40:])
	if ctl == 0 || n < sizeCmsghdr {
		return
	}
	c := r.peek(t, ctl, int(min(n, maxRightsBuf)))
	for len(c) >= sizeCmsghdr {
		l := le64(c)
		if l < sizeCmsghdr || l > uint64(len(c)) {
			return
		}
		if le32(c[8:]) == solSocket && le32(c[12:]) == scmRights {
			for d := c[sizeCmsghdr:l]; len(d) >= 4; d = d[4:] {
				r.fdr.note(&r.fev, t.tid, int32(le32(d)))
			}
		}
		c = c[min(uint64(len(c)), (l+7)&^7):]
	}
}

func le64(b []byte) uint64 { return uint64(le32(b)) | uint64(le32(b[4:]))<<32 }

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
