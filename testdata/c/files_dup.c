// files_dup: what -y shows of the descriptors dup, dup2, dup3 and fcntl
// F_DUPFD(_CLOEXEC) make, which recordings do not note when they copy a
// noted descriptor (readers derive them): over an open descriptor, of a
// copy, of sockets (-yy), failed ones, in a child (a fork copies the
// table), after a close, and after an execve (close-on-exec copies gone).
//mytrace-test: -f
//mytrace-test: -f -y
//mytrace-test: -f -yy
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if (argc > 1 && strcmp(argv[1], "again") == 0) {
		/* After the execve: 5 and 20 are still open, 7 and 10 are not. */
		syscall(SYS_dup, 5);
		syscall(SYS_fcntl, 20, F_DUPFD, 30);
		syscall(SYS_dup, 7);
		syscall(SYS_dup2, 10, 11);
		return 0;
	}
	/* Descriptors from 3 on are this program's own. */
	syscall(SYS_close_range, 3, ~0U, 0);
	/* SIGCHLD stays blocked: the child's end shows no signal. */
	uint64_t set = 1ULL << (SIGCHLD - 1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);

	int f = syscall(SYS_openat, AT_FDCWD, "f", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int g = syscall(SYS_openat, AT_FDCWD, "g", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int d = syscall(SYS_dup, f);
	syscall(SYS_dup2, f, g); /* over an open descriptor */
	syscall(SYS_write, g, "x", 1);
	syscall(SYS_dup2, d, d);
	syscall(SYS_dup3, d, 7, O_CLOEXEC);
	syscall(SYS_fcntl, 7, F_DUPFD_CLOEXEC, 10); /* a copy of a copy */
	syscall(SYS_fcntl, f, F_DUPFD, 20);
	syscall(SYS_write, 10, "y", 1);
	syscall(SYS_fstat, 20, NULL);

	/* Failures. */
	syscall(SYS_dup, 999);
	syscall(SYS_dup2, f, -1);
	syscall(SYS_dup3, f, f, 0);
	syscall(SYS_fcntl, 999, F_DUPFD, 0);

	/* Closed, then its number copied over. */
	syscall(SYS_close, f);
	syscall(SYS_fstat, f, NULL);
	syscall(SYS_dup2, g, f);
	syscall(SYS_fstat, f, NULL);

	/* Sockets: a UNIX pair, a bound UDP socket. */
	int sv[2];
	syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
	int s2 = syscall(SYS_dup, sv[0]);
	syscall(SYS_write, s2, "z", 1);
	int u = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	syscall(SYS_bind, u, &a, sizeof(a));
	int u2 = syscall(SYS_fcntl, u, F_DUPFD_CLOEXEC, 0);
	syscall(SYS_close, u);
	syscall(SYS_getsockname, u2, NULL, NULL);
	syscall(SYS_close, u2);
	syscall(SYS_close, s2);
	syscall(SYS_close, sv[1]);
	syscall(SYS_close, sv[0]);

	/* A child: its table is a copy of its parent's. */
	pid_t pid = syscall(SYS_fork);
	if (pid == 0) {
		syscall(SYS_dup2, 10, 12);
		syscall(SYS_fstat, 12, NULL);
		syscall(SYS_exit_group, 0);
	}
	syscall(SYS_wait4, pid, NULL, 0, NULL);
	syscall(SYS_fstat, 12, NULL);

	char *again[] = {argv[0], "again", NULL};
	char *env[] = {NULL};
	syscall(SYS_execve, "/proc/self/exe", again, env);
	return 1;
}
