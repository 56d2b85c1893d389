//go:build linux && amd64

package record

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// idleThreads returns the state letters of this process's SCHED_IDLE
// threads (policy, field 41 of /proc/self/task/TID/stat, is 5).
func idleThreads(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("/proc/self/task/*/stat")
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, d := range dirs {
		b, err := os.ReadFile(d)
		if err != nil {
			continue // the thread ended
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 38 && f[38] == "5" {
			states = append(states, f[0])
		}
	}
	return states
}

// waitIdle polls idleThreads until want says yes, for up to 5 s.
func waitIdle(t *testing.T, want func([]string) bool) []string {
	t.Helper()
	var st []string
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		if st = idleThreads(t); want(st) {
			break
		}
	}
	return st
}

// TestAwakeSpinner: the spinner is one SCHED_IDLE thread that runs while
// poked and sleeps once hold has passed without a poke, and stop ends it
// and gives the runtime its P back.
func TestAwakeSpinner(t *testing.T) {
	if runtime.NumCPU() < 2 {
		if startAwake(time.Millisecond, false) != nil {
			t.Fatal("a spinner on a single CPU")
		}
		t.Skip("one CPU: no spinner (checked)")
	}
	if startAwake(0, false) != nil {
		t.Fatal("a spinner with hold 0")
	}
	procs := runtime.GOMAXPROCS(0)
	a := startAwake(200*time.Millisecond, false)
	if got := runtime.GOMAXPROCS(0); got != procs+1 {
		t.Errorf("GOMAXPROCS %d with the spinner, want %d", got, procs+1)
	}
	st := waitIdle(t, func(s []string) bool { return len(s) == 1 && s[0] == "S" })
	if len(st) != 1 || st[0] != "S" {
		t.Fatalf("before any poke, SCHED_IDLE threads in states %v, want one sleeping", st)
	}
	a.poke()
	st = waitIdle(t, func(s []string) bool { return len(s) == 1 && s[0] == "R" })
	if len(st) != 1 || st[0] != "R" {
		t.Errorf("after a poke, SCHED_IDLE threads in states %v, want one running", st)
	}
	st = waitIdle(t, func(s []string) bool { return len(s) == 1 && s[0] == "S" })
	if len(st) != 1 || st[0] != "S" {
		t.Errorf("hold after the poke passed, SCHED_IDLE threads in states %v, want one sleeping", st)
	}
	if a.wakes.Load() != 1 {
		t.Errorf("woken %d times, want 1", a.wakes.Load())
	}
	a.poke()
	done := make(chan struct{})
	go func() { a.stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("stop did not return")
	}
	if got := runtime.GOMAXPROCS(0); got != procs {
		t.Errorf("GOMAXPROCS %d after stop, want %d", got, procs)
	}
	if st := waitIdle(t, func(s []string) bool { return len(s) == 0 }); len(st) != 0 {
		if os.Geteuid() == 0 {
			t.Errorf("SCHED_IDLE threads left after stop: %v", st)
		} else {
			t.Logf("not root: a SCHED_IDLE thread may stay parked after stop (%v)", st)
		}
	}
	var nilAwake *awake
	nilAwake.poke() // no spinner: nothing happens
	nilAwake.stop()
}

// qosValue reads the CPU latency the kernel's idle loop currently honours
// (reading the PM QoS device gives the strictest request in force).
func qosValue(t *testing.T) int32 {
	t.Helper()
	b, err := os.ReadFile(qosDevice)
	if err != nil || len(b) < 4 {
		t.Fatalf("reading %s: %v (%d bytes)", qosDevice, err, len(b))
	}
	return int32(binary.NativeEndian.Uint32(b))
}

