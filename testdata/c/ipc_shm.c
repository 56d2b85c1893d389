// ipc_shm: SysV shared memory: shmget, shmat, shmdt and shmctl with its
// commands, success and failure paths. The segments are private
// (IPC_PRIVATE) and removed with IPC_RMID before the program ends.
//mytrace-test:
//mytrace-test: -v
#define _GNU_SOURCE
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SHM_STAT_ANY 15
#define IPC_64 0x100

static long shmctl_(long id, long cmd, void *buf) { return syscall(SYS_shmctl, id, cmd, buf); }

int main(void) {
	char buf[256];
	memset(buf, 0, sizeof(buf));

	long id = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	long id2 = syscall(SYS_shmget, IPC_PRIVATE, 8192, IPC_CREAT | IPC_EXCL | SHM_NORESERVE | 0640);
	/* Failures: no such key, bad size, unknown flag bits, huge pages. */
	syscall(SYS_shmget, 0x6d797472, 4096, 0);
	syscall(SYS_shmget, IPC_PRIVATE, 0, IPC_CREAT | 0600);
	syscall(SYS_shmget, 0x6d797472, 4096, 0x100000 | 0644);
	syscall(SYS_shmget, 0x6d797472, 4096, 0);
	syscall(SYS_shmget, 0x6d797472, 4096, SHM_HUGETLB | (21 << 26) | 0600);
	syscall(SYS_shmget, 0x6d797472, 4096, (30 << 26) | 0600);
	syscall(SYS_shmget, 0x6d797472, 4096, IPC_EXCL | (30U << 26) | 0x100000 | 0600);
	syscall(SYS_shmget, 0xfffffffffffffffful, 4096, 0777);

	if (id >= 0) {
		void *p = (void *)syscall(SYS_shmat, id, NULL, 0);
		syscall(SYS_shmat, id, NULL, SHM_RDONLY);
		syscall(SYS_shmat, -1, (void *)0x1001, SHM_RND | 0x800000);
		syscall(SYS_shmat, id, (void *)0x1001, 0);
		syscall(SYS_shmat, -1, NULL, SHM_EXEC | SHM_REMAP);

		shmctl_(id, IPC_STAT, buf);
		shmctl_(id, IPC_STAT | IPC_64, buf);
		shmctl_(id, IPC_STAT, NULL);
		shmctl_(id, IPC_STAT, (void *)1);
		shmctl_(-1, IPC_STAT, buf);
		struct shmid_ds ds;
		memset(&ds, 0, sizeof(ds));
		shmctl_(id, IPC_STAT, &ds);
		ds.shm_perm.mode = 0660;
		shmctl_(id, IPC_SET, &ds);
		shmctl_(id, IPC_SET, (void *)1);
		shmctl_(id, IPC_SET, NULL);
		shmctl_(id, SHM_LOCK, NULL);
		shmctl_(id, SHM_UNLOCK, buf);
		shmctl_(id, 99, buf);
		shmctl_(id, 99 | IPC_64, buf);
		shmctl_(id, 0xffff0002, buf);
		shmctl_(0x7fffffff, SHM_STAT, buf);
		shmctl_(0x7fffffff, SHM_STAT_ANY, buf);
		shmctl_(0, IPC_INFO, buf);
		shmctl_(0, IPC_INFO, (void *)1);
		shmctl_(0, SHM_INFO, buf);
		shmctl_(0, SHM_INFO, NULL);

		if (p != (void *)-1)
			syscall(SYS_shmdt, p);
		syscall(SYS_shmdt, p);
		syscall(SYS_shmdt, NULL);
	}
	if (id >= 0)
		shmctl_(id, IPC_RMID, NULL);
	if (id2 >= 0)
		shmctl_(id2, IPC_RMID, NULL);
	shmctl_(-1, IPC_RMID, NULL);
	return 0;
}
