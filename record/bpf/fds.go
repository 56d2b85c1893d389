package bpf

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"mytrace/format"
	"mytrace/record"
	"mytrace/sysent"
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
	mqueueMagic    = 0x19800202
	pidfsMagic     = 0x50494446
	secretmemMagic = 0x5345434d
)

// procDir is where the reader looks at the traced tasks' descriptors
// (BenchmarkReader points it at nothing: the recorded tasks are gone).
var procDir = "/proc"

// procPath returns what /proc/TID/fd/N (or cwd) says, if its inode is
// ino (any when ino is 0).
func procFd(tid int32, fd int32, ino uint64) (string, bool) {
	p := procDir + "/" + strconv.Itoa(int(tid))
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
// after a chdir), as the ptrace recorder does. With derivable (the call's
// entry and exit are recorded), a dup whose result readers derive is not
// noted (record.FdKnown).
func (c *converter) noteFds(t *ttask, r *rawRecord, derivable bool) {
	e := sysent.Lookup(t.nr)
	if e == nil {
		return
	}
	ret := int64(r.a[0])
	sockChange := c.sockDetails != nil && (e.Name == "bind" || e.Name == "connect" || e.Name == "listen")
	makesFds := e.Name == "clone" && t.args[0]&sysent.ClonePidfd != 0 ||
		e.ReturnsFd() || (e.Name == "fcntl" && sysent.DupsFd(t.args[1])) || e.FdPairArg() >= 0
	if !e.ReplacesFds() && !e.ChangesCwd() && !sockChange && !makesFds {
		return // most calls: nothing to note
	}
	s := c.event(format.KindFds, r.tid, r.ts)
	ev := &s.ev
	switch {
	case e.ReplacesFds():
		ev.FdsSnapshot = true
		if snap := c.startFds[r.tid]; snap != nil {
			// The launched command's first execve: what the stub had,
			// listed before it was let go (it may well have ended by now).
			delete(c.startFds, r.tid)
			ev.Fds = append(ev.Fds, snap...)
		} else {
			snapshotFds(ev, r.tid, false, c.sockDetails != nil)
		}
	case e.ChangesCwd():
		if p, ok := procFd(r.tid, format.FdCwd, 0); ok {
			ev.Fds = append(ev.Fds, format.FdPath{Fd: format.FdCwd, Path: []byte(p)})
		}
	case sockChange:
		// -yy: the socket's addresses changed.
		for _, ch := range r.chunks {
			if ch.flags&cFdInfo != 0 && int32(ch.addr) == int32(t.args[0]) {
				if p, ok := c.resolve(t, r.tid, int32(ch.addr), ch); ok {
					ev.Fds = append(ev.Fds, format.FdPath{Fd: int32(ch.addr), Path: []byte(p), Sock: c.sock(r.tid, int32(ch.addr), p, ch)})
				}
			}
		}
	case makesFds:
		if old, _, ok := e.DupOf(&t.args); ok {
			if derivable && c.known.Derivable(t.tgid, old, int32(ret)) {
				break // readers copy old's note
			}
			c.known.Drop(t.tgid, int32(ret))
		} else if e.ReturnsFd() {
			c.known.Drop(t.tgid, int32(ret))
		}
		for _, ch := range r.chunks {
			if ch.flags&cFdInfo == 0 {
				continue
			}
			fd := int32(ch.addr)
			if e.FdPairArg() < 0 && e.Name != "clone" && int64(fd) != ret {
				continue
			}
			if p, ok := c.resolve(t, r.tid, fd, ch); ok {
				ev.Fds = append(ev.Fds, format.FdPath{Fd: fd, Path: []byte(p), Sock: c.sock(r.tid, fd, p, ch)})
			}
		}
	}
	if len(ev.Fds) == 0 && !ev.FdsSnapshot {
		c.out.release(s)
		return
	}
	c.known.Noted(t.tgid, ev)
	c.noteCwd(t.tgid, ev)
	c.out.push(s)
}

// followFds keeps c.known in step with the call t ended (its entry seen
// or not): closes, and what makes the process's dups noted whatever
// c.known knows.
func (c *converter) followFds(t *ttask, seen, failed bool) {
	switch {
	case !seen:
		// Which call, and which descriptors, is not known.
		c.known.Forget(t.tgid)
	case t.compat || t.nr&sysent.X32Bit != 0:
		// Its descriptors are not noted, nor its closes followed.
		c.known.Distrust(t.tgid)
	default:
		c.known.Call(t.tgid, sysent.Lookup(t.nr), &t.args, failed)
	}
}

// resolve says what descriptor fd (noted by the program in ch) refers to.
func (c *converter) resolve(t *ttask, tid int32, fd int32, ch chunk) (string, bool) {
	ino := ch.aux
	if len(ch.data) < 40 {
		return "", false
	}
	magic := binary.LittleEndian.Uint64(ch.data[8:])
	key := fileKey{magic, ino}
	var p string
	var ok bool
	// What /proc says of a pipe or a socket is made of its inode alone;
	// of a file opened by an absolute path, what it said the last time
	// that path gave that inode. Either way, no need to read it (two
	// syscalls a descriptor, the reader's largest cost on a program that
	// opens many files).
	path := t.path
	reuse := len(path) > 0 && path[0] == '/' && !bytes.HasPrefix(path, []byte("/proc/"))
	switch {
	case magic == pipefsMagic || magic == sockfsMagic:
		p, ok = c.synthesize(t, tid, ino, magic, ch)
	case reuse:
		if o, hit := c.opened[string(path)]; hit && o.key == key {
			p, ok = o.path, true
		}
	}
	if !ok {
		if p, ok = procFd(tid, fd, ino); ok && reuse {
			if c.opened == nil {
				c.opened = map[string]opened{}
			}
			c.opened[string(path)] = opened{key, p}
		}
	}
	if !ok {
		// Gone from /proc: a descriptor of the same file noted before
		// (what dup and fork copy), or what the inode says.
		// (Anonymous inodes all share one inode: their name says.)
		if magic != anonInodeMagic {
			p, ok = c.files[key]
		}
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

// sock returns what -yy shows of the socket, device or pidfd fd refers to
// (path), if the recording notes it: for a device, its type and number;
// for a pidfd, its process; for a socket, what sock_diag says while the
// socket is there (as the ptrace recorder asks), else what the program
// read of it.
func (c *converter) sock(tid, fd int32, path string, ch chunk) []byte {
	if c.sockDetails == nil {
		return nil
	}
	if len(ch.data) >= 8 && len(path) > 0 && path[0] == '/' {
		// A device (the inode's mode, as the program read it): its type
		// and number from the file at the path it was named by (device
		// nodes stay where they are), as -yy shows them.
		if m := binary.LittleEndian.Uint64(ch.data) & syscall.S_IFMT; m == syscall.S_IFCHR || m == syscall.S_IFBLK {
			return record.DeviceDetails(path)
		}
		return nil
	}
	if path == "anon_inode:[pidfd]" {
		// The process a pidfd refers to: what the program read of it
		// (its pid at the root namespace's level), else what /proc says
		// while the descriptor is there.
		if len(ch.data) >= 44 {
			if pid := int32(binary.LittleEndian.Uint32(ch.data[40:])); pid > 0 {
				return strconv.AppendInt([]byte("pid:"), int64(pid), 10)
			}
		}
		return fileDetails(tid, fd, path, true)
	}
	if !strings.HasPrefix(path, "socket:[") {
		return nil
	}
	ino, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(path, "socket:["), "]"), 10, 32)
	if err != nil {
		return nil
	}
	if d := sockFromChunk(ch.data, ch.aux); d != nil && bytes.IndexByte(d, '[') >= 0 && !bytes.HasPrefix(d, []byte("UNIX")) {
		// An inet socket as it was at the call's exit.
		return d
	}
	if p, ok := procFd(tid, fd, ino); ok && p == path {
		if d := c.sockDetails(procDir+"/"+strconv.Itoa(int(tid))+"/fd/"+strconv.Itoa(int(fd)), uint32(ino)); d != nil {
			return d
		}
	}
	return sockFromChunk(ch.data, ch.aux)
}

// unixDetails formats a UNIX socket as unix_diag's answer reads: its
// inode, its peer's, its name (raw; the length counts sun_family).
func unixDetails(out, s []byte, ino uint64) []byte {
	peer := binary.LittleEndian.Uint64(s[80:])
	n := int(int32(binary.LittleEndian.Uint32(s[88:]))) - 2
	if peer == 0 && n <= 0 {
		return out
	}
	out = append(out, ":["...)
	out = strconv.AppendUint(out, ino, 10)
	if peer != 0 {
		out = append(out, "->"...)
		out = strconv.AppendUint(out, peer, 10)
	}
	if n > 0 {
		name := s[92:200]
		if n < len(name) {
			name = name[:n]
		}
		out = append(out, ',')
		out = append(out, name...)
	}
	return append(out, ']')
}

// sockFromChunk formats what the program read of a socket (struct
// sock_common; see add_fd in the C source) as the ptrace recorder's
// sock_diag answers read: "TCP:[127.0.0.1:80->127.0.0.1:4321]", or the
// protocol alone for a socket not bound yet (or not an inet one).
func sockFromChunk(d []byte, ino uint64) []byte {
	if len(d) < 240 {
		return nil
	}
	s := d[40:240]
	name := s[:32]
	if i := indexZero(name); i >= 0 {
		name = name[:i]
	}
	if len(name) == 0 {
		return nil
	}
	out := append([]byte(nil), name...)
	family := binary.LittleEndian.Uint16(s[32:])
	lport := binary.LittleEndian.Uint16(s[34:])
	dport := binary.BigEndian.Uint16(s[36:])
	var src, dst []byte
	switch family {
	case 2: // AF_INET
		src, dst = s[40:44], s[44:48]
	case 10: // AF_INET6
		src, dst = s[48:64], s[64:80]
	case 1: // AF_UNIX: "UNIX-STREAM:[INODE->PEER,NAME]"
		return unixDetails(out, s, ino)
	default:
		return out
	}
	if _, ok := inetProto[string(name)]; !ok || (lport == 0 && dport == 0) {
		return out
	}
	return record.AppendInetEnds(out, src, lport, dst, dport)
}

// inetProto: the inet protocols whose addresses strace -yy shows.
var inetProto = map[string]bool{"TCP": true, "TCPv6": true, "UDP": true, "UDPv6": true, "UDPLITE": true, "UDPLITEv6": true}

// fileKey names a file: its filesystem type and inode.
type fileKey struct{ magic, ino uint64 }

// opened is what /proc said of the file a path opened.
type opened struct {
	key  fileKey
	path string
}

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
	case mqueueMagic:
		return "/" + string(name), true
	case pidfsMagic:
		return "anon_inode:[pidfd]", true
	case secretmemMagic:
		return "/secretmem (deleted)", true
	}
	if e := sysent.Lookup(t.nr); e != nil && e.Name == "memfd_create" && len(name) > 0 {
		return "/" + string(name) + " (deleted)", true
	}
	// A file opened by path: the path the call was given.
	if t.path == nil {
		return "", false
	}
	p := string(t.path)
	// /proc/self is the task's, not this program's.
	for _, self := range []string{"/proc/self/", "/proc/thread-self/"} {
		if rest, ok := strings.CutPrefix(p, self); ok {
			p = "/proc/" + strconv.Itoa(int(tid)) + "/" + rest
		}
	}
	if !filepath.IsAbs(p) {
		base, ok := procFd(tid, t.dirfd, 0)
		if !ok && t.dirfd == format.FdCwd {
			base, ok = c.cwd[t.tgid]
		}
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
// with execing, those an execve would close (close-on-exec) are left out;
// with yy, what -yy shows of devices and pidfds is noted too.
func snapshotFds(ev *format.Event, tid int32, execing, yy bool) {
	if p, ok := procFd(tid, format.FdCwd, 0); ok {
		ev.Fds = append(ev.Fds, format.FdPath{Fd: format.FdCwd, Path: []byte(p)})
	}
	ents, err := os.ReadDir(procDir + "/" + strconv.Itoa(int(tid)) + "/fd")
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
			ev.Fds = append(ev.Fds, format.FdPath{Fd: int32(fd), Path: []byte(p), Sock: fileDetails(tid, int32(fd), p, yy)})
		}
	}
}

