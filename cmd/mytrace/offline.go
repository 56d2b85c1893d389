package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/options"
	"mytrace/replay"
	"mytrace/report"
	"mytrace/session"
)

// The commands that read a recording: print and stats.

// streamingGC lets the heap of print and stats grow to five times what
// is live before a collection, where Go's default is twice. What they
// keep is small and bounded however long the trace (a chunk, its
// streams, the process tree): at the default, collections while a large
// trace is printed cost about 4% of the run, and the peak RSS stays the
// same (docs/performance.md). export keeps what it writes, and diff both
// traces, so they keep the default. GOGC in the environment wins.
func streamingGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
}

// openTrace opens a recording and reads its header.
func openTrace(name string) (*format.Reader, func(), error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, fileError(name, err)
	}
	pr, endProgress := trackProgress(name, f)
	rd, err := format.NewReader(bufio.NewReaderSize(pr, 1<<20))
	if err != nil {
		endProgress()
		f.Close()
		// Cut before its first events, a file has nothing to show.
		if early := truncatedEarly(name, err); early != nil {
			return nil, nil, early
		}
		return nil, nil, fileError(name, err)
	}
	return rd, func() { endProgress(); f.Close() }, nil
}

// readError is what a command returns after reading a recording ended
// with err: nothing at its clean end; for a file cut short, a one-line
// warning and success (everything before the cut was used: a recorder
// that was killed leaves such a file); an error naming the file otherwise.
func readError(name string, err error) error {
	if early := truncatedEarly(name, err); early != nil {
		return early
	}
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return nil
	case errors.Is(err, format.ErrTruncated):
		fmt.Fprintf(os.Stderr, "mytrace: %s: warning: %v\n", name, err)
		return nil
	}
	return fileError(name, err)
}

// ErrNoEvents is the error of a recording cut before its first complete
// chunk of events: there is nothing to show.
var ErrNoEvents = errors.New("before any event")

// truncatedEarly is the error of a file cut before its first complete
// chunk of events ("t.trace: truncated at byte 129 before any event"),
// or nil if err is not that.
func truncatedEarly(name string, err error) error {
	var te *format.TruncatedError
	if errors.As(err, &te) && te.Chunks == 0 {
		return fmt.Errorf("%s: truncated at byte %d %w", name, te.Offset, ErrNoEvents)
	}
	return nil
}

func newPrint() *cobra.Command {
	var df displayFlags
	cmd := &cobra.Command{
		Use:   "print [flags] FILE",
		Short: "Print a recorded trace as strace would have",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := df.check(); err != nil {
				return err
			}
			// -c and -C: strace's summary, as the stats command counts.
			var stats *report.Stats
			if df.count || df.countBoth {
				st, err := df.summary.stats(df.Exprs.Trace, df.PrintOptions(true, false).Status)
				if err != nil {
					return err
				}
				stats = st
			}
			name := args[0]
			rd, closeTrace, err := openTrace(name)
			if err != nil {
				return err
			}
			defer closeTrace()
			streamingGC()
			out := os.Stdout
			var outW io.Writer = out
			if df.Output != "" && !df.Separate {
				o, err := openOutput(df.Output, df.AppendOut)
				if err != nil {
					return err
				}
				defer o.Close()
				out, outW = o, o
			} else if df.Separate {
				outW = io.Discard
			}
			noProgressOn(out)
			h := rd.Header()
			if h.StrLimit > 0 && df.StrLimit > int(h.StrLimit) {
				fmt.Fprintf(os.Stderr, "mytrace: %s: recorded with -s %d: strings and buffers are shown up to that length\n", name, h.StrLimit)
			}
			po := df.PrintOptions(true, h.Follow)
			if !po.InstructionPointer && po.Stack == nil {
				// Only -i and -k show what the registers hold.
				rd.SkipRegisters()
			}
			// What strace says on stderr about calls it tampered with goes
			// there when the trace does not (Messages).
			po.Diag = os.Stderr
			if df.Separate {
				po.Separate = separateOutputs(df.Output, df.AppendOut)
			}
			trace := stats == nil || df.countBoth
			var p eventPrinter = nopPrinter{}
			done := func() {}
			if trace {
				p, done = df.out.printer(outW, isTerminal(out) && !df.Separate, h, po)
			}
			unseen := newViewCheck(name, h, &df.Display)
			var lost uint64
			rerr := session.ReplayAll(rd, func(ev *replay.Event) {
				unseen.see(ev)
				if ev.Kind == replay.Lost {
					lost += ev.Raw.Msg
				}
				if stats != nil {
					stats.Add(ev)
				}
				p.Event(ev)
			})
			closeTrace() // clears the progress line before any message
			defer done()
			if err := p.Close(); err != nil {
				return err
			}
			if rerr == nil || errors.Is(rerr, io.EOF) {
				unseen.warn()
			}
			if lost > 0 {
				fmt.Fprintf(os.Stderr, "mytrace: %s: warning: %d events were lost while recording (the ring buffer was full); each gap is marked where it happened\n", name, lost)
			}
			if stats != nil {
				if err := df.summary.write(outW, stats); err != nil {
					return err
				}
			}
			return readError(name, rerr)
		},
	}
	df.register(cmd, false)
	options.Refuse(cmd.Flags(), false, "a tracing option", "a live trace (mytrace [flags] COMMAND) or mytrace record")
	return cmd
}

// nopPrinter prints nothing (print -c shows only the summary).
type nopPrinter struct{}

func (nopPrinter) Event(*replay.Event) {}
func (nopPrinter) Flush() error        { return nil }
func (nopPrinter) Close() error        { return nil }

func newStats() *cobra.Command {
	var exprs []string
	var successful, failed, asJSON bool
	var sf summaryFlags
	cmd := &cobra.Command{
		Use:   "stats [flags] FILE",
		Short: "Summarise a recorded trace: calls, errors and time per syscall (strace -c)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := sf.Summary.Check(); err != nil {
				return err
			}
			q, err := options.ParseExprs(exprs)
			if err != nil {
				return err
			}
			status := q.Status
			if successful {
				status |= decode.StatusSuccessful
			}
			if failed {
				status |= decode.StatusFailed
			}
			st, err := sf.stats(q.Trace, status)
			if err != nil {
				return err
			}
			name := args[0]
			rd, closeTrace, err := openTrace(name)
			if err != nil {
				return err
			}
			defer closeTrace()
			streamingGC()
			rd.SkipRegisters() // nothing counted comes from them
			rerr := session.ReplayAll(rd, st.Add)
			closeTrace() // clears the progress line before the table
			write := sf.write
			if asJSON {
				write = func(w io.Writer, st *report.Stats) error { return st.WriteJSON(w, sf.sortBy) }
			}
			if err := write(os.Stdout, st); err != nil {
				return err
			}
			return readError(name, rerr)
		},
	}
	options.ExprFlags(cmd.Flags(), &exprs, "count only the syscalls in trace=SET, the calls with status=SET")
	cmd.Flags().BoolVarP(&successful, "successful-only", "z", false, "count only calls that succeeded")
	cmd.Flags().BoolVarP(&failed, "failed-only", "Z", false, "count only calls that failed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write the summary as one JSON document (docs/json.md)")
	sf.register(cmd, true)
	return cmd
}
