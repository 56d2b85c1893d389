package sysent

// The pids a syscall names, and what each names (strace's pid_type): for
// -Y, strace shows the command name of a thread or process id, and for
// --decode-pids=pidns the pid in its own PID namespace of any of them.
// The recorder reads both from /proc at the stop where strace prints the
// value (the entry for arguments, the exit for the result), and the
// decoders show the values with them.

// PidKind says what a pid value names. Values 1 to 4 are those of
// format.PidKind*.
type PidKind uint8

// Pid kinds.
const (
	PidNone PidKind = iota
	PidTID          // a thread
	PidTGID         // a process
	PidPGID         // a process group
	PidSID          // a session
	// PidTGIDOrPGID is kill's and wait4's: a process if positive, the
	// process group -pid if below -1 (strace's printpid_tgid_pgid).
	PidTGIDOrPGID
)

// Pids says which arguments of a syscall, and its result, are pids.
type Pids struct {
	Args [6]PidKind
	Ret  PidKind
	// Special: the syscall's decoder knows (waitid's id, whose kind its
	// idtype gives).
	Special bool
}

// Of, the kind of pid value v of kind k names, once its sign is known:
// for PidTGIDOrPGID, a process or (on -v) a process group.
func (k PidKind) Of(v int64) (PidKind, int64) {
	if k != PidTGIDOrPGID {
		return k, v
	}
	switch {
	case v > 0:
		return PidTGID, v
	case v < -1:
		return PidPGID, -v
	}
	return PidNone, v
}

// pidSpecs are strace 6.1's printpid and RVAL_TID/TGID/PGID/SID uses on
// x86-64.
var pidSpecs = map[string]Pids{
	"getpid":                {Ret: PidTGID},
	"getppid":               {Ret: PidTGID},
	"gettid":                {Ret: PidTID},
	"getpgrp":               {Ret: PidPGID},
	"getpgid":               {Args: [6]PidKind{PidTGID}, Ret: PidPGID},
	"getsid":                {Args: [6]PidKind{PidTGID}, Ret: PidSID},
	"setpgid":               {Args: [6]PidKind{PidTGID, PidPGID}},
	"fork":                  {Ret: PidTGID},
	"vfork":                 {Ret: PidTGID},
	"clone":                 {Ret: PidTID},
	"clone3":                {Ret: PidTID},
	"wait4":                 {Args: [6]PidKind{PidTGIDOrPGID}, Ret: PidTGID},
	"waitid":                {Special: true},
	"kill":                  {Args: [6]PidKind{PidTGIDOrPGID}},
	"tkill":                 {Args: [6]PidKind{PidTID}},
	"tgkill":                {Args: [6]PidKind{PidTGID, PidTID}},
	"rt_sigqueueinfo":       {Args: [6]PidKind{PidTGID}},
	"rt_tgsigqueueinfo":     {Args: [6]PidKind{PidTGID, PidTID}},
	"pidfd_open":            {Args: [6]PidKind{PidTGID}},
	"process_vm_readv":      {Args: [6]PidKind{PidTGID}},
	"process_vm_writev":     {Args: [6]PidKind{PidTGID}},
	"prlimit64":             {Args: [6]PidKind{PidTGID}},
	"kcmp":                  {Args: [6]PidKind{PidTGID, PidTGID}},
	"migrate_pages":         {Args: [6]PidKind{PidTGID}},
	"move_pages":            {Args: [6]PidKind{PidTGID}},
	"get_robust_list":       {Args: [6]PidKind{PidTID}},
	"ptrace":                {Args: [6]PidKind{PidNone, PidTGID}},
	"sched_getaffinity":     {Args: [6]PidKind{PidTGID}},
	"sched_setaffinity":     {Args: [6]PidKind{PidTGID}},
	"sched_getscheduler":    {Args: [6]PidKind{PidTGID}},
	"sched_setscheduler":    {Args: [6]PidKind{PidTGID}},
	"sched_getparam":        {Args: [6]PidKind{PidTGID}},
	"sched_setparam":        {Args: [6]PidKind{PidTGID}},
	"sched_rr_get_interval": {Args: [6]PidKind{PidTGID}},
	"sched_getattr":         {Args: [6]PidKind{PidTGID}},
	"sched_setattr":         {Args: [6]PidKind{PidTGID}},
}

// pidsByNr holds the Pids of each x86-64 syscall, by number (nil: none).
var pidsByNr []*Pids

// PidsOf returns which arguments and result of x86-64 syscall nr are pids,
// or nil for a syscall that names none.
func PidsOf(nr uint64) *Pids {
	initOnce.Do(setup)
	if nr >= uint64(len(pidsByNr)) {
		return nil
	}
	return pidsByNr[nr]
}

func setupPids() {
	pidsByNr = make([]*Pids, len(table64))
	for name, p := range pidSpecs {
		nr, ok := byName[name]
		if !ok {
			panic("sysent: pids of unknown syscall " + name)
		}
		p := p
		pidsByNr[nr] = &p
	}
}

// RenamesTask reports whether x86-64 syscall nr with these arguments may
// change the calling task's command name: execve, execveat, and prctl
// with PR_SET_NAME (strace's COMM_CHANGE).
func RenamesTask(nr uint64, args [6]uint64) bool {
	switch nr {
	case 59, 322: // execve, execveat
		return true
	case 157: // prctl
		return args[0] == prSetName
	}
	return false
}
