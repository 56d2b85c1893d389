package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"mytrace/internal/stracetext"
)

// TestRealPrograms traces programs installed on this machine (ls, sh,
// python3, gcc...) under strace and under mytrace (live, and record +
// print) with the same flags and compares the normalized traces line by
// line. Unlike the test programs of testdata/c, these make whatever calls
// their libraries make, so they find what the hand-written programs miss.
//
// A program must give the same lines under both tracers, except for lines
// that an entry of its known list accounts for; each entry says why the
// line may differ (the program's own run-to-run variation, or a difference
// of mytrace's that is understood). A program whose whole trace varies
// from run to run (it lists the machine's processes) is only measured.

// realProg is a program the test runs.
type realProg struct {
	name   string
	argv   []string // argv[0] is looked up in /usr/bin, /bin, /usr/sbin, /sbin, then PATH
	follow bool     // trace children (-f)
	// setup prepares the working directory (a fresh one per run).
	setup func(dir string) error
	// nondet, if set, says why the program's trace differs from run to
	// run: its differences are counted but do not fail the test.
	nondet string
	// norm replaces values that differ between two runs of the program.
	norm func(string) string
	// known are the lines that may differ, with why.
	known []explained
}

// explained is a kind of line that may differ, and why.
type explained struct {
	re  *regexp.Regexp
	why string
}

// realVariants are the flags each program is traced with (besides -f).
var realVariants = [][]string{nil, {"-v", "-y"}}

// shTiming: dash catches SIGCHLD, and its children share a pipe; what
// happens where depends on when each child runs and exits.
var shTiming = []explained{
	{regexp.MustCompile(`^--- SIGCHLD `), "run to run: SIGCHLD arrives when a child exits, which races with the parent"},
	{regexp.MustCompile(`^rt_sigreturn\(`), "run to run: rt_sigreturn returns what the call SIGCHLD interrupted returned"},
	{regexp.MustCompile(`\) = \? ERESTART`), "run to run: a call SIGCHLD interrupted, to be restarted"},
	{regexp.MustCompile(`^read\(0[,<]`), "run to run: how much a read from the pipe returns depends on how far the writer got"},
}

var (
	// Temporary files: mkstemp's random suffixes.
	reRealTmpName = regexp.MustCompile(`(/tmp/cc)[A-Za-z0-9]{6}(\.[a-z]+)`)
	// dd's report, whose speed (and so length) varies.
	reRealDdReport = regexp.MustCompile(`^(write\(2(?:<[^>]*>)?, )"\d+ bytes [^"]*"(?:\.\.\.)?, \d+(\) += )\d+$`)
	// Short addresses the built-in rules leave alone: the heap of a
	// program that is not position-independent (python3, gcc) starts at a
	// random offset after its data, below 0x1000000 in some runs and above
	// in others. They show in brk, in getdents64's buffer and in execve's
	// environment pointer.
	reRealShortAddr = regexp.MustCompile(`\b0x[0-9a-f]{5,6}\b`)
	reRealGetdents  = regexp.MustCompile(`^(getdents64\(\d+(?:<[^>]*>)?, )0x[0-9a-f]+`)
	reRealEnvp      = regexp.MustCompile(`\b0x[0-9a-f]{5,6}( /\* \d+ vars \*/)`)
	// The link count of /tmp, where other programs make directories.
	reRealTmpLinks = regexp.MustCompile(`^(.*"/tmp", \{.*\bst_nlink=)\d+`)
	// A date as date(1) prints it.
	reRealDate = regexp.MustCompile(`"[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d [A-Z]+ \d{4}\\n"`)
	// /proc/self as -y shows it: /proc/PID.
	reRealProcPid = regexp.MustCompile(`/proc/\d+([/>])`)
)

