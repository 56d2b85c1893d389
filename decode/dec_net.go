package decode

import (
	"strconv"
	"strings"

	"mytrace/sysent"
	"mytrace/tables"
)

// Decoders for network and I/O multiplexing syscalls, laid out as strace
// 6.1 prints them.

func init() {
	register("socket", (*dec).netSocket)
	register("socketpair", (*dec).netSocketpair)
	register("bind", (*dec).netBind)
	register("connect", (*dec).netBind)
	register("accept", func(d *dec) { d.netSockname(false) })
	register("accept4", func(d *dec) { d.netSockname(true) })
	register("getsockname", func(d *dec) { d.netSockname(false) })
	register("getpeername", func(d *dec) { d.netSockname(false) })
	register("sendto", (*dec).netSendto)
	register("recvfrom", (*dec).netRecvfrom)
	register("setsockopt", (*dec).netSetsockopt)
	register("getsockopt", (*dec).netGetsockopt)
	register("sendmsg", (*dec).netSendmsg)
	register("recvmsg", (*dec).netRecvmsg)
	register("sendmmsg", (*dec).netSendmmsg)
	register("recvmmsg", (*dec).netRecvmmsg)

	register("poll", (*dec).netPoll)
	register("ppoll", (*dec).netPpoll)
	register("select", func(d *dec) { d.netSelect(false) })
	register("pselect6", func(d *dec) { d.netSelect(true) })
	register("epoll_ctl", (*dec).netEpollCtl)
	register("epoll_wait", func(d *dec) { d.netEpollWait(0) })
	register("epoll_pwait", func(d *dec) { d.netEpollWait(1) })
	register("epoll_pwait2", func(d *dec) { d.netEpollWait(2) })
}

// Address families with their own protocol tables in socket(2).
const (
	afAx25      = 3
	afIrda      = 23
	afCan       = 29
	afBluetooth = 31
	afRxrpc     = 33
	afIsdn      = 34
	afPhonet    = 35
	afCaif      = 37
	afNfc       = 39
	afKcm       = 41
	afSmc       = 43
)

// netSockType shows a socket type: the type, then its flags.
func netSockType(t uint32) Value {
	if n, ok := tables.Socktypes.Lookup(uint64(t & 0xf)); ok {
		if t&^0xf == 0 {
			return Sym(n)
		}
		return Seq{Sym(n + "|"), flagsOf(tables.SockTypeFlags, uint64(t&^0xf), "SOCK_???")}
	}
	return flagsOf(tables.SockTypeFlags, uint64(t), "SOCK_???")
}

func (d *dec) netSocket() {
	dom := d.arg(0)
	d.add("domain", enumOf(tables.Addrfams, uint64(uint32(dom)), "AF_???"))
	d.add("type", netSockType(uint32(d.arg(1))))
	p := uint64(uint32(d.arg(2)))
	var v Value
	switch dom {
	case afInet, afInet6:
		v = enumOf(tables.InetProtocols, p, "IPPROTO_???")
	case afNetlink:
		v = enumOf(tables.NetlinkProtocols, p, "NETLINK_???")
	case afPacket:
		h := uint16(d.arg(2))
		v = netCall("htons", enumOf(tables.EthernetProtocols, uint64(h>>8|h<<8), "ETH_P_???"))
	case afAx25:
		// strace shows these in its verbose style: the number, then the
		// name in a comment.
		n, ok := tables.Ax25Protocols.Lookup(d.arg(2))
		if !ok {
			n = "AX25_P_???"
		}
		v = Commented{V: Hex(d.arg(2)), C: n}
	case afRxrpc:
		v = enumOf(tables.Addrfams, p, "AF_???")
	default:
		if x, ok := netSocketProtos[dom]; ok {
			v = enumOf(x.tab, p, x.dflt)
		} else {
			v = Uint(d.arg(2))
		}
	}
	d.add("protocol", v)
}

func (d *dec) netSocketpair() {
	d.add("domain", enumOf(tables.Addrfams, uint64(uint32(d.arg(0))), "AF_???"))
	d.add("type", netSockType(uint32(d.arg(1))))
	d.add("protocol", Uint(d.arg(2)))
	d.split()
	if !d.exit {
		d.add("sv", nil)
		return
	}
	d.add("sv", d.netFdPair(d.arg(3)))
}

// netFdPair shows a returned pair of descriptors (socketpair, pipe).
func (d *dec) netFdPair(addr uint64) Value {
	if d.failed {
		return Addr(addr)
	}
	return d.printArray(d.out, addr, 2, 4, func(b []byte, a *Array) bool {
		a.Elems = append(a.Elems, Fd(int32(le32(b))))
		return true
	})
}

func (d *dec) netBind() {
	d.add("sockfd", Fd(d.int(0)))
	n := d.int(2)
	v, _ := netSockaddr(d.in, d.arg(1), n)
	d.add("addr", v)
	d.add("addrlen", Int(n))
}

// netLenArray shows a value-result length: [16], or [128 => 16].
func netLenArray(before, after int32) Value {
	if before != after {
		return &Array{Elems: []Value{Changed{Int(before), Int(after)}}}
	}
	return &Array{Elems: []Value{Int(after)}}
}

// netSockname serves accept, accept4, getsockname and getpeername.
func (d *dec) netSockname(withFlags bool) {
	d.add("sockfd", Fd(d.int(0)))
	addr, lenp := d.arg(1), d.arg(2)
	flags := func() {
		if withFlags {
			d.add("flags", d.flags(tables.SockTypeFlags, uint64(uint32(d.arg(3))), "SOCK_???"))
		}
	}
	var ulen int32
	ok := false
	if addr != 0 && lenp != 0 {
		ulen, ok = netInt(d.in, lenp)
	}
	if !ok {
		d.add("addr", Addr(addr))
		d.add("addrlen", Addr(lenp))
		flags()
		return
	}
	d.split()
	if !d.exit {
		d.add("addr", nil)
		return
	}
	rlen, rok := netInt(d.out, lenp)
	if d.failed || !rok {
		d.add("addr", Addr(addr))
		d.add("addrlen", &Array{Elems: []Value{Int(ulen)}})
	} else {
		v, _ := netSockaddr(d.out, addr, int64(min(ulen, rlen)))
		d.add("addr", v)
		d.add("addrlen", netLenArray(ulen, rlen))
	}
	flags()
}

