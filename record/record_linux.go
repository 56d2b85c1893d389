//go:build linux && amd64

package record

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/sysent"
)

// Syscall numbers the recorder itself must recognise.
const (
	nrExecve   = 59
	nrExecveat = 322
	nrClone    = 56
	nrFork     = 57
	nrVfork    = 58
	nrWait4    = 61
	nrWaitid   = 247
	nrClone3   = 435
	nrIoctl    = 16
)

type task struct {
	tid, tgid int32
	inSyscall bool
	nr        uint64
	args      [6]uint64
	arch      uint32
	// hidden: a launched task still running the exec stub; nothing it does
	// is recorded until its first execve.
	hidden bool
	// execCheck: the execve that ended the stub is in progress; if it
	// fails, the task is hidden again (as strace does).
	execCheck bool
	// filtered: the current syscall is not recorded (-e trace=).
	filtered bool
	// startup: the task's first (attach) stop has not been seen yet.
	startup bool
	// announce: an attached task, announced at its first stop.
	announce bool
	// entryNext: the task's last syscall stop was the exit of a call
	// whose entry was seen, so its next one is an entry (entryFromRegs).
	entryNext bool
	// parked: the task is in wait4 or waitid, or in a group-stop: not
	// running until something else happens (counted in Recorder.parked).
	parked bool
	// inj: -e inject= counters and the tampering in progress
	// (inject_linux.go); nil until a rule matches one of its calls.
	inj *taskInject
	// skipExec: the task's next exec is the launched command's own, which
	// -b execve does not detach from.
	skipExec bool
}

// Recorder traces one launched command. Launch starts it; Run records it
// into a Sink until every traced task is gone. All ptrace calls are made
// by one goroutine locked to its OS thread, the one that forked the tracee.
type Recorder struct {
	opts   Options
	header format.Header
	leader int

	calls chan func()

	tasks   map[int32]*task
	parked  int            // tasks with parked set
	born    map[int32]born // new tid -> who made it, until its first stop
	sink    Sink
	ev      format.Event
	mem     memReader
	fdr     fdReader
	fev     format.Event // descriptors noted at the stop being handled
	known   FdKnown      // which descriptors' dups need no note (fdknown.go)
	stk     *stacker     // -k (stack_linux.go); nil without it
	scratch []byte       // tracee memory read for the recorder's own use
	ctx     sysent.Ctx
	si      syscallInfo
	sibuf   [format.SiginfoSize]byte
	start   time.Time
	res     Result
	ptOpt   uintptr
	// seccomp: the tracee runs under the recorder's seccomp filter.
	seccomp bool
	// pull: a task resumed while it runs alone is woken on the tracer's
	// CPU (cpu_linux.go); pullMask is its mask, read at the resume; pulls
	// counts the resumes that pulled.
	pull     bool
	pullMask unix.CPUSet
	pulls    uint64
	notice   string
	// ru is the rusage of the last wait: the stopped task's process's
	// system time goes into syscall events (what strace -c measures).
	ru unix.Rusage

	// Attaching (-p): see attach_linux.go.
	attach    bool
	attached  []Attached
	failed    []error
	snapped   map[int32]bool // processes whose descriptors were listed
	wakerPid  int
	wakeW     *os.File
	wakeOnce  sync.Once
	detachReq atomic.Bool
	exited    map[int32]bool // the launched command's end was seen
	inj       *injector      // -e inject= (inject_linux.go)

	wt waiter // spin-then-block wait4 (wait_linux.go)

	xregs format.Regs // registers read at an exit stop (exitFromRegs)

	pn  pidNoter // -Y, --decode-pids=pidns (pids_linux.go)
	kvm kvmState // -e kvm=vcpu (pids_linux.go)

	// Ordered (Options.Ordered): syncer is the sink, and unsynced says
	// events were handed to it since it last consumed them.
	syncer   Syncer
	unsynced bool
}

// Launch starts argv under trace: path is the program (from LookPath).
// The tracee is stopped before its execve until Run is called.
func Launch(path string, argv []string, opts Options) (*Recorder, error) {
	exitKill := uintptr(unix.PTRACE_O_EXITKILL)
	if opts.KeepOnExit {
		exitKill = 0
	}
	// The syscall table is needed at the first stop: build it on another
	// CPU while the command starts.
	go sysent.Lookup(0)
	r, err := newRecorder(opts, exitKill)
	if err != nil {
		return nil, err
	}
	var stubExtra []string
	on, value, notice := seccompPlan(opts)
	if on {
		r.seccomp = true
		r.ptOpt |= unix.PTRACE_O_TRACESECCOMP
		stubExtra = []string{seccompEnv + "=" + value}
	}
	r.notice = notice
	if opts.User != nil {
		stubExtra = append(stubExtra, userEnv+"="+opts.User.encode())
	}
	go r.thread()
	r.do(func() { err = r.launch(path, argv, stubExtra) })
	if err != nil {
		close(r.calls)
		return nil, err
	}
	return r, nil
}

