// mem_numa: migrate_pages, move_pages, set_mempolicy_home_node,
// process_madvise, process_mrelease, memfd_secret and futex_waitv.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 2
//mytrace-test: -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_set_mempolicy_home_node
#define SYS_set_mempolicy_home_node 450
#endif
#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif
#ifndef SYS_process_mrelease
#define SYS_process_mrelease 448
#endif
#ifndef SYS_process_madvise
#define SYS_process_madvise 440
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447
#endif

struct waiter {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

int main(void) {
	char *p = (char *)syscall(SYS_mmap, NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = p[4096] = 1;
	unsigned long oldn[2] = {1, 0}, newn[2] = {1, 0};
	syscall(SYS_migrate_pages, 0, 64, oldn, newn);
	syscall(SYS_migrate_pages, 0, 0, NULL, NULL);
	syscall(SYS_migrate_pages, -1, 65, oldn, (void *)1);

	void *pages[4] = {p, p + 4096, p + 8192, (void *)1};
	int nodes[4] = {0, 0, 0, 0};
	int status[4] = {7, 7, 7, 7};
	syscall(SYS_move_pages, 0, 4, pages, NULL, status, 0);
	syscall(SYS_move_pages, 0, 2, pages, nodes, status, 2);
	syscall(SYS_move_pages, 0, 1, pages, nodes, status, 0x10);
	syscall(SYS_move_pages, 0, 1, (void *)1, NULL, status, 0);
	syscall(SYS_move_pages, 0, 0, NULL, NULL, NULL, 4);

	syscall(SYS_set_mempolicy_home_node, p, 4096, 0, 0);
	syscall(SYS_set_mempolicy_home_node, p, 4096, 1000, 5);
	struct iovec iov[3] = {{p, 4096}, {p + 4096, 8192}, {NULL, 0}};
	int pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	syscall(SYS_process_madvise, pidfd, iov, 2, MADV_COLD, 0);
	syscall(SYS_process_madvise, pidfd, iov, 3, MADV_PAGEOUT, 1);
	syscall(SYS_process_madvise, -1, iov, 1, 0x55, 0);
	syscall(SYS_process_madvise, pidfd, NULL, 0, MADV_COLD, 0);
	syscall(SYS_process_madvise, pidfd, (void *)1, 1, MADV_COLD, 0);
	syscall(SYS_process_mrelease, -1, 0);
	syscall(SYS_process_mrelease, 0, 3);
	syscall(SYS_memfd_secret, O_CLOEXEC);
	syscall(SYS_memfd_secret, 0x10);

	static uint32_t f1, f2;
	struct waiter w[3];
	memset(w, 0, sizeof w);
	w[0].val = 1;
	w[0].uaddr = (uintptr_t)&f1;
	w[0].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
	w[1].val = 0;
	w[1].uaddr = (uintptr_t)&f2;
	w[1].flags = FUTEX_32;
	w[2].uaddr = (uintptr_t)&f2;
	w[2].flags = 0x40;
	w[2].reserved = 9;
	struct timespec ts = {0, 0};
	syscall(SYS_futex_waitv, w, 2, 0, NULL, CLOCK_MONOTONIC);
	syscall(SYS_futex_waitv, w, 3, 0, &ts, CLOCK_REALTIME);
	syscall(SYS_futex_waitv, w, 1, 1, NULL, 0x7fff);
	syscall(SYS_futex_waitv, NULL, 0, 0, NULL, CLOCK_MONOTONIC);
	syscall(SYS_futex_waitv, (void *)1, 1, 0, (void *)1, CLOCK_MONOTONIC);
	return 0;
}
