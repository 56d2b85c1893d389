package report

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"runtime"
	"strings"
	"testing"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/internal/testrand"
	"mytrace/options"
	"mytrace/replay"
)

// ---- alignment ----

// lcsLen is the length of a longest common subsequence, by dynamic
// programming.
func lcsLen(a, b []int32) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] > cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func checkPairs(t *testing.T, a, b []int32, ps []pair) {
	t.Helper()
	for k, p := range ps {
		if p.A < 0 || int(p.A) >= len(a) || p.B < 0 || int(p.B) >= len(b) || a[p.A] != b[p.B] {
			t.Fatalf("pair %d %+v does not match: a=%v b=%v", k, p, a, b)
		}
		if k > 0 && (p.A <= ps[k-1].A || p.B <= ps[k-1].B) {
			t.Fatalf("pairs not increasing at %d: %v", k, ps)
		}
	}
}

func randSeq(rng *rand.Rand, n, alphabet int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(rng.Intn(alphabet))
	}
	return s
}

// TestAlignMyersOptimal: the Myers part finds a longest common
// subsequence (anchors off: with them the result is a good one, not
// always the longest).
func TestAlignMyersOptimal(t *testing.T) {
	rng := testrand.New(t, 1)
	for it := 0; it < 2000; it++ {
		a := randSeq(rng, rng.Intn(30), 1+rng.Intn(5))
		b := randSeq(rng, rng.Intn(30), 1+rng.Intn(5))
		budget := alignBudget
		al := newAligner(8, &budget)
		al.noAnchors = true
		ps, coarse := al.align(a, b)
		checkPairs(t, a, b, ps)
		if coarse {
			t.Fatal("coarse on a small input")
		}
		if want := lcsLen(a, b); len(ps) != want {
			t.Fatalf("a=%v b=%v: %d pairs, LCS is %d", a, b, len(ps), want)
		}
	}
}

// TestAlignWithAnchors: with anchors, pairs are valid and, on edits of a
// sequence of mostly distinct symbols (what traces look like), as long as
// the LCS.
func TestAlignWithAnchors(t *testing.T) {
	rng := testrand.New(t, 2)
	for it := 0; it < 500; it++ {
		a := randSeq(rng, 50+rng.Intn(100), 200)
		b := append([]int32(nil), a...)
		for k := rng.Intn(6); k > 0; k-- {
			i := rng.Intn(len(b))
			switch rng.Intn(3) {
			case 0:
				b = append(b[:i], b[i+1:]...)
			case 1:
				b = append(b[:i], append([]int32{int32(rng.Intn(200))}, b[i:]...)...)
			default:
				b[i] = int32(rng.Intn(200))
			}
		}
		budget := alignBudget
		ps, _ := newAligner(200, &budget).align(a, b)
		checkPairs(t, a, b, ps)
		if want := lcsLen(a, b); len(ps) < want-1 {
			t.Fatalf("%d pairs, LCS is %d", len(ps), want)
		}
	}
}

// TestAlignRetryLoop: a run with more iterations of a loop differs by
// those iterations only, not by everything after them.
func TestAlignRetryLoop(t *testing.T) {
	// 0 1 2 (3 4)x2 5 6 7 vs 0 1 2 (3 4)x5 5 6 7
	mk := func(n int) []int32 {
		s := []int32{0, 1, 2}
		for i := 0; i < n; i++ {
			s = append(s, 3, 4)
		}
		return append(s, 5, 6, 7)
	}
	a, b := mk(2), mk(5)
	budget := alignBudget
	al := newAligner(8, &budget)
	ps, _ := al.align(a, b)
	if len(ps) != len(a) {
		t.Fatalf("%d pairs, want %d: %v", len(ps), len(a), ps)
	}
	ed, _ := al.editScript(len(a), len(b), ps, &scriptSyms{identA: a, identB: b}, -1)
	ins := 0
	for _, e := range ed {
		switch e.Op {
		case '+':
			ins++
		case '=':
		default:
			t.Fatalf("unexpected edit %c", e.Op)
		}
	}
	if ins != 6 {
		t.Fatalf("%d insertions, want 6", ins)
	}
}

// TestAlignPathological: completely different sequences, and sequences
// over a tiny alphabet that share symbols everywhere, finish in bounded
// time; the second is reported coarse when the budget runs out.
func TestAlignPathological(t *testing.T) {
	n := 100_000
	a := make([]int32, n)
	b := make([]int32, n)
	for i := range a {
		a[i], b[i] = int32(i), int32(n+i)
	}
	budget := alignBudget
	ps, coarse := newAligner(2*n, &budget).align(a, b)
	if len(ps) != 0 || coarse {
		t.Fatalf("disjoint: %d pairs, coarse %v", len(ps), coarse)
	}
	// Bounded time is bounded work: the work charged, not the seconds a
	// shared machine takes, is what is checked.
	if used := alignBudget - budget; used > 10*n {
		t.Errorf("disjoint sequences of %d: %d work units, want at most %d", n, used, 10*n)
	}
	rng := testrand.New(t, 3)
	a, b = randSeq(rng, n, 4), randSeq(rng, n, 4)
	budget = alignBudget
	ps, coarse = newAligner(4, &budget).align(a, b)
	checkPairs(t, a, b, ps)
	if !coarse {
		t.Errorf("random 4-symbol sequences of %d: not coarse (%d pairs)", n, len(ps))
	}
	if over := -budget; over > 4*n {
		t.Errorf("random sequences: the budget overran by %d work units, want at most %d", over, 4*n)
	}
}

// TestEditScriptChanged: within a run of differences, the same call with
// a different result is one '~' edit.
func TestEditScriptChanged(t *testing.T) {
	// keys: a b X c  vs  a b Y d c ; idents: X and Y are the same call.
	ka := []int32{0, 1, 2, 3}
	kb := []int32{0, 1, 4, 5, 3}
	ia := []int32{10, 11, 12, 13}
	ib := []int32{10, 11, 12, 15, 13}
	budget := alignBudget
	al := newAligner(16, &budget)
	ps, _ := al.align(ka, kb)
	ed, _ := al.editScript(len(ka), len(kb), ps, &scriptSyms{identA: ia, identB: ib}, -1)
	var ops []string
	for _, e := range ed {
		ops = append(ops, fmt.Sprintf("%c%d,%d", e.Op, e.A, e.B))
	}
	if got, want := strings.Join(ops, " "), "=0,0 =1,1 ~2,2 +-1,3 =3,4"; got != want {
		t.Fatalf("edits %s, want %s", got, want)
	}
}

