// inject: calls to tamper with (-e inject=, -e fault=): chdir and getpid
// several times (when=), a write loop that copes with short writes, a read
// into a buffer that already holds data, a signal handler (signal=), a
// sleep (delays) and a child process with calls of its own (counters are
// per process); the data written and read back is poked (poke_enter=,
// poke_exit=).
//mytrace-test: -e inject=chdir:error=ENOENT:when=2+2
//mytrace-test: -e fault=chdir:when=3
//mytrace-test: -e fault=chdir:error=EACCES -e inject=getpid:retval=42:when=2..3
//mytrace-test: -e inject=chdir:retval=0x10 -e fault=chdir:when=2..4+2
//mytrace-test: -e inject=write:retval=1 -e trace=write
//mytrace-test: -e inject=read:retval=3:when=2
//mytrace-test: -e inject=getppid:signal=SIGUSR1
//mytrace-test: -e inject=getppid:error=EPERM:signal=usr1:when=2
//mytrace-test: -e inject=getppid:signal=USR1:delay_enter=1ms:when=1
//mytrace-test: -e inject=clock_nanosleep:signal=USR1 -e trace=clock_nanosleep,rt_sigreturn
//mytrace-test: -e inject=clock_nanosleep:delay_enter=5ms:delay_exit=10ms
//mytrace-test: -e inject=getpid:syscall=getppid:retval=5:when=3
//mytrace-test: -e inject=getpid:error=ERESTARTSYS:when=4
//mytrace-test: -f -e inject=getpid:error=ESRCH:when=2
//mytrace-test: -f -e inject=getpid,chdir:error=EIO:when=1+3 -e trace=getpid,chdir
//mytrace-test: -f -e inject=clock_nanosleep:delay_exit=300ms -- hold
//mytrace-test: -f -e inject=getpid:error=EPERM:when=2 -e trace=getpid -- threads
//mytrace-test: -e inject=write:poke_enter=@arg2=41414141 -e trace=write
//mytrace-test: -e inject=read:poke_exit=@arg2=5a5a:when=2 -e trace=read
//mytrace-test: -e inject=chdir:poke_enter=@arg1=2e00:error=ENOENT:when=2..3 -e trace=chdir
//mytrace-test: -e inject=getppid:poke_enter=@arg1=00:poke_exit=@arg3=01,@arg1=02 -e trace=getppid
//mytrace-test: -e inject=write:poke_enter=@arg2=58:poke_exit=@arg2=59:delay_exit=1ms:when=1 -e trace=write,close
//mytrace-test: -f -e inject=getpid:poke_enter=,:retval=7:when=2 -e trace=getpid
//mytrace-test: -f -e inject=write:poke_enter=@arg2=41414141 -e inject=read:poke_exit=@arg2=42:when=2 -e trace=write,read
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }

static void write_all(int fd, const char *s, size_t n) {
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

// hold: a child sleeps (a delay holds it) while its parent makes calls;
// the parent's come first if the tracer keeps serving it meanwhile.
static int hold(void) {
	int p[2];
	if (pipe(p) != 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts = {0, 1000};
		write(p[1], "x", 1);
		nanosleep(&ts, NULL);
		write(1, "child\n", 6);
		_exit(0);
	}
	char c;
	read(p[0], &c, 1);
	for (int i = 0; i < 50; i++)
		getppid();
	write(1, "parent\n", 7);
	waitpid(pid, NULL, 0);
	return 0;
}

static void *getpid_twice(void *arg) {
	(void)arg;
	syscall(SYS_getpid);
	syscall(SYS_getpid);
	return NULL;
}

// threads: counters are per thread, as strace keeps them per tcb.
static int threads(void) {
	for (int i = 0; i < 2; i++) {
		pthread_t th;
		pthread_create(&th, NULL, getpid_twice, NULL);
		pthread_join(th, NULL);
	}
	getpid_twice(NULL);
	return 0;
}

int main(int argc, char **argv) {
	if (argc > 1 && strcmp(argv[1], "hold") == 0)
		return hold();
	if (argc > 1 && strcmp(argv[1], "threads") == 0)
		return threads();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	for (int i = 0; i < 5; i++)
		chdir(".");
	for (int i = 0; i < 4; i++)
		syscall(SYS_getpid);
	for (int i = 0; i < 3; i++)
		getppid();
	int fd = open("inject-data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	write_all(fd, "hello\n", 6);
	close(fd);
	char buf[8] = "abcdefgh";
	fd = open("inject-data.txt", O_RDONLY);
	read(fd, buf, sizeof buf);
	close(fd);
	struct timespec ts = {0, 1000000};
	nanosleep(&ts, NULL);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL); // no SIGCHLD racing with wait4
	pid_t pid = fork();
	if (pid == 0) {
		syscall(SYS_getpid);
		syscall(SYS_getpid);
		chdir(".");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	syscall(SYS_getpid);
	return 0;
}
