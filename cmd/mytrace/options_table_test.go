package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"mytrace/internal/stracetext"
)

// The option table: every strace 6.1 option form, good and bad, run under
// strace and under live mytrace on a corpus program. Each must end with
// the same exit status, write the same normalized trace, and say the same
// lines on stderr (strace's "strace: " and mytrace's "mytrace: " lines,
// without strace's "Try 'strace -h'" hint).

// optionForms are the forms tried, each a command line before the
// program. A form that starts with "!" is a known difference, with its
// reason after " # ".
var optionForms = []string{
	// Timestamps, relative times and durations, in every precision.
	"-t", "-tt", "-ttt", "--timestamps", "--timestamps=unix,ms", "--absolute-timestamps",
	"--absolute-timestamps=ns", "--absolute-timestamps=format:unix,precision:us",
	"--absolute-timestamps=precision:ms,format:time", "--absolute-timestamps=none -r",
	"--absolute-timestamps=s", "-r", "--relative-timestamps", "--relative-timestamps=s",
	"--relative-timestamps=ms", "--relative-timestamps=us", "--relative-timestamps=ns",
	"-T", "--syscall-times", "--syscall-times=s", "--syscall-times=ms", "--syscall-times=ns",
	"-tt -T -r", "--timestamps=unix,ns --syscall-times=ns --relative-timestamps=ns",
	// Strings.
	"-s 8", "--string-limit=8", "--string-limit 0", "-x", "-xx", "-xxx", "--strings-in-hex",
	"--strings-in-hex=non-ascii", "--strings-in-hex=non-ascii-chars", "--strings-in-hex=all",
	"--strings-in-hex=none", "-v", "--no-abbrev",
	// Descriptors.
	"-y", "--decode-fds", "--decode-fds=path", "--decode-fds=path,socket",
	"--decode-fds=none", "-e decode-fds=path", "--decode-fds=dev", "--decode-fds=path,dev", "--decode-fds=pidfd",
	// Layout and constants.
	"-a 20", "--columns=60", "-n", "--syscall-number", "-X raw", "-X abbrev", "-X verbose",
	"--const-print-style=raw", "--const-print-style=verbose",
	// Filters.
	"-z", "-Z", "--successful-only", "--failed-only", "--failing-only", "-e trace=openat,read",
	"--trace=openat", "--trace=%file", "--trace=!write", "--trace=/^[lf]?stat", "-e openat",
	"--status=failed", "-e status=successful", "--status=!successful", "--signal=SIGCHLD",
	"--signals=none", "-e signal=all", "--raw=openat", "--abbrev=none", "--verbose=none",
	"-e abbrev=all -v", "-v -e abbrev=all", "-P /etc/ld.so.cache", "--trace-path=/etc/ld.so.cache",
	// Dumps.
	"--read=3", "--write=1", "-e read=all", "-e write=none", "--read=!0",
	// Messages.
	"-q", "-qq", "-qqq", "--quiet", "--quiet=all", "--quiet=attach,exit", "--quiet=none",
	"--silent=exit", "--silence", "-e quiet=exit", "-e q=!exit",
	// Processes.
	"-f", "--follow-forks", "-f --seccomp-bpf -e trace=openat", "-E MYTRACE_X=1", "--env=HOME",
	"-u root", "--user=root",
	// Tracer apart from the command, detaching at exec, signals.
	"-D", "-DD", "-DDD", "--daemonize", "--daemonize=grandchild", "--daemonize=pgroup", "--daemonize=pgrp",
	"--daemonize=SESSION", "-D -f", "-D -c -S name -U calls,name", "-b execve", "--detach-on=execve", "-f -b execve",
	"-f -b execve --seccomp-bpf -e trace=openat", "-I 1", "-I 2", "-I 3", "-I 4", "-I anywhere", "-I always",
	"--interruptible=waiting", "--interruptible=never", "-I never_tstp", "-I NEVER",
	// Pids and KVM.
	"-Y", "-f -Y", "--decode-pids=comm", "--decode-pids=pidns", "--pidns-translation", "--decode-pids=comm,pidns",
	"-e decode-pids=all", "-Y --decode-pids=pidns", "-e kvm=vcpu", "--kvm=vcpu", "-f -Y -e trace=openat",
	// Output file.
	"-A", "--output-append-mode",
	// Summaries (columns without times, which differ from run to run).
	"-c -S name -U calls,errors,name", "--summary-only -S name -U name,calls", "-C -S name -U calls,errors,name",
	"-c -S calls -U calls,name", "-c -S name -U calls,errors,name", "-c -S errors -U errors,name,calls",
	"-c -O 1ms -S name -U calls,name", "-c -w -S name -U calls,name", "--summary -S name --summary-columns=calls,name",
	"-c -S nothing -U name", "-c -Z -S name -U calls,name", "-c -e trace=openat -U calls,name",
	// Abbreviated long options, as getopt_long takes them.
	"--follow", "--syscall-n", "--no-ab",
	// Warnings.
	"-c -i -S name -U calls,name", "-c -T -S name -U calls,name", "-S calls", "-z -Z",
	// Tampering.
	"--inject=openat:error=ENOENT:when=2", "--fault=read:when=3", "-e inject=write:retval=1",
	// Bad values and conflicts: one line, status 1.
	"-s abc", "-s -1", "--string-limit=abc", "-a x", "--columns=-3", "-X foo",
	"--const-print-style=foo", "--syscall-times=xs", "-T --syscall-times=sec",
	"--relative-timestamps=x", "--absolute-timestamps=x", "--absolute-timestamps=format:us",
	"--absolute-timestamps=precision:unix", "--timestamps=,,bad", "--strings-in-hex=x",
	"--quiet=x", "-e quiet=bogus", "--decode-fds=x", "--decode-pids=x", "-e trace=nosuch",
	"--trace=nosuch", "--trace=%nosuch", "-e foo=bar", "--status=x", "--signal=FOO",
	"-e signal=99999", "--read=x", "--write=-1", "-e kvm=x", "--kvm=x", "--inject=openat",
	"--inject=openat:error=FOO", "--fault=openat:retval=1", "-O x", "-O 1xs",
	"--summary-syscall-overhead=z", "-c -S foo", "-c -U foo", "-c -U calls,calls", "-w", "-U calls",
	"-c -C", "-C -c", "-t --absolute-timestamps", "-x --strings-in-hex", "-y --decode-fds",
	"-q --quiet", "-qq -e quiet=exit", "-f --follow-forks", "--follow-forks=1", "--summary=x",
	"--bogus", "-j", "--tips=x", "--tips=id:x", "-u nosuchuser-x", "-p 0", "--attach=x",
	"--secontext", "-e secontext=full", "-DDDD", "-D --daemonize", "--daemonize=x", "--daemonize=", "-b open",
	"--detach-on=exec", "-I 0", "-I 5", "-I x", "--interruptible=", "-I -1",
	// Known differences.
	"!--tips # mytrace's tips (on stderr, not compared) are about mytrace, and framed without strace's mascot",
	"!--tips=id:1,format:full # mytrace's tips are about mytrace",
	"!-V # mytrace's version text (on stdout, not compared)",
	"!--version # mytrace's version text",
	"-yy",
	"--decode-fds=all",
	"!--s 1 # the ambiguous option's possibilities come in another order (strace's table's)",
	"!--string=8 # getopt names the ambiguous option with its value ('--string=8'), pflag's error only with its name",
	"!-d # strace's debug output is about strace's own workings; mytrace has none",
	"!-F # strace's deprecated -F is not taken",
}

