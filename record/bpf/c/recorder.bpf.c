// SPDX-License-Identifier: GPL-2.0
/*
 * mytrace's stop-free recorder: tp_btf programs on the syscall and
 * process tracepoints that copy, for the selected tasks, each syscall's
 * entry (number, arguments, the memory its inputs point to) and exit
 * (result, the memory it wrote), forks, execs, exits and signals into one
 * shared ring buffer. What memory to copy comes from the capture table
 * (the "calls" map), filled by the loader from mytrace's syscall table;
 * this program only knows how to read each kind of argument.
 *
 * The layout of every record and of the table is mirrored by
 * record/bpf/ringbuf.go and record/bpf/table.go: change both together.
 */
#include "core.h"

char LICENSE[] SEC("license") = "GPL";

/* --- Configuration, set by the loader before loading. --- */
const volatile __u32 str_limit = 257;   /* bytes of a string or buffer: -s + 1 */
const volatile __u32 path_limit = 4096; /* bytes of a path, NUL included */
const volatile __u32 follow = 0;        /* -f: children and threads join */
const volatile __u32 want_regs = 0;     /* copy the register set at each syscall stop */
const volatile __u32 stack_bytes = 0;   /* -k: bytes of user stack copied at exits */
const volatile __u64 wake_at = 1 << 20; /* wake the reader when this much is queued */
const volatile __u32 vec_strings = 257; /* argv strings kept (all with -v) */
const volatile __u32 env_strings = 0;   /* envp strings kept (0: only counted) */
const volatile __u32 trace_unknown = 1; /* record numbers the table does not know */
const volatile __u32 note_fds = 0;      /* -y: descriptors made by calls left out by -e trace= too */

/* --- Records (see ringbuf.go). --- */
enum {
	R_ENTER = 1,
	R_EXIT = 2,
	R_FORK = 3,
	R_EXEC = 4,
	R_EXIT_TASK = 5,
	R_SIGNAL = 6,
};

/* Record flags. */
enum {
	RF_REGS = 1,  /* a register block follows the fixed part */
	RF_TRUNC = 2, /* captures were cut: the event grew past its room */
	RF_IGNORED = 4, /* R_SIGNAL: generated while ignored, shown as delivered */
	RF_COMPAT = 8,  /* an i386 call (int 0x80): nr is an i386 number */
	RF_FILTERED = 16, /* R_EXIT of a call left out by -e trace=: only its descriptors */
	RF_STOP = 32,     /* R_SIGNAL: a stop signal whose default action stops the task */
	RF_PACKED = 64,   /* with RF_REGS: the packed register block (see fill_packed) */
};

struct rec {
	__u8 kind;
	__u8 flags;
	__u16 nchunks;
	__u32 tid;
	__u64 ts;
	__u32 seq;  /* per-thread sequence number: gaps are losses */
	__u32 tgid;
	__s64 nr;   /* syscall number; signal; exit code; old pid; child tid */
	__u64 a[6]; /* entry: arguments; exit: a[0] result; fork: see on_fork */
};

#define REC_ENTER_SIZE (sizeof(struct rec))
#define REC_EXIT_SIZE (sizeof(struct rec) - 5 * 8)
#define NREGS 27
#define NPACKED 13 /* words of the packed register block */
#define ENOSYS 38

/* A capture chunk: a header and len bytes of data, padded to 8. */
struct chunk {
	__u64 addr;
	__u32 len;    /* bytes of data that follow */
	__u16 flags;  /* C_* */
	__u8 op;      /* index of the table op that made it */
	__u8 pad;
	__u64 aux;    /* vector: pointers counted; fd info: inode; asked length */
};

enum {
	C_FAULT = 1,    /* nothing could be read */
	C_STR = 2,      /* a NUL-terminated read; data excludes the NUL */
	C_TERM = 4,     /* the NUL (or a vector's NULL) was found */
	C_LATE = 8,     /* an entry input read again at exit (entry read faulted) */
	C_VEC = 16,     /* a pointer array; data holds the pointers kept */
	C_ARGAREA = 32, /* execve's argument strings, from the new program's mm */
	C_FDINFO = 64,  /* a descriptor's inode: addr = fd, aux = inode, len 8: mode|magic */
	C_STACK = 128,  /* -k: the user stack from the stack pointer */
	C_PARTIAL = 256, /* stopped at an unreadable byte */
	C_ENVAREA = 512, /* execve's environment strings, from the new mm */
};

/* --- The capture table (see table.go). --- */
#define MAX_OPS 8

enum { CK_NONE = 0, CK_BYTES, CK_STR, CK_IOVEC, CK_VEC, CK_MSGHDR, CK_FDS, CK_SPREL, CK_DEREF, CK_MMSG, CK_IOCBS };
enum { W_ENTRY = 1, W_EXIT = 2, W_EXIT_OK = 3, W_BOTH = 4 /* entry, and exit of a success */ };
enum { L_FIXED = 0, L_ARG = 1, L_RET = 2, L_ARGPTR = 3 };
enum { LIM_NONE = 0, LIM_STR = 1, LIM_PATH = 2 };
/* Op flags. */
enum {
	OF_SPECULATIVE = 1, /* the pointer may not be one: a read that faults twice is not worth waking the reader for */
	OF_POSITIVE = 2, /* only when the length is > 0 (and the result, at exit) */
	OF_ENV = 4,     /* CK_VEC: the environment (env_strings) */
	OF_RETNZ = 8,   /* only when the result is not 0 */
	OF_USELEN = 16, /* CK_MMSG: each message's data up to its msg_len */
};

struct cap_op {
	__u8 kind;
	__u8 when;
	__u8 arg;     /* the argument holding the pointer */
	__u8 len;     /* L_*: where the length comes from */
	__u8 len_arg; /* argument of the length (L_ARG, L_ARGPTR), iovec count */
	__u8 lim;     /* LIM_*: a further bound */
	__u8 flags;   /* OF_* */
	__u8 pad;
	__u32 elem;   /* L_ARG: bytes per unit of the argument */
	__u32 size;   /* L_FIXED: the size; otherwise the most read (0: none) */
	__u32 off;    /* added to the pointer; CK_DEREF: where the pointer to read at is */
};

enum {
	D_TRACE = 1, /* record this syscall (-e trace=) */
	D_FDS = 2,   /* notes descriptors: record it even when filtered out */
};

struct sys_desc {
	__u8 flags;
	__u8 nops;
	__u8 entry_ops; /* ops read at entry (bit per op): none, no work */
	__u8 exit_ops;  /* ops read at exit */
	__u8 fd_ops;    /* CK_FDS ops */
	__u8 pad[3];
	struct cap_op ops[MAX_OPS];
};

#define NSYS 512

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NSYS);
	__type(key, __u32);
	__type(value, struct sys_desc);
} calls SEC(".maps");

/* --- Tasks. --- */
enum { M_ARMED = 1, M_TRACED = 2 };

struct task_state {
	__u32 seq;
	__u8 mode;
	__u8 insys;   /* an entry was recorded and its exit not yet */
	__u8 late;    /* entry ops whose read faulted: read again at exit */
	__u8 sigpend; /* an ignored signal waits in pendsig */
	__s64 nr;     /* the syscall of the recorded entry */
};

/* Not preallocated: tasks join rarely, and 65536 preallocated entries
 * would cost their allocation at every start. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct task_state);
} tasks SEC(".maps");

/* marks says which thread ids (modulo NMARKS) may be in tasks: a byte
 * set before a thread is put there, never cleared (another selected
 * thread may share the slot). The syscall programs run for every thread
 * of the machine; for one not recorded, this array's lookup, which the
 * verifier turns into a few instructions, replaces a hash lookup (a
 * helper call: about 60 ns a program here), the cost the recording puts
 * on the rest of the machine. */
