package decode

import (
	"strconv"

	"mytrace/decode/sysent"
)

// Decoders for process, credential and signal syscalls.

func init() {
	register("execve", func(d *dec) { d.execve(0) })
	register("execveat", func(d *dec) {
		d.add("dirfd", dirfd(d.arg(0)))
		d.execve(1)
		d.add("flags", xAtFlags.Flags(d.arg(4), "AT_???"))
	})
	register("rt_sigreturn", func(d *dec) {
		// The mask being restored, read from the signal frame.
		for _, r := range d.in {
			if b, ok := d.in.Bytes(r.Addr, sysent.SizeSigset); ok {
				d.add("", &Struct{Fields: []Field{{"mask", Sym(SigsetString(b))}}})
				return
			}
		}
	})
}

// strVec shows argv: ["ls", "-la"], at most -s elements unless -v.
func (d *dec) strVec(addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	ptrs, count, term, ok := d.in.Vector(addr)
	if !ok || (count == 0 && !term) {
		return Addr(addr)
	}
	a := &Array{}
	for i, p := range ptrs {
		if !d.o.Verbose && i >= d.o.StrLimit {
			a.More = true
			return a
		}
		a.Elems = append(a.Elems, d.cstr(p))
	}
	if len(ptrs) < count {
		if !d.o.Verbose && len(ptrs) >= d.o.StrLimit {
			a.More = true
			return a
		}
		// Recorded with a smaller limit than asked for now: say so the
		// way strace marks an array it could not read to its end.
		a.More = true
		return a
	}
	if !term {
		// Ran into unreadable memory before the NULL.
		a.More = true
	}
	return a
}

// envVec shows envp: its address and count ("0x7ffd... /* 23 vars */"), or
// every string with -v.
func (d *dec) envVec(addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if d.o.Verbose {
		return d.strVec(addr)
	}
	_, count, term, ok := d.in.Vector(addr)
	if !ok || (!term && count == 0) {
		return Addr(addr)
	}
	c := strconv.Itoa(count) + " var"
	if count != 1 {
		c += "s"
	}
	if !term {
		c += ", unterminated"
	}
	return Commented{Addr(addr), c}
}

func (d *dec) execve(i int) {
	d.add("pathname", d.path(d.arg(i)))
	d.add("argv", d.strVec(d.arg(i+1)))
	d.add("envp", d.envVec(d.arg(i+2)))
}
