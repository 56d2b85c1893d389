package decode

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// JSONVersion is the version of the JSON schema that JSONPrinter writes
// and AppendJSON follows (docs/json.md). It changes only when a field
// changes meaning or disappears; new fields may appear within a version.
const JSONVersion = 1

// AppendJSON appends the JSON form of a decoded value to b, as docs/json.md
// describes it: numbers as JSON numbers, symbols as JSON strings, NULL as
// null, and everything else as an object whose first key names its kind
// ("str", "base64", "addr", "fd", "flags", "struct", "array", "bits",
// "seq", "value" for a commented value, "before" for a changed one,
// "text" for a value with no structure of its own). Strings read from the
// tracee are text when they are valid, printable UTF-8 and base64
// otherwise, so the output is valid JSON whatever bytes they hold.
//
// o gives the -s limit the strings are cut at (as the text shows them)
// and, through FdPath, what descriptors refer to.
func AppendJSON(b []byte, v Value, o *Options) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return v.appendJSON(b, o)
}

// flagsOfSeq joins a sequence that only holds flag sets and flag names
// between "|" ("CLONE_VM|CLONE_FS|SIGCHLD", "SOCK_STREAM|SOCK_CLOEXEC")
// into one flag set, or returns nil.
func flagsOfSeq(s Seq) *FlagSet {
	f := &FlagSet{}
	for _, e := range s {
		switch e := e.(type) {
		case *FlagSet:
			if e.Prefix != nil || (e.Rest != 0 && f.Rest != 0) {
				return nil
			}
			f.Names = append(f.Names, e.Names...)
			f.Rest |= e.Rest
		case Named:
			if e.Name == "" {
				return nil
			}
			f.Names = append(f.Names, e.Name)
		case Sym:
			for _, n := range strings.Split(string(e), "|") {
				if n == "" {
					continue
				}
				for _, c := range n {
					if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
						return nil
					}
				}
				f.Names = append(f.Names, n)
			}
		default:
			return nil
		}
	}
	if len(f.Names) == 0 {
		return nil
	}
	return f
}

// renderPlain renders v as strace text without -x, so that quoted
// strings come back with their C escapes.
func renderPlain(v Value, o *Options) string {
	if o == nil {
		o = DefaultOptions()
	}
	o2 := *o
	o2.Hex = 0
	return Render(v, &o2)
}

// appendTextJSON gives the JSON of a value known only by its text: a
// quoted string becomes a string value, an address or NULL an address, a
// decimal a number, and anything else {"text": ...}.
func appendTextJSON(b []byte, text string) []byte {
	if data, more, ok := unquote(text); ok {
		return appendBytesJSON(b, data, more, -1)
	}
	if text == "NULL" {
		return append(b, "null"...)
	}
	if h, ok := strings.CutPrefix(text, "0x"); ok {
		if n, err := strconv.ParseUint(h, 16, 64); err == nil {
			return appendAddrJSON(b, n)
		}
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil && strconv.FormatInt(n, 10) == text {
		return strconv.AppendInt(b, n, 10)
	}
	b = append(b, `{"text":`...)
	b = AppendJSONString(b, text)
	return append(b, '}')
}

// unquote parses a string as strace quotes it ("a\nb\0", "\x01\x02",
// followed by "..." when cut) back into its bytes.
func unquote(s string) ([]byte, bool, bool) {
	more := false
	if t, ok := strings.CutSuffix(s, "..."); ok {
		s, more = t, true
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return nil, false, false
	}
	s = s[1 : len(s)-1]
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			// strace writes \x with two digits: anything else is not a
			// string it printed.
			if i+1 < len(s) && s[i+1] == 'x' && (i+3 >= len(s) || !isHexDigit(s[i+2]) || !isHexDigit(s[i+3])) {
				return nil, false, false
			}
			i++ // the escaped character
		case '"':
			return nil, false, false // two strings, not one
		}
	}
	out, err := UnescapeC(s)
	if err != nil {
		return nil, false, false
	}
	return out, more, true
}

