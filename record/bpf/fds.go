package bpf

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"mytrace/decode/sysent"
	"mytrace/format"
)

// What descriptors refer to, for -y. The ptrace recorder reads
// /proc/TID/fd/N while the tracee is stopped at the exit of the call that
// made the descriptor. Here the tracee runs on, and the reader sees the
// call a little later, when the descriptor may be closed or reused. So
// the BPF program notes, at the exit, each new descriptor's inode and
// file type (and a name for anonymous inodes); the reader uses /proc when
// it still shows that inode, and otherwise says what it can from the
// inode: "pipe:[N]", "socket:[N]", "anon_inode:[eventfd]", or for a file
// opened by path, that path made absolute with its symbolic links
// resolved, as readlink would give it.

// Superblock magics (include/uapi/linux/magic.h).
const (
	pipefsMagic    = 0x50495045
	sockfsMagic    = 0x534F434B
	anonInodeMagic = 0x09041934
)

// procPath returns what /proc/TID/fd/N (or cwd) says, if its inode is
// ino (any when ino is 0).
func procFd(tid int32, fd int32, ino uint64) (string, bool) {
	p := "/proc/" + strconv.Itoa(int(tid))
	if fd == format.FdCwd {
		p += "/cwd"
	} else {
		p += "/fd/" + strconv.Itoa(int(fd))
	}
	target, err := os.Readlink(p)
	if err != nil {
		return "", false
	}
	if ino != 0 {
		var st syscall.Stat_t
		if syscall.Stat(p, &st) != nil || st.Ino != ino {
			return "", false
		}
	}
	return target, true
}

// noteFds writes, before the exit of a successful call, the descriptors
// it made (or the whole table after an execve, the working directory
// after a chdir), as the ptrace recorder does.
func (c *converter) noteFds(t *ttask, r *rawRecord) {
	e := sysent.Lookup(t.nr)
	if e == nil {
		return
	}
	ret := int64(r.a[0])
	ev := c.event(format.KindFds, r.tid, r.ts)
	switch {
	case e.ReplacesFds():
		ev.FdsSnapshot = true
		if snap := c.startFds[r.tid]; snap != nil {
			// The launched command's first execve: what the stub had,
			// listed before it was let go (it may well have ended by now).
			delete(c.startFds, r.tid)
			ev.Fds = append(ev.Fds, snap...)
		} else {
			snapshotFds(ev, r.tid, false)
		}
	case e.ChangesCwd():
		if p, ok := procFd(r.tid, format.FdCwd, 0); ok {
			ev.Fds = append(ev.Fds, format.FdPath{Fd: format.FdCwd, Path: []byte(p)})
		}
	case c.sockDetails != nil && (e.Name == "bind" || e.Name == "connect" || e.Name == "listen"):
		// -yy: the socket's addresses changed.
		fd := int32(t.args[0])
		if p, ok := procFd(r.tid, fd, 0); ok {
			ev.Fds = append(ev.Fds, format.FdPath{Fd: fd, Path: []byte(p), Sock: c.sock(r.tid, fd, p)})
		}
	case e.ReturnsFd() || (e.Name == "fcntl" && sysent.DupsFd(t.args[1])) || e.FdPairArg() >= 0:
		for _, ch := range r.chunks {
			if ch.flags&cFdInfo == 0 {
				continue
			}
			fd := int32(ch.addr)
			if e.FdPairArg() < 0 && int64(fd) != ret {
				continue
			}
			if p, ok := c.resolve(t, r.tid, fd, ch); ok {
				ev.Fds = append(ev.Fds, format.FdPath{Fd: fd, Path: []byte(p), Sock: c.sock(r.tid, fd, p)})
			}
		}
	}
	if len(ev.Fds) == 0 && !ev.FdsSnapshot {
		c.out.events = append(c.out.events, ev)
		return
	}
	c.out.push(ev)
}

// resolve says what descriptor fd (noted by the program in ch) refers to.
func (c *converter) resolve(t *ttask, tid int32, fd int32, ch chunk) (string, bool) {
	ino := ch.aux
	if len(ch.data) < 40 {
		return "", false
	}
	magic := binary.LittleEndian.Uint64(ch.data[8:])
	key := fileKey{magic, ino}
	p, ok := procFd(tid, fd, ino)
	if !ok {
		// Gone from /proc: a descriptor of the same file noted before
		// (what dup and fork copy), or what the inode says.
		p, ok = c.files[key]
		if !ok {
			p, ok = c.synthesize(t, tid, ino, magic, ch)
		}
	}
	if ok {
		if c.files == nil {
			c.files = map[fileKey]string{}
		}
		c.files[key] = p
	}
	return p, ok
}