// TestEditScriptTwoChanged: two '~' pairs in one run of differences
// keep their own indexes (the second used to be shifted by the first, so
// an element came out twice: changed, then as context).
func TestEditScriptTwoChanged(t *testing.T) {
	// keys: a X b Y c  vs  a X' b' Y' c, where X/X' and Y/Y' are the same
	// calls with other results and b/b' differ altogether.
	ka := []int32{0, 1, 2, 3, 4}
	kb := []int32{0, 5, 6, 7, 4}
	ia := []int32{10, 11, 12, 13, 14}
	ib := []int32{10, 11, 16, 13, 14}
	budget := alignBudget
	al := newAligner(32, &budget)
	ps, _ := al.align(ka, kb)
	ed, _ := al.editScript(len(ka), len(kb), ps, &scriptSyms{identA: ia, identB: ib}, -1)
	var ops []string
	for _, e := range ed {
		ops = append(ops, fmt.Sprintf("%c%d,%d", e.Op, e.A, e.B))
	}
	if got, want := strings.Join(ops, " "), "=0,0 ~1,1 -2,-1 +-1,2 ~3,3 =4,4"; got != want {
		t.Fatalf("edits %s, want %s", got, want)
	}
}

// checkEdits checks the invariants of an edit script of sequences of n
// and m elements: every element exactly once, A and B indexes
// increasing, '=' and '~' pairs with both sides, moves pointing at each
// other with equal move keys.
func checkEdits(t *testing.T, ed []edit, n, m int, moveA, moveB []int32) {
	t.Helper()
	lastA, lastB := int32(-1), int32(-1)
	seenA, seenB := make([]bool, n), make([]bool, m)
	peers := map[int32]int32{}
	for k, e := range ed {
		if e.A >= 0 {
			if e.A <= lastA || int(e.A) >= n || seenA[e.A] {
				t.Fatalf("edit %d %+v: A index not increasing or repeated (last %d)", k, e, lastA)
			}
			seenA[e.A], lastA = true, e.A
		}
		if e.B >= 0 {
			if e.B <= lastB || int(e.B) >= m || seenB[e.B] {
				t.Fatalf("edit %d %+v: B index not increasing or repeated (last %d)", k, e, lastB)
			}
			seenB[e.B], lastB = true, e.B
		}
		switch e.Op {
		case '=', '~':
			if e.A < 0 || e.B < 0 {
				t.Fatalf("edit %d %+v: a pair without both sides", k, e)
			}
		case '-', '+':
			if (e.A < 0) == (e.B < 0) || e.Peer != -1 {
				t.Fatalf("edit %d %+v: not one side", k, e)
			}
		case '<':
			if e.B >= 0 || e.Peer < 0 || moveA[e.A] != moveB[e.Peer] {
				t.Fatalf("edit %d %+v: bad move", k, e)
			}
			peers[e.A] += e.Peer + 1
		case '>':
			if e.A >= 0 || e.Peer < 0 {
				t.Fatalf("edit %d %+v: bad move", k, e)
			}
			peers[e.Peer] -= e.B + 1
		default:
			t.Fatalf("edit %d: op %q", k, e.Op)
		}
	}
	for i, ok := range seenA {
		if !ok {
			t.Fatalf("A element %d missing", i)
		}
	}
	for j, ok := range seenB {
		if !ok {
			t.Fatalf("B element %d missing", j)
		}
	}
	for a, v := range peers {
		if v != 0 {
			t.Fatalf("A %d: its move has no other half", a)
		}
	}
}

// checkHunks checks the hunks of pd: in each, every element at most once,
// A and B indexes increasing; hunks in order, not overlapping, their
// context (" ") never a changed element, and every change in a hunk.
func checkHunks(t *testing.T, pd *ProcDiff, hs []*Hunk) {
	t.Helper()
	changedA, changedB := map[int]bool{}, map[int]bool{}
	for _, e := range pd.edits {
		if e.Op != '=' {
			if e.A >= 0 {
				changedA[int(e.A)+1] = true
			}
			if e.B >= 0 {
				changedB[int(e.B)+1] = true
			}
		}
	}
	shownA, shownB := map[int]bool{}, map[int]bool{}
	endA, endB := 0, 0
	for hi, h := range hs {
		la, lb := 0, 0
		seenA, seenB := map[int]bool{}, map[int]bool{}
		for li, l := range h.Lines {
			if l.A != nil {
				i := l.A.Index
				if seenA[i] || i <= la || i <= endA {
					t.Fatalf("hunk %d line %d: A #%d repeated, out of order or in an earlier hunk", hi, li, i)
				}
				seenA[i], la, shownA[i] = true, i, true
				if l.Op == " " && changedA[i] {
					t.Fatalf("hunk %d line %d: A #%d is context and changed", hi, li, i)
				}
			}
			if l.B != nil {
				j := l.B.Index
				if seenB[j] || j <= lb || j <= endB {
					t.Fatalf("hunk %d line %d: B #%d repeated, out of order or in an earlier hunk", hi, li, j)
				}
				seenB[j], lb, shownB[j] = true, j, true
				if l.Op == " " && changedB[j] {
					t.Fatalf("hunk %d line %d: B #%d is context and changed", hi, li, j)
				}
			}
		}
		if h.ALen != len(seenA) || h.BLen != len(seenB) {
			t.Fatalf("hunk %d: lengths %d,%d for %d,%d elements", hi, h.ALen, h.BLen, len(seenA), len(seenB))
		}
		endA, endB = max(endA, la), max(endB, lb)
	}
	for i := range changedA {
		if !shownA[i] {
			t.Fatalf("changed A #%d in no hunk", i)
		}
	}
	for j := range changedB {
		if !shownB[j] {
			t.Fatalf("changed B #%d in no hunk", j)
		}
	}
}

// TestEditScriptInvariants: on random pairs of sequences (small
// alphabets, so that keys repeat; idents coarser than keys, so that '~'
// pairs happen; moves on and off), the edit script and its hunks keep
// their invariants.
func TestEditScriptInvariants(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for it := 0; it < 3000; it++ {
		n, m := rng.Intn(40), rng.Intn(40)
		alpha := 2 + rng.Intn(12)
		ka, kb := randSeq(rng, n, alpha), randSeq(rng, m, alpha)
		if it%3 == 0 && n > 0 {
			// B is A with a few elements moved a little.
			kb = append([]int32(nil), ka...)
			for k := rng.Intn(4); k >= 0; k-- {
				i := rng.Intn(len(kb))
				j := min(len(kb)-1, max(0, i+rng.Intn(9)-4))
				kb[i], kb[j] = kb[j], kb[i]
			}
			m = len(kb)
		}
		ident := func(k []int32) []int32 {
			out := make([]int32, len(k))
			for i, v := range k {
				out[i] = 100 + v/3
			}
			return out
		}
		budget := alignBudget
		al := newAligner(200, &budget)
		ps, _ := al.align(ka, kb)
		window := []int{-1, 0, 2, 16}[it%4]
		ed, _ := al.editScript(n, m, ps, &scriptSyms{identA: ident(ka), identB: ident(kb), moveA: ka, moveB: kb}, window)
		checkEdits(t, ed, n, m, ka, kb)
		da, db := &dtask{elems: make([]elem, n)}, &dtask{elems: make([]elem, m)}
		pd := &ProcDiff{a: da, b: db, edits: ed}
		r := &DiffResult{ctx: it % 5}
		checkHunks(t, pd, r.hunks(pd))
	}
}

