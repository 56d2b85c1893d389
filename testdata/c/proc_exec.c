// proc_exec: execve and execveat: argv (cut at -s elements), envp (a
// count, or every string with -v), NULL and bad pointers, vectors that run
// into unreadable memory, and a successful exec of this program.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 4
//mytrace-test: -v -s 2
//mytrace-test: -x
//mytrace-test: -xx -v
//mytrace-test: -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if (argc > 1 && strcmp(argv[1], "again") == 0)
		return 7;

	char *args[] = {"prog", "two\targs\377", "a string longer than thirty-two bytes, to be cut", "", NULL};
	char *env[] = {"A=1", "HOME=/nowhere", NULL};
	char *one[] = {"only", NULL};
	syscall(SYS_execve, "/nonexistent/prog", args, env);
	syscall(SYS_execve, "/nonexistent/prog", one, one);
	syscall(SYS_execve, "/nonexistent/prog", NULL, NULL);
	syscall(SYS_execve, "/nonexistent/prog", (void *)1, (void *)1);
	syscall(SYS_execve, NULL, args, env);

	char *many[41];
	for (int i = 0; i < 40; i++)
		many[i] = i % 2 ? "odd" : "even";
	many[40] = NULL;
	syscall(SYS_execve, "/nonexistent/prog", many, many);

	/* Vectors ending at an unmapped page, with no NULL. */
	char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(pg + 4096, 4096);
	char **edge = (char **)(pg + 4096 - 2 * sizeof(char *));
	edge[0] = "x";
	edge[1] = "y";
	syscall(SYS_execve, "/nonexistent/prog", edge, edge);
	char *bad[] = {"ok", (char *)1, NULL};
	syscall(SYS_execve, "/nonexistent/prog", bad, bad);

	syscall(SYS_execveat, AT_FDCWD, "/nonexistent/prog", args, env, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_execveat, 99, "", one, env, AT_EMPTY_PATH | 0x8000);
	syscall(SYS_execveat, 99, "x", one, env, 0x100000000ULL);

	char *again[] = {argv[0], "again", NULL};
	syscall(SYS_execve, "/proc/self/exe", again, env);
	return 1;
}
