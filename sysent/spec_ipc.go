package sysent

import "mytrace/tables"

func init() { specSources = append(specSources, ipcSpecs) }

// Sizes of the IPC, asynchronous I/O and legacy structures on x86-64.
const (
	SizeMsqidDs    = 120 // struct msqid64_ds
	SizeSemidDs    = 104 // struct semid64_ds
	SizeShmidDs    = 112 // struct shmid64_ds
	SizeMsginfo    = 32  // struct msginfo
	SizeSeminfo    = 40  // struct seminfo
	SizeShminfo    = 72  // struct shminfo64
	SizeShmInfo    = 48  // struct shm_info
	SizeSembuf     = 6   // struct sembuf
	SizeMsgbuf     = 16  // struct msgbuf as strace reads it: mtype and mtext[1], padded
	SizeMqAttr     = 64  // struct mq_attr
	SizeIocb       = 64  // struct iocb
	SizeIoEvent    = 32  // struct io_event
	SizeUserDesc   = 16  // struct user_desc
	SizeSysctlArgs = 80  // struct __sysctl_args
	SizeSigsetArg  = 16  // io_pgetevents' {sigmask, sigsetsize}
)

// Commands of shmctl, semctl and msgctl (the kernel's values), which
// decide what the captures below read.
const (
	IPC64      = 0x100 // IPC_64, or'ed into the command
	IPCSet     = 1     // IPC_SET
	IPCStat    = 2     // IPC_STAT
	IPCInfo    = 3     // IPC_INFO
	ShmStat    = 13    // SHM_STAT
	ShmInfo    = 14    // SHM_INFO
	ShmStatAny = 15    // SHM_STAT_ANY
	SemStat    = 18    // SEM_STAT
	SemInfo    = 19    // SEM_INFO
	SemStatAny = 20    // SEM_STAT_ANY
	MsgStat    = 11    // MSG_STAT
	MsgInfo    = 12    // MSG_INFO
	MsgStatAny = 13    // MSG_STAT_ANY
)

// Opcodes of struct iocb whose data io_submit shows.
const (
	IocbPwrite  = 1 // IOCB_CMD_PWRITE
	IocbPreadv  = 7 // IOCB_CMD_PREADV
	IocbPwritev = 8 // IOCB_CMD_PWRITEV
)

const (
	ipcOCreat = 0o100 // O_CREAT: mq_open reads its attributes
	// ipcArrayMax bounds the elements of an array captured with -v.
	ipcArrayMax = 1 << 16
)

