package sysent

import (
	"os"
	"strconv"
	"strings"
	"sync"

	"mytrace/tables"
)

func init() { specSources = append(specSources, netSpecs) }

// netSpecs returns the descriptions of the network and I/O multiplexing syscalls. Their
// decoders (package decode, dec_net.go) follow strace's layout; the
// captures here read what those decoders show, at the stop strace reads it.
func netSpecs() map[string]Spec {
	return map[string]Spec{
		"socket":     {Args: []Arg{en("domain", tables.Addrfams), dec("type", tables.Socktypes), a("protocol", ByDecoder)}, Ret: RetFd},
		"socketpair": {Args: []Arg{en("domain", tables.Addrfams), dec("type", tables.Socktypes), a("protocol", ByDecoder), custom("sv", netCapPair)}, Reads: []Read{rOut(3, 8)}},
		"connect":    {Args: []Arg{fd, custom("addr", netCapSockaddrIn(2)), a("addrlen", Int)}, Reads: []Read{rInArg(1, 2, 1, SizeSockaddr)}},
		"bind":       {Args: []Arg{fd, custom("addr", netCapSockaddrIn(2)), a("addrlen", Int)}, Reads: []Read{rInArg(1, 2, 1, SizeSockaddr)}},
		"listen":     {Args: []Arg{fd, a("backlog", Int)}},
		"accept":     {Args: []Arg{fd, a("addr", Custom), a("addrlen", Custom)}, Ret: RetFd, Capture: netCapSockname, Reads: rSockname(1, 2)},
		"accept4": {Args: []Arg{fd, a("addr", Custom), a("addrlen", Custom), fl("flags", tables.SockTypeFlags)},
			Ret: RetFd, Capture: netCapSockname, Reads: rSockname(1, 2)},
		"getsockname": {Args: []Arg{fd, a("addr", Custom), a("addrlen", Custom)}, Capture: netCapSockname, Reads: rSockname(1, 2)},
		"getpeername": {Args: []Arg{fd, a("addr", Custom), a("addrlen", Custom)}, Capture: netCapSockname, Reads: rSockname(1, 2)},
		"sendto": {Args: []Arg{fd, bufIn("buf", 2), a("len", Ulong), fl("flags", tables.MsgFlags),
			custom("dest_addr", netCapSendtoAddr), a("addrlen", Int)}, Reads: []Read{rInArg(4, 5, 1, SizeSockaddr), rWith(rInArg(1, 2, 1, 4096), ReadPositive)}},
		"recvfrom": {Args: []Arg{fd, a("buf", Custom), a("len", Ulong), fl("flags", tables.MsgFlags),
			a("src_addr", Custom), a("addrlen", Custom)}, Capture: netCapRecvfrom, Reads: []Read{{Kind: ReadBytes, At: ReadAtExitOK, Arg: 1, Len: ReadLenRet, Lim: ReadLimStr, Flags: ReadPositive}, rIn(5, 4), rOutAny(5, 4), {Kind: ReadBytes, At: ReadAtExitOK, Arg: 4, Len: ReadLenArgPtr, LenArg: 5, Size: SizeSockaddr}}},
		"shutdown": {Args: []Arg{fd, en("how", tables.ShutdownModes)}},
		"setsockopt": {Args: []Arg{fd, a("level", Custom), a("optname", Custom), a("optval", Custom), a("optlen", Int)},
			Capture: netCapSetsockopt, Reads: []Read{rOffset(rInArg(3, 4, 1, 0), 0, ReadLimStr), rInArg(3, 4, 1, 256)}},
		"getsockopt": {Args: []Arg{fd, a("level", Custom), a("optname", Custom), a("optval", Custom), a("optlen", Custom)},
			Capture: netCapGetsockopt, Reads: []Read{rIn(4, 4), rOut(4, 4), {Kind: ReadBytes, At: ReadAtExitOK, Arg: 3, Len: ReadLenArgPtr, LenArg: 4, Size: 4096}}},
		"sendmsg":  {Args: []Arg{fd, a("msg", Custom), fl("flags", tables.MsgFlags)}, Capture: netCapSendmsg, Reads: []Read{{Kind: ReadMsghdr, At: ReadAtEntry, Arg: 1}}},
		"recvmsg":  {Args: []Arg{fd, a("msg", Custom), fl("flags", tables.MsgFlags)}, Capture: netCapRecvmsg, Reads: []Read{rIn(1, SizeMsghdr), {Kind: ReadMsghdr, At: ReadAtExitOK, Arg: 1}}},
		"sendmmsg": {Args: []Arg{fd, a("msgvec", Custom), a("vlen", Uint), fl("flags", tables.MsgFlags)}, Capture: netCapSendmmsg, Reads: []Read{{Kind: ReadMmsg, At: ReadAtExit, Arg: 1, Len: ReadLenArg, LenArg: 2}}},
		"recvmmsg": {Args: []Arg{fd, a("msgvec", Custom), a("vlen", Uint), fl("flags", tables.MsgFlags), a("timeout", Custom)},
			Capture: netCapRecvmmsg, Reads: []Read{{Kind: ReadBytes, At: ReadAtEntry, Arg: 1, Len: ReadLenArg, LenArg: 2, Elem: SizeMmsghdr, Size: 64 * SizeMmsghdr},
				rBoth(4, SizeTimespec), {Kind: ReadMmsg, At: ReadAtExitOK, Arg: 1, Len: ReadLenRet, Flags: ReadUseLen}}},

		"poll": {Args: []Arg{a("fds", Custom), a("nfds", Uint), a("timeout", Int)}, Capture: netCapPoll, Reads: []Read{rInArg(0, 1, SizePollfd, 64<<10), rWith(rOutArg(0, 1, SizePollfd, 64<<10), ReadRetNonZero)}},
		"ppoll": {Args: []Arg{a("fds", Custom), a("nfds", Uint), a("tmo_p", Custom), a("sigmask", Custom), a("sigsetsize", Ulong)},
			Capture: netCapPpoll, Reads: []Read{rInArg(0, 1, SizePollfd, 64<<10), rWith(rOutArg(0, 1, SizePollfd, 64<<10), ReadRetNonZero), rBoth(2, SizeTimespec), rIn(3, SizeSigset)}},
		"select": {Args: []Arg{a("nfds", Int), a("readfds", Custom), a("writefds", Custom), a("exceptfds", Custom),
			a("timeout", Custom)}, Capture: netCapSelect, Reads: []Read{rBoth(1, 128), rBoth(2, 128), rBoth(3, 128), rBoth(4, SizeTimeval)}},
		"pselect6": {Args: []Arg{a("nfds", Int), a("readfds", Custom), a("writefds", Custom), a("exceptfds", Custom),
			a("timeout", Custom), a("sigmask", Custom)}, Capture: netCapPselect6, Reads: []Read{rBoth(1, 128), rBoth(2, 128), rBoth(3, 128), rBoth(4, SizeTimespec), rIn(5, 16),
			rDeref(ReadAtEntry, 5, 0, SizeSigset)}},
		"epoll_create":  {Args: []Arg{a("size", Int)}, Ret: RetFd},
		"epoll_create1": {Args: []Arg{fl("flags", tables.Epollflags)}, Ret: RetFd},
		"epoll_ctl":     {Args: []Arg{a("epfd", Fd), en("op", tables.Epollctls), fd, a("event", Custom)}, Capture: netCapEpollCtl, Reads: []Read{rMaybe(rIn(3, SizeEpollEvent))}},
		"epoll_wait":    {Args: []Arg{a("epfd", Fd), a("events", Custom), a("maxevents", Int), a("timeout", Int)}, Capture: netCapEpollWait, Reads: []Read{rOutRet(1, SizeEpollEvent, 8192*SizeEpollEvent)}},
		"epoll_pwait": {Args: []Arg{a("epfd", Fd), a("events", Custom), a("maxevents", Int), a("timeout", Int),
			a("sigmask", Custom), a("sigsetsize", Ulong)}, Capture: netCapEpollPwait, Reads: []Read{rOutRet(1, SizeEpollEvent, 8192*SizeEpollEvent), rOut(4, SizeSigset)}},
		"epoll_pwait2": {Args: []Arg{a("epfd", Fd), a("events", Custom), a("maxevents", Int), a("timeout", Custom),
			a("sigmask", Custom), a("sigsetsize", Ulong)}, Capture: netCapEpollPwait2, Reads: []Read{rOutRet(1, SizeEpollEvent, 8192*SizeEpollEvent), rOut(4, SizeSigset),
			rOut(3, SizeTimespec)}},
		"eventfd":  {Args: []Arg{a("initval", Uint)}, Ret: RetFd},
		"eventfd2": {Args: []Arg{a("initval", Uint), fl("flags", tables.EfdFlags)}, Ret: RetFd},
	}
}

