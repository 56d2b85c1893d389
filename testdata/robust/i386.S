/* i386: a 32-bit program with no C library, making its calls through
 * int 0x80: open, read, write, close, getpid, a failing call, exit.
 * Built with: cc -m32 -nostdlib -static -o i386 i386.S */
	.text
	.globl _start
_start:
	movl $5, %eax          /* open("/etc/hostname", O_RDONLY) */
	movl $path, %ebx
	xorl %ecx, %ecx
	int $0x80
	movl %eax, %esi
	movl $3, %eax          /* read(fd, buf, 64) */
	movl %esi, %ebx
	movl $buf, %ecx
	movl $64, %edx
	int $0x80
	movl $4, %eax          /* write(1, msg, len) */
	movl $1, %ebx
	movl $msg, %ecx
	movl $len, %edx
	int $0x80
	movl $6, %eax          /* close(fd) */
	movl %esi, %ebx
	int $0x80
	movl $6, %eax          /* close(-1): EBADF */
	movl $-1, %ebx
	int $0x80
	movl $20, %eax         /* getpid() */
	int $0x80
	movl $1, %eax          /* exit(0) */
	xorl %ebx, %ebx
	int $0x80
	.data
path:	.asciz "/etc/hostname"
msg:	.ascii "hello from i386\n"
	len = . - msg
	.bss
buf:	.space 64
