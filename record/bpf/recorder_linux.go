//go:build linux && amd64

package bpf

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/record"
	"mytrace/sysent"
)

// Recorder records a launched command, or attached processes, with the
// BPF programs. It has the methods of the ptrace recorder
// (record.Recorder) that a tracing session uses.
type Recorder struct {
	opts   record.Options
	cfg    Config
	header format.Header
	objs   recorderObjects
	// progs and dataMaps are what objs does not hold: the programs as
	// loaded (objs' program fields are not used), and the maps of the
	// global variables (.rodata, .bss).
	progs     []*ebpf.Program
	progNames []string
	dataMaps  map[string]*ebpf.Map
	// stats keeps the kernel counting the programs' runs and run time
	// (MYTRACE_BPF_TIMING).
	stats io.Closer
	links []link.Link
	table *Table
	rg    *ring

	leader   int // launched command (0 when attaching)
	attached []record.Attached
	failed   []error
	detach   atomic.Bool
	kicked   atomic.Bool
	closeMu  sync.Mutex
	closed   bool
	startTid []startTask // tasks announced when Run starts
	startFds []format.FdPath
	res      record.Result
}

// load loads and attaches the programs, configured by opts and cfg.
func load(opts record.Options, cfg Config) (*Recorder, error) {
	steps := newStartSteps()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if opts.Limits.Path == 0 {
		opts.Limits.Path = sysent.DefaultPathMax
	}
	if len(opts.Inject) > 0 {
		return nil, errors.New("-e inject= and -e fault= need --backend=ptrace: the bpf backend never stops the traced program, so it cannot change a call")
	}
	e := startEarly(cfg.Buffer, steps)
	table, err := BuildTable(opts.Trace)
	if err != nil {
		e.abandon()
		return nil, err
	}
	t := time.Now()
	spec, err := loadRecorder()
	if err != nil {
		e.abandon()
		return nil, fmt.Errorf("BPF unavailable: reading the recorder's object: %w", err)
	}
	steps.done("object", t)
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		e.abandon()
		return nil, fmt.Errorf("BPF unavailable: %w", err)
	}
	spec.Maps["scratch"].MaxEntries = uint32(ncpu)
	spec.Maps["events"].MaxEntries = uint32(cfg.Buffer)
	strLim := uint32(opts.Limits.Str + 1)
	if opts.Limits.DumpRead != nil || opts.Limits.DumpWrite != nil {
		strLim = max(strLim, chunkMax)
	}
	vecs, envs := strLim, uint32(0)
	if opts.Limits.Verbose {
		vecs, envs = vecMaxPtrs, vecMaxPtrs
	}
	stack := uint32(0)
	if opts.Stack {
		stack = uint32(record.DefaultStackSize)
		if opts.StackSize > 0 {
			stack = uint32(min(opts.StackSize, chunkMax))
		}
	}
	vars := map[string]any{
		"str_limit":     strLim,
		"path_limit":    uint32(opts.Limits.Path),
		"follow":        b2u(opts.Follow),
		"want_regs":     b2u(opts.Regs || opts.Stack),
		"stack_bytes":   stack,
		"wake_at":       uint64(cfg.Buffer / 8),
		"vec_strings":   vecs,
		"env_strings":   envs,
		"trace_unknown": b2u(opts.Trace == nil),
		"note_fds":      b2u(opts.FdPaths),
		"noop_hooks":    b2u(os.Getenv("MYTRACE_BPF_NOOP") != ""),
	}
	for name, v := range vars {
		sv, ok := spec.Variables[name]
		if !ok {
			e.abandon()
			return nil, fmt.Errorf("BPF object has no variable %s", name)
		}
		if err := sv.Set(v); err != nil {
			e.abandon()
			return nil, fmt.Errorf("setting %s: %w", name, err)
		}
	}
	r := &Recorder{opts: opts, cfg: cfg, table: table}
	if steps.on {
		r.stats, _ = ebpf.EnableStats(uint32(unix.BPF_STATS_RUN_TIME))
	}
	if err := r.loadObjects(spec, e, steps); err != nil {
		r.close()
		return nil, err
	}
	steps.report()
	return r, nil
}

