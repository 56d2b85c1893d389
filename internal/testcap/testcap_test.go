package testcap

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

// TestProbes reports what this machine can do, and checks that every
// missing capability says which it is.
func TestProbes(t *testing.T) {
	for _, c := range All {
		err := c.Err()
		t.Logf("%-8s %v", c.Name, err)
		if err != nil && err.Error() == "" {
			t.Errorf("%s: an empty reason", c.Name)
		}
	}
}

// TestWithout: MYTRACE_TEST_WITHOUT turns a capability off, with a reason
// naming it.
func TestWithout(t *testing.T) {
	t.Setenv("MYTRACE_TEST_WITHOUT", "int80, root")
	c := &Capability{Name: "int80", probe: func() error { return nil }}
	err := c.Err()
	if !errors.Is(err, ErrDisabled) || !strings.Contains(err.Error(), "int80") {
		t.Errorf("disabled capability: %v", err)
	}
	if c := (&Capability{Name: "i386", probe: func() error { return nil }}); c.Err() != nil {
		t.Errorf("i386 not listed, yet missing: %v", c.Err())
	}
}

// TestProbePrograms: the hand-built programs fail as the probes say when
// they cannot run: a corrupt ELF is refused with ENOEXEC, and a program
// that exits otherwise than with 42 is a missing capability.
func TestProbePrograms(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the probes run linux/amd64 programs")
	}
	bad := elf64(int80Code)
	bad[18] = 0xff // e_machine no kernel knows
	if err := runProbe("x", bad); err == nil || !strings.Contains(err.Error(), "ENOEXEC") {
		t.Errorf("corrupt ELF: %v, want ENOEXEC", err)
	}
	exit1 := []byte{0xbf, 1, 0, 0, 0, 0xb8, 60, 0, 0, 0, 0x0f, 0x05} // exit(1)
	if err := runProbe("x", elf64(exit1)); err == nil || !strings.Contains(err.Error(), "exited with 1") {
		t.Errorf("exit(1): %v", err)
	}
	exit42 := []byte{0xbf, 42, 0, 0, 0, 0xb8, 60, 0, 0, 0, 0x0f, 0x05}
	if err := runProbe("x", elf64(exit42)); err != nil {
		t.Errorf("exit(42): %v", err)
	}
}
