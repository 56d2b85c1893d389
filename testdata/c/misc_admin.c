// misc_admin: system administration calls, all either failing (bad
// pointers, bad flags, nonexistent paths, bad magic numbers) or confined
// to private namespaces of the process: mount, umount2, pivot_root,
// chroot, acct, swapon, swapoff, reboot, sethostname, setdomainname,
// init_module, finit_module, delete_module, kexec_load, kexec_file_load,
// syslog, ioprio_get, ioprio_set, lookup_dcookie.
//mytrace-test:
//mytrace-test: -s 4
//mytrace-test: -x
//mytrace-test: -v
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	/* Private UTS and mount namespaces: nothing done here is seen
	 * outside the process. */
	if (syscall(SYS_unshare, CLONE_NEWUTS | CLONE_NEWNS) != 0)
		return 1;
	if (syscall(SYS_mount, NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return 1;

	syscall(SYS_mkdir, "mnt", 0755);
	if (syscall(SYS_mount, "none", "mnt", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") == 0)
		syscall(SYS_umount2, "mnt", MNT_DETACH);
	syscall(SYS_mount, "none", "nonexistent", "tmpfs", 0xc0ed0000 | MS_RDONLY, NULL);
	syscall(SYS_mount, "none", "nonexistent", "tmpfs", 0xc0ed0000, "x");
	syscall(SYS_mount, "src", "nonexistent", "ignored", MS_BIND | MS_REC, "ignored");
	syscall(SYS_mount, "src", "nonexistent", "ignored", MS_REMOUNT | MS_RDONLY, "data");
	syscall(SYS_mount, (void *)1, "nonexistent", (void *)2, 0x400000000ULL, (void *)3);
	syscall(SYS_mount, NULL, "nonexistent", NULL, MS_PRIVATE, NULL);
	syscall(SYS_mount, "\xff\x01src", "nonexistent", "tmpfs\x01\x80", 0, "long mount data string, longer than thirty-two characters");
	syscall(SYS_umount2, "nonexistent", MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW);
	syscall(SYS_umount2, "nonexistent", 0x100);
	syscall(SYS_umount2, (void *)1, 0);
	syscall(SYS_rmdir, "mnt");

	syscall(SYS_pivot_root, "nonexistent1", "nonexistent2");
	syscall(SYS_pivot_root, NULL, (void *)1);
	syscall(SYS_chroot, "nonexistent");
	syscall(SYS_chroot, (void *)1);
	syscall(SYS_acct, "nonexistent/acct");
	syscall(SYS_acct, (void *)1);
	syscall(SYS_swapon, "nonexistent", 0x8000 | 5);
	syscall(SYS_swapon, "nonexistent", 0x30000);
	syscall(SYS_swapon, "nonexistent", 0x100000);
	syscall(SYS_swapon, "nonexistent", 0);
	syscall(SYS_swapoff, "nonexistent");

	/* Bad magic numbers: the kernel refuses before looking at cmd. */
	syscall(SYS_reboot, 0xfee1dead, 1, 0x1234567, NULL);
	syscall(SYS_reboot, 0xfee1dead, 1, 0xa1b2c3d4, "restart command");
	syscall(SYS_reboot, 0xfee1dead, 1, 0xa1b2c3d4, (void *)1);
	syscall(SYS_reboot, 1, 2, 3, NULL);
	syscall(SYS_reboot, 0x28121969, 0xfee1dead, 0xcdef0123, NULL);

	syscall(SYS_sethostname, "myhost", 6);
	syscall(SYS_sethostname, "host\x01\xfe", 6);
	syscall(SYS_sethostname, "host-name-longer-than-four", 26);
	syscall(SYS_sethostname, "x", 65);
	syscall(SYS_sethostname, (void *)1, 5);
	syscall(SYS_setdomainname, "example.org", 11);
	syscall(SYS_setdomainname, "", 0);
	syscall(SYS_setdomainname, "x", 100);

	syscall(SYS_init_module, (void *)1, 16, "param=1");
	syscall(SYS_init_module, NULL, 0, NULL);
	syscall(SYS_finit_module, -1, "opt=2", 0);
	syscall(SYS_finit_module, -1, "", 3);
	syscall(SYS_finit_module, -1, "", 0x100);
	syscall(SYS_delete_module, "nonexistent_mod", O_NONBLOCK | O_TRUNC);
	syscall(SYS_delete_module, "nonexistent_mod", 0);
	syscall(SYS_delete_module, "nonexistent_mod", 0x40);
	syscall(SYS_delete_module, (void *)1, 0);

	/* Foreign architecture: refused whatever the segments. */
	uint64_t segs[2][4] = {{0x1000, 16, 0x100000, 4096}, {0, 0, 0x200000, 8192}};
	syscall(SYS_kexec_load, 0x1000, 2, segs, (40UL << 16) | 1);
	syscall(SYS_kexec_load, 0, 1, (void *)1, 40UL << 16);
	syscall(SYS_kexec_load, 0, 17, segs, (40UL << 16) | 0x100);
	syscall(SYS_kexec_load, 0, 0, NULL, 0x12340000UL | 2);
	syscall(SYS_kexec_file_load, -1, -1, 5, "root=", 0x100 | 1);
	syscall(SYS_kexec_file_load, -1, 3, 0, NULL, 0x1000);

	char buf[64];
	syscall(SYS_syslog, 10, NULL, 0);
	syscall(SYS_syslog, 3, buf, 0);
	syscall(SYS_syslog, 2, buf, 0);
	syscall(SYS_syslog, 3, NULL, 10);
	syscall(SYS_syslog, 0, NULL, 0);
	syscall(SYS_syslog, 1, NULL, 0);
	syscall(SYS_syslog, 8, NULL, 100);
	syscall(SYS_syslog, 8, NULL, 0);
	syscall(SYS_syslog, 42, (void *)0x1000, 7);
	syscall(SYS_syslog, -1, NULL, -1);

	syscall(SYS_ioprio_get, 1, 0);
	syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4);
	syscall(SYS_ioprio_get, 1, 0);
	syscall(SYS_ioprio_set, 1, 0, (3 << 13));
	syscall(SYS_ioprio_get, 1, 0);
	syscall(SYS_ioprio_set, 42, 0, 0);
	syscall(SYS_ioprio_set, 2, 0, (7 << 13) | 1);
	syscall(SYS_ioprio_get, 3, -1);
	syscall(SYS_ioprio_get, 5, 0);

	syscall(SYS_lookup_dcookie, 0x123456789ULL, buf, sizeof(buf));
	return 0;
}
