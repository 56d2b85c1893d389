// procs: N processes one after the other (argv[1], default 10000), each
// forked, exiting at once with status i % 7, and waited for. Then a chain
// of DEPTH processes (argv[2], default 200), each the child of the one
// before, each exiting with its depth % 5 after its child has ended.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int chain(int depth, int max)
{
	if (depth == max)
		return depth % 5;
	pid_t pid = fork();
	if (pid < 0)
		return 100;
	if (pid == 0)
		_exit(chain(depth + 1, max));
	int st;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != (depth + 1) % 5)
		return 101;
	return depth % 5;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	int depth = argc > 2 ? atoi(argv[2]) : 200;
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0)
			_exit(i % 7);
		int st;
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != i % 7)
			return 2;
	}
	int st = chain(0, depth);
	return st == 0 ? 0 : 3;
}
