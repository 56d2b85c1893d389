package sysent

import "mytrace/tables"

func init() { specSources = append(specSources, filesSpecs) }

// filesSpecs returns the descriptions of the file and descriptor syscalls. Package decode has
// a decoder for each of them; the argument types here decide what memory is
// captured.
func filesSpecs() map[string]Spec {
	return map[string]Spec{
		"read":     {Args: []Arg{fd, bufOut("buf"), count}},
		"write":    {Args: []Arg{fd, bufIn("buf", 2), count}},
		"pread64":  {Args: []Arg{fd, bufOut("buf"), count, a("offset", Long)}},
		"pwrite64": {Args: []Arg{fd, bufIn("buf", 2), count, a("offset", Long)}},
		"readv":    {Args: []Arg{fd, custom("iov", capFilesIovOut), a("iovcnt", Ulong)}, Reads: []Read{rIovOut(1, 2), rOutAny(1, 16*16)}},
		"writev":   {Args: []Arg{fd, custom("iov", capFilesIovIn), a("iovcnt", Ulong)}, Reads: []Read{rIovIn(1, 2)}},
		"preadv":   {Args: []Arg{fd, custom("iov", capFilesIovOut), a("iovcnt", Ulong), a("offset", Long)}, Reads: []Read{rIovOut(1, 2), rOutAny(1, 16*16)}},
		"pwritev":  {Args: []Arg{fd, custom("iov", capFilesIovIn), a("iovcnt", Ulong), a("offset", Long)}, Reads: []Read{rIovIn(1, 2)}},
		"preadv2": {Args: []Arg{fd, custom("iov", capFilesIovOut), a("iovcnt", Ulong), a("pos_l", Long),
			a("pos_h", Long), fl("flags", tables.RwfFlags)}, Reads: []Read{rIovOut(1, 2), rOutAny(1, 16*16)}},
		"pwritev2": {Args: []Arg{fd, custom("iov", capFilesIovIn), a("iovcnt", Ulong), a("pos_l", Long),
			a("pos_h", Long), fl("flags", tables.RwfFlags)}, Reads: []Read{rIovIn(1, 2)}},
		"open":   {Args: []Arg{path, dec("flags", tables.OpenModeFlags), a("mode", ByDecoder)}, Ret: RetFd},
		"openat": {Args: []Arg{dirfd, path, dec("flags", tables.OpenModeFlags), a("mode", ByDecoder)}, Ret: RetFd},
		"openat2": {Args: []Arg{dirfd, path, custom("how", capFilesSized(3, 4096)), a("size", Ulong)},
			Ret: RetFd, Reads: []Read{rInArg(2, 3, 1, 4096)}},
		"creat": {Args: []Arg{path, mode}, Ret: RetFd},
		"close": {Args: []Arg{fd}},
		"close_range": {Args: []Arg{a("fd", Uint), a("max_fd", Uint),
			fl("flags", tables.CloseRangeFlags)}},
		"lseek":      {Args: []Arg{fd, a("offset", Long), en("whence", tables.WhenceCodes)}},
		"stat":       {Args: []Arg{path, sOut("statbuf", "stat", SizeStat)}},
		"lstat":      {Args: []Arg{path, sOut("statbuf", "stat", SizeStat)}},
		"fstat":      {Args: []Arg{fd, sOut("statbuf", "stat", SizeStat)}},
		"statfs":     {Args: []Arg{path, sOut("buf", "statfs", SizeStatfs)}},
		"fstatfs":    {Args: []Arg{fd, sOut("buf", "statfs", SizeStatfs)}},
		"newfstatat": {Args: []Arg{dirfd, path, sOut("statbuf", "stat", SizeStat), fl("flags", tables.AtFlags)}},
		"statx": {Args: []Arg{dirfd, path, dec("flags", tables.AtFlags), dec("mask", tables.StatxMasks),
			sOut("statxbuf", "statx", SizeStatx)}},
		"getdents":   {Args: []Arg{fd, custom("dirp", capDirents(18)), a("count", Uint)}, Reads: []Read{rOutRet(1, 1, 32<<10)}},
		"getdents64": {Args: []Arg{fd, custom("dirp", capDirents(19)), a("count", Uint)}, Reads: []Read{rOutRet(1, 1, 32<<10)}},
		"readlink":   {Args: []Arg{path, bufOut("buf"), a("bufsiz", Ulong)}},
		"readlinkat": {Args: []Arg{dirfd, path, bufOut("buf"), a("bufsiz", Ulong)}},
		"access":     {Args: []Arg{path, fl("mode", tables.AccessModes)}},
		"faccessat":  {Args: []Arg{dirfd, path, fl("mode", tables.AccessModes)}},
		"faccessat2": {Args: []Arg{dirfd, path, fl("mode", tables.AccessModes), fl("flags", tables.FaccessatFlags)}},
		"ioctl":      {Args: []Arg{fd, a("request", ByDecoder), a("arg", ByDecoder)}, Capture: capIoctl, Reads: []Read{rMaybe(rIn(2, 64)), rMaybe(rOut(2, 256))}},
		"fcntl":      {Args: []Arg{fd, dec("cmd", tables.Fcntlcmds), a("arg", ByDecoder)}, Capture: capFcntl, Ret: RetCustom, Reads: []Read{rMaybe(rIn(2, SizeFlock)), rMaybe(rOut(2, SizeFlock))}},
		"flock":      {Args: []Arg{fd, fl("operation", tables.Flockcmds)}},
		"dup":        {Args: []Arg{fd}, Ret: RetFd},
		"dup2":       {Args: []Arg{a("oldfd", Fd), a("newfd", Fd)}, Ret: RetFd},
		"dup3":       {Args: []Arg{a("oldfd", Fd), a("newfd", Fd), fl("flags", tables.OpenModeFlags)}, Ret: RetFd},
		"pipe":       {Args: []Arg{custom("pipefd", capPairOut)}, Reads: []Read{rOut(0, 8)}},
		"pipe2":      {Args: []Arg{custom("pipefd", capPairOut), dec("flags", tables.OpenModeFlags)}, Reads: []Read{rOut(0, 8)}},
		"unlink":     {Args: []Arg{path}},
		"unlinkat":   {Args: []Arg{dirfd, path, fl("flags", tables.AtFlags)}},
		"mkdir":      {Args: []Arg{path, mode}},
		"mkdirat":    {Args: []Arg{dirfd, path, a("mode", ByDecoder)}},
		"rmdir":      {Args: []Arg{path}},
		"mknod":      {Args: []Arg{path, a("mode", ByDecoder), a("dev", ByDecoder)}},
		"mknodat":    {Args: []Arg{dirfd, path, a("mode", ByDecoder), a("dev", ByDecoder)}},
		"rename":     {Args: []Arg{a("oldpath", Path), a("newpath", Path)}},
		"renameat":   {Args: []Arg{a("olddirfd", DirFd), a("oldpath", Path), a("newdirfd", DirFd), a("newpath", Path)}},
		"renameat2":  {Args: []Arg{a("olddirfd", DirFd), a("oldpath", Path), a("newdirfd", DirFd), a("newpath", Path), fl("flags", tables.RenameFlags)}},
		"link":       {Args: []Arg{a("oldpath", Path), a("newpath", Path)}},
		"linkat": {Args: []Arg{a("olddirfd", DirFd), a("oldpath", Path), a("newdirfd", DirFd), a("newpath", Path),
			fl("flags", tables.AtFlags)}},
		"symlink":   {Args: []Arg{a("target", Path), a("linkpath", Path)}},
		"symlinkat": {Args: []Arg{a("target", Path), a("newdirfd", DirFd), a("linkpath", Path)}},
		"chdir":     {Args: []Arg{path}},
		"fchdir":    {Args: []Arg{fd}},
		"getcwd":    {Args: []Arg{custom("buf", capFilesCwd), a("size", Ulong)}, Reads: []Read{{Kind: ReadStr, At: ReadAtExitOK, Arg: 0, Len: ReadLenRet, Lim: ReadLimPath}}},
		"umask":     {Args: []Arg{mode}, Ret: RetOct},
		"chmod":     {Args: []Arg{path, mode}},
		"fchmod":    {Args: []Arg{fd, mode}},
		"fchmodat":  {Args: []Arg{dirfd, path, mode}},
		"chown":     {Args: []Arg{path, a("owner", Uint), a("group", Uint)}},
		"lchown":    {Args: []Arg{path, a("owner", Uint), a("group", Uint)}},
		"fchown":    {Args: []Arg{fd, a("owner", Uint), a("group", Uint)}},
		"fchownat": {Args: []Arg{dirfd, path, a("owner", Uint), a("group", Uint),
			fl("flags", tables.AtFlags)}},
		"utime":     {Args: []Arg{path, sIn("times", "utimbuf", 16)}},
		"utimes":    {Args: []Arg{path, sIn("times", "timeval_pair", 2*SizeTimeval)}},
		"futimesat": {Args: []Arg{dirfd, path, sIn("times", "timeval_pair", 2*SizeTimeval)}},
		"utimensat": {Args: []Arg{dirfd, path, sIn("times", "timespec_pair", 2*SizeTimespec),
			dec("flags", tables.AtFlags)}},
		"truncate":        {Args: []Arg{path, a("length", Ulong)}},
		"ftruncate":       {Args: []Arg{fd, a("length", Ulong)}},
		"fallocate":       {Args: []Arg{fd, fl("mode", tables.FallocFlags), a("offset", Long), a("len", Long)}},
		"fsync":           {Args: []Arg{fd}},
		"fdatasync":       {Args: []Arg{fd}},
		"syncfs":          {Args: []Arg{fd}},
		"sync_file_range": {Args: []Arg{fd, a("offset", Long), a("nbytes", Long), fl("flags", tables.SyncFileRangeFlags)}},
		"fadvise64":       {Args: []Arg{fd, a("offset", Long), a("len", Ulong), en("advice", tables.Advise)}},
		"readahead":       {Args: []Arg{fd, a("offset", Long), a("count", Ulong)}},
		"copy_file_range": {Args: []Arg{a("fd_in", Fd), custom("off_in", capFilesInt64In), a("fd_out", Fd),
			custom("off_out", capFilesInt64In), a("len", Ulong), a("flags", Uint)}, Reads: []Read{rIn(1, 8), rIn(3, 8)}},
		"sendfile": {Args: []Arg{a("out_fd", Fd), a("in_fd", Fd), custom("offset", capFilesInt64InOut),
			a("count", Ulong)}, Reads: []Read{rIn(2, 8), rOut(2, 8)}},
		"splice": {Args: []Arg{a("fd_in", Fd), custom("off_in", capFilesInt64In), a("fd_out", Fd),
			custom("off_out", capFilesInt64In), a("len", Ulong), dec("flags", tables.SpliceFlags)}, Reads: []Read{rIn(1, 8), rIn(3, 8)}},
		"tee":       {Args: []Arg{a("fd_in", Fd), a("fd_out", Fd), a("len", Ulong), fl("flags", tables.SpliceFlags)}},
		"vmsplice":  {Args: []Arg{fd, custom("iov", capFilesIovIn), a("nr_segs", Ulong), dec("flags", tables.SpliceFlags)}, Reads: []Read{rIovIn(1, 2)}},
		"getxattr":  {Args: []Arg{path, a("name", Str), bufOut("value"), a("size", Ulong)}},
		"lgetxattr": {Args: []Arg{path, a("name", Str), bufOut("value"), a("size", Ulong)}},
		"fgetxattr": {Args: []Arg{fd, a("name", Str), bufOut("value"), a("size", Ulong)}},
		"setxattr": {Args: []Arg{path, a("name", Str), bufIn("value", 3), a("size", Ulong),
			dec("flags", tables.Xattrflags)}},
		"lsetxattr": {Args: []Arg{path, a("name", Str), bufIn("value", 3), a("size", Ulong),
			fl("flags", tables.Xattrflags)}},
		"fsetxattr": {Args: []Arg{fd, a("name", Str), bufIn("value", 3), a("size", Ulong),
			fl("flags", tables.Xattrflags)}},
		"listxattr":         {Args: []Arg{path, bufOut("list"), a("size", Ulong)}},
		"llistxattr":        {Args: []Arg{path, bufOut("list"), a("size", Ulong)}},
		"flistxattr":        {Args: []Arg{fd, bufOut("list"), a("size", Ulong)}},
		"removexattr":       {Args: []Arg{path, a("name", Str)}},
		"lremovexattr":      {Args: []Arg{path, a("name", Str)}},
		"fremovexattr":      {Args: []Arg{fd, a("name", Str)}},
		"inotify_init":      {Ret: RetFd},
		"inotify_init1":     {Args: []Arg{fl("flags", tables.InotifyInitFlags)}, Ret: RetFd},
		"inotify_add_watch": {Args: []Arg{fd, path, fl("mask", tables.InotifyFlags)}},
		"inotify_rm_watch":  {Args: []Arg{fd, a("wd", Int)}},
		"fanotify_init":     {Args: []Arg{dec("flags", tables.FanInitFlags), dec("event_f_flags", tables.OpenModeFlags)}, Ret: RetFd},
		"fanotify_mark": {Args: []Arg{fd, dec("flags", tables.FanMarkFlags), dec("mask", tables.FanEventFlags),
			dirfd, path}},
		"memfd_create": {Args: []Arg{custom("name", capFilesMemfdName), dec("flags", tables.MemfdCreateFlags)},
			Ret: RetFd, Reads: []Read{rStr(0)}},
		"name_to_handle_at": {Args: []Arg{dirfd, path, custom("handle", capFilesHandle),
			custom("mount_id", capFilesIntOut), dec("flags", tables.NameToHandleAtFlags)}, Reads: []Read{rIn(2, 8), rOutAny(2, 8+128), rOut(3, 4)}},
		"open_by_handle_at": {Args: []Arg{a("mount_fd", Fd), custom("handle", capFilesHandle),
			dec("flags", tables.OpenModeFlags)}, Ret: RetFd, Reads: []Read{rIn(1, 8+128)}},
	}
}

