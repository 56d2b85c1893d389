//go:build linux && amd64

package record

import (
	"bytes"
	"encoding/binary"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/sysent"
)

// What pids are (-Y, --decode-pids=pidns). strace reads /proc/PID/comm
// each time it prints a pid, and for a task in another PID namespace
// searches /proc for the pid in its own; offline, the printer cannot, so
// the recorder does it at the stop where strace prints the value (the
// entry for arguments, the exit for results, the signal stop for
// si_pid) and writes what it found in a KindPids event just before the
// event that names the pids. A task's own command name, which strace
// keeps per task for the "[pid N<comm>]" prefix, is read when the task
// joins and at the exit of every execve, execveat and prctl(PR_SET_NAME)
// (strace applies the last only when the task's last traced call
// succeeded: the printer decides).

// pidNoter is the recorder's state for pid notes.
type pidNoter struct {
	ev  format.Event // the notes of the stop being handled (KindPids)
	buf [64]byte
	// ourNS is the recorder's PID namespace (its nsfs inode); ns and
	// level, per task, its own and how deep it is (0: ours).
	ourNS uint64
	ns    map[int32]taskNS
	// cache maps a pid named in a namespace to the pid in ours, found
	// by a search of /proc and checked before each use.
	cache map[nsPid]int32
}

type taskNS struct {
	ino   uint64
	level int
}

type nsPid struct {
	ino  uint64
	kind sysent.PidKind
	pid  int32
}

// notingPids says whether anything about pids is noted.
func (r *Recorder) notingPids() bool { return r.opts.Comms || r.opts.PidNS }

