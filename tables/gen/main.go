// Command gen writes package tables' Go source from its input, the text
// files in tables/in (go generate ./tables runs it in that directory).
//
// Input formats, all line-based, "#" starting a comment line:
//
//   - FAMILY.in (named constants): a line starting in column one opens a
//     table, "NAME [DEFAULT]" (strace's table name, and the comment shown
//     for a value the table has no name for, such as "O_???"); each
//     indented line after it is an entry, "NAME VALUE" (VALUE, the last
//     field, in C syntax: 0x1f, 31, 037; NAME may hold spaces), or
//     "@include TABLE" for all the entries of
//     another table, in order. Entries keep their order: flags are
//     matched in it, so composite values come before their parts.
//   - ioctls.in: "NUMBER NAME", sorted by number, then name.
//   - errno.in: "NUMBER NAME MESSAGE".
//   - signals.in: "NUMBER NAME", from 0 up without gaps.
//
// Each FAMILY.in becomes FAMILY_gen.go with one exported variable a table,
// named after it in CamelCase (open_mode_flags: OpenModeFlags).
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	if err := run("in", "."); err != nil {
		fmt.Fprintln(os.Stderr, "tables/gen:", err)
		os.Exit(1)
	}
}

// line is one input line with its position.
type line struct {
	file string
	n    int
	text string
}

func (l line) errorf(format string, a ...any) error {
	return fmt.Errorf("%s:%d: %s", l.file, l.n, fmt.Sprintf(format, a...))
}

// readLines returns the non-comment, non-empty lines of a file.
func readLines(path string) ([]line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []line
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		t := sc.Text()
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, line{filepath.Base(path), n, t})
	}
	return out, sc.Err()
}

// table is one named-constant table of the input.
type table struct {
	name, dflt string
	family     string
	entries    []entry
	at         line
}

type entry struct {
	name    string
	val     uint64
	include string
	at      line
}

// ident is a table's Go name.
func ident(name string) string {
	var b strings.Builder
	for _, p := range strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == '+' }) {
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return b.String()
}