// unavailable says that BPF cannot be used, and why.
func unavailable(what string, err error) error {
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		return fmt.Errorf("BPF unavailable: %s: the kernel's verifier refused them: %w", what, err)
	}
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		return fmt.Errorf("BPF unavailable: %s: %w (the bpf backend needs root: CAP_BPF and CAP_PERFMON)", what, err)
	}
	return fmt.Errorf("BPF unavailable: %s: %w", what, err)
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// close detaches and unloads everything; safe to call twice.
func (r *Recorder) close() {
	r.closeMu.Lock()
	defer r.closeMu.Unlock()
	if r.closed {
		return
	}
	r.closed = true
	t0 := time.Now()
	if r.stats != nil {
		fmt.Fprintf(os.Stderr, "bpf: programs: %s\n", r.runStats())
		r.stats.Close()
	}
	for _, l := range r.links {
		l.Close()
	}
	tl := time.Now()
	if r.rg != nil {
		// Unmapping the ring takes milliseconds.
		r.rg.close()
	}
	if os.Getenv("MYTRACE_BPF_TIMING") != "" {
		defer func(tr time.Time) {
			fmt.Fprintf(os.Stderr, "bpf: close %.1fms: links %.1fms, reader %.1fms\n", ms(time.Since(t0)), ms(tl.Sub(t0)), ms(tr.Sub(tl)))
		}(time.Now())
	}
	for _, p := range r.progs {
		p.Close()
	}
	for _, m := range r.dataMaps {
		m.Close()
	}
	r.objs.recorderMaps.Close()
}

// Launch starts argv (path from record.LookPath) and records it from its
// execve on. The command waits, stopped before its execve, until Run.
func Launch(path string, argv []string, opts record.Options, cfg Config) (*Recorder, error) {
	start := time.Now()
	// The stub starts (and stops itself) while the programs load.
	type started struct {
		pid int
		err error
	}
	stub := make(chan started, 1)
	go func() {
		pid, err := record.StartStopped(path, argv, opts.Env, opts.User)
		stub <- started{pid, err}
	}()
	r, err := load(opts, cfg)
	st := <-stub
	if err != nil {
		if st.err == nil {
			syscall.Kill(st.pid, syscall.SIGKILL)
			syscall.Wait4(st.pid, nil, 0, nil)
		}
		return nil, err
	}
	if st.err != nil {
		r.close()
		return nil, st.err
	}
	pid := st.pid
	// Only its execve is recorded until the exec succeeds.
	if err := r.selectTask(pid, recorderTaskState{Mode: modeArmed}); err != nil {
		syscall.Kill(pid, syscall.SIGKILL)
		syscall.Wait4(pid, nil, 0, nil)
		r.close()
		return nil, fmt.Errorf("selecting the command: %w", err)
	}
	r.leader = pid
	r.res.Pid = pid
	if opts.FdPaths {
		var ev format.Event
		snapshotFds(&ev, int32(pid), true, opts.SockDetails)
		r.startFds = ev.Fds
	}
	r.startTid = []startTask{{tid: int32(pid), tgid: int32(pid), how: format.NewTaskLaunched}}
	r.initHeader(start, argv, nil)
	return r, nil
}

// Task modes (M_* in the C source).
const (
	modeArmed  = 1
	modeTraced = 2
)

// Attach records the running processes pids, every thread of each (and
// with opts.Follow the children they make), without stopping them.
func Attach(pids []int, opts record.Options, cfg Config) (*Recorder, error) {
	r, err := load(opts, cfg)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var attached []int32
	for _, pid := range pids {
		n, err := r.attachProcess(pid)
		if err != nil {
			r.failed = append(r.failed, err)
			continue
		}
		attached = append(attached, int32(pid))
		r.attached = append(r.attached, record.Attached{Pid: pid, Threads: n})
	}
	if len(attached) == 0 {
		r.close()
		if len(r.failed) > 0 {
			return nil, r.failed[0]
		}
		return nil, errors.New("no process to attach to")
	}
	r.res.Attached = true
	r.initHeader(start, nil, attached)
	return r, nil
}

