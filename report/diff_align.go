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
// '+' (only in B) or '~' (the same call, a different result); A and B are
// indexes into the two sequences (-1 where it has none).
type edit struct {
	Op   byte
	A, B int32
}

// editScript turns matched pairs into the full list of edits. Within each
// run of differences, calls removed from A and added in B that are the
// same call (same ident) are paired as changed ('~'), aligned on their
// idents.
func (al *aligner) editScript(n, m int, pairs []pair, identA, identB []int32) ([]edit, bool) {
	var out []edit
	coarse := false
	i, j := 0, 0
	block := func(i1, j1 int) {
		if i < i1 && j < j1 {
			sub, c := al.align(identA[i:i1], identB[j:j1])
			coarse = coarse || c
			for _, p := range sub {
				pi, pj := i+int(p.A), j+int(p.B)
				for ; i < pi; i++ {
					out = append(out, edit{'-', int32(i), -1})
				}
				for ; j < pj; j++ {
					out = append(out, edit{'+', -1, int32(j)})
				}
				out = append(out, edit{'~', int32(i), int32(j)})
				i++
				j++
			}
		}
		for ; i < i1; i++ {
			out = append(out, edit{'-', int32(i), -1})
		}
		for ; j < j1; j++ {
			out = append(out, edit{'+', -1, int32(j)})
		}
	}
	for _, p := range pairs {
		block(int(p.A), int(p.B))
		out = append(out, edit{'=', p.A, p.B})
		i, j = int(p.A)+1, int(p.B)+1
	}
	block(n, m)
	return out, coarse
}
