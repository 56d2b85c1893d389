package options

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/pflag"
)

// strace reads its command line with getopt_long: a short option and its
// long form may mean different things (-q counts, --quiet=SET sets; -x
// twice is -xx, --strings-in-hex alone is all), and errors name the form
// that was typed ("invalid -s argument" or "invalid --string-limit
// argument"). pflag gives a flag one name and one shorthand and does not
// say which was used, so each strace option is declared here as two
// pflag flags: the long one, visible, and the short one, hidden, under a
// name that no command line can reach ("-s": pflag refuses "---s" as
// bad syntax). Both record each use, in order, into a list of uses that
// Check then reads as strace's option loop reads argv. Help shows them
// as one flag (Usages).

// absent is the value pflag gives a flag whose argument was not given
// (its NoOptDefVal): no command line can hold a NUL byte.
const absent = "\x00"

// argKind says whether an option takes an argument.
type argKind uint8

const (
	noArg  argKind = iota // -f, --follow-forks
	reqArg                // -s N, --string-limit=N
	optArg                // --quiet[=SET]: only attached with '=' to the long form
)

// use is one option as given on the command line.
type use struct {
	key  string // the option, as strace's switch knows it ("s", "quiet")
	name string // as typed: "-s" or "--string-limit"
	long bool
	arg  string
	has  bool // an argument was given
}

// seqValue is the pflag.Value of one form of an option: it records each
// use in order.
type seqValue struct {
	uses *[]use
	key  string
	name string
	long bool
	kind argKind
	typ  string // the argument's name in help, "" for none
}

// String implements pflag.Value.
func (v *seqValue) String() string { return "" }

// Type implements pflag.Value: the argument's name, as help shows it.
func (v *seqValue) Type() string {
	if v.kind == noArg {
		return "bool"
	}
	return v.typ
}

// Set implements pflag.Value.
func (v *seqValue) Set(s string) error {
	u := use{key: v.key, name: v.name, long: v.long}
	switch v.kind {
	case noArg:
		if s != absent {
			if v.long {
				return &Error{fmt.Sprintf("option '%s' doesn't allow an argument", v.name)}
			}
			// pflag took "-c=x" as an argument; getopt sees an
			// option '='.
			return &Error{"invalid option -- '='"}
		}
	case optArg:
		if s != absent {
			u.arg, u.has = s, true
		}
	default:
		u.arg, u.has = s, true
	}
	*v.uses = append(*v.uses, u)
	return nil
}

// Error is a command-line error in strace's words, without the program
// name: "invalid -s argument: 'abc'".
type Error struct{ msg string }

// Error implements error.
func (e *Error) Error() string { return e.msg }

// Is makes errors.Is(err, ErrUsage) true.
func (e *Error) Is(target error) bool { return target == ErrUsage }

// ErrUsage is what every command-line error of this package is (errors.Is).
var ErrUsage = errors.New("bad command line")

// badArg is strace's error_opt_arg: "invalid --NAME argument: 'V'" or
// "invalid -C argument: 'V'", after the form that was typed.
func badArg(u use) error {
	return &Error{fmt.Sprintf("invalid %s argument: '%s'", u.name, u.arg)}
}

// annotation marks a hidden short flag with the long flag it is shown with.
const annotation = "options-long"

// declare adds the forms of one option to fs: long (if not "") and short
// (if not 0), recording into uses under key. typ names the argument in
// help; usage is the long flag's help, which help shows with the short
// form too.
func declare(fs *pflag.FlagSet, uses *[]use, key string, short byte, long string, kind argKind, typ, usage string) {
	if long != "" {
		f := &pflag.Flag{Name: long, Usage: usage, Value: &seqValue{uses: uses, key: key, name: "--" + long, long: true, kind: kind, typ: typ}}
		if kind != reqArg {
			f.NoOptDefVal = absent
		}
		fs.AddFlag(f)
	}
	if short != 0 {
		kind := kind
		if kind == optArg {
			// -r, -T, -q...: the short form takes no argument.
			kind = noArg
		}
		f := &pflag.Flag{
			Name:        "-" + string(short),
			Shorthand:   string(short),
			Usage:       usage,
			Hidden:      true,
			Value:       &seqValue{uses: uses, key: key, name: "-" + string(short), kind: kind, typ: typ},
			Annotations: map[string][]string{},
		}
		if kind == noArg {
			f.NoOptDefVal = absent
		}
		if long != "" {
			f.Annotations[annotation] = []string{long}
		}
		fs.AddFlag(f)
	}
}

// shortWith declares a short option that has no long form of its own and
// that help shows with a related long option (-Y with --decode-pids).
func shortWith(fs *pflag.FlagSet, uses *[]use, key string, short byte, showWith string) {
	declare(fs, uses, key, short, "", noArg, "", "")
	fs.Lookup("-" + string(short)).Annotations[annotation] = []string{showWith}
}

// alias declares another long name for an option (--silent for --quiet),
// not shown in help.
func alias(fs *pflag.FlagSet, uses *[]use, key, long string, kind argKind) {
	f := &pflag.Flag{Name: long, Hidden: true, Value: &seqValue{uses: uses, key: key, name: "--" + long, long: true, kind: kind}}
	if kind != reqArg {
		f.NoOptDefVal = absent
	}
	fs.AddFlag(f)
}

// Usages is fs's flag help as pflag's FlagUsages writes it, with each
// strace option shown once with both its forms ("-s, --string-limit N")
// and optional arguments as strace writes them ("--quiet[=SET]").
func Usages(fs *pflag.FlagSet) string {
	return ForDisplay(fs).FlagUsages()
}

