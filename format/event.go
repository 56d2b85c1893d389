package format

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Kind says what an Event records.
type Kind uint8

// Event kinds. New kinds may be added; readers skip kinds they do not know.
const (
	KindSyscallEntry Kind = 1 // syscall-entry stop
	KindSyscallExit  Kind = 2 // syscall-exit stop
	KindSignal       Kind = 3 // signal-delivery stop, with siginfo
	KindPtraceEvent  Kind = 4 // PTRACE_EVENT_* stop (fork, clone, exec, exit...)
	KindExit         Kind = 5 // the task is gone: exited or killed (wait status)
	KindGroupStop    Kind = 6 // group-stop (the task was stopped by a signal)
	KindNewTask      Kind = 7 // a task joined the trace
	KindDetach       Kind = 8 // the tracer let go of a task that is still alive
	KindFds          Kind = 9 // what file descriptors refer to (for -y)
)

// KindMaps records a process's executable mappings (for -k).
const KindMaps Kind = 10

// KindLost says that events were lost while recording (the BPF
// recorder's ring buffer was full): Msg of them, of task Tid (0: of tasks
// not known), just before this point of the trace.
const KindLost Kind = 11

// KindPids records what the pids a task's next call or signal names are
// (their command names, and from another PID namespace, their pids in the
// recorder's), or the task's own command name (for -Y, --decode-pids).
const KindPids Kind = 12

// lastKind is the highest kind this package knows.
const lastKind = KindPids

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindSyscallEntry:
		return "syscall-entry"
	case KindSyscallExit:
		return "syscall-exit"
	case KindSignal:
		return "signal"
	case KindPtraceEvent:
		return "ptrace-event"
	case KindExit:
		return "exit"
	case KindGroupStop:
		return "group-stop"
	case KindNewTask:
		return "new-task"
	case KindDetach:
		return "detach"
	case KindFds:
		return "fds"
	case KindMaps:
		return "maps"
	case KindLost:
		return "lost"
	case KindPids:
		return "pids"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// NumRegs is the number of 64-bit words in an x86-64 user_regs_struct.
const NumRegs = 27

// Regs is a raw register snapshot, in the kernel's user_regs_struct order
// for x86-64 (r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx,
// rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss, fs_base, gs_base, ds, es,
// fs, gs).
type Regs [NumRegs]uint64

// Register indexes into Regs.
const (
	RegR15 = iota
	RegR14
	RegR13
	RegR12
	RegRBP
	RegRBX
	RegR11
	RegR10
	RegR9
	RegR8
	RegRAX
	RegRCX
	RegRDX
	RegRSI
	RegRDI
	RegOrigRAX
	RegRIP
	RegCS
	RegEFLAGS
	RegRSP
	RegSS
	RegFSBase
	RegGSBase
	RegDS
	RegES
	RegFS
	RegGS
)

// Region flags.
const (
	// MemFault: the read failed at its first byte; Data is empty.
	MemFault uint8 = 1 << iota
	// MemPartial: the read stopped at an unreadable byte before Len.
	MemPartial
	// MemString: a NUL-terminated string was read (Data excludes the NUL).
	MemString
	// MemTerminated: with MemString, a NUL was found within the limit; with
	// MemVector, the NULL pointer ending the array was found.
	MemTerminated
	// MemVector: a NULL-terminated pointer array (argv, envp). Len is 8
	// times the number of pointers before the NULL; Data holds the first
	// ones (as many as were kept).
	MemVector
	// MemPeeked: some bytes came from PTRACE_PEEKDATA after
	// process_vm_readv could not read them (pages the tracee cannot read).
	// strace shows such memory as unreadable; decoders do the same.
	MemPeeked
	// MemStack: the copy of the user stack taken for -k (Event.Stack);
	// never one of an event's Mem regions.
	MemStack
	// MemLate: an input of the call read at its exit, because reading it
	// at the entry failed (the BPF recorder cannot stop the tracee to
	// fault the page in). It belongs to the entry's memory: in an exit
	// event, it stands for the entry region at the same address.
	MemLate
)

// Region is tracee memory captured at one stop.
type Region struct {
	Addr  uint64 // tracee address of the first byte
	Len   uint64 // bytes asked for (for strings: the limit)
	Flags uint8  // Mem* flags
	Data  []byte // bytes read, at most Len
}

