//go:build linux && amd64

package record

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/sysent"
)

// Making one syscall inside a running thread (mytrace call; docs/call.md).
//
// The thread is seized and interrupted. Where it stops (the control
// point) its registers and signal mask are saved, every signal is blocked
// (PTRACE_SETSIGMASK) so that none is dequeued while the thread is
// borrowed, and each call is made by pointing rip at a syscall
// instruction with the number and arguments in the registers, resuming
// with PTRACE_SYSCALL to the call's entry stop and then to its exit stop.
// A mapping for the arguments that live in memory is made (mmap) and
// removed (munmap) the same way. The requested call runs with the
// thread's own signal mask. Then the registers and mask are put back,
// the thread is interrupted once more so that it stops where it stopped
// first (inside the kernel's signal handling, on its way back to user
// mode), and it is detached from there: the kernel then restarts a call
// the thread was in, delivers pending signals, and puts a stopped
// process's thread back in its group-stop, exactly as if the thread had
// never been traced.
//
// A thread interrupted in rt_sigsuspend, ppoll, pselect6 or epoll_pwait
// runs with the temporary mask the call installed, and the kernel puts
// the thread's own mask back on its way to user mode (TIF_RESTORE_SIGMASK).
// PTRACE_GETSIGMASK returns that own mask in this case, and
// PTRACE_SETSIGMASK drops the pending switch: the mask given back is the
// thread's own, and the restarted call installs its temporary mask again,
// as it did the first time.

// The kernel's restart codes, as a call interrupted by a signal returns
// them (in rax, negated).
const (
	erestartsys          = 512
	erestartnointr       = 513
	erestartnohand       = 514
	erestartRestartblock = 516
)

type caller struct {
	r    *Recorder
	req  *CallRequest
	res  *CallResult
	tid  int
	t    task
	si   syscallInfo
	regs format.Regs // the registers to give back (at the control point)
	mask uint64      // the signal mask to give back
	insn uint64      // the syscall instruction the calls are made with
	// The state of the tracee: stopped in a ptrace stop (of kind
	// stop), or gone.
	stopped bool
	stop    stopKind
	gone    bool
	// ourEntry: the stop is the entry of a call the caller made, which
	// runs unless it is cancelled.
	ourEntry bool
	// Waiting (wait): a goroutine that tells when the tracee can be
	// waited for, and the user's request to stop.
	arm, ready  chan struct{}
	armed       bool
	stopReq     <-chan struct{}
	interrupted bool
}

type stopKind uint8

const (
	stopEvent   stopKind = iota // PTRACE_EVENT_STOP: an interrupt or group-stop
	stopSyscall                 // a syscall-entry or -exit stop (si says which)
)

// Call makes the syscall req asks for inside thread req.Tid, and writes
// what strace would have traced of it to sink: the thread joining (a
// NewTask event, and with FdPaths its process's descriptors), the call's
// entry and exit events (with their memory, and the descriptors it made),
// then the thread leaving the trace (a Detach event) or its end. The
// thread is left as it was (docs/call.md). Errors are *CallErrors.
func Call(req *CallRequest, sink Sink) (*CallResult, error) {
	if len(req.Args) > 6 {
		return nil, fmt.Errorf("a syscall takes at most 6 arguments, not %d", len(req.Args))
	}
	tgid, err := callTarget(req.Tid)
	if err != nil {
		return nil, err
	}
	r, err := newRecorder(Options{Limits: req.Limits, FdPaths: req.FdPaths, SockDetails: req.SockDetails}, 0)
	if err != nil {
		return nil, err
	}
	r.sink = sink
	r.start = time.Now()
	if req.Header != nil {
		r.initHeader(nil, []int32{int32(tgid)})
		*req.Header = r.header
	}
	c := &caller{r: r, req: req, tid: req.Tid, res: &CallResult{Tgid: tgid}, stopReq: req.Stop}
	c.t = task{tid: int32(req.Tid), tgid: int32(tgid), arch: format.ArchX86_64}
	go r.thread()
	r.do(func() { err = c.run() })
	// The tracer thread ends with its goroutine; were the thread still
	// tracing the target (it cannot be let go), its end detaches it.
	close(r.calls)
	if c.arm != nil {
		close(c.arm)
	}
	if err != nil {
		return c.res, err
	}
	return c.res, nil
}

