// poll_epoll: epoll_create, epoll_create1, epoll_ctl, epoll_wait,
// epoll_pwait, epoll_pwait2, eventfd and eventfd2: events and their data,
// signal masks, timeouts, and failures.
//mytrace-test:
//mytrace-test: -s 2
//mytrace-test: -v
//mytrace-test: -y
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c, long d, long e, long f) {
	return syscall(nr, a, b, c, d, e, f);
}

int main(void) {
	int e1 = sys(SYS_eventfd, 5, 0, 0, 0, 0, 0);
	int e2 = sys(SYS_eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK, 0, 0, 0, 0);
	int e3 = sys(SYS_eventfd2, 1, EFD_SEMAPHORE, 0, 0, 0, 0);
	sys(SYS_eventfd2, 0, 0x10, 0, 0, 0, 0);

	int ep = sys(SYS_epoll_create, 1, 0, 0, 0, 0, 0);
	sys(SYS_epoll_create, 0, 0, 0, 0, 0, 0);
	int ep2 = sys(SYS_epoll_create1, EPOLL_CLOEXEC, 0, 0, 0, 0, 0);
	sys(SYS_epoll_create1, 1, 0, 0, 0, 0, 0);

	struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 0x1122334455667788ULL};
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, e1, (long)&ev, 0, 0);
	ev.events = EPOLLOUT | EPOLLIN;
	ev.data.fd = e2;
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, e2, (long)&ev, 0, 0);
	ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT | 0x800;
	ev.data.u64 = 3;
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, e3, (long)&ev, 0, 0);
	ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, e3, (long)&ev, 0, 0);
	ev.events = EPOLLIN;
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, e3, (long)&ev, 0, 0);
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, e3, (long)&ev, 0, 0);
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, e3, 0, 0, 0);
	sys(SYS_epoll_ctl, ep, 7, e3, (long)&ev, 0, 0);
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, e3, 0, 0, 0);
	sys(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, e3, 1, 0, 0);
	sys(SYS_epoll_ctl, -1, EPOLL_CTL_ADD, e3, (long)&ev, 0, 0);

	struct epoll_event out[4];
	sys(SYS_epoll_wait, ep, (long)out, 4, 100, 0, 0);
	sys(SYS_epoll_wait, ep2, (long)out, 4, 0, 0, 0);
	sys(SYS_epoll_wait, ep, (long)out, 0, 0, 0, 0);
	sys(SYS_epoll_wait, ep, 1, 4, 0, 0, 0);
	sys(SYS_epoll_wait, ep, 0, 4, 0, 0, 0);

	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGCHLD);
	sys(SYS_epoll_pwait, ep, (long)out, 4, -1, (long)&mask, 8);
	sys(SYS_epoll_pwait, ep2, (long)out, 4, 0, 0, 8);
	sys(SYS_epoll_pwait, ep, (long)out, 4, 0, (long)&mask, 4);

	struct timespec ts = {0, 5000};
	sys(SYS_epoll_pwait2, ep, (long)out, 1, (long)&ts, (long)&mask, 8);
	sys(SYS_epoll_pwait2, ep2, (long)out, 1, (long)&ts, 0, 8);
	sys(SYS_epoll_pwait2, ep, (long)out, 1, 0, 0, 8);
	sys(SYS_epoll_pwait2, ep, (long)out, 1, 1, 0, 8);

	uint64_t v;
	sys(SYS_read, e3, (long)&v, sizeof v, 0, 0, 0);
	return 0;
}
