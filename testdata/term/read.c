// read: asks for input and blocks in read(2) on the terminal until a line
// comes, echoes it, then reads again until end of input (^D), so that
// the terminal test sees a blocked call's start, the terminal's echo of
// the typed line, and the call's end in strace's order.
#include <string.h>
#include <unistd.h>

int main(void) {
	char buf[64];
	write(1, "name? ", 6);
	ssize_t n = read(0, buf, sizeof buf);
	write(1, "hello ", 6);
	if (n > 0)
		write(1, buf, n);
	write(2, "more? ", 6);
	n = read(0, buf, sizeof buf);
	write(1, n == 0 ? "bye\n" : "?\n", n == 0 ? 4 : 2);
	return 0;
}
