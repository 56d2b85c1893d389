package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/options"
	"mytrace/record"
	"mytrace/report"
	"mytrace/session"
	"mytrace/sysent"
)

// Capture limits of a recording made with "mytrace record": strace's -s.
// A recording keeps what strace's output with the same flags shows
// (docs/architecture.md "What a recording keeps").
const defaultRecordStrLimit = 32

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
	if err := tf.backend.check(df.ExprArgs, tf); err != nil {
		return err
	}
	if tf.follow > 1 && df.Output != "" {
		df.Separate = true // -ff
	}
	if err := df.checkSeparate(); err != nil {
		return err
	}
	// Checked before the command starts, used only with -c or -C.
	stats, err := df.summary.stats(nil, 0)
	if err != nil {
		return err
	}
	set := df.Exprs.Trace
	inject := injections(df.Exprs)
	out := os.Stderr
	var outW io.Writer = out
	if df.Output != "" && !df.Separate {
		f, err := openOutput(df.Output, df.AppendOut)
		if err != nil {
			return err
		}
		defer f.Close()
		out, outW = f, f
	} else if df.Separate {
		// -ff: every task writes FILE.TID; nothing goes to stderr.
		outW = io.Discard
	}
	tty := isTerminal(out) && !df.Separate
	df.Attaching = len(tf.pids) > 0
	po := df.PrintOptions(df.Output != "", tf.follow > 0)
	// What strace says on stderr about calls it tampered with goes
	// there when the trace does not (Messages).
	po.Diag = os.Stderr
	po.Messages = df.Output == ""
	if df.Separate {
		po.Separate = separateOutputs(df.Output, df.AppendOut)
	}
	cfg, err := tf.session(argv, po.Quiet&decode.QuietAttach != 0)
	if err != nil {
		return err
	}
	cfg.Options = record.Options{
		Follow: tf.follow > 0,
		Env:    tf.environ(),
		Limits: df.Limits(),
		// Registers are decoded only for -i (the instruction pointer):
		// without it, one ptrace call less per stop.
		Regs:  df.IP,
		Trace: df.Exprs.RecordFilter(),
		Stack: df.Stack && !df.count, // -c shows no stack
		// What descriptors refer to is needed for -y, and under -v for
		// structures that depend on it (bpf object information).
		FdPaths: df.Decorate > 0 || df.Verbose || len(df.Paths) > 0,
		// -yy: the addresses of sockets too.
		SockDetails: df.Decorate > 1,
		Seccomp:     !tf.noSeccomp && !injectsSignals(inject),
		// Output appears as the calls happen, as strace's does. Where
		// the trace shares a terminal, pipe or file with the program's
		// output, the printer writes what each stop shows before the
		// tracee goes on (Ordered), so the two interleave as under
		// strace; otherwise (-o FILE, -ff, -c) the tracee runs on while
		// the printer works, the recorder handing over its events
		// whenever it would wait.
		Ordered:       ordered(out, df),
		FlushWhenIdle: true,
		Inject:        inject,
		Colocate:      tf.cpu != "",
		CPU:           tf.cpuN,
		Awake:         tf.awakeMode,
		User:          tf.runAs,
		DetachOnExec:  tf.DetachOnExec,
		KeepOnExit:    tf.Interruptible == options.IntrAnywhere,
		Comms:         df.Exprs.DecodePids&options.DecodePidComm != 0,
		PidNS:         df.Exprs.DecodePids&options.DecodePidNS != 0,
		KVM:           df.Exprs.KVM,
		TimeUnit:      df.TimeUnit(),
	}
	cfg.Interactive = df.Output == ""
	if df.count || df.countBoth {
		if stats, err = df.summary.stats(set, po.Status); err != nil {
			return err
		}
	} else {
		stats = nil
	}
	s, err := session.Start(cfg)
	if err != nil {
		return err
	}
	res, err := s.Live(func(r io.Reader) error {
		return printStream(r, outW, po, tty, stats, df.countBoth, &df.out)
	})
	if res != nil && !po.Messages && po.Quiet&decode.QuietAttach == 0 {
		res.DetachMessages() // the printer said it in the output otherwise
	}
	if err != nil {
		return err
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
	return &exitError{res.Status()}
}

