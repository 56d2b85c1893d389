package report

import (
	"container/heap"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/replay"
	"mytrace/sysent"
)

// Histogram counts durations in log buckets exact to two significant
// digits: for each power of ten, 90 buckets (10..99 times it).
type Histogram struct {
	counts map[int]uint64 // bucket -> calls
	n      uint64
	max    int64
}

// bucket returns the bucket of v (ns) and its lower bound.
func bucket(v int64) int {
	if v < 10 {
		return int(max(v, 0))
	}
	exp := 0
	for v >= 100 {
		v /= 10
		exp++
	}
	return 10 + exp*90 + int(v-10)
}

// bucketValue is the smallest value of bucket b.
func bucketValue(b int) int64 {
	if b < 10 {
		return int64(b)
	}
	b -= 10
	exp, m := b/90, b%90+10
	return int64(m) * int64(math.Pow10(exp))
}

// Add counts one duration, in ns.
func (h *Histogram) Add(v int64) {
	if h.counts == nil {
		h.counts = map[int]uint64{}
	}
	h.counts[bucket(v)]++
	h.n++
	h.max = max(h.max, v)
}

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	if h.counts == nil {
		h.counts = map[int]uint64{}
	}
	for b, n := range o.counts {
		h.counts[b] += n
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}

// Quantile returns the q quantile (0 < q <= 1), to two significant
// digits; 1 gives the exact maximum.
func (h *Histogram) Quantile(q float64) int64 {
	if h.n == 0 {
		return 0
	}
	if q >= 1 {
		return h.max
	}
	bs := make([]int, 0, len(h.counts))
	for b := range h.counts {
		bs = append(bs, b)
	}
	sort.Ints(bs)
	rank := uint64(math.Ceil(q * float64(h.n)))
	var seen uint64
	for _, b := range bs {
		seen += h.counts[b]
		if seen >= rank {
			return min(bucketValue(b), h.max)
		}
	}
	return h.max
}

// group returns the table of the event's process or thread.
func (s *Stats) group(ev *replay.Event) *group {
	if !s.PerProcess && !s.PerThread {
		return nil
	}
	id := ev.Task.Pid
	if s.PerThread {
		id = ev.Task.Tid
	}
	g := s.per[id]
	if g == nil {
		g = &group{id: id, pid: ev.Task.Pid}
		s.per[id] = g
		s.order = append(s.order, id)
	}
	if _, ok := s.parent[ev.Task.Pid]; !ok {
		s.parent[ev.Task.Pid] = ev.Task.Parent
	}
	return g
}

// command is what process pid runs: what it exec'd last, else what its
// parent ran when it forked (a subshell is its shell).
func (s *Stats) command(pid int32) string {
	for range 64 { // bounded: a recording's parent links cannot loop, but be safe
		if c, ok := s.cmds[pid]; ok {
			return c
		}
		p, ok := s.parent[pid]
		if !ok || p == 0 {
			return ""
		}
		pid = p
	}
	return ""
}

// noteExec names a process by what it exec'd (its execve's pathname and
// argv, as strace shows them).
func (s *Stats) noteExec(ev *replay.Event) {
	if ev.Exit.Arch != format.ArchX86_64 {
		return
	}
	e := sysent.Lookup(ev.Exit.Nr)
	if e == nil || !e.ReplacesFds() {
		return
	}
	o := decode.DefaultOptions()
	c := decode.Syscall(ev.Entry, ev.Exit, o)
	var parts []string
	for i, n := range c.Names {
		if (n == "pathname" || n == "argv") && c.Args[i] != nil {
			parts = append(parts, decode.Render(c.Args[i], o))
		}
	}
	s.cmds[ev.Task.Pid] = strings.Join(parts, " ")
}

// slowCall is one of the slowest calls.
type slowCall struct {
	d    int64
	time int64
	tid  int32
	line string
}

// topCalls keeps the n slowest calls in a min-heap.
type topCalls []slowCall

func (t topCalls) Len() int            { return len(t) }
func (t topCalls) Less(i, j int) bool  { return t[i].d < t[j].d }
func (t topCalls) Swap(i, j int)       { t[i], t[j] = t[j], t[i] }
func (t *topCalls) Push(x interface{}) { *t = append(*t, x.(slowCall)) }
func (t *topCalls) Pop() interface{} {
	old := *t
	x := old[len(old)-1]
	*t = old[:len(old)-1]
	return x
}

func (t *topCalls) add(n int, ev *replay.Event, d int64) {
	if len(*t) >= n && d <= (*t)[0].d {
		return
	}
	// Decoded only when the call makes the list.
	o := decode.DefaultOptions()
	c := decode.Syscall(ev.Entry, ev.Exit, o)
	var b strings.Builder
	b.WriteString(c.Name + "(")
	decode.RenderArgs(&b, c.Args, 0, len(c.Args), o)
	b.WriteString(") = " + decode.RenderRet(&c.Ret, o))
	heap.Push(t, slowCall{d: d, time: ev.Entry.Time, tid: ev.Task.Tid, line: b.String()})
	if len(*t) > n {
		heap.Pop(t)
	}
}

