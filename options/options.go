// Package options is strace's command line: the display options (-s,
// -x, -v, -t, -r, -T, -y, -X, -P, -z, -Z, -q, -i, -n, -a, -k, -o, -A,
// -f/-ff, -c, -C, -S, -U, -w, -O, --tips) and the tracing ones (-p, -E,
// -u, --seccomp-bpf), short and long, with the -e qualifiers and their
// long forms (trace=, signal=, status=, quiet=, raw=, abbrev=, verbose=,
// decode-fds=, decode-pids=, kvm=, read=, write=, inject=, fault=). It
// reads them as strace 6.1's getopt_long loop does (cmdline.go: short and
// long forms told apart, optional values, abbreviations, strace's
// messages) into the values that the recorder, the printers and the
// summaries use, and offers their values to shell completion.
//
// The options are declared on a pflag.FlagSet, the flag set cobra
// commands are built on, so that live tracing, print and the golden tests
// (which print stored recordings with the flags of their variant) read
// them the same way. Commands, mytrace's own flags and I/O stay in
// cmd/mytrace.
//
// The -e language is here too: the sets of trace=, signal=, status=,
// quiet=, read= and write= (sets.go) and the inject= and fault= grammar
// with strace's messages (inject.go). What a set's names mean comes from
// the tables (package sysent for syscalls and their classes, package
// decode for signal and errno names).
//
// Limits: strace 6.1's syntax; what a rule does to a traced call is the
// recorder's business (package record), what a recording shows of it the
// printers' (package decode).
package options

import (
	"fmt"
	"strings"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/sysent"
)

// Exprs are the -e expressions (strace's qualifiers), parsed.
type Exprs struct {
	Trace    *SyscallSet   // nil: all
	Signals  *TokenSet     // nil: all
	Status   int           // decode.Status* mask, 0: all
	Quiet    int           // decode.Quiet* mask
	QuietSet bool          // -e quiet= was given
	FdShow   decode.FdShow // -e decode-fds=SET
	// DecodePids is -e decode-pids= (DecodePid* bits).
	DecodePids int
	// KVM: -e kvm=vcpu.
	KVM bool
	// Inject: the -e inject= and -e fault= rules, in order.
	Inject []*InjectRule
	// ReadFds, WriteFds: -e read=SET, -e write=SET (nil: none).
	ReadFds, WriteFds *TokenSet
	// Abbrev, Verbose, Raw: -e abbrev=SET, -e verbose=SET, -e raw=SET
	// (nil: not given).
	Abbrev, Verbose, Raw *SyscallSet
	// Args are the expressions as given.
	Args []string
}

// qualifiers are strace's -e qualifier names and what each stands for,
// in the order strace tries them.
var qualifiers = [][2]string{
	{"trace", "trace"}, {"t", "trace"}, {"abbrev", "abbrev"}, {"a", "abbrev"},
	{"verbose", "verbose"}, {"v", "verbose"}, {"raw", "raw"}, {"x", "raw"},
	{"signal", "signal"}, {"signals", "signal"}, {"s", "signal"}, {"status", "status"},
	{"quiet", "quiet"}, {"silent", "quiet"}, {"silence", "quiet"}, {"q", "quiet"},
	{"read", "read"}, {"reads", "read"}, {"r", "read"}, {"write", "write"},
	{"writes", "write"}, {"w", "write"}, {"fault", "fault"}, {"inject", "inject"},
	{"kvm", "kvm"}, {"decode-fd", "decode-fds"}, {"decode-fds", "decode-fds"},
	{"decode-pid", "decode-pids"}, {"decode-pids", "decode-pids"}, {"secontext", "secontext"},
}

// splitQualifier is strace's qualify(): "NAME=VALUE" for a known NAME, and
// anything else is a trace= set (so "-e foo=bar" is the system call
// "foo=bar").
func splitQualifier(e string) (string, string) {
	if name, v, ok := strings.Cut(e, "="); ok {
		for _, q := range qualifiers {
			if q[0] == name {
				return q[1], v
			}
		}
	}
	return "trace", e
}