#define NMARKS 65536
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NMARKS);
	__type(key, __u32);
	__type(value, __u8);
} marks SEC(".maps");

/* marked says whether tid may be selected (a hash lookup follows). */
static __always_inline bool marked(__u32 tid)
{
	__u32 k = tid & (NMARKS - 1);
	__u8 *m = bpf_map_lookup_elem(&marks, &k);
	return m && *m;
}

/* mark notes that tid is about to be selected. */
static __always_inline void mark(__u32 tid)
{
	__u32 k = tid & (NMARKS - 1);
	__u8 *m = bpf_map_lookup_elem(&marks, &k);
	if (m)
		*m = 1;
}

/* A signal kept for later: one the kernel dropped because it is ignored
 * (shown at the task's next syscall exit), or the last one sent to the
 * task (shown if it turns out fatal: the kernel then kills the task with
 * SIGKILL instead of delivering it, which ptrace would not have let it
 * do). */
struct pending_sig {
	__s32 sig;
	__u32 ignored;
	__u8 info[48];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct pending_sig);
} pendsig SEC(".maps");

/* The last signal sent to each task and not shown yet (see pending_sig). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct pending_sig);
} lastsig SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 << 20);
} events SEC(".maps");

/* Per-CPU counters: records lost (ring full), records written. */
enum { S_LOST = 0, S_WRITTEN = 1, S_LOST_BYTES = 2, NSTATS = 4 };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NSTATS);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/* The record being built, one per CPU (an array indexed by CPU: larger
 * than a per-CPU map allows). The programs run with preemption off. */
/* Keeps clang from dropping a bound the verifier needs to see. */
#define barrier_var(v) asm volatile("" : "+r"(v))

#define HALF (64 << 10)
#define CHUNK_MAX (32 << 10)
#define ROOM (HALF - 512) /* most bytes of one record */

/* The record being built, with the builder's state: one per CPU, in an
 * array indexed by CPU (larger than a per-CPU map allows). The programs
 * run with preemption off. The state lives in map memory, not on the
 * stack, on purpose: the verifier does not track values loaded from a map,
 * so the loops (bpf_loop callbacks) converge at once instead of being
 * explored for every exact offset and count. */
struct build {
	__u32 off;    /* bytes used */
	__u16 n;      /* chunks */
	__u8 trunc;
	__u8 faulted; /* entry ops that faulted (bit per op) */
	__u64 args[6];
	__u64 sp;
	__s64 ret;
	__u8 at_exit;
	__u8 op;
	__u16 cflags; /* flags added to every chunk (C_LATE) */
	__u32 pad;
	/* loop state (vectors, iovecs) */
	__u64 laddr;
	__s64 left;
	__u32 count;
	__u32 keep;
	__u8 done;
	__u8 fault;
	__u8 latefail; /* an input read faulted: wake the reader, which may read it from user space */
	__u8 uselen;
	__u8 pad2[4];
	__u64 maddr;  /* CK_MMSG loop */
	__u32 mkeep;
	__u32 pad3;
	__u8 buf[2 * HALF + 256];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* set to the number of CPUs by the loader */
	__type(key, __u32);
	__type(value, struct build);
} scratch SEC(".maps");

/* READ_KERN reads a kernel pointer (or what one points to) with a
 * helper, not a BTF-typed load: the verifier checks each load of a
 * pointer through a BTF-typed one by searching all of the kernel's types
 * by name, a millisecond or more each time the load is verified. */
#define READ_KERN(dst, src) bpf_probe_read_kernel(&(dst), sizeof(dst), &(src))

static __always_inline void count(__u32 k, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &k);
	if (v)
		*v += n;
}

static __always_inline struct build *get_scratch(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch, &cpu);
}

static __always_inline struct rec *rec_of(struct build *b)
{
	return (struct rec *)b->buf;
}

/* chunk_at returns the chunk header at b->off, or NULL when the record
 * has no room for a chunk of len more bytes. */
static __always_inline struct chunk *chunk_at(struct build *b, __u32 len)
{
	if (b->off + sizeof(struct chunk) + len > ROOM) {
		b->trunc = 1;
		return NULL;
	}
	__u32 off = b->off & (HALF - 1);
	return (struct chunk *)&b->buf[off];
}

static __always_inline void chunk_done(struct build *b, __u32 len)
{
	b->off += sizeof(struct chunk) + ((len + 7) & ~7);
	b->n++;
}

/* add_bytes copies len bytes at addr (a user address) as a chunk. Like
 * add_str, a global function: verified once, not at each of its uses. */
__attribute__((noinline)) int add_bytes(struct build *b, __u64 addr, __u32 len, __u64 asked)
{
	if (!b)
		return -1;
	if (len > CHUNK_MAX)
		len = CHUNK_MAX;
	struct chunk *c = chunk_at(b, len);
	if (!c)
		return -1;
	__u32 doff = (b->off + sizeof(struct chunk)) & (HALF - 1);
	__u32 n = len;
	barrier_var(n);
	n &= 2 * CHUNK_MAX - 1;
	long err = bpf_probe_read_user(&b->buf[doff], n, (void *)addr);
	c->addr = addr;
	c->op = b->op;
	c->pad = 0;
	c->aux = asked;
	c->flags = b->cflags;
	if (err) {
		/* Page by page would find a readable start; one retry with the
		 * part up to the page end keeps the common case cheap. */
		__u32 first = 4096 - (addr & 4095);
		barrier_var(first);
		first &= 2 * CHUNK_MAX - 1;
		if (first < n && bpf_probe_read_user(&b->buf[doff], first, (void *)addr) == 0) {
			c->flags |= C_PARTIAL;
			c->len = first;
			chunk_done(b, first);
			return 1;
		}
		c->flags |= C_FAULT;
		c->len = 0;
		chunk_done(b, 0);
		return 1;
	}
	c->len = n;
	chunk_done(b, n);
	return 0;
}

/* add_str copies the NUL-terminated string at addr, at most max bytes
 * with the NUL. */
__attribute__((noinline)) int add_str(struct build *b, __u64 addr, __u32 max)
{
	if (!b)
		return -1;
	if (max > CHUNK_MAX)
		max = CHUNK_MAX;
	struct chunk *c = chunk_at(b, max);
	if (!c)
		return -1;
	__u32 doff = (b->off + sizeof(struct chunk)) & (HALF - 1);
	barrier_var(max);
	max &= 2 * CHUNK_MAX - 1;
	long n = bpf_probe_read_user_str(&b->buf[doff], max, (void *)addr);
	c->addr = addr;
	c->op = b->op;
	c->pad = 0;
	c->aux = max;
	c->flags = C_STR | b->cflags;
	if (n <= 0) {
		c->flags |= C_FAULT;
		c->len = 0;
		chunk_done(b, 0);
		return 1;
	}
	/* n counts the NUL, which is always written: a string cut at max
	 * bytes reads as max-1 bytes and a NUL. Tell the two apart by the
	 * byte at max-1 in user memory. */
	__u32 got = n - 1;
	if ((__u32)n < max) {
		c->flags |= C_TERM;
	} else {
		char last = 0;
		if (bpf_probe_read_user(&last, 1, (void *)(addr + max - 1)) == 0 && last == 0) {
			c->flags |= C_TERM;
		} else {
			/* Keep the byte the helper replaced with its NUL. */
			__u32 at = (doff + got) & (2 * HALF - 1);
			if (at < sizeof(b->buf))
				b->buf[at] = last;
			got = n;
		}
	}
	c->len = got;
	chunk_done(b, got);
	return 0;
}

