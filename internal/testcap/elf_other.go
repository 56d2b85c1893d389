//go:build !(linux && amd64)

package testcap

import (
	"fmt"
	"runtime"
)

func probeI386() error {
	return fmt.Errorf("kernel cannot exec 32-bit programs: the probe needs linux/amd64, not %s/%s", runtime.GOOS, runtime.GOARCH)
}

func probeInt80() error {
	return fmt.Errorf("int 0x80 does not work from a 64-bit process: the probe needs linux/amd64, not %s/%s", runtime.GOOS, runtime.GOARCH)
}

func probeKVM() error {
	return fmt.Errorf("no KVM: the probe needs linux/amd64, not %s/%s", runtime.GOOS, runtime.GOARCH)
}

func probePidNS() error {
	return fmt.Errorf("no PID namespaces: the probe needs linux/amd64, not %s/%s", runtime.GOOS, runtime.GOARCH)
}
