package decode

import (
	"bytes"
	"strconv"

	"mytrace/sysent"
	"mytrace/tables"
)

// Structures of the memory, time and scheduling syscalls, x86-64 layouts.

func init() {
	addStructs(map[string]func(d *dec, b []byte) Value{
		"timespec": func(d *dec, b []byte) Value { return timespecValue(b) },
		"timeval":  func(d *dec, b []byte) Value { return timevalValue(b) },
		"utsname":  func(d *dec, b []byte) Value { return utsnameValue(b, d.o.Verbose) },
	})
}

// timespecValue shows a struct timespec: tv_nsec is printed unsigned, as
// strace does.
func timespecValue(b []byte) Value {
	return &Struct{Fields: []Field{{"tv_sec", Int(int64(le64(b)))}, {"tv_nsec", Uint(le64(b[8:]))}}}
}

// timevalValue shows a struct timeval (tv_usec unsigned, as strace).
func timevalValue(b []byte) Value {
	return &Struct{Fields: []Field{{"tv_sec", Int(int64(le64(b)))}, {"tv_usec", Uint(le64(b[8:]))}}}
}

func timezoneValue(b []byte) Value {
	return &Struct{Fields: []Field{
		{"tz_minuteswest", Int(int32(le32(b)))},
		{"tz_dsttime", Int(int32(le32(b[4:])))},
	}}
}

// itimervalValue shows a struct itimerval (two timevals).
func itimervalValue(b []byte) Value {
	return &Struct{Fields: []Field{{"it_interval", timevalValue(b)}, {"it_value", timevalValue(b[16:])}}}
}

// itimerspecValue shows a struct itimerspec (two timespecs).
func itimerspecValue(b []byte) Value {
	return &Struct{Fields: []Field{{"it_interval", timespecValue(b)}, {"it_value", timespecValue(b[16:])}}}
}

