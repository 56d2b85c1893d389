package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/options"
	"mytrace/report"
)

// summaryFlags are the options of the -c summary, shared by live tracing
// (-c, -C), print and the stats command: strace's (-S, -U, -w, -O:
// package options) and mytrace's own.
type summaryFlags struct {
	options.Summary
	sortBy string // Summary.SortBy, or time, once stats checked it
	// allStatuses: count calls whatever -z, -Z or -e status= show, as
	// strace -c does (live and print; the stats command filters).
	allStatuses bool
	latency     bool
	perProcess  bool
	perThread   bool
	top         int
	files       bool
}

// register declares the summary's flags; withStrace declares strace's
// -S, -U, -w and -O too (stats: the display flags have them otherwise).
func (s *summaryFlags) register(cmd *cobra.Command, withStrace bool) {
	f := cmd.Flags()
	if withStrace {
		s.Summary.Register(f)
	}
	f.BoolVar(&s.latency, "latency", false, "add p50, p90, p99 and maximum latency columns to the summary")
	f.BoolVar(&s.perProcess, "per-process", false, "print a summary per process, then the total")
	f.BoolVar(&s.perThread, "per-thread", false, "print a summary per thread, then the total")
	f.IntVar(&s.top, "top", 0, "list the `N` slowest calls after the summary")
	f.BoolVar(&s.files, "files", false, "list the paths the program touched after the summary")
}

// stats checks the flags and returns an empty summary counting the
// syscalls in set (nil: all) with the -e status= / -z / -Z mask.
func (s *summaryFlags) stats(set *options.SyscallSet, status int) (*report.Stats, error) {
	if s.allStatuses {
		status = 0
	}
	if s.SortBy == "" {
		s.SortBy = "time"
	}
	if s.Columns == "" {
		s.Columns = report.DefaultColumns
	}
	s.sortBy = s.SortBy
	if err := report.CheckSort(s.SortBy); err != nil {
		return nil, err
	}
	if _, err := report.ParseColumns(s.Columns); err != nil {
		return nil, err
	}
	if s.top < 0 {
		return nil, errors.New("invalid --top argument: must be 0 or more")
	}
	if s.perProcess && s.perThread {
		return nil, errors.New("--per-process and --per-thread are mutually exclusive")
	}
	st := report.NewStatsWith(report.Options{
		Successful: status&decode.StatusSuccessful != 0,
		Failed:     status&decode.StatusFailed != 0,
		WallClock:  s.WallClock,
		Overhead:   s.Overhead,
		Latency:    s.latency,
		PerProcess: s.perProcess,
		PerThread:  s.perThread,
		Top:        s.top,
		Files:      s.files,
	})
	if set != nil {
		st.Trace = set.Has
	}
	return st, nil
}

// write prints the summary.
func (s *summaryFlags) write(w io.Writer, st *report.Stats) error {
	cols, err := report.ParseColumns(s.Columns)
	if err != nil {
		return err
	}
	return st.WriteTables(w, s.SortBy, cols)
}
