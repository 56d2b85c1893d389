package decode

import (
	"strconv"

	"mytrace/sysent"
	"mytrace/tables"
)

// Decoders of the SysV IPC, POSIX message queue, Linux AIO and legacy x86
// syscalls, shown as strace 6.1 shows them.

func init() {
	register("shmget", decodeShmget)
	register("shmat", decodeShmat)
	register("shmctl", decodeShmctl)
	register("semget", decodeSemget)
	register("semop", func(d *dec) { d.ipcSemop(false) })
	register("semtimedop", func(d *dec) { d.ipcSemop(true) })
	register("semctl", decodeSemctl)
	register("msgget", decodeMsgget)
	register("msgsnd", decodeMsgsnd)
	register("msgrcv", decodeMsgrcv)
	register("msgctl", decodeMsgctl)

	register("mq_open", decodeMqOpen)
	register("mq_timedsend", decodeMqTimedsend)
	register("mq_timedreceive", decodeMqTimedreceive)
	register("mq_notify", func(d *dec) {
		d.add("mqdes", Fd(int32(d.arg(0))))
		d.add("sevp", d.structIn(d.arg(1), sysent.SizeSigevent, sigeventValue))
	})
	register("mq_getsetattr", func(d *dec) {
		d.add("mqdes", Fd(int32(d.arg(0))))
		d.add("newattr", d.structIn(d.arg(1), sysent.SizeMqAttr, func(b []byte) Value { return mqAttrValue(b, true) }))
		d.split()
		d.add("oldattr", d.structOut(d.arg(2), sysent.SizeMqAttr, func(b []byte) Value { return mqAttrValue(b, true) }))
	})

	register("io_setup", func(d *dec) {
		d.add("nr_events", Uint(uint32(d.arg(0))))
		d.split()
		d.add("ctx_idp", d.structOut(d.arg(1), 8, func(b []byte) Value { return &Array{Elems: []Value{Addr(le64(b))}} }))
	})
	register("io_submit", decodeIoSubmit)
	register("io_cancel", decodeIoCancel)
	register("io_getevents", func(d *dec) { d.ioGetevents(false) })
	register("io_pgetevents", func(d *dec) { d.ioGetevents(true) })

	register("modify_ldt", decodeModifyLdt)
	register("set_thread_area", decodeSetThreadArea)
	register("get_thread_area", decodeGetThreadArea)
	register("ustat", func(d *dec) {
		d.add("dev", Makedev(uint64(uint32(d.arg(0)))))
		d.split()
		// strace 6.1 is built without <ustat.h>: it shows the address.
		if d.exit {
			d.add("ubuf", Addr(d.arg(1)))
		} else {
			d.add("ubuf", nil)
		}
	})
	register("_sysctl", func(d *dec) { d.add("args", d.structIn(d.arg(0), sysent.SizeSysctlArgs, sysctlArgsValue)) })
}

// ipcKey shows an IPC key: IPC_PRIVATE or hexadecimal.
func ipcKey(v uint64) Value { return enumOf(tables.IpcPrivate, uint64(uint32(v)), "") }

// ipcFlagsMode shows the flags of msgget and semget: the flags strace
// names, "|" only when it named one (an unnamed bit is shown in hex right
// before the mode, as strace does), then the permission bits.
func ipcFlagsMode(v uint64) Value {
	flags := uint64(uint32(v)) &^ 0o777
	mode := Oct(v & 0o777)
	if flags == 0 {
		return mode
	}
	f := flagsOf(tables.ResourceFlags, flags, "")
	if len(f.Names) == 0 {
		return Seq{f, mode}
	}
	return Seq{f, Sym("|"), mode}
}

// shmgetFlags shows shmget's flags: named flags, the huge page size
// ("21<<SHM_HUGE_SHIFT") and the permission bits.
func shmgetFlags(v uint64) Value {
	const hugeShift, hugeMask = 26, 0x3f << 26
	flags := uint32(v) &^ 0o777
	huge := flags & hugeMask
	flags &^= hugeMask
	var s Seq
	if flags != 0 {
		s = append(s, flagsOf(tables.ShmResourceFlags, uint64(flags), ""))
	}
	if huge != 0 {
		if flags != 0 {
			s = append(s, Sym("|"))
		}
		s = append(s, Sym(strconv.FormatUint(uint64(huge>>hugeShift), 10)+"<<SHM_HUGE_SHIFT"))
	}
	if flags != 0 || huge != 0 {
		s = append(s, Sym("|"))
	}
	return append(s, Oct(v&0o777))
}

