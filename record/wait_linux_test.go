//go:build linux && amd64

package record

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"mytrace/format"
	"mytrace/sysent"
)

// TestWaiterAdapts: the spin bound grows to catch short gaps, never beyond
// spinMax, and falls to nothing when stops come rarely, so a program that
// seldom calls the kernel costs no polling.
func TestWaiterAdapts(t *testing.T) {
	w := waiter{spinMax: 100 * time.Microsecond, spin: 20 * time.Microsecond}
	w.caught(30 * time.Microsecond)
	if w.spin < 30*time.Microsecond {
		t.Errorf("a stop caught after 30µs left the bound at %v", w.spin)
	}
	w.missed(60 * time.Microsecond)
	if w.spin < 60*time.Microsecond || w.spin > w.spinMax {
		t.Errorf("a stop 60µs after a miss set the bound to %v", w.spin)
	}
	w.caught(time.Millisecond)
	if w.spin != w.spinMax {
		t.Errorf("bound %v beyond spinMax %v", w.spin, w.spinMax)
	}
	for i := 0; i < 10; i++ {
		w.missed(10 * time.Millisecond)
	}
	if w.spin != 0 {
		t.Errorf("ten long gaps left the bound at %v, want 0", w.spin)
	}
	w.missed(5 * time.Microsecond)
	if w.spin == 0 {
		t.Error("a short gap after the bound fell to 0 did not raise it again")
	}
	off := waiter{}
	off.missed(time.Microsecond)
	off.caught(time.Microsecond)
	if off.spin != 0 {
		t.Errorf("spinning off (spinMax 0) but bound %v", off.spin)
	}
}

// TestSpinSameEvents: recording with and without spinning gives the same
// calls (spinning changes when the tracer looks, not what it sees). The
// children run one after the other: in a pipeline the number of reads
// depends on how the writes happen to be scheduled, traced or not.
func TestSpinSameEvents(t *testing.T) {
	calls := func(spin string) []uint64 {
		t.Setenv("MYTRACE_SPIN_US", spin)
		evs, res := recordCmd(t, true, "sh", "-c", "for i in 1 2 3; do echo $i; done > /dev/null; /bin/true; /bin/true")
		if res.Status() != 0 {
			t.Fatalf("status %d", res.Status())
		}
		var nrs []uint64
		for _, e := range evs {
			if e.Kind == format.KindSyscallEntry {
				nrs = append(nrs, e.Nr)
			}
		}
		return nrs
	}
	a, b := calls("0"), calls("1000")
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d calls without spinning, %d with", len(a), len(b))
	}
}

// TestColocate: with Colocate the command sees one CPU (nproc prints 1).
func TestColocate(t *testing.T) {
	if _, err := exec.LookPath("nproc"); err != nil {
		t.Skip("no nproc")
	}
	path, err := LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Launch(path, []string{"sh", "-c", "nproc > /dev/null"}, Options{Follow: true, Colocate: true, CPU: -1, Limits: sysent.Limits{Str: 32, Path: 4096}})
	if err != nil {
		t.Fatal(err)
	}
	var c collect
	if res := r.Run(&c); res.Status() != 0 {
		t.Fatalf("status %d", res.Status())
	}
	var out []string
	for _, e := range c.evs {
		if e.Kind == format.KindSyscallEntry && e.Nr == 1 && e.Args[0] == 1 && len(e.Mem) > 0 {
			out = append(out, string(e.Mem[0].Data))
		}
	}
	if strings.Join(out, "") != "1\n" {
		t.Errorf("nproc wrote %q under co-location, want \"1\\n\"", out)
	}
	if err := CheckCPU(1 << 20); err == nil {
		t.Error("CheckCPU accepted CPU 2^20")
	}
}
