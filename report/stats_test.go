package report

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"

	"mytrace/format"
	"mytrace/replay"
)

// synthTrace writes a trace of n syscalls (entry and exit pairs) by two
// threads, a tenth of them failing.
func synthTrace(tb testing.TB, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := format.NewWriter(&buf, &format.Header{Arch: "x86_64"})
	if err != nil {
		tb.Fatal(err)
	}
	var ev format.Event
	t := int64(0)
	nrs := []uint64{0, 1, 3, 257, 262, 9, 11}
	for i := 0; i < n; i++ {
		tid := int32(100 + i%2)
		nr := nrs[i%len(nrs)]
		ev.Reset()
		ev.Kind, ev.Tid, ev.Time, ev.Arch, ev.Nr = format.KindSyscallEntry, tid, t, format.ArchX86_64, nr
		ev.Args = [6]uint64{3, 0x7ffd0000, 832}
		ev.HasRegs = true
		w.WriteEvent(&ev)
		t += 1500
		ev.Reset()
		ev.Kind, ev.Tid, ev.Time, ev.Arch, ev.Nr = format.KindSyscallExit, tid, t, format.ArchX86_64, nr
		ev.Ret = 832
		if i%10 == 0 {
			ev.Ret, ev.IsError = -2, true
		}
		ev.HasRegs = true
		w.WriteEvent(&ev)
		t += 500
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func statsOf(tb testing.TB, data []byte) *Stats {
	rd, err := format.NewReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	st := NewStats()
	rp := replay.New(rd)
	for {
		ev, err := rp.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				tb.Fatal(err)
			}
			return st
		}
		st.Add(ev)
	}
}