func (d *dec) netSendto() {
	d.add("sockfd", Fd(d.int(0)))
	d.add("buf", d.sockBuf(d.in, d.arg(1), d.arg(2)))
	d.add("len", Uint(d.arg(2)))
	d.add("flags", d.flags(tables.MsgFlags, uint64(uint32(d.arg(3))), "MSG_???"))
	n := d.int(5)
	v, _ := netSockaddr(d.in, d.arg(4), n)
	d.add("dest_addr", v)
	d.add("addrlen", Int(n))
}

func (d *dec) netRecvfrom() {
	d.add("sockfd", Fd(d.int(0)))
	src, lenp := d.arg(4), d.arg(5)
	var ulen int32
	if src != 0 && lenp != 0 {
		ulen, _ = netInt(d.in, lenp)
	}
	d.split()
	if !d.exit {
		d.add("buf", nil)
		return
	}
	d.add("buf", d.orAddr(d.arg(1), func() Value { return d.sockBuf(d.out, d.arg(1), min(uint64(d.ret), d.arg(2))) }))
	d.add("len", Uint(d.arg(2)))
	d.add("flags", d.flags(tables.MsgFlags, uint64(uint32(d.arg(3))), "MSG_???"))
	rlen, rok := int32(0), false
	if src != 0 && lenp != 0 {
		rlen, rok = netInt(d.out, lenp)
	}
	switch {
	case !rok:
		d.add("src_addr", Addr(src))
		d.add("addrlen", Addr(lenp))
	case d.failed:
		d.add("src_addr", Addr(src))
		d.add("addrlen", &Array{Elems: []Value{Int(ulen)}})
	default:
		v, _ := netSockaddr(d.out, src, int64(min(ulen, rlen)))
		d.add("src_addr", v)
		d.add("addrlen", netLenArray(ulen, rlen))
	}
}

// netPollExit is the text strace adds to poll's and ppoll's result:
// "Timeout", or the descriptors with events, and for ppoll the time left.
func (d *dec) netPollExit(ts uint64) {
	if !d.ok() {
		return
	}
	if d.ret == 0 {
		d.c.Ret.Aux = "Timeout"
		return
	}
	const outMax = 1024
	addr, n := d.arg(0), uint64(uint32(d.arg(1)))
	var out strings.Builder
	end := addr + n*sysent.SizePollfd
	if addr == 0 || n == 0 || end < addr {
		return
	}
	maxPrinted := ^uint64(0)
	if !d.o.Verbose {
		maxPrinted = uint64(d.o.StrLimit)
	}
	printed := uint64(0)
	open := func() {
		if out.Len() == 0 {
			out.WriteByte('[')
		} else {
			out.WriteString(", ")
		}
	}
	for cur := addr; cur < end; cur += sysent.SizePollfd {
		b, ok := d.out.Bytes(cur, sysent.SizePollfd)
		if !ok {
			open()
			out.WriteString(hexStr(cur))
			break
		}
		rev := le16(b[6:])
		if rev == 0 {
			continue
		}
		open()
		if printed >= maxPrinted {
			out.WriteString("...")
			break
		}
		fdstr := "{fd=" + strconv.Itoa(int(int32(le32(b)))) + ", revents="
		flagstr := Render(flagsOf(tables.Pollflags, uint64(rev), ""), d.o)
		if out.Len()+len(fdstr)+len(flagstr)+1 >= outMax-(2+16+9) {
			out.WriteString("...")
			break
		}
		out.WriteString(fdstr + flagstr + "}")
		printed++
	}
	if out.Len() > 0 {
		out.WriteByte(']')
	}
	if ts != 0 {
		str := Render(netTimeAt(d.out, ts, true), d.o)
		if out.Len()+8+len(str) < outMax {
			if out.Len() == 0 {
				out.WriteString("left ")
			} else {
				out.WriteString(", left ")
			}
			out.WriteString(str)
		} else {
			out.WriteString(", ...")
		}
	}
	d.c.Ret.Aux = out.String()
}

// netPollfds shows poll's array at entry.
func (d *dec) netPollfds() Value {
	return d.printArray(d.in, d.arg(0), uint64(uint32(d.arg(1))), sysent.SizePollfd, func(b []byte, a *Array) bool {
		a.Elems = append(a.Elems, netPollfd(b))
		return true
	})
}

func (d *dec) netPoll() {
	d.add("fds", d.netPollfds())
	d.add("nfds", Uint(uint32(d.arg(1))))
	d.add("timeout", Int(d.int(2)))
	if d.exit {
		d.netPollExit(0)
	}
}

func (d *dec) netPpoll() {
	d.add("fds", d.netPollfds())
	d.add("nfds", Uint(uint32(d.arg(1))))
	d.add("tmo_p", netTimeAt(d.in, d.arg(2), true))
	d.add("sigmask", psSigset(d.in, d.arg(3), d.arg(4), 8))
	d.add("sigsetsize", Uint(d.arg(4)))
	if d.exit {
		d.netPollExit(d.arg(2))
	}
}

// netFdSetBits calls f for each descriptor below nfds set in b.
func netFdSetBits(b []byte, nfds int, f func(j int) bool) {
	for j := 0; j < nfds && j/8 < len(b); j++ {
		if b[j/8]&(1<<(j%8)) != 0 && !f(j) {
			return
		}
	}
}

