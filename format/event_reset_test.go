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