// newRecorder sets up what launching and attaching share; extra are
// ptrace options beyond the common ones.
func newRecorder(opts Options, extra uintptr) (*Recorder, error) {
	if opts.Limits.Path == 0 {
		opts.Limits.Path = sysent.DefaultPathMax
	}
	if opts.Env == nil {
		opts.Env = os.Environ()
	}
	r := &Recorder{opts: opts, calls: make(chan func()), tasks: make(map[int32]*task), born: make(map[int32]born)}
	r.initStack()
	if opts.FdPaths && opts.SockDetails {
		r.fdr.sock = new(sockDiag)
		r.known.YY = true
	}
	r.ptOpt = unix.PTRACE_O_TRACESYSGOOD | unix.PTRACE_O_TRACEEXEC | unix.PTRACE_O_TRACEEXIT | extra
	if opts.Follow {
		r.ptOpt |= unix.PTRACE_O_TRACECLONE | unix.PTRACE_O_TRACEFORK | unix.PTRACE_O_TRACEVFORK
	}
	if err := defaultSigchld(); err != nil {
		return nil, fmt.Errorf("resetting SIGCHLD: %w", err)
	}
	return r, nil
}

// thread is the tracer thread: it runs the functions sent to it.
func (r *Recorder) thread() {
	runtime.LockOSThread()
	// The thread is never unlocked: it may have tracees, and it dies with
	// its goroutine when calls is closed.
	for f := range r.calls {
		f()
	}
}

// do runs f on the tracer thread and waits for it.
func (r *Recorder) do(f func()) {
	done := make(chan struct{})
	r.calls <- func() { f(); close(done) }
	<-done
}

func (r *Recorder) launch(path string, argv []string, stubExtra []string) error {
	r.start = time.Now()
	pid, err := startStub(path, argv, r.opts.Env, stubExtra)
	if err != nil {
		return err
	}
	if err := seize(pid, r.ptOpt); err != nil {
		syscall.Kill(pid, syscall.SIGKILL)
		return fmt.Errorf("attach: ptrace(PTRACE_SEIZE, %d): %w", pid, err)
	}
	syscall.Kill(pid, syscall.SIGCONT)
	r.lead(pid, argv)
	return nil
}

// lead makes pid, the command argv launched and now seized, the recorded
// leader: a task whose stops before its execve are not shown (the stub's
// or the daemon helper's own calls).
func (r *Recorder) lead(pid int, argv []string) {
	r.leader = pid
	r.res.Pid = pid
	t := &task{tid: int32(pid), tgid: int32(pid), hidden: true, skipExec: true}
	r.tasks[t.tid] = t
	r.initHeader(argv, nil)
}

// initHeader describes the recording: argv for a launched command, pids
// for attached processes.
func (r *Recorder) initHeader(argv []string, pids []int32) {
	var uts unix.Utsname
	unix.Uname(&uts)
	host, _ := os.Hostname()
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	r.header = format.Header{
		Recorder:  "mytrace " + Version,
		Arch:      "x86_64",
		Kernel:    unix.ByteSliceToString(uts.Release[:]),
		Hostname:  host,
		Command:   append([]string(nil), argv...),
		Attached:  pids,
		StartWall: r.start.UnixNano(),
		StartMono: ts.Nano() - int64(time.Since(r.start)),
		StrLimit:  uint32(r.opts.Limits.Str),
		PathMax:   uint32(r.opts.Limits.Path),
		Follow:    r.opts.Follow,
		Verbose:   r.opts.Limits.Verbose,
		PageSize:  uint32(os.Getpagesize()),
		Backend:   "ptrace",
		TimeUnit:  r.opts.HeaderTimeUnit(),

		NoFdDetails: !r.opts.SockDetails,
	}
	if r.opts.Comms {
		r.header.Notes |= format.NoteComm
	}
	if r.opts.PidNS {
		r.header.Notes |= format.NotePidNS
	}
	if r.opts.KVM {
		r.header.Notes |= format.NoteKVM
	}
}

