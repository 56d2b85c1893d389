// Package options is strace's command-line language for what a trace
// shows: the display options (-s, -x, -v, -t, -r, -T, -y, -X, -P, -z, -Z,
// -q, -i, -n, -a, -k, -o, -A, -ff) and the -e qualifiers (trace=,
// signal=, status=, quiet=, raw=, abbrev=, verbose=, decode-fds=, read=,
// write=, inject=, fault=). It parses them once into the values that the
// recorder (what to capture, what to filter in the kernel), the printers
// and the summaries use.
//
// The flags are declared on a pflag.FlagSet, the flag set cobra commands
// are built on, so that live tracing, print and the golden tests (which
// print stored recordings with the flags of their variant) read them the
// same way. Commands, their other flags and their I/O stay in cmd/mytrace.
//
// The -e language itself is here too: the sets of trace=, signal=,
// status=, quiet=, read= and write= (sets.go) and the inject= and fault=
// grammar with strace's messages (inject.go). What a set's names mean
// comes from the tables (package sysent for syscalls and their classes,
// package decode for signal and errno names).
//
// Limits: strace 6.1's syntax; what a rule does to a traced call is the
// recorder's business (package record), what a recording shows of it the
// printers' (package decode).
package options

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"mytrace/decode"
	"mytrace/decode/unwind"
	"mytrace/format"
	"mytrace/sysent"
)

// Display are strace's output options, shared by live tracing and print.
type Display struct {
	StrLimit   int      // -s
	Hex        int      // -x count
	Verbose    bool     // -v
	Timestamps int      // -t count
	Relative   bool     // -r
	Durations  bool     // -T
	ExprArgs   []string // -e, as given
	Output     string   // -o
	Decorate   int      // -y count
	Successful bool     // -z
	Failed     bool     // -Z
	Quiet      int      // -q count
	Paths      []string // -P
	Stack      bool     // -k
	AppendOut  bool     // -A
	// Separate: --output-separately (or -ff): with -o FILE, one file per
	// task, FILE.TID.
	Separate bool
	// Follow is print's -f count (live tracing counts its own -f).
	Follow  int
	IP      bool // -i
	Numbers bool // -n
	Column  int  // -a

	// Attaching: -p was given; strace's quiet-with-a-file default is
	// only for launched commands. Set by the caller.
	Attaching bool

	// Exprs are the -e qualifiers, parsed by Check.
	Exprs *Exprs
	// Style is -X's constant style, set by Check.
	Style decode.ConstStyle

	readFds, writeFds []string
	constStyle        string
	offline           bool
}

// InjectHelp describes -e inject= and -e fault= in -e's help.
const InjectHelp = "inject=SET:error=ERRNO|retval=N[:signal=SIG][:delay_enter=T][:delay_exit=T][:poke_enter=@argN=HEX][:poke_exit=@argN=HEX][:when=EXPR] and fault=SET[:error=ERRNO][:when=EXPR] tamper with calls (strace's syntax)"

// ErrInjectOffline refuses -e inject= where nothing is traced.
var ErrInjectOffline = errors.New("-e inject= and -e fault= change a traced program's syscalls: give them to a live trace or to record, not to a recording")

