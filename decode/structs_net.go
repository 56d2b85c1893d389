package decode

import (
	"encoding/binary"
	"net"
	"strconv"
	"strings"

	"mytrace/format"
	"mytrace/sysent"
	"mytrace/tables"
)

// Structures of the network family: socket addresses, messages, poll and
// epoll records, shown as strace 6.1 shows them.

// Address families decoded beyond their raw bytes.
const (
	afUnix    = 1
	afInet    = 2
	afInet6   = 10
	afNetlink = 16
	afPacket  = 17
)

// netQuoted is bytes shown whole in double quotes (strace's
// print_quoted_string): no -s cut. force shows every byte in hexadecimal
// (QUOTE_FORCE_HEX).
type netQuoted struct {
	b     []byte
	force bool
}

func (q netQuoted) render(b *textBuf, o *Options) {
	h := o.Hex
	if q.force {
		h = 2
	}
	quoteString(b, q.b, h, false)
}

func (v netQuoted) appendJSON(b []byte, o *Options) []byte {
	return appendBytesJSON(b, v.b, false, -1)
}

// netCall is "name(args)" where args are values shown with ", " between.
func netCall(name string, args ...Value) Value {
	s := Seq{Sym(name + "(")}
	for i, a := range args {
		if i > 0 {
			s = append(s, Sym(", "))
		}
		s = append(s, a)
	}
	return append(s, Sym(")"))
}

// netRegion returns the capture made at addr in m: its bytes, and whether
// all that was asked was read.
func netRegion(m Mem, addr uint64) ([]byte, uint64, bool) {
	for i := range m {
		r := &m[i]
		if r.Addr != addr || r.Flags&(format.MemString|format.MemVector) != 0 {
			continue
		}
		if r.Flags&(format.MemPeeked|format.MemFault) != 0 {
			return nil, r.Len, false
		}
		return r.Data, r.Len, uint64(len(r.Data)) == r.Len
	}
	return nil, 0, false
}

// netInt reads a 4-byte int captured in m.
func netInt(m Mem, addr uint64) (int32, bool) {
	if addr == 0 {
		return 0, false
	}
	b, ok := m.Bytes(addr, 4)
	if !ok {
		return 0, false
	}
	return int32(le32(b)), true
}

// netInetNtop4 formats an IPv4 address as inet_ntop does.
func netInetNtop4(b []byte) string {
	return strconv.Itoa(int(b[0])) + "." + strconv.Itoa(int(b[1])) + "." +
		strconv.Itoa(int(b[2])) + "." + strconv.Itoa(int(b[3]))
}

// netInetNtop6 formats an IPv6 address as the C library's inet_ntop does
// (which differs from Go's for IPv4-compatible addresses).
func netInetNtop6(b []byte) string {
	var w [8]int
	for i := range w {
		w[i] = int(b[2*i])<<8 | int(b[2*i+1])
	}
	bestBase, bestLen, curBase, curLen := -1, 0, -1, 0
	for i := 0; i < 8; i++ {
		if w[i] == 0 {
			if curBase == -1 {
				curBase, curLen = i, 1
			} else {
				curLen++
			}
			continue
		}
		if curBase != -1 {
			if bestBase == -1 || curLen > bestLen {
				bestBase, bestLen = curBase, curLen
			}
			curBase = -1
		}
	}
	if curBase != -1 && (bestBase == -1 || curLen > bestLen) {
		bestBase, bestLen = curBase, curLen
	}
	if bestBase != -1 && bestLen < 2 {
		bestBase = -1
	}
	var s strings.Builder
	for i := 0; i < 8; i++ {
		if bestBase != -1 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				s.WriteByte(':')
			}
			continue
		}
		if i != 0 {
			s.WriteByte(':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)) {
			s.WriteString(netInetNtop4(b[12:16]))
			return s.String()
		}
		s.WriteString(strconv.FormatInt(int64(w[i]), 16))
	}
	if bestBase != -1 && bestBase+bestLen == 8 {
		s.WriteByte(':')
	}
	return s.String()
}

// netInetAddr shows an IPv4 or IPv6 address field named name as strace's
// print_inet_addr: name=inet_addr("1.2.3.4"), or inet_pton(AF_INET6,
// "::1", &name) without the field name.
func netInetAddr(s *Struct, af int, b []byte, name string) {
	switch af {
	case afInet:
		s.Fields = append(s.Fields, Field{name, netCall("inet_addr", netQuoted{b: []byte(netInetNtop4(b))})})
	case afInet6:
		s.Fields = append(s.Fields, Field{"", netCall("inet_pton", Sym("AF_INET6"),
			netQuoted{b: []byte(netInetNtop6(b))}, Sym("&"+name))})
	}
}

// netIfindex shows an interface index: if_nametoindex("lo"), or the
// number when no interface has it.
func netIfindex(idx uint32) Value {
	if idx != 0 {
		if ifc, err := net.InterfaceByIndex(int(idx)); err == nil && ifc.Name != "" {
			return netCall("if_nametoindex", netQuoted{b: []byte(ifc.Name)})
		}
	}
	return Uint(idx)
}

// netSockaddr shows the socket address of addrlen bytes at addr captured in
// m, as strace's decode_sockaddr, and returns its family (-1 when it is
// shown as an address).
func netSockaddr(m Mem, addr uint64, addrlen int64) (Value, int) {
	if addrlen < 2 {
		return Addr(addr), -1
	}
	if addrlen > sysent.SizeSockaddr {
		addrlen = sysent.SizeSockaddr
	}
	if addr == 0 {
		return Addr(0), -1
	}
	b, ok := m.Bytes(addr, int(addrlen))
	if !ok {
		return Addr(addr), -1
	}
	return netSockaddrValue(b)
}