// Notice is a one-line remark for the user about how the recording is
// made (a filter that could not be done in the kernel), or "".
func (r *Recorder) Notice() string { return r.notice }

// Header returns the header describing this recording.
func (r *Recorder) Header() *format.Header { return &r.header }

// Pid returns the process id of the launched command.
func (r *Recorder) Pid() int { return r.leader }

// Run records until every traced task has ended, writing events to sink.
func (r *Recorder) Run(sink Sink) *Result {
	r.sink = sink
	if s, ok := sink.(Syncer); ok && r.opts.Ordered {
		r.syncer = s
	}
	r.do(func() {
		r.loop()
		if r.syncer != nil {
			r.syncer.End()
		}
	})
	r.endInject()
	close(r.calls)
	return &r.res
}

func (r *Recorder) now() int64 { return int64(time.Since(r.start)) }

// syncOut, with Options.Ordered, hands the events written since the last
// time to the sink and waits until it has consumed them. It is called
// before any tracee goes on from a stop, and before the tracer waits.
func (r *Recorder) syncOut() {
	if !r.unsynced {
		return
	}
	r.unsynced = false
	r.sink.Flush()
	r.syncer.Sync()
}

func (r *Recorder) emit() {
	r.res.Events++
	r.unsynced = r.syncer != nil
	if r.res.SinkErr != nil {
		return
	}
	err := r.sink.WriteEvent(&r.ev)
	if errors.Is(err, format.ErrEventTooLarge) {
		// More memory than the format holds in one event (the capture
		// bounds should prevent it): keep the call, without its memory.
		r.ev.Mem = r.ev.Mem[:0]
		err = r.sink.WriteEvent(&r.ev)
	}
	if err != nil {
		r.res.SinkErr = err
		// Stop tracing: nothing more can be recorded.
		r.detachReq.Store(true)
	}
}

func (r *Recorder) loop() {
	r.res.Attached = r.attach
	if !r.attach {
		t := r.tasks[int32(r.leader)]
		r.ev.Reset()
		r.ev.Kind = format.KindNewTask
		r.ev.Tid, r.ev.Pid, r.ev.How = t.tid, t.tgid, format.NewTaskLaunched
		r.ev.Time = r.now()
		r.emit()
		r.noteSelf(t, false)
		r.emitPids()
	}
	defer r.stopWaker()

	var ws unix.WaitStatus
	// Spin, then block (wait_linux.go); a live display gets the pending
	// events before the tracer sleeps.
	r.wt = newWaiter()
	if r.opts.Colocate && !r.attach {
		// The CPU was checked (CheckCPU); should pinning fail anyway,
		// the recording goes on as without it.
		r.colocate()
	} else {
		poll, spin, pull, why := awakeChoice(r.opts.Awake)
		r.wt.awakeWhy = why
		// Not with seccomp stops: calls not traced run without a stop
		// (cpu_linux.go).
		r.pull = pull && !r.seccomp
		if poll || spin {
			r.wt.aw = startAwake(awakeHold(), poll)
			defer r.wt.aw.stop()
		}
	}
	if os.Getenv("MYTRACE_WAITSTATS") != "" {
		defer func() { fmt.Fprintf(os.Stderr, "%s; pulled to the tracer's CPU %d times\n", r.wt.stats(), r.pulls) }()
	}
	var idle func()
	switch {
	case r.syncer != nil:
		idle = r.syncOut // nothing should be left, but for a stop that resumed no task
	case r.opts.FlushWhenIdle:
		idle = r.sink.Flush
	}
	for {
		if r.detachReq.Load() {
			r.detachAll()
			return
		}
		if r.attach && len(r.tasks) == 0 && len(r.born) == 0 {
			return // every attached task has ended
		}
		pid, err := r.waitHeld(&ws, idle) // r.wt.wait, and -e inject= delays (inject_linux.go)
		if err != nil {
			if errors.Is(err, unix.EINTR) {
				continue
			}
			// ECHILD: every tracee is gone.
			return
		}
		if pid == r.wakerPid {
			r.wakerPid = 0 // reaped: Detach closed its pipe
			continue
		}
		r.handle(int32(pid), ws)
		r.wt.solo = len(r.tasks)-r.parked <= 1
	}
}

// born is what the fork, vfork or clone event of a task's creator says
// about the new task.
type born struct {
	parent int32 // the task that made it
	// tgid is its thread group when the creator's call says it (0: not
	// known, read from /proc).
	tgid int32
	// forked: r.known has the new process's copy of its parent's.
	forked bool
}

