package main

import (
	"regexp"
)

// Values of the process and signal family that change from run to run:
// process ids in arguments the built-in rules do not know, and resource
// usage counters shown with -v.
var (
	reProcPidArg  = regexp.MustCompile(`^(rt_sigqueueinfo|rt_tgsigqueueinfo|pidfd_open|get_robust_list|kcmp)\(-?\d+`)
	reProcPidArg2 = regexp.MustCompile(`^((?:rt_tgsigqueueinfo|kcmp)\(PID), \d+`)
	reProcWaitid  = regexp.MustCompile(`^(waitid\(P_(?:PID|PGID)), \d+`)
	reProcNegPid  = regexp.MustCompile(`\b(kill|wait4|setpgid)\(-\d+`)
	reProcPtracer = regexp.MustCompile(`(PR_SET_PTRACER|PR_SCHED_CORE, \w+), \d+`)
	reProcRusage  = regexp.MustCompile(`\b(ru_(?:maxrss|ixrss|idrss|isrss|minflt|majflt|nswap|inblock|oublock|msgsnd|msgrcv|nsignals|nvcsw|nivcsw))=\d+`)
)

func init() {
	extraNormalizers = append(extraNormalizers, func(l string) string {
		l = reProcPidArg.ReplaceAllString(l, "${1}(PID")
		l = reProcPidArg2.ReplaceAllString(l, "${1}, PID")
		l = reProcWaitid.ReplaceAllString(l, "${1}, PID")
		l = reProcNegPid.ReplaceAllString(l, "${1}(-PID")
		l = reProcPtracer.ReplaceAllString(l, "${1}, PID")
		l = reProcRusage.ReplaceAllString(l, "${1}=N")
		return l
	})
}