// Register declares the display flags on fs: for live tracing (live), or
// for print, where -f is accepted for strace compatibility and -e
// inject= is refused.
func (d *Display) Register(f *pflag.FlagSet, live bool) {
	d.offline = !live
	f.IntVarP(&d.StrLimit, "string-limit", "s", 32, "show at most `N` characters of each string")
	f.CountVarP(&d.Hex, "strings-in-hex", "x", "show non-ASCII strings in hexadecimal (-xx: all strings)")
	f.BoolVarP(&d.Verbose, "no-abbrev", "v", false, "show structures, argv and environment in full")
	f.CountVarP(&d.Timestamps, "absolute-timestamps", "t", "prefix lines with the time of day (-tt: with microseconds, -ttt: since the epoch)")
	f.BoolVarP(&d.Relative, "relative-timestamps", "r", false, "prefix lines with the time since the previous one")
	f.BoolVarP(&d.Durations, "syscall-times", "T", false, "show the time spent in each syscall")
	stackHelp := "show the call stack of each syscall and signal"
	if !live {
		stackHelp += " (of a recording made with record -k)"
	}
	f.BoolVarP(&d.Stack, "stack-traces", "k", false, stackHelp)
	f.CountVarP(&d.Decorate, "decode-fds", "y", "show what file descriptors refer to: 3</etc/passwd>")
	f.BoolVarP(&d.Successful, "successful-only", "z", false, "show only calls that succeeded (-e status=successful)")
	f.BoolVarP(&d.Failed, "failed-only", "Z", false, "show only calls that failed (-e status=failed)")
	f.CountVarP(&d.Quiet, "quiet", "q", "suppress attach messages (-qq: and exit messages, -qqq: everything)")
	f.StringArrayVarP(&d.Paths, "trace-path", "P", nil, "show only calls that touch `PATH` (by name or through a descriptor)")
	exprHelp := "qualifying `EXPR`: trace=SET (names, %classes, /regex, !negation), abbrev=SET, verbose=SET, raw=SET, signal=SET, status=SET, quiet=SET, decode-fds=SET, read=FDS, write=FDS"
	if live {
		exprHelp += "; " + InjectHelp
	}
	f.StringArrayVarP(&d.ExprArgs, "expr", "e", nil, exprHelp)
	where := "write the trace to `FILE` instead of stderr"
	if !live {
		where = "write the text to `FILE` instead of stdout"
	}
	f.StringVarP(&d.Output, "output", "o", "", where)
	f.BoolVarP(&d.AppendOut, "output-append-mode", "A", false, "append to the -o file instead of truncating it")
	f.BoolVar(&d.Separate, "output-separately", false, "with -o FILE, write each process's (thread's) lines to FILE.PID, without the pid prefix (as -ff)")
	if !live {
		f.CountVarP(&d.Follow, "follow-forks", "f", "accepted for strace compatibility (a recording says whether it followed forks); -ff is --output-separately")
	}
	f.BoolVarP(&d.IP, "instruction-pointer", "i", false, "prefix each line with the instruction pointer at the time of the call")
	f.BoolVarP(&d.Numbers, "syscall-number", "n", false, "prefix each line with the syscall's number")
	f.IntVarP(&d.Column, "columns", "a", 40, "align the results of syscalls on `COLUMN`")
	f.StringVarP(&d.constStyle, "const-print-style", "X", "abbrev", "show named constants and flags as `FORMAT`: raw (numbers), abbrev (names) or verbose (both)")
	f.StringArrayVar(&d.readFds, "read", nil, "dump in hexadecimal and ASCII all the data read from the descriptors in `SET` (-e read=SET)")
	f.StringArrayVar(&d.writeFds, "write", nil, "dump in hexadecimal and ASCII all the data written to the descriptors in `SET` (-e write=SET)")
}

// Check validates the parsed flags, with strace's messages for bad
// values, and parses the -e qualifiers into d.Exprs.
func (d *Display) Check() error {
	if d.StrLimit < 0 {
		return fmt.Errorf("invalid -s argument: '%d'", d.StrLimit)
	}
	d.Hex = min(d.Hex, 2)
	d.Timestamps = min(d.Timestamps, 3)
	if d.Column < 0 {
		return fmt.Errorf("invalid -a argument: '%d'", d.Column)
	}
	var err error
	if d.Style, err = Choice("-X", d.constStyle, map[string]decode.ConstStyle{
		"raw": decode.StyleRaw, "abbrev": decode.StyleAbbrev, "verbose": decode.StyleVerbose,
	}); err != nil {
		return err
	}
	for _, v := range d.readFds {
		d.ExprArgs = append(d.ExprArgs, "read="+v)
	}
	for _, v := range d.writeFds {
		d.ExprArgs = append(d.ExprArgs, "write="+v)
	}
	d.readFds, d.writeFds = nil, nil
	if d.Follow > 1 {
		d.Separate = true
	}
	if d.Output == "" {
		// As strace: -ff without -o is -f; -A does nothing.
		d.Separate = false
		d.AppendOut = false
	}
	q, err := ParseExprs(d.ExprArgs)
	if err != nil {
		return err
	}
	if d.offline && len(q.Inject) > 0 {
		return ErrInjectOffline
	}
	d.Exprs = q
	d.Decorate = max(d.Decorate, q.Decorate)
	return nil
}

// Limits are the capture limits a live trace needs to show what these
// options show.
func (d *Display) Limits() sysent.Limits {
	return d.Exprs.DumpLimits(sysent.Limits{Str: d.StrLimit, Path: sysent.DefaultPathMax, Verbose: d.Verbose || d.Exprs.Abbrev != nil})
}

