//go:build linux

package record

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// DeviceDetails returns what strace -yy shows after the path of a
// descriptor that is a character or block device ("char 1:3" for
// /dev/null), given a path that reaches the open file (/proc/TID/fd/N,
// which stat follows to the file the descriptor holds), or nil for
// anything else. Recorded in format.FdPath.Sock, as a socket's details
// are.
func DeviceDetails(path string) []byte {
	var st unix.Stat_t
	if unix.Stat(path, &st) != nil {
		return nil
	}
	var b []byte
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFCHR:
		b = append(b, "char "...)
	case unix.S_IFBLK:
		b = append(b, "block "...)
	default:
		return nil
	}
	b = strconv.AppendUint(b, uint64(unix.Major(st.Rdev)), 10)
	b = append(b, ':')
	return strconv.AppendUint(b, uint64(unix.Minor(st.Rdev)), 10)
}