// attachProcess selects every thread of pid, re-reading its task list
// until no new thread shows up.
func (r *Recorder) attachProcess(pid int) (int, error) {
	seen := map[int]bool{}
	for round := 0; round < 100; round++ {
		ents, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
		if err != nil {
			if len(seen) == 0 {
				return 0, fmt.Errorf("attach: %d: %w", pid, syscall.ESRCH)
			}
			break
		}
		added := false
		for _, d := range ents {
			tid, err := strconv.Atoi(d.Name())
			if err != nil || seen[tid] {
				continue
			}
			seen[tid] = true
			added = true
			nr, in := currentSyscall(tid)
			st := recorderTaskState{Mode: modeTraced}
			var msg uint64
			if in {
				// Its exit is recorded, as the end of a call whose entry
				// was not seen.
				st.Insys, st.Nr, msg = 1, nr, uint64(nr)+1
			}
			if err := r.selectTask(tid, st); err != nil {
				return 0, fmt.Errorf("attach: %d: %w", tid, err)
			}
			r.startTid = append(r.startTid, startTask{tid: int32(tid), tgid: int32(pid), how: format.NewTaskAttached, msg: msg, inSys: in})
		}
		if !added {
			break
		}
	}
	return len(seen), nil
}

// currentSyscall reads which syscall tid is in (/proc/TID/syscall).
func currentSyscall(tid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(tid) + "/syscall")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0, false
	}
	nr, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || nr < 0 {
		return 0, false
	}
	return nr, true
}

func (r *Recorder) initHeader(start time.Time, argv []string, pids []int32) {
	var uts unix.Utsname
	unix.Uname(&uts)
	host, _ := os.Hostname()
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	r.header = format.Header{
		Recorder:  "mytrace " + record.Version,
		Arch:      "x86_64",
		Kernel:    unix.ByteSliceToString(uts.Release[:]),
		Hostname:  host,
		Command:   append([]string(nil), argv...),
		Attached:  pids,
		StartWall: start.UnixNano(),
		StartMono: ts.Nano() - int64(time.Since(start)),
		StrLimit:  uint32(r.opts.Limits.Str),
		PathMax:   uint32(r.opts.Limits.Path),
		Follow:    r.opts.Follow,
		Verbose:   r.opts.Limits.Verbose,
		PageSize:  uint32(os.Getpagesize()),
		Backend:   "bpf",
		TimeUnit:  r.opts.HeaderTimeUnit(),

		NoFdDetails: !r.opts.SockDetails,
	}
}

// Header returns the header describing the recording.
func (r *Recorder) Header() *format.Header { return &r.header }

// Notice is a remark for the user about how the recording is made, or "".
func (r *Recorder) Notice() string { return "" }

// Pid returns the launched command's pid (0 when attaching).
func (r *Recorder) Pid() int { return r.leader }

// Attached lists the processes attached to.
func (r *Recorder) Attached() []record.Attached { return r.attached }

// Failed lists the processes that could not be attached to.
func (r *Recorder) Failed() []error { return r.failed }

// Signal forwards sig to the launched command.
func (r *Recorder) Signal(sig syscall.Signal) {
	if r.leader > 0 {
		syscall.Kill(r.leader, sig)
	}
}

// Detach ends the recording of attached processes (they run on as if
// nothing happened: they were never stopped). Safe from any goroutine.
func (r *Recorder) Detach() {
	r.detach.Store(true)
	r.kick()
}

// kick makes the reader look at once at what it otherwise looks at every
// poll (the command's end, a detach).
func (r *Recorder) kick() {
	r.kicked.Store(true)
	if rg := r.rg; rg != nil {
		rg.kick()
	}
}

// How long the reader sleeps when the ring is empty, and how many
// records it reads before it gives their space back.
const (
	pollInterval = 2 * time.Millisecond
	livePoll     = 5 * time.Millisecond
	readBatch    = 4096
)