/* Vectors (argv, envp): pointers read in blocks, then their strings. */
#define VEC_BLOCK 16
#define VEC_MAX_PTRS 4096

static long vec_count_cb(__u64 i, void *vctx)
{
	struct build *b = *(struct build **)vctx;
	__u64 blk[VEC_BLOCK];
	__u64 base = b->laddr + i * sizeof(blk);
	if (bpf_probe_read_user(blk, sizeof(blk), (void *)base)) {
		/* The block crosses into an unreadable page: one pointer at a time. */
		for (int k = 0; k < VEC_BLOCK; k++) {
			__u64 p;
			if (bpf_probe_read_user(&p, 8, (void *)(base + k * 8))) {
				b->fault = 1;
				b->count = i * VEC_BLOCK + k;
				return 1;
			}
			if (!p) {
				b->done = 1;
				b->count = i * VEC_BLOCK + k;
				return 1;
			}
		}
		b->count = (i + 1) * VEC_BLOCK;
		return 0;
	}
	for (int k = 0; k < VEC_BLOCK; k++) {
		if (!blk[k]) {
			b->done = 1;
			b->count = i * VEC_BLOCK + k;
			return 1;
		}
	}
	b->count = (i + 1) * VEC_BLOCK;
	return 0;
}

static long vec_str_cb(__u64 i, void *vctx)
{
	struct build *b = *(struct build **)vctx;
	__u64 p = 0;
	if (i >= b->keep)
		return 1;
	if (bpf_probe_read_user(&p, 8, (void *)(b->laddr + i * 8)) || !p)
		return 1;
	int r = add_str(b, p, str_limit);
	if (r < 0)
		return 1;
	if (r > 0)
		b->fault = 2; /* a string not resident: the op is read again at exit */
	return 0;
}

/* add_vec captures a NULL-terminated pointer array and the first keep of
 * its strings. It returns 1 when the array could not be read. */
__attribute__((noinline)) int add_vec(struct build *b, __u64 addr, __u32 keep)
{
	if (!b)
		return -1;
	b->laddr = addr;
	b->count = 0;
	b->done = 0;
	b->fault = 0;
	struct build *bb = b;
	bpf_loop(VEC_MAX_PTRS / VEC_BLOCK, vec_count_cb, &bb, 0);
	__u32 count = b->count;
	if (count == 0 && b->fault) {
		struct chunk *c = chunk_at(b, 0);
		if (!c)
			return -1;
		c->addr = addr;
		c->len = 0;
		c->flags = C_VEC | C_FAULT | b->cflags;
		c->op = b->op;
		c->aux = 0;
		chunk_done(b, 0);
		return 1;
	}
	/* The pointers kept, as one chunk. */
	__u32 kept = count < keep ? count : keep;
	__u32 len = kept * 8;
	if (len > CHUNK_MAX)
		len = CHUNK_MAX;
	struct chunk *c = chunk_at(b, len);
	if (!c)
		return -1;
	__u32 doff = (b->off + sizeof(struct chunk)) & (HALF - 1);
	barrier_var(len);
	len &= 2 * CHUNK_MAX - 1;
	if (len && bpf_probe_read_user(&b->buf[doff], len, (void *)addr))
		len = 0;
	c->addr = addr;
	c->len = len;
	c->flags = C_VEC | b->cflags | (b->done ? C_TERM : 0) | (b->fault ? C_PARTIAL : 0);
	c->op = b->op;
	c->aux = count;
	chunk_done(b, len);
	b->keep = len / 8;
	b->laddr = addr;
	b->fault = 0;
	bpf_loop(VEC_MAX_PTRS, vec_str_cb, &bb, 0);
	return b->fault ? 1 : 0;
}

/* Iovec arrays: the array, then each buffer up to what is left of limit. */
#define IOV_MAX_CAPTURED 1024

static long iov_cb(__u64 i, void *vctx)
{
	struct build *b = *(struct build **)vctx;
	__u64 iov[2];
	if (i >= b->keep)
		return 1;
	if (bpf_probe_read_user(iov, sizeof(iov), (void *)(b->laddr + i * 16)))
		return 1;
	__u64 l = iov[1];
	__s64 left = b->left;
	if (left >= 0) {
		if (l > (__u64)left)
			l = left;
		b->left = left - l;
	}
	if (!iov[0] || !l)
		return b->left == 0 ? 1 : 0;
	if (l > str_limit)
		l = str_limit;
	__u64 base = b->laddr;
	if (add_bytes(b, iov[0], l, l) < 0)
		return 1;
	b->laddr = base;
	return 0;
}

__attribute__((noinline)) int add_iovec(struct build *b, __u64 addr, __u64 cnt, __s64 limit)
{
	if (!b)
		return -1;
	if (!addr || !cnt)
		return 0;
	if (cnt > IOV_MAX_CAPTURED)
		cnt = IOV_MAX_CAPTURED;
	int r = add_bytes(b, addr, cnt * 16, cnt * 16);
	if (r)
		return r;
	b->laddr = addr;
	b->left = limit;
	b->keep = cnt;
	struct build *bb = b;
	bpf_loop(IOV_MAX_CAPTURED, iov_cb, &bb, 0);
	return 0;
}

/* struct msghdr: name, iovecs, control. */
__attribute__((noinline)) int add_msghdr(struct build *b, __u64 addr, __s64 limit)
{
	if (!b)
		return -1;
	__u64 m[7]; /* name, namelen, iov, iovlen, control, controllen, flags */
	if (!addr)
		return 0;
	int r = add_bytes(b, addr, 56, 56);
	if (r)
		return r;
	if (bpf_probe_read_user(m, sizeof(m), (void *)addr))
		return 0;
	__u32 namelen = (__u32)m[1];
	if (m[0] && namelen)
		add_bytes(b, m[0], namelen > 128 ? 128 : namelen, namelen);
	add_iovec(b, m[2], m[3], limit);
	if (m[4] && m[5])
		add_bytes(b, m[4], m[5] > 4096 ? 4096 : m[5], m[5]);
	return 0;
}

/* struct mmsghdr arrays (sendmmsg, recvmmsg): each header and message. */
#define MMSG_MAX 64

static long mmsg_cb(__u64 i, void *vctx)
{
	struct build *b = *(struct build **)vctx;
	if (i >= b->mkeep)
		return 1;
	__u64 a = b->maddr + i * 64;
	__u32 len = 0;
	if (add_bytes(b, a, 64, 64))
		return 1;
	bpf_probe_read_user(&len, 4, (void *)(a + 56));
	add_msghdr(b, a, b->uselen ? (__s64)len : -1);
	return 0;
}

/* Inline, not global: a global function here would make the deepest
 * chain of calls (do_op, mmsg_cb, add_msghdr, add_iovec, iov_cb,
 * add_bytes) deeper than the verifier's 8 frames. */
static __always_inline int add_mmsg(struct build *b, __u64 addr, __u64 cnt, __u32 uselen)
{
	if (!addr || !cnt)
		return 0;
	if (cnt > MMSG_MAX)
		cnt = MMSG_MAX;
	b->maddr = addr;
	b->mkeep = cnt;
	b->uselen = uselen;
	struct build *bb = b;
	bpf_loop(MMSG_MAX, mmsg_cb, &bb, 0);
	return 0;
}

/* io_submit's array of iocb pointers: the array, each iocb, and the data
 * a write (or the iovecs a vectored write) points to. */
#define IOCB_MAX 64

