package record

import (
	"net/netip"
	"strconv"
)

// AppendInetEnds appends what strace -yy shows of an inet socket after its
// protocol name: ":[SRC:PORT]", or ":[SRC:PORT->DST:PORT]" when the socket
// has a peer (a destination address or port that is not zero). Addresses
// are 4 or 16 bytes, shown as inet_ntop does (IPv6 in brackets). Both
// recorders name sockets with it.
func AppendInetEnds(out, src []byte, sport uint16, dst []byte, dport uint16) []byte {
	out = append(out, ":["...)
	out = appendAddrPort(out, src, sport)
	zero := true
	for _, c := range dst {
		zero = zero && c == 0
	}
	if dport != 0 || !zero {
		out = append(out, "->"...)
		out = appendAddrPort(out, dst, dport)
	}
	return append(out, ']')
}

// appendAddrPort appends an address as inet_ntop shows it (IPv6 in
// brackets) and a port.
func appendAddrPort(b, addr []byte, port uint16) []byte {
	if len(addr) == 4 {
		b = netip.AddrFrom4([4]byte(addr)).AppendTo(b)
	} else {
		b = append(b, '[')
		a := [16]byte(addr)
		// glibc shows ::a.b.c.d for an address of six zero words and
		// a non-zero seventh; netip shows ::ffff:a.b.c.d as glibc does.
		allZero := true
		for _, c := range a[:12] {
			allZero = allZero && c == 0
		}
		if allZero && (a[12] != 0 || a[13] != 0) {
			b = append(b, "::"...)
			b = netip.AddrFrom4([4]byte(a[12:])).AppendTo(b)
		} else {
			b = netip.AddrFrom16(a).AppendTo(b)
		}
		b = append(b, ']')
	}
	b = append(b, ':')
	return strconv.AppendUint(b, uint64(port), 10)
}
