package decode

import "mytrace/tables"

// NETLINK_ROUTE payloads (strace's netlink_route.c, rtnl_link.c,
// rtnl_addr.c, rtnl_route.c): links, addresses and routes with their
// attributes. Other rtnetlink messages show their family and bytes.

// route shows the payload of an rtnetlink message: the header structure
// and its attributes, two elements of the message's array.
func (n *nlDec) route(typ uint16, addr, l uint64) Value {
	fb, ok := n.bytes(addr, 1)
	if !ok {
		return Addr(addr)
	}
	fam := fb[0]
	switch typ {
	case 16, 17, 18, 19: // RTM_NEWLINK, DELLINK, GETLINK, SETLINK
		return n.ifinfomsg(fam, addr, l)
	case 20, 21, 22, 58, 62: // RTM_NEWADDR, DELADDR, GETADDR, GETMULTICAST, GETANYCAST
		return n.ifaddrmsg(fam, addr, l)
	case 24, 25, 26: // RTM_NEWROUTE, DELROUTE, GETROUTE
		return n.rtmsg(fam, addr, l)
	}
	s := &Struct{Fields: []Field{{"family", enumOf(tables.Addrfams, uint64(fam), "AF_???")}}}
	if l > 1 {
		s.Fields = append(s.Fields, Field{"data", n.hexStr(addr+1, l-1)})
	}
	return s
}

// nlSplice marks a payload shown as several elements of the message's
// array (the header structure, then the attributes).
type nlSplice []Value

func (v nlSplice) render(b *textBuf, o *Options) {
	for i, e := range v {
		if i > 0 {
			b.WriteString(", ")
		}
		e.render(b, o)
	}
}

func (v nlSplice) appendJSON(b []byte, o *Options) []byte {
	return appendTextJSON(b, renderPlain(v, o))
}

// rtHeader shows the fixed header of size bytes after its family byte;
// fields decodes them. It returns the header and whether its attributes
// follow.
func (n *nlDec) rtHeader(fam uint8, famField string, addr, l, size uint64, fields func(s *Struct, b []byte)) (*Struct, bool) {
	s := &Struct{Fields: []Field{{famField, enumOf(tables.Addrfams, uint64(fam), "AF_???")}}}
	if l < size {
		s.More = true
		return s, false
	}
	b, ok := n.bytes(addr, size)
	if !ok {
		s.Fields = append(s.Fields, Field{"", Addr(addr + 1)})
		return s, false
	}
	fields(s, b)
	return s, true
}

// withAttrs is the header, then its attributes when there are some.
func (n *nlDec) withAttrs(s *Struct, ok bool, addr, l, size uint64, attrs func(addr, l uint64) Value) Value {
	off := nlAlign(size)
	if !ok || l <= off {
		return s
	}
	return nlSplice{s, attrs(addr+off, l-off)}
}

// ifinfoHdr is what attribute decoders need of a struct ifinfomsg.
type ifinfoHdr struct{ family uint8 }

func (n *nlDec) ifinfomsg(fam uint8, addr, l uint64) Value {
	const size = 16
	s, ok := n.rtHeader(fam, "ifi_family", addr, l, size, func(s *Struct, b []byte) {
		s.Fields = append(s.Fields,
			Field{"ifi_type", enumOf(tables.ArpHardwareTypes, uint64(le16(b[2:])), "ARPHRD_???")},
			Field{"ifi_index", netIfindex(le32(b[4:]))},
			Field{"ifi_flags", flagsOf(tables.Iffflags, uint64(le32(b[8:])), "IFF_???")},
			Field{"ifi_change", Hex(le32(b[12:]))})
	})
	return n.withAttrs(s, ok, addr, l, size, func(a, al uint64) Value {
		return n.attrs(a, al, tables.RtnlLinkAttrs, "IFLA_???", iflaDecoders, ifinfoHdr{fam})
	})
}

