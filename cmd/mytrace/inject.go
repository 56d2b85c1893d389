package main

import (
	"fmt"
	"os"

	"mytrace/format"
	"mytrace/options"
	"mytrace/record"
)

// injections returns the recorder's -e inject= and -e fault= rules, after
// printing strace's remarks about them on stderr ("Inadvertent injection
// of error 1 is possible...").
func injections(q *options.Exprs) []record.Injection {
	var out []record.Injection
	for _, r := range q.Inject {
		if r.Warning != "" {
			fmt.Fprintf(os.Stderr, "mytrace: %s\n", r.Warning)
		}
		out = append(out, recordInjection(r))
	}
	return out
}

// recordInjection turns a parsed rule into what the recorder applies.
func recordInjection(r *options.InjectRule) record.Injection {
	in := record.Injection{Match: r.Matches, First: r.First, Last: r.Last, Step: r.Step}
	d := &in.Do
	if r.Error != 0 {
		d.Flags |= format.TamperError
		d.Errno = uint16(r.Error)
	}
	if r.HasRetval {
		d.Flags |= format.TamperRetval
		d.Retval = r.Retval
	}
	if r.Signal != 0 {
		d.Flags |= format.TamperSignal
		d.Signal = uint8(r.Signal)
	}
	if r.HasDelayEnter {
		d.Flags |= format.TamperDelayEnter
		d.DelayEnter = uint64(r.DelayEnter)
	}
	if r.HasDelayExit {
		d.Flags |= format.TamperDelayExit
		d.DelayExit = uint64(r.DelayExit)
	}
	if r.Syscall >= 0 {
		d.Flags |= format.TamperSyscall
		d.Syscall = uint64(r.Syscall)
		in.SyscallI386 = uint64(r.SyscallI386)
	}
	if r.HasPokeEnter || r.HasPokeExit {
		d.Flags |= format.TamperPoke
		in.PokeEnter, in.PokeExit = recordPokes(r.PokeEnter), recordPokes(r.PokeExit)
	}
	return in
}

// recordPokes turns poke_enter= or poke_exit= writes into the recorder's.
func recordPokes(ps []options.InjectPoke) []format.Poke {
	var out []format.Poke
	for _, p := range ps {
		out = append(out, format.Poke{Arg: uint8(p.Arg), Data: p.Data})
	}
	return out
}

// injectsSignals reports whether a rule sends a signal. Such rules turn
// off kernel filtering (-e trace= with seccomp): a signal must be given as
// the task leaves a call's syscall-entry stop, as strace gives it, to
// reach the program while the call runs, and a seccomp stop, which is
// the entry under the filter, cannot give one.
func injectsSignals(rules []record.Injection) bool {
	for i := range rules {
		if rules[i].Do.Flags&format.TamperSignal != 0 {
			return true
		}
	}
	return false
}
