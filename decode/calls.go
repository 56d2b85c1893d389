package decode

import (
	"mytrace/format"
	"mytrace/replay"
)

// What the text Printer and the JSONPrinter both decide about calls, in
// one place: which calls and signals the options show, the status a
// call's result gives it (-e status=), and the per-task record of calls
// that restart_syscall needs.

// callTrack is what a printer keeps of a task's syscalls: the names of its
// current and previous calls (a restart_syscall resumes the previous one)
// and whether the call it is in passed the filters.
type callTrack struct {
	prev, cur string
	shown     bool
}

// enter notes a syscall entry; the call is not shown until the filters
// say so.
func (t *callTrack) enter(e *format.Event) {
	t.prev, t.cur = t.cur, syscallName(e)
	t.shown = false
}

// attach notes the call an attached task was in, from its NewTask event.
func (t *callTrack) attach(raw *format.Event) { t.cur = AttachedCall(raw) }

// resumes names the call that c resumes when c is a restart_syscall (""
// when that is not known), and reports whether it is one.
func (t *callTrack) resumes(c *Call) (string, bool) {
	if c.Name != "restart_syscall" || c.Unknown {
		return "", false
	}
	return t.prev, true
}

// traces applies -e trace= to a syscall event.
func (o *PrintOptions) traces(e *format.Event) bool {
	return o.Trace == nil || o.Trace(e.Nr, e.Arch)
}

// signalShown applies -e signal=.
func (o *PrintOptions) signalShown(sig int) bool { return o.Signals == nil || o.Signals(sig) }

// touches applies -P: whether c, made by task, refers to one of the
// paths (true when no path was given).
func (o *PrintOptions) touches(c *Call, task *replay.Task) bool {
	return len(o.Paths) == 0 || touchesPaths(c, task, o.Paths)
}

// statusShown applies -e status= (-z, -Z) to a call that ended with
// status (Status*).
func (o *PrintOptions) statusShown(status int) bool {
	return o.Status == 0 || o.Status == StatusAll || o.Status&status != 0
}

// callStatus is the -e status= class of a call's result.
func callStatus(c *Call) int {
	switch c.Ret.Kind {
	case RetError, RetRestart:
		return StatusFailed
	case RetUnknown:
		return StatusUnfinished
	}
	return StatusSuccessful
}
