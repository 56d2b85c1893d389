//go:build linux && amd64

package record

import (
	"fmt"
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/sysent"
)

// Co-location (Options.Colocate): the tracer thread and the launched
// command share one CPU. A stop then switches from the tracee to the
// tracer on the same CPU, and a resume back, with no CPU to wake: on a
// virtual machine, where waking an idle CPU is most of a stop's cost, this
// is several times cheaper. The command sees it: its affinity mask holds
// one CPU (nproc prints 1, a Go program sets GOMAXPROCS to 1, thread pools
// size themselves to one CPU) and its threads and children all share that
// CPU, so parallel work is serialised. It is therefore opt-in (--cpu), and
// only for a launched command: an attached process keeps its affinity.

// colocate pins the tracer thread and the launched task (still the exec
// stub, stopped before its execve, so the command inherits the mask) to
// one CPU. It runs on the tracer thread.
func (r *Recorder) colocate() error {
	cpu := r.opts.CPU
	if cpu < 0 {
		c, err := currentCPU()
		if err != nil {
			return err
		}
		cpu = c
	}
	var set unix.CPUSet
	set.Set(cpu)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return fmt.Errorf("co-locating on CPU %d: %w", cpu, err)
	}
	if err := unix.SchedSetaffinity(r.leader, &set); err != nil {
		return fmt.Errorf("co-locating on CPU %d: %w", cpu, err)
	}
	return nil
}

// currentCPU is the CPU the calling thread runs on.
func currentCPU() (int, error) {
	var cpu uint32
	_, _, e := unix.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&cpu)), 0, 0)
	if e != 0 {
		return 0, fmt.Errorf("getcpu: %w", e)
	}
	return int(cpu), nil
}

// CheckCPU says whether this process may run on cpu (negative: any one),
// for a --cpu option checked before anything starts.
func CheckCPU(cpu int) error {
	if cpu < 0 {
		return nil
	}
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return fmt.Errorf("sched_getaffinity: %w", err)
	}
	if cpu >= len(set)*64 || !set.IsSet(cpu) {
		return fmt.Errorf("CPU %d is not available to this process", cpu)
	}
	return nil
}

// Pulling a stopped task to the tracer's CPU (--awake=pull).
//
// Where idle CPUs halt (no cpuidle driver, or no PM QoS request), a stop
// of a single-threaded program costs most where the tracer and the tracee
// run on different CPUs: the tracee's CPU halts at every stop, and the
// resume has to wake it with an interrupt, tens of microseconds on a
// virtual machine. The scheduler keeps them apart, since it wakes a task
// on its previous CPU when that CPU is idle. On one CPU the resume is a
// context switch: the tracee runs when the tracer waits (its spin yields,
// wait_linux.go), and the tracer when the tracee stops.
//
// So while a single traced task runs at a time, the tracer resumes the
// task with its affinity narrowed to the tracer's CPU, which makes the
// wake-up place it there, and puts the task's own mask back at once; the
// task stays where it was woken. The tracee never runs a system call with
// the narrowed mask, so it cannot see or inherit it:
//
//   - at an exit stop (or a signal or event stop outside a call), the task
//     runs user code until its next syscall-entry stop, and the tracer has
//     put the mask back before it handles that stop;
//   - at an entry stop, the call runs right after the resume, so the pull
//     is left out for the calls that read, copy, set or check a task's
//     mask, or can read /proc (pullDenied);
//   - not with seccomp stops (-e trace= with a filter), where calls that
//     are not traced run without a stop.
//
// Another process can see the narrowed mask for the microsecond between
// the two changes (taskset -p, /proc/PID/status), and a mask another
// process sets on the tracee in that microsecond is undone. The mask is
// read again at every pull, so a change made at any other time is kept,
// and a task whose mask leaves out the tracer's CPU is never pulled.

// pullDenied lists, by x86-64 syscall number, the calls an entry stop
// does not pull at: they copy the mask to a new task (clone, fork), read
// or set it, check it (a SCHED_DEADLINE policy), load a program
// (execve), or read a file that could be /proc/self/status (read and its
// kin), or hand work to kernel threads (io_uring). Made at first use.
var pullDenied = sync.OnceValue(func() []bool {
	deny := make([]bool, 512)
	for _, name := range []string{
		"clone", "clone3", "fork", "vfork", "execve", "execveat",
		"sched_setaffinity", "sched_getaffinity",
		// SCHED_DEADLINE needs a mask that spans the root domain.
		"sched_setattr", "sched_setscheduler",
		"read", "readv", "pread64", "preadv", "preadv2",
		"sendfile", "splice", "tee", "copy_file_range",
		"io_uring_setup", "io_uring_enter", "io_uring_register",
	} {
		if nr, ok := sysent.ByName(name); ok && nr < len(deny) {
			deny[nr] = true
		}
	}
	return deny
})

// pullable says whether t may be pulled at this resume.
func (r *Recorder) pullable(t *task) bool {
	if !r.pull || !r.wt.solo || t.hidden {
		return false
	}
	if !t.inSyscall {
		return true
	}
	return t.arch == format.ArchX86_64 && t.nr < uint64(len(pullDenied())) && !pullDenied()[t.nr]
}

// resumePulled resumes t with PTRACE_SYSCALL on the tracer's CPU, and
// says whether it did; when it did not, t is still stopped.
func (r *Recorder) resumePulled(t *task, sig int) bool {
	cpu, err := currentCPU()
	if err != nil {
		return false
	}
	tid := uintptr(t.tid)
	mask := &r.pullMask
	n, _, e := unix.RawSyscall(unix.SYS_SCHED_GETAFFINITY, tid, unsafe.Sizeof(*mask), uintptr(unsafe.Pointer(mask)))
	if e != 0 || !mask.IsSet(cpu) || mask.Count() < 2 {
		return false
	}
	var one unix.CPUSet
	one.Set(cpu)
	if _, _, e := unix.RawSyscall(unix.SYS_SCHED_SETAFFINITY, tid, unsafe.Sizeof(one), uintptr(unsafe.Pointer(&one))); e != 0 {
		return false
	}
	err = resumeSyscall(int(t.tid), sig)
	// The kernel wrote n bytes of the mask; give back as many.
	if _, _, e := unix.RawSyscall(unix.SYS_SCHED_SETAFFINITY, tid, n, uintptr(unsafe.Pointer(mask))); e != 0 && e != unix.ESRCH {
		// The mask could not be put back: stop pulling, and say so.
		r.pull = false
		fmt.Fprintf(os.Stderr, "mytrace: putting back the CPU affinity of task %d: %v; it may stay on CPU %d\n", t.tid, e, cpu)
	}
	if err == nil {
		r.pulls++
	}
	return true
}
