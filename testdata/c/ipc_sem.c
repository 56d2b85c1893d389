// ipc_sem: SysV semaphores: semget, semop, semtimedop and semctl with its
// commands, success and failure paths. The set is private (IPC_PRIVATE)
// and removed with IPC_RMID before the program ends.
//mytrace-test:
//mytrace-test: -s 2
//mytrace-test: -v -s 2
#define _GNU_SOURCE
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SEM_STAT_ANY 20
#define IPC_64 0x100

static long semctl_(long id, long num, long cmd, unsigned long arg) { return syscall(SYS_semctl, id, num, cmd, arg); }

int main(void) {
	char buf[256];
	unsigned short vals[3] = {1, 2, 3};
	memset(buf, 0, sizeof(buf));

	long id = syscall(SYS_semget, IPC_PRIVATE, 3, IPC_CREAT | 0600);
	syscall(SYS_semget, 0x6d797472, 1, 0);
	syscall(SYS_semget, IPC_PRIVATE, -1, IPC_CREAT | IPC_EXCL | IPC_NOWAIT | 0644);
	syscall(SYS_semget, 0x6d797472, 1, 0x100000 | 0644);
	syscall(SYS_semget, 0x6d797472, 1, IPC_EXCL | 0x100000 | 0644);

	if (id >= 0) {
		struct sembuf ops[4] = {
			{0, 1, 0},
			{1, 2, SEM_UNDO},
			{2, -1, IPC_NOWAIT},
			{0, 0, 0x4000 | IPC_NOWAIT},
		};
		syscall(SYS_semop, id, ops, 3);
		syscall(SYS_semop, id, ops, 1);
		syscall(SYS_semop, id, ops + 3, 1);
		syscall(SYS_semop, id, ops, 0);
		syscall(SYS_semop, id, NULL, 1);
		syscall(SYS_semop, id, (void *)1, 1);
		syscall(SYS_semop, -1, ops, 2);
		/* An array running into unreadable memory. */
		char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (pg != MAP_FAILED) {
			munmap(pg + 4096, 4096);
			struct sembuf *last = (struct sembuf *)(pg + 4096 - sizeof(struct sembuf));
			*last = ops[1];
			syscall(SYS_semop, id, last, 2);
			syscall(SYS_semop, id, last, 1);
			munmap(pg, 4096);
		}
		struct timespec ts = {0, 1000};
		struct sembuf wait_op = {1, -100, 0};
		syscall(SYS_semtimedop, id, &wait_op, 1, &ts);
		syscall(SYS_semtimedop, id, ops, 2, NULL);
		syscall(SYS_semtimedop, id, ops, 4, (void *)1);
		syscall(SYS_semtimedop, -1, ops, 1, &ts);

		semctl_(id, 0, GETVAL, 0);
		semctl_(id, 1, GETPID, 0);
		semctl_(id, 2, GETNCNT, 0);
		semctl_(id, 0, GETZCNT, 0);
		semctl_(id, 0, SETVAL, 5);
		semctl_(id, 0, SETALL, (unsigned long)vals);
		semctl_(id, 0, GETALL, (unsigned long)vals);
		semctl_(id, 0, GETALL, 1);
		semctl_(id, 0, IPC_STAT, (unsigned long)buf);
		semctl_(id, 0, IPC_STAT, 0);
		semctl_(id, 0, IPC_STAT, 1);
		semctl_(id, 0, IPC_STAT | IPC_64, (unsigned long)buf);
		struct semid_ds ds;
		memset(&ds, 0, sizeof(ds));
		semctl_(id, 0, IPC_STAT, (unsigned long)&ds);
		ds.sem_perm.mode = 0640;
		ds.sem_perm.uid = -1;
		semctl_(id, 0, IPC_SET, (unsigned long)&ds);
		ds.sem_perm.uid = 0;
		semctl_(id, 0, IPC_SET, (unsigned long)&ds);
		semctl_(id, 0, IPC_SET, 1);
		semctl_(id, 0, 99, (unsigned long)buf);
		semctl_(id, 0, 99 | IPC_64, 0);
		semctl_(0x7fffffff, 0, SEM_STAT, (unsigned long)buf);
		semctl_(0x7fffffff, 0, SEM_STAT_ANY, (unsigned long)buf);
		semctl_(0, 0, IPC_INFO, (unsigned long)buf);
		semctl_(0, 0, SEM_INFO, (unsigned long)buf);
		semctl_(0, 0, SEM_INFO, 1);
		semctl_(-1, 0, GETVAL, 0);
		semctl_(id, 0, IPC_RMID, 0);
	}
	semctl_(-1, 0, IPC_RMID, 0);
	return 0;
}
