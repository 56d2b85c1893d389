//go:build !(linux && amd64)

package bpf

import (
	"errors"
	"syscall"

	"mytrace/format"
	"mytrace/record"
)

// Recorder is not available on this system.
type Recorder struct{}

var errUnsupported = errors.New("BPF unavailable: the bpf backend needs Linux on x86-64")

// Launch is not available on this system.
func Launch(path string, argv []string, opts record.Options, cfg Config) (*Recorder, error) {
	return nil, errUnsupported
}

// Attach is not available on this system.
func Attach(pids []int, opts record.Options, cfg Config) (*Recorder, error) {
	return nil, errUnsupported
}

// Header is not available on this system.
func (r *Recorder) Header() *format.Header { return nil }

// Run is not available on this system.
func (r *Recorder) Run(sink record.Sink) *record.Result { return &record.Result{} }

// Signal is not available on this system.
func (r *Recorder) Signal(sig syscall.Signal) {}

// Notice is not available on this system.
func (r *Recorder) Notice() string { return "" }

// Pid is not available on this system.
func (r *Recorder) Pid() int { return 0 }

// Detach is not available on this system.
func (r *Recorder) Detach() {}

// Attached is not available on this system.
func (r *Recorder) Attached() []record.Attached { return nil }

// Failed is not available on this system.
func (r *Recorder) Failed() []error { return nil }