// callTarget checks that tid is a thread a call can be made in, and
// returns its process.
func callTarget(tid int) (int, error) {
	st, err := readStatus(tid)
	if err != nil {
		return 0, &CallError{Pid: tid, Err: unix.ESRCH}
	}
	tgid, _ := strconv.Atoi(st["Tgid"])
	switch {
	case tgid == os.Getpid():
		return 0, &CallError{Pid: tid, Err: unix.EPERM, Reason: "it is mytrace itself"}
	case strings.HasPrefix(st["State"], "Z"), strings.HasPrefix(st["State"], "X"):
		if ents, err := os.ReadDir("/proc/" + strconv.Itoa(tid) + "/task"); err == nil && len(ents) > 1 && tgid == tid {
			return 0, &CallError{Pid: tid, Err: fmt.Errorf("its main thread has exited: give the id of another of its threads (/proc/%d/task)", tid)}
		}
		return 0, &CallError{Pid: tid, Err: errors.New("it has exited (a zombie waiting for its parent)")}
	case st["Seccomp"] == "1":
		return 0, &CallError{Pid: tid, Err: errors.New("it runs in seccomp strict mode, where any call but read, write, _exit and sigreturn kills it")}
	}
	if kind := elfKind(tgid); kind != "" {
		return 0, &CallError{Pid: tid, Err: errors.New("it is " + kind + " program; calls are made through the x86-64 ABI only")}
	}
	return tgid, nil
}

// readStatus reads /proc/TID/status into a map of its fields.
func readStatus(tid int) (map[string]string, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(tid) + "/status")
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m, nil
}

// elfKind says, from its executable's ELF header, whether process pid
// is a 32-bit program ("a 32-bit (i386)") or an x32 one ("an x32"); ""
// for an x86-64 program or when the file cannot be read.
func elfKind(pid int) string {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/exe")
	if err != nil {
		return ""
	}
	defer f.Close()
	var h [20]byte
	if n, _ := f.Read(h[:]); n < len(h) || string(h[:4]) != "\x7fELF" {
		return ""
	}
	class, machine := h[4], uint16(h[18])|uint16(h[19])<<8
	switch {
	case class == 1 && machine == 62:
		return "an x32"
	case class == 1:
		return "a 32-bit (i386)"
	}
	return ""
}

// PermissionReason says why ptrace may not attach to process pid, from
// what the system says about it: another tracer, the Yama ptrace_scope
// setting (scope, "" without Yama), or the owner's user id (uid) when
// mytrace runs as euid. It returns "" when none of these explains it.
func PermissionReason(euid int, scope string, tracer int, tracerName string, uid int) string {
	switch {
	case tracer != 0:
		if tracerName != "" {
			return fmt.Sprintf("it is already traced by process %d (%s)", tracer, tracerName)
		}
		return fmt.Sprintf("it is already traced by process %d", tracer)
	case scope == "3":
		return "kernel.yama.ptrace_scope is 3: no process may be traced"
	case euid != 0 && uid >= 0 && uid != euid:
		return fmt.Sprintf("mytrace runs as uid %d, not root, and the process belongs to uid %d", euid, uid)
	case euid != 0 && scope == "2":
		return "kernel.yama.ptrace_scope is 2: only root (CAP_SYS_PTRACE) may trace"
	case euid != 0 && scope == "1":
		return "kernel.yama.ptrace_scope is 1: only a process's ancestors, or root, may trace it"
	case euid != 0:
		return "mytrace is not root, and the process may not be traced by its owner (set-uid, or not dumpable)"
	}
	return ""
}