// iflaHwaddr is an address whose length follows ifi_family (strace's
// decode_ifla_hwaddr).
func iflaHwaddr(n *nlDec, addr, l uint64, o any) (Value, bool) {
	h, _ := o.(ifinfoHdr)
	return nlaHwaddr(int64(h.family))(n, addr, l, o)
}

var linkStatsNames = []string{"rx_packets", "tx_packets", "rx_bytes", "tx_bytes",
	"rx_errors", "tx_errors", "rx_dropped", "tx_dropped", "multicast", "collisions",
	"rx_length_errors", "rx_over_errors", "rx_crc_errors", "rx_frame_errors",
	"rx_fifo_errors", "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors",
	"tx_fifo_errors", "tx_heartbeat_errors", "tx_window_errors", "rx_compressed",
	"tx_compressed", "rx_nohandler", "rx_otherhost_dropped"}

// iflaStats is struct rtnl_link_stats: 23 counters, 24 with rx_nohandler.
func iflaStats(n *nlDec, addr, l uint64, _ any) (Value, bool) {
	return linkStats(n, addr, l, 4, 24, 23)
}

// iflaStats64 is struct rtnl_link_stats64: 23 counters, then
// rx_nohandler and rx_otherhost_dropped.
func iflaStats64(n *nlDec, addr, l uint64, _ any) (Value, bool) {
	return linkStats(n, addr, l, 8, 25, 24, 23)
}

// linkStats shows a struct of link counters of word bytes each: full of
// them when there is room, or exactly one of the older sizes (counts of
// counters), as strace accepts them.
func linkStats(n *nlDec, addr, l, word uint64, full uint64, older ...uint64) (Value, bool) {
	count := uint64(0)
	if l >= full*word {
		count = full
	} else {
		for _, c := range older {
			if l == c*word {
				count = c
			}
		}
	}
	if count == 0 {
		return nil, false
	}
	b, ok := n.bytes(addr, count*word)
	if !ok {
		return Addr(addr), true
	}
	return nlStructU(b, int(word), linkStatsNames[:count]), true
}

// iflaDecoders are strace's decoders of IFLA_* attributes; the nested
// ones it decodes (IFLA_LINKINFO, IFLA_AF_SPEC, IFLA_XDP, IFLA_PROTINFO,
// IFLA_MAP, IFLA_VFINFO_LIST, IFLA_VF_PORTS, IFLA_PORT_SELF, IFLA_EVENT,
// IFLA_PROP_LIST, IFLA_PROTO_DOWN_REASON) are not done yet and show
// their bytes.
var iflaDecoders = []nlaDecoder{
	1:  iflaHwaddr,                                                          // IFLA_ADDRESS
	2:  iflaHwaddr,                                                          // IFLA_BROADCAST
	3:  nlaStr,                                                              // IFLA_IFNAME
	4:  nlaU32,                                                              // IFLA_MTU
	5:  nlaU32,                                                              // IFLA_LINK
	6:  nlaStr,                                                              // IFLA_QDISC
	7:  iflaStats,                                                           // IFLA_STATS
	10: nlaU32,                                                              // IFLA_MASTER
	13: nlaU32,                                                              // IFLA_TXQLEN
	15: nlaU32,                                                              // IFLA_WEIGHT
	16: nlaU8,                                                               // IFLA_OPERSTATE
	17: nlaU8,                                                               // IFLA_LINKMODE
	19: nlaU32,                                                              // IFLA_NET_NS_PID
	20: nlaStr,                                                              // IFLA_IFALIAS
	21: nlaU32,                                                              // IFLA_NUM_VF
	23: iflaStats64,                                                         // IFLA_STATS64
	27: nlaU32,                                                              // IFLA_GROUP
	28: nlaFd,                                                               // IFLA_NET_NS_FD
	29: nlaXval(tables.RtnlIflaExtFilterFlags, "RTEXT_FILTER_???", 4, true), // IFLA_EXT_MASK
	30: nlaU32,                                                              // IFLA_PROMISCUITY
	31: nlaU32,                                                              // IFLA_NUM_TX_QUEUES
	32: nlaU32,                                                              // IFLA_NUM_RX_QUEUES
	33: nlaU8,                                                               // IFLA_CARRIER
	35: nlaU32,                                                              // IFLA_CARRIER_CHANGES
	37: nlaS32,                                                              // IFLA_LINK_NETNSID
	38: nlaStr,                                                              // IFLA_PHYS_PORT_NAME
	39: nlaU8,                                                               // IFLA_PROTO_DOWN
	40: nlaU32,                                                              // IFLA_GSO_MAX_SEGS
	41: nlaU32,                                                              // IFLA_GSO_MAX_SIZE
	45: nlaS32,                                                              // IFLA_NEW_NETNSID
	46: nlaS32,                                                              // IFLA_IF_NETNSID
	47: nlaU32,                                                              // IFLA_CARRIER_UP_COUNT
	48: nlaU32,                                                              // IFLA_CARRIER_DOWN_COUNT
	49: nlaIfindex,                                                          // IFLA_NEW_IFINDEX
	50: nlaU32,                                                              // IFLA_MIN_MTU
	51: nlaU32,                                                              // IFLA_MAX_MTU
	53: nlaStr,                                                              // IFLA_ALT_IFNAME
	54: iflaHwaddr,                                                          // IFLA_PERM_ADDRESS
	56: nlaStr,                                                              // IFLA_PARENT_DEV_NAME
	57: nlaStr,                                                              // IFLA_PARENT_DEV_BUS_NAME
	58: nlaU32,                                                              // IFLA_GRO_MAX_SIZE
	59: nlaU32,                                                              // IFLA_TSO_MAX_SIZE
	60: nlaU32,                                                              // IFLA_TSO_MAX_SEGS
	61: nlaU32,                                                              // IFLA_ALLMULTI
}

