// cli_style: how constants and flags print under -X (raw, abbrev,
// verbose), and the -e raw=, -e abbrev= and -e verbose= qualifiers.
//mytrace-test: -X raw
//mytrace-test: -X verbose
//mytrace-test: -X abbrev -v
//mytrace-test: -e raw=openat,read,lseek,close,kill
//mytrace-test: -e raw=all -e trace=!set_tid_address
//mytrace-test: -X verbose -e raw=mmap
//mytrace-test: -e abbrev=none
//mytrace-test: -v -e abbrev=fstat
//mytrace-test: -e verbose=none
//mytrace-test: -v -e verbose=fstat,execve
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <unistd.h>

int main(void) {
	char buf[16];
	struct stat st;
	struct rlimit rl;
	int fd = syscall(SYS_openat, AT_FDCWD, "cli_style.txt", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	syscall(SYS_write, fd, "hello\n", 6);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_lseek, fd, 0, 77);
	syscall(SYS_read, fd, buf, sizeof buf);
	syscall(SYS_read, -1, buf, sizeof buf);
	syscall(SYS_fstat, fd, &st);
	syscall(SYS_openat, AT_FDCWD, "no-such-file", O_RDONLY | 0x40000000, 0);
	syscall(SYS_openat, AT_FDCWD, "no-such-file", O_RDONLY, 0);
	syscall(SYS_openat, 99, "x", O_WRONLY | O_APPEND, 0);
	syscall(SYS_access, "cli_style.txt", R_OK | W_OK);
	syscall(SYS_access, "cli_style.txt", F_OK);
	syscall(SYS_access, "cli_style.txt", 0x40);
	syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mmap, 0, 4096, PROT_READ | 0x100, 0x7f0000 | MAP_SHARED, 99, 0);
	syscall(SYS_kill, 0, 0);
	syscall(SYS_kill, 999999, SIGTERM);
	syscall(SYS_kill, 999999, 77);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, 0, 8);
	syscall(SYS_rt_sigprocmask, 9, 0, 0, 8);
	/* -X: a signal mask, a handler and an ioctl request by number. */
	unsigned long mask = 1UL << (SIGPIPE - 1) | 1UL << (SIGUSR1 - 1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &mask, 0, 8);
	struct { unsigned long handler, flags, restorer, mask; } sa = {(unsigned long)SIG_IGN, 0, 0, 0};
	syscall(SYS_rt_sigaction, SIGPIPE, &sa, 0, 8);
	syscall(SYS_ioctl, fd, 0x5401, 0);
	syscall(SYS_prlimit64, 0, RLIMIT_STACK, 0, &rl);
	syscall(SYS_prlimit64, 0, 99, 0, &rl);
	syscall(SYS_fcntl, fd, F_GETFD);
	syscall(SYS_fcntl, fd, F_GETFL);
	syscall(SYS_fcntl, fd, F_SETFL, O_NONBLOCK);
	syscall(SYS_close, fd);
	syscall(SYS_close, fd);
	syscall(SYS_unlinkat, AT_FDCWD, "cli_style.txt", 0);
	return 0;
}
