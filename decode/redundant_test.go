package decode_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mytrace/decode"
	"mytrace/internal/golden"
)

// TestNoRedundantDecoders: a syscall with a typed description in the
// syscall table is shown from it; a hand decoder is for what the types
// cannot say. Every hand decoder of a typed syscall must change what
// print shows for some call of the corpus goldens, under some variant's
// flags: one that changes nothing there is redundant and should go. A
// decoder serving several syscalls is judged on all of them at once; one
// whose syscalls the goldens never call gets no verdict.
func TestNoRedundantDecoders(t *testing.T) {
	files, err := golden.Files("..")
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens in %s (%v)", golden.Dir, err)
	}
	type run struct {
		trace   string
		display []string
		text    string // printed with every decoder
	}
	var runs []run
	for _, file := range files {
		secs, err := golden.Read(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secs {
			tr := filepath.Join(filepath.Dir(file), s.Trace)
			runs = append(runs, run{tr, s.Display, printGolden(t, tr, s.Display)})
		}
	}
	var redundant []string
	checked := 0
	groups := decode.HandDecodedTyped()
	for _, names := range groups {
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = regexp.QuoteMeta(n)
		}
		call := regexp.MustCompile(`(?m)^(\[pid +\d+\] )?(` + strings.Join(quoted, "|") + `)\(`)
		seen, differs := false, false
		decode.WithoutDecoder(names, func() {
			for _, r := range runs {
				if !call.MatchString(r.text) {
					continue
				}
				seen = true
				if printGolden(t, r.trace, r.display) != r.text {
					differs = true
					return
				}
			}
		})
		if seen {
			checked++
			if !differs {
				redundant = append(redundant, strings.Join(names, "/"))
			}
		}
	}
	t.Logf("%d hand decoders of typed syscalls, %d called in the goldens", len(groups), checked)
	if len(redundant) > 0 {
		t.Errorf("%d hand decoders change nothing the goldens show; the typed description suffices: %s",
			len(redundant), strings.Join(redundant, " "))
	}
}
