// filters: calls that succeed and fail, a path used by name and through a
// descriptor, a signal, a child that exits and one killed by a signal:
// the material of -z, -Z, -e status=, -e signal=, -P and -q.
//mytrace-test: -f
//mytrace-test: -f -z
//mytrace-test: -f -Z
//mytrace-test: -f -e status=failed,unfinished
//mytrace-test: -f -e status=!successful
//mytrace-test: -f -e signal=!SIGUSR1
//mytrace-test: -f -e signal=none
//mytrace-test: -f -P data.txt
//mytrace-test: -f -P data.txt -P /nonexistent/x
//mytrace-test: -f -qq
//mytrace-test: -f -e quiet=exit
//mytrace-test: -f -e trace=%file -Z
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }

int main(void) {
	int fd = open("data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	write(fd, "abc", 3);
	close(fd);
	fd = open("data.txt", O_RDONLY);
	char buf[8];
	read(fd, buf, sizeof buf);
	lseek(fd, -100, SEEK_SET);
	close(fd);
	open("/nonexistent/x", O_RDONLY);
	signal(SIGUSR1, on_usr1);
	kill(getpid(), SIGUSR1);
	/* SIGCHLD would arrive before or after wait4 returns: keep it out. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t p = fork();
	if (p == 0) {
		close(-1);
		_exit(2);
	}
	waitpid(p, NULL, 0);
	p = fork();
	if (p == 0) {
		signal(SIGUSR2, SIG_DFL);
		kill(getpid(), SIGUSR2);
		_exit(3);
	}
	waitpid(p, NULL, 0);
	unlink("data.txt");
	return 0;
}
