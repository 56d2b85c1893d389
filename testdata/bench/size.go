package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"mytrace/format"
)

// The trace size targets: issue 19 wants a recording of find /usr/share
// -type f, at the default capture (registers included), no larger than
// gzip -9 of strace -f -ttt -T's text of the same command; issue 20 at
// most 50 bytes a syscall on ls -la /usr/bin.
var sizeWorkloads = []struct {
	name  string
	argv  []string
	limit float64 // bytes per syscall at most, 0: gzip -9 of strace's text
}{
	{"find", []string{"find", "/usr/share", "-type", "f"}, 0},
	{"ls", []string{"ls", "-la", "/usr/bin"}, 50},
}

// sizes of one workload, in bytes.
type sizes struct {
	calls      int   // syscalls in the recording
	trace      int64 // mytrace record
	noRegs     int64 // mytrace record --no-regs
	before     int64 // the -before binary's record, if any
	straceN    int   // syscalls in strace's text
	strace     int64 // strace -f -ttt -T text
	gzip, zstd int64 // that text, gzip -9 and zstd -19
	// strace -f -ttt -T -v: the text with what a recording keeps and
	// strace shows only with -v (directory entries, whole structures).
	vN           int
	vGzip, vZstd int64
	printGzip    int64 // mytrace print -f -ttt -T of the recording, gzip -9
	printN       int   // its lines
	streams      map[string]int64
}

// sizeReport records each size workload with mytrace (default capture,
// and --no-regs; with the before binary too, if given) and with strace
// -f -ttt -T, compresses strace's text and the text mytrace print -f -ttt
// -T makes of the recording with gzip -9 and zstd -19, and reports bytes
// per syscall and where the recording's bytes go.
func sizeReport(b *bytes.Buffer, e *env, before string) error {
	for _, tool := range []string{"strace", "gzip", "zstd"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("the size report needs %s: %w", tool, err)
		}
	}
	res := map[string]*sizes{}
	for _, w := range sizeWorkloads {
		s, err := measureSizes(e, w.argv, before)
		if err != nil {
			return fmt.Errorf("%s: %w", w.name, err)
		}
		res[w.name] = s
	}
	per := func(n int64, calls int) string { return fmt.Sprintf("%.1f", float64(n)/float64(calls)) }
	fmt.Fprintf(b, "\nTrace size, bytes per syscall (default capture: registers included):\n\n")
	fmt.Fprintf(b, "| workload | syscalls | mytrace record | --no-regs |")
	if before != "" {
		fmt.Fprintf(b, " before |")
	}
	fmt.Fprintf(b, " strace -f -ttt -T text | gzip -9 | zstd -19 | print -f -ttt -T of the recording, gzip -9 | strace -f -ttt -T -v text, gzip -9 | zstd -19 |\n|---|---:|---:|---:|")
	if before != "" {
		b.WriteString("---:|")
	}
	b.WriteString("---:|---:|---:|---:|---:|---:|\n")
	for _, w := range sizeWorkloads {
		s := res[w.name]
		fmt.Fprintf(b, "| %s | %d | **%s** | %s |", strings.Join(w.argv, " "), s.calls, per(s.trace, s.calls), per(s.noRegs, s.calls))
		if before != "" {
			fmt.Fprintf(b, " %s |", per(s.before, s.calls))
		}
		fmt.Fprintf(b, " %s | **%s** | %s | %s | %s | %s |\n", per(s.strace, s.straceN), per(s.gzip, s.straceN), per(s.zstd, s.straceN), per(s.printGzip, s.calls), per(s.vGzip, s.vN), per(s.vZstd, s.vN))
	}
	b.WriteString("\n")
	for _, w := range sizeWorkloads {
		s := res[w.name]
		got := float64(s.trace) / float64(s.calls)
		if w.limit > 0 {
			fmt.Fprintf(b, "- %s: %.1f bytes per syscall, target at most %.0f: %s.\n", w.name, got, w.limit, verdict(got <= w.limit))
		} else {
			want := float64(s.gzip) / float64(s.straceN)
			fmt.Fprintf(b, "- %s: %.1f bytes per syscall (%d bytes), target at most gzip -9 of strace -f -ttt -T's text, %.1f (%d bytes): %s (%.2f times it).\n",
				w.name, got, s.trace, want, s.gzip, verdict(got <= want), got/want)
		}
	}
	for _, w := range sizeWorkloads {
		s := res[w.name]
		fmt.Fprintf(b, "\nWhere the bytes of the %s recording go (bytes per syscall, stored):\n\n", w.name)
		groups := map[string]int64{}
		var names []string
		for n, v := range s.streams {
			g := streamGroup(n)
			if _, ok := groups[g]; !ok {
				names = append(names, g)
			}
			groups[g] += v
		}
		sort.Slice(names, func(i, j int) bool { return groups[names[i]] > groups[names[j]] })
		for _, g := range names {
			fmt.Fprintf(b, "- %s: %s\n", g, per(groups[g], s.calls))
		}
	}
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// streamGroup puts the streams of a column chunk in groups a reader
// knows.
func streamGroup(name string) string {
	switch {
	case strings.HasPrefix(name, "dent-"):
		return "directory entries (getdents64: inode, offset, type, name, padding)"
	case strings.HasPrefix(name, "gap"), strings.HasPrefix(name, "dur"), name == "time-big":
		return "times (since the previous event, and a call's duration, in the recording's unit)"
	case strings.HasPrefix(name, "reg-"):
		return "registers (what the call's arguments and result do not say)"
	case strings.HasPrefix(name, "arg"): // arg0 to arg5, arg-mask, arg-ref
		return "arguments"
	case name == "mem-str", name == "fd-prefix":
		return "strings (paths and the like, descriptors' paths)"
	case name == "mem-bin", name == "mem-stack":
		return "other memory (stat buffers, write buffers...)"
	case strings.HasPrefix(name, "mem-"):
		return "memory region headers"
	case name == "stime":
		return "system time"
	case name == "framing":
		return "chunk headers and stream directories"
	}
	return "the rest (kinds, threads, flags, numbers, results, descriptors, other events)"
}

