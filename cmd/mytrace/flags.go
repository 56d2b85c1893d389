package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/decode/sysent"
	"mytrace/decode/unwind"
	"mytrace/format"
	"mytrace/record"
)

// displayFlags are strace's output options, shared by live tracing and
// print.
type displayFlags struct {
	strLimit   int
	hex        int
	verbose    bool
	timestamps int
	relative   bool
	durations  bool
	exprs      []string
	output     string
	decorate   int
	successful bool
	failed     bool
	quiet      int
	paths      []string
	quals      *qualifiers
	count      bool
	countBoth  bool
	// attaching: -p was given; strace's quiet-with-a-file default is
	// only for launched commands.
	attaching bool
	summary   summaryFlags
	out       outputFlags // --json, --color
	stack     bool        // -k: call stacks
	// offline: the flags of print, where nothing is traced (-e inject=
	// is refused).
	offline bool
	// appendOut: -A, append to the -o file(s).
	appendOut bool
	// separate: --output-separately (or -ff): with -o FILE, one file per
	// task, FILE.TID. follow is print's -f count (live tracing has
	// traceFlags.follow).
	separate bool
	follow   int
	ip       bool // -i
	numbers  bool // -n
	column   int  // -a
	// readFds, writeFds: --read=SET and --write=SET, the same as -e
	// read=SET and -e write=SET.
	readFds, writeFds []string
	// constStyle: -X raw|abbrev|verbose; style is what it says.
	constStyle string
	style      decode.ConstStyle
}

func (d *displayFlags) register(cmd *cobra.Command, live bool) {
	d.offline = !live
	f := cmd.Flags()
	f.IntVarP(&d.strLimit, "string-limit", "s", 32, "show at most `N` characters of each string")
	f.CountVarP(&d.hex, "strings-in-hex", "x", "show non-ASCII strings in hexadecimal (-xx: all strings)")
	f.BoolVarP(&d.verbose, "no-abbrev", "v", false, "show structures, argv and environment in full")
	f.CountVarP(&d.timestamps, "absolute-timestamps", "t", "prefix lines with the time of day (-tt: with microseconds, -ttt: since the epoch)")
	f.BoolVarP(&d.relative, "relative-timestamps", "r", false, "prefix lines with the time since the previous one")
	f.BoolVarP(&d.durations, "syscall-times", "T", false, "show the time spent in each syscall")
	stackHelp := "show the call stack of each syscall and signal"
	if !live {
		stackHelp += " (of a recording made with record -k)"
	}
	f.BoolVarP(&d.stack, "stack-traces", "k", false, stackHelp)
	f.CountVarP(&d.decorate, "decode-fds", "y", "show what file descriptors refer to: 3</etc/passwd>")
	f.BoolVarP(&d.successful, "successful-only", "z", false, "show only calls that succeeded (-e status=successful)")
	f.BoolVarP(&d.failed, "failed-only", "Z", false, "show only calls that failed (-e status=failed)")
	f.CountVarP(&d.quiet, "quiet", "q", "suppress attach messages (-qq: and exit messages, -qqq: everything)")
	f.StringArrayVarP(&d.paths, "trace-path", "P", nil, "show only calls that touch `PATH` (by name or through a descriptor)")
	exprHelp := "qualifying `EXPR`: trace=SET (names, %classes, /regex, !negation), abbrev=SET, verbose=SET, raw=SET, signal=SET, status=SET, quiet=SET, decode-fds=SET, read=FDS, write=FDS"
	if live {
		exprHelp += "; " + injectHelp
	}
	f.StringArrayVarP(&d.exprs, "expr", "e", nil, exprHelp)
	where := "write the trace to `FILE` instead of stderr"
	if !live {
		where = "write the text to `FILE` instead of stdout"
	}
	f.StringVarP(&d.output, "output", "o", "", where)
	f.BoolVarP(&d.appendOut, "output-append-mode", "A", false, "append to the -o file instead of truncating it")
	f.BoolVar(&d.separate, "output-separately", false, "with -o FILE, write each process's (thread's) lines to FILE.PID, without the pid prefix (as -ff)")
	if !live {
		f.CountVarP(&d.follow, "follow-forks", "f", "accepted for strace compatibility (a recording says whether it followed forks); -ff is --output-separately")
	}
	f.BoolVarP(&d.ip, "instruction-pointer", "i", false, "prefix each line with the instruction pointer at the time of the call")
	f.BoolVarP(&d.numbers, "syscall-number", "n", false, "prefix each line with the syscall's number")
	f.IntVarP(&d.column, "columns", "a", 40, "align the results of syscalls on `COLUMN`")
	f.StringVarP(&d.constStyle, "const-print-style", "X", "abbrev", "show named constants and flags as `FORMAT`: raw (numbers), abbrev (names) or verbose (both)")
	f.StringArrayVar(&d.readFds, "read", nil, "dump in hexadecimal and ASCII all the data read from the descriptors in `SET` (-e read=SET)")
	f.StringArrayVar(&d.writeFds, "write", nil, "dump in hexadecimal and ASCII all the data written to the descriptors in `SET` (-e write=SET)")
	d.out.register(cmd)
	if live {
		f.BoolVarP(&d.count, "summary-only", "c", false, "count calls, errors and time per syscall and print only the summary")
		f.BoolVarP(&d.countBoth, "summary", "C", false, "like -c, and print the trace too")
		d.summary.register(cmd)
	}
}