// permissionReason is PermissionReason for thread tid, now.
func permissionReason(tid int) string {
	st, err := readStatus(tid)
	if err != nil {
		return ""
	}
	tracer, _ := strconv.Atoi(st["TracerPid"])
	name := ""
	if tracer != 0 {
		if b, err := os.ReadFile("/proc/" + strconv.Itoa(tracer) + "/comm"); err == nil {
			name = strings.TrimSpace(string(b))
		}
	}
	uid := -1
	if f := strings.Fields(st["Uid"]); len(f) > 0 {
		uid, _ = strconv.Atoi(f[0])
	}
	scope := ""
	if b, err := os.ReadFile("/proc/sys/kernel/yama/ptrace_scope"); err == nil {
		scope = strings.TrimSpace(string(b))
	}
	if st["Kthread"] == "1" {
		return "it is a kernel thread"
	}
	return PermissionReason(os.Geteuid(), scope, tracer, name, uid)
}

// run is the whole call, on the tracer thread.
func (c *caller) run() (err error) {
	// PTRACE_O_TRACEEXIT: a thread that exits in the call (exit,
	// exit_group) shows it as strace shows it ("= ?").
	if err := seize(c.tid, unix.PTRACE_O_TRACESYSGOOD|unix.PTRACE_O_TRACEEXIT); err != nil {
		ce := &CallError{Pid: c.tid, Err: err}
		if errors.Is(err, unix.EPERM) {
			ce.Reason = permissionReason(c.tid)
		}
		return ce
	}
	c.stopped = false
	defer func() {
		// Whatever happened, the thread goes back as it was.
		if ferr := c.finish(); ferr != nil && err == nil {
			err = ferr
		}
	}()
	if err := c.toControlPoint(); err != nil {
		return err
	}
	if c.regs[format.RegCS] != 0x33 {
		return &CallError{Pid: c.tid, Err: errors.New("it runs in 32-bit mode; calls are made through the x86-64 ABI only")}
	}
	if err := c.findInsn(); err != nil {
		return err
	}
	// From now on no signal is dequeued: pending ones stay pending.
	if err := setSigmask(c.tid, ^uint64(0)); err != nil {
		return c.lost(err)
	}
	c.emitJoin()

	var base uint64
	size := scratchSize(c.req.Args)
	if size > 0 {
		ret, isErr, err := c.call(nrMmap, [6]uint64{0, size, unix.PROT_READ | unix.PROT_WRITE,
			unix.MAP_PRIVATE | unix.MAP_ANONYMOUS, ^uint64(0), 0}, false)
		if err != nil {
			return err
		}
		if isErr {
			return &CallError{Pid: c.tid, Err: fmt.Errorf("mapping %d bytes for the arguments: %w", size, unix.Errno(-int64(ret)))}
		}
		base = ret
	}
	var args [6]uint64
	off := uint64(0)
	for i, a := range c.req.Args {
		if !a.Scratch {
			args[i] = a.Value
			continue
		}
		args[i] = base + off
		if len(a.Data) > 0 {
			if n, err := pokeMem(c.tid, base+off, a.Data); n != len(a.Data) {
				if err == nil {
					err = unix.EFAULT
				}
				return &CallError{Pid: c.tid, Err: fmt.Errorf("copying argument %d into the target: %w", i+1, err)}
			}
		}
		off += scratchLen(a)
	}
	select {
	case <-c.req.Stop:
		return &CallError{Pid: c.tid, Err: errors.New("interrupted before the call was made")}
	default:
	}
	ret, isErr, err := c.call(uint64(c.req.Nr), args, true)
	if c.gone && c.res.Exited && c.req.NoReturn {
		return nil // exit, exit_group: the thread is gone, as asked
	}
	if err != nil {
		return err
	}
	c.res.Ret, c.res.IsError = int64(ret), isErr
	if !c.returned(isErr) {
		// The thread goes on as the call left it (exec'd, or back from
		// a signal frame): let it go from the exit stop, as it is.
		c.letGo()
		return nil
	}
	if size > 0 {
		if err := c.checkInsn(); err != nil {
			return err
		}
		if ret, isErr, err := c.call(nrMunmap, [6]uint64{base, size}, false); err != nil {
			return err
		} else if isErr {
			return &CallError{Pid: c.tid, Err: fmt.Errorf("removing the mapping made for the arguments at %#x: %w", base, unix.Errno(-int64(ret)))}
		}
	}
	return nil
}