// Run records until every recorded task has ended (or Detach), writing
// the events to sink, and unloads the programs.
func (r *Recorder) Run(sink record.Sink) *record.Result {
	defer r.close()
	p := newPipeline(convOptions{limits: r.opts.Limits, fdPaths: r.opts.FdPaths, startMono: uint64(r.header.StartMono), trace: r.opts.Trace}, r.table, func(ev *format.Event) error {
		r.res.Events++
		return sink.WriteEvent(ev)
	})
	out, conv := p.out, p.conv
	conv.readLive = readLive
	if r.opts.Stack {
		conv.mapsOf = record.NewMapsReader().Read
	}
	if r.opts.FdPaths && r.opts.SockDetails {
		sd := new(record.SockDiag)
		conv.sockDetails = sd.Details
		conv.known.YY = true
	}
	if r.startFds != nil {
		conv.startFds = map[int32][]format.FdPath{int32(r.leader): r.startFds}
		conv.noteCwd(int32(r.leader), &format.Event{Fds: r.startFds})
	}
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	for _, s := range r.startTid {
		p.start(s, uint64(ts.Nano()))
	}
	if r.attached != nil && r.opts.FdPaths {
		for _, s := range r.startTid {
			if s.tid == s.tgid {
				ev := conv.event(format.KindFds, s.tid, uint64(ts.Nano()))
				ev.ev.FdsSnapshot = true
				snapshotFds(&ev.ev, s.tid, false, conv.sockDetails != nil)
				conv.known.Noted(s.tgid, &ev.ev)
				conv.noteCwd(s.tgid, &ev.ev)
				out.push(ev)
			}
		}
	}
	leaderDone := make(chan syscall.WaitStatus, 1)
	if r.leader > 0 {
		go func() {
			var ws syscall.WaitStatus
			for {
				_, err := syscall.Wait4(r.leader, &ws, 0, nil)
				if !errors.Is(err, syscall.EINTR) {
					break
				}
			}
			leaderDone <- ws
			r.kick() // the end may be now: no need to wait for the poll
		}()
		syscall.Kill(r.leader, syscall.SIGCONT)
	}
	poll := pollInterval
	if r.opts.FlushWhenIdle {
		poll = livePoll
	}
	var dump *dumpWriter
	if path := os.Getenv("MYTRACE_BPF_DUMP"); path != "" {
		// A tool for work on the reader (see dump.go).
		info := dumpInfo{startMono: uint64(r.header.StartMono), run: uint64(ts.Nano()), leader: int32(r.leader), strLimit: r.opts.Limits.Str, regs: r.opts.Regs || r.opts.Stack, verbose: r.opts.Limits.Verbose}
		var err error
		if dump, err = createDump(path, info); err != nil {
			fmt.Fprintf(os.Stderr, "mytrace: MYTRACE_BPF_DUMP: %v\n", err)
		}
	}
	handle := p.record
	// A test hook: a slow reader, so that a small ring overflows.
	if slow, _ := time.ParseDuration(os.Getenv("MYTRACE_BPF_READ_DELAY")); slow > 0 || dump != nil {
		handle = func(b []byte) {
			if dump != nil {
				dump.add(b)
			}
			p.record(b)
			if slow > 0 && p.n%256 == 0 {
				time.Sleep(slow)
			}
		}
	}
	ended := r.leader == 0
	var leaderStatus syscall.WaitStatus
	draining := false
	var detached []uint32
	// Records are read as they come, in batches; between two polls
	// (sooner when the kernel, the command's end or a detach wakes the
	// reader), the clock is not read for every batch.
	deadline := time.Now().Add(poll)
	for {
		n, err := r.rg.read(handle, readBatch)
		if err != nil {
			r.res.SinkErr = err
			break
		}
		if draining {
			if n == 0 {
				break
			}
			continue
		}
		if n > 0 && time.Now().Before(deadline) {
			continue
		}
		if n == 0 && !r.kicked.Load() {
			if wait := time.Until(deadline); wait > 0 {
				if _, err := r.rg.wait(wait); err != nil {
					r.res.SinkErr = err
					break
				}
				if !r.kicked.Load() {
					continue // records, or the poll's time
				}
			}
		}
		r.kicked.Store(false)
		r.rg.unkick()
		p.flushOld()
		if r.opts.FlushWhenIdle {
			sink.Flush()
		}
		if out.err != nil {
			r.res.SinkErr = out.err
			r.detach.Store(true)
		}
		if !ended {
			select {
			case ws := <-leaderDone:
				ended = true
				leaderStatus = ws
				if ws.Exited() {
					r.res.Exited, r.res.ExitCode = true, ws.ExitStatus()
				} else if ws.Signaled() {
					r.res.Signal, r.res.CoreDumped = int(ws.Signal()), ws.CoreDump()
				}
			default:
			}
		}
		if r.detach.Load() {
			// Nothing more is recorded from now on.
			detached = r.unselect()
		}
		if r.detach.Load() || (ended && r.noTasks()) {
			// What is left in the ring, then the end.
			draining = true
		}
		deadline = time.Now().Add(poll)
	}
	if dump != nil {
		if err := dump.close(); err != nil {
			fmt.Fprintf(os.Stderr, "mytrace: MYTRACE_BPF_DUMP: %v\n", err)
		}
	}
	if detached != nil {
		r.detachAll(conv, detached)
	}
	// Records the ring had no room for and whose loss no later record of
	// their task showed.
	if total := r.lostRecords(); total > conv.gaps {
		unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
		conv.lost(0, total-conv.gaps, uint64(ts.Nano()))
	}
	r.res.Lost = r.lostRecords()
	if t := conv.tasks[int32(r.leader)]; r.leader > 0 && ended && t != nil {
		// The command's end was among the records lost: wait4 says it.
		unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
		ex := conv.event(format.KindExit, int32(r.leader), uint64(ts.Nano()))
		ex.ev.Status = uint32(leaderStatus)
		out.push(ex)
		delete(conv.tasks, int32(r.leader))
		delete(conv.held, t.tgid)
	}
	p.end()
	if r.stats != nil {
		// MYTRACE_BPF_TIMING: what the reader cost.
		var ru unix.Rusage
		unix.Getrusage(unix.RUSAGE_SELF, &ru)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		fmt.Fprintf(os.Stderr, "bpf: read %d records; mytrace's CPU time %.1fms (%.0fns a record, the start included)\n", p.n, ms(cpu), float64(cpu.Nanoseconds())/float64(max(p.n, 1)))
	}
	if out.err != nil && r.res.SinkErr == nil {
		r.res.SinkErr = out.err
	}
	return &r.res
}

