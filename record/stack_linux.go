//go:build linux && amd64

package record

import (
	"bytes"
	"encoding/binary"
	"os"
	"strconv"

	"golang.org/x/sys/unix"

	"mytrace/format"
)

// Stacks (-k). At the stops whose call stack strace prints, the recorder
// copies the top of the user stack (from the stack pointer up, at most
// Options.StackSize bytes) into the event, with the registers; and before
// the first such stop of a process, and again whenever a call may have
// changed its mappings, it reads /proc/PID/maps and, if the executable
// mappings differ from what it last wrote, writes them (KindMaps) with the
// identity of each file (size, modification time, build-id). Nothing is
// unwound here: decode/unwind does it when printing.
//
// The stops are strace's (src/syscall.c, unwind.c): the exit of a syscall
// (the stack as it is then: after rt_sigreturn, the restored context; after
// the execve that starts the command, the new program's), except exit,
// exit_group, execve and execveat, whose stack is taken at entry (strace's
// STACKTRACE_CAPTURE_ON_ENTER); signal-delivery stops; group-stops. Calls
// of the i386 and x32 ABIs get none, as with strace.

// DefaultStackSize is how much of the stack is copied at each stop.
const DefaultStackSize = 32 << 10

// maxStackSize bounds Options.StackSize.
const maxStackSize = 1 << 20

// x86-64 syscalls the stack capture cares about.
const (
	nrMmap           = 9
	nrMprotect       = 10
	nrMunmap         = 11
	nrMremap         = 25
	nrShmat          = 30
	nrExit           = 60
	nrShmdt          = 67
	nrRemapFilePages = 216
	nrExitGroup      = 231
	nrPkeyMprotect   = 329
	nrX32Bit         = 0x40000000 // the x32 ABI's calls
)

// stacker is the recorder's state for -k.
type stacker struct {
	size int
	buf  []byte
	// gen counts the calls that may have changed some process's
	// mappings (strace's mmap_notify generation); a process whose
	// mappings were read at an older gen is read again at its next stack.
	gen   uint64
	procs map[int32]*procMaps
	// atEntry: the stack of the task's current execve or execveat was
	// taken at entry. Keyed by the task, not its tid: a thread that
	// execs takes its leader's tid (and its task moves there) before
	// the call returns. exit and exit_group, whose stacks are taken at
	// entry too, never return, so they are not kept.
	atEntry map[*task]bool
	ids     map[fileID]fileIdent
	mev     format.Event
	mapsBuf []byte
	local   [1]unix.Iovec
	remote  [1]unix.RemoteIovec
}

// procMaps is what was last written of a process's mappings.
type procMaps struct {
	gen  uint64
	text []byte // the executable lines of /proc/PID/maps
}

type fileID struct {
	dev, ino uint64
	size     int64
	mtime    int64
}

type fileIdent struct {
	size    uint64
	mtime   int64
	buildID []byte
}

// initStack prepares the recorder for -k (from newRecorder).
func (r *Recorder) initStack() {
	if !r.opts.Stack {
		return
	}
	size := r.opts.StackSize
	if size <= 0 {
		size = DefaultStackSize
	}
	size = min(size, maxStackSize)
	r.opts.Regs = true
	r.stk = &stacker{size: size, buf: make([]byte, size), gen: 1,
		procs: map[int32]*procMaps{}, atEntry: map[*task]bool{}, ids: map[fileID]fileIdent{}}
}

// stackTrace widens the seccomp filter's set with the calls that change
// mappings, so that -k sees them even when they are not recorded.
func stackTrace(trace func(int) bool, stack bool) func(int) bool {
	if !stack || trace == nil {
		return trace
	}
	return func(nr int) bool { return trace(nr) || changesMaps(uint64(nr)) }
}

// changesMaps says whether a call may change the mappings (strace's
// MEMORY_MAPPING_CHANGE).
func changesMaps(nr uint64) bool {
	switch nr {
	case nrMmap, nrMprotect, nrMunmap, nrMremap, nrShmat, nrShmdt, nrRemapFilePages, nrPkeyMprotect, nrExecve, nrExecveat:
		return true
	}
	return false
}

