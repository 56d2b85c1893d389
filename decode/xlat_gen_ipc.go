// Generated from strace 6.1's xlat tables (names, values and order are
// facts of the kernel ABI), resolved for x86-64. Do not edit by hand.

package decode

var xIpcPrivate = &Xlat{Name: "ipc_private", Vals: []XV{
	{"IPC_PRIVATE", 0x0},
}}

var xResourceFlags = &Xlat{Name: "resource_flags", Vals: []XV{
	{"IPC_CREAT", 0x200},
	{"IPC_EXCL", 0x400},
	{"IPC_NOWAIT", 0x800},
}}

var xShmResourceFlags = &Xlat{Name: "shm_resource_flags", Vals: []XV{
	{"IPC_CREAT", 0x200},
	{"IPC_EXCL", 0x400},
	{"SHM_HUGETLB", 0x800},
	{"SHM_NORESERVE", 0x1000},
}}

var xShmFlags = &Xlat{Name: "shm_flags", Vals: []XV{
	{"SHM_RDONLY", 0x1000},
	{"SHM_RND", 0x2000},
	{"SHM_REMAP", 0x4000},
	{"SHM_EXEC", 0x8000},
}}

var xShmctlFlags = &Xlat{Name: "shmctl_flags", Vals: []XV{
	{"IPC_RMID", 0x0},
	{"IPC_SET", 0x1},
	{"IPC_STAT", 0x2},
	{"IPC_INFO", 0x3},
	{"SHM_LOCK", 0xb},
	{"SHM_UNLOCK", 0xc},
	{"SHM_STAT", 0xd},
	{"SHM_INFO", 0xe},
	{"SHM_STAT_ANY", 0xf},
}}

var xSemctlFlags = &Xlat{Name: "semctl_flags", Vals: []XV{
	{"IPC_RMID", 0x0},
	{"IPC_SET", 0x1},
	{"IPC_STAT", 0x2},
	{"IPC_INFO", 0x3},
	{"GETPID", 0xb},
	{"GETVAL", 0xc},
	{"GETALL", 0xd},
	{"GETNCNT", 0xe},
	{"GETZCNT", 0xf},
	{"SETVAL", 0x10},
	{"SETALL", 0x11},
	{"SEM_STAT", 0x12},
	{"SEM_INFO", 0x13},
	{"SEM_STAT_ANY", 0x14},
}}

var xMsgctlFlags = &Xlat{Name: "msgctl_flags", Vals: []XV{
	{"IPC_RMID", 0x0},
	{"IPC_SET", 0x1},
	{"IPC_STAT", 0x2},
	{"IPC_INFO", 0x3},
	{"MSG_STAT", 0xb},
	{"MSG_INFO", 0xc},
	{"MSG_STAT_ANY", 0xd},
}}

var xIpcMsgFlags = &Xlat{Name: "ipc_msg_flags", Vals: []XV{
	{"MSG_NOERROR", 0x1000},
	{"MSG_EXCEPT", 0x2000},
	{"MSG_COPY", 0x4000},
	{"IPC_NOWAIT", 0x800},
}}

var xSemopFlags = &Xlat{Name: "semop_flags", Vals: []XV{
	{"SEM_UNDO", 0x1000},
	{"IPC_NOWAIT", 0x800},
}}

var xMqAttrFlags = &Xlat{Name: "mq_attr_flags", Vals: []XV{
	{"O_NONBLOCK", 0x800},
}}

var xAioCmds = &Xlat{Name: "aio_cmds", Vals: []XV{
	{"IOCB_CMD_PREAD", 0x0},
	{"IOCB_CMD_PWRITE", 0x1},
	{"IOCB_CMD_FSYNC", 0x2},
	{"IOCB_CMD_FDSYNC", 0x3},
	{"IOCB_CMD_PREADX", 0x4},
	{"IOCB_CMD_POLL", 0x5},
	{"IOCB_CMD_NOOP", 0x6},
	{"IOCB_CMD_PREADV", 0x7},
	{"IOCB_CMD_PWRITEV", 0x8},
}}

var xAioIocbFlags = &Xlat{Name: "aio_iocb_flags", Vals: []XV{
	{"IOCB_FLAG_RESFD", 0x1},
	{"IOCB_FLAG_IOPRIO", 0x2},
}}
