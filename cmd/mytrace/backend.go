package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"mytrace/record/bpf"
)

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
	if tf != nil && tf.Daemonize > 0 {
		return errors.New("-D/--daemonize needs --backend=ptrace: it makes the tracer a grandchild that attaches with ptrace")
	}
	if tf != nil && tf.DetachOnExec {
		return errors.New("-b execve needs --backend=ptrace: the bpf backend has no tracer to detach")
	}
	return nil
}

// isBPF says whether the bpf backend was chosen.
func (b *backendFlags) isBPF() bool { return b.name == "bpf" }