// ipcCtlCmd shows the command of the *ctl calls: IPC_64| and the command.
func ipcCtlCmd(x *tables.Xlat, v uint64, dflt string) Value {
	e := enumOf(x, uint64(uint32(v&^sysent.IPC64)), dflt)
	if v&sysent.IPC64 != 0 {
		return Seq{Sym("IPC_64|"), e}
	}
	return e
}

func decodeShmget(d *dec) {
	d.add("key", ipcKey(d.arg(0)))
	d.add("size", Uint(d.arg(1)))
	d.add("shmflg", shmgetFlags(d.arg(2)))
}

func decodeShmat(d *dec) {
	d.add("shmid", Int(d.int(0)))
	d.add("shmaddr", Addr(d.arg(1)))
	d.add("shmflg", d.flags(tables.ShmFlags, uint64(uint32(d.arg(2))), "SHM_???"))
	d.retFmt = func(r int64) Value { return Hex(uint64(r)) }
}

func decodeSemget(d *dec) {
	d.add("key", ipcKey(d.arg(0)))
	d.add("nsems", Int(d.int(1)))
	d.add("semflg", ipcFlagsMode(d.arg(2)))
}

func decodeMsgget(d *dec) {
	d.add("key", ipcKey(d.arg(0)))
	d.add("msgflg", ipcFlagsMode(d.arg(1)))
}

func decodeShmctl(d *dec) {
	cmd, addr := uint32(d.arg(1))&^sysent.IPC64, d.arg(2)
	d.add("shmid", Int(d.int(0)))
	d.add("cmd", ipcCtlCmd(tables.ShmctlFlags, d.arg(1), "SHM_???"))
	switch cmd {
	case sysent.IPCSet:
		d.add("buf", d.structIn(addr, sysent.SizeShmidDs, func(b []byte) Value { return shmidDsValue(b, true) }))
	case sysent.IPCStat, sysent.ShmStat, sysent.ShmStatAny:
		d.split()
		d.add("buf", d.structOut(addr, sysent.SizeShmidDs, func(b []byte) Value { return shmidDsValue(b, false) }))
	case sysent.IPCInfo:
		d.split()
		d.add("buf", d.structOut(addr, sysent.SizeShminfo, shminfoValue))
	case sysent.ShmInfo:
		d.split()
		d.add("buf", d.structOut(addr, sysent.SizeShmInfo, shmInfoValue))
	default:
		d.add("buf", Addr(addr))
	}
}

func (d *dec) ipcSemop(timed bool) {
	n := uint64(uint32(d.arg(2)))
	d.add("semid", Int(d.int(0)))
	d.add("sops", d.array(d.in, d.arg(1), n, sysent.SizeSembuf, sembufValue))
	d.add("nsops", Uint(n))
	if timed {
		d.add("timeout", d.structIn(d.arg(3), sysent.SizeTimespec, timespecValue))
	}
}

func decodeSemctl(d *dec) {
	cmd, addr := uint32(d.arg(2))&^sysent.IPC64, d.arg(3)
	d.add("semid", Int(d.int(0)))
	d.add("semnum", Int(d.int(1)))
	d.add("cmd", ipcCtlCmd(tables.SemctlFlags, d.arg(2), "SEM_???"))
	switch cmd {
	case sysent.IPCSet:
		d.add("arg", d.structIn(addr, sysent.SizeSemidDs, func(b []byte) Value { return semidDsValue(b, true) }))
	case sysent.IPCStat, sysent.SemStat, sysent.SemStatAny:
		d.split()
		d.add("arg", d.structOut(addr, sysent.SizeSemidDs, func(b []byte) Value { return semidDsValue(b, false) }))
	case sysent.IPCInfo, sysent.SemInfo:
		d.split()
		d.add("arg", d.structOut(addr, sysent.SizeSeminfo, seminfoValue))
	default:
		d.add("arg", Addr(addr))
	}
}