func run(inDir, outDir string) error {
	files, err := filepath.Glob(filepath.Join(inDir, "*.in"))
	if err != nil {
		return err
	}
	byName := map[string]*table{}
	idents := map[string]string{"XV": "", "Xlat": "", "Ioctl": "", "Ioctls": "", "Errno": "", "Errnos": "", "Signals": ""}
	var families []string
	tablesOf := map[string][]*table{}
	special := map[string]func([]line) ([]byte, error){
		"ioctls.in": genIoctls, "errno.in": genErrno, "signals.in": genSignals,
	}
	for _, path := range files {
		lines, err := readLines(path)
		if err != nil {
			return err
		}
		base := filepath.Base(path)
		if g := special[base]; g != nil {
			src, err := g(lines)
			if err != nil {
				return err
			}
			if err := write(filepath.Join(outDir, strings.TrimSuffix(base, ".in")+"_gen.go"), base, src); err != nil {
				return err
			}
			continue
		}
		fam := strings.TrimSuffix(base, ".in")
		families = append(families, fam)
		var cur *table
		for _, l := range lines {
			f := strings.Fields(l.text)
			if l.text[0] != ' ' && l.text[0] != '\t' {
				if len(f) > 2 {
					return l.errorf("a table is \"NAME [DEFAULT]\"")
				}
				cur = &table{name: f[0], family: fam, at: l}
				if len(f) == 2 {
					cur.dflt = f[1]
				}
				if old := byName[cur.name]; old != nil {
					return l.errorf("table %s defined again (first at %s:%d)", cur.name, old.at.file, old.at.n)
				}
				id := ident(cur.name)
				if other, dup := idents[id]; dup {
					return l.errorf("table %s is %s in Go, as %q is", cur.name, id, other)
				}
				idents[id] = cur.name
				byName[cur.name] = cur
				tablesOf[fam] = append(tablesOf[fam], cur)
				continue
			}
			if cur == nil {
				return l.errorf("an entry before any table")
			}
			if len(f) == 2 && f[0] == "@include" {
				cur.entries = append(cur.entries, entry{include: f[1], at: l})
				continue
			}
			if len(f) < 2 {
				return l.errorf("an entry is \"NAME VALUE\" or \"@include TABLE\"")
			}
			// The value is the last field; a name may hold spaces
			// ("offsetof(struct user, i387)").
			name := strings.TrimSpace(l.text[:strings.LastIndex(l.text, f[len(f)-1])])
			v, err := strconv.ParseUint(f[len(f)-1], 0, 64)
			if err != nil {
				return l.errorf("value of %s: %v", name, err)
			}
			cur.entries = append(cur.entries, entry{name: name, val: v, at: l})
		}
	}
	for _, fam := range families {
		var b bytes.Buffer
		for _, t := range tablesOf[fam] {
			vals, err := resolve(t, byName, nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "\n// %s is strace's %s table.\nvar %s = &Xlat{Name: %q, Dflt: %q, Vals: []XV{\n", ident(t.name), t.name, ident(t.name), t.name, t.dflt)
			for _, e := range vals {
				fmt.Fprintf(&b, "\t{%q, %#x},\n", e.name, e.val)
			}
			b.WriteString("}}\n")
		}
		if err := write(filepath.Join(outDir, fam+"_gen.go"), fam+".in", b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// resolve returns a table's entries with its includes expanded.
func resolve(t *table, byName map[string]*table, seen []string) ([]entry, error) {
	for _, s := range seen {
		if s == t.name {
			return nil, t.at.errorf("table %s includes itself (through %s)", t.name, strings.Join(seen, ", "))
		}
	}
	var out []entry
	for _, e := range t.entries {
		if e.include == "" {
			out = append(out, e)
			continue
		}
		inc := byName[e.include]
		if inc == nil {
			return nil, e.at.errorf("no table %s to include", e.include)
		}
		vals, err := resolve(inc, byName, append(seen, t.name))
		if err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, nil
}

// write formats src as the Go file path, generated from input.
func write(path, input string, src []byte) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by tables/gen from tables/in/%s; DO NOT EDIT.\n\npackage tables\n", input)
	b.Write(src)
	out, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, out, 0o644)
}

func genIoctls(lines []line) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\n// Ioctls are the named ioctl request numbers, sorted by number and,\n// for one number, by name.\nvar Ioctls = []Ioctl{\n")
	var prev Ioctl
	for i, l := range lines {
		f := strings.Fields(l.text)
		if len(f) != 2 {
			return nil, l.errorf("an ioctl is \"NUMBER NAME\"")
		}
		code, err := strconv.ParseUint(f[0], 0, 32)
		if err != nil {
			return nil, l.errorf("%v", err)
		}
		cur := Ioctl{uint32(code), f[1]}
		if i > 0 && (cur.Code < prev.Code || cur.Code == prev.Code && cur.Name <= prev.Name) {
			return nil, l.errorf("%s is out of order", cur.Name)
		}
		prev = cur
		fmt.Fprintf(&b, "\t{%#08x, %q},\n", cur.Code, cur.Name)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// Ioctl mirrors tables.Ioctl, for the order check.
type Ioctl struct {
	Code uint32
	Name string
}

func genErrno(lines []line) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\n// Errnos are the error numbers by number: name and message.\nvar Errnos = map[int]Errno{\n")
	seen := map[int]bool{}
	var nums []int
	rows := map[int]string{}
	for _, l := range lines {
		f := strings.SplitN(l.text, " ", 3)
		if len(f) != 3 {
			return nil, l.errorf("an errno is \"NUMBER NAME MESSAGE\"")
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, l.errorf("%v", err)
		}
		if seen[n] {
			return nil, l.errorf("errno %d listed twice", n)
		}
		seen[n] = true
		nums = append(nums, n)
		rows[n] = fmt.Sprintf("\t%d: {%q, %q},\n", n, f[1], f[2])
	}
	sort.Ints(nums)
	for _, n := range nums {
		b.WriteString(rows[n])
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

func genSignals(lines []line) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\n// Signals are the names of signals 0 to SIGRTMIN by number.\nvar Signals = [...]string{\n")
	for i, l := range lines {
		f := strings.Fields(l.text)
		if len(f) != 2 {
			return nil, l.errorf("a signal is \"NUMBER NAME\"")
		}
		if n, err := strconv.Atoi(f[0]); err != nil || n != i {
			return nil, l.errorf("signal %s where %d is due", f[0], i)
		}
		fmt.Fprintf(&b, "\t%q,\n", f[1])
	}
	b.WriteString("}\n")
	if len(lines) == 0 {
		return nil, errors.New("signals.in: no signals")
	}
	return b.Bytes(), nil
}
