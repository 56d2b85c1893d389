package decode

import "mytrace/tables"

// Structures of the SysV IPC, POSIX message queue, Linux AIO and legacy
// x86 syscalls, x86-64 layouts (the kernel's 64-bit IPC structures, which
// strace 6.1 reads).

// ipcPerm shows a struct ipc64_perm; IPC_SET shows only what it sets.
func ipcPerm(b []byte, set bool) Value {
	s := &Struct{Fields: []Field{
		{"uid", psID(le32(b[4:]))},
		{"gid", psID(le32(b[8:]))},
		{"mode", Oct(le32(b[20:]))},
	}}
	if !set {
		s.Fields = append(s.Fields,
			Field{"key", Uint(le32(b))},
			Field{"cuid", psID(le32(b[12:]))},
			Field{"cgid", psID(le32(b[16:]))})
	}
	return s
}

func shmidDsValue(b []byte, set bool) Value {
	s := &Struct{Fields: []Field{{"shm_perm", ipcPerm(b, set)}}}
	if !set {
		s.Fields = append(s.Fields,
			Field{"shm_segsz", Uint(le64(b[48:]))},
			Field{"shm_cpid", Int(int32(le32(b[80:])))},
			Field{"shm_lpid", Int(int32(le32(b[84:])))},
			Field{"shm_nattch", Uint(le64(b[88:]))},
			Field{"shm_atime", Uint(le64(b[56:]))},
			Field{"shm_dtime", Uint(le64(b[64:]))},
			Field{"shm_ctime", Uint(le64(b[72:]))})
	}
	return s
}

func shminfoValue(b []byte) Value {
	s := &Struct{}
	for i, n := range []string{"shmmax", "shmmin", "shmmni", "shmseg", "shmall"} {
		s.Fields = append(s.Fields, Field{n, Uint(le64(b[8*i:]))})
	}
	return s
}

func shmInfoValue(b []byte) Value {
	s := &Struct{Fields: []Field{{"used_ids", Int(int32(le32(b)))}}}
	for i, n := range []string{"shm_tot", "shm_rss", "shm_swp", "swap_attempts", "swap_successes"} {
		s.Fields = append(s.Fields, Field{n, Uint(le64(b[8+8*i:]))})
	}
	return s
}

// sembufValue shows a struct sembuf.
func sembufValue(b []byte) Value {
	return &Struct{Fields: []Field{
		{"sem_num", Uint(le16(b))},
		{"sem_op", Int(int16(le16(b[2:])))},
		{"sem_flg", flagsOf(tables.SemopFlags, uint64(le16(b[4:])), "SEM_???")},
	}}
}

func semidDsValue(b []byte, set bool) Value {
	s := &Struct{Fields: []Field{{"sem_perm", ipcPerm(b, set)}}}
	if !set {
		s.Fields = append(s.Fields,
			Field{"sem_otime", Uint(le64(b[48:]))},
			Field{"sem_ctime", Uint(le64(b[64:]))},
			Field{"sem_nsems", Uint(le64(b[80:]))})
	}
	return s
}

func seminfoValue(b []byte) Value {
	s := &Struct{}
	for i, n := range []string{"semmap", "semmni", "semmns", "semmnu", "semmsl", "semopm", "semume", "semusz", "semvmx", "semaem"} {
		s.Fields = append(s.Fields, Field{n, Int(int32(le32(b[4*i:])))})
	}
	return s
}

func msqidDsValue(b []byte, set bool) Value {
	s := &Struct{Fields: []Field{{"msg_perm", ipcPerm(b, set)}}}
	if !set {
		s.Fields = append(s.Fields,
			Field{"msg_stime", Uint(le64(b[48:]))},
			Field{"msg_rtime", Uint(le64(b[56:]))},
			Field{"msg_ctime", Uint(le64(b[64:]))},
			Field{"msg_qnum", Uint(le64(b[80:]))})
	}
	s.Fields = append(s.Fields, Field{"msg_qbytes", Uint(le64(b[88:]))})
	if !set {
		s.Fields = append(s.Fields,
			Field{"msg_lspid", Int(int32(le32(b[96:])))},
			Field{"msg_lrpid", Int(int32(le32(b[100:])))})
	}
	return s
}

func msginfoValue(b []byte) Value {
	s := &Struct{}
	for i, n := range []string{"msgpool", "msgmap", "msgmax", "msgmnb", "msgmni", "msgssz", "msgtql"} {
		s.Fields = append(s.Fields, Field{n, Int(int32(le32(b[4*i:])))})
	}
	s.Fields = append(s.Fields, Field{"msgseg", Uint(le16(b[28:]))})
	return s
}

// mqAttrValue shows a struct mq_attr; mq_open shows its flags in
// hexadecimal, mq_getsetattr by name.
func mqAttrValue(b []byte, named bool) Value {
	var flags Value = Hex(le64(b))
	if named {
		flags = flagsOf(tables.MqAttrFlags, le64(b), "O_???")
	}
	return &Struct{Fields: []Field{
		{"mq_flags", flags},
		{"mq_maxmsg", Int(int64(le64(b[8:])))},
		{"mq_msgsize", Int(int64(le64(b[16:])))},
		{"mq_curmsgs", Int(int64(le64(b[24:])))},
	}}
}

// ioEventValue shows a struct io_event.
func ioEventValue(b []byte) Value {
	return &Struct{Fields: []Field{
		{"data", Hex(le64(b))},
		{"obj", Hex(le64(b[8:]))},
		{"res", Int(int64(le64(b[16:])))},
		{"res2", Int(int64(le64(b[24:])))},
	}}
}

// userDescTail is the fields of a struct user_desc after entry_number.
func userDescTail(b []byte) []Field {
	base, limit, bits := le32(b[4:]), le32(b[8:]), le32(b[12:])
	return []Field{
		{"base_addr", Sym(hex0(uint64(base), 8))},
		{"limit", Sym(hex0(uint64(limit), 8))},
		{"seg_32bit", Uint(bits & 1)},
		{"contents", Uint(bits >> 1 & 3)},
		{"read_exec_only", Uint(bits >> 3 & 1)},
		{"limit_in_pages", Uint(bits >> 4 & 1)},
		{"seg_not_present", Uint(bits >> 5 & 1)},
		{"useable", Uint(bits >> 6 & 1)},
		{"lm", Uint(bits >> 7 & 1)},
	}
}

// userDescValue shows a whole struct user_desc.
func userDescValue(b []byte) Value {
	return &Struct{Fields: append([]Field{{"entry_number", psID(le32(b))}}, userDescTail(b)...)}
}

func sysctlArgsValue(b []byte) Value {
	return &Struct{Fields: []Field{
		{"name", Addr(le64(b))},
		{"nlen", Int(int32(le32(b[8:])))},
		{"oldval", Addr(le64(b[16:]))},
		{"oldlenp", Addr(le64(b[24:]))},
		{"newval", Addr(le64(b[32:]))},
		{"newlen", Uint(le64(b[40:]))},
	}}
}