// msgbufValue shows a struct msgbuf of n bytes of text at addr in m.
func (d *dec) msgbufValue(m Mem, addr, n uint64) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := m.Bytes(addr, sysent.SizeMsgbuf)
	if !ok {
		return Addr(addr)
	}
	return &Struct{Fields: []Field{
		{"mtype", Int(int64(le64(b)))},
		{"mtext", d.buf(m, addr+8, n)},
	}}
}

func decodeMsgsnd(d *dec) {
	d.add("msqid", Int(d.int(0)))
	d.add("msgp", d.msgbufValue(d.in, d.arg(1), d.arg(2)))
	d.add("msgsz", Uint(d.arg(2)))
	d.add("msgflg", d.flags(tables.IpcMsgFlags, uint64(uint32(d.arg(3))), "MSG_???"))
}

func decodeMsgrcv(d *dec) {
	d.add("msqid", Int(d.int(0)))
	d.split()
	if !d.exit {
		d.add("msgp", nil)
		return
	}
	d.add("msgp", d.orAddr(d.arg(1), func() Value { return d.msgbufValue(d.out, d.arg(1), d.arg(2)) }))
	d.add("msgsz", Uint(d.arg(2)))
	d.add("msgtyp", Int(int64(d.arg(3))))
	d.add("msgflg", d.flags(tables.IpcMsgFlags, uint64(uint32(d.arg(4))), "MSG_???"))
}

func decodeMsgctl(d *dec) {
	cmd, addr := uint32(d.arg(1))&^sysent.IPC64, d.arg(2)
	d.add("msqid", Int(d.int(0)))
	d.add("cmd", ipcCtlCmd(tables.MsgctlFlags, d.arg(1), "MSG_???"))
	switch cmd {
	case sysent.IPCSet:
		d.add("buf", d.structIn(addr, sysent.SizeMsqidDs, func(b []byte) Value { return msqidDsValue(b, true) }))
	case sysent.IPCStat, sysent.MsgStat, sysent.MsgStatAny:
		d.split()
		d.add("buf", d.structOut(addr, sysent.SizeMsqidDs, func(b []byte) Value { return msqidDsValue(b, false) }))
	case sysent.IPCInfo, sysent.MsgInfo:
		d.split()
		d.add("buf", d.structOut(addr, sysent.SizeMsginfo, msginfoValue))
	default:
		d.add("buf", Addr(addr))
	}
}

func decodeMqOpen(d *dec) {
	flags := d.arg(1)
	d.add("name", d.path(d.arg(0)))
	d.add("oflag", OpenFlags(uint64(uint32(flags))))
	if flags&oCreat != 0 {
		d.add("mode", filesUmode(d.arg(2)))
		d.add("attr", d.structIn(d.arg(3), sysent.SizeMqAttr, func(b []byte) Value { return mqAttrValue(b, false) }))
	}
	d.retFmt = retFd
}

func decodeMqTimedsend(d *dec) {
	d.add("mqdes", Fd(int32(d.arg(0))))
	d.add("msg_ptr", d.buf(d.in, d.arg(1), d.arg(2)))
	d.add("msg_len", Uint(d.arg(2)))
	d.add("msg_prio", Uint(uint32(d.arg(3))))
	d.add("abs_timeout", d.structIn(d.arg(4), sysent.SizeTimespec, timespecValue))
}

// ipcExitStruct shows a structure strace reads at exit whether or not the
// call failed (the timeouts the kernel read at entry).
func (d *dec) ipcExitStruct(addr uint64, size int, f func([]byte) Value) Value {
	if addr == 0 {
		return Sym("NULL")
	}
	b, ok := d.out.Bytes(addr, size)
	if !ok {
		return Addr(addr)
	}
	return f(b)
}