// park sets t.parked, keeping r.parked in step.
func (t *task) park(r *Recorder, on bool) {
	if t.parked == on {
		return
	}
	t.parked = on
	if on {
		r.parked++
	} else {
		r.parked--
	}
}

// taskFor returns the task for tid, creating it when a new child reports
// before its parent's fork/clone event does.
func (r *Recorder) taskFor(tid int32, b born) *task {
	if t := r.tasks[tid]; t != nil {
		return t
	}
	parent := b.parent
	t := &task{tid: tid, tgid: tid, startup: true}
	tgid, ppid := b.tgid, int32(0)
	if tgid == 0 {
		tgid, ppid = procStatus(tid)
	}
	if tgid > 0 {
		t.tgid = tgid
	}
	how := format.NewTaskChild
	if t.tgid != tid {
		how = format.NewTaskThread
		if parent == 0 {
			parent = t.tgid
		}
	}
	if parent == 0 {
		parent = ppid
	}
	if p := r.tasks[parent]; p != nil && p.hidden {
		t.hidden = true
	}
	r.tasks[tid] = t
	if how == format.NewTaskChild {
		r.forgetProcess(tid) // a new process, maybe with an old one's pid
		if !b.forked {
			r.known.Exit(tid)
		}
	}
	r.ev.Reset()
	r.ev.Kind = format.KindNewTask
	r.ev.Tid, r.ev.Pid, r.ev.Parent, r.ev.How = tid, t.tgid, parent, how
	r.ev.Time = r.now()
	r.emit()
	if !t.hidden {
		r.noteSelf(t, false)
		r.emitPids()
	}
	return t
}

// procStatus reads the thread group id and parent pid of tid from /proc.
func procStatus(tid int32) (tgid, ppid int32) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(int(tid)) + "/status")
	if err != nil {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Bytes()
		if v, ok := bytes.CutPrefix(line, []byte("Tgid:")); ok {
			n, _ := strconv.Atoi(string(bytes.TrimSpace(v)))
			tgid = int32(n)
		} else if v, ok := bytes.CutPrefix(line, []byte("PPid:")); ok {
			n, _ := strconv.Atoi(string(bytes.TrimSpace(v)))
			ppid = int32(n)
		}
	}
	return tgid, ppid
}

// resume restarts a stopped task. With the seccomp filter, a task outside
// a recorded call runs with PTRACE_CONT and stops only at the calls the
// filter traces; otherwise, and to see a call's exit, PTRACE_SYSCALL.
func (r *Recorder) resume(t *task, sig int) {
	r.syncOut()
	// ESRCH means the task is gone (killed, say): its exit comes from wait.
	if r.seccomp && !t.hidden && !t.inSyscall {
		ptrace(unix.PTRACE_CONT, int(t.tid), 0, uintptr(sig))
		return
	}
	if r.pullable(t) && r.resumePulled(t, sig) {
		return
	}
	resumeSyscall(int(t.tid), sig)
}

func (r *Recorder) handle(tid int32, ws unix.WaitStatus) {
	if ws.Exited() || ws.Signaled() {
		r.taskEnded(tid, ws)
		return
	}
	if !ws.Stopped() {
		return
	}
	t := r.tasks[tid]
	if t == nil {
		b := r.born[tid]
		delete(r.born, tid)
		t = r.taskFor(tid, b)
	}
	t.park(r, false)
	if t.announce {
		r.announce(t)
	}
	sig := ws.StopSignal()
	event := (uint32(ws) >> 16) & 0xff
	switch {
	case sig == unix.SIGTRAP|0x80:
		t.startup = false
		r.syscallStop(t, true)
	case event == unix.PTRACE_EVENT_STOP:
		// The first stop of a new or attached task, the end of a
		// PTRACE_LISTEN, PTRACE_INTERRUPT's stop (SIGTRAP), or a
		// group-stop (the stop signal; a process attached while stopped
		// reports one first).
		t.startup = false
		switch sig {
		case unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU:
			if t.hidden {
				r.resume(t, 0)
				return
			}
			r.ev.Reset()
			r.ev.Kind = format.KindGroupStop
			r.ev.Tid, r.ev.Time, r.ev.Sig = tid, r.now(), int32(sig)
			if r.stk != nil {
				r.stackAtStop(t)
			}
			r.emit()
			r.syncOut()
			// Stay stopped until SIGCONT, as without a tracer.
			if err := listen(int(tid)); err != nil {
				r.resume(t, 0)
			} else {
				t.park(r, true)
			}
		default:
			r.resume(t, 0)
		}
	case event == unix.PTRACE_EVENT_SECCOMP:
		// A call the filter traces: its entry.
		t.startup = false
		r.syscallStop(t, false)
	case event != 0:
		t.startup = false
		r.ptraceEvent(t, int(event))
	default:
		t.startup = false
		r.signalStop(t, sig)
	}
}

