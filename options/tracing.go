package options

import (
	"fmt"
	"math"
	"strings"

	"github.com/spf13/pflag"
)

// Tracing are strace's options that change what is traced rather than
// how it is shown: -p, -E, -u, --seccomp-bpf, -D, -b, -I, and for record
// -f (live tracing declares -f with the display options, which -ff
// involves). They go to live tracing and to record.
type Tracing struct {
	Follow bool     // -f, --follow-forks
	Pids   []string // -p, as given (several pids a value)
	// PidsTo, if set before Register, receives the -p values as they
	// are parsed, instead of Pids (for callers that look at them before
	// Check).
	PidsTo     *[]string
	Env        []string // -E VAR=VAL, -E VAR, in order
	User       string   // -u
	SeccompBPF bool     // --seccomp-bpf
	// Daemonize is -D's count or --daemonize's value: how the tracer
	// runs apart from the traced command (Daemon*; 0: it is its parent).
	Daemonize int
	// DetachOnExec: -b execve, --detach-on=execve.
	DetachOnExec bool
	// Interruptible is -I's value (Intr*; 0: not given).
	Interruptible int
	// Warnings are strace's remarks about tracing options that do
	// nothing here, for the caller to print.
	Warnings []string

	dShort, dLong int // -D's count, --daemonize's value
	uses          []use
	checked       bool
}

// Register declares the tracing options on f; follow declares -f and
// --follow-forks too (record: live tracing has them among the display
// options).
func (t *Tracing) Register(f *pflag.FlagSet, follow bool) {
	u := &t.uses
	if follow {
		declare(f, u, "f", 'f', "", noArg, "", "")
		declare(f, u, "followforks", 0, "follow-forks", noArg, "", "trace child processes and threads")
		f.Lookup("-f").Annotations[annotation] = []string{"follow-forks"}
		declare(f, u, "output-separately", 0, "output-separately", noArg, "", "accepted for strace compatibility: print -ff writes the files of a recording")
	}
	pids := &t.Pids
	if t.PidsTo != nil {
		pids = t.PidsTo
	}
	f.AddFlag(&pflag.Flag{Name: "attach", Usage: "attach to the running process PID (all its threads; also PID,PID...) instead of starting a command", Value: &exprList{list: pids, typ: "PID"}})
	f.AddFlag(&pflag.Flag{Name: "-p", Shorthand: "p", Hidden: true, Value: &exprList{list: pids, typ: "PID"},
		Annotations: map[string][]string{annotation: {"attach"}}})
	declare(f, u, "E", 'E', "env", reqArg, "VAR=VAL", "run the command with VAR=VAL in its environment, or without VAR (-E VAR)")
	declare(f, u, "u", 'u', "user", reqArg, "USERNAME", "run the command as USERNAME: its user and group ids and supplementary groups (needs root)")
	declare(f, u, "seccomp-bpf", 0, "seccomp-bpf", noArg, "", "accepted for strace compatibility: with -e trace=, mytrace lets the kernel skip the other syscalls (seccomp-bpf) by default")
	declare(f, u, "b", 'b', "detach-on", reqArg, "execve", "detach from a process when it calls execve (not the command's own first one)")
	declare(f, u, "D", 'D', "", noArg, "", "")
	declare(f, u, "daemonize", 0, "daemonize", optArg, "grandchild|pgroup|session", "-D: run the tracer as a grandchild of the command's parent, not as its parent (-DD: in a process group of its own, -DDD: in a session of its own)")
	f.Lookup("-D").Annotations[annotation] = []string{"daemonize"}
	declare(f, u, "I", 'I', "interruptible", reqArg, "INTERRUPTIBLE", "what SIGHUP, SIGINT, SIGQUIT, SIGPIPE and SIGTERM do to the tracer: 1 or anywhere, it dies of them; 2 or waiting, they end the trace; 3 or never, they are ignored; 4 or never_tstp, they and ^Z are ignored (-D's default)")
}

