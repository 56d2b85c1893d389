// exec_thread: a thread other than the leader calls execve; the kernel
// gives it the leader's pid and strace reports the leader as superseded.
//mytrace-test: -f
#include <pthread.h>
#include <unistd.h>

static void *run(void *arg) {
	char *argv[] = {"/bin/true", NULL};
	char *envp[] = {NULL};
	execve("/bin/true", argv, envp);
	return arg;
}

int main(void) {
	pthread_t t;
	pthread_create(&t, NULL, run, NULL);
	pause();
	return 1;
}
