// A small deterministic program for the tests of mytrace diff
// (cmd/mytrace/diff_test.go). It reads app.conf from its working
// directory if there is one (else says so on stderr and goes on with
// defaults), polls for ready.flag RETRIES times (an environment variable,
// standing for a timing-dependent retry loop), writes out.txt, and with the
// argument "fork" starts two children: one writes child.txt and exits 3,
// the other execs /bin/true; it waits for both by pid.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
	char buf[256];
	ssize_t n = 0;
	int fd = open("app.conf", O_RDONLY);
	if (fd >= 0) {
		n = read(fd, buf, sizeof buf);
		close(fd);
	} else {
		static const char msg[] = "app: no app.conf, using defaults\n";
		write(2, msg, sizeof msg - 1);
		strcpy(buf, "default\n");
		n = strlen(buf);
	}
	const char *r = getenv("RETRIES");
	int retries = r ? atoi(r) : 0;
	for (int i = 0; i < retries; i++) {
		struct timespec ts = {0, 1000000};
		if (access("ready.flag", F_OK) == 0)
			break;
		nanosleep(&ts, NULL);
	}
	int out = open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out >= 0) {
		write(out, buf, n > 0 ? n : 0);
		close(out);
	}
	if (argc > 1 && strcmp(argv[1], "fork") == 0) {
		pid_t c1 = fork();
		if (c1 == 0) {
			int f = open("child.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
			write(f, "child\n", 6);
			close(f);
			_exit(3);
		}
		pid_t c2 = fork();
		if (c2 == 0) {
			execl("/bin/true", "true", (char *)0);
			_exit(127);
		}
		int st;
		waitpid(c1, &st, 0);
		waitpid(c2, &st, 0);
		kill(c1, 0); /* gone: ESRCH */
	}
	return 0;
}
