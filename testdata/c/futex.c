// futex: every operation strace names, with the _PRIVATE and
// FUTEX_CLOCK_REALTIME variants, timeouts, bitsets, FUTEX_WAKE_OP's
// operation word, and failures.
//mytrace-test:
//mytrace-test: -y
#define _GNU_SOURCE
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

static long fx(void *uaddr, long op, long val, void *timeout, void *uaddr2, long val3) {
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

int main(void) {
	static uint32_t f, f2, pi;
	struct timespec ts = {0, 1000};
	struct timespec past = {1, 0};

	fx(&f, FUTEX_WAIT, 1, NULL, NULL, 0);
	fx(&f, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
	fx(&f, FUTEX_WAIT, 0, (void *)1, NULL, 0);
	fx(&f, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, &ts, NULL, 0);
	fx(&f, FUTEX_WAIT_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
	fx((char *)&f + 1, FUTEX_WAIT, 0, NULL, NULL, 0);
	fx(&f, FUTEX_WAKE, 1, NULL, NULL, 0);
	fx(&f, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0);
	fx(&f, FUTEX_WAKE_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
	fx(&f, FUTEX_FD, 1, NULL, NULL, 0);
	fx(&f, FUTEX_FD | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
	fx(&f, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &past, NULL, FUTEX_BITSET_MATCH_ANY);
	fx(&f, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 0);
	fx(&f, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0x10);
	fx(&f, FUTEX_WAIT_BITSET, 1, &past, NULL, 0xffffffff);
	fx(&f, FUTEX_WAKE_BITSET, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
	fx(&f, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 1);
	fx(&f, FUTEX_REQUEUE, 1, (void *)2, &f2, 0);
	fx(&f, FUTEX_REQUEUE_PRIVATE, 1, (void *)0xffffffff, &f2, 0);
	fx(&f, FUTEX_CMP_REQUEUE, 1, (void *)2, &f2, 5);
	fx(&f, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2, &f2, 0);
	fx(&f, FUTEX_CMP_REQUEUE_PI, 1, (void *)2, &f2, 0);
	fx(&f, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, (void *)1, &pi, 0);
	fx(&f, FUTEX_WAKE_OP, 1, (void *)1, &f2, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1));
	fx(&f, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &f2,
	   FUTEX_OP(FUTEX_OP_OPARG_SHIFT | FUTEX_OP_ADD, 0xabc, FUTEX_OP_CMP_NE, 0x123));
	fx(&f, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &f2, FUTEX_OP(7, 0xfff, 9, 0xfff));
	fx(&f, FUTEX_WAKE_OP, 1, (void *)1, &f2, FUTEX_OP(FUTEX_OP_XOR, 1, FUTEX_OP_CMP_GE, 2) | (6u << 28));
	fx(&pi, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	fx(&pi, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
	fx(&pi, FUTEX_LOCK_PI_PRIVATE, 0, &past, NULL, 0);
	fx(&pi, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	fx(&pi, FUTEX_LOCK_PI2_PRIVATE, 0, &past, NULL, 0);
	fx(&pi, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	fx(&pi, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
	fx(&pi, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	fx(&f, FUTEX_WAIT_REQUEUE_PI, 1, &ts, &pi, 0);
	fx(&f, FUTEX_WAIT_REQUEUE_PI_PRIVATE | FUTEX_CLOCK_REALTIME, 0, NULL, &f, 0);
	fx(&f, 14, 1, (void *)2, &f2, 0xdead);
	fx(&f, 0x7f, 1, NULL, NULL, 0);
	fx(&f, -1, 1, &ts, NULL, 0);
	fx(NULL, FUTEX_WAKE, 1, NULL, NULL, 0);
	return 0;
}
