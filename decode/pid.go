package decode

import (
	"strconv"

	"mytrace/format"
	"mytrace/sysent"
)

// DecodePids bits (strace's --decode-pids): show a thread's or process's
// command name after its id (comm, -Y), and the id in mytrace's PID
// namespace when it was named in another (pidns).
const (
	DecodePidComm = 1 << iota
	DecodePidNS
)

// PidValue is a pid a call or a signal names, shown as strace's printpid:
// the number, then with -Y the command name of a thread or process
// ("1234<sh>"), and with --decode-pids=pidns, for a pid named in another
// PID namespace, what it is in mytrace's ("1 /* 4321 in mytrace's PID NS
// */"). What the pid is comes from the recording, through
// Options.PidLookup. It packs the pid (low 32 bits) and its kind (a
// sysent.PidKind) in one word, so that it costs what an Int costs.
type PidValue int64

// pidValue makes the PidValue of v, of kind k.
func pidValue(v int64, k sysent.PidKind) PidValue {
	return PidValue(int64(uint32(int32(v))) | int64(k)<<32)
}

// Pid is the pid as named.
func (v PidValue) Pid() int64 { return int64(int32(uint32(v))) }

// Kind is what the pid names.
func (v PidValue) Kind() sysent.PidKind { return sysent.PidKind(v >> 32) }

func (v PidValue) render(b *textBuf, o *Options) {
	pid := v.Pid()
	b.int(pid)
	if o.DecodePids == 0 || o.PidLookup == nil {
		return
	}
	k, p := v.Kind().Of(pid)
	if k == sysent.PidNone || p <= 0 {
		return
	}
	comm, ours, translated := o.PidLookup(p, k)
	if translated && ours == 0 {
		return // no such process in mytrace's namespace: strace shows nothing
	}
	if o.DecodePids&DecodePidComm != 0 && comm != "" && (k == sysent.PidTID || k == sysent.PidTGID) {
		b.WriteByte('<')
		quoteBytes(b, []byte(comm), o.Hex, "<>")
		b.WriteByte('>')
	}
	if o.DecodePids&DecodePidNS != 0 && translated && ours != p {
		b.WriteString(" /* ")
		b.int(ours)
		b.WriteString(" in mytrace's PID NS */")
	}
}

func (v PidValue) appendJSON(b []byte, o *Options) []byte {
	return strconv.AppendInt(b, v.Pid(), 10)
}

// pidArg shows argument i of the call: a PidValue if the table says it is
// a pid, otherwise a plain int.
func (d *dec) pidArg(i int) Value {
	if p := d.pids(); p != nil && p.Args[i] != sysent.PidNone {
		return pidValue(d.int(i), p.Args[i])
	}
	return Int(d.int(i))
}

// pids is which arguments and result of the call are pids (x86-64 calls
// only), or nil.
func (d *dec) pids() *sysent.Pids {
	if d.c.Arch != format.ArchX86_64 || d.c.Nr&sysent.X32Bit != 0 {
		return nil
	}
	return sysent.PidsOf(d.c.Nr)
}
