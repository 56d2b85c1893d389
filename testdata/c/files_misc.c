// files_misc: descriptor factories and handles: inotify_init1,
// inotify_add_watch, inotify_rm_watch, fanotify_init, fanotify_mark,
// memfd_create, name_to_handle_at, open_by_handle_at, close_range,
// openat2.
//mytrace-test:
//mytrace-test: -s 5 -xx
//mytrace-test: -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD ((void *)1)

int main(void) {
	int fd = syscall(SYS_openat, AT_FDCWD, "f", O_RDWR | O_CREAT, 0600);
	int in = syscall(SYS_inotify_init1, IN_NONBLOCK | IN_CLOEXEC);
	syscall(SYS_inotify_init1, 0);
	syscall(SYS_inotify_init1, 0x1);
	int wd = syscall(SYS_inotify_add_watch, in, "f", IN_MODIFY | IN_CLOSE_WRITE | IN_ONESHOT);
	syscall(SYS_inotify_add_watch, in, "missing", IN_ALL_EVENTS);
	syscall(SYS_inotify_add_watch, in, ".", 0x10000);
	syscall(SYS_inotify_rm_watch, in, wd);
	syscall(SYS_inotify_rm_watch, in, -5);
	syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE);
	syscall(SYS_fanotify_init, FAN_CLASS_CONTENT | 0x80000000, O_RDWR);
	syscall(SYS_fanotify_init, 0xc, 0);
	syscall(SYS_fanotify_mark, -1, FAN_MARK_ADD, FAN_OPEN | FAN_ONDIR, AT_FDCWD, ".");
	syscall(SYS_fanotify_mark, 999, FAN_MARK_REMOVE | 0x8000, 0x4000000000ull, -1, NULL);
	syscall(SYS_memfd_create, "memory", 0);
	syscall(SYS_memfd_create, "a name longer than thirty-two characters", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	syscall(SYS_memfd_create, "huge", MFD_HUGETLB | (21 << 26));
	syscall(SYS_memfd_create, "huge2", 30u << 26);
	syscall(SYS_memfd_create, "bad", 0x100);
	syscall(SYS_memfd_create, BAD, 0);

	/* file handles */
	struct {
		struct file_handle h;
		unsigned char b[128];
	} fh;
	int mount_id;
	fh.h.handle_bytes = 128;
	syscall(SYS_name_to_handle_at, AT_FDCWD, "f", &fh, &mount_id, 0);
	fh.h.handle_bytes = 0;
	syscall(SYS_name_to_handle_at, AT_FDCWD, "f", &fh, &mount_id, AT_SYMLINK_FOLLOW);
	syscall(SYS_name_to_handle_at, fd, "", &fh, &mount_id, AT_EMPTY_PATH);
	syscall(SYS_name_to_handle_at, AT_FDCWD, "missing", &fh, &mount_id, 0);
	syscall(SYS_name_to_handle_at, AT_FDCWD, "f", BAD, &mount_id, 0);
	syscall(SYS_name_to_handle_at, AT_FDCWD, "f", NULL, NULL, 0x1);
	fh.h.handle_bytes = 128;
	syscall(SYS_name_to_handle_at, AT_FDCWD, "f", &fh, &mount_id, 0);
	syscall(SYS_open_by_handle_at, -1, &fh, O_RDONLY);
	syscall(SYS_open_by_handle_at, fd, BAD, O_RDWR);

	/* ranges of descriptors, openat2 */
	syscall(SYS_dup2, fd, 40);
	syscall(SYS_dup2, fd, 41);
	syscall(SYS_close_range, 40, 40, 0);
	syscall(SYS_close_range, 41, ~0u, CLOSE_RANGE_CLOEXEC);
	syscall(SYS_close_range, 50, 60, 0x8 | CLOSE_RANGE_UNSHARE);
	syscall(SYS_close_range, 60, 50, 0);
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
	syscall(SYS_openat2, AT_FDCWD, "f", &how, sizeof how);
	struct open_how how2 = {.flags = O_WRONLY | O_CREAT, .mode = 0644};
	syscall(SYS_openat2, AT_FDCWD, "g", &how2, sizeof how2);
	struct open_how how3 = {.flags = O_RDONLY, .mode = 0600, .resolve = 0x400};
	syscall(SYS_openat2, AT_FDCWD, "f", &how3, sizeof how3);
	syscall(SYS_openat2, AT_FDCWD, "f", &how, 8);
	syscall(SYS_openat2, AT_FDCWD, "f", BAD, sizeof how);
	struct {
		struct open_how h;
		unsigned char extra[16];
	} big;
	memset(&big, 0, sizeof big);
	syscall(SYS_openat2, AT_FDCWD, "f", &big, sizeof big);
	big.extra[3] = 0x7f;
	syscall(SYS_openat2, AT_FDCWD, "f", &big, sizeof big);
	return 0;
}
