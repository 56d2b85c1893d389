// Generated from strace 6.1's xlat tables (names, values and order are
// facts of the kernel ABI), resolved for x86-64. Do not edit by hand.

package decode

var xOpenModeFlags = &Xlat{Name: "open_mode_flags", Vals: []XV{
	{"O_CREAT", 0x40},
	{"O_EXCL", 0x80},
	{"O_NOCTTY", 0x100},
	{"O_TRUNC", 0x200},
	{"O_APPEND", 0x400},
	{"O_NONBLOCK", 0x800},
	{"O_SYNC", 0x101000},
	{"__O_SYNC", 0x100000},
	{"O_DSYNC", 0x1000},
	{"O_DIRECT", 0x4000},
	{"O_LARGEFILE", 0x8000},
	{"O_NOFOLLOW", 0x20000},
	{"O_NOATIME", 0x40000},
	{"O_CLOEXEC", 0x80000},
	{"O_PATH", 0x200000},
	{"O_TMPFILE", 0x410000},
	{"__O_TMPFILE", 0x410000},
	{"O_DIRECTORY", 0x10000},
	{"FASYNC", 0x2000},
}}

var xOpenAccessModes = &Xlat{Name: "open_access_modes", Vals: []XV{
	{"O_RDONLY", 0x0},
	{"O_WRONLY", 0x1},
	{"O_RDWR", 0x2},
	{"O_ACCMODE", 0x3},
}}

var xAtFlags = &Xlat{Name: "at_flags", Vals: []XV{
	{"AT_SYMLINK_NOFOLLOW", 0x100},
	{"AT_REMOVEDIR", 0x200},
	{"AT_SYMLINK_FOLLOW", 0x400},
	{"AT_NO_AUTOMOUNT", 0x800},
	{"AT_EMPTY_PATH", 0x1000},
	{"AT_RECURSIVE", 0x8000},
}}

var xAccessModes = &Xlat{Name: "access_modes", Vals: []XV{
	{"F_OK", 0x0},
	{"R_OK", 0x4},
	{"W_OK", 0x2},
	{"X_OK", 0x1},
}}

var xMmapProt = &Xlat{Name: "mmap_prot", Vals: []XV{
	{"PROT_NONE", 0x0},
	{"PROT_READ", 0x1},
	{"PROT_WRITE", 0x2},
	{"PROT_EXEC", 0x4},
	{"PROT_GROWSDOWN", 0x1000000},
	{"PROT_GROWSUP", 0x2000000},
}}

var xMmapFlags = &Xlat{Name: "mmap_flags", Vals: []XV{
	{"MAP_SHARED", 0x1},
	{"MAP_PRIVATE", 0x2},
	{"MAP_SHARED_VALIDATE", 0x3},
	{"MAP_FIXED", 0x10},
	{"MAP_ANONYMOUS", 0x20},
	{"MAP_32BIT", 0x40},
	{"MAP_NORESERVE", 0x4000},
	{"MAP_POPULATE", 0x8000},
	{"MAP_NONBLOCK", 0x10000},
	{"MAP_GROWSDOWN", 0x100},
	{"MAP_DENYWRITE", 0x800},
	{"MAP_EXECUTABLE", 0x1000},
	{"MAP_FILE", 0x0},
	{"MAP_LOCKED", 0x2000},
	{"MAP_STACK", 0x20000},
	{"MAP_HUGETLB", 0x40000},
	{"MAP_SYNC", 0x80000},
	{"MAP_UNINITIALIZED", 0x4000000},
	{"MAP_FIXED_NOREPLACE", 0x100000},
}}

var xWhenceCodes = &Xlat{Name: "whence_codes", Vals: []XV{
	{"SEEK_SET", 0x0},
	{"SEEK_CUR", 0x1},
	{"SEEK_END", 0x2},
	{"SEEK_DATA", 0x3},
	{"SEEK_HOLE", 0x4},
}}

