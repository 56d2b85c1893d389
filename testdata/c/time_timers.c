// time_timers: interval timers, alarm, POSIX timers, timerfds, times,
// time, adjtimex/clock_adjtime (read-only), settimeofday/clock_settime
// (invalid values only), sysinfo.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -y
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

int main(void) {
	struct itimerval it, old;
	memset(&it, 0, sizeof it);
	syscall(SYS_getitimer, ITIMER_REAL, &it);
	syscall(SYS_getitimer, ITIMER_VIRTUAL, NULL);
	syscall(SYS_getitimer, 5, &it);
	it.it_value.tv_sec = 100;
	it.it_interval.tv_usec = 5;
	syscall(SYS_setitimer, ITIMER_PROF, &it, &old);
	syscall(SYS_setitimer, ITIMER_PROF, NULL, &old);
	memset(&it, 0, sizeof it);
	syscall(SYS_setitimer, ITIMER_PROF, &it, NULL);
	it.it_value.tv_usec = 2000000;
	syscall(SYS_setitimer, ITIMER_REAL, &it, &old);
	syscall(SYS_setitimer, -1, &it, &old);
	syscall(SYS_setitimer, ITIMER_REAL, (void *)1, NULL);
	syscall(SYS_alarm, 100);
	syscall(SYS_alarm, 0);

	timer_t tid;
	int id = -1;
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_NONE;
	syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	sev.sigev_value.sival_ptr = (void *)0x1234;
	syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &tid);
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_value.sival_int = 0;
	syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &tid);
	sev.sigev_notify = 9;
	sev.sigev_signo = 3;
	syscall(SYS_timer_create, CLOCK_BOOTTIME, &sev, &tid);
	syscall(SYS_timer_create, CLOCK_PROCESS_CPUTIME_ID, NULL, &tid);
	syscall(SYS_timer_create, 0x7fff, NULL, &tid);
	syscall(SYS_timer_create, CLOCK_MONOTONIC, (void *)1, &tid);
	syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, NULL);
	struct itimerspec its, oits;
	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = 100;
	its.it_interval.tv_nsec = 5;
	syscall(SYS_timer_settime, id, 0, &its, &oits);
	syscall(SYS_timer_settime, id, TIMER_ABSTIME, &its, NULL);
	syscall(SYS_timer_settime, id, 2, NULL, NULL);
	syscall(SYS_timer_gettime, id, &its);
	syscall(SYS_timer_gettime, id, NULL);
	syscall(SYS_timer_gettime, 12345, &its);
	syscall(SYS_timer_getoverrun, id);
	syscall(SYS_timer_getoverrun, -1);
	syscall(SYS_timer_delete, id);
	syscall(SYS_timer_delete, 12345);

	int fd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	syscall(SYS_timerfd_create, CLOCK_REALTIME, 0);
	syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 4);
	syscall(SYS_timerfd_create, 0x7fff, TFD_CLOEXEC);
	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = 100;
	syscall(SYS_timerfd_settime, fd, 0, &its, &oits);
	syscall(SYS_timerfd_settime, fd, TFD_TIMER_ABSTIME, &its, NULL);
	syscall(SYS_timerfd_settime, fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL);
	syscall(SYS_timerfd_settime, fd, 0x10, &its, NULL);
	syscall(SYS_timerfd_settime, -1, 0, &its, NULL);
	syscall(SYS_timerfd_gettime, fd, &its);
	syscall(SYS_timerfd_gettime, fd, NULL);
	syscall(SYS_timerfd_gettime, 0, &its);

	struct tms t;
	syscall(SYS_times, &t);
	syscall(SYS_times, NULL);
	syscall(SYS_times, (void *)1);
	time_t now;
	syscall(SYS_time, &now);
	syscall(SYS_time, NULL);
	syscall(SYS_time, (void *)1);

	struct timeval tv = {0, 2000000};
	struct timezone tz = {15 * 60 + 1, 0};
	syscall(SYS_settimeofday, &tv, NULL);
	syscall(SYS_settimeofday, NULL, &tz);
	syscall(SYS_settimeofday, (void *)1, NULL);
	struct timespec ts = {0, 2000000000};
	syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_settime, CLOCK_REALTIME, &ts);
	syscall(SYS_clock_settime, CLOCK_REALTIME, NULL);

	struct timex tx;
	memset(&tx, 0, sizeof tx);
	syscall(SYS_adjtimex, &tx);
	memset(&tx, 0, sizeof tx);
	tx.modes = ADJ_OFFSET_SS_READ;
	syscall(SYS_adjtimex, &tx);
	syscall(SYS_adjtimex, NULL);
	memset(&tx, 0, sizeof tx);
	syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx);
	syscall(SYS_clock_adjtime, CLOCK_MONOTONIC, &tx);
	syscall(SYS_clock_adjtime, CLOCK_REALTIME, (void *)1);

	struct sysinfo si;
	syscall(SYS_sysinfo, &si);
	syscall(SYS_sysinfo, NULL);
	return 0;
}
