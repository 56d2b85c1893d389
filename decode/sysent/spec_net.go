package sysent

func init() { addSpecs(netSpecs) }

// netSpecs describe the network and multiplexing syscalls.
var netSpecs = map[string]Spec{
	"socket":      {Args: []Arg{en("domain", "addrfams"), fl("type", "socktypes"), a("protocol", Int)}, Ret: RetFd},
	"connect":     {Args: []Arg{fd, custom("addr", capSockaddrIn(2)), a("addrlen", Uint)}},
	"bind":        {Args: []Arg{fd, custom("addr", capSockaddrIn(2)), a("addrlen", Uint)}},
	"listen":      {Args: []Arg{fd, a("backlog", Int)}},
	"accept":      {Args: []Arg{fd, custom("addr", capSockaddrOut(2)), a("addrlen", Ptr)}, Ret: RetFd},
	"accept4":     {Args: []Arg{fd, custom("addr", capSockaddrOut(2)), a("addrlen", Ptr), fl("flags", "sock_type_flags")}, Ret: RetFd},
	"getsockname": {Args: []Arg{fd, custom("addr", capSockaddrOut(2)), a("addrlen", Ptr)}},
	"getpeername": {Args: []Arg{fd, custom("addr", capSockaddrOut(2)), a("addrlen", Ptr)}},
	"sendto": {Args: []Arg{fd, bufIn("buf", 2), a("len", Ulong), fl("flags", "msg_flags"),
		custom("dest_addr", capSockaddrIn(5)), a("addrlen", Uint)}},
	"recvfrom": {Args: []Arg{fd, bufOut("buf"), a("len", Ulong), fl("flags", "msg_flags"),
		custom("src_addr", capSockaddrOut(5)), a("addrlen", Ptr)}},
	"shutdown": {Args: []Arg{fd, en("how", "shutdown_modes")}},
	"poll":     {Args: []Arg{custom("fds", capPoll), a("nfds", Uint), a("timeout", Int)}},
	"select": {Args: []Arg{a("nfds", Int), custom("readfds", capFdSet), custom("writefds", capFdSet), custom("exceptfds", capFdSet),
		custom("timeout", capInOut(SizeTimeval))}},
}

// capInOut captures a fixed-size structure at entry and again at exit.
func capInOut(size uint32) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], int(size))
		}
	}
}

// capSockaddrOut captures an address whose length is in *argument lenArg
// (accept, recvfrom, getsockname): the length at entry, both at exit.
func capSockaddrOut(lenArg int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		lp := c.Args[lenArg]
		if lp == 0 {
			return
		}
		b := c.Mem.Read(lp, 4)
		if c.Phase != AtExit || c.Failed || c.Args[i] == 0 || len(b) < 4 {
			return
		}
		n := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
		c.Mem.Read(c.Args[i], int(min(n, SizeSockaddr)))
	}
}

// capSockaddrIn captures an input address of argument lenArg bytes.
func capSockaddrIn(lenArg int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase == AtEntry && c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], int(min(c.Args[lenArg], SizeSockaddr)))
		}
	}
}

// capPoll captures the pollfd array at entry and exit.
func capPoll(c *Ctx, i int) {
	if c.Args[i] == 0 {
		return
	}
	n := c.Args[1]
	if n > MaxStruct/SizePollfd {
		n = MaxStruct / SizePollfd
	}
	c.Mem.Read(c.Args[i], int(n)*SizePollfd)
}

// capFdSet captures an fd_set sized by select's nfds at entry and exit.
func capFdSet(c *Ctx, i int) {
	if c.Args[i] == 0 {
		return
	}
	nfds := int64(int32(c.Args[0]))
	if nfds < 0 {
		return
	}
	if nfds > 1024*64 {
		nfds = 1024 * 64
	}
	c.Mem.Read(c.Args[i], int((nfds+63)/64*8))
}
