package bpf

import (
	"testing"

	"mytrace/sysent"
)

// TestBuildTable: every syscall sysent captures has its ops, and the
// table says what the derivation promises for a few of them.
func TestBuildTable(t *testing.T) {
	tab, err := BuildTable(nil)
	if err != nil {
		t.Fatal(err)
	}
	nr := func(name string) int {
		n, ok := sysent.ByName(name)
		if !ok {
			t.Fatalf("no syscall %s", name)
		}
		return n
	}
	// openat: the path, derived from its type (and the descriptor it
	// returns, for -y).
	d := &tab[nr("openat")]
	if d.Flags&DescTrace == 0 || d.NOps != 2 || d.Ops[0] != (Op{Kind: KindStr, When: AtEntry, Arg: 1, Lim: LimPath}) || d.Ops[1].Kind != KindFds {
		t.Errorf("openat: %+v", d)
	}
	// read: the buffer at exit, as long as the result, up to -s.
	d = &tab[nr("read")]
	if d.NOps != 1 || d.Ops[0] != (Op{Kind: KindBytes, When: AtExitOK, Arg: 1, Len: LenRet, Lim: LimStr, Flags: Positive}) {
		t.Errorf("read: %+v", d)
	}
	// execve: the path from its type, argv and envp from its Reads.
	d = &tab[nr("execve")]
	if d.NOps != 3 || d.Ops[0].Kind != KindStr || d.Ops[1].Kind != KindVec || d.Ops[2].Flags&Env == 0 {
		t.Errorf("execve: %+v", d)
	}
	// A number no syscall has is still recorded.
	if tab[NSys-1].Flags&DescTrace == 0 {
		t.Error("unknown numbers are not recorded")
	}
	// -e trace=: only the set.
	only, err := BuildTable(func(n int) bool { return n == nr("write") })
	if err != nil {
		t.Fatal(err)
	}
	if only[nr("write")].Flags&DescTrace == 0 || only[nr("read")].Flags&DescTrace != 0 || only[nr("read")].NOps == 0 {
		t.Error("-e trace= filtering in the table is wrong")
	}
	for n := 0; n < sysent.Max(); n++ {
		e := sysent.Lookup(uint64(n))
		if e == nil {
			continue
		}
		if len(tab[n].Ops) > MaxOps {
			t.Errorf("%s: too many ops", e.Name)
		}
	}
}
