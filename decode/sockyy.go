package decode

import (
	"strconv"
	"strings"
)

// SockCache is strace's cache of socket details for -yy: once the kernel
// has described a socket, strace shows that description whenever it
// shows the socket (until another inode takes its slot), even after the
// socket's addresses have changed. The printer holds one for the whole
// trace, as strace holds one for all processes.
type SockCache struct {
	e [1024]struct {
		inode   uint64
		details string
	}
}

// renderSock writes what strace -yy shows of socket descriptor fd whose
// path is "socket:[N]" between the angle brackets, and says whether it
// did (false: show the path as -y does).
func renderSock(b *textBuf, o *Options, fd int32, path string) bool {
	num, ok := strings.CutPrefix(path, "socket:[")
	if !ok {
		return false
	}
	num, ok = strings.CutSuffix(num, "]")
	if !ok {
		return false
	}
	inode, err := strconv.ParseUint(num, 10, 64)
	if err != nil || inode == 0 {
		return false
	}
	c := o.SockCache
	if c != nil {
		if e := &c.e[inode&1023]; e.inode == inode {
			b.WriteString(e.details)
			return true
		}
	}
	sock := ""
	if o.FdSock != nil {
		sock = o.FdSock(fd)
	}
	if sock == "" {
		return false
	}
	if !strings.Contains(sock, ":[") {
		// The kernel did not list it: the protocol and inode, uncached.
		b.WriteString(sock)
		b.WriteString(":[")
		b.WriteString(num)
		b.WriteByte(']')
		return true
	}
	details := sockDetails(sock, o.Hex)
	if c != nil {
		e := &c.e[inode&1023]
		e.inode, e.details = inode, details
	}
	b.WriteString(details)
	return true
}

// sockDetails turns recorded details into strace's text: the name of a
// UNIX socket, recorded raw after the first comma, is quoted as strace
// quotes it ("@" first for an abstract name).
func sockDetails(sock string, hex int) string {
	if !strings.HasPrefix(sock, "UNIX") {
		return sock
	}
	i := strings.IndexByte(sock, ',')
	if i < 0 || !strings.HasSuffix(sock, "]") || len(sock)-1 < i+1 {
		return sock
	}
	name := []byte(sock[i+1 : len(sock)-1])
	var b textBuf
	b.WriteString(sock[:i+1])
	if len(name) > 0 && name[0] == 0 {
		b.WriteByte('@')
		name = name[1:]
	}
	if z := strings.IndexByte(string(name), 0); z >= 0 {
		name = name[:z]
	}
	quoteString(&b, name, hex, false)
	b.WriteByte(']')
	return b.String()
}
