// net_basic: sockets in one process over AF_UNIX (paths in the cwd,
// abstract, unnamed) and loopback TCP/UDP: socket, socketpair, bind,
// listen, connect, accept, accept4, getsockname, getpeername, sendto,
// recvfrom, shutdown, with their failures.
//mytrace-test:
//mytrace-test: -s 8
//mytrace-test: -x
//mytrace-test: -xx
//mytrace-test: -v
//mytrace-test: -y
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c, long d, long e, long f) {
	return syscall(nr, a, b, c, d, e, f);
}

int main(void) {
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	struct sockaddr_storage ss;
	socklen_t len;
	char buf[128];
	int sv[2];

	/* socket: families, types with flags, protocols by family. */
	int s = sys(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
	close(sys(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP, 0, 0, 0));
	close(sys(SYS_socket, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 0, 0, 0));
	close(sys(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE, 0, 0, 0));
	sys(SYS_socket, 12345, SOCK_STREAM, 0, 0, 0, 0);
	sys(SYS_socket, AF_INET, 0xf | 0x100, 0, 0, 0, 0);
	sys(SYS_socket, AF_INET, SOCK_DGRAM | 0x40000000, 0, 0, 0, 0);
	sys(SYS_socket, AF_INET, SOCK_STREAM, 200, 0, 0, 0);
	sys(SYS_socket, AF_UNIX, SOCK_STREAM, 7, 0, 0, 0);
	sys(SYS_socket, -1, -1, -1, 0, 0, 0);

	/* AF_UNIX stream pair through a path in the cwd. */
	strcpy(un.sun_path, "sock.path");
	sys(SYS_bind, s, (long)&un, offsetof(struct sockaddr_un, sun_path) + strlen(un.sun_path) + 1, 0, 0, 0);
	sys(SYS_listen, s, 5, 0, 0, 0, 0);
	int c = sys(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
	sys(SYS_connect, c, (long)&un, sizeof un, 0, 0, 0);
	len = sizeof ss;
	int a = sys(SYS_accept4, s, (long)&ss, (long)&len, SOCK_CLOEXEC, 0, 0);
	len = sizeof ss;
	sys(SYS_getsockname, s, (long)&ss, (long)&len, 0, 0, 0);
	len = 4;
	sys(SYS_getsockname, s, (long)&ss, (long)&len, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_getpeername, c, (long)&ss, (long)&len, 0, 0, 0);
	sys(SYS_sendto, c, (long)"hello, world\n\1\2\3 and more", 25, MSG_NOSIGNAL, 0, 0);
	len = sizeof ss;
	sys(SYS_recvfrom, a, (long)buf, sizeof buf, 0, (long)&ss, (long)&len);
	sys(SYS_sendto, a, (long)"x", 1, MSG_DONTWAIT | 0x80000000, 0, 0);
	sys(SYS_recvfrom, c, (long)buf, sizeof buf, MSG_PEEK, 0, 0);
	sys(SYS_recvfrom, c, (long)buf, sizeof buf, 0, 0, (long)&len);
	sys(SYS_recvfrom, c, (long)buf, sizeof buf, MSG_DONTWAIT, (long)&ss, (long)&len);
	sys(SYS_recvfrom, c, (long)buf, sizeof buf, MSG_DONTWAIT, 0, 0);
	sys(SYS_shutdown, c, SHUT_WR, 0, 0, 0, 0);
	sys(SYS_shutdown, c, 5, 0, 0, 0, 0);
	sys(SYS_recvfrom, a, (long)buf, sizeof buf, 0, 0, 0);
	close(a);
	close(c);
	close(s);

	/* Abstract and unnamed AF_UNIX addresses, and odd lengths. */
	s = sys(SYS_socket, AF_UNIX, SOCK_DGRAM, 0, 0, 0, 0);
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, "\0abstract\0name\1", 16);
	sys(SYS_bind, s, (long)&un, offsetof(struct sockaddr_un, sun_path) + 16, 0, 0, 0);
	c = sys(SYS_socket, AF_UNIX, SOCK_DGRAM, 0, 0, 0, 0);
	sys(SYS_connect, c, (long)&un, offsetof(struct sockaddr_un, sun_path) + 16, 0, 0, 0);
	sys(SYS_sendto, c, (long)"dgram", 5, 0, 0, 0);
	len = sizeof ss;
	/* MSG_DONTWAIT: never hang should another process hold the name. */
	sys(SYS_recvfrom, s, (long)buf, 2, MSG_DONTWAIT | MSG_TRUNC, (long)&ss, (long)&len);
	len = sizeof ss;
	sys(SYS_getsockname, s, (long)&ss, (long)&len, 0, 0, 0);
	len = 5;
	sys(SYS_getsockname, s, (long)&ss, (long)&len, 0, 0, 0);
	un.sun_path[0] = 'x';
	sys(SYS_connect, c, (long)&un, 2, 0, 0, 0);
	sys(SYS_connect, c, (long)&un, 3, 0, 0, 0);
	sys(SYS_connect, c, (long)&un, sizeof un + 20, 0, 0, 0);
	memset(un.sun_path, 'p', sizeof un.sun_path);
	sys(SYS_connect, c, (long)&un, sizeof un, 0, 0, 0);
	sys(SYS_connect, c, (long)&un, 1, 0, 0, 0);
	sys(SYS_connect, c, (long)&un, -1, 0, 0, 0);
	sys(SYS_connect, c, 0, 0, 0, 0, 0);
	sys(SYS_connect, c, 0, 16, 0, 0, 0);
	sys(SYS_connect, c, 1, 16, 0, 0, 0);
	close(c);
	close(s);

	/* Loopback TCP: the ports are ephemeral. */
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	s = sys(SYS_socket, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP, 0, 0, 0);
	sys(SYS_bind, s, (long)&sin, sizeof sin, 0, 0, 0);
	sys(SYS_bind, s, (long)&sin, sizeof sin, 0, 0, 0);
	sys(SYS_listen, s, 1, 0, 0, 0, 0);
	len = sizeof sin;
	sys(SYS_getsockname, s, (long)&sin, (long)&len, 0, 0, 0);
	c = sys(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, 0, 0);
	sys(SYS_connect, c, (long)&sin, sizeof sin, 0, 0, 0);
	len = sizeof ss;
	a = sys(SYS_accept, s, (long)&ss, (long)&len, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_getpeername, a, (long)&ss, (long)&len, 0, 0, 0);
	sys(SYS_sendto, a, (long)"tcp data", 8, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_recvfrom, c, (long)buf, sizeof buf, 0, (long)&ss, (long)&len);
	sys(SYS_accept4, s, 0, 0, SOCK_NONBLOCK, 0, 0);
	sys(SYS_accept4, s, (long)&ss, 0, 0x1000, 0, 0);
	close(a);
	close(c);
	close(s);

	/* Loopback UDP with addresses on both sides. */
	s = sys(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0, 0, 0, 0);
	sin.sin_port = 0;
	sys(SYS_bind, s, (long)&sin, sizeof sin, 0, 0, 0);
	len = sizeof sin;
	sys(SYS_getsockname, s, (long)&sin, (long)&len, 0, 0, 0);
	c = sys(SYS_socket, AF_INET, SOCK_DGRAM, 0, 0, 0, 0);
	sys(SYS_sendto, c, (long)"ping", 4, 0, (long)&sin, sizeof sin);
	len = sizeof ss;
	sys(SYS_recvfrom, s, (long)buf, sizeof buf, 0, (long)&ss, (long)&len);
	len = 8;
	sys(SYS_recvfrom, s, (long)buf, sizeof buf, 0, (long)&ss, (long)&len);
	struct sockaddr_in fixed = {.sin_family = AF_INET, .sin_port = htons(7), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	sys(SYS_sendto, c, (long)"ping", 4, 0, (long)&fixed, 8);
	sys(SYS_sendto, c, (long)"ping", 4, 0, 1, sizeof sin);
	sys(SYS_sendto, -1, (long)"ping", 4, 0, (long)&sin, sizeof sin);
	sin.sin_port = htons(1);
	sys(SYS_connect, c, (long)&sin, sizeof sin, 0, 0, 0);
	sys(SYS_sendto, c, (long)"ping", 4, 0, 0, 0);
	sys(SYS_recvfrom, c, (long)buf, sizeof buf, 0, 0, 0);
	close(c);
	c = sys(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, 0, 0);
	sys(SYS_connect, c, (long)&sin, sizeof sin, 0, 0, 0);
	close(c);
	close(s);

	/* IPv6 addresses. */
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_port = htons(8080), .sin6_flowinfo = htonl(5)};
	s = sys(SYS_socket, AF_INET6, SOCK_DGRAM, 0, 0, 0, 0);
	sin6.sin6_addr = in6addr_loopback;
	sys(SYS_connect, s, (long)&sin6, sizeof sin6, 0, 0, 0);
	inet_pton(AF_INET6, "::ffff:10.1.2.3", &sin6.sin6_addr);
	sys(SYS_connect, s, (long)&sin6, 24, 0, 0, 0);
	inet_pton(AF_INET6, "::1.2.3.4", &sin6.sin6_addr);
	sys(SYS_connect, s, (long)&sin6, 23, 0, 0, 0);
	inet_pton(AF_INET6, "2001:db8:0:0:1:0:0:1", &sin6.sin6_addr);
	sys(SYS_bind, s, (long)&sin6, sizeof sin6, 0, 0, 0);
	inet_pton(AF_INET6, "fe80::1", &sin6.sin6_addr);
	sin6.sin6_scope_id = 1;
	sys(SYS_bind, s, (long)&sin6, sizeof sin6, 0, 0, 0);
	sin6.sin6_scope_id = 12345;
	sys(SYS_bind, s, (long)&sin6, sizeof sin6, 0, 0, 0);
	inet_pton(AF_INET6, "ff02::2", &sin6.sin6_addr);
	sys(SYS_bind, s, (long)&sin6, sizeof sin6, 0, 0, 0);
	close(s);

	/* Netlink and families shown as raw bytes. */
	struct sockaddr_nl nl = {.nl_family = AF_NETLINK, .nl_pid = 0, .nl_groups = 0};
	s = sys(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, 0, 0, 0);
	sys(SYS_bind, s, (long)&nl, sizeof nl, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_getsockname, s, (long)&ss, (long)&len, 0, 0, 0);
	nl.nl_pad = 7;
	nl.nl_groups = 0x10;
	nl.nl_pid = 4294967295u;
	sys(SYS_connect, s, (long)&nl, sizeof nl, 0, 0, 0);
	sys(SYS_connect, s, (long)&nl, 8, 0, 0, 0);
	close(s);
	memset(&ss, 0, sizeof ss);
	ss.ss_family = AF_APPLETALK;
	memcpy((char *)&ss + 2, "\1\2abc\0z", 8);
	sys(SYS_bind, 0, (long)&ss, 10, 0, 0, 0);
	ss.ss_family = 0xabcd;
	sys(SYS_bind, 0, (long)&ss, 4, 0, 0, 0);
	sys(SYS_bind, 0, (long)&ss, 2, 0, 0, 0);
	sys(SYS_bind, 0, (long)&ss, 200, 0, 0, 0);

	/* socketpair and listen/accept failures. */
	sys(SYS_socketpair, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, (long)sv, 0, 0);
	sys(SYS_socketpair, AF_INET, SOCK_STREAM, 0, (long)sv, 0, 0);
	sys(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
	sys(SYS_socketpair, AF_UNIX, SOCK_STREAM, -1L, (long)sv, 0, 0);
	sys(SYS_listen, -1, 5, 0, 0, 0, 0);
	sys(SYS_accept, sv[0], 0, 0, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_accept, 1234, (long)&ss, (long)&len, 0, 0, 0);
	sys(SYS_getsockname, sv[0], (long)&ss, 0, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_getsockname, sv[0], 1, (long)&len, 0, 0, 0);
	sys(SYS_getsockname, sv[0], (long)&ss, 1, 0, 0, 0);
	len = -1;
	sys(SYS_getsockname, sv[0], (long)&ss, (long)&len, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_getpeername, 0, (long)&ss, (long)&len, 0, 0, 0);
	return 0;
}
