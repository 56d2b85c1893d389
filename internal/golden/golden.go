// Package golden reads and writes the corpus goldens in testdata/golden:
// for each test program of testdata/c, the recordings of its runs and,
// for each variant (a set of display flags), strace 6.1's normalized text
// of the same run. The differential harness writes them
// (go test ./cmd/mytrace -run TestStraceParity -update); the golden tests
// of decode and report read them and need neither root, nor strace, nor a
// C compiler.
//
// A golden file is text, one section a variant:
//
//	# comment lines
//	=== VARIANT
//	display FLAG...      (the flags given to print; may be empty)
//	trace FILE           (the recording, beside the golden file)
//	record FLAG...       (how it was recorded, for the reader)
//	cwd DIR              (the recording's directory, shown as CWD)
//	rules RULES          (stracetext.Rules in effect)
//	---
//	normalized text, up to the next "=== " line
//
// Limits: flags are separated by single spaces, so a flag cannot hold a
// space (the corpus's variants never do).
package golden

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"mytrace/internal/stracetext"
)

// Dir is the goldens' directory, relative to the repository's root.
const Dir = "testdata/golden"

// Section is one variant of a program.
type Section struct {
	Variant string           // the variant's name ("default", "-s 8 -x")
	Display []string         // flags given to print
	Trace   string           // the recording's file name, in the golden's directory
	Record  []string         // flags given to record (informative)
	Cwd     string           // directory the recording ran in
	Rules   stracetext.Rules // normalization rules
	Want    string           // strace's normalized text
}

// Read parses a golden file.
func Read(path string) ([]Section, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Section
	var cur *Section
	inBody := false
	var body strings.Builder
	end := func() {
		if cur != nil {
			cur.Want = body.String()
			out = append(out, *cur)
		}
		body.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		ln := sc.Text()
		if v, ok := strings.CutPrefix(ln, "=== "); ok {
			end()
			cur, inBody = &Section{Variant: v}, false
			continue
		}
		if cur == nil {
			if ln == "" || strings.HasPrefix(ln, "#") {
				continue
			}
			return nil, fmt.Errorf("%s:%d: text before the first section", path, n)
		}
		if inBody {
			body.WriteString(ln)
			body.WriteByte('\n')
			continue
		}
		key, val, _ := strings.Cut(ln, " ")
		switch key {
		case "display":
			cur.Display = fields(val)
		case "trace":
			cur.Trace = val
		case "record":
			cur.Record = fields(val)
		case "cwd":
			cur.Cwd = val
		case "rules":
			if cur.Rules, err = stracetext.ParseRules(val); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n, err)
			}
		case "---":
			inBody = true
		default:
			return nil, fmt.Errorf("%s:%d: unknown field %q", path, n, key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	end()
	for _, s := range out {
		if s.Trace == "" || s.Cwd == "" || s.Rules == (stracetext.Rules{}) {
			return nil, fmt.Errorf("%s: section %q lacks its trace, cwd or rules", path, s.Variant)
		}
	}
	return out, nil
}

// fields splits a list of flags, nil for none.
func fields(s string) []string {
	if f := strings.Fields(s); len(f) > 0 {
		return f
	}
	return nil
}

// Write writes a golden file with comment lines first.
func Write(path string, comment []string, secs []Section) error {
	var b strings.Builder
	for _, c := range comment {
		fmt.Fprintf(&b, "# %s\n", c)
	}
	for _, s := range secs {
		fmt.Fprintf(&b, "=== %s\ndisplay %s\ntrace %s\nrecord %s\ncwd %s\nrules %s\n---\n%s",
			s.Variant, strings.Join(s.Display, " "), s.Trace, strings.Join(s.Record, " "), s.Cwd, s.Rules, s.Want)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// Files returns the golden files under root (the repository's root).
func Files(root string) ([]string, error) {
	return filepath.Glob(filepath.Join(root, Dir, "*.golden"))
}
