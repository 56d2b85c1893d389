// Package stracetext normalizes strace-style trace text for comparison:
// it takes out what differs between two runs of the same program
// (addresses, pids, random bytes, times, inode numbers, ephemeral ports,
// IPC identifiers...) and nothing else, groups lines per process, and
// joins an unfinished call with its resumption.
//
// The differential tests compare strace 6.1's text with mytrace's after
// this normalization, and the golden tests compare the text printed from a
// stored recording with strace's normalized text stored beside it; both
// use these rules, so what the goldens prove is what the live comparison
// proves.
//
// Limits: the rules know the corpus of testdata/c and the everyday
// programs of the tests; a value that changes from run to run in a new
// test program may need a rule here.
package stracetext

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Rules are the machine-dependent parts of normalization.
type Rules struct {
	// EphemeralLo and EphemeralHi bound the ports the kernel picks for a
	// socket bound to port 0 (net.ipv4.ip_local_port_range); only those
	// are normalized, the tests use fixed ports below them.
	EphemeralLo, EphemeralHi int
}

// DefaultRules are Linux's default ephemeral port range.
var DefaultRules = Rules{EphemeralLo: 32768, EphemeralHi: 60999}

// Machine returns the rules of this machine.
func Machine() Rules {
	r := DefaultRules
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if l, err := strconv.Atoi(f[0]); err == nil {
				r.EphemeralLo = l
			}
			if h, err := strconv.Atoi(f[1]); err == nil {
				r.EphemeralHi = h
			}
		}
	}
	return r
}

// String gives the rules as ParseRules reads them.
func (r Rules) String() string {
	return fmt.Sprintf("ports %d-%d", r.EphemeralLo, r.EphemeralHi)
}

// ParseRules reads rules written by Rules.String.
func ParseRules(s string) (Rules, error) {
	var r Rules
	if _, err := fmt.Sscanf(s, "ports %d-%d", &r.EphemeralLo, &r.EphemeralHi); err != nil {
		return r, fmt.Errorf("normalization rules %q: %w", s, err)
	}
	return r, nil
}

var (
	reAddr      = regexp.MustCompile(`0x[0-9a-f]{7,}`)
	reRandom    = regexp.MustCompile(`getrandom\("(?:[^"\\]|\\.)*"`)
	rePidPrefix = regexp.MustCompile(`^(\[pid +(\d+)(<[^>]*>)?\] |(\d+)(<[^>]*>)? +)`)
	// reTracer is the tracer's own name, as -Y shows it for the command
	// before its execve and for the tracer itself ("<strace>"), and as
	// --decode-pids=pidns names its namespace.
	reTracerComm = regexp.MustCompile(`<(?:strace|mytrace)>`)
	reTracerNS   = regexp.MustCompile(`/\* \d+ in (?:strace|mytrace)'s PID NS \*/`)
	rePidRet     = regexp.MustCompile(`^((?:clone|clone3|fork|vfork|getpid|gettid|getppid|set_tid_address|wait4|waitid|getpgrp|getpgid|getsid|setsid|rt_sigreturn)\(.*\) += )\d+`)
	rePidArg     = regexp.MustCompile(`\b(kill|tgkill|tkill|wait4|getpgid|getsid|setpgid|prlimit64|sched_getaffinity|sched_setaffinity|pidfd_open)\(\d+`)
	rePidArg2    = regexp.MustCompile(`\b((?:tgkill|setpgid)\(PID(?:<[^>]*>)?(?: /\* PID in TRACER's PID NS \*/)?), \d+`)
	rePidField   = regexp.MustCompile(`\b(si_pid|pid)=\d+`)
	rePidTid     = regexp.MustCompile(`(tid=\[|tidptr=\[|pidfd=\[)\d+\]`)
	rePidText    = regexp.MustCompile(`(Process|pid|superseded by execve in pid) \d+`)
	rePidfd      = regexp.MustCompile(`<pid:\d+>`) // -yy of a pidfd
	reTimes      = regexp.MustCompile(`tv_(n?sec|usec)=\d+`)
	reTimeComm   = regexp.MustCompile(`/\* \d{4}-\d\d-\d\dT[^*]*\*/`)
	reDuration   = regexp.MustCompile(` <\d+\.\d+>$`)
	reInode      = regexp.MustCompile(`\b(pipe|socket|net):\[\d+\]`)
	reFileMeta   = regexp.MustCompile(`\b(st_ino|stx_ino|st_[amc]time(?:_nsec)?|tv_sec|tv_nsec|st_dev|stx_dev_minor|stx_mnt_id)=(makedev\([^)]*\)|[0-9a-fx]+)`)
	reClock      = regexp.MustCompile(`si_[us]time=\d+( /\* [0-9.]+ s \*/)?`)
	reTimestamp  = regexp.MustCompile(`^(\d\d:\d\d:\d\d(\.\d{6})? |\d{9,}\.\d{6} |\(?\+? *\d+\.\d{6}\)? )+`)
	// Align matches the padding before " = ", whose column depends on
	// the width of a pid on the line.
	Align     = regexp.MustCompile(`\) +=( |$)`)
	reUnfin   = regexp.MustCompile(` <unfinished \.\.\.>$`)
	reResumed = regexp.MustCompile(`^<\.\.\. (\w+) resumed>`)
	// reCallStart: how every line of a trace but a resumption starts: a
	// call, a signal, an exit, a resumption, -n's or -i's bracket, -k's
	// stack frame, a -e read=/write= dump line, a tracer's message.
	reCallStart = regexp.MustCompile(`^(\w+\(|--- |\+\+\+ |<\.\.\. |\[|\? | *> | *\| |strace: |mytrace: |Process |System call )`)
)

