package decode

import (
	"mytrace/format"
	"mytrace/tables"
)

// Netlink messages, as strace 6.1 shows what is sent and received on a
// netlink socket (its netlink.c and nlattr.c): the nlmsghdr of each
// message, then its payload, decoded per the socket's protocol.
//
// strace asks the kernel which protocol the socket speaks; mytrace learns
// it from the socket call that made the descriptor (the replayer's
// descriptor table, reached through Options.FdNetlink).

// Netlink constants (linux/netlink.h).
const (
	nlmsgHdrlen    = 16
	nlaHdrlen      = 4
	nlmsgNoop      = 1
	nlmsgError     = 2
	nlmsgDone      = 3
	nlmsgMinType   = 0x10
	nlmFCapped     = 0x100
	nlaFNested     = 1 << 15
	nlaFNetByteord = 1 << 14
	nlaTypeMask    = ^uint16(nlaFNested | nlaFNetByteord)
	netlinkRoute   = 0
	netlinkSockDg  = 4
	netlinkNetfilt = 12
	netlinkKobject = 15
	netlinkGeneric = 16
	netlinkCrypto  = 21
	netlinkAudit   = 9
	netlinkSelinux = 7
	netlinkXfrm    = 6
	nlMaxAddrLen   = 32 // MAX_ADDR_LEN
)

func nlAlign(n uint64) uint64 { return (n + 3) &^ 3 }

// netlinkFd says whether the recording knows descriptor fd of the calling
// process to be a netlink socket, and the protocol strace would learn for
// it (-1 when it could not: the socket is not bound yet).
func (d *dec) netlinkFd(fd int32) (family int, ok bool) {
	if d.o == nil || d.o.FdNetlink == nil {
		return -1, false
	}
	proto, bound, ok := d.o.FdNetlink(fd)
	if !ok {
		return -1, false
	}
	if !bound {
		return -1, true
	}
	return proto, true
}

// nlDec decodes netlink data captured in m.
type nlDec struct {
	d   *dec
	m   Mem
	fam int // the socket's protocol, -1 when unknown
}

// bytes returns l bytes at addr, from one capture or from captures that
// follow one another (a netlink buffer is captured as its first -s+1
// bytes, then the rest).
func (n *nlDec) bytes(addr uint64, l uint64) ([]byte, bool) {
	if l > 1<<30 {
		return nil, false
	}
	if b, ok := n.m.Bytes(addr, int(l)); ok {
		return b, true
	}
	var out []byte
	cur, left := addr, l
	for left > 0 {
		var best []byte
		for i := range n.m {
			r := &n.m[i]
			if r.Flags&(format.MemString|format.MemVector) != 0 || !usable(r) {
				continue
			}
			if cur >= r.Addr && cur-r.Addr < uint64(len(r.Data)) {
				if d := r.Data[cur-r.Addr:]; len(d) > len(best) {
					best = d
				}
			}
		}
		if len(best) == 0 {
			return nil, false
		}
		k := min(uint64(len(best)), left)
		out = append(out, best[:k]...)
		cur += k
		left -= k
	}
	return out, true
}

func (n *nlDec) abbrev() bool { return !n.d.o.Verbose }

// nlStr is strace's printstr_ex of a counted buffer with a quoting style:
// the first bytes (up to -s) in quotes, "..." when there is more.
type nlStr struct {
	b        []byte // up to -s+1 bytes
	n        uint64 // the buffer's length
	forceHex bool   // QUOTE_FORCE_HEX
	nulTerm  bool   // QUOTE_OMIT_TRAILING_0|QUOTE_EXPECT_TRAILING_0 (nla strings)
}

func (v *nlStr) render(b *textBuf, o *Options) {
	lim := uint64(o.StrLimit)
	s := v.b
	if uint64(len(s)) > lim {
		s = s[:lim]
	}
	if uint64(len(s)) > v.n {
		s = s[:v.n]
	}
	hex := o.Hex
	if v.forceHex {
		hex = 2
	}
	usehex := useHex(s, hex)
	ended := false
	if v.nulTerm && !usehex && len(s) > 0 && s[len(s)-1] == 0 {
		s, ended = s[:len(s)-1], true
	}
	h := 0
	if usehex {
		h = 2
	}
	quoteString(b, s, h, false)
	if !ended && v.n > 0 && (v.nulTerm || v.n > lim) {
		b.WriteString("...")
	}
}

func (v *nlStr) appendJSON(b []byte, o *Options) []byte {
	return appendTextJSON(b, renderPlain(v, o))
}

