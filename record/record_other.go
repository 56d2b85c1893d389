//go:build !linux || !amd64

package record

import (
	"errors"
	"syscall"

	"mytrace/format"
)

// ErrUnsupported is returned on systems where recording is not possible.
var ErrUnsupported = errors.New("recording needs Linux on x86-64")

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

// Daemonize is not available on this system.
func Daemonize(path string, argv []string, opts Options, mode int) error { return ErrUnsupported }

// DaemonTracee is never true on this system.
func DaemonTracee() (int, bool) { return 0, false }

// AttachDaemon is not available on this system.
func AttachDaemon(pid int, argv []string, opts Options) (*Recorder, error) {
	return nil, ErrUnsupported
}
