package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText writes the diff as text: where the runs first diverge, the
// changed regions of each process in a unified-diff-like form (strace
// lines; "-" only in A, "+" only in B, a "-" and "+" pair for the same call
// with a different result, " " context), then the summary. With stat,
// the summary alone. Nothing is written for equal runs unless stat.
func (r *DiffResult) WriteText(w io.Writer, stat bool) error {
	return r.WriteTextColor(w, stat, false)
}

// WriteTextColor is WriteText, with color as git diff colors a diff on a
// terminal when color is set: headers bold, hunk ranges cyan, lines only
// in A red, only in B green, moved lines magenta and cyan, explanations
// ("? ...") yellow.
func (r *DiffResult) WriteTextColor(w io.Writer, stat, color bool) error {
	bw := bufio.NewWriter(w)
	p := palette{}
	if color {
		p = ansiPalette
	}
	if !stat {
		if r.Equal {
			return nil
		}
		r.writeHeader(bw, &p)
		for _, pd := range r.Processes {
			pd.writeText(bw, &p)
		}
		bw.WriteString("\n")
	}
	r.writeSummary(bw, &p)
	return bw.Flush()
}

// palette holds the escape sequences of each kind of line; the zero
// palette colors nothing.
type palette struct {
	meta, frag, old, new, oldMoved, newMoved, hint, reset string
}

// ansiPalette is git diff's default colors.
var ansiPalette = palette{
	meta: "\x1b[1m", frag: "\x1b[36m", old: "\x1b[31m", new: "\x1b[32m",
	oldMoved: "\x1b[1;35m", newMoved: "\x1b[1;36m", hint: "\x1b[33m", reset: "\x1b[m",
}

// line writes s as one line in color c (a palette entry).
func (p *palette) line(w *bufio.Writer, c, s string) {
	if c == "" {
		w.WriteString(s)
		w.WriteByte('\n')
		return
	}
	w.WriteString(c)
	w.WriteString(s)
	w.WriteString(p.reset)
	w.WriteByte('\n')
}

func traceLine(t *TraceInfo) string {
	s := t.File
	if len(t.Command) > 0 {
		s += "\t" + strings.Join(t.Command, " ")
	}
	procs := "processes"
	if t.Processes == 1 {
		procs = "process"
	}
	return fmt.Sprintf("%s\t(%d calls, %d %s)", s, t.Calls, t.Processes, procs)
}

func pointText(who string, p *Point) string {
	if p == nil {
		return ""
	}
	s := fmt.Sprintf("%s pid %d #%d at %.6f s: ", who, p.Pid, p.Index, p.Time)
	if p.End {
		return s + "(nothing more: the task ended or the recording stopped)"
	}
	return s + p.Line
}

func (r *DiffResult) writeHeader(w *bufio.Writer, p *palette) {
	p.line(w, p.meta, "--- A: "+traceLine(&r.A))
	p.line(w, p.meta, "+++ B: "+traceLine(&r.B))
	if f := r.First; f != nil {
		switch f.Only {
		case "a", "b":
			fmt.Fprintf(w, "First divergence: process %s (%s) exists only in %s\n", f.Process, f.Command, strings.ToUpper(f.Only))
		default:
			what := "a call only in A"
			switch f.Op {
			case "~":
				what = "the same call with a different result"
			case "+":
				what = "a call only in B"
			}
			fmt.Fprintf(w, "First divergence: process %s (%s), %s\n", f.Process, f.Command, what)
		}
		if f.A != nil {
			p.line(w, p.old, "  "+pointText("A", f.A))
		}
		if f.B != nil {
			p.line(w, p.new, "  "+pointText("B", f.B))
		}
	}
	if r.Coarse {
		w.WriteString("Note: some regions were too costly to align call by call and are shown replaced whole.\n")
	}
}

