//go:build linux && amd64

package record

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"

	"mytrace/format"
	"mytrace/sysent"
)

// Filtering in the kernel. When only some syscalls are recorded, the exec
// stub installs a seccomp-bpf filter before its execve: the recorded
// syscalls return SECCOMP_RET_TRACE, which stops the tracee (a
// PTRACE_EVENT_SECCOMP stop, the syscall's entry), and the others
// SECCOMP_RET_ALLOW, which run without stopping. The tracer resumes with
// PTRACE_CONT outside recorded calls, and with PTRACE_SYSCALL to see the
// exit of a recorded one. Forks, clones, execs and exits are still seen as
// ptrace events. Calls through another ABI (i386) are all traced.

// seccompEnv carries the recorded syscall numbers to the stub.
const seccompEnv = "MYTRACE_INTERNAL_SECCOMP"

// seccompSet returns the syscall numbers below the table's end whose
// stops the filter lets through: those Trace records, and, to keep the
// descriptor table of -y right, those that create or close descriptors or
// change directory; and whether numbers beyond the table are traced too.
func seccompSet(trace func(int) bool, fdPaths bool) (nrs []int, beyond bool) {
	for nr := 0; nr < sysent.Max(); nr++ {
		keep := trace(nr)
		if e := sysent.Lookup(uint64(nr)); e != nil && fdPaths && !keep {
			keep = e.ChangesFds()
		}
		if keep {
			nrs = append(nrs, nr)
		}
	}
	return nrs, trace(1 << 20)
}

// seccompProgram builds the filter: trace the listed x86-64 syscalls (and
// numbers beyond the table if beyond) and every call of another ABI,
// allow the rest. When the list is longer than its complement, the
// complement is listed instead.
func seccompProgram(nrs []int, beyond bool) []unix.SockFilter {
	const (
		ldW  = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
		jeqK = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
		jgeK = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
		retK = unix.BPF_RET | unix.BPF_K
		// offsets in struct seccomp_data
		offNr   = 0
		offArch = 4
		x32Bit  = 0x40000000
	)
	in := make(map[int]bool, len(nrs))
	for _, n := range nrs {
		in[n] = true
	}
	listed, onMatch, otherwise := nrs, uint32(unix.SECCOMP_RET_TRACE), uint32(unix.SECCOMP_RET_ALLOW)
	if beyond || len(nrs) > sysent.Max()/2 {
		listed = nil
		for nr := 0; nr < sysent.Max(); nr++ {
			if !in[nr] {
				listed = append(listed, nr)
			}
		}
		onMatch, otherwise = unix.SECCOMP_RET_ALLOW, unix.SECCOMP_RET_TRACE
	}
	p := []unix.SockFilter{
		{Code: ldW, K: offArch},
		{Code: jeqK, K: format.ArchX86_64, Jt: 1},
		{Code: retK, K: unix.SECCOMP_RET_TRACE},
		{Code: ldW, K: offNr},
		{Code: jgeK, K: x32Bit, Jf: 1},
		{Code: retK, K: unix.SECCOMP_RET_TRACE},
	}
	for _, nr := range listed {
		p = append(p, unix.SockFilter{Code: jeqK, K: uint32(nr), Jf: 1}, unix.SockFilter{Code: retK, K: onMatch})
	}
	if onMatch == unix.SECCOMP_RET_ALLOW && !beyond {
		// Complement listed, but numbers beyond the table are allowed.
		p = append(p, unix.SockFilter{Code: jgeK, K: uint32(sysent.Max()), Jf: 1}, unix.SockFilter{Code: retK, K: unix.SECCOMP_RET_ALLOW})
	}
	return append(p, unix.SockFilter{Code: retK, K: otherwise})
}

// seccompEnvValue encodes the syscall list for the stub: "+" first when
// numbers beyond the table are traced.
func seccompEnvValue(nrs []int, beyond bool) string {
	s := make([]string, len(nrs))
	for i, n := range nrs {
		s[i] = strconv.Itoa(n)
	}
	v := strings.Join(s, ",")
	if beyond {
		v = "+" + v
	}
	return v
}

// installStubFilter runs in the stub, after the tracer has seized it.
func installStubFilter() {
	v, ok := os.LookupEnv(seccompEnv)
	if !ok {
		return
	}
	var nrs []int
	beyond := strings.HasPrefix(v, "+")
	v = strings.TrimPrefix(v, "+")
	if v != "" {
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				fmt.Fprintf(os.Stderr, "mytrace: internal: bad syscall list %q\n", v)
				os.Exit(127)
			}
			nrs = append(nrs, n)
		}
	}
	prog := seccompProgram(nrs, beyond)
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	_, _, e := unix.RawSyscall(unix.SYS_PRCTL, unix.PR_SET_SECCOMP, unix.SECCOMP_MODE_FILTER, uintptr(unsafe.Pointer(&fprog)))
	if e != 0 {
		// The tracer chose kernel filtering knowing it could: failing now
		// would leave it waiting for stops that never come.
		fmt.Fprintf(os.Stderr, "mytrace: installing the seccomp filter: %v\n", e)
		os.Exit(127)
	}
}

// seccompUsable reports whether the stub can install a filter without
// setting no_new_privs, which the traced program would see: it needs
// CAP_SYS_ADMIN, which mytrace checks as being root.
func seccompUsable() bool { return unix.Geteuid() == 0 }

// seccompPlan says whether a launched command gets the seccomp filter
// (with its value for the stub), or why not (a notice for the user).
func seccompPlan(opts Options) (on bool, value, notice string) {
	// The filter is inherited by every child, and a child nobody traces
	// gets ENOSYS from a call the filter hands to a tracer: without -f
	// (children not traced) there is no kernel filtering, as strace
	// refuses --seccomp-bpf without -f; with -b execve neither (a
	// process let go at its exec keeps the filter).
	if !opts.Seccomp || opts.Trace == nil || !opts.Follow || opts.DetachOnExec {
		return false, "", ""
	}
	if !seccompUsable() {
		return false, "", "every syscall stops the traced program (filtering them in the kernel needs root)"
	}
	trace := stackTrace(opts.Trace, opts.Stack || opts.KVM)
	if opts.Comms {
		// Calls that change a task's command name stop, as strace's
		// filter does with -Y.
		inner := trace
		trace = func(nr int) bool { return inner(nr) || nr == nrExecve || nr == nrExecveat || nr == nrPrctl }
	}
	nrs, beyond := seccompSet(trace, opts.FdPaths)
	return true, seccompEnvValue(nrs, beyond), ""
}

const nrPrctl = 157
