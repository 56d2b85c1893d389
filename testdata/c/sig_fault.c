// sig_fault: signals from faults (SIGSEGV with SEGV_MAPERR, SEGV_ACCERR and
// SI_KERNEL, SIGBUS, SIGFPE, SIGILL, SIGTRAP), handled with siglongjmp;
// then children ended by them, by SIGTERM and by a core-dumping SIGQUIT,
// and one stopped and continued; the SIGCHLD of each change.
//mytrace-test: -f
//mytrace-test: -f -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf jb;
static int in_child;

static void handler(int sig, siginfo_t *si, void *uc) {
	if (in_child)
		syscall(SYS_exit_group, 99);
	siglongjmp(jb, 1);
}

/* fault causes the fault numbered how. */
static void fault(int how, char *ro, char *beyond) {
	switch (how) {
	case 0:
		*(volatile int *)16 = 1;
		break;
	case 1:
		*(volatile char *)ro = 1;
		break;
	case 2:
		__asm__ volatile("hlt");
		break;
	case 3:
		(void)*(volatile char *)beyond;
		break;
	case 4:
		__asm__ volatile("xorl %%ecx, %%ecx; movl $1, %%eax; cltd; idivl %%ecx" ::: "eax", "ecx", "edx");
		break;
	case 5:
		__asm__ volatile("ud2");
		break;
	case 6:
		__asm__ volatile("int3");
		break;
	}
}

static void block(int how, int sig) {
	uint64_t set = 1ULL << (sig - 1);
	syscall(SYS_rt_sigprocmask, how, &set, NULL, 8);
}

/* cld lets the SIGCHLD of the last change of a child arrive. */
static void cld(void) {
	block(SIG_UNBLOCK, SIGCHLD);
	block(SIG_BLOCK, SIGCHLD);
}

static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};

static void dispositions(void (*h)(int, siginfo_t *, void *)) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h;
	sa.sa_flags = h ? SA_SIGINFO : 0;
	for (int i = 0; i < 5; i++)
		sigaction(sigs[i], &sa, NULL);
}

int main(void) {
	/* No core files, except for the child that asks for one. */
	struct rlimit rl;
	getrlimit(RLIMIT_CORE, &rl);
	rl.rlim_cur = 0;
	setrlimit(RLIMIT_CORE, &rl);
	block(SIG_BLOCK, SIGCHLD);
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* A mapping of this program's file, far beyond its end: SIGBUS. */
	int fd = open("/proc/self/exe", O_RDONLY);
	char *file = mmap(NULL, 1 << 22, PROT_READ, MAP_PRIVATE, fd, 0);
	char *beyond = file + (1 << 21);
	close(fd);

	dispositions(handler);
	for (int how = 0; how < 7; how++)
		if (sigsetjmp(jb, 1) == 0)
			fault(how, ro, beyond);

	/* Children killed by faults and signals. */
	int st;
	for (int how = 0; how < 9; how++) {
		pid_t pid = syscall(SYS_fork);
		if (pid == 0) {
			in_child = 1;
			dispositions(NULL);
			if (how == 7)
				syscall(SYS_kill, syscall(SYS_getpid), SIGTERM);
			if (how == 8) {
				rl.rlim_cur = rl.rlim_max;
				setrlimit(RLIMIT_CORE, &rl);
				syscall(SYS_kill, syscall(SYS_getpid), SIGQUIT);
			}
			fault(how, ro, beyond);
			syscall(SYS_exit_group, 1);
		}
		if (pid < 0)
			break;
		syscall(SYS_wait4, pid, &st, 0, NULL);
		cld();
	}

	/* A child that stops itself, is continued by its parent, and waits
	   for SIGUSR1 so that it cannot end before its parent has seen it
	   continue. */
	uint64_t usr1 = 1ULL << (SIGUSR1 - 1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &usr1, NULL, 8);
	pid_t pid = syscall(SYS_fork);
	if (pid == 0) {
		syscall(SYS_kill, syscall(SYS_getpid), SIGSTOP);
		syscall(SYS_rt_sigtimedwait, &usr1, NULL, NULL, 8);
		syscall(SYS_exit_group, 0);
	}
	if (pid < 0)
		return 1;
	syscall(SYS_wait4, pid, &st, WUNTRACED, NULL);
	cld();
	syscall(SYS_kill, pid, SIGCONT);
	syscall(SYS_wait4, pid, &st, WCONTINUED, NULL);
	syscall(SYS_kill, pid, SIGUSR1);
	/* The child sends SIGCHLD (CLD_CONTINUED) when it runs again, maybe
	   after the wait4 above returns: let it arrive once the child is gone
	   (its exit's SIGCHLD is then dropped, one being pending). */
	syscall(SYS_wait4, pid, &st, 0, NULL);
	cld();
	return 0;
}
