// poll_basic: poll, ppoll, select and pselect6 on a socket pair: ready
// descriptors, timeouts, arrays longer than -s, unreadable arrays, signal
// masks and failures.
//mytrace-test:
//mytrace-test: -s 4
//mytrace-test: -v
//mytrace-test: -xx
//mytrace-test: -y
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c, long d, long e, long f) {
	return syscall(nr, a, b, c, d, e, f);
}

int main(void) {
	int sv[2];
	sys(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv, 0, 0);
	sys(SYS_sendto, sv[1], (long)"x", 1, 0, 0, 0);

	/* poll */
	struct pollfd pf[3] = {{sv[0], POLLIN | POLLPRI, 0}, {-1, POLLIN, 0}, {sv[1], POLLOUT | 0x4000, 0}};
	sys(SYS_poll, (long)pf, 3, 1000, 0, 0, 0);
	pf[2].events = POLLIN;
	sys(SYS_poll, (long)&pf[2], 1, 0, 0, 0, 0);
	sys(SYS_poll, 0, 0, 0, 0, 0, 0);
	sys(SYS_poll, (long)pf, 0, 0, 0, 0, 0);
	sys(SYS_poll, 1, 1, 0, 0, 0, 0);
	pf[0].fd = 99;
	pf[0].events = 0;
	sys(SYS_poll, (long)pf, 1, 0, 0, 0, 0);

	struct pollfd many[12];
	for (int i = 0; i < 12; i++) {
		many[i].fd = i % 2 ? sv[0] : sv[1];
		many[i].events = i % 2 ? POLLIN : POLLOUT | POLLWRNORM;
		many[i].revents = 0;
	}
	sys(SYS_poll, (long)many, 12, 0, 0, 0, 0);

	/* An array that runs into an unreadable page. */
	char *page = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(page + 4096, 4096, PROT_NONE);
	struct pollfd *edge = (struct pollfd *)(page + 4096) - 2;
	edge[0] = (struct pollfd){sv[0], POLLIN, 0};
	edge[1] = (struct pollfd){sv[1], POLLOUT, 0};
	sys(SYS_poll, (long)edge, 4, 0, 0, 0, 0);
	sys(SYS_poll, (long)edge, 2, 0, 0, 0, 0);

	/* ppoll */
	struct timespec ts = {0, 0};
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGRTMIN + 2);
	pf[0] = (struct pollfd){sv[0], POLLIN, 0};
	sys(SYS_ppoll, (long)pf, 1, (long)&ts, (long)&mask, 8, 0);
	pf[0].fd = sv[1];
	sys(SYS_ppoll, (long)pf, 1, (long)&ts, 0, 8, 0);
	ts.tv_sec = 5;
	pf[0].fd = sv[0];
	sys(SYS_ppoll, (long)pf, 1, (long)&ts, 0, 8, 0);
	sys(SYS_ppoll, (long)pf, 1, 0, (long)&mask, 8, 0);
	sys(SYS_ppoll, (long)pf, 1, (long)&ts, (long)&mask, 7, 0);
	sys(SYS_ppoll, (long)pf, 1, 1, 0, 8, 0);
	ts.tv_sec = 0;
	ts.tv_nsec = 1000;
	sys(SYS_ppoll, 0, 0, (long)&ts, 0, 8, 0);

	/* select */
	fd_set rd, wr, ex;
	struct timeval tv = {1, 500};
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	FD_SET(sv[0], &rd);
	FD_SET(sv[1], &rd);
	FD_SET(sv[0], &wr);
	FD_SET(sv[1], &wr);
	FD_SET(sv[0], &ex);
	sys(SYS_select, sv[1] + 1, (long)&rd, (long)&wr, (long)&ex, (long)&tv, 0);
	FD_ZERO(&rd);
	FD_SET(sv[1], &rd);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	sys(SYS_select, sv[1] + 1, (long)&rd, 0, 0, (long)&tv, 0);
	FD_SET(sv[0], &rd);
	sys(SYS_select, sv[1] + 1, (long)&rd, 0, 0, 0, 0);
	sys(SYS_select, 0, 0, 0, 0, (long)&tv, 0);
	sys(SYS_select, -1, (long)&rd, 0, 0, (long)&tv, 0);
	sys(SYS_select, 2, 1, 0, 0, (long)&tv, 0);
	sys(SYS_select, sv[1] + 1, (long)&rd, 0, 0, 1, 0);
	FD_ZERO(&rd);
	for (int i = 0; i < 1024; i += 100)
		FD_SET(i, &rd);
	sys(SYS_select, 1024, (long)&rd, 0, 0, (long)&tv, 0);

	/* pselect6 */
	struct {
		void *ss;
		size_t len;
	} sm = {&mask, 8};
	FD_ZERO(&rd);
	FD_SET(sv[0], &rd);
	ts.tv_sec = 2;
	sys(SYS_pselect6, sv[1] + 1, (long)&rd, 0, 0, (long)&ts, (long)&sm);
	FD_ZERO(&rd);
	FD_SET(sv[1], &rd);
	ts.tv_sec = 0;
	ts.tv_nsec = 0;
	sys(SYS_pselect6, sv[1] + 1, (long)&rd, 0, 0, (long)&ts, 0);
	sm.len = 16;
	sys(SYS_pselect6, sv[1] + 1, (long)&rd, 0, 0, (long)&ts, (long)&sm);
	sm.ss = 0;
	sm.len = 8;
	sys(SYS_pselect6, sv[1] + 1, (long)&rd, 0, 0, (long)&ts, (long)&sm);
	sys(SYS_pselect6, sv[1] + 1, (long)&rd, 0, 0, (long)&ts, 1);
	return 0;
}
