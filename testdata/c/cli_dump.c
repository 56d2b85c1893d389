// cli_dump: strace's everyday display options on calls that move data:
// -e read=/write= dumps (read, write, pread/pwrite, readv/writev,
// send*/recv*), -i, -n, -a.
//mytrace-test: -e write=1,11,13 -e read=10,14
//mytrace-test: -e write=all -e read=all -s 8 -e trace=!read,pread64
//mytrace-test: -e read=!3,10 -e write=!1 -e trace=read,write,readv,writev,recvmsg,sendmsg,recvmmsg,sendmmsg
//mytrace-test: -e read=10 -e write=11 -e status=successful
//mytrace-test: -i -n
//mytrace-test: -a 20 -n
//mytrace-test: -a 0
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void handler(int sig) { (void)sig; }

int main(void) {
	char buf[256];
	int p[2], sv[2];
	static const char bin[] = "\x00\x01\x02\x7f\x80\xff hello\tworld\n0123456789abcdef!";
	char big[200];
	for (int i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)(i * 7);

	signal(SIGUSR1, handler);
	syscall(SYS_write, 1, "hello\n", 6);
	syscall(SYS_write, 1, bin, sizeof(bin) - 1);
	syscall(SYS_write, 1, big, sizeof(big));
	syscall(SYS_write, 1, "", 0);
	syscall(SYS_write, 1, (void *)1, 5);       /* EFAULT: nothing to dump */
	syscall(SYS_write, 99, "bad fd", 6);      /* EBADF */

	/* Descriptors of their own (10 and up), away from the loader's 3. */
	if (pipe(p) < 0 || dup2(p[0], 10) < 0 || dup2(p[1], 11) < 0)
		return 1;
	close(p[0]);
	close(p[1]);
	syscall(SYS_write, 11, "through the pipe", 16);
	syscall(SYS_read, 10, buf, 7);
	syscall(SYS_read, 10, buf, sizeof(buf));
	struct iovec wv[3] = {{(void *)"first ", 6}, {(void *)"", 0}, {(void *)"second buffer", 13}};
	syscall(SYS_writev, 11, wv, 3);
	char r1[4], r2[64];
	struct iovec rv[2] = {{r1, sizeof(r1)}, {r2, sizeof(r2)}};
	syscall(SYS_readv, 10, rv, 2);
	syscall(SYS_write, 11, "xyz", 3);
	syscall(SYS_read, 10, (void *)1, 4);        /* EFAULT */

	int fd = open("dump.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600); /* 3 */
	dup2(fd, 12);
	fd = 12;
	syscall(SYS_pwrite64, fd, "positional", 10, 3);
	syscall(SYS_pread64, fd, buf, 20, 0);

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0 || dup2(sv[0], 13) < 0 || dup2(sv[1], 14) < 0)
		return 1;
	syscall(SYS_sendto, 13, "datagram one", 12, 0, NULL, 0);
	syscall(SYS_recvfrom, 14, buf, sizeof(buf), 0, NULL, NULL);
	struct iovec mv[2] = {{(void *)"msg part A|", 11}, {(void *)"msg part B", 10}};
	struct msghdr mh = {.msg_iov = mv, .msg_iovlen = 2};
	syscall(SYS_sendmsg, 13, &mh, 0);
	char m1[5], m2[64];
	struct iovec mr[2] = {{m1, sizeof(m1)}, {m2, sizeof(m2)}};
	struct msghdr rh = {.msg_iov = mr, .msg_iovlen = 2};
	syscall(SYS_recvmsg, 14, &rh, 0);
	struct iovec v1 = {(void *)"mmsg first", 10}, v2 = {(void *)"mmsg second", 11};
	struct mmsghdr mm[2] = {{.msg_hdr = {.msg_iov = &v1, .msg_iovlen = 1}},
				{.msg_hdr = {.msg_iov = &v2, .msg_iovlen = 1}}};
	syscall(SYS_sendmmsg, 13, mm, 2, 0);
	char b1[32], b2[32];
	struct iovec w1 = {b1, sizeof(b1)}, w2 = {b2, sizeof(b2)};
	struct mmsghdr rm[2] = {{.msg_hdr = {.msg_iov = &w1, .msg_iovlen = 1}},
				{.msg_hdr = {.msg_iov = &w2, .msg_iovlen = 1}}};
	syscall(SYS_recvmmsg, 14, rm, 2, MSG_DONTWAIT, NULL);

	kill(getpid(), SIGUSR1);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL); /* no SIGCHLD racing with wait4 */
	pid_t child = fork();
	if (child == 0) {
		syscall(SYS_write, 1, "child\n", 6);
		_exit(3);
	}
	waitpid(child, NULL, 0);
	return 0;
}
