package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/decode/sysent"
	"mytrace/format"
	"mytrace/record"
	"mytrace/replay"
	"mytrace/report"
)

// Capture limits of a recording made with "mytrace record".
const defaultRecordStrLimit = 256

// launch resolves and starts the command under trace.
func launch(argv []string, opts record.Options) (recorder, error) {
	path, err := record.LookPath(argv[0])
	if err != nil {
		return nil, err
	}
	rec, err := record.Launch(path, argv, opts)
	if err == nil && rec.Notice() != "" {
		fmt.Fprintf(os.Stderr, "mytrace: %s\n", rec.Notice())
	}
	return rec, err
}

// handleSignals forwards the signals that end a tracing session to the
// traced command, as strace does, and lets the recording finish when the
// command ends. interactive is strace's notion: output to the terminal,
// where an interrupt is also for the tracer; otherwise the command, in the
// same process group, gets a terminal's SIGINT by itself.
func handleSignals(rec recorder, interactive bool) func() {
	return onSignals(func(sig syscall.Signal) {
		if interactive || sig == syscall.SIGTERM || sig == syscall.SIGHUP {
			rec.Signal(sig)
		}
	})
}

// onSignals calls fn, on a goroutine of its own, for each of the signals
// that end a tracing session (SIGINT, SIGQUIT, SIGTERM, SIGHUP) until the
// returned function is called. SIGPIPE is caught and ignored: a closed
// output pipe is reported as a write error, not by dying of it.
func onSignals(fn func(syscall.Signal)) (stop func()) {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGPIPE)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				if sig := s.(syscall.Signal); sig != syscall.SIGPIPE {
					fn(sig)
				}
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

// live traces a command and prints as it goes: the recorder streams events
// through an uncompressed in-memory trace to the same reader, replayer and
// printer that "mytrace print" uses.
func live(argv []string, df *displayFlags, tf *traceFlags) error {
	if err := df.check(); err != nil {
		return err
	}
	if err := tf.check(); err != nil {
		return err
	}
	if err := tf.backend.check(df.exprs, tf); err != nil {
		return err
	}
	if tf.follow > 1 && df.output != "" {
		df.separate = true // -ff
	}
	if err := df.checkSeparate(); err != nil {
		return err
	}
	// Checked before the command starts, used only with -c or -C.
	stats, err := df.summary.stats(nil, 0)
	if err != nil {
		return err
	}
	set, err := traceSet(df.exprs)
	if err != nil {
		return err
	}
	inject, err := injections(df.exprs)
	if err != nil {
		return err
	}
	out := os.Stderr
	var outW io.Writer = out
	if df.output != "" && !df.separate {
		f, err := openOutput(df.output, df.appendOut)
		if err != nil {
			return err
		}
		defer f.Close()
		out, outW = f, f
	} else if df.separate {
		// -ff: every task writes FILE.TID; nothing goes to stderr.
		outW = io.Discard
	}
	tty := isTerminal(out) && !df.separate
	df.attaching = len(tf.pids) > 0
	po := df.printOptions(set, df.output != "", tf.follow > 0)
	po.Messages = df.output == ""
	if df.separate {
		po.Separate = separateOutputs(df.output, df.appendOut)
	}
	rec, err := start(argv, tf, record.Options{
		Follow: tf.follow > 0,
		Env:    tf.environ(),
		Limits: dumpLimits(sysent.Limits{Str: df.strLimit, Path: sysent.DefaultPathMax, Verbose: df.verbose || (df.quals != nil && df.quals.abbrev != nil)}, df.exprs),
		// Registers are decoded only for -i (the instruction pointer):
		// without it, one ptrace call less per stop.
		Regs:  df.ip,
		Trace: recordFilter(set),
		Stack: df.stack && !df.count, // -c shows no stack
		// What descriptors refer to is needed for -y, and under -v for
		// structures that depend on it (bpf object information).
		FdPaths: df.decorate > 0 || df.verbose || len(df.paths) > 0,
		// -yy: the addresses of sockets too.
		SockDetails: df.decorate > 1,
		Seccomp:     !tf.noSeccomp && !injectsSignals(inject),
		// Output appears as the calls happen, as strace's does: the
		// recorder hands over its events whenever it would wait, and
		// the printer flushes before it waits for more.
		FlushWhenIdle: true,
		Inject:        inject,
		Colocate:      tf.cpu != "",
		CPU:           tf.cpuN,
		Awake:         tf.awakeMode,
	}, po.Quiet&decode.QuietAttach != 0)
	if err != nil {
		return err
	}
	quietStdio()
	stop := sessionSignals(rec, df.attaching, df.output == "")

	pr, pw := io.Pipe()
	if df.count || df.countBoth {
		if stats, err = df.summary.stats(set, po.Status); err != nil {
			return err
		}
	} else {
		stats = nil
	}
	printed := make(chan error, 1)
	go func() {
		err := printStream(pr, outW, po, tty, stats, df.countBoth, &df.out)
		// Keep draining so the recorder never blocks on a dead printer.
		io.Copy(io.Discard, pr)
		printed <- err
	}()
	w, err := format.NewWriter(pw, rec.Header(), format.WithCompression(false), format.WithChunkSize(64<<10))
	if err != nil {
		return err
	}
	res := rec.Run(w)
	sig := stop()
	werr := w.Close()
	pw.Close()
	perr := <-printed
	if !po.Messages && po.Quiet&decode.QuietAttach == 0 {
		detachMessages(res) // the printer said it in the output otherwise
	}
	lostWarning(res)
	if res.SinkErr != nil {
		return res.SinkErr
	}
	if werr != nil {
		return werr
	}
	if perr != nil {
		return perr
	}
	if stats != nil {
		write := df.summary.write
		if df.out.json {
			write = func(w io.Writer, st *report.Stats) error { return st.WriteJSON(w, df.summary.sortBy) }
		}
		if err := write(out, stats); err != nil {
			return err
		}
	}
	return &exitError{sessionStatus(res, sig)}
}