// TestEditScriptMoves: a call that changed places with its neighbours is
// moved, not removed and added; one that went too far is not.
func TestEditScriptMoves(t *testing.T) {
	// A: a W b c d e;  B: a b c W d e  (W moved by two).
	ka := []int32{0, 9, 1, 2, 3, 4}
	kb := []int32{0, 1, 2, 9, 3, 4}
	for _, c := range []struct {
		window int
		want   string
	}{
		{16, "=0,0 <1,-1>3 =2,1 =3,2 >-1,3<1 =4,4 =5,5"},
		{2, "=0,0 <1,-1>3 =2,1 =3,2 >-1,3<1 =4,4 =5,5"},
		{1, "=0,0 -1,-1 =2,1 =3,2 +-1,3 =4,4 =5,5"},
		{-1, "=0,0 -1,-1 =2,1 =3,2 +-1,3 =4,4 =5,5"},
	} {
		budget := alignBudget
		al := newAligner(16, &budget)
		ps, _ := al.align(ka, kb)
		ed, _ := al.editScript(len(ka), len(kb), ps, &scriptSyms{identA: ka, identB: kb, moveA: ka, moveB: kb}, c.window)
		var ops []string
		for _, e := range ed {
			s := fmt.Sprintf("%c%d,%d", e.Op, e.A, e.B)
			switch e.Op {
			case '<':
				s += fmt.Sprintf(">%d", e.Peer)
			case '>':
				s += fmt.Sprintf("<%d", e.Peer)
			}
			ops = append(ops, s)
		}
		if got := strings.Join(ops, " "); got != c.want {
			t.Errorf("window %d: edits %s, want %s", c.window, got, c.want)
		}
	}
}

// TestHunks: changes closer than twice the context share a hunk.
func TestHunks(t *testing.T) {
	var ed []edit
	for i := 0; i < 40; i++ {
		op := byte('=')
		if i == 5 || i == 10 || i == 30 {
			op = '~'
		}
		ed = append(ed, edit{op, int32(i), int32(i), -1})
	}
	d := &dtask{elems: make([]elem, 40)}
	r := &DiffResult{ctx: 3}
	pd := &ProcDiff{a: d, b: d, edits: ed}
	hs := r.hunks(pd)
	if len(hs) != 2 {
		t.Fatalf("%d hunks, want 2", len(hs))
	}
	if h := hs[0]; h.AStart != 3 || h.ALen != 12 {
		t.Errorf("first hunk %d,%d, want 3,12", h.AStart, h.ALen)
	}
	if h := hs[1]; h.AStart != 28 || h.ALen != 7 {
		t.Errorf("second hunk %d,%d, want 28,7", h.AStart, h.ALen)
	}
}

// ---- normalization ----

func TestKeyValues(t *testing.T) {
	k := &keyer{runDir: "/home/me/proj", opts: &decode.Options{StrLimit: 256, Verbose: true}}
	key := func(v decode.Value, name string) string {
		var b keyBuf
		k.value(&b, v, name)
		return string(b)
	}
	cases := []struct {
		v    decode.Value
		name string
		want string
	}{
		{decode.Addr(0x7ffd12345678), "", "ADDR"},
		{decode.Addr(0), "", "NULL"},
		{decode.Hex(0x7f0012340000), "", "ADDR"},
		{decode.Hex(0x1000), "", "0x1000"},
		{decode.Int(4242), "pid", "\x004242\x00"},
		{decode.Int(-4242), "pid", "-\x004242\x00"},
		{decode.Int(-1), "pid", "-1"},
		{decode.Int(4242), "count", "4242"},
		{decode.PidValue(4242), "whatever", "\x004242\x00"},
		{&decode.Struct{Fields: []decode.Field{
			{Name: "st_ino", V: decode.Uint(123)},
			{Name: "st_mode", V: decode.Sym("S_IFREG|0644")},
			{Name: "st_mtime", V: decode.Commented{V: decode.Int(1700000000), C: "2023-11-14T22:13:20+0000"}},
			{Name: "st_size", V: decode.Int(10)},
		}}, "", "{st_ino=N, st_mode=S_IFREG|0644, st_mtime=N, st_size=10}"},
		{&decode.Str{B: []byte("/home/me/proj/app.conf"), Kind: decode.StrPath, Term: true}, "", `"$CWD/app.conf"`},
		{&decode.Str{B: []byte("/home/me/project"), Kind: decode.StrPath, Term: true}, "", `"/home/me/project"`},
		{&decode.Str{B: []byte("/proc/4242/status"), Kind: decode.StrPath, Term: true}, "", "\"/proc/\\x004242\\x00/status\""},
		{&decode.Str{B: []byte("hello"), Kind: decode.StrBuf, Len: 5}, "", "BUF"},
		{decode.Seq{decode.Sym("parent_tid="), &decode.Array{Elems: []decode.Value{decode.Int(77)}}}, "", "parent_tid=N"},
		{decode.Seq{decode.Sym("pid="), &decode.Array{Elems: []decode.Value{decode.Int(77)}}}, "", "pid=[\x0077\x00]"},
		{decode.Sym("{sa_handler=0x55aa00112233, sa_mask=[]}"), "", "{sa_handler=ADDR, sa_mask=[]}"},
	}
	for _, c := range cases {
		if got := key(c.v, c.name); got != c.want {
			t.Errorf("%#v (%s): key %q, want %q", c.v, c.name, got, c.want)
		}
	}
	k.data = true
	if got := key(&decode.Str{B: []byte("hello"), Kind: decode.StrBuf, Len: 9}, ""); got != `"hello"...` {
		t.Errorf("--data: buffer key %q", got)
	}
	for in, want := range map[string]string{
		"pipe:[12345]":     "pipe:[N]",
		"socket:[9]":       "socket:[N]",
		"/dev/pts/7":       "/dev/pts/N",
		"/home/me/proj":    "$CWD",
		"/proc/7/task/8/x": "/proc/\x007\x00/task/\x008\x00/x",
	} {
		if got := k.path(in); got != want {
			t.Errorf("path %q: %q, want %q", in, got, want)
		}
	}
}

// ---- whole traces, synthetic ----

// synth builds a recording in memory, event by event.
type synth struct {
	evs []*format.Event
	t   int64
}

func (s *synth) add(e *format.Event) {
	s.t += 1000
	e.Time = s.t
	s.evs = append(s.evs, e)
}

func strRegion(addr uint64, v string) format.Region {
	return format.Region{Addr: addr, Len: uint64(len(v) + 1), Flags: format.MemString | format.MemTerminated, Data: []byte(v)}
}

func bufRegion(addr uint64, v []byte) format.Region {
	return format.Region{Addr: addr, Len: uint64(len(v)), Data: v}
}

// call records a syscall's entry and exit.
func (s *synth) call(tid int32, nr uint64, args [6]uint64, in []format.Region, ret int64, out []format.Region) {
	s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: tid, Arch: format.ArchX86_64, Nr: nr, Args: args, Mem: in})
	s.add(&format.Event{Kind: format.KindSyscallExit, Tid: tid, Arch: format.ArchX86_64, Nr: nr, Ret: ret, IsError: ret < 0 && ret >= -4095, Mem: out})
}

func (s *synth) fds(tid int32, snapshot bool, fds ...format.FdPath) {
	s.add(&format.Event{Kind: format.KindFds, Tid: tid, Fds: fds, FdsSnapshot: snapshot})
}

