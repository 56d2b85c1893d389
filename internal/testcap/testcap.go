// Package testcap probes what this machine can do for the tests: run
// 32-bit programs, take int 0x80 from a 64-bit process, open the PM QoS
// device, run the tools the differential tests compare against. Machines
// of one kind differ in these (a kernel booted with ia32_emulation=0, a VM
// without a cpuidle driver), so a test asks before it relies on one.
//
// Each probe runs once per test binary and its answer is cached. A missing
// capability is an error that names it and says why ("kernel cannot exec
// 32-bit programs: exec format error"); Need turns it into a skip with
// that message, so a skipped test always says what it lacked. A test whose
// capability is present must pass.
//
// MYTRACE_TEST_WITHOUT=name,name... makes the named capabilities count as
// missing, so the skip paths can be exercised on a machine that has them.
//
// Limits: the probes are for Linux on x86-64; elsewhere every machine
// capability reports itself missing. Tools the CI installs (cc, strace)
// are not probed here: tests that need them fail when they are missing.
package testcap

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// ErrDisabled is wrapped by the error of a capability turned off with
// MYTRACE_TEST_WITHOUT.
var ErrDisabled = errors.New("disabled by MYTRACE_TEST_WITHOUT")

// Capability is something a test needs from the machine.
type Capability struct {
	// Name is the capability's name in MYTRACE_TEST_WITHOUT.
	Name  string
	probe func() error
	once  sync.Once
	err   error
}

// Err returns nil when the machine has the capability, else an error
// that names it and why it is missing. The probe runs on the first call.
func (c *Capability) Err() error {
	c.once.Do(func() {
		if disabled(c.Name) {
			c.err = fmt.Errorf("%s: %w", c.Name, ErrDisabled)
			return
		}
		c.err = c.probe()
	})
	return c.err
}

// Need skips the test, with the reason as its message, unless the machine
// has every capability in caps.
func Need(t testing.TB, caps ...*Capability) {
	t.Helper()
	for _, c := range caps {
		if err := c.Err(); err != nil {
			t.Skip(err.Error())
		}
	}
}

// ByName returns the capability called name, or nil.
func ByName(name string) *Capability {
	for _, c := range All {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func disabled(name string) bool {
	for _, n := range strings.Split(os.Getenv("MYTRACE_TEST_WITHOUT"), ",") {
		if strings.TrimSpace(n) == name {
			return true
		}
	}
	return false
}

// The machine's capabilities.
var (
	// I386: the kernel runs 32-bit (i386) programs.
	I386 = &Capability{Name: "i386", probe: probeI386}
	// Int80: a 64-bit process may make i386 syscalls with int 0x80.
	Int80 = &Capability{Name: "int80", probe: probeInt80}
	// PMQoS: the PM QoS CPU latency device can be opened for writing.
	PMQoS = &Capability{Name: "pmqos", probe: probePMQoS}
	// CPUIdle: the machine has a cpuidle driver (so that idle CPUs halt
	// and a PM QoS request changes what they do).
	CPUIdle = &Capability{Name: "cpuidle", probe: probeCPUIdle}
	// Root: the tests run as root.
	Root = &Capability{Name: "root", probe: probeRoot}
	// KVM: /dev/kvm can be opened and answers KVM_GET_API_VERSION.
	KVM = &Capability{Name: "kvm", probe: probeKVM}
	// PidNS: a process can be started in a new PID namespace.
	PidNS = &Capability{Name: "pidns", probe: probePidNS}
)

// All lists every capability, for MYTRACE_TEST_WITHOUT's check and for a
// test that reports the machine.
var All = []*Capability{I386, Int80, PMQoS, CPUIdle, Root, KVM, PidNS}

func probeRoot() error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("not root (euid %d)", os.Geteuid())
	}
	return nil
}

func probePMQoS() error {
	f, err := os.OpenFile("/dev/cpu_dma_latency", os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("PM QoS device cannot be opened: %w", err)
	}
	return f.Close()
}

func probeCPUIdle() error {
	b, err := os.ReadFile("/sys/devices/system/cpu/cpuidle/current_driver")
	if err != nil {
		return fmt.Errorf("no cpuidle driver: %w", err)
	}
	if d := strings.TrimSpace(string(b)); d == "" || d == "none" {
		return fmt.Errorf("no cpuidle driver (current_driver is %q)", d)
	}
	return nil
}
