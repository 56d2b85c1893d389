//go:build linux && amd64

package record

import (
	"encoding/binary"
	"strconv"

	"golang.org/x/sys/unix"
)

// sockDiag learns what strace -yy shows of a socket: its protocol (the
// system.sockprotoname attribute of /proc/PID/fd/N) and, from the kernel's
// sock_diag netlink interface, its addresses (strace asks the same
// questions when it prints; mytrace asks them when a descriptor is noted:
// after the calls that create sockets, bind, connect and listen).
type sockDiag struct {
	fd   int // NETLINK_SOCK_DIAG socket, 0 until opened, -1 if it cannot be
	buf  []byte
	attr [64]byte
	seq  uint32
}

// inet_diag protocols by strace's protocol names (the family, then the
// IP protocol).
var inetProtos = map[string][2]uint8{
	"TCP": {unix.AF_INET, unix.IPPROTO_TCP}, "UDP": {unix.AF_INET, unix.IPPROTO_UDP},
	"UDPLITE": {unix.AF_INET, unix.IPPROTO_UDPLITE}, "DCCP": {unix.AF_INET, unix.IPPROTO_DCCP},
	"SCTP": {unix.AF_INET, unix.IPPROTO_SCTP}, "L2TP/IP": {unix.AF_INET, unix.IPPROTO_L2TP},
	"PING": {unix.AF_INET, unix.IPPROTO_ICMP}, "RAW": {unix.AF_INET, unix.IPPROTO_RAW},
	"TCPv6": {unix.AF_INET6, unix.IPPROTO_TCP}, "UDPv6": {unix.AF_INET6, unix.IPPROTO_UDP},
	"UDPLITEv6": {unix.AF_INET6, unix.IPPROTO_UDPLITE}, "DCCPv6": {unix.AF_INET6, unix.IPPROTO_DCCP},
	"SCTPv6": {unix.AF_INET6, unix.IPPROTO_SCTP}, "L2TP/IPv6": {unix.AF_INET6, unix.IPPROTO_L2TP},
	"PINGv6": {unix.AF_INET6, unix.IPPROTO_ICMP}, "RAWv6": {unix.AF_INET6, unix.IPPROTO_RAW},
}

const (
	sockDiagByFamily = 20 // SOCK_DIAG_BY_FAMILY
	udiagShowName    = 1
	udiagShowPeer    = 4
	unixDiagName     = 0
	unixDiagPeer     = 2
	unixPathMax      = 108
)

// details returns what format.FdPath.Sock holds for the socket with the
// given inode that /proc/PID/fd/N (procPath) refers to, or nil.
func (s *sockDiag) details(procPath string, inode uint32) []byte {
	n, err := unix.Getxattr(procPath, "system.sockprotoname", s.attr[:])
	if err != nil || n <= 0 {
		return nil
	}
	name := s.attr[:n]
	if name[n-1] == 0 {
		name = name[:n-1]
	}
	proto := string(name)
	var found []byte
	switch {
	case proto == "UNIX" || proto == "UNIX-STREAM":
		found = s.unix(proto, inode)
	case inetProtos[proto] != [2]uint8{}:
		p := inetProtos[proto]
		found = s.inet(proto, p[0], p[1], inode)
	default:
		// strace 6.1 knows NETLINK too; others it shows as the path.
		return nil
	}
	if found != nil {
		return found
	}
	return []byte(proto)
}

// open returns the sock_diag socket, opening it the first time.
func (s *sockDiag) open() bool {
	if s.fd == 0 {
		fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_SOCK_DIAG)
		if err != nil {
			s.fd = -1
			return false
		}
		s.fd = fd
		s.buf = make([]byte, 32<<10)
	}
	return s.fd > 0
}

// query sends a request (the bytes after the netlink header) and hands
// each answer's payload, header included as strace's parsers take it,
// to parse until it returns non-zero: >0 found, <0 give up.
func (s *sockDiag) query(flags uint16, req []byte, parse func(msg []byte) int) bool {
	if !s.open() {
		return false
	}
	s.seq++
	m := make([]byte, 16+len(req))
	binary.NativeEndian.PutUint32(m[0:], uint32(len(m)))
	binary.NativeEndian.PutUint16(m[4:], sockDiagByFamily)
	binary.NativeEndian.PutUint16(m[6:], flags|unix.NLM_F_REQUEST)
	binary.NativeEndian.PutUint32(m[8:], s.seq)
	copy(m[16:], req)
	for {
		err := unix.Sendto(s.fd, m, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return false
		}
		break
	}
	rflags := 0
	result := false
	done := false
	for !done {
		n, _, err := unix.Recvfrom(s.fd, s.buf, rflags)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n < 16 {
			break
		}
		for b := s.buf[:n]; len(b) >= 16; {
			l := int(binary.NativeEndian.Uint32(b))
			if l < 16 || l > len(b) {
				done = true
				break
			}
			seq := binary.NativeEndian.Uint32(b[8:])
			if seq != s.seq {
				// An answer to an earlier query given up on.
				b = b[min(len(b), (l+3)&^3):]
				continue
			}
			if done {
				b = b[min(len(b), (l+3)&^3):]
				continue
			}
			typ := binary.NativeEndian.Uint16(b[4:])
			if typ == unix.NLMSG_DONE || typ == unix.NLMSG_ERROR || typ != sockDiagByFamily {
				done = true
			} else if rc := parse(b[:l]); rc != 0 {
				result, done = rc > 0, true
			}
			b = b[min(len(b), (l+3)&^3):]
		}
		rflags = unix.MSG_DONTWAIT
	}
	if result || flags&unix.NLM_F_DUMP != 0 {
		s.drain()
	}
	return result
}

