// proc_ids: identity, resource limit and thread-setup calls of one
// process: getpid and friends, arch_prctl, set_tid_address,
// set_robust_list, rseq, prlimit64, getrlimit, setrlimit.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -y
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	syscall(SYS_getpid);
	syscall(SYS_getppid);
	syscall(SYS_gettid);
	syscall(SYS_getuid);
	syscall(SYS_geteuid);
	syscall(SYS_getgid);
	syscall(SYS_getegid);

	unsigned long fs = 0;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
	syscall(SYS_arch_prctl, ARCH_GET_GS, &fs);
	syscall(SYS_arch_prctl, ARCH_GET_FS, (void *)1);
	syscall(SYS_arch_prctl, ARCH_GET_FS, NULL);
	syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0);
	syscall(SYS_arch_prctl, 0x1fff, 0x1234);
	syscall(SYS_arch_prctl, ARCH_SET_GS, 0);
	uint64_t features = 0;
	syscall(SYS_arch_prctl, 0x1021 /* ARCH_GET_XCOMP_SUPP */, &features);
	syscall(SYS_arch_prctl, 0x1022 /* ARCH_GET_XCOMP_PERM */, &features);
	syscall(SYS_arch_prctl, 0x1024 /* ARCH_GET_XCOMP_GUEST_PERM */, &features);
	syscall(SYS_arch_prctl, 0x1022, (void *)1);
	syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 18);
	syscall(SYS_arch_prctl, 0x1023, 11);
	syscall(SYS_arch_prctl, 0x1025 /* ARCH_REQ_XCOMP_GUEST_PERM */, 18);

	int tid = 0;
	syscall(SYS_set_tid_address, &tid);
	syscall(SYS_set_tid_address, NULL);
	syscall(SYS_set_robust_list, NULL, 24);
	syscall(SYS_set_robust_list, (void *)0x1000, 23);
	syscall(SYS_rseq, NULL, 0, 0, 0);
	syscall(SYS_rseq, (void *)0x1000, 32, 1, 0x53053053);

	struct rlimit64 { uint64_t cur, max; } rl, old;
	syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old);
	rl.cur = 0; rl.max = 0;
	syscall(SYS_prlimit64, 0, RLIMIT_CORE, &rl, &old);
	syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL, NULL);
	syscall(SYS_prlimit64, 0, 99, NULL, &old);
	syscall(SYS_prlimit64, 0, 0x100000000ULL | RLIMIT_NOFILE, NULL, &old);
	syscall(SYS_getrlimit, 0x100000000ULL | RLIMIT_NOFILE, &old);
	syscall(SYS_prlimit64, 0, RLIMIT_STACK, (void *)1, NULL);
	syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, (void *)1);
	syscall(SYS_prlimit64, getpid(), RLIMIT_AS, NULL, &old);
	syscall(SYS_prlimit64, 999999, RLIMIT_AS, NULL, &old);
	syscall(SYS_getrlimit, RLIMIT_DATA, &old);
	syscall(SYS_getrlimit, RLIMIT_NPROC, NULL);
	syscall(SYS_getrlimit, 1000, &old);
	rl.cur = 1000; rl.max = 4096;
	syscall(SYS_setrlimit, RLIMIT_NICE, &rl);
	syscall(SYS_setrlimit, RLIMIT_RTTIME, (void *)1);
	rl.cur = 3 * 1024 * 1024; rl.max = ~0ULL;
	syscall(SYS_setrlimit, RLIMIT_FSIZE, &rl);
	syscall(SYS_exit_group, 0);
	return 0;
}
