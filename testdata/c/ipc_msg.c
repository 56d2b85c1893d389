// ipc_msg: SysV message queues: msgget, msgsnd, msgrcv and msgctl with its
// commands, success and failure paths. The queue is private (IPC_PRIVATE)
// and removed with IPC_RMID before the program ends.
//mytrace-test:
//mytrace-test: -s 4
//mytrace-test: -xx
#define _GNU_SOURCE
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MSG_STAT_ANY 13
#define MSG_COPY 040000
#define IPC_64 0x100

struct msg {
	long mtype;
	char mtext[64];
};

static long msgctl_(long id, long cmd, void *buf) { return syscall(SYS_msgctl, id, cmd, buf); }

int main(void) {
	char buf[256];
	struct msg m, r;
	memset(buf, 0, sizeof(buf));
	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));

	long id = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
	syscall(SYS_msgget, 0x6d797472, 0);
	syscall(SYS_msgget, 0x6d797472, IPC_EXCL | 0x100000 | 0640);
	syscall(SYS_msgget, 0x6d797472, 0x100000 | 0640);

	if (id >= 0) {
		m.mtype = 1;
		strcpy(m.mtext, "hello, queue");
		syscall(SYS_msgsnd, id, &m, 12, 0);
		m.mtype = 2;
		strcpy(m.mtext, "second\001\377message");
		syscall(SYS_msgsnd, id, &m, 15, IPC_NOWAIT);
		m.mtype = 3;
		syscall(SYS_msgsnd, id, &m, 0, 0);
		syscall(SYS_msgsnd, id, &m, 4, 0x80000 | IPC_NOWAIT);
		m.mtype = 0;
		syscall(SYS_msgsnd, id, &m, 4, 0);
		syscall(SYS_msgsnd, id, NULL, 4, 0);
		syscall(SYS_msgsnd, id, (void *)1, 4, 0);
		syscall(SYS_msgsnd, -1, &m, 4, 0);

		syscall(SYS_msgrcv, id, &r, sizeof(r.mtext), 1, 0);
		syscall(SYS_msgrcv, id, &r, 4, 2, IPC_NOWAIT);
		syscall(SYS_msgrcv, id, &r, 4, 2, IPC_NOWAIT | MSG_NOERROR);
		syscall(SYS_msgrcv, id, &r, sizeof(r.mtext), -5L, IPC_NOWAIT | MSG_EXCEPT);
		syscall(SYS_msgrcv, id, &r, sizeof(r.mtext), 0, IPC_NOWAIT | 0x100000);
		syscall(SYS_msgrcv, id, &r, sizeof(r.mtext), 0, IPC_NOWAIT | MSG_COPY);
		syscall(SYS_msgrcv, id, NULL, 4, 0, IPC_NOWAIT);
		syscall(SYS_msgrcv, -1, &r, 4, 0, 0);

		msgctl_(id, IPC_STAT, buf);
		msgctl_(id, IPC_STAT, NULL);
		msgctl_(id, IPC_STAT | IPC_64, buf);
		struct msqid_ds ds;
		memset(&ds, 0, sizeof(ds));
		msgctl_(id, IPC_STAT, &ds);
		ds.msg_qbytes = 8192;
		ds.msg_perm.mode = 0660;
		msgctl_(id, IPC_SET, &ds);
		msgctl_(id, IPC_SET, (void *)1);
		msgctl_(id, 99, buf);
		msgctl_(id, 99 | IPC_64, NULL);
		msgctl_(0x7fffffff, MSG_STAT, buf);
		msgctl_(0x7fffffff, MSG_STAT_ANY, buf);
		msgctl_(0, IPC_INFO, buf);
		msgctl_(0, MSG_INFO, buf);
		msgctl_(0, MSG_INFO, (void *)1);
		msgctl_(id, IPC_RMID, NULL);
	}
	msgctl_(-1, IPC_RMID, NULL);
	return 0;
}
