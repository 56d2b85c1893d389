package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/options"
	"mytrace/record"
	"mytrace/replay"
	"mytrace/session"
	"mytrace/sysent"
)

// mytrace call -p PID NAME [ARG...]: one syscall made inside a running
// thread, printed as strace would trace it (docs/call.md).

// Exit statuses of mytrace call.
const (
	callOK     = 0 // the call was made and succeeded
	callFailed = 1 // the call was made and returned an error
	callNotRun = 2 // refused, or the thread could not be borrowed
)

// neverReturn are the calls that do not come back to the code that made
// them; forking are those that start a task with no code of its own to
// run (it would go on from the borrowed syscall instruction). Both need
// --force.
var (
	neverReturn = map[string]string{
		"exit":         "the thread would exit",
		"exit_group":   "the process would exit",
		"execve":       "the process would run another program",
		"execveat":     "the process would run another program",
		"rt_sigreturn": "the thread would jump to a signal frame that is not there",
	}
	forking = map[string]bool{"fork": true, "vfork": true, "clone": true, "clone3": true}
)

func init() {
	examples["mytrace call"] = `  mytrace call -p 4242 getcwd                          (the directory it runs in)
  mytrace call -p 4242 close 7                         (close a leaked descriptor)
  mytrace call -p 4242 openat AT_FDCWD /tmp/out.log 'O_WRONLY|O_CREAT|O_APPEND' 0644
  mytrace call -p 4242 dup2 3 1                        (its stdout to that file)
  mytrace call -p 4242 kill 4242 SIGTERM
  mytrace call -p 4243 gettid                          (a thread of 4242)`
}

func newCall() *cobra.Command {
	var pid string
	var force bool
	var strLimit, hex, decorate int
	var verbose bool
	var constStyle string
	var explain bool
	var of outputFlags
	cmd := &cobra.Command{
		Use:   "call -p PID [flags] NAME [ARG...]",
		Short: "Make one syscall inside a running thread and show it as strace would trace it",
		Long: `call makes the syscall NAME inside the running thread PID (a thread id selects
that thread of its process), prints it as strace would have traced it,
result and out-arguments decoded, and leaves the thread as it was: its
registers and signal mask back, a call it was blocked in restarted as after
a signal without a handler, its pending signals untouched, a stopped process
still stopped, not traced.

Each ARG is an integer (decimal, 0x hexadecimal, 0 octal, negative), a name
the decoder prints for that argument or a set of them (AT_FDCWD, SIGTERM,
SEEK_END, 'O_WRONLY|O_CREAT'), or, for an argument the syscall table types
as a path or a string, the text itself ("NULL" for a null pointer), copied
into a mapping made in the target for the call and removed after it. Data
for a buffer the call reads (write's) takes C escapes (\n, \x41, \0).
Buffers the call writes (read's, fstat's, getcwd's...) are provided when
given as "-" or left out at the end, sized by their length argument, which
may be "-" or left out too (4096 bytes). Calls that do not return (exit,
exit_group, execve, execveat, rt_sigreturn) or start a task (fork, vfork,
clone, clone3) need --force.

Exit status: 0 the call succeeded, 1 it returned an error, 2 it was not made.`,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			notRun := func(err error) error {
				fmt.Fprintf(os.Stderr, "mytrace: call: %s\n", oneLine(options.FlagError(cmd.Flags(), err)))
				return &exitError{callNotRun}
			}
			if pid == "" {
				return notRun(errors.New("-p PID is required: the thread to make the call in"))
			}
			tid, err := strconv.Atoi(pid)
			if err != nil || tid <= 0 {
				return notRun(fmt.Errorf("Invalid process id: '%s'", pid))
			}
			if len(args) == 0 {
				return notRun(errors.New("no syscall named: mytrace call -p PID NAME [ARG...]"))
			}
			if strLimit < 0 {
				return notRun(fmt.Errorf("invalid -s argument: '%d'", strLimit))
			}
			if err := of.check(); err != nil {
				return notRun(err)
			}
			style, err := options.Choice("-X", constStyle, map[string]decode.ConstStyle{
				"raw": decode.StyleRaw, "abbrev": decode.StyleAbbrev, "verbose": decode.StyleVerbose,
			})
			if err != nil {
				return notRun(err)
			}
			plan, err := planCall(args[0], args[1:], force)
			if err != nil {
				return notRun(err)
			}
			po := decode.PrintOptions{
				Options: decode.Options{StrLimit: strLimit, Hex: min(hex, 2), Verbose: verbose, Decorate: decorate, Style: style},
				Column:  40,
				Diag:    os.Stderr,
			}
			return runCall(tid, plan, po, &of, explain, notRun)
		},
	}
	cmd.Flags().SetInterspersed(false) // "-1" after NAME is an argument
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		fmt.Fprintf(os.Stderr, "mytrace: call: %s\n", oneLine(options.FlagError(cmd.Flags(), err)))
		return &exitError{callNotRun}
	})
	f := cmd.Flags()
	f.StringVarP(&pid, "attach", "p", "", "the `PID` of the thread (or process: its main thread) to make the call in")
	f.BoolVar(&force, "force", false, "make a call that does not return (exit, exit_group, execve, execveat, rt_sigreturn) or starts a task (fork, vfork, clone, clone3)")
	options.StrLimit(f, &strLimit, 32, "show at most N characters of each string")
	f.CountVarP(&hex, "strings-in-hex", "x", "show non-ASCII strings in hexadecimal (-xx: all strings)")
	f.BoolVarP(&verbose, "no-abbrev", "v", false, "show structures in full")
	f.CountVarP(&decorate, "decode-fds", "y", "show what file descriptors refer to: 3</etc/passwd>")
	f.StringVarP(&constStyle, "const-print-style", "X", "abbrev", "show named constants and flags as `FORMAT`: raw, abbrev or verbose")
	f.BoolVar(&explain, "explain", false, "say on stderr how the call was made: which syscall instruction, what the thread goes back to")
	of.register(cmd)
	return cmd
}

