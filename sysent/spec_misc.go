package sysent

import "mytrace/tables"

func init() { specSources = append(specSources, miscSpecs) }

// miscSpecs returns the descriptions of the administration, security and tracing syscalls:
// mounts, reboot, modules, keys, ptrace, perf, io_uring, bpf, landlock,
// quotas. Most have decoders of their own in package decode
// (dec_misc.go); the captures here read what those decoders show, at the
// stop strace reads it.
func miscSpecs() map[string]Spec {
	return map[string]Spec{
		"mount": {Args: []Arg{a("source", Path), a("target", Path), a("filesystemtype", Str), a("mountflags", ByDecoder),
			a("data", Str)}},
		"umount2":    {Args: []Arg{a("target", Path), fl("flags", tables.UmountFlags)}},
		"pivot_root": {Args: []Arg{a("new_root", Path), a("put_old", Path)}},
		"chroot":     {Args: []Arg{path}},
		"acct":       {Args: []Arg{path}},
		"swapon":     {Args: []Arg{path, a("swapflags", ByDecoder)}},
		"swapoff":    {Args: []Arg{path}},
		"reboot": {Args: []Arg{a("magic", Hex), a("magic2", Hex), a("cmd", Hex), a("arg", Custom)},
			Capture: miscCapReboot, Reads: []Read{rMaybe(rStr(3))}},
		"sethostname":   {Args: []Arg{bufIn("name", 1), a("len", Uint)}},
		"setdomainname": {Args: []Arg{bufIn("name", 1), a("len", Uint)}},
		"init_module":   {Args: []Arg{a("module_image", Ptr), a("len", Ulong), a("param_values", Str)}},
		"finit_module":  {Args: []Arg{fd, a("param_values", Str), fl("flags", tables.ModuleInitFlags)}},
		"delete_module": {Args: []Arg{a("name", Str), fl("flags", tables.DeleteModuleFlags)}},
		"kexec_load": {Args: []Arg{a("entry", Ptr), a("nr_segments", Ulong), a("segments", Custom), a("flags", ByDecoder)},
			Capture: miscCapKexecLoad, Reads: []Read{}},
		"kexec_file_load": {Args: []Arg{a("kernel_fd", Fd), a("initrd_fd", Fd), a("cmdline_len", Ulong), bufIn("cmdline", 2),
			a("flags", ByDecoder)}},
		"userfaultfd": {Args: []Arg{fl("flags", tables.UffdFlags)}, Ret: RetFd},
		"syslog":      {Args: []Arg{a("type", ByDecoder), a("bufp", Custom), a("len", ByDecoder)}, Capture: miscCapSyslog, Reads: []Read{rMaybe(rOutRet(1, 1, 4096))}},
		"ioprio_get":  {Args: []Arg{a("which", ByDecoder), a("who", Int)}},
		"ioprio_set":  {Args: []Arg{a("which", ByDecoder), a("who", Int), a("ioprio", ByDecoder)}},
		"lookup_dcookie": {Args: []Arg{a("cookie", Ulong), a("buffer", Custom), a("len", Ulong)},
			Capture: miscCapLookupDcookie, Reads: []Read{rMaybe(rOutRet(1, 1, 4096))}},

		"fsopen": {Args: []Arg{a("fsname", Str), fl("flags", tables.FsopenFlags)}, Ret: RetFd},
		"fsconfig": {Args: []Arg{fd, a("cmd", ByDecoder), a("key", Custom), a("value", Custom), a("aux", Int)},
			Capture: miscCapFsconfig, Reads: []Read{rMaybe(rStr(2)), rMaybe(rStr(3))}},
		"fsmount":   {Args: []Arg{fd, fl("flags", tables.FsmountFlags), fl("attr_flags", tables.FsmountAttrFlags)}, Ret: RetFd},
		"fspick":    {Args: []Arg{dirfd, path, fl("flags", tables.FspickFlags)}, Ret: RetFd},
		"open_tree": {Args: []Arg{a("dfd", DirFd), path, fl("flags", tables.OpenTreeFlags)}, Ret: RetFd},
		// Newer than strace 6.1, shown with raw arguments, but its result is
		// a descriptor (-y).
		"open_tree_attr": {Ret: RetFd},
		"move_mount": {Args: []Arg{a("from_dfd", DirFd), a("from_pathname", Path), a("to_dfd", DirFd),
			a("to_pathname", Path), fl("flags", tables.MoveMountFlags)}},
		"mount_setattr": {Args: []Arg{dirfd, path, a("flags", ByDecoder), a("uattr", Custom), a("usize", Ulong)},
			Capture: miscCapMountSetattr, Reads: []Read{rPath(1), rInArg(3, 4, 1, 4096)}},

		"landlock_create_ruleset": {Ret: RetFd, Args: []Arg{a("attr", Custom), a("size", Ulong), a("flags", ByDecoder)},
			Capture: miscCapLandlockCreate, Reads: []Read{rInArg(0, 1, 1, 4096)}},
		"landlock_add_rule": {Args: []Arg{a("ruleset_fd", Fd), a("rule_type", ByDecoder), a("rule_attr", Custom), a("flags", ByDecoder)},
			Capture: miscCapLandlockAddRule, Reads: []Read{rMaybe(rIn(2, 16))}},
		"landlock_restrict_self": {Args: []Arg{a("ruleset_fd", Fd), a("flags", Hex)}},

		"process_vm_readv": {Args: []Arg{a("pid", Pid), a("local_iov", Custom), a("liovcnt", Ulong), a("remote_iov", Custom),
			a("riovcnt", Ulong), a("flags", Ulong)}, Capture: miscCapProcessVMReadv, Reads: []Read{rIovOut(1, 2), rOutAny(1, 1024*16), {Kind: ReadBytes, At: ReadAtExit, Arg: 3, Len: ReadLenArg, LenArg: 4, Elem: 16, Size: 1024 * 16}}},
		"process_vm_writev": {Args: []Arg{a("pid", Pid), a("local_iov", Custom), a("liovcnt", Ulong), a("remote_iov", Custom),
			a("riovcnt", Ulong), a("flags", Ulong)}, Capture: miscCapProcessVMWritev, Reads: []Read{rIovIn(1, 2), rInArg(3, 4, 16, 1024*16)}},

		"quotactl": {Args: []Arg{a("cmd", ByDecoder), a("special", Path), a("id", Uint), a("addr", Custom)},
			Capture: miscCapQuotactl, Reads: []Read{rPath(1), rMaybe(rStr(3)), rMaybe(rIn(3, 256)), rMaybe(rOut(3, 256))}},
		"quotactl_fd": {Args: []Arg{fd, a("cmd", ByDecoder), a("id", Uint), a("addr", Custom)}, Capture: miscCapQuotactlFd, Reads: []Read{rMaybe(rStr(3)), rMaybe(rIn(3, 256)), rMaybe(rOut(3, 256))}},

		"add_key": {Args: []Arg{a("type", Str), a("description", Str), bufIn("payload", 3), a("plen", Ulong),
			a("keyring", Int)}},
		"request_key": {Args: []Arg{a("type", Str), a("description", Str), a("callout_info", Str), a("dest_keyring", Int)}},
		"keyctl": {Args: []Arg{a("operation", ByDecoder), a("arg2", Hex), a("arg3", Hex), a("arg4", Hex), a("arg5", Hex)},
			Capture: miscCapKeyctl, Reads: []Read{rMaybe(rStr(1)), rMaybe(rIn(1, 64)), rMaybe(rOffset(rInArg(2, 3, 1, 0), 0, ReadLimStr)), rMaybe(rOffset(rOutRet(2, 1, 0), 0, ReadLimStr)),
				rMaybe(rStr(2)), rMaybe(rIn(3, 256)), rMaybe(rIovIn(2, 3)), rMaybe(rIn(4, 256))}},

		"ptrace": {Args: []Arg{a("request", ByDecoder), a("pid", Pid), a("addr", ByDecoder), a("data", ByDecoder)}, Capture: miscCapPtrace, Reads: []Read{rMaybe(rIn(3, 512)), rMaybe(rOut(3, 512)), rMaybe(rIn(2, 16)), rMaybe(rDeref(ReadAtEntry, 3, 0, 4096)),
			rMaybe(rDeref(ReadAtExitOK, 3, 0, 4096)), rMaybe(rOutRet(3, SizeSiginfo, 64*SizeSiginfo))}},
		"perf_event_open": {Args: []Arg{a("attr", Custom), a("pid", Int), a("cpu", Int), a("group_fd", Fd), a("flags", ByDecoder)},
			Ret: RetFd, Capture: miscCapPerfEventOpen, Reads: []Read{rIn(0, 512), rOutAny(0, 8)}},

		"io_uring_setup": {Args: []Arg{a("entries", Uint), a("p", Custom)}, Ret: RetFd, Capture: miscCapIoUringSetup, Reads: []Read{rIn(1, 120), rOut(1, 120)}},
		"io_uring_enter": {Args: []Arg{fd, a("to_submit", Uint), a("min_complete", Uint), a("flags", ByDecoder), a("sig", Custom),
			a("sigsz", Ulong)}, Capture: miscCapIoUringEnter, Reads: []Read{rMaybe(rIn(4, 8))}},
		"io_uring_register": {Args: []Arg{fd, a("opcode", ByDecoder), a("arg", Custom), a("nr_args", Uint)},
			Capture: miscCapIoUringRegister, Reads: []Read{rMaybe(rIn(2, 4096)), rMaybe(rOutAny(2, 4096)), rMaybe(rDeref(ReadAtEntry, 2, 8, 1024)), rMaybe(rIovIn(2, 3))}},

		// Every bpf command returns 0 or a new descriptor: RetFd has the
		// recorder note what the descriptor refers to; the decoder shows the
		// value as strace does for each command.
		"bpf": {Args: []Arg{a("cmd", ByDecoder), a("attr", Custom), a("size", Uint)}, Ret: RetFd, Capture: miscCapBpf, Reads: []Read{rInArg(1, 2, 1, 4096), {Kind: ReadBytes, At: ReadAtExit, Arg: 1, Len: ReadLenArg, LenArg: 2, Elem: 1, Size: 4096, Flags: ReadPositive},
			rMaybe(rDeref(ReadAtEntry, 1, 0, 4096)), rMaybe(rDeref(ReadAtEntry, 1, 16, 256)),
			rMaybe(rDeref(ReadAtEntry, 1, 8, 4097*8)), rMaybe(rDeref(ReadAtEntry, 1, 32, 256)), rMaybe(rDeref(ReadAtExit, 1, 16, 256))}},
	}
}