// Daemon* are -D's modes: the tracer runs as the traced command's
// grandchild (-D), also in a process group of its own (-DD), or in a
// session of its own (-DDD).
const (
	DaemonGrandchild = 1 + iota
	DaemonPgroup
	DaemonSession
)

// Intr* are -I's values: which of the signals that end a session
// (SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM) the tracer takes.
const (
	// IntrAnywhere: the tracer does not catch them, and dies of them.
	IntrAnywhere = 1 + iota
	// IntrWaiting: they end the session (strace's default on a terminal).
	IntrWaiting
	// IntrNever: they are ignored (strace's default with -o FILE).
	IntrNever
	// IntrNeverTstp: they are ignored, and so is SIGTSTP (^Z): -D's
	// default.
	IntrNeverTstp
)

// daemonModes are --daemonize's values, as strace names them (any case).
var daemonModes = map[string]int{"grandchild": DaemonGrandchild, "pgroup": DaemonPgroup, "pgrp": DaemonPgroup, "session": DaemonSession}

// intrModes are -I's names (any case); a number from 1 to 4 works too.
var intrModes = map[string]int{"anywhere": IntrAnywhere, "always": IntrAnywhere, "waiting": IntrWaiting, "never": IntrNever, "never_tstp": IntrNeverTstp}

// Check reads the tracing options, with strace's messages.
func (t *Tracing) Check() error {
	if t.checked {
		return nil
	}
	t.checked = true
	fShort, fLong, outSep := 0, false, false
	dShort, dLong := 0, 0
	for _, u := range t.uses {
		switch u.key {
		case "b":
			if u.arg != "execve" {
				return &Error{fmt.Sprintf("Syscall '%s' for -b isn't supported", u.arg)}
			}
			t.DetachOnExec = true
		case "D":
			dShort++
		case "daemonize":
			dLong = DaemonGrandchild
			if u.has {
				m, ok := daemonModes[strings.ToLower(u.arg)]
				if !ok {
					return badArg(u)
				}
				dLong = m
			}
		case "I":
			m, ok := intrModes[strings.ToLower(u.arg)]
			if !ok {
				n, isNum := cUint(u.arg, IntrNeverTstp)
				if !isNum || n == 0 {
					return badArg(u)
				}
				m = int(n)
			}
			t.Interruptible = m
		case "f":
			fShort++
		case "followforks":
			fLong = true
		case "output-separately":
			outSep = true
		case "E":
			t.Env = append(t.Env, u.arg)
		case "u":
			t.User = u.arg
		case "seccomp-bpf":
			t.SeccompBPF = true
		}
	}
	t.uses = nil
	if fShort > 0 {
		if fLong {
			return &Error{"-f and --follow-forks cannot be provided simultaneously"}
		}
		if fShort >= 2 && outSep {
			return &Error{"-ff and --output-separately cannot be provided simultaneously"}
		}
	}
	t.Follow = fShort > 0 || fLong
	t.Daemonize, t.dShort, t.dLong = dShort, dShort, dLong
	if dLong > 0 {
		t.Daemonize = dLong
	}
	if t.DetachOnExec && t.SeccompBPF {
		t.Warnings = append(t.Warnings, "--seccomp-bpf is not enabled because it is not compatible with -b")
	}
	return nil
}

// CheckCommand is what strace checks of -D once it knows whether a command
// was given (rather than -p), after Check: -D with --daemonize, -D
// without a command, more than three -D.
func (t *Tracing) CheckCommand(command bool) error {
	switch {
	case t.dLong > 0 && t.dShort > 0:
		return &Error{"-D and --daemonize cannot be provided simultaneously"}
	case t.Daemonize > 0 && !command:
		return &Error{"PROG [ARGS] must be specified with -D/--daemonize"}
	case t.Daemonize > DaemonSession:
		return &Error{fmt.Sprintf("Too many -D's (%d), maximum supported -D count is %d", t.Daemonize, DaemonSession)}
	}
	return nil
}

