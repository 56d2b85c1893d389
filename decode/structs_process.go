package decode

import "strconv"

func init() {
	addStructs(map[string]func(d *dec, b []byte) Value{
		"rlimit64":  func(d *dec, b []byte) Value { return rlimit64Value(b) },
		"sigset":    func(d *dec, b []byte) Value { return Sym(SigsetString(b)) },
		"sigaction": func(d *dec, b []byte) Value { return sigactionValue(b) },
	})
}

func rlim64(v uint64) Value {
	switch {
	case v == ^uint64(0):
		return Sym("RLIM64_INFINITY")
	case v > 1024 && v%1024 == 0:
		return Sym(strconv.FormatUint(v/1024, 10) + "*1024")
	}
	return Uint(v)
}

func rlimit64Value(b []byte) Value {
	return &Struct{Fields: []Field{{"rlim_cur", rlim64(le64(b))}, {"rlim_max", rlim64(le64(b[8:]))}}}
}

// sigHandler names the special handler values.
func sigHandler(h uint64) Value {
	switch int64(h) {
	case 0:
		return Sym("SIG_DFL")
	case 1:
		return Sym("SIG_IGN")
	case -1:
		return Sym("SIG_ERR")
	}
	return Addr(h)
}

func sigactionValue(b []byte) Value {
	// The kernel's struct sigaction on x86-64: handler, flags, restorer, mask.
	handler := le64(b[0:])
	flags := le64(b[8:])
	restorer := le64(b[16:])
	s := &Struct{Fields: []Field{
		{"sa_handler", sigHandler(handler)},
		{"sa_mask", Sym(SigsetString(b[24:32]))},
		{"sa_flags", xSigactFlags.Flags(flags, "SA_???")},
	}}
	if flags&0x04000000 != 0 {
		s.Fields = append(s.Fields, Field{"sa_restorer", Addr(restorer)})
	}
	return s
}
