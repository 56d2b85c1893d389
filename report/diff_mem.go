package report

import (
	"sort"
	"strconv"
)

// Addresses below 1<<24 look like any other number (a file offset, a
// flag word): the keys take them for addresses only when they fall in
// memory the process is known to have, from the results of brk, mmap,
// mremap and shmat. That is where a program built without PIE keeps its
// heap (0x4c6000 with address randomization off, anywhere up to 1 GiB
// above its data with it on), and the pointers into it it hands the
// kernel (arch_prctl's thread pointer, set_tid_address, rseq). Higher
// values are addresses whatever they are (see keyer.value).

// lowAddr is the bound under which numbers are addresses only when known
// memory holds them.
const lowAddr = 1 << 24

// memMap is the low memory of a process: sorted, disjoint intervals.
type memMap struct {
	iv []memInterval
	// heap is the program break's range, [lo, hi): from its first value
	// to the highest it reached.
	heap memInterval
}

type memInterval struct{ lo, hi uint64 }

// clone returns a copy (a forked child has its parent's memory).
func (m *memMap) clone() *memMap {
	if m == nil {
		return nil
	}
	c := &memMap{heap: m.heap}
	c.iv = append([]memInterval(nil), m.iv...)
	return c
}

// add notes that [lo, hi) is memory; only its part below lowAddr is kept.
func (m *memMap) add(lo, hi uint64) {
	if hi <= lo || lo >= lowAddr {
		return
	}
	hi = min(hi, lowAddr)
	i := sort.Search(len(m.iv), func(i int) bool { return m.iv[i].hi >= lo })
	j := i
	for j < len(m.iv) && m.iv[j].lo <= hi {
		lo, hi = min(lo, m.iv[j].lo), max(hi, m.iv[j].hi)
		j++
	}
	m.iv = append(m.iv[:i], append([]memInterval{{lo, hi}}, m.iv[j:]...)...)
}

// brk notes a program break.
func (m *memMap) brk(v uint64) {
	if v == 0 {
		return
	}
	if m.heap.lo == 0 || v < m.heap.lo {
		m.heap.lo = v
	}
	m.heap.hi = max(m.heap.hi, v)
	// The break is rounded to pages and malloc's pointers run to it:
	// the heap is memory up to the page after the highest break.
	m.add(m.heap.lo, (m.heap.hi+4095)&^4095+1)
}

// contains reports whether v is known memory of the process.
func (m *memMap) contains(v uint64) bool {
	if m == nil || len(m.iv) == 0 || v >= lowAddr {
		return false
	}
	i := sort.Search(len(m.iv), func(i int) bool { return m.iv[i].hi > v })
	return i < len(m.iv) && m.iv[i].lo <= v
}

// hexIn reports whether s, a number written "0x..." in hexadecimal, is
// known memory.
func (m *memMap) hexIn(s string) bool {
	if m == nil || len(m.iv) == 0 || len(s) < 3 {
		return false
	}
	v, err := strconv.ParseUint(s[2:], 16, 64)
	return err == nil && m.contains(v)
}
