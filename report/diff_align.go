package report

import "sort"

// Sequence alignment for diff: a longest common subsequence of two
// sequences of symbols, found with bounded work.
//
// The method: the common prefix and suffix are matched first; in what is
// left, symbols that occur exactly once on each side are anchors (patience
// diff), the longest increasing run of anchors is matched and the gaps
// between them are aligned recursively; a region without anchors is
// aligned with Myers' O(ND) algorithm (linear-space, middle-snake
// bisection). Every step is charged to a budget of work units; a region
// whose alignment would exceed it is reported as replaced whole (coarse)
// instead, so a pathological pair costs bounded time, never N×M.

// pair is a matched position: a[A] == b[B].
type pair struct{ A, B int32 }

// alignBudget is the default work budget of one diff, in units of about
// one comparison; 2e8 is well under a second.
const alignBudget = 200_000_000

// maxAnchorDepth bounds the recursion through anchors; deeper regions go
// straight to Myers.
const maxAnchorDepth = 64

type aligner struct {
	a, b   []int32
	budget *int
	coarse bool
	out    []pair
	// Per-symbol scratch for the anchor search, indexed by symbol; all
	// zero between uses.
	cntA, cntB []int32
	posA, posB []int32
	// Myers' V arrays, reused.
	v1, v2 []int32
	// noAnchors aligns with Myers only (tests: the result is then a
	// longest common subsequence).
	noAnchors bool
}

// newAligner returns an aligner for sequences of symbols in [0, nsym).
// budget is decremented by the work done; when it runs out, the regions
// not yet aligned get no matches and are reported coarse.
func newAligner(nsym int, budget *int) *aligner {
	return &aligner{
		budget: budget,
		cntA:   make([]int32, nsym), cntB: make([]int32, nsym),
		posA: make([]int32, nsym), posB: make([]int32, nsym),
	}
}

// align returns the matched pairs of a long common subsequence of a and b,
// in increasing order, and whether some region was too costly to align
// (and has no matches).
func (al *aligner) align(a, b []int32) (pairs []pair, coarse bool) {
	al.a, al.b, al.out, al.coarse = a, b, nil, false
	al.diff(0, len(a), 0, len(b), 0)
	return al.out, al.coarse
}

func (al *aligner) emit(i, j int) { al.out = append(al.out, pair{int32(i), int32(j)}) }

// diff aligns a[a0:a1] with b[b0:b1], appending matches in order.
func (al *aligner) diff(a0, a1, b0, b1, depth int) {
	for a0 < a1 && b0 < b1 && al.a[a0] == al.b[b0] {
		al.emit(a0, b0)
		a0++
		b0++
	}
	n := 0
	for a1-n > a0 && b1-n > b0 && al.a[a1-n-1] == al.b[b1-n-1] {
		n++
	}
	*al.budget -= (a1 - a0) + (b1 - b0) // the scans above, roughly
	al.middle(a0, a1-n, b0, b1-n, depth)
	for k := n; k > 0; k-- {
		al.emit(a1-k, b1-k)
	}
}

// middle aligns a region whose ends differ.
func (al *aligner) middle(a0, a1, b0, b1, depth int) {
	if a0 == a1 || b0 == b1 {
		return
	}
	if *al.budget < 0 {
		al.coarse = true
		return
	}
	anchors, common := al.anchors(a0, a1, b0, b1)
	if !common {
		return // nothing in common: all removed, all added
	}
	if al.noAnchors {
		anchors = nil
	}
	if len(anchors) > 0 && depth < maxAnchorDepth {
		pa, pb := a0, b0
		for _, p := range anchors {
			al.diff(pa, int(p.A), pb, int(p.B), depth+1)
			al.emit(int(p.A), int(p.B))
			pa, pb = int(p.A)+1, int(p.B)+1
		}
		al.diff(pa, a1, pb, b1, depth+1)
		return
	}
	al.bisect(a0, a1, b0, b1, depth)
}

// anchors returns the longest increasing sequence of symbols unique on
// both sides of the region, and whether the sides share any symbol.
func (al *aligner) anchors(a0, a1, b0, b1 int) ([]pair, bool) {
	*al.budget -= 2 * ((a1 - a0) + (b1 - b0))
	for i := a0; i < a1; i++ {
		s := al.a[i]
		al.cntA[s]++
		al.posA[s] = int32(i)
	}
	for j := b0; j < b1; j++ {
		s := al.b[j]
		al.cntB[s]++
		al.posB[s] = int32(j)
	}
	common := false
	var cand []pair // unique in both, in a's order
	for i := a0; i < a1; i++ {
		s := al.a[i]
		if al.cntB[s] > 0 {
			common = true
			if al.cntA[s] == 1 && al.cntB[s] == 1 {
				cand = append(cand, pair{int32(i), al.posB[s]})
			}
		}
	}
	for i := a0; i < a1; i++ {
		al.cntA[al.a[i]] = 0
	}
	for j := b0; j < b1; j++ {
		al.cntB[al.b[j]] = 0
	}
	return lis(cand), common
}

