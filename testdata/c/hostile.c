// hostile: a tracee that is hard on its tracer. A write of 1 GiB from a
// 64-byte buffer (to /dev/null, which reads none of it); a read into a
// buffer another thread unmaps while the read blocks (EFAULT); a sleep
// whose request another thread rewrites while it sleeps (a tracer must
// show what the call was given, read at entry); an execve with 100,000
// arguments. The threads hand over through pipes, so the trace is the
// same every run (pthread_join may or may not wait in futex: not compared).
//mytrace-test: -f -e trace=!futex
//mytrace-test: -f -v -e trace=execve
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char small[64] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/";
static int p[2], ack[2];
static char *page;
static struct timespec req = {0, 200000000};

static void *unmapper(void *arg)
{
	(void)arg;
	char c;
	// The main thread is about to block in read(p[0], page, ...).
	syscall(SYS_read, ack[0], &c, 1);
	struct timespec t = {0, 50000000};
	syscall(SYS_nanosleep, &t, NULL);
	syscall(SYS_munmap, page, 4096);
	syscall(SYS_write, p[1], "x", 1);
	return NULL;
}

static void *rewriter(void *arg)
{
	(void)arg;
	char c;
	syscall(SYS_read, ack[0], &c, 1);
	struct timespec t = {0, 50000000};
	syscall(SYS_nanosleep, &t, NULL);
	req.tv_nsec = 1; // while the main thread sleeps on req
	return NULL;
}

int main(void)
{
	int fd = open("/dev/null", O_WRONLY);
	syscall(SYS_write, fd, small, 1UL << 30);

	pipe(p);
	pipe(ack);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_t t;
	pthread_create(&t, NULL, unmapper, NULL);
	syscall(SYS_write, ack[1], "g", 1);
	syscall(SYS_read, p[0], page, 4096);
	pthread_join(t, NULL);

	pthread_create(&t, NULL, rewriter, NULL);
	syscall(SYS_write, ack[1], "g", 1);
	syscall(SYS_nanosleep, &req, NULL);
	pthread_join(t, NULL);

	int n = 100000;
	char **av = malloc((n + 2) * sizeof *av);
	av[0] = "/bin/true";
	for (int i = 1; i <= n; i++)
		av[i] = (i % 2) ? "x" : "yz";
	av[n + 1] = NULL;
	char *env[] = {NULL};
	syscall(SYS_execve, "/bin/true", av, env);
	return 1;
}
