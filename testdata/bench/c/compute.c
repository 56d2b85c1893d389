/* compute: N threads (default 2) of pure arithmetic, almost no syscalls:
 * the guard workload. A tracer must not slow it down (no CPU stolen by
 * spinning, no change to how its threads are scheduled).
 *
 *   cc -O2 -pthread -o compute compute.c && ./compute [N [ROUNDS]]
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static long rounds = 600000000;

static void *work(void *arg) {
	uint64_t x = (uint64_t)(uintptr_t)arg | 1;
	for (long i = 0; i < rounds; i++) {
		/* xorshift: no memory traffic, no way to vectorise away */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	return (void *)(uintptr_t)x;
}

int main(int argc, char **argv) {
	int n = argc > 1 ? atoi(argv[1]) : 2;
	if (argc > 2)
		rounds = atol(argv[2]);
	if (n < 1 || n > 64)
		return 2;
	pthread_t t[64];
	uint64_t sum = 0;
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], 0, work, (void *)(uintptr_t)(i + 1));
	for (int i = 0; i < n; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (uint64_t)(uintptr_t)r;
	}
	/* keep the result alive; one write */
	return sum == 42 ? 1 : 0;
}
