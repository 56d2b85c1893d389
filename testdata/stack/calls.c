// Call stacks for the -k differential test (cmd/mytrace/stack_test.go):
// syscalls made several functions deep, a signal delivered there, a
// syscall in a signal handler (unwound through the signal trampoline), a
// recursion deeper than the 256 frames shown, a function without
// call-frame information (unwound by frame pointers), code in anonymous
// executable memory, a thread, and an execve of the program itself.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static volatile int sink;

// nocfi_getppid: a function with a frame pointer and no CFI, which
// libunwind (and mytrace) unwind by the frame-pointer chain.
__asm__(".text\n"
	".globl nocfi_getppid\n"
	".type nocfi_getppid, @function\n"
	"nocfi_getppid:\n"
	"	push %rbp\n"
	"	mov %rsp, %rbp\n"
	"	mov $110, %eax\n" // getppid
	"	syscall\n"
	"	pop %rbp\n"
	"	ret\n"
	".size nocfi_getppid, .-nocfi_getppid\n");
long nocfi_getppid(void);

NOINLINE static void f3(int i)
{
	chdir("/");
	if (i == 1)
		kill(getpid(), SIGURG);
	if (i == 2)
		raise(SIGUSR1);
	sink += i;
}

NOINLINE static void f2(int i) { f3(i); sink++; }
NOINLINE static void f1(int i) { f2(i); sink++; }
NOINLINE static void f0(int i) { f1(i); sink++; }

NOINLINE static void deep(int n)
{
	if (n == 0)
		getpid();
	else
		deep(n - 1);
	sink++;
}

static void on_usr1(int sig)
{
	write(1, "", 0);
	sink += sig;
}

// thread_main makes its calls in a thread. (Whether pthread_join waits
// with futex depends on timing: the test leaves futex calls out.)
NOINLINE static void *thread_main(void *arg)
{
	f0(3);
	return arg;
}

NOINLINE static void jit(void)
{
	// mov $39,%eax (getpid); syscall; ret
	static const unsigned char code[] = {0xb8, 0x27, 0, 0, 0, 0x0f, 0x05, 0xc3};
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	memcpy(p, code, sizeof code);
	((void (*)(void))p)();
	munmap(p, 4096);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		// The re-executed program: one call, then exit.
		f0(0);
		return 0;
	}
	signal(SIGUSR1, on_usr1);
	f0(0);
	f0(1);
	f0(2);
	deep(300);
	nocfi_getppid();
	jit();
	pthread_t t;
	if (pthread_create(&t, NULL, thread_main, NULL) == 0)
		pthread_join(t, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "again", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	return 0;
}
