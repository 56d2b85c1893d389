// basic: the calls of a simple program: files, reads and writes, strings
// with bytes that need escaping, errors.
//mytrace-test:
//mytrace-test: -s 8
//mytrace-test: -x
//mytrace-test: -xx
//mytrace-test: -v
//mytrace-test: -t
//mytrace-test: -tt
//mytrace-test: -ttt
//mytrace-test: -r
//mytrace-test: -T
//mytrace-test: -tt -T -r
//mytrace-test: -e trace=openat,read
//mytrace-test: -e trace=%file
//mytrace-test: -e trace=!write,lseek
//mytrace-test: -e trace=/^[lf]?stat
//mytrace-test: -e write
//mytrace-test: -y
//mytrace-test: -y -e trace=%desc
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	static const char msg[] = "hello\tworld\n\"quoted\" back\\slash\x01\x7f\xff end";
	int fd = open("data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0640);
	write(fd, msg, sizeof msg - 1);
	write(fd, "0123456789abcdefghijklmnopqrstuvwxyz0123456789", 46);
	close(fd);
	fd = openat(AT_FDCWD, "data.txt", O_RDONLY | O_CLOEXEC);
	char buf[128];
	read(fd, buf, 10);
	pread(fd, buf, 5, 3);
	lseek(fd, 2, SEEK_SET);
	lseek(fd, -1, SEEK_END);
	struct stat st;
	fstat(fd, &st);
	close(fd);
	stat("data.txt", &st);
	lstat("data.txt", &st);
	access("data.txt", R_OK | W_OK);
	access("/nonexistent/file", F_OK);
	open("/nonexistent/file", O_RDONLY);
	close(12345);
	read(-1, buf, 1);
	write(1, "\0\1\0012\n", 5);
	unlink("data.txt");
	mkdir("sub", 0755);
	rmdir("sub");
	return 3;
}