// callPlan is a syscall to make, its arguments ready for the recorder.
type callPlan struct {
	name     string
	nr       int
	args     []record.CallArg
	noReturn bool
}

// callArg is one argument as given: a token, or left to mytrace ("-", or
// left out at the end).
type callArg struct {
	tok  string
	auto bool
}

// planCall checks a call and turns its arguments into the recorder's
// (see the command's help for the rules).
func planCall(name string, toks []string, force bool) (*callPlan, error) {
	nr, ok := sysent.ByName(name)
	if !ok {
		return nil, fmt.Errorf("unknown syscall '%s'", name)
	}
	e := sysent.Lookup(uint64(nr))
	if why, ok := neverReturn[name]; ok && !force {
		return nil, fmt.Errorf("%s does not return to the code that made it (%s); give --force to make it anyway", name, why)
	}
	if forking[name] && !force {
		return nil, fmt.Errorf("%s would start a task with no code of its own to run (it would go on from the borrowed syscall instruction); give --force to make it anyway", name)
	}
	descs := e.Args
	if !e.Typed() {
		descs = make([]sysent.Arg, e.NArgs)
		for i := range descs {
			descs[i] = sysent.Arg{Name: "arg" + strconv.Itoa(i+1), Type: sysent.Hex, Len: -1}
		}
	}
	wrongCount := func() error {
		names := make([]string, len(descs))
		for i, a := range descs {
			names[i] = a.Name
		}
		what := strconv.Itoa(len(descs)) + " arguments"
		switch len(descs) {
		case 0:
			return fmt.Errorf("%s takes no arguments, %d given", name, len(toks))
		case 1:
			what = "1 argument"
		}
		return fmt.Errorf("%s takes %s (%s), %d given", name, what, strings.Join(names, ", "), len(toks))
	}
	if len(toks) > len(descs) {
		return nil, wrongCount()
	}
	given := make([]callArg, len(descs))
	for i := range given {
		if i < len(toks) {
			given[i] = callArg{tok: toks[i], auto: toks[i] == "-" && kindOf(descs[i]) != kindString && kindOf(descs[i]) != kindData}
		} else {
			given[i] = callArg{auto: true}
		}
	}
	p := &callPlan{name: name, nr: nr, args: make([]record.CallArg, len(descs)), noReturn: neverReturn[name] != ""}
	filled := make([]bool, len(descs))
	argErr := func(i int, format string, v ...any) error {
		return fmt.Errorf("%s: argument %d (%s): %s", name, i+1, descs[i].Name, fmt.Sprintf(format, v...))
	}
	// Strings, data and values as given; buffers mytrace provides.
	for i, a := range descs {
		g := given[i]
		switch kindOf(a) {
		case kindString:
			if g.auto {
				continue
			}
			if g.tok == "NULL" {
				p.args[i].Value = 0
			} else if strings.IndexByte(g.tok, 0) >= 0 {
				return nil, argErr(i, "a string with a NUL byte")
			} else {
				p.args[i] = record.CallArg{Scratch: true, Data: append([]byte(g.tok), 0)}
			}
			filled[i] = true
		case kindData:
			if g.auto {
				continue
			}
			if g.tok == "NULL" {
				p.args[i].Value = 0
			} else {
				data, err := decode.UnescapeC(g.tok)
				if err != nil {
					return nil, argErr(i, "%v", err)
				}
				p.args[i] = record.CallArg{Scratch: true, Data: data}
				if l := int(a.Len); l >= 0 && l < len(given) && given[l].auto {
					p.args[l].Value, filled[l] = uint64(len(data)), true
				}
			}
			filled[i] = true
		case kindBuffer:
			if !g.auto {
				v, err := parseValue(a, g.tok, false)
				if err != nil {
					return nil, argErr(i, "'%s' is not an address, NULL or - (a buffer mytrace provides)", g.tok)
				}
				p.args[i].Value, filled[i] = v, true
				continue
			}
			size := uint64(4096)
			l := lenArg(descs, i)
			switch {
			case a.Size > 0 && (a.Type == sysent.StructIn || a.Type == sysent.StructOut):
				size = uint64(a.Size)
			case l >= 0 && given[l].auto && descs[l].Name == "sigsetsize":
				size = sysent.SizeSigset // the only size the kernel takes
			case l >= 0 && !given[l].auto:
				v, err := parseValue(descs[l], given[l].tok, true)
				if err != nil {
					return nil, argErr(l, "%v", err)
				}
				if v > record.MaxCallScratch {
					return nil, argErr(l, "%d bytes: more than the %d a buffer mytrace provides may have", v, record.MaxCallScratch)
				}
				size = max(v, 1)
			}
			if l >= 0 && given[l].auto && !filled[l] {
				p.args[l].Value, filled[l] = size, true
			}
			p.args[i] = record.CallArg{Scratch: true, Size: int(size)}
			filled[i] = true
		}
	}
	for i, a := range descs {
		if filled[i] {
			continue
		}
		g := given[i]
		if g.auto {
			if i >= len(toks) {
				return nil, wrongCount()
			}
			return nil, argErr(i, "- stands for a buffer mytrace provides, or its length")
		}
		v, err := parseValue(a, g.tok, true)
		if err != nil {
			return nil, argErr(i, "%v", err)
		}
		p.args[i].Value, filled[i] = v, true
	}
	return p, nil
}

