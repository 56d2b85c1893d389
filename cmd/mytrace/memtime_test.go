package main

import (
	"regexp"
	"strings"
)

// Values of the memory, time and scheduling syscalls that change between
// two runs of the same program: the clock tick count times returns and the
// CPU time it reports, the seconds time returns, the load, free memory and
// process count sysinfo reports, and the clock error estimates of adjtimex.
var (
	reTimesRet   = regexp.MustCompile(`^(times\(.*\) += )\d+$`)
	reTmsField   = regexp.MustCompile(`\b(tms_[cu]?[us]time)=\d+( /\* [0-9.]+ s \*/)?`)
	reTimeCall   = regexp.MustCompile(`^time\(\[\d+( /\* [^*]* \*/)?\]\)`)
	reTimeRet    = regexp.MustCompile(`^(time\(.*\) += )\d+ \([^)]*\)$`)
	reSysinfo    = regexp.MustCompile(`\b(uptime|loads|freeram|sharedram|bufferram|freeswap|procs)=(\[[0-9, ]*\]|\d+)`)
	reTimexError = regexp.MustCompile(`\b(offset|freq|maxerror|esterror)=-?\d+`)
)

func init() {
	extraNormalizers = append(extraNormalizers, func(l string) string {
		switch {
		case strings.HasPrefix(l, "times("):
			l = reTimesRet.ReplaceAllString(l, "${1}N")
			l = reTmsField.ReplaceAllString(l, "${1}=N")
		case strings.HasPrefix(l, "time("):
			l = reTimeCall.ReplaceAllString(l, "time([N])")
			l = reTimeRet.ReplaceAllString(l, "${1}N")
		case strings.HasPrefix(l, "sysinfo("):
			l = reSysinfo.ReplaceAllString(l, "${1}=N")
		case strings.HasPrefix(l, "adjtimex(") || strings.HasPrefix(l, "clock_adjtime("):
			l = reTimexError.ReplaceAllString(l, "${1}=N")
		}
		return l
	})
}