// Sizes and limits of the structures these syscalls take (x86-64).
const (
	miscStrMax          = 256 // strings strace reads with a length of 256 (fsconfig)
	miscRebootStrMax    = 255 // LINUX_REBOOT_CMD_RESTART2's command line
	miscKexecSegMax     = 16  // KEXEC_SEGMENT_MAX
	miscKexecSegSize    = 32
	miscMountAttrSize   = 32 // struct mount_attr (MOUNT_ATTR_SIZE_VER0)
	miscLandlockAttr    = 8  // struct landlock_ruleset_attr as strace 6.1 knows it
	miscLandlockBeneath = 12 // struct landlock_path_beneath_attr (packed)
	miscIovMax          = 1024
	miscPerfAttrMax     = 128 // struct perf_event_attr as strace 6.1 knows it
	miscPerfAttrVer0    = 64
	miscUringParams     = 120 // struct io_uring_params
	miscRegsSize        = 27 * 8
	miscFpregsSize      = 512
	miscSiginfoSize     = 128
	miscE2BIG           = 7
)

// miscStrCap is how many bytes of a string strace reads with printstr_ex
// and a length of n: one more than the string limit, or n.
func miscStrCap(c *Ctx, n uint64) int {
	lim := uint64(c.Lim.Str) + 1
	if n > lim {
		return int(lim)
	}
	return int(n)
}