// captureAtEntry says whether the stack of a call is taken at its entry.
func captureAtEntry(nr uint64) bool {
	return nr == nrExit || nr == nrExitGroup || nr == nrExecve || nr == nrExecveat
}

// stackABI says whether the call of r.ev gets a stack: only those of the
// x86-64 ABI do. strace (built with libunwind) shows none for a call of
// another personality, i386 (int 0x80) or x32 (a number with bit 30 set,
// but for -1, which a seccomp filter may leave in orig_rax).
func (r *Recorder) stackABI() bool {
	return r.ev.Arch == format.ArchX86_64 && (r.ev.Nr&nrX32Bit == 0 || r.ev.Nr == ^uint64(0))
}

// stackAtEntry runs at a recorded syscall entry.
func (r *Recorder) stackAtEntry(t *task) {
	s := r.stk
	at := r.stackABI() && captureAtEntry(r.ev.Nr) && !t.execCheck
	if !at {
		if len(s.atEntry) > 0 {
			delete(s.atEntry, t)
		}
		return
	}
	r.takeStack(t)
	if r.ev.Nr == nrExecve || r.ev.Nr == nrExecveat {
		s.atEntry[t] = true
	}
}

// noteMapsChange runs at every syscall exit (recorded or not) before the
// exit event is built: calls that may have changed the mappings make them
// be read again.
func (r *Recorder) noteMapsChange(t *task, wasIn bool) {
	if wasIn && t.arch == format.ArchX86_64 && !r.si.isError() && changesMaps(t.nr) {
		r.stk.gen++
	}
}

// stackAtExit runs at a recorded syscall exit.
func (r *Recorder) stackAtExit(t *task) {
	s := r.stk
	if s.atEntry[t] {
		delete(s.atEntry, t)
		return
	}
	if r.stackABI() {
		r.takeStack(t)
	}
}

// stackAtStop runs at a signal-delivery stop or group-stop being recorded.
func (r *Recorder) stackAtStop(t *task) {
	if getRegs(int(t.tid), &r.ev.Regs) != nil {
		return
	}
	r.ev.HasRegs = true
	r.takeStack(t)
}

// takeStack copies the stack into r.ev (whose registers are read), after
// writing the process's mappings if they are new.
func (r *Recorder) takeStack(t *task) {
	if !r.ev.HasRegs {
		return
	}
	s := r.stk
	r.writeMaps(t)
	sp := r.ev.Regs[format.RegRSP]
	n := 0
	if sp != 0 {
		s.local[0] = unix.Iovec{Base: &s.buf[0]}
		s.local[0].SetLen(s.size)
		// Up to the end of the stack's mapping: a read that runs into
		// unmapped memory stops there.
		s.remote[0] = unix.RemoteIovec{Base: uintptr(sp), Len: s.size}
		if k, err := unix.ProcessVMReadv(int(t.tid), s.local[:], s.remote[:], 0); err == nil {
			n = k
		}
	}
	r.ev.HasStack, r.ev.StackAddr, r.ev.Stack = true, sp, s.buf[:n]
}

// writeMaps writes the task's process's executable mappings, if they may
// have changed since they were last written and did.
func (r *Recorder) writeMaps(t *task) {
	s := r.stk
	p := s.procs[t.tgid]
	if p != nil && p.gen == s.gen {
		return
	}
	b, err := readFile("/proc/"+strconv.Itoa(int(t.tid))+"/maps", s.mapsBuf[:0])
	if err != nil {
		return
	}
	s.mapsBuf = b
	text := execLines(b)
	if p == nil {
		p = &procMaps{}
		s.procs[t.tgid] = p
	}
	p.gen = s.gen
	if p.text != nil && bytes.Equal(p.text, text) {
		return
	}
	p.text = append(p.text[:0], text...)
	ev := &s.mev
	ev.Reset()
	ev.Kind, ev.Tid, ev.Time = format.KindMaps, t.tid, r.ev.Time
	for _, ln := range bytes.Split(p.text, []byte{'\n'}) {
		if m, ok := parseMapsLine(ln); ok {
			if len(m.Path) > 0 && m.Path[0] == '/' {
				s.identify(&m, t.tid)
			}
			ev.Maps = append(ev.Maps, m)
		}
	}
	if len(ev.Maps) > format.MaxMaps {
		ev.Maps = ev.Maps[:format.MaxMaps]
	}
	r.res.Events++
	if r.res.SinkErr == nil {
		if err := r.sink.WriteEvent(ev); err != nil {
			r.res.SinkErr = err
			r.detachReq.Store(true)
		}
	}
}

