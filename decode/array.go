package decode

// Arrays in tracee memory, shown as strace's print_array shows them.

// printArray shows an array of n elements of size bytes at addr in m, as
// strace's print_array with tfetch_mem: NULL, the address when the first
// element cannot be read, "..." after -s elements unless -v, and
// "... /* addr */" where memory stops. elem returns false to stop.
func (d *dec) printArray(m Mem, addr, n uint64, size int, elem func(b []byte, a *Array) bool) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if n == 0 {
		return &Array{}
	}
	total := n * uint64(size)
	end := addr + total
	if total/uint64(size) != n || end <= addr {
		return Addr(addr)
	}
	limit := ^uint64(0)
	if !d.o.Verbose && uint64(d.o.StrLimit) < n {
		limit = uint64(d.o.StrLimit)
	}
	a := &Array{}
	for i := uint64(0); i < n; i++ {
		cur := addr + i*uint64(size)
		b, ok := m.Bytes(cur, size)
		if !ok {
			if i == 0 {
				return Addr(addr)
			}
			a.Elems = append(a.Elems, Sym("... /* "+hexStr(cur)+" */"))
			return a
		}
		if i >= limit {
			a.More = true
			return a
		}
		if !elem(b, a) {
			return a
		}
	}
	return a
}

// array is printArray with one value per element; an element function
// returning nil ends the array with "...".
func (d *dec) array(m Mem, addr, nmemb uint64, esz int, elem func([]byte) Value) Value {
	return d.printArray(m, addr, nmemb, esz, func(b []byte, a *Array) bool {
		v := elem(b)
		if v == nil {
			a.Elems = append(a.Elems, Sym("..."))
			return false
		}
		a.Elems = append(a.Elems, v)
		return true
	})
}
