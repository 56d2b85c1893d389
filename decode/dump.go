package decode

import (
	"strconv"

	"mytrace/format"
	"mytrace/replay"
	"mytrace/sysent"
)

// Hexadecimal dumps of the data read from and written to chosen
// descriptors (strace -e read=SET, -e write=SET), printed after a call's
// line as strace's dumpio does.

// dumpKind says how a syscall's data is dumped.
type dumpKind uint8

const (
	dumpNone   dumpKind = iota
	dumpBuf             // buffer at arg 1: written arg 2 bytes, read the result
	dumpIov             // iovec array at arg 1, arg 2 entries
	dumpMsg             // struct msghdr at arg 1
	dumpMmsg            // struct mmsghdr array at arg 1, the result entries
	dumpIsRead dumpKind = 8
)

// dumpKinds are the calls strace dumps, by name (x86-64 calls).
var dumpKinds = map[string]dumpKind{
	"write": dumpBuf, "pwrite64": dumpBuf, "sendto": dumpBuf, "mq_timedsend": dumpBuf,
	"writev": dumpIov, "pwritev": dumpIov, "pwritev2": dumpIov, "vmsplice": dumpIov,
	"sendmsg": dumpMsg, "sendmmsg": dumpMmsg,
	"read": dumpBuf | dumpIsRead, "pread64": dumpBuf | dumpIsRead, "recvfrom": dumpBuf | dumpIsRead,
	"mq_timedreceive": dumpBuf | dumpIsRead,
	"readv":           dumpIov | dumpIsRead, "preadv": dumpIov | dumpIsRead, "preadv2": dumpIov | dumpIsRead,
	"recvmsg": dumpMsg | dumpIsRead, "recvmmsg": dumpMmsg | dumpIsRead,
}

// dumpMem finds captured memory in the preferred stop's capture first,
// then in the other's.
type dumpMem struct{ first, second Mem }

func (m dumpMem) bytes(addr uint64, n int) ([]byte, bool) {
	if b, ok := m.first.Bytes(addr, n); ok {
		return b, true
	}
	return m.second.Bytes(addr, n)
}

// avail returns the bytes captured from addr on, the longest capture.
func (m dumpMem) avail(addr uint64) []byte {
	a, _ := m.first.Avail(addr)
	if b, _ := m.second.Avail(addr); len(b) > len(a) {
		a = b
	}
	return a
}

// dumpIO writes the dumps of a finished call to b.
func (p *Printer) dumpIO(b *textBuf, ev *replay.Event) {
	en, ex := ev.Entry, ev.Exit
	if en == nil || ex == nil || en.Arch != format.ArchX86_64 {
		return
	}
	e := sysent.Lookup(en.Nr)
	if e == nil {
		return
	}
	kind, ok := dumpKinds[e.Name]
	if !ok {
		return
	}
	fd := int(int32(en.Args[0]))
	if fd < 0 {
		return
	}
	m := dumpMem{Mem(en.Mem), Mem(ex.Mem)}
	if kind&dumpIsRead != 0 {
		if ex.IsError || p.o.DumpRead == nil || !p.o.DumpRead(fd) {
			return
		}
		m = dumpMem{Mem(ex.Mem), Mem(en.Mem)}
		ret := uint64(ex.Ret)
		switch kind &^ dumpIsRead {
		case dumpBuf:
			dumpStr(b, m, en.Args[1], ret, ev.Task.Tid)
		case dumpIov:
			dumpIovUpto(b, m, int32(en.Args[2]), en.Args[1], ret, ev.Task.Tid)
		case dumpMsg:
			dumpMsghdr(b, m, en.Args[1], ret, ev.Task.Tid)
		case dumpMmsg:
			dumpMmsghdrs(b, m, en.Args[1], uint32(ex.Ret), ev.Task.Tid)
		}
		return
	}
	if p.o.DumpWrite == nil || !p.o.DumpWrite(fd) {
		return
	}
	switch kind {
	case dumpBuf:
		dumpStr(b, m, en.Args[1], en.Args[2], ev.Task.Tid)
	case dumpIov:
		dumpIovUpto(b, m, int32(en.Args[2]), en.Args[1], ^uint64(0), ev.Task.Tid)
	case dumpMsg:
		dumpMsghdr(b, m, en.Args[1], ^uint64(0), ev.Task.Tid)
	case dumpMmsg:
		if !ex.IsError {
			m = dumpMem{Mem(ex.Mem), Mem(en.Mem)}
			dumpMmsghdrs(b, m, en.Args[1], uint32(ex.Ret), ev.Task.Tid)
		}
	}
}

