package report

import (
	"bytes"
	"errors"
	"io"
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
