// net_yy: what -yy shows of sockets: loopback TCP (listen, connect,
// accept, with port 0 and getsockname; a connect that does not block), UDP, IPv6, a UNIX stream pair
// from socketpair and named UNIX sockets in the cwd.
//mytrace-test: -y
//mytrace-test: -yy
//mytrace-test: -yy -x
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

int main(void) {
	struct sockaddr_in a = {.sin_family = AF_INET};
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	socklen_t len;
	char buf[16];
	int sv[2];

	/* TCP over IPv4: listen on an ephemeral port, connect, accept. */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, sizeof(a));
	listen(l, 4);
	len = sizeof(a);
	getsockname(l, (struct sockaddr *)&a, &len);
	struct sockaddr_in la = a;
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	int s = accept(l, NULL, NULL);
	write(c, "hi", 2);
	read(s, buf, sizeof(buf));
	getpeername(s, (struct sockaddr *)&a, &len);
	close(s);
	close(c);

	/* A connect that does not block (as curl makes it): the socket has
	 * both its addresses as soon as connect returns EINPROGRESS. */
	int nb = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(nb, (struct sockaddr *)&la, sizeof(la));
	struct pollfd pfd = {.fd = nb, .events = POLLOUT};
	poll(&pfd, 1, 1000);
	int soerr;
	len = sizeof(soerr);
	getsockopt(nb, SOL_SOCKET, SO_ERROR, &soerr, &len);
	write(nb, "hi", 2);
	s = accept(l, NULL, NULL);
	close(s);
	close(nb);
	close(l);

	/* UDP over IPv4: bound, then connected. */
	a.sin_port = 0;
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	bind(u, (struct sockaddr *)&a, sizeof(a));
	len = sizeof(a);
	getsockname(u, (struct sockaddr *)&a, &len);
	int u2 = socket(AF_INET, SOCK_DGRAM, 0);
	connect(u2, (struct sockaddr *)&a, sizeof(a));
	send(u2, "x", 1, 0);
	recv(u, buf, sizeof(buf), 0);
	close(u2);
	close(u);

	/* TCP and UDP over IPv6 (loopback). */
	a6.sin6_addr = in6addr_loopback;
	int l6 = socket(AF_INET6, SOCK_STREAM, 0);
	if (bind(l6, (struct sockaddr *)&a6, sizeof(a6)) == 0) {
		listen(l6, 1);
		len = sizeof(a6);
		getsockname(l6, (struct sockaddr *)&a6, &len);
		int c6 = socket(AF_INET6, SOCK_STREAM, 0);
		connect(c6, (struct sockaddr *)&a6, sizeof(a6));
		int s6 = accept4(l6, NULL, NULL, SOCK_CLOEXEC);
		close(s6);
		close(c6);
		a6.sin6_port = 0;
		int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
		bind(u6, (struct sockaddr *)&a6, sizeof(a6));
		close(u6);
	}
	close(l6);

	/* UNIX: a stream pair, then a named listener and its client. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "x", 1);
	close(sv[0]);
	close(sv[1]);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	close(sv[0]);
	close(sv[1]);
	strcpy(un.sun_path, "yy.sock");
	unlink("yy.sock");
	int ul = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(ul, (struct sockaddr *)&un, sizeof(un));
	listen(ul, 1);
	int uc = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(uc, (struct sockaddr *)&un, sizeof(un));
	int us = accept(ul, NULL, NULL);
	write(uc, "x", 1);
	close(us);
	close(uc);
	close(ul);
	unlink("yy.sock");
	/* An abstract name with a byte -x escapes. */
	un.sun_path[0] = 0;
	strcpy(un.sun_path + 1, "yy\001abs");
	int ua = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(ua, (struct sockaddr *)&un, sizeof(sa_family_t) + 8);
	close(ua);
	return 0;
}