var xCloneFlags = &Xlat{Name: "clone_flags", Vals: []XV{
	{"CLONE_VM", 0x100},
	{"CLONE_FS", 0x200},
	{"CLONE_FILES", 0x400},
	{"CLONE_SIGHAND", 0x800},
	{"CLONE_PIDFD", 0x1000},
	{"CLONE_PTRACE", 0x2000},
	{"CLONE_VFORK", 0x4000},
	{"CLONE_PARENT", 0x8000},
	{"CLONE_THREAD", 0x10000},
	{"CLONE_NEWNS", 0x20000},
	{"CLONE_SYSVSEM", 0x40000},
	{"CLONE_SETTLS", 0x80000},
	{"CLONE_PARENT_SETTID", 0x100000},
	{"CLONE_CHILD_CLEARTID", 0x200000},
	{"CLONE_UNTRACED", 0x800000},
	{"CLONE_CHILD_SETTID", 0x1000000},
	{"CLONE_NEWCGROUP", 0x2000000},
	{"CLONE_NEWUTS", 0x4000000},
	{"CLONE_NEWIPC", 0x8000000},
	{"CLONE_NEWUSER", 0x10000000},
	{"CLONE_NEWPID", 0x20000000},
	{"CLONE_NEWNET", 0x40000000},
	{"CLONE_IO", 0x80000000},
}}

var xFcntlcmds = &Xlat{Name: "fcntlcmds", Vals: []XV{
	{"F_DUPFD", 0x0},
	{"F_GETFD", 0x1},
	{"F_SETFD", 0x2},
	{"F_GETFL", 0x3},
	{"F_SETFL", 0x4},
	{"F_GETLK", 0x5},
	{"F_SETLK", 0x6},
	{"F_SETLKW", 0x7},
	{"F_SETOWN", 0x8},
	{"F_GETOWN", 0x9},
	{"F_SETSIG", 0xa},
	{"F_GETSIG", 0xb},
	{"F_GETLK64", 0x5},
	{"F_SETLK64", 0x6},
	{"F_SETLKW64", 0x7},
	{"F_SETOWN_EX", 0xf},
	{"F_GETOWN_EX", 0x10},
	{"F_GETOWNER_UIDS", 0x11},
	{"F_OFD_GETLK", 0x24},
	{"F_OFD_SETLK", 0x25},
	{"F_OFD_SETLKW", 0x26},
	{"F_SETLEASE", 0x400},
	{"F_GETLEASE", 0x401},
	{"F_NOTIFY", 0x402},
	{"F_CANCELLK", 0x405},
	{"F_DUPFD_CLOEXEC", 0x406},
	{"F_SETPIPE_SZ", 0x407},
	{"F_GETPIPE_SZ", 0x408},
	{"F_ADD_SEALS", 0x409},
	{"F_GET_SEALS", 0x40a},
}}

var xFdflags = &Xlat{Name: "fdflags", Vals: []XV{
	{"FD_CLOEXEC", 0x1},
}}

var xMadviseCmds = &Xlat{Name: "madvise_cmds", Vals: []XV{
	{"MADV_NORMAL", 0x0},
	{"MADV_RANDOM", 0x1},
	{"MADV_SEQUENTIAL", 0x2},
	{"MADV_WILLNEED", 0x3},
	{"MADV_DONTNEED", 0x4},
	{"MADV_FREE", 0x8},
	{"MADV_REMOVE", 0x9},
	{"MADV_DONTFORK", 0xa},
	{"MADV_DOFORK", 0xb},
	{"MADV_MERGEABLE", 0xc},
	{"MADV_UNMERGEABLE", 0xd},
	{"MADV_HUGEPAGE", 0xe},
	{"MADV_NOHUGEPAGE", 0xf},
	{"MADV_DONTDUMP", 0x10},
	{"MADV_DODUMP", 0x11},
	{"MADV_WIPEONFORK", 0x12},
	{"MADV_KEEPONFORK", 0x13},
	{"MADV_COLD", 0x14},
	{"MADV_PAGEOUT", 0x15},
	{"MADV_POPULATE_READ", 0x16},
	{"MADV_POPULATE_WRITE", 0x17},
	{"MADV_DONTNEED_LOCKED", 0x18},
	{"MADV_COLLAPSE", 0x19},
	{"MADV_HWPOISON", 0x64},
	{"MADV_SOFT_OFFLINE", 0x65},
}}

