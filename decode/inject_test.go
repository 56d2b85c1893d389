package decode

import (
	"reflect"
	"strings"
	"testing"

	"mytrace/format"
)

// TestPokeNote: strace's notes after the result of a poked call.
func TestPokeNote(t *testing.T) {
	poked := []format.Poke{{Arg: 2, Data: []byte("A"), Written: 1}}
	failed := []format.Poke{{Arg: 1, Data: []byte("A")}, {Arg: 7, Skipped: true, NArgs: 3}}
	for _, c := range []struct {
		tp   format.Tamper
		want string
	}{
		{format.Tamper{Flags: format.TamperPoke, Pokes: poked}, " (INJECTED: args)"},
		{format.Tamper{Flags: format.TamperPoke | format.TamperError, Errno: 5, Pokes: poked}, " (INJECTED: args, retval)"},
		{format.Tamper{Flags: format.TamperPoke | format.TamperDelayExit, Pokes: poked}, " (INJECTED: args) (DELAYED)"},
		{format.Tamper{Flags: format.TamperPoke | format.TamperRetval, Pokes: failed}, " (INJECTED)"},
		{format.Tamper{Flags: format.TamperPoke, Pokes: failed}, ""},
	} {
		if got := InjectedNote(&c.tp); got != c.want {
			t.Errorf("%+v: %q, want %q", c.tp, got, c.want)
		}
	}
	msgs := pokeMessages(42, "write", &format.Tamper{Pokes: append(failed, format.Poke{Exit: true, Arg: 3})}, false)
	want := []string{
		"poke_tcb: Failed to tamper with process 42: couldn't poke",
		"poke_tcb: Failed to tamper with process 42: requested to tamper with argument #7, but system call 'write' has only 3 arguments",
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("messages %q, want %q", msgs, want)
	}
}

func TestInjectedNote(t *testing.T) {
	o := &Options{}
	errRet := &Ret{Kind: RetError, Errno: 2, Raw: -2, Aux: "aux"}
	if got := RenderRetNote(errRet, o, InjectedNote(&format.Tamper{Flags: format.TamperError})); got != "-1 ENOENT (No such file or directory) (INJECTED) (aux)" {
		t.Errorf("error: %q", got)
	}
	valRet := &Ret{Kind: RetValue, Val: Int(1), Raw: 1, Aux: "flags O_WRONLY"}
	if got := RenderRetNote(valRet, o, InjectedNote(&format.Tamper{Flags: format.TamperRetval | format.TamperDelayExit})); got != "1 (flags O_WRONLY) (INJECTED) (DELAYED)" {
		t.Errorf("value: %q", got)
	}
	if got := InjectedNote(&format.Tamper{Flags: format.TamperSignal}); got != "" {
		t.Errorf("signal only: %q", got)
	}
	if got := RenderRetNote(valRet, o, ""); !strings.HasPrefix(got, "1 (flags") {
		t.Errorf("no note: %q", got)
	}
}
