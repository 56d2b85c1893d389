package decode

import (
	"mytrace/format"
	"mytrace/sysent"
	"strconv"
	"strings"
)

// Value is a decoded argument, return value or structure field. Values are
// structured (numbers, strings, flag sets, structures, arrays) so they can
// be shown as strace text or as JSON; Render writes the strace text.
type Value interface {
	// render writes the value as strace shows it.
	render(b *textBuf, o *Options)
	// appendJSON appends the value's JSON form (docs/json.md) to b.
	// Values with no structure of their own give what the text shows,
	// with appendTextJSON.
	appendJSON(b []byte, o *Options) []byte
}

// Options say how values are shown (strace's -s, -x, -v, -y).
type Options struct {
	StrLimit int  // -s: characters of a string shown (default 32)
	Hex      int  // -x: 1 hex-escapes non-ASCII strings, 2 (-xx) all strings, HexChars only the non-printable bytes
	Verbose  bool // -v: full structures and environment
	// Decorate is strace's -y count: 1 shows the path of each file
	// descriptor ("3</etc/passwd>"), 2 (-yy) also socket endpoints.
	Decorate int
	// FdShow is what -e decode-fds=SET shows of descriptors (FdShow*
	// bits); 0: what Decorate says (1 paths, 2 all: -yy).
	FdShow FdShow
	// FdPath, set by the printer while it renders a call, returns what
	// descriptor fd of the calling process refers to ("/etc/passwd",
	// "pipe:[1234]"), or "" when that is not known.
	FdPath func(fd int32) string
	// FdNetlink, set with FdPath, says whether descriptor fd of the
	// calling process is a netlink socket as far as the recording shows,
	// its protocol, and whether it is bound (strace cannot learn the
	// protocol of an unbound one).
	FdNetlink func(fd int32) (proto int, bound, ok bool)
	// FdSock, set with FdPath, returns what the recording says strace
	// -yy shows of socket descriptor fd (format.FdPath.Sock), or "".
	FdSock func(fd int32) string
	// SockCache, set by the printer, is strace's cache of socket details
	// for -yy (nil: no cache).
	SockCache *SockCache
	// Style is how named constants and flags are shown (strace's -X):
	// StyleAbbrev (the default) by name, StyleRaw as numbers only,
	// StyleVerbose as numbers followed by their names in a comment.
	Style ConstStyle
	// NotVerbose is set by the printer for a call that -e verbose= leaves
	// out: structures it points to are shown as addresses.
	NotVerbose bool
	// RawCall, if set, says which syscalls are shown undecoded, their
	// arguments and result in hexadecimal (strace -e raw=).
	RawCall func(nr uint64, arch uint32) bool
	// AbbrevCall, if set, says which syscalls are abbreviated (strace
	// -e abbrev=): the printer sets Verbose for each call from it.
	AbbrevCall func(nr uint64, arch uint32) bool
	// VerboseCall, if set, says which syscalls' structures are decoded
	// (strace -e verbose=): the printer sets NotVerbose for each call.
	VerboseCall func(nr uint64, arch uint32) bool
	// KVM shows the exit reason of KVM_RUN, as the recording holds it
	// (strace -e kvm=vcpu).
	KVM bool
	// DecodePids is strace's --decode-pids (DecodePid* bits): pids shown
	// with their command name (-Y), and in mytrace's PID namespace.
	DecodePids int
	// PidLookup, set by the printer while it renders a call or signal,
	// says what the recording says pid (of kind k) is: its command name
	// ("" if not known), and when the task named it from another PID
	// namespace (translated), its pid in mytrace's (0: none).
	PidLookup func(pid int64, k sysent.PidKind) (comm string, ours int64, translated bool)
}

// ConstStyle says how named constants and flags are shown (strace's -X).
type ConstStyle uint8

// Constant styles.
const (
	StyleAbbrev  ConstStyle = iota // names: O_RDWR|O_CLOEXEC
	StyleRaw                       // numbers: 0x80002
	StyleVerbose                   // both: 0x80002 /* O_RDWR|O_CLOEXEC */
)