// toControlPoint interrupts the seized thread and waits for the stop its
// work is done from, saving what is given back at the end.
func (c *caller) toControlPoint() error {
	if err := interrupt(c.tid); err != nil {
		return c.lost(err)
	}
	for {
		ws, err := c.wait()
		if err != nil {
			return err
		}
		if !ws.Stopped() {
			continue
		}
		event := (uint32(ws) >> 16) & 0xff
		if event == unix.PTRACE_EVENT_STOP {
			break
		}
		// A signal being delivered as the thread was seized goes on to
		// the thread (another stop, its exit, goes on too), and the
		// interrupt's stop comes next.
		sig := 0
		if event == 0 {
			sig = int(ws.StopSignal())
		}
		if err := ptrace(unix.PTRACE_CONT, c.tid, 0, uintptr(sig)); err != nil {
			return c.lost(err)
		}
		c.stopped = false
	}
	if err := getRegs(c.tid, &c.regs); err != nil {
		return c.lost(err)
	}
	mask, err := getSigmask(c.tid)
	if err != nil {
		return c.lost(err)
	}
	c.mask = mask
	nr, rax := int64(c.regs[format.RegOrigRAX]), -int64(c.regs[format.RegRAX])
	restarting := rax == erestartsys || rax == erestartnointr || rax == erestartnohand || rax == erestartRestartblock
	if nr >= 0 && restarting {
		c.res.Restart = syscallName(uint64(nr))
		if rax == erestartRestartblock {
			c.res.Restart += " (through restart_syscall)"
		}
	}
	return nil
}

func syscallName(nr uint64) string {
	if e := sysent.Lookup(nr); e != nil {
		return e.Name
	}
	return "syscall_0x" + strconv.FormatUint(nr, 16)
}

// findInsn picks the syscall instruction the calls are made with: the
// one the thread is stopped in, else one in the vDSO, else one in an
// executable mapping of the process.
func (c *caller) findInsn() error {
	maps, err := c.execMappings()
	if err != nil {
		return c.lost(err)
	}
	if int64(c.regs[format.RegOrigRAX]) >= 0 {
		at := c.regs[format.RegRIP] - 2
		if isSyscallInsn(c.tid, at, maps) {
			c.insn, c.res.Insn, c.res.InsnFrom = at, at, "the interrupted call"
			return nil
		}
	}
	var buf []byte
	for _, m := range maps {
		size := min(m.end-m.start, 64<<20)
		if uint64(cap(buf)) < size {
			buf = make([]byte, size)
		}
		b := buf[:size]
		mr := memReader{tid: c.tid}
		n, _ := mr.readInto(b, m.start)
		if i := bytes.Index(b[:n], []byte{0x0f, 0x05}); i >= 0 {
			c.insn = m.start + uint64(i)
			c.res.Insn, c.res.InsnFrom = c.insn, m.name
			if c.res.InsnFrom == "" {
				c.res.InsnFrom = "an anonymous executable mapping"
			}
			return nil
		}
	}
	return &CallError{Pid: c.tid, Err: errors.New("no syscall instruction found in its executable mappings")}
}

// checkInsn makes sure, after the requested call (which may have
// unmapped or protected it), that the syscall instruction can still be
// run, and picks another if not: running it would fault, and the kernel
// resets the handler of a fault it forces on a thread that blocks it.
func (c *caller) checkInsn() error {
	maps, err := c.execMappings()
	if err != nil {
		return c.lost(err)
	}
	if isSyscallInsn(c.tid, c.insn, maps) {
		return nil
	}
	return c.findInsn()
}

// execMappings lists the executable mappings of the thread's process,
// the vDSO first ([vsyscall], which traps, left out).
func (c *caller) execMappings() ([]mapping, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(c.tid) + "/maps")
	if err != nil {
		return nil, err
	}
	var maps []mapping
	for _, ln := range strings.Split(string(b), "\n") {
		m, ok := parseMapping(ln)
		if !ok || !strings.Contains(m.perms, "x") || m.name == "[vsyscall]" {
			continue
		}
		if m.name == "[vdso]" {
			maps = append([]mapping{m}, maps...)
		} else {
			maps = append(maps, m)
		}
	}
	return maps, nil
}

