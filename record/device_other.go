//go:build !linux

package record

// DeviceDetails returns nil: device numbers are read on Linux only.
func DeviceDetails(path string) []byte { return nil }