// DefaultOptions are strace's defaults.
func DefaultOptions() *Options { return &Options{StrLimit: 32} }

// Render returns the strace text of v.
func Render(v Value, o *Options) string {
	var b textBuf
	v.render(&b, o)
	return b.String()
}

// Int is a signed decimal number.
type Int int64

func (v Int) render(b *textBuf, o *Options) { b.int(int64(v)) }

func (v Int) appendJSON(b []byte, o *Options) []byte {
	return strconv.AppendInt(b, int64(v), 10)
}

// Fd is a file descriptor: its number, and with -y what it refers to,
// "3</etc/passwd>", as strace's printfd shows it.
type Fd int32

func (v Fd) render(b *textBuf, o *Options) {
	b.int(int64(v))
	show := o.fdShow()
	if show == 0 || o.FdPath == nil || v < 0 {
		return
	}
	path := o.FdPath(int32(v))
	if path == "" {
		return
	}
	// As strace's printfd: a socket's endpoints, a device's numbers, a
	// pidfd's process, each when the set asks for it and the recording
	// says it; otherwise the path, when the set asks for paths.
	details := ""
	if show&(FdShowDev|FdShowPidfd) != 0 && o.FdSock != nil {
		details = o.FdSock(int32(v))
	}
	switch {
	case show&FdShowSocket != 0 && strings.HasPrefix(path, "socket:["):
		mark := len(b.b)
		b.WriteByte('<')
		if renderSock(b, o, int32(v), path) {
			b.WriteByte('>')
			return
		}
		b.b = b.b[:mark]
	case show&FdShowPidfd != 0 && path == "anon_inode:[pidfd]" && strings.HasPrefix(details, "pid:"):
		b.WriteByte('<')
		b.WriteString(details)
		b.WriteByte('>')
		return
	case show&FdShowDev != 0 && (strings.HasPrefix(details, "char ") || strings.HasPrefix(details, "block ")):
		b.WriteByte('<')
		quoteBytes(b, []byte(path), o.Hex, "<>")
		b.WriteByte('<')
		b.WriteString(details)
		b.WriteString(">>")
		return
	}
	if show&FdShowPath == 0 {
		return
	}
	deleted := false
	if p, ok := strings.CutSuffix(path, " (deleted)"); ok {
		path, deleted = p, true
	}
	b.WriteByte('<')
	quoteBytes(b, []byte(path), o.Hex, "<>")
	b.WriteByte('>')
	if deleted {
		b.WriteString("(deleted)")
	}
}

// FdShow says what is shown of descriptors: strace's -e decode-fds= set.
type FdShow uint8

// FdShow bits.
const (
	FdShowPath   FdShow = 1 << iota // the path, 3</etc/passwd> (-y)
	FdShowSocket                    // a socket's protocol and endpoints, 3<TCP:[...]>
	FdShowDev                       // a device's type and numbers, 3</dev/null<char 1:3>>
	FdShowPidfd                     // a pidfd's process, 3<pid:1234>
	FdShowAll    = FdShowPath | FdShowSocket | FdShowDev | FdShowPidfd
)

// Level is the -y count that notes what s shows: 0 nothing, 1 paths
// only, 2 also what -yy adds (sockets' endpoints, devices, pidfds).
func (s FdShow) Level() int {
	switch {
	case s&^FdShowPath != 0:
		return 2
	case s != 0:
		return 1
	}
	return 0
}

// Fit limits o to what the recording with header h holds. One made
// without -v (Header.Verbose false) keeps structures as strace shows
// them without -v (sysent/abbrev.go: directory entries as their record
// lengths, stat buffers as their mode and size), so it is shown
// abbreviated even when -v or -e abbrev= ask for more.
func (o *Options) Fit(h *format.Header) {
	if h != nil && !h.Verbose {
		o.Verbose, o.AbbrevCall = false, nil
	}
}

// fdShow is what o shows of descriptors: FdShow, or what Decorate says.
func (o *Options) fdShow() FdShow {
	switch {
	case o.FdShow != 0:
		return o.FdShow
	case o.Decorate >= 2:
		return FdShowAll
	case o.Decorate == 1:
		return FdShowPath
	}
	return 0
}

