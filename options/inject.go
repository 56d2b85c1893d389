package options

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/sysent"
)

// InjectForever is InjectRule.Last when when= gives no last call.
const InjectForever = 0xffff

// InjectRule is one -e inject= or -e fault= expression: which syscalls
// to tamper with, what to do to them, and on which of their calls.
type InjectRule struct {
	Expr string      // as given, for messages
	Set  *SyscallSet // the calls it applies to (the same syntax as trace=)
	// Error is the errno the call fails with (0: none); Retval, with
	// HasRetval, the value it returns. Either way the kernel does not run
	// the call (or runs Syscall instead).
	Error     int
	Retval    uint64
	HasRetval bool
	// Signal is sent to the task as the call runs (0: none).
	Signal int
	// DelayEnter and DelayExit hold the task before and after the call,
	// when HasDelayEnter and HasDelayExit.
	DelayEnter, DelayExit       time.Duration
	HasDelayEnter, HasDelayExit bool
	// Syscall, when not negative, is the x86-64 number of the syscall the
	// kernel runs instead (syscall=NAME, a syscall of the "pure" class);
	// SyscallI386 is its i386 number.
	Syscall, SyscallI386 int
	// First, Last and Step are strace's when=: counting each task's calls
	// of each syscall from 1, the rule applies to call First, then every
	// Step calls (Step 0: only once) up to call Last (InjectForever: no
	// end).
	First, Last, Step int
	// Warning is strace's remark about the rule, to print once ("Inadvertent
	// injection of error 1 is possible for retval=18446744073709551615").
	Warning string
	// PokeEnter and PokeExit are the writes into the tracee's memory that
	// poke_enter= and poke_exit= ask for at the call's entry and exit
	// (inject_poke.go); HasPokeEnter and HasPokeExit say the key was given
	// (strace accepts "poke_enter=," which pokes nothing).
	PokeEnter, PokeExit       []InjectPoke
	HasPokeEnter, HasPokeExit bool
}

// ErrBadInject reports an -e inject= or -e fault= expression strace would
// refuse; the errors ParseInject returns for one are InjectErrors.
var ErrBadInject = errors.New("invalid inject argument")

// InjectError is an expression strace would refuse: "invalid inject
// argument 'openat:when=0'".
type InjectError struct {
	Fault bool   // it was -e fault=
	Expr  string // as given
}

func (e *InjectError) Error() string {
	what := "inject"
	if e.Fault {
		what = "fault"
	}
	return "invalid " + what + " argument '" + e.Expr + "'"
}

// Is makes errors.Is(err, ErrBadInject) true.
func (e *InjectError) Is(target error) bool { return target == ErrBadInject }

// ParseInject parses the value of -e inject= (fault false) or -e fault=
// (fault true), as strace 6.1 does: SET[:error=ERRNO|:retval=VALUE]
// [:signal=SIG][:syscall=NAME][:delay_enter=DELAY][:delay_exit=DELAY]
// [:poke_enter=@argN=HEX,...][:poke_exit=@argN=HEX,...][:when=EXPR].
// fault= takes only error=, syscall= and when=, and fails the call with
// ENOSYS when no error is given. DELAY is in microseconds,
// or a number with a unit (s, ms, us, ns), possibly with a fraction or an
// exponent. The error names the expression as strace does ("invalid
// inject argument 'openat:when=0'", "invalid system call 'nosuch'").
func ParseInject(expr string, fault bool) (*InjectRule, error) {
	bad := func() error { return &InjectError{Fault: fault, Expr: expr} }
	r := &InjectRule{Expr: expr, First: 1, Last: InjectForever, Step: 1, Syscall: -1, SyscallI386: -1}
	name := ""
	if expr != "" && expr[0] != ':' {
		// strtok: empty tokens between colons are skipped.
		toks := strings.FieldsFunc(expr, func(c rune) bool { return c == ':' })
		name = toks[0]
		for _, tok := range toks[1:] {
			if !r.token(tok, fault) {
				return nil, bad()
			}
		}
	}
	set, err := ParseTraceSet(name)
	if err != nil {
		return nil, err
	}
	r.Set = set
	if r.Error == 0 && !r.HasRetval && r.Signal == 0 && !r.HasDelayEnter && !r.HasDelayExit && !r.HasPokeEnter && !r.HasPokeExit {
		if !fault {
			return nil, bad()
		}
		r.Error = 38 // ENOSYS
	}
	if r.HasRetval {
		if v := int64(r.Retval); v < 0 && v >= -4095 {
			r.Warning = fmt.Sprintf("Inadvertent injection of error %d is possible for retval=%d", -v, r.Retval)
		}
	}
	return r, nil
}

