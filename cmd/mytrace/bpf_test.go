package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Tests of the bpf backend (record --backend=bpf) and of what it shares
// with the ptrace one. They load real BPF programs: they skip only when
// the kernel refuses them, saying why.

var (
	bpfOnce   sync.Once
	bpfReason string
)

// needBPF skips the test when BPF programs cannot be loaded here, with
// the reason mytrace gives.
func needBPF(t *testing.T) {
	t.Helper()
	if r := bpfReasonFor(t); r != "" {
		t.Skip(r)
	}
}

// bpfReasonFor says why BPF programs cannot be loaded here ("" if they
// can); an unexpected failure fails t.
func bpfReasonFor(t *testing.T) string {
	t.Helper()
	bpfOnce.Do(func() {
		out, err := exec.Command(mytraceBin, "record", "--backend=bpf", "-o", os.DevNull, "--", "true").CombinedOutput()
		if err != nil {
			msg := strings.TrimSpace(string(out))
			if i := strings.Index(msg, "BPF unavailable"); i >= 0 {
				bpfReason = strings.TrimPrefix(msg[i:], "mytrace: ")
			} else {
				bpfReason = "unexpected failure: " + msg
			}
		}
	})
	if strings.HasPrefix(bpfReason, "unexpected") {
		t.Fatalf("record --backend=bpf: %s", bpfReason)
	}
	return bpfReason
}

// bpfPrint records the program with --backend=bpf and prints it with
// the variant's display flags.
func bpfPrint(t *testing.T, bin string, v variant, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	tr := filepath.Join(dir, "b.trace")
	d := filepath.Join(dir, "rec")
	os.Mkdir(d, 0o755)
	args := append([]string{"record", "--backend=bpf", "-o", tr}, extra...)
	args = append(append(args, v.trace...), append([]string{"--"}, append([]string{bin}, v.args...)...)...)
	if stderr, code := runIn(t, d, mytraceBin, args...); code < 0 || strings.Contains(stderr, "BPF unavailable") {
		t.Fatalf("record --backend=bpf: %s", stderr)
	}
	pr := filepath.Join(dir, "print.out")
	if stderr, code := runIn(t, dir, mytraceBin, append(append([]string{"print", "-o", pr}, v.display...), tr)...); code != 0 {
		t.Fatalf("print of the bpf recording exited %d: %s", code, stderr)
	}
	b, err := os.ReadFile(pr)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), d, "CWD")
}

// usesInject says whether a variant tampers with calls, which only the
// ptrace backend can do.
func usesInject(v variant) bool {
	for _, f := range v.trace {
		if strings.HasPrefix(f, "inject=") || strings.HasPrefix(f, "fault=") {
			return true
		}
	}
	return false
}

// parityStats gathers, over the corpus, how many lines of the ptrace
// recording's print the bpf recording's print has too.
type parityStats struct {
	mu             sync.Mutex
	lines, matched int
	variants       int
	countsEqual    int
	worst          []string
}

var bpfParity parityStats

// add compares the normalized prints of one variant and returns the
// fraction of matched lines.
func (p *parityStats) add(name string, ptrace, bpf string) float64 {
	a := strings.Split(strings.TrimSuffix(ptrace, "\n"), "\n")
	b := strings.Split(strings.TrimSuffix(bpf, "\n"), "\n")
	m := lcs(a, b)
	n := max(len(a), len(b))
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lines += n
	p.matched += m
	p.variants++
	if len(a) == len(b) {
		p.countsEqual++
	}
	frac := 1.0
	if n > 0 {
		frac = float64(m) / float64(n)
	}
	if frac < 1 {
		p.worst = append(p.worst, fmt.Sprintf("%.3f %s (%d of %d lines; %d and %d lines)", frac, name, m, n, len(a), len(b)))
	}
	return frac
}

// lcs is the length of the longest common subsequence of a and b.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// report fails t when the corpus-wide figure is below 99%, and logs it.
func (p *parityStats) report(t *testing.T) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.variants == 0 {
		return
	}
	frac := float64(p.matched) / float64(p.lines)
	sort.Strings(p.worst)
	t.Logf("bpf backend: print of a bpf recording matches print of a ptrace recording on %d of %d lines (%.2f%%) over %d variants; line counts equal in %d of them. Below 100%%:\n%s",
		p.matched, p.lines, 100*frac, p.variants, p.countsEqual, strings.Join(p.worst, "\n"))
	if os.Getenv("MYTRACE_BPF_PARITY") != "" {
		fmt.Fprintf(os.Stderr, "bpf parity: %d of %d lines (%.2f%%), %d variants, counts equal in %d\n%s\n", p.matched, p.lines, 100*frac, p.variants, p.countsEqual, strings.Join(p.worst, "\n"))
	}
	if frac < 0.99 {
		t.Errorf("bpf backend: %.2f%% of lines match the ptrace backend's over the corpus, want at least 99%%", 100*frac)
	}
}