func (v Fd) appendJSON(b []byte, o *Options) []byte {
	b = append(b, `{"fd":`...)
	b = strconv.AppendInt(b, int64(v), 10)
	if o != nil && o.FdPath != nil && v >= 0 {
		b = appendPathJSON(b, o.FdPath(int32(v)))
	}
	return append(b, '}')
}

// Cwd is the AT_FDCWD directory descriptor: "AT_FDCWD", and with -y the
// working directory, "AT_FDCWD</home/me>", as strace shows it.
type Cwd struct{}

func (Cwd) render(b *textBuf, o *Options) {
	switch o.Style {
	case StyleRaw:
		b.WriteString("-100")
	case StyleVerbose:
		b.WriteString("-100 /* AT_FDCWD */")
	default:
		b.WriteString("AT_FDCWD")
	}
	if o.fdShow()&FdShowPath == 0 || o.FdPath == nil {
		return
	}
	if path := o.FdPath(-100); path != "" {
		b.WriteByte('<')
		quoteBytes(b, []byte(path), o.Hex, "<>")
		b.WriteByte('>')
	}
}

func (Cwd) appendJSON(b []byte, o *Options) []byte {
	b = append(b, `{"fd":-100,"name":"AT_FDCWD"`...)
	if o != nil && o.FdPath != nil {
		b = appendPathJSON(b, o.FdPath(-100))
	}
	return append(b, '}')
}

// Uint is an unsigned decimal number.
type Uint uint64

func (v Uint) render(b *textBuf, o *Options) { b.uint(uint64(v)) }

func (v Uint) appendJSON(b []byte, o *Options) []byte {
	return strconv.AppendUint(b, uint64(v), 10)
}

// Hex is a number shown in hexadecimal ("0" for zero, as %#x).
type Hex uint64

func (v Hex) render(b *textBuf, o *Options) { b.hex(uint64(v)) }

func (v Hex) appendJSON(b []byte, o *Options) []byte {
	return strconv.AppendUint(b, uint64(v), 10)
}

// Oct is a number shown in octal with at least three digits (%#03o).
type Oct uint64

func (v Oct) render(b *textBuf, o *Options) { b.b = appendOct(b.b, uint64(v)) }

func (v Oct) appendJSON(b []byte, o *Options) []byte {
	return strconv.AppendUint(b, uint64(v), 10)
}

// appendOct appends v in octal with a leading zero and at least three
// digits, as %#03o.
func appendOct(b []byte, v uint64) []byte {
	if v < 8 {
		return append(b, '0', '0', '0'+byte(v))
	}
	return strconv.AppendUint(append(b, '0'), v, 8)
}

// Addr is a tracee address: "NULL" or hexadecimal.
type Addr uint64

func (v Addr) render(b *textBuf, o *Options) {
	if v == 0 {
		b.WriteString("NULL")
		return
	}
	b.hex(uint64(v))
}

func (v Addr) appendJSON(b []byte, o *Options) []byte {
	return appendAddrJSON(b, uint64(v))
}

// Sym is text shown as is: a constant's name, or an expression strace
// prints such as "makedev(0x8, 0x1)".
type Sym string

func (v Sym) render(b *textBuf, o *Options) { b.WriteString(string(v)) }

func (v Sym) appendJSON(b []byte, o *Options) []byte {
	return AppendJSONString(b, string(v))
}

// Commented is a value followed by a comment: "0x7ffd /* 23 vars */".
type Commented struct {
	V Value
	C string
}

func (v Commented) render(b *textBuf, o *Options) {
	v.V.render(b, o)
	if v.C != "" {
		b.WriteString(" /* ")
		b.WriteString(v.C)
		b.WriteString(" */")
	}
}

func (v Commented) appendJSON(b []byte, o *Options) []byte {
	b = append(b, `{"value":`...)
	b = AppendJSON(b, v.V, o)
	if v.C != "" {
		b = append(b, `,"comment":`...)
		b = AppendJSONString(b, v.C)
	}
	return append(b, '}')
}

