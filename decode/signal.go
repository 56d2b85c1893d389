package decode

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"strings"

	"mytrace/tables"
)

const (
	sigRTMin = 32
	sigRTMax = 64
)

// SignalName returns strace's name for signal sig: "SIGINT", "SIGRT_3", or
// the number when it has no name.
func SignalName(sig int) string {
	if sig > 0 && sig < len(tables.Signals) {
		return tables.Signals[sig]
	}
	if sig > sigRTMin && sig <= sigRTMax {
		return "SIGRT_" + strconv.Itoa(sig-sigRTMin)
	}
	return strconv.Itoa(sig)
}

// SignalByName returns the number of a signal named with or without the
// SIG prefix, or given as a number.
func SignalByName(name string) (int, bool) {
	if n, err := strconv.Atoi(name); err == nil && n > 0 && n <= sigRTMax {
		return n, true
	}
	up := strings.ToUpper(name)
	if !strings.HasPrefix(up, "SIG") {
		up = "SIG" + up
	}
	for i, s := range tables.Signals {
		if i > 0 && s == up {
			return i, true
		}
	}
	if rest, ok := strings.CutPrefix(up, "SIGRT_"); ok {
		if n, err := strconv.Atoi(rest); err == nil && n > 0 && sigRTMin+n <= sigRTMax {
			return sigRTMin + n, true
		}
	}
	return 0, false
}

// sigValue shows a signal number argument.
func sigValue(sig int64) Value {
	if sig > 0 && sig <= sigRTMax {
		return Named{V: Int(sig), Name: SignalName(int(sig))}
	}
	return Int(sig)
}

// SigsetString formats a signal mask of n bytes as strace does: "[INT
// TERM]", or "~[KILL STOP]" when two thirds or more of the bits are set.
func SigsetString(mask []byte) string { return sigsetText(mask, StyleAbbrev) }

// Sigset is a signal mask shown as strace shows it: "[INT TERM]", with
// -X raw "[2 15]", with -X verbose "[2 /* INT */ 15 /* TERM */]".
type Sigset struct {
	m [sigsetBytes]byte // a copy: the decoder's buffers are reused
	n uint8
}

// newSigset holds a mask of up to 8 bytes.
func newSigset(b []byte) Sigset {
	var s Sigset
	s.n = uint8(copy(s.m[:], b))
	return s
}

func (s Sigset) render(b *textBuf, o *Options) { b.WriteString(sigsetText(s.m[:s.n], o.Style)) }

func (s Sigset) appendJSON(b []byte, _ *Options) []byte {
	return AppendJSONString(b, SigsetString(s.m[:s.n]))
}

func sigsetText(mask []byte, style ConstStyle) string {
	if len(mask) > 8 {
		mask = mask[:8]
	}
	words := (len(mask) + 3) / 4
	var m [2]uint32
	var tmp [8]byte
	copy(tmp[:], mask)
	m[0] = binary.LittleEndian.Uint32(tmp[0:])
	m[1] = binary.LittleEndian.Uint32(tmp[4:])
	pop := 0
	for i := 0; i < words; i++ {
		pop += bits.OnesCount32(m[i])
	}
	var b strings.Builder
	if pop >= words*32*2/3 {
		for i := 0; i < words; i++ {
			m[i] = ^m[i]
		}
		b.WriteByte('~')
	}
	sep := byte('[')
	for i := 0; i < words*32; i++ {
		if m[i/32]&(1<<(i%32)) == 0 {
			continue
		}
		sig := i + 1
		b.WriteByte(sep)
		sep = ' '
		name := ""
		switch {
		case sig < len(tables.Signals):
			name = tables.Signals[sig][3:]
		case sig > sigRTMin && sig <= sigRTMax:
			name = "RT_" + strconv.Itoa(sig-sigRTMin)
		}
		switch {
		case style == StyleAbbrev:
			b.WriteString(name)
		case style == StyleRaw || name == "":
			b.WriteString(strconv.Itoa(sig))
		default:
			b.WriteString(strconv.Itoa(sig) + " /* " + name + " */")
		}
	}
	if sep == '[' {
		b.WriteByte('[')
	}
	b.WriteByte(']')
	return b.String()
}

// psSigset shows a signal set of n bytes at addr, captured in m, as
// strace's print_sigset_addr_len: the address when n is not between
// minLen and 8 bytes or the set could not be read.
func psSigset(m Mem, addr, n, minLen uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	if n < minLen || n > sigsetBytes {
		return Addr(addr)
	}
	b, ok := m.Bytes(addr, int(n))
	if !ok {
		return Addr(addr)
	}
	return newSigset(b)
}

// sigsetBytes is the size of the kernel's sigset_t on x86-64.
const sigsetBytes = 8