// nlaFd is a file descriptor.
func nlaFd(n *nlDec, addr, l uint64, _ any) (Value, bool) {
	if l < 4 {
		return nil, false
	}
	b, ok := n.bytes(addr, 4)
	if !ok {
		return Addr(addr), true
	}
	return Fd(int32(le32(b))), true
}

// ifaddrHdr is what attribute decoders need of a struct ifaddrmsg.
type ifaddrHdr struct{ family uint8 }

func (n *nlDec) ifaddrmsg(fam uint8, addr, l uint64) Value {
	const size = 8
	s, ok := n.rtHeader(fam, "ifa_family", addr, l, size, func(s *Struct, b []byte) {
		s.Fields = append(s.Fields,
			Field{"ifa_prefixlen", Uint(b[1])},
			Field{"ifa_flags", flagsOf(tables.Ifaddrflags, uint64(b[2]), "IFA_F_???")},
			Field{"ifa_scope", enumOf(tables.RoutingScopes, uint64(b[3]), "")},
			Field{"ifa_index", netIfindex(le32(b[4:]))})
	})
	return n.withAttrs(s, ok, addr, l, size, func(a, al uint64) Value {
		return n.attrs(a, al, tables.RtnlAddrAttrs, "IFA_???", ifaDecoders, ifaddrHdr{fam})
	})
}

func ifaAddress(n *nlDec, addr, l uint64, o any) (Value, bool) {
	h, _ := o.(ifaddrHdr)
	return n.inetAddr(addr, l, int(h.family)), true
}

var ifaDecoders = []nlaDecoder{
	1: ifaAddress, // IFA_ADDRESS
	2: ifaAddress, // IFA_LOCAL
	3: nlaStr,     // IFA_LABEL
	4: ifaAddress, // IFA_BROADCAST
	5: ifaAddress, // IFA_ANYCAST
	6: func(n *nlDec, addr, l uint64, _ any) (Value, bool) { // IFA_CACHEINFO
		if l < 16 {
			return nil, false
		}
		b, ok := n.bytes(addr, 16)
		if !ok {
			return Addr(addr), true
		}
		return nlStructU(b, 4, []string{"ifa_prefered", "ifa_valid", "cstamp", "tstamp"}), true
	},
	7:  ifaAddress,                                        // IFA_MULTICAST
	8:  nlaXval(tables.Ifaddrflags, "IFA_F_???", 4, true), // IFA_FLAGS
	9:  nlaU32,                                            // IFA_RT_PRIORITY
	10: nlaS32,                                            // IFA_TARGET_NETNSID
}

