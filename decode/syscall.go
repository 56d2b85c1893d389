package decode

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"mytrace/format"
	"mytrace/sysent"
	"mytrace/tables"
)

// RetKind says what a syscall returned.
type RetKind uint8

// Return kinds.
const (
	RetValue   RetKind = iota // a value: "= 3"
	RetError                  // an error: "= -1 ENOENT (No such file or directory)"
	RetRestart                // interrupted, to be restarted: "= ? ERESTARTSYS (...)"
	RetUnknown                // no return (exit_group, or the task died): "= ?"
)

// Ret is a decoded return value.
type Ret struct {
	Kind  RetKind
	Raw   int64 // the value as returned (the negated errno for errors)
	Val   Value // RetValue: the value as shown
	Errno int   // RetError, RetRestart
	// Aux is shown after the value in parentheses: "(flags O_RDWR)".
	Aux string
}

// Call is one decoded syscall.
type Call struct {
	Nr    uint64
	Name  string
	Arch  uint32
	Args  []Value
	Names []string // argument names, parallel to Args where known
	// NEntry is how many arguments strace shows at entry; the rest are
	// shown when the call returns.
	NEntry int
	// HasExit: the exit was seen (Ret is meaningful).
	HasExit bool
	Ret     Ret
	// Unknown: the number is not in the table ("syscall_0x1c8").
	Unknown bool
	// Err is set when the decoder failed (a bug): the arguments are then
	// shown raw, as for a syscall without a decoder.
	Err string
	// (decodeInto resets each field: a new field must be reset there
	// too.)
	//
	// strs, flagSets, flagNames, structs, fields, values, nums, seqs
	// and comments hold the call's strings, flag sets, structures,
	// sequences, numbers and commented values (dec.str, dec.flags,
	// dec.newStruct, dec.newSeq, dec.number, dec.seqV, dec.commentedV),
	// in slabs reused when the Call is decoded into again.
	strs      []Str
	flagSets  []FlagSet
	flagNames []string
	structs   []Struct
	fields    []Field
	values    []Value
	nums      []num
	seqs      []Seq
	comments  []Commented
}

// dec is the state of one decoding. decodeInto resets each field: a new
// field must be reset there too.
type dec struct {
	c      *Call
	o      *Options
	ent    *sysent.Entry
	args   [6]uint64
	in     Mem // memory captured at entry
	out    Mem // memory captured at exit
	exit   bool
	ret    int64
	failed bool
	// done marks that the entry part has been closed (split set).
	done bool
	// retFmt overrides how a successful return value is shown.
	retFmt func(int64) Value
	// kvmExit is the exit event's KVM exit reason (format.Event.KVMExit).
	kvmExit uint32
	// raw: the call is shown undecoded (-e raw=).
	raw bool
	// part is the part of the call's arguments the caller shows: the
	// typed path leaves the others nil rather than decode them.
	part callPart
	// getfl is the text of the last F_GETFL result decoded, which only
	// its value decides.
	getfl struct {
		ret  int64
		text string
		ok   bool
	}
}

// callPart says which of a call's arguments a decoding is for.
type callPart uint8

// Call parts.
const (
	// partAll: every argument.
	partAll callPart = iota
	// partEntry: the arguments shown at entry (before Call.NEntry), which
	// is all the text printer shows of the entry's decoding when no -P
	// path needs the others.
	partEntry
	// partExit: the arguments shown at exit (from Call.NEntry on), which
	// is all the text printer shows of the exit's decoding when it has
	// shown the entry's.
	partExit
)

// wanted reports whether the caller shows the argument added next.
func (d *dec) wanted() bool {
	switch d.part {
	case partEntry:
		return !d.done
	case partExit:
		return d.done
	}
	return true
}

// skip adds arguments the caller does not show (wanted is false), nil,
// where a decoder would add the arguments called names.
func (d *dec) skip(names ...string) {
	for _, n := range names {
		d.add(n, nil)
	}
}

// str returns a Str holding s, taken from the call's slab.
func (d *dec) str(s Str) *Str {
	c := d.c
	if len(c.strs) == cap(c.strs) {
		// A new slab; the Strs handed out from the old one stay valid.
		c.strs = make([]Str, 0, 4)
	}
	c.strs = append(c.strs, s)
	return &c.strs[len(c.strs)-1]
}