func miscCapReboot(c *Ctx) {
	if c.Phase == AtEntry && uint32(c.Args[2]) == 0xa1b2c3d4 && c.Args[3] != 0 {
		c.Mem.ReadString(c.Args[3], miscStrCap(c, miscRebootStrMax))
	}
}

func miscCapKexecLoad(c *Ctx) {
	if c.Phase == AtEntry && c.Args[2] != 0 && c.Args[1] <= miscKexecSegMax && c.Args[1] > 0 {
		c.Mem.Read(c.Args[2], int(c.Args[1])*miscKexecSegSize)
	}
}

func miscCapSyslog(c *Ctx) {
	switch int32(c.Args[0]) {
	case 2, 3, 4: // SYSLOG_ACTION_READ, _READ_ALL, _READ_CLEAR
		if c.Ok() && c.Ret > 0 && c.Args[1] != 0 {
			c.Mem.Read(c.Args[1], c.BufLen(uint64(c.Ret)))
		}
	}
}

func miscCapLookupDcookie(c *Ctx) {
	if c.Ok() && c.Ret > 0 && c.Args[1] != 0 {
		c.Mem.Read(c.Args[1], c.BufLen(uint64(c.Ret)))
	}
}

// fsconfig commands.
const (
	miscFsconfigSetFlag      = 0
	miscFsconfigSetString    = 1
	miscFsconfigSetBinary    = 2
	miscFsconfigSetPath      = 3
	miscFsconfigSetPathEmpty = 4
	miscFsconfigSetFd        = 5
)

