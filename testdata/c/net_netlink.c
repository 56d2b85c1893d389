// net_netlink: netlink messages on a NETLINK_ROUTE socket, as strace
// decodes them: a request before the socket is bound (strace cannot learn
// the protocol then), RTM_GETLINK for the loopback interface, an
// RTM_GETADDR dump filtered to it, an unknown type acknowledged with an
// NLMSG_ERROR, sendmsg/recvmsg, short and unreadable buffers.
//mytrace-test:
//mytrace-test: -s 8
//mytrace-test: -x
#define _GNU_SOURCE
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c, long d, long e, long f) {
	return syscall(nr, a, b, c, d, e, f);
}

static char buf[65536];

/* recv until NLMSG_DONE or an error message, at most n times. */
static void drain(int s, int n) {
	while (n-- > 0) {
		long r = sys(SYS_recvfrom, s, (long)buf, sizeof buf, MSG_DONTWAIT, 0, 0);
		if (r <= 0)
			return;
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		for (long left = r; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left))
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR ||
			    !(h->nlmsg_flags & NLM_F_MULTI))
				return;
	}
}

int main(void) {
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
		struct rtattr a;
		unsigned int mask;
	} link = {
		.h = {.nlmsg_len = sizeof link, .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1},
		.i = {.ifi_family = AF_UNSPEC, .ifi_index = 1},
		.a = {.rta_len = 8, .rta_type = IFLA_EXT_MASK},
		.mask = 1,
	};
	int s = sys(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE, 0, 0, 0);

	/* Not bound yet: the send binds it. */
	sys(SYS_sendto, s, (long)&link, sizeof link, 0, 0, 0);
	drain(s, 4);

	struct sockaddr_nl nl = {.nl_family = AF_NETLINK};
	int one = 1;
	int s2 = sys(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, 0, 0, 0);
	sys(SYS_bind, s2, (long)&nl, sizeof nl, 0, 0, 0);
	setsockopt(s2, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);
	link.h.nlmsg_seq = 2;
	sys(SYS_sendto, s2, (long)&link, sizeof link, 0, 0, 0);
	drain(s2, 4);

	/* Addresses of the loopback interface. */
	struct {
		struct nlmsghdr h;
		struct ifaddrmsg a;
	} addr = {
		.h = {.nlmsg_len = sizeof addr, .nlmsg_type = RTM_GETADDR, .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 3},
		.a = {.ifa_family = AF_UNSPEC, .ifa_index = 1},
	};
	sys(SYS_sendto, s2, (long)&addr, sizeof addr, 0, (long)&nl, sizeof nl);
	drain(s2, 8);

	/* The same through sendmsg and recvmsg. */
	struct iovec iov = {.iov_base = &addr, .iov_len = sizeof addr};
	struct msghdr mh = {.msg_name = &nl, .msg_namelen = sizeof nl, .msg_iov = &iov, .msg_iovlen = 1};
	addr.h.nlmsg_seq = 4;
	addr.a.ifa_family = AF_INET;
	sys(SYS_sendmsg, s2, (long)&mh, 0, 0, 0, 0);
	for (int i = 0; i < 4; i++) {
		struct iovec riov = {.iov_base = buf, .iov_len = sizeof buf};
		struct msghdr rh = {.msg_name = &nl, .msg_namelen = sizeof nl, .msg_iov = &riov, .msg_iovlen = 1};
		long r = sys(SYS_recvmsg, s2, (long)&rh, MSG_DONTWAIT, 0, 0, 0);
		if (r <= 0 || ((struct nlmsghdr *)buf)->nlmsg_type == NLMSG_DONE)
			break;
	}

	/* An unknown type, acknowledged with an error carrying the request. */
	struct {
		struct nlmsghdr h;
		unsigned char data[6];
	} bad = {
		.h = {.nlmsg_len = sizeof bad - 2, .nlmsg_type = 0x7ff, .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | 0x8000, .nlmsg_seq = 5},
		.data = "ab\1\2",
	};
	sys(SYS_sendto, s2, (long)&bad, sizeof bad, 0, 0, 0);
	drain(s2, 2);

	/* A no-op message with a payload, two messages, a short buffer, and
	 * buffers that cannot be read. */
	struct {
		struct nlmsghdr h1;
		int done;
		struct nlmsghdr h2;
	} two = {
		.h1 = {.nlmsg_len = 20, .nlmsg_type = NLMSG_DONE, .nlmsg_seq = 6},
		.done = -3,
		.h2 = {.nlmsg_len = 16, .nlmsg_type = NLMSG_NOOP, .nlmsg_flags = 0x7, .nlmsg_seq = 7},
	};
	sys(SYS_sendto, s2, (long)&two, sizeof two, MSG_DONTWAIT, 0, 0);
	sys(SYS_sendto, s2, (long)&two, 10, MSG_DONTWAIT, 0, 0);
	sys(SYS_sendto, s2, 1, 40, MSG_DONTWAIT, 0, 0);
	sys(SYS_sendto, s2, 0, 0, MSG_DONTWAIT, 0, 0);
	sys(SYS_recvfrom, s2, (long)buf, sizeof buf, MSG_DONTWAIT, 0, 0);
	sys(SYS_recvfrom, s2, (long)buf, sizeof buf, MSG_DONTWAIT, 0, 0);

	/* dup keeps the protocol. */
	int s3 = sys(SYS_dup, s2, 0, 0, 0, 0, 0);
	addr.h.nlmsg_seq = 8;
	sys(SYS_sendto, s3, (long)&addr, sizeof addr, 0, 0, 0);
	drain(s3, 8);
	close(s3);
	close(s2);
	close(s);
	return 0;
}