// newFlagSet returns a zero FlagSet, taken from the call's slab.
func (d *dec) newFlagSet() *FlagSet {
	c := d.c
	if len(c.flagSets) == cap(c.flagSets) {
		c.flagSets = make([]FlagSet, 0, 4)
	}
	c.flagSets = append(c.flagSets, FlagSet{})
	return &c.flagSets[len(c.flagSets)-1]
}

// newStruct returns an empty Struct with room for n fields, taken from
// the call's slabs (more fields may be appended).
func (d *dec) newStruct(n int) *Struct {
	c := d.c
	if len(c.structs) == cap(c.structs) {
		c.structs = make([]Struct, 0, 4)
	}
	if cap(c.fields)-len(c.fields) < n {
		c.fields = make([]Field, 0, max(32, n))
	}
	i := len(c.fields)
	c.fields = c.fields[:i+n]
	c.structs = append(c.structs, Struct{Fields: c.fields[i : i : i+n]})
	return &c.structs[len(c.structs)-1]
}

// newSeq returns an empty Seq with room for n values, taken from the
// call's slab (more values may be appended).
func (d *dec) newSeq(n int) Seq {
	c := d.c
	if cap(c.values)-len(c.values) < n {
		c.values = make([]Value, 0, max(16, n))
	}
	i := len(c.values)
	c.values = c.values[:i+n]
	return c.values[i : i : i+n]
}

// flags is flagsOf(x, v, dflt) with the FlagSet and its names taken from the
// call's slabs.
func (d *dec) flags(x *tables.Xlat, v uint64, dflt string) *FlagSet {
	const room = 8 // names most sets fit in (more are appended)
	c := d.c
	if cap(c.flagNames)-len(c.flagNames) < room {
		c.flagNames = make([]string, 0, 64)
	}
	i := len(c.flagNames)
	c.flagNames = c.flagNames[:i+room]
	f := d.newFlagSet()
	f.Names = c.flagNames[i : i : i+room]
	flagsInto(x, f, v, dflt)
	if len(f.Names) == 0 {
		f.Names = nil // as Flags leaves it
	}
	return f
}

// add appends an argument.
func (d *dec) add(name string, v Value) {
	d.c.Args = append(d.c.Args, v)
	d.c.Names = append(d.c.Names, name)
}

// split marks that the arguments added so far are shown at entry.
func (d *dec) split() {
	if !d.done {
		d.done = true
		d.c.NEntry = len(d.c.Args)
	}
}

// ok reports whether the call returned successfully.
func (d *dec) ok() bool { return d.exit && !d.failed }

func (d *dec) arg(i int) uint64 { return d.args[i] }
func (d *dec) int(i int) int64  { return int64(int32(d.args[i])) }

// decoders hold syscalls whose arguments need more than their types.
var decoders = map[string]func(d *dec){}

// entryOnly holds the decoders registered with registerIn.
var entryOnly = map[string]bool{}

// decoderSlot is a syscall's decoder, and whether it was registered with
// registerIn.
type decoderSlot struct {
	f         func(d *dec)
	entryOnly bool
}

var (
	decoderTabOnce sync.Once
	// decoderTab is decoders by x86-64 syscall number, built at the
	// first decoding (after every init has registered its decoders):
	// an index costs less than hashing the name, call after call.
	decoderTab []decoderSlot
)

// decoderOf returns the decoder of x86-64 syscall e (nil f if none).
func decoderOf(e *sysent.Entry) decoderSlot {
	decoderTabOnce.Do(buildDecoderTab)
	if e.Nr >= len(decoderTab) {
		return decoderSlot{}
	}
	return decoderTab[e.Nr]
}

// buildDecoderTab fills decoderTab from decoders.
func buildDecoderTab() {
	tab := make([]decoderSlot, sysent.Max())
	for nr := range tab {
		if e := sysent.Lookup(uint64(nr)); e != nil {
			tab[nr] = decoderSlot{decoders[e.Name], entryOnly[e.Name]}
		}
	}
	decoderTab = tab
}

func register(name string, f func(d *dec)) {
	if _, dup := decoders[name]; dup {
		panic("decode: two decoders for " + name)
	}
	decoders[name] = f
}

// registerIn registers the decoder of a syscall whose arguments are all
// shown at entry and whose result is shown as its table entry says: it
// adds no argument at exit and sets neither retFmt nor Ret.Aux, so a
// decoding that only wants the exit's part (partExit) need not run it.
func registerIn(name string, f func(d *dec)) {
	register(name, f)
	entryOnly[name] = true
}