func (r *Recorder) taskEnded(tid int32, ws unix.WaitStatus) {
	t := r.tasks[tid]
	if t == nil {
		return
	}
	t.park(r, false)
	delete(r.tasks, tid)
	r.forgetPidNS(tid)
	if t.tid == t.tgid {
		r.known.Exit(t.tgid) // the leader ends last
	}
	r.ev.Reset()
	r.ev.Kind = format.KindExit
	r.ev.Tid, r.ev.Time, r.ev.Status = tid, r.now(), uint32(ws)
	r.emit()
	if int(tid) == r.leader {
		r.noteLeaderEnd(ws)
	}
}

// noteLeaderEnd keeps how the launched command ended.
func (r *Recorder) noteLeaderEnd(ws unix.WaitStatus) {
	if r.exited == nil {
		r.exited = map[int32]bool{}
	}
	r.exited[int32(r.leader)] = true
	if ws.Exited() {
		r.res.Exited, r.res.ExitCode = true, ws.ExitStatus()
	} else {
		r.res.Signal, r.res.CoreDumped = int(ws.Signal()), ws.CoreDump()
	}
}

func (r *Recorder) signalStop(t *task, sig unix.Signal) {
	if t.hidden {
		// The stub's own SIGSTOP/SIGCONT handshake.
		if sig == unix.SIGCONT || sig == unix.SIGSTOP {
			sig = 0
		}
		r.resume(t, int(sig))
		return
	}
	r.ev.Reset()
	r.ev.Kind = format.KindSignal
	r.ev.Tid, r.ev.Time, r.ev.Sig = t.tid, r.now(), int32(sig)
	if err := getSiginfo(int(t.tid), &r.sibuf); err == nil {
		r.ev.Siginfo = append(r.ev.Siginfo, r.sibuf[:]...)
		if r.notingPids() {
			r.noteSiginfo(t, r.sibuf[:])
		}
	}
	if r.stk != nil {
		r.stackAtStop(t)
	}
	r.emitPids()
	r.emit()
	r.resume(t, int(sig))
}

func (r *Recorder) ptraceEvent(t *task, event int) {
	msg, _ := getEventMsg(int(t.tid))
	switch event {
	case unix.PTRACE_EVENT_FORK, unix.PTRACE_EVENT_VFORK, unix.PTRACE_EVENT_CLONE:
		// The child joins the trace at its first stop, as strace counts
		// it; remember who made it.
		if _, known := r.tasks[int32(msg)]; !known {
			child := int32(msg)
			flags, ok := r.cloneFlags(t)
			b := born{parent: t.tid, tgid: childTgid(t, child, flags, ok)}
			if r.opts.FdPaths && b.tgid == child {
				// A new process: its table is a copy of its parent's
				// (or the same table, with CLONE_FILES).
				r.known.Fork(t.tgid, child, flags&unix.CLONE_FILES != 0)
				b.forked = true
			}
			r.born[child] = b
		}
	case unix.PTRACE_EVENT_EXEC:
		// A thread other than the leader exec'd: it takes the leader's
		// tid. Its state moves there; the old leader is gone.
		old := int32(msg)
		if old != t.tid && old > 0 {
			if ot := r.tasks[old]; ot != nil {
				delete(r.tasks, old)
				ot.tid = t.tid
				r.tasks[t.tid] = ot
				t = ot
			}
		}
		if r.opts.DetachOnExec && !t.hidden {
			if !t.skipExec {
				r.detachAtExec(t, msg)
				return
			}
			t.skipExec = false
		}
	}
	if !t.hidden {
		r.ev.Reset()
		r.ev.Kind = format.KindPtraceEvent
		r.ev.Tid, r.ev.Time = t.tid, r.now()
		r.ev.PtraceEvent, r.ev.Msg = uint8(event), msg
		if r.syncer != nil {
			r.emit() // consumed before the task goes on (resume)
			r.resume(t, 0)
			return
		}
		r.resume(t, 0)
		r.emit() // while the task runs
		return
	}
	r.resume(t, 0)
}