// netSelect serves select and pselect6 (timespec timeout, signal mask).
func (d *dec) netSelect(p6 bool) {
	nfds := min(max(int(d.int(0)), 0), sysent.NetMaxFdSet)
	size := sysent.NetFdSetSize(int32(d.arg(0)))
	d.add("nfds", Int(d.int(0)))
	names := [3]string{"readfds", "writefds", "exceptfds"}
	for i := 0; i < 3; i++ {
		addr := d.arg(i + 1)
		if size == 0 || addr == 0 {
			d.add(names[i], Addr(addr))
			continue
		}
		b, ok := d.in.Bytes(addr, size)
		if !ok {
			d.add(names[i], Addr(addr))
			continue
		}
		// strace shows the set as "[3 4]", each descriptor as printfd.
		set := Seq{Sym("[")}
		netFdSetBits(b, nfds, func(j int) bool {
			if len(set) > 1 {
				set = append(set, Sym(" "))
			}
			set = append(set, Fd(int32(j)))
			return true
		})
		d.add(names[i], append(set, Sym("]")))
	}
	d.add("timeout", netTimeAt(d.in, d.arg(4), p6))
	if p6 {
		var v Value
		if a := d.arg(5); a == 0 {
			v = Sym("NULL")
		} else if b, ok := d.in.Bytes(a, 16); !ok {
			v = Addr(a)
		} else {
			n := le64(b[8:])
			v = &Struct{Fields: []Field{{"sigmask", psSigset(d.in, le64(b), n, 8)}, {"sigsetsize", Uint(n)}}}
		}
		d.add("sigmask", v)
	}
	if !d.ok() {
		return
	}
	if d.ret == 0 {
		d.c.Ret.Aux = "Timeout"
		return
	}
	const outMax = 1024
	var out strings.Builder
	sep := ""
	ready := d.ret
	kinds := [3]string{"in", "out", "except"}
	for i := 0; i < 3 && ready > 0; i++ {
		addr := d.arg(i + 1)
		if addr == 0 {
			continue
		}
		b, ok := d.out.Bytes(addr, size)
		if !ok {
			continue
		}
		first := true
		netFdSetBits(b, nfds, func(j int) bool {
			if out.Len() < outMax-(11+12+2) {
				if first {
					out.WriteString(sep + kinds[i] + " [" + strconv.Itoa(j))
					first = false
					sep = ", "
				} else {
					out.WriteString(" " + strconv.Itoa(j))
				}
			}
			ready--
			return ready != 0
		})
		if out.Len() > 0 {
			out.WriteByte(']')
		}
	}
	if ts := d.arg(4); ts != 0 {
		str := Render(netTimeAt(d.out, ts, p6), d.o)
		if out.Len()+6+len(sep)+len(str) < outMax {
			out.WriteString(sep + "left " + str)
		}
	}
	d.c.Ret.Aux = out.String()
}

func (d *dec) netEpollCtl() {
	const epollCtlDel = 2
	d.add("epfd", Fd(d.int(0)))
	op := uint32(d.arg(1))
	d.add("op", enumOf(tables.Epollctls, uint64(op), "EPOLL_CTL_???"))
	d.add("fd", Fd(d.int(2)))
	addr := d.arg(3)
	var v Value
	switch {
	case op == epollCtlDel || addr == 0:
		v = Addr(addr)
	default:
		if b, ok := d.in.Bytes(addr, sysent.SizeEpollEvent); ok {
			v = netEpollEvent(b)
		} else {
			v = Addr(addr)
		}
	}
	d.add("event", v)
}

// netEpollWait serves epoll_wait (kind 0), epoll_pwait (1) and
// epoll_pwait2 (2), which strace shows at exit but for the descriptor.
func (d *dec) netEpollWait(kind int) {
	d.add("epfd", Fd(d.int(0)))
	d.split()
	if !d.exit {
		d.add("events", nil)
		return
	}
	d.add("events", d.orAddr(d.arg(1), func() Value {
		return d.printArray(d.out, d.arg(1), uint64(d.ret), sysent.SizeEpollEvent, func(b []byte, a *Array) bool {
			a.Elems = append(a.Elems, netEpollEvent(b))
			return true
		})
	}))
	d.add("maxevents", Int(d.int(2)))
	switch {
	case kind < 2:
		d.add("timeout", Int(d.int(3)))
	case d.failed:
		d.add("timeout", Addr(d.arg(3)))
	default:
		d.add("timeout", netTimeAt(d.out, d.arg(3), true))
	}
	if kind == 0 {
		return
	}
	d.add("sigmask", d.orAddr(d.arg(4), func() Value { return psSigset(d.out, d.arg(4), d.arg(5), 8) }))
	d.add("sigsetsize", Uint(d.arg(5)))
}

// Socket option levels and the options strace decodes by value.
const (
	solIP      = 0
	solSocket  = 1
	solTCP     = 6
	solUDP     = 17
	solIPv6    = 41
	solRaw     = 255
	solPacket  = 263
	solNetlink = 270

	soError          = 4
	soLinger         = 13
	soPeercred       = 17
	soAttachFilter   = 26
	soAttachReuseBPF = 51
	soTxrehash       = 74

	ipAddMembership        = 35
	ipDropMembership       = 36
	ipv6AddMembership      = 20
	ipv6DropMembership     = 21
	ipv6JoinAnycast        = 27
	ipv6LeaveAnycast       = 28
	icmpFilter             = 1
	mcastJoinGroup         = 42
	mcastLeaveGroup        = 45
	packetAddMembership    = 1
	packetDropMembership   = 2
	packetRxRing           = 5
	packetTxRing           = 13
	packetStatistics       = 6
	netlinkListMemberships = 9
)

// netSockoptInts are the SOL_SOCKET options whose value strace shows as an
// int.
var netSockoptInts = map[uint32]bool{}

func init() {
	for _, n := range []string{"SO_DEBUG", "SO_REUSEADDR", "SO_DONTROUTE", "SO_BROADCAST", "SO_SNDBUF",
		"SO_RCVBUF", "SO_KEEPALIVE", "SO_OOBINLINE", "SO_NO_CHECK", "SO_PRIORITY", "SO_BSDCOMPAT",
		"SO_REUSEPORT", "SO_PASSCRED", "SO_RCVLOWAT", "SO_SNDLOWAT", "SO_DETACH_FILTER",
		"SO_TIMESTAMP_OLD", "SO_ACCEPTCONN", "SO_SNDBUFFORCE", "SO_RCVBUFFORCE", "SO_PASSSEC",
		"SO_TIMESTAMPNS_OLD", "SO_MARK", "SO_TIMESTAMPING_OLD", "SO_RXQ_OVFL", "SO_WIFI_STATUS",
		"SO_PEEK_OFF", "SO_NOFCS", "SO_LOCK_FILTER", "SO_SELECT_ERR_QUEUE", "SO_BUSY_POLL",
		"SO_INCOMING_CPU", "SO_CNX_ADVICE", "SO_INCOMING_NAPI_ID", "SO_ZEROCOPY", "SO_TIMESTAMP_NEW",
		"SO_TIMESTAMPNS_NEW", "SO_TIMESTAMPING_NEW", "SO_DETACH_REUSEPORT_BPF", "SO_PREFER_BUSY_POLL",
		"SO_BUSY_POLL_BUDGET", "SO_RESERVE_MEM", "SO_RCVMARK"} {
		for _, e := range tables.SockOptions.Vals {
			if e.Name == n {
				netSockoptInts[uint32(e.Val)] = true
			}
		}
	}
}