// Sizes and limits of the network structures (x86-64).
const (
	SizeMsghdr     = 56
	SizeMmsghdr    = 64
	SizeIovec      = 16
	SizeEpollEvent = 12
	SizeCmsghdr    = 16
	// NetIovMax is the kernel's IOV_MAX, which bounds strace's walk of
	// a message vector.
	NetIovMax = 1024
	// NetMaxFdSet is strace's bound on select's nfds.
	NetMaxFdSet = 1024 * 1024
	// netMaxElems bounds arrays whose length comes from the tracee.
	netMaxElems = 8192
)

// netReadInt reads a 4-byte int and reports whether it could.
func netReadInt(c *Ctx, addr uint64) (int32, bool) {
	if addr == 0 {
		return 0, false
	}
	b := c.Mem.Read(addr, 4)
	if len(b) < 4 {
		return 0, false
	}
	return int32(le32(b)), true
}

// netCapPair captures socketpair's two descriptors.
func netCapPair(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 8)
	}
}

// netCapSockaddrIn captures an input address whose length (an int) is
// argument lenArg, as strace's decode_sockaddr reads it.
func netCapSockaddrIn(lenArg int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		n := int32(c.Args[lenArg])
		if c.Phase == AtEntry && c.Args[i] != 0 && n >= 2 {
			c.Mem.Read(c.Args[i], int(min(n, SizeSockaddr)))
		}
	}
}

