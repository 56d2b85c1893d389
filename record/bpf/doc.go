// Package bpf is mytrace's stop-free recorder: eBPF programs on the
// kernel's syscall and scheduler tracepoints (tp_btf) copy what the
// ptrace recorder copies at its stops (each call's number, arguments,
// result and the tracee memory its arguments point to; forks, execs,
// exits and signals) into one shared ring buffer, without ever stopping
// the traced program. This package loads the programs, selects the tasks
// to record, reads the ring buffer, puts the records in time order and
// turns them into the same format.Events the ptrace recorder writes, so
// that print, stats, diff, export and JSON work unchanged.
//
// What memory to copy is a table (table.go, ops.go) derived from sysent's
// spec entries alone (argument types, and Reads for Go captures); the recorder then runs sysent's own capture of each call
// on the copied bytes (snapshot.go), so a trace holds the same regions as
// one made with ptrace.
//
// Limits: Linux x86-64, root (CAP_BPF and CAP_PERFMON), a kernel with BTF
// and tp_btf (5.5 and later; bpf_loop: 5.17). Nothing that needs to stop
// the tracee can be done (-e inject=, fault=). Memory is read without
// stopping, so an input is read at the syscall's entry and an output at
// its exit, like ptrace, but a page not resident at entry is read at exit
// instead (marked so). When the ring buffer is full, records are lost;
// the loss is counted and written into the trace where it happened.
// See docs/bpf.md.
package bpf