func (s *synth) task(tid, parent int32) {
	how := format.NewTaskLaunched
	if parent != 0 {
		how = format.NewTaskChild
	}
	s.add(&format.Event{Kind: format.KindNewTask, Tid: tid, Pid: tid, Parent: parent, How: how})
}

func (s *synth) exit(tid int32, code int) {
	s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: tid, Arch: format.ArchX86_64, Nr: 231, Args: [6]uint64{uint64(code)}})
	s.add(&format.Event{Kind: format.KindPtraceEvent, Tid: tid, PtraceEvent: 6})
	s.add(&format.Event{Kind: format.KindExit, Tid: tid, Status: uint32(code) << 8})
}

// execve records a successful execve of path with argv; the recorder
// notes the descriptors (fds) just before its exit.
func (s *synth) execve(tid int32, fds []format.FdPath, path string, argv ...string) {
	const pathAt, vecAt, strAt = 0x10000, 0x20000, 0x30000
	in := []format.Region{strRegion(pathAt, path)}
	var vec []byte
	at := uint64(strAt)
	for _, a := range argv {
		vec = binary.LittleEndian.AppendUint64(vec, at)
		in = append(in, strRegion(at, a))
		at += uint64(len(a)) + 1
	}
	in = append(in, format.Region{Addr: vecAt, Len: uint64(8 * len(argv)), Flags: format.MemVector | format.MemTerminated, Data: vec})
	s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: tid, Arch: format.ArchX86_64, Nr: 59, Args: [6]uint64{pathAt, vecAt, 0}, Mem: in})
	s.fds(tid, true, fds...)
	s.add(&format.Event{Kind: format.KindSyscallExit, Tid: tid, Arch: format.ArchX86_64, Nr: 59})
}

const atFdcwd = ^uint64(99) // -100

// run describes one synthetic run of a program.
type run struct {
	pid     int32  // pids start here
	addr    uint64 // addresses start here
	dir     string // working directory
	pts     string // the terminal
	noConf  bool   // app.conf is missing
	retries int    // iterations of the retry loop
	calls   int    // extra calls (openat, read, close of distinct files)
	child   bool   // start a child and kill it
}

func (r run) events() []*format.Event {
	s := &synth{}
	pid := r.pid
	s.task(pid, 0)
	s.execve(pid, []format.FdPath{{Fd: -100, Path: []byte(r.dir)}, {Fd: 0, Path: []byte(r.pts)}, {Fd: 1, Path: []byte(r.pts)}},
		r.dir+"/app", "app", "--flag")
	s.call(pid, 12, [6]uint64{0}, nil, int64(r.addr), nil) // brk(NULL)
	s.call(pid, 9, [6]uint64{0, 8192, 3, 0x22, ^uint64(0), 0}, nil, int64(r.addr+0x1000), nil)
	rnd := make([]byte, 8)
	binary.LittleEndian.PutUint64(rnd, r.addr*7)
	s.call(pid, 318, [6]uint64{r.addr + 0x500, 8, 1}, nil, 8, []format.Region{bufRegion(r.addr+0x500, rnd)})
	s.call(pid, 39, [6]uint64{}, nil, int64(pid), nil) // getpid
	// newfstatat(AT_FDCWD, "/etc/passwd", {...}, 0): inode and times differ.
	st := make([]byte, 144)
	binary.LittleEndian.PutUint64(st[8:], r.addr) // st_ino
	binary.LittleEndian.PutUint32(st[24:], 0o100644)
	binary.LittleEndian.PutUint64(st[48:], 1234)     // st_size
	binary.LittleEndian.PutUint64(st[72:], r.addr/3) // st_atime
	s.call(pid, 262, [6]uint64{atFdcwd, 0x40000, r.addr + 0x600, 0},
		[]format.Region{strRegion(0x40000, "/etc/passwd")}, 0, []format.Region{bufRegion(r.addr+0x600, st)})
	// openat(AT_FDCWD, "DIR/app.conf", O_RDONLY)
	conf := r.dir + "/app.conf"
	in := []format.Region{strRegion(0x40000, conf)}
	if r.noConf {
		s.call(pid, 257, [6]uint64{atFdcwd, 0x40000, 0}, in, -2, nil)
		msg := []byte("no app.conf\n")
		s.call(pid, 1, [6]uint64{2, 0x41000, uint64(len(msg))}, []format.Region{bufRegion(0x41000, msg)}, int64(len(msg)), nil)
	} else {
		s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: pid, Arch: format.ArchX86_64, Nr: 257, Args: [6]uint64{atFdcwd, 0x40000, 0}, Mem: in})
		s.fds(pid, false, format.FdPath{Fd: 3, Path: []byte(conf)})
		s.add(&format.Event{Kind: format.KindSyscallExit, Tid: pid, Arch: format.ArchX86_64, Nr: 257, Ret: 3})
		s.call(pid, 0, [6]uint64{3, r.addr + 0x700, 256}, nil, 4, []format.Region{bufRegion(r.addr+0x700, []byte("x=1\n"))})
		s.call(pid, 3, [6]uint64{3}, nil, 0, nil)
	}
	for i := 0; i < r.retries; i++ {
		s.call(pid, 21, [6]uint64{0x42000, 0}, []format.Region{strRegion(0x42000, "ready.flag")}, -2, nil) // access
		s.call(pid, 35, [6]uint64{0, 0}, nil, 0, nil)                                                      // nanosleep(NULL, NULL)
	}
	for i := 0; i < r.calls; i++ {
		p := fmt.Sprintf("/usr/share/file%d", i%5000)
		fd := 3 + i%3
		s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: pid, Arch: format.ArchX86_64, Nr: 257, Args: [6]uint64{atFdcwd, 0x43000, 0}, Mem: []format.Region{strRegion(0x43000, p)}})
		s.fds(pid, false, format.FdPath{Fd: int32(fd), Path: []byte(p)})
		s.add(&format.Event{Kind: format.KindSyscallExit, Tid: pid, Arch: format.ArchX86_64, Nr: 257, Ret: int64(fd)})
		s.call(pid, 0, [6]uint64{uint64(fd), r.addr + 0x800, 64}, nil, 5, []format.Region{bufRegion(r.addr+0x800, []byte("data\n"))})
		s.call(pid, 3, [6]uint64{uint64(fd)}, nil, 0, nil)
		i += 2
	}
	if r.child {
		c := pid + 1
		s.call(pid, 57, [6]uint64{}, nil, int64(c), nil) // fork
		s.task(c, pid)
		s.call(c, 39, [6]uint64{}, nil, int64(c), nil)
		s.call(c, 110, [6]uint64{}, nil, int64(pid), nil) // getppid
		s.exit(c, 3)
		s.call(pid, 62, [6]uint64{uint64(c), 0}, nil, 0, nil)                 // kill(child, 0)
		s.call(pid, 61, [6]uint64{uint64(c), 0, 0, 0}, nil, int64(c), nil)    // wait4(child, NULL, 0, NULL)
		s.call(pid, 62, [6]uint64{uint64(c), 0}, nil, -3, nil)                // kill: ESRCH
		s.call(pid, 62, [6]uint64{uint64(pid + 1000), 0}, nil, -3, nil)       // a pid not traced
		s.call(pid, 234, [6]uint64{uint64(pid), uint64(pid), 0}, nil, 0, nil) // tgkill(self, self, 0)
	}
	s.call(pid, 3, [6]uint64{1}, nil, 0, nil) // close(1): the terminal
	s.exit(pid, 0)
	return s.evs
}

