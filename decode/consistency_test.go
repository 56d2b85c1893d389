package decode

import (
	"testing"

	"mytrace/decode/sysent"
)

// TestTablesConsistent checks that every table and structure named by
// the syscall table exists here, and that typed syscalls have as many
// arguments as the kernel gives them.
func TestTablesConsistent(t *testing.T) {
	for nr := 0; nr < sysent.Max(); nr++ {
		e := sysent.Lookup(uint64(nr))
		if e == nil || !e.Typed() {
			continue
		}
		if decoders[e.Name] == nil && len(e.Args) != e.NArgs {
			t.Errorf("%s: %d typed arguments, the kernel takes %d", e.Name, len(e.Args), e.NArgs)
		}
		for _, a := range e.Args {
			switch a.Type {
			case sysent.Flags, sysent.Enum:
				if _, ok := xlats[a.X]; !ok {
					t.Errorf("%s: argument %s names xlat %q, which is not registered", e.Name, a.Name, a.X)
				}
			case sysent.StructIn, sysent.StructOut:
				if structs[a.X] == nil && decoders[e.Name] == nil {
					t.Errorf("%s: argument %s names structure %q, which has no decoder", e.Name, a.Name, a.X)
				}
			case sysent.Custom:
				if decoders[e.Name] == nil {
					t.Errorf("%s: argument %s is Custom but the syscall has no decoder", e.Name, a.Name)
				}
			}
		}
	}
}
