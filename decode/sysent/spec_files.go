package sysent

func init() { addSpecs(filesSpecs) }

// filesSpecs describe the file and descriptor syscalls.
var filesSpecs = map[string]Spec{
	"read":     {Args: []Arg{fd, bufOut("buf"), count}},
	"write":    {Args: []Arg{fd, bufIn("buf", 2), count}},
	"pread64":  {Args: []Arg{fd, bufOut("buf"), count, a("offset", Long)}},
	"pwrite64": {Args: []Arg{fd, bufIn("buf", 2), count, a("offset", Long)}},
	"open":     {Args: []Arg{path, fl("flags", "open_flags"), mode}, Ret: RetFd},
	"openat":   {Args: []Arg{dirfd, path, fl("flags", "open_flags"), mode}, Ret: RetFd},
	"creat":    {Args: []Arg{path, mode}, Ret: RetFd},
	"close":    {Args: []Arg{fd}},
	"lseek":    {Args: []Arg{fd, a("offset", Long), en("whence", "whence")}},
	"stat":     {Args: []Arg{path, sOut("statbuf", "stat", SizeStat)}},
	"lstat":    {Args: []Arg{path, sOut("statbuf", "stat", SizeStat)}},
	"fstat":    {Args: []Arg{fd, sOut("statbuf", "stat", SizeStat)}},
	"newfstatat": {Args: []Arg{dirfd, path, sOut("statbuf", "stat", SizeStat),
		fl("flags", "at_flags")}},
	"statx": {Args: []Arg{dirfd, path, fl("flags", "at_statx_flags"), fl("mask", "statx_mask"),
		sOut("statxbuf", "statx", SizeStatx)}},
	"getdents64": {Args: []Arg{fd, custom("dirp", capDirents), count}},
	"readlink":   {Args: []Arg{path, bufOut("buf"), a("bufsiz", Ulong)}},
	"readlinkat": {Args: []Arg{dirfd, path, bufOut("buf"), a("bufsiz", Ulong)}},
	"access":     {Args: []Arg{path, fl("mode", "access_modes")}},
	"faccessat":  {Args: []Arg{dirfd, path, fl("mode", "access_modes")}},
	"faccessat2": {Args: []Arg{dirfd, path, fl("mode", "access_modes"), fl("flags", "faccessat_flags")}},
	"ioctl":      {Args: []Arg{fd, a("request", Hex), a("arg", Ptr)}, Capture: capIoctl},
	"fcntl":      {Args: []Arg{fd, en("cmd", "fcntl_cmds"), a("arg", Hex)}, Capture: capFcntl, Ret: RetCustom},
	"dup":        {Args: []Arg{fd}, Ret: RetFd},
	"dup2":       {Args: []Arg{a("oldfd", Fd), a("newfd", Fd)}, Ret: RetFd},
	"dup3":       {Args: []Arg{a("oldfd", Fd), a("newfd", Fd), fl("flags", "dup3_flags")}, Ret: RetFd},
	"pipe":       {Args: []Arg{custom("pipefd", capPairOut)}},
	"pipe2":      {Args: []Arg{custom("pipefd", capPairOut), fl("flags", "pipe_flags")}},
	"unlink":     {Args: []Arg{path}},
	"unlinkat":   {Args: []Arg{dirfd, path, fl("flags", "unlinkat_flags")}},
	"mkdir":      {Args: []Arg{path, mode}},
	"mkdirat":    {Args: []Arg{dirfd, path, mode}},
	"rmdir":      {Args: []Arg{path}},
	"rename":     {Args: []Arg{a("oldpath", Path), a("newpath", Path)}},
	"renameat":   {Args: []Arg{a("olddirfd", DirFd), a("oldpath", Path), a("newdirfd", DirFd), a("newpath", Path)}},
	"renameat2":  {Args: []Arg{a("olddirfd", DirFd), a("oldpath", Path), a("newdirfd", DirFd), a("newpath", Path), fl("flags", "rename_flags")}},
	"chdir":      {Args: []Arg{path}},
	"fchdir":     {Args: []Arg{fd}},
	"getcwd":     {Args: []Arg{bufOut("buf"), a("size", Ulong)}},
	"umask":      {Args: []Arg{mode}, Ret: RetOct},
	"getxattr":   {Args: []Arg{path, a("name", Str), bufOut("value"), a("size", Ulong)}},
	"lgetxattr":  {Args: []Arg{path, a("name", Str), bufOut("value"), a("size", Ulong)}},
	"fgetxattr":  {Args: []Arg{fd, a("name", Str), bufOut("value"), a("size", Ulong)}},
}

// capPairOut captures a 2-int array on success (pipe fds).
func capPairOut(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], 8)
	}
}

// capDirents captures a getdents buffer as returned.
func capDirents(c *Ctx, i int) {
	if c.Ok() && c.Ret > 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], int(min(uint64(c.Ret), MaxDirents)))
	}
}

// fcntl commands that take a struct flock.
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
	switch c.Args[1] {
	case fSetlk, fSetlkw, fOfdSetlk, fOfdSetlkw:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, SizeFlock)
		}
	case fGetlk, fOfdGetlk:
		if c.Phase == AtEntry || c.Ok() {
			c.Mem.Read(arg, SizeFlock)
		}
	case fSetownEx:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, 8)
		}
	case fGetownEx:
		if c.Ok() {
			c.Mem.Read(arg, 8)
		}
	}
}

// ioctl requests decoded beyond their number.
const (
	TCGETS     = 0x5401
	TIOCGWINSZ = 0x5413
	TIOCSWINSZ = 0x5414
	FIONREAD   = 0x541b
	TIOCGPGRP  = 0x540f
	TIOCSPGRP  = 0x5410
)

func capIoctl(c *Ctx) {
	arg := c.Args[2]
	if arg == 0 {
		return
	}
	switch c.Args[1] {
	case TCGETS:
		if c.Ok() {
			c.Mem.Read(arg, SizeTermios)
		}
	case TIOCGWINSZ:
		if c.Ok() {
			c.Mem.Read(arg, SizeWinsize)
		}
	case TIOCSWINSZ:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, SizeWinsize)
		}
	case FIONREAD, TIOCGPGRP:
		if c.Ok() {
			c.Mem.Read(arg, 4)
		}
	case TIOCSPGRP:
		if c.Phase == AtEntry {
			c.Mem.Read(arg, 4)
		}
	}
}
