package options

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"mytrace/decode"
)

// parseLine parses a live command line as the root command does: the
// flag set, getopt's abbreviations, strace's error words.
func parseLine(args ...string) (*Display, error) {
	var d Display
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	d.Register(fs, true)
	Abbreviations(fs)
	if err := fs.Parse(args); err != nil {
		return nil, FlagError(fs, err)
	}
	return &d, d.Check()
}

// TestCommandLine: strace's forms of each option, short and long, read
// as strace reads them, and its messages for bad ones.
func TestCommandLine(t *testing.T) {
	for _, c := range []struct {
		args  string
		check func(d *Display) bool
	}{
		{"-t", func(d *Display) bool {
			return d.TimeFormat == decode.TimeOfDay && d.TimePrecision == decode.PrecisionDefault
		}},
		{"-tt", func(d *Display) bool {
			return d.TimeFormat == decode.TimeOfDay && d.TimePrecision == decode.PrecisionUS
		}},
		{"--timestamps", func(d *Display) bool { return d.TimeFormat == decode.TimeOfDay }},
		{"--absolute-timestamps=format:unix,precision:ns", func(d *Display) bool { return d.TimeFormat == decode.TimeUnix && d.TimePrecision == decode.PrecisionNS }},
		{"--absolute-timestamps=ms", func(d *Display) bool {
			return d.TimeFormat == decode.TimeOfDay && d.TimePrecision == decode.PrecisionMS
		}},
		{"--absolute-timestamps=none -r", func(d *Display) bool { return d.TimeFormat == decode.TimeNone && d.Relative }},
		{"-r", func(d *Display) bool { return d.Relative && d.RelativePrecision == decode.PrecisionDefault }},
		{"--relative-timestamps=s", func(d *Display) bool { return d.RelativePrecision == decode.PrecisionS }},
		{"--syscall-times=ns", func(d *Display) bool { return d.Durations && d.DurationPrecision == decode.PrecisionNS }},
		{"-x", func(d *Display) bool { return d.Hex == 1 }},
		{"--strings-in-hex", func(d *Display) bool { return d.Hex == 2 }},
		{"--strings-in-hex=non-ascii-chars", func(d *Display) bool { return d.Hex == decode.HexChars }},
		{"-yy", func(d *Display) bool { return d.Decorate == 2 }},
		{"--decode-fds", func(d *Display) bool { return d.Decorate == 1 }},
		{"--decode-fds=socket", func(d *Display) bool { return d.Decorate == 2 }},
		{"-qq", func(d *Display) bool { return d.Quiet == 2 }},
		{"--quiet=attach,exit", func(d *Display) bool { return d.Exprs.QuietSet && d.Exprs.Quiet == decode.QuietAttach|decode.QuietExit }},
		{"--silence", func(d *Display) bool { return d.Exprs.QuietSet }},
		{"--trace=openat --signal=SIGCHLD", func(d *Display) bool { return d.Exprs.Trace != nil && d.Exprs.Signals != nil }},
		{"-ff -o x", func(d *Display) bool { return d.Follow && d.Separate }},
		{"--follow -o x", func(d *Display) bool { return d.Follow && !d.Separate }},
		{"-c -O 10ms -S calls", func(d *Display) bool { return d.Count && d.Summary.Overhead == 10e6 && d.Summary.SortBy == "calls" }},
		{"--tips=id:3,format:full", func(d *Display) bool { return d.Tips && d.TipID == 3 && d.TipFormat == "full" }},
		{"-e abbrev=none -v", func(d *Display) bool { return d.Verbose && d.Exprs.Abbrev == nil }},
		{"-v -e abbrev=all", func(d *Display) bool { return d.Exprs.Abbrev != nil }},
		{"-Y", func(d *Display) bool { return d.PrintOptions(false, false).DecodePids == decode.DecodePidComm }},
		{"--decode-pids=pidns,comm", func(d *Display) bool {
			return d.PrintOptions(false, false).DecodePids == decode.DecodePidComm|decode.DecodePidNS
		}},
		{"--pidns-translation", func(d *Display) bool { return d.PrintOptions(false, false).DecodePids == decode.DecodePidNS }},
		{"-e kvm=vcpu", func(d *Display) bool { return d.Exprs.KVM && d.PrintOptions(false, false).KVM }},
	} {
		d, err := parseLine(strings.Fields(c.args)...)
		if err != nil {
			t.Errorf("%s: %v", c.args, err)
			continue
		}
		if !c.check(d) {
			t.Errorf("%s: read as %+v", c.args, d)
		}
	}
	for _, c := range []struct{ args, want string }{
		{"-s abc", "invalid -s argument: 'abc'"},
		{"--string-limit=-1", "invalid --string-limit argument: '-1'"},
		{"--syscall-times=xs", "invalid --syscall-times argument: 'xs'"},
		{"--absolute-timestamps=format:us", "invalid --absolute-timestamps argument: 'format:us'"},
		{"--strings-in-hex=some", "invalid --strings-in-hex argument: 'some'"},
		{"-O 3x", "invalid -O argument: '3x'"},
		{"-tt --absolute-timestamps", "-t and --absolute-timestamps cannot be provided simultaneously"},
		{"-x --strings-in-hex", "-x and --strings-in-hex cannot be provided simultaneously"},
		{"-q --quiet", "-q and -e quiet/--quiet cannot be provided simultaneously"},
		{"-f --follow-forks", "-f and --follow-forks cannot be provided simultaneously"},
		{"-c -C", "-c/--summary-only and -C/--summary are mutually exclusive"},
		{"-w", "-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)"},
		{"--quiet=bogus", "invalid quiet 'bogus'"},
		{"--decode-pids=x", "invalid decode-pids 'x'"},
		{"-e kvm=x", "invalid -e kvm= argument: 'x'"},
		{"-e foo=bar", "invalid system call 'foo=bar'"},
		{"--bogus", "unrecognized option '--bogus'"},
		{"-j", "invalid option -- 'j'"},
		{"-s", "option requires an argument -- 's'"},
		{"--output", "option '--output' requires an argument"},
		{"--follow-forks=1", "option '--follow-forks' doesn't allow an argument"},
		{"--su", "option '--su' is ambiguous; possibilities:"},
	} {
		_, err := parseLine(strings.Fields(c.args)...)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.args, err, c.want)
			continue
		}
		if !errors.Is(err, ErrUsage) && !errors.Is(err, ErrBadSyscall) && !errors.Is(err, ErrBadToken) {
			t.Errorf("%s: %v is not a usage error", c.args, err)
		}
	}
}