type sliceSource struct {
	evs []*format.Event
	i   int
}

func (s *sliceSource) Next() (*format.Event, error) {
	if s.i >= len(s.evs) {
		return nil, io.EOF
	}
	s.i++
	return s.evs[s.i-1], nil
}

func feed(tr *DiffTrace, evs []*format.Event) {
	rp := replay.New(&sliceSource{evs: evs})
	for {
		ev, err := rp.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				panic(err)
			}
			break
		}
		tr.Add(ev)
	}
	tr.Finish()
}

// diffRuns diffs two event lists as mytrace diff does: a first pass,
// the diff, a lines pass.
func diffRuns(a, b []*format.Event, o *DiffOptions) *DiffResult {
	h := &format.Header{StrLimit: 256}
	ta, tb := NewDiffTrace("a", h, o), NewDiffTrace("b", h, o)
	feed(ta, a)
	feed(tb, b)
	r := Diff(ta, tb, o)
	for _, x := range []struct {
		t   *DiffTrace
		evs []*format.Event
	}{{ta, a}, {tb, b}} {
		if x.t.NeedsLines() {
			x.t.LinesPass()
			feed(x.t, x.evs)
		}
	}
	r.FillLines()
	return r
}

var runA = run{pid: 1000, addr: 0x7f0000000000, dir: "/tmp/runA", pts: "/dev/pts/1", child: true}
var runB = run{pid: 5000, addr: 0x7f5555550000, dir: "/tmp/runB", pts: "/dev/pts/4", child: true}

func textOf(t *testing.T, r *DiffResult, stat bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b, stat); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestDiffSameRunNormalized: two runs that differ only in pids,
// addresses, random bytes, inode numbers and times, working directory and
// terminal are equal.
func TestDiffSameRunNormalized(t *testing.T) {
	r := diffRuns(runA.events(), runB.events(), &DiffOptions{})
	if !r.Equal {
		t.Fatalf("not equal:\n%s", textOf(t, r, false))
	}
	if len(r.Processes) != 2 || r.Processes[1].ID != "1.1" || r.Processes[1].Only != "" {
		t.Fatalf("processes not matched: %+v", r.Processes)
	}
	if out := textOf(t, r, false); out != "" {
		t.Errorf("text output for equal runs:\n%s", out)
	}
	// With --data the buffers are the same too; only getrandom's differ,
	// and they are never compared.
	if r := diffRuns(runA.events(), runB.events(), &DiffOptions{Data: true}); !r.Equal {
		t.Errorf("--data: not equal:\n%s", textOf(t, r, false))
	}
}

