//go:build linux && amd64

package bpf

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"
)

// ring reads the BPF ring buffer in batches, in place: each record is
// handed to the reader's pipeline where the kernel wrote it, and the
// space of a batch is given back to the kernel at once after it. (A
// reader that copies each record out and gives its space back one by
// one, as ringbuf.Reader does, spends a copy, a lock and an atomic store
// a record.)
//
// The layout is the kernel's (kernel/bpf/ringbuf.c): a page holding the
// consumer position, which the reader writes; a page holding the
// producer position; then the data pages. Each record has an 8-byte
// header (its length, and busy and discard bits) and is padded to 8
// bytes; records wrap around the end.
//
// The kernel maps every page of a ring when it is mapped, and unmapping
// takes as long: for 64 MiB, milliseconds at the start and at the end of
// every recording, most of whose records fill a small part of the ring.
// So the data pages are mapped a window at a time, as the reader gets to
// them, and unmapped behind it. A record across two windows, or across
// the end of the ring, is put together in a buffer.
type ring struct {
	fd    int // the map's (owned by the map)
	epfd  int
	efd   int    // an eventfd that kick writes to end a wait
	cons  []byte // consumer page (read-write)
	prod  []byte // producer page (read-only)
	size  uint64 // bytes of data
	mask  uint64
	cpos  *uint64
	ppos  *uint64
	event []unix.EpollEvent

	win    uint64    // bytes of a window: a power of two, at most size
	wins   [2]window // the windows mapped
	next   int       // the slot the next window goes to
	wrap   []byte    // a record put together
	mapWin func(off uint64) ([]byte, error)
	unmap  func([]byte)
}

// window is a mapped part of the data pages.
type window struct {
	off uint64 // offset in the data (a multiple of win)
	mem []byte // nil: not mapped
}

// ringWindow is the size of the data windows mapped.
const ringWindow = 2 << 20

const (
	ringBusy    = 1 << 31
	ringDiscard = 1 << 30
	ringHdrSize = 8
)

// openRing maps the ring buffer m for reading.
func openRing(m *ebpf.Map) (*ring, error) {
	size := uint64(m.MaxEntries())
	if size == 0 || size&(size-1) != 0 {
		return nil, fmt.Errorf("ring buffer of %d bytes: not a power of two", size)
	}
	page := os.Getpagesize()
	r := &ring{fd: m.FD(), epfd: -1, efd: -1, size: size, mask: size - 1, event: make([]unix.EpollEvent, 2), win: min(size, ringWindow)}
	r.mapWin = func(off uint64) ([]byte, error) {
		return unix.Mmap(r.fd, int64(2*page)+int64(off), int(r.win), unix.PROT_READ, unix.MAP_SHARED)
	}
	r.unmap = func(b []byte) { unix.Munmap(b) }
	var err error
	if r.cons, err = unix.Mmap(r.fd, 0, page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED); err != nil {
		return nil, fmt.Errorf("mapping the ring buffer's consumer page: %w", err)
	}
	if r.prod, err = unix.Mmap(r.fd, int64(page), page, unix.PROT_READ, unix.MAP_SHARED); err != nil {
		r.close()
		return nil, fmt.Errorf("mapping the ring buffer's producer page: %w", err)
	}
	r.cpos = (*uint64)(unsafe.Pointer(&r.cons[0]))
	r.ppos = (*uint64)(unsafe.Pointer(&r.prod[0]))
	if r.epfd, err = unix.EpollCreate1(unix.EPOLL_CLOEXEC); err != nil {
		r.close()
		return nil, fmt.Errorf("epoll: %w", err)
	}
	if r.efd, err = unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK); err != nil {
		r.close()
		return nil, fmt.Errorf("eventfd: %w", err)
	}
	for _, fd := range []int{r.fd, r.efd} {
		ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(fd)}
		if err := unix.EpollCtl(r.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
			r.close()
			return nil, fmt.Errorf("epoll: %w", err)
		}
	}
	return r, nil
}

