package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"mytrace/format"
	"mytrace/record"
	"mytrace/record/bpf"
)

// recorder is what a tracing session needs of a recorder, whichever the
// backend: record.Recorder (ptrace) or bpf.Recorder.
type recorder interface {
	Header() *format.Header
	Run(record.Sink) *record.Result
	Signal(syscall.Signal)
	Detach()
	Notice() string
	Attached() []record.Attached
	Failed() []error
}

// backendFlags are --backend and what only the bpf backend has.
type backendFlags struct {
	name   string
	buffer string
	bpf    bpf.Config
}

func (b *backendFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&b.name, "backend", "ptrace", "how to record: `NAME` ptrace (stops the program at each syscall; everything strace does) or bpf (eBPF programs in the kernel: no stops, much cheaper; needs root; no -e inject=)")
	cmd.Flags().StringVar(&b.buffer, "bpf-buffer", bpf.SizeString(bpf.DefaultBuffer), "with --backend=bpf, the ring buffer's `SIZE` (a power of two: 64K to 1G); events that find it full are lost, counted and marked")
}

// check validates the flags: with --backend=bpf, those that need to stop
// the traced program are refused, each naming the flag and why.
func (b *backendFlags) check(exprs []string, tf *traceFlags) error {
	switch b.name {
	case "ptrace":
		return nil
	case "bpf":
	default:
		return fmt.Errorf("invalid --backend %q (want ptrace or bpf)", b.name)
	}
	n, err := bpf.ParseSize(b.buffer)
	if err != nil {
		return err
	}
	b.bpf.Buffer = n
	for _, e := range exprs {
		if strings.HasPrefix(e, "inject=") || strings.HasPrefix(e, "fault=") {
			q, _, _ := strings.Cut(e, "=")
			return fmt.Errorf("-e %s= needs --backend=ptrace: the bpf backend never stops the traced program, so it cannot change its calls", q)
		}
	}
	if tf != nil && tf.cpu != "" {
		return errors.New("--cpu needs --backend=ptrace: it places the tracer beside the program, and the bpf backend has no tracer to place")
	}
	return nil
}

// isBPF says whether the bpf backend was chosen.
func (b *backendFlags) isBPF() bool { return b.name == "bpf" }

// startBPF launches argv, or attaches to the -p processes, with the bpf
// backend, and says so as start does.
func startBPF(argv []string, tf *traceFlags, opts record.Options, cfg bpf.Config, quietAttach bool) (recorder, error) {
	if len(tf.pids) == 0 {
		opts.User = tf.runAs
		path, err := record.LookPath(argv[0])
		if err != nil {
			return nil, err
		}
		return bpf.Launch(path, argv, opts, cfg)
	}
	pids, err := parsePids(tf.pids)
	if err != nil {
		return nil, err
	}
	if len(argv) > 0 {
		return nil, errors.New("-p cannot be combined with a command (trace one or the other)")
	}
	rec, err := bpf.Attach(pids, opts, cfg)
	if err != nil {
		return nil, err
	}
	attachMessages(rec, quietAttach)
	return rec, nil
}

// lostWarning says on stderr that the recording lost events (the bpf
// backend's ring buffer was full), and how to lose fewer.
func lostWarning(res *record.Result) {
	if res.Lost > 0 {
		fmt.Fprintf(os.Stderr, "mytrace: warning: %d events were lost while recording (the ring buffer was full: a larger --bpf-buffer loses fewer); each gap is marked in the trace\n", res.Lost)
	}
}