// TestDiffMissingConfig: the first divergence is the openat, with both
// results; what follows is the changed path.
func TestDiffMissingConfig(t *testing.T) {
	b := runB
	b.noConf = true
	r := diffRuns(runA.events(), b.events(), &DiffOptions{})
	if r.Equal || r.First == nil {
		t.Fatal("no difference found")
	}
	f := r.First
	if f.Process != "1" || f.Op != "~" || f.A.Index != f.B.Index {
		t.Errorf("first divergence %+v", f)
	}
	if !strings.HasPrefix(f.A.Line, `openat(AT_FDCWD, "/tmp/runA/app.conf", O_RDONLY) = 3`) ||
		!strings.HasSuffix(f.B.Line, "= -1 ENOENT (No such file or directory)") {
		t.Errorf("first divergence lines:\n%s\n%s", f.A.Line, f.B.Line)
	}
	out := textOf(t, r, false)
	for _, want := range []string{
		"First divergence: process 1 (app --flag), the same call with a different result",
		`-read(3, "x=1\n", 256)`,
		"-close(3)",
		`+write(2, "no app.conf\n", 12)`,
		"Files touched only in A:\n  $CWD/app.conf\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	counts := map[string]SyscallCount{}
	for _, c := range r.Summary.Syscalls {
		counts[c.Name] = *c
	}
	if c := counts["openat"]; c.Changed != 1 || c.OnlyA != 0 || c.OnlyB != 0 {
		t.Errorf("openat counts %+v", c)
	}
	if c := counts["read"]; c.OnlyA != 1 {
		t.Errorf("read counts %+v", c)
	}
	if c := counts["write"]; c.OnlyB != 1 {
		t.Errorf("write counts %+v", c)
	}
	// The child is the same in both.
	if pd := r.Processes[1]; !pd.Equal {
		t.Errorf("child differs: %+v", pd)
	}
	// --ignore-retval: the openat is the same call; the read and close
	// still differ.
	r2 := diffRuns(runA.events(), b.events(), &DiffOptions{IgnoreRetval: true})
	if r2.First == nil || r2.First.Op == "~" || !strings.HasPrefix(r2.First.A.Line, "read(") {
		t.Errorf("--ignore-retval: first divergence %+v %+v", r2.First, r2.First.A)
	}
	// --ignore=read,close,write,openat: nothing else differs.
	set, _ := options.ParseTraceSet("read,close,write,openat")
	if r3 := diffRuns(runA.events(), b.events(), &DiffOptions{Ignore: set.Has}); !r3.Equal {
		t.Errorf("--ignore: not equal:\n%s", textOf(t, r3, false))
	}
}

// TestDiffRetries: more iterations of a loop show as those iterations.
func TestDiffRetries(t *testing.T) {
	a, b := runA, runB
	a.retries, b.retries = 2, 5
	r := diffRuns(a.events(), b.events(), &DiffOptions{})
	pd := r.Processes[0]
	if len(pd.Hunks) != 1 {
		t.Fatalf("%d hunks:\n%s", len(pd.Hunks), textOf(t, r, false))
	}
	for _, l := range pd.Hunks[0].Lines {
		if l.Op != " " && l.Op != "+" {
			t.Errorf("unexpected %s line %+v", l.Op, l)
		}
	}
	if h := pd.Hunks[0]; h.BLen-h.ALen != 6 {
		t.Errorf("hunk %+v", h)
	}
}

// TestDiffPids: pids are compared by the process they name: a kill of
// the child is the same call in both runs; a kill of the parent instead
// is not.
func TestDiffPids(t *testing.T) {
	ea, eb := runA.events(), runB.events()
	// In B, the first kill(child, 0) names the parent.
	for i, e := range eb {
		if e.Kind == format.KindSyscallEntry && e.Nr == 62 && e.Args[0] == uint64(runB.pid+1) {
			eb[i].Args[0] = uint64(runB.pid)
			break
		}
	}
	r := diffRuns(ea, eb, &DiffOptions{})
	if r.First == nil || !strings.HasPrefix(r.First.A.Line, "kill(1001, 0)") || !strings.HasPrefix(r.First.B.Line, "kill(5000, 0)") {
		t.Fatalf("first divergence %+v\n%s", r.First, textOf(t, r, false))
	}
}

// TestDiffProcessOnlyInOne: a child only one run has is reported so.
func TestDiffProcessOnlyInOne(t *testing.T) {
	b := runB
	b.child = false
	r := diffRuns(runA.events(), b.events(), &DiffOptions{})
	if r.Summary.OnlyA != 1 || r.Summary.OnlyB != 0 {
		t.Fatalf("summary %+v", r.Summary)
	}
	out := textOf(t, r, false)
	if !strings.Contains(out, "process 1.1: only in A: child of app --flag (pid 1001, 4 calls, exited with 3)") {
		t.Errorf("output:\n%s", out)
	}
	if !strings.Contains(out, "Exit status of each process:\n  process 1    app --flag           A: exited with 0      B: exited with 0\n  process 1.1  child of app --flag  A: exited with 3      B: -  (differs)\n") {
		t.Errorf("exit table:\n%s", out)
	}
}

// TestDiffJSON: the JSON form parses and says the same.
func TestDiffJSON(t *testing.T) {
	b := runB
	b.noConf = true
	r := diffRuns(runA.events(), b.events(), &DiffOptions{})
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf, false); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Equal bool `json:"equal"`
		First struct {
			Process string `json:"process"`
			Op      string `json:"op"`
			A, B    struct {
				Line  string `json:"line"`
				Index int    `json:"index"`
				Pid   int    `json:"pid"`
			}
		} `json:"first_divergence"`
		Processes []struct {
			ID    string `json:"id"`
			Hunks []struct {
				Lines []struct {
					Op string `json:"op"`
				} `json:"lines"`
			} `json:"hunks"`
		} `json:"processes"`
		Summary struct {
			FilesOnlyA []string `json:"files_only_a"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if v.Equal || v.First.Process != "1" || v.First.Op != "~" || v.First.A.Pid != 1000 || v.First.B.Pid != 5000 ||
		!strings.HasSuffix(v.First.B.Line, "ENOENT (No such file or directory)") {
		t.Errorf("first divergence %+v", v.First)
	}
	if len(v.Processes) != 2 || len(v.Processes[0].Hunks) != 1 || len(v.Summary.FilesOnlyA) != 1 {
		t.Errorf("decoded %+v", v)
	}
	buf.Reset()
	r.WriteJSON(&buf, true)
	if strings.Contains(buf.String(), `"hunks"`) {
		t.Error("--stat --json has hunks")
	}
}

// ---- benchmarks ----

// BenchmarkDiff100k diffs two synthetic recordings of 100,000 syscalls
// each (different pids and addresses, a missing file and a retry loop),
// from replay to the text output.
func BenchmarkDiff100k(b *testing.B) {
	a, c := runA, runB
	a.calls, c.calls = 100_000, 100_000
	c.noConf, c.retries = true, 3
	ea, eb := a.events(), c.events()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := diffRuns(ea, eb, &DiffOptions{})
		if r.Equal {
			b.Fatal("equal")
		}
		r.WriteText(io.Discard, false)
	}
}

// BenchmarkDiffPathological diffs two 100,000-call recordings with
// nothing in common but their start.
func BenchmarkDiffPathological(b *testing.B) {
	a, c := runA, runB
	a.calls, c.calls = 100_000, 100_000
	ea, eb := a.events(), c.events()
	// B opens other files, in another order.
	for _, e := range eb {
		for k := range e.Mem {
			if d := e.Mem[k].Data; bytes.HasPrefix(d, []byte("/usr/share/file")) {
				e.Mem[k].Data = append([]byte("/var/lib/other"), d[len("/usr/share/file"):]...)
			}
		}
		if e.Kind == format.KindFds {
			for k := range e.Fds {
				if p := e.Fds[k].Path; bytes.HasPrefix(p, []byte("/usr/share/file")) {
					e.Fds[k].Path = append([]byte("/var/lib/other"), p[len("/usr/share/file"):]...)
				}
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		diffRuns(ea, eb, &DiffOptions{}).WriteText(io.Discard, false)
	}
}

// ---- siblings and signals ----

func (s *synth) forkEvent(tid, child int32) {
	s.add(&format.Event{Kind: format.KindPtraceEvent, Tid: tid, PtraceEvent: 1, Msg: uint64(child)})
}

func (s *synth) sigchld(tid, child int32) {
	si := make([]byte, 128)
	binary.LittleEndian.PutUint32(si[0:], 17) // si_signo
	binary.LittleEndian.PutUint32(si[8:], 1)  // CLD_EXITED
	binary.LittleEndian.PutUint32(si[16:], uint32(child))
	s.add(&format.Event{Kind: format.KindSignal, Tid: tid, Sig: 17, Siginfo: si})
}

// forkRun: a parent with a SIGCHLD handler forks two children and waits
// for them. early: the children join the trace in the reverse order of
// their forks, and the SIGCHLD interrupts the first wait4.
func forkRun(pid int32, early bool) []*format.Event {
	s := &synth{}
	c1, c2 := pid+1, pid+2
	s.task(pid, 0)
	act := make([]byte, 32)
	binary.LittleEndian.PutUint64(act, 0x55550000+uint64(pid)) // sa_handler
	s.call(pid, nrRtSigaction, [6]uint64{17, 0x50000, 0, 8}, []format.Region{bufRegion(0x50000, act)}, 0, nil)
	s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: pid, Arch: format.ArchX86_64, Nr: 57})
	if early {
		s.forkEvent(pid, c1)
	} else {
		s.task(c1, pid)
		s.forkEvent(pid, c1)
	}
	s.add(&format.Event{Kind: format.KindSyscallExit, Tid: pid, Arch: format.ArchX86_64, Nr: 57, Ret: int64(c1)})
	s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: pid, Arch: format.ArchX86_64, Nr: 57})
	s.forkEvent(pid, c2)
	s.add(&format.Event{Kind: format.KindSyscallExit, Tid: pid, Arch: format.ArchX86_64, Nr: 57, Ret: int64(c2)})
	s.task(c2, pid)
	if early {
		s.task(c1, pid)
	}
	s.call(c1, 39, [6]uint64{}, nil, int64(c1), nil) // getpid
	s.exit(c1, 0)
	s.call(c2, 110, [6]uint64{}, nil, int64(pid), nil) // getppid
	s.exit(c2, 1)
	if early {
		s.call(pid, 61, [6]uint64{^uint64(0), 0, 0, 0}, nil, -512, nil) // ERESTARTSYS
		s.sigchld(pid, c1)
		s.call(pid, nrRtSigreturn, [6]uint64{}, nil, -4, nil)
		s.call(pid, 61, [6]uint64{^uint64(0), 0, 0, 0}, nil, int64(c1), nil)
		s.call(pid, 61, [6]uint64{^uint64(0), 0, 0, 0}, nil, int64(c2), nil)
		s.sigchld(pid, c2)
		s.call(pid, nrRtSigreturn, [6]uint64{}, nil, int64(c2), nil)
	} else {
		s.call(pid, 61, [6]uint64{^uint64(0), 0, 0, 0}, nil, int64(c1), nil)
		s.sigchld(pid, c1)
		s.call(pid, nrRtSigreturn, [6]uint64{}, nil, int64(c1), nil)
		s.call(pid, 61, [6]uint64{^uint64(0), 0, 0, 0}, nil, int64(c2), nil)
		s.sigchld(pid, c2)
		s.sigchld(pid, c2) // a second one: none is ignored that is not handled
		s.call(pid, nrRtSigreturn, [6]uint64{}, nil, int64(c2), nil)
		s.call(pid, nrRtSigreturn, [6]uint64{}, nil, int64(c2), nil)
	}
	s.exit(pid, 0)
	return s.evs
}

// TestDiffSiblingsAndSigchld: children are matched in the order of the
// forks that made them, whatever order they joined the trace in; SIGCHLD,
// the call it interrupted and its handler's rt_sigreturn are left out by
// default, compared with --sigchld.
func TestDiffSiblingsAndSigchld(t *testing.T) {
	a, b := forkRun(100, true), forkRun(700, false)
	r := diffRuns(a, b, &DiffOptions{})
	if !r.Equal {
		t.Fatalf("not equal:\n%s", textOf(t, r, false))
	}
	if len(r.Processes) != 3 || r.Processes[1].A.Pid != 101 || r.Processes[1].B.Pid != 701 {
		t.Fatalf("children not matched by fork order: %+v %+v", r.Processes[1].A, r.Processes[1].B)
	}
	r = diffRuns(a, b, &DiffOptions{IgnoreSignals: map[int]bool{}})
	if r.Equal {
		t.Fatal("equal with SIGCHLD compared")
	}
	out := textOf(t, r, false)
	if !strings.Contains(out, "-wait4(-1, NULL, 0, NULL)                = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n") ||
		!strings.Contains(out, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101") {
		t.Errorf("with SIGCHLD:\n%s", out)
	}
}

// TestDiffCoarse: two long runs that share every call but in a random
// order cannot be aligned call by call within the budget: the diff says
// it fell back to a coarser one, and finishes in bounded time.
func TestDiffCoarse(t *testing.T) {
	a, b := runA, runB
	a.calls, b.calls = 60_000, 60_000
	ea, eb := a.events(), b.events()
	rng := testrand.New(t, 4)
	for _, evs := range [][]*format.Event{ea, eb} {
		// Four files, opened in a random order.
		name := ""
		for _, e := range evs {
			for k := range e.Mem {
				if d := e.Mem[k].Data; bytes.HasPrefix(d, []byte("/usr/share/file")) {
					name = fmt.Sprintf("/usr/share/file%d", rng.Intn(4))
					e.Mem[k].Data = []byte(name)
				}
			}
			for k := range e.Fds {
				if bytes.HasPrefix(e.Fds[k].Path, []byte("/usr/share/file")) {
					e.Fds[k].Path = []byte(name)
				}
			}
		}
	}
	// The aligner's work budget bounds the time: running out of it is
	// what makes the diff coarse.
	r := diffRuns(ea, eb, &DiffOptions{})
	if !r.Coarse || !r.Processes[0].Coarse {
		t.Fatal("not coarse")
	}
	out := textOf(t, r, true)
	if strings.Contains(out, "too costly") {
		t.Errorf("--stat mentions the alignment:\n%s", out)
	}
	var buf bytes.Buffer
	r.WriteText(&buf, false)
	if !strings.Contains(buf.String(), "Note: some regions were too costly to align call by call and are shown replaced whole.\n") {
		t.Errorf("no note in:\n%.2000s", buf.String())
	}
}

// TestDiffMemory: what a trace keeps for the diff is a few words per
// call, not its events nor its lines.
func TestDiffMemory(t *testing.T) {
	r := runA
	r.calls = 100_000
	evs := r.events()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tr := NewDiffTrace("a", &format.Header{StrLimit: 256}, &DiffOptions{})
	feed(tr, evs)
	runtime.GC()
	runtime.ReadMemStats(&after)
	n := tr.calls
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / int64(n)
	t.Logf("%d calls: %d bytes per call", n, per)
	if per > 250 {
		t.Errorf("%d bytes per call", per)
	}
	runtime.KeepAlive(tr)
	runtime.KeepAlive(evs)
}

// heapRun is a program built without PIE: its heap starts at brk, its
// thread pointer (arch_prctl) and tid address (set_tid_address) are in
// the heap, the break grows twice; data is a pointer into its data
// segment, the same in every run.
func heapRun(pid int32, brk, data uint64) []*format.Event {
	s := &synth{}
	s.task(pid, 0)
	s.execve(pid, []format.FdPath{{Fd: -100, Path: []byte("/tmp")}}, "/tmp/heap", "heap")
	s.call(pid, 12, [6]uint64{0}, nil, int64(brk), nil)                 // brk(NULL)
	s.call(pid, 12, [6]uint64{brk + 0xd00}, nil, int64(brk+0xd00), nil) // brk(+0xd00)
	s.call(pid, 158, [6]uint64{0x1002, brk + 0x380}, nil, 0, nil)       // arch_prctl(ARCH_SET_FS, heap)
	s.call(pid, 218, [6]uint64{brk + 0x650}, nil, int64(pid), nil)      // set_tid_address(heap)
	s.call(pid, 12, [6]uint64{brk + 0x21d00}, nil, int64(brk+0x21d00), nil)
	s.call(pid, 158, [6]uint64{0x1002, data}, nil, 0, nil)
	s.call(pid, 334, [6]uint64{brk + 0x21000, 0x20, 0, 0x53053053}, nil, 0, nil) // rseq(heap...)
	s.exit(pid, 0)
	return s.evs
}

// TestDiffNonPIEHeap: the heap of a program built without PIE is at a
// low address that changes from run to run (or not at all, with address
// randomization off); pointers into it are addresses like any other,
// while the same low number outside known memory (a pointer into the
// data segment) is still compared.
func TestDiffNonPIEHeap(t *testing.T) {
	r := diffRuns(heapRun(100, 0x4bc000, 0x404040), heapRun(200, 0x310a7000, 0x404040), &DiffOptions{})
	if !r.Equal {
		t.Fatalf("the heap moved: not equal:\n%s", textOf(t, r, false))
	}
	r = diffRuns(heapRun(100, 0x4bc000, 0x404040), heapRun(200, 0x9c4000, 0x404040), &DiffOptions{})
	if !r.Equal {
		t.Fatalf("two low heaps: not equal:\n%s", textOf(t, r, false))
	}
	r = diffRuns(heapRun(100, 0x4bc000, 0x404040), heapRun(200, 0x4bc000, 0x404080), &DiffOptions{})
	if r.Equal || r.First == nil || !strings.Contains(r.First.B.Line, "arch_prctl(ARCH_SET_FS, 0x404080)") {
		t.Fatalf("a different pointer into the data segment: %+v\n%s", r.First, textOf(t, r, false))
	}
}

// TestMemMap: intervals merge, and only memory below lowAddr is kept.
func TestMemMap(t *testing.T) {
	var m memMap
	m.add(0x1000, 0x2000)
	m.add(0x3000, 0x4000)
	m.add(0x1800, 0x3000) // joins both
	m.add(0x7f0000000000, 0x7f0000001000)
	if len(m.iv) != 1 || m.iv[0] != (memInterval{0x1000, 0x4000}) {
		t.Fatalf("intervals %x", m.iv)
	}
	for v, want := range map[uint64]bool{0xfff: false, 0x1000: true, 0x3fff: true, 0x4000: false, 0x7f0000000800: false} {
		if m.contains(v) != want {
			t.Errorf("contains(%#x) = %v", v, !want)
		}
	}
	m.brk(0x9c4000)
	m.brk(0x9e5000)
	if !m.contains(0x9c4380) || !m.contains(0x9e5000) || m.contains(0x9c3fff) || !m.hexIn("0x9e4ff0") || m.hexIn("0x404040") {
		t.Errorf("heap: %x", m.iv)
	}
}

// writeRun writes msg to descriptor 1, which refers to out, and argv of
// an execve is long: two runs that differ only there print alike.
func writeRun(pid int32, out, msg string) []*format.Event {
	s := &synth{}
	s.task(pid, 0)
	s.execve(pid, []format.FdPath{{Fd: -100, Path: []byte("/tmp")}, {Fd: 1, Path: []byte(out)}}, "/tmp/w", "w")
	s.call(pid, 1, [6]uint64{1, 0x41000, uint64(len(msg))}, []format.Region{bufRegion(0x41000, []byte(msg))}, int64(len(msg)), nil)
	s.call(pid, 3, [6]uint64{1}, nil, 0, nil)
	s.exit(pid, 0)
	return s.evs
}

// TestDiffSaysWhatDiffers: lines that print alike say what differs: the
// file behind a descriptor; with --data, memory beyond -s.
func TestDiffSaysWhatDiffers(t *testing.T) {
	r := diffRuns(writeRun(100, "/dev/null", "hello\n"), writeRun(200, "/var/out.txt", "hello\n"), &DiffOptions{})
	out := textOf(t, r, false)
	want := "+write(1, \"hello\\n\", 6)                  = 6\n" +
		"? fd 1 refers to /dev/null in A, /var/out.txt in B\n"
	if r.Equal || !strings.Contains(out, want) {
		t.Errorf("descriptor target: want\n%s\nin\n%s", want, out)
	}
	long := strings.Repeat("x", 40)
	r = diffRuns(writeRun(100, "/dev/null", long+"A"), writeRun(200, "/dev/null", long+"B"), &DiffOptions{Data: true})
	out = textOf(t, r, false)
	want = "? buf: ...xxxxxxxxxxxxA\" in A, ...xxxxxxxxxxxxB\" in B\n"
	if r.Equal || !strings.Contains(out, want) {
		t.Errorf("memory beyond -s: want\n%s\nin\n%s", want, out)
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js, false); err != nil || !strings.Contains(js.String(), `"differs": "buf: ...`) {
		t.Errorf("JSON: %v\n%s", err, js.String())
	}
	// Lines that differ visibly say nothing more.
	r = diffRuns(writeRun(100, "/dev/null", "hello\n"), writeRun(200, "/dev/null", "bye\n"), &DiffOptions{})
	if out := textOf(t, r, false); strings.Contains(out, "\n? ") {
		t.Errorf("visible difference explained:\n%s", out)
	}
}

