// mem_more: msync, mlock family, mincore vectors (abbreviated at -s,
// whole with -v), membarrier, protection keys, remap_file_pages and the
// NUMA policy calls, with failures.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 3
//mytrace-test: -y
#define _GNU_SOURCE
#include <linux/membarrier.h>
#include <linux/mempolicy.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *mm(unsigned long len, int prot) {
	return (char *)syscall(SYS_mmap, NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

int main(void) {
	char *p = mm(40 * 4096, PROT_READ | PROT_WRITE);
	p[0] = p[2 * 4096] = 1;
	syscall(SYS_msync, p, 4096, MS_SYNC);
	syscall(SYS_msync, p, 4096, MS_ASYNC | MS_INVALIDATE);
	syscall(SYS_msync, p, 4096, 0);
	syscall(SYS_msync, p, 4096, 0x10);
	syscall(SYS_msync, p + 1, 4096, MS_SYNC);

	syscall(SYS_mlock, p, 4096);
	syscall(SYS_munlock, p, 4096);
	syscall(SYS_mlock2, p, 4096, MLOCK_ONFAULT);
	syscall(SYS_mlock2, p, 4096, 0);
	syscall(SYS_mlock2, p, 4096, 2);
	syscall(SYS_munlock, p, 4096);
	syscall(SYS_mlock, NULL, 4096);
	syscall(SYS_mlockall, MCL_CURRENT | MCL_ONFAULT);
	syscall(SYS_munlockall);
	syscall(SYS_mlockall, 0);
	syscall(SYS_mlockall, MCL_FUTURE | 0x10);

	unsigned char vec[64];
	syscall(SYS_mincore, p, 3 * 4096, vec);
	syscall(SYS_mincore, p, 3 * 4096 - 10, vec);
	syscall(SYS_mincore, p, 40 * 4096, vec);
	syscall(SYS_mincore, p, 0, vec);
	syscall(SYS_mincore, p + 1, 4096, vec);
	syscall(SYS_mincore, p, 4096, NULL);
	syscall(SYS_mincore, p, 4096, (void *)1);
	syscall(SYS_mincore, (void *)0x1000, 4096, vec);

	syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
	syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
	syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, MEMBARRIER_CMD_FLAG_CPU, 0);
	syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 1, 0);
	syscall(SYS_membarrier, 0x4000, 0, 0);
	syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 6, -1);

	syscall(SYS_pkey_mprotect, p, 4096, PROT_READ, -1);
	syscall(SYS_pkey_mprotect, p, 4096, PROT_READ | PROT_WRITE, 15);
	syscall(SYS_pkey_alloc, 1, 0);
	syscall(SYS_pkey_alloc, 0, 0x10);
	syscall(SYS_pkey_free, 15);
	syscall(SYS_pkey_free, -1);

	syscall(SYS_remap_file_pages, p, 4096, 0, 0, 0);
	syscall(SYS_remap_file_pages, p, 4096, PROT_READ, 3, MAP_NONBLOCK | MAP_PRIVATE);

	unsigned long nodes[4] = {1, 0, 0, 0};
	syscall(SYS_mbind, p, 4096, MPOL_DEFAULT, NULL, 0, 0);
	syscall(SYS_mbind, p, 4096, MPOL_BIND, nodes, 2, MPOL_MF_STRICT);
	syscall(SYS_mbind, p, 4096, MPOL_PREFERRED | MPOL_F_STATIC_NODES, nodes, 65, MPOL_MF_MOVE | 0x10);
	syscall(SYS_mbind, p, 4096, 0x77 | MPOL_F_RELATIVE_NODES, (void *)1, 100, 0);
	syscall(SYS_mbind, p, 4096, 0x77, nodes, 0, 0);
	syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
	syscall(SYS_set_mempolicy, MPOL_INTERLEAVE | MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES, nodes, 64);
	syscall(SYS_set_mempolicy, MPOL_PREFERRED, nodes, 200);
	int mode = -1;
	syscall(SYS_get_mempolicy, &mode, nodes, 64, NULL, 0);
	syscall(SYS_get_mempolicy, &mode, NULL, 0, p, MPOL_F_ADDR);
	syscall(SYS_get_mempolicy, NULL, nodes, 1, NULL, MPOL_F_MEMS_ALLOWED);
	syscall(SYS_get_mempolicy, &mode, nodes, 64, NULL, 0x10);
	syscall(SYS_get_mempolicy, (void *)1, nodes, 64, NULL, 0);
	return 0;
}