var xMremapFlags = &Xlat{Name: "mremap_flags", Vals: []XV{
	{"MREMAP_MAYMOVE", 0x1},
	{"MREMAP_FIXED", 0x2},
	{"MREMAP_DONTUNMAP", 0x4},
}}

var xArchvals = &Xlat{Name: "archvals", Vals: []XV{
	{"ARCH_SET_GS", 0x1001},
	{"ARCH_SET_FS", 0x1002},
	{"ARCH_GET_FS", 0x1003},
	{"ARCH_GET_GS", 0x1004},
	{"ARCH_GET_CPUID", 0x1011},
	{"ARCH_SET_CPUID", 0x1012},
	{"ARCH_GET_XCOMP_SUPP", 0x1021},
	{"ARCH_GET_XCOMP_PERM", 0x1022},
	{"ARCH_REQ_XCOMP_PERM", 0x1023},
	{"ARCH_GET_XCOMP_GUEST_PERM", 0x1024},
	{"ARCH_REQ_XCOMP_GUEST_PERM", 0x1025},
	{"ARCH_MAP_VDSO_X32", 0x2001},
	{"ARCH_MAP_VDSO_32", 0x2002},
	{"ARCH_MAP_VDSO_64", 0x2003},
}}

var xResources = &Xlat{Name: "resources", Vals: []XV{
	{"RLIMIT_CPU", 0x0},
	{"RLIMIT_FSIZE", 0x1},
	{"RLIMIT_DATA", 0x2},
	{"RLIMIT_STACK", 0x3},
	{"RLIMIT_CORE", 0x4},
	{"RLIMIT_RSS", 0x5},
	{"RLIMIT_NPROC", 0x6},
	{"RLIMIT_NOFILE", 0x7},
	{"RLIMIT_MEMLOCK", 0x8},
	{"RLIMIT_AS", 0x9},
	{"RLIMIT_LOCKS", 0xa},
	{"RLIMIT_SIGPENDING", 0xb},
	{"RLIMIT_MSGQUEUE", 0xc},
	{"RLIMIT_NICE", 0xd},
	{"RLIMIT_RTPRIO", 0xe},
	{"RLIMIT_RTTIME", 0xf},
}}

var xGetrandomFlags = &Xlat{Name: "getrandom_flags", Vals: []XV{
	{"GRND_NONBLOCK", 0x1},
	{"GRND_RANDOM", 0x2},
	{"GRND_INSECURE", 0x4},
}}

var xSigprocmaskcmds = &Xlat{Name: "sigprocmaskcmds", Vals: []XV{
	{"SIG_BLOCK", 0x0},
	{"SIG_UNBLOCK", 0x1},
	{"SIG_SETMASK", 0x2},
}}

var xSigactFlags = &Xlat{Name: "sigact_flags", Vals: []XV{
	{"SA_RESTORER", 0x4000000},
	{"SA_ONSTACK", 0x8000000},
	{"SA_RESTART", 0x10000000},
	{"SA_INTERRUPT", 0x20000000},
	{"SA_NODEFER", 0x40000000},
	{"SA_RESETHAND", 0x80000000},
	{"SA_SIGINFO", 0x4},
	{"SA_RESETHAND", 0x80000000},
	{"SA_ONSTACK", 0x8000000},
	{"SA_NODEFER", 0x40000000},
	{"SA_NOCLDSTOP", 0x1},
	{"SA_NOCLDWAIT", 0x2},
}}

