//go:build linux && amd64

package record

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"mytrace/format"
)

// Attaching (-p) seizes every thread of each process, interrupts it so
// that syscall tracing starts from a known stop, and records until the
// processes end or Detach is called. A detach interrupts every task,
// waits for each one's stop and lets it go with PTRACE_DETACH, handing
// back a signal it was about to receive, so the process goes on as if it
// had never been traced.
//
// The tracer thread blocks in wait4 between stops, and nothing but a stop
// ends that wait (Go's signal handlers restart it). So that Detach can end
// it while the tracees sleep, the tracer has a waker: a child process (this
// program, re-executed) that exits when the pipe on its stdin is closed.
// Its exit wakes wait4.

// wakerEnv marks the re-executed waker.
const wakerEnv = "MYTRACE_INTERNAL_WAKER"

func init() {
	if _, ok := os.LookupEnv(wakerEnv); !ok {
		return
	}
	var b [1]byte
	for {
		if _, err := os.Stdin.Read(b[:]); err != nil {
			os.Exit(0)
		}
	}
}

// ErrNoProcess is returned when none of the processes to attach to could
// be traced.
var ErrNoProcess = errors.New("no process to trace")

// Attached is a process that was attached to, with how many threads.
type Attached struct {
	Pid     int
	Threads int
}

// AttachError says why a process could not be attached to, as strace
// says it: "attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted".
type AttachError struct {
	Pid int
	Err error
}

func (e *AttachError) Error() string {
	return "attach: ptrace(PTRACE_SEIZE, " + strconv.Itoa(e.Pid) + "): " + errnoText(e.Err)
}

func (e *AttachError) Unwrap() error { return e.Err }

// Attach seizes the processes pids (every thread of each) and returns a
// Recorder for them; Run records until they all end or Detach is called.
// A process that cannot be attached to is reported in Failed and left
// alone; if none can, Attach returns the first error.
func Attach(pids []int, opts Options) (*Recorder, error) {
	// Threads are always followed: a process is traced whole. -f adds
	// its children.
	r, err := newRecorder(opts, unix.PTRACE_O_TRACECLONE)
	if err != nil {
		return nil, err
	}
	r.attach = true
	if opts.Seccomp && opts.Trace != nil {
		r.notice = "every syscall stops the traced processes (a seccomp filter cannot be added to a running process)"
	}
	go r.thread()
	r.do(func() { err = r.attachAll(pids) })
	if err != nil {
		close(r.calls)
		return nil, err
	}
	return r, nil
}

// Attached lists the processes attached to, in the order given.
func (r *Recorder) Attached() []Attached { return r.attached }

// Failed lists the processes that could not be attached to.
func (r *Recorder) Failed() []error { return r.failed }

func (r *Recorder) attachAll(pids []int) error {
	r.start = time.Now()
	var hdr []int32
	for _, pid := range pids {
		if pid == os.Getpid() {
			r.failed = append(r.failed, &AttachError{pid, unix.EPERM})
			continue
		}
		if _, known := r.tasks[int32(pid)]; known {
			continue // the same process twice, or a thread of one given
		}
		n, err := r.seizeProcess(pid)
		if err != nil {
			r.failed = append(r.failed, err)
			continue
		}
		r.attached = append(r.attached, Attached{Pid: pid, Threads: n})
		hdr = append(hdr, int32(pid))
	}
	if len(r.attached) == 0 {
		if len(r.failed) > 0 {
			return r.failed[0]
		}
		return ErrNoProcess
	}
	r.leader = r.attached[0].Pid
	r.res.Pid = r.leader
	r.initHeader(nil, hdr)
	if err := r.startWaker(); err != nil {
		// Without a waker, Detach waits for the next stop.
		r.notice = "detaching waits for the traced processes' next syscall: " + err.Error()
	}
	return nil
}

// seizeProcess seizes pid and every thread of its process, reading the
// thread list again until it stops growing (threads created meanwhile by
// a seized thread are attached by the kernel, PTRACE_O_TRACECLONE).
func (r *Recorder) seizeProcess(pid int) (int, error) {
	tgid, _ := procStatus(int32(pid))
	if tgid <= 0 {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return 0, &AttachError{pid, unix.ESRCH}
		}
		tgid = int32(pid)
	}
	if err := seize(pid, r.ptOpt); err != nil {
		return 0, &AttachError{pid, err}
	}
	r.addAttached(int32(pid), tgid)
	n := 1
	for round := 0; round < 100; round++ {
		ents, err := os.ReadDir("/proc/" + strconv.Itoa(int(tgid)) + "/task")
		if err != nil {
			break
		}
		var tids []int
		for _, e := range ents {
			if tid, err := strconv.Atoi(e.Name()); err == nil {
				tids = append(tids, tid)
			}
		}
		sort.Ints(tids)
		added := 0
		for _, tid := range tids {
			if _, known := r.tasks[int32(tid)]; known {
				continue
			}
			if _, born := r.born[int32(tid)]; born {
				continue
			}
			// ESRCH: it exited meanwhile; EPERM: an exiting thread.
			if seize(tid, r.ptOpt) != nil {
				continue
			}
			r.addAttached(int32(tid), tgid)
			added++
		}
		n += added
		if added == 0 {
			break
		}
	}
	return n, nil
}

// addAttached notes a seized task and interrupts it: its first stop
// announces it (with the call it was in) and starts syscall tracing.
func (r *Recorder) addAttached(tid, tgid int32) {
	r.tasks[tid] = &task{tid: tid, tgid: tgid, startup: true, announce: true}
	interrupt(int(tid))
}