// forgetProcess drops what was written of a process's mappings: its pid
// now names a new process.
func (r *Recorder) forgetProcess(tgid int32) {
	if r.stk != nil {
		delete(r.stk.procs, tgid)
	}
}

// readFile reads a /proc file into buf (reused).
func readFile(path string, buf []byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil || n == 0 {
			return buf, nil
		}
	}
}

// execLines keeps the lines of an executable mapping (the third
// character of the permissions is 'x').
func execLines(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		ln := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			ln, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		sp := bytes.IndexByte(ln, ' ')
		if sp >= 0 && sp+3 < len(ln) && ln[sp+3] == 'x' {
			out = append(out, ln...)
			out = append(out, '\n')
		}
	}
	return out
}

// parseMapsLine parses "START-END PERMS OFFSET MAJ:MIN INODE   PATH".
func parseMapsLine(ln []byte) (format.Mapping, bool) {
	var m format.Mapping
	f := bytes.Fields(ln)
	if len(f) < 5 {
		return m, false
	}
	lo, hi, ok := bytes.Cut(f[0], []byte{'-'})
	maj, min, ok2 := bytes.Cut(f[3], []byte{':'})
	if !ok || !ok2 || len(f[1]) < 4 {
		return m, false
	}
	var err error
	var v uint64
	if m.Start, err = strconv.ParseUint(string(lo), 16, 64); err != nil {
		return m, false
	}
	if m.End, err = strconv.ParseUint(string(hi), 16, 64); err != nil {
		return m, false
	}
	if m.Offset, err = strconv.ParseUint(string(f[2]), 16, 64); err != nil {
		return m, false
	}
	if v, err = strconv.ParseUint(string(maj), 16, 32); err != nil {
		return m, false
	}
	m.Major = uint32(v)
	if v, err = strconv.ParseUint(string(min), 16, 32); err != nil {
		return m, false
	}
	m.Minor = uint32(v)
	if m.Inode, err = strconv.ParseUint(string(f[4]), 10, 64); err != nil {
		return m, false
	}
	perm := f[1]
	if perm[0] == 'r' {
		m.Prot |= format.MapRead
	}
	if perm[1] == 'w' {
		m.Prot |= format.MapWrite
	}
	if perm[2] == 'x' {
		m.Prot |= format.MapExec
	}
	if perm[3] == 's' {
		m.Prot |= format.MapShared
	}
	if len(f) > 5 {
		// The path is the rest of the line after the inode's column.
		i := bytes.Index(ln, f[5])
		p := ln[i:]
		if len(p) > format.MaxFdPath {
			p = p[:format.MaxFdPath]
		}
		m.Path = append([]byte(nil), p...)
	}
	return m, true
}

// identify notes the identity of a mapping's file: that of the file at
// its path if it is the mapped one (same device and inode), else that of
// the mapped file itself through /proc/PID/map_files when readable.
func (s *stacker) identify(m *format.Mapping, tid int32) {
	var st unix.Stat_t
	path := string(m.Path)
	if unix.Stat(path, &st) != nil || st.Ino != m.Inode || unix.Major(st.Dev) != m.Major || unix.Minor(st.Dev) != m.Minor {
		path = "/proc/" + strconv.Itoa(int(tid)) + "/map_files/" + strconv.FormatUint(m.Start, 16) + "-" + strconv.FormatUint(m.End, 16)
		if unix.Stat(path, &st) != nil {
			return
		}
	}
	k := fileID{dev: st.Dev, ino: st.Ino, size: st.Size, mtime: st.Mtim.Nano()}
	id, ok := s.ids[k]
	if !ok {
		id = fileIdent{size: uint64(st.Size), mtime: st.Mtim.Nano(), buildID: readBuildID(path)}
		s.ids[k] = id
	}
	m.Size, m.MTime, m.BuildID = id.size, id.mtime, id.buildID
}

