package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
)

// tips are what --tips shows at the end of a live trace, as strace's
// tips, tricks and tweaks: one, framed, on stderr.
var tips = [][]string{
	{"mytrace record -o t.trace CMD keeps a run;", "mytrace print t.trace shows it later with", "any display option, as if traced live."},
	{"Timestamps of -r, -t and -T can be shown", "with nanosecond precision: -r=ns is", "--relative-timestamps=ns, -T is", "--syscall-times=ns, and -t takes", "--absolute-timestamps=unix,ns."},
	{"-yy shows what sockets are connected to:", "5<TCP:[127.0.0.1:38684->127.0.0.1:8765]>."},
	{"mytrace diff a.trace b.trace finds where", "two recorded runs first behaved", "differently."},
	{"mytrace stats FILE is strace -c of a", "recording; --latency adds percentiles and", "--top N the slowest calls, decoded."},
	{"-e inject=SET:error=ENOENT:when=3 makes the", "third call in SET fail; the recording", "remembers, and print shows (INJECTED)."},
	{"--json writes one JSON object per event;", "mytrace --json -o t.jsonl CMD keeps it", "apart from the program's own stderr."},
	{"With -f -e trace=SET, syscalls outside SET", "run without stopping: the kernel filters", "them (seccomp-bpf), so a narrow trace", "costs little."},
	{"mytrace call -p PID close 7 closes a", "descriptor a running program leaked."},
}

// showTip writes tip id (-1: one at random) to stderr, framed; format
// "full" adds a line on how to see another.
func showTip(id int, format string) {
	writeTip(os.Stderr, id, format)
}

func writeTip(w io.Writer, id int, format string) {
	if id < 0 {
		id = rand.IntN(len(tips))
	}
	lines := tips[id%len(tips)]
	width := 0
	for _, l := range lines {
		width = max(width, len(l))
	}
	var b strings.Builder
	b.WriteString(" " + strings.Repeat("_", width+4) + "\n")
	b.WriteString("/" + strings.Repeat(" ", width+4) + "\\\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "|  %-*s  |\n", width, l)
	}
	b.WriteString("\\" + strings.Repeat("_", width+4) + "/\n")
	if format == "full" {
		fmt.Fprintf(&b, "tip %d of %d; --tips=id:N shows tip N\n", id%len(tips), len(tips))
	}
	io.WriteString(w, b.String())
}
