package decode_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/internal/testrand"
	"mytrace/sysent"
)

// TestHandDecodersAgreeWithSpecs: where a syscall has a hand decoder, an
// argument its table entry gives a plain type (not Custom) is shown as
// that type says: the decoder may compute it, but it cannot say
// otherwise, so the table stays the one description of it.
func TestHandDecodersAgreeWithSpecs(t *testing.T) {
	rng := testrand.New(t, 1)
	o := decode.DefaultOptions()
	bad := map[string][]string{}
	seen := map[string]bool{}
	for nr := 0; nr < sysent.Max(); nr++ {
		e := sysent.Lookup(uint64(nr))
		if e == nil || !e.Typed() || !decode.HasDecoder(e.Name) {
			continue
		}
		for try := 0; try < 200; try++ {
			var args [6]uint64
			for i := range args {
				switch rng.Intn(4) {
				case 0:
					args[i] = uint64(rng.Intn(8))
				case 1:
					args[i] = uint64(rng.Uint32())
				case 2:
					args[i] = rng.Uint64()
				default:
					args[i] = 1 << uint(rng.Intn(32))
				}
			}
			entry := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args}
			exit := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: 0}
			c := decode.Syscall(entry, exit, o)
			if c.Err != "" || len(c.Args) != len(e.Args) {
				continue
			}
			for i, a := range e.Args {
				if a.Type == sysent.Custom || a.Type == sysent.ByDecoder || a.Type == sysent.BufOut || a.Type == sysent.StructOut ||
					a.Type == sysent.BufIn || a.Type == sysent.StructIn || a.Type == sysent.Path || a.Type == sysent.Str {
					continue
				}
				if c.Args[i] == nil {
					continue // a place holder of the text's layout
				}
				got := decode.Render(c.Args[i], o)
				want := decode.TypedArgText(entry, exit, i, o)
				if got != want && !seen[e.Name+"."+a.Name] {
					seen[e.Name+"."+a.Name] = true
					bad[e.Name] = append(bad[e.Name], fmt.Sprintf("%s (argument %d): %s, the table says %s", a.Name, i, got, want))
				}
			}
		}
	}
	var names []string
	for n := range bad {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Errorf("%s: %s", n, strings.Join(bad[n], "; "))
	}
}
