// Package session runs a tracing session: it launches a command under a
// recorder (ptrace, package record, or eBPF, package record/bpf), or
// attaches to running processes, and runs the recording to its end, into
// a trace file (Record) or printed as it happens (Live). A recording cut
// into many small chunks can be rewritten into full ones once it is
// complete (RepackFile).
//
// Live tracing is the same pipeline as record and print in one process:
// the recorder writes an uncompressed trace into an in-memory pipe, and
// the other end is read with format.NewReader, replayed and printed as
// "mytrace print" reads a file (Stream). So the text of a live run is the
// text of record + print, by construction. With record.Options.Ordered
// the printer takes the events of each stop before the tracee goes on, so
// the trace and the program's output interleave as under strace
// (ordered.go).
//
// A session handles the signals that end it as strace does: forwarded to
// a launched command (an interrupt only when the trace shares the
// terminal), or for attached processes a detach that lets them go on
// untraced. It says on stderr what strace says there (attached, detached,
// the recorder's notices).
//
// Limits: what to record (record.Options) and how to show it are the
// caller's; package cmd/mytrace turns the command line into them.
package session

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"

	"mytrace/format"
	"mytrace/options"
	"mytrace/record"
	"mytrace/record/bpf"
	"mytrace/replay"
	"mytrace/report"
)

// Recorder is what a session needs of a recorder, whichever the backend.
type Recorder interface {
	Header() *format.Header
	Run(record.Sink) *record.Result
	Signal(syscall.Signal)
	Detach()
	Notice() string
	Attached() []record.Attached
	Failed() []error
}

// Config says what a session traces and how.
type Config struct {
	// Argv is the command to launch; with Pids, nothing is launched and
	// the processes are attached to.
	Argv []string
	Pids []int
	// Options say what to record.
	Options record.Options
	// QuietAttach: say nothing of attaching and detaching (-q, and
	// strace's default when the trace goes to a file).
	QuietAttach bool
	// Interactive: the trace shares the terminal, so an interrupt is for
	// the tracer too (strace's notion); otherwise a launched command, in
	// the same process group, gets a terminal's SIGINT by itself.
	Interactive bool
	// BPF, if set, records with the bpf backend (package record/bpf: no
	// stops) instead of ptrace.
	BPF *bpf.Config
	// Daemonize (-D: options.Daemon*) starts the command as strace -D
	// does: this process becomes the command, and a tracer started
	// again from mytrace's arguments attaches to it from a grandchild
	// (record.Daemonize). Start does not return in the first, and in the
	// tracer it attaches. 0: mytrace is the command's parent.
	Daemonize int
	// Interruptible (-I: options.Intr*) says what the signals that end a
	// session do (see run); 0 is mytrace's default, and with Daemonize
	// options.IntrNeverTstp, as strace's.
	Interruptible int
}

// Session is a started tracing session.
type Session struct {
	rec      Recorder
	attached bool
	quiet    bool
	interact bool
	ordered  bool // Options.Ordered: Live prints each stop before the tracee goes on
	intr     int  // Config.Interruptible
}

// ParsePids parses -p values as strace does: each may hold several pids
// separated by commas, spaces or newlines (-p "`pidof prog`").
func ParsePids(vals []string) ([]int, error) {
	var pids []int
	for _, v := range vals {
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("Invalid process id: '%s'", f)
			}
			pids = append(pids, n)
		}
	}
	if len(vals) > 0 && len(pids) == 0 {
		return nil, errors.New("Invalid process id: ''")
	}
	return pids, nil
}

// Start launches the command, or attaches to the processes, and says so
// on stderr as strace does.
func Start(c *Config) (*Session, error) {
	if err := format.CheckTimeUnit(c.Options.TimeUnit); err != nil {
		return nil, err
	}
	s := &Session{attached: len(c.Pids) > 0, quiet: c.QuietAttach, interact: c.Interactive, ordered: c.Options.Ordered && c.BPF == nil, intr: c.Interruptible}
	if c.Interruptible == options.IntrWaiting {
		s.interact = true
	}
	if !s.attached && c.Daemonize > 0 {
		if s.intr == 0 {
			s.intr = options.IntrNeverTstp
		}
		return s.startDaemon(c)
	}
	if !s.attached {
		path, err := record.LookPath(c.Argv[0])
		if err != nil {
			return nil, err
		}
		if c.BPF != nil {
			s.rec, err = bpf.Launch(path, c.Argv, c.Options, *c.BPF)
		} else {
			s.rec, err = record.Launch(path, c.Argv, c.Options)
		}
		if err != nil {
			return nil, err
		}
		s.notice()
		return s, nil
	}
	if len(c.Argv) > 0 {
		return nil, errors.New("-p cannot be combined with a command (trace one or the other)")
	}
	var err error
	if c.BPF != nil {
		s.rec, err = bpf.Attach(c.Pids, c.Options, *c.BPF)
	} else {
		s.rec, err = record.Attach(c.Pids, c.Options)
	}
	if err != nil {
		return nil, err
	}
	rec := s.rec
	for _, e := range rec.Failed() {
		fmt.Fprintf(os.Stderr, "mytrace: %v\n", e)
	}
	s.notice()
	if !c.QuietAttach {
		for _, a := range rec.Attached() {
			if a.Threads > 1 {
				fmt.Fprintf(os.Stderr, "mytrace: Process %d attached with %d threads\n", a.Pid, a.Threads)
			} else {
				fmt.Fprintf(os.Stderr, "mytrace: Process %d attached\n", a.Pid)
			}
		}
	}
	return s, nil
}

