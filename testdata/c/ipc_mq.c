// ipc_mq: POSIX message queues: mq_open, mq_timedsend, mq_timedreceive,
// mq_notify, mq_getsetattr and mq_unlink, success and failure paths. The
// queue has a name of its own and is unlinked before the program ends.
//mytrace-test:
//mytrace-test: -s 5
//mytrace-test: -y
//mytrace-test: -x
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NAME "mytrace-ipc-mq"

int main(void) {
	struct mq_attr attr, old;
	memset(&attr, 0, sizeof(attr));
	memset(&old, 0, sizeof(old));
	attr.mq_maxmsg = 4;
	attr.mq_msgsize = 32;

	long q = syscall(SYS_mq_open, NAME, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	if (q < 0 && errno == EEXIST) {
		/* Left by a run that was killed: start afresh. */
		syscall(SYS_mq_unlink, NAME);
		q = syscall(SYS_mq_open, NAME, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	}
	long q2 = syscall(SYS_mq_open, NAME, O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0, NULL);
	syscall(SYS_mq_open, "mytrace-ipc-absent", O_RDONLY, 0, NULL);
	syscall(SYS_mq_open, NULL, O_RDONLY, 0, NULL);
	syscall(SYS_mq_open, (void *)1, O_RDONLY | O_CREAT, 0644, NULL);
	syscall(SYS_mq_open, "mytrace-ipc-absent", O_RDONLY | O_CREAT | O_EXCL, 0x10644, (void *)1);
	attr.mq_flags = O_NONBLOCK | 1;
	attr.mq_maxmsg = -1;
	syscall(SYS_mq_open, "mytrace-ipc-absent", O_RDONLY | O_CREAT, 0644, &attr);

	struct timespec ts = {0, 0};
	char buf[64];
	memset(buf, 0, sizeof(buf));
	if (q >= 0) {
		syscall(SYS_mq_timedsend, q, "first message", 13, 1, NULL);
		syscall(SYS_mq_timedsend, q, "second\0message", 14, 7, &ts);
		syscall(SYS_mq_timedsend, q, "", 0, 0, NULL);
		char big[100];
		memset(big, 'x', sizeof(big));
		syscall(SYS_mq_timedsend, q, big, sizeof(big), 0, NULL);
		syscall(SYS_mq_timedsend, q, (void *)1, 4, 0, NULL);
		syscall(SYS_mq_timedsend, q, "abc", 3, 0xffffffff, (void *)1);
		syscall(SYS_mq_timedsend, -1, "abc", 3, 0, &ts);

		unsigned int prio = 0;
		syscall(SYS_mq_timedreceive, q, buf, sizeof(buf), &prio, NULL);
		syscall(SYS_mq_timedreceive, q, buf, sizeof(buf), NULL, &ts);
		syscall(SYS_mq_timedreceive, q, buf, sizeof(buf), &prio, &ts);
		syscall(SYS_mq_timedreceive, q, buf, sizeof(buf), &prio, &ts);
		syscall(SYS_mq_timedreceive, q, buf, 4, &prio, &ts);
		syscall(SYS_mq_timedreceive, q, (void *)1, sizeof(buf), &prio, (void *)1);
		syscall(SYS_mq_timedreceive, -1, buf, sizeof(buf), &prio, &ts);

		struct sigevent sev;
		memset(&sev, 0, sizeof(sev));
		sev.sigev_notify = SIGEV_SIGNAL;
		sev.sigev_signo = SIGUSR1;
		sev.sigev_value.sival_ptr = (void *)0x1234;
		syscall(SYS_mq_notify, q, &sev);
		syscall(SYS_mq_notify, q, &sev);
		syscall(SYS_mq_notify, q, NULL);
		sev.sigev_notify = SIGEV_NONE;
		sev.sigev_value.sival_ptr = NULL;
		syscall(SYS_mq_notify, q, &sev);
		syscall(SYS_mq_notify, q, NULL);
		sev.sigev_notify = 77;
		syscall(SYS_mq_notify, q, &sev);
		syscall(SYS_mq_notify, q, (void *)1);
		syscall(SYS_mq_notify, -1, NULL);

		syscall(SYS_mq_getsetattr, q, NULL, &old);
		attr.mq_flags = O_NONBLOCK;
		syscall(SYS_mq_getsetattr, q, &attr, &old);
		attr.mq_flags = 0;
		syscall(SYS_mq_getsetattr, q, &attr, NULL);
		syscall(SYS_mq_getsetattr, q, (void *)1, &old);
		syscall(SYS_mq_getsetattr, q, NULL, (void *)1);
		syscall(SYS_mq_getsetattr, -1, &attr, &old);
		close(q);
	}
	if (q2 >= 0)
		close(q2);
	syscall(SYS_mq_unlink, NAME);
	syscall(SYS_mq_unlink, NAME);
	syscall(SYS_mq_unlink, NULL);
	syscall(SYS_mq_unlink, (void *)1);
	return 0;
}
