//go:build linux && amd64

package record

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/replay"
	"mytrace/sysent"
)

// collect is a Sink keeping deep copies of every event.
type collect struct{ evs []*format.Event }

func (c *collect) WriteEvent(e *format.Event) error { c.evs = append(c.evs, e.Clone()); return nil }
func (c *collect) Flush()                           {}

func recordCmd(t *testing.T, follow bool, argv ...string) ([]*format.Event, *Result) {
	t.Helper()
	path, err := LookPath(argv[0])
	if err != nil {
		t.Fatal(err)
	}
	r, err := Launch(path, argv, Options{Follow: follow, Regs: true, Limits: sysent.Limits{Str: 32, Path: 4096}})
	if err != nil {
		t.Fatalf("launch: %v", err)
	}
	var c collect
	res := r.Run(&c)
	return c.evs, res
}

// TestRecordLaunch records a real program: the first events are the
// launched task and its execve, entries and exits pair up, and the last
// event is the exit with the program's status.
func TestRecordLaunch(t *testing.T) {
	evs, res := recordCmd(t, false, "sh", "-c", "exit 3")
	if !res.Exited || res.ExitCode != 3 || res.Status() != 3 {
		t.Fatalf("result %+v, want exit 3", res)
	}
	if len(evs) < 10 {
		t.Fatalf("only %d events", len(evs))
	}
	if evs[0].Kind != format.KindNewTask || evs[0].How != format.NewTaskLaunched || int(evs[0].Tid) != res.Pid {
		t.Fatalf("first event %+v, want the launched task", evs[0])
	}
	ex := evs[1]
	if ex.Kind != format.KindSyscallEntry || ex.Nr != nrExecve || !ex.HasRegs {
		t.Fatalf("second event %+v, want the execve entry", ex)
	}
	var path []byte
	for _, m := range ex.Mem {
		if m.Addr == ex.Args[0] {
			path = m.Data
		}
	}
	if want, _ := exec.LookPath("sh"); filepath.Base(string(path)) != filepath.Base(want) {
		t.Errorf("execve path captured as %q", path)
	}
	open := map[int32]uint64{}
	for _, e := range evs[1:] {
		switch e.Kind {
		case format.KindSyscallEntry:
			if _, in := open[e.Tid]; in {
				t.Fatalf("two entries without an exit for tid %d", e.Tid)
			}
			open[e.Tid] = e.Nr
			if e.Regs[format.RegOrigRAX] != e.Nr {
				t.Errorf("registers disagree with syscall info: orig_rax %d, nr %d", e.Regs[format.RegOrigRAX], e.Nr)
			}
		case format.KindSyscallExit:
			if nr, in := open[e.Tid]; !in || nr != e.Nr {
				t.Fatalf("exit of %d without its entry", e.Nr)
			}
			delete(open, e.Tid)
		}
	}
	last := evs[len(evs)-1]
	if last.Kind != format.KindExit || last.Status != 3<<8 {
		t.Fatalf("last event %+v, want exit status 3", last)
	}
	for i := 1; i < len(evs); i++ {
		if evs[i].Time < evs[i-1].Time {
			t.Fatalf("time goes backwards at event %d", i)
		}
	}
}

// TestRecordFollow records a shell pipeline with -f: every child joins as
// a new task with its parent, execs, and ends.
func TestRecordFollow(t *testing.T) {
	evs, res := recordCmd(t, true, "sh", "-c", "echo x | cat >/dev/null")
	if res.Status() != 0 {
		t.Fatalf("status %d", res.Status())
	}
	children := map[int32]bool{}
	execs := map[int32]int{}
	ended := map[int32]bool{}
	for _, e := range evs {
		switch e.Kind {
		case format.KindNewTask:
			if e.How == format.NewTaskChild {
				if int(e.Parent) != res.Pid {
					t.Errorf("child %d has parent %d, want %d", e.Tid, e.Parent, res.Pid)
				}
				children[e.Tid] = true
			}
		case format.KindPtraceEvent:
			if e.PtraceEvent == unix.PTRACE_EVENT_EXEC {
				execs[e.Tid]++
			}
		case format.KindExit:
			ended[e.Tid] = true
		}
	}
	if len(children) < 1 {
		t.Fatalf("no children recorded")
	}
	for c := range children {
		if !ended[c] {
			t.Errorf("child %d has no exit", c)
		}
	}
	if execs[int32(res.Pid)] != 1 {
		t.Errorf("leader exec'd %d times", execs[int32(res.Pid)])
	}
}

