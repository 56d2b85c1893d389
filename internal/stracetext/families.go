package stracetext

import (
	"regexp"
	"strconv"
	"strings"
)

// families are the rules of the syscall families, applied in order after
// the common ones: values of their own that change from run to run.
var families = []func(Rules, string) string{
	ipRule, filesRule, ipcRule, memtimeRule, miscRule, netlinkPortRule, Rules.ports,
	netlinkRule, processRule, yyRule,
}

// reIP is strace -i's instruction pointer, after -n's syscall number.
// Libraries are mapped at random page-aligned addresses: only the offset
// in the page is compared, and not at all for execve, which strace and
// mytrace call from different programs (mytrace shows its launched
// command's execve with an unknown pointer, "[????????????????]": it is
// made by mytrace's exec stub). The common rules that look at
// the start of a line (a pid returned) are applied again after the
// prefixes.
var reIP = regexp.MustCompile(`^(\[ *\d+\] )?(?:\[([0-9a-f]{13})([0-9a-f]{3})\] |\[(\?{16})\] )?`)

func ipRule(_ Rules, l string) string {
	m := reIP.FindStringSubmatch(l)
	if m == nil || m[0] == "" {
		return l
	}
	rest := rePidRet.ReplaceAllString(l[len(m[0]):], "${1}PID")
	pfx := m[1]
	if m[4] != "" {
		if strings.HasPrefix(rest, "execve(") {
			pfx += "[IPXXX] "
		} else {
			pfx += "[" + m[4] + "] "
		}
	} else if m[2] != "" {
		low := m[3]
		if strings.HasPrefix(rest, "execve(") {
			low = "XXX"
		}
		pfx += "[IP" + low + "] "
	}
	return pfx + rest
}

// Files and descriptors: free blocks and inodes of the file system
// (statfs), inode numbers of directory entries, file handles (which hold
// inode numbers), and with -y the inode number in the name of an
// O_TMPFILE file ("/tmp/#1234").
var (
	reFilesStatfs = regexp.MustCompile(`\b(f_bfree|f_bavail|f_ffree)=\d+`)
	reFilesFsid   = regexp.MustCompile(`\bf_fsid=\{val=\[[^\]]*\]\}`)
	reFilesDino   = regexp.MustCompile(`\bd_ino=\d+`)
	reFilesHandle = regexp.MustCompile(`\bf_handle="[^"]*"`)
	reFilesTmpIno = regexp.MustCompile(`/#\d+>\(deleted\)`)
)

func filesRule(_ Rules, l string) string {
	l = reFilesStatfs.ReplaceAllString(l, "${1}=N")
	l = reFilesFsid.ReplaceAllString(l, "f_fsid={val=[N, N]}")
	l = reFilesDino.ReplaceAllString(l, "d_ino=N")
	l = reFilesTmpIno.ReplaceAllString(l, "/#N>(deleted)")
	return reFilesHandle.ReplaceAllString(l, `f_handle="H"`)
}

// SysV IPC: the identifiers of IPC objects (allocated machine-wide), the
// highest index the *_INFO commands return, the times and process ids kept
// in the objects' descriptions and the machine-wide usage counts SHM_INFO,
// SEM_INFO and MSG_INFO report. Their width also moves the column of " = ".
var (
	reIPCCall   = regexp.MustCompile(`^(shmget|shmat|shmdt|shmctl|semget|semop|semtimedop|semctl|msgget|msgsnd|msgrcv|msgctl)\(`)
	reIPCGetRet = regexp.MustCompile(`^((?:shm|sem|msg)get\(.*\) += )\d+$`)
	reIPCID     = regexp.MustCompile(`^(shmat|shmctl|semop|semtimedop|semctl|msgsnd|msgrcv|msgctl)\(\d+`)
	reIPCInfo   = regexp.MustCompile(`^((?:shm|sem|msg)ctl\(.*(?:_INFO|_STAT|_STAT_ANY|GETPID), .*\) += )\d+$`)
	reIPCField  = regexp.MustCompile(`\b(shm_cpid|shm_lpid|msg_lspid|msg_lrpid|shm_atime|shm_dtime|shm_ctime|sem_otime|sem_ctime|msg_stime|msg_rtime|msg_ctime|used_ids|shm_tot|shm_rss|shm_swp|msgpool|msgmap|msgtql|semusz|semaem)=\d+`)
)

