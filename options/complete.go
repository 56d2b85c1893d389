package options

import (
	"sort"
	"strings"

	"mytrace/decode"
	"mytrace/sysent"
)

// Completions are the values a shell may offer for an option's argument
// (for -e: the qualifiers, then each qualifier's values), given what was
// typed so far: whole words, comma-separated lists completed one item at
// a time. Unknown options offer nothing.
func Completions(option, typed string) []string {
	switch option {
	case "expr", "e":
		name, v, ok := strings.Cut(typed, "=")
		if !ok {
			return []string{"trace=", "abbrev=", "verbose=", "raw=", "signal=", "status=", "quiet=", "read=", "write=", "inject=", "fault=", "decode-fds=", "decode-pids=", "kvm="}
		}
		return prefixed(name+"=", Completions(qualifier(name+"="+v), v))
	case "trace", "abbrev", "verbose", "raw":
		return listItems(typed, syscallWords())
	case "signal", "signals":
		var sigs []string
		for n := 1; n < 65; n++ {
			if s := decode.SignalName(n); strings.HasPrefix(s, "SIG") {
				sigs = append(sigs, s)
			}
		}
		return listItems(typed, append(sigs, "all", "none"))
	case "status":
		return listItems(typed, []string{"successful", "failed", "unfinished", "unavailable", "detached", "all", "none"})
	case "quiet":
		return listItems(typed, []string{"attach", "exit", "path-resolution", "personality", "thread-execve", "all", "none"})
	case "decode-fds":
		return listItems(typed, []string{"path", "socket", "dev", "pidfd", "all", "none"})
	case "decode-pids":
		return listItems(typed, []string{"comm", "pidns"})
	case "kvm":
		return []string{"vcpu"}
	case "const-print-style", "X":
		return []string{"raw", "abbrev", "verbose"}
	case "strings-in-hex":
		return []string{"non-ascii-chars", "non-ascii", "all", "none"}
	case "relative-timestamps", "syscall-times":
		return []string{"s", "ms", "us", "ns"}
	case "time-unit":
		return []string{"us", "ns"}
	case "absolute-timestamps", "timestamps":
		return listItems(typed, []string{"none", "time", "unix", "s", "ms", "us", "ns", "format:", "precision:"})
	case "summary-sort-by", "S":
		return []string{"time", "min-time", "max-time", "avg-time", "calls", "errors", "name", "nothing"}
	case "summary-columns", "U":
		return listItems(typed, []string{"time-percent", "total-time", "min-time", "max-time", "avg-time", "calls", "errors", "name", "injected"})
	case "tips":
		return []string{"id:", "format:none", "format:compact", "format:full"}
	case "daemonize":
		return []string{"grandchild", "pgroup", "session"}
	case "detach-on", "b":
		return []string{"execve"}
	case "interruptible", "I":
		return []string{"anywhere", "waiting", "never", "never_tstp", "1", "2", "3", "4"}
	}
	return nil
}

// syscallWords are the names and %classes a trace= set may hold.
func syscallWords() []string {
	var out []string
	for nr := 0; nr < sysent.Max(); nr++ {
		if e := sysent.Lookup(uint64(nr)); e != nil {
			out = append(out, e.Name)
		}
	}
	for c := range classes {
		out = append(out, "%"+c)
	}
	sort.Strings(out)
	return append(out, "all", "none")
}

// listItems completes the last item of a comma list (after a leading !).
func listItems(typed string, words []string) []string {
	head := ""
	if i := strings.LastIndexByte(typed, ','); i >= 0 {
		head = typed[:i+1]
	} else if strings.HasPrefix(typed, "!") {
		head = "!"
	}
	return prefixed(head, words)
}

func prefixed(p string, words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = p + w
	}
	return out
}
