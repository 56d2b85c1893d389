//go:build linux

package record

import (
	"bytes"
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

// PidfdDetails returns what strace -yy shows of a pidfd ("pid:1234": the
// process it refers to, in this process's PID namespace), read from the
// descriptor's fdinfo (/proc/TID/fdinfo/N), or nil when the file says
// no pid (the descriptor is gone, or is not a pidfd).
func PidfdDetails(fdinfo string) []byte {
	var buf [512]byte
	fd, err := unix.Open(fdinfo, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	n, _ := unix.Read(fd, buf[:])
	unix.Close(fd)
	if n <= 0 {
		return nil
	}
	for _, line := range bytes.Split(buf[:n], []byte{'\n'}) {
		if v, ok := bytes.CutPrefix(line, []byte("Pid:")); ok {
			v = bytes.TrimSpace(v)
			pid, err := strconv.ParseInt(string(v), 10, 32)
			if err != nil || pid <= 0 {
				return nil // -1: the process has ended (and been reaped)
			}
			return strconv.AppendInt([]byte("pid:"), pid, 10)
		}
	}
	return nil
}
