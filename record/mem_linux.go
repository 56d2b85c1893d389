//go:build linux && amd64

package record

import (
	"encoding/binary"
	"errors"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/sysent"
)

const pageSize = 4096

// memReader copies tracee memory into the event being built. Every read
// becomes a format.Region, whether it succeeded or not: a failed read is
// data (decoders show the address, as strace does), never an error.
type memReader struct {
	tid   int
	ev    *format.Event
	arena []byte // backing store of this stop's regions
	local [1]unix.Iovec
	remot [1]unix.RemoteIovec
	// noVM is set when process_vm_readv is unavailable (ENOSYS, EPERM):
	// every read then goes through PTRACE_PEEKDATA.
	noVM  bool
	ptrs  []uint64
	total int // bytes captured at this stop
	// below4G: the call is an i386 one, which cannot address memory at or
	// above 4 GiB; reads there fail.
	below4G bool
	// strs indexes this stop's string regions by address: a string read
	// twice (argv entries pointing at one literal) is stored once.
	strs map[uint64]int
	// The strings of the last vector read (argv, envp), fetched ahead
	// with one process_vm_readv (see prefetch): vec are its pointers,
	// pf what was read for vec[pfBase:], pfNext the one ReadString
	// expects next.
	vec     []uint64
	pf      []prefetched
	pfBase  int
	pfNext  int
	pfBuf   []byte
	pfLocal []unix.Iovec
	pfRemot []unix.RemoteIovec
}

// prefetched is the first chunk of a string read ahead: the bytes up to
// the end of its page or the limit, all of which could be read (ok).
type prefetched struct {
	data []byte
	ok   bool
}

// maxPerStop bounds the bytes captured at one stop, whatever the table asks.
const maxPerStop = 8 << 20

var _ sysent.MemReader = (*memReader)(nil)

func (m *memReader) reset(tid int, ev *format.Event) {
	m.tid = tid
	m.ev = ev
	m.arena = m.arena[:0]
	m.total = 0
	clear(m.strs)
	m.vec = m.vec[:0]
	m.pf = m.pf[:0]
	m.pfBase, m.pfNext = 0, 0
}

// full reports whether the event holds as many regions as the format
// allows but one (kept for a call's own buffers): more memory is not
// captured, and decoders show addresses for what is missing.
func (m *memReader) full() bool { return len(m.ev.Mem) >= format.MaxRegions-1 }

// grab returns n bytes of fresh arena space. Regions alias the arena, so
// when it must grow, a new array is made and the old one is left to the
// regions already pointing into it.
func (m *memReader) grab(n int) []byte {
	if cap(m.arena)-len(m.arena) < n {
		m.arena = make([]byte, 0, max(2*cap(m.arena), n, 64<<10))
	}
	b := m.arena[len(m.arena) : len(m.arena)+n]
	m.arena = m.arena[:len(m.arena)+n]
	return b
}

// vmRead reads len(dst) bytes at addr with process_vm_readv and returns how
// many were read.
func (m *memReader) vmRead(dst []byte, addr uint64) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	m.local[0] = unix.Iovec{Base: &dst[0]}
	m.local[0].SetLen(len(dst))
	m.remot[0] = unix.RemoteIovec{Base: uintptr(addr), Len: len(dst)}
	n, err := unix.ProcessVMReadv(m.tid, m.local[:], m.remot[:], 0)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// peekRead reads with PTRACE_PEEKDATA, a word at a time.
func (m *memReader) peekRead(dst []byte, addr uint64) int {
	got := 0
	for got < len(dst) {
		a := addr + uint64(got)
		base := a &^ 7
		w, err := peekData(m.tid, base)
		if err != nil {
			return got
		}
		var wb [8]byte
		binary.LittleEndian.PutUint64(wb[:], w)
		got += copy(dst[got:], wb[a-base:])
	}
	return got
}