var xWait4Options = &Xlat{Name: "wait4_options", Vals: []XV{
	{"WNOHANG", 0x1},
	{"WEXITED", 0x4},
	{"WSTOPPED", 0x2},
	{"WCONTINUED", 0x8},
	{"WNOWAIT", 0x1000000},
	{"__WCLONE", 0x80000000},
	{"__WALL", 0x40000000},
	{"__WNOTHREAD", 0x20000000},
}}

var xClocknames = &Xlat{Name: "clocknames", Vals: []XV{
	{"CLOCK_REALTIME", 0x0},
	{"CLOCK_MONOTONIC", 0x1},
	{"CLOCK_PROCESS_CPUTIME_ID", 0x2},
	{"CLOCK_THREAD_CPUTIME_ID", 0x3},
	{"CLOCK_MONOTONIC_RAW", 0x4},
	{"CLOCK_REALTIME_COARSE", 0x5},
	{"CLOCK_MONOTONIC_COARSE", 0x6},
	{"CLOCK_BOOTTIME", 0x7},
	{"CLOCK_REALTIME_ALARM", 0x8},
	{"CLOCK_BOOTTIME_ALARM", 0x9},
	{"CLOCK_SGI_CYCLE", 0xa},
	{"CLOCK_TAI", 0xb},
}}

var xAddrfams = &Xlat{Name: "addrfams", Vals: []XV{
	{"AF_UNSPEC", 0x0},
	{"AF_UNIX", 0x1},
	{"AF_INET", 0x2},
	{"AF_AX25", 0x3},
	{"AF_IPX", 0x4},
	{"AF_APPLETALK", 0x5},
	{"AF_NETROM", 0x6},
	{"AF_BRIDGE", 0x7},
	{"AF_ATMPVC", 0x8},
	{"AF_X25", 0x9},
	{"AF_INET6", 0xa},
	{"AF_ROSE", 0xb},
	{"AF_DECnet", 0xc},
	{"AF_NETBEUI", 0xd},
	{"AF_SECURITY", 0xe},
	{"AF_KEY", 0xf},
	{"AF_NETLINK", 0x10},
	{"AF_PACKET", 0x11},
	{"AF_ASH", 0x12},
	{"AF_ECONET", 0x13},
	{"AF_ATMSVC", 0x14},
	{"AF_RDS", 0x15},
	{"AF_SNA", 0x16},
	{"AF_IRDA", 0x17},
	{"AF_PPPOX", 0x18},
	{"AF_WANPIPE", 0x19},
	{"AF_LLC", 0x1a},
	{"AF_IB", 0x1b},
	{"AF_MPLS", 0x1c},
	{"AF_CAN", 0x1d},
	{"AF_TIPC", 0x1e},
	{"AF_BLUETOOTH", 0x1f},
	{"AF_IUCV", 0x20},
	{"AF_RXRPC", 0x21},
	{"AF_ISDN", 0x22},
	{"AF_PHONET", 0x23},
	{"AF_IEEE802154", 0x24},
	{"AF_CAIF", 0x25},
	{"AF_ALG", 0x26},
	{"AF_NFC", 0x27},
	{"AF_VSOCK", 0x28},
	{"AF_KCM", 0x29},
	{"AF_QIPCRTR", 0x2a},
	{"AF_SMC", 0x2b},
	{"AF_XDP", 0x2c},
	{"AF_MCTP", 0x2d},
}}

var xSocktypes = &Xlat{Name: "socktypes", Vals: []XV{
	{"SOCK_STREAM", 0x1},
	{"SOCK_DGRAM", 0x2},
	{"SOCK_RAW", 0x3},
	{"SOCK_RDM", 0x4},
	{"SOCK_SEQPACKET", 0x5},
	{"SOCK_DCCP", 0x6},
	{"SOCK_PACKET", 0xa},
}}

