//go:build linux && amd64

package record

import (
	"encoding/binary"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Keeping the CPUs awake while stops come often.
//
// The spinning waiter (wait_linux.go) keeps the tracer's own CPU running
// between stops, but the tracee's CPU still goes idle at every stop, and
// the resume has to wake it. On a virtual machine without guest
// halt-polling an idle CPU halts, and waking a halted virtual CPU costs the
// host a reschedule: tens of microseconds, most of what a stop costs there.
//
// awake keeps idle CPUs from halting while the tracer reports that stops
// come often, in one of two ways:
//
//   - poll (when /dev/cpu_dma_latency can be opened, as root): a PM QoS
//     request for a CPU wake-up latency of 0 µs. The kernel's idle loop
//     then polls instead of halting, and waking a polling CPU needs no
//     interrupt at all. This is the kernel's own interface for
//     latency-sensitive programs (cyclictest holds the same request). It
//     applies to every CPU of the machine while it is held; the polling is
//     idle time, in no process's CPU time.
//   - spin (otherwise): a thread at SCHED_IDLE priority that polls a word.
//     A CPU that runs only SCHED_IDLE work does not halt, and the
//     scheduler treats it as idle when placing a woken task: the tracee is
//     resumed on it at the cost of a reschedule interrupt to a running
//     CPU, and any other runnable thread takes that CPU from the spinner at
//     once. Its CPU time is mytrace's.
//
// The tracee sees nothing of either: its affinity, priority and CPU count
// are unchanged (unlike --cpu).
//
// Either is held for at most hold after the tracer last found no stop
// waiting, then let go until the tracer pokes again. A program that rarely
// makes syscalls therefore costs nothing. MYTRACE_AWAKE_US sets hold in
// microseconds (0 turns both off). Options.Awake (--awake) chooses: auto,
// spin, or off; awake is also off on a single CPU and with --cpu.
//
// auto decides by what the machine has (awakeChoice): poll where a cpuidle
// driver decides what idle CPUs do, since only then does a PM QoS request
// change it (without one, x86 idle CPUs halt whatever is requested:
// measured, the request changed nothing there); otherwise it keeps no CPU
// awake but pulls a task that runs alone to the tracer's CPU at each
// resume (cpu_linux.go), so that there is no halted CPU to wake. The
// spinner costs CPU time and was measured to help only on one kind of
// machine; spin stays for whoever measures it helps. Measurements are in
// docs/performance.md.
const awakeHoldDefault = time.Millisecond

// qosDevice is the CPU latency PM QoS device
// (Documentation/power/pm_qos_interface.rst); a variable for tests.
var qosDevice = "/dev/cpu_dma_latency"

// qosNone is PM_QOS_CPU_LATENCY_DEFAULT_VALUE: no constraint.
const qosNone = 2000 * 1000000

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
	until atomic.Int64 // ns since base: keep awake until then
	// qos is the PM QoS device (poll mode), nil in spin mode; qosOn says
	// whether the 0 µs request is in force.
	qos   *os.File
	qosOn bool
	// qosFailed: a write was refused (a device that opens but does not
	// take requests); no more are tried. Used by the helper only.
	qosFailed bool
	// sleeping is the futex word: 1 while the helper sleeps (or is about
	// to), 0 after a poke.
	sleeping atomic.Uint32
	quit     atomic.Bool
	done     chan struct{}
	// Counts, for tests: times woken by a poke, PM QoS requests made.
	wakes, requests atomic.Uint64
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

// cpuidleDriver is the file naming the machine's cpuidle driver; a
// variable for tests.
var cpuidleDriver = "/sys/devices/system/cpu/cpuidle/current_driver"

// awakeChoice decides how mode keeps CPUs awake on this machine, or
// avoids waking them: poll (a PM QoS request), spin (the SCHED_IDLE
// spinner), pull (a task running alone is resumed on the tracer's CPU,
// cpu_linux.go), or none, and says why, for MYTRACE_WAITSTATS.
func awakeChoice(mode AwakeMode) (poll, spin, pull bool, why string) {
	switch mode {
	case AwakeOff:
		return false, false, false, "off (--awake=off)"
	case AwakeSpin:
		return false, true, false, "spin (--awake=spin)"
	case AwakePull:
		return false, false, true, "pull (--awake=pull)"
	}
	if runtime.NumCPU() < 2 {
		return false, false, false, "off: one CPU"
	}
	b, err := os.ReadFile(cpuidleDriver)
	driver := strings.TrimSpace(string(b))
	if err != nil || driver == "" || driver == "none" {
		return false, false, true, "pull: no cpuidle driver, so idle CPUs halt whatever a PM QoS request says; a task running alone is resumed on the tracer's CPU"
	}
	f, err := os.OpenFile(qosDevice, os.O_WRONLY, 0)
	if err != nil {
		return false, false, true, "pull: cpuidle driver " + driver + ", but " + qosDevice + " cannot be opened (" + err.Error() + "); a task running alone is resumed on the tracer's CPU"
	}
	f.Close()
	return true, false, false, "poll: a 0 µs PM QoS request while stops come often (cpuidle driver " + driver + ")"
}

// startAwake starts keeping CPUs awake on pokes, or returns nil when hold
// is 0 or there is only one CPU to run on. poll says to try the PM QoS
// request first, else the spinner is used.
func startAwake(hold time.Duration, poll bool) *awake {
	if hold <= 0 || runtime.NumCPU() < 2 {
		return nil
	}
	a := &awake{base: time.Now(), hold: int64(hold), done: make(chan struct{})}
	a.sleeping.Store(1)
	if poll {
		if f, err := os.OpenFile(qosDevice, os.O_WRONLY, 0); err == nil {
			a.qos = f
		}
	}
	if a.qos == nil {
		// The spinner holds a P while it spins: give the runtime one
		// more, so the tracer, the writer and a live printer keep theirs.
		extraProcs(1)
	}
	go a.run()
	return a
}

// polls says whether the PM QoS request is used (else the spinner).
func (a *awake) polls() bool { return a != nil && a.qos != nil }

func (a *awake) now() int64 { return int64(time.Since(a.base)) }

func (a *awake) run() {
	defer close(a.done)
	if a.qos == nil {
		// Locked for good: the SCHED_IDLE policy never reaches other
		// goroutines.
		runtime.LockOSThread()
		p := [1]int32{0}
		if _, _, e := unix.RawSyscall(unix.SYS_SCHED_SETSCHEDULER, 0, unix.SCHED_IDLE, uintptr(unsafe.Pointer(&p[0]))); e != 0 {
			return // a normal-priority spinner would take CPU from the tracee
		}
		// The thread ends with the goroutine, unless it is the main
		// thread, which the runtime parks for good instead. Leave it as it
		// was (this needs CAP_SYS_NICE or an RLIMIT_NICE of 20; without
		// them it stays SCHED_IDLE, parked).
		defer unix.RawSyscall(unix.SYS_SCHED_SETSCHEDULER, 0, schedOther, uintptr(unsafe.Pointer(&p[0])))
	} else {
		defer a.request(false)
	}
	for !a.quit.Load() {
		if left := a.until.Load() - a.now(); left > 0 {
			if a.qos != nil {
				a.request(true)
				time.Sleep(time.Duration(left))
				continue
			}
			for i := 0; i < 256; i++ {
				if a.quit.Load() {
					return
				}
			}
			continue
		}
		a.request(false)
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

// request makes (on) or withdraws the PM QoS request, in poll mode.
func (a *awake) request(on bool) {
	if a.qos == nil || a.qosOn == on || a.qosFailed {
		return
	}
	v := uint32(0)
	if !on {
		v = qosNone
	}
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], v)
	if _, err := a.qos.Write(b[:]); err != nil {
		a.qosFailed = true
		return
	}
	a.qosOn = on
	if on {
		a.requests.Add(1)
	}
}

// poke says a wait found no stop ready: keep the CPUs awake for hold.
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

// stop ends the helper, withdraws the request or gives the runtime its P
// back.
func (a *awake) stop() {
	if a == nil {
		return
	}
	a.quit.Store(true)
	a.sleeping.Store(0)
	unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(&a.sleeping)), futexWakePrivate, 1, 0, 0, 0)
	if a.qos != nil {
		// Closing ends the request whatever the helper does next (its
		// writes then fail), so the recorder does not wait out the
		// helper's sleep of up to a hold time (1 ms) at its end. A
		// futex wait the stop could cut short instead of that sleep
		// woke the helper at every hold's end precisely, and made sh
		// 25% slower.
		a.qos.Close()
		return
	}
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
