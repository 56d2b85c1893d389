package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mytrace/internal/stracetext"

	"github.com/cilium/ebpf"
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
	args = append(append(append(args, v.trace...), captureFlags(v.display)...), append([]string{"--"}, append([]string{bin}, v.args...)...)...)
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

// ptraceOnly says whether a variant tampers with calls, which only the
// ptrace backend can do, or shows what only the ptrace backend notes:
// the pids' command names and namespaces (-Y, --decode-pids) and KVM exit
// reasons (-e kvm=vcpu; docs/differences.md).
func ptraceOnly(v variant) bool {
	for _, f := range append(append([]string{}, v.trace...), v.display...) {
		switch {
		case strings.HasPrefix(f, "inject="), strings.HasPrefix(f, "fault="),
			f == "-Y", strings.HasPrefix(f, "--decode-pids"), f == "kvm=vcpu":
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

// infoField returns a field of "mytrace info FILE".
func infoField(t *testing.T, trace, field string) string {
	t.Helper()
	out, err := exec.Command(mytraceBin, "info", trace).CombinedOutput()
	if err != nil {
		t.Fatalf("info %s: %v\n%s", trace, err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("info %s has no %q:\n%s", trace, field, out)
	return ""
}

// TestBPFDdCounts: dd with 200,000 calls, recorded with the default ring
// buffer: every read and write is in the trace, nothing lost.
func TestBPFDdCounts(t *testing.T) {
	needBPF(t)
	dir := t.TempDir()
	tr := filepath.Join(dir, "dd.trace")
	const n = 100000
	cmd := exec.Command(mytraceBin, "record", "--backend=bpf", "-o", tr, "--", "dd", "if=/dev/zero", "of=/dev/null", "bs=1", fmt.Sprintf("count=%d", n))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("record: %v\n%s", err, out)
	}
	if lost := infoField(t, tr, "events lost"); lost != "0" {
		t.Errorf("%s events lost, want 0", lost)
	}
	out, err := exec.Command(mytraceBin, "print", "-e", "trace=read,write", tr).Output()
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	reads, writes := 0, 0
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		switch line {
		case `read(0, "\0", 1) = 1`:
			reads++
		case `write(1, "\0", 1) = 1`:
			writes++
		}
	}
	if reads != n || writes != n {
		t.Errorf("%d one-byte reads and %d writes, want %d of each", reads, writes, n)
	}
	if bps := infoField(t, tr, "backend"); bps != "bpf" {
		t.Errorf("backend %q", bps)
	}
}

// TestBPFLoss: a tiny ring buffer and a slow reader lose records; the
// loss is counted (info, stats), marked where it happened, and print
// still prints the rest, warning once.
func TestBPFLoss(t *testing.T) {
	needBPF(t)
	dir := t.TempDir()
	tr := filepath.Join(dir, "loss.trace")
	cmd := exec.Command(mytraceBin, "record", "--backend=bpf", "--bpf-buffer", "64K", "-o", tr, "--", "dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=50000")
	cmd.Env = append(os.Environ(), "MYTRACE_BPF_READ_DELAY=2ms")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("record: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "events were lost") {
		t.Errorf("record did not warn about the loss:\n%s", out)
	}
	lost := infoField(t, tr, "events lost")
	if lost == "0" {
		t.Fatal("no event lost with a 64K ring and a slow reader")
	}
	pr := exec.Command(mytraceBin, "print", tr)
	var stderr strings.Builder
	pr.Stderr = &stderr
	text, err := pr.Output()
	if err != nil {
		t.Fatalf("print: %v\n%s", err, stderr.String())
	}
	marks := 0
	var total uint64
	for _, line := range strings.Split(string(text), "\n") {
		var k uint64
		if _, err := fmt.Sscanf(line, "--- %d events lost ---", &k); err == nil {
			marks++
			total += k
		}
	}
	if marks == 0 || fmt.Sprint(total) != lost {
		t.Errorf("%d gaps marked, %d events in all; info says %s lost", marks, total, lost)
	}
	if w := strings.Count(stderr.String(), "events were lost"); w != 1 {
		t.Errorf("print warned %d times, want once:\n%s", w, stderr.String())
	}
	if !strings.Contains(string(text), "+++ exited with 0 +++") {
		t.Error("the end of the run is not in the print")
	}
	js, err := exec.Command(mytraceBin, "print", "--json", tr).Output()
	if err != nil || !strings.Contains(string(js), `{"type":"lost",`) {
		t.Errorf("print --json does not mark the loss (%v)", err)
	}
	st, err := exec.Command(mytraceBin, "stats", tr).Output()
	if err != nil || !strings.Contains(string(st), "events lost while recording: "+lost) {
		t.Errorf("stats does not count the loss (%v):\n%s", err, st)
	}
}

// TestBPFFollow: -f follows forks, execs and threads as the ptrace
// backend does: the same processes and the same exit statuses.
func TestBPFFollow(t *testing.T) {
	needBPF(t)
	threads := buildProg(t, "proc_thread")
	for _, argv := range [][]string{
		{"sh", "-c", "(true; exit 3); /bin/echo hi | cat > /dev/null; sleep 0.01 & wait"},
		{threads},
	} {
		dir := t.TempDir()
		var outs [2]string
		for i, backend := range []string{"ptrace", "bpf"} {
			tr := filepath.Join(dir, backend+".trace")
			args := append([]string{"record", "--backend=" + backend, "-f", "-o", tr, "--"}, argv...)
			if out, err := exec.Command(mytraceBin, args...).CombinedOutput(); err != nil {
				if _, ok := err.(*exec.ExitError); !ok {
					t.Fatalf("record %s: %v\n%s", backend, err, out)
				}
			}
			if got := infoField(t, tr, "events lost"); got != "0" {
				t.Errorf("%s: %s events lost", backend, got)
			}
			// Signals left out: when a SIGCHLD comes against a wait4 is a
			// race, with either backend.
			out, err := exec.Command(mytraceBin, "print", "-f", "-e", "trace=execve,exit_group,clone,clone3,fork,vfork,wait4", "-e", "signal=none", tr).Output()
			if err != nil {
				t.Fatalf("print: %v", err)
			}
			outs[i] = norm.Text(string(out))
		}
		if outs[0] != outs[1] {
			t.Errorf("%v: bpf and ptrace recordings differ (- ptrace, + bpf):\n%s", argv, stracetext.Diff(outs[0], outs[1]))
		}
	}
}

// TestBPFAttach: -p records a running process with no stop at all, and
// letting go of it (SIGINT) leaves it as it was: it runs on and ends as
// it would have.
func TestBPFAttach(t *testing.T) {
	needBPF(t)
	s := startSleeper(t, 2)
	dir := t.TempDir()
	tr := filepath.Join(dir, "p.trace")
	cmd := exec.Command(mytraceBin, "record", "--backend=bpf", "-p", strconv.Itoa(s.pid), "-o", tr)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitUntil(t, "mytrace to attach", func() bool { return strings.Contains(stderr.String(), "attached") })
	if !strings.Contains(stderr.String(), "with 3 threads") {
		t.Errorf("attach message: %q", stderr.String())
	}
	time.Sleep(300 * time.Millisecond)
	if st := procState(s.pid); st != "S" && st != "R" {
		t.Errorf("the process is %q while recorded, want running or sleeping", st)
	}
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(t, cmd); code != 128+int(syscall.SIGINT) {
		t.Errorf("mytrace exited %d, want %d", code, 128+int(syscall.SIGINT))
	}
	out, code := s.finish(t)
	if code != 3 || !strings.Contains(out, "usr1=0") {
		t.Errorf("the process ended with %d, output %q; want 3 and usr1=0", code, out)
	}
	text, err := exec.Command(mytraceBin, "print", tr).Output()
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	if n := strings.Count(string(text), "clock_nanosleep("); n < 10 {
		t.Errorf("%d sleeps recorded in 300 ms of three threads, want more:\n%s", n, text)
	}
	if !strings.Contains(string(text), "detached") {
		t.Errorf("the recording does not say the tasks were let go:\n%s", text)
	}
}

// TestBPFKilled: a recorder killed with SIGKILL leaves no BPF program
// behind (its links die with its file descriptors), as the BPF syscall's
// list of programs shows.
func TestBPFKilled(t *testing.T) {
	needBPF(t)
	before := bpfPrograms(t)
	dir := t.TempDir()
	tr := filepath.Join(dir, "k.trace")
	cmd := exec.Command(mytraceBin, "record", "--backend=bpf", "-o", tr, "--", "sleep", "10")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// Its programs: those that were not there before (another test's
	// recorder may be going away meanwhile).
	var ours map[ebpf.ProgramID]bool
	waitUntil(t, "the programs to be loaded", func() bool {
		ours = map[ebpf.ProgramID]bool{}
		for id := range bpfPrograms(t) {
			if !before[id] {
				ours[id] = true
			}
		}
		return len(ours) >= 7
	})
	sleeper := 0
	waitUntil(t, "the command to run", func() bool {
		sleeper = childNamed(cmd.Process.Pid, "sleep")
		return sleeper > 0
	})
	cmd.Process.Kill()
	cmd.Wait()
	waitUntil(t, "the programs to go", func() bool {
		now := bpfPrograms(t)
		for id := range ours {
			if now[id] {
				return false
			}
		}
		return true
	})
	if st := procState(sleeper); st != "S" && st != "R" {
		t.Errorf("the command is %q after the recorder was killed, want running on", st)
	}
	syscall.Kill(sleeper, syscall.SIGKILL)
}

// childNamed returns the pid of a child of parent running name, or 0.
func childNamed(parent int, name string) int {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(parent) && strings.Contains(s[:i], "("+name) {
			return pid
		}
	}
	return 0
}

// bpfPrograms lists the loaded BPF programs named like the recorder's,
// through the BPF syscall (BPF_PROG_GET_NEXT_ID and their info).
func bpfPrograms(t *testing.T) map[ebpf.ProgramID]bool {
	t.Helper()
	ids := map[ebpf.ProgramID]bool{}
	id := ebpf.ProgramID(0)
	for {
		next, err := ebpf.ProgramGetNextID(id)
		if err != nil {
			return ids
		}
		id = next
		p, err := ebpf.NewProgramFromID(id)
		if err != nil {
			continue
		}
		info, err := p.Info()
		p.Close()
		if err != nil {
			continue
		}
		switch {
		case info.Name == "on_enter", info.Name == "on_exit", info.Name == "on_fork", info.Name == "on_exec",
			info.Name == "on_task_exit", info.Name == "on_signal", strings.HasPrefix(info.Name, "on_signal_gen"):
			ids[id] = true
		}
	}
}

// TestInfo: mytrace info says, one field a line, what any trace holds:
// a ptrace recording, a bpf one, a file from before the backend field,
// and a file cut short (counted as far as it goes, said incomplete).
func TestInfo(t *testing.T) {
	dir := t.TempDir()
	tr := filepath.Join(dir, "p.trace")
	if out, err := exec.Command(mytraceBin, "record", "-o", tr, "--", "cat", "/etc/hostname").CombinedOutput(); err != nil {
		t.Fatalf("record: %v\n%s", err, out)
	}
	out, err := exec.Command(mytraceBin, "info", tr).Output()
	if err != nil {
		t.Fatalf("info: %v", err)
	}
	for _, f := range []string{"format version", "time unit", "recorder", "backend", "kernel", "host", "command", "start time",
		"duration", "processes", "events", "syscalls", "events lost", "file size", "event chunks", "bytes per syscall", "complete"} {
		if !strings.Contains(string(out), "\n"+f+":") && !strings.HasPrefix(string(out), f+":") {
			t.Errorf("no %q line:\n%s", f, out)
		}
	}
	if infoField(t, tr, "backend") != "ptrace" || infoField(t, tr, "command") != "cat /etc/hostname" ||
		infoField(t, tr, "processes") != "1" || infoField(t, tr, "complete") != "yes" {
		t.Errorf("wrong fields:\n%s", out)
	}
	st, _ := os.Stat(tr)
	if infoField(t, tr, "file size") != fmt.Sprintf("%d bytes", st.Size()) {
		t.Errorf("file size: %s, want %d bytes", infoField(t, tr, "file size"), st.Size())
	}
	// The syscalls counted are those print shows.
	text, _ := exec.Command(mytraceBin, "print", tr).Output()
	calls := strings.Count(string(text), "\n") - 1 // the exit line
	if got := infoField(t, tr, "syscalls"); got != strconv.Itoa(calls) {
		t.Errorf("%s syscalls, print shows %d", got, calls)
	}
	// Cut short: the complete chunks are counted, the file is said
	// incomplete, and the status is 0 with a warning (as print).
	b, _ := os.ReadFile(tr)
	cut := filepath.Join(dir, "cut.trace")
	os.WriteFile(cut, b[:len(b)-40], 0o644)
	c := exec.Command(mytraceBin, "info", cut)
	var stderr strings.Builder
	c.Stderr = &stderr
	co, err := c.Output()
	if err != nil || !strings.Contains(string(co), "complete:           no") || !strings.Contains(stderr.String(), "warning") {
		t.Errorf("info of a cut file: %v\n%s%s", err, co, stderr.String())
	}
	// A file from before the backend field was recorded with ptrace.
	old := filepath.Join("..", "..", "testdata", "traces", "pipeline.trace")
	if got := infoField(t, old, "backend"); got != "ptrace" {
		t.Errorf("backend of an old file: %q", got)
	}
	// Not a trace: a one-line error, status 1.
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte("hello"), 0o644)
	if o, err := exec.Command(mytraceBin, "info", bad).CombinedOutput(); err == nil || strings.Count(string(o), "\n") != 1 {
		t.Errorf("info of a non-trace: %v\n%s", err, o)
	}
}

// TestBPFNotRoot: without the capabilities, a one-line error and status
// 1, and nothing left loaded.
func TestBPFNotRoot(t *testing.T) {
	needBPF(t)
	dir, err := os.MkdirTemp("", "mytrace-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o777)
	bin := filepath.Join(dir, "mytrace")
	b, err := os.ReadFile(mytraceBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	before := bpfPrograms(t)
	cmd := exec.Command(bin, "record", "--backend=bpf", "-o", filepath.Join(dir, "t.trace"), "--", "true")
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	if strings.Count(string(out), "\n") != 1 || !strings.Contains(string(out), "BPF unavailable") || !strings.Contains(string(out), "root") {
		t.Errorf("want one line saying BPF is unavailable and root is needed, got:\n%s", out)
	}
	for id := range bpfPrograms(t) {
		if !before[id] {
			t.Errorf("program %d loaded after the failure", id)
		}
	}
}
