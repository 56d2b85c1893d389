package main

import (
	"mytrace/session"
)

// session returns the session's configuration for the command argv, or
// for the -p processes: attaching says so on stderr unless quietAttach.
func (t *traceFlags) session(argv []string, quietAttach bool) (*session.Config, error) {
	pids, err := session.ParsePids(t.pids)
	if err != nil {
		return nil, err
	}
	c := &session.Config{Argv: argv, Pids: pids, QuietAttach: quietAttach, Daemonize: t.Daemonize, Interruptible: t.Interruptible}
	if t.backend.isBPF() {
		c.BPF = &t.backend.bpf
	}
	return c, nil
}
