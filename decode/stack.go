package decode

import (
	"strconv"

	"mytrace/decode/unwind"
	"mytrace/format"
	"mytrace/replay"
)

// Call stacks (-k): what strace prints under a call or a signal, from the
// stack copy and registers recorded at the stop and the process's
// mappings (see decode/unwind).
//
// strace shows the stack of a call after its line: the stack walked at
// the call's exit, or, for exit, exit_group, execve and execveat, the one
// captured at entry (printed after "+++ exited ..." for a call that never
// returns). Both are printed alike, but for a frame without a symbol: a
// walked frame shows "module() [0xOFF]", a captured one
// "module(+0x0) [0xOFF]" (strace queues those lines with an empty name).

// StackLine formats a frame as strace -k does, without the newline.
// queued says the stack was captured at the call's entry.
func StackLine(f unwind.Frame, queued bool) string {
	if f.Err != "" {
		if f.IP != 0 {
			return " > " + f.Err + " [0x" + strconv.FormatUint(f.IP, 16) + "]"
		}
		return " > " + f.Err
	}
	off := " [0x" + strconv.FormatUint(f.Offset, 16) + "]"
	if f.HasSymbol && f.Symbol != "" || queued {
		return " > " + f.Module + "(" + f.Symbol + "+0x" + strconv.FormatUint(f.FuncOffset, 16) + ")" + off
	}
	return " > " + f.Module + "()" + off
}

// stackFrames unwinds the stack recorded in e for a task, or returns nil
// when there is none (or -k is off).
func stackFrames(u *unwind.Unwinder, t *replay.Task, e *format.Event) []unwind.Frame {
	if u == nil || e == nil || !e.HasStack || !e.HasRegs {
		return nil
	}
	var maps []format.Mapping
	if t != nil {
		if mm := t.Maps(); mm != nil {
			maps = mm.List
		}
	}
	return u.Stack(&e.Regs, e.StackAddr, e.Stack, maps)
}

// callStackEvent returns the event of a finished call whose stack is
// shown, and whether it was captured at entry.
func callStackEvent(entry, exit *format.Event) (*format.Event, bool) {
	if exit != nil && exit.HasStack {
		return exit, false
	}
	if entry != nil && entry.HasStack {
		return entry, true
	}
	return nil, false
}

// printStack writes the stack lines of e (already ended lines).
func (p *Printer) printStack(t *replay.Task, e *format.Event, queued bool) {
	for _, f := range stackFrames(p.o.Stack, t, e) {
		p.w.WriteString(StackLine(f, queued))
		p.w.WriteByte('\n')
	}
}

// callStack prints the stack of a call whose line was just ended.
func (p *Printer) callStack(ev *replay.Event) {
	if p.o.Stack == nil {
		return
	}
	if e, queued := callStackEvent(ev.Entry, ev.Exit); e != nil {
		p.printStack(ev.Task, e, queued)
	}
}

// stopStack prints the stack of a signal or group-stop line just ended:
// strace shows none for a task whose last call was of another ABI.
func (p *Printer) stopStack(ev *replay.Event) {
	if p.o.Stack == nil || !ev.Raw.HasStack {
		return
	}
	if t := p.tasks[ev.Task.Tid]; t != nil && t.pers != 0 {
		return
	}
	p.printStack(ev.Task, ev.Raw, false)
}

// endStack returns the stack a call captured at entry and never
// returned from (exit_group) shows when its task ends, or nil.
func (p *Printer) endStack(ev *replay.Event) *format.Event {
	if p.o.Stack == nil || ev.Entry == nil || !ev.Entry.HasStack {
		return nil
	}
	if t := p.tasks[ev.Task.Tid]; t != nil && (t.stackAtEnd || t.shown) {
		return ev.Entry
	}
	return nil
}

// appendStackJSON appends a "stack" member: the frames of e, each
// {"ip","module","symbol","offset","file_offset"} or {"error"}.
func appendStackJSON(b []byte, u *unwind.Unwinder, t *replay.Task, e *format.Event) []byte {
	frames := stackFrames(u, t, e)
	if frames == nil {
		return b
	}
	b = append(b, `,"stack":[`...)
	for i, f := range frames {
		if i > 0 {
			b = append(b, ',')
		}
		if f.Err != "" {
			b = append(b, `{"error":`...)
			b = AppendJSONString(b, f.Err)
			if f.IP != 0 {
				b = append(b, `,"ip":`...)
				b = strconv.AppendUint(b, f.IP, 10)
			}
			b = append(b, '}')
			continue
		}
		b = append(b, `{"ip":`...)
		b = strconv.AppendUint(b, f.IP, 10)
		b = appendKeyString(b, "module", f.Module)
		if f.HasSymbol {
			b = appendKeyString(b, "symbol", f.Symbol)
			b = append(b, `,"offset":`...)
			b = strconv.AppendUint(b, f.FuncOffset, 10)
		}
		b = append(b, `,"file_offset":`...)
		b = strconv.AppendUint(b, f.Offset, 10)
		b = append(b, '}')
	}
	return append(b, ']')
}