// ipcSpecs returns the descriptions of the SysV IPC, POSIX message queue, Linux AIO and
// legacy x86 syscalls. All have decoders in package decode (dec_ipc.go);
// the captures read what those show, at the stop strace reads it.
func ipcSpecs() map[string]Spec {
	return map[string]Spec{
		"shmget": {Args: []Arg{en("key", tables.IpcPrivate), a("size", Ulong), a("shmflg", ByDecoder)}},
		"shmat":  {Args: []Arg{a("shmid", Int), a("shmaddr", Ptr), a("shmflg", ByDecoder)}, Ret: RetHex},
		"shmdt":  {Args: []Arg{a("shmaddr", Ptr)}},
		"shmctl": {Args: []Arg{a("shmid", Int), a("cmd", ByDecoder), a("buf", Custom)}, Capture: ipcCapShmctl, Reads: []Read{rMaybe(rIn(2, SizeShmidDs)), rMaybe(rOut(2, SizeShmidDs))}},
		"semget": {Args: []Arg{en("key", tables.IpcPrivate), a("nsems", Int), a("semflg", ByDecoder)}},
		"semop":  {Args: []Arg{a("semid", Int), custom("sops", ipcCapSembufs), a("nsops", Uint)}, Reads: []Read{rInArg(1, 2, SizeSembuf, 64<<10)}},
		"semtimedop": {Args: []Arg{a("semid", Int), custom("sops", ipcCapSembufs), a("nsops", Uint),
			custom("timeout", capIn(SizeTimespec))}, Reads: []Read{rInArg(1, 2, SizeSembuf, 64<<10), rIn(3, SizeTimespec)}},
		"semctl": {Args: []Arg{a("semid", Int), a("semnum", Int), a("cmd", ByDecoder), a("arg", Custom)}, Capture: ipcCapSemctl, Reads: []Read{rMaybe(rIn(3, SizeSemidDs)), rMaybe(rOut(3, SizeSemidDs))}},
		"msgget": {Args: []Arg{en("key", tables.IpcPrivate), a("msgflg", ByDecoder)}},
		"msgsnd": {Args: []Arg{a("msqid", Int), custom("msgp", ipcCapMsgsnd), a("msgsz", Ulong), a("msgflg", ByDecoder)}, Reads: []Read{rIn(1, SizeMsgbuf), rOffset(rInArg(1, 2, 1, 0), 8, ReadLimStr)}},
		"msgrcv": {Args: []Arg{a("msqid", Int), custom("msgp", ipcCapMsgrcv), a("msgsz", Ulong), a("msgtyp", Long),
			a("msgflg", ByDecoder)}, Reads: []Read{rOut(1, SizeMsgbuf), rOffset(rOutArg(1, 2, 1, 0), 8, ReadLimStr)}},
		"msgctl": {Args: []Arg{a("msqid", Int), a("cmd", ByDecoder), a("buf", Custom)}, Capture: ipcCapMsgctl, Reads: []Read{rMaybe(rIn(2, SizeMsqidDs)), rMaybe(rOut(2, SizeMsqidDs))}},

		"mq_open": {Args: []Arg{a("name", Path), a("oflag", ByDecoder), a("mode", ByDecoder), custom("attr", ipcCapMqOpenAttr)},
			Ret: RetFd, Reads: []Read{rIn(3, SizeMqAttr)}},
		"mq_unlink": {Args: []Arg{a("name", Path)}},
		"mq_timedsend": {Args: []Arg{fd, bufIn("msg_ptr", 2), a("msg_len", Ulong), a("msg_prio", Uint),
			custom("abs_timeout", capIn(SizeTimespec))}, Reads: []Read{rIn(4, SizeTimespec)}},
		"mq_timedreceive": {Args: []Arg{fd, bufOut("msg_ptr"), a("msg_len", Ulong), custom("msg_prio", capOut(4)),
			custom("abs_timeout", capOutAlways(SizeTimespec))}, Reads: []Read{rOut(3, 4), rOutAny(4, SizeTimespec)}},
		"mq_notify": {Args: []Arg{fd, custom("sevp", capIn(SizeSigevent))}, Reads: []Read{rIn(1, SizeSigevent)}},
		"mq_getsetattr": {Args: []Arg{fd, custom("newattr", capIn(SizeMqAttr)),
			custom("oldattr", capOut(SizeMqAttr))}, Reads: []Read{rIn(1, SizeMqAttr), rOut(2, SizeMqAttr)}},

		"io_setup":   {Args: []Arg{a("nr_events", Uint), custom("ctx_idp", capOut(8))}, Reads: []Read{rOut(1, 8)}},
		"io_destroy": {Args: []Arg{a("ctx_id", Ptr)}},
		"io_submit":  {Args: []Arg{a("ctx_id", Ptr), a("nr", Long), custom("iocbpp", ipcCapIocbpp)}, Reads: []Read{{Kind: ReadIocbs, At: ReadAtEntry, Arg: 2, LenArg: 1}}},
		"io_cancel": {Args: []Arg{a("ctx_id", Ptr), custom("iocb", capIn(SizeIocb)),
			custom("result", capOut(SizeIoEvent))}, Reads: []Read{rIn(1, SizeIocb), rOut(2, SizeIoEvent)}},
		"io_getevents": {Args: []Arg{a("ctx_id", Ptr), a("min_nr", Long), a("nr", Long), custom("events", ipcCapEvents),
			custom("timeout", capOutAlways(SizeTimespec))}, Reads: []Read{rOutRet(3, SizeIoEvent, 64<<10), rOutAny(4, SizeTimespec)}},
		"io_pgetevents": {Args: []Arg{a("ctx_id", Ptr), a("min_nr", Long), a("nr", Long), custom("events", ipcCapEvents),
			custom("timeout", capOutAlways(SizeTimespec)), custom("usig", ipcCapSigsetArg)}, Reads: []Read{rOutRet(3, SizeIoEvent, 64<<10), rOutAny(4, SizeTimespec), rOut(5, SizeSigsetArg),
			rDeref(ReadAtExitOK, 5, 0, SizeSigset)}},

		"modify_ldt":      {Args: []Arg{a("func", Int), custom("ptr", ipcCapLdt), a("bytecount", Ulong)}, Reads: []Read{rMaybe(rInArg(1, 2, 1, 4096)), rMaybe(rOutRet(1, 1, 4096))}},
		"set_thread_area": {Args: []Arg{custom("u_info", ipcCapSetThreadArea)}, Reads: []Read{rIn(0, SizeUserDesc), rOut(0, SizeUserDesc)}},
		"get_thread_area": {Args: []Arg{custom("u_info", ipcCapGetThreadArea)}, Reads: []Read{rIn(0, SizeUserDesc), rOut(0, SizeUserDesc)}},
		"ustat":           {Args: []Arg{a("dev", ByDecoder), a("ubuf", Ptr)}},
		"iopl":            {Args: []Arg{a("level", Int)}},
		"ioperm":          {Args: []Arg{a("from", Hex), a("num", Hex), a("turn_on", Int)}},
		"uselib":          {Args: []Arg{a("library", Path)}},
		"_sysctl":         {Args: []Arg{custom("args", capIn(SizeSysctlArgs))}, Reads: []Read{rIn(0, SizeSysctlArgs)}},
	}
}

