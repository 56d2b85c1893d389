package options

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"mytrace/decode"
	"mytrace/decode/unwind"
	"mytrace/sysent"
)

// Display are strace's output options, shared by live tracing and print:
// what each line shows, the -e qualifiers, the output file, -f (which
// with -ff and --output-separately decides the files) and the -c
// summary's options. Register declares them, Check reads them as strace
// reads its command line.
type Display struct {
	StrLimit int  // -s
	Hex      int  // -x: 1 non-ascii, 2 all, decode.HexChars non-ascii-chars
	Verbose  bool // -v
	// TimeFormat and TimePrecision: -t, -tt, -ttt, --absolute-timestamps.
	TimeFormat    decode.TimeFormat
	TimePrecision decode.Precision
	// Relative and RelativePrecision: -r, --relative-timestamps[=PREC].
	Relative          bool
	RelativePrecision decode.Precision
	// Durations and DurationPrecision: -T, --syscall-times[=PREC].
	Durations         bool
	DurationPrecision decode.Precision
	ExprArgs          []string      // the -e qualifiers, long forms included, in order
	Output            string        // -o
	Decorate          int           // -y count (or -e decode-fds=)
	FdShow            decode.FdShow // -e decode-fds=SET (0: what Decorate says)
	Successful        bool          // -z
	Failed            bool          // -Z
	Quiet             int           // -q count
	Paths             []string      // -P
	Stack             bool          // -k
	AppendOut         bool          // -A
	// Separate: --output-separately (or -ff): with -o FILE, one file per
	// task, FILE.TID.
	Separate bool
	// Follow: -f or --follow-forks was given.
	Follow  bool
	IP      bool // -i
	Numbers bool // -n
	Column  int  // -a
	// Count and CountBoth: -c (the summary only) and -C (the trace and
	// the summary).
	Count, CountBoth bool
	// Summary: -S, -U, -w, -O.
	Summary Summary
	// Tips: --tips was given; TipID (-1: random) and TipFormat say which
	// and how.
	Tips      bool
	TipID     int
	TipFormat string
	// Warnings are strace's remarks about options that do nothing here
	// ("-A/--output-append-mode has no effect without -o/--output"), for
	// the caller to print.
	Warnings []string

	// Attaching: -p was given; strace's quiet-with-a-file default is
	// only for launched commands. Set by the caller.
	Attaching bool

	// Exprs are the -e qualifiers, parsed by Check.
	Exprs *Exprs
	// Style is -X's constant style, set by Check.
	Style decode.ConstStyle

	uses     []use
	offline  bool
	checked  bool
	checkErr error
}

// Summary are the options of strace -c's table: -S, -U, -w and -O. The
// stats command takes them on their own.
type Summary struct {
	SortBy    string        // -S (default time)
	Columns   string        // -U ("": strace's default columns)
	WallClock bool          // -w
	Overhead  time.Duration // -O
	sortSet   bool
	colsSet   bool
	uses      []use
}

// InjectHelp describes -e inject= and -e fault= in -e's help.
const InjectHelp = "inject=SET:error=ERRNO|retval=N[:signal=SIG][:delay_enter=T][:delay_exit=T][:poke_enter=@argN=HEX][:poke_exit=@argN=HEX][:when=EXPR] and fault=SET[:error=ERRNO][:when=EXPR] tamper with calls (strace's syntax)"

// ErrInjectOffline refuses -e inject= where nothing is traced.
var ErrInjectOffline = &Error{"-e inject= and -e fault= change a traced program's syscalls: give them to a live trace or to mytrace record, not to mytrace print"}

