package sysent

// Captures for netlink messages: strace decodes what is sent and received
// on a netlink socket whole (every message and attribute, not -s bytes),
// so the buffers are captured whole, up to NetlinkMax bytes. The usual
// -s+1 bytes come first, in their own region (the decoders of other
// sockets read it as they always do); the rest follows in a second one.

// NetlinkMax bounds the bytes of one netlink buffer captured.
const NetlinkMax = 256 << 10

const (
	afNetlinkCap  = 16 // AF_NETLINK
	nlmsgHdrlenCp = 16
)

// netCapBufRest captures the bytes of an n-byte buffer at addr past the
// first, already captured, have bytes.
func netCapBufRest(c *Ctx, addr, n uint64, have int) {
	want := min(n, NetlinkMax)
	if uint64(have) < want {
		c.Mem.Read(addr+uint64(have), int(want-uint64(have)))
	}
}

// netCapSockBuf captures the buffer of recvfrom: -s+1 bytes, and the
// whole when they start like a netlink message (the capture cannot know
// the socket's protocol; a buffer that only looks like one costs its
// bytes).
func netCapSockBuf(c *Ctx, addr, n uint64) {
	if addr == 0 || n == 0 {
		return
	}
	b := c.Mem.Read(addr, c.BufLen(n))
	if len(b) != c.BufLen(n) || uint64(len(b)) >= n {
		return
	}
	have := len(b)
	if have < nlmsgHdrlenCp {
		// A small -s: the rest of the header, to look at.
		h := c.Mem.Read(addr+uint64(have), int(min(n, nlmsgHdrlenCp))-have)
		have += len(h)
		b = append(append([]byte(nil), b...), h...)
	}
	if netLooksNetlink(b, n) {
		netCapBufRest(c, addr, n, have)
	}
}

// netLooksNetlink reports whether b, the start of an n-byte buffer,
// starts with a plausible nlmsghdr.
func netLooksNetlink(b []byte, n uint64) bool {
	if len(b) < nlmsgHdrlenCp {
		return false
	}
	l := uint64(le32(b))
	return l >= nlmsgHdrlenCp && l <= n
}

// netCapSendtoAddr captures sendto's destination address and, when its
// buffer (captured as a BufIn) looks like netlink messages, the rest of
// the buffer.
func netCapSendtoAddr(c *Ctx, i int) {
	netCapSockaddrIn(5)(c, i)
	addr, n := c.Args[1], c.Args[2]
	if c.Phase != AtEntry || addr == 0 || uint64(c.BufLen(n)) >= n {
		return
	}
	if b := c.Mem.Read(addr, nlmsgHdrlenCp); netLooksNetlink(b, n) {
		netCapBufRest(c, addr, n, c.BufLen(n))
	}
}

// netIsNetlinkName reports whether the address at name (namelen bytes)
// is an AF_NETLINK one.
func netIsNetlinkName(c *Ctx, name uint64, namelen int32) bool {
	if name == 0 || namelen < 2 {
		return false
	}
	b := c.Mem.Read(name, 2)
	return len(b) == 2 && le16(b) == afNetlinkCap
}

// netCapIovecNetlink captures the buffers of cnt iovecs at addr whole,
// all of them together up to dataLimit bytes (when not negative), after
// CaptureIovec captured their first bytes.
func netCapIovecNetlink(c *Ctx, addr, cnt uint64, dataLimit int64) {
	forIovec(c, addr, cnt, dataLimit, true, func(base, l uint64) { netCapBufRest(c, base, l, c.BufLen(l)) })
}
