package decode

import (
	"io"
	"regexp"
	"strconv"
	"sync"
)

// ANSI colors of ColorWriter.
const (
	colorReset  = "\x1b[0m"
	colorName   = "\x1b[1m"  // syscall names: bold
	colorError  = "\x1b[31m" // errors and deaths: red
	colorSignal = "\x1b[33m" // signal lines and restarts: yellow
	colorExit   = "\x1b[32m" // "+++ exited with 0 +++": green
	colorDim    = "\x1b[2m"  // timestamps, <unfinished ...>, <... resumed>, diagnostics
)

// pidColors tell processes apart: a pid's color is picked from these by
// its number.
var pidColors = [...]string{"\x1b[35m", "\x1b[36m", "\x1b[34m", "\x1b[95m", "\x1b[96m", "\x1b[94m"}

// ColorWriter colors strace text for a terminal: pids, syscall names,
// errors in red, signal lines, exit lines, and the unfinished and resumed
// markers. It recognises the shapes of strace's lines, so the Printer
// writes the same text whether it is colored or not; without a
// ColorWriter the text is unchanged.
//
// It writes what it is given at once, even a line not yet finished (a
// call that blocks shows its entry while it blocks): each piece is
// colored by what the line holds so far.
type ColorWriter struct {
	w    io.Writer
	line []byte // the current line so far
	done int    // bytes of line already written
	out  []byte
}

// NewColorWriter returns a ColorWriter writing to w.
func NewColorWriter(w io.Writer) *ColorWriter { return &ColorWriter{w: w} }

// Write colors and writes p. It returns len(p) unless w fails.
func (c *ColorWriter) Write(p []byte) (int, error) {
	c.out = c.out[:0]
	rest := p
	for len(rest) > 0 {
		i := 0
		for i < len(rest) && rest[i] != '\n' {
			i++
		}
		c.line = append(c.line, rest[:i]...)
		c.emit()
		if i < len(rest) {
			c.out = append(c.out, '\n')
			c.line, c.done = c.line[:0], 0
			i++
		}
		rest = rest[i:]
	}
	if _, err := c.w.Write(c.out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// A span of a line to color.
type span struct {
	from, to int
	color    string
}

// colorRes are the patterns of the parts of a line colored, compiled at
// the first colored line rather than at every start of mytrace.
var colorRes = sync.OnceValue(func() *colorPatterns {
	return &colorPatterns{
		rePidBracket: regexp.MustCompile(`^\[pid +(\d+)\] `),
		rePidFile:    regexp.MustCompile(`^(\d+) +`),
		reStamp:      regexp.MustCompile(`^(?:\d\d:\d\d:\d\d(?:\.\d+)? |\d+\.\d{6} |\(\+ *\d+\.\d{6}\) | *\d+\.\d{6} )+`),
		reCallName:   regexp.MustCompile(`^[a-z_][a-z0-9_#]*\(`),
		reResumedAt:  regexp.MustCompile(`^<\.\.\. [a-z0-9_#]+ resumed>`),
		reErrResult:  regexp.MustCompile(`= (-1 (?:E[A-Z0-9]+ \([^()]*\)|\(errno \d+\)))(?: \([^()]*\))?(?: <\d+\.\d+>)?$`),
		reRestart:    regexp.MustCompile(`= (\? E[A-Z0-9_]+ \([^()]*\))(?: <\d+\.\d+>)?$`),
		reUnfinished: regexp.MustCompile(` <(?:unfinished \.\.\.|pid changed to \d+ \.\.\.)>$`),
	}
})

// colorPatterns are the regular expressions spans uses.
type colorPatterns struct {
	rePidBracket, rePidFile, reStamp, reCallName, reResumedAt, reErrResult, reRestart, reUnfinished *regexp.Regexp
}

// spans returns the colored parts of a line (possibly not finished).
func spans(l []byte) []span {
	cr := colorRes()
	var sp []span
	pos := 0
	if m := cr.rePidBracket.FindSubmatchIndex(l); m != nil {
		sp = append(sp, span{0, m[1] - 1, pidColor(l[m[2]:m[3]])})
		pos = m[1]
	} else if m := cr.rePidFile.FindSubmatchIndex(l); m != nil {
		// "1234  " (strace -o FILE -f); times have a '.' or ':' after
		// their first digits.
		sp = append(sp, span{0, m[3], pidColor(l[m[2]:m[3]])})
		pos = m[1]
	}
	if m := cr.reStamp.FindIndex(l[pos:]); m != nil {
		sp = append(sp, span{pos, pos + m[1] - 1, colorDim})
		pos += m[1]
	}
	body := l[pos:]
	switch {
	case hasPrefix(body, "--- "):
		return append(sp, span{pos, len(l), colorSignal})
	case hasPrefix(body, "+++ exited with 0 +++"):
		return append(sp, span{pos, len(l), colorExit})
	case hasPrefix(body, "+++ superseded"):
		return append(sp, span{pos, len(l), colorDim})
	case hasPrefix(body, "+++ "):
		return append(sp, span{pos, len(l), colorError})
	case pos == 0 && (hasPrefix(body, "mytrace: ") || hasPrefix(body, "strace: ")):
		return append(sp, span{0, len(l), colorDim})
	}
	if m := cr.reCallName.FindIndex(body); m != nil {
		sp = append(sp, span{pos, pos + m[1] - 1, colorName})
	} else if m := cr.reResumedAt.FindIndex(body); m != nil {
		sp = append(sp, span{pos, pos + m[1], colorDim})
	}
	if m := cr.reErrResult.FindSubmatchIndex(body); m != nil {
		sp = append(sp, span{pos + m[2], pos + m[3], colorError})
	} else if m := cr.reRestart.FindSubmatchIndex(body); m != nil {
		sp = append(sp, span{pos + m[2], pos + m[3], colorSignal})
	} else if m := cr.reUnfinished.FindIndex(body); m != nil {
		sp = append(sp, span{pos + m[0] + 1, pos + m[1], colorDim})
	}
	return sp
}

func hasPrefix(b []byte, s string) bool { return len(b) >= len(s) && string(b[:len(s)]) == s }

func pidColor(digits []byte) string {
	n, _ := strconv.Atoi(string(digits))
	return pidColors[n%len(pidColors)]
}

// emit writes the part of the current line not yet written, colored.
func (c *ColorWriter) emit() {
	l := c.line
	pos := c.done
	for _, s := range spans(l) {
		from, to := max(s.from, pos), min(s.to, len(l))
		if from >= to {
			continue
		}
		c.out = append(c.out, l[pos:from]...)
		c.out = append(c.out, s.color...)
		c.out = append(c.out, l[from:to]...)
		c.out = append(c.out, colorReset...)
		pos = to
	}
	c.out = append(c.out, l[pos:]...)
	c.done = len(l)
}
