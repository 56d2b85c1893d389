package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/format"
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
	count      bool
	countBoth  bool
	sortBy     string
}

func (d *displayFlags) register(cmd *cobra.Command, live bool) {
	f := cmd.Flags()
	f.IntVarP(&d.strLimit, "string-limit", "s", 32, "show at most `N` characters of each string")
	f.CountVarP(&d.hex, "strings-in-hex", "x", "show non-ASCII strings in hexadecimal (-xx: all strings)")
	f.BoolVarP(&d.verbose, "no-abbrev", "v", false, "show structures, argv and environment in full")
	f.CountVarP(&d.timestamps, "absolute-timestamps", "t", "prefix lines with the time of day (-tt: with microseconds, -ttt: since the epoch)")
	f.BoolVarP(&d.relative, "relative-timestamps", "r", false, "prefix lines with the time since the previous one")
	f.BoolVarP(&d.durations, "syscall-times", "T", false, "show the time spent in each syscall")
	f.CountVarP(&d.decorate, "decode-fds", "y", "show what file descriptors refer to: 3</etc/passwd>")
	f.StringArrayVarP(&d.exprs, "expr", "e", nil, "qualifying `EXPR`: trace=SET (names, %classes, /regex, !negation)")
	where := "write the trace to `FILE` instead of stderr"
	if !live {
		where = "write the text to `FILE` instead of stdout"
	}
	f.StringVarP(&d.output, "output", "o", "", where)
	if live {
		f.BoolVarP(&d.count, "summary-only", "c", false, "count calls, errors and time per syscall and print only the summary")
		f.BoolVarP(&d.countBoth, "summary", "C", false, "like -c, and print the trace too")
		f.StringVarP(&d.sortBy, "summary-sort-by", "S", "time", "sort the summary by `KEY`: time, calls, errors, name, nothing")
	}
}

// traceFlags are the options of a tracing run (live or record).
type traceFlags struct {
	follow    int
	noSeccomp bool
}

func (t *traceFlags) register(cmd *cobra.Command) {
	cmd.Flags().CountVarP(&t.follow, "follow-forks", "f", "trace child processes and threads")
	cmd.Flags().BoolVar(&t.noSeccomp, "no-seccomp", false, "with -e trace=, stop at every syscall instead of letting the kernel skip the others")
}

func (t *traceFlags) check() error {
	if t.follow > 1 {
		return errors.New("-ff (one output file per process) is not supported yet; use -f")
	}
	return nil
}

// traceSet parses the -e expressions into the set of syscalls to show.
// It returns nil when every syscall is shown.
func traceSet(exprs []string) (*decode.SyscallSet, error) {
	var set *decode.SyscallSet
	for _, e := range exprs {
		q, v, ok := strings.Cut(e, "=")
		if !ok {
			q, v = "trace", e
		}
		switch q {
		case "trace", "t":
			s, err := decode.ParseTraceSet(v)
			if err != nil {
				return nil, err
			}
			set = s
		default:
			return nil, fmt.Errorf("invalid -e qualifier '%s' (this version supports trace=)", q)
		}
	}
	return set, nil
}

func (d *displayFlags) check() error {
	if d.strLimit < 0 {
		return fmt.Errorf("invalid -s argument: '%d'", d.strLimit)
	}
	if d.hex > 2 {
		d.hex = 2
	}
	if d.timestamps > 3 {
		d.timestamps = 3
	}
	return nil
}

// printOptions builds the printer's options.
func (d *displayFlags) printOptions(set *decode.SyscallSet, toFile, follow bool) decode.PrintOptions {
	o := decode.PrintOptions{
		Options:    decode.Options{StrLimit: d.strLimit, Hex: d.hex, Verbose: d.verbose, Decorate: d.decorate},
		Timestamps: d.timestamps,
		Relative:   d.relative,
		Durations:  d.durations,
		ToFile:     toFile,
		Follow:     follow,
	}
	if set != nil {
		o.Trace = set.Has
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