// traceFlags are the options of a tracing run (live or record).
type traceFlags struct {
	follow    int
	noSeccomp bool
	pids      []string
	// cpu: --cpu (co-locate tracer and command on one CPU); cpuN is
	// the CPU, -1 for the one mytrace runs on.
	cpu  string
	cpuN int
	// seccompBPF: --seccomp-bpf, a no-op (filtering in the kernel is the
	// default).
	seccompBPF bool
	// awake: --awake (auto, spin or off), awakeMode what it says.
	awake     string
	awakeMode record.AwakeMode
	// env: -E VAR=VAL (set) and -E VAR (remove), in order.
	env []string
	// user: -u USERNAME; runAs is that user, looked up by check.
	user  string
	runAs *record.User
	// backend: --backend and --bpf-buffer (backend.go).
	backend backendFlags
}

// environ is the environment of the command: mytrace's, changed by the
// -E options in order (VAR=VAL sets VAR, in its place if it was set;
// VAR removes it), or nil for mytrace's own unchanged.
func (t *traceFlags) environ() []string {
	if len(t.env) == 0 {
		return nil
	}
	env := os.Environ()
	for _, change := range t.env {
		name, _, set := strings.Cut(change, "=")
		kept := env[:0:0]
		replaced := false
		for _, kv := range env {
			if k, _, _ := strings.Cut(kv, "="); k == name {
				if set && !replaced {
					kept = append(kept, change)
					replaced = true
				}
				continue
			}
			kept = append(kept, kv)
		}
		if set && !replaced {
			kept = append(kept, change)
		}
		env = kept
	}
	return env
}

func (t *traceFlags) register(cmd *cobra.Command) {
	cmd.Flags().CountVarP(&t.follow, "follow-forks", "f", "trace child processes and threads")
	cmd.Flags().StringArrayVarP(&t.pids, "attach", "p", nil, "attach to the running process `PID` (all its threads; also PID,PID...) instead of starting a command")
	cmd.Flags().BoolVar(&t.noSeccomp, "no-seccomp", false, "with -e trace=, stop at every syscall instead of letting the kernel skip the others")
	cmd.Flags().BoolVar(&t.seccompBPF, "seccomp-bpf", false, "accepted for strace compatibility and does nothing: with -e trace=, mytrace lets the kernel skip the other syscalls (seccomp-bpf) by default")
	cmd.Flags().StringArrayVarP(&t.env, "env", "E", nil, "run the command with `VAR=VAL` in its environment, or without VAR (-E VAR)")
	cmd.Flags().StringVar(&t.cpu, "cpu", "", "run the tracer and the command on one `CPU` (default: the one mytrace starts on): much faster, but the command sees a single CPU and its threads share it")
	cmd.Flags().Lookup("cpu").NoOptDefVal = "auto"
	cmd.Flags().StringVar(&t.awake, "awake", "auto", "keep idle CPUs from sleeping while syscalls come fast: `MODE` auto (a 0 µs PM QoS latency request when root may make it, else spin), spin (a lowest-priority spinning thread) or off")
	cmd.Flags().StringVarP(&t.user, "user", "u", "", "run the command as `USERNAME`: its user and group ids and supplementary groups (needs root)")
	t.backend.register(cmd)
}

func (t *traceFlags) check() error {
	t.cpuN = -1
	if t.user != "" {
		u, err := lookupUser(t.user)
		if err != nil {
			return err
		}
		t.runAs = u
	}
	var err error
	if t.awakeMode, err = choice("--awake", t.awake, map[string]record.AwakeMode{
		"auto": record.AwakeAuto, "spin": record.AwakeSpin, "off": record.AwakeOff,
	}); err != nil {
		return err
	}
	if t.cpu != "" {
		if len(t.pids) > 0 {
			return errors.New("--cpu applies to a command mytrace starts, not to -p")
		}
		if t.cpu != "auto" {
			n, err := strconv.Atoi(t.cpu)
			if err != nil || n < 0 {
				return fmt.Errorf("invalid --cpu argument: '%s'", t.cpu)
			}
			t.cpuN = n
		}
		if err := record.CheckCPU(t.cpuN); err != nil {
			return fmt.Errorf("--cpu: %w", err)
		}
	}
	return nil
}

