/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal CO-RE header for mytrace's recorder: the few kernel types it
 * reads, declared with preserve_access_index so that clang records each
 * field access as a relocation and the loader (cilium/ebpf) fixes the
 * offsets against the running kernel's BTF (/sys/kernel/btf/vmlinux).
 * Only the fields used are declared; their order and the structs' sizes
 * here do not matter. This replaces a generated vmlinux.h (tens of
 * thousands of lines, needing bpftool) and libbpf's headers (a package
 * of their own): regenerating the object needs clang and nothing else.
 */
#ifndef MYTRACE_CORE_H
#define MYTRACE_CORE_H

typedef unsigned char __u8;
typedef signed char __s8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef signed int __s32;
typedef unsigned long long __u64;
typedef signed long long __s64;
typedef __u64 u64;
typedef __u32 u32;
typedef __u16 u16;
typedef __u8 u8;
typedef __s64 s64;
typedef __s32 s32;
typedef int pid_t;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#define SEC(name) __attribute__((section(name), used))
#define __always_inline inline __attribute__((always_inline))
#define __noinline __attribute__((noinline))
#define __uint(name, val) int(*name)[val]
#define __type(name, val) typeof(val) *name
#define __ksym __attribute__((section(".ksyms")))
#define CORE __attribute__((preserve_access_index))

/* Map types and flags (include/uapi/linux/bpf.h). */
enum {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_RINGBUF = 27,
};
enum {
	BPF_F_NO_PREALLOC = 1,
};
enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
};
enum {
	BPF_RB_NO_WAKEUP = 1,
	BPF_RB_FORCE_WAKEUP = 2,
};
enum {
	BPF_RB_AVAIL_DATA = 0,
	BPF_RB_RING_SIZE = 1,
};

/* Helpers, by number (include/uapi/linux/bpf.h's ___BPF_FUNC_MAPPER). */
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *)2;
static long (*bpf_map_delete_elem)(void *map, const void *key) = (void *)3;
static __u64 (*bpf_ktime_get_ns)(void) = (void *)5;
static __u32 (*bpf_get_smp_processor_id)(void) = (void *)8;
static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;
static long (*bpf_probe_read_user)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)112;
static long (*bpf_probe_read_kernel)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)113;
static long (*bpf_probe_read_user_str)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)114;
static long (*bpf_ringbuf_output)(void *ringbuf, void *data, __u64 size, __u64 flags) = (void *)130;
static void *(*bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) = (void *)131;
static void (*bpf_ringbuf_submit)(void *data, __u64 flags) = (void *)132;
static __u64 (*bpf_ringbuf_query)(void *ringbuf, __u64 flags) = (void *)134;
static long (*bpf_probe_read_kernel_str)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)115;
static struct task_struct *(*bpf_get_current_task_btf)(void) = (void *)158;
static long (*bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) = (void *)181;

/* Kernel types: only the fields read. */
struct pt_regs {
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long bp;
	unsigned long bx;
	unsigned long r11;
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long ax;
	unsigned long cx;
	unsigned long dx;
	unsigned long si;
	unsigned long di;
	unsigned long orig_ax;
	unsigned long ip;
	unsigned long cs;
	unsigned long flags;
	unsigned long sp;
	unsigned long ss;
} CORE;

struct mm_struct {
	unsigned long arg_start;
	unsigned long arg_end;
	unsigned long env_start;
	unsigned long env_end;
} CORE;

struct thread_struct {
	unsigned short es;
	unsigned short ds;
	unsigned short fsindex;
	unsigned short gsindex;
	unsigned long fsbase;
	unsigned long gsbase;
} CORE;

struct in6_addr {
	__u8 s6_addr[16];
} CORE;

struct qstr {
	const unsigned char *name;
} CORE;

struct super_block {
	unsigned long s_magic;
} CORE;

struct inode {
	unsigned short i_mode;
	unsigned long i_ino;
	struct super_block *i_sb;
	void *i_private;
} CORE;

struct dentry {
	struct qstr d_name;
} CORE;

struct path {
	struct dentry *dentry;
} CORE;

struct file {
	struct path f_path;
	struct inode *f_inode;
	void *private_data;
} CORE;

struct upid {
	int nr;
} CORE;

struct pid {
	struct upid numbers[1];
} CORE;

struct proto {
	char name[32];
} CORE;

struct sock_common {
	unsigned int skc_daddr;
	unsigned int skc_rcv_saddr;
	unsigned short skc_dport;
	unsigned short skc_num;
	unsigned short skc_family;
	struct proto *skc_prot;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
} CORE;

struct socket;

struct sock {
	struct sock_common __sk_common;
	struct socket *sk_socket;
} CORE;

struct socket {
	struct sock *sk;
	struct file *file;
} CORE;

struct sockaddr_un {
	unsigned short sun_family;
	char sun_path[108];
} CORE;

struct unix_address {
	int len;
	struct sockaddr_un name[];
} CORE;

struct unix_sock {
	struct unix_address *addr;
	struct sock *peer;
} CORE;

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
} CORE;

struct files_struct {
	struct fdtable *fdt;
} CORE;

#define TS_COMPAT 0x0002 /* thread_info.status: in an i386 syscall */

struct thread_info {
	__u32 status;
} CORE;

#define SIGKILL 9

typedef struct {
	unsigned long sig[1];
} sigset_t;

struct sigpending {
	sigset_t signal;
} CORE;

struct signal_struct {
	int group_exit_code;
} CORE;

struct task_struct {
	struct thread_info thread_info;
	struct sigpending pending;
	struct signal_struct *signal;
	pid_t pid;
	pid_t tgid;
	struct mm_struct *mm;
	struct files_struct *files;
	struct thread_struct thread;
	int exit_code;
} CORE;

struct kernel_siginfo {
	int si_signo;
} CORE;

struct linux_binprm;

struct sigaction {
	void *sa_handler;
} CORE;

struct k_sigaction {
	struct sigaction sa;
} CORE;

#endif