// capPairOut captures a 2-int array on success (pipe fds).
func capPairOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 8)
	}
}

// capDirents captures a getdents buffer as returned (hdr: the offset of
// d_name in its records), abbreviated without -v (AbbrevDirents).
func capDirents(hdr int) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Ok() && c.Ret > 0 && c.Args[i] != 0 {
			b := c.Mem.Read(c.Args[i], int(min(uint64(c.Ret), MaxDirents)))
			if !c.Lim.Verbose {
				AbbrevDirents(b, hdr)
			}
		}
	}
}

// capFilesSized captures a structure whose size is in argument lenArg, at
// entry, bounded by max.
func capFilesSized(lenArg int, max uint64) func(c *Ctx, i int) {
	return func(c *Ctx, i int) {
		if c.Phase == AtEntry && c.Args[i] != 0 {
			c.Mem.Read(c.Args[i], int(min(c.Args[lenArg], max)))
		}
	}
}

// capFilesCwd captures the path getcwd returned (its length includes the
// NUL).
func capFilesCwd(c *Ctx, i int) {
	if c.Ok() && c.Ret > 0 && c.Args[i] != 0 {
		c.Mem.ReadString(c.Args[i], int(min(uint64(c.Ret), uint64(c.Lim.Path))))
	}
}

// capFilesInt64In captures a loff_t read at entry.
func capFilesInt64In(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 8)
	}
}

