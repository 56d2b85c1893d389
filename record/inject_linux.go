//go:build linux && amd64

package record

import (
	"errors"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"mytrace/format"
)

// Tampering with syscalls (-e inject=, -e fault=), as strace does.
//
// At a call's entry stop, the rule that applies to it (the last that
// matches) counts the call in the task's counter for that syscall; when
// its when= picks the call, the recorder
//   - for an error or a return value, sets the call's number (orig_rax)
//     to -1 so that the kernel skips it (or to the syscall= one), and at
//     the exit stop writes -errno or the value into rax;
//   - for a signal, resumes the task from the entry stop with it, so it
//     is pending as the call runs (si_code SI_KERNEL, as strace's); a
//     seccomp stop drops the signal of its restart, so there the signal
//     is given at the exit stop instead (the commands turn kernel
//     filtering off for rules with a signal);
//   - for a delay, leaves the task stopped (at entry or exit) for that
//     long while it goes on with the other tasks;
//   - for poke_enter= and poke_exit=, writes bytes into the task's memory
//     at the address an argument holds, at the entry or exit stop, before
//     the stop's memory is captured (poke_linux.go).
// Both events of the call record what was done (format.Tamper), so the
// printer shows " (INJECTED)" and " (DELAYED)" offline too.

// offsets in struct user (regs come first) for PTRACE_POKEUSER
const (
	offRAX     = format.RegRAX * 8
	offOrigRAX = format.RegOrigRAX * 8
)

// injector is the recorder's state for -e inject=.
type injector struct {
	byNr  []int16 // x86-64 syscall number -> 1 + index of its rule, 0: none
	held  []heldTask
	watch *stopWatch
}

// counter is strace's per-thread, per-syscall copy of a rule's when=.
type counter struct{ first, last, step int }

// taskInject is a task's -e inject= state.
type taskInject struct {
	counters map[uint64]*counter // by syscall number (i386 calls: bit 63 set)
	// The call in progress: tampered says what is done to it.
	tampered bool
	tamper   format.Tamper
	// At the next resume: the signal to give, and how long to hold the
	// task first.
	sig  int
	hold time.Duration
	// sigAtExit: the signal goes with the exit stop's resume (the entry
	// was a seccomp stop).
	sigAtExit int
	// pokeExit: the writes to make at the exit stop (poke_exit=).
	pokeExit []format.Poke
}

// heldTask is a task stopped for a delay.
type heldTask struct {
	t     *task
	tid   int32
	until time.Time
	sig   int
}

// injectRule returns the rule for syscall nr of arch, or nil.
func (r *Recorder) injectRule(nr uint64, arch uint32) *Injection {
	rules := r.opts.Inject
	if r.inj == nil {
		r.inj = &injector{byNr: make([]int16, 1024)}
		for x := range r.inj.byNr {
			for i := len(rules) - 1; i >= 0; i-- {
				if rules[i].Match(uint64(x), format.ArchX86_64) {
					r.inj.byNr[x] = int16(i + 1)
					break
				}
			}
		}
	}
	if arch == format.ArchX86_64 && nr < uint64(len(r.inj.byNr)) {
		if i := r.inj.byNr[nr]; i > 0 {
			return &rules[i-1]
		}
		return nil
	}
	for i := len(rules) - 1; i >= 0; i-- {
		if rules[i].Match(nr, arch) {
			return &rules[i]
		}
	}
	return nil
}

