//go:build linux && amd64

package record

import (
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Keeping a CPU awake while stops come often.
//
// The spinning waiter (wait_linux.go) keeps the tracer's own CPU running
// between stops, but the tracee's CPU still goes idle at every stop, and
// the resume has to wake it. On a virtual machine without guest
// halt-polling an idle CPU halts, and waking a halted virtual CPU costs the
// host a reschedule: tens of microseconds, most of what a stop costs there.
//
// awake is a thread at SCHED_IDLE priority that polls a word while the
// tracer reports that stops are coming often, and sleeps otherwise. A CPU
// that runs only SCHED_IDLE work does not halt, and the scheduler treats it
// as idle when placing a woken task: the tracee is resumed on it at the
// cost of a reschedule interrupt to a running CPU, and any other runnable
// thread, the tracee's included, takes that CPU from the spinner at once.
// The tracee sees nothing of it: its affinity, priority and CPU count are
// unchanged (unlike --cpu).
//
// The spinner runs for at most hold after the tracer last found no stop
// waiting (a stop that is already queued when the tracer asks means no CPU
// went idle for it, as with more runnable tracee threads than CPUs), then
// sleeps on a futex until the tracer pokes it again. A program that rarely
// makes syscalls therefore costs no spinning; one that makes them densely
// costs the CPU time of the spinner on an otherwise idle CPU, which the
// benchmark reports (docs/performance.md). MYTRACE_AWAKE_US sets hold in
// microseconds (0 turns the spinner off); it is off on a single CPU and
// with --cpu.
const awakeHoldDefault = time.Millisecond

const schedOther = 0 // SCHED_OTHER (linux/sched.h)

// futex(2) operations (linux/futex.h: FUTEX_WAIT|FUTEX_PRIVATE_FLAG, and
// FUTEX_WAKE|FUTEX_PRIVATE_FLAG).
const (
	futexWaitPrivate = 0 | 128
	futexWakePrivate = 1 | 128
)

type awake struct {
	base  time.Time
	hold  int64        // ns
	until atomic.Int64 // ns since base: spin until then
	// sleeping is the futex word: 1 while the spinner sleeps (or is about
	// to), 0 after a poke.
	sleeping atomic.Uint32
	quit     atomic.Bool
	done     chan struct{}
	// Counts, for tests.
	wakes atomic.Uint64
}

// awakeHold is the hold time from the environment, or the default.
func awakeHold() time.Duration {
	if v, ok := os.LookupEnv("MYTRACE_AWAKE_US"); ok {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= 1000000 {
			return time.Duration(n) * time.Microsecond
		}
	}
	return awakeHoldDefault
}

// startAwake starts the spinner, or returns nil when hold is 0 or there is
// only one CPU to run on.
func startAwake(hold time.Duration) *awake {
	if hold <= 0 || runtime.NumCPU() < 2 {
		return nil
	}
	a := &awake{base: time.Now(), hold: int64(hold), done: make(chan struct{})}
	a.sleeping.Store(1)
	// The spinner holds a P while it spins: give the runtime one more, so
	// the tracer, the writer and a live printer keep theirs.
	extraProcs(1)
	go a.run()
	return a
}

func (a *awake) now() int64 { return int64(time.Since(a.base)) }

func (a *awake) run() {
	defer close(a.done)
	// Locked for good: the SCHED_IDLE policy never reaches other
	// goroutines.
	runtime.LockOSThread()
	p := [1]int32{0}
	if _, _, e := unix.RawSyscall(unix.SYS_SCHED_SETSCHEDULER, 0, unix.SCHED_IDLE, uintptr(unsafe.Pointer(&p[0]))); e != 0 {
		return // a normal-priority spinner would take CPU from the tracee
	}
	// The thread ends with the goroutine, unless it is the main thread,
	// which the runtime parks for good instead. Leave it as it was (this
	// needs CAP_SYS_NICE or an RLIMIT_NICE of 20; without them it stays
	// SCHED_IDLE, parked).
	defer unix.RawSyscall(unix.SYS_SCHED_SETSCHEDULER, 0, schedOther, uintptr(unsafe.Pointer(&p[0])))
	for !a.quit.Load() {
		if a.now() < a.until.Load() {
			if awakeYield {
				// Should a task wait for this CPU, it gets it now,
				// not at the end of a time slice.
				schedYield()
			} else {
				for i := 0; i < 256; i++ {
					if a.quit.Load() {
						return
					}
				}
			}
			continue
		}
		a.sleeping.Store(1)
		if a.quit.Load() {
			return
		}
		if a.now() < a.until.Load() { // poked meanwhile
			a.sleeping.Store(0)
			continue
		}
		// Sleeps while the word is 1; a poke or stop sets it to 0 and
		// wakes it. The timeout is only a safety net.
		ts := unix.Timespec{Sec: 1}
		unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(&a.sleeping)), futexWaitPrivate, 1, uintptr(unsafe.Pointer(&ts)), 0, 0)
	}
}

// poke says a wait found no stop ready: keep a CPU awake for hold.
func (a *awake) poke() {
	if a == nil {
		return
	}
	a.until.Store(a.now() + a.hold)
	if a.sleeping.Load() == 1 && a.sleeping.CompareAndSwap(1, 0) {
		a.wakes.Add(1)
		unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(&a.sleeping)), futexWakePrivate, 1, 0, 0, 0)
	}
}

// stop ends the spinner and gives the runtime its P back.
func (a *awake) stop() {
	if a == nil {
		return
	}
	a.quit.Store(true)
	a.sleeping.Store(0)
	unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(&a.sleeping)), futexWakePrivate, 1, 0, 0, 0)
	<-a.done
	extraProcs(-1)
}

// procs counts the spinners running (recorders may run side by side, as
// in tests), and base is GOMAXPROCS before the first.
var procs struct {
	sync.Mutex
	n, base int
}

// extraProcs adds d spinners to the count and sets GOMAXPROCS to one more
// per spinner than it was before the first.
func extraProcs(d int) {
	procs.Lock()
	defer procs.Unlock()
	if procs.n == 0 {
		procs.base = runtime.GOMAXPROCS(0)
	}
	procs.n += d
	runtime.GOMAXPROCS(procs.base + procs.n)
}

var awakeYield = os.Getenv("MYTRACE_AWAKE_YIELD") == "1"