// UnescapeC turns a C string literal's escapes into bytes: \n \t \r \a
// \b \f \v \\ \" \' \?, \xH or \xHH, and one to three octal digits.
// strace's quoted strings use a subset of them.
func UnescapeC(s string) ([]byte, error) {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i == len(s) {
			return nil, errors.New("a \\ at the end")
		}
		switch c = s[i]; c {
		case 'n':
			out = append(out, '\n')
		case 't':
			out = append(out, '\t')
		case 'r':
			out = append(out, '\r')
		case 'a':
			out = append(out, '\a')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'v':
			out = append(out, '\v')
		case '\\', '"', '\'', '?':
			out = append(out, c)
		case 'x':
			j := i + 1
			for j < len(s) && j < i+3 && isHexDigit(s[j]) {
				j++
			}
			if j == i+1 {
				return nil, errors.New("\\x without hexadecimal digits")
			}
			v, _ := strconv.ParseUint(s[i+1:j], 16, 8)
			out = append(out, byte(v))
			i = j - 1
		default:
			if c < '0' || c > '7' {
				return nil, fmt.Errorf("unknown escape \\%c", c)
			}
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 16)
			if v > 0xff {
				return nil, fmt.Errorf("octal escape \\%s is more than a byte", s[i:j])
			}
			out = append(out, byte(v))
			i = j - 1
		}
	}
	return out, nil
}

func appendAddrJSON(b []byte, a uint64) []byte {
	if a == 0 {
		return append(b, "null"...)
	}
	b = append(b, `{"addr":"0x`...)
	b = strconv.AppendUint(b, a, 16)
	return append(b, `"}`...)
}

// appendPathJSON adds what a descriptor refers to, when known, as
// ,"path":"..." (or "path_base64" for a name that is not text).
func appendPathJSON(b []byte, path string) []byte {
	if path == "" {
		return b
	}
	if isText([]byte(path)) {
		b = append(b, `,"path":`...)
		return AppendJSONString(b, path)
	}
	b = append(b, `,"path_base64":"`...)
	b = base64.StdEncoding.AppendEncode(b, []byte(path))
	return append(b, '"')
}

func appendFlagsJSON(b []byte, f *FlagSet, o *Options) []byte {
	b = append(b, `{"flags":[`...)
	n := 0
	var prefix Value
	if f.Prefix != nil {
		if s, ok := f.Prefix.(Sym); ok {
			b = AppendJSONString(b, string(s))
			n++
		} else if s, ok := f.Prefix.(Named); ok && s.Name != "" {
			b = AppendJSONString(b, s.Name)
			n++
		} else {
			prefix = f.Prefix
		}
	}
	for _, name := range f.Names {
		if n > 0 {
			b = append(b, ',')
		}
		b = AppendJSONString(b, name)
		n++
	}
	b = append(b, ']')
	if prefix != nil {
		b = append(b, `,"prefix":`...)
		b = AppendJSON(b, prefix, o)
	}
	if f.Rest != 0 {
		b = append(b, `,"rest":`...)
		b = strconv.AppendUint(b, f.Rest, 10)
		if n == 0 && f.Dflt != "" {
			b = append(b, `,"comment":`...)
			b = AppendJSONString(b, f.Dflt)
		}
	}
	return append(b, '}')
}