// Fault reports whether the region could not be read at all.
func (r *Region) Fault() bool { return r.Flags&MemFault != 0 }

// Event is one recorded occurrence. Which fields are meaningful depends on
// Kind; the rest are zero.
type Event struct {
	Kind Kind
	Tid  int32 // kernel thread id
	Time int64 // nanoseconds since the recording started (CLOCK_MONOTONIC)

	// Syscall stops.
	Arch    uint32    // AUDIT_ARCH_* of the call (x86-64 or i386)
	Nr      uint64    // syscall number (entry); copied to exit by the recorder
	Args    [6]uint64 // arguments (entry)
	Ret     int64     // return value (exit)
	IsError bool      // the kernel reported an error (exit)
	HasRegs bool      // Regs holds a snapshot
	Regs    Regs
	// STime is the system CPU time of the task's process at this stop, in
	// ns (from the rusage of the wait that reported the stop), when
	// HasSTime: what strace -c measures a call's time with.
	STime    uint64
	HasSTime bool
	Mem      []Region
	// Stack (-k): a copy of the user stack from StackAddr (the stack
	// pointer at the stop) upwards, taken at the stops strace shows a call
	// stack for; HasStack says it was taken (Stack may still be empty if
	// nothing could be read). Stored as a region flagged MemStack, apart
	// from Mem.
	StackAddr uint64
	Stack     []byte
	HasStack  bool
	// KindMaps: the executable mappings of the task's process, all of
	// them, replacing what was known (for -k).
	Maps []Mapping
	// Tamper says what the tracer did to this call (-e inject=, -e
	// fault=): the same on the call's entry and exit events; zero for a
	// call left alone.
	Tamper Tamper
	// KindFds: what descriptors refer to, noted after a syscall (before
	// its exit event): the ones it created, or with FdsSnapshot (after an
	// execve) every descriptor the process has.
	Fds         []FdPath
	FdsSnapshot bool
	// KindPids: what pids are, as /proc said at the stop.
	Pids []PidNote
	// KVMExit, on the exit of a successful KVM_RUN ioctl recorded with
	// Header.Notes NoteKVM: 1 + the exit_reason of the vCPU's kvm_run
	// structure (0: not read).
	KVMExit uint32

	// KindSignal, KindGroupStop: the signal. KindSignal also has Siginfo.
	Sig     int32
	Siginfo []byte // raw siginfo_t (128 bytes)

	// KindPtraceEvent: PTRACE_EVENT_* number and PTRACE_GETEVENTMSG value.
	// KindNewTask of an attached task: 1 + the number of the syscall it
	// was in when attached (its orig_rax), 0 if none or unknown.
	// KindLost: how many events were lost.
	PtraceEvent uint8
	Msg         uint64

	// KindExit: the raw wait status.
	Status uint32

	// KindNewTask: thread group id, the task that created it (0 if it was
	// launched or attached), and how it joined (NewTask* flags).
	Pid    int32
	Parent int32
	How    uint8
}

// How a task joined the trace (Event.How for KindNewTask).
const (
	NewTaskLaunched uint8 = 1 // started by the recorder
	NewTaskAttached uint8 = 2 // attached to a running task
	NewTaskChild    uint8 = 3 // a new process (fork, vfork, clone without CLONE_THREAD)
	NewTaskThread   uint8 = 4 // a new thread (clone with CLONE_THREAD)
)

// FdPath says what a file descriptor refers to, as readlink of
// /proc/PID/fd/N tells it: "/etc/passwd", "pipe:[1234]", "socket:[5678]".
// Descriptor FdCwd (AT_FDCWD) stands for the working directory.
type FdPath struct {
	Fd   int32
	Path []byte
	// Sock, for a socket, is what strace -yy shows of it, as the
	// recorder learnt it from the kernel (sock_diag) when it noted the
	// descriptor: "TCP:[127.0.0.1:80->127.0.0.1:4321]", or for a UNIX
	// socket "UNIX-STREAM:[INODE->PEER," NAME "]" with NAME the raw bytes
	// of its address (unquoted), or only the protocol ("TCP") when the
	// kernel did not list the socket; for a character or block device,
	// its type and numbers ("char 1:3"); nil when not known.
	Sock []byte
}

