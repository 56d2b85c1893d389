// time: nanosleep and clock_nanosleep (finished, failed and interrupted
// by a signal, where strace shows the time left), clock_gettime,
// clock_getres and gettimeofday, with bad clocks and pointers.
//mytrace-test:
//mytrace-test: -y
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig) { (void)sig; }

/* Arms a one-shot ITIMER_REAL, long enough for the sleep that follows to
 * have begun when it fires, even on a loaded machine. */
static void arm(void) {
	struct itimerval it = {{0, 0}, {0, 50000}};
	syscall(SYS_setitimer, ITIMER_REAL, &it, NULL);
}

int main(void) {
	struct timespec ts = {0, 1000}, rem = {7, 7}, big = {5, 0};
	struct timespec bad = {0, 1000000000};
	struct timespec zero = {0, 0};

	syscall(SYS_nanosleep, &ts, NULL);
	syscall(SYS_nanosleep, &ts, &rem);
	syscall(SYS_nanosleep, &bad, &rem);
	syscall(SYS_nanosleep, NULL, &rem);
	syscall(SYS_nanosleep, (void *)1, NULL);

	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, &rem);
	syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &zero, NULL);
	syscall(SYS_clock_nanosleep, CLOCK_BOOTTIME, TIMER_ABSTIME | 2, &zero, &rem);
	syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ts, &rem);
	syscall(SYS_clock_nanosleep, -6, TIMER_ABSTIME, &zero, NULL);
	syscall(SYS_clock_nanosleep, 0x7fff, 0, &ts, NULL);
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad, &rem);
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, NULL, NULL);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	arm();
	syscall(SYS_nanosleep, &big, &rem);
	arm();
	syscall(SYS_nanosleep, &big, NULL);
	arm();
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &big, &rem);
	struct timespec now;
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
	now.tv_sec += 5;
	arm();
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &now, &rem);

	static const int clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
		CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
		CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME, CLOCK_TAI, -6, -2, 12};
	for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++)
		syscall(SYS_clock_gettime, clocks[i], &ts);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, NULL);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, (void *)1);
	syscall(SYS_clock_gettime, 0x100000000L | CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_getres, CLOCK_REALTIME_ALARM, &ts);
	syscall(SYS_clock_getres, CLOCK_REALTIME, NULL);
	syscall(SYS_clock_getres, 99, &ts);
	syscall(SYS_clock_getres, 10, (void *)1);

	struct timeval tv;
	struct timezone tz;
	syscall(SYS_gettimeofday, &tv, &tz);
	syscall(SYS_gettimeofday, &tv, NULL);
	syscall(SYS_gettimeofday, NULL, &tz);
	syscall(SYS_gettimeofday, (void *)1, NULL);
	return 0;
}
