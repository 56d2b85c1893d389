/* i386: a 32-bit program with no C library, for mytrace call to refuse:
 * it says "ready" and blocks reading its stdin through int 0x80, then
 * exits with status 3.
 * Built with: cc -m32 -nostdlib -static -o i386 i386.S */
	.text
	.globl _start
_start:
	movl $4, %eax          /* write(1, "ready\n", 6) */
	movl $1, %ebx
	movl $msg, %ecx
	movl $6, %edx
	int $0x80
	movl $3, %eax          /* read(0, buf, 64) */
	xorl %ebx, %ebx
	movl $buf, %ecx
	movl $64, %edx
	int $0x80
	movl $1, %eax          /* exit(3) */
	movl $3, %ebx
	int $0x80
	.data
msg:	.ascii "ready\n"
	.bss
buf:	.space 64