// isSyscallInsn reports whether addr holds a syscall instruction in one
// of the executable mappings maps.
func isSyscallInsn(tid int, addr uint64, maps []mapping) bool {
	for _, m := range maps {
		if addr >= m.start && addr+2 <= m.end {
			w, err := peekData(tid, addr)
			return err == nil && uint16(w) == 0x050f
		}
	}
	return false
}

// mapping is a line of /proc/PID/maps.
type mapping struct {
	start, end uint64
	perms      string
	name       string
}

func parseMapping(ln string) (mapping, bool) {
	f := strings.Fields(ln)
	if len(f) < 5 {
		return mapping{}, false
	}
	lo, hi, ok := strings.Cut(f[0], "-")
	if !ok {
		return mapping{}, false
	}
	start, err1 := strconv.ParseUint(lo, 16, 64)
	end, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || end <= start {
		return mapping{}, false
	}
	m := mapping{start: start, end: end, perms: f[1]}
	if len(f) > 5 {
		m.name = strings.Join(f[5:], " ")
	}
	return m, true
}

// scratchLen is the room an argument takes in the mapping.
func scratchLen(a CallArg) uint64 {
	n := uint64(max(len(a.Data), a.Size, 1))
	return (n + 15) &^ 15
}

// scratchSize is the size of the mapping the arguments need (0: none).
func scratchSize(args []CallArg) uint64 {
	var n uint64
	for _, a := range args {
		if a.Scratch {
			n += scratchLen(a)
		}
	}
	return (n + pageSize - 1) &^ (pageSize - 1)
}

// call makes syscall nr with args from the stop the thread is in (one
// from which it goes back to user mode), and returns at its exit stop
// with what it returned. The requested call (main) is recorded, and runs
// with the thread's own signal mask.
func (c *caller) call(nr uint64, args [6]uint64, main bool) (uint64, bool, error) {
	regs := c.regs
	regs[format.RegRIP], regs[format.RegRAX], regs[format.RegOrigRAX] = c.insn, nr, ^uint64(0)
	regs[format.RegRDI], regs[format.RegRSI], regs[format.RegRDX] = args[0], args[1], args[2]
	regs[format.RegR10], regs[format.RegR8], regs[format.RegR9] = args[3], args[4], args[5]
	if err := setRegs(c.tid, &regs); err != nil {
		return 0, false, c.lost(err)
	}
	if err := c.nextSyscallStop(); err != nil {
		return 0, false, err
	}
	if c.si.Op != unix.PTRACE_SYSCALL_INFO_ENTRY || c.si.Nr != nr {
		return 0, false, &CallError{Pid: c.tid, Err: fmt.Errorf("the thread did not make the call (stopped in syscall %d)", c.si.Nr)}
	}
	c.ourEntry = true
	if main {
		c.t.nr, c.t.args, c.t.inSyscall = nr, c.si.Args, true
		c.recordEntry()
		if err := setSigmask(c.tid, c.mask); err != nil {
			return 0, false, c.lost(err)
		}
	}
	if err := c.nextSyscallStop(); err != nil {
		if main && c.gone && c.res.Exited {
			c.recordEnd()
		}
		return 0, false, err
	}
	c.ourEntry = false
	if c.si.Op != unix.PTRACE_SYSCALL_INFO_EXIT {
		return 0, false, &CallError{Pid: c.tid, Err: errors.New("no exit stop after the call's entry")}
	}
	ret, isErr := c.si.Nr, c.si.isError()
	if main {
		if c.returned(isErr) {
			// The call may have changed the mask (rt_sigprocmask): that
			// is what is given back.
			mask, err := getSigmask(c.tid)
			if err != nil {
				return 0, false, c.lost(err)
			}
			c.mask = mask
			if err := setSigmask(c.tid, ^uint64(0)); err != nil {
				return 0, false, c.lost(err)
			}
		}
		c.recordExit()
	}
	return ret, isErr, nil
}

