package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"

	"mytrace/record"
)

// parsePids parses -p values as strace does: each may hold several pids
// separated by commas, spaces or newlines (-p "`pidof prog`").
func parsePids(vals []string) ([]int, error) {
	var pids []int
	for _, v := range vals {
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("Invalid process id: '%s'", f)
			}
			pids = append(pids, n)
		}
	}
	if len(vals) > 0 && len(pids) == 0 {
		return nil, errors.New("Invalid process id: ''")
	}
	return pids, nil
}

// start launches argv, or attaches to the -p processes, and says so on
// stderr as strace does (unless quietAttach).
func start(argv []string, tf *traceFlags, opts record.Options, quietAttach bool) (recorder, error) {
	if tf.backend.isBPF() {
		return startBPF(argv, tf, opts, tf.backend.bpf, quietAttach)
	}
	if len(tf.pids) == 0 {
		opts.User = tf.runAs
		return launch(argv, opts)
	}
	pids, err := parsePids(tf.pids)
	if err != nil {
		return nil, err
	}
	if len(argv) > 0 {
		return nil, errors.New("-p cannot be combined with a command (trace one or the other)")
	}
	rec, err := record.Attach(pids, opts)
	if err != nil {
		return nil, err
	}
	attachMessages(rec, quietAttach)
	return rec, nil
}

// attachMessages says which processes could not be attached to, and
// (unless quietAttach) which were, as strace does.
func attachMessages(rec recorder, quietAttach bool) {
	for _, e := range rec.Failed() {
		fmt.Fprintf(os.Stderr, "mytrace: %v\n", e)
	}
	if rec.Notice() != "" {
		fmt.Fprintf(os.Stderr, "mytrace: %s\n", rec.Notice())
	}
	if !quietAttach {
		for _, a := range rec.Attached() {
			if a.Threads > 1 {
				fmt.Fprintf(os.Stderr, "mytrace: Process %d attached with %d threads\n", a.Pid, a.Threads)
			} else {
				fmt.Fprintf(os.Stderr, "mytrace: Process %d attached\n", a.Pid)
			}
		}
	}
}

// handleDetach lets the attached processes go when mytrace is asked to
// stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT), as strace -p does. The
// returned function stops the handling and tells which signal ended the
// session, if one did.
func handleDetach(rec recorder) func() syscall.Signal {
	var got atomic.Int32
	stop := onSignals(func(sig syscall.Signal) {
		got.CompareAndSwap(0, int32(sig))
		rec.Detach()
	})
	return func() syscall.Signal {
		stop()
		return syscall.Signal(got.Load())
	}
}

// sessionSignals handles the signals that end a session: forwarded to a
// launched command, or a detach from attached processes. The returned
// function stops the handling and gives the signal that ended an
// attached session (0 if none).
func sessionSignals(rec recorder, attached, interactive bool) func() syscall.Signal {
	if attached {
		return handleDetach(rec)
	}
	stop := handleSignals(rec, interactive)
	return func() syscall.Signal { stop(); return 0 }
}

// detachMessages says which tasks were let go, as strace does on stderr.
func detachMessages(res *record.Result) {
	for _, tid := range res.Detached {
		fmt.Fprintf(os.Stderr, "mytrace: Process %d detached\n", tid)
	}
}

// sessionStatus is mytrace's exit status: the command's, or for attached
// processes 0, or 128+N when signal N ended the session.
func sessionStatus(res *record.Result, sig syscall.Signal) int {
	if sig != 0 {
		return 128 + int(sig)
	}
	return res.Status()
}

// abandon ends a session that cannot be recorded: a launched command is
// killed (it has not run yet), attached processes are let go.
func abandon(rec recorder, attached bool) {
	if attached {
		rec.Detach()
	} else {
		rec.Signal(syscall.SIGKILL)
	}
	rec.Run(discard{})
}
