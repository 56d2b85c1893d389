package session

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"mytrace/format"
	"mytrace/record"
)

// smallChunked writes a trace of n syscalls in chunks of about 40 calls
// each, as the flush timer cuts a slow program's, to path, and returns
// its events.
func smallChunked(t *testing.T, path string, n int) []*format.Event {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		t.Fatal(err)
	}
	w, err := format.NewWriter(f, &format.Header{Recorder: "test", Command: []string{"slow"}, TimeUnit: 1000}, format.WithFlushInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	var evs []*format.Event
	for i := range n {
		at := int64(i) * 1_000_000
		in := &format.Event{Kind: format.KindSyscallEntry, Tid: 42, Time: at, Arch: format.ArchX86_64, Nr: 0, Args: [6]uint64{3, 0x7ffd1000, 4096}}
		out := &format.Event{Kind: format.KindSyscallExit, Tid: 42, Time: at + 3000, Arch: format.ArchX86_64, Nr: 0, Ret: int64(i % 100)}
		for _, e := range []*format.Event{in, out} {
			if err := w.WriteEvent(e); err != nil {
				t.Fatal(err)
			}
			evs = append(evs, e)
		}
		if i%40 == 39 {
			w.Flush()
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return evs
}

func readEvents(t *testing.T, path string) []*format.Event {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := format.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var evs []*format.Event
	for {
		e, err := r.Next()
		if err != nil {
			if r.End() == nil {
				t.Fatalf("%s: %v, no end chunk", path, err)
			}
			return evs
		}
		evs = append(evs, e.Clone())
	}
}

// TestRepackFile: a trace in many small chunks is replaced by a smaller
// one with the same events and permission bits, and nothing is left
// beside it; a symbolic link, a file with another hard link, a device
// and a trace cut short are left as they are.
func TestRepackFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "slow.trace")
	want := smallChunked(t, path, 2000)
	before, _ := os.Stat(path)
	ok, err := RepackFile(path)
	if err != nil || !ok {
		t.Fatalf("RepackFile: %v, %v", ok, err)
	}
	after, _ := os.Stat(path)
	if after.Size() >= before.Size() || after.Mode() != before.Mode() {
		t.Errorf("%d bytes, %v; before %d bytes, %v", after.Size(), after.Mode(), before.Size(), before.Mode())
	}
	got := readEvents(t, path)
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := *got[i], *want[i]
		if g.Kind != w.Kind || g.Tid != w.Tid || g.Time != w.Time || g.Nr != w.Nr || g.Args != w.Args || g.Ret != w.Ret {
			t.Fatalf("event %d: %+v, want %+v", i, g, w)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.repack-*")); len(m) != 0 {
		t.Errorf("left behind: %v", m)
	}

	link := filepath.Join(dir, "link.trace")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.trace")
	smallChunked(t, hard, 500)
	if err := os.Link(hard, filepath.Join(dir, "hard2.trace")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, hard, os.DevNull} {
		if ok, err := RepackFile(p); ok || !errors.Is(err, ErrNotRepackable) {
			t.Errorf("%s: %v, %v", p, ok, err)
		}
	}

	cut := filepath.Join(dir, "cut.trace")
	smallChunked(t, cut, 2000)
	data, _ := os.ReadFile(cut)
	if err := os.WriteFile(cut, data[:len(data)/2], 0o640); err != nil {
		t.Fatal(err)
	}
	if ok, err := RepackFile(cut); ok || err == nil {
		t.Errorf("cut short: %v, %v", ok, err)
	}
	if now, _ := os.ReadFile(cut); !bytes.Equal(now, data[:len(data)/2]) {
		t.Error("the file cut short was changed")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.repack-*")); len(m) != 0 {
		t.Errorf("left behind: %v", m)
	}
}

// TestShouldRepack: only a recording with many small chunks cut by the
// timer, and not too many events to rewrite, is repacked.
func TestShouldRepack(t *testing.T) {
	for _, c := range []struct {
		timer, events uint64
		want          bool
	}{{0, 100, false}, {3, 1000, false}, {4, 1000, true}, {400, 2 << 20, true}, {400, 2<<20 + 1, false}} {
		r := &Result{Result: &record.Result{Events: c.events}, TimerChunks: c.timer}
		if got := r.ShouldRepack(); got != c.want {
			t.Errorf("%d timer chunks, %d events: %v", c.timer, c.events, got)
		}
	}
}