// capFilesInt64InOut captures a loff_t at entry and, on success, at exit.
func capFilesInt64InOut(c *Ctx, i int) {
	if c.Args[i] != 0 && (c.Phase == AtEntry || c.Ok()) {
		c.Mem.Read(c.Args[i], 8)
	}
}

// capFilesIntOut captures an int written by a successful call.
func capFilesIntOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 4)
	}
}

// capFilesMemfdName captures memfd_create's name (at most 249 bytes and
// the NUL).
func capFilesMemfdName(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[i] != 0 {
		c.Mem.ReadString(c.Args[i], min(c.Lim.Str+1, 250))
	}
}

// filesHandleMax is MAX_HANDLE_SZ, the most bytes of a file handle shown.
const filesHandleMax = 128

// capFilesHandle captures a struct file_handle: its header at entry, and
// the header and handle bytes at exit (name_to_handle_at fills it in) or at
// entry (open_by_handle_at reads it).
func capFilesHandle(c *Ctx, i int) {
	addr := c.Args[i]
	if addr == 0 {
		return
	}
	switch {
	case c.Phase == AtEntry:
		h := c.Mem.Read(addr, 8)
		if len(h) == 8 && i == 1 { // open_by_handle_at: the whole handle
			n := uint64(h[0]) | uint64(h[1])<<8 | uint64(h[2])<<16 | uint64(h[3])<<24
			c.Mem.Read(addr+8, int(min(n, filesHandleMax)))
		}
	case i == 1:
		// open_by_handle_at reads the handle only.
	case !c.Failed || c.Ret == -75: // success, or EOVERFLOW (the needed size)
		h := c.Mem.Read(addr, 8)
		if len(h) == 8 && !c.Failed {
			n := uint64(h[0]) | uint64(h[1])<<8 | uint64(h[2])<<16 | uint64(h[3])<<24
			c.Mem.Read(addr+8, int(min(n, filesHandleMax)))
		}
	}
}