// str is printstr_ex(addr, l, style): NULL, the address when the bytes
// cannot be read, or the quoted bytes.
func (n *nlDec) str(addr, l uint64, forceHex, nulTerm bool) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	size := min(uint64(n.d.o.StrLimit)+1, l)
	b, ok := n.bytes(addr, size)
	if !ok {
		return Addr(addr)
	}
	return &nlStr{b: b, n: l, forceHex: forceHex, nulTerm: nulTerm}
}

func (n *nlDec) hexStr(addr, l uint64) Value { return n.str(addr, l, true, false) }

// netlinkBuf shows len bytes at addr, sent or received on a netlink
// socket of protocol fam (strace's decode_netlink).
func (d *dec) netlinkBuf(m Mem, addr, l uint64, fam int) Value {
	if fam == netlinkKobject {
		return d.buf(m, addr, l)
	}
	n := &nlDec{d: d, m: m, fam: fam}
	return n.messages(addr, l)
}

// messages walks the nlmsghdr-headed messages in l bytes at addr.
func (n *nlDec) messages(addr, l uint64) Value {
	return n.walk(addr, l, nlmsgHdrlen, func(h []byte) uint64 { return uint64(le32(h)) }, n.message)
}

// walk shows the length-headed elements (messages, attributes) in l bytes
// at addr, as strace's netlink and nlattr walkers do: each element's
// header is hdrLen bytes, lenOf reads the element's length from it, and
// elem shows an element from its header, address and the bytes left. A
// single element is shown alone, several as an array, cut after -s of
// them unless -v; bytes too few for a header show as a string, and an
// unreadable header ends the walk.
func (n *nlDec) walk(addr, l, hdrLen uint64, lenOf func(h []byte) uint64, elem func(h []byte, addr, l uint64) Value) Value {
	var arr *Array
	for i := 0; ; i++ {
		if l < hdrLen {
			v := n.hexStr(addr, l)
			if arr == nil {
				return v
			}
			arr.Elems = append(arr.Elems, v)
			return arr
		}
		h, ok := n.bytes(addr, hdrLen)
		if !ok {
			if arr == nil {
				return Addr(addr)
			}
			arr.Elems = append(arr.Elems, Sym("... /* "+hexStr(addr)+" */"))
			return arr
		}
		if n.abbrev() && i == n.d.o.StrLimit {
			if arr == nil {
				return Sym("...")
			}
			arr.More = true
			return arr
		}
		elen := lenOf(h)
		aligned := nlAlign(elen)
		var nextAddr, nextLen uint64
		if elen >= hdrLen {
			if l >= aligned {
				nextLen = l - aligned
			}
			if nextLen != 0 && addr+aligned > addr {
				nextAddr = addr + aligned
			}
		}
		if arr == nil && nextAddr != 0 {
			arr = &Array{}
		}
		v := elem(h, addr, l)
		if arr == nil {
			return v
		}
		arr.Elems = append(arr.Elems, v)
		if nextAddr == 0 {
			return arr
		}
		addr, l = nextAddr, nextLen
	}
}

// message shows one message whose header h is at addr, with l bytes
// left in the buffer.
func (n *nlDec) message(h []byte, addr, l uint64) Value {
	mlen := min(uint64(le32(h)), l)
	hdr := n.header(h)
	if mlen <= nlmsgHdrlen {
		return hdr
	}
	return &Array{Elems: []Value{hdr, n.payload(h, addr+nlmsgHdrlen, mlen-nlmsgHdrlen)}}
}

// header shows a struct nlmsghdr.
func (n *nlDec) header(h []byte) Value {
	typ, flags := le16(h[4:]), le16(h[6:])
	return &Struct{Fields: []Field{
		{"nlmsg_len", Uint(le32(h))},
		{"nlmsg_type", n.msgType(typ)},
		{"nlmsg_flags", n.msgFlags(flags, typ)},
		{"nlmsg_seq", Uint(le32(h[8:]))},
		{"nlmsg_pid", Int(int32(le32(h[12:])))},
	}}
}

// nlTypeTables are the message types of each protocol.
var nlTypeTables = map[int]struct {
	x    *tables.Xlat
	dflt string
}{
	netlinkAudit:   {tables.NlAuditTypes, "AUDIT_???"},
	netlinkCrypto:  {tables.NlCryptoTypes, "CRYPTO_MSG_???"},
	netlinkRoute:   {tables.NlRouteTypes, "RTM_???"},
	netlinkSelinux: {tables.NlSelinuxTypes, "SELNL_MSG_???"},
	netlinkSockDg:  {tables.NlSockDiagTypes, "SOCK_DIAG_???"},
	netlinkXfrm:    {tables.NlXfrmTypes, "XFRM_MSG_???"},
}

