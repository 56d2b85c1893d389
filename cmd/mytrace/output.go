package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"mytrace/decode"
	"mytrace/format"
	"mytrace/replay"
)

// outputFlags choose the form of a trace's output: strace's text (colored
// or not) or JSON Lines. Live tracing and print share them.
type outputFlags struct {
	json  bool
	color string
}

func (f *outputFlags) register(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.json, "json", false, "write JSON Lines, one object per event, instead of text (docs/json.md)")
	cmd.Flags().StringVar(&f.color, "color", "auto", "color the text: `WHEN` is auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always or never")
}

func (f *outputFlags) check() error {
	switch f.color {
	case "auto", "always", "never":
		return nil
	}
	return fmt.Errorf("invalid --color argument: '%s' (use auto, always or never)", f.color)
}

// colored decides whether text written to a terminal (tty) or not is
// colored: --color=always and never say so; auto colors a terminal unless
// NO_COLOR is set to something (https://no-color.org) or the terminal
// cannot show colors (TERM unset or "dumb", as git decides it).
func (f *outputFlags) colored(tty bool) bool {
	switch f.color {
	case "always":
		return true
	case "never":
		return false
	}
	term := os.Getenv("TERM")
	return tty && os.Getenv("NO_COLOR") == "" && term != "" && term != "dumb"
}

// eventPrinter is what writes replayed events: the text Printer or the
// JSONPrinter.
type eventPrinter interface {
	Event(*replay.Event)
	Flush() error
	Close() error
}

// printer returns the event printer the flags ask for, writing to w (a
// terminal when tty), and a function to call when it is done, which
// reports calls that could not be decoded.
func (f *outputFlags) printer(w io.Writer, tty bool, h *format.Header, po decode.PrintOptions) (eventPrinter, func()) {
	if f.json {
		p := decode.NewJSONPrinter(w, h, po)
		return p, func() { decodeErrors(p.DecodeErrors, p.FirstDecodeError) }
	}
	if f.colored(tty) {
		w = decode.NewColorWriter(w)
	}
	p := decode.NewPrinter(w, h, po)
	return p, func() { reportDecodeErrors(p) }
}

// decodeErrors says on stderr that some calls were written raw because
// their decoder failed.
func decodeErrors(n int, first string) {
	if n > 0 {
		fmt.Fprintf(os.Stderr, "mytrace: %d syscalls could not be decoded and are shown with raw arguments (a bug; first: %s)\n", n, first)
	}
}

// Progress: reading a recording (print, stats, export, diff) shows how
// far it got on stderr, when stderr is a terminal and the command's own
// output is not on it. MYTRACE_PROGRESS=never turns it off, =always shows
// it at once whatever stderr is (for tests).

// progressMeter draws one line on a terminal for the files being read.
type progressMeter struct {
	mu    sync.Mutex
	w     io.Writer
	delay time.Duration // nothing is shown for reads quicker than this
	every time.Duration
	off   bool // the command's output goes to the terminal
	final bool // draw the last count before clearing (MYTRACE_PROGRESS=always)
	files []*progressReader
	ended []*progressReader // the last file removed
	start time.Time
	shown bool
	stop  chan struct{}
	done  chan struct{}
}

// progressReader counts the bytes read from one file.
type progressReader struct {
	r     io.Reader
	name  string
	size  int64
	mu    sync.Mutex
	count int64
}

// Read implements io.Reader.
func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.mu.Lock()
	p.count += int64(n)
	p.mu.Unlock()
	return n, err
}

func (p *progressReader) read() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

var (
	meterOnce sync.Once
	meter     *progressMeter
)

// theMeter returns the process's meter, nil when progress is not shown.
func theMeter() *progressMeter {
	meterOnce.Do(func() {
		switch os.Getenv("MYTRACE_PROGRESS") {
		case "never":
			return
		case "always":
			meter = &progressMeter{w: os.Stderr, every: 20 * time.Millisecond, final: true}
		default:
			if !isTerminal(os.Stderr) {
				return
			}
			meter = &progressMeter{w: os.Stderr, delay: 500 * time.Millisecond, every: 200 * time.Millisecond}
		}
	})
	return meter
}

// noProgressOn turns progress off when the command writes its output to
// the terminal progress would be drawn on.
func noProgressOn(f *os.File) {
	if m := theMeter(); m != nil && isTerminal(f) && os.Getenv("MYTRACE_PROGRESS") != "always" {
		m.mu.Lock()
		m.off = true
		m.mu.Unlock()
	}
}

// trackProgress wraps a recording being read; the returned function ends
// its progress (and clears the line when it was the last file).
func trackProgress(name string, f *os.File) (io.Reader, func()) {
	m := theMeter()
	if m == nil {
		return f, func() {}
	}
	var size int64
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	pr := &progressReader{r: f, name: name, size: size}
	m.add(pr)
	var once sync.Once
	return pr, func() { once.Do(func() { m.remove(pr) }) }
}

func (m *progressMeter) add(pr *progressReader) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files = append(m.files, pr)
	if m.stop == nil {
		m.start = time.Now()
		m.stop, m.done = make(chan struct{}), make(chan struct{})
		go m.run(m.stop, m.done)
	}
}

func (m *progressMeter) remove(pr *progressReader) {
	m.mu.Lock()
	for i, f := range m.files {
		if f == pr {
			m.files = append(m.files[:i], m.files[i+1:]...)
			break
		}
	}
	var stop, done chan struct{}
	m.ended = []*progressReader{pr}
	if len(m.files) == 0 && m.stop != nil {
		stop, done = m.stop, m.done
		m.stop, m.done = nil, nil
	}
	m.mu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
}

func (m *progressMeter) run(stop, done chan struct{}) {
	defer close(done)
	tick := time.NewTicker(m.every)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			m.mu.Lock()
			if m.final && !m.off {
				io.WriteString(m.w, "\r"+m.line(true)+"\x1b[K")
				m.shown = true
			}
			if m.shown {
				io.WriteString(m.w, "\r\x1b[K")
				m.shown = false
			}
			m.mu.Unlock()
			return
		case <-tick.C:
			m.mu.Lock()
			if !m.off && time.Since(m.start) >= m.delay && len(m.files) > 0 {
				io.WriteString(m.w, "\r"+m.line(false)+"\x1b[K")
				m.shown = true
			}
			m.mu.Unlock()
		}
	}
}

// line says how far the files are read: "mytrace: reading t.trace: 1.2
// MiB of 4.8 MiB (25%)"; last says it of the file that just ended.
func (m *progressMeter) line(last bool) string {
	var parts []string
	files := m.files
	if last {
		files = m.ended
	}
	for _, f := range files {
		n := f.read()
		s := f.name + ": " + mib(n)
		if f.size > 0 {
			s += " of " + mib(f.size) + " (" + strconv.FormatInt(min(100, n*100/f.size), 10) + "%)"
		}
		parts = append(parts, s)
	}
	return "mytrace: reading " + strings.Join(parts, ", ")
}

func mib(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}