// readInto fills dst from addr and returns the count read and whether
// PTRACE_PEEKDATA supplied bytes process_vm_readv could not read.
func (m *memReader) readInto(dst []byte, addr uint64) (int, bool) {
	if m.below4G {
		if addr >= 1<<32 {
			return 0, false
		}
		if end := addr + uint64(len(dst)); end > 1<<32 {
			dst = dst[:1<<32-addr]
		}
	}
	if m.noVM {
		return m.peekRead(dst, addr), false
	}
	n, err := m.vmRead(dst, addr)
	if err != nil && (errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM)) {
		m.noVM = true
		return m.peekRead(dst, addr), false
	}
	if n == len(dst) {
		return n, false
	}
	// Pages the tracee cannot read (PROT_NONE) can still be peeked.
	k := m.peekRead(dst[n:], addr+uint64(n))
	return n + k, k > 0
}

func (m *memReader) budget(n int) int {
	if left := maxPerStop - m.total; n > left {
		n = max(left, 0)
	}
	m.total += n
	return n
}

func (m *memReader) addRegion(addr uint64, asked int, flags uint8, data []byte) {
	m.ev.Mem = append(m.ev.Mem, format.Region{Addr: addr, Len: uint64(asked), Flags: flags, Data: data})
}

// Read implements sysent.MemReader.
func (m *memReader) Read(addr uint64, n int) []byte {
	if n <= 0 || len(m.ev.Mem) >= format.MaxRegions {
		return nil
	}
	asked := n
	n = m.budget(n)
	buf := m.grab(n)
	got, peeked := m.readInto(buf, addr)
	var flags uint8
	switch {
	case got == 0 && asked > 0:
		flags = format.MemFault
	case got < asked:
		flags = format.MemPartial
	}
	if peeked {
		flags |= format.MemPeeked
	}
	m.arena = m.arena[:len(m.arena)-(n-got)]
	data := buf[:got:got]
	m.addRegion(addr, asked, flags, data)
	return data
}

// ReadString implements sysent.MemReader. It reads page by page so that a
// string ending just before an unmapped page is still found.
func (m *memReader) ReadString(addr uint64, limit int) []byte {
	if limit <= 0 {
		return nil
	}
	pre := m.ahead(addr, limit)
	if i, ok := m.strs[addr]; ok && m.ev.Mem[i].Len == uint64(limit) {
		return m.ev.Mem[i].Data
	}
	if m.full() {
		return nil
	}
	limit = m.budget(limit)
	start := len(m.arena)
	buf := m.grab(limit)
	got := 0
	flags := format.MemString
	for got < limit {
		a := addr + uint64(got)
		chunk := min(limit-got, int(pageSize-a%pageSize))
		var k int
		var peeked bool
		if got == 0 && pre.ok && len(pre.data) >= chunk {
			// Read ahead: what readInto would have read.
			k = copy(buf[:chunk], pre.data)
		} else {
			k, peeked = m.readInto(buf[got:got+chunk], a)
		}
		if peeked {
			flags |= format.MemPeeked
		}
		if i := indexZero(buf[got : got+k]); i >= 0 {
			got += i
			flags |= format.MemTerminated
			break
		}
		got += k
		if k < chunk {
			if got == 0 {
				flags |= format.MemFault
			} else {
				flags |= format.MemPartial
			}
			break
		}
	}
	m.arena = m.arena[:start+got]
	data := buf[:got:got]
	if m.strs == nil {
		m.strs = make(map[uint64]int)
	}
	m.strs[addr] = len(m.ev.Mem)
	m.addRegion(addr, limit, flags, data)
	return data
}

func indexZero(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return -1
}