// drain reads what is left of a dump the caller stopped reading, so that
// the next query starts afresh.
func (s *sockDiag) drain() {
	for {
		n, _, err := unix.Recvfrom(s.fd, s.buf, unix.MSG_DONTWAIT)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			return
		}
	}
}

// inet asks inet_diag for every socket of the family and protocol, as
// strace does, and formats the one with the inode.
func (s *sockDiag) inet(proto string, family, ipproto uint8, inode uint32) []byte {
	req := make([]byte, 56) // struct inet_diag_req_v2
	req[0], req[1] = family, ipproto
	binary.NativeEndian.PutUint32(req[4:], ^uint32(0))
	var out []byte
	s.query(unix.NLM_F_DUMP, req, func(m []byte) int {
		d := m[16:]
		if len(d) < 72 { // struct inet_diag_msg
			return -1
		}
		if binary.NativeEndian.Uint32(d[68:]) != inode {
			return 0
		}
		alen := 4
		switch d[0] {
		case unix.AF_INET:
		case unix.AF_INET6:
			alen = 16
		default:
			return -1
		}
		sport, dport := binary.BigEndian.Uint16(d[4:]), binary.BigEndian.Uint16(d[6:])
		src, dst := d[8:8+alen], d[24:24+alen]
		out = append(out, proto...)
		out = AppendInetEnds(out, src, sport, dst, dport)
		return 1
	})
	return out
}

// unix asks unix_diag about the socket with the inode: its peer and
// name. The name is kept raw (decode quotes it as strace does).
func (s *sockDiag) unix(proto string, inode uint32) []byte {
	req := make([]byte, 24) // struct unix_diag_req
	req[0] = unix.AF_UNIX
	binary.NativeEndian.PutUint32(req[4:], ^uint32(0))
	binary.NativeEndian.PutUint32(req[8:], inode)
	binary.NativeEndian.PutUint32(req[12:], udiagShowName|udiagShowPeer)
	binary.NativeEndian.PutUint32(req[16:], ^uint32(0))
	binary.NativeEndian.PutUint32(req[20:], ^uint32(0))
	var out []byte
	s.query(0, req, func(m []byte) int {
		if len(m) < 16+16 { // struct unix_diag_msg
			return -1
		}
		d := m[16:]
		if binary.NativeEndian.Uint32(d[4:]) != inode {
			return 0
		}
		if d[0] != unix.AF_UNIX {
			return -1
		}
		var peer uint32
		var name []byte
		haveName := false
		for a := d[16:]; len(a) >= 4; {
			l := int(binary.NativeEndian.Uint16(a))
			if l < 4 || l > len(a) {
				break
			}
			switch binary.NativeEndian.Uint16(a[2:]) {
			case unixDiagName:
				if !haveName && l > 4 {
					name, haveName = a[4:l], true
					if len(name) > unixPathMax {
						name = name[:unixPathMax]
					}
				}
			case unixDiagPeer:
				if l >= 8 {
					peer = binary.NativeEndian.Uint32(a[4:])
				}
			}
			a = a[min(len(a), (l+3)&^3):]
		}
		if peer == 0 && !haveName {
			return -1
		}
		out = append(out, proto...)
		out = append(out, ":["...)
		out = strconv.AppendUint(out, uint64(inode), 10)
		if peer != 0 {
			out = append(out, "->"...)
			out = strconv.AppendUint(out, uint64(peer), 10)
		}
		if haveName {
			out = append(out, ',')
			out = append(out, name...)
		}
		out = append(out, ']')
		return 1
	})
	return out
}

// socketInode returns N of a "socket:[N]" link, or 0.
func socketInode(p []byte) uint32 {
	const pre = "socket:["
	if len(p) <= len(pre)+1 || string(p[:len(pre)]) != pre || p[len(p)-1] != ']' {
		return 0
	}
	v, err := strconv.ParseUint(string(p[len(pre):len(p)-1]), 10, 32)
	if err != nil {
		return 0
	}
	return uint32(v)
}

// SockDiag learns what strace -yy shows of sockets, as the ptrace
// recorder does, for a recorder of another kind (record/bpf). It is not
// safe for concurrent use.
type SockDiag struct{ s sockDiag }

// Details returns what format.FdPath.Sock holds for the socket with the
// given inode that /proc/PID/fd/N (procPath) refers to, or nil.
func (d *SockDiag) Details(procPath string, inode uint32) []byte { return d.s.details(procPath, inode) }