func decodeMqTimedreceive(d *dec) {
	d.add("mqdes", Fd(int32(d.arg(0))))
	d.split()
	if !d.exit {
		d.add("msg_ptr", nil)
		return
	}
	d.add("msg_ptr", d.orAddr(d.arg(1), func() Value { return d.buf(d.out, d.arg(1), uint64(d.ret)) }))
	d.add("msg_len", Uint(d.arg(2)))
	d.add("msg_prio", d.structOut(d.arg(3), 4, func(b []byte) Value { return &Array{Elems: []Value{Uint(le32(b))}} }))
	d.add("abs_timeout", d.ipcExitStruct(d.arg(4), sysent.SizeTimespec, timespecValue))
}

// AIO.

const (
	iocbFlagResfd  = 1
	iocbFlagIoprio = 2
)

// iocbHeader adds the fields strace shows of every struct iocb; it
// returns the opcode.
func (d *dec) iocbHeader(s *Struct, b []byte) uint16 {
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	add("aio_data", Hex(le64(b)))
	if k := le32(b[8:]); k != 0 {
		add("aio_key", Uint(k))
	}
	if f := le32(b[12:]); f != 0 {
		add("aio_rw_flags", flagsOf(tables.RwfFlags, uint64(f), "RWF_???"))
	}
	op := le16(b[16:])
	add("aio_lio_opcode", enumDecOf(tables.AioCmds, int64(op), "IOCB_CMD_???"))
	prio := le16(b[18:])
	if le32(b[56:])&iocbFlagIoprio != 0 {
		add("aio_reqprio", Sym(miscIoprio(uint32(prio))))
	} else if prio != 0 {
		add("aio_reqprio", Int(int16(prio)))
	}
	add("aio_fildes", Fd(int32(le32(b[20:]))))
	return op
}

// iocbCommonFlags adds aio_flags and aio_resfd.
func iocbCommonFlags(s *Struct, b []byte) {
	flags, resfd := le32(b[56:]), le32(b[60:])
	if flags != 0 {
		s.Fields = append(s.Fields, Field{"aio_flags", flagsOf(tables.AioIocbFlags, uint64(flags), "IOCB_FLAG_???")})
	}
	if flags&iocbFlagResfd != 0 {
		s.Fields = append(s.Fields, Field{"aio_resfd", Fd(int32(resfd))})
	} else if resfd != 0 {
		s.Fields = append(s.Fields, Field{"aio_resfd", Hex(resfd)})
	}
}

// iocbValue shows a struct iocb as io_submit does.
func (d *dec) iocbValue(b []byte) Value {
	const (
		opPread   = 0
		opPwrite  = 1
		opPoll    = 5
		opPreadv  = 7
		opPwritev = 8
	)
	s := &Struct{}
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	op := d.iocbHeader(s, b)
	buf, nbytes, off := le64(b[24:]), le64(b[32:]), int64(le64(b[40:]))
	valid := int64(nbytes) >= 0
	switch op {
	case opPread, opPwrite:
		if op == opPwrite && valid {
			add("aio_buf", d.buf(d.in, buf, nbytes))
		} else {
			add("aio_buf", Hex(buf))
		}
		add("aio_nbytes", Uint(nbytes))
		add("aio_offset", Int(off))
		iocbCommonFlags(s, b)
	case opPreadv, opPwritev:
		if valid {
			add("aio_buf", d.filesIov(d.in, buf, nbytes, -1, op != opPwritev))
		} else {
			add("aio_buf", Hex(buf))
			add("aio_nbytes", Uint(nbytes))
		}
		add("aio_offset", Int(off))
		iocbCommonFlags(s, b)
	case opPoll:
		add("aio_buf", flagsOf(tables.Pollflags, buf, "POLL???"))
		iocbCommonFlags(s, b)
	}
	return s
}

func decodeIoSubmit(d *dec) {
	nr := int64(d.arg(1))
	addr := d.arg(2)
	d.add("ctx_id", Addr(d.arg(0)))
	d.add("nr", Int(nr))
	if nr < 0 {
		d.add("iocbpp", Addr(addr))
		return
	}
	d.add("iocbpp", d.array(d.in, addr, uint64(nr), 8, func(b []byte) Value {
		return d.structIn(le64(b), sysent.SizeIocb, d.iocbValue)
	}))
}