// dumpMsghdr dumps the iovecs of the struct msghdr at addr, up to size
// bytes.
func dumpMsghdr(b *textBuf, m dumpMem, addr, size uint64, tid int32) {
	h, ok := m.bytes(addr, sysent.SizeMsghdr)
	if !ok {
		return
	}
	dumpIovUpto(b, m, int32(le64(h[24:])), le64(h[16:]), size, tid)
}

// dumpMmsghdrs dumps n struct mmsghdr at addr: each message's iovecs, up
// to its msg_len.
func dumpMmsghdrs(b *textBuf, m dumpMem, addr uint64, n uint32, tid int32) {
	for i := uint32(0); i < n; i++ {
		h, ok := m.bytes(addr+uint64(i)*sysent.SizeMmsghdr, sysent.SizeMmsghdr)
		if !ok {
			return
		}
		iovlen := le64(h[24:])
		b.WriteString(" = ")
		b.uint(iovlen)
		b.WriteString(" buffers in vector ")
		b.uint(uint64(i))
		b.WriteByte('\n')
		dumpIovUpto(b, m, int32(iovlen), le64(h[16:]), uint64(le32(h[56:])), tid)
	}
}

// dumpIovUpto dumps the buffers of n iovecs at addr, size bytes in all,
// each headed by " * N bytes in buffer I".
func dumpIovUpto(b *textBuf, m dumpMem, n int32, addr, size uint64, tid int32) {
	if n <= 0 {
		// strace reads nothing for no iovecs, and a negative count is
		// too many.
		return
	}
	iov, ok := m.bytes(addr, int(n)*sysent.SizeIovec)
	if !ok {
		return
	}
	for i := 0; i < int(n); i++ {
		base, l := le64(iov[i*16:]), le64(iov[i*16+8:])
		l = min(l, size)
		if l == 0 {
			break
		}
		size -= l
		b.WriteString(" * ")
		b.uint(l)
		b.WriteString(" bytes in buffer ")
		b.int(int64(i))
		b.WriteByte('\n')
		dumpStr(b, m, base, l, tid)
	}
}

// dumpStr writes strace's hexadecimal and ASCII dump of n bytes at addr,
// 16 a line, " | 00000  68 65 6c 6c 6f ...  hello |". strace reads the
// bytes 64 KiB at a time: a block it cannot read ends the dump (with a
// note unless it is the first).
func dumpStr(b *textBuf, m dumpMem, addr, n uint64, tid int32) {
	const block = 1 << 16
	if n+16 < n || addr+n < addr {
		return
	}
	data := m.avail(addr)
	offs := 5
	if n > 1<<20 {
		offs = 1
		for v := (n - 1) >> 4; v > 0; v >>= 4 {
			offs++
		}
	}
	const hexdigits = "0123456789abcdef"
	var line [66]byte
	for i := uint64(0); i < n; i += 16 {
		if i%block == 0 {
			// The next block must have been captured in full.
			want := min(n-i, block)
			if uint64(len(data)) < i+want {
				if i > 0 {
					b.WriteString(" | <Cannot fetch ")
					b.uint(want)
					b.WriteString(" byte")
					if want != 1 {
						b.WriteByte('s')
					}
					b.WriteString(" from pid ")
					b.int(int64(tid))
					b.WriteString(" @0x")
					b.WriteString(strconv.FormatUint(addr+i, 16))
					b.WriteString(">\n")
				}
				return
			}
		}
		for k := range line {
			line[k] = ' '
		}
		for j := uint64(0); j < 16; j++ {
			pos := 3*j + j/8
			if i+j < n {
				c := data[i+j]
				line[pos], line[pos+1] = hexdigits[c>>4], hexdigits[c&15]
				if c >= ' ' && c < 0x7f {
					line[50+j] = c
				} else {
					line[50+j] = '.'
				}
			}
		}
		b.WriteString(" | ")
		off := strconv.FormatUint(i, 16)
		for k := len(off); k < offs; k++ {
			b.WriteByte('0')
		}
		b.WriteString(off)
		b.WriteString("  ")
		b.Write(line[:])
		b.WriteString(" |\n")
	}
}
