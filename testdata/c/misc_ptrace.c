// misc_ptrace: ptrace requests on a child of the program's own (which
// asks to be traced and stops), and failing requests: peek and poke,
// register sets, signal information and masks, options, syscall info.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 4
#define _GNU_SOURCE
#include <elf.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile uint64_t word = 0x1122334455667788ULL;

static long pt(long req, long pid, unsigned long addr, unsigned long data) {
	return syscall(SYS_ptrace, req, pid, addr, data);
}

int main(void) {
	uint64_t v = 0;
	pt(PTRACE_TRACEME, 0, 0, 0);
	pt(PTRACE_ATTACH, -1, 0, 0);
	pt(PTRACE_PEEKDATA, -1, (unsigned long)&word, (unsigned long)&v);
	pt(PTRACE_SEIZE, -1, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | 0x1000000);
	pt(PTRACE_SEIZE, -1, 0, 0);
	pt(0x12345, -1, 1, 2);
	pt(PTRACE_CONT, -1, 0, SIGUSR1);
	pt(PTRACE_DETACH, -1, 0, 0);
	pt(PTRACE_SYSCALL, -1, 0, 100);
	pt(PTRACE_KILL, -1, 0, 0);

	/* No SIGCHLD: its delivery would race with the parent's calls. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t child = fork();
	if (child == 0) {
		if (pt(PTRACE_TRACEME, 0, 0, 0) != 0)
			_exit(1); /* not traceable here: nothing to wait for */
		kill(getpid(), SIGSTOP);
		syscall(SYS_close, -1L, 2L, 3L, 4L, 5L, 6L);
		_exit(0);
	}
	int st;
	if (waitpid(child, &st, 0) != child || !WIFSTOPPED(st))
		return 1;

	pt(PTRACE_PEEKDATA, child, (unsigned long)&word, (unsigned long)&v);
	pt(PTRACE_PEEKTEXT, child, (unsigned long)&word, (unsigned long)&v);
	pt(PTRACE_PEEKDATA, child, (unsigned long)&word, 0);
	pt(PTRACE_PEEKUSER, child, 8 * 17 /* CS */, (unsigned long)&v);
	pt(PTRACE_PEEKUSER, child, offsetof(struct user, u_debugreg) + 8, (unsigned long)&v);
	pt(PTRACE_PEEKUSER, child, 8 * 21 + 4, (unsigned long)&v);
	pt(PTRACE_PEEKUSER, child, 1000, (unsigned long)&v);
	pt(PTRACE_PEEKUSER, child, sizeof(struct user), (unsigned long)&v);
	pt(PTRACE_POKEDATA, child, (unsigned long)&word, 0x42);
	pt(PTRACE_POKEUSER, child, 1000, 0);
	pt(PTRACE_POKEUSER, child, offsetof(struct user, u_comm), 0);

	struct user_regs_struct regs;
	memset(&regs, 0, sizeof(regs));
	pt(PTRACE_GETREGS, child, 0, (unsigned long)&regs);
	pt(PTRACE_GETREGS, child, 0, 1);
	pt(PTRACE_SETREGS, child, 0, (unsigned long)&regs);
	struct user_fpregs_struct fp;
	pt(PTRACE_GETFPREGS, child, 0, (unsigned long)&fp);
	pt(PTRACE_SETFPREGS, child, 0, (unsigned long)&fp);
	struct iovec iov = {&regs, sizeof(regs)};
	pt(PTRACE_GETREGSET, child, NT_PRSTATUS, (unsigned long)&iov);
	pt(PTRACE_SETREGSET, child, NT_PRSTATUS, (unsigned long)&iov);
	char big[1024];
	struct iovec iov2 = {big, 1000};
	pt(PTRACE_GETREGSET, child, NT_PRSTATUS, (unsigned long)&iov2);
	struct iovec iov3 = {big, 64};
	pt(PTRACE_GETREGSET, child, NT_PRSTATUS, (unsigned long)&iov3);
	struct iovec iov4 = {&fp, sizeof(fp)};
	pt(PTRACE_GETREGSET, child, NT_FPREGSET, (unsigned long)&iov4);
	struct iovec iov5 = {big, 100};
	pt(PTRACE_GETREGSET, child, NT_PRSTATUS, (unsigned long)&iov5);
	pt(PTRACE_GETREGSET, child, 0x4711, (unsigned long)&iov2);
	pt(PTRACE_GETREGSET, child, NT_PRSTATUS, 1);

	siginfo_t si;
	pt(PTRACE_GETSIGINFO, child, 0, (unsigned long)&si);
	pt(PTRACE_SETSIGINFO, child, 0, (unsigned long)&si);
	pt(PTRACE_GETSIGINFO, child, 0, 1);
	uint64_t mask = 0;
	pt(PTRACE_GETSIGMASK, child, 8, (unsigned long)&mask);
	mask = 1 << (SIGUSR2 - 1);
	pt(PTRACE_SETSIGMASK, child, 8, (unsigned long)&mask);
	pt(PTRACE_GETSIGMASK, child, 8, (unsigned long)&mask);
	pt(PTRACE_GETSIGMASK, child, 4, (unsigned long)&mask);
	mask = 0;
	pt(PTRACE_SETSIGMASK, child, 8, (unsigned long)&mask);
	struct {
		uint64_t off;
		uint32_t flags, nr;
	} psi = {0, 1, 4};
	pt(PTRACE_PEEKSIGINFO, child, (unsigned long)&psi, (unsigned long)big);
	psi.flags = 6;
	pt(PTRACE_PEEKSIGINFO, child, (unsigned long)&psi, (unsigned long)big);
	pt(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC);
	pt(PTRACE_SETOPTIONS, child, 0, 0x40000000);
	pt(PTRACE_GETEVENTMSG, child, 0, (unsigned long)&v);
	uint64_t md[2] = {0, 0};
	pt(PTRACE_SECCOMP_GET_METADATA, child, sizeof(md), (unsigned long)md);
	pt(PTRACE_SECCOMP_GET_METADATA, child, 4, (unsigned long)md);
	pt(PTRACE_SECCOMP_GET_FILTER, child, 0, 0);
	char info[88];
	pt(PTRACE_GET_SYSCALL_INFO, child, sizeof(info), (unsigned long)info);
	pt(PTRACE_GET_SYSCALL_INFO, child, 8, (unsigned long)info);
	pt(PTRACE_INTERRUPT, child, 0, 0);
	pt(PTRACE_LISTEN, child, 0, 0);

	/* Into the child's close(-1, ...): entry and exit stops. */
	pt(PTRACE_SYSCALL, child, 0, 0);
	waitpid(child, &st, 0);
	pt(PTRACE_GET_SYSCALL_INFO, child, sizeof(info), (unsigned long)info);
	pt(PTRACE_GET_SYSCALL_INFO, child, 40, (unsigned long)info);
	pt(PTRACE_SYSCALL, child, 0, 0);
	waitpid(child, &st, 0);
	pt(PTRACE_GET_SYSCALL_INFO, child, sizeof(info), (unsigned long)info);
	pt(PTRACE_GET_SYSCALL_INFO, child, 32, (unsigned long)info);
	pt(PTRACE_CONT, child, 0, 0);
	waitpid(child, &st, 0);
	return 0;
}
