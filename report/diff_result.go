package report

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// DiffResult is the outcome of a diff: how the two recordings differ.
// Its JSON form is what `mytrace diff --json` prints.
type DiffResult struct {
	A TraceInfo `json:"a"`
	B TraceInfo `json:"b"`
	// Equal: no difference after normalization.
	Equal bool `json:"equal"`
	// Coarse: some region was too costly to align call by call and is
	// shown as replaced whole.
	Coarse bool `json:"coarse,omitempty"`
	// First is where the runs first diverge, nil when they do not.
	First     *Divergence `json:"first_divergence,omitempty"`
	Processes []*ProcDiff `json:"processes"`
	Summary   Summary     `json:"summary"`
	ctx       int
	window    int // moves: see DiffOptions.MoveWindow
	ta, tb    *DiffTrace
	// fills are the points whose lines the lines pass renders.
	fills []fill
}

type fill struct {
	p *Point
	d *dtask
	i int32
}

// FillLines puts the lines rendered by the traces' lines pass (see
// DiffTrace.LinesPass) in the result's points, and says what differs
// where a line of A and one of B print alike.
func (r *DiffResult) FillLines() {
	for _, f := range r.fills {
		f.p.Line = f.d.lines[f.i]
	}
	for _, pd := range r.Processes {
		for _, h := range pd.Hunks {
			r.explain(pd, h)
		}
	}
}

// explain sets Differs on the lines of h that print what a line of the
// other run prints (in a run of changes: a '~' line, or a '-' and a '+'
// line with the same text) although their keys differ.
func (r *DiffResult) explain(pd *ProcDiff, h *Hunk) {
	for s := 0; s < len(h.Lines); {
		if h.Lines[s].Op == " " {
			s++
			continue
		}
		e := s
		for e < len(h.Lines) && h.Lines[e].Op != " " {
			e++
		}
		// The "+" lines of the run by text, in order.
		added := map[string][]*HunkLine{}
		for _, l := range h.Lines[s:e] {
			if l.Op == "+" {
				added[l.B.Line] = append(added[l.B.Line], l)
			}
		}
		for _, l := range h.Lines[s:e] {
			switch l.Op {
			case "~":
				if l.A.Line == l.B.Line {
					l.Differs = r.differs(pd, l.A, l.B)
				}
			case "-":
				if ms := added[l.A.Line]; len(ms) > 0 {
					ms[0].Differs = r.differs(pd, l.A, ms[0].B)
					added[l.A.Line] = ms[1:]
				}
			}
		}
		s = e
	}
}

// differs says how two elements that print alike differ: the facts
// (arguments, result) whose keys differ, at most three.
func (r *DiffResult) differs(pd *ProcDiff, a, b *Point) string {
	fa, fb := pd.a.facts[int32(a.Index-1)], pd.b.facts[int32(b.Index-1)]
	var parts []string
	if len(fa) == len(fb) {
		for i := range fa {
			if fa[i].name != fb[i].name {
				parts = nil
				break
			}
			ka, kb := resolvePids(fa[i].key, r.ta), resolvePids(fb[i].key, r.tb)
			if ka == kb {
				continue
			}
			if len(parts) == 3 {
				parts = append(parts, "...")
				break
			}
			parts = append(parts, factDiff(fa[i].name, ka, kb))
		}
	}
	if len(parts) == 0 {
		return "differs in what the line does not show"
	}
	return strings.Join(parts, "; ")
}