// close unmaps the ring.
func (r *ring) close() {
	for i := range r.wins {
		if r.wins[i].mem != nil {
			r.unmap(r.wins[i].mem)
			r.wins[i].mem = nil
		}
	}
	if r.prod != nil {
		unix.Munmap(r.prod)
		r.prod = nil
	}
	if r.cons != nil {
		unix.Munmap(r.cons)
		r.cons = nil
	}
	if r.epfd >= 0 {
		unix.Close(r.epfd)
		r.epfd = -1
	}
	if r.efd >= 0 {
		unix.Close(r.efd)
		r.efd = -1
	}
}

// window returns the mapped window at off (a multiple of r.win), mapping
// it (in place of the one mapped longest ago) if it is not.
func (r *ring) window(off uint64) ([]byte, error) {
	for i := range r.wins {
		if r.wins[i].mem != nil && r.wins[i].off == off {
			return r.wins[i].mem, nil
		}
	}
	w := &r.wins[r.next]
	r.next = (r.next + 1) % len(r.wins)
	if w.mem != nil {
		r.unmap(w.mem)
		w.mem = nil
	}
	mem, err := r.mapWin(off)
	if err != nil {
		return nil, fmt.Errorf("mapping the ring buffer: %w", err)
	}
	w.off, w.mem = off, mem
	return mem, nil
}

// bytes returns the n bytes of data at position pos: in a window, or put
// together in r.wrap. They are valid until the next call.
func (r *ring) bytes(pos, n uint64) ([]byte, error) {
	off := pos & r.mask
	base := off &^ (r.win - 1)
	if off+n <= base+r.win {
		mem, err := r.window(base)
		if err != nil {
			return nil, err
		}
		return mem[off-base : off-base+n : off-base+n], nil
	}
	r.wrap = r.wrap[:0]
	for n > 0 {
		off := pos & r.mask
		base := off &^ (r.win - 1)
		mem, err := r.window(base)
		if err != nil {
			return nil, err
		}
		k := min(n, base+r.win-off)
		r.wrap = append(r.wrap, mem[off-base:off-base+k]...)
		pos += k
		n -= k
	}
	return r.wrap, nil
}

// kick ends the reader's wait, now or at its next one. Safe from any
// goroutine.
func (r *ring) kick() {
	one := [8]byte{1}
	unix.Write(r.efd, one[:])
}

// unkick takes back the kicks made so far.
func (r *ring) unkick() {
	var b [8]byte
	unix.Read(r.efd, b[:])
}

// read calls f with each record the ring holds, at most max of them,
// then gives their space back. The bytes passed to f are valid only
// until f returns. It returns how many records it read; when the next
// record is still being written, it waits for it (a program writes a
// record in microseconds), so that a record is never skipped.
func (r *ring) read(f func([]byte), max int) (int, error) {
	cons := atomic.LoadUint64(r.cpos)
	prod := atomic.LoadUint64(r.ppos)
	n := 0
	var err error
	for cons < prod && n < max {
		// The header never spans two windows: records are 8-aligned.
		h, e := r.bytes(cons, ringHdrSize)
		if e != nil {
			err = e
			break
		}
		hdr := atomic.LoadUint32((*uint32)(unsafe.Pointer(&h[0])))
		if hdr&ringBusy != 0 {
			if n > 0 {
				break // the next batch waits for it
			}
			runtime.Gosched()
			continue
		}
		l := uint64(hdr &^ (ringBusy | ringDiscard))
		if hdr&ringDiscard == 0 {
			b, e := r.bytes(cons+ringHdrSize, l)
			if e != nil {
				err = e
				break
			}
			f(b)
		}
		cons += ringHdrSize + (l+7)&^7
		n++
	}
	atomic.StoreUint64(r.cpos, cons)
	return n, err
}

// wait blocks until the kernel wakes the reader (records were written
// with a wake-up), kick is called or d has passed. It says whether it
// was woken.
func (r *ring) wait(d time.Duration) (bool, error) {
	ms := int(d / time.Millisecond)
	if d > 0 && ms == 0 {
		ms = 1
	}
	for {
		n, err := unix.EpollWait(r.epfd, r.event, ms)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return false, fmt.Errorf("waiting for the ring buffer: %w", err)
		}
		return n > 0, nil
	}
}
