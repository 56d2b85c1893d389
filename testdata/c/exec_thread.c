// exec_thread: a thread other than the leader calls execve; the kernel
// gives it the leader's pid and strace reports the leader as superseded.
// The thread waits (polling /proc, which the filter hides) until the
// leader is blocked in pause(), so the trace is the same every run.
//mytrace-test: -f -e trace=execve,pause
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pid_t leader;

static void *run(void *arg) {
	char path[64], buf[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/syscall", leader);
	for (;;) {
		int fd = open(path, O_RDONLY);
		ssize_t n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n > 0 && strncmp(buf, "34 ", 3) == 0) /* blocked in pause */
			break;
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	char *argv[] = {"/bin/true", NULL};
	char *envp[] = {NULL};
	execve("/bin/true", argv, envp);
	return arg;
}

int main(void) {
	leader = getpid();
	pthread_t t;
	pthread_create(&t, NULL, run, NULL);
	pause();
	return 1;
}