// TestDiffColor: with color, lines are colored as git diff colors them;
// without, the text has no escape at all.
func TestDiffColor(t *testing.T) {
	r := diffRuns(writeRun(100, "/dev/null", "hello\n"), writeRun(200, "/var/out.txt", "hi\n"), &DiffOptions{})
	var b bytes.Buffer
	if err := r.WriteTextColor(&b, false, true); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"\x1b[1m--- A: a\t(4 calls, 1 process)\x1b[m\n",
		"\x1b[36m@@ -1,5 +1,5 @@\x1b[m\n",
		"\x1b[31m-write(1, \"hello\\n\", 6)                  = 6\x1b[m\n",
		"\x1b[32m+write(1, \"hi\\n\", 3)                     = 3\x1b[m\n",
		"\x1b[33m? fd 1 refers to /dev/null in A, /var/out.txt in B\x1b[m\n",
		"\n exit_group(0)                           = ?\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if plain := textOf(t, r, false); strings.Contains(plain, "\x1b") {
		t.Errorf("escapes without color:\n%s", plain)
	}
}

// accessRun makes access calls on names, in order, then opens app.conf
// (found or not).
func accessRun(pid int32, names []string, found bool) []*format.Event {
	s := &synth{}
	s.task(pid, 0)
	s.execve(pid, []format.FdPath{{Fd: -100, Path: []byte("/tmp")}}, "/tmp/acc", "acc")
	for _, n := range names {
		s.call(pid, 21, [6]uint64{0x42000, 0}, []format.Region{strRegion(0x42000, "/etc/"+n)}, -2, nil)
	}
	ret := int64(3)
	if !found {
		ret = -2
	}
	s.call(pid, 257, [6]uint64{atFdcwd, 0x40000, 0}, []format.Region{strRegion(0x40000, "/etc/app.conf")}, ret, nil)
	s.exit(pid, 0)
	return s.evs
}

