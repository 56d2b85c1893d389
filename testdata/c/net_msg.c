// net_msg: sendmsg, recvmsg, sendmmsg and recvmmsg over AF_UNIX datagram
// sockets bound in the cwd: names, iovecs cut by the returned length,
// SCM_RIGHTS and SCM_CREDENTIALS, truncation flags, and failures.
//mytrace-test:
//mytrace-test: -s 5
//mytrace-test: -v
//mytrace-test: -x
//mytrace-test: -s 2
//mytrace-test: -y
#define _GNU_SOURCE
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c, long d, long e, long f) {
	return syscall(nr, a, b, c, d, e, f);
}

static socklen_t unaddr(struct sockaddr_un *un, const char *path) {
	memset(un, 0, sizeof *un);
	un->sun_family = AF_UNIX;
	strcpy(un->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

int main(void) {
	struct sockaddr_un srv, cli, from;
	socklen_t srvlen = unaddr(&srv, "srv.sock"), clilen = unaddr(&cli, "cli.sock");
	int one = 1;
	int s = sys(SYS_socket, AF_UNIX, SOCK_DGRAM, 0, 0, 0, 0);
	int c = sys(SYS_socket, AF_UNIX, SOCK_DGRAM, 0, 0, 0, 0);
	sys(SYS_bind, s, (long)&srv, srvlen, 0, 0, 0);
	sys(SYS_bind, c, (long)&cli, clilen, 0, 0, 0);

	/* sendmsg with a name and two buffers; recvmsg shows the sender. */
	char a[] = "first buffer", b[] = "second\n";
	struct iovec iov[2] = {{a, sizeof a - 1}, {b, sizeof b - 1}};
	struct msghdr mh = {.msg_name = &srv, .msg_namelen = srvlen, .msg_iov = iov, .msg_iovlen = 2};
	sys(SYS_sendmsg, c, (long)&mh, MSG_DONTWAIT, 0, 0, 0);
	char r1[8], r2[32];
	struct iovec riov[2] = {{r1, sizeof r1}, {r2, sizeof r2}};
	struct msghdr rh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = riov, .msg_iovlen = 2};
	sys(SYS_recvmsg, s, (long)&rh, 0, 0, 0, 0);

	/* A short receive: the data is cut and MSG_TRUNC set. */
	sys(SYS_sendmsg, c, (long)&mh, 0, 0, 0, 0);
	riov[1].iov_len = 3;
	rh.msg_namelen = 4;
	sys(SYS_recvmsg, s, (long)&rh, 0, 0, 0, 0);
	sys(SYS_recvmsg, s, (long)&rh, MSG_DONTWAIT, 0, 0, 0);

	/* Descriptors and credentials as ancillary data. */
	union {
		char buf[CMSG_SPACE(3 * sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} ctl;
	memset(&ctl, 0, sizeof ctl);
	struct cmsghdr *cm = (struct cmsghdr *)ctl.buf;
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(3 * sizeof(int));
	int fds[3] = {0, 1, 2};
	memcpy(CMSG_DATA(cm), fds, sizeof fds);
	mh.msg_control = ctl.buf;
	mh.msg_controllen = CMSG_SPACE(3 * sizeof(int));
	mh.msg_iovlen = 1;
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_PASSCRED, (long)&one, sizeof one, 0);
	sys(SYS_sendmsg, c, (long)&mh, 0, 0, 0, 0);
	union {
		char buf[256];
		struct cmsghdr align;
	} rctl;
	memset(&rctl, 0, sizeof rctl);
	rh.msg_namelen = sizeof from;
	rh.msg_control = rctl.buf;
	rh.msg_controllen = sizeof rctl.buf;
	riov[1].iov_len = sizeof r2;
	sys(SYS_recvmsg, s, (long)&rh, MSG_CMSG_CLOEXEC, 0, 0, 0);
	/* Control data too short for a header, and an unknown level. */
	mh.msg_controllen = 8;
	sys(SYS_sendmsg, c, (long)&mh, 0, 0, 0, 0);
	cm->cmsg_level = 0x1234;
	cm->cmsg_type = 77;
	cm->cmsg_len = 20;
	mh.msg_controllen = 24;
	sys(SYS_sendmsg, c, (long)&mh, 0, 0, 0, 0);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = 2;
	sys(SYS_sendmsg, c, (long)&mh, 0, 0, 0, 0);
	mh.msg_control = 0;
	mh.msg_controllen = 0;
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_PASSCRED, (long)&one, 0, 0);

	/* Failures. */
	sys(SYS_sendmsg, c, 1, 0, 0, 0, 0);
	sys(SYS_sendmsg, c, 0, 0, 0, 0, 0);
	sys(SYS_sendmsg, -1, (long)&mh, 0, 0, 0, 0);
	sys(SYS_recvmsg, s, 1, MSG_DONTWAIT, 0, 0, 0);
	mh.msg_iov = (void *)1;
	sys(SYS_sendmsg, c, (long)&mh, 0, 0, 0, 0);
	mh.msg_iov = iov;

	/* Many buffers, more than -s shows. */
	struct iovec many[8];
	for (int i = 0; i < 8; i++) {
		many[i].iov_base = a + i;
		many[i].iov_len = 1;
	}
	mh.msg_iov = many;
	mh.msg_iovlen = 8;
	sys(SYS_sendmsg, c, (long)&mh, 0, 0, 0, 0);
	rh.msg_control = 0;
	rh.msg_controllen = 0;
	rh.msg_namelen = sizeof from;
	sys(SYS_recvmsg, s, (long)&rh, 0, 0, 0, 0);
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;

	/* sendmmsg and recvmmsg. */
	struct mmsghdr mm[3];
	memset(mm, 0, sizeof mm);
	for (int i = 0; i < 3; i++) {
		mm[i].msg_hdr.msg_name = &srv;
		mm[i].msg_hdr.msg_namelen = srvlen;
		mm[i].msg_hdr.msg_iov = &iov[i % 2];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	sys(SYS_sendmmsg, c, (long)mm, 3, 0, 0, 0);
	struct mmsghdr rm[4];
	char rb[4][16];
	struct iovec rio[4];
	struct sockaddr_un names[4];
	memset(rm, 0, sizeof rm);
	for (int i = 0; i < 4; i++) {
		rio[i].iov_base = rb[i];
		rio[i].iov_len = sizeof rb[i];
		rm[i].msg_hdr.msg_iov = &rio[i];
		rm[i].msg_hdr.msg_iovlen = 1;
		rm[i].msg_hdr.msg_name = &names[i];
		rm[i].msg_hdr.msg_namelen = i == 1 ? 6 : sizeof names[i];
	}
	struct timespec ts = {1, 0};
	sys(SYS_recvmmsg, s, (long)rm, 2, 0, (long)&ts, 0);
	sys(SYS_recvmmsg, s, (long)rm, 4, MSG_DONTWAIT, 0, 0);
	sys(SYS_recvmmsg, s, (long)rm, 4, MSG_DONTWAIT, (long)&ts, 0);
	sys(SYS_recvmmsg, s, 0, 4, MSG_DONTWAIT, 0, 0);
	sys(SYS_sendmmsg, c, (long)mm, 0, 0, 0, 0);
	mm[1].msg_hdr.msg_iov = (void *)1;
	sys(SYS_sendmmsg, c, (long)mm, 3, MSG_NOSIGNAL, 0, 0);
	sys(SYS_sendmmsg, -1, (long)mm, 2, 0, 0, 0);
	sys(SYS_recvmmsg, s, (long)rm, 4, MSG_DONTWAIT, 0, 0);
	sys(SYS_recvmmsg, s, (long)rm, 4, MSG_DONTWAIT, 0, 0);
	return 0;
}
