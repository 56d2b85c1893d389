// Command bench compares mytrace with strace on a set of workloads: it
// builds the workloads, the floor reference (the least a ptrace tracer can
// do) and mytrace, runs every workload untraced, under strace -f -o
// /dev/null, under mytrace record -f, live mytrace -f -o /dev/null, under
// mytrace record --backend=bpf -f, and
// under the floor, interleaved, and prints a table of median wall times,
// CPU seconds (user+system of the whole process tree, from wait4's
// rusage) and ratios against strace and against the untraced run.
//
// Run it from the repository root:
//
//	go run ./testdata/bench              # 10 repetitions of everything
//	go run ./testdata/bench -n 20 -w dd,threads -cpu
//	go run ./testdata/bench -x 'spin0=env MYTRACE_SPIN=0 {mytrace} record -f -o {trace}'
//	go run ./testdata/bench -size                # trace sizes only (issue 19's target)
//	go run ./testdata/bench -size -before /tmp/mytrace-old
//
// The machine is usually shared and noisy: compare ratios from one run,
// never absolute times across runs. See docs/performance.md.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand"
	"mytrace/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A workload is a command to trace.
type workload struct {
	name string
	argv []string // {bin} is replaced by the build directory
	// threaded: several threads or processes run at once (co-location
	// serialises them, so its target applies to the others).
	threaded bool
	// extra: left out of the geometric means (a workload of its own
	// target, like dd200k for the bpf backend).
	extra bool
	about string
}

var workloads = []workload{
	{name: "dd", argv: []string{"dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=20000"}, about: "dd if=/dev/zero of=/dev/null bs=1 count=20000"},
	{name: "dd200k", argv: []string{"dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=100000"}, about: "dd if=/dev/zero of=/dev/null bs=1 count=100000 (200,000 calls; not one of the six of the geometric mean)", extra: true},
	{name: "find", argv: []string{"find", "/usr/share", "-maxdepth", "3"}, about: "find /usr/share -maxdepth 3"},
	{name: "threads", argv: []string{"{bin}/threads", "4", "2000"}, threaded: true, about: "4 threads, each 2000 × open/read/close of /dev/null"},
	{name: "sh", argv: []string{"sh", "-c", "i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i+1)); done"}, threaded: true, about: "sh running /bin/true 100 times"},
	{name: "ls", argv: []string{"ls", "-la", "/usr/bin"}, about: "ls -la /usr/bin"},
	{name: "compute", argv: []string{"{bin}/compute", "2"}, threaded: true, about: "2 compute-bound threads, almost no syscalls (the guard)"},
}

// A mode is a way of running a workload: a prefix to its argv.
type mode struct {
	name   string
	prefix []string // {mytrace}, {floor} and {trace} are substituted
}

var baseModes = []mode{
	{"untraced", nil},
	{"strace", []string{"strace", "-f", "-o", "/dev/null"}},
	{"floor", []string{"{floor}"}},
	{"record", []string{"{mytrace}", "record", "-f", "-o", "{trace}", "--"}},
	{"live", []string{"{mytrace}", "-f", "-o", "/dev/null", "--"}},
	{"bpf", []string{"{mytrace}", "record", "--backend=bpf", "-f", "-o", "{trace}", "--"}},
}

var cpuModes = []mode{
	{"record-cpu", []string{"{mytrace}", "record", "-f", "--cpu", "-o", "{trace}", "--"}},
	{"live-cpu", []string{"{mytrace}", "-f", "--cpu", "-o", "/dev/null", "--"}},
}

type sample struct {
	wall, cpu time.Duration
	maxRSS    int64 // KiB
	// own is the traced program's own time: in a trace, from its first
	// syscall entry (the launched command's execve) to the last event
	// (its end); for the untraced run, its wall time. 0 for modes that
	// write no trace.
	own  time.Duration
	lost uint64 // events the trace says were lost
}

type extraFlag []mode