// detachAtExec lets a task go at its exec (-b execve), as strace does:
// the exec is recorded, then the detach, and the task runs on untraced.
// A launched command let go ends as nobody's concern: its exit status is
// not the recording's (Result.LeaderDetached).
func (r *Recorder) detachAtExec(t *task, msg uint64) {
	r.ev.Reset()
	r.ev.Kind = format.KindPtraceEvent
	r.ev.Tid, r.ev.Time = t.tid, r.now()
	r.ev.PtraceEvent, r.ev.Msg = unix.PTRACE_EVENT_EXEC, msg
	r.emit()
	tid := t.tid
	r.letGo(tid)
	r.syncOut()
	detach(int(tid), 0)
	if int(tid) == r.leader {
		r.res.LeaderDetached = true
	}
}

// cloneFlags returns the flags of the fork, vfork or clone t is in (at
// its event stop), and whether they are known: the call's entry was seen
// when t is in a syscall; without it (a seccomp filter that lets the call
// run), they are not.
func (r *Recorder) cloneFlags(t *task) (uint64, bool) {
	if !t.inSyscall || t.arch != format.ArchX86_64 {
		return 0, false
	}
	switch t.nr {
	case nrFork:
		return uint64(unix.SIGCHLD), true
	case nrVfork:
		return unix.CLONE_VFORK | unix.CLONE_VM | uint64(unix.SIGCHLD), true
	case nrClone:
		return t.args[0], true
	case nrClone3:
		// struct clone_args starts with the flags.
		if b := r.peek(t, t.args[0], 8); b != nil {
			return le64(b), true
		}
	}
	return 0, false
}

// childTgid returns the thread group of child, which t's fork, vfork or
// clone (whose event stop t is in, with flags if known) just made, when
// t's call says it (CLONE_THREAD or not), else 0 (/proc says).
func childTgid(t *task, child int32, flags uint64, known bool) int32 {
	if !known || child <= 0 {
		return 0
	}
	if flags&unix.CLONE_THREAD != 0 {
		return t.tgid
	}
	return child
}

