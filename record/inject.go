package record

import "mytrace/format"

// Injection is one -e inject= or -e fault= rule as the recorder applies
// it (see docs/architecture.md, "Tampering with syscalls").
type Injection struct {
	// Match says which syscalls the rule applies to; when several rules
	// match a call, the last one applies (as with strace).
	Match func(nr uint64, arch uint32) bool
	// Do is what is done to a call the rule picks, and what its events
	// record: TamperError or TamperRetval (the kernel skips the call, or
	// runs Do.Syscall, an x86-64 number, instead, and the call returns
	// -Errno or Retval), TamperSignal (Signal is sent to the task as the
	// call runs), TamperDelayEnter and TamperDelayExit (the task is held
	// that many ns before and after the call, while the others run on).
	Do format.Tamper
	// SyscallI386 is the i386 number of Do.Syscall, for i386 calls.
	SyscallI386 uint64
	// First, Last and Step pick the calls, counted per thread and per
	// syscall from 1 as strace counts them: call First, then every Step
	// calls (0: First only), up to call Last (InjectForever: no end).
	First, Last, Step int
	// PokeEnter and PokeExit, with TamperPoke in Do, are the writes into
	// the task's memory made at the entry and at the exit of the calls the
	// rule picks (poke_enter=, poke_exit=): the Data of each at the
	// address argument Arg holds. The other fields of a format.Poke say,
	// in the events, how each went.
	PokeEnter, PokeExit []format.Poke
}

// InjectForever is Injection.Last for rules without a last call.
const InjectForever = 0xffff