func (pd *ProcDiff) writeText(w *bufio.Writer, p *palette) {
	switch {
	case pd.Only == "a" || pd.Only == "b":
		s := pd.A
		if pd.Only == "b" {
			s = pd.B
		}
		fmt.Fprintf(w, "\nprocess %s: only in %s: %s (pid %d, %d calls, %s)\n", pd.ID, strings.ToUpper(pd.Only), pd.Command, s.Pid, s.Calls, s.Exit)
		return
	case pd.Equal:
		return
	}
	w.WriteByte('\n')
	p.line(w, p.meta, fmt.Sprintf("process %s: %s (A pid %d, B pid %d)", pd.ID, pd.Command, pd.A.Pid, pd.B.Pid))
	if pd.Coarse {
		w.WriteString("(too costly to align call by call: some calls are shown as replaced whole)\n")
	}
	for _, h := range pd.Hunks {
		p.line(w, p.frag, fmt.Sprintf("@@ -%s +%s @@", hunkRange(h.AStart, h.ALen), hunkRange(h.BStart, h.BLen)))
		for _, l := range h.Lines {
			switch l.Op {
			case " ":
				p.line(w, "", " "+l.A.Line)
			case "-":
				p.line(w, p.old, "-"+l.A.Line)
			case "+":
				p.line(w, p.new, "+"+l.B.Line)
			case "~":
				p.line(w, p.old, "-"+l.A.Line)
				p.line(w, p.new, "+"+l.B.Line)
			case "<":
				p.line(w, p.oldMoved, "<"+l.A.Line)
			case ">":
				p.line(w, p.newMoved, ">"+l.B.Line)
			}
			if l.Differs != "" {
				p.line(w, p.hint, "? "+l.Differs)
			}
		}
	}
}

func hunkRange(start, n int) string {
	if n == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(n)
}

func (r *DiffResult) writeSummary(w *bufio.Writer, p *palette) {
	s := &r.Summary
	matched := s.Processes - s.OnlyA - s.OnlyB
	p.line(w, p.meta, fmt.Sprintf("Summary: %d of %d matched processes differ; %d only in A, %d only in B", s.Differ, matched, s.OnlyA, s.OnlyB))
	if s.Moved > 0 {
		fmt.Fprintf(w, "Moved: %d calls only changed places (timing), not counted as differences\n", s.Moved)
	}
	if len(s.Syscalls) > 0 {
		wn := len("syscall")
		for _, c := range s.Syscalls {
			wn = max(wn, len(c.Name))
		}
		if s.Moved > 0 {
			fmt.Fprintf(w, "  %-*s %8s %8s %8s %8s\n", wn, "syscall", "only A", "only B", "changed", "moved")
		} else {
			fmt.Fprintf(w, "  %-*s %8s %8s %8s\n", wn, "syscall", "only A", "only B", "changed")
		}
		for _, c := range s.Syscalls {
			if s.Moved > 0 {
				fmt.Fprintf(w, "  %-*s %8d %8d %8d %8d\n", wn, c.Name, c.OnlyA, c.OnlyB, c.Changed, c.Moved)
			} else {
				fmt.Fprintf(w, "  %-*s %8d %8d %8d\n", wn, c.Name, c.OnlyA, c.OnlyB, c.Changed)
			}
		}
	}
	for _, f := range []struct {
		who   string
		files []string
	}{{"A", s.FilesOnlyA}, {"B", s.FilesOnlyB}} {
		if len(f.files) == 0 {
			continue
		}
		fmt.Fprintf(w, "Files touched only in %s:\n", f.who)
		for _, p := range f.files {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	w.WriteString("Exit status of each process:\n")
	wid, wcmd := 0, 0
	for _, pd := range r.Processes {
		wid = max(wid, len("process ")+len(pd.ID))
		wcmd = max(wcmd, min(len(pd.Command), 40))
	}
	for _, pd := range r.Processes {
		ea, eb := "-", "-"
		if pd.A != nil {
			ea = pd.A.Exit
		}
		if pd.B != nil {
			eb = pd.B.Exit
		}
		mark := ""
		if ea != eb {
			mark = "  (differs)"
		}
		cmd := pd.Command
		if len(cmd) > 40 {
			cmd = cmd[:37] + "..."
		}
		fmt.Fprintf(w, "  %-*s  %-*s  A: %-18s B: %s%s\n", wid, "process "+pd.ID, wcmd, cmd, ea, eb, mark)
	}
}

// WriteJSON writes the result as one JSON document; with stat, without
// the hunks.
func (r *DiffResult) WriteJSON(w io.Writer, stat bool) error {
	v := r
	if stat {
		c := *r
		c.Processes = make([]*ProcDiff, len(r.Processes))
		for i, pd := range r.Processes {
			p := *pd
			p.Hunks = nil
			c.Processes[i] = &p
		}
		v = &c
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // ops "<" and ">", lines with "&&", as they are
	return enc.Encode(v)
}