// Changed shows a value-result argument: "[128 => 16]" is an Array holding
// Changed{Int(128), Int(16)}.
type Changed struct{ Before, After Value }

func (v Changed) render(b *textBuf, o *Options) {
	v.Before.render(b, o)
	b.WriteString(" => ")
	v.After.render(b, o)
}

func (v Changed) appendJSON(b []byte, o *Options) []byte {
	b = append(b, `{"before":`...)
	b = AppendJSON(b, v.Before, o)
	b = append(b, `,"after":`...)
	b = AppendJSON(b, v.After, o)
	return append(b, '}')
}

// Named is a constant shown by its name (strace's printxval): V is the
// number, Name its name, or "" when it has none, Dflt the comment shown
// with an unnamed number ("SEEK_???"). -X raw and -X verbose show the
// number, alone or followed by the name in a comment.
type Named struct {
	V    Value
	Name string
	Dflt string
}

func (v Named) render(b *textBuf, o *Options) {
	if o.Style == StyleRaw {
		v.V.render(b, o)
		return
	}
	if v.Name != "" && o.Style == StyleAbbrev {
		b.WriteString(v.Name)
		return
	}
	v.V.render(b, o)
	c := v.Name
	if c == "" {
		c = v.Dflt
	}
	if c != "" {
		b.WriteString(" /* ")
		b.WriteString(c)
		b.WriteString(" */")
	}
}

func (v Named) appendJSON(b []byte, o *Options) []byte {
	if v.Name != "" {
		return AppendJSONString(b, v.Name)
	}
	return AppendJSON(b, Commented{V: v.V, C: v.Dflt}, o)
}

func (f *FlagSet) render(b *textBuf, o *Options) {
	if o.Style != StyleAbbrev && f.HasVal {
		f.renderStyled(b, o)
		return
	}
	f.renderAbbrev(b, o)
}

func (v *FlagSet) appendJSON(b []byte, o *Options) []byte {
	return appendFlagsJSON(b, v, o)
}

// renderStyled shows f as -X raw (the number) or -X verbose (the number,
// then what the default style shows in a comment when it names a flag).
func (f *FlagSet) renderStyled(b *textBuf, o *Options) {
	if o.Style == StyleRaw {
		b.hex(f.Val)
		return
	}
	if f.Prefix == nil && len(f.Names) == 0 {
		f.renderAbbrev(b, o)
		return
	}
	b.hex(f.Val)
	b.WriteString(" /* ")
	o2 := *o
	o2.Style = StyleAbbrev
	f.renderAbbrev(b, &o2)
	b.WriteString(" */")
}

func (f *FlagSet) renderAbbrev(b *textBuf, o *Options) {
	n := 0
	if f.Prefix != nil {
		f.Prefix.render(b, o)
		n++
	}
	for _, name := range f.Names {
		if n > 0 {
			b.WriteByte('|')
		}
		b.WriteString(name)
		n++
	}
	switch {
	case f.Rest != 0 && n > 0:
		b.WriteByte('|')
		b.hex(f.Rest)
	case f.Rest != 0:
		b.hex(f.Rest)
		if f.Dflt != "" {
			b.WriteString(" /* ")
			b.WriteString(f.Dflt)
			b.WriteString(" */")
		}
	case n == 0:
		b.WriteByte('0')
	}
}

// Field is a named member of a Struct.
type Field struct {
	Name string
	V    Value
}

// Struct is a structure: "{a=1, b=2, ...}". More adds the "..." strace
// shows for fields it left out.
type Struct struct {
	Fields []Field
	More   bool
}

func (v *Struct) render(b *textBuf, o *Options) {
	b.WriteByte('{')
	for i, f := range v.Fields {
		if i > 0 {
			b.WriteString(", ")
		}
		if f.Name != "" {
			b.WriteString(f.Name)
			b.WriteByte('=')
		}
		f.V.render(b, o)
	}
	if v.More {
		if len(v.Fields) > 0 {
			b.WriteString(", ")
		}
		b.WriteString("...")
	}
	b.WriteByte('}')
}

