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
// (-c, -C) and the stats command.
type summaryFlags struct {
	sortBy     string
	columns    string
	wallClock  bool
	latency    bool
	perProcess bool
	perThread  bool
	top        int
	files      bool
}

func (s *summaryFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&s.sortBy, "summary-sort-by", "S", "time", "sort the summary by `KEY`: time, calls, errors, name, nothing")
	f.StringVarP(&s.columns, "summary-columns", "U", report.DefaultColumns, "the summary's `COLUMNS`: time-percent, total-time, min-time, max-time, avg-time, calls, errors, name, injected")
	f.BoolVarP(&s.wallClock, "summary-wall-clock", "w", false, "summarise the elapsed time of each call instead of the system CPU time")
	f.BoolVar(&s.latency, "latency", false, "add p50, p90, p99 and maximum latency columns to the summary")
	f.BoolVar(&s.perProcess, "per-process", false, "print a summary per process, then the total")
	f.BoolVar(&s.perThread, "per-thread", false, "print a summary per thread, then the total")
	f.IntVar(&s.top, "top", 0, "list the `N` slowest calls after the summary")
	f.BoolVar(&s.files, "files", false, "list the paths the program touched after the summary")
}

// stats checks the flags and returns an empty summary counting the
// syscalls in set (nil: all) with the -e status= / -z / -Z mask.
func (s *summaryFlags) stats(set *options.SyscallSet, status int) (*report.Stats, error) {
	if err := report.CheckSort(s.sortBy); err != nil {
		return nil, err
	}
	if _, err := report.ParseColumns(s.columns); err != nil {
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
		WallClock:  s.wallClock,
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
	cols, err := report.ParseColumns(s.columns)
	if err != nil {
		return err
	}
	return st.WriteTables(w, s.sortBy, cols)
}