// realWriteFiles creates files (and their directories) under dir.
func realWriteFiles(dir string, files map[string]string) error {
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

var realProgs = []realProg{
	{name: "ls", argv: []string{"ls", "-la", "/usr"}},
	{name: "find", argv: []string{"find", "/usr/share/doc", "-maxdepth", "2"}},
	{name: "cat", argv: []string{"cat", "/etc/os-release"}},
	{name: "sh-pipe", argv: []string{"sh", "-c", "ls / | wc -l"}, follow: true, known: shTiming},
	{name: "sh-loop", argv: []string{"sh", "-c", "for i in 1 2 3; do echo $i; done | sort -r"}, follow: true, known: shTiming},
	{name: "python3", argv: []string{"python3", "-c", "print(sum(range(10)))"}},
	{name: "gcc", argv: []string{"gcc", "-c", "tiny.c"}, follow: true,
		setup: func(dir string) error {
			return realWriteFiles(dir, map[string]string{"tiny.c": "int twice(int x) { return 2 * x; }\n"})
		},
		norm: func(l string) string {
			l = reRealTmpName.ReplaceAllString(l, "${1}XXXXXX$2")
			return reRealTmpLinks.ReplaceAllString(l, "${1}N")
		},
		known: []explained{{regexp.MustCompile(`^getrandom\("RANDOM", 8, GRND_NONBLOCK\) = 8$`),
			"run to run: glibc's mkstemp asks getrandom for its random name only in some runs (strace's own runs of gcc make 3 or 4 such calls)"}},
	},
	{name: "git", argv: []string{"git", "--version"}},
	{name: "tar", argv: []string{"tar", "cf", "x.tar", "a.txt", "b.txt", "c.txt"},
		setup: func(dir string) error {
			return realWriteFiles(dir, map[string]string{"a.txt": "alpha\n", "b.txt": "bravo\n", "c.txt": "charlie\n"})
		},
	},
	{name: "ps", argv: []string{"ps", "aux"},
		nondet: "reads /proc of every process on the machine, which change between runs"},
	{name: "date", argv: []string{"date"},
		norm: func(l string) string { return reRealDate.ReplaceAllString(l, `"DATE\n"`) },
	},
	{name: "id", argv: []string{"id"}},
	{name: "stat", argv: []string{"stat", "/etc/hostname"}},
	{name: "cp", argv: []string{"cp", "-r", "src", "dst"},
		setup: func(dir string) error {
			return realWriteFiles(dir, map[string]string{"src/a": "a\n", "src/b/c": "c\n", "src/b/d/e": "e\n"})
		},
	},
	{name: "dd", argv: []string{"dd", "if=/dev/zero", "of=/dev/null", "bs=512", "count=10"},
		norm: func(l string) string { return reRealDdReport.ReplaceAllString(l, `${1}"REPORT", N${2}N`) },
	},
	// Beyond the list: netlink (ip), and statfs of every mount (df).
	{name: "ip", argv: []string{"ip", "addr"},
		// ip numbers its requests from the time of day in seconds.
		norm: func(l string) string { return reRealNlSeq.ReplaceAllString(l, "nlmsg_seq=SEQ") },
		known: []explained{{regexp.MustCompile(`^recvmsg\(3<socket:\[N\]>, \{msg_name=\{sa_family=AF_NETLINK, .*nla_type=IFLA_AF_SPEC`),
			"not decoded yet: with -v, the nested link attributes (IFLA_AF_SPEC, IFLA_XDP, IFLA_LINKINFO, IFLA_MAP) of RTM_NEWLINK replies; mytrace shows their bytes"}},
	},
	{name: "df", argv: []string{"df"}},
}

// realLookPath finds a program, preferring the system's copy to wrappers
// earlier in PATH (pyenv's python3 is a shell script).
func realLookPath(name string) (string, bool) {
	for _, d := range []string{"/usr/bin", "/bin", "/usr/sbin", "/sbin"} {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, true
		}
	}
	p, err := exec.LookPath(name)
	return p, err == nil
}

