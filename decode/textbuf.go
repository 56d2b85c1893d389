package decode

import "strconv"

// textBuf is the byte buffer values render into. Unlike strings.Builder it
// keeps its memory when reset, so a Printer renders every line into the
// same one; numbers are appended in place, without intermediate strings.
type textBuf struct{ b []byte }

// WriteString appends s.
func (t *textBuf) WriteString(s string) (int, error) {
	t.b = append(t.b, s...)
	return len(s), nil
}

// WriteByte appends c.
func (t *textBuf) WriteByte(c byte) error {
	t.b = append(t.b, c)
	return nil
}

// Write appends p.
func (t *textBuf) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	return len(p), nil
}

// Len returns the number of bytes held.
func (t *textBuf) Len() int { return len(t.b) }

// String returns the text held, as a new string.
func (t *textBuf) String() string { return string(t.b) }

// Reset empties the buffer, keeping its memory.
func (t *textBuf) Reset() { t.b = t.b[:0] }

// int appends v in decimal.
func (t *textBuf) int(v int64) { t.b = strconv.AppendInt(t.b, v, 10) }

// uint appends v in decimal.
func (t *textBuf) uint(v uint64) { t.b = strconv.AppendUint(t.b, v, 10) }

// hex appends v as %#x does: "0" for zero, else "0x" and hex digits.
func (t *textBuf) hex(v uint64) {
	if v == 0 {
		t.b = append(t.b, '0')
		return
	}
	t.b = append(t.b, "0x"...)
	t.b = strconv.AppendUint(t.b, v, 16)
}

// pad appends spaces up to n bytes from start, if the text from start is
// shorter.
func (t *textBuf) pad(start, n int) {
	for len(t.b)-start < n {
		t.b = append(t.b, ' ')
	}
}

// textWriter is what text is written to: a textBuf or a strings.Builder.
type textWriter interface {
	WriteString(s string) (int, error)
	WriteByte(c byte) error
}
