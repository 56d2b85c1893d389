package decode

import (
	"math/bits"

	"mytrace/format"
	"mytrace/tables"

	"mytrace/sysent"
)

// Decoders for time, timer, futex, scheduling and system information
// syscalls.

func init() {
	register("getrandom", decodeGetrandom)
	register("sysinfo", func(d *dec) {
		d.split()
		d.add("info", d.structOut(d.arg(0), sysent.SizeSysinfo, sysinfoValue))
	})
	register("getcpu", func(d *dec) {
		d.split()
		d.add("cpu", d.structOut(d.arg(0), 4, intPtr(false)))
		d.add("node", d.structOut(d.arg(1), 4, intPtr(false)))
		d.add("tcache", d.exitOnly(Addr(d.arg(2))))
	})

	register("nanosleep", func(d *dec) {
		d.add("req", d.structIn(d.arg(0), sysent.SizeTimespec, timespecValue))
		d.split()
		d.add("rem", d.remaining(d.arg(1), true))
	})
	register("clock_nanosleep", func(d *dec) {
		d.add("clockid", clockName(d.arg(0)))
		d.add("flags", uflags(tables.ClockNanosleepFlags, d.arg(1), "TIMER_???"))
		d.add("request", d.structIn(d.arg(2), sysent.SizeTimespec, timespecValue))
		d.split()
		d.add("remain", d.remaining(d.arg(3), d.arg(1) == 0))
	})
	clockGet := func(d *dec) {
		d.add("clockid", clockName(d.arg(0)))
		d.split()
		d.add("tp", d.structOut(d.arg(1), sysent.SizeTimespec, timespecValue))
	}
	register("clock_gettime", clockGet)
	register("clock_getres", clockGet)
	register("clock_settime", func(d *dec) {
		d.add("clockid", clockName(d.arg(0)))
		d.add("tp", d.structIn(d.arg(1), sysent.SizeTimespec, timespecValue))
	})
	register("gettimeofday", func(d *dec) {
		d.split()
		d.add("tv", d.structOut(d.arg(0), sysent.SizeTimeval, timevalValue))
		d.add("tz", d.structOut(d.arg(1), sysent.SizeTimezone, timezoneValue))
	})
	register("settimeofday", func(d *dec) {
		d.add("tv", d.structIn(d.arg(0), sysent.SizeTimeval, timevalValue))
		d.add("tz", d.structIn(d.arg(1), sysent.SizeTimezone, timezoneValue))
	})
	register("adjtimex", func(d *dec) {
		d.split()
		d.adjtimex(d.arg(0))
	})
	register("clock_adjtime", func(d *dec) {
		d.add("clockid", clockName(d.arg(0)))
		d.split()
		d.adjtimex(d.arg(1))
	})
	register("time", decodeTime)
	register("times", func(d *dec) {
		d.split()
		d.add("buf", d.structOut(d.arg(0), sysent.SizeTms, tmsValue))
	})
	register("getitimer", func(d *dec) {
		d.add("which", uenum(tables.ItimerWhich, d.arg(0), "ITIMER_???"))
		d.split()
		d.add("curr_value", d.structOut(d.arg(1), sysent.SizeItimerval, itimervalValue))
	})
	register("setitimer", func(d *dec) {
		d.add("which", uenum(tables.ItimerWhich, d.arg(0), "ITIMER_???"))
		d.add("new_value", d.structIn(d.arg(1), sysent.SizeItimerval, itimervalValue))
		d.split()
		d.add("old_value", d.structOut(d.arg(2), sysent.SizeItimerval, itimervalValue))
	})
	register("timer_create", func(d *dec) {
		d.add("clockid", clockName(d.arg(0)))
		d.add("sevp", d.structIn(d.arg(1), sysent.SizeSigevent, sigeventValue))
		d.split()
		d.add("timerid", d.structOut(d.arg(2), 4, intPtr(true)))
	})
	register("timer_settime", func(d *dec) {
		d.add("timerid", Int(d.int(0)))
		d.add("flags", uflags(tables.ClockNanosleepFlags, d.arg(1), "TIMER_???"))
		d.add("new_value", d.structIn(d.arg(2), sysent.SizeItimerspec, itimerspecValue))
		d.split()
		d.add("old_value", d.structOut(d.arg(3), sysent.SizeItimerspec, itimerspecValue))
	})
	register("timer_gettime", func(d *dec) {
		d.add("timerid", Int(d.int(0)))
		d.split()
		d.add("curr_value", d.structOut(d.arg(1), sysent.SizeItimerspec, itimerspecValue))
	})
	register("timerfd_create", func(d *dec) {
		d.add("clockid", clockName(d.arg(0)))
		d.add("flags", uflags(tables.Timerfdflags, d.arg(1), "TFD_???"))
	})
	register("timerfd_settime", func(d *dec) {
		d.add("fd", Fd(d.int(0)))
		d.add("flags", uflags(tables.Timerfdflags, d.arg(1), "TFD_???"))
		d.add("new_value", d.structIn(d.arg(2), sysent.SizeItimerspec, itimerspecValue))
		d.split()
		d.add("old_value", d.structOut(d.arg(3), sysent.SizeItimerspec, itimerspecValue))
	})
	register("timerfd_gettime", func(d *dec) {
		d.add("fd", Fd(d.int(0)))
		d.split()
		d.add("curr_value", d.structOut(d.arg(1), sysent.SizeItimerspec, itimerspecValue))
	})

	register("futex", decodeFutex)
	register("futex_waitv", decodeFutexWaitv)

	register("sched_getaffinity", func(d *dec) {
		d.add("pid", d.pidArg(0))
		d.add("cpusetsize", Uint(uint32(d.arg(1))))
		d.split()
		if !d.exit {
			d.add("mask", nil)
			return
		}
		if d.failed {
			d.add("mask", Addr(d.arg(2)))
			return
		}
		d.add("mask", d.cpuset(d.out, d.arg(2), uint32(d.ret)))
	})
	register("sched_setaffinity", func(d *dec) {
		d.add("pid", d.pidArg(0))
		d.add("cpusetsize", Uint(uint32(d.arg(1))))
		d.add("mask", d.cpuset(d.in, d.arg(2), uint32(d.arg(1))))
	})
	register("sched_getscheduler", func(d *dec) {
		d.add("pid", d.pidArg(0))
		if d.ok() {
			if n, ok := tables.Schedulers.Lookup(uint64(d.ret)); ok {
				d.c.Ret.Aux = n
			}
		}
	})
	register("sched_setscheduler", func(d *dec) {
		d.add("pid", d.pidArg(0))
		d.add("policy", uenum(tables.Schedulers, d.arg(1), "SCHED_???"))
		d.add("param", d.structIn(d.arg(2), 4, intPtr(true)))
	})
	register("sched_getparam", func(d *dec) {
		d.add("pid", d.pidArg(0))
		d.split()
		d.add("param", d.structOut(d.arg(1), 4, intPtr(true)))
	})
	register("sched_setparam", func(d *dec) {
		d.add("pid", d.pidArg(0))
		d.add("param", d.structIn(d.arg(1), 4, intPtr(true)))
	})
	priority := func(d *dec) { d.add("policy", uenum(tables.Schedulers, d.arg(0), "SCHED_???")) }
	register("sched_get_priority_max", priority)
	register("sched_get_priority_min", priority)
	register("sched_rr_get_interval", func(d *dec) {
		d.add("pid", d.pidArg(0))
		d.split()
		d.add("tp", d.structOut(d.arg(1), sysent.SizeTimespec, timespecValue))
	})
	register("sched_getattr", decodeSchedGetattr)
	register("sched_setattr", decodeSchedSetattr)
	register("getpriority", func(d *dec) {
		d.add("which", uenum(tables.Priorities, d.arg(0), "PRIO_???"))
		d.add("who", Int(d.int(1)))
	})
	register("setpriority", func(d *dec) {
		d.add("which", uenum(tables.Priorities, d.arg(0), "PRIO_???"))
		d.add("who", Int(d.int(1)))
		d.add("prio", Int(d.int(2)))
	})
}