// lis returns the longest subsequence of ps (sorted by A) increasing in B
// (patience sorting, O(n log n)).
func lis(ps []pair) []pair {
	if len(ps) == 0 {
		return nil
	}
	tails := make([]int, 0, 16) // index into ps of the last element of each pile
	prev := make([]int, len(ps))
	for i, p := range ps {
		k := sort.Search(len(tails), func(k int) bool { return ps[tails[k]].B >= p.B })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]pair, len(tails))
	for i, k := tails[len(tails)-1], len(tails)-1; k >= 0; i, k = prev[i], k-1 {
		out[k] = ps[i]
	}
	return out
}

// bisect finds the middle snake of an optimal path through the region
// (Myers 1986, section 4b, as in diff-match-patch) and aligns the two
// halves around it recursively.
func (al *aligner) bisect(a0, a1, b0, b1, depth int) {
	a, b := al.a[a0:a1], al.b[b0:b1]
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD + 1
	vlen := 2*maxD + 3
	if *al.budget < vlen*2 {
		al.coarse = true
		return
	}
	*al.budget -= vlen * 2
	if cap(al.v1) < vlen {
		al.v1 = make([]int32, vlen)
		al.v2 = make([]int32, vlen)
	}
	v1, v2 := al.v1[:vlen], al.v2[:vlen]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for d := 0; d < maxD; d++ {
		*al.budget -= 2*d + 2
		if *al.budget < 0 {
			al.coarse = true
			return
		}
		for k1 := -d + k1start; k1 <= d-k1end; k1 += 2 {
			ko := off + k1
			var x1 int
			if k1 == -d || (k1 != d && v1[ko-1] < v1[ko+1]) {
				x1 = int(v1[ko+1])
			} else {
				x1 = int(v1[ko-1]) + 1
			}
			y1 := x1 - k1
			s := x1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			*al.budget -= x1 - s
			v1[ko] = int32(x1)
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			case front:
				k2o := off + delta - k1
				if k2o >= 0 && k2o < vlen && v2[k2o] != -1 {
					if x2 := n - int(v2[k2o]); x1 >= x2 {
						al.split(a0, a1, b0, b1, x1, y1, depth)
						return
					}
				}
			}
		}
		for k2 := -d + k2start; k2 <= d-k2end; k2 += 2 {
			ko := off + k2
			var x2 int
			if k2 == -d || (k2 != d && v2[ko-1] < v2[ko+1]) {
				x2 = int(v2[ko+1])
			} else {
				x2 = int(v2[ko-1]) + 1
			}
			y2 := x2 - k2
			s := x2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			*al.budget -= x2 - s
			v2[ko] = int32(x2)
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				k1o := off + delta - k2
				if k1o >= 0 && k1o < vlen && v1[k1o] != -1 {
					x1 := int(v1[k1o])
					y1 := off + x1 - k1o
					if x1 >= n-x2 {
						al.split(a0, a1, b0, b1, x1, y1, depth)
						return
					}
				}
			}
		}
	}
	// No path met: the region has nothing in common.
}

// split aligns the two halves of a region cut at (x, y), relative to its
// start.
func (al *aligner) split(a0, a1, b0, b1, x, y, depth int) {
	al.diff(a0, a0+x, b0, b0+y, depth+1)
	al.diff(a0+x, a1, b0+y, b1, depth+1)
}

// edit is one line of an alignment: Op is '=' (same), '-' (only in A),
// '+' (only in B), '~' (the same call, a different result), '<' (an A
// element that moved: it is at Peer in B) or '>' (a B element that moved:
// it was at Peer in A); A and B are indexes into the two sequences (-1
// where it has none), Peer -1 unless the element moved.
type edit struct {
	Op         byte
	A, B, Peer int32
}

// scriptSyms are the symbols editScript pairs unmatched elements on:
// idents (the call without its results) for '~', move keys (the key, or
// for waits the key without their options) for moves.
type scriptSyms struct {
	identA, identB []int32
	moveA, moveB   []int32
}

// maxMoveScan bounds the candidates looked at for one moved element.
const maxMoveScan = 64

