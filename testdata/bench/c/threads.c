/* threads: N threads (default 4), each doing ITERS (default 2000)
 * open/read/close of /dev/null. A syscall-dense multi-threaded workload.
 *
 *   cc -O2 -pthread -o threads threads.c && ./threads [N [ITERS]]
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static int iters = 2000;

static void *work(void *arg) {
	char b[64];
	(void)arg;
	for (int i = 0; i < iters; i++) {
		int fd = open("/dev/null", O_RDONLY);
		read(fd, b, sizeof b);
		close(fd);
	}
	return 0;
}

int main(int argc, char **argv) {
	int n = argc > 1 ? atoi(argv[1]) : 4;
	if (argc > 2)
		iters = atoi(argv[2]);
	if (n < 1 || n > 64)
		return 2;
	pthread_t t[64];
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], 0, work, 0);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], 0);
	return 0;
}
