// misc_bpf: the bpf syscall: maps (create, update, lookup, delete, next
// key, batches, freeze, info), a two-instruction socket filter program,
// object pinning and ids, attach and link commands, and failing calls
// (bad sizes, bad pointers, unknown commands, extra data).
//mytrace-test:
//mytrace-test: -v -- noinfo
//mytrace-test: -s 4
//mytrace-test: -y
#define _GNU_SOURCE
#include <linux/bpf.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long bpf(int cmd, void *attr, unsigned size) { return syscall(SYS_bpf, cmd, attr, size); }

int main(int argc, char **argv) {
	union bpf_attr a;
	char big[256];

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 16;
	strcpy(a.map_name, "mytrace_map");
	int map = bpf(BPF_MAP_CREATE, &a, 72);
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 2;
	int arr = bpf(BPF_MAP_CREATE, &a, 16);
	a.map_flags = BPF_F_NUMA_NODE | BPF_F_RDONLY_PROG;
	a.numa_node = -1;
	memcpy(a.map_name, "sixteen_chars_xx", 16);
	a.map_extra = -1;
	bpf(BPF_MAP_CREATE, &a, 72);
	a.map_type = 0x1000;
	a.map_flags = 0x80000000;
	bpf(BPF_MAP_CREATE, &a, 40);
	bpf(BPF_MAP_CREATE, &a, 30);
	bpf(BPF_MAP_CREATE, NULL, 72);
	bpf(BPF_MAP_CREATE, (void *)1, 72);
	bpf(BPF_MAP_CREATE, &a, 0);
	bpf(BPF_MAP_CREATE, &a, 8192);

	uint32_t key = 1, next = 0;
	uint64_t val = 0x1234;
	memset(&a, 0, sizeof(a));
	a.map_fd = map;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&val;
	a.flags = BPF_NOEXIST;
	bpf(BPF_MAP_UPDATE_ELEM, &a, 32);
	a.flags = 42;
	bpf(BPF_MAP_UPDATE_ELEM, &a, 32);
	a.flags = BPF_F_LOCK;
	bpf(BPF_MAP_LOOKUP_ELEM, &a, 32);
	a.flags = 0;
	bpf(BPF_MAP_LOOKUP_ELEM, &a, 24);
	a.flags = 0x100;
	bpf(BPF_MAP_LOOKUP_ELEM, &a, 32);
	memset(&a, 0, sizeof(a));
	a.map_fd = map;
	a.key = 0;
	a.next_key = (uintptr_t)&next;
	bpf(BPF_MAP_GET_NEXT_KEY, &a, 24);
	uint32_t keys[4], in_batch = 0, out_batch = 0;
	uint64_t vals[4];
	memset(&a, 0, sizeof(a));
	a.batch.in_batch = 0;
	a.batch.out_batch = (uintptr_t)&out_batch;
	a.batch.keys = (uintptr_t)keys;
	a.batch.values = (uintptr_t)vals;
	a.batch.count = 4;
	a.batch.map_fd = map;
	bpf(BPF_MAP_LOOKUP_BATCH, &a, 56);
	a.batch.in_batch = (uintptr_t)&in_batch;
	a.batch.elem_flags = BPF_F_LOCK;
	a.batch.flags = 0x10;
	bpf(BPF_MAP_LOOKUP_AND_DELETE_BATCH, &a, 56);
	bpf(BPF_MAP_UPDATE_BATCH, &a, 56);
	bpf(BPF_MAP_DELETE_BATCH, &a, 56);
	memset(&a, 0, sizeof(a));
	a.map_fd = map;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&val;
	bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, &a, 32);
	bpf(BPF_MAP_DELETE_ELEM, &a, 16);
	memset(big, 0, sizeof(big));
	memcpy(big, &a, 16);
	big[20] = 7;
	bpf(BPF_MAP_DELETE_ELEM, big, 24);
	big[20] = 0;
	bpf(BPF_MAP_DELETE_ELEM, big, 24);
	memset(&a, 0, sizeof(a));
	a.map_fd = arr;
	bpf(BPF_MAP_FREEZE, &a, 4);

	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = map;
	a.info.info_len = 40;
	a.info.info = (uintptr_t)big;
	/* With -v, strace shows the bpf_map_info of a map's descriptor, which
	 * mytrace knows only with -y: not done there. */
	if (argc < 2)
		bpf(BPF_OBJ_GET_INFO_BY_FD, &a, 16);
	a.info.bpf_fd = 0;
	bpf(BPF_OBJ_GET_INFO_BY_FD, &a, 16);
	a.info.bpf_fd = -1;
	bpf(BPF_OBJ_GET_INFO_BY_FD, &a, 16);

	struct bpf_insn insns[2] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	static char log[65536];
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insn_cnt = 2;
	a.insns = (uintptr_t)insns;
	a.license = (uintptr_t) "GPL";
	a.log_level = 1;
	a.log_size = sizeof(log);
	a.log_buf = (uintptr_t)log;
	a.kern_version = (5 << 16) | (10 << 8) | 3;
	strcpy(a.prog_name, "mytrace_prog");
	int prog = bpf(BPF_PROG_LOAD, &a, 128);
	struct bpf_insn bad[3] = {
		{.code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = BPF_REG_1, .src_reg = BPF_REG_2, .off = -2, .imm = -1},
		{.code = BPF_STX | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .src_reg = 11, .off = 8},
		{.code = 0xff},
	};
	a.insns = (uintptr_t)bad;
	a.insn_cnt = 3;
	a.log_level = 0;
	a.log_size = 0;
	a.log_buf = 0;
	a.prog_flags = BPF_F_STRICT_ALIGNMENT | 0x10000;
	a.expected_attach_type = BPF_CGROUP_INET_EGRESS;
	bpf(BPF_PROG_LOAD, &a, sizeof(a));
	bpf(BPF_PROG_LOAD, &a, 48);
	bpf(BPF_PROG_LOAD, &a, 24);

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = prog;
	a.test.data_in = (uintptr_t)big;
	a.test.data_size_in = 64;
	a.test.repeat = 1;
	bpf(BPF_PROG_TEST_RUN, &a, 80);
	/* The kernel wrote the duration back: not shown, it varies. */
	a.test.duration = 0;
	bpf(BPF_PROG_TEST_RUN, &a, 40);

	memset(&a, 0, sizeof(a));
	a.pathname = (uintptr_t) "nonexistent/pin";
	a.bpf_fd = map;
	bpf(BPF_OBJ_PIN, &a, 16);
	a.file_flags = BPF_F_RDONLY | 0x100;
	bpf(BPF_OBJ_GET, &a, 16);
	a.file_flags = 0;
	bpf(BPF_OBJ_GET, &a, 12);

	memset(&a, 0, sizeof(a));
	a.target_fd = -1;
	a.attach_bpf_fd = prog;
	a.attach_type = BPF_CGROUP_INET_INGRESS;
	a.attach_flags = BPF_F_ALLOW_MULTI | BPF_F_REPLACE;
	a.replace_bpf_fd = -1;
	bpf(BPF_PROG_ATTACH, &a, 20);
	a.attach_type = 999;
	bpf(BPF_PROG_DETACH, &a, 12);

	memset(&a, 0, sizeof(a));
	a.start_id = 0xfffffff0;
	bpf(BPF_PROG_GET_NEXT_ID, &a, 12);
	bpf(BPF_MAP_GET_NEXT_ID, &a, 8);
	bpf(BPF_BTF_GET_NEXT_ID, &a, 12);
	bpf(BPF_LINK_GET_NEXT_ID, &a, 12);
	memset(&a, 0, sizeof(a));
	a.prog_id = 0xfffffff0;
	a.open_flags = BPF_F_WRONLY;
	bpf(BPF_PROG_GET_FD_BY_ID, &a, 12);
	bpf(BPF_MAP_GET_FD_BY_ID, &a, 12);
	bpf(BPF_BTF_GET_FD_BY_ID, &a, 4);
	bpf(BPF_LINK_GET_FD_BY_ID, &a, 4);

	uint32_t ids[4];
	memset(&a, 0, sizeof(a));
	a.query.target_fd = -1;
	a.query.attach_type = BPF_CGROUP_SOCK_OPS;
	a.query.query_flags = BPF_F_QUERY_EFFECTIVE;
	a.query.prog_ids = (uintptr_t)ids;
	a.query.prog_cnt = 4;
	bpf(BPF_PROG_QUERY, &a, 28);

	memset(&a, 0, sizeof(a));
	a.raw_tracepoint.name = (uintptr_t) "sys_enter";
	a.raw_tracepoint.prog_fd = -1;
	bpf(BPF_RAW_TRACEPOINT_OPEN, &a, 12);
	memset(&a, 0, sizeof(a));
	a.btf = (uintptr_t) "not btf data";
	a.btf_size = 12;
	a.btf_log_size = 0;
	bpf(BPF_BTF_LOAD, &a, 28);
	memset(&a, 0, sizeof(a));
	a.task_fd_query.pid = getpid();
	a.task_fd_query.fd = 0;
	a.task_fd_query.buf = (uintptr_t)big;
	a.task_fd_query.buf_len = 16;
	bpf(BPF_TASK_FD_QUERY, &a, 48);

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = -1;
	a.link_create.target_fd = -1;
	a.link_create.attach_type = BPF_PERF_EVENT;
	a.link_create.perf_event.bpf_cookie = 0x1234;
	bpf(BPF_LINK_CREATE, &a, 48);
	a.link_create.attach_type = BPF_CGROUP_INET_INGRESS;
	a.link_create.target_btf_id = 7;
	bpf(BPF_LINK_CREATE, &a, 48);
	a.link_create.attach_type = BPF_CGROUP_DEVICE;
	bpf(BPF_LINK_CREATE, &a, 48);
	memset(&a, 0, sizeof(a));
	a.link_update.link_fd = -1;
	a.link_update.new_prog_fd = prog;
	a.link_update.flags = BPF_F_REPLACE;
	a.link_update.old_prog_fd = -1;
	bpf(BPF_LINK_UPDATE, &a, 16);

	bpf(100, &a, 16);
	bpf(-1, NULL, 0);
	if (prog >= 0)
		close(prog);
	close(map);
	close(arr);
	return 0;
}