// exitOnly is v once the call returned, and nil before.
func (d *dec) exitOnly(v Value) Value {
	if !d.exit {
		return nil
	}
	return v
}

// clockName shows a clock id as strace 6.1 does (CPU clocks, which are
// negative, have no names there).
func clockName(v uint64) Value { return uenum(tables.Clocknames, v, "CLOCK_???") }

func decodeGetrandom(d *dec) {
	d.split()
	if !d.exit {
		d.add("buf", nil)
		d.add("buflen", nil)
		d.add("flags", nil)
		return
	}
	if d.failed {
		d.add("buf", Addr(d.arg(0)))
	} else {
		v := d.buf(d.out, d.arg(0), uint64(d.ret))
		if s, ok := v.(*Str); ok {
			v = forceHex{s}
		}
		d.add("buf", v)
	}
	d.add("buflen", Uint(d.arg(1)))
	d.add("flags", uflags(tables.GetrandomFlags, d.arg(2), "GRND_???"))
}

// isRestart reports whether the call was interrupted to be restarted
// (strace's is_erestart).
func (d *dec) isRestart() bool {
	if !d.failed {
		return false
	}
	_, ok := restartMsgs[int(-d.ret)]
	return ok
}

// remaining shows the time left of an interrupted sleep: the structure
// when the call was interrupted (and show allows), else its address.
func (d *dec) remaining(addr uint64, show bool) Value {
	if !d.exit {
		return nil
	}
	if !show || !d.isRestart() || addr == 0 {
		return Addr(addr)
	}
	b, ok := d.out.Bytes(addr, sysent.SizeTimespec)
	if !ok {
		return Addr(addr)
	}
	return timespecValue(b)
}