// qualifier is the qualifier an -e expression sets.
func qualifier(e string) string {
	q, _ := splitQualifier(e)
	return q
}

// DecodePids bits: -e decode-pids=comm (-Y), pidns (--pidns-translation).
const (
	DecodePidComm = 1 << iota
	DecodePidNS
)

// ErrSecontext refuses --secontext, as strace 6.1 built without SELinux
// does (mytrace reads no SELinux contexts).
var ErrSecontext = &Error{"SELinux context printing (--secontext option) is not supported by this build of mytrace"}

// ParseExprs parses strace's -e qualifiers. A bare SET means trace=SET.
func ParseExprs(exprs []string) (*Exprs, error) {
	q := &Exprs{Args: exprs}
	for _, e := range exprs {
		name, v := splitQualifier(e)
		var err error
		switch name {
		case "trace":
			q.Trace, err = ParseTraceSet(v)
		case "abbrev":
			q.Abbrev, err = ParseTraceSet(v)
		case "verbose":
			q.Verbose, err = ParseTraceSet(v)
		case "raw":
			q.Raw, err = ParseTraceSet(v)
		case "signal":
			q.Signals, err = ParseSignalSet(v)
		case "status":
			q.Status, err = ParseStatusSet(v)
		case "quiet":
			q.Quiet, err = ParseQuietSet(v)
			q.QuietSet = true
		case "inject", "fault":
			var r *InjectRule
			r, err = ParseInject(v, name == "fault")
			q.Inject = append(q.Inject, r)
		case "read":
			q.ReadFds, err = ParseFdSet("read", v)
		case "write":
			q.WriteFds, err = ParseFdSet("write", v)
		case "decode-fds":
			q.FdShow, err = parseDecodeFds(v)
		case "decode-pids":
			q.DecodePids, err = parseMask("decode-pids", v, map[string]int{"comm": DecodePidComm, "pidns": DecodePidNS})
		case "kvm":
			if v != "vcpu" {
				err = &Error{fmt.Sprintf("invalid -e kvm= argument: '%s'", v)}
			}
			q.KVM = true
		case "secontext":
			err = ErrSecontext
		}
		if err != nil {
			return nil, err
		}
	}
	return q, nil
}

// parseDecodeFds reads -e decode-fds=SET.
func parseDecodeFds(v string) (decode.FdShow, error) {
	m, err := parseMask("decode-fds", v, map[string]int{"path": int(decode.FdShowPath), "socket": int(decode.FdShowSocket), "dev": int(decode.FdShowDev), "pidfd": int(decode.FdShowPidfd)})
	if err != nil {
		return 0, err
	}
	return decode.FdShow(m), nil
}

// parseMask reads a qualifier's set of names into a mask of their bits.
func parseMask(qual, v string, names map[string]int) (int, error) {
	all := 0
	for _, b := range names {
		all |= b
	}
	s, err := parseTokens(qual, v, func(n string) (int, bool) { b, ok := names[n]; return b, ok })
	if err != nil {
		return 0, err
	}
	m := 0
	for bit := 1; bit <= all; bit <<= 1 {
		if bit&all != 0 && s.Has(bit) {
			m |= bit
		}
	}
	return m, nil
}

// RecordFilter is the recorder's filter for -e trace= (nil: record all).
func (q *Exprs) RecordFilter() func(int) bool {
	if q.Trace == nil {
		return nil
	}
	set := q.Trace
	return func(nr int) bool { return set.Has(uint64(nr), format.ArchX86_64) }
}

// DumpLimits adds the -e read= and -e write= sets to capture limits:
// those descriptors' data is captured in full.
func (q *Exprs) DumpLimits(l sysent.Limits) sysent.Limits {
	if q.ReadFds != nil {
		l.DumpRead = q.ReadFds.Has
	}
	if q.WriteFds != nil {
		l.DumpWrite = q.WriteFds.Has
	}
	return l
}
