// files_fcntl: descriptor control: fcntl (every command), dup, dup2, dup3,
// pipe, pipe2, flock, ioctl (terminal requests on a pty, FIONREAD, named
// and unknown requests).
//mytrace-test:
//mytrace-test: -v
//mytrace-test: -s 2 -x
//mytrace-test: -y
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#define BAD ((void *)1)

int main(void) {
	int fd = syscall(SYS_openat, AT_FDCWD, "f", O_RDWR | O_CREAT, 0600);
	syscall(SYS_fcntl, fd, F_GETFD);
	syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
	syscall(SYS_fcntl, fd, F_GETFD);
	syscall(SYS_fcntl, fd, F_SETFD, 6);
	syscall(SYS_fcntl, fd, F_GETFL);
	syscall(SYS_fcntl, fd, F_SETFL, O_NONBLOCK | O_APPEND);
	syscall(SYS_fcntl, fd, F_GETFL);
	syscall(SYS_fcntl, fd, F_DUPFD, 10);
	syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 20);
	syscall(SYS_fcntl, fd, F_DUPFD, -1);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
	syscall(SYS_fcntl, fd, F_SETLK, &fl);
	syscall(SYS_fcntl, fd, F_SETLKW, &fl);
	fl.l_type = F_RDLCK;
	syscall(SYS_fcntl, fd, F_GETLK, &fl);
	syscall(SYS_fcntl, fd, F_GETLK, BAD);
	syscall(SYS_fcntl, fd, F_SETLK, NULL);
	fl.l_type = F_UNLCK;
	fl.l_whence = 9;
	syscall(SYS_fcntl, fd, F_SETLK, &fl);
	fl.l_whence = SEEK_SET;
	syscall(SYS_fcntl, fd, F_SETLK, &fl);
	struct flock ofl = {.l_type = F_RDLCK, .l_whence = SEEK_CUR, .l_start = 5, .l_len = -1};
	syscall(SYS_fcntl, fd, F_OFD_SETLK, &ofl);
	syscall(SYS_fcntl, fd, F_OFD_SETLKW, NULL);
	ofl.l_type = F_WRLCK;
	ofl.l_pid = 0;
	syscall(SYS_fcntl, fd, F_OFD_GETLK, &ofl);
	syscall(SYS_fcntl, fd, F_SETOWN, 0);
	syscall(SYS_fcntl, fd, F_GETOWN);
	struct f_owner_ex ox = {F_OWNER_PGRP, 0};
	syscall(SYS_fcntl, fd, F_SETOWN_EX, &ox);
	syscall(SYS_fcntl, fd, F_GETOWN_EX, &ox);
	syscall(SYS_fcntl, fd, F_SETSIG, SIGUSR1);
	syscall(SYS_fcntl, fd, F_GETSIG);
	syscall(SYS_fcntl, fd, F_SETSIG, 0);
	syscall(SYS_fcntl, fd, F_GETSIG);
	syscall(SYS_fcntl, fd, F_SETLEASE, F_RDLCK);
	syscall(SYS_fcntl, fd, F_GETLEASE);
	syscall(SYS_fcntl, fd, F_SETLEASE, 7);
	syscall(SYS_fcntl, fd, F_NOTIFY, DN_MODIFY | DN_MULTISHOT);
	syscall(SYS_fcntl, fd, F_GET_SEALS);
	syscall(SYS_fcntl, fd, F_ADD_SEALS, F_SEAL_SEAL | 0x100);
	syscall(SYS_fcntl, fd, 0x7f, 0x1234);
	syscall(SYS_fcntl, fd, 17, 0);
	syscall(SYS_fcntl, -1, F_GETFL);
	int m = syscall(SYS_memfd_create, "sealed", 2);
	syscall(SYS_fcntl, m, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
	syscall(SYS_fcntl, m, F_GET_SEALS);

	/* dup and pipes */
	syscall(SYS_dup, fd);
	syscall(SYS_dup, 999);
	syscall(SYS_dup2, fd, 30);
	syscall(SYS_dup3, fd, 31, O_CLOEXEC);
	syscall(SYS_dup3, fd, 31, 0x4);
	syscall(SYS_dup3, fd, fd, 0);
	int p[2];
	syscall(SYS_pipe, p);
	syscall(SYS_pipe, NULL);
	syscall(SYS_pipe, BAD);
	syscall(SYS_pipe2, p, O_CLOEXEC | O_NONBLOCK);
	syscall(SYS_pipe2, p, 0x1);
	syscall(SYS_fcntl, p[0], F_GETPIPE_SZ);
	syscall(SYS_fcntl, p[0], F_SETPIPE_SZ, 8192);
	syscall(SYS_write, p[1], "12345", 5);
	int n;
	syscall(SYS_ioctl, p[0], FIONREAD, &n);
	syscall(SYS_ioctl, p[0], FIONREAD, BAD);
	syscall(SYS_ioctl, p[0], FIONBIO, &n);
	syscall(SYS_ioctl, p[0], FIOCLEX);
	syscall(SYS_ioctl, p[0], FIONCLEX);

	/* flock */
	syscall(SYS_flock, fd, LOCK_EX | LOCK_NB);
	syscall(SYS_flock, fd, LOCK_UN);
	syscall(SYS_flock, fd, 0x100);

	/* ioctl */
	struct termios t;
	struct winsize ws = {24, 80, 0, 0};
	syscall(SYS_ioctl, fd, TCGETS, &t);
	syscall(SYS_ioctl, fd, TIOCGWINSZ, &ws);
	syscall(SYS_ioctl, fd, FS_IOC_GETFLAGS, &n);
	n = FS_NOATIME_FL | 0x8000000;
	syscall(SYS_ioctl, fd, FS_IOC_SETFLAGS, &n);
	syscall(SYS_ioctl, fd, 0xc0ffee00, 0);
	syscall(SYS_ioctl, fd, _IO(0xfe, 3), 1);
	syscall(SYS_ioctl, fd, _IOW('M', 5, int), &n);
	syscall(SYS_ioctl, fd, 0x4c03, &n);
	syscall(SYS_ioctl, fd, 0x5401ul | 0x100000000ul, &t);
	syscall(SYS_ioctl, fd, 0x54ff, 7);
	int pt = syscall(SYS_openat, AT_FDCWD, "/dev/ptmx", O_RDWR | O_NOCTTY);
	syscall(SYS_ioctl, pt, TIOCSPTLCK, &(int){0});
	syscall(SYS_ioctl, pt, TCGETS, &t);
	t.c_lflag &= ~(ECHO | ICANON);
	t.c_cflag |= (B9600 << 16) | CRTSCTS;
	t.c_oflag |= TAB3 | 0x100000;
	t.c_iflag = 0;
	syscall(SYS_ioctl, pt, TCSETS, &t);
	syscall(SYS_ioctl, pt, TCSETSW, BAD);
	syscall(SYS_ioctl, pt, TCGETS, &t);
	syscall(SYS_ioctl, pt, TCGETS, NULL);
	syscall(SYS_ioctl, pt, TIOCSWINSZ, &ws);
	syscall(SYS_ioctl, pt, TIOCGWINSZ, &ws);
	syscall(SYS_ioctl, pt, FIONREAD, &n);
	syscall(SYS_ioctl, pt, TIOCOUTQ, &n);
	syscall(SYS_ioctl, pt, TCFLSH, TCIFLUSH);
	syscall(SYS_ioctl, pt, TCXONC, 9);
	syscall(SYS_ioctl, pt, TCSBRK, 1);
	syscall(SYS_ioctl, pt, TIOCMGET, &n);
	n = TIOCM_DTR | TIOCM_RTS;
	syscall(SYS_ioctl, pt, TIOCMBIS, &n);
	syscall(SYS_ioctl, pt, TIOCGETD, &n);
	syscall(SYS_ioctl, pt, TIOCEXCL);
	syscall(SYS_ioctl, pt, TIOCNXCL);
	struct termio tio;
	syscall(SYS_ioctl, pt, TCGETA, &tio);
	syscall(SYS_ioctl, pt, TCSETA, &tio);
	struct termios2 {
		unsigned c_iflag, c_oflag, c_cflag, c_lflag;
		unsigned char c_line, c_cc[19];
		unsigned c_ispeed, c_ospeed;
	} t2;
	syscall(SYS_ioctl, pt, 0x802c542a, &t2);
	syscall(SYS_ioctl, pt, 0x402c542b, &t2);
	syscall(SYS_close, pt);
	return 0;
}