// Register declares the display options on fs: for live tracing (live),
// or for print, where -e inject= is refused.
func (d *Display) Register(f *pflag.FlagSet, live bool) {
	d.offline = !live
	u := &d.uses
	declare(f, u, "s", 's', "string-limit", reqArg, "STRSIZE", "show at most STRSIZE characters of each string (default 32)")
	declare(f, u, "x", 'x', "", noArg, "", "")
	declare(f, u, "hexstr", 0, "strings-in-hex", optArg, "non-ascii-chars|non-ascii|all", "-x: show non-ASCII strings in hexadecimal (-xx: all strings); --strings-in-hex=non-ascii-chars: hexadecimal escapes instead of octal, none, non-ascii, all (the default)")
	f.Lookup("-x").Annotations[annotation] = []string{"strings-in-hex"}
	declare(f, u, "v", 'v', "no-abbrev", noArg, "", "show structures, argv and environment in full")
	declare(f, u, "t", 't', "", noArg, "", "")
	declare(f, u, "ts", 0, "absolute-timestamps", optArg, "FORMAT[,PRECISION]", "-t: prefix lines with the time of day (-tt: with microseconds, -ttt: seconds since the epoch); FORMAT none, time or unix, PRECISION s, ms, us or ns")
	f.Lookup("-t").Annotations[annotation] = []string{"absolute-timestamps"}
	alias(f, u, "ts", "timestamps", optArg)
	declare(f, u, "r", 'r', "relative-timestamps", optArg, "PRECISION", "prefix lines with the time since the previous one (PRECISION s, ms, us or ns; default us)")
	declare(f, u, "T", 'T', "syscall-times", optArg, "PRECISION", "show the time spent in each syscall (PRECISION s, ms, us or ns; default us)")
	stackHelp := "show the call stack of each syscall and signal"
	if !live {
		stackHelp += " (of a recording made with record -k)"
	}
	declare(f, u, "k", 'k', "stack-traces", noArg, "", stackHelp)
	declare(f, u, "y", 'y', "", noArg, "", "")
	declare(f, u, "decode-fds", 0, "decode-fds", optArg, "SET", "-y: show the paths of file descriptors, 3</etc/passwd> (-yy: and socket endpoints); SET: path, socket, dev, pidfd, all")
	f.Lookup("-y").Annotations[annotation] = []string{"decode-fds"}
	declare(f, u, "z", 'z', "successful-only", noArg, "", "show only calls that succeeded (-e status=successful)")
	declare(f, u, "Z", 'Z', "failed-only", noArg, "", "show only calls that failed (-e status=failed)")
	alias(f, u, "Z", "failing-only", noArg)
	declare(f, u, "q", 'q', "", noArg, "", "")
	declare(f, u, "quiet", 0, "quiet", optArg, "SET", "-q: suppress attach messages (-qq: and exit messages, -qqq: everything); SET: attach, exit, path-resolution, personality, thread-execve, all")
	f.Lookup("-q").Annotations[annotation] = []string{"quiet"}
	alias(f, u, "quiet", "silent", optArg)
	alias(f, u, "quiet", "silence", optArg)
	declare(f, u, "P", 'P', "trace-path", reqArg, "PATH", "show only calls that touch PATH (by name or through a descriptor)")
	exprHelp := "a qualifying expression: trace=SET (names, %classes, /regex, !negation), abbrev=SET, verbose=SET, raw=SET, signal=SET, status=SET, quiet=SET, decode-fds=SET, decode-pids=SET, read=SET, write=SET, kvm=vcpu"
	if live {
		exprHelp += "; " + InjectHelp
	}
	declare(f, u, "e", 'e', "expr", reqArg, "EXPR", exprHelp)
	for _, q := range []struct{ name, typ, help string }{
		{"trace", "SET", "-e trace=SET: show only these syscalls"},
		{"abbrev", "SET", "-e abbrev=SET: abbreviate the structures of these syscalls"},
		{"verbose", "SET", "-e verbose=SET: dereference the structures of these syscalls"},
		{"raw", "SET", "-e raw=SET: show these syscalls' arguments undecoded"},
		{"signals", "SET", "-e signal=SET: show only these signals"},
		{"status", "SET", "-e status=SET: show only calls that ended so (successful, failed, unfinished, unavailable, detached)"},
		{"read", "SET", "-e read=SET: dump the data read from the descriptors in SET"},
		{"write", "SET", "-e write=SET: dump the data written to the descriptors in SET"},
		{"kvm", "vcpu", "-e kvm=vcpu: show the exit reason of KVM_RUN"},
		{"decode-pids", "comm|pidns", "-e decode-pids=SET: show the command of each pid (comm), the pid in mytrace's PID namespace (pidns)"},
		{"secontext", "", ""},
	} {
		kind := reqArg
		if q.name == "secontext" {
			alias(f, u, q.name, q.name, optArg)
			continue
		}
		declare(f, u, q.name, 0, q.name, kind, q.typ, q.help)
	}
	shortWith(f, u, "Y", 'Y', "decode-pids")
	alias(f, u, "pidns", "pidns-translation", noArg)
	if live {
		declare(f, u, "inject", 0, "inject", reqArg, "SET:...", "-e inject=: tamper with the syscalls in SET")
		declare(f, u, "fault", 0, "fault", reqArg, "SET:...", "-e fault=: make the syscalls in SET fail")
	}
	where := "write the trace to FILE instead of stderr"
	if !live {
		where = "write the text to FILE instead of stdout"
	}
	declare(f, u, "o", 'o', "output", reqArg, "FILE", where)
	declare(f, u, "A", 'A', "output-append-mode", noArg, "", "append to the -o file instead of truncating it")
	declare(f, u, "output-separately", 0, "output-separately", noArg, "", "with -o FILE, write each process's (thread's) lines to FILE.PID, without the pid prefix (as -ff)")
	followHelp := "trace child processes and threads (-ff: and with -o FILE, one file per process)"
	if !live {
		followHelp = "accepted for strace compatibility (a recording says whether it followed forks); -ff is --output-separately"
	}
	declare(f, u, "f", 'f', "", noArg, "", "")
	declare(f, u, "followforks", 0, "follow-forks", noArg, "", followHelp)
	f.Lookup("-f").Annotations[annotation] = []string{"follow-forks"}
	declare(f, u, "i", 'i', "instruction-pointer", noArg, "", "prefix each line with the instruction pointer at the time of the call")
	declare(f, u, "n", 'n', "syscall-number", noArg, "", "prefix each line with the syscall's number")
	declare(f, u, "a", 'a', "columns", reqArg, "COLUMN", "align the results of syscalls on COLUMN (default 40)")
	declare(f, u, "X", 'X', "const-print-style", reqArg, "FORMAT", "show named constants and flags as FORMAT: raw (numbers), abbrev (names) or verbose (both)")
	declare(f, u, "c", 'c', "summary-only", noArg, "", "count calls, errors and time per syscall and print only the summary")
	declare(f, u, "C", 'C', "summary", noArg, "", "like -c, and print the trace too")
	d.Summary.declare(f, u)
	declare(f, u, "tips", 0, "tips", optArg, "ID[,FORMAT]", "show a tip about mytrace at the end (ID: a number or random; FORMAT: none, compact, full)")
}