func cField(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// utsnameValue shows a struct utsname: sysname and nodename, and the rest
// with -v.
func utsnameValue(b []byte, verbose bool) Value {
	names := []string{"sysname", "nodename", "release", "version", "machine", "domainname"}
	s := &Struct{}
	for i, n := range names {
		if !verbose && i == 2 {
			s.More = true
			break
		}
		raw := b[i*65 : (i+1)*65]
		f := cField(raw)
		s.Fields = append(s.Fields, Field{n, &Str{B: f, Kind: StrPath, Term: len(f) < len(raw)}})
	}
	return s
}

// tmsValue shows a struct tms.
func tmsValue(b []byte) Value {
	s := &Struct{}
	for i, n := range []string{"tms_utime", "tms_stime", "tms_cutime", "tms_cstime"} {
		s.Fields = append(s.Fields, Field{n, ClockT(le64(b[i*8:]))})
	}
	return s
}

// sysinfoValue shows a struct sysinfo.
func sysinfoValue(b []byte) Value {
	u := func(off int) Value { return Uint(le64(b[off:])) }
	loads := &Array{Elems: []Value{u(8), u(16), u(24)}}
	return &Struct{Fields: []Field{
		{"uptime", Int(int64(le64(b)))},
		{"loads", loads},
		{"totalram", u(32)},
		{"freeram", u(40)},
		{"sharedram", u(48)},
		{"bufferram", u(56)},
		{"totalswap", u(64)},
		{"freeswap", u(72)},
		{"procs", Uint(le16(b[80:]))},
		{"totalhigh", u(88)},
		{"freehigh", u(96)},
		{"mem_unit", Uint(le32(b[104:]))},
	}}
}

// timexValue shows a struct timex.
func timexValue(b []byte) Value {
	d64 := func(off int) Value { return Int(int64(le64(b[off:]))) }
	d32 := func(off int) Value { return Int(int32(le32(b[off:]))) }
	return &Struct{Fields: []Field{
		{"modes", flagsOf(tables.AdjtimexModes, uint64(le32(b)), "ADJ_???")},
		{"offset", d64(8)},
		{"freq", d64(16)},
		{"maxerror", d64(24)},
		{"esterror", d64(32)},
		{"status", flagsOf(tables.AdjtimexStatus, uint64(le32(b[40:])), "STA_???")},
		{"constant", d64(48)},
		{"precision", d64(56)},
		{"tolerance", d64(64)},
		{"time", timevalValue(b[72:])},
		{"tick", d64(88)},
		{"ppsfreq", d64(96)},
		{"jitter", d64(104)},
		{"shift", d32(112)},
		{"stabil", d64(120)},
		{"jitcnt", d64(128)},
		{"calcnt", d64(136)},
		{"errcnt", d64(144)},
		{"stbcnt", d64(152)},
		{"tai", d32(160)},
	}}
}

// sigeventValue shows a struct sigevent (timer_create).
func sigeventValue(b []byte) Value {
	const (
		sigevSignal   = 0
		sigevThread   = 2
		sigevThreadID = 4
	)
	s := &Struct{}
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	ptr := le64(b)
	signo := int32(le32(b[8:]))
	notify := int32(le32(b[12:]))
	if ptr != 0 {
		add("sigev_value", &Struct{Fields: []Field{{"sival_int", Int(int32(uint32(ptr)))}, {"sival_ptr", Addr(ptr)}}})
	}
	switch notify {
	case sigevSignal, sigevThread, sigevThreadID:
		add("sigev_signo", sigValue(int64(signo)))
	default:
		add("sigev_signo", Uint(uint32(signo)))
	}
	add("sigev_notify", enumOf(tables.SigevValue, uint64(uint32(notify)), "SIGEV_???"))
	switch notify {
	case sigevThreadID:
		add("sigev_notify_thread_id", Int(int32(le32(b[16:]))))
	case sigevThread:
		add("sigev_notify_function", Addr(le64(b[16:])))
		add("sigev_notify_attributes", Addr(le64(b[24:])))
	}
	return s
}

// schedAttrValue shows a struct sched_attr from the bytes read, b. size
// is how much of it counts: the size the kernel wrote (sched_getattr) or
// the bytes read (sched_setattr); usize is the size the caller gave. set
// says it is the one given to sched_setattr, where fields the kernel is
// told to ignore are left out.
func schedAttrValue(raw []byte, size, usize uint32, set bool) Value {
	const (
		keepPolicy = 0x08
		keepParams = 0x10
	)
	var b [sysent.SizeSchedAttr]byte
	copy(b[:], raw)
	s := &Struct{}
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	attrSize := le32(b[:])
	add("size", Uint(attrSize))
	if size >= sysent.SizeSchedAttr0 {
		policy := le32(b[4:])
		flags := le64(b[8:])
		if !set || int32(policy) < 0 || flags&(keepPolicy|keepParams) == 0 {
			add("sched_policy", enumOf(tables.Schedulers, uint64(policy), "SCHED_???"))
		}
		add("sched_flags", flagsOf(tables.SchedFlags, flags, "SCHED_FLAG_???"))
		if !set || flags&keepParams == 0 {
			add("sched_nice", Int(int32(le32(b[16:]))))
			add("sched_priority", Uint(le32(b[20:])))
			add("sched_runtime", Uint(le64(b[24:])))
			add("sched_deadline", Uint(le64(b[32:])))
			add("sched_period", Uint(le64(b[40:])))
		}
		if size >= sysent.SizeSchedAttr {
			add("sched_util_min", Uint(le32(b[48:])))
			add("sched_util_max", Uint(le32(b[52:])))
		}
	}
	if set && usize > size || !set && attrSize > size {
		s.More = true
	}
	return s
}

// bitset is a set of bit numbers shown as strace's bitsets: "[0 1 5]".
type bitset struct {
	bits []int
	more bool
}

func (v *bitset) render(b *textBuf, o *Options) {
	b.WriteByte('[')
	for i, n := range v.bits {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(n))
	}
	if v.more {
		if len(v.bits) > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("...")
	}
	b.WriteByte(']')
}

func (v *bitset) appendJSON(b []byte, o *Options) []byte {
	b = append(b, `{"bits":[`...)
	for i, n := range v.bits {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	b = append(b, ']')
	if v.more {
		b = append(b, `,"more":true`...)
	}
	return append(b, '}')
}

// forceHex shows a buffer with every byte as a \x escape (strace's
// QUOTE_FORCE_HEX, as getrandom's buffer).
type forceHex struct{ s *Str }

func (v forceHex) render(b *textBuf, o *Options) {
	o2 := *o
	o2.Hex = 2
	v.s.render(b, &o2)
}

func (v forceHex) appendJSON(b []byte, o *Options) []byte {
	return appendStrJSON(b, v.s, o)
}