// Syscall decodes a syscall from its entry and exit events. Either may be
// nil: the exit of a call that never returned (the task died, or the trace
// ended), or the entry of a call already under way when tracing began.
func Syscall(entry, exit *format.Event, o *Options) *Call {
	return decodeInto(new(Call), new(dec), entry, exit, o, partAll)
}

// decodeInto is Syscall decoding into c with the decoder state d, both
// reused from an earlier call: c's argument slices keep their memory, so a
// caller that decodes call after call (the Printer) does not allocate
// them again. The Values of c's previous decoding are dropped. The
// arguments outside part may be left nil (partEntry applies to a decoding
// of the entry alone, partExit to one of both events).
func decodeInto(c *Call, d *dec, entry, exit *format.Event, o *Options, part callPart) (call *Call) {
	defer func() {
		if r := recover(); r != nil {
			// A decoder bug must not take the trace (and, live, the
			// traced program) down: show the call raw instead.
			call = rawCall(entry, exit, o)
			call.Err = fmt.Sprint(r)
		}
	}()
	// Field by field: cheaper than assigning whole structs.
	c.Nr, c.Name, c.Arch, c.NEntry, c.HasExit, c.Unknown, c.Err = 0, "", 0, 0, false, false, ""
	c.Ret = Ret{}
	c.Args, c.Names, c.strs, c.flagSets = c.Args[:0], c.Names[:0], c.strs[:0], c.flagSets[:0]
	c.flagNames, c.structs, c.fields, c.values = c.flagNames[:0], c.structs[:0], c.fields[:0], c.values[:0]
	c.nums, c.seqs, c.comments = c.nums[:0], c.seqs[:0], c.comments[:0]
	d.c, d.o, d.ent, d.args, d.in, d.out = c, o, nil, [6]uint64{}, nil, nil
	d.exit, d.ret, d.failed, d.done, d.retFmt, d.raw = false, 0, false, false, nil, false
	d.part = partAll
	switch {
	case part == partEntry && entry != nil && exit == nil, part == partExit && entry != nil && exit != nil:
		d.part = part
	}
	var arch uint32
	switch {
	case entry != nil:
		c.Nr, arch, d.args, d.in = entry.Nr, entry.Arch, entry.Args, entry.Mem
	case exit != nil:
		c.Nr, arch = exit.Nr, exit.Arch
	}
	c.Arch = arch
	d.kvmExit = 0
	if exit != nil {
		d.exit = true
		d.out = exit.Mem
		d.ret = exit.Ret
		d.failed = exit.IsError
		d.kvmExit = exit.KVMExit
		c.HasExit = true
	}
	if arch == format.ArchI386 {
		d.i386Call()
	} else if c.Nr&sysent.X32Bit != 0 && c.Nr < 1<<32 {
		d.x32(c.Nr &^ sysent.X32Bit)
	} else {
		d.ent = sysent.Lookup(c.Nr)
		switch {
		case d.ent == nil:
			d.unknown()
		default:
			c.Name = d.ent.Name
			if entry == nil {
				d.split()
			} else if o.RawCall != nil && o.RawCall(c.Nr, arch) {
				// -e raw=: the arguments in hexadecimal, as for a
				// syscall without a decoder, and the result too.
				d.raw = true
				d.generic(d.ent.NArgs)
			} else if dc := decoderOf(d.ent); dc.f != nil {
				if d.part != partExit || !dc.entryOnly {
					dc.f(d)
				}
			} else if d.ent.Typed() {
				d.typed()
			} else {
				d.generic(d.ent.NArgs)
			}
		}
	}
	d.split()
	if exit != nil {
		d.result()
	} else {
		c.Ret = Ret{Kind: RetUnknown}
	}
	return c
}

// unknown decodes a call no table names, as strace shows it:
// syscall_0xNR with six raw arguments.
func (d *dec) unknown() {
	d.c.Name = "syscall_" + hexStr(d.c.Nr)
	d.c.Unknown = true
	d.generic(6)
}