// argument kinds, as mytrace call takes them
const (
	kindNumber = iota // a number or names
	kindString        // a path or string: the text, copied into the target
	kindData          // bytes the call reads: the text, with C escapes
	kindBuffer        // memory the call reads or writes: an address, or a buffer mytrace provides
)

func kindOf(a sysent.Arg) int {
	switch a.Type {
	case sysent.Path, sysent.Str:
		return kindString
	case sysent.BufIn:
		return kindData
	case sysent.BufOut, sysent.StructIn, sysent.StructOut, sysent.Custom, sysent.Ptr:
		return kindBuffer
	}
	return kindNumber
}

// lenArg is the argument holding the length of buffer argument i: the
// table's (Len), else the first integer argument after it named as a
// size is ("count", "size", "len", "bufsiz"...); -1 if none.
func lenArg(descs []sysent.Arg, i int) int {
	if l := int(descs[i].Len); l >= 0 && l < len(descs) {
		return l
	}
	for j := i + 1; j < len(descs); j++ {
		switch descs[j].Type {
		case sysent.Int, sysent.Uint, sysent.Long, sysent.Ulong:
		default:
			continue
		}
		n := strings.ToLower(descs[j].Name)
		if strings.Contains(n, "len") || strings.Contains(n, "size") || strings.Contains(n, "count") || strings.Contains(n, "siz") {
			return j
		}
	}
	return -1
}

// parseValue parses a number (decimal, 0x hexadecimal, 0 octal, with a
// sign), NULL, or when names is set a name the decoder prints for the
// argument, or a set of numbers and names joined by "|".
func parseValue(a sysent.Arg, tok string, names bool) (uint64, error) {
	if tok == "NULL" {
		return 0, nil
	}
	if v, ok := options.Strtoull(tok); ok {
		return v, nil
	}
	if !names {
		return 0, fmt.Errorf("'%s' is not a number", tok)
	}
	var v uint64
	for _, part := range strings.Split(tok, "|") {
		if n, ok := options.Strtoull(part); ok {
			v |= n
			continue
		}
		n, ok := decode.ConstValue(a, part)
		if !ok {
			from := "the decoder's tables"
			switch {
			case a.Type == sysent.Signo:
				from = "the signals"
			case a.Tab != nil:
				from = a.Tab.Name
			}
			return 0, fmt.Errorf("'%s' is not a number or a name from %s", part, from)
		}
		v |= n
	}
	return v, nil
}