// rtHdr is what attribute decoders need of a struct rtmsg.
type rtHdr struct{ family uint8 }

func (n *nlDec) rtmsg(fam uint8, addr, l uint64) Value {
	const size = 12
	s, ok := n.rtHeader(fam, "rtm_family", addr, l, size, func(s *Struct, b []byte) {
		s.Fields = append(s.Fields,
			Field{"rtm_dst_len", Uint(b[1])},
			Field{"rtm_src_len", Uint(b[2])},
			Field{"rtm_tos", flagsOf(tables.IpTypeOfServices, uint64(b[3]), "IPTOS_TOS_???")},
			Field{"rtm_table", enumOf(tables.RoutingTableIds, uint64(b[4]), "")},
			Field{"rtm_protocol", enumOf(tables.RoutingProtocols, uint64(b[5]), "RTPROT_???")},
			Field{"rtm_scope", enumOf(tables.RoutingScopes, uint64(b[6]), "")},
			Field{"rtm_type", enumOf(tables.RoutingTypes, uint64(b[7]), "RTN_???")},
			Field{"rtm_flags", flagsOf(tables.RoutingFlags, uint64(le32(b[8:])), "RTM_F_???")})
	})
	return n.withAttrs(s, ok, addr, l, size, func(a, al uint64) Value {
		return n.attrs(a, al, tables.RtnlRouteAttrs, "RTA_???", rtaDecoders, rtHdr{fam})
	})
}

func rtaAddr(n *nlDec, addr, l uint64, o any) (Value, bool) {
	h, _ := o.(rtHdr)
	return n.inetAddr(addr, l, int(h.family)), true
}

var rtaMetricsDecoders = []nlaDecoder{
	1: nlaU32, 2: nlaU32, 3: nlaU32, 4: nlaU32, 5: nlaU32, 6: nlaU32, 7: nlaU32, 8: nlaU32,
	9: nlaU32, 10: nlaU32, 11: nlaU32, 12: nlaU32, 13: nlaU32, 14: nlaU32, 15: nlaU32,
	16: nlaStr, // RTAX_CC_ALGO
}

var rtaDecoders []nlaDecoder

