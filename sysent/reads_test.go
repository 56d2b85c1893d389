package sysent

import "testing"

// TestReadsCoverCaptures: a spec whose capture is a Go function (an
// entry's Capture, a Custom argument's) says what it copies as data
// (Reads), which the bpf recorder follows; a spec without one says
// nothing there (its argument types say it). Every read names an
// argument the call has, a kind, a stop, and for a length taken from an
// argument, that argument.
func TestReadsCoverCaptures(t *testing.T) {
	for nr := 0; nr < Max(); nr++ {
		e := Lookup(uint64(nr))
		if e == nil {
			continue
		}
		goCapture := e.Capture != nil
		for _, a := range e.Args {
			goCapture = goCapture || (a.Type == Custom && a.Fn != nil)
		}
		switch {
		case goCapture && e.Reads == nil:
			t.Errorf("%s: captured by a Go function, no Reads say what it copies", e.Name)
		case !goCapture && e.Reads != nil:
			t.Errorf("%s: Reads without a Go capture (its argument types say what is copied)", e.Name)
		}
		for i, r := range e.Reads {
			switch {
			case r.Kind < ReadBytes || r.Kind > ReadIocbs:
				t.Errorf("%s: read %d: kind %d", e.Name, i, r.Kind)
			case r.At < ReadAtEntry || r.At > ReadAtBoth:
				t.Errorf("%s: read %d: stop %d", e.Name, i, r.At)
			case r.Kind != ReadSPRel && int(r.Arg) >= e.NArgs:
				t.Errorf("%s: read %d: argument %d of %d", e.Name, i, r.Arg, e.NArgs)
			case (r.Len == ReadLenArg || r.Len == ReadLenArgPtr || r.Kind == ReadIovec) && int(r.LenArg) >= e.NArgs:
				t.Errorf("%s: read %d: length from argument %d of %d", e.Name, i, r.LenArg, e.NArgs)
			}
		}
	}
}