// adjtimex shows the struct timex at addr and names the clock state the
// call returned.
func (d *dec) adjtimex(addr uint64) {
	v := d.structOut(addr, sysent.SizeTimex, timexValue)
	d.add("buf", v)
	if _, isStruct := v.(*Struct); isStruct && d.ok() {
		if n, ok := tables.AdjtimexState.Lookup(uint64(d.ret)); ok {
			d.c.Ret.Aux = n
		}
	}
}

func decodeTime(d *dec) {
	d.split()
	d.add("tloc", d.structOut(d.arg(0), 8, func(b []byte) Value {
		t := int64(le64(b))
		if t == 0 {
			return &Array{Elems: []Value{Int(t)}}
		}
		return &Array{Elems: []Value{Commented{Int(t), TimeComment(t, 0)}}}
	}))
	if d.ok() && d.ret != 0 {
		d.c.Ret.Aux = TimeComment(d.ret, 0)
	}
}

// cpuset shows a CPU affinity mask of n bytes at addr as the numbers of
// the CPUs in it: "[0 1]".
func (d *dec) cpuset(m Mem, addr uint64, n uint32) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if n == 0 {
		return &Array{}
	}
	// The recorder captured min(n, the kernel's mask size) bytes, the
	// size of the machine it ran on: use what it captured, not this
	// machine's size.
	r, ok := m.Region(addr)
	if !ok || r.Flags&(format.MemFault|format.MemPartial|format.MemPeeked) != 0 || uint64(len(r.Data)) > uint64(n) {
		return Addr(addr)
	}
	b := r.Data
	read := uint32(len(b))
	size := (read + 7) &^ 7
	v := &bitset{}
	for i, c := range b {
		for c != 0 {
			j := bits.TrailingZeros8(c)
			v.bits = append(v.bits, i*8+j)
			c &^= 1 << j
		}
	}
	v.more = size < n
	return v
}

func decodeFutex(d *dec) {
	const (
		futexWait          = 0
		futexWake          = 1
		futexFd            = 2
		futexRequeue       = 3
		futexCmpRequeue    = 4
		futexWakeOp        = 5
		futexLockPI        = 6
		futexUnlockPI      = 7
		futexTrylockPI     = 8
		futexWaitBitset    = 9
		futexWakeBitset    = 10
		futexWaitRequeuePI = 11
		futexCmpRequeuePI  = 12
		futexLockPI2       = 13
	)
	op := uint32(d.arg(1))
	val := Uint(uint32(d.arg(2)))
	val2 := Uint(uint32(d.arg(3)))
	val3 := uint32(d.arg(5))
	timeout := func() Value { return d.structIn(d.arg(3), sysent.SizeTimespec, timespecValue) }
	d.add("uaddr", Addr(d.arg(0)))
	d.add("futex_op", enumOf(tables.Futexops, uint64(op), "FUTEX_???"))
	switch op & 127 {
	case futexWait:
		d.add("val", val)
		d.add("timeout", timeout())
	case futexLockPI, futexLockPI2:
		d.add("timeout", timeout())
	case futexWaitBitset:
		d.add("val", val)
		d.add("timeout", timeout())
		d.add("val3", enumOf(tables.Futexbitset, uint64(val3), ""))
	case futexWakeBitset:
		d.add("val", val)
		d.add("val3", enumOf(tables.Futexbitset, uint64(val3), ""))
	case futexRequeue:
		d.add("val", val)
		d.add("val2", val2)
		d.add("uaddr2", Addr(d.arg(4)))
	case futexCmpRequeue, futexCmpRequeuePI:
		d.add("val", val)
		d.add("val2", val2)
		d.add("uaddr2", Addr(d.arg(4)))
		d.add("val3", Uint(val3))
	case futexWakeOp:
		d.add("val", val)
		d.add("val2", val2)
		d.add("uaddr2", Addr(d.arg(4)))
		d.add("val3", Sym(futexWakeOpString(val3)))
	case futexWaitRequeuePI:
		d.add("val", val)
		d.add("timeout", timeout())
		d.add("uaddr2", Addr(d.arg(4)))
	case futexFd, futexWake:
		d.add("val", val)
	case futexUnlockPI, futexTrylockPI:
	default:
		d.add("val", val)
		d.add("timeout", Addr(d.arg(3)))
		d.add("uaddr2", Addr(d.arg(4)))
		d.add("val3", Hex(uint64(val3)))
	}
}

