package bpf

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"syscall"
	"testing"
	"time"

	"mytrace/format"
	"mytrace/sysent"
)

// The reader's work on recorded ring-buffer records (testdata/records,
// made with MYTRACE_BPF_DUMP: see dump.go), without root or BPF.

var update = flag.Bool("update", false, "rewrite testdata/records/*.trace: the events the reader makes of the recorded records")

// The recorded runs, each with the bpf backend's defaults (record -f,
// registers, -s 256, -v), the command run with only PATH, HOME and LANG:
//
//	dd       dd if=/dev/zero of=/dev/null bs=1 count=5000
//	ls       ls -la /usr/bin
//	threads  testdata/bench/c/threads.c: 4 threads, 500 × open/read/close each
//	sh       sh -c 'i=0; while [ $i -lt 20 ]; do /bin/true; i=$((i+1)); done'
var dumpNames = []string{"dd", "ls", "threads", "sh"}

type dump struct {
	info dumpInfo
	recs [][]byte
}

func loadDump(tb testing.TB, name string) *dump {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "records", name+".rec"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	info, b, err := readDump(f)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	d := &dump{info: info}
	for len(b) > 0 {
		n := int(binary.LittleEndian.Uint32(b))
		// Each record on its own, 8-aligned as in the ring buffer.
		r := make([]byte, n, (n+7)&^7)
		copy(r, b[4:4+n])
		d.recs = append(d.recs, r)
		b = b[4+n:]
	}
	return d
}

// options are the conversion options of the recording: those of record
// but for -y, which reads /proc and the file system (different from one
// machine to another): the golden events are made without, the benchmark
// with, /proc pointing at nothing (the tasks are gone, as they often are
// when the reader gets to their records).
func (d *dump) options(fdPaths bool) convOptions {
	return convOptions{limits: sysent.Limits{Str: d.info.strLimit, Path: sysent.DefaultPathMax, Verbose: d.info.verbose}, startMono: d.info.startMono, fdPaths: fdPaths}
}

// header is a fixed header for the dump's recording.
func (d *dump) header() *format.Header {
	return &format.Header{Recorder: "mytrace test", Arch: "x86_64", StrLimit: uint32(d.info.strLimit), PathMax: sysent.DefaultPathMax,
		Follow: true, Verbose: d.info.verbose, PageSize: 4096, Backend: "bpf", StartMono: int64(d.info.startMono)}
}

// feed runs the records through p as Run does.
func (d *dump) feed(p *pipeline) {
	p.start(startTask{tid: d.info.leader, tgid: d.info.leader, how: format.NewTaskLaunched}, d.info.run)
	for _, r := range d.recs {
		p.record(r)
	}
	p.end()
}

var table = func() *Table {
	t, err := BuildTable(nil)
	if err != nil {
		panic(err)
	}
	return t
}()

