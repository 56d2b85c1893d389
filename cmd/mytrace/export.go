package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/options"
	"mytrace/replay"
	"mytrace/report"
	"mytrace/session"
)

func newExport() *cobra.Command {
	var (
		formatName string
		output     string
		minDur     time.Duration
		strLimit   int
		verbose    bool
	)
	cmd := &cobra.Command{
		Use:   "export [--format=perfetto|json] [flags] FILE",
		Short: "Export a recorded trace as a timeline for ui.perfetto.dev (Perfetto's protobuf format, or Chrome Trace Event JSON)",
		Long: `Export a recording as a timeline that ui.perfetto.dev opens: a track per
thread, grouped by process and named after the program it exec'd; each syscall
a slice holding its strace line; signals and exits as instant events; forks,
clones and execs as flows. The default format is Perfetto's own (protobuf,
compressed; binary, so it goes to -o FILE or a pipe, not a terminal); json is
the Chrome Trace Event JSON that chrome://tracing opens too. See docs/export.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if formatName != "perfetto" && formatName != "json" {
				return fmt.Errorf("export: unknown format '%s' (supported: perfetto, json)", formatName)
			}
			if minDur < 0 {
				return errors.New("export: --min-duration must not be negative")
			}
			if strLimit < 0 {
				return fmt.Errorf("invalid -s argument: '%d'", strLimit)
			}
			name := args[0]
			rd, closeTrace, err := openTrace(name)
			if err != nil {
				return err
			}
			defer closeTrace()
			rd.SkipRegisters() // neither format shows them
			out := os.Stdout
			if output == "" && formatName == "perfetto" && isTerminal(out) {
				return errors.New("export: the perfetto format is binary: write it to a file (-o FILE) or a pipe, or use --format=json")
			}
			if output != "" {
				f, err := os.Create(output)
				if err != nil {
					return err
				}
				defer f.Close()
				out = f
			}
			noProgressOn(out)
			bw := bufio.NewWriterSize(out, 1<<20)
			po := report.PerfettoOptions{
				MinDuration: int64(minDur),
				Decode:      decode.Options{StrLimit: strLimit, Verbose: verbose, Decorate: 1},
			}
			var ex interface {
				Add(*replay.Event)
				Close() error
			}
			if formatName == "json" {
				ex = report.NewPerfetto(bw, rd.Header(), po)
			} else {
				ex = report.NewPerfettoProto(bw, rd.Header(), po)
			}
			rerr := session.ReplayAll(rd, ex.Add)
			closeTrace()
			if err := ex.Close(); err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if output != "" {
				if err := out.Close(); err != nil {
					return fmt.Errorf("export: %w", err)
				}
			}
			return readError(name, rerr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&formatName, "format", "perfetto", "the output `FORMAT`: perfetto (Perfetto's protobuf trace) or json (Chrome Trace Event JSON)")
	f.StringVarP(&output, "output", "o", "", "write to `FILE` instead of stdout")
	f.DurationVar(&minDur, "min-duration", 0, "leave out calls shorter than `DUR` (1ms, 50us...); calls that fork or exec are kept")
	options.StrLimit(f, &strLimit, 32, "show at most N characters of each string in the slices")
	f.BoolVarP(&verbose, "no-abbrev", "v", false, "show structures, argv and environment in full in the slices")
	return cmd
}