// PidNote says what a pid is, as /proc said at a stop. A KindPids event
// comes before the call or signal event of its task that names the pids
// (the entry for arguments, the exit for results), or, with PidSelf,
// gives the task's own command name.
type PidNote struct {
	Flags uint8 // Pid* flags
	// Kind is how the pid is named (PidKind*): a thread, a process, a
	// process group or a session, which decides its translation.
	Kind uint8
	// Pid is the value as the task named it (in its PID namespace); with
	// PidSelf, the task's tid.
	Pid int32
	// Comm is /proc/PID/comm without its newline (empty: not readable,
	// the pid names no process).
	Comm []byte
	// NSPid, with PidTranslated, is the pid in the recorder's PID
	// namespace (0: none found).
	NSPid int32
}

// PidNote flags.
const (
	// PidSelf: Comm is the task's own command name, read when it joined
	// the trace (strace's tcb comm).
	PidSelf uint8 = 1 << iota
	// PidRenamed: with PidSelf, read again at the exit of an execve,
	// execveat or prctl(PR_SET_NAME) (which strace applies only when the
	// task's last traced call succeeded).
	PidRenamed
	// PidTranslated: the task is in another PID namespace than the
	// recorder; NSPid holds the translation.
	PidTranslated
)

// PidNote kinds, as strace's pid types.
const (
	PidKindTID  uint8 = 1 // a thread id
	PidKindTGID uint8 = 2 // a process id
	PidKindPGID uint8 = 3 // a process group id
	PidKindSID  uint8 = 4 // a session id
)

// MaxPidNotes bounds the notes of one event, MaxComm the bytes of a
// command name (the kernel's TASK_COMM_LEN is 16 with the NUL).
const (
	MaxPidNotes = 64
	MaxComm     = 64
)

// FdCwd is the descriptor number that stands for the working directory.
const FdCwd = -100

// MaxFds bounds the descriptors of one event; MaxFdPath the bytes of one
// path (PATH_MAX plus room for " (deleted)").
const (
	MaxFds    = 1 << 20
	MaxFdPath = 4096 + 64
)

// Reset clears e for reuse, keeping the capacity of its slices (Mem,
// Siginfo, Fds, Maps, Pids). Field by field, so that the 216 bytes of
// Regs are cleared only when HasRegs says they were filled (whoever fills
// Regs sets HasRegs): most events have no registers, and clearing the
// whole Event was a tenth of print's time. TestResetClearsAll fails when
// a field is added to Event and not here.
func (e *Event) Reset() {
	e.Kind, e.Tid, e.Time = 0, 0, 0
	e.Arch, e.Nr, e.Args, e.Ret, e.IsError = 0, 0, [6]uint64{}, 0, false
	if e.HasRegs {
		e.Regs, e.HasRegs = Regs{}, false
	}
	e.STime, e.HasSTime = 0, false
	e.Mem = e.Mem[:0]
	e.StackAddr, e.Stack, e.HasStack = 0, nil, false
	e.Maps = e.Maps[:0]
	e.Tamper = Tamper{}
	e.Fds, e.FdsSnapshot = e.Fds[:0], false
	e.Pids = e.Pids[:0]
	e.KVMExit = 0
	e.Sig, e.Siginfo = 0, e.Siginfo[:0]
	e.PtraceEvent, e.Msg = 0, 0
	e.Status = 0
	e.Pid, e.Parent, e.How = 0, 0, 0
}

// Clone returns a deep copy of e that does not share memory with it.
func (e *Event) Clone() *Event {
	c := new(Event)
	e.CopyTo(c)
	return c
}

