// sig_wait: waiting for signals and children, and queueing signals with
// data: rt_sigpending, rt_sigtimedwait, rt_sigsuspend, rt_sigqueueinfo,
// rt_tgsigqueueinfo (siginfo of every kind, read back by
// rt_sigtimedwait), sigaltstack, signalfd4, pidfd_open,
// pidfd_send_signal and waitid.
//mytrace-test: -f
//mytrace-test: -f -v -s 4
//mytrace-test: -f -y
//mytrace-test: -f -yy
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/signalfd.h>
#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif
#include <linux/audit.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int got;
static void handler(int sig) { got++; }

static pid_t pid;

static void sigset1(uint64_t *set, int sig) { *set = 1ULL << (sig - 1); }

/* queue sends info to this process and takes it back with
   rt_sigtimedwait, so that the signal is never delivered. */
static void queue(int sig, int code, void (*fill)(siginfo_t *)) {
	siginfo_t si, out;
	memset(&si, 0, sizeof si);
	si.si_signo = sig;
	si.si_code = code;
	if (fill)
		fill(&si);
	syscall(SYS_rt_sigqueueinfo, pid, sig, &si);
	uint64_t set;
	sigset1(&set, sig);
	struct timespec ts = {0, 0};
	syscall(SYS_rt_sigtimedwait, &set, &out, &ts, 8);
}

static void fill_source(siginfo_t *si) {
	si->si_pid = pid;
	si->si_uid = 0;
	si->si_value.sival_ptr = (void *)0x1234;
}
static void fill_errno(siginfo_t *si) { si->si_errno = 13; }
static void fill_errno_unknown(siginfo_t *si) { si->si_errno = 3000; }
static void fill_timer(siginfo_t *si) {
	si->si_timerid = 3;
	si->si_overrun = 2;
	si->si_value.sival_int = 7;
}
static void fill_poll(siginfo_t *si) {
	si->si_band = 0x41;
	si->si_fd = 3;
}
static void fill_chld(siginfo_t *si) {
	si->si_pid = 1;
	si->si_uid = 2;
	si->si_status = 3;
	si->si_utime = 250;
	si->si_stime = 1;
}
static void fill_addr(siginfo_t *si) { si->si_addr = (void *)0x1000; }
static void fill_bnd(siginfo_t *si) {
	si->si_addr = (void *)0x1000;
	si->si_lower = (void *)0x2000;
	si->si_upper = (void *)0x3000;
}
static void fill_pkey(siginfo_t *si) {
	si->si_addr = (void *)0x1000;
	si->si_pkey = 5;
}
static void fill_lsb(siginfo_t *si) {
	si->si_addr = (void *)0x1000;
	si->si_addr_lsb = 12;
}
static void fill_sys(siginfo_t *si) {
	si->si_call_addr = (void *)0x4000;
	si->si_syscall = SYS_getppid;
	si->si_arch = AUDIT_ARCH_X86_64;
}
static void fill_sys32(siginfo_t *si) {
	si->si_call_addr = NULL;
	si->si_syscall = 20;
	si->si_arch = 0x12345;
}
static void fill_user(siginfo_t *si) {
	si->si_pid = 5;
	si->si_uid = 0;
}

