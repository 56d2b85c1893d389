// zombie_leader: the main thread ends with pthread_exit while another
// thread goes on making calls; the process ends when that thread exits
// with status 3. The leader stays a zombie in between: its exit is
// reported when the whole process ends.
//mytrace-test: -f -e trace=!futex
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void *worker(void *arg)
{
	(void)arg;
	struct timespec t = {0, 100000000};
	// Long enough for the leader to be gone.
	syscall(SYS_nanosleep, &t, NULL);
	syscall(SYS_getppid);
	syscall(SYS_exit_group, 3);
	return NULL;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	pthread_exit(NULL);
}