// rawCall decodes a call without its decoder: name and raw arguments.
func rawCall(entry, exit *format.Event, o *Options) *Call {
	c := &Call{}
	d := &dec{c: c, o: o}
	if entry != nil {
		c.Nr, c.Arch, d.args = entry.Nr, entry.Arch, entry.Args
	} else if exit != nil {
		c.Nr, c.Arch = exit.Nr, exit.Arch
	}
	c.Name = "syscall_" + hexStr(c.Nr)
	if e := sysent.Lookup(c.Nr); e != nil && c.Arch == format.ArchX86_64 {
		c.Name = e.Name
		d.generic(e.NArgs)
	} else {
		d.generic(6)
	}
	d.split()
	if exit != nil {
		c.HasExit = true
		d.exit, d.ret, d.failed = true, exit.Ret, exit.IsError
		d.result()
	} else {
		c.Ret = Ret{Kind: RetUnknown}
	}
	return c
}

// x32 decodes a call of the x32 ABI as strace does: by its name in the
// x32 table, with the x86-64 decoder of the same name ("NAME#64" slots,
// which are x86-64-only, with raw arguments), or as syscall_0x4000xxxx.
// The recorder copies no memory for these calls, so pointers show as
// addresses.
func (d *dec) x32(nr uint64) {
	c := d.c
	name, nargs, ok := sysent.LookupX32(nr)
	if !ok {
		d.unknown()
		return
	}
	c.Name = name
	if n, found := sysent.ByName(name); found && !strings.HasSuffix(name, "#64") {
		d.ent = sysent.Lookup(uint64(n))
		if f := decoderOf(d.ent).f; f != nil {
			f(d)
			return
		}
		if d.ent.Typed() {
			d.typed()
			return
		}
	}
	d.generic(nargs)
}

// generic shows n arguments in hexadecimal, as strace does for a syscall it
// has no decoder for.
func (d *dec) generic(n int) {
	for i := 0; i < n; i++ {
		d.add("", Hex(d.args[i]))
	}
}

// typed shows each argument by its type in the table.
func (d *dec) typed() {
	for i := range d.ent.Args {
		a := &d.ent.Args[i]
		if isOut(a.Type) {
			d.split()
		}
		if !d.wanted() {
			d.add(a.Name, nil)
			continue
		}
		d.add(a.Name, d.typedArg(a, i))
	}
}

func isOut(t sysent.Type) bool {
	return t == sysent.BufOut || t == sysent.StructOut
}

func (d *dec) typedArg(a *sysent.Arg, i int) Value {
	v := d.args[i]
	switch a.Type {
	case sysent.Int:
		return d.intV(int64(int32(v)))
	case sysent.Pid:
		return d.pidArg(i)
	case sysent.Fd:
		return d.fdV(int32(v))
	case sysent.Uint:
		return d.uintV(uint64(uint32(v)))
	case sysent.Long:
		return d.intV(int64(v))
	case sysent.Ulong:
		return d.uintV(v)
	case sysent.Hex:
		return d.hexV(v)
	case sysent.Oct:
		return d.number(numOct, uint64(uint32(v)))
	case sysent.Ptr:
		return d.addrV(v)
	case sysent.DirFd:
		return dirfd(v)
	case sysent.Signo:
		return sigValue(int64(int32(v)))
	case sysent.Flags:
		// strace's printflags and printxval take an unsigned int: the
		// upper half of the register is not shown. Syscalls with 64-bit
		// flags have decoders of their own.
		return d.flags(a.Tab, uint64(uint32(v)), a.Tab.Dflt)
	case sysent.Enum:
		return enumOf(a.Tab, uint64(uint32(v)), a.Tab.Dflt)
	case sysent.Path:
		return d.path(v)
	case sysent.Str:
		return d.cstr(v)
	case sysent.BufIn:
		return d.buf(d.in, v, d.args[a.Len])
	case sysent.BufOut:
		if !d.exit {
			return nil
		}
		if d.failed {
			return d.addrV(v)
		}
		return d.buf(d.out, v, uint64(d.ret))
	case sysent.StructIn:
		return d.structAt(d.in, a, v)
	case sysent.StructOut:
		if !d.exit {
			return nil
		}
		if d.failed {
			return d.addrV(v)
		}
		return d.structAt(d.out, a, v)
	}
	return Hex(v)
}

func dirfd(v uint64) Value {
	if int32(v) == -100 {
		return Cwd{}
	}
	return Fd(int32(v))
}

// path shows a path argument captured at entry.
func (d *dec) path(addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	s, term, ok := d.in.String(addr)
	if !ok || (!term && len(s) == 0) {
		return Addr(addr)
	}
	if !term && len(s) < sysent.DefaultPathMax-1 {
		// It ran into unreadable memory before a NUL.
		return Addr(addr)
	}
	if len(s) > sysent.DefaultPathMax-1 {
		s = s[:sysent.DefaultPathMax-1]
	}
	return d.str(Str{B: s, Kind: StrPath, Term: term, Addr: addr})
}