// token parses one KEY=VALUE of an expression; false if strace would
// refuse it.
func (r *InjectRule) token(tok string, fault bool) bool {
	key, val, ok := strings.Cut(tok, "=")
	if !ok {
		return false
	}
	switch {
	case key == "when":
		return r.parseWhen(val)
	case key == "syscall":
		if r.Syscall >= 0 {
			return false
		}
		nr, ok := sysent.ByName(val)
		if !ok {
			return false
		}
		if e := sysent.Lookup(uint64(nr)); e == nil || e.Class&sysent.Pure == 0 {
			return false
		}
		i386 := i386Number(val)
		if i386 < 0 {
			return false
		}
		r.Syscall, r.SyscallI386 = nr, i386
	case key == "error":
		if r.Error != 0 || r.HasRetval {
			return false
		}
		n, ok := cUint(val, 4095)
		if !ok {
			n, ok = int64(-1), false
			if e, found := decode.ErrnoByName(strings.ToUpper(val)); found {
				n, ok = int64(e), true
			}
		}
		if !ok || n < 1 {
			return false
		}
		r.Error = int(n)
	case key == "retval" && !fault:
		if r.Error != 0 || r.HasRetval {
			return false
		}
		v, ok := Strtoull(val)
		if !ok {
			return false
		}
		r.Retval, r.HasRetval = v, true
	case key == "signal" && !fault:
		if r.Signal != 0 {
			return false
		}
		sig := -1
		switch {
		case val != "" && val[0] >= '0' && val[0] <= '9':
			if n, ok := cUint(val, 255); ok {
				sig = int(n)
			}
		case val != "" && val[0] != '+' && val[0] != '-':
			// A name, with or without "SIG", in any case.
			if n, ok := decode.SignalByName(val); ok {
				sig = n
			}
		}
		if sig < 1 || sig > 64 {
			return false
		}
		r.Signal = sig
	case (key == "delay_enter" || key == "delay_exit") && !fault:
		d, ok := parseDelay(val)
		if !ok {
			return false
		}
		if key == "delay_enter" {
			if r.HasDelayEnter {
				return false
			}
			r.DelayEnter, r.HasDelayEnter = d, true
		} else {
			if r.HasDelayExit {
				return false
			}
			r.DelayExit, r.HasDelayExit = d, true
		}
	case (key == "poke_enter" || key == "poke_exit") && !fault:
		return r.parsePoke(val, key == "poke_enter")
	default:
		return false
	}
	return true
}

// parseWhen parses when=: F, F+, F+S, F..L, F..L+ or F..L+S (strace's
// syntax, each number 1 to 65535).

func (r *InjectRule) parseWhen(val string) bool {
	first, rest, ok := cUintPrefix(val, 0xffff)
	if !ok || first < 1 || (rest != "" && rest[0] != '+' && rest[0] != '.') {
		return false
	}
	r.First, r.Last = int(first), InjectForever
	if strings.HasPrefix(rest, ".") {
		if !strings.HasPrefix(rest, "..") {
			return false
		}
		last, rest2, ok := cUintPrefix(rest[2:], 0xffff)
		if !ok || (rest2 != "" && rest2[0] != '+') || last < first || last == InjectForever {
			return false
		}
		r.Last, rest = int(last), rest2
	}
	switch {
	case rest == "" && r.Last == InjectForever:
		r.Step = 0 // F: that call only
	case rest == "", rest == "+":
		r.Step = 1
	default:
		step, ok := cUint(rest[1:], 0xffff)
		if !ok || step < 1 {
			return false
		}
		r.Step = int(step)
	}
	return true
}