// tableStamp is a line's leading timestamps, tableDur its -T duration.
var (
	tableStamp = regexp.MustCompile(`^((\d\d:\d\d:\d\d|\d{9,})(\.\d+)? |\(?\+? *\d+(\.\d+)?\)? )+`)
	tableDur   = regexp.MustCompile(` <\d+(\.\d+)?>$`)
	tableDigit = regexp.MustCompile(`\d`)
	// Summary lines: every number but the calls and errors columns'
	// order of lines is kept; times and percentages are blanked.
	tableTime = regexp.MustCompile(`\d+\.\d+`)
)

// tableText normalizes a trace, and says apart the shapes of its
// timestamps and durations (their digits replaced, so their precision and
// widths are compared, not their values).
func tableText(s string, stamps bool) (string, string) {
	var b, shapes strings.Builder
	for _, ln := range strings.Split(s, "\n") {
		shape := func(m string) string {
			shapes.WriteString(tableDigit.ReplaceAllString(m, "9"))
			return ""
		}
		if stamps {
			ln = tableStamp.ReplaceAllStringFunc(ln, shape)
		}
		ln = tableDur.ReplaceAllStringFunc(ln, shape)
		shapes.WriteByte('\n')
		if strings.HasPrefix(ln, "%") || strings.HasPrefix(ln, "  ") || strings.HasPrefix(ln, "100.00") {
			ln = tableTime.ReplaceAllString(ln, "T") // summary times
		}
		b.WriteString(ln)
		b.WriteByte('\n')
	}
	return norm.Text(b.String()), shapes.String()
}