// ForDisplay is a copy of fs for help and manual pages: each hidden short
// flag of an option joins its long flag as its shorthand, and the values
// of options say how their arguments are written.
func ForDisplay(fs *pflag.FlagSet) *pflag.FlagSet {
	shorts := map[string]string{}
	fs.VisitAll(func(f *pflag.Flag) {
		if l := f.Annotations[annotation]; len(l) == 1 {
			shorts[l[0]] = f.Shorthand
		}
	})
	out := pflag.NewFlagSet(fs.Name(), pflag.ContinueOnError)
	out.SortFlags = fs.SortFlags
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		c := *f
		if s, ok := shorts[f.Name]; ok {
			c.Shorthand = s
		}
		if v, ok := f.Value.(*seqValue); ok {
			c.Value = displayValue{v}
			switch v.kind {
			case noArg:
				c.NoOptDefVal = "true"
			case optArg:
				c.NoOptDefVal = v.typ
			default:
				c.NoOptDefVal = ""
			}
		}
		out.AddFlag(&c)
	})
	return out
}

// displayValue shows an option's argument in help: "N" for a required
// one, "[=SET]" (from NoOptDefVal) for an optional one.
type displayValue struct{ v *seqValue }

func (d displayValue) String() string { return "" }
func (d displayValue) Set(string) error {
	return errors.New("display only")
}
func (d displayValue) Type() string {
	if d.v.kind == reqArg {
		return d.v.typ
	}
	// pflag then writes NoOptDefVal as "[=SET]" (none for "true").
	return "bool"
}

// Abbreviations lets fs take unambiguous prefixes of its long options, as
// getopt_long does (--follow for --follow-forks). Call it once every flag
// is declared.
//
// pflag normalises every name it is given, declared options' own included
// (all of them again when the function is set), so exact names are
// answered from the names the last full look saw: a flag set never loses
// an option, and a name not seen yet gets the full look.
func Abbreviations(fs *pflag.FlagSet) {
	exact := map[string]bool{}
	fs.SetNormalizeFunc(func(f *pflag.FlagSet, name string) pflag.NormalizedName {
		if exact[name] || strings.HasPrefix(name, "-") {
			// Names starting with "-" (short-only options) stand
			// for nothing else: candidates skips them.
			return pflag.NormalizedName(name)
		}
		if c := candidatesNoting(f, name, exact); len(c) == 1 {
			return pflag.NormalizedName(c[0])
		}
		return pflag.NormalizedName(name)
	})
}

// candidates are the long options name may stand for: itself, or those it
// begins, one per option (aliases of one option count once).
func candidates(f *pflag.FlagSet, name string) []string {
	return candidatesNoting(f, name, nil)
}

// candidatesNoting is candidates, also setting known[n] for every long
// option n it sees, when known is not nil.
func candidatesNoting(f *pflag.FlagSet, name string, known map[string]bool) []string {
	var exact bool
	var names []string
	var seen map[string]bool
	f.VisitAll(func(fl *pflag.Flag) {
		if strings.HasPrefix(fl.Name, "-") {
			return
		}
		if known != nil {
			known[fl.Name] = true
		}
		if fl.Name == name {
			exact = true
			return
		}
		if name == "" || !strings.HasPrefix(fl.Name, name) {
			return
		}
		id := fl.Name
		if v, ok := fl.Value.(*seqValue); ok {
			id = v.key
		}
		if !seen[id] {
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[id] = true
			names = append(names, fl.Name)
		}
	})
	if exact {
		return []string{name}
	}
	sort.Strings(names)
	return names
}

// FlagError turns a pflag error into strace's words (getopt's for
// unknown options and missing arguments, error_opt_arg's for bad values),
// so that no Go parser message reaches the user.
func FlagError(fs *pflag.FlagSet, err error) error {
	var mine *Error
	if errors.As(err, &mine) {
		return mine
	}
	var ne *pflag.NotExistError
	if errors.As(err, &ne) {
		if s := ne.GetSpecifiedShortnames(); s != "" {
			return &Error{fmt.Sprintf("invalid option -- '%s'", ne.GetSpecifiedName())}
		}
		name := ne.GetSpecifiedName()
		if c := candidates(fs, name); len(c) > 1 {
			var b strings.Builder
			fmt.Fprintf(&b, "option '--%s' is ambiguous; possibilities:", name)
			for _, n := range c {
				fmt.Fprintf(&b, " '--%s'", n)
			}
			return &Error{b.String()}
		}
		return &Error{fmt.Sprintf("unrecognized option '--%s'", name)}
	}
	var re *pflag.ValueRequiredError
	if errors.As(err, &re) {
		if s := re.GetSpecifiedShortnames(); s != "" {
			return &Error{fmt.Sprintf("option requires an argument -- '%s'", re.GetSpecifiedName())}
		}
		return &Error{fmt.Sprintf("option '--%s' requires an argument", re.GetFlag().Name)}
	}
	var ie *pflag.InvalidValueError
	if errors.As(err, &ie) {
		f := ie.GetFlag()
		name := "--" + f.Name
		if strings.HasPrefix(f.Name, "-") {
			name = f.Name
		}
		return &Error{fmt.Sprintf("invalid %s argument: '%s'", name, ie.GetValue())}
	}
	var se *pflag.InvalidSyntaxError
	if errors.As(err, &se) {
		return &Error{fmt.Sprintf("unrecognized option '%s'", se.GetSpecifiedFlag())}
	}
	return err
}