static long iocb_cb(__u64 i, void *vctx)
{
	struct build *b = *(struct build **)vctx;
	if (i >= b->mkeep)
		return 1;
	__u64 p = 0;
	if (bpf_probe_read_user(&p, 8, (void *)(b->maddr + i * 8)) || !p)
		return 0;
	if (add_bytes(b, p, 64, 64))
		return 0;
	__u16 opcode = 0;
	__u64 buf = 0, n = 0;
	bpf_probe_read_user(&opcode, 2, (void *)(p + 16));
	bpf_probe_read_user(&buf, 8, (void *)(p + 24));
	bpf_probe_read_user(&n, 8, (void *)(p + 32));
	if (!buf || !n)
		return 0;
	if (opcode == 1 /* IOCB_CMD_PWRITE */)
		add_bytes(b, buf, n > str_limit ? str_limit : n, n);
	else if (opcode == 8 /* IOCB_CMD_PWRITEV */)
		add_iovec(b, buf, n, -1);
	return 0;
}

__attribute__((noinline)) int add_iocbs(struct build *b, __u64 addr, __u64 cnt)
{
	if (!b || !addr || !cnt)
		return 0;
	if (cnt > IOCB_MAX)
		cnt = IOCB_MAX;
	if (add_bytes(b, addr, cnt * 8, cnt * 8))
		return 0;
	b->maddr = addr;
	b->mkeep = cnt;
	struct build *bb = b;
	bpf_loop(IOCB_MAX, iocb_cb, &bb, 0);
	return 0;
}

/* Descriptors made by a call: their inode, for -y (see fds.go for the
 * layout). */
#define FDINFO_SIZE (40 + 80 + 120)
#define SOCKFS_MAGIC 0x534F434B
#define PIDFS_MAGIC 0x50494446
#define ANON_INODE_FS_MAGIC 0x09041934
#define PIDFD_NAME 0x5d64666469705bULL /* "[pidfd]", little-endian */
__attribute__((noinline)) int add_fd(struct build *b, __s32 fd)
{
	if (!b || fd < 0)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	struct files_struct *files = NULL;
	READ_KERN(files, t->files);
	if (!files)
		return 0;
	struct fdtable *fdt = NULL;
	READ_KERN(fdt, files->fdt);
	unsigned int max_fds = 0;
	if (fdt)
		READ_KERN(max_fds, fdt->max_fds);
	if ((__u32)fd >= max_fds)
		return 0;
	struct file **fds = NULL;
	READ_KERN(fds, fdt->fd);
	struct file *f = NULL;
	if (fds)
		bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	if (!f)
		return 0;
	struct inode *ino = NULL;
	bpf_probe_read_kernel(&ino, sizeof(ino), &f->f_inode);
	if (!ino)
		return 0;
	struct chunk *c = chunk_at(b, FDINFO_SIZE);
	if (!c)
		return 0;
	__u32 doff = (b->off + sizeof(struct chunk)) & (HALF - 1);
	__u64 *d = (__u64 *)&b->buf[doff];
	unsigned short mode = 0;
	unsigned long ino_nr = 0;
	struct super_block *sb = NULL;
	bpf_probe_read_kernel(&mode, sizeof(mode), &ino->i_mode);
	bpf_probe_read_kernel(&ino_nr, sizeof(ino_nr), &ino->i_ino);
	bpf_probe_read_kernel(&sb, sizeof(sb), &ino->i_sb);
	d[0] = mode;
	d[1] = 0;
	if (sb)
		bpf_probe_read_kernel(&d[1], sizeof(d[1]), &sb->s_magic);
	d[2] = d[3] = d[4] = 0;
	struct dentry *de = NULL;
	bpf_probe_read_kernel(&de, sizeof(de), &f->f_path.dentry);
	const unsigned char *name = NULL;
	if (de)
		bpf_probe_read_kernel(&name, sizeof(name), &de->d_name.name);
	if (name)
		bpf_probe_read_kernel_str(&d[2], 24, name);
	/* A socket: its protocol's name (what system.sockprotoname says)
	 * and, for inet ones, its addresses (what sock_diag says), for -yy. */
	__u8 *sd = (__u8 *)&d[5];
	for (int k = 0; k < FDINFO_SIZE - 40; k += 8)
		*(__u64 *)&sd[k] = 0;
	if (d[1] == SOCKFS_MAGIC) {
		struct socket *so = NULL;
		struct sock *sk = NULL;
		bpf_probe_read_kernel(&so, sizeof(so), &f->private_data);
		if (so)
			bpf_probe_read_kernel(&sk, sizeof(sk), &so->sk);
		if (sk) {
			struct proto *prot = NULL;
			bpf_probe_read_kernel(&prot, sizeof(prot), &sk->__sk_common.skc_prot);
			if (prot)
				bpf_probe_read_kernel_str(sd, 32, &prot->name);
			bpf_probe_read_kernel(sd + 32, 2, &sk->__sk_common.skc_family);
			bpf_probe_read_kernel(sd + 34, 2, &sk->__sk_common.skc_num);
			bpf_probe_read_kernel(sd + 36, 2, &sk->__sk_common.skc_dport);
			bpf_probe_read_kernel(sd + 40, 4, &sk->__sk_common.skc_rcv_saddr);
			bpf_probe_read_kernel(sd + 44, 4, &sk->__sk_common.skc_daddr);
			bpf_probe_read_kernel(sd + 48, 16, &sk->__sk_common.skc_v6_rcv_saddr);
			bpf_probe_read_kernel(sd + 64, 16, &sk->__sk_common.skc_v6_daddr);
			__u16 fam = *(__u16 *)(sd + 32);
			if (fam == 1 /* AF_UNIX */) {
				/* The peer's inode and the bound name, as unix_diag
				 * tells them: at 80, the peer inode; at 88, the name's
				 * length; at 92, the name. */
				struct unix_sock *u = (struct unix_sock *)sk;
				struct sock *peer = NULL;
				struct unix_address *ua = NULL;
				bpf_probe_read_kernel(&peer, sizeof(peer), &u->peer);
				bpf_probe_read_kernel(&ua, sizeof(ua), &u->addr);
				if (peer) {
					struct socket *ps = NULL;
					struct file *pf = NULL;
					struct inode *pi = NULL;
					bpf_probe_read_kernel(&ps, sizeof(ps), &peer->sk_socket);
					if (ps)
						bpf_probe_read_kernel(&pf, sizeof(pf), &ps->file);
					if (pf)
						bpf_probe_read_kernel(&pi, sizeof(pi), &pf->f_inode);
					if (pi)
						bpf_probe_read_kernel(sd + 80, 8, &pi->i_ino);
				}
				if (ua) {
					int len = 0;
					bpf_probe_read_kernel(&len, sizeof(len), &ua->len);
					*(__u32 *)(sd + 88) = len;
					bpf_probe_read_kernel(sd + 92, 108, &ua->name[0].sun_path);
				}
			}
		}
	} else if (d[1] == PIDFS_MAGIC || (d[1] == ANON_INODE_FS_MAGIC && d[2] == PIDFD_NAME)) {
		/* A pidfd: the process it refers to (its pid at level 0), for
		 * -yy, which the descriptor may no longer show in /proc when
		 * the reader gets to it. pidfs keeps the struct pid in the
		 * inode (6.9 and later); an anonymous-inode pidfd in the
		 * file. */
		struct pid *p = NULL;
		if (d[1] == PIDFS_MAGIC)
			bpf_probe_read_kernel(&p, sizeof(p), &ino->i_private);
		else
			bpf_probe_read_kernel(&p, sizeof(p), &f->private_data);
		if (p)
			bpf_probe_read_kernel(sd, 4, &p->numbers[0].nr);
	}
	c->addr = (__u32)fd;
	c->len = FDINFO_SIZE;
	c->flags = C_FDINFO;
	c->op = b->op;
	c->aux = ino_nr;
	chunk_done(b, FDINFO_SIZE);
	return 0;
}