// netSocketProtos name the protocol argument of socket(2) for families
// with a table of their own.
var netSocketProtos = map[uint64]struct {
	tab  *tables.Xlat
	dflt string
}{
	afIrda:      {tables.CanProtocols, "IRDAPROTO_???"},
	afCan:       {tables.CanProtocols, "CAN_???"},
	afBluetooth: {tables.BtProtocols, "BTPROTO_???"},
	afIsdn:      {tables.IsdnProtocols, "ISDN_P_???"},
	afPhonet:    {tables.PhonetProtocols, "PN_PROTO_???"},
	afCaif:      {tables.CaifProtocols, "CAIFPROTO_???"},
	afNfc:       {tables.NfcProtocols, "NFC_SOCKPROTO_???"},
	afKcm:       {tables.KcmProtocols, "KCMPROTO_???"},
	afSmc:       {tables.SmcProtocols, "SMCPROTO_???"},
}

// netSockoptNames name the options of each level (getsockopt's table
// first for SOL_SOCKET, SOL_IP and SOL_IPV6 is swapped for setsockopt's).
var netSockoptNames = map[uint32]struct {
	tabs []*tables.Xlat
	dflt string
}{
	solTCP:     {[]*tables.Xlat{tables.SockTcpOptions}, "TCP_???"},
	solUDP:     {[]*tables.Xlat{tables.SockUdpOptions}, "UDP_???"},
	40:         {[]*tables.Xlat{tables.SockVsockOptions}, "SO_VM_???"},
	256:        {[]*tables.Xlat{tables.SockIpxOptions}, "IPX_???"},
	257:        {[]*tables.Xlat{tables.SockAx25Options}, "AX25_???"},
	solPacket:  {[]*tables.Xlat{tables.SockPacketOptions}, "PACKET_???"},
	101:        {[]*tables.Xlat{tables.SockCanRawOptions}, "CAN_RAW_???"},
	132:        {[]*tables.Xlat{tables.SockSctpOptions}, "SCTP_???"},
	solRaw:     {[]*tables.Xlat{tables.SockRawOptions}, "RAW_???"},
	solNetlink: {[]*tables.Xlat{tables.SockNetlinkOptions}, "NETLINK_???"},
	266:        {[]*tables.Xlat{tables.SockIrdaOptions}, "IRLMP_???"},
	268:        {[]*tables.Xlat{tables.SockLlcOptions}, "LLC_OPT_???"},
	269:        {[]*tables.Xlat{tables.SockDccpOptions}, "DCCP_SOCKOPT_???"},
	271:        {[]*tables.Xlat{tables.SockTipcOptions}, "TIPC_???"},
	272:        {[]*tables.Xlat{tables.SockRxrpcOptions}, "RXRPC_???"},
	273:        {[]*tables.Xlat{tables.SockPppol2tpOptions}, "PPPOL2TP_SO_???"},
	274:        {[]*tables.Xlat{tables.SockBluetoothOptions}, "BT_???"},
	275:        {[]*tables.Xlat{tables.SockPnpOptions}, "PNPIPE_???"},
	276:        {[]*tables.Xlat{tables.SockRdsOptions}, "RDS_???"},
	277:        {[]*tables.Xlat{tables.SockIucvOptions}, "SO_???"},
	278:        {[]*tables.Xlat{tables.SockCaifOptions}, "CAIFSO_???"},
	279:        {[]*tables.Xlat{tables.SockAlgOptions}, "ALG_???"},
	280:        {[]*tables.Xlat{tables.SockNfcllcpOptions}, "NFC_LLCP_???"},
	281:        {[]*tables.Xlat{tables.SockKcmOptions}, "KCM_???"},
	282:        {[]*tables.Xlat{tables.SockTlsOptions}, "TLS_???"},
	283:        {[]*tables.Xlat{tables.SockXdpOptions}, "XDP_???"},
}

// netXvals looks v up in several tables, as strace's printxvals.
func netXvals(v uint32, dflt string, tabs ...*tables.Xlat) Value {
	for _, t := range tabs {
		if n, ok := t.Lookup(uint64(v)); ok {
			return Sym(n)
		}
	}
	return Commented{V: Hex(uint64(v)), C: dflt}
}

// netSockoptLevelName adds the descriptor, level and option name of
// getsockopt and setsockopt.
func (d *dec) netSockoptLevelName(get bool) (uint32, uint32) {
	level, name := uint32(d.arg(1)), uint32(d.arg(2))
	d.add("sockfd", Fd(d.int(0)))
	d.add("level", enumOf(tables.Socketlayers, uint64(level), "SOL_??"))
	var v Value
	pick := func(g, s *tables.Xlat) *tables.Xlat {
		if get {
			return g
		}
		return s
	}
	switch level {
	case solSocket:
		v = netXvals(name, "SO_???", tables.SockOptions, pick(tables.GetsockOptions, tables.SetsockOptions))
	case solIP:
		v = netXvals(name, "IP_???", tables.SockIpOptions, pick(tables.GetsockIpOptions, tables.SetsockIpOptions))
	case solIPv6:
		v = netXvals(name, "IPV6_???", tables.SockIpv6Options, pick(tables.GetsockIpv6Options, tables.SetsockIpv6Options))
	default:
		if t, ok := netSockoptNames[level]; ok {
			v = netXvals(name, t.dflt, t.tabs...)
		} else {
			v = Uint(name)
		}
	}
	d.add("optname", v)
	return level, name
}