// TestReaderGolden: the events the reader makes of each recorded run are
// those in testdata/records/NAME.trace (go test -update rewrites them
// from what the reader makes now: check that a change is meant).
func TestReaderGolden(t *testing.T) {
	for _, name := range dumpNames {
		t.Run(name, func(t *testing.T) {
			d := loadDump(t, name)
			var got []*format.Event
			p := newPipeline(d.options(false), table, func(ev *format.Event) error {
				got = append(got, ev.Clone())
				return nil
			})
			d.feed(p)
			if p.out.err != nil {
				t.Fatal(p.out.err)
			}
			golden := filepath.Join("testdata", "records", name+".trace")
			if *update {
				var buf bytes.Buffer
				w, err := format.NewWriter(&buf, d.header())
				if err != nil {
					t.Fatal(err)
				}
				for _, ev := range got {
					if err := w.WriteEvent(ev); err != nil {
						t.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			f, err := os.Open(golden)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd, err := format.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			i := 0
			for ; ; i++ {
				want, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: event %d: %v", golden, i, err)
				}
				if i >= len(got) {
					t.Fatalf("%d events, want more: the next is %+v", len(got), want)
				}
				if !sameEvent(got[i], want) {
					t.Fatalf("event %d:\n got %+v\nwant %+v", i, got[i], want)
				}
			}
			if i != len(got) {
				t.Fatalf("%d events, want %d", len(got), i)
			}
			if kinds := countKinds(got); kinds[format.KindSyscallEntry] == 0 || kinds[format.KindLost] != 0 {
				t.Errorf("events by kind: %v", kinds)
			}
		})
	}
}

func countKinds(evs []*format.Event) map[format.Kind]int {
	m := map[format.Kind]int{}
	for _, ev := range evs {
		m[ev.Kind]++
	}
	return m
}

// sameEvent compares events as the trace keeps them (empty and nil
// slices alike).
func sameEvent(a, b *format.Event) bool {
	norm := func(e *format.Event) format.Event {
		c := *e.Clone()
		if len(c.Mem) == 0 {
			c.Mem = nil
		}
		for i := range c.Mem {
			if len(c.Mem[i].Data) == 0 {
				c.Mem[i].Data = nil
			}
		}
		if len(c.Siginfo) == 0 {
			c.Siginfo = nil
		}
		if len(c.Fds) == 0 {
			c.Fds = nil
		}
		if len(c.Maps) == 0 {
			c.Maps = nil
		}
		if len(c.Stack) == 0 {
			c.Stack = nil
		}
		if !c.HasRegs {
			c.Regs = format.Regs{}
		}
		return c
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// BenchmarkReader measures the reader's work per record (ns/op,
// allocs/op: one op is one record) on the recorded runs: parsing,
// conversion, ordering, and with /writer the trace encoding
// (format.Writer, compressed, to io.Discard) as record does; /discard
// ends at the orderer; /writer-y adds what -y costs (which record always
// notes), /proc pointing at nothing. ns/event is the time per event written,
// cpu-ns/event the CPU time of the whole process per event (the
// compressing goroutine and the garbage collector included), which
// depends less on what else the machine runs; allocs/event counts every
// goroutine's allocations.
//
//	go test ./record/bpf -run XXX -bench Reader -benchmem
func BenchmarkReader(b *testing.B) {
	for _, name := range dumpNames {
		d := loadDump(b, name)
		for _, sinkName := range []string{"discard", "writer", "writer-y"} {
			b.Run(name+"/"+sinkName, func(b *testing.B) {
				var events int
				sink := func(*format.Event) error { events++; return nil }
				var w *format.Writer
				if sinkName != "discard" {
					var err error
					if w, err = format.NewWriter(io.Discard, d.header()); err != nil {
						b.Fatal(err)
					}
					sink = func(ev *format.Event) error { events++; return w.WriteEvent(ev) }
				}
				defer func(dir string) { procDir = dir }(procDir)
				procDir = b.TempDir()
				p := newPipeline(d.options(sinkName == "writer-y"), table, sink)
				// One pass warms the pipeline's buffers up, as the start
				// of a recording would.
				d.feed(p)
				events = 0
				var ms0, ms1 runtime.MemStats
				runtime.ReadMemStats(&ms0)
				b.ResetTimer()
				t0, c0 := time.Now(), cpuTime()
				for i := 0; i < b.N; {
					p.reset()
					p.start(startTask{tid: d.info.leader, tgid: d.info.leader, how: format.NewTaskLaunched}, d.info.run)
					for _, r := range d.recs {
						p.record(r)
						if i++; i == b.N {
							break
						}
					}
					p.end()
				}
				el, cpu := time.Since(t0), cpuTime()-c0
				b.StopTimer()
				runtime.ReadMemStats(&ms1)
				if w != nil {
					if err := w.Close(); err != nil {
						b.Fatal(err)
					}
				}
				if events > 0 {
					b.ReportMetric(float64(el.Nanoseconds())/float64(events), "ns/event")
					b.ReportMetric(float64(cpu.Nanoseconds())/float64(events), "cpu-ns/event")
					b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(events), "allocs/event")
				}
			})
		}
	}
}

// cpuTime is the CPU time (user and system) of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestDumpRoundTrip: a dump reads back as written.
func TestDumpRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.rec")
	info := dumpInfo{startMono: 5, run: 7, leader: 42, strLimit: 256, regs: true, verbose: true}
	w, err := createDump(path, info)
	if err != nil {
		t.Fatal(err)
	}
	recs := [][]byte{[]byte("one"), {}, bytes.Repeat([]byte{7}, 100000)}
	for _, r := range recs {
		w.add(r)
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gotInfo, b, err := readDump(f)
	if err != nil {
		t.Fatal(err)
	}
	if gotInfo != info {
		t.Errorf("info %+v, want %+v", gotInfo, info)
	}
	var got [][]byte
	for len(b) > 0 {
		n := int(binary.LittleEndian.Uint32(b))
		got = append(got, b[4:4+n])
		b = b[4+n:]
	}
	if fmt.Sprint(got) != fmt.Sprint(recs) {
		t.Errorf("records differ: %d of them", len(got))
	}
}
