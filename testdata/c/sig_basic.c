// sig_basic: signal dispositions, masks and signals sent to oneself:
// rt_sigaction, rt_sigprocmask, kill, tkill, tgkill, rt_sigqueueinfo,
// the "--- SIGxxx {...} ---" lines and rt_sigreturn's mask.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -y
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static volatile int got;
static void handler(int sig) { got += sig; }

int main(void) {
	pid_t pid = syscall(SYS_getpid);
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGRTMIN + 3);
	sa.sa_flags = SA_RESTART | SA_SIGINFO;
	sigaction(SIGUSR1, &sa, &old);
	sa.sa_flags = SA_NODEFER | SA_RESETHAND | SA_ONSTACK;
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGUSR2, NULL, &old);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGHUP, &sa, NULL);

	struct ksigaction ka = {SIG_DFL, 0x1000000, 0, 0xffffffffffffffffULL};
	struct ksigaction ko;
	syscall(SYS_rt_sigaction, SIGCHLD, &ka, &ko, 8);
	ka.flags = 0x84000000;
	ka.restorer = (void *)0x1234;
	syscall(SYS_rt_sigaction, SIGALRM, &ka, NULL, 8);
	syscall(SYS_rt_sigaction, SIGKILL, &ka, NULL, 8);
	syscall(SYS_rt_sigaction, 0, NULL, &ko, 8);
	syscall(SYS_rt_sigaction, 65, NULL, &ko, 8);
	syscall(SYS_rt_sigaction, -1, NULL, NULL, 8);
	syscall(SYS_rt_sigaction, SIGRTMIN, NULL, &ko, 8);
	syscall(SYS_rt_sigaction, 40, NULL, &ko, 8);
	syscall(SYS_rt_sigaction, 64, NULL, &ko, 8);
	syscall(SYS_rt_sigaction, SIGTERM, (void *)1, NULL, 8);
	syscall(SYS_rt_sigaction, SIGTERM, NULL, (void *)1, 8);
	syscall(SYS_rt_sigaction, SIGTERM, NULL, &ko, 4);

	/* A struct sigaction the kernel can read (32 bytes) but strace's
	   larger one cannot: it ends just before a PROT_NONE page. */
	char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(pg + 4096, 4096, PROT_NONE);
	struct ksigaction *edge = (struct ksigaction *)(pg + 4096 - sizeof *edge);
	*edge = ka;
	edge->flags = 0;
	syscall(SYS_rt_sigaction, SIGPIPE, edge, NULL, 8);

	uint64_t set = (1ULL << (SIGINT - 1)) | (1ULL << (SIGTERM - 1)), oset;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oset, 8);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	set = ~0ULL;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &oset, 8);
	set = 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &oset, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &oset, 8);
	syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8);
	/* strace shows how (an int) from the low 32 bits. */
	syscall(SYS_rt_sigprocmask, 0x100000000ULL | SIG_BLOCK, &set, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oset, 4);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oset, 16);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)1, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, (void *)1, 8);
	set = (1ULL << 32) | (1ULL << 33) | (1ULL << 63) | (1ULL << (SIGSYS - 1));
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oset, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &oset, NULL, 8);

	/* Signals to oneself, delivered when the sending call returns. */
	syscall(SYS_tgkill, pid, pid, SIGUSR1);
	syscall(SYS_tkill, pid, SIGUSR2);
	syscall(SYS_kill, pid, SIGUSR1);
	syscall(SYS_kill, pid, SIGHUP);
	syscall(SYS_kill, pid, 0);
	syscall(SYS_kill, 999999, SIGTERM);
	syscall(SYS_kill, pid, 77);
	syscall(SYS_tgkill, pid, 999999, SIGTERM);
	syscall(SYS_tkill, -5, SIGTERM);

	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_pid = pid;
	si.si_uid = getuid();
	si.si_value.sival_int = 42;
	syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si);

	/* A blocked signal arrives when it is unblocked; the handler's
	   rt_sigreturn restores a mask with SIGTERM. */
	set = 1ULL << (SIGUSR1 - 1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	syscall(SYS_kill, pid, SIGUSR1);
	set = 1ULL << (SIGTERM - 1);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
	return got == 0;
}
