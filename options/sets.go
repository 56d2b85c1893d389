package options

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/sysent"
)

// SyscallSet is a set of x86-64 syscall numbers, as chosen by strace's
// -e trace= expression.
type SyscallSet struct {
	in  [1024]bool
	any bool // the set takes in what it does not name ("all", negations)
}

// Has reports whether syscall nr of arch is in the set. As with strace,
// numbers no table knows are always in it. Calls of the x32 and i386 ABIs
// follow the x86-64 syscall of the same name; those with a name of their
// own ("rt_sigaction#64", "socketcall") are in it only for sets such as
// "all" or "!write" that take in what they do not name.
func (s *SyscallSet) Has(nr uint64, arch uint32) bool {
	name := ""
	switch {
	case arch == format.ArchI386:
		n, _, ok := sysent.LookupI386(nr)
		if !ok {
			return true
		}
		name = n
	case nr&sysent.X32Bit != 0 && nr < 1<<32:
		n, _, ok := sysent.LookupX32(nr &^ sysent.X32Bit)
		if !ok {
			return true
		}
		name = n
	default:
		if nr >= uint64(len(s.in)) || sysent.Lookup(nr) == nil {
			return true
		}
		return s.in[nr]
	}
	if x, ok := sysent.ByName(name); ok {
		return s.in[x]
	}
	return s.any
}

var classes = map[string]sysent.Class{
	"file": sysent.File, "desc": sysent.Desc, "process": sysent.Process,
	"network": sysent.Network, "net": sysent.Network, "signal": sysent.Signal,
	"ipc": sysent.IPC, "memory": sysent.Memory, "creds": sysent.Creds,
	"clock": sysent.Clock, "stat": sysent.Stat, "lstat": sysent.Lstat,
	"fstat": sysent.Fstat, "%stat": sysent.StatLike, "statfs": sysent.Statfs,
	"fstatfs": sysent.Fstatfs, "%statfs": sysent.StatfsLike, "pure": sysent.Pure,
}

// ErrBadSyscall reports a name in a trace expression that is no syscall.
var ErrBadSyscall = errors.New("invalid system call")

// ParseTraceSet parses the value of strace's -e trace=: a comma list of
// syscall names, %classes, /regular expressions, "all" or "none"; a
// leading "!" negates the whole set; a "?" before an element ignores it if
// it matches nothing.
func ParseTraceSet(expr string) (*SyscallSet, error) {
	s := &SyscallSet{}
	neg := false
	if strings.HasPrefix(expr, "!") {
		neg, expr = true, expr[1:]
	}
	max := sysent.Max()
	for _, tok := range strings.Split(expr, ",") {
		optional := false
		if strings.HasPrefix(tok, "?") {
			optional, tok = true, tok[1:]
		}
		matched := false
		switch {
		case tok == "all":
			for i := range s.in {
				s.in[i] = true
			}
			s.any, matched = true, true
		case tok == "none":
			matched = true
		case strings.HasPrefix(tok, "%"):
			c, ok := classes[tok[1:]]
			if !ok {
				if optional {
					continue
				}
				return nil, fmt.Errorf("%w '%s'", ErrBadSyscall, tok)
			}
			for nr := 0; nr < max; nr++ {
				if e := sysent.Lookup(uint64(nr)); e != nil && e.Class&c != 0 {
					s.in[nr], matched = true, true
				}
			}
			matched = true
		case strings.HasPrefix(tok, "/"):
			re, err := regexp.Compile(tok[1:])
			if err != nil {
				return nil, fmt.Errorf("invalid regular expression '%s': %w", tok[1:], err)
			}
			for nr := 0; nr < max; nr++ {
				if e := sysent.Lookup(uint64(nr)); e != nil && re.MatchString(e.Name) {
					s.in[nr], matched = true, true
				}
			}
			matched = true
		default:
			if nr, ok := sysent.ByName(tok); ok {
				s.in[nr], matched = true, true
			} else if n, ok := parseSyscallNumber(tok); ok {
				s.in[n], matched = true, true
			}
		}
		if !matched && !optional {
			return nil, fmt.Errorf("%w '%s'", ErrBadSyscall, tok)
		}
	}
	if neg {
		for i := range s.in {
			s.in[i] = !s.in[i]
		}
		s.any = !s.any
	}
	return s, nil
}