// Register declares -S, -U, -w and -O on fs, for the stats command.
func (s *Summary) Register(f *pflag.FlagSet) {
	s.declare(f, &s.uses)
}

func (s *Summary) declare(f *pflag.FlagSet, u *[]use) {
	declare(f, u, "S", 'S', "summary-sort-by", reqArg, "SORTBY", "sort the summary by SORTBY: time, min-time, max-time, avg-time, calls, errors, name, nothing")
	declare(f, u, "U", 'U', "summary-columns", reqArg, "COLUMNS", "the summary's COLUMNS: time-percent, total-time, min-time, max-time, avg-time, calls, errors, name, injected")
	declare(f, u, "w", 'w', "summary-wall-clock", noArg, "", "summarise the elapsed time of each call instead of the system CPU time")
	declare(f, u, "O", 'O', "summary-syscall-overhead", reqArg, "OVERHEAD", "take OVERHEAD (microseconds, or with s, ms, us, ns) off each call's time in the summary")
}

// Check reads the summary options given to the stats command.
func (s *Summary) Check() error {
	for _, u := range s.uses {
		if err := s.take(u); err != nil {
			return err
		}
	}
	s.uses = nil
	return nil
}

// take reads one summary option, reporting whether it was one.
func (s *Summary) take(u use) error {
	switch u.key {
	case "S":
		s.SortBy, s.sortSet = u.arg, true
	case "U":
		s.Columns, s.colsSet = u.arg, true
	case "w":
		s.WallClock = true
	case "O":
		d, ok := parseDelay(u.arg)
		if !ok {
			return badArg(u)
		}
		s.Overhead = d
	}
	return nil
}

// Check reads the options (once: later calls return the first result) as strace reads its command line: each in
// order, then what depends on several (-t with --absolute-timestamps, -q
// with --quiet=...), with strace's messages for bad values and
// conflicts; the -e qualifiers are parsed into d.Exprs.
func (d *Display) Check() error {
	if !d.checked {
		d.checked = true
		d.checkErr = d.check()
	}
	return d.checkErr
}

