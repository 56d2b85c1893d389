package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mytrace/internal/golden"
	"mytrace/internal/stracetext"
)

// update makes TestStraceParity write the corpus goldens
// (internal/golden) instead of comparing: go test ./cmd/mytrace -run
// TestStraceParity -update.
var update = flag.Bool("update", false, "rewrite what the tests compare with: docs/mytrace.1 (TestManPage), and the corpus goldens in testdata/golden (TestStraceParity)")

// goldenTries is how often a recording, and strace's run of a variant,
// are made again when they disagree (a run-to-run difference the
// normalization does not know, such as a signal landing elsewhere).
const goldenTries = 3

// updateGolden records program name (built at bin) once for each way its
// variants record it, runs strace for each variant, and writes the
// recordings and strace's normalized texts into testdata/golden once
// print of the recording agrees with strace for every variant.
func updateGolden(t *testing.T, name, bin string, sem chan struct{}) {
	strace := needTool(t, "strace")
	outDir, err := filepath.Abs(filepath.Join("..", "..", golden.Dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Variants that record the same way share a recording.
	var keys []string
	groups := map[string][]variant{}
	for _, v := range variantsOf(t, name) {
		key := strings.Join(append(append([]string{}, v.trace...), append([]string{"--"}, v.args...)...), " ")
		if groups[key] == nil {
			keys = append(keys, key)
		}
		groups[key] = append(groups[key], v)
	}
	var secs []golden.Section
	for _, key := range keys {
		file := name + ".trace"
		if key != "--" {
			sum := sha256.Sum256([]byte(key))
			file = name + "." + hex.EncodeToString(sum[:4]) + ".trace"
		}
		secs = append(secs, goldenGroup(t, sem, strace, bin, groups[key], filepath.Join(outDir, file))...)
	}
	comment := []string{
		"strace 6.1's normalized text of testdata/c/" + name + ".c, and the recordings it is compared with:",
		"written by go test ./cmd/mytrace -run 'TestStraceParity/" + name + "$' -update; read by TestGoldenCorpus.",
	}
	if err := golden.Write(filepath.Join(outDir, name+".golden"), comment, secs); err != nil {
		t.Fatal(err)
	}
}

// goldenGroup records the program once as the variants vs say (they
// record alike) into path, and returns a section for each variant with
// strace's normalized text, once print of the recording agrees with
// strace on every variant: a variant that disagrees gets strace run again,
// and when that does not help, the recording is made again.
func goldenGroup(t *testing.T, sem chan struct{}, strace, bin string, vs []variant, path string) []golden.Section {
	for try := 1; try <= goldenTries; try++ {
		cwd := recordGolden(t, sem, bin, vs[0], path)
		var secs []golden.Section
		for _, v := range vs {
			got := printedText(t, path, cwd, v.display)
			want := ""
			for run := 1; run <= goldenTries && want != got; run++ {
				if want != "" {
					t.Logf("%s: recording %d, strace run %d: print and strace differ:\n%s", v, try, run-1, stracetext.Diff(want, got))
				}
				want = stracedText(t, sem, strace, bin, v)
			}
			if want != got {
				break
			}
			secs = append(secs, golden.Section{Variant: v.String(), Display: v.display, Trace: filepath.Base(path),
				Record: v.trace, Cwd: cwd, Rules: norm, Want: want})
		}
		if len(secs) == len(vs) {
			return secs
		}
	}
	t.Fatalf("%s: no recording agreed with strace on every variant in %d tries; goldens not written", filepath.Base(path), goldenTries)
	return nil
}

// recordGolden records the program as variant v says into path and
// returns the directory it ran in.
func recordGolden(t *testing.T, sem chan struct{}, bin string, v variant, path string) string {
	sem <- struct{}{}
	defer func() { <-sem }()
	dir := filepath.Join(t.TempDir(), "rec")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	args := append(append([]string{"record", "-o", path}, v.trace...), append([]string{"--", bin}, v.args...)...)
	if stderr, code := runIn(t, dir, mytraceBin, args...); code < 0 {
		t.Fatal(failed(mytraceBin, args, stderr, code))
	}
	return dir
}

// stracedText runs the program under strace as variant v says and
// returns the normalized text.
func stracedText(t *testing.T, sem chan struct{}, strace, bin string, v variant) string {
	sem <- struct{}{}
	defer func() { <-sem }()
	// The output is written beside the directory the program runs in,
	// as with the recording, so that the program sees the same files.
	dir := filepath.Join(t.TempDir(), "strace")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "..", "strace.out")
	args := append(append(append([]string{"-o", out}, v.trace...), v.display...), append([]string{bin}, v.args...)...)
	stderr, code := runIn(t, dir, strace, args...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no output (%v): %s", err, failed(strace, args, stderr, code))
	}
	return norm.Text(strings.ReplaceAll(string(b), dir, "CWD"))
}

// printedText prints a recording made in cwd with the display flags and
// returns the normalized text.
func printedText(t *testing.T, trace, cwd string, display []string) string {
	out := filepath.Join(t.TempDir(), "print.out")
	args := append(append([]string{"print", "-o", out}, display...), trace)
	if stderr, code := runIn(t, t.TempDir(), mytraceBin, args...); code != 0 {
		t.Fatal(failed(mytraceBin, args, stderr, code))
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return norm.Text(strings.ReplaceAll(string(b), cwd, "CWD"))
}