// syscallStop handles a syscall stop: sysgood says it is a
// syscall-entry or -exit stop (SIGTRAP|0x80), not a seccomp stop.
func (r *Recorder) syscallStop(t *task, sysgood bool) {
	r.res.Stops++
	tid := int(t.tid)
	fromRegs := sysgood && (r.exitFromRegs(t) || r.entryFromRegs(t))
	if fromRegs {
		r.res.RegStops++
	} else {
		if err := getSyscallInfo(tid, &r.si); err != nil {
			r.resume(t, 0)
			return
		}
	}
	ev := &r.ev
	// The events of this stop, handed to the sink after the task is
	// resumed.
	var emitEv, emitFds bool
	switch r.si.Op {
	case unix.PTRACE_SYSCALL_INFO_ENTRY, unix.PTRACE_SYSCALL_INFO_SECCOMP:
		if r.si.Op == unix.PTRACE_SYSCALL_INFO_SECCOMP && t.inSyscall {
			// The filter's stop after the syscall-entry stop of a task
			// resumed with PTRACE_SYSCALL (the stub before its execve).
			break
		}
		t.inSyscall, t.nr, t.args, t.arch = true, r.si.Nr, r.si.Args, r.si.Arch
		if r.si.Arch == format.ArchX86_64 && (r.si.Nr == nrWait4 || r.si.Nr == nrWaitid) {
			t.park(r, true) // most likely a parent waiting for its child
		}
		if t.hidden {
			if r.si.Arch == format.ArchX86_64 && (r.si.Nr == nrExecve || r.si.Nr == nrExecveat) {
				t.hidden, t.execCheck = false, true
			} else {
				r.resume(t, 0)
				return
			}
		}
		t.filtered = r.opts.Trace != nil && r.si.Arch == format.ArchX86_64 && !r.opts.Trace(int(r.si.Nr))
		if t.filtered {
			break
		}
		ev.Reset()
		ev.Kind = format.KindSyscallEntry
		ev.Tid, ev.Time = t.tid, r.now()
		ev.Arch, ev.Nr, ev.Args = r.si.Arch, r.si.Nr, r.si.Args
		r.regs(tid, fromRegs)
		r.stime()
		r.injectEntry(t) // before the capture: poke_enter= changes memory
		r.capture(t, sysent.AtEntry, 0, false)
		if r.stk != nil {
			r.stackAtEntry(t) // -k (stack_linux.go)
		}
		r.notePidsAtEntry(t)
		emitEv = true
	case unix.PTRACE_SYSCALL_INFO_EXIT:
		if t.hidden {
			t.inSyscall = false
			break
		}
		wasIn := t.inSyscall
		t.inSyscall = false
		t.entryNext = wasIn
		if r.stk != nil {
			r.noteMapsChange(t, wasIn)
		}
		if t.execCheck && wasIn {
			// The execve that ended the stub returns here: if it failed,
			// what the stub does next is not the command's.
			t.execCheck = false
			if r.si.isError() {
				defer func() { t.hidden = true }()
			}
		}
		if wasIn {
			r.injectExit(t) // the result -e inject= gives it, from now on
		}
		if r.opts.FdPaths {
			r.followFds(t, wasIn)
		}
		if wasIn && r.opts.FdPaths && (!r.si.isError() || r.connecting(t)) && r.si.Arch == format.ArchX86_64 {
			// What new descriptors refer to goes before the exit, so the
			// exit's own fds are known, and even for a call not recorded.
			emitFds = r.noteFds(t)
		}
		if wasIn && t.arch == format.ArchX86_64 {
			// Even for a call not recorded, as strace: a new command
			// name, and for -e kvm=vcpu mappings that moved.
			if r.opts.Comms && sysent.RenamesTask(t.nr, t.args) {
				r.noteSelf(t, true)
			}
			if r.opts.KVM && changesMaps(t.nr) {
				r.kvmMapsChanged(t)
			}
		}
		if t.filtered && wasIn {
			t.filtered = false
			break
		}
		ev.Reset()
		ev.Kind = format.KindSyscallExit
		ev.Tid, ev.Time = t.tid, r.now()
		ev.Arch = r.si.Arch
		ev.Ret, ev.IsError = r.si.rval(), r.si.isError()
		r.exitTamper(t)
		r.regs(tid, fromRegs)
		r.stime()
		if wasIn {
			ev.Nr = t.nr
		} else {
			ev.Nr = ev.Regs[format.RegOrigRAX]
		}
		if wasIn {
			r.capture(t, sysent.AtExit, ev.Ret, ev.IsError)
			r.notePidsAtExit(t, ev.IsError, ev.Ret)
			if r.opts.KVM && !ev.IsError && t.arch == format.ArchX86_64 && t.nr == nrIoctl && uint32(t.args[1]) == kvmRun {
				ev.KVMExit = r.kvmExit(t, int32(t.args[0]))
			}
		}
		if r.stk != nil {
			r.stackAtExit(t)
		}
		emitEv = true
	}
	if r.syncer != nil {
		// Ordered: the events are consumed (printed) before the task
		// goes on (resume syncs).
		r.emitPids()
		if emitFds {
			r.emitFds()
		}
		if emitEv {
			r.emit()
		}
		r.resumeTampered(t)
		return
	}
	// Everything the events hold was copied from the tracee: it goes on
	// now, and the events are encoded while it runs.
	r.resumeTampered(t)
	r.emitPids()
	if emitFds {
		r.emitFds()
	}
	if emitEv {
		r.emit()
	}
}

// exitFromRegs reads the registers at a syscall stop that can only be
// the exit of the call the task entered, when they are recorded anyway,
// and takes what PTRACE_GET_SYSCALL_INFO would say from them: one ptrace
// call less per exit stop. The kernel reports a call's exit stop after
// its entry stop, whatever happens in between (ptrace events, a
// group-stop), so a task seen entering an x86-64 call is at its exit.
// The result is rax (an error when in [-4095, -1], as IS_ERR_VALUE), the
// instruction and stack pointers rip and rsp. Not used for hidden tasks
// (the exec stub), other ABIs (compat results are 32-bit), or with -e
// inject= (which rewrites rax at the exit).
func (r *Recorder) exitFromRegs(t *task) bool {
	if !r.stopFromRegs(t) || !t.inSyscall || t.arch != format.ArchX86_64 {
		return false
	}
	if getRegs(int(t.tid), &r.xregs) != nil {
		return false
	}
	rax := r.xregs[format.RegRAX]
	r.si = syscallInfo{Op: unix.PTRACE_SYSCALL_INFO_EXIT, Arch: t.arch,
		IP: r.xregs[format.RegRIP], SP: r.xregs[format.RegRSP], Nr: rax}
	if rax >= ^uint64(4095-1) { // -4095 .. -1
		r.si.Args[0] = 1
	}
	return true
}