func (d *Display) check() error {
	d.StrLimit, d.Column = 32, 40
	var (
		tShort, qShort, yShort, fShort int
		xShort                         int
		tLong, followLong, outSep      bool
		xLong                          = -1
		quietSet, fdSet                bool
		zflags                         int
		exprs                          []string
		abbrevAt, verboseAt            = -1, -1
		style                          = "abbrev"
		ts                             = timeSpec{}
		tips                           = tipSpec{id: -1, format: "compact"}
	)
	for _, u := range d.uses {
		switch u.key {
		case "a":
			n, ok := cUint(u.arg, math.MaxInt32)
			if !ok {
				return badArg(u)
			}
			d.Column = int(n)
		case "A":
			d.AppendOut = true
		case "c":
			if d.CountBoth {
				return &Error{"-c/--summary-only and -C/--summary are mutually exclusive"}
			}
			d.Count = true
		case "C":
			if d.Count {
				return &Error{"-c/--summary-only and -C/--summary are mutually exclusive"}
			}
			d.CountBoth = true
		case "e", "trace", "abbrev", "verbose", "raw", "signals", "status", "read", "write", "kvm", "decode-pids", "inject", "fault", "quiet", "decode-fds", "Y", "pidns", "secontext":
			e := u.arg
			switch u.key {
			case "e":
			case "quiet":
				if !u.has {
					u.arg = "attach,personality"
				}
				e = "quiet=" + u.arg
			case "decode-fds":
				if !u.has {
					u.arg = "path"
				}
				e = "decode-fds=" + u.arg
			case "Y":
				e = "decode-pids=comm"
			case "pidns":
				e = "decode-pids=pidns"
			case "signals":
				e = "signal=" + u.arg
			default:
				e = u.key + "=" + u.arg
			}
			switch qualifier(e) {
			case "quiet":
				quietSet = true
			case "decode-fds":
				fdSet = true
			case "abbrev":
				abbrevAt = len(exprs)
			}
			// Each is parsed here, in order, so that the first bad one
			// is the one reported, as strace does.
			if _, err := ParseExprs([]string{e}); err != nil {
				return err
			}
			exprs = append(exprs, e)
		case "i":
			d.IP = true
		case "k":
			d.Stack = true
		case "n":
			d.Numbers = true
		case "o":
			d.Output = u.arg
		case "output-separately":
			outSep = true
		case "P":
			d.Paths = append(d.Paths, u.arg)
		case "q":
			qShort++
		case "r":
			p, ok := timescale(u)
			if !ok {
				return badArg(u)
			}
			d.Relative, d.RelativePrecision = true, p
		case "s":
			n, ok := cUint(u.arg, math.MaxUint32/4)
			if !ok {
				return badArg(u)
			}
			d.StrLimit = int(n)
		case "t":
			tShort++
		case "ts":
			tLong = true
			arg := u.arg
			if !u.has {
				arg = "format:time"
			}
			if !ts.parse(arg) {
				return badArg(u)
			}
		case "T":
			p, ok := timescale(u)
			if !ok {
				return badArg(u)
			}
			d.Durations, d.DurationPrecision = true, p
		case "v":
			d.Verbose = true
			verboseAt = len(exprs)
		case "x":
			xShort = min(xShort+1, 2)
		case "hexstr":
			if !u.has {
				xLong = 2
				break
			}
			v, ok := map[string]int{"none": 0, "non-ascii-chars": decode.HexChars, "non-ascii": 1, "all": 2}[u.arg]
			if !ok {
				return badArg(u)
			}
			xLong = v
		case "X":
			if _, ok := constStyles[u.arg]; !ok {
				return badArg(u)
			}
			style = u.arg
		case "y":
			yShort++
		case "z":
			d.Successful, d.Failed = true, false
			zflags++
		case "Z":
			d.Successful, d.Failed = false, true
			zflags++
		case "f":
			fShort++
		case "followforks":
			followLong = true
		case "tips":
			arg := u.arg
			if !tips.parse(arg) {
				return badArg(u)
			}
			d.Tips = true
		default:
			if err := d.Summary.take(u); err != nil {
				return err
			}
		}
	}
	d.uses = nil
	if tShort > 0 {
		if tLong {
			return &Error{"-t and --absolute-timestamps cannot be provided simultaneously"}
		}
		ts.parse([]string{"", "format:time", "precision:us,format:time", "format:unix,precision:us"}[min(tShort, 3)])
	}
	d.TimeFormat, d.TimePrecision = ts.format, ts.precision
	d.Hex = xShort
	if xLong >= 0 {
		if xShort > 0 {
			return &Error{"-x and --strings-in-hex cannot be provided simultaneously"}
		}
		d.Hex = xLong
	}
	if yShort > 0 {
		if fdSet {
			return &Error{"-y and --decode-fds cannot be provided simultaneously"}
		}
		d.Decorate = min(yShort, 2)
	}
	if fShort > 0 {
		switch {
		case followLong:
			return &Error{"-f and --follow-forks cannot be provided simultaneously"}
		case fShort >= 2 && outSep:
			return &Error{"-ff and --output-separately cannot be provided simultaneously"}
		}
		outSep = fShort >= 2
	}
	d.Follow = fShort > 0 || followLong
	d.Separate = outSep
	counting := d.Count || d.CountBoth
	if outSep && counting {
		return &Error{"(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive"}
	}
	s := &d.Summary
	if s.WallClock && !counting {
		return &Error{"-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)"}
	}
	if s.colsSet && !counting {
		return &Error{"-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)"}
	}
	if s.sortSet && !counting {
		d.Warnings = append(d.Warnings, "-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)")
	}
	if d.Count {
		for _, w := range []struct {
			on   bool
			what string
		}{{d.IP, "-i/--instruction-pointer"}, {d.Stack, "-k/--stack-traces"}, {d.Numbers, "-n/--syscall-number"},
			{d.Relative, "-r/--relative-timestamps"}, {d.TimeFormat != decode.TimeNone, "-t/--absolute-timestamps"},
			{d.Durations, "-T/--syscall-times"}, {d.Decorate > 0, "-y/--decode-fds"}} {
			if w.on {
				d.Warnings = append(d.Warnings, w.what+" has no effect with -c/--summary-only")
			}
		}
	}
	if d.Output == "" {
		if outSep && !d.Follow {
			d.Warnings = append(d.Warnings, "--output-separately has no effect without -o/--output")
		}
		if d.AppendOut {
			d.Warnings = append(d.Warnings, "-A/--output-append-mode has no effect without -o/--output")
		}
		// As strace: -ff without -o is -f; -A does nothing.
		d.Separate, d.AppendOut = false, false
	}
	if zflags > 1 {
		d.Warnings = append(d.Warnings, "Only the last of -z/--successful-only/-Z/--failed-only options will take effect. See status qualifier for more complex filters.")
	}
	if qShort > 0 && quietSet {
		return &Error{"-q and -e quiet/--quiet cannot be provided simultaneously"}
	}
	d.Quiet = qShort
	d.Style = constStyles[style]
	if d.Tips {
		d.TipID, d.TipFormat = tips.id, tips.format
		if tips.format == "none" {
			d.Tips = false
		}
	}
	// -v is -e abbrev=none: whichever of them comes last decides.
	if verboseAt > abbrevAt && abbrevAt >= 0 {
		exprs = append(exprs[:abbrevAt], exprs[abbrevAt+1:]...)
	}
	d.ExprArgs = exprs
	q, err := ParseExprs(exprs)
	if err != nil {
		return err
	}
	if d.offline && len(q.Inject) > 0 {
		return ErrInjectOffline
	}
	d.Exprs = q
	if fdSet {
		d.Decorate, d.FdShow = q.FdShow.Level(), q.FdShow
	}
	return nil
}

