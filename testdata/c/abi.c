// abi: syscalls through the other ABIs of an x86-64 process: x32 numbers
// (bit 30 set; this kernel has x32 off, so they fail) and int 0x80 (i386),
// which some kernels refuse (ia32_emulation=0): see internal/testcap.
//mytrace-needs: int80
//mytrace-test:
//mytrace-test: -e trace=write,getpid
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	static const char msg[] = "hi\n";
	long r;
	syscall(0x40000000 | 600, 1, 2);          /* no such x32 syscall */
	syscall(0x40000000 | 13, 1, 2, 3, 4);     /* rt_sigaction#64: an x86-64-only slot */
	syscall(0x40000000 | 1, 1, msg, 3);       /* x32 write */
	syscall(0x40000000 | 512, 1, 0, 0, 8);    /* x32 rt_sigaction */
	syscall(0x40000000 | 39);                 /* x32 getpid */
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L));                               /* getpid */
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(4L), "b"(1L), "c"(msg), "d"(3L));    /* write: the pointer does not fit in 32 bits */
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(6L), "b"(-1L));                      /* close(-1) */
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(999L));                              /* no such i386 syscall */
	return 0;
}