var xSockTypeFlags = &Xlat{Name: "sock_type_flags", Vals: []XV{
	{"SOCK_CLOEXEC", 0x80000},
	{"SOCK_NONBLOCK", 0x800},
}}

var xMsgFlags = &Xlat{Name: "msg_flags", Vals: []XV{
	{"MSG_OOB", 0x1},
	{"MSG_PEEK", 0x2},
	{"MSG_DONTROUTE", 0x4},
	{"MSG_CTRUNC", 0x8},
	{"MSG_PROBE", 0x10},
	{"MSG_TRUNC", 0x20},
	{"MSG_DONTWAIT", 0x40},
	{"MSG_EOR", 0x80},
	{"MSG_WAITALL", 0x100},
	{"MSG_FIN", 0x200},
	{"MSG_SYN", 0x400},
	{"MSG_CONFIRM", 0x800},
	{"MSG_RST", 0x1000},
	{"MSG_ERRQUEUE", 0x2000},
	{"MSG_NOSIGNAL", 0x4000},
	{"MSG_MORE", 0x8000},
	{"MSG_WAITFORONE", 0x10000},
	{"MSG_SENDPAGE_NOTLAST", 0x20000},
	{"MSG_BATCH", 0x40000},
	{"MSG_NO_SHARED_FRAGS", 0x80000},
	{"MSG_ZEROCOPY", 0x4000000},
	{"MSG_FASTOPEN", 0x20000000},
	{"MSG_CMSG_CLOEXEC", 0x40000000},
	{"MSG_CMSG_COMPAT", 0x80000000},
}}

var xShutdownModes = &Xlat{Name: "shutdown_modes", Vals: []XV{
	{"SHUT_RD", 0x0},
	{"SHUT_WR", 0x1},
	{"SHUT_RDWR", 0x2},
}}

var xPollflags = &Xlat{Name: "pollflags", Vals: []XV{
	{"POLLIN", 0x1},
	{"POLLPRI", 0x2},
	{"POLLOUT", 0x4},
	{"POLLERR", 0x8},
	{"POLLHUP", 0x10},
	{"POLLNVAL", 0x20},
	{"POLLRDNORM", 0x40},
	{"POLLRDBAND", 0x80},
	{"POLLWRNORM", 0x100},
	{"POLLWRBAND", 0x200},
	{"POLLMSG", 0x400},
	{"POLLREMOVE", 0x1000},
	{"POLLRDHUP", 0x2000},
	{"POLL_BUSY_LOOP", 0x8000},
}}

var xStatxMasks = &Xlat{Name: "statx_masks", Vals: []XV{
	{"STATX_ALL", 0xfff},
	{"STATX_BASIC_STATS", 0x7ff},
	{"STATX_TYPE", 0x1},
	{"STATX_MODE", 0x2},
	{"STATX_NLINK", 0x4},
	{"STATX_UID", 0x8},
	{"STATX_GID", 0x10},
	{"STATX_ATIME", 0x20},
	{"STATX_MTIME", 0x40},
	{"STATX_CTIME", 0x80},
	{"STATX_INO", 0x100},
	{"STATX_SIZE", 0x200},
	{"STATX_BLOCKS", 0x400},
	{"STATX_BTIME", 0x800},
	{"STATX_MNT_ID", 0x1000},
	{"STATX_DIOALIGN", 0x2000},
}}

var xStatxAttrs = &Xlat{Name: "statx_attrs", Vals: []XV{
	{"STATX_ATTR_COMPRESSED", 0x4},
	{"STATX_ATTR_IMMUTABLE", 0x10},
	{"STATX_ATTR_APPEND", 0x20},
	{"STATX_ATTR_NODUMP", 0x40},
	{"STATX_ATTR_ENCRYPTED", 0x800},
	{"STATX_ATTR_AUTOMOUNT", 0x1000},
	{"STATX_ATTR_MOUNT_ROOT", 0x2000},
	{"STATX_ATTR_VERITY", 0x100000},
	{"STATX_ATTR_DAX", 0x200000},
}}

