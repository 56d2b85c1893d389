package options

import (
	"reflect"
	"strings"
	"testing"
)

// TestParsePoke: poke_enter= and poke_exit= parse as strace 6.1's
// parse_poke_token: the bytes, in the order given, of each argument.
func TestParsePoke(t *testing.T) {
	for expr, want := range map[string][2][]InjectPoke{
		"write:poke_enter=@arg2=41414141":              {{{2, []byte("AAAA")}}, nil},
		"write:poke_exit=@arg1=00,@arg7=ff0a":          {nil, {{1, []byte{0}}, {7, []byte{0xff, 0x0a}}}},
		"write:poke_enter=,":                           {nil, nil},
		"write:poke_enter=,,@arg3=4g,":                 {{{3, []byte{4}}}, nil}, // %2hhx stops at the g
		"write:poke_enter=@arg2=0x":                    {{{2, []byte{0}}}, nil},
		"write:poke_enter=@arg2=-1":                    {{{2, []byte{0xff}}}, nil},
		"write:poke_enter=@arg2=+4":                    {{{2, []byte{4}}}, nil},
		"write:poke_enter=@arg2= 4":                    {{{2, []byte{4}}}, nil},
		"write:poke_enter=@arg2= a1b":                  {{{2, []byte{0xa1, 0x1b}}}, nil}, // the blank is skipped, the next pair read on from there
		"write:poke_enter=@arg1=61:poke_exit=@arg1=62": {{{1, []byte("a")}}, {{1, []byte("b")}}},
	} {
		r, err := ParseInject(expr, false)
		if err != nil {
			t.Errorf("%s: %v", expr, err)
			continue
		}
		if !reflect.DeepEqual(r.PokeEnter, want[0]) || !reflect.DeepEqual(r.PokeExit, want[1]) {
			t.Errorf("%s: enter %v exit %v, want %v", expr, r.PokeEnter, r.PokeExit, want)
		}
		if !r.HasPokeEnter && !r.HasPokeExit {
			t.Errorf("%s: no poke noted", expr)
		}
	}
	for _, expr := range []string{
		"write:poke_enter=", "write:poke_enter=@arg2=", "write:poke_enter=@arg2=4", "write:poke_enter=@arg9=41",
		"write:poke_enter=@arg=41", "write:poke_enter=@arg22=41", "write:poke_enter=@arg2:41", "write:poke_enter=@arg2=zz",
		"write:poke_enter=@arg2=41,@arg2=41", "write:poke_exit=@arg2=41:poke_exit=@arg3=41",
		"write:poke_enter=@arg2=" + strings.Repeat("00", 1025), "write:poke_enter=@arg2=+g",
	} {
		if _, err := ParseInject(expr, false); err == nil {
			t.Errorf("%s: accepted", expr)
		}
	}
	if _, err := ParseInject("write:poke_enter=@arg2=41", true); err == nil {
		t.Errorf("fault= took a poke")
	}
}