// readComm returns /proc/PID/comm without its newline, nil if it cannot
// be read (no such process).
func (r *Recorder) readComm(pid int32) []byte {
	b := r.pn.buf[:0]
	b = append(b, "/proc/"...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, "/comm"...)
	fd, err := unix.Open(string(b), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	n, _ := unix.Read(fd, r.pn.buf[:])
	unix.Close(fd)
	if n <= 0 {
		return nil
	}
	c := bytes.TrimRight(r.pn.buf[:n], "\n")
	return append([]byte(nil), c...)
}

// noteSelf notes a task's own command name: when it joins the trace, or
// (renamed) at the exit of a call that may change it.
func (r *Recorder) noteSelf(t *task, renamed bool) {
	if !r.opts.Comms {
		return
	}
	fl := format.PidSelf
	if renamed {
		fl |= format.PidRenamed
	}
	r.addNote(format.PidNote{Flags: fl, Pid: t.tid, Comm: r.readComm(t.tid)}, t)
}

// notePid notes what pid v of kind k, as task t names it, is.
func (r *Recorder) notePid(t *task, v int64, k sysent.PidKind) {
	k, v = k.Of(v)
	if k == sysent.PidNone || v <= 0 || v > 1<<31-1 {
		return
	}
	n := format.PidNote{Kind: uint8(k), Pid: int32(v)}
	ours := int32(v)
	// A pid named from another namespace is translated for its command
	// name too, as strace does.
	if tn := r.taskNS(t); tn.ino != r.pn.ourNS && tn.ino != 0 {
		ours = r.translate(tn, k, int32(v))
		n.Flags |= format.PidTranslated
		n.NSPid = ours
	}
	if r.opts.Comms && ours > 0 && (k == sysent.PidTID || k == sysent.PidTGID) {
		n.Comm = r.readComm(ours)
	}
	if n.Flags == 0 && n.Comm == nil {
		return // nothing to say: shown as a bare number
	}
	r.addNote(n, t)
}

func (r *Recorder) addNote(n format.PidNote, t *task) {
	ev := &r.pn.ev
	if len(ev.Pids) == 0 {
		ev.Kind, ev.Tid = format.KindPids, t.tid
	}
	if len(ev.Pids) < format.MaxPidNotes {
		ev.Pids = append(ev.Pids, n)
	}
}

// emitPids writes the notes of the stop, if any, before its event.
func (r *Recorder) emitPids() {
	ev := &r.pn.ev
	if len(ev.Pids) == 0 {
		return
	}
	ev.Time = r.now()
	r.res.Events++
	r.unsynced = r.syncer != nil
	if r.res.SinkErr == nil {
		if err := r.sink.WriteEvent(ev); err != nil {
			r.res.SinkErr = err
			r.detachReq.Store(true)
		}
	}
	ev.Reset()
}

// notePidsAtEntry notes the pids among the arguments of an x86-64 call
// (and in the siginfo it sends).
func (r *Recorder) notePidsAtEntry(t *task) {
	if !r.notingPids() || t.arch != format.ArchX86_64 {
		return
	}
	p := sysent.PidsOf(t.nr)
	if p == nil {
		return
	}
	if p.Special { // waitid(idtype, id, ...)
		switch t.args[0] {
		case 1: // P_PID
			r.notePid(t, int64(int32(t.args[1])), sysent.PidTGID)
		case 2: // P_PGID
			r.notePid(t, int64(int32(t.args[1])), sysent.PidPGID)
		}
		return
	}
	for i, k := range p.Args {
		if k != sysent.PidNone {
			r.notePid(t, int64(int32(t.args[i])), k)
		}
	}
	switch t.nr {
	case nrRtSigqueueinfo:
		r.noteSiginfoAt(t, t.args[2])
	case nrRtTgsigqueueinfo:
		r.noteSiginfoAt(t, t.args[3])
	}
}

// notePidsAtExit notes, at the exit of a recorded call, the pid it
// returned and the pid in a siginfo it filled in. (The task's new command
// name after an execve, execveat or prctl(PR_SET_NAME) is noted for every
// call, recorded or not: syscallStop.)
func (r *Recorder) notePidsAtExit(t *task, failed bool, ret int64) {
	if !r.notingPids() || t.arch != format.ArchX86_64 {
		return
	}
	if failed {
		return
	}
	if p := sysent.PidsOf(t.nr); p != nil && p.Ret != sysent.PidNone {
		r.notePid(t, ret, p.Ret)
	}
	switch t.nr {
	case nrWaitid:
		r.noteSiginfoAt(t, t.args[2])
	case nrRtSigtimedwait:
		r.noteSiginfoAt(t, t.args[1])
	}
}

// noteSiginfoAt notes the sender of the siginfo the call's capture holds
// at addr.
func (r *Recorder) noteSiginfoAt(t *task, addr uint64) {
	if addr == 0 {
		return
	}
	for i := range r.ev.Mem {
		m := &r.ev.Mem[i]
		if m.Addr == addr && len(m.Data) >= 24 {
			r.noteSiginfo(t, m.Data)
			return
		}
	}
}

// noteSiginfo notes si_pid, where strace shows it: signals sent by a
// process (si_code <= 0) and SIGCHLD.
func (r *Recorder) noteSiginfo(t *task, si []byte) {
	if len(si) < 24 {
		return
	}
	signo := int32(binary.LittleEndian.Uint32(si))
	code := int32(binary.LittleEndian.Uint32(si[8:]))
	if code <= 0 || signo == int32(unix.SIGCHLD) {
		r.notePid(t, int64(int32(binary.LittleEndian.Uint32(si[16:]))), sysent.PidTGID)
	}
}

// Syscall numbers of the calls whose siginfo names a sender.
const (
	nrRtSigtimedwait   = 128
	nrRtSigqueueinfo   = 129
	nrRtTgsigqueueinfo = 297
)

// nsOf returns the nsfs inode of /proc/PID/ns/pid (0 if unreadable).
func nsOf(pid int32) uint64 {
	var st unix.Stat_t
	if unix.Stat("/proc/"+strconv.Itoa(int(pid))+"/ns/pid", &st) != nil {
		return 0
	}
	return st.Ino
}

// taskNS returns the PID namespace of t and its depth below the
// recorder's, read once per task.
func (r *Recorder) taskNS(t *task) taskNS {
	if r.pn.ns == nil {
		r.pn.ns = map[int32]taskNS{}
		r.pn.ourNS = nsOf(int32(os.Getpid()))
	}
	if tn, ok := r.pn.ns[t.tid]; ok {
		return tn
	}
	tn := taskNS{ino: nsOf(t.tid)}
	if ids := procIDs(t.tid, "NSpid:"); len(ids) > 0 {
		tn.level = len(ids) - 1
	}
	r.pn.ns[t.tid] = tn
	return tn
}

// forgetPidNS drops what is known of a task's namespace (it ended).
func (r *Recorder) forgetPidNS(tid int32) {
	if r.pn.ns != nil {
		delete(r.pn.ns, tid)
	}
}

// procIDs reads a line of /proc/PID/status listing ids per namespace
// level ("NSpid:", "NStgid:", "NSpgid:", "NSsid:"), outermost first.
func procIDs(pid int32, field string) []int32 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(int(pid)) + "/status")
	if err != nil {
		return nil
	}
	for _, ln := range strings.Split(string(b), "\n") {
		v, ok := strings.CutPrefix(ln, field)
		if !ok {
			continue
		}
		var ids []int32
		for _, f := range strings.Fields(v) {
			n, err := strconv.Atoi(f)
			if err != nil {
				return nil
			}
			ids = append(ids, int32(n))
		}
		return ids
	}
	return nil
}