// TestRecordSignal: a signal delivered to the tracee is recorded with its
// siginfo and re-injected (the program's handler runs, so it exits 0).
func TestRecordSignal(t *testing.T) {
	evs, res := recordCmd(t, false, "sh", "-c", "trap 'exit 0' USR1; kill -USR1 $$; exit 1")
	if res.Status() != 0 {
		t.Fatalf("status %d: the signal was not delivered to the handler", res.Status())
	}
	found := false
	for _, e := range evs {
		if e.Kind == format.KindSignal && e.Sig == int32(unix.SIGUSR1) {
			found = len(e.Siginfo) == format.SiginfoSize && int32(*(*uint32)(unsafe.Pointer(&e.Siginfo[0]))) == int32(unix.SIGUSR1)
		}
	}
	if !found {
		t.Fatal("no SIGUSR1 signal event with siginfo")
	}
}

// TestMemReaderStrings reads strings from this process's own memory next
// to an unmapped page: a NUL at the very end of the readable page is found,
// and a string running into the hole is recorded as partial.
func TestMemReaderStrings(t *testing.T) {
	mem, err := unix.Mmap(-1, 0, 2*pageSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		t.Fatal(err)
	}
	base := uint64(uintptr(unsafe.Pointer(&mem[0])))
	defer unix.Munmap(mem)
	// Unmap the second page behind the slice's back.
	if _, _, e := unix.Syscall(unix.SYS_MUNMAP, uintptr(base+pageSize), pageSize, 0); e != 0 {
		t.Fatal(e)
	}
	copy(mem[pageSize-6:], "hello\x00")
	var ev format.Event
	m := memReader{}
	m.reset(os.Getpid(), &ev)
	if s := m.ReadString(base+pageSize-6, 4096); string(s) != "hello" {
		t.Errorf("string before the hole: %q", s)
	}
	if r := ev.Mem[0]; r.Flags != format.MemString|format.MemTerminated {
		t.Errorf("flags %#x, want string|terminated", r.Flags)
	}
	copy(mem[pageSize-3:], "abc")
	if s := m.ReadString(base+pageSize-3, 4096); string(s) != "abc" {
		t.Errorf("string into the hole: %q", s)
	}
	if r := ev.Mem[1]; r.Flags&format.MemPartial == 0 || r.Flags&format.MemTerminated != 0 {
		t.Errorf("flags %#x, want partial, unterminated", r.Flags)
	}
	if b := m.Read(base+pageSize, 16); len(b) != 0 || ev.Mem[2].Flags&format.MemFault == 0 {
		t.Errorf("read of unmapped memory: %q flags %#x", b, ev.Mem[2].Flags)
	}
	if b := m.Read(base+pageSize-4, 16); len(b) != 4 || ev.Mem[3].Flags&format.MemPartial == 0 {
		t.Errorf("read across the hole: %d bytes flags %#x", len(b), ev.Mem[3].Flags)
	}
}