func (e *extraFlag) String() string { return "" }
func (e *extraFlag) Set(s string) error {
	name, cmd, ok := strings.Cut(s, "=")
	if !ok || name == "" || strings.TrimSpace(cmd) == "" {
		return errors.New("want NAME=COMMAND PREFIX")
	}
	*e = append(*e, mode{name, strings.Fields(cmd)})
	return nil
}

func main() {
	reps := flag.Int("n", 10, "repetitions of each run")
	only := flag.String("w", "", "comma-separated workloads to run (default all: "+names(workloads)+")")
	modeList := flag.String("m", "", "comma-separated modes to run (default untraced,strace,floor,record,live; with -cpu also record-cpu,live-cpu)")
	withCPU := flag.Bool("cpu", false, "also run mytrace with --cpu (tracer and tracees co-located on one CPU)")
	mytrace := flag.String("mytrace", "", "mytrace binary to measure (default: build ./cmd/mytrace)")
	out := flag.String("o", "", "also write the tables (Markdown) to `FILE`")
	noSize := flag.Bool("nosize", false, "skip the trace size measurement")
	sizeOnly := flag.Bool("size", false, "measure trace sizes only (find /usr/share -type f and ls -la /usr/bin against strace -f -ttt -T's text, gzip -9 and zstd -19), no timing")
	before := flag.String("before", "", "also record the size workloads with this mytrace `binary` (an older build, say)")
	seed := flag.Int64("seed", 1, "seed of the run order")
	var extra extraFlag
	flag.Var(&extra, "x", "an extra mode `NAME=PREFIX` ({mytrace}, {floor}, {trace} substituted), repeatable")
	flag.Parse()
	if *sizeOnly {
		*reps = 0
	}
	if err := run(*reps, *only, *modeList, *withCPU, *mytrace, *out, !*noSize, *before, *seed, extra); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func names(ws []workload) string {
	var s []string
	for _, w := range ws {
		s = append(s, w.name)
	}
	return strings.Join(s, ",")
}

type env struct {
	bin, mytrace, floor, trace string
}

func (e *env) expand(args []string) []string {
	r := strings.NewReplacer("{bin}", e.bin, "{mytrace}", e.mytrace, "{floor}", e.floor, "{trace}", e.trace)
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = r.Replace(a)
	}
	return out
}

func run(reps int, only, modeList string, withCPU bool, mytrace, out string, size bool, before string, seed int64, extra []mode) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "mytrace-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	e := &env{bin: tmp, floor: filepath.Join(tmp, "floor"), trace: filepath.Join(tmp, "run.trace")}
	if err := build(root, tmp, mytrace, e); err != nil {
		return err
	}
	if reps == 0 {
		// Sizes only.
		var b bytes.Buffer
		fmt.Fprintf(&b, "Machine: %s.\n", machine())
		if err := sizeReport(&b, e, before); err != nil {
			return err
		}
		os.Stdout.Write(b.Bytes())
		if out != "" {
			return os.WriteFile(out, b.Bytes(), 0o644)
		}
		return nil
	}

	ws := workloads
	if only != "" {
		ws = nil
		for _, n := range strings.Split(only, ",") {
			i := slices.IndexFunc(workloads, func(w workload) bool { return w.name == n })
			if i < 0 {
				return fmt.Errorf("no workload %q (have %s)", n, names(workloads))
			}
			ws = append(ws, workloads[i])
		}
	}
	modes := append([]mode(nil), baseModes...)
	if withCPU {
		modes = append(modes, cpuModes...)
	}
	if modeList != "" {
		all := append(append(append([]mode(nil), baseModes...), cpuModes...), extra...)
		modes = nil
		for _, n := range strings.Split(modeList, ",") {
			i := slices.IndexFunc(all, func(m mode) bool { return m.name == n })
			if i < 0 {
				return fmt.Errorf("no mode %q", n)
			}
			modes = append(modes, all[i])
		}
	} else {
		modes = append(modes, extra...)
	}

	fmt.Fprintf(os.Stderr, "machine: %s\n", machine())
	// Syscall counts, from the floor's own count of stops.
	calls := map[string]int{}
	for _, w := range ws {
		n, err := countCalls(e, w)
		if err != nil {
			return err
		}
		calls[w.name] = n
	}
	// One unmeasured run of each, to warm caches.
	for _, w := range ws {
		for _, m := range modes {
			if _, err := runOnce(e, m, w); err != nil {
				return err
			}
		}
	}
	res := map[string]map[string][]sample{}
	for _, w := range ws {
		res[w.name] = map[string][]sample{}
	}
	rng := rand.New(rand.NewSource(seed))
	start := time.Now()
	load0 := loadavg()
	for i := 0; i < reps; i++ {
		for _, w := range ws {
			order := rng.Perm(len(modes))
			for _, k := range order {
				m := modes[k]
				s, err := runOnce(e, m, w)
				if err != nil {
					return err
				}
				res[w.name][m.name] = append(res[w.name][m.name], s)
			}
		}
		fmt.Fprintf(os.Stderr, "repetition %d/%d done (%s)\n", i+1, reps, time.Since(start).Round(time.Second))
	}
	load1 := loadavg()

	var b bytes.Buffer
	fmt.Fprintf(&b, "Machine: %s. Load average before/after: %s / %s.\n", machine(), load0, load1)
	fmt.Fprintf(&b, "Median of %d interleaved repetitions (%s in all).\n\n", reps, time.Since(start).Round(time.Second))
	report(&b, ws, modes, res, calls)
	if size {
		if err := sizeReport(&b, e, before); err != nil {
			return err
		}
	}
	os.Stdout.Write(b.Bytes())
	if out != "" {
		return os.WriteFile(out, b.Bytes(), 0o644)
	}
	return nil
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.HasPrefix(b, []byte("module mytrace\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the mytrace repository")
		}
		dir = parent
	}
}