// readBuildID reads the GNU build-id of an ELF file from its PT_NOTE
// segments, or nil.
func readBuildID(path string) []byte {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(fd)
	var eh [64]byte
	if n, err := unix.Pread(fd, eh[:], 0); err != nil || n < 64 || string(eh[:4]) != "\x7fELF" || eh[4] != 2 || eh[5] != 1 {
		return nil
	}
	phoff := binary.LittleEndian.Uint64(eh[32:])
	phentsize := int(binary.LittleEndian.Uint16(eh[54:]))
	phnum := int(binary.LittleEndian.Uint16(eh[56:]))
	if phentsize < 56 || phnum == 0 || phnum > 256 || phoff > 1<<30 {
		return nil
	}
	ph := make([]byte, phentsize*phnum)
	if n, err := unix.Pread(fd, ph, int64(phoff)); err != nil || n < len(ph) {
		return nil
	}
	for i := 0; i < phnum; i++ {
		p := ph[i*phentsize:]
		if binary.LittleEndian.Uint32(p) != 4 { // PT_NOTE
			continue
		}
		off := binary.LittleEndian.Uint64(p[8:])
		sz := binary.LittleEndian.Uint64(p[32:])
		if sz == 0 || sz > 64<<10 || off > 1<<40 {
			continue
		}
		note := make([]byte, sz)
		if n, err := unix.Pread(fd, note, int64(off)); err != nil || n < int(sz) {
			continue
		}
		if id := noteBuildID(note); id != nil {
			return id
		}
	}
	return nil
}

// noteBuildID finds NT_GNU_BUILD_ID among ELF notes.
func noteBuildID(b []byte) []byte {
	for len(b) >= 12 {
		namesz := uint64(binary.LittleEndian.Uint32(b))
		descsz := uint64(binary.LittleEndian.Uint32(b[4:]))
		typ := binary.LittleEndian.Uint32(b[8:])
		b = b[12:]
		na, da := (namesz+3)&^3, (descsz+3)&^3
		if na > uint64(len(b)) || da > uint64(len(b))-na {
			return nil
		}
		if typ == 3 && namesz == 4 && string(b[:4]) == "GNU\x00" && descsz > 0 && descsz <= format.MaxBuildID {
			return append([]byte(nil), b[na:na+descsz]...)
		}
		b = b[na+da:]
	}
	return nil
}

// MapsReader reads processes' executable mappings as the ptrace recorder
// writes them for -k (format.KindMaps), with the identity of each mapped
// file, for a recorder of another kind (record/bpf). It is not safe for
// concurrent use.
type MapsReader struct {
	s   stacker
	buf []byte
}

// NewMapsReader returns a MapsReader.
func NewMapsReader() *MapsReader {
	return &MapsReader{s: stacker{ids: map[fileID]fileIdent{}}}
}

// Read returns the executable mappings of the process of task tid and
// their lines in /proc/TID/maps (to tell whether they changed), or false
// when /proc no longer has the task.
func (m *MapsReader) Read(tid int32) ([]format.Mapping, []byte, bool) {
	b, err := readFile("/proc/"+strconv.Itoa(int(tid))+"/maps", m.buf[:0])
	if err != nil {
		return nil, nil, false
	}
	m.buf = b
	text := execLines(b)
	var maps []format.Mapping
	for _, ln := range bytes.Split(text, []byte{'\n'}) {
		if mp, ok := parseMapsLine(ln); ok {
			if len(mp.Path) > 0 && mp.Path[0] == '/' {
				m.s.identify(&mp, tid)
			}
			maps = append(maps, mp)
		}
	}
	if len(maps) > format.MaxMaps {
		maps = maps[:format.MaxMaps]
	}
	return maps, text, true
}