// cstr shows a NUL-terminated string argument captured in m.
func (d *dec) cstrIn(m Mem, addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	s, term, ok := m.String(addr)
	if !ok {
		return Addr(addr)
	}
	limited := false
	if r := m.stringRegion(addr); r != nil && !term {
		limited = r.Flags&(format.MemPartial|format.MemFault|format.MemPeeked) == 0
	}
	return d.str(Str{B: s, Kind: StrC, Term: term, Avail: len(s), Addr: addr, Limited: limited})
}

func (d *dec) cstr(addr uint64) Value { return d.cstrIn(d.in, addr) }

// buf shows a counted buffer of length n captured in m.
func (d *dec) buf(m Mem, addr uint64, n uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	r, ok := m.Region(addr)
	if !ok {
		if n == 0 {
			return &Str{Kind: StrBuf, Addr: addr}
		}
		return Addr(addr)
	}
	if r.Flags&format.MemPeeked != 0 {
		return &Str{Kind: StrBuf, Len: n, Addr: addr}
	}
	// A capture that got all it asked for was cut by the recording's
	// limit, not by unreadable memory.
	limited := uint64(len(r.Data)) == r.Len && r.Len < n
	return d.str(Str{B: r.Data, Kind: StrBuf, Len: n, Avail: len(r.Data), Addr: addr, Limited: limited})
}

// structAt shows a structure described by a, captured in m.
func (d *dec) structAt(m Mem, a *sysent.Arg, addr uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if d.o.NotVerbose {
		// -e verbose= leaves the call out: strace shows the address.
		return Addr(addr)
	}
	size := int(a.Size)
	if size == 0 {
		size = int(d.args[a.Len])
	}
	f := structs[a.Struct]
	if f == nil {
		return Addr(addr)
	}
	b, ok := m.Bytes(addr, size)
	if !ok {
		return Addr(addr)
	}
	return f(d, b)
}

// bytesIn returns the n bytes captured at entry at addr, or, when they
// cannot be shown, the value strace shows instead: NULL or the address.
func (d *dec) bytesIn(addr uint64, n int) ([]byte, Value) {
	if addr == 0 {
		return nil, Sym("NULL")
	}
	if d.o.NotVerbose {
		return nil, Addr(addr)
	}
	b, ok := d.in.Bytes(addr, n)
	if !ok {
		return nil, Addr(addr)
	}
	return b, nil
}

// bytesOut is bytesIn for memory the call wrote, read at exit: after a
// failed call strace shows the address.
func (d *dec) bytesOut(addr uint64, n int) ([]byte, Value) {
	if addr == 0 {
		return nil, Sym("NULL")
	}
	if d.failed || d.o.NotVerbose {
		return nil, Addr(addr)
	}
	b, ok := d.out.Bytes(addr, n)
	if !ok {
		return nil, Addr(addr)
	}
	return b, nil
}

// pending adds the empty argument after which strace ends an entry line
// it will complete at exit ("name(arg, "), when the exit has not been
// seen.
func (d *dec) pending() {
	if !d.exit {
		d.add("", nil)
	}
}

// ind shows a value read through a pointer: "[v]".
func ind(v Value) Value { return &Array{Elems: []Value{v}} }

// numAt shows the int at addr in m as strace's printnum_int shows it:
// "[N]", N formatted by f; NULL, or the address when it was not captured.
func numAt(m Mem, addr uint64, f func(uint32) Value) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Bytes(addr, 4)
	if !ok {
		return Addr(addr)
	}
	return ind(f(le32(b)))
}

// signed32 and unsigned32 format an int for numAt.
func signed32(v uint32) Value   { return Int(int32(v)) }
func unsigned32(v uint32) Value { return Uint(v) }

// orAddr shows memory the call wrote: show's value, or after a failed call
// the address (strace's umove_or_printaddr at exit).
func (d *dec) orAddr(addr uint64, show func() Value) Value {
	if d.failed {
		return Addr(addr)
	}
	return show()
}

// structIn shows a structure of size bytes read at entry, with f.
func (d *dec) structIn(addr uint64, size int, f func([]byte) Value) Value {
	b, v := d.bytesIn(addr, size)
	if v != nil {
		return v
	}
	return f(b)
}

