//go:build linux && amd64

package record

import (
	"fmt"
	"os"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Waiting for the next stop: spin, then block.
//
// On a virtual machine, most of a ptrace stop's cost is waking a CPU that
// went idle: when the tracer sleeps in wait4, each stop wakes it (the
// tracee's CPU sends an interrupt to the halted CPU of the tracer), and each
// resume wakes the tracee's. A tracer that polls wait4 with WNOHANG for a
// few microseconds before it sleeps is still running when the next stop of
// a syscall-dense program comes, and saves one of the two wake-ups; the
// tracee sees nothing of it. Between polls the tracer calls sched_yield, so
// a tracee thread waiting for a CPU (more runnable threads than CPUs) gets
// the tracer's at once instead of after a time slice.
//
// The bound adapts, so spinning costs little CPU on programs that rarely
// make syscalls: each wait measures the gap until the stop came. A gap the
// spin caught, or that a longer spin (up to spinMax) would have caught,
// grows the bound to a little more than the gap; a gap longer than spinMax
// halves it, so a program that stops rarely costs at most about 2 spinMax
// of polling after a burst of stops, then nothing.
//
// spinMax covers the gaps a busy program leaves between stops that are
// still shorter than what sleeping costs where idle CPUs halt: there, the
// stop that ends a gap of a few hundred µs (an execve, a process's end
// and its parent's wait) also wakes a halted CPU. Measured on 2 vCPUs
// whose idle CPUs halt (cpuidle haltpoll with guest_halt_poll_ns 0, and
// --awake=off, as on a machine without a cpuidle driver): sh running
// /bin/true 100 times went from 1.05 to 0.96 of strace's time with 300 µs
// instead of 100 (live: 0.96 to 0.79), the other workloads and the CPU
// time unchanged, with or without the PM QoS request (docs/performance.md).
// MYTRACE_SPIN_US overrides it (0 turns spinning off).
const (
	spinMaxDefault = 300 * time.Microsecond
	spinStart      = 20 * time.Microsecond
)

// waiter waits for tracee stops. It is used by the tracer thread only.
type waiter struct {
	spin    time.Duration // current bound
	spinMax time.Duration
	// Counts, for benchmarks and tests.
	spun, blocked, ready uint64
	yield                bool
	// aw, when not nil, keeps the CPUs awake while waits find no stop
	// ready (awake_linux.go). Its spinner only helps when solo: the
	// recorder sets it when at most one traced task can be running (with
	// more, it measured slower: 4 threads on 2 CPUs took 1.2 times as
	// long).
	aw   *awake
	solo bool
	// awakeWhy says how the CPUs are kept awake and why (awakeChoice).
	awakeWhy string
}

func newWaiter() waiter {
	w := waiter{spinMax: spinMaxDefault}
	if v, ok := os.LookupEnv("MYTRACE_SPIN_US"); ok {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 100000 {
			w.spinMax = time.Duration(n) * time.Microsecond
		}
	}
	w.yield = os.Getenv("MYTRACE_SPIN_YIELD") != "0"
	w.spin = min(spinStart, w.spinMax)
	return w
}

// wait4NoHang polls for a stop without blocking: a raw system call, since
// it never sleeps and the Go scheduler need not know about it.
func wait4NoHang(ws *unix.WaitStatus, ru *unix.Rusage) (int, unix.Errno) {
	pid, _, e := unix.RawSyscall6(unix.SYS_WAIT4, ^uintptr(0), uintptr(unsafe.Pointer(ws)),
		unix.WALL|unix.WNOHANG, uintptr(unsafe.Pointer(ru)), 0, 0)
	return int(pid), e
}

func schedYield() { unix.RawSyscall(unix.SYS_SCHED_YIELD, 0, 0, 0) }

// wait returns the next stop or exit of any tracee, as wait4(-1, ws, WALL,
// ru). idle, if not nil, runs once before the tracer would block (live
// output hands over its pending events there).
func (w *waiter) wait(ws *unix.WaitStatus, ru *unix.Rusage, idle func()) (int, error) {
	var t0 time.Time
	if w.spin > 0 {
		t0 = time.Now()
		for i := 0; ; i++ {
			pid, e := wait4NoHang(ws, ru)
			if e != 0 {
				if e == unix.EINTR {
					continue
				}
				return pid, e
			}
			if pid != 0 {
				if i == 0 {
					w.ready++
				}
				w.spun++
				w.caught(time.Since(t0))
				return pid, nil
			}
			if i == 0 {
				w.noStopReady()
			}
			if time.Since(t0) >= w.spin {
				break
			}
			if w.yield {
				schedYield()
			}
		}
	} else if w.spinMax > 0 {
		t0 = time.Now()
	}
	if w.spin == 0 {
		w.noStopReady()
	}
	if idle != nil {
		idle()
	}
	w.blocked++
	pid, err := unix.Wait4(-1, ws, unix.WALL, ru)
	if err == nil && w.spinMax > 0 {
		w.missed(time.Since(t0))
	}
	return pid, err
}

// noStopReady tells the awake helper that a wait found no stop ready: the PM QoS
// request serves any number of tasks, the spinner only a solo one.
func (w *waiter) noStopReady() {
	if w.solo || w.aw.polls() {
		w.aw.poke()
	}
}

// caught adjusts the bound after a stop that came within it, gap after the
// wait began.
func (w *waiter) caught(gap time.Duration) {
	if g := gap + gap/4; g > w.spin {
		w.spin = min(g, w.spinMax)
	}
}

// missed adjusts the bound after a stop that the tracer slept for.
func (w *waiter) missed(gap time.Duration) {
	if gap <= w.spinMax {
		// A longer spin would have caught it.
		w.spin = min(max(gap+gap/4, 2*w.spin), w.spinMax)
		return
	}
	w.spin /= 2
	if w.spin < time.Microsecond {
		w.spin = 0
	}
}

// stats is the waiter's counts, for MYTRACE_WAITSTATS (a debugging aid):
// stops found at the first poll, while spinning (those included), and
// after blocking; how often the CPU-awake spinner was woken.
func (w *waiter) stats() string {
	var wakes, reqs uint64
	if w.aw != nil {
		wakes, reqs = w.aw.wakes.Load(), w.aw.requests.Load()
	}
	why := w.awakeWhy
	if why == "" {
		why = "off"
	}
	return fmt.Sprintf("mytrace: waits: ready %d, spun %d, blocked %d (spin bound up to %v); keeping CPUs awake: %s; awake helper woken %d times, PM QoS requests %d",
		w.ready, w.spun, w.blocked, w.spinMax, why, wakes, reqs)
}