// PidPrefix returns the pid prefix of a line ("[pid 12] " or "12 ", with
// -Y "[pid 12<sh>] " or "12<sh> "), or "".
func PidPrefix(ln string) string { return rePidPrefix.FindString(ln) }

// Processes turns a trace into per-process sequences of lines with
// run-dependent values replaced, unfinished calls joined with their
// resumption, and diagnostics ("strace: ...", "mytrace: ...") dropped.
// The key is the pid of the lines' prefix ("" for unprefixed lines); a
// command name in the prefix (-Y) starts the line ("<sh> getpid() = ..."),
// but for a resumed call, whose joined line keeps its entry's.
func (r Rules) Processes(out string) map[string][]string {
	pending, pendingComm := map[string]string{}, map[string]string{}
	seqs := map[string][]string{}
	withComm := func(comm, ln string) string {
		if comm == "" {
			return ln
		}
		return reTracerComm.ReplaceAllString(comm, "<TRACER>") + " " + ln
	}
	for _, ln := range strings.Split(out, "\n") {
		if ln == "" {
			continue
		}
		pid, comm := "", ""
		if m := rePidPrefix.FindStringSubmatch(ln); m != nil {
			pid, comm = m[2]+m[4], m[3]+m[5]
			ln = ln[len(m[0]):]
		}
		ln = reTimestamp.ReplaceAllString(ln, "")
		if strings.HasPrefix(ln, "strace: ") || strings.HasPrefix(ln, "mytrace: ") {
			continue
		}
		if reUnfin.MatchString(ln) {
			pending[pid] = reUnfin.ReplaceAllString(ln, "")
			pendingComm[pid] = comm
			continue
		}
		if !reCallStart.MatchString(ln) && len(pending) > 0 {
			// strace 6.1 with -z (successful calls only) prints the
			// rest of an unfinished call without its "<... NAME
			// resumed>": join it all the same, to its process's
			// pending call or to the only one pending.
			from := pid
			if _, ok := pending[pid]; !ok && len(pending) == 1 {
				for p := range pending {
					from = p
				}
			}
			if head, ok := pending[from]; ok {
				ln = head + ln
				comm = pendingComm[from]
				delete(pending, from)
				ln = r.Line(ln, pid != "")
				seqs[pid] = append(seqs[pid], withComm(comm, ln))
				continue
			}
		}
		if m := reResumed.FindStringSubmatch(ln); m != nil {
			from := pid
			if _, ok := pending[pid]; !ok {
				// The unfinished line had a pid prefix that the resumed
				// one lacks: the other processes ended in between, and
				// strace -f drops the prefix when one process is left.
				from = pendingCall(pending, m[1])
			}
			ln = pending[from] + ln[len(m[0]):]
			comm = pendingComm[from]
			delete(pending, from)
		}
		ln = r.Line(ln, pid != "")
		seqs[pid] = append(seqs[pid], withComm(comm, ln))
	}
	for pid, ln := range pending {
		seqs[pid] = append(seqs[pid], withComm(pendingComm[pid], r.Line(ln, pid != "")+" <unfinished ...>"))
	}
	return seqs
}