// announce emits a NewTask event for an attached task at its first stop,
// with the syscall it was in (its orig_rax), and for the first task of
// each process what its descriptors refer to.
func (r *Recorder) announce(t *task) {
	t.announce = false
	r.ev.Reset()
	r.ev.Kind = format.KindNewTask
	r.ev.Tid, r.ev.Pid, r.ev.How = t.tid, t.tgid, format.NewTaskAttached
	r.ev.Time = r.now()
	var regs format.Regs
	if getRegs(int(t.tid), &regs) == nil && int64(regs[format.RegOrigRAX]) >= 0 {
		r.ev.Msg = regs[format.RegOrigRAX] + 1
	}
	r.emit()
	r.noteSelf(t, false)
	r.emitPids()
	if !r.opts.FdPaths || r.snapped[t.tgid] {
		return
	}
	if r.snapped == nil {
		r.snapped = map[int32]bool{}
	}
	r.snapped[t.tgid] = true
	ev := &r.fev
	ev.Reset()
	ev.Kind, ev.Tid, ev.Time = format.KindFds, t.tid, r.now()
	r.fdr.reset()
	r.fdr.snapshot(ev, t.tid)
	r.known.Noted(t.tgid, ev)
	r.emitFds()
}

// startWaker starts the waker child; closing r.wakeW ends it.
func (r *Recorder) startWaker() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("waker: %w", err)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("waker: %w", err)
	}
	defer pr.Close()
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		pw.Close()
		return fmt.Errorf("waker: %w", err)
	}
	defer null.Close()
	pid, err := syscall.ForkExec(exe, []string{"mytrace-waker"}, &syscall.ProcAttr{
		Env:   []string{wakerEnv + "=1"},
		Files: []uintptr{pr.Fd(), null.Fd(), null.Fd()},
	})
	if err != nil {
		pw.Close()
		return fmt.Errorf("waker: %w", err)
	}
	r.wakerPid, r.wakeW = pid, pw
	return nil
}

// stopWaker ends the waker and reaps it (on the tracer thread).
func (r *Recorder) stopWaker() {
	r.wakeOnce.Do(func() {
		if r.wakeW != nil {
			r.wakeW.Close()
		}
	})
	if r.wakerPid > 0 {
		var ws unix.WaitStatus
		for {
			_, err := unix.Wait4(r.wakerPid, &ws, 0, nil)
			if !errors.Is(err, unix.EINTR) {
				break
			}
		}
		r.wakerPid = 0
	}
}

// Detach ends an attached recording: every traced task is let go, as it
// was, and Run returns. It is safe to call from any goroutine, more than
// once.
func (r *Recorder) Detach() {
	r.detachReq.Store(true)
	r.wakeOnce.Do(func() {
		if r.wakeW != nil {
			r.wakeW.Close()
		}
	})
}

// detachAll lets every task go (on the tracer thread). Each is interrupted
// and detached at its next stop, with the signal of a signal-delivery stop
// handed back; children that a task was creating are detached too.
func (r *Recorder) detachAll() {
	r.releaseHeld(true) // tasks held by -e inject= delays stop again when interrupted
	pending := map[int32]bool{}
	released := map[int32]bool{}
	tids := make([]int, 0, len(r.tasks))
	for tid := range r.tasks {
		tids = append(tids, int(tid))
	}
	sort.Ints(tids)
	for _, tid := range tids {
		if err := interrupt(tid); err != nil {
			// Gone, or a zombie leader waiting for its threads: there is
			// no stop to wait for.
			r.letGo(int32(tid))
			released[int32(tid)] = true
			continue
		}
		pending[int32(tid)] = true
	}
	for tid := range r.born {
		pending[tid] = true
	}
	for len(pending) > 0 {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WALL, &r.ru)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			break
		}
		tid := int32(pid)
		if pid == r.wakerPid {
			r.wakerPid = 0
			continue
		}
		if ws.Exited() || ws.Signaled() {
			r.taskEnded(tid, ws)
			delete(pending, tid)
			released[tid] = true
			continue
		}
		if !ws.Stopped() {
			continue
		}
		sig := 0
		event := (uint32(ws) >> 16) & 0xff
		switch stop := ws.StopSignal(); {
		case stop == unix.SIGTRAP|0x80, event == unix.PTRACE_EVENT_STOP:
			// A syscall stop, the interrupt, or a group-stop (the task
			// stays stopped once detached).
		case event == unix.PTRACE_EVENT_FORK, event == unix.PTRACE_EVENT_VFORK, event == unix.PTRACE_EVENT_CLONE:
			// The child is already traced: let it go too.
			if msg, err := getEventMsg(pid); err == nil && msg > 0 && !released[int32(msg)] {
				pending[int32(msg)] = true
			}
		case event != 0:
		default:
			sig = int(stop) // a signal about to be delivered: deliver it
		}
		detach(pid, sig)
		r.letGo(tid)
		delete(pending, tid)
		released[tid] = true
	}
	r.stopWaker()
	if !r.attach {
		r.awaitLeader()
	}
}

// awaitLeader waits, after a detach, for the launched command (mytrace's
// child) to end by itself, so that mytrace can exit with its status.
func (r *Recorder) awaitLeader() {
	if _, ok := r.exited[int32(r.leader)]; ok {
		return
	}
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(r.leader, &ws, 0, nil)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err == nil {
			r.noteLeaderEnd(ws)
		}
		return
	}
}

// letGo records that the tracer released tid.
func (r *Recorder) letGo(tid int32) {
	delete(r.born, tid)
	if _, ok := r.tasks[tid]; !ok {
		return
	}
	delete(r.tasks, tid)
	r.ev.Reset()
	r.ev.Kind = format.KindDetach
	r.ev.Tid, r.ev.Time = tid, r.now()
	r.emit()
	r.res.Detached = append(r.res.Detached, int(tid))
}