// CopyTo makes dst a deep copy of e, reusing dst's buffers where it can.
// Field by field, as Reset (Regs copied only when either event has them);
// TestCopyToCopiesAll fails when a field of Event is not copied.
func (e *Event) CopyTo(dst *Event) {
	mem := dst.Mem[:0]
	si := dst.Siginfo[:0]
	fds := dst.Fds[:0]
	dst.Kind, dst.Tid, dst.Time = e.Kind, e.Tid, e.Time
	dst.Arch, dst.Nr, dst.Args, dst.Ret, dst.IsError = e.Arch, e.Nr, e.Args, e.Ret, e.IsError
	if e.HasRegs || dst.HasRegs {
		dst.Regs = e.Regs
	}
	dst.HasRegs = e.HasRegs
	dst.STime, dst.HasSTime = e.STime, e.HasSTime
	dst.StackAddr, dst.HasStack = e.StackAddr, e.HasStack
	e.copyStackAndMaps(dst, dst.Stack, dst.Maps)
	dst.Tamper = e.Tamper
	dst.FdsSnapshot = e.FdsSnapshot
	dst.KVMExit = e.KVMExit
	dst.Sig = e.Sig
	dst.PtraceEvent, dst.Msg = e.PtraceEvent, e.Msg
	dst.Status = e.Status
	dst.Pid, dst.Parent, dst.How = e.Pid, e.Parent, e.How
	pids := dst.Pids[:0]
	for _, n := range e.Pids {
		n.Comm = append([]byte(nil), n.Comm...)
		pids = append(pids, n)
	}
	dst.Pids = pids
	dst.Siginfo = append(si, e.Siginfo...)
	if e.Tamper.Pokes != nil {
		dst.Tamper.Pokes = e.Tamper.clonePokes()
	}
	for i := range e.Fds {
		f := e.Fds[i]
		var p []byte
		if i < cap(fds) {
			p = fds[:i+1][i].Path[:0]
		}
		f.Path = append(p, e.Fds[i].Path...)
		if e.Fds[i].Sock != nil {
			f.Sock = append([]byte(nil), e.Fds[i].Sock...)
		}
		fds = append(fds, f)
	}
	dst.Fds = fds
	for i := range e.Mem {
		r := e.Mem[i]
		var data []byte
		if i < cap(mem) {
			data = mem[:i+1][i].Data[:0]
		}
		r.Data = append(data, e.Mem[i].Data...)
		mem = append(mem, r)
	}
	dst.Mem = mem
}

// Limits on what one event may hold; the writer refuses more and the reader
// calls more corruption.
const (
	MaxRegions    = 1 << 16
	MaxRegionSize = 16 << 20
	SiginfoSize   = 128
)

// event body flag bits
const (
	evHasRegs    = 1 << 0
	evIsError    = 1 << 1
	evHasSTime   = 1 << 2
	evTampered   = 1 << 3 // a Tamper record follows the memory regions
	evFdSnapshot = 1 << 0 // KindFds
	evFdSock     = 1 << 1 // KindFds: the Sock of each entry follows the list
	evKVMExit    = 1 << 6 // syscall exit: a KVM exit reason follows everything else
)

// ErrEventTooLarge is returned when an event holds more than the format allows.
var ErrEventTooLarge = errors.New("event too large")

// AppendEvent appends the encoding of e to buf. prevTime is the time of the
// previous event in the same chunk (0 for the first); times are delta-coded.
func AppendEvent(buf []byte, e *Event, prevTime int64) ([]byte, error) {
	return appendEvent(buf, e, e.Time-prevTime, nil)
}

// appendEvent is AppendEvent, with the time delta dt to store (in the
// Writer's unit); with rs, the registers of a syscall event are stored as
// a delta against rs (regs.go), which the caller updates once the event
// is kept.
func appendEvent(buf []byte, e *Event, dt int64, rs *regState) ([]byte, error) {
	if len(e.Mem)+e.stackRegions() > MaxRegions {
		return buf, ErrEventTooLarge
	}
	mark := len(buf)
	buf = append(buf, byte(e.Kind))
	// Reserve room for the body length; fix it up when the body is known.
	// Bodies shorter than 128 bytes use 1 byte, others are re-encoded.
	lenAt := len(buf)
	buf = append(buf, 0, 0, 0, 0, 0)
	start := len(buf)
	buf = binary.AppendUvarint(buf, uint64(uint32(e.Tid)))
	buf = binary.AppendVarint(buf, dt)
	buf, err := appendBody(buf, e, rs)
	if err != nil {
		return buf[:mark], err
	}
	n := len(buf) - start
	// Write the body length as a 5-byte padded uvarint: fixed size keeps the
	// encoder from moving the body.
	putPaddedUvarint(buf[lenAt:start], uint64(n))
	return buf, nil
}

