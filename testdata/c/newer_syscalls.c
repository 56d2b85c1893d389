// newer_syscalls: syscalls the kernel knows and strace 6.1 does not.
// mytrace names them (docs/differences.md); strace 6.1 prints
// syscall_0x1c4(...). Used by TestNewerSyscallNames, not by the parity test.
//mytrace-parity: no
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	syscall(452, -100, "no-such-file", 0644, 0); /* fchmodat2 */
	syscall(462, 0, 0, 0);                       /* mseal */
	return 0;
}