// netHexStr shows n bytes at addr forced to hexadecimal (strace's
// printstr_ex with QUOTE_FORCE_HEX).
func (d *dec) netHexStr(m Mem, addr uint64, n uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	lim := uint64(d.o.StrLimit)
	size := min(n, lim+1)
	b, ok := m.Bytes(addr, int(size))
	if !ok {
		return Addr(addr)
	}
	if size > lim {
		size = lim
	}
	v := netQuoted{b: b[:size], force: true}
	if n > lim {
		return Seq{v, Sym("...")}
	}
	return v
}

// netMaybeFields shows a structure of which only n bytes are available:
// fields wholly inside are shown by their printer, a field cut short as
// hexadecimal bytes, and later fields not at all (MAYBE_PRINT_FIELD_LEN).
type netField struct {
	name  string
	off   int
	size  int
	print func(b []byte) Value
}

func netMaybeStruct(b []byte, fields []netField) Value {
	s := &Struct{}
	n := len(b)
	for _, f := range fields {
		if n <= f.off {
			break
		}
		if n >= f.off+f.size {
			s.Fields = append(s.Fields, Field{f.name, f.print(b[f.off:])})
		} else {
			s.Fields = append(s.Fields, Field{f.name, netQuoted{b: b[f.off:n], force: true}})
		}
	}
	return s
}

func netFieldInt(b []byte) Value  { return Int(int32(le32(b))) }
func netFieldUint(b []byte) Value { return Uint(le32(b)) }

// netFieldID shows a uid or gid: -1, or unsigned.
func netFieldID(b []byte) Value {
	v := le32(b)
	if v == ^uint32(0) {
		return Int(-1)
	}
	return Uint(v)
}

var netLingerFields = []netField{{"l_onoff", 0, 4, netFieldInt}, {"l_linger", 4, 4, netFieldInt}}

// netTxrehash shows SO_TXREHASH's value.
func (d *dec) netTxrehash(m Mem, addr uint64, n int32) Value {
	if n < 4 {
		if !d.exit {
			return Addr(addr)
		}
		return d.netHexStr(m, addr, uint64(int64(n)))
	}
	v, ok := netInt(m, addr)
	if !ok {
		return Addr(addr)
	}
	return &Array{Elems: []Value{enumDecOf(tables.SockoptTxrehashVals, int64(v), "SOCK_TXREHASH_???")}}
}

// netIcmpFilter shows an ICMP_FILTER bit set.
func netIcmpFilter(m Mem, addr uint64, n int32) Value {
	if n > 4 {
		n = 4
	} else if n <= 0 {
		return Addr(addr)
	}
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Bytes(addr, int(n))
	if !ok {
		return Addr(addr)
	}
	var buf [4]byte
	for i := range buf {
		buf[i] = 0xff
	}
	copy(buf[:], b)
	data := le32(buf[:])
	var s strings.Builder
	pop := 0
	for v := data; v != 0; v &= v - 1 {
		pop++
	}
	if pop > 16 {
		data = ^data
		s.WriteByte('~')
	}
	s.WriteByte('[')
	first := true
	for i := 0; i < 32; i++ {
		if data&(1<<i) == 0 {
			continue
		}
		if !first {
			s.WriteByte(' ')
		}
		first = false
		s.WriteString(Render(enumOf(tables.IcmpFilterFlags, uint64(i), "ICMP_???"), DefaultOptions()))
	}
	s.WriteByte(']')
	return Sym(s.String())
}

func (d *dec) netSetsockopt() {
	level, name := d.netSockoptLevelName(false)
	addr, n := d.arg(3), int32(d.arg(4))
	d.add("optval", d.netSetsockoptVal(level, name, addr, n))
	d.add("optlen", Int(n))
}

func (d *dec) netSetsockoptVal(level, name uint32, addr uint64, n int32) Value {
	m := d.in
	if addr != 0 {
		switch level {
		case solSocket:
			switch {
			case name == soLinger:
				if n < 8 {
					return Addr(addr)
				}
				b, ok := m.Bytes(addr, 8)
				if !ok {
					return Addr(addr)
				}
				return netMaybeStruct(b, netLingerFields)
			case name == soAttachFilter || name == soAttachReuseBPF:
				// A struct sock_fprog: strace decodes the BPF program,
				// which is not done here.
				return Addr(addr)
			case name == soTxrehash:
				return d.netTxrehash(m, addr, n)
			case netSockoptInts[name]:
				if n < 4 {
					return Addr(addr)
				}
				return numAt(m, addr, signed32)
			}
		case solIP, solIPv6:
			if name == mcastJoinGroup || name == mcastLeaveGroup {
				return netGroupReq(m, addr, n)
			}
		}
		switch level {
		case solIP:
			if name == ipAddMembership || name == ipDropMembership {
				if n < 8 {
					return Addr(addr)
				}
				b, ok := m.Bytes(addr, 8)
				if !ok {
					return Addr(addr)
				}
				s := &Struct{}
				netInetAddr(s, afInet, b[0:4], "imr_multiaddr")
				netInetAddr(s, afInet, b[4:8], "imr_interface")
				return s
			}
		case solIPv6:
			switch name {
			case ipv6AddMembership, ipv6DropMembership, ipv6JoinAnycast, ipv6LeaveAnycast:
				if n < 20 {
					return Addr(addr)
				}
				b, ok := m.Bytes(addr, 20)
				if !ok {
					return Addr(addr)
				}
				s := &Struct{}
				netInetAddr(s, afInet6, b[0:16], "ipv6mr_multiaddr")
				s.Fields = append(s.Fields, Field{"ipv6mr_interface", netIfindex(le32(b[16:]))})
				return s
			}
		case solPacket:
			switch name {
			case packetRxRing, packetTxRing:
				b, ok := m.Bytes(addr, 16)
				if n != 16 || !ok {
					return Addr(addr)
				}
				return &Struct{Fields: []Field{{"tp_block_size", Uint(le32(b))}, {"tp_block_nr", Uint(le32(b[4:]))},
					{"tp_frame_size", Uint(le32(b[8:]))}, {"tp_frame_nr", Uint(le32(b[12:]))}}}
			case packetAddMembership, packetDropMembership:
				b, ok := m.Bytes(addr, 16)
				if n != 16 || !ok {
					return Addr(addr)
				}
				alen := le16(b[6:])
				return &Struct{Fields: []Field{{"mr_ifindex", netIfindex(le32(b))},
					{"mr_type", enumOf(tables.PacketMreqType, uint64(le16(b[4:])), "PACKET_MR_???")},
					{"mr_alen", Uint(alen)}, {"mr_address", netMacAddr(b[8 : 8+min(int(alen), 8)])}}}
			}
		case solRaw:
			if name == icmpFilter {
				return netIcmpFilter(m, addr, n)
			}
		case solNetlink:
			if n < 4 {
				return Addr(addr)
			}
			return numAt(m, addr, signed32)
		}
	}
	if n == 4 {
		return numAt(m, addr, signed32)
	}
	return d.buf(m, addr, uint64(int64(n)))
}