// appendBody appends what follows the thread id and time in the body of
// e. On error, buf may hold part of the body: the caller cuts it off.
func appendBody(buf []byte, e *Event, rs *regState) ([]byte, error) {
	delta := rs != nil && e.HasRegs
	var dst int64
	sdelta := false
	if rs != nil {
		dst, sdelta = stimeDelta(e, rs.prevSTime(e.Tid))
	}
	switch e.Kind {
	case KindSyscallEntry, KindSyscallExit:
		var fl byte
		if delta {
			fl |= evRegsDelta
		} else if e.HasRegs {
			fl |= evHasRegs
		}
		if e.IsError {
			fl |= evIsError
		}
		if sdelta {
			fl |= evSTimeDelta
		} else if e.HasSTime {
			fl |= evHasSTime
		}
		if e.Tamper.Flags != 0 {
			fl |= evTampered
		}
		if e.KVMExit != 0 && e.Kind == KindSyscallExit {
			fl |= evKVMExit
		}
		buf = append(buf, fl)
		buf = binary.AppendUvarint(buf, uint64(e.Arch))
		buf = binary.AppendUvarint(buf, e.Nr)
		if e.Kind == KindSyscallEntry {
			for _, a := range e.Args {
				buf = binary.AppendUvarint(buf, a)
			}
		} else {
			buf = binary.AppendVarint(buf, e.Ret)
		}
		if e.HasRegs && !delta {
			for _, r := range e.Regs {
				buf = binary.LittleEndian.AppendUint64(buf, r)
			}
		}
		if e.HasSTime && !sdelta {
			buf = binary.AppendUvarint(buf, e.STime)
		}
		buf = binary.AppendUvarint(buf, uint64(len(e.Mem)+e.stackRegions()))
		buf = e.appendStack(buf)
		for i := range e.Mem {
			r := &e.Mem[i]
			if len(r.Data) > MaxRegionSize || uint64(len(r.Data)) > r.Len {
				return buf, ErrEventTooLarge
			}
			buf = binary.AppendUvarint(buf, r.Addr)
			buf = binary.AppendUvarint(buf, r.Len)
			buf = append(buf, r.Flags)
			buf = binary.AppendUvarint(buf, uint64(len(r.Data)))
			buf = append(buf, r.Data...)
		}
		if e.Tamper.Flags != 0 {
			buf = e.Tamper.append(buf)
		}
		if delta {
			buf = appendRegsDelta(buf, e, rs.prev(e.Tid))
		}
		if sdelta {
			buf = binary.AppendVarint(buf, dst)
		}
		if fl&evKVMExit != 0 {
			buf = binary.AppendUvarint(buf, uint64(e.KVMExit))
		}
	case KindPids:
		if len(e.Pids) > MaxPidNotes {
			return buf, ErrEventTooLarge
		}
		buf = binary.AppendUvarint(buf, uint64(len(e.Pids)))
		for i := range e.Pids {
			n := &e.Pids[i]
			if len(n.Comm) > MaxComm {
				return buf, ErrEventTooLarge
			}
			buf = append(buf, n.Flags, n.Kind)
			buf = binary.AppendUvarint(buf, uint64(uint32(n.Pid)))
			buf = binary.AppendUvarint(buf, uint64(len(n.Comm)))
			buf = append(buf, n.Comm...)
			if n.Flags&PidTranslated != 0 {
				buf = binary.AppendUvarint(buf, uint64(uint32(n.NSPid)))
			}
		}
	case KindFds:
		var fl byte
		if e.FdsSnapshot {
			fl |= evFdSnapshot
		}
		for i := range e.Fds {
			if e.Fds[i].Sock != nil {
				fl |= evFdSock
				break
			}
		}
		buf = append(buf, fl)
		if len(e.Fds) > MaxFds {
			return buf, ErrEventTooLarge
		}
		buf = binary.AppendUvarint(buf, uint64(len(e.Fds)))
		for i := range e.Fds {
			f := &e.Fds[i]
			if len(f.Path) > MaxFdPath {
				return buf, ErrEventTooLarge
			}
			buf = binary.AppendUvarint(buf, uint64(uint32(f.Fd)))
			buf = binary.AppendUvarint(buf, uint64(len(f.Path)))
			buf = append(buf, f.Path...)
		}
		if fl&evFdSock != 0 {
			// Trailing, so that readers that do not know it skip it.
			for i := range e.Fds {
				f := &e.Fds[i]
				if len(f.Sock) > MaxFdPath {
					return buf, ErrEventTooLarge
				}
				buf = binary.AppendUvarint(buf, uint64(len(f.Sock)))
				buf = append(buf, f.Sock...)
			}
		}
	case KindSignal, KindGroupStop:
		buf = binary.AppendUvarint(buf, uint64(e.Sig))
		if e.Kind == KindSignal {
			n := len(e.Siginfo)
			if n > SiginfoSize {
				n = SiginfoSize
			}
			buf = binary.AppendUvarint(buf, uint64(n))
			buf = append(buf, e.Siginfo[:n]...)
		}
		buf = e.appendStopTrailer(buf) // -k: optional, trailing
	case KindPtraceEvent:
		buf = append(buf, e.PtraceEvent)
		buf = binary.AppendUvarint(buf, e.Msg)
	case KindExit:
		buf = binary.AppendUvarint(buf, uint64(e.Status))
	case KindNewTask:
		buf = binary.AppendUvarint(buf, uint64(uint32(e.Pid)))
		buf = binary.AppendUvarint(buf, uint64(uint32(e.Parent)))
		buf = append(buf, e.How)
		if e.Msg != 0 {
			buf = binary.AppendUvarint(buf, e.Msg) // optional, trailing
		}
	case KindDetach:
	case KindLost:
		buf = binary.AppendUvarint(buf, e.Msg)
	case KindMaps:
		if !mapsFit(e) {
			return buf, ErrEventTooLarge
		}
		buf = appendMaps(buf, e.Maps)
	}
	return buf, nil
}

