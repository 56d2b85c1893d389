// proc_creds: credentials, process groups and sessions, resource usage,
// capabilities and personality: setuid and friends, getresuid,
// getgroups/setgroups, setpgid/getpgid/getsid/setsid, getrusage, capget,
// capset, personality. The calls keep the credentials as they are.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 2
//mytrace-test: -y
#define _GNU_SOURCE
#include <linux/capability.h>
#include <stdint.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	uid_t uid = syscall(SYS_getuid), gid = syscall(SYS_getgid);
	syscall(SYS_setuid, uid);
	syscall(SYS_setgid, gid);
	syscall(SYS_setuid, -1);
	syscall(SYS_setreuid, -1, uid);
	syscall(SYS_setregid, gid, -1);
	syscall(SYS_setresuid, -1, -1, -1);
	syscall(SYS_setresgid, -1, gid, -1);
	syscall(SYS_setfsuid, uid);
	syscall(SYS_setfsgid, -1);
	uid_t r, e, s;
	syscall(SYS_getresuid, &r, &e, &s);
	syscall(SYS_getresgid, &r, NULL, &s);
	syscall(SYS_getresuid, (void *)1, &e, &s);

	gid_t groups[64];
	int n = syscall(SYS_getgroups, 0, NULL);
	syscall(SYS_getgroups, 64, groups);
	syscall(SYS_getgroups, -1, groups);
	syscall(SYS_getgroups, 1, (void *)1);
	gid_t three[3] = {gid, 1234, -1};
	syscall(SYS_setgroups, 3, three);
	syscall(SYS_setgroups, 0, NULL);
	syscall(SYS_setgroups, 70000, groups);
	syscall(SYS_setgroups, 2, (void *)1);
	(void)n;

	pid_t pid = syscall(SYS_getpid);
	syscall(SYS_getpgid, 0);
	syscall(SYS_getpgid, pid);
	syscall(SYS_getpgid, 999999);
	syscall(SYS_getsid, 0);
	syscall(SYS_getsid, -5);
	syscall(SYS_getpgrp);
	syscall(SYS_setpgid, 0, 0);
	syscall(SYS_setpgid, 0, pid);
	syscall(SYS_setpgid, 999999, 0);
	syscall(SYS_setsid);

	struct rusage ru;
	syscall(SYS_getrusage, RUSAGE_SELF, &ru);
	syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru);
	syscall(SYS_getrusage, RUSAGE_THREAD, NULL);
	syscall(SYS_getrusage, 42, &ru);
	syscall(SYS_getrusage, 0x100000000ULL | RUSAGE_SELF, &ru);
	syscall(SYS_getrusage, RUSAGE_SELF, (void *)1);

	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];
	syscall(SYS_capget, &hdr, data);
	syscall(SYS_capset, &hdr, data);
	hdr.version = _LINUX_CAPABILITY_VERSION_1;
	syscall(SYS_capget, &hdr, data);
	hdr.version = 0x12345678;
	syscall(SYS_capget, &hdr, data);
	syscall(SYS_capget, &hdr, NULL);
	syscall(SYS_capget, NULL, NULL);
	syscall(SYS_capget, (void *)1, data);
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	hdr.pid = 999999;
	syscall(SYS_capget, &hdr, data);
	data[0].effective = data[0].permitted = 0x3;
	data[0].inheritable = 0;
	data[1].effective = data[1].permitted = 0x1;
	data[1].inheritable = 0x180;
	hdr.pid = 0;
	syscall(SYS_capset, &hdr, data);
	syscall(SYS_capset, &hdr, (void *)1);

	unsigned int pers = syscall(SYS_personality, 0xffffffff);
	syscall(SYS_personality, pers);
	syscall(SYS_personality, PER_LINUX | ADDR_NO_RANDOMIZE | READ_IMPLIES_EXEC);
	syscall(SYS_personality, 0xffffffff);
	syscall(SYS_personality, PER_BSD | 0x10000000);
	syscall(SYS_personality, 0x4b);
	syscall(SYS_personality, pers);
	return 0;
}
