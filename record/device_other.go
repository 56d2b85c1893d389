//go:build !linux

package record

// DeviceDetails returns nil: device numbers are read on Linux only.
func DeviceDetails(path string) []byte { return nil }

// PidfdDetails returns nil: pidfds are Linux's.
func PidfdDetails(fdinfo string) []byte { return nil }
