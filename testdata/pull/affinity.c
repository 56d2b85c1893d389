// affinity checks, while traced with --awake=pull, that the tracee never
// sees or inherits a CPU mask other than its own: through
// sched_getaffinity, /proc/self/status, a forked child, a new thread, and a
// mask it sets itself, which must stay set and be obeyed (sched_getcpu).
// It makes many cheap calls between the checks so that the tracer pulls it
// often. It prints one line per problem and exits 1 if there was any.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static cpu_set_t initial;
static int problems;

static void check_mask(const char *where, const cpu_set_t *want) {
	cpu_set_t now;
	if (sched_getaffinity(0, sizeof now, &now) != 0) {
		perror("sched_getaffinity");
		exit(2);
	}
	if (!CPU_EQUAL(&now, want)) {
		printf("%s: sched_getaffinity gives %d CPUs, want %d\n", where, CPU_COUNT(&now), CPU_COUNT(want));
		problems++;
	}
}

// check_status compares Cpus_allowed_list in /proc/self/status with the
// list of want.
static void check_status(const char *where, const cpu_set_t *want) {
	char wantList[4096] = "", line[4096];
	int first = -1, last = -1;
	for (int c = 0; c <= CPU_SETSIZE; c++) {
		int on = c < CPU_SETSIZE && CPU_ISSET(c, want);
		if (on && first < 0) {
			first = last = c;
		} else if (on && c == last + 1) {
			last = c;
		} else if (!on && first >= 0) {
			char part[32];
			if (first == last) {
				snprintf(part, sizeof part, "%s%d", wantList[0] ? "," : "", first);
			} else {
				snprintf(part, sizeof part, "%s%d-%d", wantList[0] ? "," : "", first, last);
			}
			strncat(wantList, part, sizeof wantList - strlen(wantList) - 1);
			first = -1;
		}
	}
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL) {
		perror("/proc/self/status");
		exit(2);
	}
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "Cpus_allowed_list:", 18) == 0) {
			char *v = line + 18;
			v += strspn(v, " \t");
			v[strcspn(v, "\n")] = 0;
			if (strcmp(v, wantList) != 0) {
				printf("%s: /proc/self/status says %s, want %s\n", where, v, wantList);
				problems++;
			}
		}
	}
	fclose(f);
}

static void *thread_check(void *arg) {
	(void)arg;
	check_mask("new thread", &initial);
	return NULL;
}

// busy makes cheap calls: each exit stop is a chance to be pulled.
static void busy(int n) {
	for (int i = 0; i < n; i++) {
		getppid();
	}
}

int main(int argc, char **argv) {
	int rounds = argc > 1 ? atoi(argv[1]) : 50;
	if (sched_getaffinity(0, sizeof initial, &initial) != 0) {
		perror("sched_getaffinity");
		return 2;
	}
	for (int r = 0; r < rounds; r++) {
		busy(20);
		check_mask("main", &initial);
		busy(20);
		check_status("main", &initial);
		pid_t pid = fork();
		if (pid == 0) {
			problems = 0;
			check_mask("forked child", &initial);
			busy(10);
			check_status("forked child", &initial);
			_exit(problems ? 1 : 0);
		}
		int st;
		if (pid < 0 || waitpid(pid, &st, 0) != pid) {
			perror("fork");
			return 2;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			problems++;
		}
		pthread_t th;
		if (pthread_create(&th, NULL, thread_check, NULL) != 0 || pthread_join(th, NULL) != 0) {
			fprintf(stderr, "pthread_create failed\n");
			return 2;
		}
	}
	// A mask the program sets itself stays, and is obeyed.
	int cpu = -1;
	for (int c = CPU_SETSIZE - 1; c >= 0; c--) {
		if (CPU_ISSET(c, &initial)) {
			cpu = c;
			break;
		}
	}
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof one, &one) != 0) {
		perror("sched_setaffinity");
		return 2;
	}
	for (int r = 0; r < rounds * 20; r++) {
		getppid();
		if (sched_getcpu() != cpu) {
			printf("own mask: running on CPU %d, outside the mask it set (CPU %d)\n", sched_getcpu(), cpu);
			problems++;
			break;
		}
	}
	check_mask("own mask", &one);
	if (sched_setaffinity(0, sizeof initial, &initial) != 0) {
		perror("sched_setaffinity");
		return 2;
	}
	busy(100);
	check_mask("mask given back", &initial);
	printf("%d problems\n", problems);
	return problems ? 1 : 0;
}