static __always_inline __u64 op_len(struct build *b, struct cap_op *op, int *skip)
{
	__u64 n = 0;
	switch (op->len) {
	case L_FIXED:
		n = op->size;
		break;
	case L_ARG:
		n = b->args[op->len_arg & 7] * (op->elem ? op->elem : 1);
		if (op->elem > 1 && b->args[op->len_arg & 7] > (1 << 20))
			n = 1 << 20;
		break;
	case L_RET:
		n = b->ret > 0 ? b->ret : 0;
		if (op->elem > 1)
			n = n > (1 << 20) ? (1 << 20) : n * op->elem;
		break;
	case L_ARGPTR: {
		__u32 v = 0;
		__u64 p = b->args[op->len_arg & 7];
		if (!p || bpf_probe_read_user(&v, 4, (void *)p)) {
			*skip = 1;
			return 0;
		}
		n = v;
		break;
	}
	}
	if (op->len != L_FIXED && op->size && n > op->size)
		n = op->size;
	if (op->lim == LIM_STR && n > str_limit)
		n = str_limit;
	if ((op->flags & OF_POSITIVE) && n == 0)
		*skip = 1;
	return n;
}

/* run_op performs one table op at this stop. */
static __always_inline void run_op(struct build *b, struct cap_op *op, int i)
{
	__u64 addr = b->args[op->arg & 7];
	int skip = 0;
	int r = 0;
	b->op = i;
	if (op->kind == CK_FDS) {
		/* Descriptors a successful call made: its result, or the pair
		 * of ints at the pointer argument (pipe, socketpair). */
		if (op->len == L_RET) {
			add_fd(b, (__s32)b->ret);
		} else if (op->len == L_ARG) {
			add_fd(b, (__s32)b->args[op->len_arg & 7]);
		} else if (addr && op->size == 4) {
			/* One descriptor stored at the pointer (clone's pidfd). */
			__s32 one;
			if (bpf_probe_read_user(&one, 4, (void *)addr) == 0)
				add_fd(b, one);
		} else if (addr) {
			__s32 pair[2];
			if (bpf_probe_read_user(pair, 8, (void *)addr) == 0) {
				add_fd(b, pair[0]);
				add_fd(b, pair[1]);
			}
		}
		return;
	}
	if (op->kind == CK_SPREL) {
		/* rt_sigreturn: its frame on the stack. */
		if (b->sp)
			add_bytes(b, b->sp + op->elem, op->size, op->size);
		return;
	}
	if (!addr)
		return;
	addr += op->off;
	if (op->kind == CK_DEREF) {
		/* A pointer inside a structure: read what it points to. */
		__u64 p = 0;
		if (bpf_probe_read_user(&p, 8, (void *)addr) || !p)
			return;
		__u64 n = op_len(b, op, &skip);
		if (skip || n == 0)
			return;
		r = add_bytes(b, p, n, n);
		if (r > 0 && !b->at_exit)
			b->faulted |= 1 << i;
		return;
	}
	switch (op->kind) {
	case CK_BYTES: {
		__u64 n = op_len(b, op, &skip);
		if (skip || n == 0)
			return;
		r = add_bytes(b, addr, n, n);
		break;
	}
	case CK_STR: {
		__u32 max = op->lim == LIM_PATH ? path_limit : str_limit;
		if (op->size && op->size < max)
			max = op->size;
		if (op->len == L_RET) {
			/* getcwd: the result counts the NUL. */
			if (b->ret <= 0)
				return;
			if ((__u64)b->ret < max)
				max = b->ret;
		}
		r = add_str(b, addr, max);
		break;
	}
	case CK_IOVEC: {
		__u64 cnt = b->args[op->len_arg & 7];
		__s64 limit = -1;
		if (b->at_exit) {
			if (b->ret < 0)
				return;
			limit = b->ret;
		}
		r = add_iovec(b, addr, cnt, limit);
		break;
	}
	case CK_VEC:
		r = add_vec(b, addr, (op->flags & OF_ENV) ? env_strings : vec_strings);
		break;
	case CK_MSGHDR:
		r = add_msghdr(b, addr, b->at_exit ? (b->ret < 0 ? 0 : b->ret) : -1);
		break;
	case CK_IOCBS:
		add_iocbs(b, addr, b->args[op->len_arg & 7]);
		break;
	case CK_MMSG: {
		__u64 cnt = op->len == L_RET ? (b->ret > 0 ? b->ret : 0) : (__u32)b->args[op->len_arg & 7];
		add_mmsg(b, addr, cnt, op->flags & OF_USELEN);
		break;
	}
	}
	if (r > 0 && !b->at_exit)
		b->faulted |= 1 << i;
	if (r > 0 && !(op->flags & OF_SPECULATIVE))
		b->latefail = 1; /* the reader may read it while the task lives */
}

/* run_ops performs the ops of a syscall that belong to this stop.
 *
 * do_op is a global function: the verifier checks it once, on its own,
 * whatever calls it, instead of once per call site and state (which made
 * loading take seconds). The loop over the ops is a bpf_loop, whose
 * callback is small. */
enum { RUN_ENTRY = 0, RUN_EXIT = 1, RUN_LATE = 2, RUN_FDS = 3 };

__attribute__((noinline)) int do_op(struct build *b, struct cap_op *op, __u32 i, __u32 mode, __u32 only)
{
	if (!b || !op || i >= MAX_OPS)
		return 0;
	bool ok = b->ret >= 0 || b->ret < -4095;
	switch (mode) {
	case RUN_FDS:
		if (op->kind != CK_FDS)
			return 0;
		break;
	case RUN_LATE:
		/* Exit: the entry ops to read again. */
		if (!(only & (1 << i)))
			return 0;
		break;
	case RUN_ENTRY:
		if (op->when != W_ENTRY && op->when != W_BOTH)
			return 0;
		break;
	default:
		if (op->when == W_ENTRY)
			return 0;
		if ((op->when == W_EXIT_OK || op->when == W_BOTH) && !ok)
			return 0;
		if ((op->flags & OF_POSITIVE) && op->len == L_RET && b->ret <= 0)
			return 0;
		if ((op->flags & OF_RETNZ) && b->ret == 0)
			return 0;
	}
	run_op(b, op, i);
	return 0;
}

/* run_ops_mode runs the ops in mask (a bit per op): an unrolled loop of
 * calls to the global do_op, itself a global function, verified once
 * rather than at each of its uses. */
__attribute__((noinline)) int run_ops_mode(struct build *b, struct sys_desc *d, __u32 mask, __u32 mode, __u32 only)
{
	if (!b || !d)
		return 0;
#pragma unroll
	for (int i = 0; i < MAX_OPS; i++) {
		if (mask & (1 << i))
			do_op(b, &d->ops[i], i, mode, only);
	}
	return 0;
}

/* When the reader was last woken. A wake-up costs the traced task
 * microseconds (an irq_work and a context switch): at most one every
 * WAKE_GAP, however full the ring is (the reader also polls). */
__u64 last_wake = 0;
#define WAKE_GAP 1000000 /* 1 ms */

static __always_inline __u64 wake_flags(__u64 now)
{
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) < wake_at || now - last_wake < WAKE_GAP)
		return BPF_RB_NO_WAKEUP;
	last_wake = now;
	return BPF_RB_FORCE_WAKEUP;
}

