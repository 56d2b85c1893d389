// net_fork: a parent and a child talking over an AF_UNIX stream socket,
// so that accept, recvfrom, recvmsg, poll, select and epoll_wait block and
// their lines are cut in two ("<unfinished ...>", "<... resumed>").
//mytrace-test: -f
//mytrace-test: -f -v -s 4
//mytrace-test: -f -y
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c, long d, long e, long f) {
	return syscall(nr, a, b, c, d, e, f);
}

static void pause_a_little(void) {
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, 0);
}

int main(void) {
	struct sockaddr_un un = {.sun_family = AF_UNIX, .sun_path = "fork.sock"};
	socklen_t unlen = offsetof(struct sockaddr_un, sun_path) + 10;
	struct sockaddr_storage ss;
	socklen_t len;
	char buf[64];
	/* SIGCHLD stays pending: its arrival would race with wait4. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, 0);
	int s = sys(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
	sys(SYS_bind, s, (long)&un, unlen, 0, 0, 0);
	sys(SYS_listen, s, 1, 0, 0, 0, 0);
	pid_t pid = fork();
	if (pid == 0) {
		int c = sys(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
		pause_a_little();
		sys(SYS_connect, c, (long)&un, unlen, 0, 0, 0);
		pause_a_little();
		sys(SYS_sendto, c, (long)"one", 3, 0, 0, 0);
		pause_a_little();
		sys(SYS_sendto, c, (long)"two", 3, 0, 0, 0);
		pause_a_little();
		sys(SYS_sendto, c, (long)"three", 5, 0, 0, 0);
		pause_a_little();
		sys(SYS_sendto, c, (long)"four", 4, 0, 0, 0);
		pause_a_little();
		sys(SYS_sendto, c, (long)"five", 4, 0, 0, 0);
		len = sizeof ss;
		sys(SYS_recvfrom, c, (long)buf, sizeof buf, 0, (long)&ss, (long)&len);
		_exit(0);
	}
	len = sizeof ss;
	int a = sys(SYS_accept, s, (long)&ss, (long)&len, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_recvfrom, a, (long)buf, sizeof buf, 0, (long)&ss, (long)&len);
	struct pollfd pf = {a, POLLIN, 0};
	sys(SYS_poll, (long)&pf, 1, 5000, 0, 0, 0);
	sys(SYS_recvfrom, a, (long)buf, 3, 0, 0, 0);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(a, &rd);
	sys(SYS_select, a + 1, (long)&rd, 0, 0, 0, 0);
	sys(SYS_recvfrom, a, (long)buf, 5, 0, 0, 0);
	int ep = sys(SYS_epoll_create1, 0, 0, 0, 0, 0, 0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 42}, out[2];
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, a, (long)&ev, 0, 0);
	sys(SYS_epoll_wait, ep, (long)out, 2, 5000, 0, 0);
	sys(SYS_recvfrom, a, (long)buf, 4, 0, 0, 0);
	struct iovec iov = {buf, sizeof buf};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	sys(SYS_recvmsg, a, (long)&mh, 0, 0, 0, 0);
	sys(SYS_sendto, a, (long)"bye", 3, 0, 0, 0);
	sys(SYS_wait4, pid, 0, 0, 0, 0, 0);
	return 0;
}