// netSockaddrValue shows a socket address held in b, which is its length.
func netSockaddrValue(raw []byte) (Value, int) {
	n := len(raw)
	b := make([]byte, sysent.SizeSockaddr+2)
	copy(b, raw)
	fam := int(le16(b))
	s := &Struct{Fields: []Field{{"sa_family", enumOf(tables.Addrfams, uint64(fam), "AF_???")}}}
	if n <= 2 {
		return s, fam
	}
	add := func(name string, v Value) { s.Fields = append(s.Fields, Field{name, v}) }
	switch {
	case fam == afUnix && n >= 3:
		unLen := min(n, 110)
		pathLen := unLen - 2
		if b[2] != 0 {
			p := b[2 : 2+pathLen]
			if i := strings.IndexByte(string(p), 0); i >= 0 {
				p = p[:i]
			}
			add("sun_path", netQuoted{b: p})
		} else {
			add("sun_path", Seq{Sym("@"), netQuoted{b: b[3 : 2+pathLen]}})
		}
	case fam == afInet && n >= 16:
		add("sin_port", Sym("htons("+strconv.Itoa(int(binary.BigEndian.Uint16(b[2:])))+")"))
		netInetAddr(s, afInet, b[4:8], "sin_addr")
	case fam == afInet6 && n >= 24:
		add("sin6_port", Sym("htons("+strconv.Itoa(int(binary.BigEndian.Uint16(b[2:])))+")"))
		add("sin6_flowinfo", Sym("htonl("+strconv.FormatUint(uint64(binary.BigEndian.Uint32(b[4:])), 10)+")"))
		a := b[8:24]
		netInetAddr(s, afInet6, a, "sin6_addr")
		if n > 24 {
			scope := le32(b[24:])
			if (a[0] == 0xfe && a[1]&0xc0 == 0x80) || (a[0] == 0xff && a[1]&0xf == 2) {
				add("sin6_scope_id", netIfindex(scope))
			} else {
				add("sin6_scope_id", Uint(scope))
			}
		}
	case fam == afNetlink && n >= 12:
		if pad := le16(b[2:]); pad != 0 {
			add("nl_pad", Hex(pad))
		}
		add("nl_pid", Int(int32(le32(b[4:]))))
		add("nl_groups", Sym(hex0(uint64(le32(b[8:])), 8)))
	case fam == afPacket && n >= 20:
		h := binary.BigEndian.Uint16(b[2:])
		add("sll_protocol", netCall("htons", enumOf(tables.EthernetProtocols, uint64(h), "ETH_P_???")))
		add("sll_ifindex", netIfindex(le32(b[4:])))
		add("sll_hatype", enumOf(tables.ArpHardwareTypes, uint64(le16(b[8:])), "ARPHRD_???"))
		add("sll_pkttype", enumOf(tables.AfPacketTypes, uint64(b[10]), "PACKET_???"))
		halen := int(b[11])
		add("sll_halen", Uint(halen))
		if halen > 0 {
			a := &Array{}
			oob := n - 12
			for i := 0; i < halen; i++ {
				if i >= oob {
					a.More = true
					break
				}
				a.Elems = append(a.Elems, Sym(hex0(uint64(b[12+i]), 2)))
			}
			add("sll_addr", a)
		}
	default:
		add("sa_data", netQuoted{b: b[2:n]})
	}
	return s, fam
}

// netMacAddr shows a hardware address as "00:11:22:33:44:55".
func netMacAddr(b []byte) Value {
	var s strings.Builder
	for i, c := range b {
		if i > 0 {
			s.WriteByte(':')
		}
		s.WriteByte(hexdigits[c>>4])
		s.WriteByte(hexdigits[c&15])
	}
	return Sym(s.String())
}

// netTimeAt shows a timeval or timespec (nsec) at addr, or its address.
func netTimeAt(m Mem, addr uint64, nsec bool) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Bytes(addr, 16)
	if !ok {
		return Addr(addr)
	}
	if nsec {
		return timespecValue(b)
	}
	return timevalValue(b)
}

// netPollfd shows one struct pollfd at entry.
func netPollfd(b []byte) Value {
	fd := int32(le32(b))
	s := &Struct{Fields: []Field{{"fd", Fd(fd)}}}
	if fd >= 0 {
		s.Fields = append(s.Fields, Field{"events", flagsOf(tables.Pollflags, uint64(le16(b[4:])), "POLL???")})
	}
	return s
}

// netEpollEvent shows a struct epoll_event (packed, 12 bytes).
func netEpollEvent(b []byte) Value {
	data := le64(b[4:])
	return &Struct{Fields: []Field{
		{"events", flagsOf(tables.Epollevents, uint64(le32(b)), "EPOLL???")},
		{"data", &Struct{Fields: []Field{{"u32", Uint(uint32(data))}, {"u64", Uint(data)}}}},
	}}
}

// netLocalArray shows n elements of size bytes held in b (strace's
// print_local_array): "..." after -s elements unless -v.
func (d *dec) netLocalArray(b []byte, size int, elem func(b []byte) Value) Value {
	n := len(b) / size
	a := &Array{}
	for i := 0; i < n; i++ {
		if !d.o.Verbose && i >= d.o.StrLimit {
			a.More = true
			break
		}
		a.Elems = append(a.Elems, elem(b[i*size:(i+1)*size]))
	}
	return a
}