// capFilesIovIn captures what writev and friends write, at entry.
func capFilesIovIn(c *Ctx, i int) {
	if c.Phase == AtEntry {
		CaptureIovec(c, c.Args[i], c.Args[i+1], -1)
	}
}

// capFilesIovOut captures the iovec array at exit and, on success, the
// bytes read into it.
func capFilesIovOut(c *Ctx, i int) {
	if c.Phase != AtExit {
		return
	}
	if c.Failed {
		if c.Args[i] != 0 && c.Args[i+1] != 0 {
			c.Mem.Read(c.Args[i], int(min(c.Args[i+1], IovMax)*16))
		}
		return
	}
	CaptureIovec(c, c.Args[i], c.Args[i+1], c.Ret)
}

// fcntl commands whose argument points to memory.
const (
	fGetlk     = 5
	fSetlk     = 6
	fSetlkw    = 7
	fOfdGetlk  = 36
	fOfdSetlk  = 37
	fOfdSetlkw = 38
	fGetownEx  = 16
	fSetownEx  = 15
)

func capFcntl(c *Ctx) {
	arg := c.Args[2]
	if arg == 0 {
		return
	}
	switch c.Args[1] & 0xffffffff {
	case fSetlk, fSetlkw, fOfdSetlk, fOfdSetlkw, fSetownEx:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, SizeFlock)
		}
	case fGetlk, fOfdGetlk, fGetownEx:
		if c.Ok() {
			c.Mem.Read(arg, SizeFlock)
		}
	}
}

