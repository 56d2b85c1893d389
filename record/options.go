package record

import (
	"time"

	"mytrace/format"
	"mytrace/sysent"
)

// The types a recording is configured and reported with, the same on
// every system (recording itself needs Linux on x86-64).

// Sink receives the recorded events in order. format.Writer is one.
type Sink interface {
	WriteEvent(*format.Event) error
	Flush()
}

// Syncer is a Sink that consumes the events as they come: with
// Options.Ordered, the recorder hands it the events of each stop and waits
// for it before the tracee goes on. Both methods are called on the tracer
// thread.
type Syncer interface {
	Sink
	// Sync returns once every event written so far has been consumed
	// (printed).
	Sync()
	// End is called once, when the recording is over: the sink takes
	// what is left and finishes.
	End()
}

// Options configure a recording.
type Options struct {
	Follow bool           // trace children and threads (-f)
	Limits sysent.Limits  // what memory to capture
	Regs   bool           // store a register snapshot at each syscall stop
	Env    []string       // the command's environment (nil: this process's)
	Trace  func(int) bool // record only these x86-64 syscalls (nil: all)
	// FdPaths notes what each new file descriptor refers to (for -y).
	FdPaths bool
	// SockDetails, with FdPaths, also notes the protocol and addresses of
	// sockets (for -yy), and notes them again after bind, connect and
	// listen.
	SockDetails bool
	// Seccomp lets the kernel skip the syscalls Trace leaves out, with a
	// seccomp filter, when that can be done without the traced program
	// noticing (see Recorder.Notice).
	Seccomp bool
	// FlushWhenIdle hands events to the sink each time the recorder is
	// about to wait for a tracee, so a live display keeps up with a
	// tracee that blocks.
	FlushWhenIdle bool
	// Ordered hands the events of each stop to the sink, a Syncer, and
	// waits until it has consumed them (Syncer.Sync) before the tracee
	// goes on: a live display then writes the start of a call before the
	// call runs and its end before the program goes on, as strace does,
	// so the trace and the program's own output interleave as under
	// strace.
	Ordered bool
	// Stack (-k) copies the top of the user stack, and notes the
	// executable mappings, at the stops whose call stack strace shows
	// (stack_linux.go); StackSize is how many bytes (0: DefaultStackSize).
	Stack     bool
	StackSize int
	// Inject are the -e inject= and -e fault= rules (inject_linux.go).
	Inject []Injection
	// Colocate runs the tracer thread and a launched command (never an
	// attached one) on one CPU: CPU, or if CPU is negative the one the
	// tracer runs on when recording starts. Stops get much cheaper, but
	// the command sees a single CPU (see cpu_linux.go).
	Colocate bool
	CPU      int
	// Awake is how idle CPUs are kept from sleeping while stops come
	// often (awake_linux.go); not with Colocate.
	Awake AwakeMode
	// User, if set, is who a launched command runs as (strace -u): the
	// stub takes on its ids right before the command's execve.
	User *User
	// DetachOnExec lets each task go when it execs (strace -b execve),
	// but for the launched command's own first exec.
	DetachOnExec bool
	// KeepOnExit: should the tracer die, a launched command goes on
	// untraced (no PTRACE_O_EXITKILL), as strace's does (-I anywhere).
	KeepOnExit bool
	// Comms notes the command name of each task (at its start and after
	// execve, execveat and prctl(PR_SET_NAME)) and of the pids calls and
	// signals name (-Y), PidNS what those pids are in the recorder's PID
	// namespace when a task is in another (--decode-pids=pidns)
	// (pids_linux.go).
	Comms, PidNS bool
	// KVM reads the exit reason of each KVM_RUN from the vCPU's kvm_run
	// structure (-e kvm=vcpu).
	KVM bool
	// TimeUnit is the unit the trace stores event times in
	// (format.Header.TimeUnit): time.Nanosecond, or time.Microsecond, the
	// default (0), as strace shows them. A ptrace recorder sees a stop
	// some µs after it happens: the ns digits are noise that costs room.
	TimeUnit time.Duration
}

// DefaultTimeUnit is the unit of event times of a recording whose
// Options.TimeUnit is 0.
const DefaultTimeUnit = time.Microsecond

// HeaderTimeUnit is the unit the header of a recording made with o says
// (Options.TimeUnit, or DefaultTimeUnit).
func (o *Options) HeaderTimeUnit() time.Duration {
	if o.TimeUnit == 0 {
		return DefaultTimeUnit
	}
	return o.TimeUnit
}

// Result is how a recording ended.
type Result struct {
	Pid        int    // the launched process
	Exited     bool   // it exited (else it was killed, or never ended)
	ExitCode   int    // with Exited
	Signal     int    // the signal that killed it
	CoreDumped bool   // with Signal
	Events     uint64 // events handed to the sink
	Stops      uint64 // syscall stops seen
	// RegStops: syscall stops read from the registers alone, without
	// PTRACE_GET_SYSCALL_INFO (only when Regs is set).
	RegStops uint64
	SinkErr  error // the first error the sink returned, if any
	// Attached: the recording attached to running processes; Detached
	// lists the tasks it let go of (by Detach) rather than saw end.
	Attached bool
	Detached []int
	// Lost counts the events lost while recording (the bpf backend's
	// ring buffer was full); each loss is also in the trace, where it
	// happened.
	Lost uint64
	// LeaderDetached: the launched command was let go (-b execve at its
	// second exec): as strace, its exit status is not reported (0).
	LeaderDetached bool
}

// Status is the exit status a shell would see for the launched process:
// its exit code, or 128 plus the number of the signal that killed it; 0
// for attached processes.
func (r *Result) Status() int {
	if r.Attached || r.LeaderDetached {
		return 0 // as strace -p (or -b execve): the processes are not ours
	}
	if r.Exited {
		return r.ExitCode
	}
	if r.Signal != 0 {
		return 128 + r.Signal
	}
	return 1
}

// AwakeMode says how a recorder keeps idle CPUs from sleeping while stops
// come often, so that resuming a tracee or waking the tracer does not
// wait for a sleeping CPU.
type AwakeMode uint8

const (
	// AwakeAuto: a PM QoS CPU latency request of 0 µs where a cpuidle
	// driver would honour it and /dev/cpu_dma_latency can be opened
	// (root); otherwise AwakePull.
	AwakeAuto AwakeMode = iota
	// AwakeSpin: a SCHED_IDLE thread that spins, while a single traced
	// task runs at a time.
	AwakeSpin
	// AwakeOff: none of these.
	AwakeOff
	// AwakePull: no CPU is kept awake; instead, while a single traced
	// task runs at a time, it is resumed on the tracer's CPU, so that no
	// halted CPU has to be woken (cpu_linux.go). Not with seccomp stops.
	AwakePull
)