var constStyles = map[string]decode.ConstStyle{
	"raw": decode.StyleRaw, "abbrev": decode.StyleAbbrev, "verbose": decode.StyleVerbose,
}

// timescale is strace's str2timescale_optarg for -r and -T: no argument
// is the default (microseconds), else s, ms, us or ns.
func timescale(u use) (decode.Precision, bool) {
	if !u.has {
		return decode.PrecisionDefault, true
	}
	p, ok := precisions[u.arg]
	return p, ok
}

var precisions = map[string]decode.Precision{
	"s": decode.PrecisionS, "ms": decode.PrecisionMS, "us": decode.PrecisionUS, "ns": decode.PrecisionNS,
}

// timeSpec is what --absolute-timestamps has said so far.
type timeSpec struct {
	format    decode.TimeFormat
	set       bool
	precision decode.Precision
}

// parse reads an --absolute-timestamps argument as strace's parse_ts_arg:
// comma-separated tokens, each a format (none, time, unix) or a precision
// (s, ms, us, ns), with an optional "format:" or "precision:" prefix,
// without regard to case.
func (t *timeSpec) parse(arg string) bool {
	format, precision := t.format, decode.PrecisionDefault
	formatSet := false
	for _, tok := range strings.Split(arg, ",") {
		if tok == "" {
			continue // strtok skips empty tokens
		}
		canFormat, canScale := true, true
		if len(tok) >= 7 && strings.EqualFold(tok[:7], "format:") {
			tok, canScale = tok[7:], false
		} else if len(tok) >= 10 && strings.EqualFold(tok[:10], "precision:") {
			tok, canFormat = tok[10:], false
		}
		if canFormat {
			if f, ok := map[string]decode.TimeFormat{"none": decode.TimeNone, "time": decode.TimeOfDay, "unix": decode.TimeUnix}[strings.ToLower(tok)]; ok {
				format, formatSet = f, true
				continue
			}
		}
		if canScale {
			// strace compares the precision's name exactly here.
			if p, ok := precisions[tok]; ok {
				precision = p
				continue
			}
		}
		return false
	}
	if !formatSet && !t.set {
		format = decode.TimeOfDay
	}
	t.format, t.set = format, true
	if precision != decode.PrecisionDefault {
		t.precision = precision
	}
	return true
}