// ExprFlags declares -e (and --expr) with the long forms of the qualifiers a
// recording takes (--trace=, --read=, --write=, --inject=, --fault=,
// --kvm=) on
// f, each appending "NAME=VALUE" to exprs in command-line order.
func ExprFlags(f *pflag.FlagSet, exprs *[]string, help string) {
	f.AddFlag(&pflag.Flag{Name: "expr", Shorthand: "e", Usage: help, Value: &exprList{list: exprs, typ: "EXPR"}})
	for _, q := range []string{"trace", "read", "write", "inject", "fault", "kvm"} {
		f.AddFlag(&pflag.Flag{Name: q, Usage: "-e " + q + "=SET", Value: &exprList{list: exprs, prefix: q + "=", typ: "SET"}})
	}
}

// exprList appends each value it is given to a list of -e expressions.
type exprList struct {
	list   *[]string
	prefix string
	typ    string
}

func (e *exprList) String() string { return strings.Join(*e.list, " ") }
func (e *exprList) Type() string   { return e.typ }
func (e *exprList) Set(v string) error {
	*e.list = append(*e.list, e.prefix+v)
	return nil
}

// Refuse declares, hidden, every option of a kind (Display or Tracing)
// that f does not have, each refused with one line naming the command
// that takes it: "-t is a display option: give it to mytrace print".
func Refuse(f *pflag.FlagSet, display bool, what, where string) {
	all := pflag.NewFlagSet("all", pflag.ContinueOnError)
	if display {
		new(Display).Register(all, true)
	} else {
		new(Tracing).Register(all, true)
		declare(all, new([]use), "inject", 0, "inject", reqArg, "", "")
		declare(all, new([]use), "fault", 0, "fault", reqArg, "", "")
	}
	all.VisitAll(func(fl *pflag.Flag) {
		if fl.Shorthand != "" {
			if f.ShorthandLookup(fl.Shorthand) != nil {
				return
			}
		} else if f.Lookup(fl.Name) != nil {
			return
		}
		name := "--" + fl.Name
		if fl.Shorthand != "" {
			name = "-" + fl.Shorthand
		}
		c := &pflag.Flag{
			Name:      fl.Name,
			Shorthand: fl.Shorthand,
			Hidden:    true,
			Value:     refused{&Error{fmt.Sprintf("%s is %s: give it to %s", name, what, where)}},
		}
		if fl.NoOptDefVal != "" {
			c.NoOptDefVal = absent
		}
		f.AddFlag(c)
	})
}

// refused is the value of an option given to the wrong command.
type refused struct{ err error }

func (r refused) String() string   { return "" }
func (r refused) Type() string     { return "refused" }
func (r refused) Set(string) error { return r.err }

// StrLimit declares -s/--string-limit on f as strace reads it, into p
// (def by default), for commands without the other display options
// (record).
func StrLimit(f *pflag.FlagSet, p *int, def int, usage string) {
	*p = def
	f.AddFlag(&pflag.Flag{Name: "string-limit", Usage: usage, Value: &uintValue{p: p, name: "--string-limit"}, DefValue: fmt.Sprint(def)})
	f.AddFlag(&pflag.Flag{Name: "-s", Shorthand: "s", Hidden: true, Value: &uintValue{p: p, name: "-s"},
		Annotations: map[string][]string{annotation: {"string-limit"}}})
}

// uintValue is a number as strace's -s takes it.
type uintValue struct {
	p    *int
	name string
}

func (v *uintValue) String() string { return fmt.Sprint(*v.p) }
func (v *uintValue) Type() string   { return "N" }
func (v *uintValue) Set(s string) error {
	n, ok := cUint(s, math.MaxUint32/4)
	if !ok {
		return badArg(use{name: v.name, arg: s})
	}
	*v.p = int(n)
	return nil
}
