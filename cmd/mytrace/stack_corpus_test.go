package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The -k differential test on the C test programs (issue 9): the default
// variant of each (its first "//mytrace-test:" line) traced with -k by
// strace and by mytrace, live and recorded then printed, must give the
// same normalized output, stacks included (see TestStackParity for what
// is normalized).
//
// Left out:
//   - newer_syscalls ("//mytrace-parity: no": strace 6.1 does not know
//     its calls, which mytrace names on purpose; its stacks are those of
//     any call through syscall(2)).
//   - net_fork: its child sends on a stream socket with 20 ms pauses
//     that the parent's reads are to fall between; under -k a tracer
//     (strace -k is some 20 times slower than without) can hold the
//     parent longer than that, and two sends come in one read.
//   - zombie_leader: its leader calls pthread_exit, which loads libgcc_s
//     (a dozen calls), while the other thread sleeps 100 ms and ends the
//     process; strace -k, at about 1 ms a call, is sometimes still in
//     the leader's loading when the process ends, and its exit(0) is
//     never seen.
//   - misc_keys: whether a revoked key is already gone when it is
//     invalidated (ENOKEY) or not yet (EKEYREVOKED) depends on the
//     kernel's key collector, and so on how slow the tracer is.

// stackCorpus is the programs traced, by family.
var stackCorpus = []string{
	// files and descriptors
	"basic", "files_rw", "files_dir", "files_fcntl", "files_stat", "files_misc", "aio",
	// processes: fork and wait (-f), exec (and an exec from a thread,
	// whose stack is taken at entry by another tid), threads (-f), ids,
	// credentials, prctl, namespaces, scheduling, hostile tracees
	"proc_fork", "proc_exec", "exec_thread", "proc_thread", "filters",
	"proc_ids", "proc_creds", "proc_prctl", "proc_ns", "sched", "hostile",
	// signals: handlers that make calls, sigwait with a child (-f),
	// faults in children (-f)
	"sig_basic", "sig_wait", "sig_fault",
	// memory and mappings (the mappings change under the stacks)
	"mem", "mem_more", "mem_numa", "ipc_shm",
	// network
	"net_basic", "net_msg", "net_more", "net_sockopt",
	// polling
	"poll_basic", "poll_epoll",
	// time, timers, futexes
	"time", "time_timers", "futex",
	// IPC, other ABIs (no stack for i386 and x32 calls), tampering,
	// the rest
	"ipc_mq", "ipc_msg", "ipc_sem", "abi", "inject", "legacy", "unknown",
	"misc_admin", "misc_bpf", "misc_fsapi", "misc_perf", "misc_ptrace",
}

// stackMust is what strace's output must hold for some programs, for the
// test to cover what they are there for.
var stackMust = map[string][]string{
	"sig_fault": {
		"(handler+",     // calls made in a signal handler, unwound through the signal frame
		"(cld+",         // calls of child processes
		"--- SIGSEGV {", // a signal's stack
	},
	"proc_thread": {"(pthread+", "(vthread+"}, // calls of threads
	"exec_thread": {"(run+"},                  // execve from a thread: taken at entry, shown under the leader's tid
	"proc_fork":   {"(block+", "--- SIGCHLD {"},
	"basic":       {"+++ exited with 3 +++\n > "}, // exit_group's, captured at entry
}

// stackCaseOf makes the stack case of a test program's default variant.
func stackCaseOf(t *testing.T, name string) stackCase {
	t.Helper()
	v := variantsOf(t, name)[0]
	c := stackCase{name: name, argv: append([]string{buildProg(t, name)}, v.args...), must: stackMust[name]}
	flags := append(append([]string{}, v.trace...), v.display...)
	for i := 0; i < len(flags); i++ {
		switch {
		case flags[i] == "-f":
			c.follow = true
		case flags[i] == "-e" && i+1 < len(flags):
			e := flags[i+1]
			if strings.HasPrefix(e, "inject=") || strings.HasPrefix(e, "fault=") {
				c.tamper = append(c.tamper, e)
			} else {
				c.exprs = append(c.exprs, e)
			}
			i++
		default:
			t.Fatalf("%s: flag %q of the default variant not handled", name, flags[i])
		}
	}
	return c
}

func TestStackCorpus(t *testing.T) {
	needTool(t, "strace")
	sem := make(chan struct{}, runtime.NumCPU())
	for _, name := range stackCorpus {
		if _, err := os.Stat(filepath.Join("..", "..", "testdata", "c", name+".c")); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			needsOf(t, name)
			c := stackCaseOf(t, name)
			sem <- struct{}{}
			defer func() { <-sem }()
			checkStackCase(t, c)
		})
	}
}