func ipcRule(_ Rules, l string) string {
	if !reIPCCall.MatchString(l) {
		return l
	}
	l = reIPCGetRet.ReplaceAllString(l, "${1}ID")
	l = reIPCID.ReplaceAllString(l, "${1}(ID")
	l = reIPCInfo.ReplaceAllString(l, "${1}N")
	l = reIPCField.ReplaceAllString(l, "${1}=N")
	return Align.ReplaceAllString(l, ") = ")
}

// Memory, time and scheduling: the clock tick count times returns and the
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

func memtimeRule(_ Rules, l string) string {
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
}

// Misc: key serial numbers (random 31-bit numbers) in key management
// calls, whose width also moves the column of " = "; pids of the
// cross-process calls; the registers of a stopped child (addresses and
// values left by the C library; the segment registers and orig_rax do not
// change).
var (
	reMiscKeySerial = regexp.MustCompile(`\b\d{6,}\b`)
	reMiscPid       = regexp.MustCompile(`^(process_vm_readv|process_vm_writev|ptrace\(\w+)(\(|, )\d+`)
	reMiscRegs      = regexp.MustCompile(`\b(r\d+|r[a-d]x|r[sd]i|rbp|rsp|rip|eflags|[fg]s_base)=0x[0-9a-f]+`)
	reMiscFpArr     = regexp.MustCompile(`\b(st_space|xmm_space|padding)=\[[^\]]*\]`)
)

func miscRule(_ Rules, l string) string {
	for _, p := range []string{"add_key(", "request_key(", "keyctl("} {
		if strings.HasPrefix(l, p) {
			l = reMiscKeySerial.ReplaceAllString(l, "KEY")
			return Align.ReplaceAllString(l, ") = ")
		}
	}
	if strings.HasPrefix(l, "ptrace(PTRACE_") && strings.Contains(l, "REGS") {
		l = reMiscRegs.ReplaceAllString(l, "${1}=REG")
		l = reMiscFpArr.ReplaceAllString(l, "${1}=[...]")
	}
	return reMiscPid.ReplaceAllString(l, "${1}${2}PID")
}

// The kernel names a netlink socket bound to port id 0 after the process:
// getsockname shows that pid.
var reNlSockname = regexp.MustCompile(`^(getsockname\(.*\bnl_pid=)\d+`)

func netlinkPortRule(_ Rules, l string) string {
	return reNlSockname.ReplaceAllString(l, "${1}PID")
}

var rePort = regexp.MustCompile(`\b(sin6?_port=htons)\((\d+)\)`)

// ports: the network tests bind loopback sockets to port 0, and the ports
// the kernel picks come from the ephemeral range. Only ports in that range
// are normalized; the tests use fixed ports below it for everything else.
func (r Rules) ports(l string) string {
	if !strings.Contains(l, "_port=htons(") {
		return l
	}
	return rePort.ReplaceAllStringFunc(l, func(m string) string {
		sub := rePort.FindStringSubmatch(m)
		if p, err := strconv.Atoi(sub[2]); err == nil && p >= r.EphemeralLo && p <= r.EphemeralHi {
			return sub[1] + "(EPHEMERAL)"
		}
		return m
	})
}

