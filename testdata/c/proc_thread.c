// proc_thread: threads. clone in the thread form (parent_tid, tls,
// child_tidptr), clone3 from pthread_create (=> {parent_tid=[N]}), clone3
// of a process with a pidfd, and exit_group from a thread ending the
// whole group while the main thread is blocked in a write.
//mytrace-test: -f -e trace=!pipe2,getrandom
//mytrace-test: -f -v -s 8 -e trace=!pipe2,getrandom
//mytrace-test: -f -y -e trace=!pipe2,getrandom
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int pipefd[2];
static char stack[65536] __attribute__((aligned(16)));
static pid_t ptid, ctid;

static int vthread(void *arg) {
	syscall(SYS_getppid);
	syscall(SYS_exit, 0);
	return 0;
}

static void *pthread(void *arg) {
	char c;
	/* Main is inside its write when this read returns. */
	read(pipefd[0], &c, 1);
	syscall(SYS_exit_group, 0);
	return NULL;
}

int main(void) {
	/* SIGCHLD stays blocked: it would arrive at a point that depends on
	   when the child runs. */
	uint64_t set = 1ULL << (SIGCHLD - 1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	unsigned long fs;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);

	/* A thread sharing everything; CLONE_VFORK holds the caller until
	   the thread exits. */
	clone(vthread, stack + sizeof stack,
	      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
		      CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_VFORK,
	      NULL, &ptid, (void *)fs, &ctid);

	/* clone3 of a process: pidfd and parent_tid written back. */
	int pidfd = -1;
	pid_t parent_tid = 0;
	struct clone_args ca;
	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	ca.pidfd = (uintptr_t)&pidfd;
	ca.parent_tid = (uintptr_t)&parent_tid;
	ca.exit_signal = SIGCHLD;
	pid_t pid = syscall(SYS_clone3, &ca, sizeof ca);
	if (pid == 0)
		syscall(SYS_exit_group, 4);
	syscall(SYS_wait4, pid, NULL, 0, NULL);
	close(pidfd);

	/* clone3 of a process with nothing written back, and failures. */
	memset(&ca, 0, sizeof ca);
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, 64);
	if (pid == 0)
		syscall(SYS_exit_group, 2);
	syscall(SYS_wait4, pid, NULL, 0, NULL);
	syscall(SYS_clone3, &ca, 32);
	syscall(SYS_clone3, NULL, sizeof ca);
	syscall(SYS_clone3, (void *)1, sizeof ca);
	ca.flags = CLONE_CHILD_SETTID | CLONE_SETTLS | CLONE_INTO_CGROUP | 0x8000000000ULL;
	ca.child_tid = 0x1000;
	ca.tls = 0x2000;
	ca.cgroup = 12345;
	ca.exit_signal = 0xffffffff;
	syscall(SYS_clone3, &ca, sizeof ca);
	pid_t set_tid[2] = {1000, 2000};
	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_NEWPID;
	ca.set_tid = (uintptr_t)set_tid;
	ca.set_tid_size = 2;
	ca.stack = 0x3000;
	ca.stack_size = 0x100;
	syscall(SYS_clone3, &ca, sizeof ca);
	ca.set_tid_size = 40;
	syscall(SYS_clone3, &ca, sizeof ca);
	struct {
		struct clone_args ca;
		char tail[16];
	} big;
	memset(&big, 0, sizeof big);
	big.ca.exit_signal = SIGCHLD;
	big.tail[3] = 7;
	syscall(SYS_clone3, &big, sizeof big);

	/* A thread from pthread_create ends the group with exit_group. */
	pipe(pipefd);
	pthread_t t;
	pthread_create(&t, NULL, pthread, NULL);
	static char buf[65537];
	memset(buf, 'x', sizeof buf);
	write(pipefd[1], buf, sizeof buf);
	return 1;
}
