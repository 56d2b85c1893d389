package decode

import (
	"encoding/hex"
	"io"
	"strconv"
	"strings"

	"mytrace/format"
)

// InjectPoke is one write into the tracee's memory that an -e inject=
// rule asks for (strace 6.1's poke_enter= and poke_exit=): the bytes Data
// at the address that argument Arg (1 to 7) of the call holds.
type InjectPoke struct {
	Arg  int
	Data []byte
}

// maxPokeHex is the longest hexadecimal string of one poke strace takes
// (1024 bytes).
const maxPokeHex = 2048

// parsePoke parses the value of poke_enter= (enter) or poke_exit= as
// strace 6.1's parse_poke_token does: @argN=HEX[,@argM=HEX...], N from 1
// to 7, HEX an even number of hexadecimal digits (at most 2048), each
// argument once. Empty items between commas are skipped, so "," alone is
// a rule that pokes nothing. It returns false where strace refuses.
func (r *InjectRule) parsePoke(val string, enter bool) bool {
	has, pokes := &r.HasPokeExit, &r.PokeExit
	if enter {
		has, pokes = &r.HasPokeEnter, &r.PokeEnter
	}
	if *has || val == "" {
		return false
	}
	for _, item := range strings.FieldsFunc(val, func(c rune) bool { return c == ',' }) {
		rest, ok := strings.CutPrefix(item, "@arg")
		if !ok || len(rest) < 2 || rest[0] < '1' || rest[0] > '7' || rest[1] != '=' {
			return false
		}
		arg := int(rest[0] - '0')
		hex := rest[2:]
		if len(hex) == 0 || len(hex)%2 != 0 || len(hex) > maxPokeHex {
			return false
		}
		data := make([]byte, len(hex)/2)
		for i := range data {
			b, ok := scanHexByte(hex[2*i:])
			if !ok {
				return false
			}
			data[i] = b
		}
		for _, p := range *pokes {
			if p.Arg == arg {
				return false // the same argument twice
			}
		}
		*pokes = append(*pokes, InjectPoke{Arg: arg, Data: data})
	}
	*has = true
	return true
}

// scanHexByte is sscanf(s, "%2hhx"), which strace reads each byte of a
// poke with, from the pair's first character to the end of the string:
// leading white space is skipped, then up to two characters are taken as
// an optional sign, an optional "0x" and hexadecimal digits (so "4g"
// reads as 4, and a pair's second digit may come from the next pair).
func scanHexByte(s string) (byte, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	width := 2
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
		width--
	}
	var v uint64
	digits := 0
	if width > 0 && i < len(s) && s[i] == '0' {
		// A leading zero is a digit; an "x" after it, within the width,
		// is the base prefix.
		digits++
		i++
		width--
		if width > 0 && i < len(s) && (s[i] == 'x' || s[i] == 'X') {
			i++
			width--
		}
	}
	for width > 0 && i < len(s) && isHex(s[i]) {
		v = v*16 + uint64(hexVal(s[i]))
		digits++
		i++
		width--
	}
	if digits == 0 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return byte(v), true
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// appendPokesJSON appends the "poked" and "pokes" keys of a call's
// "inject" object (docs/json.md): each write -e inject= made into the
// task's memory, at the call's entry or exit.
func appendPokesJSON(b []byte, t *format.Tamper) []byte {
	b = append(b, `,"poked":`...)
	b = strconv.AppendBool(b, t.Poked())
	b = append(b, `,"pokes":[`...)
	for i := range t.Pokes {
		p := &t.Pokes[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"at":`...)
		if p.Exit {
			b = append(b, `"exit"`...)
		} else {
			b = append(b, `"entry"`...)
		}
		b = append(b, `,"arg":`...)
		b = strconv.AppendUint(b, uint64(p.Arg), 10)
		b = append(b, `,"data":"`...)
		b = hex.AppendEncode(b, p.Data)
		b = append(b, '"')
		if p.Skipped {
			b = append(b, `,"skipped":true,"nargs":`...)
			b = strconv.AppendUint(b, uint64(p.NArgs), 10)
		} else {
			b = append(b, `,"addr":`...)
			b = strconv.AppendUint(b, p.Addr, 10)
			b = append(b, `,"written":`...)
			b = strconv.AppendUint(b, uint64(p.Written), 10)
			if p.Errno != 0 {
				if n := ErrnoName(int(p.Errno)); n != "" {
					b = append(b, `,"errno":`...)
					b = AppendJSONString(b, n)
				}
			}
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// pokeMessages are strace's complaints about the pokes of a call that
// could not be made ("poke_tcb: Failed to tamper with process 123:
// couldn't poke"), those of its entry or (exit) its exit, in the order
// they were tried; name is the call's.
func pokeMessages(tid int32, name string, t *format.Tamper, exit bool) []string {
	var out []string
	for i := range t.Pokes {
		p := &t.Pokes[i]
		if p.Exit != exit {
			continue
		}
		head := "poke_tcb: Failed to tamper with process " + strconv.Itoa(int(tid)) + ": "
		switch {
		case p.Skipped:
			out = append(out, head+"requested to tamper with argument #"+strconv.Itoa(int(p.Arg))+
				", but system call '"+name+"' has only "+strconv.Itoa(int(p.NArgs))+" arguments")
		case p.Written == 0:
			out = append(out, head+"couldn't poke")
		}
	}
	return out
}

// pokeDiag says which pokes of a call's entry or (exit) exit could not be
// made, as strace does on stderr while it traces the call.
func (p *Printer) pokeDiag(tid int32, name string, e *format.Event, exit bool) {
	if e == nil || e.Tamper.Flags&format.TamperPoke == 0 {
		return
	}
	for _, m := range pokeMessages(tid, name, &e.Tamper, exit) {
		switch {
		case p.o.Messages:
			p.message(m)
		case p.o.Diag != nil:
			io.WriteString(p.o.Diag, p.o.Program+": "+m+"\n")
		}
	}
}