// Netlink replies: interface counters (rtnl_link_stats and
// rtnl_link_stats64 fields), the promiscuity and allmulti counts of an
// interface (other tests running at the same time open packet sockets on
// the loopback interface), and port ids, which the kernel takes from the
// process id.
var (
	reNlIfCounts = regexp.MustCompile(`(nla_type=IFLA_(?:PROMISCUITY|ALLMULTI)\}, )\d+`)
	reNlCounters = regexp.MustCompile(`\b((?:rx|tx)_[a-z_]+|multicast|collisions)=\d+`)
	reNlPortID   = regexp.MustCompile(`\b(nlmsg_pid|nl_pid)=-?[1-9]\d*`)
)

func netlinkRule(_ Rules, l string) string {
	if !strings.Contains(l, "nlmsg_") && !strings.Contains(l, "nl_pid=") {
		return l
	}
	l = reNlCounters.ReplaceAllString(l, "${1}=N")
	l = reNlIfCounts.ReplaceAllString(l, "${1}N")
	return reNlPortID.ReplaceAllString(l, "${1}=PID")
}

// Processes and signals: process ids in arguments the common rules do not
// know, and resource usage counters shown with -v.
var (
	reProcPidArg  = regexp.MustCompile(`^(rt_sigqueueinfo|rt_tgsigqueueinfo|pidfd_open|get_robust_list|kcmp)\(-?\d+`)
	reProcPidArg2 = regexp.MustCompile(`^((?:rt_tgsigqueueinfo|kcmp)\(PID(?:<[^>]*>)?(?: /\* PID in TRACER's PID NS \*/)?), \d+`)
	reProcWaitid  = regexp.MustCompile(`^(waitid\(P_(?:PID|PGID)), \d+`)
	reProcNegPid  = regexp.MustCompile(`\b(kill|wait4|setpgid)\(-\d+`)
	reProcPtracer = regexp.MustCompile(`(PR_SET_PTRACER|PR_SCHED_CORE, \w+), \d+`)
	reProcRusage  = regexp.MustCompile(`\b(ru_(?:maxrss|ixrss|idrss|isrss|minflt|majflt|nswap|inblock|oublock|msgsnd|msgrcv|nsignals|nvcsw|nivcsw))=\d+`)
)

func processRule(_ Rules, l string) string {
	l = reProcPidArg.ReplaceAllString(l, "${1}(PID")
	l = reProcPidArg2.ReplaceAllString(l, "${1}, PID")
	l = reProcWaitid.ReplaceAllString(l, "${1}, PID")
	l = reProcNegPid.ReplaceAllString(l, "${1}(-PID")
	l = reProcPtracer.ReplaceAllString(l, "${1}, PID")
	return reProcRusage.ReplaceAllString(l, "${1}=N")
}

// -yy shows sockets with their inodes and ephemeral ports.
var (
	reYYInet     = regexp.MustCompile(`<((?:TCP|UDP)(?:v6)?):\[(.*?)\]>`)
	reYYPort     = regexp.MustCompile(`(\d|\]):\d+`)
	reYYUnix     = regexp.MustCompile(`<(UNIX(?:-STREAM)?):\[\d+(->\d+)?`)
	reYYUnixPeer = regexp.MustCompile(`->\d+`)
)

func yyRule(_ Rules, l string) string {
	if !strings.Contains(l, ":[") {
		return l
	}
	l = reYYInet.ReplaceAllStringFunc(l, func(m string) string {
		s := reYYInet.FindStringSubmatch(m)
		inner := s[2]
		if strings.IndexFunc(inner, func(r rune) bool { return r < '0' || r > '9' }) < 0 {
			inner = "INODE"
		} else {
			inner = reYYPort.ReplaceAllString(inner, "${1}:PORT")
		}
		return "<" + s[1] + ":[" + inner + "]>"
	})
	return reYYUnix.ReplaceAllStringFunc(l, func(m string) string {
		s := reYYUnix.FindStringSubmatch(m)
		r := "<" + s[1] + ":[INODE"
		if s[2] != "" {
			r += reYYUnixPeer.ReplaceAllString(s[2], "->INODE")
		}
		return r
	})
}