// ioctl requests whose argument points to memory, read at exit (get) or at
// entry (set).
const (
	TCGETS         = 0x5401
	TCSETS         = 0x5402
	TCSETSW        = 0x5403
	TCSETSF        = 0x5404
	TCGETA         = 0x5405
	TCSETA         = 0x5406
	TCSETAW        = 0x5407
	TCSETAF        = 0x5408
	TIOCGLCKTRMIOS = 0x5456
	TIOCSLCKTRMIOS = 0x5457
	TCGETS2        = 0x802c542a
	TCSETS2        = 0x402c542b
	TCSETSW2       = 0x402c542c
	TCSETSF2       = 0x402c542d
	TIOCGWINSZ     = 0x5413
	TIOCSWINSZ     = 0x5414
	TIOCMGET       = 0x5415
	TIOCMBIS       = 0x5416
	TIOCMBIC       = 0x5417
	TIOCMSET       = 0x5418
	FIONREAD       = 0x541b
	TIOCOUTQ       = 0x5411
	TIOCGPGRP      = 0x540f
	TIOCSPGRP      = 0x5410
	TIOCSTI        = 0x5412
	TIOCGSID       = 0x5429
	TIOCGETD       = 0x5424
	TIOCSETD       = 0x5423
	TIOCGSOFTCAR   = 0x5419
	TIOCSSOFTCAR   = 0x541a
	TIOCGPTN       = 0x80045430
	TIOCSPTLCK     = 0x40045431
	TIOCGEXCL      = 0x80045440
	TIOCGDEV       = 0x80045432
	FIONBIO        = 0x5421
	FIOASYNC       = 0x5452
	TIOCPKT        = 0x5420

	FS_IOC_GETFLAGS   = 0x80086601
	FS_IOC_SETFLAGS   = 0x40086602
	FS_IOC32_GETFLAGS = 0x80046601
	FS_IOC32_SETFLAGS = 0x40046602
	FICLONE           = 0x40049409
	FICLONERANGE      = 0x4020940d
	FS_IOC_GETFSLABEL = 0x81009431
	FS_IOC_SETFSLABEL = 0x41009432
	FIFREEZE          = 0xc0045877
	FITHAW            = 0xc0045878

	// FSLabelMax is the size of a file system label.
	FSLabelMax = 256
)

