// proc_comm: pids shown with their command names (-Y, --decode-pids=comm):
// results (getpid, getppid, gettid, fork, wait4), arguments (kill,
// tgkill, getpgid, getsid, sched_getaffinity, wait4, waitid), si_pid, a
// pid that names nothing, process groups and sessions (no name), and a
// task's own name in the prefix of -f lines, renamed by prctl(PR_SET_NAME)
// and by execve, where strace 6.1 keeps the old name when the task's last
// traced call failed.
//mytrace-test: -Y
//mytrace-test: -f -Y
//mytrace-test: -f --decode-pids=comm -e trace=%process,getpid,getppid,gettid,kill,tgkill,prctl,close,getpgid,getsid,read,write
//mytrace-test: -f -Y -qq -e trace=!mmap,mprotect,openat,newfstatat,pread64
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if (argc > 1) {
		// The child's exec: a renamed program that names its parent.
		syscall(SYS_getppid);
		syscall(SYS_getpid);
		return 0;
	}
	// SIGCHLD would come before or after the parent's wait depending
	// on how fast the tracer lets it go on.
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t self = syscall(SYS_getpid);
	syscall(SYS_getppid);
	syscall(SYS_gettid);
	syscall(SYS_getpgid, 0);
	syscall(SYS_getpgid, self);
	syscall(SYS_getsid, self);
	kill(self, 0);
	kill(-getpgrp(), 0);
	kill(0x7ffffff0, 0);
	syscall(SYS_tgkill, self, self, 0);
	cpu_set_t cpus;
	sched_getaffinity(self, sizeof cpus, &cpus);
	prctl(PR_SET_NAME, "renamed");
	syscall(SYS_getpid);
	close(-1);
	prctl(PR_SET_NAME, "kept"); // after a failed call: strace keeps "renamed"
	syscall(SYS_getpid);
	int toparent[2], tochild[2], execd[2];
	pipe(toparent);
	pipe(tochild);
	pipe2(execd, O_CLOEXEC);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		syscall(SYS_getppid);
		write(toparent[1], "h", 1); // running, so traced: [pid N] from now on
		read(tochild[0], &c, 1); // the parent's fork has returned
		prctl(PR_SET_NAME, "kid");
		write(toparent[1], "r", 1);
		read(tochild[0], &c, 1);
		execl("/proc/self/exe", "proc_comm", "child", (char *)NULL);
		_exit(1);
	}
	char c;
	read(toparent[0], &c, 1); // the child runs
	close(execd[1]);
	write(tochild[1], "1", 1);
	read(toparent[0], &c, 1); // the child has renamed itself
	kill(pid, 0);
	write(tochild[1], "2", 1);
	read(execd[0], &c, 1); // end of file: the child has exec'd
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	wait4(pid, NULL, 0, NULL);
	kill(pid, 0); // reaped: no name
	return 0;
}
