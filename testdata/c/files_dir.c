// files_dir: names and attributes: unlink, unlinkat, mkdir, mkdirat,
// rmdir, rename*, link*, symlink*, mknod*, chdir, fchdir, getcwd, umask,
// access*, chmod*, chown*, utime*, truncate, fallocate, sync calls and
// extended attributes.
//mytrace-test:
//mytrace-test: -s 4
//mytrace-test: -x
//mytrace-test: -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define BAD ((void *)1)

int main(void) {
	char buf[4096];
	syscall(SYS_umask, 022);
	syscall(SYS_umask, 0177777);
	syscall(SYS_umask, 022);
	syscall(SYS_mkdir, "d", 0755);
	syscall(SYS_mkdir, "d", 0755);
	syscall(SYS_mkdir, NULL, 0);
	int dfd = syscall(SYS_openat, AT_FDCWD, "d", O_RDONLY | O_DIRECTORY);
	syscall(SYS_mkdirat, dfd, "sub", 0700);
	syscall(SYS_mkdirat, AT_FDCWD, "d/sub2", 0x10000 | 0777);
	syscall(SYS_rmdir, "d/sub2");
	syscall(SYS_rmdir, "missing");
	int fd = syscall(SYS_openat, dfd, "f", O_RDWR | O_CREAT, 0666);
	syscall(SYS_write, fd, "abcdef", 6);
	syscall(SYS_link, "d/f", "d/hard");
	syscall(SYS_linkat, dfd, "hard", AT_FDCWD, "hard2", AT_SYMLINK_FOLLOW);
	syscall(SYS_linkat, dfd, "nope", dfd, "x", 0x1);
	syscall(SYS_symlink, "d/f", "sym");
	syscall(SYS_symlinkat, "target", dfd, "sym2");
	syscall(SYS_symlinkat, BAD, dfd, "sym3");
	syscall(SYS_rename, "hard2", "hard3");
	syscall(SYS_renameat, AT_FDCWD, "hard3", dfd, "hard4");
	syscall(SYS_renameat2, dfd, "hard4", dfd, "hard", RENAME_NOREPLACE);
	syscall(SYS_renameat2, dfd, "hard4", dfd, "hard5", RENAME_EXCHANGE | RENAME_WHITEOUT | 0x100);
	syscall(SYS_unlink, "sym");
	syscall(SYS_unlinkat, dfd, "sym2", 0);
	syscall(SYS_unlinkat, dfd, "sub", AT_REMOVEDIR);
	syscall(SYS_unlinkat, dfd, "hard", 0x8000000);
	syscall(SYS_mknod, "fifo", S_IFIFO | 0644, 0);
	syscall(SYS_mknod, "chr", S_IFCHR | 0600, makedev(1, 3));
	syscall(SYS_mknodat, dfd, "blk", S_IFBLK | S_ISUID | 0600, makedev(259, 70000));
	syscall(SYS_mknodat, dfd, "reg", 0644, 0);
	syscall(SYS_mknod, "weird", 0170644, 0);

	/* working directory */
	int here = syscall(SYS_openat, AT_FDCWD, ".", O_RDONLY | O_PATH);
	syscall(SYS_chdir, "/dev");
	syscall(SYS_getcwd, buf, sizeof buf);
	syscall(SYS_getcwd, buf, 1);
	syscall(SYS_getcwd, BAD, sizeof buf);
	syscall(SYS_chdir, "/");
	syscall(SYS_getcwd, buf, 2);
	syscall(SYS_fchdir, here);
	syscall(SYS_chdir, "d");
	syscall(SYS_chdir, "missing");
	syscall(SYS_fchdir, dfd);
	syscall(SYS_fchdir, fd);
	syscall(SYS_chdir, "..");

	/* permissions */
	syscall(SYS_access, "d/f", R_OK | W_OK);
	syscall(SYS_access, "d/f", F_OK);
	syscall(SYS_access, "d/f", X_OK | 0x10);
	syscall(SYS_faccessat, dfd, "f", R_OK);
	syscall(SYS_faccessat2, dfd, "f", W_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);
	syscall(SYS_faccessat2, dfd, "f", W_OK, 0x4);
	syscall(SYS_chmod, "d/f", 04751);
	syscall(SYS_fchmod, fd, 0600);
	syscall(SYS_fchmodat, dfd, "f", 0640);
	syscall(SYS_chown, "d/f", 1000, 1000);
	syscall(SYS_lchown, "d/f", -1, 0);
	syscall(SYS_fchown, fd, 0, -1);
	syscall(SYS_fchownat, dfd, "f", 2, 3, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_fchownat, dfd, "", 0, 0, AT_EMPTY_PATH);

	/* times */
	struct timespec ts[2] = {{1700000000, 5}, {1600000000, 0}};
	syscall(SYS_utimensat, dfd, "f", ts, 0);
	struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
	syscall(SYS_utimensat, AT_FDCWD, "d/f", now, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_utimensat, fd, NULL, NULL, 0);
	syscall(SYS_utimensat, AT_FDCWD, "d/f", BAD, 0);
	struct timespec zero[2] = {{0, 0}, {1, 2000000000}};
	syscall(SYS_utimensat, AT_FDCWD, "d/f", zero, 0);
	struct timeval tv[2] = {{1700000000, 123}, {0, 0}};
	syscall(SYS_utimes, "d/f", tv);
	syscall(SYS_futimesat, dfd, "f", tv);
	syscall(SYS_futimesat, dfd, "f", NULL);
	struct utimbuf ub = {1500000000, 1600000000};
	syscall(SYS_utime, "d/f", &ub);
	syscall(SYS_utime, "d/f", NULL);

	/* sizes and syncing */
	syscall(SYS_truncate, "d/f", 3);
	syscall(SYS_truncate, "missing", 1);
	syscall(SYS_ftruncate, fd, 100);
	syscall(SYS_ftruncate, fd, (long)-1);
	syscall(SYS_fallocate, fd, 0, 0, 4096);
	syscall(SYS_fallocate, fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 10, 20);
	syscall(SYS_fallocate, fd, 0x80, (long)-1, 1);
	syscall(SYS_fsync, fd);
	syscall(SYS_fdatasync, fd);
	syscall(SYS_syncfs, fd);
	syscall(SYS_fsync, -1);
	syscall(SYS_sync_file_range, fd, 0, 100, SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
	syscall(SYS_sync_file_range, fd, 0, 0, 0x10);

	/* extended attributes */
	syscall(SYS_setxattr, "d/f", "user.name", "value\0", 6, XATTR_CREATE);
	syscall(SYS_setxattr, "d/f", "user.bin", "\x01\x02\xff", 3, 0);
	syscall(SYS_lsetxattr, "d/f", "user.long", "a fairly long value of forty bytes......", 40, XATTR_REPLACE | 0x8);
	syscall(SYS_fsetxattr, fd, "user.other", "x", 1, 0);
	syscall(SYS_getxattr, "d/f", "user.name", buf, sizeof buf);
	syscall(SYS_getxattr, "d/f", "user.bin", buf, sizeof buf);
	syscall(SYS_getxattr, "d/f", "user.name", NULL, 0);
	syscall(SYS_getxattr, "d/f", "user.name", buf, 2);
	syscall(SYS_getxattr, "d/f", "user.none", buf, sizeof buf);
	syscall(SYS_lgetxattr, "d/f", "user.other", buf, sizeof buf);
	syscall(SYS_fgetxattr, fd, "user.name", buf, sizeof buf);
	syscall(SYS_fgetxattr, fd, BAD, buf, sizeof buf);
	syscall(SYS_fgetxattr, fd, "user.a-name-longer-than-thirty-two-chars", buf, sizeof buf);
	syscall(SYS_listxattr, "d/f", buf, sizeof buf);
	syscall(SYS_llistxattr, "d/f", NULL, 0);
	syscall(SYS_flistxattr, fd, buf, 1);
	syscall(SYS_removexattr, "d/f", "user.name");
	syscall(SYS_lremovexattr, "d/f", "user.name");
	syscall(SYS_fremovexattr, fd, "user.other");
	return 0;
}