func decodeIoCancel(d *dec) {
	d.add("ctx_id", Addr(d.arg(0)))
	d.add("iocb", d.structIn(d.arg(1), sysent.SizeIocb, func(b []byte) Value {
		s := &Struct{}
		d.iocbHeader(s, b)
		return s
	}))
	d.split()
	d.add("result", d.structOut(d.arg(2), sysent.SizeIoEvent, ioEventValue))
}

func (d *dec) ioGetevents(sig bool) {
	d.add("ctx_id", Addr(d.arg(0)))
	d.add("min_nr", Int(int64(d.arg(1))))
	d.add("nr", Int(int64(d.arg(2))))
	d.split()
	if !d.exit {
		d.add("events", nil)
		return
	}
	d.add("events", d.orAddr(d.arg(3), func() Value { return d.array(d.out, d.arg(3), uint64(d.ret), sysent.SizeIoEvent, ioEventValue) }))
	d.add("timeout", d.ipcExitStruct(d.arg(4), sysent.SizeTimespec, timespecValue))
	if sig {
		d.add("usig", d.ipcExitStruct(d.arg(5), sysent.SizeSigsetArg, func(b []byte) Value {
			n := le64(b[8:])
			return &Struct{Fields: []Field{
				{"sigmask", psSigset(d.out, le64(b), n, 8)},
				{"sigsetsize", Uint(n)},
			}}
		}))
	}
}

// Legacy x86.

func decodeModifyLdt(d *dec) {
	d.add("func", Int(d.int(0)))
	if d.arg(2) != sysent.SizeUserDesc {
		d.add("ptr", Addr(d.arg(1)))
	} else {
		d.add("ptr", d.structIn(d.arg(1), sysent.SizeUserDesc, userDescValue))
	}
	d.add("bytecount", Uint(d.arg(2)))
	// The kernel returns an int in the low half of the register: strace
	// takes a value in the errno range as that error, shown with the
	// value as returned.
	d.retFmt = func(r int64) Value {
		if uint64(r) < 0xfffff000 {
			return Int(r)
		}
		e := int(-int32(uint32(r)))
		if msg, ok := restartMsgs[e]; ok {
			return Sym("? " + ErrnoName(e) + " (" + msg + ")")
		}
		if n := ErrnoName(e); n != "" {
			return Sym(strconv.FormatInt(r, 10) + " " + n + " (" + ErrnoMessage(e) + ")")
		}
		return Sym(strconv.FormatInt(r, 10) + " (errno " + strconv.Itoa(e) + ")")
	}
}

func decodeSetThreadArea(d *dec) {
	addr := d.arg(0)
	d.add("u_info", d.structIn(addr, sysent.SizeUserDesc, userDescValue))
	if d.ok() {
		if b, ok := d.out.Bytes(addr, sysent.SizeUserDesc); ok && addr != 0 {
			d.c.Ret.Aux = "entry_number=" + strconv.FormatUint(uint64(le32(b)), 10)
		}
	}
}

func decodeGetThreadArea(d *dec) {
	addr := d.arg(0)
	entry, entryOK := d.in.Bytes(addr, 4)
	switch {
	case addr == 0:
		d.add("u_info", Sym("NULL"))
	case !entryOK:
		d.add("u_info", Addr(addr))
	default:
		d.add("u_info", miscOpenStruct{&Struct{Fields: []Field{{"entry_number", psID(le32(entry))}}}})
	}
	d.split()
	if !d.exit || addr == 0 {
		return
	}
	b, ok := d.out.Bytes(addr, sysent.SizeUserDesc)
	if d.failed || !ok {
		if entryOK {
			d.add("", Sym(", ...}"))
		}
		return
	}
	var tail Seq
	switch {
	case !entryOK:
		tail = Seq{Sym(" => "), miscOpenStruct{&Struct{Fields: []Field{{"entry_number", psID(le32(b))}}}}}
	case le32(entry) != le32(b):
		tail = Seq{Sym(" => "), psID(le32(b))}
	}
	tail = append(tail, Sym(", "), miscBareStruct{&Struct{Fields: userDescTail(b)}}, Sym("}"))
	d.add("", tail)
}
