package format

import (
	"reflect"
	"testing"
)

// TestResetClearsAll: every field of an Event is zero after Reset (its
// slices empty, their capacity kept), whatever it held: a field added to
// Event and not to Reset fails here.
func TestResetClearsAll(t *testing.T) {
	var e Event
	v := reflect.ValueOf(&e).Elem()
	for i := 0; i < v.NumField(); i++ {
		fill(t, v.Field(i), v.Type().Field(i).Name)
	}
	if !e.HasRegs {
		t.Fatal("fill left HasRegs false")
	}
	caps := map[string]int{}
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Kind() == reflect.Slice {
			caps[v.Type().Field(i).Name] = f.Cap()
		}
	}
	e.Reset()
	for i := 0; i < v.NumField(); i++ {
		f, name := v.Field(i), v.Type().Field(i).Name
		if f.Kind() == reflect.Slice {
			if f.Len() != 0 {
				t.Errorf("%s has %d elements after Reset", name, f.Len())
			}
			if f.Cap() != caps[name] && name != "Stack" {
				t.Errorf("%s lost its capacity (%d, was %d)", name, f.Cap(), caps[name])
			}
			continue
		}
		if !f.IsZero() {
			t.Errorf("%s is %v after Reset", name, f.Interface())
		}
	}
}

// fill sets v to a non-zero value.
func fill(t *testing.T, v reflect.Value, name string) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		v.SetInt(7)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		v.SetUint(7)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(t, v.Index(i), name)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 4)
		for i := 0; i < 2; i++ {
			fill(t, s.Index(i), name)
		}
		v.Set(s)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fill(t, v.Field(i), name+"."+v.Type().Field(i).Name)
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(t, p.Elem(), name)
		v.Set(p)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
	default:
		t.Fatalf("fill: %s of kind %v", name, v.Kind())
	}
}

// TestCopyToCopiesAll: CopyTo makes every field of the copy equal to the
// original's, shares no memory with it, and clears what the copy held
// before (registers included): a field added to Event and not to CopyTo
// fails here.
func TestCopyToCopiesAll(t *testing.T) {
	var src, dst Event
	sv := reflect.ValueOf(&src).Elem()
	for i := 0; i < sv.NumField(); i++ {
		fill(t, sv.Field(i), sv.Type().Field(i).Name)
	}
	dst.HasRegs, dst.Regs[3] = true, 99
	src.CopyTo(&dst)
	if !reflect.DeepEqual(src, dst) {
		dv := reflect.ValueOf(&dst).Elem()
		for i := 0; i < sv.NumField(); i++ {
			if !reflect.DeepEqual(sv.Field(i).Interface(), dv.Field(i).Interface()) {
				t.Errorf("%s: copy %v, original %v", sv.Type().Field(i).Name, dv.Field(i).Interface(), sv.Field(i).Interface())
			}
		}
	}
	// No memory shared: changing the original's buffers leaves the copy.
	want := Event{}
	src.CopyTo(&want)
	src.Mem[0].Data[0]++
	src.Fds[0].Path[0]++
	src.Siginfo[0]++
	src.Stack[0]++
	src.Maps[0].Path[0]++
	src.Pids[0].Comm[0]++
	if !reflect.DeepEqual(dst, want) {
		t.Error("the copy shares memory with the original")
	}
	// From an event without registers, the copy's are cleared.
	var plain Event
	plain.CopyTo(&dst)
	if dst.HasRegs || dst.Regs != (Regs{}) {
		t.Errorf("registers left in the copy: %v %v", dst.HasRegs, dst.Regs)
	}
}