// startDaemon is Start with -D: in the process the user started, the
// command is started and this process becomes it (record.Daemonize
// returns only on failure); in the tracer that started again, the
// command is attached to.
func (s *Session) startDaemon(c *Config) (*Session, error) {
	if pid, ok := record.DaemonTracee(); ok {
		rec, err := record.AttachDaemon(pid, c.Argv, c.Options)
		if err != nil {
			return nil, err
		}
		s.rec = rec
		s.notice()
		if !c.QuietAttach {
			fmt.Fprintf(os.Stderr, "mytrace: Process %d attached\n", pid)
		}
		return s, nil
	}
	path, err := record.LookPath(c.Argv[0])
	if err != nil {
		return nil, err
	}
	return nil, record.Daemonize(path, c.Argv, c.Options, c.Daemonize)
}

// IsDaemonTracer reports whether this process is the tracer of a -D
// session, started again by the one the user started: what that one said
// (warnings) is not to be said again.
func IsDaemonTracer() bool {
	_, ok := record.DaemonTracee()
	return ok
}

func (s *Session) notice() {
	if n := s.rec.Notice(); n != "" {
		fmt.Fprintf(os.Stderr, "mytrace: %s\n", n)
	}
}

// Header is the recording's header, to be completed before a run.
func (s *Session) Header() *format.Header { return s.rec.Header() }

// Attached reports whether the session attached to running processes.
func (s *Session) Attached() bool { return s.attached }

// Abandon ends a session that cannot be recorded: a launched command is
// killed (it has not run yet), attached processes are let go.
func (s *Session) Abandon() {
	if s.attached {
		s.rec.Detach()
	} else {
		s.rec.Signal(syscall.SIGKILL)
	}
	s.rec.Run(discard{})
}

// Result is how a session ended.
type Result struct {
	*record.Result
	// Signal is the signal that ended an attached session (0: none).
	Signal syscall.Signal
	// TimerChunks: of a recording's event chunks (Record), those the
	// flush timer wrote with under 128 KiB of events
	// (format.Writer.TimerChunks, ShouldRepack).
	TimerChunks uint64
}

// Status is mytrace's exit status: the command's, or for attached
// processes 0, or 128+N when signal N ended the session.
func (r *Result) Status() int {
	if r.Signal != 0 {
		return 128 + int(r.Signal)
	}
	return r.Result.Status()
}

// LostWarning says on stderr that the recording lost events (the bpf
// backend's ring buffer was full), and how to lose fewer.
func (r *Result) LostWarning() {
	if r.Lost > 0 {
		fmt.Fprintf(os.Stderr, "mytrace: warning: %d events were lost while recording (the ring buffer was full: a larger --bpf-buffer loses fewer); each gap is marked in the trace\n", r.Lost)
	}
}

// DetachMessages says which tasks were let go, as strace does on stderr.
func (r *Result) DetachMessages() {
	for _, tid := range r.Detached {
		fmt.Fprintf(os.Stderr, "mytrace: Process %d detached\n", tid)
	}
}

// fatalSignals are the signals that end a session, those -I is about.
var fatalSignals = []os.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGPIPE, syscall.SIGTERM}

// run records into sink until the traced processes end or are let go,
// with the signals that end a session handled as -I says, strace's way:
//
//   - anywhere: not caught; the tracer dies of them (a launched command
//     goes on untraced if the caller set record.Options.KeepOnExit).
//   - waiting (and mytrace's default on a terminal): attached processes
//     are let go; a launched command gets the signal and the trace goes
//     on to its end.
//   - never, never_tstp: ignored (never_tstp: ^Z's SIGTSTP too).
//   - by default without a terminal: SIGTERM and SIGHUP are passed to a
//     launched command, SIGINT and SIGQUIT are left to the terminal.
//
// As strace, the tracer ignores SIGTTOU and SIGTTIN in every mode.
func (s *Session) run(sink record.Sink) *Result {
	quietStdio()
	signal.Ignore(syscall.SIGTTOU, syscall.SIGTTIN)
	var got atomic.Int32
	var stop func()
	switch s.intr {
	case options.IntrNever, options.IntrNeverTstp:
		if s.intr == options.IntrNeverTstp {
			signal.Ignore(syscall.SIGTSTP)
		}
		signal.Ignore(fatalSignals...)
		stop = func() {}
	case options.IntrAnywhere:
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, fatalSignals...)
		go func() { dieOf((<-ch).(syscall.Signal)) }()
		stop = func() { signal.Stop(ch) }
	default:
		stop = OnSignals(func(sig syscall.Signal) {
			switch {
			case s.attached:
				got.CompareAndSwap(0, int32(sig))
				s.rec.Detach()
			case s.interact || sig == syscall.SIGTERM || sig == syscall.SIGHUP:
				s.rec.Signal(sig)
			}
		})
	}
	res := &Result{Result: s.rec.Run(sink)}
	stop()
	res.Signal = syscall.Signal(got.Load())
	res.LostWarning()
	return res
}