// structOut shows a structure the call wrote: nil before the exit, the
// address when the call failed or the structure could not be read.
func (d *dec) structOut(addr uint64, size int, f func([]byte) Value) Value {
	if !d.exit {
		return nil
	}
	b, v := d.bytesOut(addr, size)
	if v != nil {
		return v
	}
	return f(b)
}

// result decodes the return value.
func (d *dec) result() {
	c := d.c
	r := &c.Ret
	r.Raw = d.ret
	if d.ent != nil && d.ent.Ret == sysent.RetNone && !d.failed {
		r.Kind = RetUnknown
		return
	}
	if d.failed && d.ret < 0 && d.ret >= -4095 {
		r.Errno = int(-d.ret)
		if _, ok := restartMsgs[r.Errno]; ok && !d.raw {
			r.Kind = RetRestart
		} else {
			r.Kind = RetError
		}
		return
	}
	r.Kind = RetValue
	if d.raw {
		r.Val = d.hexV(uint64(d.ret))
		return
	}
	if d.retFmt != nil {
		r.Val = d.retFmt(d.ret)
		return
	}
	if d.ent != nil && !c.Unknown {
		switch d.ent.Ret {
		case sysent.RetHex:
			r.Val = d.hexV(uint64(d.ret))
			return
		case sysent.RetOct:
			r.Val = d.number(numOct, uint64(d.ret))
			return
		case sysent.RetFd:
			if d.ret >= 0 && d.ret <= 1<<31-1 {
				r.Val = d.fdV(int32(d.ret))
				return
			}
		}
	}
	if c.Unknown && c.Arch != format.ArchI386 && d.ent == nil {
		// strace shows the result of an unknown syscall in hexadecimal.
		r.Val = d.hexV(uint64(d.ret))
		return
	}
	if p := d.pids(); p != nil && p.Ret != sysent.PidNone && d.ent != nil {
		r.Val = pidValue(d.ret, p.Ret)
		return
	}
	r.Val = d.intV(d.ret)
}

// RenderRet returns the text after "= " for a call's return value, as
// strace prints it ("3", "-1 ENOENT (No such file or directory)", "?").
func RenderRet(r *Ret, o *Options) string {
	var b textBuf
	renderRet(&b, r, o)
	return b.String()
}

// renderRet appends the text of RenderRet to b.
func renderRet(b *textBuf, r *Ret, o *Options) {
	switch r.Kind {
	case RetUnknown:
		b.WriteString("?")
	case RetRestart:
		b.WriteString("? ")
		b.WriteString(ErrnoName(r.Errno))
		b.WriteString(" (")
		b.WriteString(restartMsgs[r.Errno])
		b.WriteString(")")
	case RetError:
		b.WriteString("-1 ")
		if n := ErrnoName(r.Errno); n != "" {
			b.WriteString(n)
			b.WriteString(" (")
			b.WriteString(ErrnoMessage(r.Errno))
			b.WriteString(")")
		} else {
			b.WriteString("(errno ")
			b.int(int64(r.Errno))
			b.WriteString(")")
		}
	case RetValue:
		r.Val.render(b, o)
	}
	if r.Aux != "" && r.Kind != RetUnknown {
		b.WriteString(" (")
		b.WriteString(r.Aux)
		b.WriteString(")")
	}
}

// renderRetNote appends the text of RenderRetNote to b.
func renderRetNote(b *textBuf, r *Ret, o *Options, note string) {
	if note == "" {
		renderRet(b, r, o)
		return
	}
	b.WriteString(RenderRetNote(r, o, note))
}

// RenderArgs writes args[from:to] separated by ", ".
func RenderArgs(b *strings.Builder, args []Value, from, to int, o *Options) {
	var t textBuf
	renderArgs(&t, args, from, to, o)
	b.Write(t.b)
}

// renderArgs appends args[from:to] separated by ", " to b.
func renderArgs(b *textBuf, args []Value, from, to int, o *Options) {
	for i := from; i < to; i++ {
		if i > from {
			b.WriteString(", ")
		}
		if args[i] == nil {
			continue
		}
		args[i].render(b, o)
	}
}

// syscallNameFor names syscall nr of an audit architecture as strace's
// si_syscall field does ("__NR_openat").
func syscallNameFor(nr uint64, arch uint32) string {
	if arch == format.ArchX86_64 {
		if e := sysent.Lookup(nr); e != nil {
			return "__NR_" + e.Name
		}
	}
	return strconv.FormatUint(nr, 10)
}
