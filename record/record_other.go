//go:build !linux || !amd64

package record

import (
	"errors"
	"syscall"

	"mytrace/decode/sysent"
	"mytrace/format"
)

// ErrUnsupported is returned on systems where recording is not possible.
var ErrUnsupported = errors.New("recording needs Linux on x86-64")

// Sink receives the recorded events in order.
type Sink interface {
	WriteEvent(*format.Event) error
	Flush()
}

// Options configure a recording.
type Options struct {
	Follow        bool
	Limits        sysent.Limits
	Regs          bool
	Env           []string
	Trace         func(int) bool
	FdPaths       bool
	SockDetails   bool
	Seccomp       bool
	FlushWhenIdle bool
	Stack         bool
	StackSize     int
	Inject        []Injection
	Colocate      bool
	CPU           int
	User          *User
}

// Result is how a recording ended.
type Result struct {
	Pid, ExitCode, Signal int
	Exited, CoreDumped    bool
	Events, Stops         uint64
	SinkErr               error
	Attached              bool
	Detached              []int
}

// Status is the exit status a shell would see.
func (r *Result) Status() int { return 1 }

// CheckCPU is not available on this system.
func CheckCPU(cpu int) error { return ErrUnsupported }

// Recorder is not available on this system.
type Recorder struct{}

// LookPath is not available on this system.
func LookPath(name string) (string, error) { return "", ErrUnsupported }

// Launch is not available on this system.
func Launch(path string, argv []string, opts Options) (*Recorder, error) {
	return nil, ErrUnsupported
}

// Header is not available on this system.
func (r *Recorder) Header() *format.Header { return nil }

// Run is not available on this system.
func (r *Recorder) Run(sink Sink) *Result { return &Result{} }

// Signal is not available on this system.
func (r *Recorder) Signal(sig syscall.Signal) {}

// Notice is not available on this system.
func (r *Recorder) Notice() string { return "" }

// Attach is not available on this system.
func Attach(pids []int, opts Options) (*Recorder, error) { return nil, ErrUnsupported }

// Detach is not available on this system.
func (r *Recorder) Detach() {}

// Attached is a process that was attached to.
type Attached struct{ Pid, Threads int }

// Attached is not available on this system.
func (r *Recorder) Attached() []Attached { return nil }

// Failed is not available on this system.
func (r *Recorder) Failed() []error { return nil }

// EndedEarlyError says the command ended before it could be traced.
type EndedEarlyError struct {
	Path   string
	Status syscall.WaitStatus
}

func (e *EndedEarlyError) Error() string { return e.Path + ": ended before it started" }

// ExitStatus is the status a shell would show.
func (e *EndedEarlyError) ExitStatus() int { return 1 }