var xAtStatxSyncTypes = &Xlat{Name: "at_statx_sync_types", Vals: []XV{
	{"AT_STATX_SYNC_AS_STAT", 0x0},
	{"AT_STATX_FORCE_SYNC", 0x2000},
	{"AT_STATX_DONT_SYNC", 0x4000},
	{"AT_STATX_SYNC_TYPE", 0x6000},
}}

var xModetypes = &Xlat{Name: "modetypes", Vals: []XV{
	{"S_IFREG", 0x8000},
	{"S_IFSOCK", 0xc000},
	{"S_IFIFO", 0x1000},
	{"S_IFLNK", 0xa000},
	{"S_IFDIR", 0x4000},
	{"S_IFBLK", 0x6000},
	{"S_IFCHR", 0x2000},
}}

var xRenameFlags = &Xlat{Name: "rename_flags", Vals: []XV{
	{"RENAME_NOREPLACE", 0x1},
	{"RENAME_EXCHANGE", 0x2},
	{"RENAME_WHITEOUT", 0x4},
}}

var xFutexops = &Xlat{Name: "futexops", Vals: []XV{
	{"FUTEX_WAIT", 0x0},
	{"FUTEX_WAKE", 0x1},
	{"FUTEX_FD", 0x2},
	{"FUTEX_REQUEUE", 0x3},
	{"FUTEX_CMP_REQUEUE", 0x4},
	{"FUTEX_WAKE_OP", 0x5},
	{"FUTEX_LOCK_PI", 0x6},
	{"FUTEX_UNLOCK_PI", 0x7},
	{"FUTEX_TRYLOCK_PI", 0x8},
	{"FUTEX_WAIT_BITSET", 0x9},
	{"FUTEX_WAKE_BITSET", 0xa},
	{"FUTEX_WAIT_REQUEUE_PI", 0xb},
	{"FUTEX_CMP_REQUEUE_PI", 0xc},
	{"FUTEX_LOCK_PI2", 0xd},
	{"FUTEX_WAIT_PRIVATE", 0x80},
	{"FUTEX_WAKE_PRIVATE", 0x81},
	{"FUTEX_FD|FUTEX_PRIVATE_FLAG", 0x82},
	{"FUTEX_REQUEUE_PRIVATE", 0x83},
	{"FUTEX_CMP_REQUEUE_PRIVATE", 0x84},
	{"FUTEX_WAKE_OP_PRIVATE", 0x85},
	{"FUTEX_LOCK_PI_PRIVATE", 0x86},
	{"FUTEX_UNLOCK_PI_PRIVATE", 0x87},
	{"FUTEX_TRYLOCK_PI_PRIVATE", 0x88},
	{"FUTEX_WAIT_BITSET_PRIVATE", 0x89},
	{"FUTEX_WAKE_BITSET_PRIVATE", 0x8a},
	{"FUTEX_WAIT_REQUEUE_PI_PRIVATE", 0x8b},
	{"FUTEX_CMP_REQUEUE_PI_PRIVATE", 0x8c},
	{"FUTEX_LOCK_PI2_PRIVATE", 0x8d},
	{"FUTEX_WAIT|FUTEX_CLOCK_REALTIME", 0x100},
	{"FUTEX_WAIT_PRIVATE|FUTEX_CLOCK_REALTIME", 0x180},
	{"FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME", 0x109},
	{"FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME", 0x189},
	{"FUTEX_WAIT_REQUEUE_PI|FUTEX_CLOCK_REALTIME", 0x10b},
	{"FUTEX_WAIT_REQUEUE_PI_PRIVATE|FUTEX_CLOCK_REALTIME", 0x18b},
}}

