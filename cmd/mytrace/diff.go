package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/options"
	"mytrace/report"
	"mytrace/session"
)

// mytrace diff: a semantic diff of two recordings (docs/diff.md). Exit
// status as diff(1): 0 the same after normalization, 1 different, 2
// trouble.

// diffTrouble reports a problem (an unreadable file, a bad flag) on one
// line and makes the command exit with status 2.
func diffTrouble(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	fmt.Fprintf(os.Stderr, "mytrace: diff: %s\n", oneLine(err))
	return &exitError{2}
}

// diffIgnore parses the --ignore lists: syscall names, %classes and
// /regexes as in -e trace=, and signal names (SIGCHLD...).
func diffIgnore(lists []string, o *report.DiffOptions) error {
	var calls []string
	for _, l := range lists {
		for _, tok := range strings.Split(l, ",") {
			tok = strings.TrimSpace(tok)
			if tok == "" {
				continue
			}
			if strings.HasPrefix(tok, "SIG") {
				n, ok := decode.SignalByName(tok)
				if !ok {
					return fmt.Errorf("--ignore: unknown signal '%s'", tok)
				}
				o.IgnoreSignals[n] = true
				continue
			}
			calls = append(calls, tok)
		}
	}
	if len(calls) > 0 {
		set, err := options.ParseTraceSet(strings.Join(calls, ","))
		if err != nil {
			return fmt.Errorf("--ignore: %w", err)
		}
		o.Ignore = set.Has
	}
	return nil
}

// readDiffTrace reads a recording into t (a new one when t is nil, else
// t's lines pass). A recording cut short is read up to the cut, with a
// warning.
func readDiffTrace(name string, o *report.DiffOptions, t *report.DiffTrace) (*report.DiffTrace, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	defer f.Close()
	rd, err := format.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		// Not a trace, or not even its header (an empty file).
		return nil, fileError(name, err)
	}
	rd.SkipRegisters() // nothing compared comes from them
	if t == nil {
		t = report.NewDiffTrace(name, rd.Header(), o)
	} else {
		t.LinesPass()
	}
	rerr := session.ReplayAll(rd, t.Add)
	t.Finish()
	if rerr != nil {
		if !errors.Is(rerr, format.ErrTruncated) {
			return nil, fileError(name, rerr)
		}
		t.Warning = rerr.Error()
	}
	return t, nil
}

// readBoth runs readDiffTrace on both recordings at once.
func readBoth(names []string, o *report.DiffOptions, ts *[2]*report.DiffTrace, need func(int) bool) error {
	var errs [2]error
	var wg sync.WaitGroup
	for i, name := range names {
		if !need(i) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts[i], errs[i] = readDiffTrace(name, o, ts[i])
		}()
	}
	wg.Wait()
	if len(names) == 2 && errors.Is(errs[0], format.ErrNotTrace) && errors.Is(errs[1], format.ErrNotTrace) {
		// Neither is a trace: diff(1)'s habits, perhaps the program
		// was meant.
		return fmt.Errorf("%w (to trace the program diff on these files: mytrace -- diff %s %s)", errs[0], names[0], names[1])
	}
	if errs[0] != nil {
		return errs[0]
	}
	return errs[1]
}

func newDiff() *cobra.Command {
	var (
		o            report.DiffOptions
		ignore       []string
		stat, asJSON bool
		sigchld      bool
		color        outputFlags
		moveWindow   int
	)
	cmd := &cobra.Command{
		Use:   "diff [flags] A.trace B.trace",
		Short: "Compare two recorded traces: where did the runs first behave differently?",
		Long: `Compare two recordings of a program: processes are matched by their place in
the process tree and their command lines, and each matched pair's syscalls are
aligned after removing what changes from run to run (pids, addresses, times,
inode numbers, random bytes, buffer contents). See docs/diff.md.

Exit status: 0 no difference, 1 differences, 2 trouble.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return diffTrouble(fmt.Errorf("needs two trace files, A.trace and B.trace (got %d)", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.StrLimit < 0 {
				return diffTrouble(fmt.Errorf("invalid -s argument: '%d'", o.StrLimit))
			}
			if o.Context < 0 {
				return diffTrouble(fmt.Errorf("invalid --context argument: '%d'", o.Context))
			}
			if o.Context == 0 {
				o.Context = -1 // no context lines (report's 0 means the default)
			}
			if err := color.check(); err != nil {
				return diffTrouble(err)
			}
			if moveWindow < 0 {
				return diffTrouble(fmt.Errorf("invalid --move-window argument: '%d'", moveWindow))
			}
			o.MoveWindow = moveWindow
			if moveWindow == 0 {
				o.MoveWindow = -1 // no moves (report's 0 means the default)
			}
			o.IgnoreSignals = report.DefaultIgnoredSignals()
			if sigchld {
				o.IgnoreSignals = map[int]bool{}
			}
			if err := diffIgnore(ignore, &o); err != nil {
				return diffTrouble(err)
			}
			var traces [2]*report.DiffTrace
			if err := readBoth(args, &o, &traces, func(int) bool { return true }); err != nil {
				return diffTrouble(err)
			}
			for i, t := range traces {
				if t.Warning != "" {
					fmt.Fprintf(os.Stderr, "mytrace: %s: warning: %s; comparing what was recorded\n", args[i], t.Warning)
				}
			}
			res := report.Diff(traces[0], traces[1], &o)
			// The lines the result shows are rendered in a second reading.
			if err := readBoth(args, &o, &traces, func(i int) bool { return traces[i].NeedsLines() }); err != nil {
				return diffTrouble(err)
			}
			res.FillLines()
			var err error
			if asJSON {
				err = res.WriteJSON(os.Stdout, stat)
			} else {
				err = res.WriteTextColor(os.Stdout, stat, color.colored(isTerminal(os.Stdout)))
			}
			if err != nil {
				return diffTrouble(err)
			}
			switch {
			case traces[0].Warning != "" || traces[1].Warning != "":
				return &exitError{2}
			case !res.Equal:
				return &exitError{1}
			}
			return nil
		},
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return diffTrouble(options.FlagError(c.Flags(), err)) })
	f := cmd.Flags()
	f.BoolVar(&o.IgnoreArgs, "ignore-args", false, "compare syscalls by name and result only")
	f.BoolVar(&o.IgnoreRetval, "ignore-retval", false, "leave return values and errors out of the comparison")
	f.BoolVar(&o.Data, "data", false, "compare the contents of buffers (read, write, send, recv...)")
	f.StringArrayVar(&ignore, "ignore", nil, "leave out `SYSCALLS`: names, %classes, /regex as in -e trace=, and signal names (SIGALRM)")
	f.BoolVar(&sigchld, "sigchld", false, "compare SIGCHLD deliveries too (left out by default: where they land depends on scheduling)")
	f.BoolVar(&stat, "stat", false, "print the summary only")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	f.IntVarP(&o.Context, "context", "U", 3, "show `N` unchanged calls around each change")
	options.StrLimit(f, &o.StrLimit, 32, "show at most N characters of each string")
	f.IntVar(&moveWindow, "move-window", report.DefaultMoveWindow, "a call that only moved by at most `N` places (signal and wait timing) is moved, not a difference; 0: never")
	f.StringVar(&color.color, "color", "auto", "color the diff as git does: `WHEN` is auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always or never")
	return cmd
}
