// net_more: AF_PACKET addresses and options, multicast group requests,
// IPv6 TCP over ::1, and IP-level ancillary data (IP_PKTINFO, IP_TTL,
// IP_TOS, SO_TIMESTAMP) received with recvmsg.
//mytrace-test:
//mytrace-test: -v -s 3
//mytrace-test: -xx
//mytrace-test: -y
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static long sys(long nr, long a, long b, long c, long d, long e, long f) {
	return syscall(nr, a, b, c, d, e, f);
}

int main(void) {
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1;

	/* AF_PACKET on the loopback interface (index 1). */
	int p = sys(SYS_socket, AF_PACKET, SOCK_RAW, htons(ETH_P_ALL), 0, 0, 0);
	sys(SYS_socket, AF_PACKET, SOCK_DGRAM, htons(0x1234), 0, 0, 0);
	struct sockaddr_ll ll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_ifindex = 1};
	sys(SYS_bind, p, (long)&ll, sizeof ll, 0, 0, 0);
	len = sizeof ss;
	sys(SYS_getsockname, p, (long)&ss, (long)&len, 0, 0, 0);
	ll.sll_halen = 6;
	memcpy(ll.sll_addr, "\x00\x11\x22\x33\x44\x55", 6);
	ll.sll_pkttype = PACKET_MULTICAST;
	ll.sll_hatype = 0xfffe;
	sys(SYS_bind, p, (long)&ll, sizeof ll, 0, 0, 0);
	sys(SYS_bind, p, (long)&ll, 16, 0, 0, 0);
	sys(SYS_bind, p, (long)&ll, 12, 0, 0, 0);
	struct packet_mreq pm = {.mr_ifindex = 1, .mr_type = PACKET_MR_PROMISC, .mr_alen = 6};
	memcpy(pm.mr_address, "\x02\x00\x00\x00\x00\x01", 6);
	sys(SYS_setsockopt, p, SOL_PACKET, PACKET_ADD_MEMBERSHIP, (long)&pm, sizeof pm, 0);
	sys(SYS_setsockopt, p, SOL_PACKET, PACKET_DROP_MEMBERSHIP, (long)&pm, 8, 0);
	struct tpacket_req req = {4096, 0, 2048, 0};
	sys(SYS_setsockopt, p, SOL_PACKET, PACKET_RX_RING, (long)&req, sizeof req, 0);
	sys(SYS_setsockopt, p, SOL_PACKET, PACKET_VERSION, (long)&one, sizeof one, 0);
	close(p);

	/* Multicast group requests on a UDP socket. */
	int u = sys(SYS_socket, AF_INET, SOCK_DGRAM, 0, 0, 0, 0);
	struct group_req gr = {.gr_interface = 1};
	struct sockaddr_in *g4 = (struct sockaddr_in *)&gr.gr_group;
	g4->sin_family = AF_INET;
	inet_pton(AF_INET, "239.1.2.3", &g4->sin_addr);
	sys(SYS_setsockopt, u, SOL_IP, MCAST_JOIN_GROUP, (long)&gr, sizeof gr, 0);
	sys(SYS_setsockopt, u, SOL_IP, MCAST_LEAVE_GROUP, (long)&gr, sizeof gr, 0);
	sys(SYS_setsockopt, u, SOL_IP, MCAST_LEAVE_GROUP, (long)&gr, 8, 0);

	/* IP-level ancillary data. */
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	sys(SYS_bind, u, (long)&sin, sizeof sin, 0, 0, 0);
	len = sizeof sin;
	sys(SYS_getsockname, u, (long)&sin, (long)&len, 0, 0, 0);
	sys(SYS_setsockopt, u, SOL_IP, IP_PKTINFO, (long)&one, sizeof one, 0);
	sys(SYS_setsockopt, u, SOL_IP, IP_RECVTTL, (long)&one, sizeof one, 0);
	sys(SYS_setsockopt, u, SOL_IP, IP_RECVTOS, (long)&one, sizeof one, 0);
	sys(SYS_setsockopt, u, SOL_SOCKET, SO_TIMESTAMP_OLD, (long)&one, sizeof one, 0);
	sys(SYS_sendto, u, (long)"ancillary", 9, 0, (long)&sin, sizeof sin);
	char data[16];
	union {
		char buf[256];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {data, sizeof data};
	struct msghdr mh = {.msg_name = &ss, .msg_namelen = sizeof ss, .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
	sys(SYS_recvmsg, u, (long)&mh, 0, 0, 0, 0);
	sys(SYS_sendto, u, (long)"short", 5, 0, (long)&sin, sizeof sin);
	mh.msg_controllen = 40;
	sys(SYS_recvmsg, u, (long)&mh, 0, 0, 0, 0);
	close(u);

	/* IPv6 TCP over ::1. */
	struct sockaddr_in6 s6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	int l = sys(SYS_socket, AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP, 0, 0, 0);
	sys(SYS_bind, l, (long)&s6, sizeof s6, 0, 0, 0);
	sys(SYS_listen, l, 2, 0, 0, 0, 0);
	len = sizeof s6;
	sys(SYS_getsockname, l, (long)&s6, (long)&len, 0, 0, 0);
	int c = sys(SYS_socket, AF_INET6, SOCK_STREAM, 0, 0, 0, 0);
	sys(SYS_connect, c, (long)&s6, sizeof s6, 0, 0, 0);
	len = sizeof ss;
	int a = sys(SYS_accept4, l, (long)&ss, (long)&len, SOCK_CLOEXEC | SOCK_NONBLOCK, 0, 0);
	len = 24;
	sys(SYS_getpeername, a, (long)&ss, (long)&len, 0, 0, 0);
	sys(SYS_setsockopt, c, SOL_IPV6, IPV6_V6ONLY, (long)&one, sizeof one, 0);
	int v;
	len = sizeof v;
	sys(SYS_getsockopt, c, SOL_IPV6, IPV6_V6ONLY, (long)&v, (long)&len, 0);
	sys(SYS_shutdown, a, SHUT_RDWR, 0, 0, 0, 0);
	return 0;
}
