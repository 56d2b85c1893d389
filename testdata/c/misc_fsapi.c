// misc_fsapi: the new mount API (fsopen, fsconfig, fsmount, fspick,
// open_tree, move_mount, mount_setattr) on detached mounts or nonexistent
// paths, landlock, userfaultfd, process_vm_readv/writev on the process
// itself, quotactl and quotactl_fd on nonexistent devices.
//mytrace-test:
//mytrace-test: -s 5
//mytrace-test: -x
//mytrace-test: -v
//mytrace-test: -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define QCMD(cmd, type) (((cmd) << 8) | ((type) & 0xff))

int main(void) {
	int fs = syscall(SYS_fsopen, "tmpfs", 1 /* FSOPEN_CLOEXEC */);
	syscall(SYS_fsopen, "nosuchfs", 0);
	syscall(SYS_fsopen, (void *)1, 0x10);
	if (fs >= 0) {
		syscall(SYS_fsconfig, fs, 1 /* SET_STRING */, "size", "1m", 0);
		syscall(SYS_fsconfig, fs, 1, "mode", "0755\x01\xff", 0);
		syscall(SYS_fsconfig, fs, 0 /* SET_FLAG */, "nosuchflag", NULL, 0);
		syscall(SYS_fsconfig, fs, 2 /* SET_BINARY */, "bin", "\x01\x02\x03zzzzzz", 9);
		syscall(SYS_fsconfig, fs, 2, "bin", (void *)1, -1);
		syscall(SYS_fsconfig, fs, 3 /* SET_PATH */, "path", "nonexistent", -100);
		syscall(SYS_fsconfig, fs, 4 /* SET_PATH_EMPTY */, "path", "", 0);
		syscall(SYS_fsconfig, fs, 5 /* SET_FD */, "fd", NULL, 0);
		syscall(SYS_fsconfig, fs, 6 /* CMD_CREATE */, NULL, NULL, 0);
		int mfd = syscall(SYS_fsmount, fs, 1 /* FSMOUNT_CLOEXEC */, 0x2 | 0x8 /* NOSUID|NOEXEC */);
		syscall(SYS_fsmount, fs, 2, 0x1000);
		syscall(SYS_fsconfig, fs, 7 /* CMD_RECONFIGURE */, (void *)1, (void *)2, 3);
		syscall(SYS_fsconfig, fs, 42, (void *)1, (void *)2, 3);
		if (mfd >= 0) {
			syscall(SYS_move_mount, mfd, "", -100, "nonexistent", 4 /* F_EMPTY_PATH */);
			/* The mount is detached: changing it changes nothing else. */
			struct {
				uint64_t attr_set, attr_clr, propagation, userns_fd;
			} noexec = {0x8, 0, 0, 0};
			syscall(SYS_mount_setattr, mfd, "", 0x1000 /* AT_EMPTY_PATH */, &noexec, 32);
			close(mfd);
		}
		close(fs);
	}
	syscall(SYS_fspick, -100, "nonexistent", 1 | 2);
	syscall(SYS_fspick, -100, "/", 0x100);
	int t = syscall(SYS_open_tree, -100, "/", 02000000 /* OPEN_TREE_CLOEXEC */);
	if (t >= 0)
		close(t);
	syscall(SYS_open_tree, -1, "nonexistent", 1 | 0x8000 /* CLONE|AT_RECURSIVE */);
	syscall(SYS_open_tree, -100, NULL, 0x4);
	syscall(SYS_move_mount, -100, "nonexistent", -100, "nonexistent2", 0x1 | 0x10 | 0x100);
	syscall(SYS_move_mount, 5, (void *)1, -1, "", 0x80000);

	struct {
		uint64_t attr_set, attr_clr, propagation, userns_fd;
		uint64_t extra[2];
	} ma = {0x1 | 0x2, 0x8, 1 << 18 /* MS_PRIVATE */, 0, {0, 0}};
	syscall(SYS_mount_setattr, -100, "nonexistent", 0x8000 /* AT_RECURSIVE */, &ma, 32);
	ma.attr_set = 0x100000; /* MOUNT_ATTR_IDMAP */
	ma.userns_fd = 3;
	ma.propagation = 0x42;
	syscall(SYS_mount_setattr, -100, "nonexistent", 0, &ma, 32);
	ma.attr_set = 0x4000000;
	ma.userns_fd = -1;
	syscall(SYS_mount_setattr, -100, "nonexistent", 0x1, &ma, 32);
	ma.extra[1] = 0xff;
	syscall(SYS_mount_setattr, -100, "nonexistent", 0, &ma, sizeof(ma));
	ma.extra[1] = 0;
	syscall(SYS_mount_setattr, -100, "nonexistent", 0, &ma, sizeof(ma));
	syscall(SYS_mount_setattr, -100, "nonexistent", 0, &ma, 16);
	syscall(SYS_mount_setattr, 7, NULL, 0, (void *)1, 40);

	uint64_t ll[3] = {0x1 | 0x2 | 0x4000, 0, 0};
	syscall(SYS_landlock_create_ruleset, NULL, 0, 1 /* VERSION */);
	int rs = syscall(SYS_landlock_create_ruleset, ll, 8, 0);
	syscall(SYS_landlock_create_ruleset, ll, 16, 0);
	ll[0] = 1ULL << 40;
	syscall(SYS_landlock_create_ruleset, ll, 8, 0);
	syscall(SYS_landlock_create_ruleset, ll, 4, 0);
	syscall(SYS_landlock_create_ruleset, (void *)1, 8, 2);
	struct __attribute__((packed)) {
		uint64_t allowed_access;
		int32_t parent_fd;
	} pb = {0x1 | 0x4 | 0x8, -1};
	syscall(SYS_landlock_add_rule, rs, 1 /* PATH_BENEATH */, &pb, 0);
	syscall(SYS_landlock_add_rule, rs, 2, &pb, 0);
	syscall(SYS_landlock_add_rule, rs, 1, (void *)1, 5);
	syscall(SYS_landlock_restrict_self, -1, 0);
	syscall(SYS_landlock_restrict_self, rs, 0x10);
	if (rs >= 0)
		close(rs);

	int u = syscall(SYS_userfaultfd, 02000000 | 04000 /* O_CLOEXEC|O_NONBLOCK */);
	if (u >= 0)
		close(u);
	syscall(SYS_userfaultfd, 0x10);
	syscall(SYS_userfaultfd, 1 | 0x20);

	char src1[] = "remote data one", src2[] = "two\x01\xfe";
	char dst1[8], dst2[32];
	struct iovec local[2] = {{dst1, sizeof(dst1)}, {dst2, sizeof(dst2)}};
	struct iovec remote[2] = {{src1, sizeof(src1)}, {src2, sizeof(src2)}};
	pid_t me = getpid();
	syscall(SYS_process_vm_readv, me, local, 2, remote, 2, 0);
	syscall(SYS_process_vm_readv, me, local, 2, remote, 2, 1);
	syscall(SYS_process_vm_readv, me, (void *)1, 2, remote, 2, 0);
	syscall(SYS_process_vm_readv, -1, local, 0, NULL, 0, 0);
	struct iovec wl[1] = {{"written!", 8}};
	struct iovec wr[1] = {{dst2, 8}};
	syscall(SYS_process_vm_writev, me, wl, 1, wr, 1, 0);
	syscall(SYS_process_vm_writev, me, wl, 1, (void *)1, 1, 0);

	char qbuf[256];
	memset(qbuf, 0, sizeof(qbuf));
	syscall(SYS_quotactl, QCMD(0x800007, 0) /* Q_GETQUOTA, USRQUOTA */, "/nonexistent", 1000, qbuf);
	uint64_t dq[9] = {1, 2, 3, 4, 5, 6, 7, 8, 0x3f};
	syscall(SYS_quotactl, QCMD(0x800008, 1) /* Q_SETQUOTA, GRPQUOTA */, "/nonexistent", -1, dq);
	syscall(SYS_quotactl, QCMD(0x800009, 2), "/nonexistent", 0, qbuf);
	syscall(SYS_quotactl, QCMD(0x800002, 0) /* Q_QUOTAON */, "/nonexistent", 2, "/nonexistent/aquota.user");
	syscall(SYS_quotactl, QCMD(0x800003, 0) /* Q_QUOTAOFF */, "/nonexistent", 0, NULL);
	syscall(SYS_quotactl, QCMD(0x800004, 0) /* Q_GETFMT */, "/nonexistent", 0, qbuf);
	syscall(SYS_quotactl, QCMD(0x800005, 0) /* Q_GETINFO */, "/nonexistent", 0, qbuf);
	uint64_t di[3] = {604800, 86400, 0x100000003ULL};
	syscall(SYS_quotactl, QCMD(0x800006, 0) /* Q_SETINFO */, "/nonexistent", 0, di);
	syscall(SYS_quotactl, QCMD(0x5803, 0) /* Q_XGETQUOTA */, "/nonexistent", 5, qbuf);
	unsigned char xdq[112];
	memset(xdq, 0, sizeof(xdq));
	xdq[0] = 1;
	xdq[1] = 1;
	xdq[2] = 0x0f;
	syscall(SYS_quotactl, QCMD(0x5804, 0) /* Q_XSETQLIM */, "/nonexistent", 5, xdq);
	syscall(SYS_quotactl, QCMD(0x5805, 0) /* Q_XGETQSTAT */, "/nonexistent", 0, qbuf);
	syscall(SYS_quotactl, QCMD(0x5808, 0) /* Q_XGETQSTATV */, "/nonexistent", 0, qbuf);
	uint32_t xflags = 1 | 4;
	syscall(SYS_quotactl, QCMD(0x5801, 0) /* Q_XQUOTAON */, "/nonexistent", 0, &xflags);
	syscall(SYS_quotactl, QCMD(0x5806, 0) /* Q_XQUOTARM */, "/nonexistent", 0, &xflags);
	syscall(SYS_quotactl, QCMD(0x5807, 0) /* Q_XQUOTASYNC */, "/nonexistent", 0, NULL);
	syscall(SYS_quotactl, QCMD(0x100, 7), "/nonexistent", 3, (void *)1);
	syscall(SYS_quotactl, QCMD(0x800007, 0), NULL, 0, qbuf);
	syscall(SYS_quotactl_fd, -1, QCMD(0x800007, 0), 0, qbuf);
	syscall(SYS_quotactl_fd, -1, QCMD(0x800008, 1), 7, (void *)1);
	return 0;
}
