//go:build linux && amd64

package record

import (
	"encoding/binary"
	"errors"

	"golang.org/x/sys/unix"

	"mytrace/decode/sysent"
	"mytrace/format"
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
		k, peeked := m.readInto(buf[got:got+chunk], a)
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
	return m.ptrs[:n/8]
}
