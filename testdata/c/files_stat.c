// files_stat: file metadata and directories: stat, lstat, fstat,
// newfstatat, statx, statfs, fstatfs, getdents64, getdents, readlink,
// readlinkat; abbreviated and -v.
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 3
//mytrace-test: -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define BAD ((void *)1)

int main(void) {
	char buf[4096];
	struct stat st;
	int fd = syscall(SYS_openat, AT_FDCWD, "file", O_RDWR | O_CREAT, 0644);
	syscall(SYS_write, fd, "some content", 12);
	syscall(SYS_fstat, fd, &st);
	syscall(SYS_fstat, fd, NULL);
	syscall(SYS_fstat, fd, BAD);
	syscall(SYS_fstat, -1, &st);
	syscall(SYS_stat, "file", &st);
	syscall(SYS_stat, "/dev/null", &st);
	syscall(SYS_stat, "missing", &st);
	syscall(SYS_stat, NULL, &st);
	syscall(SYS_symlink, "file", "link");
	syscall(SYS_lstat, "link", &st);
	syscall(SYS_stat, "link", &st);
	syscall(SYS_newfstatat, AT_FDCWD, "file", &st, 0);
	syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
	syscall(SYS_newfstatat, AT_FDCWD, "link", &st, AT_SYMLINK_NOFOLLOW | 0x10000000);
	syscall(SYS_newfstatat, AT_FDCWD, "file", BAD, 0);
	syscall(SYS_mkdir, "dir", 01777);
	syscall(SYS_stat, "dir", &st);

	/* statx */
	syscall(SYS_statx, AT_FDCWD, "file", AT_STATX_SYNC_AS_STAT, STATX_ALL, buf);
	syscall(SYS_statx, AT_FDCWD, "file", AT_SYMLINK_NOFOLLOW | AT_STATX_FORCE_SYNC, STATX_BASIC_STATS | STATX_MNT_ID, buf);
	syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE, buf);
	syscall(SYS_statx, AT_FDCWD, "/dev/null", AT_STATX_DONT_SYNC, STATX_MODE | STATX_INO, buf);
	syscall(SYS_statx, AT_FDCWD, "file", 0x6000 | 0x40000000, 0x80000000, buf);
	syscall(SYS_statx, AT_FDCWD, "missing", 0, STATX_ALL, buf);
	syscall(SYS_statx, AT_FDCWD, "file", 0, 0, BAD);
	syscall(SYS_statx, AT_FDCWD, "file", 0, 0, NULL);

	/* statfs */
	syscall(SYS_statfs, ".", buf);
	syscall(SYS_fstatfs, fd, buf);
	syscall(SYS_statfs, "missing", buf);
	syscall(SYS_fstatfs, fd, BAD);

	/* directories */
	int d = syscall(SYS_openat, AT_FDCWD, ".", O_RDONLY | O_DIRECTORY);
	syscall(SYS_getdents64, d, buf, sizeof buf);
	syscall(SYS_getdents64, d, buf, sizeof buf);
	syscall(SYS_lseek, d, 0, SEEK_SET);
	syscall(SYS_getdents64, d, buf, 8);
	syscall(SYS_getdents64, d, BAD, sizeof buf);
	syscall(SYS_getdents64, fd, buf, sizeof buf);
	syscall(SYS_getdents, d, buf, sizeof buf);
	syscall(SYS_lseek, d, 0, SEEK_SET);
	syscall(SYS_getdents, d, buf, sizeof buf);
	syscall(SYS_close, d);

	/* symbolic links */
	syscall(SYS_readlink, "link", buf, sizeof buf);
	syscall(SYS_readlink, "link", buf, 2);
	syscall(SYS_readlink, "file", buf, sizeof buf);
	syscall(SYS_readlink, "link", BAD, 10);
	syscall(SYS_readlink, BAD, buf, 10);
	syscall(SYS_symlink, "a-rather-long-target-name-longer-than-thirty-two", "link2");
	syscall(SYS_readlinkat, AT_FDCWD, "link2", buf, sizeof buf);
	syscall(SYS_readlinkat, fd, "", buf, sizeof buf);
	syscall(SYS_close, fd);
	return 0;
}
