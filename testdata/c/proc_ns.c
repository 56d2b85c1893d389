// proc_ns: namespaces and other processes' resources: unshare, setns,
// get_robust_list, pidfd_getfd, kcmp, and the ioctls of namespace files.
//mytrace-test:
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/kcmp.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	pid_t pid = syscall(SYS_getpid);
	syscall(SYS_unshare, CLONE_FILES | CLONE_FS);
	syscall(SYS_unshare, 0);
	syscall(SYS_unshare, CLONE_NEWNS | CLONE_NEWUTS | 0x1);
	int ns = open("/proc/self/ns/uts", O_RDONLY);
	syscall(SYS_setns, ns, CLONE_NEWUTS);
	syscall(SYS_setns, ns, CLONE_NEWNET | CLONE_NEWIPC);
	syscall(SYS_setns, -1, 0);
	syscall(SYS_setns, 99, 0x3);
	syscall(SYS_setns, 99, 0x100000000ULL | CLONE_NEWNET);

	void *head;
	size_t len;
	syscall(SYS_get_robust_list, 0, &head, &len);
	syscall(SYS_get_robust_list, pid, &head, &len);
	syscall(SYS_get_robust_list, 0, NULL, &len);
	syscall(SYS_get_robust_list, 999999, &head, &len);

	int pfd = syscall(SYS_pidfd_open, pid, 0);
	int fd = syscall(SYS_pidfd_getfd, pfd, ns, 0);
	syscall(SYS_pidfd_getfd, pfd, 99, 0);
	syscall(SYS_pidfd_getfd, pfd, ns, 1);
	syscall(SYS_pidfd_getfd, -1, 0, 0);

	syscall(SYS_kcmp, pid, pid, KCMP_FILE, ns, fd);
	syscall(SYS_kcmp, pid, pid, KCMP_VM, 0, 0);
	syscall(SYS_kcmp, pid, pid, KCMP_SYSVSEM, 1, 2);
	struct kcmp_epoll_slot slot = {ns, fd, 3};
	syscall(SYS_kcmp, pid, pid, KCMP_EPOLL_TFD, pfd, &slot);
	syscall(SYS_kcmp, pid, pid, KCMP_EPOLL_TFD, pfd, (void *)1);
	syscall(SYS_kcmp, pid, 999999, 99, 1, 2);
	syscall(SYS_kcmp, pid, pid, -1, 1, 2);

	unsigned int uid = 12345;
	syscall(SYS_ioctl, ns, NS_GET_NSTYPE);
	syscall(SYS_ioctl, ns, NS_GET_OWNER_UID, &uid);
	syscall(SYS_ioctl, ns, NS_GET_PARENT);
	syscall(SYS_ioctl, ns, NS_GET_USERNS);
	syscall(SYS_ioctl, ns, _IO(0xb7, 0x9), 0x10);
	int user = open("/proc/self/ns/user", O_RDONLY);
	syscall(SYS_ioctl, user, NS_GET_OWNER_UID, &uid);
	syscall(SYS_ioctl, user, NS_GET_OWNER_UID, (void *)1);
	syscall(SYS_ioctl, user, NS_GET_NSTYPE);
	return 0;
}
