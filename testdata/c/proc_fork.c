// proc_fork: children made by fork, vfork and clone, their ends (exit
// codes, signals), wait4's statuses and rusage, and the SIGCHLD each
// sends. SIGCHLD is kept blocked until a child has been reaped, so it
// arrives at a known point.
//mytrace-test: -f
//mytrace-test: -f -v
//mytrace-test: -f -y
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void chld(int how) {
	switch (how) {
	case 0:
		syscall(SYS_exit_group, 3);
	case 1:
		syscall(SYS_kill, syscall(SYS_getpid), SIGKILL);
		break;
	case 2:
		/* SIGABRT, which would dump core: RLIMIT_CORE is 0. */
		syscall(SYS_kill, syscall(SYS_getpid), SIGABRT);
		break;
	case 3:
		syscall(SYS_exit, 0);
	}
	syscall(SYS_exit_group, 99);
}

static void block(int how, int sig) {
	uint64_t set = 1ULL << (sig - 1);
	syscall(SYS_rt_sigprocmask, how, &set, NULL, 8);
}

int main(void) {
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	block(SIG_BLOCK, SIGCHLD);

	int st;
	struct rusage ru;
	for (int how = 0; how < 4; how++) {
		pid_t pid = how == 3 ? syscall(SYS_fork) : fork();
		if (pid == 0)
			chld(how);
		syscall(SYS_wait4, pid, &st, 0, how == 1 ? NULL : &ru);
		block(SIG_UNBLOCK, SIGCHLD);
		block(SIG_BLOCK, SIGCHLD);
	}

	/* vfork: the parent waits for the child's exit. */
	pid_t pid = vfork();
	if (pid == 0)
		syscall(SYS_exit_group, 7);
	syscall(SYS_wait4, -1, &st, __WALL, &ru);

	/* clone with the flags of a process, and with a pidfd. */
	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		syscall(SYS_exit_group, 5);
	syscall(SYS_wait4, pid, &st, 0, NULL);
	int pidfd = -1;
	pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (pid == 0)
		syscall(SYS_exit_group, 6);
	syscall(SYS_wait4, pid, &st, 0, NULL);
	block(SIG_UNBLOCK, SIGCHLD);

	/* Failures: no child, bad options, bad pointers. */
	syscall(SYS_wait4, -1, &st, 0, NULL);
	syscall(SYS_wait4, -1, &st, 0x40000000, NULL);
	syscall(SYS_wait4, -1, &st, 0x1000, NULL);
	syscall(SYS_wait4, -1, &st, 0x100000000ULL | WNOHANG, NULL);
	syscall(SYS_wait4, -1, (void *)1, 0, NULL);
	syscall(SYS_wait4, -1, &st, WNOHANG | WUNTRACED | WCONTINUED, NULL);
	syscall(SYS_wait4, 999999, NULL, __WNOTHREAD | __WCLONE, (void *)1);
	syscall(SYS_clone, 0x100000000ULL | CLONE_THREAD | SIGCHLD, 0, 0, 0, 0);
	syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_THREAD | 0x1f, 0, (void *)1, 0, 0);
	syscall(SYS_exit_group, 0);
	return 0;
}