// PrintOptions builds the printer's options after Check: toFile says the
// text goes to a file (strace is quiet about attaching then), follow that
// the trace followed children.
func (d *Display) PrintOptions(toFile, follow bool) decode.PrintOptions {
	o := decode.PrintOptions{
		Options:    decode.Options{StrLimit: d.StrLimit, Hex: d.Hex, Verbose: d.Verbose, Decorate: d.Decorate, Style: d.Style},
		Timestamps: d.Timestamps,
		Relative:   d.Relative,
		Durations:  d.Durations,
		ToFile:     toFile,
		Follow:     follow,

		InstructionPointer: d.IP,
		SyscallNumber:      d.Numbers,
		// -a 0 is column 1: no line's " = " comes before it.
		Column: max(d.Column, 1),
	}
	if d.Stack {
		o.Stack = unwind.New()
	}
	q := d.Exprs
	if q.Trace != nil {
		o.Trace = q.Trace.Has
	}
	if q.Signals != nil {
		o.Signals = q.Signals.Has
	}
	// -e abbrev= says which calls are abbreviated, whatever -v says
	// (strace: whichever comes last).
	if q.Abbrev != nil {
		o.AbbrevCall = q.Abbrev.Has
	}
	if q.Verbose != nil {
		o.VerboseCall = q.Verbose.Has
	}
	if q.Raw != nil {
		o.RawCall = q.Raw.Has
	}
	o.Status = q.Status
	if q.ReadFds != nil {
		o.DumpRead = q.ReadFds.Has
	}
	if q.WriteFds != nil {
		o.DumpWrite = q.WriteFds.Has
	}
	if d.Successful {
		o.Status |= decode.StatusSuccessful
	}
	if d.Failed {
		o.Status |= decode.StatusFailed
	}
	// strace is quiet about attaching and personalities by default when it
	// writes to a file; -q, -qq, -qqq and -e quiet= say otherwise.
	switch {
	case q.QuietSet:
		o.Quiet = q.Quiet
	case d.Quiet == 1:
		o.Quiet = decode.QuietAttach | decode.QuietPersonality
	case d.Quiet == 2:
		o.Quiet = decode.QuietAttach | decode.QuietPersonality | decode.QuietExit
	case d.Quiet >= 3:
		o.Quiet = decode.QuietAll
	case toFile && !d.Attaching:
		o.Quiet = decode.QuietAttach | decode.QuietPersonality
	}
	// As strace, a -P path that resolves to another (a symbolic link)
	// selects both.
	for _, path := range d.Paths {
		o.Paths = append(o.Paths, path)
		if real, err := filepath.EvalSymlinks(path); err == nil && real != path {
			if abs, err := filepath.Abs(real); err == nil {
				o.Paths = append(o.Paths, abs)
			}
		}
	}
	return o
}

// Exprs are the -e expressions (strace's qualifiers), parsed.
type Exprs struct {
	Trace    *SyscallSet // nil: all
	Signals  *TokenSet   // nil: all
	Status   int         // decode.Status* mask, 0: all
	Quiet    int         // decode.Quiet* mask
	QuietSet bool        // -e quiet= was given
	Decorate int         // -e decode-fds=: what -y would set
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

// ParseExprs parses strace's -e qualifiers. A bare SET means trace=SET.
func ParseExprs(exprs []string) (*Exprs, error) {
	q := &Exprs{Args: exprs}
	for _, e := range exprs {
		name, v, ok := strings.Cut(e, "=")
		if !ok {
			name, v = "trace", e
		}
		var err error
		switch name {
		case "trace", "t":
			q.Trace, err = ParseTraceSet(v)
		case "abbrev", "a":
			q.Abbrev, err = ParseTraceSet(v)
		case "verbose", "v":
			q.Verbose, err = ParseTraceSet(v)
		case "raw", "x":
			q.Raw, err = ParseTraceSet(v)
		case "signal", "signals", "s":
			q.Signals, err = ParseSignalSet(v)
		case "status":
			q.Status, err = ParseStatusSet(v)
		case "quiet", "silent", "silence", "q":
			q.Quiet, err = ParseQuietSet(v)
			q.QuietSet = true
		case "inject", "fault":
			var r *InjectRule
			r, err = ParseInject(v, name == "fault")
			q.Inject = append(q.Inject, r)
		case "read", "reads", "r":
			q.ReadFds, err = ParseFdSet("read", v)
		case "write", "writes", "w":
			q.WriteFds, err = ParseFdSet("write", v)
		case "decode-fds":
			switch v {
			case "none":
				q.Decorate = 0
			case "path":
				q.Decorate = 1
			default:
				q.Decorate = 2
			}
		default:
			err = fmt.Errorf("invalid -e qualifier '%s' (this version supports trace=, abbrev=, verbose=, raw=, signal=, status=, quiet=, decode-fds=, read=, write=, inject= and fault=)", name)
		}
		if err != nil {
			return nil, err
		}
	}
	return q, nil
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

// Choice returns the value that v names in choices, or strace's error for
// a bad argument of flag.
func Choice[T any](flag, v string, choices map[string]T) (T, error) {
	if c, ok := choices[v]; ok {
		return c, nil
	}
	var zero T
	return zero, fmt.Errorf("invalid %s argument: '%s'", flag, v)
}