func miscCapFsconfig(c *Ctx) {
	if c.Phase != AtEntry {
		return
	}
	cmd := uint32(c.Args[1])
	key, val := c.Args[2], c.Args[3]
	if cmd <= miscFsconfigSetFd && key != 0 {
		c.Mem.ReadString(key, miscStrCap(c, miscStrMax))
	}
	if val == 0 {
		return
	}
	switch cmd {
	case miscFsconfigSetString:
		c.Mem.ReadString(val, miscStrCap(c, miscStrMax))
	case miscFsconfigSetPath, miscFsconfigSetPathEmpty:
		c.Mem.ReadString(val, c.Lim.Path)
	case miscFsconfigSetBinary:
		if aux := int32(c.Args[4]); aux >= 0 && aux <= 1<<20 {
			c.Mem.Read(val, c.BufLen(uint64(aux)))
		}
	}
}

func miscCapMountSetattr(c *Ctx) {
	if c.Phase == AtEntry {
		if c.Args[1] != 0 {
			c.Mem.ReadString(c.Args[1], c.Lim.Path)
		}
		if size := c.Args[4]; size >= miscMountAttrSize && c.Args[3] != 0 {
			c.Mem.Read(c.Args[3], int(min(size, PageSize)))
		}
	}
}

func miscCapLandlockCreate(c *Ctx) {
	if c.Phase == AtEntry && c.Args[0] != 0 && c.Args[1] >= miscLandlockAttr {
		c.Mem.Read(c.Args[0], miscLandlockAttr)
	}
}

func miscCapLandlockAddRule(c *Ctx) {
	if c.Phase == AtEntry && uint32(c.Args[1]) == 1 && c.Args[2] != 0 {
		c.Mem.Read(c.Args[2], miscLandlockBeneath)
	}
}

// miscCapIovArray captures an iovec array without the data it points to.
func miscCapIovArray(c *Ctx, addr, cnt uint64) {
	if addr != 0 && cnt != 0 {
		c.Mem.Read(addr, int(min(cnt, miscIovMax)*16))
	}
}

func miscCapProcessVMReadv(c *Ctx) {
	if c.Phase != AtExit {
		return
	}
	if c.Failed {
		miscCapIovArray(c, c.Args[1], c.Args[2])
	} else {
		CaptureIovec(c, c.Args[1], c.Args[2], c.Ret)
	}
	miscCapIovArray(c, c.Args[3], c.Args[4])
}

func miscCapProcessVMWritev(c *Ctx) {
	if c.Phase == AtEntry {
		CaptureIovec(c, c.Args[1], c.Args[2], -1)
		miscCapIovArray(c, c.Args[3], c.Args[4])
	}
}

// Quota commands (QCMD_CMD of the command argument).
const (
	miscQQuotaon      = 0x800002
	miscQGetfmt       = 0x800004
	miscQGetinfo      = 0x800005
	miscQSetinfo      = 0x800006
	miscQGetquota     = 0x800007
	miscQSetquota     = 0x800008
	miscQGetnextquota = 0x800009
	miscQXQuotaon     = 0x5801
	miscQXQuotaoff    = 0x5802
	miscQXGetquota    = 0x5803
	miscQXSetqlim     = 0x5804
	miscQXGetqstat    = 0x5805
	miscQXQuotarm     = 0x5806
	miscQXGetqstatv   = 0x5808
	miscQXGetnextq    = 0x5809

	miscDqblkSize     = 68 // struct if_dqblk (packed)
	miscNextDqblkSize = 72
	miscDqinfoSize    = 24
	miscFsDiskQuota   = 112
	miscFsQuotaStat   = 80
	miscFsQuotaStatv  = 160
)

func miscCapQuotaData(c *Ctx, cmd uint32, data uint64) {
	if data == 0 {
		return
	}
	in := func(n int) {
		if c.Phase == AtEntry {
			c.Mem.Read(data, n)
		}
	}
	out := func(n int) {
		if c.Ok() {
			c.Mem.Read(data, n)
		}
	}
	switch cmd {
	case miscQQuotaon:
		if c.Phase == AtEntry {
			c.Mem.ReadString(data, c.Lim.Path)
		}
	case miscQSetquota:
		in(miscDqblkSize)
	case miscQGetquota:
		out(miscDqblkSize)
	case miscQGetnextquota:
		out(miscNextDqblkSize)
	case miscQXSetqlim:
		in(miscFsDiskQuota)
	case miscQXGetquota, miscQXGetnextq:
		out(miscFsDiskQuota)
	case miscQGetfmt:
		out(4)
	case miscQSetinfo:
		in(miscDqinfoSize)
	case miscQGetinfo:
		out(miscDqinfoSize)
	case miscQXGetqstat:
		out(miscFsQuotaStat)
	case miscQXGetqstatv:
		out(miscFsQuotaStatv)
	case miscQXQuotaon, miscQXQuotaoff, miscQXQuotarm:
		in(4)
	}
}