// stopFromRegs says whether a syscall stop of t may be read from its
// registers alone (exitFromRegs, entryFromRegs): they are recorded anyway,
// t is not the exec stub, and no -e inject= rule rewrites them.
func (r *Recorder) stopFromRegs(t *task) bool {
	return r.opts.Regs && !t.hidden && len(r.opts.Inject) == 0
}

// entryFromRegs is getSyscallInfo for a syscall-entry stop, when the
// registers are recorded anyway (record without --no-regs), from those
// registers: one ptrace call less per entry. It is used only when the stop
// is known to be an entry (the task's previous syscall stop was an exit,
// and rax holds the -ENOSYS the kernel puts there at every x86-64 entry)
// of a 64-bit call (cs 0x33, no x32 bit in orig_rax, made by the syscall
// instruction). Otherwise, and for the exec stub or with -e inject=,
// getSyscallInfo says.
func (r *Recorder) entryFromRegs(t *task) bool {
	if !r.stopFromRegs(t) || t.inSyscall || !t.entryNext {
		return false
	}
	t.entryNext = false
	if getRegs(int(t.tid), &r.xregs) != nil {
		return false
	}
	x := &r.xregs
	const enosys = ^uint64(unix.ENOSYS - 1) // -ENOSYS
	const x32Bit = 0x40000000
	if x[format.RegRAX] != enosys || x[format.RegCS] != 0x33 || x[format.RegOrigRAX]&x32Bit != 0 {
		return false
	}
	// The syscall instruction leaves the return address in rcx and the
	// flags in r11, which the kernel saves as rip and eflags. int 0x80 (an
	// i386 call from a 64-bit process, with cs 0x33 too) leaves rcx and
	// r11 as the program had them.
	if x[format.RegRCX] != x[format.RegRIP] || x[format.RegR11] != x[format.RegEFLAGS] {
		return false
	}
	r.si = syscallInfo{Op: unix.PTRACE_SYSCALL_INFO_ENTRY, Arch: format.ArchX86_64,
		IP: x[format.RegRIP], SP: x[format.RegRSP], Nr: x[format.RegOrigRAX],
		Args: [6]uint64{x[format.RegRDI], x[format.RegRSI], x[format.RegRDX], x[format.RegR10], x[format.RegR8], x[format.RegR9]}}
	return true
}

// stime notes the system CPU time of the stopped task's process.
func (r *Recorder) stime() {
	r.ev.STime = uint64(r.ru.Stime.Sec)*1e9 + uint64(r.ru.Stime.Usec)*1e3
	r.ev.HasSTime = true
}

// regs notes the stopped task's registers in the event, when they are
// recorded: those the stop was read from (have, in r.xregs), or read now.
func (r *Recorder) regs(tid int, have bool) {
	if !r.opts.Regs {
		return
	}
	if have {
		r.ev.Regs, r.ev.HasRegs = r.xregs, true
		return
	}
	if getRegs(tid, &r.ev.Regs) == nil {
		r.ev.HasRegs = true
	}
}

func (r *Recorder) capture(t *task, phase sysent.Phase, ret int64, failed bool) {
	var e *sysent.Entry
	switch t.arch {
	case format.ArchX86_64:
		e = sysent.Lookup(t.nr)
	case format.ArchI386:
		// The x86-64 twin's strings and buffers (int 0x80, 32-bit programs).
		if e = sysent.LookupI386Twin(t.nr); e != nil && !sysent.CaptureI386(e) {
			return
		}
	default:
		return
	}
	if e == nil || (e.Args == nil && e.Capture == nil) {
		return
	}
	r.mem.reset(int(t.tid), &r.ev)
	r.ctx = sysent.Ctx{Phase: phase, Args: t.args, Ret: ret, Failed: failed, SP: r.si.SP, Lim: r.opts.Limits, Mem: &r.mem}
	// An i386 call addresses 32 bits: like strace, show what lies beyond
	// (a 64-bit pointer passed to int 0x80) as unreadable.
	r.mem.below4G = t.arch == format.ArchI386
	e.CaptureMem(&r.ctx)
}

// Signal forwards sig to the launched command; mytrace goes on recording
// until the command ends. It is safe to call from any goroutine.
func (r *Recorder) Signal(sig syscall.Signal) {
	if r.leader > 0 {
		syscall.Kill(r.leader, sig)
	}
}