// BenchmarkCaptureEncode measures the per-stop work that is the
// recorder's own: capturing a path and a buffer and encoding the event.
// It must not allocate.
func BenchmarkCaptureEncode(b *testing.B) {
	path := []byte("/usr/lib/x86_64-linux-gnu/libc.so.6\x00")
	buf := make([]byte, 832)
	w, err := format.NewWriter(discardWriter{}, &format.Header{})
	if err != nil {
		b.Fatal(err)
	}
	var ev format.Event
	m := memReader{}
	pid := os.Getpid()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev.Reset()
		ev.Kind = format.KindSyscallEntry
		ev.Tid, ev.Time, ev.Nr, ev.HasRegs = int32(pid), int64(i), 257, true
		m.reset(pid, &ev)
		m.ReadString(uint64(uintptr(unsafe.Pointer(&path[0]))), 4096)
		m.Read(uint64(uintptr(unsafe.Pointer(&buf[0]))), 257)
		if err := w.WriteEvent(&ev); err != nil {
			b.Fatal(err)
		}
	}
	w.Close()
}

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// TestStubEnvironment: the command gets exactly the environment it was
// given (order, duplicates, GODEBUG or its absence), whatever the stub
// itself ran with.
func TestStubEnvironment(t *testing.T) {
	for _, env := range [][]string{
		{"A=1", "B=2"},
		{"GODEBUG=gctrace=0", "A=1"},
		{"A=1", "GODEBUG=", "A=2"},
	} {
		stub := stubEnviron(env)
		t.Setenv(stubEnv, strings.TrimPrefix(stub[0], stubEnv+"="))
		if got := commandEnviron(stub); strings.Join(got, "\n") != strings.Join(env, "\n") {
			t.Errorf("env %q came back as %q", env, got)
		}
		found := false
		for _, kv := range stub {
			found = found || (strings.HasPrefix(kv, "GODEBUG=") && strings.HasSuffix(kv, noPreemption))
		}
		if !found {
			t.Errorf("stub env %q does not turn preemption off", stub)
		}
	}
}

// TestMemReaderVectorAhead: the strings of a vector, read ahead with one
// process_vm_readv, are captured exactly as when each is read on its own
// (page by page): a string ending before a hole, one running into it, one
// starting in it, repeated pointers, a string longer than the limit.
func TestMemReaderVectorAhead(t *testing.T) {
	mem, err := unix.Mmap(-1, 0, 3*pageSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		t.Fatal(err)
	}
	base := uint64(uintptr(unsafe.Pointer(&mem[0])))
	defer unix.Munmap(mem)
	if _, _, e := unix.Syscall(unix.SYS_MUNMAP, uintptr(base+2*pageSize), pageSize, 0); e != 0 {
		t.Fatal(e)
	}
	copy(mem[10:], "short\x00")
	for i := 100; i < 400; i++ {
		mem[i] = 'x' // longer than the limit
	}
	copy(mem[pageSize-4:], "across\x00") // crosses into the second page
	copy(mem[2*pageSize-6:], "hole\x00")
	copy(mem[2*pageSize-3:], "abc") // runs into the hole
	strs := []uint64{base + 10, base + 100, base + pageSize - 4, base + 2*pageSize - 6,
		base + 2*pageSize - 3, base + 10, base + 2*pageSize + 8, base + 100}
	vec := make([]uint64, len(strs)+1)
	copy(vec, strs)
	const limit = 33
	var ev format.Event
	m := memReader{}
	m.reset(os.Getpid(), &ev)
	ptrs := m.ReadVector(uint64(uintptr(unsafe.Pointer(&vec[0]))), 100)
	if len(ptrs) != len(strs) {
		t.Fatalf("%d pointers, want %d", len(ptrs), len(strs))
	}
	for _, p := range ptrs {
		m.ReadString(p, limit)
	}
	if len(m.pf) < 2 {
		t.Fatalf("%d strings read ahead", len(m.pf))
	}
	at := map[uint64]format.Region{}
	for _, r := range ev.Mem[1:] {
		at[r.Addr] = r
	}
	for i, p := range strs {
		var one format.Event
		o := memReader{}
		o.reset(os.Getpid(), &one)
		o.ReadString(p, limit)
		got, want := at[p], one.Mem[0]
		if got.Addr != want.Addr || got.Len != want.Len || got.Flags != want.Flags || string(got.Data) != string(want.Data) {
			t.Errorf("string %d: read ahead %+v, alone %+v", i, got, want)
		}
	}
	if len(ev.Mem) != 1+len(strs)-2 {
		t.Errorf("%d regions, want %d", len(ev.Mem), 1+len(strs)-2)
	}
}

