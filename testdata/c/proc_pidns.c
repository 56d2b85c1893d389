// proc_pidns: pids named from another PID namespace, as strace's
// --decode-pids=pidns shows them in its own ("1 /* 4321 in strace's PID
// NS */"): the process unshares a PID namespace, its child is pid 1 there
// and names itself, its parent (0: outside), and a grandchild (pid 2,
// which once reaped names nothing), by result, argument, si_pid; with
// -Y the names are those of the translated pids.
//mytrace-needs: root pidns
//mytrace-test: -f --decode-pids=pidns
//mytrace-test: -f --decode-pids=comm,pidns -e trace=%process,getpid,getppid,gettid,kill,tgkill,getpgid,getsid,read,write
//mytrace-test: -f -Y -e trace=%process,getpid,getppid,gettid,kill,getpgid,getsid
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (unshare(CLONE_NEWPID) < 0)
		return 77;
	pid_t pid = fork();
	if (pid == 0) {
		// pid 1 of the new namespace
		pid_t self = syscall(SYS_getpid);
		syscall(SYS_getppid);
		syscall(SYS_gettid);
		syscall(SYS_getpgid, self);
		syscall(SYS_getsid, 0);
		kill(self, 0);
		syscall(SYS_tgkill, self, self, 0);
		int p[2];
		pipe(p);
		pid_t g = fork();
		if (g == 0) {
			syscall(SYS_getpid);
			syscall(SYS_getppid);
			write(p[1], "x", 1);
			_exit(0);
		}
		char c;
		read(p[0], &c, 1);
		siginfo_t si;
		waitid(P_PID, g, &si, WEXITED | WNOWAIT);
		wait4(g, NULL, 0, NULL);
		kill(g, 0); // reaped: no pid in either namespace
		_exit(0);
	}
	wait4(pid, NULL, 0, NULL);
	return 0;
}