func (d *dec) netGetsockopt() {
	level, name := d.netSockoptLevelName(true)
	addr, lenp := d.arg(3), d.arg(4)
	var ulen int32
	ok := false
	if lenp != 0 {
		ulen, ok = netInt(d.in, lenp)
	}
	if !ok {
		d.add("optval", Addr(addr))
		d.add("optlen", Addr(lenp))
		return
	}
	d.split()
	if !d.exit {
		d.add("optval", nil)
		return
	}
	rlen, rok := netInt(d.out, lenp)
	if d.failed || !rok {
		d.add("optval", Addr(addr))
		d.add("optlen", &Array{Elems: []Value{Int(ulen)}})
		return
	}
	d.add("optval", d.netGetsockoptVal(level, name, addr, ulen, rlen))
	d.add("optlen", netLenArray(ulen, rlen))
}

func (d *dec) netGetsockoptVal(level, name uint32, addr uint64, ulen, rlen int32) Value {
	m := d.out
	if ulen <= 0 || rlen <= 0 {
		return Addr(addr)
	}
	if addr != 0 {
		switch level {
		case solSocket:
			switch {
			case name == soLinger:
				b, ok := m.Bytes(addr, int(min(rlen, 8)))
				if !ok {
					return Addr(addr)
				}
				return netMaybeStruct(b, netLingerFields)
			case name == soPeercred:
				b, ok := m.Bytes(addr, int(min(rlen, 12)))
				if !ok {
					return Addr(addr)
				}
				return netMaybeStruct(b, []netField{{"pid", 0, 4, netFieldInt}, {"uid", 4, 4, netFieldID}, {"gid", 8, 4, netFieldID}})
			case name == soAttachFilter:
				// SO_GET_FILTER: strace decodes the BPF program, which is
				// not done here.
				return Addr(addr)
			case name == soError:
				if rlen < 4 {
					return d.netHexStr(m, addr, uint64(rlen))
				}
				v, ok := netInt(m, addr)
				if !ok {
					return Addr(addr)
				}
				e := ErrnoName(int(uint32(v)))
				if e == "" {
					e = strconv.FormatUint(uint64(uint32(v)), 10)
				}
				return &Array{Elems: []Value{Sym(e)}}
			case name == soTxrehash:
				return d.netTxrehash(m, addr, rlen)
			case netSockoptInts[name]:
				if rlen >= 4 {
					return numAt(m, addr, signed32)
				}
				return d.netHexStr(m, addr, uint64(rlen))
			}
		case solPacket:
			if name == packetStatistics {
				b, ok := m.Bytes(addr, int(min(rlen, 12)))
				if !ok {
					return Addr(addr)
				}
				return netMaybeStruct(b, []netField{{"tp_packets", 0, 4, netFieldUint},
					{"tp_drops", 4, 4, netFieldUint}, {"tp_freeze_q_cnt", 8, 4, netFieldUint}})
			}
		case solRaw:
			if name == icmpFilter {
				return netIcmpFilter(m, addr, rlen)
			}
		case solNetlink:
			if name == netlinkListMemberships {
				return d.printArray(m, addr, uint64(min(ulen, rlen))/4, 4, func(b []byte, a *Array) bool {
					a.Elems = append(a.Elems, Uint(le32(b)))
					return true
				})
			}
			return numAt(m, addr, signed32)
		}
	}
	if rlen == 4 {
		return numAt(m, addr, signed32)
	}
	return d.buf(m, addr, uint64(rlen))
}

// sockBuf shows the buffer of send, sendto, recv or recvfrom: netlink
// messages on a netlink socket, bytes otherwise (strace's decode_sockbuf).
func (d *dec) sockBuf(m Mem, addr, n uint64) Value {
	if fam, ok := d.netlinkFd(int32(d.int(0))); ok {
		return d.netlinkBuf(m, addr, n, fam)
	}
	return d.buf(m, addr, n)
}

// netIovec shows an iovec array of n elements at addr, its buffers
// holding dataSize bytes in all (-1: no bound); netlink shows them as
// netlink messages (a message whose address is AF_NETLINK).
func (d *dec) netIovec(m Mem, addr, n uint64, dataSize uint64, netlink bool) Value {
	fam := -1
	if netlink {
		fam, _ = d.netlinkFd(int32(d.int(0)))
	}
	return d.printArray(m, addr, n, sysent.SizeIovec, func(b []byte, a *Array) bool {
		base, l := le64(b), le64(b[8:])
		dl := min(l, dataSize)
		if dataSize != ^uint64(0) {
			dataSize -= dl
		}
		var v Value
		if netlink {
			v = d.netlinkBuf(m, base, dl, fam)
		} else {
			v = d.buf(m, base, dl)
		}
		a.Elems = append(a.Elems, &Struct{Fields: []Field{{"iov_base", v}, {"iov_len", Uint(l)}}})
		return true
	})
}

