// files_rw: opening, reading and writing: open/openat/creat/close,
// read/write/pread64/pwrite64, lseek, the iovec calls, sendfile, splice,
// tee, vmsplice, copy_file_range, fadvise64; errors, NULL and bad pointers.
//mytrace-test:
//mytrace-test: -s 4
//mytrace-test: -x
//mytrace-test: -v -xx
//mytrace-test: -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define BAD ((void *)1)

int main(void) {
	static const char msg[] = "hello\tworld\n\"q\" \\ \x01\x7f\xff end of the line, longer than 32";
	char buf[256];
	int fd = syscall(SYS_open, "data", O_RDWR | O_CREAT | O_TRUNC, 0640);
	syscall(SYS_write, fd, msg, sizeof msg - 1);
	syscall(SYS_write, fd, "0123456789abcdefghijklmnopqrstuv", 32);
	syscall(SYS_write, fd, "0123456789abcdefghijklmnopqrstuvw", 33);
	syscall(SYS_write, fd, "", 0);
	syscall(SYS_write, fd, NULL, 0);
	syscall(SYS_write, fd, NULL, 5);
	syscall(SYS_write, fd, BAD, 5);
	syscall(SYS_write, -1, "x", 1);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_read, fd, buf, 10);
	syscall(SYS_read, fd, BAD, 10);
	syscall(SYS_read, fd, buf, 200);
	syscall(SYS_read, fd, buf, 200);
	syscall(SYS_read, 999, buf, 10);
	syscall(SYS_pread64, fd, buf, 6, 3);
	syscall(SYS_pread64, fd, buf, 6, (long)-1);
	syscall(SYS_pwrite64, fd, "XY\0Z", 4, 100);
	syscall(SYS_lseek, fd, (long)-3, SEEK_CUR);
	syscall(SYS_lseek, fd, (long)-3, SEEK_END);
	syscall(SYS_lseek, fd, 0, SEEK_DATA);
	syscall(SYS_lseek, fd, 0, SEEK_HOLE);
	syscall(SYS_lseek, fd, 0, 7);

	/* iovecs */
	char a[8], b[40], c[4];
	struct iovec wv[3] = {{"first", 5}, {"second part\n", 12}, {(void *)msg, sizeof msg - 1}};
	syscall(SYS_writev, fd, wv, 3);
	syscall(SYS_writev, fd, wv, 0);
	syscall(SYS_writev, fd, NULL, 1);
	syscall(SYS_writev, fd, BAD, 1);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	struct iovec rv[3] = {{a, sizeof a}, {b, sizeof b}, {c, sizeof c}};
	syscall(SYS_readv, fd, rv, 3);
	syscall(SYS_readv, 999, rv, 3);
	syscall(SYS_preadv, fd, rv, 2, 5, 0);
	syscall(SYS_pwritev, fd, wv, 2, 7, 0);
	syscall(SYS_preadv2, fd, rv, 1, 2, 0, 0);
	syscall(SYS_preadv2, fd, rv, 1, (long)-1, 0, RWF_HIPRI | 0x100);
	syscall(SYS_pwritev2, fd, wv, 1, 0, 0, RWF_DSYNC);
	struct iovec many[6] = {{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}, {"e", 1}, {"f", 1}};
	syscall(SYS_writev, fd, many, 6);
	static char same[] = "abcdefghijkl";
	struct iovec dup[2] = {{same, 3}, {same, 10}};
	syscall(SYS_writev, fd, dup, 2);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_readv, fd, dup, 2);

	/* open variants */
	int fd2 = syscall(SYS_openat, AT_FDCWD, "data", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	syscall(SYS_openat, fd2, "x", O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, ".", O_TMPFILE | O_RDWR, 0600);
	syscall(SYS_open, "data2", O_WRONLY | O_CREAT | O_EXCL | O_APPEND | 0x40000000, 0x10000 | 04755);
	syscall(SYS_open, "/nonexistent/x", O_RDONLY | O_DIRECTORY);
	syscall(SYS_open, NULL, O_RDONLY);
	syscall(SYS_open, BAD, O_RDONLY);
	syscall(SYS_open, "data", O_ACCMODE);
	int fd3 = syscall(SYS_creat, "data3", 0600);
	syscall(SYS_creat, "", 0);

	/* copying between descriptors */
	off_t off = 2;
	syscall(SYS_sendfile, fd3, fd2, &off, 10);
	syscall(SYS_sendfile, fd3, fd2, NULL, 5);
	syscall(SYS_sendfile, fd3, fd2, BAD, 5);
	syscall(SYS_sendfile, fd3, 999, &off, 5);
	loff_t o1 = 0, o2 = 1;
	syscall(SYS_copy_file_range, fd2, &o1, fd3, &o2, 8, 0);
	syscall(SYS_copy_file_range, fd2, NULL, fd3, NULL, 8, 0);
	syscall(SYS_copy_file_range, fd2, BAD, fd3, NULL, 8, 7);
	int p[2], q[2];
	syscall(SYS_pipe, p);
	syscall(SYS_pipe2, q, O_NONBLOCK);
	syscall(SYS_write, p[1], "pipedata", 8);
	syscall(SYS_tee, p[0], q[1], 4, SPLICE_F_NONBLOCK);
	syscall(SYS_splice, p[0], NULL, fd3, &o2, 8, SPLICE_F_MOVE | 0x80);
	syscall(SYS_splice, fd2, &o1, p[1], NULL, 3, 0);
	struct iovec vs[2] = {{"vm", 2}, {"splice", 6}};
	syscall(SYS_vmsplice, p[1], vs, 2, SPLICE_F_GIFT);
	syscall(SYS_tee, p[0], fd3, 4, 0);
	syscall(SYS_fadvise64, fd2, 0, 0, POSIX_FADV_SEQUENTIAL);
	syscall(SYS_fadvise64, fd2, (long)-1, 100, 42);
	syscall(SYS_readahead, fd2, 0, 4096);
	syscall(SYS_close, fd3);
	syscall(SYS_close, 12345);
	syscall(SYS_close, -1);
	return 0;
}