// ipcShown is how many elements of an array of n strace may show: all of
// them with -v (bounded), else one more than the string limit, so the
// decoder can tell there were more.
func ipcShown(c *Ctx, n uint64) int {
	keep := min(n, ipcArrayMax)
	if !c.Lim.Verbose {
		keep = min(keep, uint64(c.Lim.Str)+1)
	}
	return int(keep)
}

func ipcCapShmctl(c *Ctx) {
	cmd, addr := uint32(c.Args[1])&^IPC64, c.Args[2]
	if addr == 0 {
		return
	}
	if c.Phase == AtEntry {
		if cmd == IPCSet {
			c.Mem.Read(addr, SizeShmidDs)
		}
		return
	}
	if !c.Ok() {
		return
	}
	switch cmd {
	case IPCStat, ShmStat, ShmStatAny:
		c.Mem.Read(addr, SizeShmidDs)
	case IPCInfo:
		c.Mem.Read(addr, SizeShminfo)
	case ShmInfo:
		c.Mem.Read(addr, SizeShmInfo)
	}
}

func ipcCapSemctl(c *Ctx) {
	cmd, addr := uint32(c.Args[2])&^IPC64, c.Args[3]
	if addr == 0 {
		return
	}
	if c.Phase == AtEntry {
		if cmd == IPCSet {
			c.Mem.Read(addr, SizeSemidDs)
		}
		return
	}
	if !c.Ok() {
		return
	}
	switch cmd {
	case IPCStat, SemStat, SemStatAny:
		c.Mem.Read(addr, SizeSemidDs)
	case IPCInfo, SemInfo:
		c.Mem.Read(addr, SizeSeminfo)
	}
}

func ipcCapMsgctl(c *Ctx) {
	cmd, addr := uint32(c.Args[1])&^IPC64, c.Args[2]
	if addr == 0 {
		return
	}
	if c.Phase == AtEntry {
		if cmd == IPCSet {
			c.Mem.Read(addr, SizeMsqidDs)
		}
		return
	}
	if !c.Ok() {
		return
	}
	switch cmd {
	case IPCStat, MsgStat, MsgStatAny:
		c.Mem.Read(addr, SizeMsqidDs)
	case IPCInfo, MsgInfo:
		c.Mem.Read(addr, SizeMsginfo)
	}
}

// ipcCapSembufs captures semop's array of operations.
func ipcCapSembufs(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[i] != 0 {
		if n := ipcShown(c, uint64(uint32(c.Args[2]))); n > 0 {
			ReadArray(c, c.Args[i], n, SizeSembuf)
		}
	}
}