// netMsghdr shows a struct msghdr held in b, with what it points to
// captured in m. userNamelen is the name length the caller gave
// (recvmsg), dataSize the bytes received (-1: none known).
func (d *dec) netMsghdr(m Mem, b []byte, userNamelen *int32, dataSize uint64) Value {
	name, namelen := le64(b), int32(le32(b[8:]))
	iov, iovlen := le64(b[16:]), le64(b[24:])
	ctl, ctllen := le64(b[32:]), le64(b[40:])
	flags := le32(b[48:])
	nl := namelen
	if userNamelen != nil && namelen > *userNamelen {
		nl = *userNamelen
	}
	s := &Struct{}
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	sa, saFam := netSockaddr(m, name, int64(nl))
	add("msg_name", sa)
	if userNamelen != nil && *userNamelen != namelen {
		add("msg_namelen", Changed{Int(*userNamelen), Int(namelen)})
	} else {
		add("msg_namelen", Int(namelen))
	}
	add("msg_iov", d.netIovec(m, iov, iovlen, dataSize, saFam == afNetlink))
	add("msg_iovlen", Uint(iovlen))
	if ctllen != 0 {
		add("msg_control", d.netCmsgs(m, ctl, ctllen))
	}
	add("msg_controllen", Uint(ctllen))
	add("msg_flags", flagsOf(tables.MsgFlags, uint64(flags), "MSG_???"))
	return s
}

// netMsghdrAt shows the struct msghdr at addr captured in m, or its
// address.
func (d *dec) netMsghdrAt(m Mem, addr uint64, userNamelen *int32, dataSize uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Bytes(addr, sysent.SizeMsghdr)
	if !ok {
		return Addr(addr)
	}
	return d.netMsghdr(m, b, userNamelen, dataSize)
}

// SOL_SOCKET and SOL_IP control message types with decoded data.
const (
	scmRights         = 1
	scmCredentials    = 2
	scmSecurity       = 3
	soTimestampOld    = 29
	soTimestampnsOld  = 35
	soTimestampingOld = 37
	soTimestampNew    = 63
	soTimestampnsNew  = 64
	soTimestampingNew = 65
	ipTos             = 1
	ipTTL             = 2
	ipRecvopts        = 6
	ipRetopts         = 7
	ipPktinfo         = 8
	ipRecverr         = 11
	ipOrigdstaddr     = 20
	ipChecksum        = 23
)

// netCmsgs shows ancillary data of inLen bytes at addr (strace's
// decode_msg_control).
func (d *dec) netCmsgs(m Mem, addr, inLen uint64) Value {
	controlLen := min(inLen, uint64(sysent.NetOptmemMax()))
	if _, asked, _ := netRegion(m, addr); asked != 0 && asked <= inLen {
		// The bound in force when the data was captured.
		controlLen = asked
	}
	if controlLen < sysent.SizeCmsghdr {
		return Addr(addr)
	}
	buf, ok := m.Bytes(addr, int(controlLen))
	if !ok || addr == 0 {
		return Addr(addr)
	}
	a := &Array{}
	bufLen := controlLen
	p := uint64(0)
	for bufLen >= sysent.SizeCmsghdr {
		c := buf[p:]
		cmsgLen := le64(c)
		level, typ := le32(c[8:]), le32(c[12:])
		l := min(cmsgLen, bufLen)
		dataLen := uint64(0)
		if l > sysent.SizeCmsghdr {
			dataLen = l - sysent.SizeCmsghdr
		}
		s := &Struct{Fields: []Field{
			{"cmsg_len", Uint(cmsgLen)},
			{"cmsg_level", enumOf(tables.Socketlayers, uint64(level), "SOL_???")},
		}}
		d.netCmsgData(s, level, typ, c[sysent.SizeCmsghdr:sysent.SizeCmsghdr+dataLen])
		a.Elems = append(a.Elems, s)
		if l < sysent.SizeCmsghdr {
			bufLen -= sysent.SizeCmsghdr
			break
		}
		l = (cmsgLen + 7) &^ 7
		if l < sysent.SizeCmsghdr {
			// The rounding wrapped: strace would print this message
			// forever.
			break
		}
		if l >= bufLen {
			bufLen = 0
			break
		}
		p += l
		bufLen -= l
	}
	if bufLen != 0 {
		a.Elems = append(a.Elems, Sym("... /* "+hexStr(addr+controlLen-bufLen)+" */"))
	} else if controlLen < inLen {
		a.More = true
	}
	return a
}

// netCmsgData adds a control message's type and data to s.
func (d *dec) netCmsgData(s *Struct, level, typ uint32, data []byte) {
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	n := len(data)
	unavailable := Sym("???")
	timeval := func(b []byte) Value {
		if len(b) < 16 {
			return unavailable
		}
		return timevalValue(b)
	}
	timespecs := func(b []byte, k int) Value {
		if k > len(b)/16 {
			return unavailable
		}
		a := &Array{}
		for i := 0; i < k; i++ {
			a.Elems = append(a.Elems, timespecValue(b[16*i:]))
		}
		return a
	}
	uints := func(b []byte) Value {
		return d.netLocalArray(b, 4, func(e []byte) Value { return Uint(le32(e)) })
	}
	xint8s := func(b []byte) Value {
		return d.netLocalArray(b, 1, func(e []byte) Value { return Hex(e[0]) })
	}
	switch level {
	case solSocket:
		add("cmsg_type", enumOf(tables.Scmvals, uint64(typ), "SCM_???"))
		var v Value
		switch {
		case typ == scmRights && n >= 4:
			v = d.netLocalArray(data, 4, func(e []byte) Value { return Fd(int32(le32(e))) })
		case typ == scmCredentials && n >= 12:
			v = &Struct{Fields: []Field{{"pid", Int(int32(le32(data)))}, {"uid", netFieldID(data[4:])}, {"gid", netFieldID(data[8:])}}}
		case typ == scmSecurity && n >= 1:
			v = netQuoted{b: data}
		case (typ == soTimestampOld || typ == soTimestampNew) && n >= 1:
			v = timeval(data)
		case (typ == soTimestampnsOld || typ == soTimestampnsNew) && n >= 1:
			v = timespecs(data, 1)
			if a, ok := v.(*Array); ok {
				v = a.Elems[0]
			}
		case (typ == soTimestampingOld || typ == soTimestampingNew) && n >= 1:
			v = timespecs(data, 3)
		}
		if v != nil {
			add("cmsg_data", v)
		}
	case solIP:
		add("cmsg_type", enumOf(tables.IpCmsgTypes, uint64(typ), "IP_???"))
		var v Value
		switch {
		case typ == ipPktinfo && n >= 12:
			p := &Struct{Fields: []Field{{"ipi_ifindex", netIfindex(le32(data))}}}
			netInetAddr(p, afInet, data[4:8], "ipi_spec_dst")
			netInetAddr(p, afInet, data[8:12], "ipi_addr")
			v = p
		case (typ == ipTTL || typ == ipChecksum) && n >= 4:
			v = uints(data)
		case (typ == ipTos || typ == ipRecvopts || typ == ipRetopts) && n >= 1:
			v = xint8s(data)
		case typ == ipRecverr && n >= 32:
			sa, _ := netSockaddrValue(data[16:32])
			v = &Struct{Fields: []Field{
				{"ee_errno", Uint(le32(data))}, {"ee_origin", Uint(data[4])}, {"ee_type", Uint(data[5])},
				{"ee_code", Uint(data[6])}, {"ee_info", Uint(le32(data[8:]))}, {"ee_data", Uint(le32(data[12:]))},
				{"offender", sa},
			}}
		case typ == ipOrigdstaddr && n >= 16:
			v, _ = netSockaddrValue(data[:min(n, sysent.SizeSockaddr)])
		case typ == scmSecurity && n >= 1:
			v = netQuoted{b: data}
		}
		if v != nil {
			add("cmsg_data", v)
		}
	default:
		add("cmsg_type", Hex(uint64(typ)))
	}
}