func (v *Struct) appendJSON(b []byte, o *Options) []byte {
	return appendStructJSON(b, v, o)
}

// Array is a list: "[3, 4]". More adds "..." for elements left out.
type Array struct {
	Elems []Value
	More  bool
}

func (v *Array) render(b *textBuf, o *Options) {
	b.WriteByte('[')
	for i, e := range v.Elems {
		if i > 0 {
			b.WriteString(", ")
		}
		e.render(b, o)
	}
	if v.More {
		if len(v.Elems) > 0 {
			b.WriteString(", ")
		}
		b.WriteString("...")
	}
	b.WriteByte(']')
}

func (v *Array) appendJSON(b []byte, o *Options) []byte {
	b = append(b, `{"array":[`...)
	for i, e := range v.Elems {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendJSON(b, e, o)
	}
	b = append(b, ']')
	if v.More {
		b = append(b, `,"more":true`...)
	}
	return append(b, '}')
}

// Seq is values shown one after the other with no separator.
type Seq []Value

func (v Seq) render(b *textBuf, o *Options) {
	for _, e := range v {
		e.render(b, o)
	}
}

func (v Seq) appendJSON(b []byte, o *Options) []byte {
	if len(v) == 2 {
		// "name=value", as clone's arguments are shown: the
		// argument's name already says it.
		if s, ok := v[0].(Sym); ok && strings.HasSuffix(string(s), "=") && !strings.ContainsAny(string(s), " ,") {
			return AppendJSON(b, v[1], o)
		}
	}
	if f := flagsOfSeq(v); f != nil {
		return appendFlagsJSON(b, f, o)
	}
	b = append(b, `{"seq":[`...)
	for i, e := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendJSON(b, e, o)
	}
	b = append(b, `],"text":`...)
	b = AppendJSONString(b, renderPlain(v, o))
	return append(b, '}')
}

// StrKind says how a string was read and is shown.
type StrKind uint8

// String kinds.
const (
	StrPath StrKind = iota // NUL-terminated path, shown whole (up to PATH_MAX)
	StrC                   // NUL-terminated string, cut at -s
	StrBuf                 // counted buffer, cut at -s
)

// Str is a string read from the tracee.
type Str struct {
	B    []byte  // the bytes (without the NUL)
	Kind StrKind //
	// Len is the buffer's real length (StrBuf), which may exceed len(B).
	Len uint64
	// Term: a NUL ended the string within what was read (StrPath, StrC).
	Term bool
	// Avail is how many bytes could be read for StrC and StrBuf; strace
	// shows the address instead of a string it could not read whole.
	Avail int
	Addr  uint64
	// Raw shows the string without -s truncation and "..." (strings whose
	// length the decoder already bounded).
	Raw bool
	// Limited: the capture stopped at the recording's limit, not at
	// unreadable memory, so the string is shown (cut) whatever Avail is.
	Limited bool
}

func (v *Str) render(b *textBuf, o *Options) {
	lim := o.StrLimit
	switch v.Kind {
	case StrPath:
		quoteString(b, v.B, o.Hex, false)
		if !v.Term {
			b.WriteString("...")
		}
	case StrC:
		// strace reads -s+1 bytes: a string it cannot read that far, and
		// that has no NUL before, is shown as its address.
		if !v.Term && !v.Limited && v.Avail < lim+1 {
			Addr(v.Addr).render(b, o)
			return
		}
		s := v.B
		more := !v.Term
		if len(s) > lim {
			s, more = s[:lim], true
		}
		quoteString(b, s, o.Hex, false)
		if more {
			b.WriteString("...")
		}
	case StrBuf:
		need := v.Len
		if need > uint64(lim)+1 {
			need = uint64(lim) + 1
		}
		if uint64(v.Avail) < need && !v.Limited {
			Addr(v.Addr).render(b, o)
			return
		}
		s := v.B
		if !v.Raw && len(s) > lim {
			s = s[:lim]
		}
		if uint64(len(s)) > v.Len {
			s = s[:v.Len]
		}
		quoteString(b, s, o.Hex, false)
		if !v.Raw && (v.Len > uint64(lim) || v.Len > uint64(len(s))) {
			b.WriteString("...")
		}
	}
}