func miscCapQuotactl(c *Ctx) {
	if c.Phase == AtEntry && c.Args[1] != 0 {
		c.Mem.ReadString(c.Args[1], c.Lim.Path)
	}
	miscCapQuotaData(c, uint32(c.Args[0])>>8, c.Args[3])
}

func miscCapQuotactlFd(c *Ctx) {
	miscCapQuotaData(c, uint32(c.Args[1])>>8, c.Args[3])
}

// keyctl operations.
const (
	miscKeyctlJoin       = 1
	miscKeyctlUpdate     = 2
	miscKeyctlDescribe   = 6
	miscKeyctlSearch     = 10
	miscKeyctlRead       = 11
	miscKeyctlInst       = 12
	miscKeyctlGetSec     = 17
	miscKeyctlInstIov    = 20
	miscKeyctlDH         = 23
	miscKeyctlPkeyQuery  = 24
	miscKeyctlPkeyEnc    = 25
	miscKeyctlPkeyVerify = 28
	miscKeyctlRestrict   = 29
	miscKeyctlCaps       = 31

	miscDHParamsSize   = 12
	miscKDFParamsSize  = 56
	miscPkeyQuerySize  = 56
	miscPkeyParamsSize = 40
)

func miscCapKeyctl(c *Ctx) {
	cmd := int32(c.Args[0])
	a2, a3, a4, a5 := c.Args[1], c.Args[2], c.Args[3], c.Args[4]
	str := func(addr uint64) {
		if addr != 0 {
			c.Mem.ReadString(addr, c.Lim.Str+1)
		}
	}
	entry := c.Phase == AtEntry
	switch cmd {
	case miscKeyctlJoin:
		if entry {
			str(a2)
		}
	case miscKeyctlUpdate, miscKeyctlInst:
		if entry && a3 != 0 {
			c.Mem.Read(a3, c.BufLen(a4))
		}
	case miscKeyctlDescribe, miscKeyctlRead, miscKeyctlGetSec:
		if c.Ok() && a3 != 0 && c.Ret > 0 {
			c.Mem.Read(a3, c.BufLen(min(uint64(c.Ret), a4)))
		}
	case miscKeyctlSearch, miscKeyctlRestrict:
		if entry {
			str(a3)
			str(a4)
		}
	case miscKeyctlInstIov:
		if entry {
			CaptureIovec(c, a3, a4, -1)
		}
	case miscKeyctlDH:
		if entry {
			if a2 != 0 {
				c.Mem.Read(a2, miscDHParamsSize)
			}
			return
		}
		if c.Ok() && a3 != 0 && c.Ret > 0 {
			c.Mem.Read(a3, c.BufLen(min(uint64(c.Ret), a4)))
		}
		if a5 != 0 {
			b := c.Mem.Read(a5, miscKDFParamsSize)
			if len(b) == miscKDFParamsSize {
				str(le64(b))
				if n := uint64(le32(b[16:])); n != 0 && le64(b[8:]) != 0 {
					c.Mem.Read(le64(b[8:]), c.BufLen(n))
				}
			}
		}
	case miscKeyctlPkeyQuery:
		if entry {
			str(a4)
		} else if c.Ok() && a5 != 0 {
			c.Mem.Read(a5, miscPkeyQuerySize)
		}
	case miscKeyctlPkeyEnc, miscKeyctlPkeyEnc + 1, miscKeyctlPkeyEnc + 2, miscKeyctlPkeyVerify:
		if entry {
			str(a3)
			if a2 == 0 {
				return
			}
			b := c.Mem.Read(a2, miscPkeyParamsSize)
			if len(b) < miscPkeyParamsSize {
				return
			}
			if a4 != 0 {
				c.Mem.Read(a4, c.BufLen(uint64(le32(b[4:]))))
			}
			if cmd == miscKeyctlPkeyVerify && a5 != 0 {
				c.Mem.Read(a5, c.BufLen(uint64(le32(b[8:]))))
			}
			return
		}
		if cmd != miscKeyctlPkeyVerify && c.Ok() && a5 != 0 && a2 != 0 {
			// The output length was read at entry: read the
			// parameters again (they are not written by the call).
			b := c.Mem.Read(a2, miscPkeyParamsSize)
			if len(b) == miscPkeyParamsSize {
				c.Mem.Read(a5, c.BufLen(uint64(le32(b[8:]))))
			}
		}
	case miscKeyctlCaps:
		if c.Ok() && a2 != 0 && c.Ret > 0 {
			c.Mem.Read(a2, int(min(a3, uint64(c.Ret), uint64(c.Lim.Str)+1, PageSize)))
		}
	}
}

