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
  mytrace export --format=perfetto FILE       export a timeline for ui.perfetto.dev`,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       record.Version,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && len(tf.pids) == 0 {
				return errors.New("must have COMMAND [ARGS] or -p PID; see mytrace --help")
			}
			return live(args, &df, &tf)
		},
	}
	root.Flags().SetInterspersed(false)
	df.register(root, true)
	tf.register(root)
	root.Flags().Bool("version", false, "print the mytrace version and the trace format version")
	root.AddCommand(newRecord(), newPrint(), newStats(), newDiff(), newExport(), newInfo(), newVersion())
	setupHelp(root) // examples, completion, version text (version.go)
	return root
}