func (v *Str) appendJSON(b []byte, o *Options) []byte {
	return appendStrJSON(b, v, o)
}

const hexdigits = "0123456789abcdef"

// quoteString writes s in double quotes with strace's escapes. hex is the
// -x level: 1 switches the whole string to \x escapes if it has a byte that
// is neither printable ASCII nor one of \t\n\v\f\r, 2 always.
func quoteString(b *textBuf, s []byte, hex int, _ bool) {
	b.WriteByte('"')
	quoteBytes(b, s, hex, "")
	b.WriteByte('"')
}

// HexChars is Options.Hex for --strings-in-hex=non-ascii-chars: the
// bytes strace would escape in octal are escaped in hexadecimal, and the
// rest of the string is shown as it is.
const HexChars = 3

// useHex says whether strace shows s all in hexadecimal: with -xx
// (hex 2), or with -x (hex 1) when s has a non-printable byte other than
// whitespace.
func useHex(s []byte, hex int) bool {
	if hex == 2 {
		return true
	}
	if hex == 1 {
		for _, c := range s {
			if c > 0x7e || (c < ' ' && (c < 9 || c > 13)) {
				return true
			}
		}
	}
	return false
}

// quoteBytes writes s with strace's escapes and no quotes; bytes in
// escape are escaped too (strace's escape_chars: "<>" for -y paths).
func quoteBytes(b *textBuf, s []byte, hex int, escape string) {
	usehex := useHex(s, hex)
	if usehex {
		for _, c := range s {
			b.b = append(b.b, '\\', 'x', hexdigits[c>>4], hexdigits[c&15])
		}
		return
	}
	for i := 0; i < len(s); i++ {
		// A run of bytes shown as they are, appended at once.
		run := i
		if escape == "" {
			for run < len(s) && plainBytes[s[run]] {
				run++
			}
		} else {
			for run < len(s) && plainBytes[s[run]] && strings.IndexByte(escape, s[run]) < 0 {
				run++
			}
		}
		b.Write(s[i:run])
		if run == len(s) {
			break
		}
		i = run
		// Each escape appended at once.
		c := s[i]
		switch c {
		case '"', '\\':
			b.b = append(b.b, '\\', c)
		case '\f':
			b.b = append(b.b, '\\', 'f')
		case '\n':
			b.b = append(b.b, '\\', 'n')
		case '\r':
			b.b = append(b.b, '\\', 'r')
		case '\t':
			b.b = append(b.b, '\\', 't')
		case '\v':
			b.b = append(b.b, '\\', 'v')
		default:
			if hex == HexChars {
				b.b = append(b.b, '\\', 'x', hexdigits[c>>4], hexdigits[c&15])
				continue
			}
			// Octal, with three digits when the next byte is an octal
			// digit so the escape cannot swallow it.
			full := i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'
			switch {
			case full || c > 077:
				b.b = append(b.b, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
			case c > 07:
				b.b = append(b.b, '\\', '0'+c>>3, '0'+c&7)
			default:
				b.b = append(b.b, '\\', '0'+c)
			}
		}
	}
}

// plainBytes says which bytes quoteBytes shows as they are (unless
// asked to escape them): printable ASCII but the quote and the backslash.
var plainBytes = func() (t [256]bool) {
	for c := ' '; c <= '~'; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Walk calls f on every value of a call's arguments, depth first:
// structure fields, array elements, commented and changed values.
func Walk(c *Call, f func(Value)) {
	var walk func(v Value)
	walk = func(v Value) {
		if v == nil {
			return
		}
		f(v)
		switch v := v.(type) {
		case *Struct:
			for _, x := range v.Fields {
				walk(x.V)
			}
		case *Array:
			for _, x := range v.Elems {
				walk(x)
			}
		case Commented:
			walk(v.V)
		case Named:
			walk(v.V)
		case Changed:
			walk(v.Before)
			walk(v.After)
		case Seq:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, a := range c.Args {
		walk(a)
	}
}
