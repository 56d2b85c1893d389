package main

import (
	"fmt"
	"os"
	"strings"

	"mytrace/format"
	"mytrace/options"
	"mytrace/replay"
	"mytrace/sysent"
)

// viewCheck notices when print is asked for what the recording cannot
// give (call stacks it did not capture, calls it filtered out, command
// names, namespaces or KVM exit reasons it did not note), so that a view
// that shows nothing says why, in one warning line each.
type viewCheck struct {
	name       string
	wantStack  bool
	sawStack   bool
	notTraced  []string // asked for by -e trace=, left out by record -e trace=
	recordExpr string
	// missing are the notes asked for (-Y, --decode-pids=pidns, -e
	// kvm=vcpu) that the recording lacks, by option.
	missing []string
}

// newViewCheck compares what d asks for with what the recording's header
// says was recorded.
func newViewCheck(name string, h *format.Header, d *options.Display) *viewCheck {
	v := &viewCheck{name: name, wantStack: d.Stack}
	if d.Exprs != nil {
		why := "recorded by an older mytrace"
		if h.Backend == "bpf" {
			why = "the bpf backend does not note them"
		}
		for _, n := range []struct {
			want bool
			bit  uint32
			what string
		}{
			{d.Exprs.DecodePids&options.DecodePidComm != 0, format.NoteComm, "-Y: no command names to show (" + why + ")"},
			{d.Exprs.DecodePids&options.DecodePidNS != 0, format.NotePidNS, "--decode-pids=pidns: no PID namespaces noted (" + why + ")"},
			{d.Exprs.KVM, format.NoteKVM, "-e kvm=vcpu: no KVM exit reasons to show (record with mytrace record -e kvm=vcpu)"},
		} {
			if n.want && h.Notes&n.bit == 0 {
				v.missing = append(v.missing, n.what)
			}
		}
	}
	if !h.Verbose && (d.Verbose || d.Exprs != nil && d.Exprs.Abbrev != nil) {
		v.missing = append(v.missing, "recorded without -v: structures are shown abbreviated (mytrace record -v keeps them whole)")
	}
	// Decorate is -y's count, or what -e decode-fds= shows (its Level).
	if h.NoFdDetails && d.Decorate > 1 {
		v.missing = append(v.missing, "recorded without -yy: descriptors are shown with their paths only (mytrace record -yy keeps socket endpoints and device numbers)")
	}
	if d.Exprs == nil || d.Exprs.Trace == nil || h.Filter == "" {
		return v
	}
	rec, err := options.ParseExprs(strings.Split(h.Filter, "\n"))
	if err != nil || rec.Trace == nil {
		return v
	}
	for _, e := range strings.Split(h.Filter, "\n") {
		if q, _, _ := strings.Cut(e, "="); q == "trace" || !strings.Contains(e, "=") {
			v.recordExpr = e
		}
	}
	want := d.Exprs.Trace
	for nr := 0; nr < sysent.Max(); nr++ {
		en := sysent.Lookup(uint64(nr))
		if en == nil {
			continue
		}
		if want.Has(uint64(nr), format.ArchX86_64) && !rec.Trace.Has(uint64(nr), format.ArchX86_64) {
			v.notTraced = append(v.notTraced, en.Name)
		}
	}
	return v
}

// see notes what a replayed event holds.
func (v *viewCheck) see(ev *replay.Event) {
	if v.wantStack && !v.sawStack {
		for _, e := range []*format.Event{ev.Entry, ev.Exit, ev.Raw} {
			if e != nil && e.HasStack {
				v.sawStack = true
			}
		}
	}
}

// warn says, once the whole recording was read, what could not be shown.
func (v *viewCheck) warn() {
	for _, m := range v.missing {
		fmt.Fprintf(os.Stderr, "mytrace: %s: warning: %s\n", v.name, m)
	}
	if v.wantStack && !v.sawStack {
		fmt.Fprintf(os.Stderr, "mytrace: %s: warning: recorded without -k: no call stacks to show (record with mytrace record -k)\n", v.name)
	}
	if n := len(v.notTraced); n > 0 {
		names := strings.Join(v.notTraced[:min(n, 5)], ", ")
		if n > 5 {
			names += fmt.Sprintf(" and %d more", n-5)
		}
		verb := "were"
		if n == 1 {
			verb = "was"
		}
		fmt.Fprintf(os.Stderr, "mytrace: %s: warning: recorded with -e %s: %s %s not recorded\n", v.name, v.recordExpr, names, verb)
	}
}
