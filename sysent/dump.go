package sysent

// MaxDump bounds each buffer captured in full for -e read= and -e write=
// dumps.
const MaxDump = 1 << 20

// Which calls strace's -e read= and -e write= dump (its dumpio).
var (
	dumpWrites = map[string]bool{
		"write": true, "pwrite64": true, "sendto": true, "mq_timedsend": true,
		"writev": true, "pwritev": true, "pwritev2": true, "vmsplice": true,
		"sendmsg": true, "sendmmsg": true,
	}
	dumpReads = map[string]bool{
		"read": true, "pread64": true, "recvfrom": true, "mq_timedreceive": true,
		"readv": true, "preadv": true, "preadv2": true,
		"recvmsg": true, "recvmmsg": true,
	}
)

// dumped reports whether the call's data is to be captured in full: its
// descriptor (first argument) is in the dump set of its direction.
func (e *Entry) dumped(c *Ctx) bool {
	fd := int(int32(c.Args[0]))
	if fd < 0 {
		return false
	}
	switch {
	case dumpWrites[e.Name]:
		return c.Lim.DumpWrite != nil && c.Lim.DumpWrite(fd)
	case dumpReads[e.Name]:
		return c.Lim.DumpRead != nil && c.Lim.DumpRead(fd)
	}
	return false
}
