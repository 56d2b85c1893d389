package decode_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/klauspost/compress/zstd"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/replay"
	"mytrace/sysent"
)

// The offline side's speed: how many syscalls per second "mytrace print"
// decodes and formats on one core, on a generated trace shaped like ls
// -la or find (paths, stat structures, directory entries, buffers, failing
// calls). Run it on one CPU:
//
//	go test ./decode -run X -bench Print -cpu 1

// fakeMem is the tracee memory of the generated trace: the bytes at a few
// addresses. Captures go through the same syscall table as a recording's,
// so the events hold what the recorder would have stored.
type fakeMem struct {
	ev    *format.Event
	bytes map[uint64][]byte
}

func (m *fakeMem) Read(addr uint64, n int) []byte {
	// A copy: captures may change what they read (sysent/abbrev.go).
	b := append([]byte(nil), m.bytes[addr]...)
	if len(b) > n {
		b = b[:n]
	}
	var fl uint8
	if len(b) < n {
		b = append(b, make([]byte, n-len(b))...)
	}
	m.ev.Mem = append(m.ev.Mem, format.Region{Addr: addr, Len: uint64(n), Flags: fl, Data: b})
	return b
}

func (m *fakeMem) ReadString(addr uint64, limit int) []byte {
	b := m.bytes[addr]
	fl := format.MemString | format.MemTerminated
	if len(b) >= limit {
		b, fl = b[:limit], format.MemString
	}
	m.ev.Mem = append(m.ev.Mem, format.Region{Addr: addr, Len: uint64(limit), Flags: fl, Data: b})
	return b
}

func (m *fakeMem) ReadVector(addr uint64, keep int) []uint64 {
	m.ev.Mem = append(m.ev.Mem, format.Region{Addr: addr, Flags: format.MemVector | format.MemFault})
	return nil
}

// Addresses of the generated memory.
const (
	aPath   = 0x7ffd00001000
	aEmpty  = 0x7ffd00002000
	aStat   = 0x7ffd00003000
	aBuf    = 0x7ffd00004000
	aDirent = 0x7ffd00010000
	aXattr  = 0x7ffd00005000
	aStatx  = 0x7ffd00006000
	aPre    = 0x7ffd00007000
)

func genMemory() map[uint64][]byte {
	m := map[uint64][]byte{
		aPath:  []byte("/usr/lib/x86_64-linux-gnu/libselinux.so.1"),
		aEmpty: {},
		aXattr: []byte("security.selinux"),
		aPre:   []byte("/etc/ld.so.preload"),
	}
	st := make([]byte, 144)
	binary.LittleEndian.PutUint64(st[0:], 0x803)     // st_dev
	binary.LittleEndian.PutUint64(st[8:], 1234567)   // st_ino
	binary.LittleEndian.PutUint64(st[16:], 1)        // st_nlink
	binary.LittleEndian.PutUint32(st[24:], 0o100644) // st_mode
	binary.LittleEndian.PutUint64(st[48:], 174472)   // st_size
	binary.LittleEndian.PutUint64(st[56:], 4096)     // st_blksize
	binary.LittleEndian.PutUint64(st[64:], 344)      // st_blocks
	for i := 72; i < 120; i += 16 {
		binary.LittleEndian.PutUint64(st[i:], 1700000000)
		binary.LittleEndian.PutUint64(st[i+8:], 123456789)
	}
	m[aStat] = st
	stx := make([]byte, 256)
	binary.LittleEndian.PutUint32(stx[0:], 0x7ff)
	binary.LittleEndian.PutUint32(stx[4:], 4096)
	binary.LittleEndian.PutUint16(stx[28:], 0o100755)
	binary.LittleEndian.PutUint64(stx[40:], 35064)
	m[aStatx] = stx
	buf := make([]byte, 832)
	copy(buf, "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00")
	for i := 64; i < len(buf); i++ {
		buf[i] = "drwxr-xr-x 2 root root 4096 Nov 25 bin\n"[i%39]
	}
	m[aBuf] = buf
	var d []byte
	for i, name := range []string{".", "..", "bash", "cat", "ls", "find", "sh", "dd", "grep", "sed", "awk", "perl", "python3", "strace", "gcc", "make"} {
		reclen := (19 + len(name) + 1 + 7) &^ 7
		e := make([]byte, reclen)
		binary.LittleEndian.PutUint64(e[0:], uint64(1000+i))
		binary.LittleEndian.PutUint64(e[8:], uint64(len(d)+reclen))
		binary.LittleEndian.PutUint16(e[16:], uint16(reclen))
		e[18] = 8
		copy(e[19:], name)
		d = append(d, e...)
	}
	m[aDirent] = d
	return m
}