var xFutexwakeops = &Xlat{Name: "futexwakeops", Vals: []XV{
	{"FUTEX_OP_SET", 0x0},
	{"FUTEX_OP_ADD", 0x1},
	{"FUTEX_OP_OR", 0x2},
	{"FUTEX_OP_ANDN", 0x3},
	{"FUTEX_OP_XOR", 0x4},
}}

var xFutexwakecmps = &Xlat{Name: "futexwakecmps", Vals: []XV{
	{"FUTEX_OP_CMP_EQ", 0x0},
	{"FUTEX_OP_CMP_NE", 0x1},
	{"FUTEX_OP_CMP_LT", 0x2},
	{"FUTEX_OP_CMP_LE", 0x3},
	{"FUTEX_OP_CMP_GT", 0x4},
	{"FUTEX_OP_CMP_GE", 0x5},
}}

var xSiginfoCodes = &Xlat{Name: "siginfo_codes", Vals: []XV{
	{"SI_USER", 0x0},
	{"SI_KERNEL", 0x80},
	{"SI_QUEUE", 0xffffffffffffffff},
	{"SI_TIMER", 0xfffffffffffffffe},
	{"SI_MESGQ", 0xfffffffffffffffd},
	{"SI_ASYNCIO", 0xfffffffffffffffc},
	{"SI_SIGIO", 0xfffffffffffffffb},
	{"SI_TKILL", 0xfffffffffffffffa},
	{"SI_DETHREAD", 0xfffffffffffffff9},
	{"SI_ASYNCNL", 0xffffffffffffffc4},
}}

var xSigchldCodes = &Xlat{Name: "sigchld_codes", Vals: []XV{
	{"CLD_EXITED", 0x1},
	{"CLD_KILLED", 0x2},
	{"CLD_DUMPED", 0x3},
	{"CLD_TRAPPED", 0x4},
	{"CLD_STOPPED", 0x5},
	{"CLD_CONTINUED", 0x6},
}}

var xSigsegvCodes = &Xlat{Name: "sigsegv_codes", Vals: []XV{
	{"SEGV_MAPERR", 0x1},
	{"SEGV_ACCERR", 0x2},
	{"SEGV_BNDERR", 0x3},
	{"SEGV_PKUERR", 0x4},
	{"SEGV_ACCADI", 0x5},
	{"SEGV_ADIDERR", 0x6},
	{"SEGV_ADIPERR", 0x7},
	{"SEGV_MTEAERR", 0x8},
	{"SEGV_MTESERR", 0x9},
}}

var xSigbusCodes = &Xlat{Name: "sigbus_codes", Vals: []XV{
	{"BUS_ADRALN", 0x1},
	{"BUS_ADRERR", 0x2},
	{"BUS_OBJERR", 0x3},
	{"BUS_MCEERR_AR", 0x4},
	{"BUS_MCEERR_AO", 0x5},
}}

var xSigillCodes = &Xlat{Name: "sigill_codes", Vals: []XV{
	{"ILL_ILLOPC", 0x1},
	{"ILL_ILLOPN", 0x2},
	{"ILL_ILLADR", 0x3},
	{"ILL_ILLTRP", 0x4},
	{"ILL_PRVOPC", 0x5},
	{"ILL_PRVREG", 0x6},
	{"ILL_COPROC", 0x7},
	{"ILL_BADSTK", 0x8},
	{"ILL_BADIADDR", 0x9},
}}

var xSigfpeCodes = &Xlat{Name: "sigfpe_codes", Vals: []XV{
	{"FPE_INTDIV", 0x1},
	{"FPE_INTOVF", 0x2},
	{"FPE_FLTDIV", 0x3},
	{"FPE_FLTOVF", 0x4},
	{"FPE_FLTUND", 0x5},
	{"FPE_FLTRES", 0x6},
	{"FPE_FLTINV", 0x7},
	{"FPE_FLTSUB", 0x8},
	{"FPE_FLTUNK", 0xe},
	{"FPE_CONDTRAP", 0xf},
}}