// returned reports whether the requested call, which failed or not
// (isErr), came back to the code that made it: any call but those that
// do not return (NoReturn), and a failed execve or execveat.
func (c *caller) returned(isErr bool) bool {
	return !c.req.NoReturn || isErr && (c.req.Nr == nrExecve || c.req.Nr == nrExecveat)
}

// nextSyscallStop resumes the stopped thread with PTRACE_SYSCALL and
// waits for its next syscall stop (in c.si). It goes on past the stop of
// an interrupt and a group-stop (a stopped process stays so once the
// thread is let go); a stop signal is delivered, which stops the
// process; another signal can only be one the calls raised themselves
// (every other is blocked): it is not delivered.
func (c *caller) nextSyscallStop() error {
	sig := 0
	for {
		if err := resumeSyscall(c.tid, sig); err != nil {
			return c.lost(err)
		}
		c.stopped, sig = false, 0
		ws, err := c.wait()
		if err != nil {
			return err
		}
		if !ws.Stopped() {
			continue
		}
		switch s := ws.StopSignal(); {
		case s == unix.SIGTRAP|0x80:
			if err := getSyscallInfo(c.tid, &c.si); err != nil {
				return c.lost(err)
			}
			return nil
		case (uint32(ws)>>16)&0xff == unix.PTRACE_EVENT_EXIT:
			if c.ourEntry && c.t.inSyscall {
				c.recordExiting()
			}
		case (uint32(ws)>>16)&0xff != 0:
		case s == unix.SIGSTOP || s == unix.SIGTSTP || s == unix.SIGTTIN || s == unix.SIGTTOU:
			sig = int(s)
		case s == unix.SIGSEGV || s == unix.SIGBUS || s == unix.SIGILL || s == unix.SIGFPE:
			// The instruction cannot be run (checkInsn should have seen
			// it): it would fault again and again. The thread is given
			// back from this stop, the fault dropped.
			c.res.Dropped = append(c.res.Dropped, int(s))
			return &CallError{Pid: c.tid, Err: fmt.Errorf("the syscall instruction at %#x could not be run (%s)", c.insn, signalName(s))}
		default:
			c.res.Dropped = append(c.res.Dropped, int(s))
		}
	}
}

// wait waits for the thread's next stop or end, noting which; when the
// user asks to stop meanwhile, the thread is interrupted (a call that
// blocks returns).
func (c *caller) wait() (unix.WaitStatus, error) {
	var ws unix.WaitStatus
	for {
		pid, err := unix.Wait4(c.tid, &ws, unix.WALL|unix.WNOHANG, nil)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			c.gone = true
			return ws, &CallError{Pid: c.tid, Err: err}
		}
		if pid == c.tid {
			switch {
			case ws.Exited() || ws.Signaled():
				c.gone, c.stopped = true, false
				c.res.Exited, c.res.Status = true, syscall.WaitStatus(ws)
				return ws, &CallError{Pid: c.tid, Err: errEnded(ws)}
			case ws.Stopped():
				c.stopped = true
				c.stop = stopEvent
				if ws.StopSignal() == unix.SIGTRAP|0x80 {
					c.stop = stopSyscall
				} else if (uint32(ws)>>16)&0xff == unix.PTRACE_EVENT_STOP {
					switch ws.StopSignal() {
					case unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU:
						c.res.Stopped = true
					default:
						c.res.Stopped = false
					}
				}
			}
			return ws, nil
		}
		if c.arm == nil {
			c.arm, c.ready = make(chan struct{}), make(chan struct{}, 1)
			go c.watch()
		}
		if !c.armed {
			c.arm <- struct{}{}
			c.armed = true
		}
		select {
		case <-c.ready:
			c.armed = false
		case <-c.stopReq:
			c.stopReq = nil
			if !c.interrupted {
				c.interrupted = true
				interrupt(c.tid)
			}
		}
	}
}