// A generated call: number, arguments, return value (negative: -errno).
type gcall struct {
	nr   uint64
	args [6]uint64
	ret  int64
}

const atFdcwd = 0xffffff9c // AT_FDCWD as the kernel passes it

var mix = []gcall{
	{257, [6]uint64{atFdcwd, aPath, 0o2000000}, 3},                          // openat
	{262, [6]uint64{3, aEmpty, aStat, 0x1000}, 0},                           // newfstatat(AT_EMPTY_PATH)
	{0, [6]uint64{3, aBuf, 832}, 832},                                       // read
	{9, [6]uint64{0, 8192, 3, 0x22, 0xffffffffffffffff, 0}, 0x7f0000000000}, // mmap
	{3, [6]uint64{3}, 0},                                                    // close
	{21, [6]uint64{aPre, 4}, -2},                                            // access: ENOENT
	{217, [6]uint64{3, aDirent, 32768}, 0},                                  // getdents64 (length set below)
	{332, [6]uint64{atFdcwd, aPath, 0x100, 0x25e, aStatx}, 0},               // statx
	{192, [6]uint64{aPath, aXattr, aBuf, 255}, -61},                         // lgetxattr: ENODATA
	{1, [6]uint64{1, aBuf, 100}, 100},                                       // write
	{12, [6]uint64{0}, 0x55555555a000},                                      // brk
	{72, [6]uint64{3, 1}, 1},                                                // fcntl(F_GETFD)
}

// genTrace writes n syscalls as a recording would hold them, in the
// format the options ask for (the current version by default): with old,
// as record captured before version 3 (-s 256, what -v shows), else as
// it does by default (-s 32, abbreviated).
func genTrace(tb testing.TB, n int, old bool, opts ...format.WriterOption) []byte {
	tb.Helper()
	mem := genMemory()
	for i := range mix {
		if mix[i].nr == 217 {
			mix[i].ret = int64(len(mem[aDirent]))
		}
	}
	var buf bytes.Buffer
	lim := sysent.Limits{Str: 32, Path: 4096}
	if old {
		lim = sysent.Limits{Str: 256, Path: 4096, Verbose: true}
	}
	h := &format.Header{Recorder: "bench", Arch: "x86_64", StrLimit: uint32(lim.Str), PathMax: 4096, Follow: true, Verbose: lim.Verbose, PageSize: 4096}
	w, err := format.NewWriter(&buf, h, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	var ev format.Event
	fm := &fakeMem{ev: &ev, bytes: mem}
	t := int64(0)
	const tid = 4242
	ev.Kind, ev.Tid, ev.Time, ev.Pid, ev.How = format.KindNewTask, tid, 0, tid, format.NewTaskLaunched
	w.WriteEvent(&ev)
	for i := 0; i < n; i++ {
		c := mix[i%len(mix)]
		e := sysent.Lookup(c.nr)
		for _, phase := range []sysent.Phase{sysent.AtEntry, sysent.AtExit} {
			ev.Reset()
			ev.Tid, ev.Time, ev.Arch, ev.Nr = tid, t, format.ArchX86_64, c.nr
			ev.HasSTime, ev.STime = true, uint64(t/3)
			ctx := sysent.Ctx{Phase: phase, Args: c.args, Lim: lim, Mem: fm}
			if phase == sysent.AtEntry {
				ev.Kind, ev.Args = format.KindSyscallEntry, c.args
			} else {
				ev.Kind, ev.Ret, ev.IsError = format.KindSyscallExit, c.ret, c.ret < 0 && c.ret > -4096
				ctx.Ret, ctx.Failed = c.ret, ev.IsError
			}
			if e != nil {
				e.CaptureMem(&ctx)
			}
			if err := w.WriteEvent(&ev); err != nil {
				tb.Fatal(err)
			}
			t += 700
		}
	}
	ev.Reset()
	ev.Kind, ev.Tid, ev.Time = format.KindExit, tid, t
	w.WriteEvent(&ev)
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// printGenerated prints the recording data to out as mytrace print does
// (without -i or -k) and returns the number of syscalls it printed.
func printGenerated(tb testing.TB, data []byte, out io.Writer) (calls int) {
	rd, err := format.NewReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	rd.SkipRegisters() // as mytrace print without -i or -k
	po := decode.PrintOptions{Options: decode.Options{StrLimit: 32}, ToFile: true, Follow: true}
	p := decode.NewPrinter(out, rd.Header(), po)
	rp := replay.New(rd)
	for {
		ev, err := rp.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				tb.Fatal(err)
			}
			break
		}
		if ev.Kind == replay.SyscallExit {
			calls++
		}
		p.Event(ev)
	}
	if err := p.Close(); err != nil {
		tb.Fatal(err)
	}
	return calls
}