// factDiff says how the keys of one fact differ: the files two
// descriptors refer to, or the text around the first difference.
func factDiff(name, a, b string) string {
	if strings.HasPrefix(a, "<") && strings.HasSuffix(a, ">") && strings.HasPrefix(b, "<") && strings.HasSuffix(b, ">") {
		return name + " refers to " + a[1:len(a)-1] + " in A, " + b[1:len(b)-1] + " in B"
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	const before, after = 12, 40
	snip := func(s string) string {
		from := max(0, i-before)
		to := min(len(s), i+after)
		out := s[from:to]
		if from > 0 {
			out = "..." + out
		}
		if to < len(s) {
			out += "..."
		}
		return out
	}
	return name + ": " + snip(a) + " in A, " + snip(b) + " in B"
}

// TraceInfo describes one of the recordings.
type TraceInfo struct {
	File      string   `json:"file"`
	Command   []string `json:"command,omitempty"`
	Host      string   `json:"host,omitempty"`
	Start     string   `json:"start,omitempty"` // RFC 3339
	Calls     int      `json:"calls"`           // syscalls compared
	Processes int      `json:"processes"`       // tasks (processes and threads)
	Warning   string   `json:"warning,omitempty"`
}

// Point is one element of a run: a call, a signal or an exit.
type Point struct {
	Pid int32 `json:"pid"`
	// Index is the element's place in its task's sequence, from 1 (after
	// what --ignore leaves out); one past the end when End is set.
	Index int     `json:"index"`
	Time  float64 `json:"time"` // seconds since the start of the recording
	Line  string  `json:"line,omitempty"`
	// End: the task had nothing more at this point.
	End bool `json:"end,omitempty"`
}

// Divergence says where the runs first behave differently.
type Divergence struct {
	Process string `json:"process"`
	Command string `json:"command"`
	// Only is "a" or "b" when the divergence is a process that exists
	// in one run only.
	Only string `json:"only,omitempty"`
	// Op is the first edit: "~" the same call with a different result,
	// "-" a call only in A, "+" a call only in B.
	Op string `json:"op,omitempty"`
	A  *Point `json:"a,omitempty"`
	B  *Point `json:"b,omitempty"`
}

// ProcSide is a process (or thread) as one run has it.
type ProcSide struct {
	Pid   int32  `json:"pid"`
	Calls int    `json:"calls"` // elements compared: calls, signals, exit
	Exit  string `json:"exit"`  // "exited with 0", "killed by SIGSEGV", "running"
}

// ProcDiff compares one process of the matched trees.
type ProcDiff struct {
	ID      string    `json:"id"` // place in the tree: "1", "1.2"
	Command string    `json:"command"`
	Thread  bool      `json:"thread,omitempty"`
	A       *ProcSide `json:"a,omitempty"`
	B       *ProcSide `json:"b,omitempty"`
	Only    string    `json:"only,omitempty"` // "a" or "b"
	Equal   bool      `json:"equal"`
	Coarse  bool      `json:"coarse,omitempty"`
	Hunks   []*Hunk   `json:"hunks,omitempty"`
	edits   []edit
	a, b    *dtask
}

// Hunk is a changed region with its context, as in a unified diff.
type Hunk struct {
	AStart int         `json:"a_start"`
	ALen   int         `json:"a_len"`
	BStart int         `json:"b_start"`
	BLen   int         `json:"b_len"`
	Lines  []*HunkLine `json:"lines"`
}

// HunkLine is one line of a hunk: Op " " (the same in both), "-" (only
// in A), "+" (only in B), "~" (the same call, a different result), "<"
// (an element of A that B has elsewhere, MovedTo) or ">" (an element of
// B that A has elsewhere, MovedFrom).
type HunkLine struct {
	Op string `json:"op"`
	A  *Point `json:"a,omitempty"`
	B  *Point `json:"b,omitempty"`
	// MovedTo, MovedFrom: the index (from 1) of the moved element in the
	// other run's sequence.
	MovedTo   int `json:"moved_to,omitempty"`
	MovedFrom int `json:"moved_from,omitempty"`
	// Differs, on a "~" line or on the "+" line of a "-" and "+" pair
	// that print alike, says what differs that the lines do not show (a
	// descriptor's file, memory beyond -s, a structure's hidden fields).
	Differs string `json:"differs,omitempty"`
}

// Summary counts the differences.
type Summary struct {
	Processes int             `json:"processes"` // in the matched tree
	Differ    int             `json:"differ"`    // matched, with differences
	OnlyA     int             `json:"only_a"`    // processes only in A
	OnlyB     int             `json:"only_b"`
	Syscalls  []*SyscallCount `json:"syscalls"`
	// Moved counts the calls that only changed places (see
	// DiffOptions.MoveWindow); they are not differences.
	Moved      int      `json:"moved"`
	FilesOnlyA []string `json:"files_only_a"`
	FilesOnlyB []string `json:"files_only_b"`
}

// SyscallCount counts the differing calls of one syscall.
type SyscallCount struct {
	Name    string `json:"name"`
	OnlyA   int    `json:"only_a"`
	OnlyB   int    `json:"only_b"`
	Changed int    `json:"changed"`
	Moved   int    `json:"moved,omitempty"`
}

// matchTasks pairs the tasks of two lists of siblings: first those that
// are the same kind (process or thread) and ran the same programs with the
// same arguments, in order (a longest common subsequence); then, between
// those, the ones that ran the same programs; then the ones that ran
// programs with the same arguments (an upgrade moved the binary); then,
// in what is left between two pairs, tasks at the same place if both
// sides have as many of the same kinds. It returns the merged list.
func matchTasks(as, bs []*dtask) [][2]*dtask {
	full := func(d *dtask) string {
		k := "P"
		if d.thread {
			k = "T"
		}
		return k + "\x01" + strings.Join(d.execs, "\x01")
	}
	// part keys a task by one part of each exec: the path (0) or argv (1).
	part := func(d *dtask, which int) string {
		var b strings.Builder
		if d.thread {
			b.WriteString("T")
		} else {
			b.WriteString("P")
		}
		for _, e := range d.execs {
			b.WriteString("\x01")
			p, a, _ := strings.Cut(e, "\x00")
			if which == 0 {
				b.WriteString(p)
			} else {
				b.WriteString(a)
			}
		}
		return b.String()
	}
	paths := func(d *dtask) string { return part(d, 0) }
	argvs := func(d *dtask) string { return part(d, 1) }
	var out [][2]*dtask
	level := func(as, bs []*dtask, key func(*dtask) string, gap func(as, bs []*dtask)) {
		syms := map[string]int32{}
		sym := func(ds []*dtask) []int32 {
			s := make([]int32, len(ds))
			for i, d := range ds {
				k := key(d)
				n, ok := syms[k]
				if !ok {
					n = int32(len(syms))
					syms[k] = n
				}
				s[i] = n
			}
			return s
		}
		sa, sb := sym(as), sym(bs)
		budget := alignBudget
		pairs, _ := newAligner(len(syms), &budget).align(sa, sb)
		i, j := 0, 0
		for _, p := range pairs {
			gap(as[i:p.A], bs[j:p.B])
			out = append(out, [2]*dtask{as[p.A], bs[p.B]})
			i, j = int(p.A)+1, int(p.B)+1
		}
		gap(as[i:], bs[j:])
	}
	only := func(as, bs []*dtask) {
		same := len(as) == len(bs)
		for i := 0; same && i < len(as); i++ {
			same = as[i].thread == bs[i].thread
		}
		if same {
			for i := range as {
				out = append(out, [2]*dtask{as[i], bs[i]})
			}
			return
		}
		for _, a := range as {
			out = append(out, [2]*dtask{a, nil})
		}
		for _, b := range bs {
			out = append(out, [2]*dtask{nil, b})
		}
	}
	then := func(key func(*dtask) string, next func(as, bs []*dtask)) func(as, bs []*dtask) {
		return func(as, bs []*dtask) {
			if len(as) == 0 || len(bs) == 0 {
				only(as, bs)
				return
			}
			level(as, bs, key, next)
		}
	}
	then(full, then(paths, then(argvs, only)))(as, bs)
	return out
}

// resolvePids replaces the pids marked in s with the matched tree's
// labels of the tasks of t they name.
func resolvePids(s string, t *DiffTrace) string {
	if !strings.Contains(s, pidMark) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, pidMark)
		if i < 0 {
			break
		}
		j := strings.Index(s[i+1:], pidMark)
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		n, _ := strconv.ParseInt(s[i+1:i+1+j], 10, 32)
		if d := t.byTid[int32(n)]; d != nil && d.label != "" {
			b.WriteString("<pid ")
			b.WriteString(d.label)
			b.WriteString(">")
		} else {
			b.WriteString("PID")
		}
		s = s[i+1+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// Diff compares two recordings.
func Diff(a, b *DiffTrace, o *DiffOptions) *DiffResult {
	r := &DiffResult{A: a.info(), B: b.info(), ctx: 3, window: DefaultMoveWindow, ta: a, tb: b}
	if o != nil && o.Context != 0 {
		r.ctx = max(o.Context, 0)
	}
	if o != nil && o.MoveWindow != 0 {
		r.window = max(o.MoveWindow, -1)
	}
	// Match the trees and name each task by its place in the merged tree.
	var walk func(as, bs []*dtask, prefix string)
	walk = func(as, bs []*dtask, prefix string) {
		for i, p := range matchTasks(as, bs) {
			id := strconv.Itoa(i + 1)
			if prefix != "" {
				id = prefix + "." + id
			}
			pd := &ProcDiff{ID: id, a: p[0], b: p[1]}
			r.Processes = append(r.Processes, pd)
			var ac, bc []*dtask
			if p[0] != nil {
				p[0].label = id
				ac = p[0].children
			}
			if p[1] != nil {
				p[1].label = id
				bc = p[1].children
			}
			walk(ac, bc, id)
		}
	}
	walk(a.roots, b.roots, "")

	// Keys with pids in them can be resolved now; then every key and
	// ident becomes a symbol.
	syms := map[hkey]int32{}
	symOf := func(h hkey, text string, t *DiffTrace) int32 {
		if text != "" {
			h = hashKey([]byte(resolvePids(text, t)))
		}
		n, ok := syms[h]
		if !ok {
			n = int32(len(syms))
			syms[h] = n
		}
		return n
	}
	type seqs struct{ key, ident, move []int32 }
	seqOf := func(d *dtask, t *DiffTrace) seqs {
		s := seqs{make([]int32, len(d.elems)), make([]int32, len(d.elems)), nil}
		for i := range d.elems {
			e := &d.elems[i]
			s.key[i] = symOf(e.key, e.keyText, t)
			s.ident[i] = symOf(e.ident, e.identText, t)
		}
		s.move = s.key
		if len(d.moveKeys) > 0 {
			s.move = append([]int32(nil), s.key...)
			for i, mk := range d.moveKeys {
				s.move[i] = symOf(mk.h, mk.text, t)
			}
		}
		return s
	}
	aSeqs := map[*dtask]seqs{}
	bSeqs := map[*dtask]seqs{}
	for _, pd := range r.Processes {
		if pd.a != nil && pd.b != nil {
			aSeqs[pd.a] = seqOf(pd.a, a)
			bSeqs[pd.b] = seqOf(pd.b, b)
		}
	}

	budget := alignBudget
	al := newAligner(len(syms), &budget)
	counts := map[string]*SyscallCount{}
	count := func(name string) *SyscallCount {
		c := counts[name]
		if c == nil {
			c = &SyscallCount{Name: name}
			counts[name] = c
		}
		return c
	}
	var cands []*Divergence
	var candTimes []int64
	for _, pd := range r.Processes {
		d := pd.a
		if d == nil {
			d = pd.b
		}
		pd.Command = command(d)
		pd.Thread = d.thread
		if pd.a != nil {
			pd.A = side(pd.a)
		}
		if pd.b != nil {
			pd.B = side(pd.b)
		}
		switch {
		case pd.a == nil || pd.b == nil:
			pd.Only = "a"
			if pd.a == nil {
				pd.Only = "b"
				r.Summary.OnlyB++
			} else {
				r.Summary.OnlyA++
			}
			for _, e := range d.elems {
				if e.kind == elemCall {
					if pd.Only == "a" {
						count(e.name).OnlyA++
					} else {
						count(e.name).OnlyB++
					}
				}
			}
			dv := &Divergence{Process: pd.ID, Command: pd.Command, Only: pd.Only}
			pt := r.point(d, 0)
			if pd.Only == "a" {
				dv.A = pt
			} else {
				dv.B = pt
			}
			cands = append(cands, dv)
			candTimes = append(candTimes, d.start)
			continue
		}
		sa, sb := aSeqs[pd.a], bSeqs[pd.b]
		pairs, c1 := al.align(sa.key, sb.key)
		edits, c2 := al.editScript(len(sa.key), len(sb.key), pairs,
			&scriptSyms{identA: sa.ident, identB: sb.ident, moveA: sa.move, moveB: sb.move}, r.window)
		pd.edits = edits
		pd.Coarse = c1 || c2
		r.Coarse = r.Coarse || pd.Coarse
		pd.Equal = true
		for k, e := range edits {
			switch e.Op {
			case '=', '>':
				continue
			case '<':
				if el := pd.a.elems[e.A]; el.kind == elemCall {
					count(el.name).Moved++
				}
				r.Summary.Moved++
				continue
			case '-':
				if el := pd.a.elems[e.A]; el.kind == elemCall {
					count(el.name).OnlyA++
				}
			case '+':
				if el := pd.b.elems[e.B]; el.kind == elemCall {
					count(el.name).OnlyB++
				}
			case '~':
				if el := pd.a.elems[e.A]; el.kind == elemCall {
					count(el.name).Changed++
				}
			}
			if pd.Equal {
				pd.Equal = false
				dv, t := r.divergence(pd, k)
				cands = append(cands, dv)
				candTimes = append(candTimes, t)
			}
		}
		if !pd.Equal {
			r.Summary.Differ++
			pd.Hunks = r.hunks(pd)
		}
	}
	r.Summary.Processes = len(r.Processes)
	best := -1
	for i := range cands {
		if best < 0 || candTimes[i] < candTimes[best] {
			best = i
		}
	}
	if best >= 0 {
		r.First = cands[best]
	}
	for _, c := range counts {
		r.Summary.Syscalls = append(r.Summary.Syscalls, c)
	}
	sort.Slice(r.Summary.Syscalls, func(i, j int) bool {
		x, y := r.Summary.Syscalls[i], r.Summary.Syscalls[j]
		if nx, ny := x.OnlyA+x.OnlyB+x.Changed, y.OnlyA+y.OnlyB+y.Changed; nx != ny {
			return nx > ny
		}
		return x.Name < y.Name
	})
	fa, fb := resolveSet(a), resolveSet(b)
	r.Summary.FilesOnlyA = setMinus(fa, fb)
	r.Summary.FilesOnlyB = setMinus(fb, fa)
	// Files used by one run only come with calls that differ, unless
	// --ignore-args hid those differences on purpose.
	r.Equal = r.First == nil
	return r
}

func resolveSet(t *DiffTrace) map[string]bool {
	m := make(map[string]bool, len(t.files))
	for f := range t.files {
		m[resolvePids(f, t)] = true
	}
	return m
}

func setMinus(a, b map[string]bool) []string {
	out := []string{}
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func diffSecs(ns int64) float64 { return float64(ns) / 1e9 }

func (t *DiffTrace) info() TraceInfo {
	ti := TraceInfo{File: t.Name, Calls: t.calls, Processes: len(t.tasks), Warning: t.Warning}
	if h := t.Header; h != nil {
		ti.Command, ti.Host = h.Command, h.Hostname
		if h.StartWall != 0 {
			ti.Start = time.Unix(0, h.StartWall).UTC().Format(time.RFC3339)
		}
	}
	return ti
}

func side(d *dtask) *ProcSide {
	s := &ProcSide{Pid: d.tid, Calls: len(d.elems), Exit: "running"}
	if d.ended {
		s.Exit = strings.TrimSuffix(strings.TrimPrefix(exitText(d.status), "+++ "), " +++")
	}
	return s
}

// command describes what a task ran: its last program and arguments.
func command(d *dtask) string {
	prefix := ""
	if d.thread {
		prefix = "thread of "
		if d.parent != nil {
			d = d.parent
		}
	}
	for p := d; p != nil; p = p.parent {
		if len(p.execs) > 0 {
			parts := strings.Split(p.execs[len(p.execs)-1], "\x00")
			s := parts[0]
			if len(parts) > 1 {
				s = strings.Join(parts[1:], " ")
				if !strings.HasSuffix(parts[0], "/"+parts[1]) && parts[0] != parts[1] {
					s = parts[0] + ": " + s
				}
			}
			if p != d {
				return prefix + "child of " + s
			}
			return prefix + s
		}
	}
	return prefix + "(no exec)"
}

// point describes element i of a task's sequence; its line comes with
// the lines pass.
func (r *DiffResult) point(d *dtask, i int) *Point {
	if i >= len(d.elems) {
		p := &Point{Pid: d.tid, Index: len(d.elems) + 1, End: true, Time: diffSecs(d.start)}
		if n := len(d.elems); n > 0 {
			p.Time = diffSecs(d.elems[n-1].time)
		}
		return p
	}
	p := &Point{Pid: d.tid, Index: i + 1, Time: diffSecs(d.elems[i].time)}
	d.want(i)
	r.fills = append(r.fills, fill{p, d, int32(i)})
	return p
}

// divergence describes the edit at k, the first difference of pd, and
// returns the earliest time it happened.
func (r *DiffResult) divergence(pd *ProcDiff, k int) (*Divergence, int64) {
	e := pd.edits[k]
	dv := &Divergence{Process: pd.ID, Command: pd.Command, Op: string(e.Op)}
	ai, bi := int(e.A), int(e.B)
	// The other side's position: its next element.
	next := func(side func(edit) int32, n int) int {
		for _, x := range pd.edits[k:] {
			if v := side(x); v >= 0 {
				return int(v)
			}
		}
		return n
	}
	if ai < 0 {
		ai = next(func(x edit) int32 { return x.A }, len(pd.a.elems))
	}
	if bi < 0 {
		bi = next(func(x edit) int32 { return x.B }, len(pd.b.elems))
	}
	dv.A, dv.B = r.point(pd.a, ai), r.point(pd.b, bi)
	t := int64(-1)
	for _, p := range []struct {
		d *dtask
		i int
	}{{pd.a, ai}, {pd.b, bi}} {
		if p.i < len(p.d.elems) {
			if x := p.d.elems[p.i].time; t < 0 || x < t {
				t = x
			}
		}
	}
	if t < 0 {
		t = int64(dv.A.Time * 1e9)
	}
	return dv, t
}

// hunks groups the edits of pd into changed regions with r.ctx lines of
// context.
func (r *DiffResult) hunks(pd *ProcDiff) []*Hunk {
	ctx := r.ctx
	var out []*Hunk
	ed := pd.edits
	var changes []int
	for i, e := range ed {
		if e.Op != '=' {
			changes = append(changes, i)
		}
	}
	for s := 0; s < len(changes); {
		e := s
		for e+1 < len(changes) && changes[e+1]-changes[e]-1 <= 2*ctx {
			e++
		}
		from := max(0, changes[s]-ctx)
		to := min(len(ed), changes[e]+ctx+1)
		out = append(out, r.hunk(pd, from, to))
		s = e + 1
	}
	return out
}

func (r *DiffResult) hunk(pd *ProcDiff, from, to int) *Hunk {
	h := &Hunk{AStart: -1, BStart: -1}
	// Where the hunk starts in each sequence even if it has no element
	// of it: after the elements before it.
	pa, pb := 0, 0
	for _, e := range pd.edits[:from] {
		if e.A >= 0 {
			pa = int(e.A) + 1
		}
		if e.B >= 0 {
			pb = int(e.B) + 1
		}
	}
	for _, e := range pd.edits[from:to] {
		hl := &HunkLine{Op: string(e.Op)}
		switch e.Op {
		case '=':
			hl.Op = " "
		case '<':
			hl.MovedTo = int(e.Peer) + 1
		case '>':
			hl.MovedFrom = int(e.Peer) + 1
		}
		if e.Op == '-' || e.Op == '+' || e.Op == '~' {
			if e.A >= 0 {
				pd.a.wantFact(int(e.A))
			}
			if e.B >= 0 {
				pd.b.wantFact(int(e.B))
			}
		}
		if e.A >= 0 {
			hl.A = r.point(pd.a, int(e.A))
			h.ALen++
			if h.AStart < 0 {
				h.AStart = int(e.A) + 1
			}
		}
		if e.B >= 0 {
			hl.B = r.point(pd.b, int(e.B))
			h.BLen++
			if h.BStart < 0 {
				h.BStart = int(e.B) + 1
			}
		}
		h.Lines = append(h.Lines, hl)
	}
	if h.AStart < 0 {
		h.AStart = pa // unified diff: the line before an empty range
	}
	if h.BStart < 0 {
		h.BStart = pb
	}
	return h
}
