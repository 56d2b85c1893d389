// Command mytrace traces system calls like strace, and records them to a
// file that it can print and analyse later. See README.md.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"mytrace/options"
	"mytrace/record"
)

// exitError carries an exit status out of a command: the traced program's,
// or 1 for a failure already reported.
type exitError struct{ code int }

// Error implements error.
func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	defer startProfile()()
	root := newRoot()
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(os.Stderr, "mytrace: %s\n", oneLine(err))
	var early *record.EndedEarlyError
	if errors.As(err, &early) {
		return early.ExitStatus()
	}
	return 1
}

// oneLine turns an error into the text after "mytrace: ": file errors
// read "FILE: No such file or directory", as the C library says it.
func oneLine(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + errnoText(pe.Err)
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

func errnoText(err error) string {
	var en syscall.Errno
	if errors.As(err, &en) {
		s := en.Error()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return err.Error()
}

// fileError reports a problem with a trace file: "t.trace: not a mytrace
// trace", "t.trace: corrupt chunk at byte N: ...".
func fileError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %s", name, errnoText(pe.Err))
	}
	return fmt.Errorf("%s: %w", name, err)
}

func newRoot() *cobra.Command {
	var df displayFlags
	var tf traceFlags
	root := &cobra.Command{
		Use:   "mytrace [flags] [--] COMMAND [ARG...]",
		Short: "Trace system calls and signals, live or recorded",
		Long: `mytrace traces the system calls and signals of a command, as strace does,
and can record them to a file to print, summarise and compare later.

  mytrace [flags] [--] COMMAND [ARG...]       trace live (output on stderr)
  mytrace record [flags] -o FILE -- COMMAND   record to a trace file
  mytrace print [flags] FILE                  print a recorded trace
  mytrace stats [flags] FILE                  summarise a recorded trace (strace -c)
  mytrace diff [flags] A.trace B.trace        compare two recorded traces
  mytrace export --format=perfetto FILE       export a timeline for ui.perfetto.dev
  mytrace call -p PID NAME [ARG...]           make a syscall inside a running process`,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       record.Version,
		RunE: func(cmd *cobra.Command, args []string) error {
			// As strace: bad options are reported before a missing
			// command.
			if err := df.check(); err != nil {
				return err
			}
			if err := tf.check(); err != nil {
				return err
			}
			if len(args) == 0 && len(tf.pids) == 0 {
				return errors.New("must have COMMAND [ARGS] or -p PID; see mytrace --help")
			}
			if err := tf.CheckCommand(len(args) > 0); err != nil {
				return err
			}
			if df.Follow && tf.follow == 0 {
				tf.follow = 1 // -f is among the display flags, which -ff involves
			}
			if df.Tips {
				defer showTip(df.TipID, df.TipFormat)
			}
			return live(args, &df, &tf)
		},
	}
	root.Flags().SetInterspersed(false)
	df.register(root, true)
	tf.register(root)
	root.Flags().BoolP("version", "V", false, "print the mytrace version and the trace format version")
	rec := newRecord()
	root.AddCommand(rec, newPrint(), newStats(), newDiff(), newExport(), newInfo(), newCall(), newVersion())
	options.Refuse(rec.Flags(), true, "a display option", "mytrace print (a recording keeps what it shows)")
	for _, c := range root.Commands() {
		options.Abbreviations(c.Flags()) // getopt_long's --follow for --follow-forks
	}
	options.Abbreviations(root.Flags())
	setupHelp(root) // examples, completion, version text (version.go)
	return root
}
