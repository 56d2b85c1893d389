package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mytrace/format"
)

// traceInfo is what "mytrace info" says of a trace file.
type traceInfo struct {
	hdr       *format.Header
	size      int64
	events    uint64
	syscalls  uint64 // syscall entries
	lost      uint64
	procs     map[int32]bool
	first     int64
	last      int64
	haveTime  bool
	truncated error  // the reading stopped at a cut or corrupt chunk
	complete  bool   // the end chunk was read
	chunks    uint64 // event chunks, as the end chunk counts them
}

// readInfo reads the whole file and counts what is in it.
func readInfo(name string) (*traceInfo, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	rd, closeTrace, err := openTrace(name)
	if err != nil {
		return nil, err
	}
	defer closeTrace()
	in := &traceInfo{hdr: rd.Header(), size: st.Size(), procs: map[int32]bool{}}
	for {
		ev, err := rd.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				in.truncated = err
			} else if end := rd.End(); end != nil {
				in.complete, in.chunks = true, end.Chunks
			}
			break
		}
		in.events++
		if !in.haveTime || ev.Time < in.first {
			in.first = ev.Time
		}
		if !in.haveTime || ev.Time > in.last {
			in.last = ev.Time
		}
		in.haveTime = true
		switch ev.Kind {
		case format.KindSyscallEntry:
			in.syscalls++
		case format.KindLost:
			in.lost += ev.Msg
		case format.KindNewTask:
			pid := ev.Pid
			if pid == 0 {
				pid = ev.Tid
			}
			in.procs[pid] = true
		}
	}
	return in, nil
}

// write prints one field a line.
func (in *traceInfo) write(w io.Writer) error {
	h := in.hdr
	backend := h.Backend
	if backend == "" {
		backend = "ptrace" // files from before the field
	}
	var b strings.Builder
	field := func(name, format string, args ...any) {
		fmt.Fprintf(&b, "%-19s "+format+"\n", append([]any{name + ":"}, args...)...)
	}
	field("format version", "%d", h.Version)
	field("time unit", "%s", unitName(h.TimeUnit))
	field("recorder", "%s", h.Recorder)
	field("backend", "%s", backend)
	field("kernel", "%s", h.Kernel)
	field("host", "%s", h.Hostname)
	if len(h.Command) > 0 {
		field("command", "%s", shellJoin(h.Command))
	} else {
		var pids []string
		for _, p := range h.Attached {
			pids = append(pids, fmt.Sprint(p))
		}
		field("command", "(attached to %s)", strings.Join(pids, ", "))
	}
	field("start time", "%s", h.StartTime().Format(time.RFC3339Nano))
	dur := time.Duration(0)
	if in.haveTime {
		dur = time.Duration(in.last)
	}
	field("duration", "%.6f s", dur.Seconds())
	field("processes", "%d", len(in.procs))
	field("events", "%d", in.events)
	field("syscalls", "%d", in.syscalls)
	field("events lost", "%d", in.lost)
	field("file size", "%d bytes", in.size)
	if in.complete {
		field("event chunks", "%d", in.chunks)
	} else {
		field("event chunks", "-")
	}
	if in.syscalls > 0 {
		field("bytes per syscall", "%.1f", float64(in.size)/float64(in.syscalls))
	} else {
		field("bytes per syscall", "-")
	}
	switch {
	case in.truncated != nil:
		field("complete", "no (%v)", in.truncated)
	case !in.complete:
		field("complete", "no (no end chunk: the recording did not finish)")
	default:
		field("complete", "yes")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shellJoin quotes the words that need it, as a shell would read them.
func shellJoin(argv []string) string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if a != "" && !strings.ContainsAny(a, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
			out[i] = a
			continue
		}
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(out, " ")
}

func newInfo() *cobra.Command {
	return &cobra.Command{
		Use:   "info FILE",
		Short: "Say what a trace file holds: its header, and counts of what was recorded",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := readInfo(args[0])
			if err != nil {
				return err
			}
			if err := in.write(os.Stdout); err != nil {
				return err
			}
			if in.truncated != nil {
				// What info is for: saying what a file holds, cut short
				// or not (before any event too), and warning once.
				fmt.Fprintf(os.Stderr, "mytrace: %s: warning: %v\n", args[0], in.truncated)
			}
			return nil
		},
	}
}

// unitName names the unit of a trace's event times: ns, µs, ms, s.
func unitName(u time.Duration) string {
	switch u {
	case time.Nanosecond:
		return "ns"
	case time.Microsecond:
		return "µs"
	case time.Millisecond:
		return "ms"
	case time.Second:
		return "s"
	}
	return u.String()
}
