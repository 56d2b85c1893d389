package decode

import (
	"testing"

	"mytrace/sysent"
)

// TestTablesConsistent checks that every flag or value argument of the
// syscall table has its table, that every structure it names has a decoder here, and that typed syscalls have as many
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
				if a.Tab == nil {
					t.Errorf("%s: argument %s has no table", e.Name, a.Name)
				}
			case sysent.StructIn, sysent.StructOut:
				if structs[a.Struct] == nil && decoders[e.Name] == nil {
					t.Errorf("%s: argument %s names structure %q, which has no decoder", e.Name, a.Name, a.Struct)
				}
			case sysent.Custom:
				if decoders[e.Name] == nil {
					t.Errorf("%s: argument %s is Custom but the syscall has no decoder", e.Name, a.Name)
				}
			}
		}
	}
}
