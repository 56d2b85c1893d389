package decode

import (
	"encoding/hex"
	"io"
	"strconv"

	"mytrace/format"
)

// appendPokesJSON appends the "poked" and "pokes" keys of a call's
// "inject" object (docs/json.md): each write -e inject= made into the
// task's memory, at the call's entry or exit.
func appendPokesJSON(b []byte, t *format.Tamper) []byte {
	b = append(b, `,"poked":`...)
	b = strconv.AppendBool(b, t.Poked())
	b = append(b, `,"pokes":[`...)
	for i := range t.Pokes {
		p := &t.Pokes[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"at":`...)
		if p.Exit {
			b = append(b, `"exit"`...)
		} else {
			b = append(b, `"entry"`...)
		}
		b = append(b, `,"arg":`...)
		b = strconv.AppendUint(b, uint64(p.Arg), 10)
		b = append(b, `,"data":"`...)
		b = hex.AppendEncode(b, p.Data)
		b = append(b, '"')
		if p.Skipped {
			b = append(b, `,"skipped":true,"nargs":`...)
			b = strconv.AppendUint(b, uint64(p.NArgs), 10)
		} else {
			b = append(b, `,"addr":`...)
			b = strconv.AppendUint(b, p.Addr, 10)
			b = append(b, `,"written":`...)
			b = strconv.AppendUint(b, uint64(p.Written), 10)
			if p.Errno != 0 {
				if n := ErrnoName(int(p.Errno)); n != "" {
					b = append(b, `,"errno":`...)
					b = AppendJSONString(b, n)
				}
			}
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// pokeMessages are strace's complaints about the pokes of a call that
// could not be made ("poke_tcb: Failed to tamper with process 123:
// couldn't poke"), those of its entry or (exit) its exit, in the order
// they were tried; name is the call's.
func pokeMessages(tid int32, name string, t *format.Tamper, exit bool) []string {
	var out []string
	for i := range t.Pokes {
		p := &t.Pokes[i]
		if p.Exit != exit {
			continue
		}
		head := "poke_tcb: Failed to tamper with process " + strconv.Itoa(int(tid)) + ": "
		switch {
		case p.Skipped:
			out = append(out, head+"requested to tamper with argument #"+strconv.Itoa(int(p.Arg))+
				", but system call '"+name+"' has only "+strconv.Itoa(int(p.NArgs))+" arguments")
		case p.Written == 0:
			out = append(out, head+"couldn't poke")
		}
	}
	return out
}

// pokeDiag says which pokes of a call's entry or (exit) exit could not be
// made, as strace does on stderr while it traces the call.
func (p *Printer) pokeDiag(tid int32, name string, e *format.Event, exit bool) {
	if e == nil || e.Tamper.Flags&format.TamperPoke == 0 {
		return
	}
	for _, m := range pokeMessages(tid, name, &e.Tamper, exit) {
		switch {
		case p.o.Messages:
			p.message(m)
		case p.o.Diag != nil:
			io.WriteString(p.o.Diag, p.o.Program+": "+m+"\n")
		}
	}
}