// realRun traces argv in three fresh directories (strace, live mytrace,
// mytrace record + print) and returns the three traces, with the
// directory's name replaced by CWD. The directories' names have the same
// length, which getcwd returns.
func realRun(t *testing.T, p realProg, argv, display []string) (st, live, printed string) {
	t.Helper()
	strace := needTool(t, "strace")
	base := t.TempDir()
	var flags []string
	if p.follow {
		flags = append(flags, "-f")
	}
	trace := append(append([]string{}, flags...), captureFlags(display)...)
	flags = append(flags, display...)
	run := func(sub string, out string, cmd ...string) string {
		d := filepath.Join(base, sub)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if p.setup != nil {
			if err := p.setup(d); err != nil {
				t.Fatal(err)
			}
		}
		stderr, _ := runIn(t, d, cmd[0], cmd[1:]...)
		if out == "" {
			return ""
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("%s: no output (%v); stderr:\n%s", sub, err, stderr)
		}
		return strings.ReplaceAll(string(b), d, "CWD")
	}
	stOut := filepath.Join(base, "strace.out")
	st = run("st", stOut, append(append([]string{strace, "-o", stOut}, flags...), argv...)...)
	liveOut := filepath.Join(base, "live.out")
	live = run("lv", liveOut, append(append([]string{mytraceBin, "-o", liveOut}, flags...), argv...)...)
	tr := filepath.Join(base, "t.trace")
	run("rc", "", append(append(append([]string{mytraceBin, "record", "-o", tr}, trace...), "--"), argv...)...)
	pr := filepath.Join(base, "print.out")
	if stderr, code := runIn(t, base, mytraceBin, append(append([]string{"print", "-o", pr}, display...), tr)...); code != 0 {
		t.Fatalf("print exited %d: %s", code, stderr)
	}
	b, err := os.ReadFile(pr)
	if err != nil {
		t.Fatal(err)
	}
	printed = strings.ReplaceAll(string(b), filepath.Join(base, "rc"), "CWD")
	return st, live, printed
}

// realCompared is the comparison of one mytrace trace with strace's.
type realCompared struct {
	total, same int
	// missing are strace's lines mytrace does not have; extra are
	// mytrace's lines strace does not have.
	missing, extra []string
}

// realNormalize normalizes a trace as the parity tests do, then with the
// program's own rules, and the short heap addresses. Addresses change from
// run to run, and with them their width (heap addresses are 11 or 12
// digits): the column of " = " on a line that shows one is not compared.
func realNormalize(out string, p realProg) map[string][]string {
	seqs := norm.Processes(out)
	for pid, s := range seqs {
		for i := range s {
			if p.norm != nil {
				s[i] = p.norm(s[i])
			}
			if strings.HasPrefix(s[i], "brk(") {
				s[i] = reRealShortAddr.ReplaceAllString(s[i], "0xADDR")
			}
			s[i] = reRealGetdents.ReplaceAllString(s[i], "${1}0xADDR")
			s[i] = reRealEnvp.ReplaceAllString(s[i], "0xADDR$1")
			s[i] = reRealProcPid.ReplaceAllString(s[i], "/proc/PID$1")
			if strings.Contains(s[i], "0xADDR") {
				s[i] = stracetext.Align.ReplaceAllString(s[i], ") = ")
			}
		}
		seqs[pid] = s
	}
	return seqs
}

// realMultiset counts lines.
func realMultiset(lines []string) map[string]int {
	m := make(map[string]int, len(lines))
	for _, l := range lines {
		m[l]++
	}
	return m
}

// realCommon counts the lines two multisets share.
func realCommon(a, b map[string]int) int {
	n := 0
	for l, c := range a {
		n += min(c, b[l])
	}
	return n
}

// realCompare pairs the processes of the two traces (each strace process
// with the mytrace process that shares most lines with it: pids differ
// between runs) and counts the lines they share.
func realCompare(want, got map[string][]string) realCompared {
	type block struct {
		lines []string
		set   map[string]int
	}
	mk := func(m map[string][]string) []*block {
		var bs []*block
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			bs = append(bs, &block{m[k], realMultiset(m[k])})
		}
		return bs
	}
	ws, gs := mk(want), mk(got)
	type pair struct{ w, g, n int }
	var pairs []pair
	for i, w := range ws {
		for j, g := range gs {
			pairs = append(pairs, pair{i, j, realCommon(w.set, g.set)})
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].n > pairs[b].n })
	wUsed, gUsed := make([]bool, len(ws)), make([]bool, len(gs))
	var r realCompared
	diff := func(a, b map[string]int, lines []string) []string {
		left := make(map[string]int, len(a))
		for l, c := range a {
			left[l] = c - min(c, b[l])
		}
		var out []string
		for _, l := range lines {
			if left[l] > 0 {
				left[l]--
				out = append(out, l)
			}
		}
		return out
	}
	for _, p := range pairs {
		if wUsed[p.w] || gUsed[p.g] {
			continue
		}
		wUsed[p.w], gUsed[p.g] = true, true
		w, g := ws[p.w], gs[p.g]
		r.same += p.n
		r.missing = append(r.missing, diff(w.set, g.set, w.lines)...)
		r.extra = append(r.extra, diff(g.set, w.set, g.lines)...)
	}
	for i, w := range ws {
		r.total += len(w.lines)
		if !wUsed[i] {
			r.missing = append(r.missing, w.lines...)
		}
	}
	for j, g := range gs {
		if !gUsed[j] {
			r.extra = append(r.extra, g.lines...)
		}
	}
	return r
}

