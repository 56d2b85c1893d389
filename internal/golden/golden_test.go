package golden

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"mytrace/internal/stracetext"
)

// TestRoundTrip: what Write writes, Read reads back; bad files are
// refused with the line that is wrong.
func TestRoundTrip(t *testing.T) {
	secs := []Section{
		{Variant: "default", Trace: "p.trace", Cwd: "/tmp/x/rec", Rules: stracetext.DefaultRules,
			Want: "execve(\"p\", [\"p\"], 0xADDR /* 3 vars */) = 0\n----\n+++ exited with 0 +++\n"},
		{Variant: "-s 8 -y", Display: []string{"-s", "8", "-y"}, Trace: "p.1234abcd.trace", Record: []string{"-f"},
			Cwd: "/tmp/y/rec", Rules: stracetext.Rules{EphemeralLo: 1, EphemeralHi: 2}, Want: "write(1, \"=== \", 4) = 4\n"},
	}
	path := filepath.Join(t.TempDir(), "p.golden")
	if err := Write(path, []string{"a comment"}, secs); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, secs) {
		t.Errorf("read back\n%#v\nwant\n%#v", got, secs)
	}
	for _, bad := range []string{"stray text\n", "=== v\nbogus field\n", "=== v\ntrace t\n---\nx\n", "=== v\nrules nonsense\n"} {
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%q: error %v, want one naming the file", bad, err)
		}
	}
}