func TestStatsCounts(t *testing.T) {
	st := statsOf(t, synthTrace(t, 7000))
	var b strings.Builder
	if err := st.WriteTable(&b, "name"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// 7000 calls over 7 syscalls: 1000 each; failures every 10th call.
	for _, want := range []string{
		"% time     seconds  usecs/call     calls    errors syscall\n------ ----------- ----------- --------- --------- ----------------\n",
		" 14.29    0.001500           1      1000       100 close\n",
		" 14.29    0.001500           1      1000       100 read\n",
		"100.00    0.010500           1      7000       700 total\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

var (
	million     []byte
	millionOnce sync.Once
)

// BenchmarkStats1M summarises a trace of one million syscalls (two
// million events) per iteration: reading, decompressing, replaying and
// counting.
func BenchmarkStats1M(b *testing.B) {
	millionOnce.Do(func() { million = synthTrace(b, 1_000_000) })
	b.SetBytes(int64(len(million)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		statsOf(b, million)
	}
}

// call is one syscall of a hand-written trace.
type call struct {
	tid        int32
	nr         uint64
	start, end int64 // ns
	stime      int64 // system CPU time spent in it, ns (0: not recorded)
	fail       bool
}

// traceOf writes the calls as a trace; tid 200 is a thread of 100.
func traceOf(tb testing.TB, calls []call) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := format.NewWriter(&buf, &format.Header{Arch: "x86_64"})
	if err != nil {
		tb.Fatal(err)
	}
	var ev format.Event
	ev.Reset()
	ev.Kind, ev.Tid, ev.Pid, ev.How = format.KindNewTask, 100, 100, format.NewTaskLaunched
	if err := w.WriteEvent(&ev); err != nil {
		tb.Fatal(err)
	}
	ev.Reset()
	ev.Kind, ev.Tid, ev.Pid, ev.Parent, ev.How = format.KindNewTask, 200, 100, 100, format.NewTaskThread
	if err := w.WriteEvent(&ev); err != nil {
		tb.Fatal(err)
	}
	var stime = map[int32]uint64{}
	for _, c := range calls {
		for _, exit := range []bool{false, true} {
			ev.Reset()
			ev.Kind, ev.Tid, ev.Time, ev.Arch, ev.Nr = format.KindSyscallEntry, c.tid, c.start, format.ArchX86_64, c.nr
			if exit {
				ev.Kind, ev.Time = format.KindSyscallExit, c.end
				stime[c.tid] += uint64(c.stime)
				if c.fail {
					ev.Ret, ev.IsError = -2, true
				}
			}
			ev.HasRegs = true
			ev.STime, ev.HasSTime = stime[c.tid], c.stime > 0
			if err := w.WriteEvent(&ev); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func summary(tb testing.TB, data []byte, o Options, by, cols string) string {
	tb.Helper()
	rd, err := format.NewReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	st := NewStatsWith(o)
	rp := replay.New(rd)
	for {
		ev, err := rp.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		st.Add(ev)
	}
	cs, err := ParseColumns(cols)
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	if err := st.WriteTables(&b, by, cs); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

func wantLines(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("summary lacks %q:\n%s", w, out)
		}
	}
}

// TestStatsTime: by default a call costs the system CPU time its process
// spent in it (strace -c); -w gives its elapsed time.
func TestStatsTime(t *testing.T) {
	data := traceOf(t, []call{
		{tid: 100, nr: 0, start: 1000, end: 11000, stime: 2000},                // read: 10 µs elapsed, 2 µs CPU
		{tid: 100, nr: 0, start: 20000, end: 50000, stime: 4000},               // read: 30 µs, 4 µs
		{tid: 100, nr: 1, start: 60000, end: 61000, stime: 1000},               // write
		{tid: 100, nr: 257, start: 70000, end: 72000, stime: 1000, fail: true}, // openat
	})
	cols := "min-time,max-time,avg-time,total-time,calls,errors,name"
	wantLines(t, summary(t, data, Options{}, "name", cols),
		"0.000002 0.000004           3    0.000006         2           read\n",
		"0.000001 0.000001           1    0.000001         1         1 openat\n",
		"0.000001 0.000004           2    0.000008         4         1 total\n")
	wantLines(t, summary(t, data, Options{WallClock: true}, "name", cols),
		"0.000010 0.000030          20    0.000040         2           read\n",
		"0.000001 0.000030          10    0.000043         4         1 total\n")
	// -z, -Z: only the calls that succeeded, or failed.
	ok := summary(t, data, Options{Successful: true}, "name", DefaultColumns)
	if strings.Contains(ok, "openat") || !strings.Contains(ok, "read") {
		t.Errorf("-z summary:\n%s", ok)
	}
	bad := summary(t, data, Options{Failed: true}, "name", DefaultColumns)
	if !strings.Contains(bad, "openat") || strings.Contains(bad, "read") {
		t.Errorf("-Z summary:\n%s", bad)
	}
}

// TestStatsGroups: --per-thread and --per-process tables, --latency
// columns and the --top list.
func TestStatsGroups(t *testing.T) {
	var calls []call
	for i := range int64(100) {
		// tid 100: 100 reads of 1..100 µs; tid 200 (a thread of 100): writes of 5 µs.
		calls = append(calls, call{tid: 100, nr: 0, start: i * 1e6, end: i*1e6 + (i+1)*1000})
		calls = append(calls, call{tid: 200, nr: 1, start: i*1e6 + 500e3, end: i*1e6 + 505e3})
	}
	data := traceOf(t, calls)
	out := summary(t, data, Options{PerThread: true, Latency: true, Top: 2}, "name", "calls,name")
	wantLines(t, out,
		"thread 100: \n",
		"thread 200: \n",
		"total:\n",
		"    calls  p50 usecs  p90 usecs  p99 usecs  max usecs syscall\n",
		// 1..100 µs: the 50th, 90th and 99th values, then the maximum.
		"      100         50         90         99        100 read\n",
		"      100          5          5          5          5 write\n",
		"      200          5         80         98        100 total\n", // 100 fives and 1..100
		"slowest calls:\n",
		"    0.000100     0.099000     100  read(",
		"    0.000099     0.098000     100  read(",
	)
	if n := strings.Count(out, "read("); n != 2 {
		t.Errorf("--top 2 listed %d calls:\n%s", n, out)
	}
	// Threads of one process share its table.
	out = summary(t, data, Options{PerProcess: true}, "name", "calls,name")
	if strings.Contains(out, "process 200") || !strings.Contains(out, "process 100: \n      100 read\n") && !strings.Contains(out, "      100 read\n      100 write\n") {
		t.Errorf("--per-process summary:\n%s", out)
	}
}

func TestHistogram(t *testing.T) {
	var h Histogram
	for v := int64(1); v <= 100000; v++ {
		h.Add(v)
	}
	for _, c := range []struct {
		q    float64
		want int64
	}{{0.5, 50000}, {0.9, 90000}, {0.99, 99000}, {1, 100000}, {0.00001, 1}} {
		if got := h.Quantile(c.q); got != c.want {
			t.Errorf("Quantile(%v) = %d, want %d", c.q, got, c.want)
		}
	}
	// Two significant digits: 12345 falls in the 12000 bucket.
	var g Histogram
	g.Add(12345)
	g.Add(12999)
	g.Add(13000)
	if got := g.Quantile(0.5); got != 12000 {
		t.Errorf("median of 12345, 12999, 13000 = %d, want 12000", got)
	}
	if bucketValue(bucket(987654321)) != 980000000 {
		t.Errorf("bucket of 987654321 starts at %d", bucketValue(bucket(987654321)))
	}
}

func TestParseColumns(t *testing.T) {
	if _, err := ParseColumns("name,bogus"); !errors.Is(err, ErrBadColumn) {
		t.Errorf("ParseColumns(name,bogus) = %v, want ErrBadColumn", err)
	}
	if err := CheckSort("bogus"); !errors.Is(err, ErrBadSort) {
		t.Errorf("CheckSort(bogus) = %v, want ErrBadSort", err)
	}
}

// TestStatsConstantMemory streams a trace of ten million syscalls through
// Stats (with --latency histograms) and checks that the live heap does not
// grow between the first million calls and the ninth: nothing is kept per event.
func TestStatsConstantMemory(t *testing.T) {
	const n = 10_000_000
	pr, pw := io.Pipe()
	go func() {
		w, err := format.NewWriter(pw, &format.Header{Arch: "x86_64"})
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		var ev format.Event
		nrs := []uint64{0, 1, 3, 257, 262, 9, 11}
		for i := range int64(n) {
			for _, k := range []format.Kind{format.KindSyscallEntry, format.KindSyscallExit} {
				ev.Reset()
				ev.Kind, ev.Tid, ev.Time, ev.Arch, ev.Nr = k, int32(100+i%2), i*2000, format.ArchX86_64, nrs[i%7]
				if k == format.KindSyscallExit {
					ev.Time += 100 + i%5000 // spread the latencies over many buckets
					ev.Ret = 832
				}
				ev.HasRegs = true
				if err := w.WriteEvent(&ev); err != nil {
					pw.CloseWithError(err)
					return
				}
			}
		}
		pw.CloseWithError(w.Close())
	}()
	rd, err := format.NewReader(pr)
	if err != nil {
		t.Fatal(err)
	}
	st := NewStatsWith(Options{Latency: true, PerThread: true})
	rp := replay.New(rd)
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var at1M, at9M uint64
	calls := 0
	for {
		ev, err := rp.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		st.Add(ev)
		if ev.Kind == replay.SyscallExit {
			switch calls++; calls {
			case n / 10:
				at1M = heap()
			case n - n/10:
				at9M = heap()
			}
		}
	}
	if calls != n {
		t.Fatalf("counted %d calls, want %d", calls, n)
	}
	t.Logf("live heap after 1M calls: %d KiB, after 9M: %d KiB", at1M>>10, at9M>>10)
	// Keeping as little as a byte per call would add 8 MB; the margin
	// is for the encoder's and decoder's buffers, which vary a little.
	if at9M > at1M+4<<20 {
		t.Errorf("live heap grew from %d KiB after 1M calls to %d KiB after 9M", at1M>>10, at9M>>10)
	}
	runtime.KeepAlive(st)
}

// TestStatsFilesResolved: --files lists a file once, by the path the
// kernel resolved (what the descriptor an open returned refers to), with
// the other names the program used; a later call that names the file by
// the other name counts for it too; a name that never resolved stays.
func TestStatsFilesResolved(t *testing.T) {
	s := &synth{}
	s.task(10, 0)
	s.execve(10, []format.FdPath{{Fd: -100, Path: []byte("/home")}}, "/bin/app", "app")
	lib, real := "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6"
	s.add(&format.Event{Kind: format.KindSyscallEntry, Tid: 10, Arch: format.ArchX86_64, Nr: 257, Args: [6]uint64{atFdcwd, 0x40000, 0}, Mem: []format.Region{strRegion(0x40000, lib)}})
	s.fds(10, false, format.FdPath{Fd: 3, Path: []byte(real)})
	s.add(&format.Event{Kind: format.KindSyscallExit, Tid: 10, Arch: format.ArchX86_64, Nr: 257, Ret: 3})
	s.call(10, 0, [6]uint64{3, 0x50000, 832}, nil, 832, []format.Region{bufRegion(0x50000, make([]byte, 832))}) // read(3)
	s.call(10, 9, [6]uint64{0, 8192, 1, 2, 3, 0}, nil, 0x7f0000000000, nil)                                     // mmap(..., 3, 0)
	s.call(10, 3, [6]uint64{3}, nil, 0, nil)
	s.call(10, 21, [6]uint64{0x40000, 0}, []format.Region{strRegion(0x40000, lib)}, 0, nil)                // access(lib)
	s.call(10, 21, [6]uint64{0x40000, 0}, []format.Region{strRegion(0x40000, "/lib/missing.so")}, -2, nil) // ENOENT
	s.exit(10, 0)
	st := NewStatsWith(Options{Files: true})
	rp := replay.New(&sliceSource{evs: s.evs})
	for {
		ev, err := rp.Next()
		if err != nil {
			break
		}
		st.Add(ev)
	}
	var b bytes.Buffer
	if err := st.WriteTable(&b, "time"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	wantLines(t, out,
		"        4         0  "+real+" (access 1, mmap 1, openat 1, read 1), named "+lib,
		"        0         1  /lib/missing.so (access 1)")
	if strings.Contains(out, "  "+lib+" (") {
		t.Errorf("libc listed under the name used:\n%s", out)
	}
	b.Reset()
	if err := st.WriteJSON(&b, "time"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `{"path":"`+real+`","ok":4,"errors":0,"syscalls":{"access":1,"mmap":1,"openat":1,"read":1},"names":["`+lib+`"]}`) {
		t.Errorf("JSON: %s", b.String())
	}
}
