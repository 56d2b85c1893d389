// A deterministic program for the tests of mytrace diff, built without
// PIE (cmd/mytrace/diff_test.go compiles it with -no-pie): its heap sits
// after its data at an address that address randomization moves from
// run to run (or not at all under setarch -R), below the 16 MiB where
// numbers stop looking like anything but addresses. It grows the heap
// with malloc and sbrk, gives some back, moves a large block with
// realloc (mremap), maps and unmaps memory, and hands the kernel
// pointers into the heap (read into a heap buffer, write from it).
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char data[4096]; /* in the data segment: the same address every run */

int main(void) {
	char *p[48];
	for (int i = 0; i < 48; i++) {
		p[i] = malloc(16384 + 512 * i);
		memset(p[i], i, 64);
	}
	for (int i = 0; i < 48; i += 2)
		free(p[i]);
	char *big = malloc(1 << 20); /* mmap'd */
	big[0] = 1;
	big = realloc(big, 4 << 20); /* mremap, may move */
	big[1] = 2;
	void *m = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(m, 4096, PROT_READ);
	munmap(m, 1 << 16);
	sbrk(1 << 16);
	sbrk(-(1 << 15));
	int fd = open("/etc/hostname", O_RDONLY);
	ssize_t n = read(fd, p[1], 64); /* into the heap */
	read(fd, data, sizeof data);
	close(fd);
	write(1, p[1], n > 0 ? 1 : 0);
	write(1, "\n", 1);
	free(big);
	return 0;
}