// tableDiag is what a run said on stderr in its tracer's name: the
// tracer's lines with the name taken off, without strace's hint and the
// attach messages.
func tableDiag(stderr, name string) []string {
	var out []string
	for _, ln := range strings.Split(stderr, "\n") {
		// strace names itself as it was run (/usr/bin/strace: ...).
		i := strings.Index(ln, name+": ")
		if i < 0 || strings.Contains(ln[:i], " ") {
			continue
		}
		rest := ln[i+len(name)+2:]
		if strings.HasPrefix(rest, "Process ") {
			continue
		}
		out = append(out, strings.ReplaceAll(rest, "strace", "mytrace"))
	}
	return out
}

// TestOptionTable runs every form of optionForms under strace and
// mytrace and compares them.
func TestOptionTable(t *testing.T) {
	strace := needTool(t, "strace")
	bin := buildProg(t, "basic")
	var mu sync.Mutex
	tried, same, known := 0, 0, 0
	sem := make(chan struct{}, runtime.NumCPU())
	t.Run("forms", func(t *testing.T) {
		for _, form := range optionForms {
			reason := ""
			if strings.HasPrefix(form, "!") {
				form, reason, _ = strings.Cut(form[1:], " # ")
			}
			t.Run(form, func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				dir := t.TempDir()
				run := func(name, tracer string) (string, string, int) {
					out := filepath.Join(dir, name+".out")
					args := append(append([]string{"-o", out}, strings.Fields(form)...), bin)
					stderr, code := runIn(t, dir, tracer, args...)
					b, _ := os.ReadFile(out)
					return strings.ReplaceAll(string(b), dir, "CWD"), stderr, code
				}
				sOut, sErr, sCode := run("strace", strace)
				mOut, mErr, mCode := run("mytrace", mytraceBin)
				var diffs []string
				if sCode != mCode {
					diffs = append(diffs, "exit status: strace "+strconv.Itoa(sCode)+", mytrace "+strconv.Itoa(mCode))
				}
				stamps := strings.Contains(form, "time") || strings.Contains(form, "-t") || strings.Contains(form, "-r")
				w, wShape := tableText(sOut, stamps)
				g, gShape := tableText(mOut, stamps)
				if w != g {
					diffs = append(diffs, "trace (- strace, + mytrace):\n"+stracetext.Diff(w, g))
				}
				if wShape != gShape {
					diffs = append(diffs, "timestamps (- strace, + mytrace):\n"+stracetext.Diff(wShape, gShape))
				}
				if w, g := tableDiag(sErr, "strace"), tableDiag(mErr, "mytrace"); strings.Join(w, "\n") != strings.Join(g, "\n") {
					diffs = append(diffs, "stderr: strace said "+quoteLines(w)+", mytrace "+quoteLines(g))
				}
				mu.Lock()
				tried++
				switch {
				case len(diffs) == 0 && reason == "":
					same++
				case reason != "":
					known++
				}
				mu.Unlock()
				if reason != "" {
					t.Logf("%s: known difference (%s): %d differences", form, reason, len(diffs))
					return
				}
				for _, d := range diffs {
					t.Errorf("%s: %s", form, d)
				}
			})
		}
	})
	t.Logf("%d option forms tried: %d identical to strace, %d known differences, %d differing", tried, same, known, tried-same-known)
}

func quoteLines(l []string) string {
	if len(l) == 0 {
		return "nothing"
	}
	return "\"" + strings.Join(l, "\" / \"") + "\""
}