// injectEntry runs at the entry stop of a recorded call, before its event
// is written: it counts the call and, if the rule picks it, tampers with
// it and notes so in the event.
func (r *Recorder) injectEntry(t *task) {
	if len(r.opts.Inject) == 0 {
		return
	}
	if t.inj != nil {
		t.inj.tampered, t.inj.tamper, t.inj.sig, t.inj.hold, t.inj.sigAtExit = false, format.Tamper{}, 0, 0, 0
		t.inj.pokeExit = nil
	}
	if t.execCheck {
		return // the exec stub's own execve: strace does not tamper with it
	}
	rule := r.injectRule(t.nr, t.arch)
	if rule == nil {
		return
	}
	ti := t.inj
	if ti == nil {
		ti = &taskInject{counters: map[uint64]*counter{}}
		t.inj = ti
	}
	key := t.nr
	if t.arch == format.ArchI386 {
		key |= 1 << 63
	}
	c := ti.counters[key]
	if c == nil {
		c = &counter{first: rule.First, last: rule.Last, step: rule.Step}
		ti.counters[key] = c
	}
	// strace's tamper_with_syscall_entering.
	if c.first == 0 || c.last == 0 {
		return
	}
	if c.last != InjectForever {
		c.last--
	}
	c.first--
	if c.first != 0 {
		return
	}
	c.first = c.step

	do := rule.Do
	if do.Flags&(format.TamperError|format.TamperRetval) != 0 {
		nr := ^uint64(0) // -1: the kernel runs nothing
		if do.Flags&format.TamperSyscall != 0 {
			nr = do.Syscall
			if t.arch == format.ArchI386 {
				nr = rule.SyscallI386
			}
		}
		if pokeUser(int(t.tid), offOrigRAX, nr) != nil {
			// The task is gone; nothing was changed.
			do.Flags &^= format.TamperError | format.TamperRetval | format.TamperSyscall
		}
	} else {
		do.Flags &^= format.TamperSyscall
	}
	if do.Flags&format.TamperPoke != 0 {
		// Before the call's memory is captured, so the event shows what
		// the kernel is given (strace pokes before it decodes).
		do.Pokes = r.poke(t, rule.PokeEnter, false, nil)
		ti.pokeExit = rule.PokeExit
	}
	if do.Flags&format.TamperDelayEnter != 0 {
		// strace restarts a task held at entry without the signal.
		do.Flags &^= format.TamperSignal
		ti.hold = time.Duration(do.DelayEnter)
	}
	if do.Flags&format.TamperSignal != 0 {
		if r.si.Op == unix.PTRACE_SYSCALL_INFO_SECCOMP {
			ti.sigAtExit = int(do.Signal)
		} else {
			ti.sig = int(do.Signal)
		}
	}
	ti.tampered, ti.tamper = true, do
	r.ev.Tamper = do
}

// injectExit runs at the exit stop of a call, before anything looks at
// its result: for a call made to fail or return a value, it writes the
// value into rax and into the stop's view (r.si), so that what is
// recorded (descriptors noted for -y, memory captured, the event) is what
// the program sees.
func (r *Recorder) injectExit(t *task) {
	ti := t.inj
	if ti == nil || !ti.tampered {
		return
	}
	do := &ti.tamper
	if len(ti.pokeExit) > 0 {
		// Before the exit's memory is captured (strace pokes before it
		// decodes the result).
		do.Pokes = r.poke(t, ti.pokeExit, true, do.Pokes[:len(do.Pokes):len(do.Pokes)])
		ti.pokeExit = nil
	}
	if do.Flags&(format.TamperError|format.TamperRetval) != 0 {
		v := do.Retval
		if do.Flags&format.TamperError != 0 {
			v = -uint64(do.Errno)
		}
		if pokeUser(int(t.tid), offRAX, v) == nil {
			r.si.Nr = v // the exit view's rval
			r.si.Args[0] = 0
			if do.Flags&format.TamperError != 0 {
				r.si.Args[0] = 1 // is_error
			}
		}
	}
	if do.Flags&format.TamperDelayExit != 0 {
		ti.hold = time.Duration(do.DelayExit)
	}
	ti.sig, ti.sigAtExit = ti.sigAtExit, 0
}

// exitTamper notes in the exit event what was done to the call.
func (r *Recorder) exitTamper(t *task) {
	if t.inj != nil && t.inj.tampered {
		r.ev.Tamper = t.inj.tamper
	}
}

// resumeTampered resumes a task after a syscall stop, with the signal an
// injection gives it, or holds it for a delay.
func (r *Recorder) resumeTampered(t *task) {
	ti := t.inj
	if ti == nil {
		r.resume(t, 0)
		return
	}
	sig, hold := ti.sig, ti.hold
	ti.sig, ti.hold = 0, 0
	if !t.inSyscall {
		ti.tampered, ti.tamper = false, format.Tamper{}
	}
	if hold > 0 && !r.detachReq.Load() {
		r.inj.held = append(r.inj.held, heldTask{t: t, tid: t.tid, until: time.Now().Add(hold), sig: sig})
		return
	}
	r.resume(t, sig)
}