// ptrace requests.
const (
	miscPtPeektext        = 1
	miscPtPeekdata        = 2
	miscPtPeekuser        = 3
	miscPtGetregs         = 12
	miscPtSetregs         = 13
	miscPtGetfpregs       = 14
	miscPtSetfpregs       = 15
	miscPtGeteventmsg     = 0x4201
	miscPtGetsiginfo      = 0x4202
	miscPtSetsiginfo      = 0x4203
	miscPtGetregset       = 0x4204
	miscPtSetregset       = 0x4205
	miscPtPeeksiginfo     = 0x4209
	miscPtGetsigmask      = 0x420a
	miscPtSetsigmask      = 0x420b
	miscPtSeccompFilter   = 0x420c
	miscPtSeccompMetadata = 0x420d
	miscPtGetSyscallInfo  = 0x420e
	miscPtSyscallInfoMax  = 88
	miscPtRegsetMax       = 4096
)

func miscCapPtrace(c *Ctx) {
	req, addr, data := c.Args[0], c.Args[2], c.Args[3]
	entry := c.Phase == AtEntry
	read := func(at uint64, n int) {
		if at != 0 && n > 0 {
			c.Mem.Read(at, n)
		}
	}
	switch req {
	case miscPtPeektext, miscPtPeekdata, miscPtPeekuser, miscPtGeteventmsg:
		if c.Ok() {
			read(data, 8)
		}
	case miscPtGetregs:
		if c.Ok() {
			read(data, miscRegsSize)
		}
	case miscPtSetregs:
		if entry {
			read(data, miscRegsSize)
		}
	case miscPtGetfpregs:
		if c.Ok() {
			read(data, miscFpregsSize)
		}
	case miscPtSetfpregs:
		if entry {
			read(data, miscFpregsSize)
		}
	case miscPtGetsiginfo:
		if c.Ok() {
			read(data, miscSiginfoSize)
		}
	case miscPtSetsiginfo:
		if entry {
			read(data, miscSiginfoSize)
		}
	case miscPtGetsigmask:
		if c.Ok() && addr <= 8 {
			read(data, int(addr))
		}
	case miscPtSetsigmask:
		if entry && addr <= 8 {
			read(data, int(addr))
		}
	case miscPtPeeksiginfo:
		if entry {
			read(addr, 16)
		} else if c.Ok() && c.Ret > 0 {
			read(data, int(min(uint64(c.Ret), 1024))*miscSiginfoSize)
		}
	case miscPtGetregset, miscPtSetregset:
		iov := []byte(nil)
		if data != 0 {
			iov = c.Mem.Read(data, 16)
		}
		if len(iov) < 16 {
			return
		}
		base, n := le64(iov), min(le64(iov[8:]), miscPtRegsetMax)
		if (req == miscPtSetregset && entry) || (req == miscPtGetregset && c.Ok()) {
			read(base, int(n))
		}
	case miscPtSeccompMetadata:
		if entry && addr >= 8 {
			read(data, 8)
		} else if c.Ok() && addr > 8 {
			read(data+8, 8)
		}
	case miscPtSeccompFilter:
		if c.Ok() && c.Ret > 0 {
			read(data, int(min(uint64(c.Ret), 4096))*8)
		}
	case miscPtGetSyscallInfo:
		if c.Ok() {
			read(data, int(min(addr, miscPtSyscallInfoMax)))
		}
	}
}

func miscCapPerfEventOpen(c *Ctx) {
	addr := c.Args[0]
	if addr == 0 {
		return
	}
	if c.Phase == AtExit {
		if c.Failed && c.Ret == -miscE2BIG {
			c.Mem.Read(addr+4, 4)
		}
		return
	}
	b := c.Mem.Read(addr+4, 4)
	if len(b) < 4 {
		return
	}
	size := uint64(le32(b))
	if size > miscPerfAttrMax {
		size = miscPerfAttrMax
	}
	if size == 0 {
		size = miscPerfAttrVer0
	}
	if size >= miscPerfAttrVer0 {
		c.Mem.Read(addr, int(size))
	}
}

func miscCapIoUringSetup(c *Ctx) {
	if c.Args[1] == 0 {
		return
	}
	if c.Phase == AtEntry || !c.Failed {
		c.Mem.Read(c.Args[1], miscUringParams)
	}
}

