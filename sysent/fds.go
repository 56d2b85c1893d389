package sysent

// ReturnsFd reports whether a successful call returns a new descriptor
// (its spec's result is RetFd; -y notes what each new one refers to).
// fcntl does for F_DUPFD and F_DUPFD_CLOEXEC only: see DupsFd.
func (e *Entry) ReturnsFd() bool { return e.Ret == RetFd }

// fcntl commands that duplicate a descriptor.
const (
	fDupfd        = 0
	fDupfdCloexec = 1030
)

// DupsFd reports whether fcntl with command cmd returns a new descriptor.
func DupsFd(cmd uint64) bool { return cmd == fDupfd || cmd == fDupfdCloexec }

// DupOf reports whether x86-64 call e with arguments args, when it
// succeeds, makes its result a copy of an existing descriptor (dup, dup2,
// dup3, fcntl F_DUPFD and F_DUPFD_CLOEXEC), which descriptor that is, and
// whether the copy is close-on-exec. What the result refers to is what
// that one does: the recorders leave its note out and the replayer
// derives it (docs/format.md, descriptors event), both by this.
func (e *Entry) DupOf(args *[6]uint64) (old int32, cloexec, ok bool) {
	switch e.Name {
	case "dup", "dup2":
		return int32(args[0]), false, true
	case "dup3":
		return int32(args[0]), args[2]&oCloexec != 0, true
	case "fcntl":
		return int32(args[0]), args[1] == fDupfdCloexec, DupsFd(args[1])
	}
	return 0, false, false
}

// oCloexec is O_CLOEXEC, dup3's one flag.
const oCloexec = 0x80000

// FdPairArg returns the argument that points to the two descriptors a
// successful pipe, pipe2 or socketpair stores, or -1.
func (e *Entry) FdPairArg() int {
	switch e.Name {
	case "pipe", "pipe2":
		return 0
	case "socketpair":
		return 3
	}
	return -1
}

// ReplacesFds reports whether a successful call replaces the process's
// descriptor table (execve closes close-on-exec descriptors).
func (e *Entry) ReplacesFds() bool { return e.Name == "execve" || e.Name == "execveat" }

// ChangesCwd reports whether a successful call changes the working
// directory, which -y shows after AT_FDCWD.
func (e *Entry) ChangesCwd() bool { return e.Name == "chdir" || e.Name == "fchdir" }

// fdTableCalls change the descriptor table (or what a descriptor shows
// under -yy) in ways the other methods here do not say: closing, fcntl's
// duplicates, descriptors passed in messages, ioctl's and clone's new
// descriptors, a socket's addresses.
var fdTableCalls = map[string]bool{
	"fcntl": true, "close": true, "close_range": true, "unshare": true,
	"recvmsg": true, "recvmmsg": true, "ioctl": true, "clone": true, "clone3": true,
	"bind": true, "connect": true, "listen": true,
}

// ChangesFds reports whether a successful call may change what -y shows of
// the process's descriptors: a recording that keeps descriptor paths must
// see it even when -e trace= leaves it out.
func (e *Entry) ChangesFds() bool {
	return e.ReturnsFd() || e.FdPairArg() >= 0 || e.ReplacesFds() || e.ChangesCwd() || fdTableCalls[e.Name]
}