// write lists the slowest calls, slowest first.
func (t topCalls) write(b *strings.Builder) {
	calls := append([]slowCall(nil), t...)
	sort.Slice(calls, func(i, j int) bool { return calls[i].d > calls[j].d })
	fmt.Fprintf(b, "slowest calls:\n%12s %12s %7s  call\n", "seconds", "at", "pid")
	for _, c := range calls {
		fmt.Fprintf(b, "%12.6f %12.6f %7d  %s\n", secs(c.d), secs(c.time), c.tid, c.line)
	}
}

// fileSet counts, per file, the calls that named it or used a descriptor
// referring to it. A file is keyed by the path the kernel resolved when
// the recording says (what the descriptor an open returned refers to, in
// the table the replay keeps), so two names of one file (through a
// symbolic link: /lib/x86_64-linux-gnu/libc.so.6 and
// /usr/lib/x86_64-linux-gnu/libc.so.6) are one entry, which lists the
// names the program used.
type fileSet struct {
	files map[string]*fileUse
	// alias maps a name the program used (made absolute) to the path the
	// kernel resolved it to, when they differ.
	alias map[string]string
}

type fileUse struct {
	ok, failed uint64
	calls      map[string]uint64
	names      map[string]bool // other names the program used for it
}

func (f *fileSet) add(ev *replay.Event) {
	if f.files == nil {
		f.files = map[string]*fileUse{}
		f.alias = map[string]string{}
	}
	o := decode.DefaultOptions()
	c := decode.Syscall(ev.Entry, ev.Exit, o)
	// What the descriptor a successful call returned refers to: the
	// resolved path of the one path it was given (open, openat, creat...).
	opened := ""
	if fd, ok := c.Ret.Val.(decode.Fd); ok && c.Ret.Kind == decode.RetValue && !ev.Exit.IsError {
		if p := ev.Task.FdPath(int32(fd)); strings.HasPrefix(p, "/") {
			opened = p
		}
	}
	npaths := 0
	decode.Walk(c, func(v decode.Value) {
		if s, ok := v.(*decode.Str); ok && s.Kind == decode.StrPath {
			npaths++
		}
	})
	if npaths != 1 {
		opened = ""
	}
	seen := map[string]bool{}
	// A relative path is relative to the directory descriptor before it
	// (the *at calls), else to the working directory.
	dir := ev.Task.FdPath(-100)
	decode.Walk(c, func(v decode.Value) {
		var p, name string
		switch v := v.(type) {
		case *decode.Str:
			if v.Kind != decode.StrPath {
				return
			}
			name = string(v.B)
			if name != "" && name[0] != '/' && dir != "" {
				name = strings.TrimSuffix(dir, "/") + "/" + name
			}
			p = name
			if opened != "" {
				p = opened
				if p != name {
					f.alias[name] = p
				}
			} else if a, ok := f.alias[name]; ok {
				p = a
			}
		case decode.Cwd:
			dir = ev.Task.FdPath(-100)
			return
		case decode.Fd:
			p = ev.Task.FdPath(int32(v))
			if p == "" || !strings.HasPrefix(p, "/") {
				dir = ""
				return // pipes, sockets, unknown
			}
			dir = p
		default:
			return
		}
		if p == "" {
			return
		}
		u := f.files[p]
		if u == nil {
			u = &fileUse{calls: map[string]uint64{}}
			f.files[p] = u
		}
		if name != "" && name != p {
			if u.names == nil {
				u.names = map[string]bool{}
			}
			u.names[name] = true
		}
		if seen[p] {
			return
		}
		seen[p] = true
		if ev.Exit.IsError {
			u.failed++
		} else {
			u.ok++
		}
		u.calls[c.Name]++
	})
}

// paths returns the files, most used first.
func (f *fileSet) paths() []string {
	paths := make([]string, 0, len(f.files))
	for p := range f.files {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool {
		a, c := f.files[paths[i]], f.files[paths[j]]
		if a.ok+a.failed != c.ok+c.failed {
			return a.ok+a.failed > c.ok+c.failed
		}
		return paths[i] < paths[j]
	})
	return paths
}

// names returns the other names of a file, sorted.
func (u *fileUse) nameList() []string {
	if len(u.names) == 0 {
		return nil
	}
	out := make([]string, 0, len(u.names))
	for n := range u.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// write lists the files, most used first, each with the other names the
// program used for it.
func (f *fileSet) write(b *strings.Builder) {
	fmt.Fprintf(b, "files:\n%9s %9s  %s\n", "ok", "errors", "path (syscalls)")
	for _, p := range f.paths() {
		u := f.files[p]
		names := make([]string, 0, len(u.calls))
		for n := range u.calls {
			names = append(names, n)
		}
		sort.Strings(names)
		for i, n := range names {
			names[i] = n + " " + strconv.FormatUint(u.calls[n], 10)
		}
		also := ""
		if ns := u.nameList(); len(ns) > 0 {
			also = ", named " + strings.Join(ns, ", ")
		}
		fmt.Fprintf(b, "%9d %9d  %s (%s)%s\n", u.ok, u.failed, p, strings.Join(names, ", "), also)
	}
}