var (
	genOnce  sync.Once
	genData  map[string][]byte // by format version
	genCalls = 200_000
)

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkPrint decodes and prints a generated trace of 200,000 syscalls
// per iteration and reports syscalls per second, from a file of each
// format version (v1: one zstd frame of events per chunk; v2: column
// chunks), as mytrace recorded before version 3 (-s 256, what -v shows),
// v3 (times in µs, -s 32, abbreviated) and v4 as it records now (v3 with
// argument and register references), so that one run compares them.
func BenchmarkPrint(b *testing.B) {
	genOnce.Do(func() {
		genData = map[string][]byte{
			// As mytrace wrote version 1: 256 KiB chunks, zstd's
			// fastest level.
			"v1": genTrace(b, genCalls, true, format.WithVersion(1), format.WithChunkSize(256<<10), format.WithLevel(zstd.SpeedFastest)),
			"v2": genTrace(b, genCalls, true, format.WithVersion(2)),
			"v3": genTrace(b, genCalls, false, format.WithVersion(3)),
			// As mytrace records now: version 4, -s 32, abbreviated.
			"v4": genTrace(b, genCalls, false),
		}
	})
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		b.Run(v, func(b *testing.B) {
			data := genData[v]
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				printGenerated(b, data, io.Discard)
			}
			b.ReportMetric(float64(genCalls)*float64(b.N)/b.Elapsed().Seconds(), "syscalls/s")
			b.ReportMetric(float64(len(data))/float64(genCalls), "bytes/syscall")
		})
	}
}

// TestPrintGenerated: the generated trace prints as strace would show
// such calls (a sample of lines), so the benchmark measures real work.
func TestPrintGenerated(t *testing.T) {
	var out bytes.Buffer
	printGenerated(t, genTrace(t, len(mix), false), &out)
	for _, want := range []string{
		`4242  openat(AT_FDCWD, "/usr/lib/x86_64-linux-gnu/libselinux.so.1", O_RDONLY|O_CLOEXEC) = 3`,
		`4242  newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=174472, ...}, AT_EMPTY_PATH) = 0`,
		`4242  access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)`,
		`4242  getdents64(3, 0x7ffd00010000 /* 16 entries */, 32768) = 400`,
		`4242  close(3)                          = 0`,
	} {
		if !bytes.Contains(out.Bytes(), []byte(want+"\n")) {
			t.Errorf("output lacks %q:\n%s", want, out.Bytes())
		}
	}
}

// BenchmarkPrintRecording prints the recording MYTRACE_PRINT_TRACE names
// (made by mytrace record; skipped without it) as mytrace print does
// without -i or -k, registers skipped, and reports syscalls per second:
// the generated trace's figures checked on a real program's calls. For
// one core: taskset -c 0 go test ./decode -run XXX -bench PrintRecording
// -cpu 1.
func BenchmarkPrintRecording(b *testing.B) {
	name := os.Getenv("MYTRACE_PRINT_TRACE")
	if name == "" {
		b.Skip("MYTRACE_PRINT_TRACE names no recording")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	var calls int
	for b.Loop() {
		calls = printGenerated(b, data, io.Discard)
	}
	b.ReportMetric(float64(calls)*float64(b.N)/b.Elapsed().Seconds(), "syscalls/s")
}