func init() {
	rtaDecoders = []nlaDecoder{
		1: rtaAddr,    // RTA_DST
		2: rtaAddr,    // RTA_SRC
		3: nlaIfindex, // RTA_IIF
		4: nlaIfindex, // RTA_OIF
		5: rtaAddr,    // RTA_GATEWAY
		6: nlaU32,     // RTA_PRIORITY
		7: rtaAddr,    // RTA_PREFSRC
		8: func(n *nlDec, addr, l uint64, o any) (Value, bool) { // RTA_METRICS
			return n.attrs(addr, l, tables.RtnlRtaMetricsAttrs, "RTAX_???", rtaMetricsDecoders, o), true
		},
		9:  rtaMultipath, // RTA_MULTIPATH
		10: nlaU32,       // RTA_PROTOINFO
		11: nlaU32,       // RTA_FLOW
		12: func(n *nlDec, addr, l uint64, _ any) (Value, bool) { // RTA_CACHEINFO
			if l < 32 {
				return nil, false
			}
			b, ok := n.bytes(addr, 32)
			if !ok {
				return Addr(addr), true
			}
			s := nlStructU(b, 4, []string{"rta_clntref", "rta_lastuse", "rta_expires", "rta_error", "rta_used", "rta_id", "rta_ts", "rta_tsage"})
			s.Fields[5].V = Hex(le32(b[20:]))
			return s, true
		},
		14: nlaU32,                                                                           // RTA_MP_ALGO
		15: nlaNum(4, func(v uint64) Value { return enumOf(tables.RoutingTableIds, v, "") }), // RTA_TABLE
		16: nlaU32,                                                                           // RTA_MARK
		17: func(n *nlDec, addr, l uint64, _ any) (Value, bool) { // RTA_MFC_STATS
			if l < 24 {
				return nil, false
			}
			b, ok := n.bytes(addr, 24)
			if !ok {
				return Addr(addr), true
			}
			return nlStructU(b, 8, []string{"mfcs_packets", "mfcs_bytes", "mfcs_wrong_if"}), true
		},
		18: rtaVia,                                                                                                // RTA_VIA
		19: rtaAddr,                                                                                               // RTA_NEWDST
		20: nlaU8,                                                                                                 // RTA_PREF
		21: nlaNum(2, func(v uint64) Value { return enumOf(tables.LwtunnelEncapTypes, v, "LWTUNNEL_ENCAP_???") }), // RTA_ENCAP_TYPE
		23: nlaU64,                                                                                                // RTA_EXPIRES
		25: nlaU32,                                                                                                // RTA_UID
		26: nlaU8,                                                                                                 // RTA_TTL_PROPAGATE
		27: nlaU8,                                                                                                 // RTA_IP_PROTO
		28: nlaU16,                                                                                                // RTA_SPORT
		29: nlaU16,                                                                                                // RTA_DPORT
	}
}

// rtaVia is a struct rtvia: a family and an address.
func rtaVia(n *nlDec, addr, l uint64, _ any) (Value, bool) {
	if l < 2 {
		return nil, false
	}
	b, ok := n.bytes(addr, 2)
	if !ok {
		return Addr(addr), true
	}
	af := le16(b)
	s := &Struct{Fields: []Field{{"rtvia_family", enumOf(tables.Addrfams, uint64(af), "AF_???")}}}
	if l > 2 {
		v := n.inetAddr(addr+2, l-2, int(af))
		if _, named := v.(Seq); named && af == afInet6 {
			// inet_pton(AF_INET6, "...", &rtvia_addr) names no field.
			q := v.(Seq)
			v = append(q[:len(q)-1:len(q)-1], Sym(", &rtvia_addr"), Sym(")"))
			s.Fields = append(s.Fields, Field{"", v})
		} else {
			s.Fields = append(s.Fields, Field{"rtvia_addr", v})
		}
	}
	return s, true
}

// rtaMultipath shows the struct rtnexthop-headed entries of
// RTA_MULTIPATH, each with its attributes.
func rtaMultipath(n *nlDec, addr, l uint64, o any) (Value, bool) {
	const size = 8
	if l < size {
		return nil, false
	}
	var out []Value
	arr := false
	cur, left := addr, l
	for {
		b, ok := n.bytes(cur, size)
		if !ok {
			out = append(out, Addr(cur))
			break
		}
		nhLen := uint64(le16(b))
		rl := min(left, nhLen)
		if cur == addr && nhLen < l {
			arr = true
		}
		s := &Struct{Fields: []Field{
			{"rtnh_len", Uint(nhLen)},
			{"rtnh_flags", flagsOf(tables.RouteNexthopFlags, uint64(b[2]), "RTNH_F_???")},
			{"rtnh_hops", Uint(b[3])},
			{"rtnh_ifindex", netIfindex(le32(b[4:]))},
		}}
		if rl > size {
			out = append(out, &Array{Elems: []Value{s, n.attrs(cur+size, rl-size, tables.RtnlRouteAttrs, "RTA_???", rtaDecoders, o)}})
		} else {
			out = append(out, s)
		}
		if nlAlign(rl) >= left {
			break
		}
		cur += nlAlign(rl)
		left -= nlAlign(rl)
	}
	if arr {
		return &Array{Elems: out}, true
	}
	return nlSplice(out), true
}
