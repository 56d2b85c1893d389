// vfork: the parent vforks a child that writes to stdout and stderr and
// exits; the parent waits for it and writes again. While the child runs,
// the parent is suspended in vfork, so the order of the two processes'
// stops does not depend on scheduling (with a fork it would, under strace
// as under mytrace). SIGCHLD is blocked: whether it comes before the
// parent's wait4 or after depends on how fast the tracer lets the parent
// go on.
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(int fd, const char *s) { write(fd, s, strlen(s)); }

int main(void) {
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	say(1, "parent start\n");
	pid_t pid = vfork();
	if (pid == 0) {
		say(1, "child out\n");
		say(2, "child err\n");
		_exit(7);
	}
	int status;
	waitpid(pid, &status, 0);
	say(1, WEXITSTATUS(status) == 7 ? "parent end\n" : "parent: bad status\n");
	return 0;
}
