package decode

import "mytrace/tables"

// Netlink attributes (struct nlattr and what follows it), as strace's
// nlattr.c shows them.

// nlaDecoder shows the l bytes of an attribute's data at addr; false
// leaves them to be shown as a hexadecimal string. opaque is what the
// enclosing decoder passes (its header structure).
type nlaDecoder func(n *nlDec, addr, l uint64, opaque any) (Value, bool)

// attrs shows the attributes in l bytes at addr (strace's decode_nlattr).
func (n *nlDec) attrs(addr, l uint64, x *tables.Xlat, dflt string, decs []nlaDecoder, opaque any) Value {
	return n.walk(addr, l, nlaHdrlen, func(h []byte) uint64 { return uint64(le16(h)) },
		func(h []byte, addr, l uint64) Value { return n.attr(h, addr, l, x, dflt, decs, opaque) })
}

// attr shows one attribute whose header h is at addr, l bytes left.
func (n *nlDec) attr(h []byte, addr, l uint64, x *tables.Xlat, dflt string, decs []nlaDecoder, opaque any) Value {
	alen := min(uint64(le16(h)), l)
	typ := le16(h[2:])
	var tv Value = enumOf(x, uint64(typ&nlaTypeMask), dflt)
	if typ&(nlaFNested|nlaFNetByteord) != 0 {
		s := Seq{}
		if typ&nlaFNested != 0 {
			s = append(s, Sym("NLA_F_NESTED|"))
		}
		if typ&nlaFNetByteord != 0 {
			s = append(s, Sym("NLA_F_NET_BYTEORDER|"))
		}
		tv = append(s, tv)
	}
	hdr := &Struct{Fields: []Field{{"nla_len", Uint(le16(h))}, {"nla_type", tv}}}
	if alen <= nlaHdrlen {
		return hdr
	}
	data, dl := addr+nlaHdrlen, alen-nlaHdrlen
	idx := int(typ & nlaTypeMask)
	if idx < len(decs) && decs[idx] != nil {
		if v, ok := decs[idx](n, data, dl, opaque); ok {
			return &Array{Elems: []Value{hdr, v}}
		}
	}
	return &Array{Elems: []Value{hdr, n.hexStr(data, dl)}}
}

// Attribute data decoders of nlattr.c.

func nlaStr(n *nlDec, addr, l uint64, _ any) (Value, bool) {
	return n.str(addr, l, false, true), true
}

// nlaNum reads a size-byte number (at least size bytes of data).
func nlaNum(size uint64, show func(v uint64) Value) nlaDecoder {
	return func(n *nlDec, addr, l uint64, _ any) (Value, bool) {
		if l < size {
			return nil, false
		}
		b, ok := n.bytes(addr, size)
		if !ok {
			return Addr(addr), true
		}
		return show(nlLE(b)), true
	}
}

// nlLE reads a little-endian number of len(b) <= 8 bytes.
func nlLE(b []byte) uint64 {
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

var (
	nlaU8  = nlaNum(1, func(v uint64) Value { return Uint(v) })
	nlaU16 = nlaNum(2, func(v uint64) Value { return Uint(v) })
	nlaU32 = nlaNum(4, func(v uint64) Value { return Uint(v) })
	nlaU64 = nlaNum(8, func(v uint64) Value { return Uint(v) })
	nlaS8  = nlaNum(1, func(v uint64) Value { return Int(int8(v)) })
	nlaS16 = nlaNum(2, func(v uint64) Value { return Int(int16(v)) })
	nlaS32 = nlaNum(4, func(v uint64) Value { return Int(int32(v)) })
	nlaS64 = nlaNum(8, func(v uint64) Value { return Int(int64(v)) })
	nlaX8  = nlaNum(1, func(v uint64) Value { return Hex(v) })
	nlaX16 = nlaNum(2, func(v uint64) Value { return Hex(v) })
	nlaX32 = nlaNum(4, func(v uint64) Value { return Hex(v) })
	nlaX64 = nlaNum(8, func(v uint64) Value { return Hex(v) })
	// nlaIfindex is an interface index: if_nametoindex("lo").
	nlaIfindex = nlaNum(4, func(v uint64) Value { return netIfindex(uint32(v)) })
)

// nlaXval is decode_nla_xval (flags false) or decode_nla_flags: a value
// of size bytes (0: the attribute's, up to 8) shown from table x.
func nlaXval(x *tables.Xlat, dflt string, size uint64, flags bool) nlaDecoder {
	return func(n *nlDec, addr, l uint64, _ any) (Value, bool) {
		if l > 8 || l < size {
			return nil, false
		}
		if size != 0 {
			l = min(l, size)
		}
		b, ok := n.bytes(addr, l)
		if !ok {
			return Addr(addr), true
		}
		if flags {
			return flagsOf(x, nlLE(b), dflt), true
		}
		return enumOf(x, nlLE(b), dflt), true
	}
}

// nlHwaddrSizes are the hardware address lengths strace's print_hwaddr
// assumes for the device types below 256 (others: 255, the whole; the
// types from 256 cannot come from a byte).
var nlHwaddrSizes = map[uint32]uint64{0: 7, 1: 6, 3: 7, 6: 6, 7: 1, 15: 2, 24: 16, 27: 8, 32: 20}

// nlaHwaddr shows a hardware address: aa:bb:cc:dd:ee:ff, as long as the
// device type (-1: none) makes it.
func nlaHwaddr(devtype int64) nlaDecoder {
	return func(n *nlDec, addr, l uint64, _ any) (Value, bool) {
		if l > nlMaxAddrLen {
			return nil, false
		}
		b, ok := n.bytes(addr, l)
		if !ok {
			return Addr(addr), true
		}
		// The device type is an address family (a byte): strace
		// passes ifi_family where it means ifi_type.
		sz := uint64(255)
		if s, ok := nlHwaddrSizes[uint32(devtype)]; ok && devtype >= 0 {
			sz = s
		}
		return netMacAddr(b[:min(l, sz)]), true
	}
}

// inetAddr is strace's decode_inet_addr without a field name.
func (n *nlDec) inetAddr(addr, l uint64, af int) Value {
	size := uint64(0)
	switch af {
	case afInet:
		size = 4
	case afInet6:
		size = 16
	}
	if size == 0 || l < size {
		return n.hexStr(addr, l)
	}
	b, ok := n.bytes(addr, size)
	if !ok {
		return Addr(addr)
	}
	if af == afInet {
		return netCall("inet_addr", netQuoted{b: []byte(netInetNtop4(b))})
	}
	return netCall("inet_pton", Sym("AF_INET6"), netQuoted{b: []byte(netInetNtop6(b))})
}

// nlStructU shows consecutive unsigned fields of size bytes each.
func nlStructU(b []byte, size int, names []string) *Struct {
	s := &Struct{}
	for i, name := range names {
		if (i+1)*size > len(b) {
			break
		}
		s.Fields = append(s.Fields, Field{name, Uint(nlLE(b[i*size : (i+1)*size]))})
	}
	return s
}
