package sysent

import "testing"

// TestPidsAreTypedPids: every argument the pid table names is a typed Pid
// argument, or shown by the syscall's decoder, never something else.
func TestPidsAreTypedPids(t *testing.T) {
	for name, p := range pidSpecs {
		nr, _ := ByName(name)
		e := Lookup(uint64(nr))
		for i, k := range p.Args {
			if k == PidNone {
				continue
			}
			if i >= len(e.Args) {
				t.Errorf("%s: argument %d is a pid but the syscall has %d", name, i, len(e.Args))
				continue
			}
			if ty := e.Args[i].Type; ty != Pid && ty != ByDecoder && ty != Int {
				t.Errorf("%s: argument %d (%s) is a pid, typed %d", name, i, e.Args[i].Name, ty)
			}
		}
	}
	if PidsOf(39) == nil || PidsOf(39).Ret != PidTGID { // getpid
		t.Error("getpid returns no pid")
	}
	if k, v := PidTGIDOrPGID.Of(-5); k != PidPGID || v != 5 {
		t.Errorf("kill(-5): %v %d", k, v)
	}
	if k, _ := PidTGIDOrPGID.Of(-1); k != PidNone {
		t.Errorf("kill(-1): %v", k)
	}
	if !RenamesTask(157, [6]uint64{15}) || RenamesTask(157, [6]uint64{16}) || !RenamesTask(59, [6]uint64{}) {
		t.Error("RenamesTask")
	}
}
