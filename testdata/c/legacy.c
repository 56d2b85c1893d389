// legacy: old x86 and obsolete syscalls: modify_ldt, set_thread_area,
// get_thread_area, ustat, iopl, ioperm, uselib, _sysctl, and the ones
// strace shows with raw arguments (sysfs, tuxcall, ...). Only harmless
// requests: an LDT entry of the process's own, I/O permissions dropped.
//mytrace-test:
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
	struct user_desc d;
	char buf[64];
	struct stat st;
	memset(buf, 0, sizeof(buf));

	memset(&d, 0, sizeof(d));
	d.entry_number = 0;
	d.base_addr = 0x12345;
	d.limit = 0xfffff;
	d.seg_32bit = 1;
	d.contents = 2;
	d.limit_in_pages = 1;
	d.useable = 1;
	syscall(SYS_modify_ldt, 1, &d, sizeof(d));
	syscall(SYS_modify_ldt, 0, buf, sizeof(buf));
	syscall(SYS_modify_ldt, 0, buf, 16);
	syscall(SYS_modify_ldt, 2, buf, 8);
	d.entry_number = 8192;
	syscall(SYS_modify_ldt, 0x11, &d, sizeof(d));
	syscall(SYS_modify_ldt, 1, &d, 15);
	syscall(SYS_modify_ldt, 1, NULL, 16);
	syscall(SYS_modify_ldt, 1, (void *)1, 16);
	syscall(SYS_modify_ldt, 7, &d, sizeof(d));

	memset(&d, 0, sizeof(d));
	d.entry_number = -1;
	d.base_addr = 0x1000;
	d.limit = 0xfff;
	d.seg_32bit = 1;
	d.read_exec_only = 1;
	d.seg_not_present = 1;
	syscall(SYS_set_thread_area, &d);
	syscall(SYS_set_thread_area, NULL);
	syscall(SYS_set_thread_area, (void *)1);
	d.entry_number = 12;
	syscall(SYS_get_thread_area, &d);
	syscall(SYS_get_thread_area, NULL);
	syscall(SYS_get_thread_area, (void *)1);

	if (stat("/", &st) == 0)
		syscall(SYS_ustat, (unsigned)st.st_dev, buf);
	syscall(SYS_ustat, 0x801, buf);
	syscall(SYS_ustat, 0xfffffffffffffffful, NULL);

	syscall(SYS_iopl, 0);
	syscall(SYS_iopl, 4);
	syscall(SYS_ioperm, 0x80, 8, 0);
	syscall(SYS_ioperm, 0x10000, 1, 1);
	syscall(SYS_uselib, "mytrace-no-such-lib");
	syscall(SYS_uselib, NULL);
	syscall(SYS_uselib, (void *)1);

	struct {
		int *name;
		int nlen;
		void *oldval;
		size_t *oldlenp;
		void *newval;
		size_t newlen;
		unsigned long unused[4];
	} args = {0};
	int name[2] = {1, 1};
	size_t len = sizeof(buf);
	args.name = name;
	args.nlen = 2;
	args.oldval = buf;
	args.oldlenp = &len;
	syscall(SYS__sysctl, &args);
	args.nlen = -1;
	args.newlen = 5;
	syscall(SYS__sysctl, &args);
	syscall(SYS__sysctl, NULL);
	syscall(SYS__sysctl, (void *)1);

	/* Shown with raw arguments by strace too. */
	syscall(SYS_sysfs, 3, 0, 0);
	syscall(SYS_sysfs, 99, 0, 0);
	syscall(SYS_tuxcall, 1, 2, 3);
	syscall(SYS_security, 1, 2, 3);
	syscall(SYS_afs_syscall, 1, 2, 3, 4, 5);
	syscall(SYS_create_module, "m", 0x100);
	syscall(SYS_get_kernel_syms, NULL);
	syscall(SYS_query_module, "m", 1, buf, 8, &len);
	syscall(SYS_nfsservctl, 1, 0, 0);
	syscall(SYS_getpmsg, 0, 0, 0, 0, 0);
	syscall(SYS_putpmsg, -1, 0, 0, 0, 0);
	syscall(SYS_vserver, 1, 2, 3, 4, 5);
	syscall(SYS_epoll_ctl_old, 1, 2, 3, 4);
	syscall(SYS_epoll_wait_old, 1, 2, 3, 4);
	return 0;
}
