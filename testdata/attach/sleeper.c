// sleeper: the tracee of the attach tests. It reads /dev/null and sleeps
// in a loop (with THREADS=N, in N extra threads too; with FORK=1, forking
// a child that calls getppid and exits, each time round) until the file
// "stop" appears in its working directory, counting the SIGUSR1s it gets,
// then prints the count and exits with status 3.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1;
static int forking;

static void on_usr1(int sig) { (void)sig; usr1++; }

static void *loop(void *arg)
{
	(void)arg;
	int fd = open("/dev/null", O_RDONLY);
	for (;;) {
		char b;
		read(fd, &b, 1);
		if (access("stop", F_OK) == 0)
			break;
		if (forking && arg == NULL) {
			pid_t pid = fork();
			if (pid == 0) {
				getppid();
				_exit(0);
			}
			waitpid(pid, NULL, 0);
		}
		usleep(20000);
	}
	close(fd);
	return NULL;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	const char *env = getenv("THREADS");
	int n = env ? atoi(env) : 0;
	forking = getenv("FORK") != NULL;
	pthread_t th[64];
	for (int i = 0; i < n && i < 64; i++)
		pthread_create(&th[i], NULL, loop, &th[i]);
	printf("ready\n");
	fflush(stdout);
	loop(NULL);
	for (int i = 0; i < n && i < 64; i++)
		pthread_join(th[i], NULL);
	printf("usr1=%d\n", (int)usr1);
	return 3;
}
