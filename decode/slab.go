package decode

// Values of the printer's decodings held in the call's slabs rather than
// boxed one by one (issue 19: print's speed): numbers, sequences and
// commented values.

// numKind is the Value type a num is shown as.
type numKind uint8

// Number kinds.
const (
	numInt  numKind = iota // Int
	numUint                // Uint
	numHex                 // Hex
	numOct                 // Oct
	numAddr                // Addr
	numFd                  // Fd
	numMode                // Mode
)

// num is a number held in a call's slab (Call.nums) and shown as the
// Value of its kind (Int, Uint, Hex, Oct, Addr, Fd or Mode). The
// printer's decodings of a part of a call (partEntry, partExit), whose
// Values are only rendered, hold their numbers so: putting a number of
// 256 or more in an interface allocates it, and most calls have such
// numbers. Other decodings, whose Values callers may inspect (Walk,
// JSON, package report), hold the Values themselves (Int, Hex...).
type num struct {
	v    uint64
	kind numKind
}

// value returns n as the Value of its kind.
func (n *num) value() Value {
	switch n.kind {
	case numUint:
		return Uint(n.v)
	case numHex:
		return Hex(n.v)
	case numOct:
		return Oct(n.v)
	case numAddr:
		return Addr(n.v)
	case numFd:
		return Fd(int32(n.v))
	case numMode:
		return Mode(n.v)
	}
	return Int(int64(n.v))
}

func (n *num) render(b *textBuf, o *Options) {
	switch n.kind {
	case numUint:
		Uint(n.v).render(b, o)
	case numHex:
		Hex(n.v).render(b, o)
	case numOct:
		Oct(n.v).render(b, o)
	case numAddr:
		Addr(n.v).render(b, o)
	case numFd:
		Fd(int32(n.v)).render(b, o)
	case numMode:
		Mode(n.v).render(b, o)
	default:
		Int(int64(n.v)).render(b, o)
	}
}

func (n *num) appendJSON(b []byte, o *Options) []byte { return n.value().appendJSON(b, o) }

// number returns v as a Value of kind k: the Value itself, or for the
// printer's decodings a num from the call's slab when boxing v would
// allocate.
func (d *dec) number(k numKind, v uint64) Value {
	n := num{v: v, kind: k}
	if d.part == partAll || v < 256 {
		// (Go boxes numbers below 256 without allocating.)
		return n.value()
	}
	c := d.c
	if len(c.nums) == cap(c.nums) {
		// A new slab; the nums handed out from the old one stay valid.
		c.nums = make([]num, 0, 16)
	}
	c.nums = append(c.nums, n)
	return &c.nums[len(c.nums)-1]
}

// Shorthands of number for each kind.
func (d *dec) intV(v int64) Value   { return d.number(numInt, uint64(v)) }
func (d *dec) uintV(v uint64) Value { return d.number(numUint, v) }
func (d *dec) hexV(v uint64) Value  { return d.number(numHex, v) }
func (d *dec) addrV(v uint64) Value { return d.number(numAddr, v) }
func (d *dec) fdV(fd int32) Value   { return d.number(numFd, uint64(fd)) }
func (d *dec) modeV(m uint32) Value { return d.number(numMode, uint64(m)) }

// seqV returns s as a Value: s itself, or for the printer's decodings a
// Seq of the call's slab (converting a slice to an interface allocates).
// Only for a value that goes to the call's arguments as it is: decoders
// that look into a Value they made expect a Seq.
func (d *dec) seqV(s Seq) Value {
	if d.part == partAll {
		return s
	}
	c := d.c
	if len(c.seqs) == cap(c.seqs) {
		c.seqs = make([]Seq, 0, 4)
	}
	c.seqs = append(c.seqs, s)
	return &c.seqs[len(c.seqs)-1]
}

// commentedV returns v commented with text as a Value: a Commented, or
// for the printer's decodings one of the call's slab. Like seqV, only for
// a value that goes to the call's arguments as it is.
func (d *dec) commentedV(v Value, text string) Value {
	if d.part == partAll {
		return Commented{v, text}
	}
	c := d.c
	if len(c.comments) == cap(c.comments) {
		c.comments = make([]Commented, 0, 4)
	}
	c.comments = append(c.comments, Commented{v, text})
	return &c.comments[len(c.comments)-1]
}