// nfMsgTypes are the message types of each netfilter subsystem.
var nfMsgTypes = []struct {
	x    *tables.Xlat
	dflt string
}{
	1:  {tables.NfCtnetlinkMsgTypes, "IPCTNL_MSG_CT_???"},
	2:  {tables.NfCtnetlinkExpMsgTypes, "IPCTNL_MSG_EXP_???"},
	3:  {tables.NfQueueMsgTypes, "NFQNL_MSG_???"},
	4:  {tables.NfUlogMsgTypes, "NFULNL_MSG_???"},
	5:  {tables.NfOsfMsgTypes, "OSF_MSG_???"},
	6:  {tables.NfIpsetMsgTypes, "IPSET_CMD_???"},
	7:  {tables.NfAcctMsgTypes, "NFNL_MSG_ACCT_???"},
	8:  {tables.NfCttimeoutMsgTypes, "IPCTNL_MSG_TIMEOUT_???"},
	9:  {tables.NfCthelperMsgTypes, "NFNL_MSG_CTHELPER_???"},
	10: {tables.NfNftablesMsgTypes, "NFT_MSG_???"},
	11: {tables.NfNftCompatMsgTypes, "NFNL_MSG_COMPAT_???"},
	12: {tables.NfHookMsgTypes, "NFT_MSG_HOOK_???"},
}

func (n *nlDec) msgType(typ uint16) Value {
	if typ < nlmsgMinType || n.fam < 0 {
		return enumOf(tables.NetlinkTypes, uint64(typ), "NLMSG_???")
	}
	switch n.fam {
	case netlinkGeneric:
		// strace asks the kernel for the names of generic families.
		return Commented{V: Hex(typ), C: "GENERIC_FAMILY_???"}
	case netlinkNetfilt:
		if s, ok := tables.NlNetfilterMsgTypes.Lookup(uint64(typ)); ok {
			return Sym(s)
		}
		sub, mt := uint8(typ>>8), uint8(typ)
		var t Value
		if int(sub) < len(nfMsgTypes) && nfMsgTypes[sub].x != nil {
			t = enumOf(nfMsgTypes[sub].x, uint64(mt), nfMsgTypes[sub].dflt)
		} else {
			t = Hex(mt)
		}
		return Seq{enumOf(tables.NlNetfilterSubsysIds, uint64(sub), "NFNL_SUBSYS_???"), Sym("<<8|"), t}
	}
	if t, ok := nlTypeTables[n.fam]; ok {
		return enumOf(t.x, uint64(typ), t.dflt)
	}
	return enumOf(tables.NetlinkTypes, uint64(typ), "NLMSG_???")
}

// msgFlagTable is the table of the flags particular to a message type.
func (n *nlDec) msgFlagTable(typ uint16) *tables.Xlat {
	if typ < nlmsgMinType {
		if typ == nlmsgError {
			return tables.NetlinkAckFlags
		}
		return nil
	}
	switch n.fam {
	case netlinkRoute:
		if typ == 49 { // RTM_DELACTION
			return tables.NetlinkGetFlags
		}
		switch typ & 3 {
		case 0:
			return tables.NetlinkNewFlags
		case 1:
			return tables.NetlinkDeleteFlags
		case 2:
			return tables.NetlinkGetFlags
		}
	case netlinkSockDg:
		return tables.NetlinkGetFlags
	case netlinkCrypto:
		switch typ {
		case 0x10: // CRYPTO_MSG_NEWALG
			return tables.NetlinkNewFlags
		case 0x11, 0x14: // DELALG, DELRNG
			return tables.NetlinkDeleteFlags
		case 0x13: // GETALG
			return tables.NetlinkGetFlags
		}
	case netlinkXfrm:
		switch typ {
		case 0x10, 0x13, 0x1e, 0x22, 0x24: // NEWSA, NEWPOLICY, NEWAE, NEWSADINFO, NEWSPDINFO
			return tables.NetlinkNewFlags
		case 0x11, 0x14: // DELSA, DELPOLICY
			return tables.NetlinkDeleteFlags
		case 0x12, 0x15, 0x1f, 0x23, 0x25: // GETSA, GETPOLICY, GETAE, GETSADINFO, GETSPDINFO
			return tables.NetlinkGetFlags
		}
	case netlinkNetfilt:
		return nfFlagTable(typ)
	}
	return nil
}