// Text is Flatten(r.Processes(out)): the canonical normalized form.
func (r Rules) Text(out string) string { return Flatten(r.Processes(out)) }

// pendingCall returns the pid of the one unfinished call named name in
// pending, or "" if there is not exactly one.
func pendingCall(pending map[string]string, name string) string {
	found, n := "", 0
	for pid, ln := range pending {
		if strings.HasPrefix(ln, name+"(") {
			found, n = pid, n+1
		}
	}
	if n != 1 {
		return ""
	}
	return found
}

// Line replaces the run-dependent values of one line; prefixed says the
// line had a pid prefix. A pid prefix, or a pid among the arguments,
// shifts the column of " = " by its width, so there the column is not
// compared.
func (r Rules) Line(ln string, prefixed bool) string {
	ln = reAddr.ReplaceAllString(ln, "0xADDR")
	ln = reRandom.ReplaceAllString(ln, `getrandom("RANDOM"`)
	ln = reTracerComm.ReplaceAllString(ln, "<TRACER>")
	ln = reTracerNS.ReplaceAllString(ln, "/* PID in TRACER's PID NS */")
	ln = rePidRet.ReplaceAllString(ln, "${1}PID")
	ln = rePidArg.ReplaceAllString(ln, "${1}(PID")
	ln = rePidArg2.ReplaceAllString(ln, "${1}, PID")
	ln = rePidField.ReplaceAllString(ln, "${1}=PID")
	ln = rePidTid.ReplaceAllString(ln, "${1}PID]")
	ln = rePidText.ReplaceAllString(ln, "${1} PID")
	ln = rePidfd.ReplaceAllString(ln, "<pid:PID>")
	ln = reTimes.ReplaceAllString(ln, "tv_$1=N")
	ln = reTimeComm.ReplaceAllString(ln, "/* TIME */")
	ln = reDuration.ReplaceAllString(ln, " <DURATION>")
	ln = reClock.ReplaceAllString(ln, "si_Xtime=N")
	ln = reFileMeta.ReplaceAllString(ln, "${1}=N")
	ln = reInode.ReplaceAllString(ln, "${1}:[N]")
	for _, f := range families {
		ln = f(r, ln)
	}
	if prefixed || strings.Contains(ln, "PID") {
		// The column of " = " depends on the pid's width.
		ln = Align.ReplaceAllString(ln, ") = ")
	}
	return ln
}

// Flatten orders the per-process sequences canonically for comparison.
func Flatten(seqs map[string][]string) string {
	var blocks []string
	for _, s := range seqs {
		blocks = append(blocks, strings.Join(s, "\n"))
	}
	sort.Strings(blocks)
	return strings.Join(blocks, "\n----\n") + "\n"
}

// Diff returns a short report of the first differences between two
// normalized texts: "- " lines of a, "+ " lines of b.
func Diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	shown := 0
	i, j := 0, 0
	for i < len(al) || j < len(bl) {
		if i < len(al) && j < len(bl) && al[i] == bl[j] {
			i++
			j++
			continue
		}
		// Find the next resynchronisation point.
		found := false
		for k := 0; k < 40 && !found; k++ {
			for d := 0; d <= k; d++ {
				if i+d < len(al) && j+k-d < len(bl) && al[i+d] == bl[j+k-d] {
					for x := 0; x < d; x++ {
						fmt.Fprintf(&out, "- %s\n", al[i+x])
					}
					for x := 0; x < k-d; x++ {
						fmt.Fprintf(&out, "+ %s\n", bl[j+x])
					}
					i, j = i+d, j+k-d
					found = true
					break
				}
			}
		}
		if !found {
			if i < len(al) {
				fmt.Fprintf(&out, "- %s\n", al[i])
				i++
			}
			if j < len(bl) {
				fmt.Fprintf(&out, "+ %s\n", bl[j])
				j++
			}
		}
		if shown++; shown > 30 {
			out.WriteString("...\n")
			break
		}
	}
	return out.String()
}
