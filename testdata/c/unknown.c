// unknown: syscall numbers the kernel does not know are shown as strace
// shows them, with six raw arguments.
//mytrace-test:
//mytrace-test: -e trace=all
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	syscall(500, 1, 2, 3, 4, 5, 6);
	syscall(400, 0x10, 0, -1, 0xffffffffUL, 0, 0x7fffffffffffffffL); /* in the table's gap */
	syscall(10000);
	syscall(-1L);
	syscall(0x40000000 | 39); /* an x32 number: this kernel kills the caller */
	return 0;
}