func decodeFutexWaitv(d *dec) {
	nr := uint32(d.arg(1))
	shown := 0
	d.add("waiters", d.array(d.in, d.arg(0), uint64(nr), sysent.SizeFutexWaitv, func(b []byte) Value {
		if shown++; shown > sysent.FutexWaitvMax {
			return nil
		}
		s := &Struct{Fields: []Field{
			{"val", Hex(le64(b))},
			{"uaddr", Addr(le64(b[8:]))},
			{"flags", flagsOf(tables.FutexWaiterFlags, uint64(le32(b[16:])), "FUTEX_???")},
		}}
		if r := le32(b[20:]); r != 0 {
			s.Fields = append(s.Fields, Field{"__reserved", Hex(uint64(r))})
		}
		return s
	}))
	d.add("nr_futexes", Uint(nr))
	d.add("flags", Hex(uint64(uint32(d.arg(2)))))
	d.add("timeout", d.structIn(d.arg(3), sysent.SizeTimespec, timespecValue))
	d.add("clockid", clockName(d.arg(4)))
}

// futexWakeOpString decodes the operation word of FUTEX_WAKE_OP:
// "FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1".
func futexWakeOpString(v uint32) string {
	const opargShift = 8
	s := ""
	if (v>>28)&opargShift != 0 {
		s = "FUTEX_OP_OPARG_SHIFT<<28|"
	}
	if n, ok := tables.Futexwakeops.Lookup(uint64((v >> 28) & 7)); ok {
		s += n + "<<28"
	} else {
		s += hexStr(uint64((v>>28)&7)) + "<<28 /* FUTEX_OP_??? */"
	}
	s += "|" + hexStr(uint64((v>>12)&0xfff)) + "<<12|"
	if n, ok := tables.Futexwakecmps.Lookup(uint64((v >> 24) & 0xf)); ok {
		s += n + "<<24"
	} else {
		s += hexStr(uint64((v>>24)&0xf)) + "<<24 /* FUTEX_OP_CMP_??? */"
	}
	return s + "|" + hexStr(uint64(v&0xfff))
}

func decodeSchedGetattr(d *dec) {
	d.add("pid", d.pidArg(0))
	d.split()
	if !d.exit {
		d.add("attr", nil)
		d.add("size", nil)
		d.add("flags", nil)
		return
	}
	usize := uint32(d.arg(2))
	if usize == 0 {
		d.add("attr", Addr(d.arg(1)))
	} else {
		n := min(usize, sysent.SizeSchedAttr)
		d.add("attr", d.structOut(d.arg(1), int(n), func(b []byte) Value {
			return schedAttrValue(b, le32(b), usize, false)
		}))
	}
	d.add("size", Uint(usize))
	d.add("flags", Uint(uint32(d.arg(3))))
}

func decodeSchedSetattr(d *dec) {
	d.add("pid", d.pidArg(0))
	// strace shows the structure at entry and, when the kernel said E2BIG,
	// the size it wants at exit: both go in the exit part here.
	d.split()
	if !d.exit {
		d.add("attr", nil)
		d.add("flags", nil)
		return
	}
	d.add("attr", d.schedAttrIn(d.arg(1)))
	d.add("flags", Uint(uint32(d.arg(2))))
}

func (d *dec) schedAttrIn(addr uint64) Value {
	const e2big = 7
	if addr == 0 {
		return Sym("NULL")
	}
	hdr, ok := d.in.Bytes(addr, 4)
	if !ok {
		return Addr(addr)
	}
	usize := le32(hdr)
	if usize == 0 {
		usize = sysent.SizeSchedAttr0
	}
	size := min(usize, sysent.SizeSchedAttr)
	b := hdr
	if size >= sysent.SizeSchedAttr0 {
		if b, ok = d.in.Bytes(addr, int(size)); !ok {
			return Addr(addr)
		}
	}
	var v Value = schedAttrValue(b, size, usize, true)
	if d.failed && d.ret == -e2big {
		if nb, ok := d.out.Bytes(addr, 4); ok {
			v = Changed{v, &Struct{Fields: []Field{{"size", Uint(le32(nb))}}}}
		}
	}
	return v
}
