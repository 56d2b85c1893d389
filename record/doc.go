// Package record is the ptrace loop: it launches a command under trace,
// and for every stop (syscall entry and exit, signal delivery, group-stop,
// ptrace event, exit) it copies the raw facts into a format.Event: the
// syscall info, a register snapshot, and the tracee memory the syscall
// table (package sysent) says the call reads or writes; for -Y,
// --decode-pids and -e kvm=vcpu, what /proc and a vCPU's kvm_run said at
// the stop (pids_linux.go). It formats nothing; events go to a Sink (a
// format.Writer, for a file or for the live display), which with
// Options.Ordered takes each stop's events before the tracee goes on. It
// also starts commands as strace -D does (daemon_linux.go).
//
// One goroutine, locked to its OS thread, makes every ptrace call, the
// tracee's fork and exec included, since the kernel ties a tracee to the
// thread that attached it. Memory is read with process_vm_readv, and with
// PTRACE_PEEKDATA where that fails; a failed read is recorded as such.
// Between stops the tracer spins briefly before it sleeps (wait_linux.go),
// and while stops come often it keeps idle CPUs from halting
// (awake_linux.go: a 0 µs PM QoS request as root, else a SCHED_IDLE
// spinner): the machine's idle CPUs poll for a while, the tracee sees no
// difference.
//
// Limits: Linux on x86-64 only. Syscalls made through the i386 ABI are
// recorded with their registers but no memory. The recorder's own exec stub
// (see launch_linux.go) runs before the traced execve and is not recorded.
package record