// watch tells wait, once per request on arm, when the thread can be
// waited for (without waiting for it: WNOWAIT).
func (c *caller) watch() {
	for range c.arm {
		var info unix.Siginfo
		for {
			err := unix.Waitid(unix.P_PID, c.tid, &info, unix.WEXITED|unix.WSTOPPED|unix.WNOWAIT|unix.WALL, nil)
			if !errors.Is(err, unix.EINTR) {
				break
			}
		}
		c.ready <- struct{}{}
	}
}

// errEnded says how the thread ended.
func errEnded(ws unix.WaitStatus) error {
	if ws.Signaled() {
		return fmt.Errorf("it was killed by %s", signalName(ws.Signal()))
	}
	return fmt.Errorf("it exited with status %d", ws.ExitStatus())
}

func signalName(s unix.Signal) string {
	if n := unix.SignalName(s); n != "" {
		return n
	}
	return "signal " + strconv.Itoa(int(s))
}

// lost turns a failed ptrace request into an error: the thread is gone,
// or something unexpected stopped the work.
func (c *caller) lost(err error) error {
	if errors.Is(err, unix.ESRCH) {
		if _, serr := os.Stat("/proc/" + strconv.Itoa(c.tid)); serr != nil {
			c.gone = true
			return &CallError{Pid: c.tid, Err: errors.New("it ended during the call")}
		}
	}
	return &CallError{Pid: c.tid, Err: err}
}

// finish gives the thread back as it was and lets it go: it is stopped
// (interrupted if need be), a call of ours it is about to make is
// cancelled, the registers and signal mask are put back, and the thread
// is detached from an interrupt stop, where it first stopped.
func (c *caller) finish() error {
	if c.gone {
		return nil
	}
	if !c.stopped {
		// Stopped in the middle of something that failed: stop it.
		if err := interrupt(c.tid); err != nil {
			return c.lost(err)
		}
		for {
			ws, err := c.wait()
			if err != nil {
				return err
			}
			if !ws.Stopped() {
				continue
			}
			if c.stop == stopSyscall || (uint32(ws)>>16)&0xff != 0 {
				break
			}
			// A signal-delivery stop: a stop signal goes on (the
			// process stops), another the calls raised is dropped, as
			// in nextSyscallStop.
			sig := 0
			switch s := ws.StopSignal(); s {
			case unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU:
				sig = int(s)
			default:
				c.res.Dropped = append(c.res.Dropped, int(s))
			}
			if err := ptrace(unix.PTRACE_CONT, c.tid, 0, uintptr(sig)); err != nil {
				return c.lost(err)
			}
			c.stopped = false
		}
	}
	if c.stop == stopSyscall && c.ourEntry {
		// Skip the call: the kernel runs none with number -1.
		if err := pokeUser(c.tid, offOrigRAX, ^uint64(0)); err != nil {
			return c.lost(err)
		}
		if err := c.nextSyscallStop(); err != nil {
			return err
		}
		c.ourEntry = false
	}
	if err := setRegs(c.tid, &c.regs); err != nil {
		return c.lost(err)
	}
	if err := setSigmask(c.tid, c.mask); err != nil {
		return c.lost(err)
	}
	if c.stop != stopEvent {
		// Back into the kernel's signal handling, where it stopped
		// first: the interrupt's stop comes before any signal.
		if err := interrupt(c.tid); err != nil {
			return c.lost(err)
		}
		sig := 0
		for {
			if err := ptrace(unix.PTRACE_CONT, c.tid, 0, uintptr(sig)); err != nil {
				return c.lost(err)
			}
			c.stopped, sig = false, 0
			ws, err := c.wait()
			if err != nil {
				return err
			}
			if !ws.Stopped() {
				continue
			}
			if (uint32(ws)>>16)&0xff == unix.PTRACE_EVENT_STOP {
				break
			}
			if (uint32(ws)>>16)&0xff == 0 {
				// Restored, the thread gets its signals as it would
				// have (the interrupt's stop comes first, so this is
				// rare).
				sig = int(ws.StopSignal())
			}
		}
	}
	c.letGo()
	return nil
}