/* submit sends the record built in b; a record the ring has no room for
 * is counted as lost (its sequence number is used all the same, so the
 * reader sees the gap where it was). */
static __always_inline void submit(struct build *b)
{
	struct rec *r = rec_of(b);
	r->nchunks = b->n;
	if (b->trunc)
		r->flags |= RF_TRUNC;
	__u32 size = b->off;
	barrier_var(size);
	size &= 2 * HALF - 1;
	if (size < sizeof(struct rec) - 40)
		return;
	__u64 wf = b->latefail ? BPF_RB_FORCE_WAKEUP : wake_flags(r->ts);
	if (bpf_ringbuf_output(&events, r, size, wf)) {
		count(S_LOST, 1);
		count(S_LOST_BYTES, size);
	}
}

static __always_inline void start(struct build *b, struct task_state *st, __u8 kind, __u32 fixed)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct rec *r = rec_of(b);
	r->kind = kind;
	r->flags = 0;
	r->nchunks = 0;
	r->tid = (__u32)id;
	r->tgid = id >> 32;
	r->ts = bpf_ktime_get_ns();
	r->seq = st->seq++;
	b->off = fixed;
	b->n = 0;
	b->trunc = 0;
	b->faulted = 0;
	b->latefail = 0;
	b->cflags = 0;
}

/* fill_regs writes the register block at d: struct pt_regs, then the
 * segment bases and selectors ptrace's user_regs_struct has. The loads
 * are direct (regs is a BTF pointer), not a helper's copy. */
static __always_inline void fill_regs(__u64 *d, struct pt_regs *regs)
{
	d[0] = regs->r15;
	d[1] = regs->r14;
	d[2] = regs->r13;
	d[3] = regs->r12;
	d[4] = regs->bp;
	d[5] = regs->bx;
	d[6] = regs->r11;
	d[7] = regs->r10;
	d[8] = regs->r9;
	d[9] = regs->r8;
	d[10] = regs->ax;
	d[11] = regs->cx;
	d[12] = regs->dx;
	d[13] = regs->si;
	d[14] = regs->di;
	d[15] = regs->orig_ax;
	d[16] = regs->ip;
	d[17] = regs->cs;
	d[18] = regs->flags;
	d[19] = regs->sp;
	d[20] = regs->ss;
	struct task_struct *t = bpf_get_current_task_btf();
	d[21] = t->thread.fsbase;
	d[22] = t->thread.gsbase;
	d[23] = t->thread.ds;
	d[24] = t->thread.es;
	d[25] = t->thread.fsindex;
	d[26] = t->thread.gsindex;
}

/* At the entry of a call made with the syscall instruction, ten of the
 * 27 registers are known from the record: rax is -ENOSYS, orig_rax the
 * call's number, rdi, rsi, rdx, r10, r8 and r9 its arguments, and the
 * instruction saved rip in rcx and rflags in r11. packable checks that
 * they are so (a ptracer of the task may have changed them); fill_packed
 * then writes only the others, the six segment selectors (16 bits each)
 * in two words: 104 bytes instead of 216. The reader puts the 27 back
 * together (records.go). */
static __always_inline bool packable(struct pt_regs *regs, long id, bool compat)
{
	return !compat && regs->cx == regs->ip && regs->r11 == regs->flags &&
	       regs->ax == (unsigned long)-ENOSYS && regs->orig_ax == (unsigned long)id;
}

static __always_inline void fill_packed(__u64 *d, struct pt_regs *regs)
{
	d[0] = regs->r15;
	d[1] = regs->r14;
	d[2] = regs->r13;
	d[3] = regs->r12;
	d[4] = regs->bp;
	d[5] = regs->bx;
	d[6] = regs->ip;
	d[7] = regs->flags;
	d[8] = regs->sp;
	struct task_struct *t = bpf_get_current_task_btf();
	d[9] = t->thread.fsbase;
	d[10] = t->thread.gsbase;
	d[11] = (regs->cs & 0xffff) | (regs->ss & 0xffff) << 16 | ((__u64)t->thread.ds & 0xffff) << 32 | ((__u64)t->thread.es & 0xffff) << 48;
	d[12] = (t->thread.fsindex & 0xffff) | (t->thread.gsindex & 0xffff) << 16;
}

static __always_inline void add_regs(struct build *b, struct pt_regs *regs, bool packed)
{
	if (!want_regs)
		return;
	struct rec *r = rec_of(b);
	__u32 off = b->off & (HALF - 1);
	if (packed) {
		fill_packed((__u64 *)&b->buf[off], regs);
		b->off += NPACKED * 8;
		r->flags |= RF_REGS | RF_PACKED;
		return;
	}
	fill_regs((__u64 *)&b->buf[off], regs);
	b->off += NREGS * 8;
	r->flags |= RF_REGS;
}

/* A record that copies no memory has a size known in advance: it is
 * reserved in the ring buffer and written there, not built in the
 * scratch area and copied. head fills its fixed part (start's, for
 * it). */
static __always_inline void head(struct rec *r, struct task_state *st, __u8 kind, __u8 flags)
{
	__u64 id = bpf_get_current_pid_tgid();
	r->kind = kind;
	r->flags = flags;
	r->nchunks = 0;
	r->tid = (__u32)id;
	r->tgid = id >> 32;
	r->ts = bpf_ktime_get_ns();
	r->seq = st->seq++;
}

/* lost_in_place counts a record that found no room in the ring buffer,
 * its sequence number used all the same (see submit). */
static __always_inline void lost_in_place(struct task_state *st, __u32 size)
{
	st->seq++;
	count(S_LOST, 1);
	count(S_LOST_BYTES, size);
}

static __always_inline void args_of(struct build *b, struct pt_regs *regs, bool compat)
{
	if (compat) {
		/* int 0x80: the i386 registers, whole, as the kernel's
		 * syscall_get_arguments (and so ptrace) gives them. */
		b->args[0] = regs->bx;
		b->args[1] = regs->cx;
		b->args[2] = regs->dx;
		b->args[3] = regs->si;
		b->args[4] = regs->di;
		b->args[5] = regs->bp;
		b->sp = regs->sp;
		return;
	}
	b->args[0] = regs->di;
	b->args[1] = regs->si;
	b->args[2] = regs->dx;
	b->args[3] = regs->r10;
	b->args[4] = regs->r8;
	b->args[5] = regs->r9;
	b->sp = regs->sp;
}

int emit_pending_signal(struct build *b, struct task_state *st, __u32 tid, __s32 fatal);

/* noop_hooks makes the two syscall programs return at once, recording
 * nothing (MYTRACE_BPF_NOOP=1, for measuring what the hooks themselves
 * cost the machine: testdata/bench/bpf-tax.sh). */
volatile const __u32 noop_hooks = 0;

