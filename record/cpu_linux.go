//go:build linux && amd64

package record

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
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