// ordered says whether live output is written in step with the traced
// program (record.Options.Ordered): when the trace shares a terminal,
// pipe or file with the program's own output (sharedOutput), as strace's
// always is. MYTRACE_ORDER=always or never overrides it (for benchmarks
// and for a program that writes the trace's own file; docs/performance.md).
func ordered(out *os.File, df *displayFlags) bool {
	switch os.Getenv("MYTRACE_ORDER") {
	case "always":
		return !df.count
	case "never":
		return false
	}
	if df.count || df.Separate {
		return false // nothing is printed as it comes, or into files of its own
	}
	return sharedOutput(out)
}

// printStream reads a trace from r and prints it to out; with stats, it
// also counts the calls, and prints only the summary unless both is set.
func printStream(r io.Reader, out io.Writer, po decode.PrintOptions, flushEach bool, stats *report.Stats, both bool, of *outputFlags) error {
	var done func()
	err := session.Stream(r, func(h *format.Header) session.Printer {
		p, d := of.printer(out, flushEach, h, po)
		done = d
		return p
	}, flushEach, stats, both)
	if done != nil {
		done()
	}
	return err
}

// startCreating starts the session and creates the output file. The file
// is made on another goroutine while the command starts (over an existing
// file, creating it is a journal transaction of its own: 0.3 ms on ext4
// here). As before, a command that cannot be found leaves no file; with a
// command found, a file is left even if it could not be started, as
// strace -o leaves one. With -D (the tracer is started anew) the steps
// stay in order.
func startCreating(cfg *session.Config, args []string, output string) (*session.Session, *os.File, error) {
	if cfg.Daemonize > 0 || len(args) == 0 {
		s, err := session.Start(cfg)
		if err != nil {
			return nil, nil, err
		}
		f, err := os.Create(output)
		if err != nil {
			s.Abandon()
			return nil, nil, err
		}
		return s, f, nil
	}
	if _, err := record.LookPath(args[0]); err != nil {
		return nil, nil, err
	}
	type created struct {
		f   *os.File
		err error
	}
	ch := make(chan created, 1)
	go func() {
		f, err := os.Create(output)
		ch <- created{f, err}
	}()
	s, err := session.Start(cfg)
	c := <-ch
	if err != nil {
		if c.f != nil {
			c.f.Close()
		}
		return nil, nil, err
	}
	if c.err != nil {
		s.Abandon()
		return nil, nil, c.err
	}
	return s, c.f, nil
}