// editScript turns matched pairs into the full list of edits, A and B
// indexes each increasing, every element exactly once.
//
// Elements left unmatched are paired in two ways. First as moved: an A
// element and a B element with the same move key, B's at most window
// places from A's (counted in A's sequence; window < 0: never), the
// nearest first. Then, within each
// run of differences, calls removed from A and added in B that are the
// same call (same ident) are paired as changed ('~'), aligned on their
// idents.
func (al *aligner) editScript(n, m int, pairs []pair, s *scriptSyms, window int) ([]edit, bool) {
	// The gaps between matched pairs: gap g lies after g matched pairs.
	type gap struct{ a0, a1, b0, b1 int }
	gaps := make([]gap, 0, len(pairs)+1)
	i, j := 0, 0
	for _, p := range pairs {
		gaps = append(gaps, gap{i, int(p.A), j, int(p.B)})
		i, j = int(p.A)+1, int(p.B)+1
	}
	gaps = append(gaps, gap{i, n, j, m})

	peerA := map[int32]int32{}
	peerB := map[int32]int32{}
	if window >= 0 && s.moveA != nil {
		type cand struct{ j, g int32 }
		byKey := map[int32][]cand{}
		for g, gp := range gaps {
			for j := gp.b0; j < gp.b1; j++ {
				k := s.moveB[j]
				byKey[k] = append(byKey[k], cand{int32(j), int32(g)})
			}
		}
		start := map[int32]int{}
		for g, gp := range gaps {
			for i := gp.a0; i < gp.a1; i++ {
				k := s.moveA[i]
				cs := byKey[k]
				if len(cs) == 0 {
					continue
				}
				x := start[k]
				for x < len(cs) && int(cs[x].g) < g-window {
					x++
				}
				start[k] = x
				best, bestD := -1, 0
				for y := x; y < len(cs) && y < x+maxMoveScan && int(cs[y].g) <= g+window; y++ {
					if _, used := peerB[cs[y].j]; used {
						continue
					}
					// How far it moved: the elements of A it crossed to
					// get from i to where B's element stands in A's
					// sequence (before A's element at).
					gb := gaps[cs[y].g]
					d := i - (int(cs[y].j) - gb.b0 + gb.a0)
					if d < 0 {
						d = -d - 1
					}
					if d <= window && (best < 0 || d < bestD) {
						best, bestD = y, d
					}
				}
				*al.budget -= maxMoveScan
				if best >= 0 {
					peerA[int32(i)] = cs[best].j
					peerB[cs[best].j] = int32(i)
				}
			}
		}
	}

	var out []edit
	coarse := false
	emitA := func(i int) {
		if p, ok := peerA[int32(i)]; ok {
			out = append(out, edit{'<', int32(i), -1, p})
		} else {
			out = append(out, edit{'-', int32(i), -1, -1})
		}
	}
	emitB := func(j int) {
		if p, ok := peerB[int32(j)]; ok {
			out = append(out, edit{'>', -1, int32(j), p})
		} else {
			out = append(out, edit{'+', -1, int32(j), -1})
		}
	}
	var ra, rb []int   // the gap's elements that did not move
	var sa, sb []int32 // their idents
	for g, gp := range gaps {
		ra, rb, sa, sb = ra[:0], rb[:0], sa[:0], sb[:0]
		for i := gp.a0; i < gp.a1; i++ {
			if _, moved := peerA[int32(i)]; !moved {
				ra = append(ra, i)
				sa = append(sa, s.identA[i])
			}
		}
		for j := gp.b0; j < gp.b1; j++ {
			if _, moved := peerB[int32(j)]; !moved {
				rb = append(rb, j)
				sb = append(sb, s.identB[j])
			}
		}
		i, j := gp.a0, gp.b0
		if len(ra) > 0 && len(rb) > 0 {
			sub, c := al.align(sa, sb)
			coarse = coarse || c
			for _, p := range sub {
				pi, pj := ra[p.A], rb[p.B]
				for ; i < pi; i++ {
					emitA(i)
				}
				for ; j < pj; j++ {
					emitB(j)
				}
				out = append(out, edit{'~', int32(pi), int32(pj), -1})
				i, j = pi+1, pj+1
			}
		}
		for ; i < gp.a1; i++ {
			emitA(i)
		}
		for ; j < gp.b1; j++ {
			emitB(j)
		}
		if g < len(pairs) {
			p := pairs[g]
			out = append(out, edit{'=', p.A, p.B, -1})
		}
	}
	return out, coarse
}