func measureSizes(e *env, argv []string, before string) (*sizes, error) {
	s := &sizes{}
	record := func(bin string, extra ...string) (int64, error) {
		tr := filepath.Join(e.bin, "size.trace")
		args := append(append([]string{"record", "-f"}, extra...), "-o", tr, "--")
		cmd := exec.Command(bin, append(args, argv...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("%s record: %w: %s", bin, err, tail(out))
		}
		st, err := os.Stat(tr)
		if err != nil {
			return 0, err
		}
		return st.Size(), nil
	}
	var err error
	if s.noRegs, err = record(e.mytrace, "--no-regs"); err != nil {
		return nil, err
	}
	if before != "" {
		if s.before, err = record(before); err != nil {
			return nil, err
		}
	}
	// Last, so that size.trace is the default recording.
	if s.trace, err = record(e.mytrace); err != nil {
		return nil, err
	}
	tr := filepath.Join(e.bin, "size.trace")
	if s.calls, s.streams, err = traceStreams(tr); err != nil {
		return nil, err
	}
	// strace's text of the same command.
	stxt := filepath.Join(e.bin, "size.strace")
	cmd := exec.Command("strace", append([]string{"-f", "-ttt", "-T", "-o", stxt}, argv...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("strace: %w: %s", err, tail(out))
	}
	text, err := os.ReadFile(stxt)
	if err != nil {
		return nil, err
	}
	s.strace, s.straceN = int64(len(text)), syscallLines(text)
	if s.gzip, err = compressed(text, "gzip", "-9", "-c"); err != nil {
		return nil, err
	}
	if s.zstd, err = compressed(text, "zstd", "-19", "-c", "-q"); err != nil {
		return nil, err
	}
	// strace -v.
	cmd = exec.Command("strace", append([]string{"-f", "-ttt", "-T", "-v", "-o", stxt}, argv...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("strace -v: %w: %s", err, tail(out))
	}
	if text, err = os.ReadFile(stxt); err != nil {
		return nil, err
	}
	s.vN = syscallLines(text)
	if s.vGzip, err = compressed(text, "gzip", "-9", "-c"); err != nil {
		return nil, err
	}
	if s.vZstd, err = compressed(text, "zstd", "-19", "-c", "-q"); err != nil {
		return nil, err
	}
	// The same text, made by mytrace print of the recording itself.
	out, err := exec.Command(e.mytrace, "print", "-f", "-ttt", "-T", tr).Output()
	if err != nil {
		return nil, fmt.Errorf("print: %w", err)
	}
	s.printN = syscallLines(out)
	if s.printGzip, err = compressed(out, "gzip", "-9", "-c"); err != nil {
		return nil, err
	}
	return s, nil
}

// syscallLines counts the syscalls in strace's text: lines that are not
// a signal (---), an exit (+++) or the resumption of a call shown
// unfinished.
func syscallLines(text []byte) int {
	n := 0
	for _, l := range strings.Split(string(text), "\n") {
		f := strings.Fields(l)
		if len(f) < 3 {
			continue
		}
		// pid, time, then the call.
		if c := f[2]; strings.HasPrefix(c, "---") || strings.HasPrefix(c, "+++") || strings.HasPrefix(c, "<...") {
			continue
		}
		n++
	}
	return n
}

func compressed(data []byte, tool string, args ...string) (int64, error) {
	cmd := exec.Command(tool, args...)
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", tool, err)
	}
	return int64(len(out)), nil
}

// traceStreams counts the syscalls of a trace and the bytes each stream
// of its column chunks takes in the file ("framing": chunk headers and
// directories, the header and end chunks; "whole chunks": chunks stored
// otherwise).
func traceStreams(path string) (int, map[string]int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	calls := 0
	rd, err := format.NewReader(bufio.NewReader(f))
	if err != nil {
		return 0, nil, err
	}
	for {
		ev, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, nil, err
		}
		if ev.Kind == format.KindSyscallEntry {
			calls++
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, nil, err
	}
	cr, err := format.NewChunkReader(bufio.NewReader(f))
	if err != nil {
		return 0, nil, err
	}
	streams := map[string]int64{"framing": int64(format.PreambleSize)}
	for {
		c, err := cr.ReadChunk()
		if errors.Is(err, io.EOF) {
			return calls, streams, nil
		}
		if err != nil {
			return 0, nil, err
		}
		streams["framing"] += format.ChunkHeaderSize
		if c.Type != format.ChunkEvents {
			streams["framing"] += int64(c.Stored)
			continue
		}
		if c.Codec != format.CodecColumns {
			streams["whole chunks"] += int64(c.Stored)
			continue
		}
		sum := 0
		for _, si := range c.Streams {
			streams[format.StreamName(si.ID)] += int64(si.Stored)
			sum += si.Stored
		}
		streams["framing"] += int64(c.Stored - sum)
	}
}