// kindField is the /proc/PID/status line that lists ids of a kind.
func kindField(k sysent.PidKind) string {
	switch k {
	case sysent.PidTID:
		return "NSpid:"
	case sysent.PidPGID:
		return "NSpgid:"
	case sysent.PidSID:
		return "NSsid:"
	}
	return "NStgid:"
}

// translate finds what pid v of kind k, named in namespace tn, is in the
// recorder's namespace (0: none), as strace's translate_pid: a process
// (or, for a thread id, a thread) whose ids at tn's level include v, and
// whose namespace at that level is tn's.
func (r *Recorder) translate(tn taskNS, k sysent.PidKind, v int32) int32 {
	if r.pn.cache == nil {
		r.pn.cache = map[nsPid]int32{}
	}
	key := nsPid{tn.ino, k, v}
	if p, ok := r.pn.cache[key]; ok && r.matches(p, tn, k, v) {
		return p
	}
	delete(r.pn.cache, key)
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		n, err := strconv.Atoi(d.Name())
		if err != nil || n <= 0 {
			continue
		}
		cands := []int32{int32(n)}
		if k == sysent.PidTID {
			if tasks, err := os.ReadDir("/proc/" + d.Name() + "/task"); err == nil {
				cands = cands[:0]
				for _, tk := range tasks {
					if m, err := strconv.Atoi(tk.Name()); err == nil {
						cands = append(cands, int32(m))
					}
				}
			}
		}
		for _, c := range cands {
			if !r.matches(c, tn, k, v) {
				continue
			}
			if ids := procIDs(c, kindField(k)); len(ids) > 0 {
				r.pn.cache[key] = ids[0]
				return ids[0]
			}
		}
	}
	return 0
}

// matches says whether process (or thread) p has id v of kind k at the
// level of namespace tn, in that namespace.
func (r *Recorder) matches(p int32, tn taskNS, k sysent.PidKind, v int32) bool {
	ids := procIDs(p, kindField(k))
	if len(ids) <= tn.level || ids[tn.level] != v {
		return false
	}
	// p's own namespace is tn's, or one below it: climb to tn's level.
	own := procIDs(p, "NSpid:")
	return nsAtLevel(p, len(own)-1, tn.level) == tn.ino
}

