package record

import (
	"errors"
	"strconv"
	"strings"
	"syscall"

	"mytrace/format"
	"mytrace/sysent"
)

// Making one syscall inside a running thread (mytrace call): the types,
// the same on every system; call_linux.go does it (docs/call.md).

// CallArg is one argument of the call: a value, or bytes put in a mapping
// made in the target for the call, whose address is the argument.
type CallArg struct {
	Value uint64
	// Scratch puts the argument in the mapping: Data, then zeroes up to
	// Size bytes (when Size is larger).
	Scratch bool
	Data    []byte
	Size    int
}

// MaxCallScratch bounds the mapping made for one call's arguments.
const MaxCallScratch = 64 << 20

// CallRequest is a syscall to make in thread Tid.
type CallRequest struct {
	Tid  int
	Nr   int       // x86-64 syscall number
	Args []CallArg // as many as the call takes, at most 6
	// NoReturn: a call that does not come back to the code that made it
	// (exit, exit_group, execve, execveat, rt_sigreturn). When it
	// succeeds the thread is let go as the call left it: its registers
	// and signal mask are not restored, nor the mapping removed.
	NoReturn bool
	// What is captured of the call's memory, and whether descriptors are
	// noted for -y (-yy: SockDetails), as Options says for a recording.
	Limits               sysent.Limits
	FdPaths, SockDetails bool
	// Stop, when it is closed, interrupts the call if it blocks (the
	// user pressed Ctrl-C): it returns as a signal would make it return,
	// and the thread is restored all the same.
	Stop <-chan struct{}
	// Header, when set, is filled in, before the first event is written,
	// with what describes the events as a recording (the attached
	// process, the machine, the capture limits).
	Header *format.Header
}

// CallResult says how the call went.
type CallResult struct {
	Tgid    int   // the thread's process
	Ret     int64 // what the call returned (a negative errno when IsError)
	IsError bool
	// Exited: the thread or its process ended (exit, exit_group, or a
	// signal that killed it meanwhile); Status says how.
	Exited bool
	Status syscall.WaitStatus
	// Stopped: the process was stopped (SIGSTOP...) and is left stopped.
	Stopped bool
	// Insn is the address of the syscall instruction the call was made
	// with, and InsnFrom where it was found: "the interrupted call" (the
	// instruction the thread was stopped in), "[vdso]", or the file of an
	// executable mapping.
	Insn     uint64
	InsnFrom string
	// Restart names the call the thread was in, which it makes again
	// after the call as after a signal without a handler ("read",
	// "clock_nanosleep (through restart_syscall)"); "" if none.
	Restart string
	// Dropped lists signals the call itself raised (a seccomp filter's
	// SIGSYS) that were not delivered.
	Dropped []int
}

// CallError is a call refused or failed before it could run, or whose
// target could not be restored: Pid is the thread, Err what happened.
type CallError struct {
	Pid    int
	Err    error
	Reason string // why, when Err is a bare errno ("it is already traced by 123 (strace)")
}

// Error says it in one line: "process 4242: Operation not permitted (it
// is already traced by process 77 (strace))".
func (e *CallError) Error() string {
	msg := e.Err.Error()
	var en syscall.Errno
	if errors.As(e.Err, &en) && msg != "" {
		// The C library's words: "No such process".
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	s := "process " + strconv.Itoa(e.Pid) + ": " + msg
	if e.Reason != "" {
		s += " (" + e.Reason + ")"
	}
	return s
}

// Unwrap returns Err.
func (e *CallError) Unwrap() error { return e.Err }