// tipSpec is what --tips has said.
type tipSpec struct {
	id     int // -1: random
	format string
}

// parse reads a --tips argument as strace's parse_tips_arg: tokens that
// are an id (a number or random) or a format (none, compact, full), with
// an optional "id:" or "format:" prefix.
func (t *tipSpec) parse(arg string) bool {
	id, format := t.id, t.format
	for _, tok := range strings.Split(arg, ",") {
		if tok == "" {
			continue
		}
		canID, canFormat := true, true
		if len(tok) >= 3 && strings.EqualFold(tok[:3], "id:") {
			tok, canFormat = tok[3:], false
		} else if len(tok) >= 7 && strings.EqualFold(tok[:7], "format:") {
			tok, canID = tok[7:], false
		}
		if canID {
			if strings.EqualFold(tok, "random") {
				id = -1
				continue
			}
			if n, ok := cUint(tok, math.MaxInt32); ok {
				id = int(n)
				continue
			}
		}
		if canFormat {
			if f := strings.ToLower(tok); f == "none" || f == "compact" || f == "full" {
				format = f
				continue
			}
		}
		return false
	}
	t.id, t.format = id, format
	return true
}

// TimeUnit is the unit a live trace stores event times in
// (record.Options.TimeUnit): ns when a timestamp or duration shown asks
// for a finer precision than µs (precision ns), else µs, which is what
// strace shows by default (finer digits would be zeros).
func (d *Display) TimeUnit() time.Duration {
	fine := func(on bool, p decode.Precision) bool { return on && p > decode.PrecisionUS }
	if fine(d.TimeFormat != decode.TimeNone, d.TimePrecision) || fine(d.Relative, d.RelativePrecision) ||
		fine(d.Durations, d.DurationPrecision) {
		return time.Nanosecond
	}
	return time.Microsecond
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
		Options:           decode.Options{StrLimit: strLimit(d.StrLimit), Hex: d.Hex, Verbose: d.Verbose, Decorate: d.Decorate, FdShow: d.FdShow, Style: d.Style, KVM: d.Exprs.KVM, DecodePids: decodePids(d.Exprs.DecodePids)},
		TimeFormat:        d.TimeFormat,
		TimePrecision:     d.TimePrecision,
		Relative:          d.Relative,
		RelativePrecision: d.RelativePrecision,
		Durations:         d.Durations,
		DurationPrecision: d.DurationPrecision,
		ToFile:            toFile,
		Follow:            follow,

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
	// -e abbrev= says which calls are abbreviated (Check keeps it only
	// when it comes after -v, as strace: whichever comes last).
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
		o.Status = decode.StatusSuccessful
	}
	if d.Failed {
		o.Status = decode.StatusFailed
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

// decodePids is -e decode-pids= as the printers take it.
func decodePids(m int) int {
	out := 0
	if m&DecodePidComm != 0 {
		out |= decode.DecodePidComm
	}
	if m&DecodePidNS != 0 {
		out |= decode.DecodePidNS
	}
	return out
}

// strLimit is -s N as the printers take it (decode.NoStrings for 0).
func strLimit(n int) int {
	if n == 0 {
		return decode.NoStrings
	}
	return n
}

// Choice returns the value that v names in choices, or strace's error for
// a bad argument of flag.
func Choice[T any](flag, v string, choices map[string]T) (T, error) {
	if c, ok := choices[v]; ok {
		return c, nil
	}
	var zero T
	return zero, &Error{fmt.Sprintf("invalid %s argument: '%s'", flag, v)}
}
