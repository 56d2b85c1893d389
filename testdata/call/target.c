// target: the process mytrace call borrows in the tests (cmd/mytrace
// call_test.go). It opens /dev/null (the "leaked" descriptor), says
// "ready PID FD" on stdout, and then, by its first argument:
//   sleep       sleeps 20 ms at a time until the file "stop" appears in
//               its working directory;
//   read        blocks reading its stdin, then prints what it read;
//   threads N   runs N more threads, each saying "thread TID" and sleeping
//               until "stop" appears, as the main thread does;
//   sigsuspend  blocks SIGUSR1 and waits for it in sigsuspend;
//   spin        runs in user space, making no syscall, until SIGUSR1;
//   regs        the same, with a known value in every general register
//               but rax and rsp (and rbp), checked each time round: prints
//               "regs kept" or "regs changed";
//   filter      installs a seccomp filter that fails getppid with EPERM,
//               then sleeps as sleep does;
//   strict      enters seccomp strict mode, reads its stdin, writes what
//               it read and exits with status 3 (strict mode allows no
//               more).
// SIGUSR1 has a handler installed without SA_RESTART, so a call it
// interrupts fails with EINTR (which the program reports): a call
// restarted after mytrace call leaves it must not see one. At the end it
// prints what it saw and its signal mask, closes its descriptor (saying
// whether that worked) and exits with status 3.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t usr1;
static int eintr;

static void on_usr1(int sig) { (void)sig; usr1++; }

static void sleep_until_stop(void) {
	while (access("stop", F_OK) != 0) {
		struct timespec ts = {0, 20000000};
		if (nanosleep(&ts, NULL) != 0 && errno == EINTR)
			eintr++;
	}
}

static void *thread(void *arg) {
	(void)arg;
	printf("thread %ld\n", (long)syscall(SYS_gettid));
	fflush(stdout);
	sleep_until_stop();
	return NULL;
}

static void print_mask(void) {
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("mask:");
	for (int s = 1; s < 32; s++)
		if (sigismember(&cur, s))
			printf(" %d", s);
	printf("\n");
}

static int install_filter(void) {
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog fprog = {sizeof prog / sizeof prog[0], prog};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog);
}

// spin_regs spins until SIGUSR1 with known values in the registers,
// checking them each time round; it returns 0 if they never changed.
static long spin_regs(void) {
	long changed;
	__asm__ volatile(
		"movabs $0x1111111111111111, %%rbx\n\t"
		"movabs $0x2222222222222222, %%rcx\n\t"
		"movabs $0x3333333333333333, %%rdx\n\t"
		"movabs $0x4444444444444444, %%rsi\n\t"
		"movabs $0x5555555555555555, %%rdi\n\t"
		"movabs $0x6666666666666666, %%r8\n\t"
		"movabs $0x7777777777777777, %%r9\n\t"
		"movabs $0x8888888888888888, %%r10\n\t"
		"movabs $0x9999999999999999, %%r11\n\t"
		"movabs $0xaaaaaaaaaaaaaaaa, %%r12\n\t"
		"movabs $0xbbbbbbbbbbbbbbbb, %%r13\n\t"
		"movabs $0xcccccccccccccccc, %%r14\n\t"
		"movabs $0xdddddddddddddddd, %%r15\n"
		"1:\n\t"
		"movabs $0x1111111111111111, %%rax\n\t cmp %%rax, %%rbx\n\t jne 2f\n\t"
		"movabs $0x2222222222222222, %%rax\n\t cmp %%rax, %%rcx\n\t jne 2f\n\t"
		"movabs $0x3333333333333333, %%rax\n\t cmp %%rax, %%rdx\n\t jne 2f\n\t"
		"movabs $0x4444444444444444, %%rax\n\t cmp %%rax, %%rsi\n\t jne 2f\n\t"
		"movabs $0x5555555555555555, %%rax\n\t cmp %%rax, %%rdi\n\t jne 2f\n\t"
		"movabs $0x6666666666666666, %%rax\n\t cmp %%rax, %%r8\n\t jne 2f\n\t"
		"movabs $0x7777777777777777, %%rax\n\t cmp %%rax, %%r9\n\t jne 2f\n\t"
		"movabs $0x8888888888888888, %%rax\n\t cmp %%rax, %%r10\n\t jne 2f\n\t"
		"movabs $0x9999999999999999, %%rax\n\t cmp %%rax, %%r11\n\t jne 2f\n\t"
		"movabs $0xaaaaaaaaaaaaaaaa, %%rax\n\t cmp %%rax, %%r12\n\t jne 2f\n\t"
		"movabs $0xbbbbbbbbbbbbbbbb, %%rax\n\t cmp %%rax, %%r13\n\t jne 2f\n\t"
		"movabs $0xcccccccccccccccc, %%rax\n\t cmp %%rax, %%r14\n\t jne 2f\n\t"
		"movabs $0xdddddddddddddddd, %%rax\n\t cmp %%rax, %%r15\n\t jne 2f\n\t"
		"cmpl $0, %[flag]\n\t"
		"je 1b\n\t"
		"xor %%eax, %%eax\n\t"
		"jmp 3f\n"
		"2:\n\t"
		"mov $1, %%eax\n"
		"3:\n"
		: "=a"(changed)
		: [flag] "m"(usr1)
		: "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc", "memory");
	return changed;
}

int main(int argc, char **argv) {
	const char *mode = argc > 1 ? argv[1] : "sleep";
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1; // no SA_RESTART
	sigaction(SIGUSR1, &sa, NULL);
	int fd = open("/dev/null", O_RDONLY);
	printf("ready %d %d\n", (int)getpid(), fd);
	fflush(stdout);
	if (strcmp(mode, "read") == 0) {
		char buf[64];
		ssize_t n = read(0, buf, sizeof buf - 1);
		if (n < 0) {
			printf("read: %s\n", strerror(errno));
		} else {
			buf[n] = 0;
			printf("got: %s", buf);
		}
	} else if (strcmp(mode, "threads") == 0) {
		int n = argc > 2 ? atoi(argv[2]) : 2;
		pthread_t th[16];
		for (int i = 0; i < n && i < 16; i++)
			pthread_create(&th[i], NULL, thread, NULL);
		sleep_until_stop();
		for (int i = 0; i < n && i < 16; i++)
			pthread_join(th[i], NULL);
	} else if (strcmp(mode, "strict") == 0) {
		char buf[64];
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) != 0)
			return 1;
		ssize_t n = read(0, buf, sizeof buf);
		if (n > 0)
			write(1, buf, (size_t)n);
		syscall(SYS_exit, 3);
	} else if (strcmp(mode, "filter") == 0) {
		if (install_filter() != 0) {
			printf("seccomp: %s\n", strerror(errno));
			return 1;
		}
		sleep_until_stop();
	} else if (strcmp(mode, "regs") == 0) {
		printf(spin_regs() ? "regs changed\n" : "regs kept\n");
	} else if (strcmp(mode, "spin") == 0) {
		while (!usr1)
			;
	} else if (strcmp(mode, "sigsuspend") == 0) {
		sigset_t block, none;
		sigemptyset(&block);
		sigaddset(&block, SIGUSR1);
		sigprocmask(SIG_BLOCK, &block, NULL);
		sigemptyset(&none);
		while (!usr1)
			sigsuspend(&none);
	} else {
		sleep_until_stop();
	}
	printf("usr1=%d eintr=%d\n", (int)usr1, eintr);
	print_mask();
	if (close(fd) != 0)
		printf("close: %s\n", strerror(errno));
	return 3;
}