// fileDetails is what -yy shows of a device or a pidfd beside its path,
// when yy: as the ptrace recorder notes it (sockets' details come from
// the converter).
func fileDetails(tid, fd int32, path string, yy bool) []byte {
	switch {
	case !yy:
	case strings.HasPrefix(path, "/"):
		return record.DeviceDetails(procDir + "/" + strconv.Itoa(int(tid)) + "/fd/" + strconv.Itoa(int(fd)))
	case path == "anon_inode:[pidfd]":
		return record.PidfdDetails(procDir + "/" + strconv.Itoa(int(tid)) + "/fdinfo/" + strconv.Itoa(int(fd)))
	}
	return nil
}

// closeOnExec reports whether descriptor fd of tid has O_CLOEXEC
// (/proc/TID/fdinfo/FD's flags, in octal).
func closeOnExec(tid int32, fd int) bool {
	b, err := os.ReadFile(procDir + "/" + strconv.Itoa(int(tid)) + "/fdinfo/" + strconv.Itoa(fd))
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

// noteCwd keeps the working directory a descriptors event says, for the
// paths of calls whose task is gone from /proc when they are resolved.
func (c *converter) noteCwd(tgid int32, ev *format.Event) {
	for _, f := range ev.Fds {
		if f.Fd == format.FdCwd {
			if c.cwd == nil {
				c.cwd = map[int32]string{}
			}
			c.cwd[tgid] = string(f.Path)
		}
	}
}