// appendStructJSON writes a structure's fields as an object in their
// order; a field without a name, or with the name of an earlier one, is
// keyed "#N" (N its index).
func appendStructJSON(b []byte, s *Struct, o *Options) []byte {
	b = append(b, `{"struct":{`...)
	var seen map[string]bool
	for i, f := range s.Fields {
		if i > 0 {
			b = append(b, ',')
		}
		key := f.Name
		if key == "" || seen[key] {
			key = "#" + strconv.Itoa(i)
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[key] = true
		b = AppendJSONString(b, key)
		b = append(b, ':')
		b = AppendJSON(b, f.V, o)
	}
	b = append(b, '}')
	if s.More {
		b = append(b, `,"more":true`...)
	}
	return append(b, '}')
}

// appendStrJSON follows Str.render: what strace shows of the string (cut
// at -s, or the address when it could not be read far enough).
func appendStrJSON(b []byte, v *Str, o *Options) []byte {
	lim := 32
	if o != nil {
		lim = o.StrLimit
	}
	switch v.Kind {
	case StrPath:
		return appendBytesJSON(b, v.B, !v.Term, -1)
	case StrC:
		if !v.Term && !v.Limited && v.Avail < lim+1 {
			return appendAddrJSON(b, v.Addr)
		}
		s := v.B
		more := !v.Term
		if len(s) > lim {
			s, more = s[:lim], true
		}
		return appendBytesJSON(b, s, more, -1)
	default:
		need := v.Len
		if need > uint64(lim)+1 {
			need = uint64(lim) + 1
		}
		if uint64(v.Avail) < need && !v.Limited {
			return appendAddrJSON(b, v.Addr)
		}
		s := v.B
		if !v.Raw && len(s) > lim {
			s = s[:lim]
		}
		if uint64(len(s)) > v.Len {
			s = s[:v.Len]
		}
		more := !v.Raw && (v.Len > uint64(lim) || v.Len > uint64(len(s)))
		return appendBytesJSON(b, s, more, int64(min(v.Len, 1<<62)))
	}
}

// appendBytesJSON writes tracee bytes: {"str":"text"} when they are
// valid, printable UTF-8, else {"base64":"..."}; "truncated":true when
// more bytes followed, "len" the length of a counted buffer when it
// differs from what is shown (n < 0: not a counted buffer).
func appendBytesJSON(b []byte, s []byte, truncated bool, n int64) []byte {
	if isText(s) {
		b = append(b, `{"str":`...)
		b = appendJSONBytes(b, s)
	} else {
		b = append(b, `{"base64":"`...)
		b = base64.StdEncoding.AppendEncode(b, s)
		b = append(b, '"')
	}
	if truncated {
		b = append(b, `,"truncated":true`...)
	}
	if n >= 0 && n != int64(len(s)) {
		b = append(b, `,"len":`...)
		b = strconv.AppendInt(b, n, 10)
	}
	return append(b, '}')
}

// isText reports whether s is valid UTF-8 made of printable characters
// and the usual white space (tab, newline, carriage return, vertical tab,
// form feed).
func isText(s []byte) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < ' ' && (c < '\t' || c > '\r')) || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
		i += size
	}
	return true
}

// AppendJSONString appends s as a JSON string. Bytes that are not valid
// UTF-8 become U+FFFD, so the result is always valid JSON.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b = appendJSONByte(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, `\u202`...)
			b = append(b, hexdigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func appendJSONBytes(b []byte, s []byte) []byte {
	return AppendJSONString(b, string(s))
}

func appendJSONByte(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	if c < ' ' || c == 0x7f {
		return append(b, '\\', 'u', '0', '0', hexdigits[c>>4], hexdigits[c&15])
	}
	return append(b, c)
}

// AppendRetJSON appends the JSON of a call's result: null when the call
// never returned, else an object with the raw value and either the
// decoded value or the error (docs/json.md).
func AppendRetJSON(b []byte, c *Call, o *Options) []byte {
	if !c.HasExit {
		return append(b, "null"...)
	}
	r := &c.Ret
	b = append(b, `{"raw":`...)
	b = strconv.AppendInt(b, r.Raw, 10)
	switch r.Kind {
	case RetValue:
		b = append(b, `,"value":`...)
		b = AppendJSON(b, r.Val, o)
	case RetError:
		if n := ErrnoName(r.Errno); n != "" {
			b = append(b, `,"errno":`...)
			b = AppendJSONString(b, n)
		}
		b = append(b, `,"errno_num":`...)
		b = strconv.AppendInt(b, int64(r.Errno), 10)
		b = append(b, `,"message":`...)
		b = AppendJSONString(b, ErrnoMessage(r.Errno))
	case RetRestart:
		b = append(b, `,"errno":`...)
		b = AppendJSONString(b, ErrnoName(r.Errno))
		b = append(b, `,"errno_num":`...)
		b = strconv.AppendInt(b, int64(r.Errno), 10)
		b = append(b, `,"message":`...)
		b = AppendJSONString(b, restartMsgs[r.Errno])
		b = append(b, `,"restart":true`...)
	case RetUnknown:
		b = append(b, `,"unknown":true`...)
	}
	if r.Aux != "" && r.Kind != RetUnknown {
		b = append(b, `,"aux":`...)
		b = AppendJSONString(b, r.Aux)
	}
	return append(b, '}')
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