func newRecord() *cobra.Command {
	var tf traceFlags
	var output string
	var strLimit int
	var verbose bool
	var exprs []string
	var chunkSize int
	var quiet int
	var stack, noRegs, noRepack bool
	var timeUnit string
	var decorate int
	fdf := &fdDetailsFlag{n: &decorate}
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
			if err := tf.CheckCommand(len(args) > 0); err != nil {
				return err
			}
			if strLimit < 0 {
				return fmt.Errorf("invalid -s argument: '%d'", strLimit)
			}
			q, err := options.ParseExprs(exprs)
			if err != nil {
				return err
			}
			unit, err := options.Choice("--time-unit", timeUnit, map[string]time.Duration{"us": time.Microsecond, "ns": time.Nanosecond})
			if err != nil {
				return err
			}
			inject := injections(q)
			cfg, err := tf.session(args, quiet > 0)
			if err != nil {
				return err
			}
			cfg.Options = record.Options{
				Follow: tf.follow > 0,
				Env:    tf.environ(),
				Limits: q.DumpLimits(sysent.Limits{Str: strLimit, Path: sysent.DefaultPathMax, Verbose: verbose || q.Abbrev != nil}),
				Regs:   !noRegs,
				Trace:  q.RecordFilter(),
				// Paths always (-y, stats --files, diff); what -yy
				// adds (socket endpoints, device numbers) with -yy.
				FdPaths:     true,
				SockDetails: max(decorate, (q.FdShow|fdf.show).Level()) > 1,
				Stack:       stack,
				Seccomp:     !tf.noSeccomp && !injectsSignals(inject),
				Inject:      inject,

				Colocate: tf.cpu != "",
				CPU:      tf.cpuN,
				Awake:    tf.awakeMode,
				User:     tf.runAs,

				DetachOnExec: tf.DetachOnExec,
				KeepOnExit:   tf.Interruptible == options.IntrAnywhere,

				// What print -Y and --decode-pids=pidns show is always
				// noted; KVM exit reasons with -e kvm=vcpu.
				Comms: true,
				PidNS: true,
				KVM:   q.KVM,

				TimeUnit: unit,
			}
			s, f, err := startCreating(cfg, args, output)
			if err != nil {
				return err
			}
			defer f.Close()
			s.Header().Filter = strings.Join(exprs, "\n")
			res, err := s.Record(f, output, format.WithChunkSize(chunkSize))
			if err != nil {
				return err
			}
			if err := f.Close(); err != nil {
				return fmt.Errorf("%s: %w", output, err)
			}
			if !noRepack && res.ShouldRepack() {
				if _, err := session.RepackFile(output, format.WithChunkSize(chunkSize)); err != nil {
					fmt.Fprintf(os.Stderr, "mytrace: %s: left as recorded, not repacked: %v\n", output, err)
				}
			}
			return &exitError{res.Status()}
		},
	}
	cmd.Flags().SetInterspersed(false)
	tf.register(cmd)
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the trace to `FILE`")
	options.StrLimit(cmd.Flags(), &strLimit, defaultRecordStrLimit, "capture at most N bytes of each string and buffer")
	cmd.Flags().VarP(fdf, "decode-fds", "y", "-yy (or SET with socket, dev, pidfd, all): keep what print -yy shows of descriptors beyond their paths (socket endpoints, device numbers); paths are always kept")
	cmd.Flags().Lookup("decode-fds").NoOptDefVal = "+1"
	cmd.Flags().BoolVarP(&verbose, "no-abbrev", "v", false, "keep what print -v shows: every field of structures, directory entries, environment strings")
	options.ExprFlags(cmd.Flags(), &exprs, "record only the syscalls in trace=SET; keep all the data of descriptors in read=SET and write=SET (for print's dumps); kvm=vcpu: the exit reason of each KVM_RUN (for print -e kvm=vcpu); "+options.InjectHelp)
	cmd.Flags().CountVarP(&quiet, "quiet", "q", "do not say when processes are attached and detached (-p)")
	cmd.Flags().BoolVarP(&stack, "stack-traces", "k", false, "record what print -k needs to show each syscall's and signal's call stack")
	cmd.Flags().BoolVar(&noRegs, "no-regs", false, "leave out each stop's register set (user_regs_struct): one ptrace call less per stop, a smaller file")
	cmd.Flags().StringVar(&timeUnit, "time-unit", "us", "store event times in `UNIT` us (what strace shows; a smaller file) or ns (for print's ns precisions: --syscall-times=ns...)")
	cmd.Flags().IntVar(&chunkSize, "chunk-size", format.DefaultChunkSize, "at most this many raw bytes of events per compressed chunk (a chunk also goes out every 250 ms; larger ones compress better)")
	cmd.Flags().BoolVar(&noRepack, "no-repack", false, "leave the file as recorded when the 250 ms flush cut many of its chunks small (by default such a file is rewritten into full chunks at the end, which takes less room)")
	return cmd
}

// reportDecodeErrors says on stderr that some calls were shown raw
// because their decoder failed, which is a bug worth reporting.
func reportDecodeErrors(p *decode.Printer) { decodeErrors(p.DecodeErrors, p.FirstDecodeError) }

// fdDetailsFlag is record's -y/--decode-fds: counted as strace's -y (-yy
// keeps socket and device details), or a set as strace's
// --decode-fds=SET.
type fdDetailsFlag struct {
	n    *int
	show decode.FdShow
}

func (f *fdDetailsFlag) String() string { return strconv.Itoa(*f.n) }
func (f *fdDetailsFlag) Type() string   { return "SET" }

func (f *fdDetailsFlag) Set(v string) error {
	if v == "+1" {
		*f.n++
		return nil
	}
	q, err := options.ParseExprs([]string{"decode-fds=" + v})
	if err != nil {
		return err
	}
	f.show |= q.FdShow
	return nil
}
