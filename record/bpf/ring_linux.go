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
// producer position; then the data pages. The kernel lets them be mapped
// twice in a row, so that a record that wraps around the end reads as
// one piece; they are mapped once here, and such a record (rare) is put
// together in a buffer: mapping and unmapping a ring costs time in
// proportion to what is mapped (milliseconds for 64 MiB, on the start's
// and the end's path). Each record has an 8-byte header (its length, and
// busy and discard bits) and is padded to 8 bytes.
type ring struct {
	fd    int // the map's (owned by the map)
	epfd  int
	efd   int    // an eventfd that kick writes to end a wait
	cons  []byte // consumer page (read-write)
	prod  []byte // producer page and the data pages (read-only)
	data  []byte
	wrap  []byte // a record that wraps around the end, put together
	mask  uint64
	cpos  *uint64
	ppos  *uint64
	event []unix.EpollEvent
}

const (
	ringBusy    = 1 << 31
	ringDiscard = 1 << 30
	ringHdrSize = 8
)

// openRing maps the ring buffer m for reading.
func openRing(m *ebpf.Map) (*ring, error) {
	size := int(m.MaxEntries())
	if size <= 0 || size&(size-1) != 0 {
		return nil, fmt.Errorf("ring buffer of %d bytes: not a power of two", size)
	}
	page := os.Getpagesize()
	r := &ring{fd: m.FD(), epfd: -1, efd: -1, mask: uint64(size - 1), event: make([]unix.EpollEvent, 2)}
	var err error
	if r.cons, err = unix.Mmap(r.fd, 0, page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED); err != nil {
		return nil, fmt.Errorf("mapping the ring buffer's consumer page: %w", err)
	}
	if r.prod, err = unix.Mmap(r.fd, int64(page), page+size, unix.PROT_READ, unix.MAP_SHARED); err != nil {
		r.close()
		return nil, fmt.Errorf("mapping the ring buffer: %w", err)
	}
	r.data = r.prod[page:]
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

// close unmaps the ring (which takes milliseconds for a large one).
func (r *ring) close() {
	if r.prod != nil {
		unix.Munmap(r.prod)
		r.prod, r.data = nil, nil
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

// available says how many bytes of records wait to be read.
func (r *ring) available() uint64 {
	return atomic.LoadUint64(r.ppos) - atomic.LoadUint64(r.cpos)
}

// read calls f with each record the ring holds, at most max of them,
// then gives their space back. The bytes passed to f are the ring's:
// valid only until f returns. It returns how many records it read; when
// the next record is still being written, it waits for it (a program
// writes a record in microseconds), so that a record is never skipped.
func (r *ring) read(f func([]byte), max int) int {
	cons := atomic.LoadUint64(r.cpos)
	prod := atomic.LoadUint64(r.ppos)
	n := 0
	for cons < prod && n < max {
		at := cons & r.mask
		hdr := atomic.LoadUint32((*uint32)(unsafe.Pointer(&r.data[at])))
		if hdr&ringBusy != 0 {
			if n > 0 {
				break // the next batch waits for it
			}
			runtime.Gosched()
			continue
		}
		l := uint64(hdr &^ (ringBusy | ringDiscard))
		if hdr&ringDiscard == 0 {
			start := (at + ringHdrSize) & r.mask
			if end := start + l; end <= uint64(len(r.data)) {
				f(r.data[start:end:end])
			} else {
				r.wrap = append(append(r.wrap[:0], r.data[start:]...), r.data[:end-uint64(len(r.data))]...)
				f(r.wrap)
			}
		}
		cons += ringHdrSize + (l+7)&^7
		n++
	}
	atomic.StoreUint64(r.cpos, cons)
	return n
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
