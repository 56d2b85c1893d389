// sched: CPU affinity masks, sched_yield, scheduling policies,
// parameters and attributes, priorities, getcpu, with failures.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 2
//mytrace-test: -y
#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct attr {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
	uint32_t util_min, util_max;
	uint64_t extra[4];
};

int main(void) {
	unsigned long mask[64];
	memset(mask, 0, sizeof mask);
	syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
	syscall(SYS_sched_getaffinity, 0, 1, mask);
	syscall(SYS_sched_getaffinity, 0, 128, NULL);
	syscall(SYS_sched_getaffinity, 0, 128, (void *)1);
	syscall(SYS_sched_getaffinity, -1, 128, mask);
	syscall(SYS_sched_setaffinity, 0, 256, mask);
	syscall(SYS_sched_setaffinity, 0, 0, mask);
	syscall(SYS_sched_setaffinity, 0, 8, NULL);
	syscall(SYS_sched_setaffinity, 0, 8, (void *)1);
	memset(mask, 0, sizeof mask);
	mask[1] = 0x10;
	syscall(SYS_sched_setaffinity, 0, 16, mask);
	mask[0] = 1;
	syscall(SYS_sched_setaffinity, 0, 4, mask);
	syscall(SYS_sched_setaffinity, 0, 8, mask);
	syscall(SYS_sched_yield);

	unsigned cpu = 7, node = 7;
	syscall(SYS_getcpu, &cpu, &node, NULL);
	syscall(SYS_getcpu, NULL, NULL, (void *)1);
	syscall(SYS_getcpu, (void *)1, &node, NULL);

	int prio = 0;
	syscall(SYS_sched_getscheduler, 0);
	syscall(SYS_sched_getscheduler, -1);
	syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &prio);
	syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &prio);
	syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &prio);
	syscall(SYS_sched_setscheduler, 0, 99, &prio);
	syscall(SYS_sched_setscheduler, 0, SCHED_FIFO | SCHED_RESET_ON_FORK, NULL);
	prio = 200;
	syscall(SYS_sched_setscheduler, 0, SCHED_RR, &prio);
	syscall(SYS_sched_setscheduler, 0, SCHED_IDLE, (void *)1);
	syscall(SYS_sched_getparam, 0, &prio);
	syscall(SYS_sched_getparam, 0, NULL);
	syscall(SYS_sched_getparam, -1, &prio);
	prio = 0;
	syscall(SYS_sched_setparam, 0, &prio);
	syscall(SYS_sched_setparam, 0, (void *)1);
	syscall(SYS_sched_get_priority_max, SCHED_FIFO);
	syscall(SYS_sched_get_priority_min, SCHED_RR);
	syscall(SYS_sched_get_priority_max, SCHED_DEADLINE);
	syscall(SYS_sched_get_priority_min, 77);
	struct timespec ts;
	syscall(SYS_sched_rr_get_interval, 0, &ts);
	syscall(SYS_sched_rr_get_interval, 0, NULL);
	syscall(SYS_sched_rr_get_interval, -1, &ts);

	struct attr a;
	memset(&a, 0xff, sizeof a);
	syscall(SYS_sched_getattr, 0, &a, 56, 0);
	syscall(SYS_sched_getattr, 0, &a, 48, 0);
	syscall(SYS_sched_getattr, 0, &a, sizeof a, 0);
	syscall(SYS_sched_getattr, 0, &a, 0, 0);
	syscall(SYS_sched_getattr, 0, &a, 56, 1);
	syscall(SYS_sched_getattr, 0, (void *)1, 56, 0);
	memset(&a, 0, sizeof a);
	a.size = 48;
	syscall(SYS_sched_setattr, 0, &a, 0);
	a.size = 0;
	a.nice = 1;
	syscall(SYS_sched_setattr, 0, &a, 0);
	a.size = 56;
	a.nice = 0;
	a.flags = SCHED_FLAG_KEEP_POLICY;
	syscall(SYS_sched_setattr, 0, &a, 0);
	a.flags = SCHED_FLAG_KEEP_PARAMS | SCHED_FLAG_KEEP_POLICY | 0x1000;
	syscall(SYS_sched_setattr, 0, &a, 0);
	a.flags = 0;
	a.size = sizeof a;
	a.extra[3] = 1;
	syscall(SYS_sched_setattr, 0, &a, 0);
	a.size = 20;
	syscall(SYS_sched_setattr, 0, &a, 0);
	a.size = 56;
	a.policy = 0xffffffff;
	a.flags = SCHED_FLAG_KEEP_PARAMS;
	syscall(SYS_sched_setattr, 0, &a, 5);
	syscall(SYS_sched_setattr, 0, NULL, 0);
	syscall(SYS_sched_setattr, 0, (void *)1, 0);

	syscall(SYS_getpriority, PRIO_PROCESS, 0);
	syscall(SYS_getpriority, PRIO_PGRP, 0);
	syscall(SYS_getpriority, PRIO_USER, 65534);
	syscall(SYS_getpriority, 5, 0);
	syscall(SYS_setpriority, PRIO_PROCESS, 0, 0);
	syscall(SYS_setpriority, PRIO_PROCESS, -1, 5);
	syscall(SYS_setpriority, 9, 0, -3);
	return 0;
}