// nfFlagTable is strace's choice of flags for netfilter messages.
func nfFlagTable(typ uint16) *tables.Xlat {
	sub, mt := uint8(typ>>8), uint8(typ)
	var nw, get, del []uint8
	switch sub {
	case 1: // CTNETLINK
		nw, get, del = []uint8{0}, []uint8{1, 3, 4, 5, 6, 7}, []uint8{2}
	case 2: // CTNETLINK_EXP
		nw, get, del = []uint8{0}, []uint8{1, 3}, []uint8{2}
	case 7: // ACCT
		nw, get, del = []uint8{0}, []uint8{1, 2}, []uint8{3}
	case 8: // CTNETLINK_TIMEOUT
		nw, get, del = []uint8{0}, []uint8{1}, []uint8{2}
	case 9: // CTHELPER
		nw, get, del = []uint8{0}, []uint8{1}, []uint8{2}
	case 10: // NFTABLES
		nw = []uint8{0, 3, 6, 9, 12, 15, 18, 22}
		get = []uint8{1, 4, 7, 10, 13, 16, 19, 21, 23}
		del = []uint8{2, 5, 8, 11, 14, 20, 24}
	case 11, 12: // NFT_COMPAT, HOOK
		get = []uint8{0}
	}
	has := func(l []uint8) bool {
		for _, v := range l {
			if v == mt {
				return true
			}
		}
		return false
	}
	switch {
	case has(nw):
		return tables.NetlinkNewFlags
	case has(get):
		return tables.NetlinkGetFlags
	case has(del):
		return tables.NetlinkDeleteFlags
	}
	return nil
}

// msgFlags is printflags_ex over the common flags, then the type's.
func (n *nlDec) msgFlags(flags, typ uint16) Value {
	f := n.d.newFlagSet()
	f.Dflt = "NLM_F_???"
	v := uint64(flags)
	for _, x := range []*tables.Xlat{tables.NetlinkFlags, n.msgFlagTable(typ)} {
		if x == nil {
			continue
		}
		for _, e := range x.Vals {
			if v != 0 && e.Val != 0 && v&e.Val == e.Val {
				f.add(e.Name)
				v &^= e.Val
			}
		}
	}
	f.Rest = v
	return f
}

// payload shows the l bytes after the header h (at addr).
func (n *nlDec) payload(h []byte, addr, l uint64) Value {
	typ, flags := le16(h[4:]), le16(h[6:])
	if typ == nlmsgError {
		return n.nlmsgerr(addr, l, flags&nlmFCapped != 0)
	}
	if typ >= nlmsgMinType || typ == nlmsgDone {
		switch n.fam {
		case netlinkRoute:
			if typ != nlmsgDone {
				return n.route(typ, addr, l)
			}
		case netlinkSockDg:
			if v, ok := n.sockDiag(h, addr, l); ok {
				return v
			}
		}
	}
	if typ == nlmsgDone && l == 4 {
		b, ok := n.bytes(addr, 4)
		if !ok {
			return Addr(addr)
		}
		return Int(int32(le32(b)))
	}
	return n.hexStr(addr, l)
}

// nlmsgerr shows a struct nlmsgerr: the error, the request it answers
// (its header, or the whole request), then extended ack attributes.
func (n *nlDec) nlmsgerr(addr, l uint64, capped bool) Value {
	const size = 4 + nlmsgHdrlen
	if l < size {
		return n.hexStr(addr, l)
	}
	b, ok := n.bytes(addr, size)
	if !ok {
		return Addr(addr)
	}
	e := int32(le32(b))
	addr += 4
	l -= 4
	mlen := max(uint64(nlmsgHdrlen), uint64(le32(b[4:])))
	pl := mlen
	if capped {
		pl = nlmsgHdrlen
	}
	pl = min(l, pl)
	s := &Struct{Fields: []Field{
		{"error", nlErr(e)},
		{"msg", n.message(b[4:], addr, pl)},
	}}
	if l <= pl {
		return s
	}
	return &Array{Elems: []Value{s, n.attrs(addr+pl, l-pl, tables.NlmsgerrAttrs, "NLMSGERR_ATTR_???", nlmsgerrAttrs, nil)}}
}

// nlErr is PRINT_FIELD_ERR_D: an error number with its name.
func nlErr(e int32) Value {
	if e < 0 && e > -(1<<16) {
		if name := ErrnoName(int(-e)); name != "" {
			return Sym("-" + name)
		}
	}
	return Int(e)
}

var nlmsgerrAttrs = []nlaDecoder{
	1: nlaStr, // NLMSGERR_ATTR_MSG
	2: nlaU32, // NLMSGERR_ATTR_OFFS
	3: func(n *nlDec, addr, l uint64, _ any) (Value, bool) { // NLMSGERR_ATTR_COOKIE
		return n.d.array(n.m, addr, l, 1, func(b []byte) Value { return Uint(b[0]) }), true
	},
}

// sockDiag shows a NETLINK_SOCK_DIAG payload; not decoded yet (false:
// its bytes are shown).
func (n *nlDec) sockDiag(h []byte, addr, l uint64) (Value, bool) { return nil, false }