// parseTracing reads a command line of tracing options.
func parseTracing(args ...string) (*Tracing, error) {
	var tr Tracing
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	tr.Register(fs, true)
	Abbreviations(fs)
	if err := fs.Parse(args); err != nil {
		return nil, FlagError(fs, err)
	}
	return &tr, tr.Check()
}

// TestTracingOptions: -D, --daemonize, -b and -I as strace reads them, and
// its messages.
func TestTracingOptions(t *testing.T) {
	for _, c := range []struct {
		args  string
		check func(*Tracing) bool
	}{
		{"-D", func(tr *Tracing) bool { return tr.Daemonize == DaemonGrandchild }},
		{"-DD", func(tr *Tracing) bool { return tr.Daemonize == DaemonPgroup }},
		{"-D -D -D", func(tr *Tracing) bool { return tr.Daemonize == DaemonSession }},
		{"--daemonize", func(tr *Tracing) bool { return tr.Daemonize == DaemonGrandchild }},
		{"--daemonize=PGRP", func(tr *Tracing) bool { return tr.Daemonize == DaemonPgroup }},
		{"--daemon=session", func(tr *Tracing) bool { return tr.Daemonize == DaemonSession }},
		{"-b execve", func(tr *Tracing) bool { return tr.DetachOnExec }},
		{"--detach-on=execve --seccomp-bpf", func(tr *Tracing) bool { return tr.DetachOnExec && len(tr.Warnings) == 1 }},
		{"-I 1", func(tr *Tracing) bool { return tr.Interruptible == IntrAnywhere }},
		{"-I Always", func(tr *Tracing) bool { return tr.Interruptible == IntrAnywhere }},
		{"--interruptible=waiting", func(tr *Tracing) bool { return tr.Interruptible == IntrWaiting }},
		{"-I never", func(tr *Tracing) bool { return tr.Interruptible == IntrNever }},
		{"-I 4", func(tr *Tracing) bool { return tr.Interruptible == IntrNeverTstp }},
	} {
		tr, err := parseTracing(strings.Fields(c.args)...)
		if err != nil {
			t.Errorf("%s: %v", c.args, err)
			continue
		}
		if err := tr.CheckCommand(true); err != nil {
			t.Errorf("%s: %v", c.args, err)
		}
		if !c.check(tr) {
			t.Errorf("%s: read as %+v", c.args, tr)
		}
	}
	for _, c := range []struct {
		args    string
		command bool
		want    string
	}{
		{"-b open", true, "Syscall 'open' for -b isn't supported"},
		{"--detach-on=exec", true, "Syscall 'exec' for -b isn't supported"},
		{"-I 0", true, "invalid -I argument: '0'"},
		{"-I 5", true, "invalid -I argument: '5'"},
		{"--interruptible=sometimes", true, "invalid --interruptible argument: 'sometimes'"},
		{"--daemonize=x", true, "invalid --daemonize argument: 'x'"},
		{"-D --daemonize", true, "-D and --daemonize cannot be provided simultaneously"},
		{"-D", false, "PROG [ARGS] must be specified with -D/--daemonize"},
		{"-DDDD", false, "PROG [ARGS] must be specified with -D/--daemonize"},
		{"-DDDD", true, "Too many -D's (4), maximum supported -D count is 3"},
	} {
		tr, err := parseTracing(strings.Fields(c.args)...)
		if err == nil {
			err = tr.CheckCommand(c.command)
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.args, err, c.want)
			continue
		}
		if !errors.Is(err, ErrUsage) {
			t.Errorf("%s: %v is not a usage error", c.args, err)
		}
	}
}