// runCall makes the call and prints it as it goes: its entry as soon as
// it is made (a call that blocks shows it), its exit when it returns.
func runCall(tid int, plan *callPlan, po decode.PrintOptions, of *outputFlags, explain bool, notRun func(error) error) error {
	stop := make(chan struct{})
	var once sync.Once
	stopSignals := session.OnSignals(func(syscall.Signal) { once.Do(func() { close(stop) }) })
	defer stopSignals()
	req := &record.CallRequest{
		Tid:      tid,
		Nr:       plan.nr,
		Args:     plan.args,
		NoReturn: plan.noReturn,
		Limits: sysent.Limits{Str: po.StrLimit, Path: sysent.DefaultPathMax,
			Verbose: po.Verbose},
		FdPaths:     po.Decorate > 0,
		SockDetails: po.Decorate > 1,
		Stop:        stop,
		Header:      new(format.Header),
	}
	src := &chanSource{ch: make(chan *format.Event, 64)}
	printed := make(chan error, 1)
	go func() {
		// The header is filled in before the first event is sent.
		first, ok := <-src.ch
		if !ok {
			printed <- nil
			return
		}
		src.first = first
		p, done := of.printer(os.Stdout, isTerminal(os.Stdout), req.Header, po)
		rp := replay.New(src)
		var err error
		for {
			ev, rerr := rp.Next()
			if rerr != nil {
				if !errors.Is(rerr, io.EOF) {
					err = rerr
				}
				break
			}
			p.Event(ev)
			p.Flush()
		}
		if cerr := p.Close(); err == nil {
			err = cerr
		}
		done()
		printed <- err
	}()
	res, err := record.Call(req, src)
	close(src.ch)
	if perr := <-printed; perr != nil && err == nil {
		return perr
	}
	if explain && res != nil && res.Insn != 0 {
		explainCall(res)
	}
	for _, sig := range resDropped(res) {
		fmt.Fprintf(os.Stderr, "mytrace: call: the call raised %s in the thread (a seccomp filter's answer?); it was not delivered\n", decode.SignalName(sig))
	}
	if err != nil {
		return notRun(err)
	}
	switch {
	case res.Exited:
		return nil // exit, exit_group with --force: the trace says how it ended
	case res.IsError:
		return &exitError{callFailed}
	}
	return &exitError{callOK}
}

// explainCall says on stderr how the call was made (--explain).
func explainCall(res *record.CallResult) {
	from := "in " + res.InsnFrom
	if res.InsnFrom == "the interrupted call" {
		from = "the one of the call the thread was stopped in"
	}
	fmt.Fprintf(os.Stderr, "mytrace: call: made with the syscall instruction at %#x, %s\n", res.Insn, from)
	if res.Restart != "" && !res.Exited {
		fmt.Fprintf(os.Stderr, "mytrace: call: the thread was in %s, which it makes again, as after a signal without a handler\n", res.Restart)
	}
	if res.Stopped && !res.Exited {
		fmt.Fprintln(os.Stderr, "mytrace: call: the process is stopped, and stays so")
	}
}

func resDropped(res *record.CallResult) []int {
	if res == nil {
		return nil
	}
	return res.Dropped
}

// chanSource hands the recorder's events to the replayer as they come:
// the recorder's Sink on one side, a replay.Source on the other.
type chanSource struct {
	ch    chan *format.Event
	first *format.Event // taken from ch before replaying started
}

// WriteEvent passes on a copy of the event.
func (s *chanSource) WriteEvent(e *format.Event) error {
	s.ch <- e.Clone()
	return nil
}

// Flush does nothing: every event is passed on at once.
func (s *chanSource) Flush() {}

// Next returns the next event, io.EOF after the last.
func (s *chanSource) Next() (*format.Event, error) {
	if e := s.first; e != nil {
		s.first = nil
		return e, nil
	}
	e, ok := <-s.ch
	if !ok {
		return nil, io.EOF
	}
	return e, nil
}