// TestEntryFromRegs: with registers recorded, most syscall stops are read
// from them alone, and the calls seen are the same as with
// PTRACE_GET_SYSCALL_INFO at every stop (Regs off).
func TestEntryFromRegs(t *testing.T) {
	// The calls of each task, tasks in the order they first appear (the
	// tasks' calls interleave differently from run to run).
	run := func(regs bool) ([][]uint64, *Result) {
		path, err := LookPath("sh")
		if err != nil {
			t.Fatal(err)
		}
		r, err := Launch(path, []string{"sh", "-c", "for i in 1 2 3; do echo $i; done > /dev/null; /bin/true"},
			Options{Follow: true, Regs: regs, Limits: sysent.Limits{Str: 32, Path: 4096}})
		if err != nil {
			t.Fatal(err)
		}
		var c collect
		res := r.Run(&c)
		if res.Status() != 0 {
			t.Fatalf("status %d", res.Status())
		}
		var nrs [][]uint64
		task := map[int32]int{}
		for _, e := range c.evs {
			if e.Kind == format.KindSyscallEntry {
				i, ok := task[e.Tid]
				if !ok {
					i = len(nrs)
					task[e.Tid] = i
					nrs = append(nrs, nil)
				}
				nrs[i] = append(nrs[i], e.Nr)
				if regs && e.HasRegs && (e.Regs[format.RegOrigRAX] != e.Nr || e.Regs[format.RegRDI] != e.Args[0] || e.Regs[format.RegR9] != e.Args[5]) {
					t.Errorf("entry of %d: registers %x do not match nr %d args %x", e.Nr, e.Regs, e.Nr, e.Args)
				}
			}
		}
		return nrs, res
	}
	withRegs, res := run(true)
	without, res0 := run(false)
	if res.RegStops < res.Stops*3/4 {
		t.Errorf("%d of %d stops read from the registers alone, want at least 3/4", res.RegStops, res.Stops)
	}
	if res0.RegStops != 0 {
		t.Errorf("%d stops read from registers that were not asked for", res0.RegStops)
	}
	if len(withRegs) == 0 || len(withRegs) != len(without) {
		t.Fatalf("%d tasks with registers, %d without", len(withRegs), len(without))
	}
	// Where the shell's SIGCHLD lands (before its wait4, or during it)
	// differs from run to run: its wait4s, the handler's rt_sigreturn
	// and a restart are left out of the comparison.
	timing := map[uint64]bool{15: true, 61: true, 219: true}
	calls := func(nrs []uint64) string {
		var out []uint64
		for _, nr := range nrs {
			if !timing[nr] {
				out = append(out, nr)
			}
		}
		return fmt.Sprint(out)
	}
	for i := range withRegs {
		if calls(withRegs[i]) != calls(without[i]) {
			t.Errorf("task %d made calls\n%v with registers,\n%v without", i, withRegs[i], without[i])
		}
	}
}

// eventSource is a replay.Source over recorded events, which says of
// each thread whether a descriptors event came since its last entry.
type eventSource struct {
	evs   []*format.Event
	noted map[int32]bool
}

func (s *eventSource) Next() (*format.Event, error) {
	if len(s.evs) == 0 {
		return nil, io.EOF
	}
	ev := s.evs[0]
	s.evs = s.evs[1:]
	switch ev.Kind {
	case format.KindSyscallEntry:
		s.noted[ev.Tid] = false
	case format.KindFds:
		s.noted[ev.Tid] = true
	}
	return ev, nil
}