int main(void) {
	pid = syscall(SYS_getpid);
	uint64_t set, old;
	sigset1(&set, SIGCHLD);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	/* The signals queue() sends are never delivered. */
	set = 0;
	int qs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGIO, SIGPROF, SIGSYS};
	for (int i = 0; i < 8; i++)
		set |= 1ULL << (qs[i] - 1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);

	/* Pending signals and rt_sigtimedwait. */
	set = (1ULL << (SIGUSR1 - 1)) | (1ULL << (SIGUSR2 - 1)) | (1ULL << (SIGCHLD - 1)) |
	      (1ULL << (SIGRTMIN + 1 - 1));
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
	syscall(SYS_kill, pid, SIGUSR1);
	syscall(SYS_rt_sigpending, &old, 8);
	syscall(SYS_rt_sigpending, &old, 4);
	syscall(SYS_rt_sigpending, &old, 9);
	syscall(SYS_rt_sigpending, (void *)1, 8);
	siginfo_t info;
	struct timespec ts = {0, 0};
	syscall(SYS_rt_sigtimedwait, &set, &info, &ts, 8);
	syscall(SYS_rt_sigtimedwait, &set, &info, &ts, 8);
	syscall(SYS_rt_sigtimedwait, &set, NULL, &ts, 8);
	syscall(SYS_rt_sigtimedwait, &set, NULL, NULL, 4);
	syscall(SYS_rt_sigtimedwait, &set, &info, (void *)1, 8);
	syscall(SYS_tgkill, pid, pid, SIGRTMIN + 1);
	syscall(SYS_rt_sigtimedwait, &set, NULL, &ts, 8);

	/* siginfo of every kind. */
	queue(SIGUSR1, SI_QUEUE, fill_source);
	queue(SIGUSR1, SI_QUEUE, NULL);
	queue(SIGUSR2, SI_MESGQ, fill_source);
	queue(SIGUSR2, SI_ASYNCIO, fill_errno);
	queue(SIGUSR2, SI_ASYNCNL, fill_errno_unknown);
	queue(SIGUSR2, -100, fill_source);
	queue(SIGUSR1, SI_TIMER, fill_timer);
	queue(SIGUSR1, SI_SIGIO, fill_poll);
	queue(SIGUSR1, SI_USER, fill_user);
	queue(SIGUSR1, SI_KERNEL, fill_source);
	queue(SIGUSR1, SI_KERNEL, NULL);
	queue(SIGCHLD, CLD_EXITED, fill_chld);
	queue(SIGCHLD, CLD_STOPPED, fill_chld);
	queue(SIGCHLD, 42, fill_chld);
	queue(SIGSEGV, SEGV_MAPERR, fill_addr);
	queue(SIGSEGV, SEGV_BNDERR, fill_bnd);
	queue(SIGSEGV, SEGV_PKUERR, fill_pkey);
	queue(SIGBUS, BUS_MCEERR_AR, fill_lsb);
	queue(SIGBUS, BUS_OBJERR, fill_lsb);
	queue(SIGILL, ILL_PRVOPC, fill_addr);
	queue(SIGFPE, FPE_FLTDIV, fill_addr);
	queue(SIGTRAP, TRAP_BRKPT, fill_addr);
	queue(SIGIO, POLL_IN, fill_poll);
	queue(SIGIO, 99, fill_poll);
	queue(SIGPROF, 1, fill_source);
	queue(SIGSYS, 1, fill_sys);
	queue(SIGSYS, 1, fill_sys32);
	queue(SIGRTMIN + 1, 5, fill_source);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_code = SI_QUEUE;
	syscall(SYS_rt_sigqueueinfo, pid, 0, &si);
	syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, NULL);
	syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, (void *)1);
	syscall(SYS_rt_sigqueueinfo, pid, 99, &si);
	syscall(SYS_rt_sigqueueinfo, 999999, SIGUSR1, &si);
	si.si_signo = SIGUSR2;
	si.si_value.sival_int = -1;
	syscall(SYS_rt_tgsigqueueinfo, pid, pid, SIGUSR2, &si);
	syscall(SYS_rt_tgsigqueueinfo, pid, 999999, SIGUSR2, &si);

	/* rt_sigsuspend: SIGUSR2 is pending; the handler runs. */
	sigset1(&set, SIGUSR1);
	syscall(SYS_rt_sigsuspend, &set, 8);
	syscall(SYS_rt_sigsuspend, &set, 4);
	syscall(SYS_rt_sigsuspend, (void *)1, 8);

	/* sigaltstack. */
	static char altstack[16384];
	stack_t ss = {altstack, 0, sizeof altstack}, oss;
	syscall(SYS_sigaltstack, &ss, &oss);
	syscall(SYS_sigaltstack, NULL, &oss);
	ss.ss_flags = SS_DISABLE;
	syscall(SYS_sigaltstack, &ss, NULL);
	ss.ss_flags = (1U << 31) | 0x100;
	syscall(SYS_sigaltstack, &ss, NULL);
	ss.ss_flags = 0;
	ss.ss_size = 10;
	syscall(SYS_sigaltstack, &ss, NULL);
	syscall(SYS_sigaltstack, (void *)1, (void *)1);
	syscall(SYS_sigaltstack, NULL, NULL);

	/* signalfd4. */
	set = (1ULL << (SIGINT - 1)) | (1ULL << (SIGQUIT - 1));
	int sfd = syscall(SYS_signalfd4, -1, &set, 8, SFD_CLOEXEC | SFD_NONBLOCK);
	syscall(SYS_signalfd4, sfd, &set, 8, 0);
	syscall(SYS_signalfd4, -1, &set, 4, 0);
	syscall(SYS_signalfd4, -1, &set, 8, 0x10);
	syscall(SYS_signalfd4, sfd, &set, 8, 0x100000000ULL);
	syscall(SYS_signalfd4, -1, (void *)1, 8, 0);
	syscall(SYS_signalfd, 1, &set, 8);
	close(sfd);

	/* pidfd_open and pidfd_send_signal. */
	int pfd = syscall(SYS_pidfd_open, pid, 0);
	syscall(SYS_pidfd_open, pid, 0x1);
	syscall(SYS_pidfd_open, -1, PIDFD_NONBLOCK);
	syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0);
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_pid = pid;
	si.si_value.sival_int = 9;
	syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, &si, 0);
	syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0);
	sigset1(&set, SIGUSR1);
	syscall(SYS_rt_sigtimedwait, &set, &info, &ts, 8);
	syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0x10);
	syscall(SYS_pidfd_send_signal, 99, SIGUSR1, (void *)1, 0);
	close(pfd);

	/* waitid for children that exit. */
	pid_t c = syscall(SYS_fork);
	if (c == 0)
		syscall(SYS_exit_group, 5);
	syscall(SYS_waitid, P_PID, c, &info, WEXITED, NULL);
	c = syscall(SYS_fork);
	if (c == 0)
		syscall(SYS_exit_group, 6);
	int cfd = syscall(SYS_pidfd_open, c, 0);
	char ru[144];
	syscall(SYS_waitid, P_PIDFD, cfd, &info, WEXITED | __WALL, ru);
	close(cfd);
	c = syscall(SYS_fork);
	if (c == 0)
		syscall(SYS_exit_group, 7);
	syscall(SYS_waitid, P_ALL, 0, NULL, WEXITED, NULL);
	syscall(SYS_waitid, P_ALL, 0, &info, WEXITED | WNOHANG, NULL);
	syscall(SYS_waitid, P_PGID, 0, &info, WEXITED, NULL);
	syscall(SYS_waitid, 7, 0, &info, WEXITED, NULL);
	syscall(SYS_waitid, P_PID, 999999, &info, WEXITED | WSTOPPED | WCONTINUED | WNOWAIT, NULL);
	syscall(SYS_waitid, P_ALL, 0, (void *)1, 0, (void *)1);
	return got == 0;
}