func (d *dec) netSendmsg() {
	d.add("sockfd", Fd(d.int(0)))
	d.add("msg", d.netMsghdrAt(d.in, d.arg(1), nil, ^uint64(0)))
	d.add("flags", d.flags(tables.MsgFlags, uint64(uint32(d.arg(2))), "MSG_???"))
}

func (d *dec) netRecvmsg() {
	d.add("sockfd", Fd(d.int(0)))
	addr := d.arg(1)
	flags := flagsOf(tables.MsgFlags, uint64(uint32(d.arg(2))), "MSG_???")
	var b []byte
	ok := false
	if addr != 0 {
		b, ok = d.in.Bytes(addr, sysent.SizeMsghdr)
	}
	if !ok {
		d.add("msg", Addr(addr))
		d.add("flags", flags)
		return
	}
	namelen := int32(le32(b[8:]))
	d.split()
	if !d.exit {
		d.add("msg", nil)
		return
	}
	if d.failed {
		d.add("msg", &Struct{Fields: []Field{{"msg_namelen", Int(namelen)}}})
	} else {
		d.add("msg", d.netMsghdrAt(d.out, addr, &namelen, uint64(d.ret)))
	}
	d.add("flags", flags)
}

// netMmsgvec shows n struct mmsghdr at addr captured in m; the first
// msgLens of them with their msg_len. namelens are the name lengths given
// at entry (recvmmsg), which also bound how many are shown.
func (d *dec) netMmsgvec(m Mem, addr, n, msgLens uint64, useLen bool, namelens []int32, haveNamelens bool) Value {
	count := sysent.NetIovMax
	if haveNamelens && len(namelens) < count {
		count = len(namelens)
	}
	idx := 0
	return d.printArray(m, addr, n, sysent.SizeMmsghdr, func(b []byte, a *Array) bool {
		if count == 0 {
			a.Elems = append(a.Elems, Sym("..."))
			return false
		}
		count--
		var un *int32
		if haveNamelens {
			un = &namelens[idx]
		}
		idx++
		size := ^uint64(0)
		if useLen {
			size = uint64(le32(b[sysent.SizeMsghdr:]))
		}
		s := &Struct{Fields: []Field{{"msg_hdr", d.netMsghdr(m, b, un, size)}}}
		if msgLens > 0 {
			s.Fields = append(s.Fields, Field{"msg_len", Uint(le32(b[sysent.SizeMsghdr:]))})
			msgLens--
		}
		a.Elems = append(a.Elems, s)
		return true
	})
}

func (d *dec) netSendmmsg() {
	d.add("sockfd", Fd(d.int(0)))
	d.split()
	if !d.exit {
		d.add("msgvec", nil)
		return
	}
	msgLens := uint64(0)
	if !d.failed {
		msgLens = uint64(d.ret)
	}
	d.add("msgvec", d.netMmsgvec(d.out, d.arg(1), uint64(uint32(d.arg(2))), msgLens, false, nil, false))
	d.add("vlen", Uint(uint32(d.arg(2))))
	d.add("flags", d.flags(tables.MsgFlags, uint64(uint32(d.arg(3))), "MSG_???"))
}

func (d *dec) netRecvmmsg() {
	d.add("sockfd", Fd(d.int(0)))
	d.split()
	if !d.exit {
		d.add("msgvec", nil)
		return
	}
	addr := d.arg(1)
	var namelens []int32
	if addr != 0 {
		n := min(uint64(uint32(d.arg(2))), sysent.NetIovMax)
		for i := uint64(0); i < n; i++ {
			b, ok := d.in.Bytes(addr+i*sysent.SizeMmsghdr, sysent.SizeMmsghdr)
			if !ok {
				break
			}
			namelens = append(namelens, int32(le32(b[8:])))
		}
	}
	d.add("msgvec", d.orAddr(addr, func() Value {
		return d.netMmsgvec(d.out, addr, uint64(uint32(d.ret)), uint64(uint32(d.ret)), true, namelens, true)
	}))
	d.add("vlen", Uint(uint32(d.arg(2))))
	d.add("flags", d.flags(tables.MsgFlags, uint64(uint32(d.arg(3))), "MSG_???"))
	d.add("timeout", netTimeAt(d.in, d.arg(4), true))
	if !d.ok() {
		return
	}
	if d.ret == 0 {
		d.c.Ret.Aux = "Timeout"
		return
	}
	if d.arg(4) != 0 {
		d.c.Ret.Aux = "left " + Render(netTimeAt(d.out, d.arg(4), true), d.o)
	}
}

// netGroupReq shows a struct group_req (MCAST_JOIN_GROUP).
func netGroupReq(m Mem, addr uint64, n int32) Value {
	const size = 8 + sysent.SizeSockaddr
	if n < size {
		return Addr(addr)
	}
	b, ok := m.Bytes(addr, size)
	if !ok {
		return Addr(addr)
	}
	sa, _ := netSockaddrValue(b[8:])
	return &Struct{Fields: []Field{{"gr_interface", netIfindex(le32(b))}, {"gr_group", sa}}}
}