// recordDups records a shell's redirections (dup2, fcntl F_DUPFD, in the
// shell and in a child) with descriptors noted, and replays them: it
// returns how many successful dups there were, how many of them had no
// note of their own, and how many of those were in the child. Each dup's
// new descriptor refers, as the replayer has it, to what its old one
// does.
func recordDups(t *testing.T) (dups, unnoted, inChild int) {
	t.Helper()
	path, err := LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	argv := []string{"sh", "-c", "exec 3</etc/passwd; exec 4<&3; (exec 5<&4 6<&5; cat <&6 >/dev/null); exec 3<&- 4<&-"}
	r, err := Launch(path, argv, Options{Follow: true, FdPaths: true, Limits: sysent.Limits{Str: 32, Path: 4096}})
	if err != nil {
		t.Fatalf("launch: %v", err)
	}
	var c collect
	if res := r.Run(&c); res.Status() != 0 {
		t.Fatalf("status %d", res.Status())
	}
	src := &eventSource{evs: c.evs, noted: map[int32]bool{}}
	rp := replay.New(src)
	for {
		ev, err := rp.Next()
		if err != nil {
			break
		}
		raw := ev.Raw
		if ev.Kind == replay.SyscallExit && ev.Entry != nil && !raw.IsError && raw.Arch == format.ArchX86_64 {
			e := sysent.Lookup(raw.Nr)
			if e == nil {
				continue
			}
			old, _, ok := e.DupOf(&ev.Entry.Args)
			if !ok || int64(old) == raw.Ret {
				continue
			}
			dups++
			if !src.noted[raw.Tid] {
				unnoted++
				if ev.Task.How == format.NewTaskChild {
					inChild++
				}
			}
			if got, want := ev.Task.FdPath(int32(raw.Ret)), ev.Task.FdPath(old); got != want || got == "" {
				t.Errorf("%s(%d) = %d refers to %q, want %q", e.Name, old, raw.Ret, got, want)
			}
		}
	}
	return dups, unnoted, inChild
}

// TestRecordDupsDerived: the dups of descriptors the recording noted are
// not noted, and readers give them what they copied; with -e trace=
// leaving the dups out (readers do not see them), every dup is noted.
func TestRecordDupsDerived(t *testing.T) {
	dups, unnoted, inChild := recordDups(t)
	t.Logf("%d dups, %d not noted, %d of them in the child", dups, unnoted, inChild)
	if dups < 4 || unnoted < 4 || inChild < 2 {
		t.Errorf("%d dups, %d of them not noted, %d in the child: want the shell's and its child's left out", dups, unnoted, inChild)
	}
	isDup := map[int]bool{}
	for _, name := range []string{"dup", "dup2", "dup3", "fcntl"} {
		nr, _ := sysent.ByName(name)
		isDup[nr] = true
	}
	// The dups left out: their descriptors are in the notes.
	path, err := LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Launch(path, []string{"sh", "-c", "exec 3</etc/passwd; exec 4<&3; exec 5<&4"},
		Options{Follow: true, FdPaths: true, Trace: func(nr int) bool { return !isDup[nr] }, Limits: sysent.Limits{Str: 32, Path: 4096}})
	if err != nil {
		t.Fatalf("launch: %v", err)
	}
	var c collect
	r.Run(&c)
	seen := map[int32]bool{}
	for _, e := range c.evs {
		if e.Kind == format.KindFds && !e.FdsSnapshot {
			for _, f := range e.Fds {
				seen[f.Fd] = true
			}
		}
		if (e.Kind == format.KindSyscallEntry || e.Kind == format.KindSyscallExit) && isDup[int(e.Nr)] {
			t.Errorf("a call left out by -e trace= recorded: %d", e.Nr)
		}
	}
	if !seen[4] || !seen[5] {
		t.Errorf("descriptors noted %v: want 4 and 5, which dups left out made", seen)
	}
}