func build(root, tmp, mytrace string, e *env) error {
	src := filepath.Join(root, "testdata", "bench", "c")
	for _, p := range []struct{ name, flags string }{{"floor", ""}, {"threads", "-pthread"}, {"compute", "-pthread"}} {
		args := []string{"-O2", "-o", filepath.Join(tmp, p.name), filepath.Join(src, p.name+".c")}
		if p.flags != "" {
			args = append(args, p.flags)
		}
		if out, err := exec.Command("cc", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("cc %s: %w\n%s", p.name, err, out)
		}
	}
	if mytrace != "" {
		abs, err := filepath.Abs(mytrace)
		if err != nil {
			return err
		}
		e.mytrace = abs
		return nil
	}
	e.mytrace = filepath.Join(tmp, "mytrace")
	// Built as the README installs it: without cgo, a static binary
	// (docs/performance.md, "Start-up").
	cmd := exec.Command("go", "build", "-o", e.mytrace, "./cmd/mytrace")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	return nil
}

var floorRe = regexp.MustCompile(`floor: (\d+) syscall stops`)

// countCalls runs w under the floor, which counts syscall stops (two per
// call that returns).
func countCalls(e *env, w workload) (int, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(e.floor, e.expand(w.argv)...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s under floor: %w: %s", w.name, err, stderr.Bytes())
	}
	m := floorRe.FindSubmatch(stderr.Bytes())
	if m == nil {
		return 0, fmt.Errorf("floor said %q", stderr.Bytes())
	}
	n, _ := strconv.Atoi(string(m[1]))
	return (n + 1) / 2, nil
}