// TestAwakePoll: as root, a poke makes a 0 µs PM QoS request, which the
// kernel then honours, and the request is withdrawn once hold has passed
// without a poke, and for good at stop.
func TestAwakePoll(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("one CPU: no awake helper")
	}
	f, err := os.OpenFile(qosDevice, os.O_WRONLY, 0)
	if err != nil {
		// Not root, or a container without the device: auto must fall
		// back to the spinner.
		a := startAwake(time.Millisecond, true)
		defer a.stop()
		if a.polls() {
			t.Fatalf("poll mode without %s", qosDevice)
		}
		t.Skipf("%s cannot be opened (euid %d: %v): poll mode untestable here; the spinner stands in (checked)", qosDevice, os.Geteuid(), err)
	}
	f.Close()
	procs := runtime.GOMAXPROCS(0)
	a := startAwake(50*time.Millisecond, true)
	if !a.polls() {
		t.Fatal("not in poll mode although the device opens")
	}
	if got := runtime.GOMAXPROCS(0); got != procs {
		t.Errorf("GOMAXPROCS %d in poll mode, want %d (no spinner)", got, procs)
	}
	a.poke()
	var v int32 = -1
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		if v = qosValue(t); v == 0 {
			break
		}
	}
	if v != 0 {
		t.Errorf("after a poke the kernel's CPU latency limit is %d, want 0", v)
	}
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end) && a.sleeping.Load() != 1; time.Sleep(time.Millisecond) {
	}
	if a.sleeping.Load() != 1 {
		t.Error("the helper still holds the request long after hold passed")
	}
	if n := a.requests.Load(); n != 1 {
		t.Errorf("%d requests for one poke, want 1", n)
	}
	a.poke()
	a.stop()
	// stop closes the device at once, which ends the request (the
	// kernel's limit is not checked here: tests of other packages may
	// hold requests of their own); the helper itself ends within a hold.
	if a.qos.Fd() != ^uintptr(0) {
		t.Error("the PM QoS device is still open after stop")
	}
	select {
	case <-a.done:
	case <-time.After(5 * time.Second):
		t.Error("the helper has not ended 5 s after stop")
	}
}

// TestAwakeFallback: startAwake without the PM QoS device uses the
// spinner.
func TestAwakeFallback(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("one CPU: no awake helper")
	}
	saved := qosDevice
	qosDevice = filepath.Join(t.TempDir(), "no-such-device")
	defer func() { qosDevice = saved }()
	a := startAwake(time.Millisecond, true)
	if a == nil || a.polls() {
		t.Fatalf("without the device: helper %v, polls %v; want the spinner", a != nil, a.polls())
	}
	a.poke()
	a.stop()
}

// TestAwakeChoice: auto polls only where a cpuidle driver would honour the
// request and the device opens; otherwise it pulls. spin, pull and off
// are what they say.
func TestAwakeChoice(t *testing.T) {
	dir := t.TempDir()
	savedDrv, savedDev := cpuidleDriver, qosDevice
	defer func() { cpuidleDriver, qosDevice = savedDrv, savedDev }()
	cpuidleDriver = filepath.Join(dir, "current_driver")
	qosDevice = filepath.Join(dir, "cpu_dma_latency")
	if err := os.WriteFile(qosDevice, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		driver      string // "": no file
		device      bool
		poll, spin  bool
		pull        bool
		mode        AwakeMode
		whyContains string
	}{
		{"haltpoll\n", true, true, false, false, AwakeAuto, "haltpoll"},
		{"none\n", true, false, false, true, AwakeAuto, "no cpuidle driver"},
		{"", true, false, false, true, AwakeAuto, "no cpuidle driver"},
		{"acpi_idle\n", false, false, false, true, AwakeAuto, "cannot be opened"},
		{"none\n", true, false, true, false, AwakeSpin, "--awake=spin"},
		{"haltpoll\n", true, false, false, false, AwakeOff, "--awake=off"},
		{"haltpoll\n", true, false, false, true, AwakePull, "--awake=pull"},
	} {
		os.Remove(cpuidleDriver)
		if c.driver != "" {
			os.WriteFile(cpuidleDriver, []byte(c.driver), 0o644)
		}
		dev := qosDevice
		if !c.device {
			qosDevice = filepath.Join(dir, "absent")
		}
		poll, spin, pull, why := awakeChoice(c.mode)
		qosDevice = dev
		if poll != c.poll || spin != c.spin || pull != c.pull || !strings.Contains(why, c.whyContains) {
			t.Errorf("driver %q, device %v, mode %d: poll %v spin %v pull %v (%s); want poll %v spin %v pull %v, %q",
				c.driver, c.device, c.mode, poll, spin, pull, why, c.poll, c.spin, c.pull, c.whyContains)
		}
	}
}