func miscCapIoUringEnter(c *Ctx) {
	if c.Phase == AtEntry && c.Args[4] != 0 && c.Args[5] >= 8 && c.Args[5] <= 8 {
		c.Mem.Read(c.Args[4], int(c.Args[5]))
	}
}

// io_uring_register opcodes.
const (
	miscUringRegBuffers     = 0
	miscUringRegFiles       = 2
	miscUringRegEventfd     = 4
	miscUringRegFilesUpdate = 6
	miscUringRegEventfdAsyn = 7
	miscUringRegProbe       = 8
	miscUringRegRestrict    = 11
	miscUringRegFiles2      = 13
	miscUringRegFilesUpd2   = 14
	miscUringRegBuffers2    = 15
	miscUringRegBuffersUpd  = 16
	miscUringRegIowqAff     = 17
	miscUringRegIowqMax     = 19
	miscUringRegRingFds     = 20
	miscUringUnregRingFds   = 21
	miscUringRegPbufRing    = 22
	miscUringUnregPbufRing  = 23
)

func miscCapIoUringRegister(c *Ctx) {
	op := uint32(c.Args[1])
	arg := c.Args[2]
	n := uint64(uint32(c.Args[3]))
	if arg == 0 {
		return
	}
	entry := c.Phase == AtEntry
	lim := uint64(c.Lim.Str) + 1
	if c.Lim.Verbose {
		lim = PageSize
	}
	elems := func(size uint64) int { return int(min(n, lim) * size) }
	switch op {
	case miscUringRegBuffers:
		if entry {
			miscCapIovArray(c, arg, n)
		}
	case miscUringRegFiles, miscUringRegEventfd, miscUringRegEventfdAsyn:
		if entry {
			c.Mem.Read(arg, elems(4))
		}
	case miscUringRegFilesUpdate:
		if entry {
			if b := c.Mem.Read(arg, 16); len(b) == 16 && le64(b[8:]) != 0 {
				c.Mem.Read(le64(b[8:]), elems(4))
			}
		}
	case miscUringRegProbe:
		if n <= 256 {
			c.Mem.Read(arg, int(16+8*n))
		}
	case miscUringRegRestrict:
		if entry {
			c.Mem.Read(arg, elems(16))
		}
	case miscUringRegFiles2, miscUringRegBuffers2, miscUringRegFilesUpd2, miscUringRegBuffersUpd:
		if !entry || n < 32 {
			return
		}
		b := c.Mem.Read(arg, int(min(n, PageSize)))
		if len(b) < 32 {
			return
		}
		var nr, data, tags uint64
		if op == miscUringRegFiles2 || op == miscUringRegBuffers2 {
			nr, data, tags = uint64(le32(b)), le64(b[16:]), le64(b[24:])
		} else {
			nr, data, tags = uint64(le32(b[24:])), le64(b[8:]), le64(b[16:])
		}
		cnt := min(nr, lim)
		if data != 0 && nr != 0 {
			if op == miscUringRegBuffers2 || op == miscUringRegBuffersUpd {
				miscCapIovArray(c, data, nr)
			} else {
				c.Mem.Read(data, int(cnt*4))
			}
		}
		if tags != 0 && nr != 0 {
			c.Mem.Read(tags, int(cnt*8))
		}
	case miscUringRegIowqAff:
		if entry {
			c.Mem.Read(arg, int(min(n, uint64(CpusetSize()))))
		}
	case miscUringRegIowqMax:
		c.Mem.Read(arg, elems(4))
	case miscUringRegRingFds, miscUringUnregRingFds:
		if entry {
			c.Mem.Read(arg, elems(16))
		}
	case miscUringRegPbufRing, miscUringUnregPbufRing:
		if entry {
			c.Mem.Read(arg, 40)
		}
	}
}

// bpf commands.
const (
	miscBpfProgLoad        = 5
	miscBpfObjPin          = 6
	miscBpfObjGet          = 7
	miscBpfProgGetNextID   = 11
	miscBpfMapGetNextID    = 12
	miscBpfObjGetInfoByFd  = 15
	miscBpfProgQuery       = 16
	miscBpfRawTracepoint   = 17
	miscBpfBtfLoad         = 18
	miscBpfTaskFdQuery     = 20
	miscBpfBtfGetNextID    = 23
	miscBpfMapLookupBatch  = 24
	miscBpfMapDeleteBatch  = 27
	miscBpfLinkCreate      = 28
	miscBpfLinkGetNextID   = 31
	miscBpfMaxDecoded      = 31
	miscBpfMaxInsns        = 4096
	miscBpfProgInfoSize    = 220
	miscBpfMapInfoSize     = 88
	miscBpfLinkIterInfo    = 28 // BPF_TRACE_ITER
	miscBpfLinkKprobeMulti = 42 // BPF_TRACE_KPROBE_MULTI
)