func parseSyscallNumber(tok string) (int, bool) {
	n := 0
	if tok == "" {
		return 0, false
	}
	for _, c := range tok {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
		if n >= 1024 {
			return 0, false
		}
	}
	return n, true
}

// TokenSet is a set of small numbers chosen by one of strace's -e
// qualifiers other than trace=: a comma list of names, "all" or "none", and
// a leading "!" to negate.
type TokenSet struct {
	in  map[int]bool
	neg bool
}

// Has reports whether n is in the set.
func (s *TokenSet) Has(n int) bool { return s.in[n] != s.neg }

// ErrBadToken reports a name a qualifier does not know.
var ErrBadToken = errors.New("invalid")

// parseTokens parses a token list as strace's qualify_tokens, with a
// function naming its tokens: each leading "!" negates, "all" and "none"
// stand alone, and empty tokens are skipped.
func parseTokens(qual, expr string, lookup func(string) (int, bool)) (*TokenSet, error) {
	s := &TokenSet{in: map[int]bool{}}
	for strings.HasPrefix(expr, "!") {
		s.neg, expr = !s.neg, expr[1:]
	}
	switch expr {
	case "none":
		return s, nil
	case "all":
		s.neg = !s.neg
		return s, nil
	}
	any := false
	for _, tok := range strings.Split(expr, ",") {
		if tok == "" {
			continue
		}
		n, ok := lookup(tok)
		if !ok {
			return nil, fmt.Errorf("%w %s '%s'", ErrBadToken, qual, tok)
		}
		s.in[n], any = true, true
	}
	if !any {
		return nil, fmt.Errorf("%w %s '%s'", ErrBadToken, qual, expr)
	}
	return s, nil
}

// ParseSignalSet parses -e signal=SET: signal names, with or without
// "SIG", or numbers.
func ParseSignalSet(expr string) (*TokenSet, error) {
	return parseTokens("signal", expr, decode.SignalByName)
}

var statusNames = map[string]int{
	"successful": decode.StatusSuccessful, "failed": decode.StatusFailed, "unfinished": decode.StatusUnfinished,
	"unavailable": decode.StatusUnavailable, "detached": decode.StatusDetached,
}

// ParseStatusSet parses -e status=SET into a mask of Status* bits.
func ParseStatusSet(expr string) (int, error) {
	s, err := parseTokens("status", expr, func(n string) (int, bool) { v, ok := statusNames[n]; return v, ok })
	if err != nil {
		return 0, err
	}
	mask := 0
	for bit := 1; bit <= decode.StatusDetached; bit <<= 1 {
		if s.Has(bit) {
			mask |= bit
		}
	}
	return mask, nil
}

var quietNames = map[string]int{
	"attach": decode.QuietAttach, "exit": decode.QuietExit, "exits": decode.QuietExit, "path-resolution": decode.QuietPathResolution,
	"personality": decode.QuietPersonality, "superseded": decode.QuietThreadExecve, "thread-execve": decode.QuietThreadExecve,
}

// ParseQuietSet parses -e quiet=SET into a mask of Quiet* bits.
func ParseQuietSet(expr string) (int, error) {
	s, err := parseTokens("quiet", expr, func(n string) (int, bool) { v, ok := quietNames[n]; return v, ok })
	if err != nil {
		return 0, err
	}
	mask := 0
	for bit := 1; bit <= decode.QuietThreadExecve; bit <<= 1 {
		if s.Has(bit) {
			mask |= bit
		}
	}
	return mask, nil
}

// ParseFdSet parses the SET of -e read= or -e write=: descriptor numbers,
// "all" or "none", with a leading "!" to negate.
func ParseFdSet(qual, expr string) (*TokenSet, error) {
	return parseTokens("descriptor", expr, func(tok string) (int, bool) {
		n, ok := cUint(tok, math.MaxInt32)
		return int(n), ok
	})
}