func runOnce(e *env, m mode, w workload) (sample, error) {
	argv := e.expand(append(append([]string(nil), m.prefix...), w.argv...))
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	// stdin and stdout are /dev/null (exec's default for nil).
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if err != nil {
		return sample{}, fmt.Errorf("%s %s: %w: %s", m.name, w.name, err, tail(stderr.Bytes()))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	smp := sample{wall: wall, cpu: cpu, maxRSS: ru.Maxrss}
	switch {
	case len(m.prefix) == 0:
		smp.own = wall
	case slices.Contains(m.prefix, "{trace}"):
		if smp.own, smp.lost, err = ownTime(e.trace); err != nil {
			return sample{}, fmt.Errorf("%s %s: %w", m.name, w.name, err)
		}
	}
	return smp, nil
}

// ownTime reads a trace: the time from the first syscall entry (the
// launched command's execve) to the last event (the end of the
// command), and how many events were lost.
func ownTime(path string) (time.Duration, uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	rd, err := format.NewReader(bufio.NewReader(f))
	if err != nil {
		return 0, 0, err
	}
	var first, last int64
	var lost uint64
	seen := false
	for {
		ev, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, 0, err
		}
		if ev.Kind == format.KindSyscallEntry && !seen {
			first, seen = ev.Time, true
		}
		if ev.Kind == format.KindLost {
			lost += ev.Msg
		}
		last = max(last, ev.Time)
	}
	if !seen {
		return 0, lost, errors.New("no syscall in the trace")
	}
	return time.Duration(last - first), lost, nil
}

func tail(b []byte) []byte {
	if len(b) > 2000 {
		return b[len(b)-2000:]
	}
	return b
}

