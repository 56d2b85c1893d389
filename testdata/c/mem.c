// mem: brk, mmap (types, flags, huge page sizes, offsets), munmap,
// mprotect, madvise, mremap, getrandom and uname, with failures.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 4
//mytrace-test: -x
//mytrace-test: -xx
//mytrace-test: -y
#define _GNU_SOURCE
#include <linux/mman.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif

static long mm(void *addr, unsigned long len, long prot, long flags, long fd, long off) {
	return syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

int main(void) {
	char *cur = (char *)syscall(SYS_brk, 0);
	syscall(SYS_brk, cur + 8192);
	syscall(SYS_brk, cur);
	syscall(SYS_brk, (void *)1);

	char *p = (char *)mm(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	mm(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	mm(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK | MAP_GROWSDOWN, -1, 0);
	mm(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	mm(NULL, 2 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT), -1, 0);
	mm(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x400000 | (30 << MAP_HUGE_SHIFT), -1, 0);
	mm(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x400000, -1, 0);
	mm((void *)0x10000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	mm(NULL, 4096, PROT_READ, MAP_PRIVATE, 12345, 0x3000);
	mm(NULL, 4096, PROT_READ | 0x100, 0xf, -1, 0);
	mm(NULL, 4096, 0x80, 0, -1, 0);
	mm(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mm(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT | MAP_DENYWRITE | MAP_EXECUTABLE, -1, 0);
	mm(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_FILE | MAP_SYNC, -1, -4096);

	syscall(SYS_mprotect, p, 4096, PROT_READ);
	syscall(SYS_mprotect, p, 4096, PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN);
	syscall(SYS_mprotect, p, 4096, 0x80);
	syscall(SYS_mprotect, p + 1, 4096, PROT_NONE);
	syscall(SYS_madvise, p, 8192, MADV_DONTNEED);
	syscall(SYS_madvise, p, 4096, MADV_HUGEPAGE);
	syscall(SYS_madvise, p, 4096, MADV_DONTDUMP);
	syscall(SYS_madvise, p, 4096, 999);
	syscall(SYS_madvise, p, 4096, 0x100000000UL | MADV_NORMAL);

	char *m = (char *)mm(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q = (char *)syscall(SYS_mremap, m, 8192, 16384, MREMAP_MAYMOVE);
	char *r = (char *)mm(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_mremap, q, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, r);
	syscall(SYS_mremap, q + 4096, 4096, 8192, 0, (void *)0x1234);
	syscall(SYS_mremap, q, 4096, 4096, 0x10, r);
	syscall(SYS_mremap, q + 1, 4096, 4096, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	syscall(SYS_munmap, q, 16384);
	syscall(SYS_munmap, q + 1, 4096);
	syscall(SYS_munmap, NULL, 0);

	unsigned char buf[64];
	syscall(SYS_getrandom, buf, 8, GRND_NONBLOCK);
	syscall(SYS_getrandom, buf, 40, 0);
	syscall(SYS_getrandom, buf, 0, GRND_RANDOM | GRND_NONBLOCK);
	syscall(SYS_getrandom, NULL, 8, 0);
	syscall(SYS_getrandom, (void *)1, 8, 0);
	syscall(SYS_getrandom, buf, 8, 0x80);
	syscall(SYS_getrandom, buf, 8, GRND_INSECURE | 0x100);

	struct utsname u;
	syscall(SYS_uname, &u);
	syscall(SYS_uname, NULL);
	syscall(SYS_uname, (void *)1);
	return 0;
}
