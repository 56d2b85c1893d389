package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"mytrace/options"
	"mytrace/record"
	"mytrace/session"
)

// displayFlags are strace's output options (package options, -c and -C
// and the summary's strace options included) with what only mytrace has:
// the summary's extra columns and tables, and the output form (--json,
// --color).
type displayFlags struct {
	options.Display
	count     bool // -c
	countBoth bool // -C
	summary   summaryFlags
	out       outputFlags // --json, --color
	checked   bool
}

func (d *displayFlags) register(cmd *cobra.Command, live bool) {
	d.Display.Register(cmd.Flags(), live)
	d.out.register(cmd)
	d.summary.register(cmd, false)
}

// check reads the flags (once), and says strace's warnings about those
// that do nothing on stderr.
func (d *displayFlags) check() error {
	if err := d.out.check(); err != nil {
		return err
	}
	if err := d.Display.Check(); err != nil {
		return err
	}
	if !d.checked {
		d.checked = true
		if session.IsDaemonTracer() {
			d.Warnings = nil // the process the user started said them
		}
		for _, w := range d.Warnings {
			fmt.Fprintf(os.Stderr, "mytrace: %s\n", w)
		}
	}
	d.count, d.countBoth = d.Count, d.CountBoth
	d.summary.Summary = d.Display.Summary
	d.summary.allStatuses = true
	return d.checkSeparate()
}

// traceFlags are the options of a tracing run (live or record): strace's
// (package options) and mytrace's own.
type traceFlags struct {
	options.Tracing
	follow    int
	noSeccomp bool
	pids      []string
	// cpu: --cpu (co-locate tracer and command on one CPU); cpuN is
	// the CPU, -1 for the one mytrace runs on.
	cpu  string
	cpuN int
	// seccompBPF: --seccomp-bpf, a no-op (filtering in the kernel is the
	// default).
	seccompBPF bool
	// awake: --awake (auto, pull, spin or off), awakeMode what it says.
	awake     string
	awakeMode record.AwakeMode
	// env: -E VAR=VAL (set) and -E VAR (remove), in order.
	env []string
	// user: -u USERNAME; runAs is that user, looked up by check.
	user  string
	runAs *record.User
	// backend: --backend and --bpf-buffer (backend.go).
	backend backendFlags
	// warned: the tracing options' warnings were said.
	warned bool
}

// environ is the environment of the command: mytrace's, changed by the
// -E options in order (VAR=VAL sets VAR, in its place if it was set;
// VAR removes it), or nil for mytrace's own unchanged.
func (t *traceFlags) environ() []string {
	if len(t.env) == 0 {
		return nil
	}
	env := os.Environ()
	for _, change := range t.env {
		name, _, set := strings.Cut(change, "=")
		kept := env[:0:0]
		replaced := false
		for _, kv := range env {
			if k, _, _ := strings.Cut(kv, "="); k == name {
				if set && !replaced {
					kept = append(kept, change)
					replaced = true
				}
				continue
			}
			kept = append(kept, kv)
		}
		if set && !replaced {
			kept = append(kept, change)
		}
		env = kept
	}
	return env
}

// register declares the tracing flags; -f too unless the display flags
// declared it already (live tracing).
func (t *traceFlags) register(cmd *cobra.Command) {
	t.Tracing.PidsTo = &t.pids // looked at before check
	t.Tracing.Register(cmd.Flags(), cmd.Flags().Lookup("follow-forks") == nil)
	cmd.Flags().BoolVar(&t.noSeccomp, "no-seccomp", false, "with -e trace=, stop at every syscall instead of letting the kernel skip the others")
	cmd.Flags().StringVar(&t.cpu, "cpu", "", "run the tracer and the command on one `CPU` (default: the one mytrace starts on): much faster, but the command sees a single CPU and its threads share it")
	cmd.Flags().Lookup("cpu").NoOptDefVal = "auto"
	cmd.Flags().StringVar(&t.awake, "awake", "auto", "keep idle CPUs from sleeping while syscalls come fast, or spare waking them: `MODE` auto (a 0 µs PM QoS latency request where a cpuidle driver honours it and root may make it, else pull), pull (resume a task running alone on the tracer's CPU), spin (a lowest-priority spinning thread) or off")
	t.backend.register(cmd)
}

func (t *traceFlags) check() error {
	if err := t.Tracing.Check(); err != nil {
		return err
	}
	if !t.warned && !session.IsDaemonTracer() {
		for _, w := range t.Warnings {
			fmt.Fprintf(os.Stderr, "mytrace: %s\n", w)
		}
	}
	t.warned = true
	if t.Tracing.Follow && t.follow == 0 {
		t.follow = 1
	}
	t.env, t.user, t.seccompBPF = t.Env, t.User, t.SeccompBPF
	t.cpuN = -1
	if t.user != "" {
		u, err := lookupUser(t.user)
		if err != nil {
			return err
		}
		t.runAs = u
	}
	var err error
	if t.awakeMode, err = options.Choice("--awake", t.awake, map[string]record.AwakeMode{
		"auto": record.AwakeAuto, "spin": record.AwakeSpin, "off": record.AwakeOff, "pull": record.AwakePull,
	}); err != nil {
		return err
	}
	if t.cpu != "" {
		if len(t.pids) > 0 {
			return errors.New("--cpu applies to a command mytrace starts, not to -p")
		}
		if t.cpu != "auto" {
			n, err := strconv.Atoi(t.cpu)
			if err != nil || n < 0 {
				return fmt.Errorf("invalid --cpu argument: '%s'", t.cpu)
			}
			t.cpuN = n
		}
		if err := record.CheckCPU(t.cpuN); err != nil {
			return fmt.Errorf("--cpu: %w", err)
		}
	}
	return nil
}

// openOutput creates (or, with -A, appends to) an output file, as strace
// opens its -o file.
func openOutput(name string, appendOut bool) (*os.File, error) {
	if appendOut {
		return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
	}
	return os.Create(name)
}

// separateOutputs returns the printer's Separate function for -ff -o
// FILE: each task's lines go to FILE.TID, created (or appended to) when
// the task appears, as strace does; a file that cannot be opened is
// reported once and its lines dropped.
func separateOutputs(name string, appendOut bool) func(int32) io.Writer {
	return func(tid int32) io.Writer {
		path := name + "." + strconv.Itoa(int(tid))
		f, err := openOutput(path, appendOut)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mytrace: Can't fopen '%s': %v\n", path, err)
			return io.Discard
		}
		return f
	}
}

// checkSeparate refuses what cannot go with -ff.
func (d *displayFlags) checkSeparate() error {
	if !d.Separate {
		return nil
	}
	if d.count || d.countBoth {
		return errors.New("(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive")
	}
	if d.out.json {
		return errors.New("--json and -ff/--output-separately are mutually exclusive")
	}
	return nil
}
