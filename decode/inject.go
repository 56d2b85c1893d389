package decode

import (
	"strconv"

	"mytrace/format"
	"mytrace/sysent"
)

// InjectedNote is what strace shows after the result of a call the
// tracer tampered with: " (INJECTED)" (a made-up result), " (INJECTED:
// args)" (memory poked), " (INJECTED: args, retval)" (both), then
// " (DELAYED)" when it was held, or "".
func InjectedNote(t *format.Tamper) string {
	note := ""
	switch poked := t.Poked(); {
	case t.Injected() && poked:
		note = " (INJECTED: args, retval)"
	case poked:
		note = " (INJECTED: args)"
	case t.Injected():
		note = " (INJECTED)"
	}
	if t.Delayed() {
		note += " (DELAYED)"
	}
	return note
}

// RenderRetNote renders a call's result with strace's note about
// tampering (see InjectedNote) where strace puts it: after an error and
// before its auxiliary text, after a value's auxiliary text.
func RenderRetNote(r *Ret, o *Options, note string) string {
	if note == "" {
		return RenderRet(r, o)
	}
	if (r.Kind == RetError || r.Kind == RetRestart) && r.Aux != "" {
		r2 := *r
		r2.Aux = ""
		return RenderRet(&r2, o) + note + " (" + r.Aux + ")"
	}
	return RenderRet(r, o) + note
}

// tamperNote is the note for the exit event of a replayed call.
func tamperNote(exit *format.Event) string {
	if exit == nil || exit.Tamper.Flags == 0 {
		return ""
	}
	return InjectedNote(&exit.Tamper)
}

// appendTamperJSON appends the "inject" key of a syscall's JSON line:
// what -e inject= did to the call (docs/json.md).
func appendTamperJSON(b []byte, t *format.Tamper) []byte {
	b = append(b, `,"inject":{"injected":`...)
	b = strconv.AppendBool(b, t.Injected())
	if t.Flags&format.TamperError != 0 {
		if n := ErrnoName(int(t.Errno)); n != "" {
			b = append(b, `,"errno":`...)
			b = AppendJSONString(b, n)
		}
		b = append(b, `,"errno_num":`...)
		b = strconv.AppendUint(b, uint64(t.Errno), 10)
	}
	if t.Flags&format.TamperRetval != 0 {
		b = append(b, `,"retval":`...)
		b = strconv.AppendUint(b, t.Retval, 10)
	}
	if t.Flags&format.TamperSignal != 0 {
		b = append(b, `,"signal":`...)
		b = AppendJSONString(b, SignalName(int(t.Signal)))
		b = append(b, `,"signo":`...)
		b = strconv.AppendUint(b, uint64(t.Signal), 10)
	}
	if t.Flags&format.TamperDelayEnter != 0 {
		b = append(b, `,"delay_enter_ns":`...)
		b = strconv.AppendUint(b, t.DelayEnter, 10)
	}
	if t.Flags&format.TamperDelayExit != 0 {
		b = append(b, `,"delay_exit_ns":`...)
		b = strconv.AppendUint(b, t.DelayExit, 10)
	}
	if t.Flags&format.TamperSyscall != 0 {
		b = append(b, `,"syscall":`...)
		name := "syscall_0x" + strconv.FormatUint(t.Syscall, 16)
		if e := sysent.Lookup(t.Syscall); e != nil {
			name = e.Name
		}
		b = AppendJSONString(b, name)
	}
	if t.Flags&format.TamperPoke != 0 {
		b = appendPokesJSON(b, t)
	}
	return append(b, '}')
}