// netCapAddrOut captures an output address and its value-result length
// (accept, getsockname, recvfrom): the length at entry and exit, and the
// address as the kernel returned it.
func netCapAddrOut(c *Ctx, addr, lenp uint64) {
	if addr == 0 || lenp == 0 {
		return
	}
	n, ok := netReadInt(c, lenp)
	if ok && c.Ok() && n > 0 {
		c.Mem.Read(addr, int(min(n, SizeSockaddr)))
	}
}

func netCapSockname(c *Ctx) { netCapAddrOut(c, c.Args[1], c.Args[2]) }

func netCapRecvfrom(c *Ctx) {
	if c.Ok() && c.Ret > 0 && c.Args[1] != 0 {
		netCapSockBuf(c, c.Args[1], min(uint64(c.Ret), c.Args[2]))
	}
	netCapAddrOut(c, c.Args[4], c.Args[5])
}

// netCapOptval captures a socket option value of n bytes at addr: the
// bytes strace reads to show it as a string (-s of them and one more),
// then, in a read of its own, enough for the structures it decodes, so
// that a fault past the string does not hide the string.
func netCapOptval(c *Ctx, addr uint64, n int32) {
	if addr == 0 || n == 0 {
		return
	}
	str := c.BufLen(uint64(int64(n))) // a negative length reads as huge
	c.Mem.Read(addr, str)
	if n > 0 {
		if l := int(min(n, 256)); l > str {
			c.Mem.Read(addr, l)
		}
	}
}

func netCapSetsockopt(c *Ctx) {
	if c.Phase == AtEntry {
		netCapOptval(c, c.Args[3], int32(c.Args[4]))
	}
}