SEC("tp_btf/sys_enter")
int on_enter(__u64 *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx[0];
	long id = (long)ctx[1];
	if (noop_hooks)
		return 0;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (!marked(tid))
		return 0;
	struct task_state *st = bpf_map_lookup_elem(&tasks, &tid);
	if (!st)
		return 0;
	struct task_struct *task = bpf_get_current_task_btf();
	bool compat = task->thread_info.status & TS_COMPAT;
	if (st->mode == M_ARMED && (compat || (id != 59 && id != 322)))
		return 0;
	__u32 nr = (__u32)id;
	struct sys_desc *d = NULL;
	if (!compat && id >= 0 && nr < NSYS)
		d = bpf_map_lookup_elem(&calls, &nr);
	if (compat || id < 0 || nr >= NSYS) {
		/* Unknown numbers (and x32, i386): recorded, nothing captured. */
		d = NULL;
		if (!trace_unknown) {
			st->insys = 0;
			return 0;
		}
	} else if (!d) {
		st->insys = 0;
		return 0;
	} else if (!(d->flags & D_TRACE)) {
		/* Left out by -e trace=; with -y, a call that makes descriptors
		 * still says which at its exit. */
		st->insys = (note_fds && (d->flags & D_FDS)) ? 2 : 0;
		st->nr = id;
		return 0;
	}
	struct build *b = get_scratch();
	if (!b)
		return 0;
	if (st->sigpend)
		emit_pending_signal(b, st, tid, 0);
	if (!d || !d->entry_ops) {
		/* Nothing to copy: the record is made in the ring. */
		__u8 flags = compat ? RF_COMPAT : 0;
		args_of(b, regs, compat);
		bool packed = want_regs && packable(regs, id, compat);
		__u32 size = REC_ENTER_SIZE;
		struct rec *r;
		if (packed) {
			size = REC_ENTER_SIZE + NPACKED * 8;
			r = bpf_ringbuf_reserve(&events, REC_ENTER_SIZE + NPACKED * 8, 0);
			flags |= RF_REGS | RF_PACKED;
		} else if (want_regs) {
			size = REC_ENTER_SIZE + NREGS * 8;
			r = bpf_ringbuf_reserve(&events, REC_ENTER_SIZE + NREGS * 8, 0);
			flags |= RF_REGS;
		} else {
			r = bpf_ringbuf_reserve(&events, REC_ENTER_SIZE, 0);
		}
		st->late = 0;
		st->insys = 1;
		st->nr = id;
		if (!r) {
			lost_in_place(st, size);
			return 0;
		}
		head(r, st, R_ENTER, flags);
		r->nr = id;
#pragma unroll
		for (int i = 0; i < 6; i++)
			r->a[i] = b->args[i];
		if (packed)
			fill_packed((__u64 *)(r + 1), regs);
		else if (want_regs)
			fill_regs((__u64 *)(r + 1), regs);
		bpf_ringbuf_submit(r, wake_flags(r->ts));
		return 0;
	}
	start(b, st, R_ENTER, REC_ENTER_SIZE);
	struct rec *r = rec_of(b);
	r->nr = id;
	if (compat)
		r->flags |= RF_COMPAT;
	args_of(b, regs, compat);
#pragma unroll
	for (int i = 0; i < 6; i++)
		r->a[i] = b->args[i];
	b->at_exit = 0;
	b->ret = 0;
	add_regs(b, regs, packable(regs, id, compat));
	if (d)
		if (d->entry_ops)
			run_ops_mode(b, d, d->entry_ops, RUN_ENTRY, 0);
	st->late = b->faulted;
	st->insys = 1;
	st->nr = id;
	submit(b);
	return 0;
}

SEC("tp_btf/sys_exit")
int on_exit(__u64 *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx[0];
	long ret = (long)ctx[1];
	if (noop_hooks)
		return 0;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (!marked(tid))
		return 0;
	struct task_state *st = bpf_map_lookup_elem(&tasks, &tid);
	if (!st || !st->insys)
		return 0;
	struct task_struct *cur = bpf_get_current_task_btf();
	__s32 fatal = 0;
	if (cur->pending.signal.sig[0] & (1ULL << (SIGKILL - 1))) {
		/* Killed: the task dies before returning. Under ptrace, a
		 * SIGKILL (or another thread's exit) shows no exit of the call
		 * ("= ?"); a fatal signal the kernel turned into SIGKILL
		 * because nobody traces the task would have shown the exit and
		 * then the signal. */
		struct signal_struct *sig = NULL;
		int code = 0;
		READ_KERN(sig, cur->signal);
		if (sig)
			READ_KERN(code, sig->group_exit_code);
		__s32 gec = code & 0x7f;
		if (gec == 0 || gec == SIGKILL)
			return 0;
		fatal = gec;
	}
	__u8 filtered = st->insys == 2;
	st->insys = 0;
	__s64 nr = st->nr;
	struct build *b = get_scratch();
	if (!b)
		return 0;
	struct task_struct *task = bpf_get_current_task_btf();
	bool compat = task->thread_info.status & TS_COMPAT;
	__u32 k = (__u32)nr;
	struct sys_desc *d = NULL;
	if (nr >= 0 && k < NSYS)
		d = bpf_map_lookup_elem(&calls, &k);
	/* At exit the registers are those of the entry but for rax (the
	 * result): copied again only for -k, whose unwinder wants them with
	 * the stack. Half the bytes of a record. */
	bool copies = stack_bytes != 0;
	if (d && filtered)
		copies = copies || (ret >= 0 && d->fd_ops);
	else if (d && !compat)
		copies = copies || st->late || d->exit_ops;
	if (!copies) {
		/* Nothing to copy: the record is made in the ring. */
		st->late = 0;
		struct rec *r = bpf_ringbuf_reserve(&events, REC_EXIT_SIZE, 0);
		if (!r) {
			lost_in_place(st, REC_EXIT_SIZE);
		} else {
			head(r, st, R_EXIT, filtered ? RF_FILTERED : (compat ? RF_COMPAT : 0));
			r->nr = nr;
			r->a[0] = ret;
			bpf_ringbuf_submit(r, wake_flags(r->ts));
		}
		if (st->sigpend || fatal)
			emit_pending_signal(b, st, tid, fatal);
		return 0;
	}
	start(b, st, R_EXIT, REC_EXIT_SIZE);
	struct rec *r = rec_of(b);
	r->nr = nr;
	r->a[0] = ret;
	args_of(b, regs, compat);
	b->ret = ret;
	b->at_exit = 1;
	if (stack_bytes)
		add_regs(b, regs, false);
	if (filtered) {
		r->flags |= RF_FILTERED;
		if (d && ret >= 0)
			run_ops_mode(b, d, d->fd_ops, RUN_FDS, 0);
		submit(b);
		return 0;
	}
	if (compat) {
		r->flags |= RF_COMPAT;
		d = NULL;
	}
	if (d) {
		__u8 late = st->late;
		st->late = 0;
		if (late && (nr == 59 || nr == 322) && ret == 0) {
			/* A successful execve's old memory is gone: its argument
			 * and environment strings are in the new program's. */
			struct mm_struct *mm = NULL;
			READ_KERN(mm, task->mm);
			if (mm) {
				__u64 s = 0, e = 0;
				READ_KERN(s, mm->arg_start);
				READ_KERN(e, mm->arg_end);
				b->cflags = C_LATE | C_ARGAREA;
				b->op = 0xff;
				if (e > s)
					add_bytes(b, s, e - s, e - s);
				READ_KERN(s, mm->env_start);
				READ_KERN(e, mm->env_end);
				b->cflags = C_LATE | C_ENVAREA;
				if (e > s && env_strings)
					add_bytes(b, s, e - s, e - s);
			}
			b->cflags = 0;
		} else if (late) {
			b->cflags = C_LATE;
			run_ops_mode(b, d, late, RUN_LATE, late);
			b->cflags = 0;
		}
		if (d->exit_ops)
			run_ops_mode(b, d, d->exit_ops, RUN_EXIT, 0);
	}
	if (stack_bytes && regs->sp) {
		b->cflags = C_STACK;
		b->op = 0xfe;
		add_bytes(b, regs->sp, stack_bytes, stack_bytes);
		b->cflags = 0;
	}
	submit(b);
	if (st->sigpend || fatal)
		emit_pending_signal(b, st, tid, fatal);
	return 0;
}

/* A new task: with -f it joins if its creator is traced. The record goes
 * in the creator's stream: a[0] the child's tid, a[1] its thread group. */
