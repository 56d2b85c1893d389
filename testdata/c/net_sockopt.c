// net_sockopt: setsockopt and getsockopt at several levels: int options,
// linger, timeouts and strings, value-result lengths, unknown levels and
// names, and failures.
//mytrace-test:
//mytrace-test: -s 6
//mytrace-test: -x
//mytrace-test: -v
//mytrace-test: -y
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c, long d, long e, long f) {
	return syscall(nr, a, b, c, d, e, f);
}

int main(void) {
	int one = 1, v = 0;
	socklen_t len;
	struct linger lg = {1, 5};
	struct timeval tv = {3, 250000};
	struct ip_mreq mreq;
	struct ipv6_mreq mreq6;
	char buf[64];

	int s = sys(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, 0, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, (long)&one, sizeof one, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, (long)&one, 2, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_KEEPALIVE, (long)&one, 8, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, (long)&lg, sizeof lg, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, (long)&lg, 4, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, (long)&tv, sizeof tv, 0);
	static const char longval[64] = "\3\0\0\0\0\0\0\0\1\0\0\0\0\0\0\0 and some text after it";
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_SNDTIMEO_OLD, (long)longval, -1, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, (long)"lo", 3, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_TYPE, (long)&one, 4, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, 0x7777, (long)&one, 4, 0);
	sys(SYS_setsockopt, s, IPPROTO_TCP, TCP_NODELAY, (long)&one, sizeof one, 0);
	sys(SYS_setsockopt, s, IPPROTO_TCP, TCP_KEEPIDLE, (long)&one, sizeof one, 0);
	sys(SYS_setsockopt, s, IPPROTO_TCP, 999, (long)&one, sizeof one, 0);
	v = 0x10;
	sys(SYS_setsockopt, s, IPPROTO_IP, IP_TOS, (long)&v, sizeof v, 0);
	sys(SYS_setsockopt, s, IPPROTO_IP, IP_TTL, (long)"\1\2\3\4\5\6\7\10", 8, 0);
	inet_pton(AF_INET, "224.0.0.251", &mreq.imr_multiaddr);
	mreq.imr_interface.s_addr = htonl(INADDR_LOOPBACK);
	sys(SYS_setsockopt, s, IPPROTO_IP, IP_ADD_MEMBERSHIP, (long)&mreq, sizeof mreq, 0);
	sys(SYS_setsockopt, s, IPPROTO_IP, IP_DROP_MEMBERSHIP, (long)&mreq, 4, 0);
	inet_pton(AF_INET6, "ff02::fb", &mreq6.ipv6mr_multiaddr);
	mreq6.ipv6mr_interface = 1;
	sys(SYS_setsockopt, s, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, (long)&mreq6, sizeof mreq6, 0);
	sys(SYS_setsockopt, s, 12345, 1, (long)&one, sizeof one, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, 0, 4, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, 1, 4, 0);
	sys(SYS_setsockopt, s, SOL_SOCKET, SO_RCVBUF, 1, 16, 0);
	sys(SYS_setsockopt, -1, SOL_SOCKET, SO_REUSEADDR, (long)&one, 4, 0);

	len = sizeof v;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, (long)&v, (long)&len, 0);
	len = 8;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_REUSEADDR, (long)&buf, (long)&len, 0);
	len = 2;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_REUSEADDR, (long)&buf, (long)&len, 0);
	len = sizeof lg;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_LINGER, (long)&lg, (long)&len, 0);
	len = 6;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_LINGER, (long)&lg, (long)&len, 0);
	len = 3;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_LINGER, (long)&lg, (long)&len, 0);
	len = sizeof tv;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, (long)&tv, (long)&len, 0);
	len = sizeof buf;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, (long)buf, (long)&len, 0);
	len = sizeof v;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_ERROR, (long)&v, (long)&len, 0);
	len = 2;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_ERROR, (long)&v, (long)&len, 0);
	len = sizeof v;
	sys(SYS_getsockopt, s, IPPROTO_TCP, TCP_NODELAY, (long)&v, (long)&len, 0);
	len = sizeof v;
	sys(SYS_getsockopt, s, IPPROTO_TCP, TCP_MAXSEG, (long)&v, (long)&len, 0);
	len = sizeof v;
	sys(SYS_getsockopt, s, IPPROTO_IP, IP_TOS, (long)&v, (long)&len, 0);
	len = sizeof v;
	sys(SYS_getsockopt, s, IPPROTO_IP, 0x7777, (long)&v, (long)&len, 0);
	len = 0;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, (long)&v, (long)&len, 0);
	len = -1;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, (long)&v, (long)&len, 0);
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, (long)&v, 0, 0);
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, (long)&v, 1, 0);
	len = sizeof v;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, 1, (long)&len, 0);
	len = sizeof v;
	sys(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, 0, (long)&len, 0);
	len = sizeof v;
	sys(SYS_getsockopt, -1, SOL_SOCKET, SO_TYPE, (long)&v, (long)&len, 0);

	/* A refused non-blocking connection leaves its error in SO_ERROR. */
	int c = sys(SYS_socket, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0, 0, 0, 0);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(1), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	sys(SYS_connect, c, (long)&sin, sizeof sin, 0, 0, 0);
	len = sizeof v;
	sys(SYS_getsockopt, c, SOL_SOCKET, SO_ERROR, (long)&v, (long)&len, 0);
	close(c);
	close(s);

	int sv[2];
	struct ucred cred;
	sys(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv, 0, 0);
	len = sizeof cred;
	sys(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, (long)&cred, (long)&len, 0);
	len = 8;
	sys(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, (long)&cred, (long)&len, 0);
	sys(SYS_setsockopt, sv[0], SOL_SOCKET, SO_PASSCRED, (long)&one, sizeof one, 0);
	len = sizeof v;
	sys(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PASSCRED, (long)&v, (long)&len, 0);
	return 0;
}