// letGo detaches the stopped thread as it is.
func (c *caller) letGo() {
	if c.gone || !c.stopped {
		return
	}
	detach(c.tid, 0)
	c.gone, c.stopped = true, false
	r := c.r
	r.ev.Reset()
	r.ev.Kind, r.ev.Tid, r.ev.Time = format.KindDetach, c.t.tid, r.now()
	r.emit()
}

// emitJoin records the thread joining, and with FdPaths what its
// process's descriptors refer to.
func (c *caller) emitJoin() {
	r := c.r
	r.ev.Reset()
	r.ev.Kind = format.KindNewTask
	r.ev.Tid, r.ev.Pid, r.ev.How = c.t.tid, c.t.tgid, format.NewTaskAttached
	r.ev.Time = r.now()
	r.emit()
	if c.req.FdPaths {
		ev := &r.fev
		ev.Reset()
		ev.Kind, ev.Tid, ev.Time = format.KindFds, c.t.tid, r.now()
		r.fdr.reset()
		r.fdr.snapshot(ev, c.t.tid)
		r.known.Noted(c.t.tgid, ev)
		r.emitFds()
	}
}

// recordEntry records the requested call's entry stop, with the memory
// its arguments point to.
func (c *caller) recordEntry() {
	r := c.r
	r.si = c.si
	ev := &r.ev
	ev.Reset()
	ev.Kind = format.KindSyscallEntry
	ev.Tid, ev.Time = c.t.tid, r.now()
	ev.Arch, ev.Nr, ev.Args = format.ArchX86_64, c.t.nr, c.t.args
	r.capture(&c.t, sysent.AtEntry, 0, false)
	r.emit()
}

// recordExit records the requested call's exit stop: the descriptors it
// made (-y), its result and the memory it wrote.
func (c *caller) recordExit() {
	r := c.r
	r.si = c.si
	c.t.inSyscall = false
	if c.req.FdPaths && !r.si.isError() && r.noteFds(&c.t) {
		r.emitFds()
	}
	ev := &r.ev
	ev.Reset()
	ev.Kind = format.KindSyscallExit
	ev.Tid, ev.Time = c.t.tid, r.now()
	ev.Arch, ev.Nr = format.ArchX86_64, c.t.nr
	ev.Ret, ev.IsError = r.si.rval(), r.si.isError()
	r.capture(&c.t, sysent.AtExit, ev.Ret, ev.IsError)
	r.emit()
}

// recordExiting records that the thread is exiting in the requested
// call (PTRACE_EVENT_EXIT).
func (c *caller) recordExiting() {
	r := c.r
	msg, _ := getEventMsg(c.tid)
	r.ev.Reset()
	r.ev.Kind, r.ev.Tid, r.ev.Time = format.KindPtraceEvent, c.t.tid, r.now()
	r.ev.PtraceEvent, r.ev.Msg = unix.PTRACE_EVENT_EXIT, msg
	r.emit()
}

// recordEnd records the thread's end during the requested call.
func (c *caller) recordEnd() {
	r := c.r
	r.ev.Reset()
	r.ev.Kind = format.KindExit
	r.ev.Tid, r.ev.Time, r.ev.Status = c.t.tid, r.now(), uint32(c.res.Status)
	r.emit()
}

func setRegs(tid int, r *format.Regs) error {
	return ptrace(unix.PTRACE_SETREGS, tid, 0, uintptr(unsafe.Pointer(r)))
}

// getSigmask and setSigmask read and set the thread's blocked signals
// (PTRACE_GETSIGMASK, PTRACE_SETSIGMASK; the kernel never blocks SIGKILL
// and SIGSTOP).
func getSigmask(tid int) (uint64, error) {
	var m uint64
	err := ptrace(unix.PTRACE_GETSIGMASK, tid, 8, uintptr(unsafe.Pointer(&m)))
	return m, err
}

func setSigmask(tid int, m uint64) error {
	return ptrace(unix.PTRACE_SETSIGMASK, tid, 8, uintptr(unsafe.Pointer(&m)))
}