var xSigtrapCodes = &Xlat{Name: "sigtrap_codes", Vals: []XV{
	{"TRAP_BRKPT", 0x1},
	{"TRAP_TRACE", 0x2},
	{"TRAP_BRANCH", 0x3},
	{"TRAP_HWBKPT", 0x4},
	{"TRAP_UNK", 0x5},
	{"TRAP_PERF", 0x6},
}}

var xSigpollCodes = &Xlat{Name: "sigpoll_codes", Vals: []XV{
	{"POLL_IN", 0x1},
	{"POLL_OUT", 0x2},
	{"POLL_MSG", 0x3},
	{"POLL_ERR", 0x4},
	{"POLL_PRI", 0x5},
	{"POLL_HUP", 0x6},
}}

var xSigsysCodes = &Xlat{Name: "sigsys_codes", Vals: []XV{
	{"SYS_SECCOMP", 0x1},
	{"SYS_USER_DISPATCH", 0x2},
}}

var xInetProtocols = &Xlat{Name: "inet_protocols", Vals: []XV{
	{"IPPROTO_IP", 0x0},
	{"IPPROTO_ICMP", 0x1},
	{"IPPROTO_IGMP", 0x2},
	{"IPPROTO_IPIP", 0x4},
	{"IPPROTO_TCP", 0x6},
	{"IPPROTO_EGP", 0x8},
	{"IPPROTO_PUP", 0xc},
	{"IPPROTO_UDP", 0x11},
	{"IPPROTO_IDP", 0x16},
	{"IPPROTO_TP", 0x1d},
	{"IPPROTO_DCCP", 0x21},
	{"IPPROTO_IPV6", 0x29},
	{"IPPROTO_ROUTING", 0x2b},
	{"IPPROTO_FRAGMENT", 0x2c},
	{"IPPROTO_RSVP", 0x2e},
	{"IPPROTO_GRE", 0x2f},
	{"IPPROTO_ESP", 0x32},
	{"IPPROTO_AH", 0x33},
	{"IPPROTO_ICMPV6", 0x3a},
	{"IPPROTO_NONE", 0x3b},
	{"IPPROTO_DSTOPTS", 0x3c},
	{"IPPROTO_MTP", 0x5c},
	{"IPPROTO_BEETPH", 0x5e},
	{"IPPROTO_ENCAP", 0x62},
	{"IPPROTO_PIM", 0x67},
	{"IPPROTO_COMP", 0x6c},
	{"IPPROTO_L2TP", 0x73},
	{"IPPROTO_SCTP", 0x84},
	{"IPPROTO_MH", 0x87},
	{"IPPROTO_UDPLITE", 0x88},
	{"IPPROTO_MPLS", 0x89},
	{"IPPROTO_ETHERNET", 0x8f},
	{"IPPROTO_RAW", 0xff},
	{"IPPROTO_MPTCP", 0x106},
}}

var xClone3Flags = &Xlat{Name: "clone3_flags", Vals: []XV{
	{"CLONE_NEWTIME", 0x80},
	{"CLONE_CLEAR_SIGHAND", 0x100000000},
	{"CLONE_INTO_CGROUP", 0x200000000},
}}

var xFaccessatFlags = &Xlat{Name: "faccessat_flags", Vals: []XV{
	{"AT_SYMLINK_NOFOLLOW", 0x100},
	{"AT_EACCESS", 0x200},
	{"AT_EMPTY_PATH", 0x1000},
}}

var xTimerfdflags = &Xlat{Name: "timerfdflags", Vals: []XV{
	{"TFD_TIMER_ABSTIME", 0x1},
	{"TFD_TIMER_CANCEL_ON_SET", 0x2},
	{"TFD_CLOEXEC", 0x80000},
	{"TFD_NONBLOCK", 0x800},
}}
