package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/replay"
	"mytrace/report"
)

// The commands that read a recording: print and stats.

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
		return nil, nil, fileError(name, err)
	}
	return rd, func() { endProgress(); f.Close() }, nil
}

// readError is what a command returns after reading a recording ended
// with err: nothing at its clean end; for a file cut short, a one-line
// warning and success (everything before the cut was used: a recorder
// that was killed leaves such a file); an error naming the file otherwise.
func readError(name string, err error) error {
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return nil
	case errors.Is(err, format.ErrTruncated):
		fmt.Fprintf(os.Stderr, "mytrace: %s: warning: %v\n", name, err)
		return nil
	}
	return fileError(name, err)
}

// replayAll gives every replayed event of rd to f and returns how the
// reading ended (nil at a clean end).
func replayAll(rd *format.Reader, f func(*replay.Event)) error {
	rp := replay.New(rd)
	for {
		ev, err := rp.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		f(ev)
	}
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
			set, err := traceSet(df.exprs)
			if err != nil {
				return err
			}
			name := args[0]
			rd, closeTrace, err := openTrace(name)
			if err != nil {
				return err
			}
			defer closeTrace()
			out := os.Stdout
			var outW io.Writer = out
			if df.output != "" && !df.separate {
				o, err := openOutput(df.output, df.appendOut)
				if err != nil {
					return err
				}
				defer o.Close()
				out, outW = o, o
			} else if df.separate {
				outW = io.Discard
			}
			noProgressOn(out)
			h := rd.Header()
			if h.StrLimit > 0 && df.strLimit > int(h.StrLimit) {
				fmt.Fprintf(os.Stderr, "mytrace: %s: recorded with -s %d: strings and buffers are shown up to that length\n", name, h.StrLimit)
			}
			po := df.printOptions(set, true, h.Follow)
			if df.separate {
				po.Separate = separateOutputs(df.output, df.appendOut)
			}
			p, done := df.out.printer(outW, isTerminal(out) && !df.separate, h, po)
			var lost uint64
			rerr := replayAll(rd, func(ev *replay.Event) {
				if ev.Kind == replay.Lost {
					lost += ev.Raw.Msg
				}
				p.Event(ev)
			})
			closeTrace() // clears the progress line before any message
			defer done()
			if err := p.Close(); err != nil {
				return err
			}
			if lost > 0 {
				fmt.Fprintf(os.Stderr, "mytrace: %s: warning: %d events were lost while recording (the ring buffer was full); each gap is marked where it happened\n", name, lost)
			}
			return readError(name, rerr)
		},
	}
	df.register(cmd, false)
	return cmd
}

func newStats() *cobra.Command {
	var exprs []string
	var successful, failed, asJSON bool
	var sf summaryFlags
	cmd := &cobra.Command{
		Use:   "stats [flags] FILE",
		Short: "Summarise a recorded trace: calls, errors and time per syscall (strace -c)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := parseExprs(exprs)
			if err != nil {
				return err
			}
			status := q.status
			if successful {
				status |= decode.StatusSuccessful
			}
			if failed {
				status |= decode.StatusFailed
			}
			st, err := sf.stats(q.trace, status)
			if err != nil {
				return err
			}
			name := args[0]
			rd, closeTrace, err := openTrace(name)
			if err != nil {
				return err
			}
			defer closeTrace()
			rerr := replayAll(rd, st.Add)
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
	cmd.Flags().StringArrayVarP(&exprs, "expr", "e", nil, "count only the syscalls in trace=SET, the calls with status=SET")
	cmd.Flags().BoolVarP(&successful, "successful-only", "z", false, "count only calls that succeeded")
	cmd.Flags().BoolVarP(&failed, "failed-only", "Z", false, "count only calls that failed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write the summary as one JSON document (docs/json.md)")
	sf.register(cmd)
	return cmd
}
