package decode

import (
	"strconv"

	"mytrace/tables"
)

func init() {
	addStructs(map[string]func(d *dec, b []byte) Value{
		"rlimit64":  func(d *dec, b []byte) Value { return rlimit64Value(b) },
		"sigset":    func(d *dec, b []byte) Value { return newSigset(b) },
		"sigaction": func(d *dec, b []byte) Value { return sigactionValue(b) },
		"rusage":    func(d *dec, b []byte) Value { return psRusage(b, d.o.Verbose) },
	})
}

func rlim64(v uint64) Value {
	switch {
	case v == ^uint64(0):
		return Named{V: Uint(v), Name: "RLIM64_INFINITY"}
	case v > 1024 && v%1024 == 0:
		return Named{V: Uint(v), Name: strconv.FormatUint(v/1024, 10) + "*1024"}
	}
	return Uint(v)
}

func rlimit64Value(b []byte) Value {
	return &Struct{Fields: []Field{{"rlim_cur", rlim64(le64(b))}, {"rlim_max", rlim64(le64(b[8:]))}}}
}

// sigHandler names the special handler values.
func sigHandler(h uint64) Value {
	if n, ok := tables.SaHandlerValues.Lookup(h); ok {
		return Named{V: Hex(h), Name: n} // -X verbose: 0x1 /* SIG_IGN */
	}
	return Addr(h)
}

// saRestorer is SA_RESTORER, which says sa_restorer is meaningful.
const saRestorer = 0x04000000

// sigactionValue shows the kernel's struct sigaction on x86-64: handler,
// flags, restorer, mask (b holds at least 32 bytes).
func sigactionValue(b []byte) Value {
	handler := le64(b[0:])
	flags := le64(b[8:])
	restorer := le64(b[16:])
	s := &Struct{Fields: []Field{
		{"sa_handler", sigHandler(handler)},
		{"sa_mask", newSigset(b[24:32])},
		{"sa_flags", flagsOf(tables.SigactFlags, flags, "SA_???")},
	}}
	if flags&saRestorer != 0 {
		s.Fields = append(s.Fields, Field{"sa_restorer", Addr(restorer)})
	}
	return s
}

// rusageFields are the counters of struct rusage after the two times.
var rusageFields = [...]string{"ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt",
	"ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv",
	"ru_nsignals", "ru_nvcsw", "ru_nivcsw"}

// psRusage shows a struct rusage (144 bytes): the times, and the counters
// with -v.
func psRusage(b []byte, verbose bool) Value {
	s := &Struct{Fields: []Field{{"ru_utime", timevalValue(b[0:])}, {"ru_stime", timevalValue(b[16:])}}}
	if !verbose {
		s.More = true
		return s
	}
	for i, n := range rusageFields {
		s.Fields = append(s.Fields, Field{n, Uint(le64(b[32+8*i:]))})
	}
	return s
}

// psStack shows a stack_t (sigaltstack).
func psStack(b []byte) Value {
	return &Struct{Fields: []Field{
		{"ss_sp", Addr(le64(b[0:]))},
		{"ss_flags", flagsOf(tables.SigaltstackFlags, uint64(le32(b[8:])), "SS_???")},
		{"ss_size", Uint(le64(b[16:]))},
	}}
}