// releaseHeld resumes the held tasks whose delay is over, or all of them.
func (r *Recorder) releaseHeld(all bool) {
	if r.inj == nil || len(r.inj.held) == 0 {
		return
	}
	now := time.Now()
	kept := r.inj.held[:0]
	for _, h := range r.inj.held {
		if !all && now.Before(h.until) {
			kept = append(kept, h)
			continue
		}
		if r.tasks[h.tid] == h.t {
			r.resume(h.t, h.sig)
		}
	}
	clear(r.inj.held[len(kept):])
	r.inj.held = kept
}

// waitHeld waits for the next stop as the loop's waiter does, and while
// tasks are held for a delay, resumes each when its time comes: the
// tracer sleeps until the first of these times or until a tracee stops,
// whichever comes first (see stopWatch).
func (r *Recorder) waitHeld(ws *unix.WaitStatus, idle func()) (int, error) {
	for r.inj != nil && len(r.inj.held) > 0 {
		if r.detachReq.Load() {
			r.releaseHeld(true)
			break
		}
		r.releaseHeld(false)
		if len(r.inj.held) == 0 {
			break
		}
		pid, _, e := unix.RawSyscall6(unix.SYS_WAIT4, ^uintptr(0), uintptr(unsafe.Pointer(ws)),
			unix.WALL|unix.WNOHANG, uintptr(unsafe.Pointer(&r.ru)), 0, 0)
		switch {
		case e == unix.EINTR:
			continue
		case e != 0:
			return int(pid), e
		case pid != 0:
			return int(pid), nil
		}
		if idle != nil {
			idle()
		}
		next := r.inj.held[0].until
		for _, h := range r.inj.held[1:] {
			if h.until.Before(next) {
				next = h.until
			}
		}
		if r.inj.watch == nil {
			r.inj.watch = newStopWatch()
		}
		r.inj.watch.sleep(next)
	}
	return r.wt.wait(ws, &r.ru, idle)
}

// endInject stops what injection started.
func (r *Recorder) endInject() {
	if r.inj != nil && r.inj.watch != nil {
		close(r.inj.watch.arm)
		r.inj.watch = nil
	}
}

// stopWatch tells the tracer thread when a tracee can be waited for,
// without waiting for it: a goroutine blocks in waitid with WNOWAIT (any
// thread of the tracer's process may wait for its tracees) and says so on
// a channel. The tracer thread can then sleep in a select, until a delay
// ends or a tracee stops, and wait4 for the stop itself.
type stopWatch struct {
	arm   chan struct{} // a request to watch once
	ready chan struct{} // a tracee can be waited for (one per request)
	armed bool          // a request is outstanding (tracer thread only)
}

func newStopWatch() *stopWatch {
	w := &stopWatch{arm: make(chan struct{}), ready: make(chan struct{}, 1)}
	go w.run()
	return w
}

func (w *stopWatch) run() {
	for range w.arm {
		var info unix.Siginfo
		for {
			err := unix.Waitid(unix.P_ALL, 0, &info, unix.WEXITED|unix.WNOWAIT|unix.WALL, nil)
			if !errors.Is(err, unix.EINTR) {
				break // a tracee is waitable, or there is none (ECHILD)
			}
		}
		w.ready <- struct{}{}
	}
}

// sleep returns at until, or earlier when a tracee can be waited for.
func (w *stopWatch) sleep(until time.Time) {
	d := time.Until(until)
	if d <= 0 {
		return
	}
	if !w.armed {
		w.arm <- struct{}{}
		w.armed = true
	}
	tm := time.NewTimer(d)
	select {
	case <-w.ready:
		w.armed = false
	case <-tm.C:
	}
	tm.Stop()
}

func pokeUser(tid int, off uintptr, v uint64) error {
	return ptrace(unix.PTRACE_POKEUSR, tid, off, uintptr(v))
}
