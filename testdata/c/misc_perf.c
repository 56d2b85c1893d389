// misc_perf: perf_event_open (software counters of the process itself,
// and failing calls with every kind of perf_event_attr), and io_uring:
// setup, enter and register on a small ring of the process's own.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 3
//mytrace-test: -y
#define _GNU_SOURCE
#include <linux/hw_breakpoint.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static long peo(void *attr, int pid, int cpu, int group, unsigned long flags) {
	return syscall(SYS_perf_event_open, attr, pid, cpu, group, flags);
}

int main(void) {
	unsigned char buf[256];
	struct perf_event_attr *a = (struct perf_event_attr *)buf;

	memset(buf, 0, sizeof(buf));
	a->type = PERF_TYPE_SOFTWARE;
	a->size = 128;
	a->config = PERF_COUNT_SW_TASK_CLOCK;
	a->disabled = 1;
	a->exclude_kernel = 1;
	a->exclude_hv = 1;
	int fd = peo(a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd >= 0)
		close(fd);
	a->size = PERF_ATTR_SIZE_VER0;
	a->config = PERF_COUNT_SW_DUMMY;
	a->sample_period = 1000;
	a->sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_BRANCH_STACK | PERF_SAMPLE_STACK_USER;
	a->read_format = PERF_FORMAT_ID | PERF_FORMAT_GROUP;
	fd = peo(a, 0, -1, -1, 0);
	if (fd >= 0)
		close(fd);
	a->size = 0;
	peo(a, 0, -1, -1, PERF_FLAG_FD_OUTPUT | 0x80);

	/* Failing calls (bad flags): every field shown. */
	memset(buf, 0, sizeof(buf));
	a->type = PERF_TYPE_HARDWARE;
	a->size = 120;
	a->config = PERF_COUNT_HW_CACHE_MISSES | (7ULL << 32);
	a->freq = 1;
	a->sample_freq = 4000;
	a->sample_type = PERF_SAMPLE_BRANCH_STACK | PERF_SAMPLE_STACK_USER | (1ULL << 40);
	a->read_format = 1ULL << 20;
	a->precise_ip = 2;
	a->watermark = 1;
	a->wakeup_watermark = 64;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->mmap2 = 1;
	a->sigtrap = 1;
	a->branch_sample_type = PERF_SAMPLE_BRANCH_ANY | PERF_SAMPLE_BRANCH_USER | (1ULL << 30);
	a->sample_regs_user = 0xff;
	a->sample_stack_user = 4096;
	a->sample_regs_intr = 0x3;
	a->aux_watermark = 8;
	a->sample_max_stack = 127;
	a->__reserved_2 = 5;
	a->aux_sample_size = 16;
	peo(a, 0, -1, -1, 0x100);
	buf[40 + 7] = 0x80; /* __reserved_1 */
	a->type = PERF_TYPE_HW_CACHE;
	a->config = PERF_COUNT_HW_CACHE_L1D | (PERF_COUNT_HW_CACHE_OP_READ << 8) |
		    (PERF_COUNT_HW_CACHE_RESULT_MISS << 16) | (3ULL << 24) | (2ULL << 32);
	a->size = 128;
	a->sig_data = 0xdeadbeef;
	peo(a, 0, -1, -1, 0x100);
	a->type = PERF_TYPE_TRACEPOINT;
	a->config = 12345;
	a->use_clockid = 0;
	a->size = 112;
	peo(a, 0, -1, -1, 0x100);
	a->type = PERF_TYPE_BREAKPOINT;
	a->config = 0;
	a->bp_type = HW_BREAKPOINT_W;
	a->bp_addr = 0x1000;
	a->bp_len = 8;
	a->size = 96;
	peo(a, 0, -1, -1, 0x100);
	a->bp_type = 0x42;
	a->size = 72;
	peo(a, 0, -1, -1, 0x100);
	a->type = 42;
	a->bp_type = 5;
	a->size = 80;
	peo(a, 0, -1, -1, 0x100);
	a->size = 32;
	peo(a, 0, -1, -1, 0);
	a->type = PERF_TYPE_SOFTWARE;
	a->config = 1000;
	a->size = 200;
	buf[150] = 1;
	peo(a, 0, -1, -1, 0);
	peo(NULL, 0, -1, -1, 0);
	peo((void *)1, 0, -1, -1, 0);
	peo(a, -1, -1, 5, PERF_FLAG_FD_NO_GROUP | PERF_FLAG_PID_CGROUP);

	/* io_uring */
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	int ring = syscall(SYS_io_uring_setup, 4, &p);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_ATTACH_WQ | IORING_SETUP_CLAMP;
	p.wq_fd = -1;
	p.sq_thread_cpu = 1;
	syscall(SYS_io_uring_setup, 4, &p);
	memset(&p, 0, sizeof(p));
	p.resv[1] = 7;
	p.flags = 1U << 31;
	syscall(SYS_io_uring_setup, 4, &p);
	syscall(SYS_io_uring_setup, 4, NULL);
	syscall(SYS_io_uring_setup, 0, (void *)1);

	uint64_t mask = 1 << (SIGUSR1 - 1);
	syscall(SYS_io_uring_enter, ring, 0, 0, IORING_ENTER_GETEVENTS, NULL, 0);
	syscall(SYS_io_uring_enter, ring, 0, 0, 0, &mask, 8);
	syscall(SYS_io_uring_enter, ring, 1, 2, 0x1000, &mask, 4);
	syscall(SYS_io_uring_enter, -1, 0, 0, IORING_ENTER_SQ_WAKEUP | IORING_ENTER_SQ_WAIT, NULL, 8);

	int efd = eventfd(0, EFD_CLOEXEC);
	int fds[3] = {0, -1, efd};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES, fds, 3);
	int upd[2] = {-1, IORING_REGISTER_FILES_SKIP};
	struct io_uring_files_update fu = {.offset = 1, .fds = (uintptr_t)upd};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES_UPDATE, &fu, 2);
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_FILES, NULL, 0);
	char b1[16], b2[32];
	struct iovec iov[2] = {{b1, sizeof(b1)}, {b2, sizeof(b2)}};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_BUFFERS, iov, 2);
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_BUFFERS, NULL, 0);
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_EVENTFD, &efd, 1);
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_EVENTFD, NULL, 0);
	struct {
		struct io_uring_probe probe;
		struct io_uring_probe_op ops[4];
	} pr;
	memset(&pr, 0, sizeof(pr));
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_PROBE, &pr, 4);
	memset(&pr, 0, sizeof(pr));
	pr.probe.last_op = 3;
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_PROBE, &pr, 4);
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_PROBE, &pr, 300);
	struct io_uring_restriction res[3] = {
		{.opcode = IORING_RESTRICTION_REGISTER_OP, .register_op = IORING_REGISTER_PROBE},
		{.opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED, .sqe_flags = IOSQE_FIXED_FILE | IOSQE_IO_LINK},
		{.opcode = 9, .register_op = 5, .resv = 1},
	};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_RESTRICTIONS, res, 3);
	uint32_t workers[3] = {0, 0, 0};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_IOWQ_MAX_WORKERS, workers, 2);
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_IOWQ_MAX_WORKERS, workers, 3);
	unsigned char cpus[8] = {0x5, 0, 0x80};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_IOWQ_AFF, cpus, 3);
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_IOWQ_AFF, NULL, 0);
	uint64_t tags[3] = {1, 2, 3};
	struct io_uring_rsrc_register rr = {.nr = 3, .flags = 0, .data = (uintptr_t)fds, .tags = (uintptr_t)tags};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES2, &rr, sizeof(rr));
	struct io_uring_rsrc_update2 ru = {.offset = 0, .data = (uintptr_t)upd, .tags = (uintptr_t)tags, .nr = 2};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES_UPDATE2, &ru, sizeof(ru));
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_FILES, NULL, 0);
	rr.nr = 2;
	rr.data = (uintptr_t)iov;
	rr.flags = IORING_RSRC_REGISTER_SPARSE | 0x10;
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_BUFFERS2, &rr, sizeof(rr));
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_BUFFERS2, &rr, 16);
	struct io_uring_rsrc_update rf[2] = {{.offset = -1U, .data = efd}, {.offset = 3, .resv = 1, .data = 0}};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_RING_FDS, rf, 1);
	rf[0].offset = 0;
	syscall(SYS_io_uring_register, ring, IORING_UNREGISTER_RING_FDS, rf, 2);
	struct io_uring_buf_reg br = {.ring_addr = 0, .ring_entries = 3, .bgid = 7, .resv = {0, 9, 0}};
	syscall(SYS_io_uring_register, ring, IORING_REGISTER_PBUF_RING, &br, 1);
	syscall(SYS_io_uring_register, ring, 99, (void *)1, 2);
	syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES, NULL, 0);
	close(efd);
	close(ring);
	return 0;
}