// selectTask puts tid in the tasks map with state st, its byte in the
// marks map (tid modulo the map's size, as the C program indexes it) set
// first: the syscall programs look a thread up in tasks only when its
// mark is set.
func (r *Recorder) selectTask(tid int, st recorderTaskState) error {
	if err := r.objs.Marks.Update(uint32(tid)%r.objs.Marks.MaxEntries(), uint8(1), ebpf.UpdateAny); err != nil {
		return err
	}
	return r.objs.Tasks.Update(uint32(tid), st, ebpf.UpdateAny)
}

// noTasks reports whether no task is selected any more.
func (r *Recorder) noTasks() bool {
	var k uint32
	err := r.objs.Tasks.NextKey(nil, &k)
	return errors.Is(err, ebpf.ErrKeyNotExist)
}

// unselect stops recording every task and returns their tids.
func (r *Recorder) unselect() []uint32 {
	var k uint32
	tids := []uint32{}
	it := r.objs.Tasks.Iterate()
	var st recorderTaskState
	for it.Next(&k, &st) {
		tids = append(tids, k)
	}
	for _, tid := range tids {
		r.objs.Tasks.Delete(tid)
	}
	return tids
}

// detachAll says in the recording that the tasks were let go.
func (r *Recorder) detachAll(conv *converter, tids []uint32) {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	for _, tid := range tids {
		if conv.tasks[int32(tid)] == nil {
			continue
		}
		ev := conv.event(format.KindDetach, int32(tid), uint64(ts.Nano()))
		conv.out.push(ev)
		r.res.Detached = append(r.res.Detached, int(tid))
	}
}

// lostRecords sums the program's per-CPU count of records the ring had
// no room for.
func (r *Recorder) lostRecords() uint64 {
	var per []uint64
	if err := r.objs.Stats.Lookup(uint32(0), &per); err != nil {
		return 0
	}
	var n uint64
	for _, v := range per {
		n += v
	}
	return n
}

// readLive reads n bytes of tid's memory at addr with process_vm_readv,
// page by page so that what lies before an unreadable page is read (for a
// string, up to the page holding its NUL).
func readLive(tid int32, addr uint64, n int, str bool) []byte {
	buf := make([]byte, n)
	got := 0
	for got < n {
		a := addr + uint64(got)
		k := min(n-got, int(4096-a%4096))
		local := []unix.Iovec{{Base: &buf[got]}}
		local[0].SetLen(k)
		remote := []unix.RemoteIovec{{Base: uintptr(a), Len: k}}
		m, err := unix.ProcessVMReadv(int(tid), local, remote, 0)
		if err != nil || m <= 0 {
			break
		}
		got += m
		if m < k || (str && indexZero(buf[got-m:got]) >= 0) {
			break
		}
	}
	return buf[:got]
}
