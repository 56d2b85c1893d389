//go:build linux && amd64

package testcap

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// probeKVM opens /dev/kvm and asks its API version (12 since Linux 2.6.22).
func probeKVM() error {
	f, err := os.OpenFile("/dev/kvm", os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("no KVM: %w", err)
	}
	defer f.Close()
	const kvmGetAPIVersion = 0xae00
	v, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), kvmGetAPIVersion, 0)
	if e != 0 {
		return fmt.Errorf("no KVM: KVM_GET_API_VERSION: %w", e)
	}
	if v != 12 {
		return fmt.Errorf("no KVM: API version %d, not 12", v)
	}
	return nil
}

// probePidNS starts a process that exits at once (/bin/true) in a new
// PID namespace.
func probePidNS() error {
	cmd := exec.Command("/bin/true")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWPID}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("cannot start a process in a new PID namespace: %w", err)
	}
	return nil
}
