// threads: argv[1] threads (default 8), each opening, reading and closing
// /dev/null argv[2] times (default 2000); then argv[3] short-lived threads
// (default 1000), started 50 at a time, each exiting at once.
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static int iters = 2000;

static void *work(void *arg)
{
	(void)arg;
	char b[64];
	for (int i = 0; i < iters; i++) {
		int fd = open("/dev/null", O_RDONLY);
		read(fd, b, sizeof b);
		close(fd);
	}
	return NULL;
}

static void *nothing(void *arg) { return arg; }

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8;
	if (argc > 2)
		iters = atoi(argv[2]);
	int brief = argc > 3 ? atoi(argv[3]) : 1000;
	pthread_t t[64];
	for (int i = 0; i < n && i < 64; i++)
		pthread_create(&t[i], NULL, work, NULL);
	for (int i = 0; i < n && i < 64; i++)
		pthread_join(t[i], NULL);
	for (int done = 0; done < brief; done += 50) {
		for (int i = 0; i < 50 && done + i < brief; i++)
			pthread_create(&t[i], NULL, nothing, NULL);
		for (int i = 0; i < 50 && done + i < brief; i++)
			pthread_join(t[i], NULL);
	}
	return 0;
}