// nsAtLevel returns the inode of the PID namespace at level want of
// process p, whose own namespace is at level have (NS_GET_PARENT).
func nsAtLevel(p int32, have, want int) uint64 {
	if have < want {
		return 0
	}
	fd, err := unix.Open("/proc/"+strconv.Itoa(int(p))+"/ns/pid", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	for ; have > want; have-- {
		const nsGetParent = 0xb702
		nfd, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), nsGetParent, 0)
		unix.Close(fd)
		if e != 0 {
			return 0
		}
		fd = int(nfd)
	}
	var st unix.Stat_t
	err = unix.Fstat(fd, &st)
	unix.Close(fd)
	if err != nil {
		return 0
	}
	return st.Ino
}

// KVM_RUN's exit reason (-e kvm=vcpu): strace reads the exit_reason of
// the vCPU's kvm_run structure, which the program maps from the vCPU's
// descriptor ("anon_inode:kvm-vcpu:N"), at the exit of each successful
// KVM_RUN. The recorder finds the mapping in /proc/PID/maps once per
// descriptor, and again after a call that changes the process's
// mappings.

const kvmRun = 0xae80

// sizeofKvmRun is sizeof(struct kvm_run) in strace 6.1's headers: strace
// ignores a mapping shorter than that.
const sizeofKvmRun = 2352

// kvmVcpu is where a vCPU's kvm_run is mapped in a process.
type kvmVcpu struct {
	addr uint64
	gen  uint64 // the process's mapping generation when it was found
}

// kvmState is the recorder's state for -e kvm=vcpu.
type kvmState struct {
	vcpus map[[2]int32]kvmVcpu // (tgid, fd)
	gen   map[int32]uint64     // per process, mapping changes seen
}

// kvmMapsChanged notes that a call of t may have changed its process's
// mappings.
func (r *Recorder) kvmMapsChanged(t *task) {
	if r.kvm.gen == nil {
		r.kvm.gen = map[int32]uint64{}
	}
	r.kvm.gen[t.tgid]++
}

// kvmExit reads the exit reason of the vCPU fd's kvm_run at the exit of a
// successful KVM_RUN, as 1 + exit_reason (0: not found).
func (r *Recorder) kvmExit(t *task, fd int32) uint32 {
	if r.kvm.vcpus == nil {
		r.kvm.vcpus = map[[2]int32]kvmVcpu{}
	}
	key := [2]int32{t.tgid, fd}
	gen := r.kvm.gen[t.tgid]
	v, ok := r.kvm.vcpus[key]
	if !ok || v.gen != gen {
		addr, found := kvmMapping(t.tid, fd)
		if !found {
			delete(r.kvm.vcpus, key)
			return 0
		}
		v = kvmVcpu{addr: addr, gen: gen}
		r.kvm.vcpus[key] = v
	}
	var b [4]byte
	local := []unix.Iovec{{Base: &b[0], Len: 4}}
	remote := []unix.RemoteIovec{{Base: uintptr(v.addr + 8), Len: 4}}
	if n, err := unix.ProcessVMReadv(int(t.tid), local, remote, 0); err != nil || n != 4 {
		return 0
	}
	return 1 + binary.LittleEndian.Uint32(b[:])
}

// kvmMapping finds the mapping of vCPU descriptor fd of task tid.
func kvmMapping(tid int32, fd int32) (uint64, bool) {
	p := "/proc/" + strconv.Itoa(int(tid))
	target, err := os.Readlink(p + "/fd/" + strconv.Itoa(int(fd)))
	if err != nil || !strings.HasPrefix(target, "anon_inode:kvm-vcpu:") {
		return 0, false
	}
	maps, err := os.ReadFile(p + "/maps")
	if err != nil {
		return 0, false
	}
	for _, ln := range strings.Split(string(maps), "\n") {
		f := strings.Fields(ln)
		if len(f) < 6 || f[5] != target {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end < start || end-start < sizeofKvmRun {
			continue
		}
		return start, true
	}
	return 0, false
}