// putPaddedUvarint writes v as a uvarint of exactly len(b) bytes, using
// continuation bytes with zero payload as padding.
func putPaddedUvarint(b []byte, v uint64) {
	for i := range b {
		c := byte(v & 0x7f)
		v >>= 7
		if i < len(b)-1 {
			c |= 0x80
		}
		b[i] = c
	}
}

// eventDecoder parses events from a chunk payload.
type eventDecoder struct {
	buf      []byte
	off      int
	prevTime int64
	rs       *regState // registers seen in the chunk (regs.go)
}

var errShort = errors.New("event runs past the end of its chunk")

func (d *eventDecoder) uvarint() (uint64, error) {
	if d.off < len(d.buf) && d.buf[d.off] < 0x80 {
		// One byte: most values.
		v := d.buf[d.off]
		d.off++
		return uint64(v), nil
	}
	v, n := binary.Uvarint(d.buf[d.off:])
	if n <= 0 {
		return 0, errShort
	}
	d.off += n
	return v, nil
}

// varint reads a zigzag-encoded varint (binary.Varint's encoding).
func (d *eventDecoder) varint() (int64, error) {
	u, err := d.uvarint()
	return unzigzag(u), err
}

func (d *eventDecoder) byte1() (byte, error) {
	if d.off >= len(d.buf) {
		return 0, errShort
	}
	b := d.buf[d.off]
	d.off++
	return b, nil
}

func (d *eventDecoder) bytes(n uint64) ([]byte, error) {
	if n > uint64(len(d.buf)-d.off) {
		return nil, errShort
	}
	b := d.buf[d.off : d.off+int(n)]
	d.off += int(n)
	return b, nil
}

// next decodes the next event into e. Region data and siginfo alias the
// chunk buffer. It returns false at the end of the payload. Unknown kinds
// are skipped.
func (d *eventDecoder) next(e *Event) (bool, error) {
	for {
		if d.off >= len(d.buf) {
			return false, nil
		}
		kind := Kind(d.buf[d.off])
		d.off++
		blen, err := d.uvarint()
		if err != nil {
			return false, err
		}
		if blen > uint64(len(d.buf)-d.off) {
			return false, errShort
		}
		end := d.off + int(blen)
		if kind < KindSyscallEntry || kind > lastKind {
			d.off = end // a kind from a newer writer: skip it
			continue
		}
		if d.rs == nil {
			d.rs = &regState{}
		}
		body := eventDecoder{buf: d.buf[:end], off: d.off, rs: d.rs}
		if err := body.decodeBody(kind, e, d.prevTime); err != nil {
			return false, err
		}
		// Fields a newer writer appended to a known kind are skipped too.
		d.off = end
		d.prevTime = e.Time
		return true, nil
	}
}