// sock returns what -yy shows of the socket fd refers to (path), if the
// recording notes it and the socket can still be asked about.
func (c *converter) sock(tid, fd int32, path string) []byte {
	if c.sockDetails == nil || !strings.HasPrefix(path, "socket:[") {
		return nil
	}
	ino, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(path, "socket:["), "]"), 10, 32)
	if err != nil {
		return nil
	}
	return c.sockDetails("/proc/"+strconv.Itoa(int(tid))+"/fd/"+strconv.Itoa(int(fd)), uint32(ino))
}

// fileKey names a file: its filesystem type and inode.
type fileKey struct{ magic, ino uint64 }

// synthesize says what /proc would have said of a descriptor, from its
// inode and the call that made it.
func (c *converter) synthesize(t *ttask, tid int32, ino, magic uint64, ch chunk) (string, bool) {
	name := ch.data[16:40]
	if i := indexZero(name); i >= 0 {
		name = name[:i]
	}
	switch magic {
	case pipefsMagic:
		return "pipe:[" + strconv.FormatUint(ino, 10) + "]", true
	case sockfsMagic:
		return "socket:[" + strconv.FormatUint(ino, 10) + "]", true
	case anonInodeMagic:
		return "anon_inode:" + string(name), true
	}
	// A file opened by path: the path the call was given.
	if t.path == nil {
		return "", false
	}
	p := string(t.path)
	if !filepath.IsAbs(p) {
		base, ok := procFd(tid, t.dirfd, 0)
		if !ok {
			return "", false
		}
		p = filepath.Join(base, p)
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	return filepath.Clean(p), true
}

// notePath keeps the path (and directory descriptor) the entry of a call
// that returns a descriptor was given, for resolve.
func (t *ttask) notePath(e *sysent.Entry, ev *format.Event) {
	t.path, t.dirfd = t.path[:0], format.FdCwd
	if !e.ReturnsFd() {
		t.path = nil
		return
	}
	found := false
	for i, a := range e.Args {
		switch a.Type {
		case sysent.DirFd:
			t.dirfd = int32(t.args[i])
		case sysent.Path:
			for _, reg := range ev.Mem {
				if reg.Addr == t.args[i] && reg.Flags&format.MemString != 0 && reg.Flags&format.MemFault == 0 {
					t.path = append(t.path, reg.Data...)
					found = true
					break
				}
			}
		}
	}
	if !found {
		t.path = nil
	}
}

func indexZero(b []byte) int {
	for i, x := range b {
		if x == 0 {
			return i
		}
	}
	return -1
}

// snapshotFds lists every descriptor of tid (and its working directory);
// with execing, those an execve would close (close-on-exec) are left out.
func snapshotFds(ev *format.Event, tid int32, execing bool) {
	if p, ok := procFd(tid, format.FdCwd, 0); ok {
		ev.Fds = append(ev.Fds, format.FdPath{Fd: format.FdCwd, Path: []byte(p)})
	}
	ents, err := os.ReadDir("/proc/" + strconv.Itoa(int(tid)) + "/fd")
	if err != nil {
		return
	}
	var fds []int
	for _, d := range ents {
		if n, err := strconv.Atoi(d.Name()); err == nil {
			fds = append(fds, n)
		}
	}
	sort.Ints(fds)
	for _, fd := range fds {
		if execing && closeOnExec(tid, fd) {
			continue
		}
		if p, ok := procFd(tid, int32(fd), 0); ok {
			ev.Fds = append(ev.Fds, format.FdPath{Fd: int32(fd), Path: []byte(p)})
		}
	}
}

// closeOnExec reports whether descriptor fd of tid has O_CLOEXEC
// (/proc/TID/fdinfo/FD's flags, in octal).
func closeOnExec(tid int32, fd int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(int(tid)) + "/fdinfo/" + strconv.Itoa(fd))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			fl, err := strconv.ParseUint(strings.TrimSpace(v), 8, 64)
			return err == nil && fl&syscall.O_CLOEXEC != 0
		}
	}
	return false
}