// traceSet parses the -e expressions and returns the set of syscalls to
// show, or nil when every syscall is shown.
func traceSet(exprs []string) (*decode.SyscallSet, error) {
	q, err := parseExprs(exprs)
	if err != nil {
		return nil, err
	}
	return q.trace, nil
}

// qualifiers are the -e expressions (strace's qualifiers).
type qualifiers struct {
	trace    *decode.SyscallSet // nil: all
	signals  *decode.TokenSet   // nil: all
	status   int                // decode.Status* mask, 0: all
	quiet    int                // decode.Quiet* mask
	quietSet bool               // -e quiet= was given
	decorate int                // -e decode-fds=: what -y would set
	// inject: the -e inject= and -e fault= rules, in order (inject.go).
	inject []*decode.InjectRule
	// readFds, writeFds: -e read=SET, -e write=SET (nil: none).
	readFds, writeFds *decode.TokenSet
	// abbrev, verbose, raw: -e abbrev=SET, -e verbose=SET, -e raw=SET
	// (nil: not given).
	abbrev, verbose, raw *decode.SyscallSet
}

// parseExprs parses strace's -e qualifiers: trace=, signal=, status=,
// quiet=, decode-fds=, inject= and fault=. A bare SET means trace=SET.
func parseExprs(exprs []string) (*qualifiers, error) {
	q := &qualifiers{}
	for _, e := range exprs {
		name, v, ok := strings.Cut(e, "=")
		if !ok {
			name, v = "trace", e
		}
		var err error
		switch name {
		case "trace", "t":
			q.trace, err = decode.ParseTraceSet(v)
		case "abbrev", "a":
			q.abbrev, err = decode.ParseTraceSet(v)
		case "verbose", "v":
			q.verbose, err = decode.ParseTraceSet(v)
		case "raw", "x":
			q.raw, err = decode.ParseTraceSet(v)
		case "signal", "signals", "s":
			q.signals, err = decode.ParseSignalSet(v)
		case "status":
			q.status, err = decode.ParseStatusSet(v)
		case "quiet", "silent", "silence", "q":
			q.quiet, err = decode.ParseQuietSet(v)
			q.quietSet = true
		case "inject", "fault":
			var r *decode.InjectRule
			r, err = decode.ParseInject(v, name == "fault")
			q.inject = append(q.inject, r)
		case "read", "reads", "r":
			q.readFds, err = decode.ParseFdSet("read", v)
		case "write", "writes", "w":
			q.writeFds, err = decode.ParseFdSet("write", v)
		case "decode-fds":
			switch v {
			case "none":
				q.decorate = 0
			case "path":
				q.decorate = 1
			default:
				q.decorate = 2
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

func (d *displayFlags) check() error {
	if d.strLimit < 0 {
		return fmt.Errorf("invalid -s argument: '%d'", d.strLimit)
	}
	if err := d.out.check(); err != nil {
		return err
	}
	if d.hex > 2 {
		d.hex = 2
	}
	if d.timestamps > 3 {
		d.timestamps = 3
	}
	if d.column < 0 {
		return fmt.Errorf("invalid -a argument: '%d'", d.column)
	}
	var err error
	if d.style, err = choice("-X", d.constStyle, map[string]decode.ConstStyle{
		"raw": decode.StyleRaw, "abbrev": decode.StyleAbbrev, "verbose": decode.StyleVerbose,
	}); err != nil {
		return err
	}
	for _, v := range d.readFds {
		d.exprs = append(d.exprs, "read="+v)
	}
	for _, v := range d.writeFds {
		d.exprs = append(d.exprs, "write="+v)
	}
	d.readFds, d.writeFds = nil, nil
	if d.follow > 1 {
		d.separate = true
	}
	if d.output == "" {
		// As strace: -ff without -o is -f; -A does nothing.
		d.separate = false
		d.appendOut = false
	}
	if err := d.checkSeparate(); err != nil {
		return err
	}
	q, err := parseExprs(d.exprs)
	if err != nil {
		return err
	}
	if d.offline && len(q.inject) > 0 {
		return errInjectOffline
	}
	d.quals = q
	if q.decorate > d.decorate {
		d.decorate = q.decorate
	}
	return nil
}

// printOptions builds the printer's options.
func (d *displayFlags) printOptions(set *decode.SyscallSet, toFile, follow bool) decode.PrintOptions {
	o := decode.PrintOptions{
		Options:    decode.Options{StrLimit: d.strLimit, Hex: d.hex, Verbose: d.verbose, Decorate: d.decorate, Style: d.style},
		Timestamps: d.timestamps,
		Relative:   d.relative,
		Durations:  d.durations,
		ToFile:     toFile,
		Follow:     follow,

		InstructionPointer: d.ip,
		SyscallNumber:      d.numbers,
		// -a 0 is column 1: no line's " = " comes before it.
		Column: max(d.column, 1),
	}
	if d.stack {
		o.Stack = unwind.New()
	}
	if set != nil {
		o.Trace = set.Has
	}
	q := d.quals
	if q != nil && q.signals != nil {
		o.Signals = q.signals.Has
	}
	if q != nil {
		// -e abbrev= says which calls are abbreviated, whatever -v
		// says (strace: whichever comes last).
		if q.abbrev != nil {
			o.AbbrevCall = q.abbrev.Has
		}
		if q.verbose != nil {
			o.VerboseCall = q.verbose.Has
		}
		if q.raw != nil {
			o.RawCall = q.raw.Has
		}
		o.Status = q.status
		if q.readFds != nil {
			o.DumpRead = q.readFds.Has
		}
		if q.writeFds != nil {
			o.DumpWrite = q.writeFds.Has
		}
	}
	if d.successful {
		o.Status |= decode.StatusSuccessful
	}
	if d.failed {
		o.Status |= decode.StatusFailed
	}
	// strace is quiet about attaching and personalities by default when it
	// writes to a file; -q, -qq, -qqq and -e quiet= say otherwise.
	switch {
	case q != nil && q.quietSet:
		o.Quiet = q.quiet
	case d.quiet == 1:
		o.Quiet = decode.QuietAttach | decode.QuietPersonality
	case d.quiet == 2:
		o.Quiet = decode.QuietAttach | decode.QuietPersonality | decode.QuietExit
	case d.quiet >= 3:
		o.Quiet = decode.QuietAll
	case toFile && !d.attaching:
		o.Quiet = decode.QuietAttach | decode.QuietPersonality
	}
	// As strace, a -P path that resolves to another (a symbolic link)
	// selects both.
	for _, path := range d.paths {
		o.Paths = append(o.Paths, path)
		if real, err := filepath.EvalSymlinks(path); err == nil && real != path {
			if abs, err := filepath.Abs(real); err == nil {
				o.Paths = append(o.Paths, abs)
			}
		}
	}
	return o
}

// recordFilter turns a syscall set into the recorder's filter.
func recordFilter(set *decode.SyscallSet) func(int) bool {
	if set == nil {
		return nil
	}
	return func(nr int) bool { return set.Has(uint64(nr), format.ArchX86_64) }
}

// dumpLimits adds the -e read= and -e write= sets of exprs to capture
// limits: those descriptors' data is captured in full.
func dumpLimits(l sysent.Limits, exprs []string) sysent.Limits {
	q, err := parseExprs(exprs)
	if err != nil {
		return l
	}
	if q.readFds != nil {
		l.DumpRead = q.readFds.Has
	}
	if q.writeFds != nil {
		l.DumpWrite = q.writeFds.Has
	}
	return l
}

// openOutput creates (or, with -A, appends to) an output file, as strace
// opens its -o file.
func openOutput(name string, appendOut bool) (*os.File, error) {
	if appendOut {
		return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
	}
	return os.Create(name)
}

// separateOutputs returns the printer's Separate function for -ff -o
// FILE: each task's lines go to FILE.TID, created (or appended to) when
// the task appears, as strace does; a file that cannot be opened is
// reported once and its lines dropped.
func separateOutputs(name string, appendOut bool) func(int32) io.Writer {
	return func(tid int32) io.Writer {
		path := name + "." + strconv.Itoa(int(tid))
		f, err := openOutput(path, appendOut)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mytrace: Can't fopen '%s': %v\n", path, err)
			return io.Discard
		}
		return f
	}
}

// checkSeparate refuses what cannot go with -ff.
func (d *displayFlags) checkSeparate() error {
	if !d.separate {
		return nil
	}
	if d.count || d.countBoth {
		return errors.New("(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive")
	}
	if d.out.json {
		return errors.New("--json and -ff/--output-separately are mutually exclusive")
	}
	return nil
}

// choice returns the value that v names in choices, or strace's error for
// a bad argument of flag.
func choice[T any](flag, v string, choices map[string]T) (T, error) {
	if c, ok := choices[v]; ok {
		return c, nil
	}
	var zero T
	return zero, fmt.Errorf("invalid %s argument: '%s'", flag, v)
}