// Record runs the session into a compressed trace file written to w; file
// names it in errors. Unless the session is quiet, detaches are said on
// stderr.
func (s *Session) Record(w io.Writer, file string, opts ...format.WriterOption) (*Result, error) {
	// The Writer hands over a chunk in a few writes; 64 KiB gathers
	// them (a larger payload goes straight through) without the megabyte
	// that alone made a short recording collect garbage once.
	bw := bufio.NewWriterSize(w, 64<<10)
	fw, err := format.NewWriter(bw, s.rec.Header(), opts...)
	if err != nil {
		s.Abandon()
		return nil, err
	}
	res := s.run(fw)
	if err := fw.Close(); err != nil {
		return res, fmt.Errorf("%s: %w", file, err)
	}
	res.TimerChunks = fw.TimerChunks()
	if err := bw.Flush(); err != nil {
		return res, fmt.Errorf("%s: %w", file, err)
	}
	if res.SinkErr != nil {
		return res, fmt.Errorf("%s: %w", file, res.SinkErr)
	}
	if !s.quiet {
		res.DetachMessages()
	}
	return res, nil
}

// Live runs the session and hands its events, as an uncompressed trace
// stream, to consume, which reads it as a file is read (Stream). With
// record.Options.Ordered, consume runs as a coroutine of the recorder's
// thread and takes the events of each stop before the tracee goes on
// (ordered.go); otherwise it runs on a goroutine of its own and the
// recorder hands it events in chunks. It returns when both are done; an
// error of the recording's comes first, then consume's.
func (s *Session) Live(consume func(io.Reader) error) (*Result, error) {
	if s.ordered {
		return s.liveOrdered(consume)
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := consume(pr)
		// Keep draining so the recorder never blocks on a dead printer.
		io.Copy(io.Discard, pr)
		done <- err
	}()
	w, err := format.NewWriter(pw, s.rec.Header(), format.WithCompression(false), format.WithChunkSize(64<<10))
	if err != nil {
		pw.Close()
		<-done
		s.Abandon()
		return nil, err
	}
	res := s.run(w)
	werr := w.Close()
	pw.Close()
	perr := <-done
	switch {
	case res.SinkErr != nil:
		return res, res.SinkErr
	case werr != nil:
		return res, werr
	}
	return res, perr
}

// Printer is what Stream prints replayed events with.
type Printer interface {
	Event(*replay.Event)
	Flush() error
	Close() error
}

// Stream reads a trace stream from r and prints it with p (flushing after
// each event when flushEach, for a terminal); with stats, it also counts
// the calls, and prints only the summary unless both is set. p is made by
// newPrinter from the stream's header.
func Stream(r io.Reader, newPrinter func(*format.Header) Printer, flushEach bool, stats *report.Stats, both bool) error {
	fr := &flushReader{r: r}
	rd, err := format.NewReader(fr)
	if err != nil {
		return err
	}
	trace := stats == nil || both
	p := newPrinter(rd.Header())
	// What was printed is out before the reader waits for the recorder.
	fr.flush = func() { p.Flush() }
	err = ReplayAll(rd, func(ev *replay.Event) {
		if stats != nil {
			stats.Add(ev)
		}
		if trace {
			p.Event(ev)
			if flushEach {
				p.Flush()
			}
		}
	})
	if cerr := p.Close(); err == nil {
		err = cerr
	}
	return err
}

// ReplayAll gives every replayed event of rd to f and returns how the
// reading ended (nil at a clean end).
func ReplayAll(rd *format.Reader, f func(*replay.Event)) error {
	rp := replay.New(rd)
	for {
		ev, err := rp.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		f(ev)
	}
}

// flushReader calls flush before each read of the stream, which may wait
// for the recorder.
type flushReader struct {
	r     io.Reader
	flush func()
}

func (f *flushReader) Read(b []byte) (int, error) {
	if f.flush != nil {
		f.flush()
	}
	return f.r.Read(b)
}

// OnSignals calls fn, on a goroutine of its own, for each of the signals
// that end a tracing session (SIGINT, SIGQUIT, SIGTERM, SIGHUP) until the
// returned function is called. SIGPIPE is caught and ignored: a closed
// output pipe is reported as a write error, not by dying of it.
func OnSignals(fn func(syscall.Signal)) (stop func()) {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGPIPE)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				if sig := s.(syscall.Signal); sig != syscall.SIGPIPE {
					fn(sig)
				}
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

type discard struct{}

// WriteEvent drops the event.
func (discard) WriteEvent(*format.Event) error { return nil }

// Flush does nothing.
func (discard) Flush() {}