func capIoctl(c *Ctx) {
	arg := c.Args[2]
	if arg == 0 {
		return
	}
	get := func(n int) {
		if c.Ok() {
			c.Mem.Read(arg, n)
		}
	}
	set := func(n int) {
		if c.Phase == AtEntry {
			c.Mem.Read(arg, n)
		}
	}
	switch uint32(c.Args[1]) {
	case TCGETS, TIOCGLCKTRMIOS:
		get(SizeTermios)
	case TCSETS, TCSETSW, TCSETSF, TIOCSLCKTRMIOS:
		set(SizeTermios)
	case TCGETS2:
		get(SizeTermios2)
	case TCSETS2, TCSETSW2, TCSETSF2:
		set(SizeTermios2)
	case TCGETA:
		get(SizeTermio)
	case TCSETA, TCSETAW, TCSETAF:
		set(SizeTermio)
	case TIOCGWINSZ:
		get(SizeWinsize)
	case TIOCSWINSZ:
		set(SizeWinsize)
	case TIOCMGET, TIOCGPGRP, TIOCGSID, TIOCGETD, TIOCGSOFTCAR, TIOCGPTN, FIONREAD,
		TIOCOUTQ, TIOCGEXCL, TIOCGDEV, FS_IOC_GETFLAGS, FS_IOC32_GETFLAGS, nsGetOwnerUID:
		get(4)
	case TIOCMBIS, TIOCMBIC, TIOCMSET, TIOCSPGRP, TIOCSETD, FIONBIO, FIOASYNC, TIOCPKT,
		TIOCSSOFTCAR, TIOCSPTLCK, FS_IOC_SETFLAGS, FS_IOC32_SETFLAGS:
		set(4)
	case TIOCSTI:
		set(1)
	case FICLONERANGE:
		set(32)
	case FS_IOC_GETFSLABEL:
		get(FSLabelMax)
	case FS_IOC_SETFSLABEL:
		set(FSLabelMax)
	case KVM_SET_USER_MEMORY_REGION:
		set(SizeKvmMemoryRegion)
	case KVM_GET_REGS:
		get(SizeKvmRegs)
	case KVM_SET_REGS:
		set(SizeKvmRegs)
	case KVM_GET_SREGS:
		get(SizeKvmSregs)
	case KVM_SET_SREGS:
		set(SizeKvmSregs)
	case KVM_SET_CPUID2:
		if c.Phase == AtEntry {
			kvmCpuid2(c, arg)
		}
	case KVM_GET_SUPPORTED_CPUID, KVM_GET_EMULATED_CPUID:
		if c.Ok() {
			kvmCpuid2(c, arg)
		}
	}
}

// KVM ioctls strace decodes (linux/kvm.h, x86-64).
const (
	KVM_RUN                    = 0xae80
	KVM_CREATE_VM              = 0xae01
	KVM_CHECK_EXTENSION        = 0xae03
	KVM_CREATE_VCPU            = 0xae41
	KVM_SET_USER_MEMORY_REGION = 0x4020ae46
	KVM_GET_REGS               = 0x8090ae81
	KVM_SET_REGS               = 0x4090ae82
	KVM_GET_SREGS              = 0x8138ae83
	KVM_SET_SREGS              = 0x4138ae84
	KVM_SET_CPUID2             = 0x4008ae90
	KVM_GET_SUPPORTED_CPUID    = 0xc008ae05
	KVM_GET_EMULATED_CPUID     = 0xc008ae09

	SizeKvmMemoryRegion = 32
	SizeKvmRegs         = 144
	SizeKvmSregs        = 312
	SizeKvmCpuid2       = 8
	SizeKvmCpuidEntry2  = 40
	// MaxKvmCpuidEntries bounds the entries of a kvm_cpuid2 captured.
	MaxKvmCpuidEntries = 1024
)

// kvmCpuid2 captures a struct kvm_cpuid2 and, for -v, its entries.
func kvmCpuid2(c *Ctx, arg uint64) {
	b := c.Mem.Read(arg, SizeKvmCpuid2)
	if len(b) < 4 || !c.Lim.Verbose {
		return
	}
	n := min(int(uint32(b[0])|uint32(b[1])<<8|uint32(b[2])<<16|uint32(b[3])<<24), MaxKvmCpuidEntries)
	if n > 0 {
		c.Mem.Read(arg+SizeKvmCpuid2, n*SizeKvmCpuidEntry2)
	}
}

// nsGetOwnerUID is NS_GET_OWNER_UID, which stores a uid.
const nsGetOwnerUID = 0xb704

// Sizes of the terminal structures.
const (
	SizeTermios2 = 44
	SizeTermio   = 18
)