// reRealNlSeq is a netlink request's sequence number.
var reRealNlSeq = regexp.MustCompile(`nlmsg_seq=\d+`)

// realUnexplained returns the lines no entry of the program's known list
// accounts for.
func realUnexplained(lines []string, p realProg) []string {
	var out []string
next:
	for _, l := range lines {
		for _, e := range p.known {
			if e.re.MatchString(l) {
				continue next
			}
		}
		out = append(out, l)
	}
	return out
}

func TestRealPrograms(t *testing.T) {
	needTool(t, "strace")
	type row struct {
		name               string
		total, live, print int
		note               string
	}
	var (
		mu   sync.Mutex
		rows []row
	)
	start := time.Now()
	t.Cleanup(func() {
		sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
		var b strings.Builder
		fmt.Fprintf(&b, "%-14s %7s %7s %7s %7s %7s\n", "program", "lines", "live", "live%", "print", "print%")
		total, same := 0, 0
		for _, r := range rows {
			fmt.Fprintf(&b, "%-14s %7d %7d %6.1f%% %7d %6.1f%%  %s\n", r.name, r.total, r.live, realPct(r.live, r.total), r.print, realPct(r.print, r.total), r.note)
			total += 2 * r.total
			same += r.live + r.print
		}
		fmt.Fprintf(&b, "overall: %d of %d lines identical (%.2f%%), in %v", same, total, realPct(same, total), time.Since(start).Round(time.Second))
		t.Logf("real programs: strace's lines, and how many of them mytrace's trace has:\n%s", b.String())
	})
	sem := make(chan struct{}, max(2, runtime.NumCPU()))
	for _, p := range realProgs {
		for _, display := range realVariants {
			name := strings.Join(append([]string{p.name}, display...), " ")
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				path, ok := realLookPath(p.argv[0])
				if !ok {
					t.Skipf("%s is not installed", p.argv[0])
				}
				sem <- struct{}{}
				defer func() { <-sem }()
				argv := append([]string{path}, p.argv[1:]...)
				st, live, printed := realRun(t, p, argv, display)
				want := realNormalize(st, p)
				lc := realCompare(want, realNormalize(live, p))
				pc := realCompare(want, realNormalize(printed, p))
				r := row{name: name, total: lc.total, live: lc.same, print: pc.same}
				if p.nondet != "" {
					r.note = "(varies from run to run)"
				}
				mu.Lock()
				rows = append(rows, r)
				mu.Unlock()
				for _, c := range []struct {
					what string
					r    realCompared
				}{{"live mytrace", lc}, {"record+print", pc}} {
					miss, extra := realUnexplained(c.r.missing, p), realUnexplained(c.r.extra, p)
					if len(miss)+len(extra) == 0 {
						continue
					}
					report := t.Errorf
					if p.nondet != "" {
						report = t.Logf
					}
					report("%s: %d of strace's lines differ, %d not explained (- strace only, + mytrace only):\n%s",
						c.what, len(c.r.missing), len(miss), realDiffList(miss, extra))
				}
			})
		}
	}
}

// realPct is a as a percentage of b.
func realPct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

// realDiffList shows the first unexplained lines of each side.
func realDiffList(miss, extra []string) string {
	const show = 25
	var b strings.Builder
	for i, l := range miss {
		if i == show {
			fmt.Fprintf(&b, "- ... (%d more)\n", len(miss)-show)
			break
		}
		b.WriteString("- " + l + "\n")
	}
	for i, l := range extra {
		if i == show {
			fmt.Fprintf(&b, "+ ... (%d more)\n", len(extra)-show)
			break
		}
		b.WriteString("+ " + l + "\n")
	}
	return b.String()
}