// flushReader calls flush before each read of the stream, which may wait
// for the recorder: what was printed is out before mytrace waits.
type flushReader struct {
	r     io.Reader
	flush func()
}

func (f *flushReader) Read(b []byte) (int, error) {
	if f.flush != nil {
		f.flush()
	}
	return f.r.Read(b)
}

// printStream reads a trace from r and prints it to out; with stats, it
// also counts the calls, and prints only the summary unless both is set.
func printStream(r io.Reader, out io.Writer, po decode.PrintOptions, flushEach bool, stats *report.Stats, both bool, of *outputFlags) error {
	fr := &flushReader{r: r}
	rd, err := format.NewReader(fr)
	if err != nil {
		return err
	}
	trace := stats == nil || both
	p, done := of.printer(out, flushEach, rd.Header(), po)
	defer done()
	fr.flush = func() { p.Flush() }
	err = replayAll(rd, func(ev *replay.Event) {
		if stats != nil {
			stats.Add(ev)
		}
		if trace {
			p.Event(ev)
			if flushEach {
				p.Flush()
			}
		}
	})
	p.Close()
	return err
}

func newRecord() *cobra.Command {
	var tf traceFlags
	var output string
	var strLimit int
	var verbose bool
	var exprs []string
	var chunkSize int
	var quiet int
	var stack, noRegs bool
	cmd := &cobra.Command{
		Use:   "record [flags] -o FILE [--] COMMAND [ARG...]",
		Short: "Record a command's syscalls and signals to a trace file",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if output == "" {
				return errors.New("record: -o FILE is required")
			}
			if len(args) == 0 && len(tf.pids) == 0 {
				return errors.New("record: must have COMMAND [ARGS] or -p PID")
			}
			if err := tf.check(); err != nil {
				return err
			}
			if err := tf.backend.check(exprs, &tf); err != nil {
				return err
			}
			if strLimit < 0 {
				return fmt.Errorf("invalid -s argument: '%d'", strLimit)
			}
			set, err := traceSet(exprs)
			if err != nil {
				return err
			}
			inject, err := injections(exprs)
			if err != nil {
				return err
			}
			rec, err := start(args, &tf, record.Options{
				Follow:      tf.follow > 0,
				Env:         tf.environ(),
				Limits:      dumpLimits(sysent.Limits{Str: strLimit, Path: sysent.DefaultPathMax, Verbose: true}, exprs),
				Regs:        !noRegs,
				Trace:       recordFilter(set),
				FdPaths:     true,
				SockDetails: true,
				Stack:       stack,
				Seccomp:     !tf.noSeccomp && !injectsSignals(inject),
				Inject:      inject,

				Colocate: tf.cpu != "",
				CPU:      tf.cpuN,
				Awake:    tf.awakeMode,
			}, quiet > 0)
			if err != nil {
				return err
			}
			f, err := os.Create(output)
			if err != nil {
				abandon(rec, len(tf.pids) > 0)
				return err
			}
			defer f.Close()
			h := rec.Header()
			for _, e := range exprs {
				h.Filter += e
			}
			bw := bufio.NewWriterSize(f, 1<<20)
			w, err := format.NewWriter(bw, h, format.WithChunkSize(chunkSize))
			if err != nil {
				abandon(rec, len(tf.pids) > 0)
				return err
			}
			quietStdio()
			stop := sessionSignals(rec, len(tf.pids) > 0, false)
			res := rec.Run(w)
			sig := stop()
			if err := w.Close(); err != nil {
				return fmt.Errorf("%s: %w", output, err)
			}
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("%s: %w", output, err)
			}
			if err := f.Close(); err != nil {
				return fmt.Errorf("%s: %w", output, err)
			}
			if res.SinkErr != nil {
				return fmt.Errorf("%s: %w", output, res.SinkErr)
			}
			if quiet == 0 {
				detachMessages(res)
			}
			lostWarning(res)
			return &exitError{sessionStatus(res, sig)}
		},
	}
	cmd.Flags().SetInterspersed(false)
	tf.register(cmd)
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the trace to `FILE`")
	cmd.Flags().IntVarP(&strLimit, "string-limit", "s", defaultRecordStrLimit, "capture at most `N` bytes of each string and buffer")
	cmd.Flags().BoolVarP(&verbose, "no-abbrev", "v", false, "accepted for strace compatibility: recordings always keep what -v shows")
	cmd.Flags().StringArrayVarP(&exprs, "expr", "e", nil, "record only the syscalls in trace=SET; keep all the data of descriptors in read=SET and write=SET (for print's dumps); "+injectHelp)
	cmd.Flags().CountVarP(&quiet, "quiet", "q", "do not say when processes are attached and detached (-p)")
	cmd.Flags().BoolVarP(&stack, "stack-traces", "k", false, "record what print -k needs to show each syscall's and signal's call stack")
	cmd.Flags().BoolVar(&noRegs, "no-regs", false, "leave out each stop's register set (user_regs_struct): one ptrace call less per stop, a smaller file")
	cmd.Flags().IntVar(&chunkSize, "chunk-size", format.DefaultChunkSize, "raw bytes of events per compressed chunk (smaller loses less if cut short)")
	return cmd
}

// reportDecodeErrors says on stderr that some calls were shown raw
// because their decoder failed, which is a bug worth reporting.
func reportDecodeErrors(p *decode.Printer) { decodeErrors(p.DecodeErrors, p.FirstDecodeError) }

type discard struct{}

// WriteEvent drops the event.
func (discard) WriteEvent(*format.Event) error { return nil }

// Flush does nothing.
func (discard) Flush() {}