// ipcCapMsgsnd captures the struct msgbuf msgsnd sends: its type and
// its text.
func ipcCapMsgsnd(c *Ctx, i int) {
	if c.Phase == AtEntry {
		ipcReadMsgbuf(c, c.Args[i], c.Args[2])
	}
}

// ipcCapMsgrcv captures the struct msgbuf a successful msgrcv filled,
// whose text strace shows up to msgsz bytes, whatever was received.
func ipcCapMsgrcv(c *Ctx, i int) {
	if c.Ok() {
		ipcReadMsgbuf(c, c.Args[i], c.Args[2])
	}
}

func ipcReadMsgbuf(c *Ctx, addr, n uint64) {
	if addr == 0 {
		return
	}
	if b := c.Mem.Read(addr, SizeMsgbuf); len(b) == SizeMsgbuf && n > 0 {
		c.Mem.Read(addr+8, c.BufLen(n))
	}
}

func ipcCapMqOpenAttr(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[1]&ipcOCreat != 0 && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeMqAttr)
	}
}

// ipcCapIocbpp captures io_submit's array of iocb pointers, the iocbs
// strace shows and the data they point to.
func ipcCapIocbpp(c *Ctx, i int) {
	nr := int64(c.Args[1])
	if c.Phase != AtEntry || c.Args[i] == 0 || nr <= 0 {
		return
	}
	ptrs := ReadArray(c, c.Args[i], ipcShown(c, uint64(nr)), 8)
	for j := 0; j+8 <= len(ptrs); j += 8 {
		p := le64(ptrs[j:])
		if p == 0 {
			continue
		}
		cb := c.Mem.Read(p, SizeIocb)
		if len(cb) < SizeIocb {
			continue
		}
		op := le16(cb[16:])
		buf, n := le64(cb[24:]), le64(cb[32:])
		if int64(n) < 0 || buf == 0 {
			continue
		}
		switch op {
		case IocbPwrite:
			c.Mem.Read(buf, c.BufLen(n))
		case IocbPwritev:
			CaptureIovec(c, buf, n, -1)
		case IocbPreadv:
			if n > 0 {
				ReadArray(c, buf, ipcShown(c, min(n, IovMax)), SizeIovec)
			}
		}
	}
}

// ipcCapEvents captures the io_event array io_getevents filled.
func ipcCapEvents(c *Ctx, i int) {
	if c.Ok() && c.Args[i] != 0 && c.Ret > 0 {
		ReadArray(c, c.Args[i], ipcShown(c, uint64(c.Ret)), SizeIoEvent)
	}
}

// ipcCapSigsetArg captures io_pgetevents' {sigmask, sigsetsize} and the
// mask, which strace shows at exit.
func ipcCapSigsetArg(c *Ctx, i int) {
	if c.Phase != AtExit || c.Args[i] == 0 {
		return
	}
	b := c.Mem.Read(c.Args[i], SizeSigsetArg)
	if len(b) == SizeSigsetArg && le64(b) != 0 && le64(b[8:]) == SizeSigset {
		c.Mem.Read(le64(b), SizeSigset)
	}
}

func ipcCapLdt(c *Ctx, i int) {
	if c.Phase == AtEntry && c.Args[2] == SizeUserDesc && c.Args[i] != 0 {
		c.Mem.Read(c.Args[i], SizeUserDesc)
	}
}

func ipcCapSetThreadArea(c *Ctx, i int) {
	if c.Args[i] != 0 && (c.Phase == AtEntry || c.Ok()) {
		c.Mem.Read(c.Args[i], SizeUserDesc)
	}
}

// ipcCapGetThreadArea captures the entry number strace reads at entry and
// the whole structure at exit.
func ipcCapGetThreadArea(c *Ctx, i int) {
	if c.Args[i] == 0 {
		return
	}
	if c.Phase == AtEntry {
		c.Mem.Read(c.Args[i], 4)
	} else if c.Ok() {
		c.Mem.Read(c.Args[i], SizeUserDesc)
	}
}