// cUintPrefix parses a decimal number at the start of s as strtoll does
// (an optional sign, digits), refusing negative numbers and numbers over
// max; it returns what follows.
func cUintPrefix(s string, max int64) (int64, string, bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		return 0, s, false
	}
	n, err := strconv.ParseInt(s[i:j], 10, 64)
	if err != nil || (neg && n != 0) || n > max {
		return 0, s, false
	}
	return n, s[j:], true
}

// cUint parses a whole string as a decimal number from 0 to max.
func cUint(s string, max int64) (int64, bool) {
	n, rest, ok := cUintPrefix(s, max)
	return n, ok && rest == ""
}

// Strtoull parses a whole string as strtoull(s, &end, 0) does: decimal,
// 0x hexadecimal or 0 octal, with an optional sign (a negative number
// wraps around); false on overflow.
func Strtoull(s string) (uint64, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	base := 10
	switch {
	case len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") && isHex(s[2]):
		base, s = 16, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, s = 8, s[1:]
	}
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	v, err := strconv.ParseUint(s, base, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// parseDelay parses a delay as strace's parse_ts: a number of
// microseconds, or with a unit (s, ms, us, ns); a fraction or an exponent
// makes it a floating-point number.
func parseDelay(s string) (time.Duration, bool) {
	const floatChars, intChars = "eE.-+0123456789", "+0123456789"
	flen := len(s) - len(strings.TrimLeft(s, floatChars))
	ilen := len(s) - len(strings.TrimLeft(s, intChars))
	var num, unit string
	isFloat := flen > ilen
	if isFloat {
		num, unit = s[:flen], s[flen:]
	} else {
		n, rest, ok := cUintPrefix(s, math.MaxInt64)
		if !ok || (rest != "" && !strings.ContainsRune("smun", rune(rest[0]))) {
			return 0, false
		}
		num, unit = strconv.FormatInt(n, 10), rest
	}
	var scale int64 // ns per unit
	switch unit {
	case "", "us":
		scale = 1000
	case "s":
		scale = 1e9
	case "ms":
		scale = 1e6
	case "ns":
		scale = 1
	default:
		return 0, false
	}
	perSec := 1e9 / scale
	if isFloat {
		f, err := strconv.ParseFloat(num, 64)
		if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return 0, false
		}
		sec := math.Trunc(f / float64(perSec))
		nsec := uint64((f-sec*float64(perSec))*float64(scale)) % 1e9
		if sec >= float64(math.MaxInt64/1e9) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(sec)*time.Second + time.Duration(nsec), true
	}
	n, _ := strconv.ParseInt(num, 10, 64)
	sec, nsec := n/perSec, n%perSec*scale
	if sec >= math.MaxInt64/int64(time.Second) {
		return time.Duration(math.MaxInt64), true
	}
	return time.Duration(sec)*time.Second + time.Duration(nsec), true
}

// i386Number returns the i386 number of the syscall called name, or -1.
func i386Number(name string) int {
	for nr := 0; nr < 512; nr++ {
		if n, _, ok := sysent.LookupI386(uint64(nr)); ok && n == name {
			return nr
		}
	}
	return -1
}

// Matches reports whether the rule applies to syscall nr of arch. Unlike
// SyscallSet.Has, numbers no table knows are never in it: strace tampers
// only with the syscalls its tables list.
func (r *InjectRule) Matches(nr uint64, arch uint32) bool {
	switch {
	case arch == format.ArchI386:
		name, _, ok := sysent.LookupI386(nr)
		if !ok {
			return false
		}
		if x, ok := sysent.ByName(name); ok {
			return r.Set.in[x]
		}
		return r.Set.any
	case arch != format.ArchX86_64:
		return false
	case nr&sysent.X32Bit != 0 && nr < 1<<32:
		name, _, ok := sysent.LookupX32(nr &^ sysent.X32Bit)
		if !ok {
			return false
		}
		if x, ok := sysent.ByName(name); ok {
			return r.Set.in[x]
		}
		return r.Set.any
	}
	return nr < uint64(sysent.Max()) && r.Set.in[nr]
}

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