// MiscBpfExitCmd reports whether strace decodes bpf command cmd again
// when the call returns.
func MiscBpfExitCmd(cmd uint32) bool {
	switch cmd {
	case miscBpfProgGetNextID, miscBpfMapGetNextID, miscBpfBtfGetNextID, miscBpfLinkGetNextID,
		miscBpfObjGetInfoByFd, miscBpfProgQuery, miscBpfTaskFdQuery:
		return true
	}
	return cmd >= miscBpfMapLookupBatch && cmd <= miscBpfMapDeleteBatch
}

func miscCapBpf(c *Ctx) {
	cmd := uint32(c.Args[0])
	addr := c.Args[1]
	size := uint64(uint32(c.Args[2]))
	if addr == 0 || size == 0 || size > PageSize || cmd > miscBpfMaxDecoded {
		return
	}
	entry := c.Phase == AtEntry
	if !entry && !MiscBpfExitCmd(cmd) {
		return
	}
	b := c.Mem.Read(addr, int(size))
	if len(b) < int(size) {
		return
	}
	// The attribute, zero-extended to the largest structure strace knows.
	var attr [128]byte
	copy(attr[:], b)
	u32 := func(off int) uint64 { return uint64(le32(attr[off:])) }
	u64 := func(off int) uint64 { return le64(attr[off:]) }
	str := func(at uint64, n int) {
		if at != 0 {
			c.Mem.ReadString(at, n)
		}
	}
	switch cmd {
	case miscBpfProgLoad:
		if !entry {
			return
		}
		str(u64(16), c.Lim.Str+1)
		if size > 24 {
			str(u64(32), miscStrCap(c, u32(28)))
		}
		if n := u32(4); n > 0 && u64(8) != 0 {
			c.Mem.Read(u64(8), int(min(n, miscBpfMaxInsns+1)*8))
		}
	case miscBpfObjPin, miscBpfObjGet:
		if entry {
			str(u64(0), c.Lim.Path)
		}
	case miscBpfRawTracepoint:
		if entry {
			str(u64(0), miscStrCap(c, 128))
		}
	case miscBpfBtfLoad:
		if entry && u64(0) != 0 {
			c.Mem.Read(u64(0), c.BufLen(u32(16)))
		}
	case miscBpfTaskFdQuery:
		if !entry {
			str(u64(16), miscStrCap(c, u32(12)))
		}
	case miscBpfProgQuery:
		if !entry && u64(16) != 0 {
			c.Mem.Read(u64(16), int(min(u32(24), uint64(c.Lim.Str)+1, PageSize)*4))
		}
	case miscBpfObjGetInfoByFd:
		info, n := u64(8), u32(4)
		if info == 0 || n == 0 {
			return
		}
		if n > PageSize {
			n = PageSize
		}
		ib := c.Mem.Read(info, int(n))
		if entry || len(ib) < int(n) {
			return
		}
		// The arrays a bpf_prog_info points to.
		var pi [miscBpfProgInfoSize]byte
		copy(pi[:], ib)
		lim := uint64(c.Lim.Str) + 1
		if p := le64(pi[32:]); p != 0 {
			c.Mem.Read(p, int(min(uint64(le32(pi[20:])), miscBpfMaxInsns*8)))
		}
		if p := le64(pi[24:]); p != 0 {
			c.Mem.Read(p, c.BufLen(uint64(le32(pi[16:]))))
		}
		if p := le64(pi[56:]); p != 0 {
			c.Mem.Read(p, int(min(uint64(le32(pi[52:])), lim)*4))
		}
	case miscBpfLinkCreate:
		if !entry || size <= 16 {
			return
		}
		switch u32(8) {
		case miscBpfLinkIterInfo:
			if p := u64(16); p != 0 {
				c.Mem.Read(p, int(min(u32(24), uint64(c.Lim.Str)+1, PageSize)*4))
			}
		case miscBpfLinkKprobeMulti:
			n := min(u32(20), uint64(c.Lim.Str)+1, PageSize)
			if p := u64(24); p != 0 {
				if ptrs := c.Mem.Read(p, int(n*8)); len(ptrs) > 0 {
					for i := 0; i+8 <= len(ptrs); i += 8 {
						str(le64(ptrs[i:]), c.Lim.Str+1)
					}
				}
			}
			if p := u64(32); p != 0 {
				c.Mem.Read(p, int(n*8))
			}
			if p := u64(40); p != 0 {
				c.Mem.Read(p, int(n*8))
			}
		}
	}
}
