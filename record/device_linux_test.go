//go:build linux

package record

import "testing"

// TestDeviceDetails: a character device shows its type and numbers as
// strace -yy does; a regular file, a directory or a missing path nothing.
func TestDeviceDetails(t *testing.T) {
	if got := string(DeviceDetails("/dev/null")); got != "char 1:3" {
		t.Errorf("/dev/null: %q, want \"char 1:3\"", got)
	}
	for _, p := range []string{"/proc/self/exe", "/", "/nonexistent"} {
		if got := DeviceDetails(p); got != nil {
			t.Errorf("%s: %q, want nothing", p, got)
		}
	}
}
