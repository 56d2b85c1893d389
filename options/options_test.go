package options

import (
	"errors"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"mytrace/decode"
)

func parse(t *testing.T, live bool, args ...string) (*Display, error) {
	t.Helper()
	var d Display
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	d.Register(fs, live)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return &d, d.Check()
}

// TestCheck: values become options once, with strace's messages for bad
// ones.
func TestCheck(t *testing.T) {
	d, err := parse(t, true, "-xxx", "-e", "trace=openat", "--read=3", "-yy", "-X", "verbose", "-tttt")
	if err != nil {
		t.Fatal(err)
	}
	if d.Hex != 2 || d.TimeFormat != decode.TimeUnix || d.TimePrecision != decode.PrecisionUS || d.Decorate != 2 || d.Style != decode.StyleVerbose {
		t.Errorf("hex %d time %v/%v decorate %d style %v", d.Hex, d.TimeFormat, d.TimePrecision, d.Decorate, d.Style)
	}
	if d.Exprs.Trace == nil || d.Exprs.ReadFds == nil || !d.Exprs.ReadFds.Has(3) || d.Exprs.RecordFilter() == nil {
		t.Errorf("-e trace= and --read= not parsed: %+v", d.Exprs)
	}
	if o := d.PrintOptions(true, false); o.Trace == nil || o.DumpRead == nil || o.Column != 40 {
		t.Errorf("print options %+v", o)
	}
	for _, c := range []struct {
		args []string
		live bool
		want string
	}{
		{[]string{"-s", "-1"}, true, "invalid -s argument: '-1'"},
		{[]string{"-a", "-2"}, true, "invalid -a argument: '-2'"},
		{[]string{"-X", "fancy"}, true, "invalid -X argument: 'fancy'"},
		{[]string{"-e", "bogus=1"}, true, "invalid system call 'bogus=1'"},
	} {
		_, err := parse(t, c.live, c.args...)
		if err == nil || len(err.Error()) < len(c.want) || err.Error()[:len(c.want)] != c.want {
			t.Errorf("%q: %v, want %q", c.args, err, c.want)
		}
	}
	if _, err := parse(t, false, "-e", "inject=openat:error=ENOENT"); !errors.Is(err, ErrInjectOffline) {
		t.Errorf("inject on print: %v", err)
	}
	if _, err := parse(t, true, "-e", "inject=openat:error=ENOENT"); err != nil {
		t.Errorf("inject live: %v", err)
	}
}

// TestTimeUnit: a live trace stores times in ns only where a precision
// shown asks for ns, µs otherwise (what strace shows).
func TestTimeUnit(t *testing.T) {
	for _, c := range []struct {
		args []string
		want time.Duration
	}{
		{nil, time.Microsecond},
		{[]string{"-ttt", "-T", "-r"}, time.Microsecond},
		{[]string{"--absolute-timestamps=format:unix,precision:us", "--syscall-times=ms"}, time.Microsecond},
		{[]string{"--absolute-timestamps=format:none,precision:ns"}, time.Microsecond}, // no timestamps
		{[]string{"--absolute-timestamps=format:unix,precision:ns"}, time.Nanosecond},
		{[]string{"--absolute-timestamps=precision:ns"}, time.Nanosecond}, // format time
		{[]string{"--syscall-times=ns"}, time.Nanosecond},
		{[]string{"-T", "--relative-timestamps=ns"}, time.Nanosecond},
		{[]string{"-c", "--syscall-times=ns"}, time.Nanosecond},
	} {
		d, err := parse(t, true, c.args...)
		if err != nil {
			t.Fatalf("%q: %v", c.args, err)
		}
		if got := d.TimeUnit(); got != c.want {
			t.Errorf("%q: time unit %v, want %v", c.args, got, c.want)
		}
	}
}