func median(xs []time.Duration) time.Duration {
	s := append([]time.Duration(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func pick(ss []sample, f func(sample) time.Duration) []time.Duration {
	var r []time.Duration
	for _, s := range ss {
		r = append(r, f(s))
	}
	return r
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func report(b *bytes.Buffer, ws []workload, modes []mode, res map[string]map[string][]sample, calls map[string]int) {
	has := func(name string) bool {
		return slices.ContainsFunc(modes, func(m mode) bool { return m.name == name })
	}
	wall := func(w, m string) time.Duration {
		return median(pick(res[w][m], func(s sample) time.Duration { return s.wall }))
	}
	cpu := func(w, m string) time.Duration {
		return median(pick(res[w][m], func(s sample) time.Duration { return s.cpu }))
	}

	header := func(first string, cols []string) {
		fmt.Fprintf(b, "| %s |", first)
		for _, c := range cols {
			fmt.Fprintf(b, " %s |", c)
		}
		b.WriteString("\n|---|")
		for range cols {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
	}
	var mnames []string
	for _, m := range modes {
		mnames = append(mnames, m.name)
	}

	fmt.Fprintf(b, "Wall time, seconds (median):\n\n")
	header("workload", append([]string{"syscalls"}, mnames...))
	for _, w := range ws {
		fmt.Fprintf(b, "| %s | %d |", w.name, calls[w.name])
		for _, m := range mnames {
			fmt.Fprintf(b, " %s |", secs(wall(w.name, m)))
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(b, "\nCPU time, seconds (user+sys of the process tree, median):\n\n")
	header("workload", mnames)
	for _, w := range ws {
		fmt.Fprintf(b, "| %s |", w.name)
		for _, m := range mnames {
			fmt.Fprintf(b, " %s |", secs(cpu(w.name, m)))
		}
		b.WriteString("\n")
	}

	ratioTable := func(title, base string, val func(w, m string) time.Duration) {
		if !has(base) {
			return
		}
		var cols []string
		for _, m := range mnames {
			if m != base && m != "untraced" {
				cols = append(cols, m)
			}
		}
		fmt.Fprintf(b, "\n%s:\n\n", title)
		header("workload", cols)
		logs := make([]float64, len(cols))
		logsST := make([]float64, len(cols))
		nST := 0
		nMean := 0
		for _, w := range ws {
			fmt.Fprintf(b, "| %s |", w.name)
			for i, m := range cols {
				r := float64(val(w.name, m)) / float64(val(w.name, base))
				if !w.extra {
					logs[i] += math.Log(r)
					if !w.threaded {
						logsST[i] += math.Log(r)
					}
				}
				fmt.Fprintf(b, " %.2f |", r)
			}
			if !w.extra {
				nMean++
				if !w.threaded {
					nST++
				}
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "| geometric mean |")
		for i := range cols {
			fmt.Fprintf(b, " **%.2f** |", math.Exp(logs[i]/float64(max(nMean, 1))))
		}
		b.WriteString("\n")
		if nST > 0 && nST < nMean {
			fmt.Fprintf(b, "| geo. mean, single-threaded |")
			for i := range cols {
				fmt.Fprintf(b, " %.2f |", math.Exp(logsST[i]/float64(nST)))
			}
			b.WriteString("\n")
		}
	}
	best := func(w, m string) time.Duration {
		return slices.Min(pick(res[w][m], func(s sample) time.Duration { return s.wall }))
	}
	ratioTable("Wall time ratio to strace -f -o /dev/null", "strace", wall)
	ratioTable("Wall time ratio to strace, best run of each (other programs on the machine only ever add time)", "strace", best)
	ratioTable("CPU time ratio to strace", "strace", cpu)
	ratioTable("Wall time ratio to the untraced run", "untraced", wall)

	// The traced program's own time, for the modes that write a trace.
	var ownModes []mode
	for _, m := range modes {
		if m.name == "untraced" || slices.Contains(m.prefix, "{trace}") {
			ownModes = append(ownModes, m)
		}
	}
	if has("untraced") && len(ownModes) > 1 {
		own := func(w, m string) time.Duration {
			return median(pick(res[w][m], func(s sample) time.Duration { return s.own }))
		}
		fmt.Fprintf(b, "\nThe traced program's own time, seconds (median; in the trace, from the launched command's execve to its end; untraced, the wall time, which also counts the fork and the wait, under a millisecond):\n\n")
		var onames []string
		for _, m := range ownModes {
			onames = append(onames, m.name)
		}
		header("workload", onames)
		for _, w := range ws {
			fmt.Fprintf(b, "| %s |", w.name)
			for _, m := range onames {
				fmt.Fprintf(b, " %s |", secs(own(w.name, m)))
			}
			b.WriteString("\n")
		}
		savedModes, savedNames := modes, mnames
		modes, mnames = ownModes, onames
		ratioTable("The traced program's own time, ratio to the untraced run", "untraced", own)
		modes, mnames = savedModes, savedNames
	}
	var lost []string
	for _, m := range mnames {
		var n, runs, with uint64
		for _, w := range ws {
			for _, s := range res[w.name][m] {
				n += s.lost
				runs++
				if s.lost > 0 {
					with++
				}
			}
		}
		if slices.ContainsFunc(modes, func(x mode) bool { return x.name == m && slices.Contains(x.prefix, "{trace}") }) {
			lost = append(lost, fmt.Sprintf("%s %d (in %d of %d runs)", m, n, with, runs))
		}
	}
	if len(lost) > 0 {
		fmt.Fprintf(b, "\nEvents lost, over every run: %s.\n", strings.Join(lost, ", "))
	}

	// Peak memory of mytrace runs.
	var rss []string
	for _, m := range mnames {
		if m == "untraced" || m == "strace" || m == "floor" {
			continue
		}
		var peak int64
		for _, w := range ws {
			for _, s := range res[w.name][m] {
				peak = max(peak, s.maxRSS)
			}
		}
		rss = append(rss, fmt.Sprintf("%s %.1f MiB", m, float64(peak)/1024))
	}
	if len(rss) > 0 {
		fmt.Fprintf(b, "\nPeak RSS over every workload (the largest process of the tree, from rusage): %s.\n", strings.Join(rss, ", "))
	}
	fmt.Fprintf(b, "\nWorkloads:")
	for _, w := range ws {
		fmt.Fprintf(b, " %s: %s;", w.name, w.about)
	}
	b.Truncate(b.Len() - 1)
	b.WriteString(".\n")
}

func machine() string {
	model := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	var uts syscall.Utsname
	syscall.Uname(&uts)
	rel := make([]byte, 0, 65)
	for _, c := range uts.Release {
		if c == 0 {
			break
		}
		rel = append(rel, byte(c))
	}
	return fmt.Sprintf("%d CPUs (%s), Linux %s, %s", runtime.NumCPU(), model, rel, runtime.Version())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
