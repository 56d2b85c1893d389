// ticker: writes "tick N T" to stdout every 5 ms, T being CLOCK_MONOTONIC
// in nanoseconds, argv[1] times (default 2000).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2000;
	for (int i = 0; i < n; i++) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		char line[64];
		int len = snprintf(line, sizeof line, "tick %d %lld\n", i, (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
		write(1, line, len);
		struct timespec d = {0, 5000000};
		nanosleep(&d, NULL);
	}
	return 0;
}