// ReadVector implements sysent.MemReader: it counts the pointers of a
// NULL-terminated array (up to sysent.MaxVector) and stores the first keep.
// The region's Len is 8 times the count; MemTerminated says the NULL was
// found.
func (m *memReader) ReadVector(addr uint64, keep int) []uint64 {
	m.ptrs = m.ptrs[:0]
	if m.full() {
		return nil
	}
	var page [pageSize]byte
	count := 0
	flags := format.MemVector
	for count < sysent.MaxVector {
		a := addr + uint64(count)*8
		chunk := int(pageSize - a%pageSize)
		chunk -= chunk % 8
		if chunk == 0 {
			chunk = 8
		}
		// Unlike strings, a vector stops at memory process_vm_readv cannot
		// read (strace shows the pointers it could read, then where it
		// stopped); PTRACE_PEEKDATA serves only when that call is not
		// available at all.
		var k int
		if m.noVM {
			k = m.peekRead(page[:chunk], a)
		} else if n, err := m.vmRead(page[:chunk], a); err == nil {
			k = n
		} else if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
			m.noVM = true
			k = m.peekRead(page[:chunk], a)
		}
		done := false
		for i := 0; i+8 <= k; i += 8 {
			p := binary.LittleEndian.Uint64(page[i:])
			if p == 0 {
				flags |= format.MemTerminated
				done = true
				break
			}
			if len(m.ptrs) < keep {
				m.ptrs = append(m.ptrs, p)
			}
			count++
		}
		if done {
			break
		}
		if k < chunk {
			if count == 0 {
				flags |= format.MemFault
			} else {
				flags |= format.MemPartial
			}
			break
		}
	}
	n := m.budget(len(m.ptrs) * 8)
	data := m.grab(n)
	for i := 0; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(data[i:], m.ptrs[i/8])
	}
	m.addRegion(addr, count*8, flags, data[:n:n])
	// Its strings are likely read next, in order: see ahead.
	m.vec = append(m.vec[:0], m.ptrs[:n/8]...)
	m.pf = m.pf[:0]
	m.pfBase, m.pfNext = 0, 0
	return m.ptrs[:n/8]
}

// prefetchMax bounds the strings read ahead at once (the kernel takes up
// to 1024 iovecs a call).
const prefetchMax = 512

// ahead returns what was read ahead for the string at addr, when it is
// the next string of the last vector read. The first such request reads
// the first chunk (what ReadString's first readInto would read: up to the
// end of the page or limit bytes) of every string of the vector from there
// on with one process_vm_readv, instead of one call per string. Each chunk
// lies within one page, so it was read whole or not at all, and the call
// stops at the first chunk it cannot read: a string not read ahead, or a
// request out of order, takes ReadString's usual page-by-page path, so
// what is captured is the same either way.
func (m *memReader) ahead(addr uint64, limit int) prefetched {
	if m.pfNext >= len(m.vec) || m.vec[m.pfNext] != addr {
		m.vec = m.vec[:0] // out of order: no more reading ahead
		return prefetched{}
	}
	if m.pfNext >= m.pfBase+len(m.pf) {
		m.prefetch(limit)
	}
	i := m.pfNext - m.pfBase
	m.pfNext++
	if i < len(m.pf) {
		return m.pf[i]
	}
	return prefetched{}
}

// prefetch reads ahead the strings vec[pfNext:], limit bytes at most each.
func (m *memReader) prefetch(limit int) {
	m.pf = m.pf[:0]
	m.pfBase = m.pfNext
	if m.noVM || m.below4G || limit <= 0 {
		return
	}
	vec := m.vec[m.pfNext:min(len(m.vec), m.pfNext+prefetchMax)]
	if len(vec) < 2 {
		return // one string: no call to save
	}
	total := 0
	for _, a := range vec {
		total += min(limit, int(pageSize-a%pageSize))
	}
	if total > maxPerStop-m.total {
		return
	}
	if cap(m.pfBuf) < total {
		m.pfBuf = make([]byte, total)
	}
	buf := m.pfBuf[:total]
	m.pfLocal = m.pfLocal[:0]
	m.pfRemot = m.pfRemot[:0]
	off := 0
	for _, a := range vec {
		n := min(limit, int(pageSize-a%pageSize))
		m.pfRemot = append(m.pfRemot, unix.RemoteIovec{Base: uintptr(a), Len: n})
		off += n
	}
	m.pfLocal = append(m.pfLocal, unix.Iovec{Base: &buf[0]})
	m.pfLocal[0].SetLen(total)
	got, err := unix.ProcessVMReadv(m.tid, m.pfLocal, m.pfRemot, 0)
	if err != nil {
		got = 0
	}
	off = 0
	for _, r := range m.pfRemot {
		ok := off+r.Len <= got
		m.pf = append(m.pf, prefetched{data: buf[off : off+r.Len], ok: ok})
		off += r.Len
	}
}