func netCapGetsockopt(c *Ctx) {
	rlen, ok := netReadInt(c, c.Args[4])
	if ok && c.Ok() {
		netCapOptval(c, c.Args[3], rlen)
	}
}

var (
	optmemOnce sync.Once
	optmemMax  int
)

// NetOptmemMax is strace's bound on the ancillary data it reads:
// net.core.optmem_max rounded up to 8 bytes, or 8*(2*IOV_MAX+512).
func NetOptmemMax() int {
	optmemOnce.Do(func() {
		optmemMax = 8 * (2*NetIovMax + 512)
		b, err := os.ReadFile("/proc/sys/net/core/optmem_max")
		if err != nil {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || n <= 0 {
			return
		}
		optmemMax = (n + 7) &^ 7
	})
	return optmemMax
}

// netCapMsghdr captures a struct msghdr at addr and what it points to:
// the name (at most namelen bytes), the iovec array and up to dataSize
// bytes of the buffers (-1: each buffer whole), and the control data.
func netCapMsghdr(c *Ctx, addr uint64, dataSize int64) {
	b := c.Mem.Read(addr, SizeMsghdr)
	if len(b) < SizeMsghdr {
		return
	}
	name, namelen := le64(b[0:]), int32(le32(b[8:]))
	iov, iovlen := le64(b[16:]), le64(b[24:])
	ctl, ctllen := le64(b[32:]), le64(b[40:])
	if name != 0 && namelen >= 2 {
		c.Mem.Read(name, int(min(namelen, SizeSockaddr)))
	}
	CaptureIovec(c, iov, iovlen, dataSize)
	if netIsNetlinkName(c, name, namelen) {
		netCapIovecNetlink(c, iov, iovlen, dataSize)
	}
	if ctl != 0 && ctllen >= SizeCmsghdr {
		c.Mem.Read(ctl, int(min(ctllen, uint64(NetOptmemMax()))))
	}
}

func netCapSendmsg(c *Ctx) {
	if c.Phase == AtEntry && c.Args[1] != 0 {
		netCapMsghdr(c, c.Args[1], -1)
	}
}

func netCapRecvmsg(c *Ctx) {
	if c.Args[1] == 0 {
		return
	}
	switch {
	case c.Phase == AtEntry:
		c.Mem.Read(c.Args[1], SizeMsghdr)
	case c.Ok():
		netCapMsghdr(c, c.Args[1], c.Ret)
	}
}

// netCapMmsgvec captures n struct mmsghdr at addr and their messages;
// useLen bounds each message's data by its msg_len.
func netCapMmsgvec(c *Ctx, addr uint64, n uint64, useLen bool) {
	if addr == 0 || n == 0 {
		return
	}
	n = min(n, NetIovMax)
	if !c.Lim.Verbose {
		n = min(n, uint64(c.Lim.Str)+1)
	}
	for i := uint64(0); i < n; i++ {
		a := addr + i*SizeMmsghdr
		b := c.Mem.Read(a, SizeMmsghdr)
		if len(b) < SizeMmsghdr {
			return
		}
		size := int64(-1)
		if useLen {
			size = int64(le32(b[SizeMsghdr:]))
		}
		netCapMsghdr(c, a, size)
	}
}

func netCapSendmmsg(c *Ctx) {
	if c.Phase == AtExit {
		netCapMmsgvec(c, c.Args[1], uint64(uint32(c.Args[2])), false)
	}
}

func netCapRecvmmsg(c *Ctx) {
	if c.Phase == AtEntry {
		// The user's name lengths, and the timeout.
		if a := c.Args[1]; a != 0 {
			n := min(uint64(uint32(c.Args[2])), NetIovMax)
			for i := uint64(0); i < n; i++ {
				if len(c.Mem.Read(a+i*SizeMmsghdr, SizeMmsghdr)) < SizeMmsghdr {
					break
				}
			}
		}
		if c.Args[4] != 0 {
			c.Mem.Read(c.Args[4], SizeTimespec)
		}
		return
	}
	if c.Ok() {
		netCapMmsgvec(c, c.Args[1], uint64(c.Ret), true)
		if c.Args[4] != 0 {
			c.Mem.Read(c.Args[4], SizeTimespec)
		}
	}
}

// netCapPollfds captures poll's array of n struct pollfd.
func netCapPollfds(c *Ctx, addr uint64, n uint32) {
	if addr == 0 || n == 0 {
		return
	}
	ReadArray(c, addr, int(min(n, netMaxElems)), SizePollfd)
}

func netCapPoll(c *Ctx) {
	if c.Phase == AtEntry || (c.Ok() && c.Ret > 0) {
		netCapPollfds(c, c.Args[0], uint32(c.Args[1]))
	}
}

func netCapPpoll(c *Ctx) {
	if c.Phase == AtEntry {
		netCapPollfds(c, c.Args[0], uint32(c.Args[1]))
		if c.Args[2] != 0 {
			c.Mem.Read(c.Args[2], SizeTimespec)
		}
		if c.Args[3] != 0 && c.Args[4] == SizeSigset {
			c.Mem.Read(c.Args[3], SizeSigset)
		}
		return
	}
	if c.Ok() && c.Ret > 0 {
		netCapPollfds(c, c.Args[0], uint32(c.Args[1]))
		if c.Args[2] != 0 {
			c.Mem.Read(c.Args[2], SizeTimespec)
		}
	}
}

// NetFdSetSize is how many bytes of each fd_set strace reads for select's
// nfds.
func NetFdSetSize(nfds int32) int {
	n := int(max(nfds, 0))
	n = min(n, NetMaxFdSet)
	return ((n+7)/8 + 7) &^ 7
}

// netCapSelect captures select's fd sets and timeout at entry and, after a
// call that returned fds, at exit.
func netCapSelect(c *Ctx) {
	if c.Phase == AtExit && !(c.Ok() && c.Ret > 0) {
		return
	}
	size := NetFdSetSize(int32(c.Args[0]))
	for i := 1; i <= 3; i++ {
		if c.Args[i] != 0 && size > 0 {
			c.Mem.Read(c.Args[i], size)
		}
	}
	if c.Args[4] != 0 {
		c.Mem.Read(c.Args[4], SizeTimespec)
	}
}

// netCapPselect6 is netCapSelect and, at entry, the {sigset_t *ss; size_t
// ss_len} pair and the mask it points to.
func netCapPselect6(c *Ctx) {
	netCapSelect(c)
	if c.Phase == AtEntry && c.Args[5] != 0 {
		b := c.Mem.Read(c.Args[5], 16)
		if len(b) == 16 && le64(b[0:]) != 0 && le64(b[8:]) == SizeSigset {
			c.Mem.Read(le64(b[0:]), SizeSigset)
		}
	}
}

func netCapEpollCtl(c *Ctx) {
	const epollCtlDel = 2
	if c.Phase == AtEntry && c.Args[1] != epollCtlDel && c.Args[3] != 0 {
		c.Mem.Read(c.Args[3], SizeEpollEvent)
	}
}

// netCapEpollWait captures the events returned; strace shows all of
// epoll_wait's arguments but the first at exit.
func netCapEpollWait(c *Ctx) {
	if c.Ok() && c.Ret > 0 && c.Args[1] != 0 {
		c.Mem.Read(c.Args[1], int(min(uint64(c.Ret), netMaxElems))*SizeEpollEvent)
	}
}

// netCapEpollPwait adds the signal mask, read at exit.
func netCapEpollPwait(c *Ctx) {
	netCapEpollWait(c)
	if c.Ok() && c.Args[4] != 0 && c.Args[5] == SizeSigset {
		c.Mem.Read(c.Args[4], SizeSigset)
	}
}

// netCapEpollPwait2 adds the timeout, read at exit.
func netCapEpollPwait2(c *Ctx) {
	netCapEpollPwait(c)
	if c.Ok() && c.Args[3] != 0 {
		c.Mem.Read(c.Args[3], SizeTimespec)
	}
}