func (d *eventDecoder) decodeBody(kind Kind, e *Event, prevTime int64) error {
	e.Reset()
	e.Kind = kind
	tid, err := d.uvarint()
	if err != nil {
		return err
	}
	if tid > 1<<31-1 {
		return fmt.Errorf("thread id %d out of range", tid)
	}
	e.Tid = int32(tid)
	dt, err := d.varint()
	if err != nil {
		return err
	}
	e.Time = prevTime + dt
	return d.body(kind, e)
}

// body decodes what follows the thread id and time in an event's body
// into e, whose Kind, Tid and Time are set.
func (d *eventDecoder) body(kind Kind, e *Event) error {
	var err error
	switch kind {
	case KindSyscallEntry, KindSyscallExit:
		fl, err := d.byte1()
		if err != nil {
			return err
		}
		e.HasRegs = fl&evHasRegs != 0
		e.IsError = fl&evIsError != 0
		e.HasSTime = fl&evHasSTime != 0
		arch, err := d.uvarint()
		if err != nil {
			return err
		}
		e.Arch = uint32(arch)
		if e.Nr, err = d.uvarint(); err != nil {
			return err
		}
		if kind == KindSyscallEntry {
			for i := range e.Args {
				if e.Args[i], err = d.uvarint(); err != nil {
					return err
				}
			}
		} else if e.Ret, err = d.varint(); err != nil {
			return err
		}
		if e.HasRegs {
			b, err := d.bytes(NumRegs * 8)
			if err != nil {
				return err
			}
			for i := range e.Regs {
				e.Regs[i] = binary.LittleEndian.Uint64(b[i*8:])
			}
		}
		if e.HasSTime {
			if e.STime, err = d.uvarint(); err != nil {
				return err
			}
		}
		nmem, err := d.uvarint()
		if err != nil {
			return err
		}
		if nmem > MaxRegions {
			return fmt.Errorf("%d memory regions in one event (limit %d)", nmem, MaxRegions)
		}
		for i := uint64(0); i < nmem; i++ {
			var r Region
			if r.Addr, err = d.uvarint(); err != nil {
				return err
			}
			if r.Len, err = d.uvarint(); err != nil {
				return err
			}
			if r.Flags, err = d.byte1(); err != nil {
				return err
			}
			n, err := d.uvarint()
			if err != nil {
				return err
			}
			if n > MaxRegionSize || n > r.Len {
				return fmt.Errorf("memory region of %d bytes (asked %d, limit %d)", n, r.Len, MaxRegionSize)
			}
			if r.Data, err = d.bytes(n); err != nil {
				return err
			}
			if r.Flags&MemStack != 0 {
				e.setStack(r)
				continue
			}
			e.Mem = append(e.Mem, r)
		}
		if fl&evTampered != 0 {
			if err := d.tamper(&e.Tamper); err != nil {
				return err
			}
		}
		if fl&evRegsDelta != 0 {
			if err := d.regsDelta(e); err != nil {
				return err
			}
		}
		if fl&evSTimeDelta != 0 {
			v, err := d.varint()
			if err != nil {
				return err
			}
			st := int64(d.rs.prevSTime(e.Tid)) + v*1000
			if st < 0 {
				return fmt.Errorf("system time %d ns is negative", st)
			}
			e.STime, e.HasSTime = uint64(st), true
		}
		if fl&evKVMExit != 0 {
			v, err := d.uvarint()
			if err != nil {
				return err
			}
			if v > 1<<32-1 {
				return fmt.Errorf("KVM exit reason %d out of range", v)
			}
			e.KVMExit = uint32(v)
		}
		d.rs.noteEvent(e)
	case KindPids:
		n, err := d.uvarint()
		if err != nil {
			return err
		}
		if n > MaxPidNotes || n > uint64(len(d.buf)-d.off)/4 {
			return fmt.Errorf("%d pid notes in one event", n)
		}
		for i := uint64(0); i < n; i++ {
			var pn PidNote
			if pn.Flags, err = d.byte1(); err != nil {
				return err
			}
			if pn.Kind, err = d.byte1(); err != nil {
				return err
			}
			pid, err := d.uvarint()
			if err != nil {
				return err
			}
			l, err := d.uvarint()
			if err != nil {
				return err
			}
			if pid > 1<<32-1 || l > MaxComm {
				return fmt.Errorf("pid note %d with a name of %d bytes", pid, l)
			}
			pn.Pid = int32(uint32(pid))
			if pn.Comm, err = d.bytes(l); err != nil {
				return err
			}
			if pn.Flags&PidTranslated != 0 {
				v, err := d.uvarint()
				if err != nil {
					return err
				}
				if v > 1<<32-1 {
					return fmt.Errorf("pid %d out of range", v)
				}
				pn.NSPid = int32(uint32(v))
			}
			e.Pids = append(e.Pids, pn)
		}
	case KindFds:
		fl, err := d.byte1()
		if err != nil {
			return err
		}
		e.FdsSnapshot = fl&evFdSnapshot != 0
		n, err := d.uvarint()
		if err != nil {
			return err
		}
		// Each entry takes at least two bytes: bound the count by what is
		// left before trusting it.
		if n > MaxFds || n > uint64(len(d.buf)-d.off)/2 {
			return fmt.Errorf("%d descriptors in one event", n)
		}
		for i := uint64(0); i < n; i++ {
			fd, err := d.uvarint()
			if err != nil {
				return err
			}
			l, err := d.uvarint()
			if err != nil {
				return err
			}
			if fd > 1<<32-1 || l > MaxFdPath {
				return fmt.Errorf("descriptor %d with a path of %d bytes", fd, l)
			}
			p, err := d.bytes(l)
			if err != nil {
				return err
			}
			e.Fds = append(e.Fds, FdPath{Fd: int32(uint32(fd)), Path: p})
		}
		if fl&evFdSock != 0 {
			for i := range e.Fds {
				l, err := d.uvarint()
				if err != nil {
					return err
				}
				if l > MaxFdPath {
					return fmt.Errorf("socket details of %d bytes", l)
				}
				if l == 0 {
					continue
				}
				p, err := d.bytes(l)
				if err != nil {
					return err
				}
				e.Fds[i].Sock = p
			}
		}
	case KindSignal, KindGroupStop:
		sig, err := d.uvarint()
		if err != nil {
			return err
		}
		if sig > 128 {
			return fmt.Errorf("signal number %d out of range", sig)
		}
		e.Sig = int32(sig)
		if kind == KindSignal {
			n, err := d.uvarint()
			if err != nil {
				return err
			}
			if n > SiginfoSize {
				return fmt.Errorf("siginfo of %d bytes", n)
			}
			b, err := d.bytes(n)
			if err != nil {
				return err
			}
			e.Siginfo = append(e.Siginfo, b...)
		}
		if err := d.stopTrailer(e); err != nil {
			return err
		}
	case KindPtraceEvent:
		if e.PtraceEvent, err = d.byte1(); err != nil {
			return err
		}
		if e.Msg, err = d.uvarint(); err != nil {
			return err
		}
	case KindExit:
		st, err := d.uvarint()
		if err != nil {
			return err
		}
		e.Status = uint32(st)
	case KindNewTask:
		pid, err := d.uvarint()
		if err != nil {
			return err
		}
		parent, err := d.uvarint()
		if err != nil {
			return err
		}
		if pid > 1<<31-1 || parent > 1<<31-1 {
			return fmt.Errorf("process id out of range")
		}
		e.Pid, e.Parent = int32(pid), int32(parent)
		if e.How, err = d.byte1(); err != nil {
			return err
		}
		if d.off < len(d.buf) {
			if e.Msg, err = d.uvarint(); err != nil {
				return err
			}
		}
	case KindMaps:
		return d.maps(e)
	case KindLost:
		if e.Msg, err = d.uvarint(); err != nil {
			return err
		}
	}
	return nil
}

// Syscall event helpers for the x86-64 and i386 audit architectures.
const (
	ArchX86_64 uint32 = 0xc000003e // AUDIT_ARCH_X86_64
	ArchI386   uint32 = 0x40000003 // AUDIT_ARCH_I386
)
