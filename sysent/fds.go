package sysent

// Syscalls whose successful return value is a new file descriptor, for
// -y: the recorder notes what each new descriptor refers to.
var fdReturning = map[string]bool{
	"open": true, "openat": true, "openat2": true, "creat": true, "open_by_handle_at": true,
	"dup": true, "dup2": true, "dup3": true,
	"socket": true, "accept": true, "accept4": true,
	"epoll_create": true, "epoll_create1": true, "eventfd": true, "eventfd2": true,
	"signalfd": true, "signalfd4": true, "timerfd_create": true,
	"inotify_init": true, "inotify_init1": true, "fanotify_init": true,
	"memfd_create": true, "memfd_secret": true, "pidfd_open": true, "pidfd_getfd": true,
	"userfaultfd": true, "perf_event_open": true, "io_uring_setup": true,
	"fsopen": true, "fsmount": true, "fspick": true, "open_tree": true, "open_tree_attr": true,
	"landlock_create_ruleset": true, "mq_open": true,
}

// ReturnsFd reports whether a successful call returns a new descriptor.
// (fcntl does for F_DUPFD and F_DUPFD_CLOEXEC only: see DupsFd.)
func (e *Entry) ReturnsFd() bool { return e.Ret == RetFd || fdReturning[e.Name] }

// fcntl commands that duplicate a descriptor.
const (
	fDupfd        = 0
	fDupfdCloexec = 1030
)

// DupsFd reports whether fcntl with command cmd returns a new descriptor.
func DupsFd(cmd uint64) bool { return cmd == fDupfd || cmd == fDupfdCloexec }

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
