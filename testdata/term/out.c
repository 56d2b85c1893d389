// out: writes to stdout and stderr, with and without a newline, in one
// call and in several (writev), so that the terminal test sees where a
// program's output lands among the trace lines on a shared terminal.
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static void say(int fd, const char *s) { write(fd, s, strlen(s)); }

int main(void) {
	say(1, "one\n");
	say(2, "err one\n");
	say(1, "no newline");
	say(1, " then newline\n");
	struct iovec iov[3] = {{"a", 1}, {"b\n", 2}, {"c\n", 2}};
	writev(1, iov, 3);
	say(2, "err two\n");
	say(1, "a longer line of output, longer than strace's default string limit\n");
	close(5);
	say(1, "last\n");
	return 0;
}
