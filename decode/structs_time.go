package decode

import "bytes"

func init() {
	addStructs(map[string]func(d *dec, b []byte) Value{
		"timespec": func(d *dec, b []byte) Value { return timespecValue(b) },
		"timeval":  func(d *dec, b []byte) Value { return timevalValue(b) },
		"utsname":  func(d *dec, b []byte) Value { return utsnameValue(b, d.o.Verbose) },
	})
}

func timespecValue(b []byte) Value {
	return &Struct{Fields: []Field{{"tv_sec", Int(int64(le64(b)))}, {"tv_nsec", Int(int64(le64(b[8:])))}}}
}

func timevalValue(b []byte) Value {
	return &Struct{Fields: []Field{{"tv_sec", Int(int64(le64(b)))}, {"tv_usec", Int(int64(le64(b[8:])))}}}
}

func cField(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

func utsnameValue(b []byte, verbose bool) Value {
	names := []string{"sysname", "nodename", "release", "version", "machine", "domainname"}
	s := &Struct{}
	for i, n := range names {
		if !verbose && i == 2 {
			s.More = true
			break
		}
		f := cField(b[i*65 : (i+1)*65])
		s.Fields = append(s.Fields, Field{n, &Str{B: f, Kind: StrPath, Term: true}})
	}
	return s
}