// TestDiffMovedNotFirst: a call that moved by two places is moved, not a
// difference; with nothing else, the runs are the same; with a real
// change after it, that change is the first divergence and the move is
// shown in its hunk.
func TestDiffMovedNotFirst(t *testing.T) {
	a := []string{"a", "b", "c", "d"}
	b := []string{"b", "c", "a", "d"}
	r := diffRuns(accessRun(100, a, true), accessRun(200, b, true), &DiffOptions{})
	if !r.Equal || r.Summary.Moved != 1 || r.First != nil {
		t.Fatalf("a move alone: equal %v, moved %d, first %+v\n%s", r.Equal, r.Summary.Moved, r.First, textOf(t, r, false))
	}
	r = diffRuns(accessRun(100, a, true), accessRun(200, b, true), &DiffOptions{MoveWindow: -1})
	if r.Equal {
		t.Fatal("moves off: equal")
	}
	r = diffRuns(accessRun(100, a, true), accessRun(200, b, false), &DiffOptions{})
	if r.Equal || r.First == nil || r.First.Op != "~" || !strings.Contains(r.First.A.Line, "app.conf") {
		t.Fatalf("first divergence %+v\n%s", r.First, textOf(t, r, false))
	}
	out := textOf(t, r, false)
	for _, want := range []string{
		"\n<access(\"/etc/a\", F_OK)                  = -1 ENOENT (No such file or directory)\n",
		"\n>access(\"/etc/a\", F_OK)                  = -1 ENOENT (No such file or directory)\n",
		"Moved: 1 calls only changed places (timing), not counted as differences\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js, false); err != nil || !strings.Contains(js.String(), "\"op\": \"<\",") || !strings.Contains(js.String(), `"moved_to": 4`) || !strings.Contains(js.String(), `"moved_from": 2`) {
		t.Errorf("JSON: %v\n%s", err, js.String())
	}
}
