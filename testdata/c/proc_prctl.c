// proc_prctl: prctl options by name, seccomp (filters shown as BPF
// instructions with -v, SECCOMP_RET_ERRNO and SECCOMP_RET_TRAP with its
// SIGSYS, strict mode ending a child with SIGKILL).
//mytrace-test: -f
//mytrace-test: -f -v
//mytrace-test: -f -s 4
//mytrace-test: -f -x
//mytrace-test: -f -y
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void sys_handler(int sig) {}

int main(void) {
	uint64_t chld = 1ULL << (SIGCHLD - 1);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &chld, NULL, 8);
	char name[32];
	int v;
	unsigned long addr;
	syscall(SYS_prctl, PR_SET_NAME, "short");
	syscall(SYS_prctl, PR_GET_NAME, name);
	syscall(SYS_prctl, PR_SET_NAME, "fifteen-chars-x");
	syscall(SYS_prctl, PR_GET_NAME, name);
	syscall(SYS_prctl, PR_SET_NAME, "a name longer than fifteen");
	syscall(SYS_prctl, PR_GET_NAME, name);
	syscall(SYS_prctl, PR_SET_NAME, "tab\there\377\"");
	syscall(SYS_prctl, PR_GET_NAME, name);
	syscall(SYS_prctl, PR_SET_NAME, NULL);
	syscall(SYS_prctl, PR_GET_NAME, (void *)1);
	syscall(SYS_prctl, PR_GET_DUMPABLE);
	syscall(SYS_prctl, PR_SET_DUMPABLE, 1);
	syscall(SYS_prctl, PR_SET_DUMPABLE, 5);
	syscall(SYS_prctl, PR_GET_PDEATHSIG, &v);
	syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM);
	syscall(SYS_prctl, PR_GET_PDEATHSIG, &v);
	syscall(SYS_prctl, PR_SET_PDEATHSIG, 200);
	syscall(SYS_prctl, PR_SET_PDEATHSIG, 0);
	syscall(SYS_prctl, PR_GET_PDEATHSIG, NULL);
	syscall(SYS_prctl, PR_GET_KEEPCAPS);
	syscall(SYS_prctl, PR_SET_KEEPCAPS, 0);
	syscall(SYS_prctl, PR_GET_TIMERSLACK);
	syscall(SYS_prctl, PR_SET_TIMERSLACK, 50000);
	syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, &v);
	syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 0);
	syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_TID_ADDRESS, &addr);
	syscall(SYS_prctl, PR_GET_SECUREBITS);
	syscall(SYS_prctl, PR_SET_SECUREBITS, 0x10 | 0x1000);
	syscall(SYS_prctl, PR_CAPBSET_READ, CAP_SYS_ADMIN);
	syscall(SYS_prctl, PR_CAPBSET_READ, 99);
	syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0);
	syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	syscall(SYS_prctl, PR_CAP_AMBIENT, 9, 1, 2, 3);
	syscall(SYS_prctl, PR_GET_TSC, &v);
	syscall(SYS_prctl, PR_SET_TSC, PR_TSC_ENABLE);
	syscall(SYS_prctl, PR_SET_TSC, 0x100000000ULL | PR_TSC_SIGSEGV);
	syscall(SYS_prctl, PR_SET_UNALIGN, 0x100000002ULL);
	syscall(SYS_prctl, PR_SET_MM, 0x100000001ULL, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_UNALIGN, &v);
	syscall(SYS_prctl, PR_SET_UNALIGN, 3);
	syscall(SYS_prctl, PR_GET_FP_MODE);
	syscall(SYS_prctl, PR_SET_FP_MODE, 1);
	syscall(SYS_prctl, PR_GET_ENDIAN, &v);
	syscall(SYS_prctl, PR_GET_FPEMU, &v);
	syscall(SYS_prctl, PR_GET_FPEXC, &v);
	syscall(SYS_prctl, PR_GET_TIMING);
	syscall(SYS_prctl, PR_SET_TIMING, 1);
	syscall(SYS_prctl, PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_SPECULATION_CTRL, 7, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_SPECULATION_CTRL, PR_SPEC_INDIRECT_BRANCH, 0x40, 0, 0);
	syscall(SYS_prctl, PR_SET_SPECULATION_CTRL, 9, 8, 0, 0);
	syscall(SYS_prctl, PR_MCE_KILL_GET, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_DEFAULT, 0, 0);
	syscall(SYS_prctl, PR_MCE_KILL, PR_MCE_KILL_CLEAR, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_MM, PR_SET_MM_START_CODE, 0x1000, 0, 0);
	syscall(SYS_prctl, PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_PTRACER, 0, 0, 0, 0);
	syscall(SYS_prctl, 0x53564d41, 0, 0x1000, 4096, "anon");
	syscall(SYS_prctl, 0x53564d41, 1, 0x1000, 4096, 0);
	syscall(SYS_prctl, PR_GET_THP_DISABLE, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_THP_DISABLE, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_IO_FLUSHER, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_TAGGED_ADDR_CTRL, 1 | 2 | (5 << 3), 0, 0, 0);
	syscall(SYS_prctl, PR_SET_TAGGED_ADDR_CTRL, 0x100000, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_PAC_RESET_KEYS, 0x11, 0, 0, 0);
	syscall(SYS_prctl, PR_PAC_SET_ENABLED_KEYS, 3, 1, 0, 0);
	syscall(SYS_prctl, PR_PAC_GET_ENABLED_KEYS, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_SVE_SET_VL, 0x60010, 0, 0, 0);
	syscall(SYS_prctl, PR_SVE_GET_VL, 0, 0, 0, 0);
	syscall(SYS_prctl, 63, 0x20020, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0);
	uint64_t cookie;
	syscall(SYS_prctl, 62, 0, 0, 0, &cookie);
	syscall(SYS_prctl, 62, 1, 0, 1, 0);
	syscall(SYS_prctl, 62, 7, 5, 9, 0x1000);
	syscall(SYS_prctl, PR_TASK_PERF_EVENTS_DISABLE);
	syscall(SYS_prctl, PR_TASK_PERF_EVENTS_ENABLE);
	syscall(SYS_prctl, 0x12345, 1, 2, 3, 4);
	syscall(SYS_prctl, PR_GET_SECCOMP);

	/* seccomp queries. */
	uint32_t action = SECCOMP_RET_LOG;
	syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
	action = 0x12345;
	syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
	syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, NULL);
	uint16_t sizes[3];
	syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, sizes);
	syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, (void *)1);
	syscall(SYS_seccomp, 9, 1, (void *)2);

	/* A child in strict mode dies at its first other syscall. */
	pid_t pid = syscall(SYS_fork);
	if (pid == 0) {
		syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 0, NULL);
		syscall(SYS_getpid);
		syscall(SYS_exit, 1);
	}
	syscall(SYS_wait4, pid, &v, 0, NULL);

	/* A filter: getppid fails with EPERM, gettid raises SIGSYS. */
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_gettid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | 0x42),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LDX | BPF_W | BPF_MEM, 2),
		BPF_STMT(BPF_ST, 3),
		BPF_STMT(0xffff, 0x1234),
		BPF_STMT(BPF_RET | BPF_A, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof f / sizeof f[0], f};
	syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	struct sock_fprog bad = {3, (void *)1};
	syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &bad);
	syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x100, &prog);
	syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, NULL);
	syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &bad, 0, 0);
	syscall(SYS_prctl, PR_SET_SECCOMP, 7, 0, 0, 0);
	/* The same filter, minus the instructions the kernel rejects. */
	f[8] = f[14];
	prog.len = 9;
	syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG, &prog);
	struct sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	struct sock_fprog aprog = {1, allow};
	syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &aprog, 0, 0);
	syscall(SYS_prctl, PR_GET_SECCOMP);
	signal(SIGSYS, sys_handler);
	syscall(SYS_getppid);
	syscall(SYS_gettid);
	return 0;
}