SEC("tp_btf/sched_process_fork")
int on_fork(__u64 *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx[0];
	struct task_struct *child = (struct task_struct *)ctx[1];
	if (!follow)
		return 0;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct task_state *st = bpf_map_lookup_elem(&tasks, &tid);
	if (!st || st->mode != M_TRACED)
		return 0;
	__u32 ctid = child->pid;
	struct task_state cs = { .mode = M_TRACED };
	mark(ctid);
	bpf_map_update_elem(&tasks, &ctid, &cs, BPF_ANY);
	struct build *b = get_scratch();
	if (!b)
		return 0;
	start(b, st, R_FORK, REC_ENTER_SIZE);
	struct rec *r = rec_of(b);
	r->nr = st->insys ? st->nr : -1;
	r->a[0] = ctid;
	r->a[1] = child->tgid;
	r->a[2] = parent->pid;
	r->a[3] = r->a[4] = r->a[5] = 0;
	submit(b);
	return 0;
}

/* An exec: an armed task (the launched command) starts being traced; a
 * thread other than the leader that exec'd takes the leader's tid. */
SEC("tp_btf/sched_process_exec")
int on_exec(__u64 *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx[0];
	__u32 old = (__u32)ctx[1];
	__u32 tid = p->pid;
	struct task_state *st = bpf_map_lookup_elem(&tasks, &old);
	if (!st)
		return 0;
	struct task_state ns = *st;
	if (ns.mode == M_ARMED)
		ns.mode = M_TRACED;
	if (old != tid) {
		bpf_map_delete_elem(&tasks, &old);
		ns.seq = 0;
	}
	mark(tid);
	bpf_map_update_elem(&tasks, &tid, &ns, BPF_ANY);
	st = bpf_map_lookup_elem(&tasks, &tid);
	if (!st)
		return 0;
	struct build *b = get_scratch();
	if (!b)
		return 0;
	start(b, st, R_EXEC, REC_EXIT_SIZE);
	struct rec *r = rec_of(b);
	r->tid = tid;
	r->nr = old;
	r->a[0] = 0;
	submit(b);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int on_task_exit(__u64 *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx[0];
	__u32 tid = p->pid;
	struct task_state *st = bpf_map_lookup_elem(&tasks, &tid);
	if (!st)
		return 0;
	if (st->mode == M_TRACED) {
		struct build *b = get_scratch();
		if (b) {
			__s32 code = p->exit_code & 0x7f;
			if (code && code != SIGKILL)
				emit_pending_signal(b, st, tid, code);
			start(b, st, R_EXIT_TASK, REC_EXIT_SIZE);
			struct rec *r = rec_of(b);
			r->tid = tid;
			r->tgid = p->tgid;
			r->nr = p->exit_code;
			r->a[0] = st->insys ? st->nr + 1 : 0;
			submit(b);
		}
	}
	bpf_map_delete_elem(&tasks, &tid);
	bpf_map_delete_elem(&pendsig, &tid);
	bpf_map_delete_elem(&lastsig, &tid);
	return 0;
}

static __always_inline void emit_signal(struct build *b, struct task_state *st, __s32 sig, const void *info, __u8 flags)
{
	start(b, st, R_SIGNAL, REC_EXIT_SIZE + 48);
	struct rec *r = rec_of(b);
	r->nr = sig;
	r->flags = flags;
	r->a[0] = 48;
	__u8 *d = (__u8 *)&r->a[1];
	bpf_probe_read_kernel(d, 48, info);
	submit(b);
}

SEC("tp_btf/signal_deliver")
int on_signal(__u64 *ctx)
{
	__s32 sig = (__s32)ctx[0];
	void *info = (void *)ctx[1];
	if (sig == SIGKILL)
		return 0; /* no signal-delivery stop for it under ptrace */
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct task_state *st = bpf_map_lookup_elem(&tasks, &tid);
	if (!st || st->mode != M_TRACED)
		return 0;
	/* Delivered: not to be shown again if it turns out fatal. */
	struct pending_sig *ls = bpf_map_lookup_elem(&lastsig, &tid);
	if (ls && ls->sig == sig)
		bpf_map_delete_elem(&lastsig, &tid);
	struct build *b = get_scratch();
	if (!b)
		return 0;
	/* A stop signal with its default action stops the task: a
	 * group-stop, which ptrace reports as such. */
	__u8 flags = 0;
	struct k_sigaction *ka = (struct k_sigaction *)ctx[2];
	unsigned long handler = 1;
	if (ka)
		bpf_probe_read_kernel(&handler, sizeof(handler), &ka->sa.sa_handler);
	if (handler == 0 && (sig == 19 || sig == 20 || sig == 21 || sig == 22))
		flags = RF_STOP;
	emit_signal(b, st, sig, info, flags);
	return 0;
}

/* A signal the kernel drops at once because it is ignored (SIGCHLD by
 * default) is never delivered; under ptrace it is, and strace shows it.
 * It is kept here and recorded when the task next returns from a syscall
 * (where ptrace would have stopped for it). */
#define TRACE_SIGNAL_DELIVERED 0
#define TRACE_SIGNAL_IGNORED 1

SEC("tp_btf/signal_generate")
int on_signal_generate(__u64 *ctx)
{
	__s32 sig = (__s32)ctx[0];
	void *info = (void *)ctx[1];
	struct task_struct *task = (struct task_struct *)ctx[2];
	__s32 result = (__s32)ctx[4];
	if (sig == SIGKILL || (result != TRACE_SIGNAL_IGNORED && result != TRACE_SIGNAL_DELIVERED))
		return 0;
	__u32 tid = task->pid;
	struct task_state *st = bpf_map_lookup_elem(&tasks, &tid);
	if (!st || st->mode != M_TRACED)
		return 0;
	struct pending_sig ps = { .sig = sig, .ignored = result == TRACE_SIGNAL_IGNORED };
	if ((__u64)info > 2)
		bpf_probe_read_kernel(ps.info, sizeof(ps.info), info);
	else {
		/* SEND_SIG_NOINFO / SEND_SIG_PRIV: the kernel fills si_signo
		 * and the sender itself; leave that to the reader. */
		*(__s32 *)&ps.info[0] = sig;
		*(__s32 *)&ps.info[8] = (__u64)info == 1 ? 0x80 : 0; /* SI_KERNEL : SI_USER */
	}
	if (ps.ignored) {
		bpf_map_update_elem(&pendsig, &tid, &ps, BPF_ANY);
		st->sigpend = 1;
	} else {
		bpf_map_update_elem(&lastsig, &tid, &ps, BPF_ANY);
	}
	return 0;
}

/* A global function: verified once, not at each of its three uses. */
__attribute__((noinline)) int emit_pending_signal(struct build *b, struct task_state *st, __u32 tid, __s32 fatal)
{
	if (!b || !st)
		return 0;
	if (fatal) {
		/* A fatal signal the kernel turned into SIGKILL. */
		struct pending_sig *ps = bpf_map_lookup_elem(&lastsig, &tid);
		if (!ps || ps->sig != fatal)
			return 0;
		struct pending_sig copy = *ps;
		bpf_map_delete_elem(&lastsig, &tid);
		emit_signal(b, st, copy.sig, copy.info, 0);
		return 0;
	}
	st->sigpend = 0;
	struct pending_sig *ps = bpf_map_lookup_elem(&pendsig, &tid);
	if (!ps)
		return 0;
	struct pending_sig copy = *ps;
	bpf_map_delete_elem(&pendsig, &tid);
	emit_signal(b, st, copy.sig, copy.info, RF_IGNORED);
	return 0;
}
