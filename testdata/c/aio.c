// aio: Linux native asynchronous I/O: io_setup, io_submit with each kind
// of request, io_getevents, io_pgetevents, io_cancel and io_destroy,
// success and failure paths. Buffered file I/O completes during
// io_submit, so the events come back in a fixed order.
//mytrace-test:
//mytrace-test: -s 2
//mytrace-test: -v -s 2
//mytrace-test: -y
//mytrace-test: -xx
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static void cb_init(struct iocb *cb, int op, int fd, void *buf, unsigned long n, long off, unsigned long data) {
	memset(cb, 0, sizeof(*cb));
	cb->aio_lio_opcode = op;
	cb->aio_fildes = fd;
	cb->aio_buf = (unsigned long)buf;
	cb->aio_nbytes = n;
	cb->aio_offset = off;
	cb->aio_data = data;
}

int main(void) {
	aio_context_t ctx = 0, bad = 0;
	struct io_event ev[8];
	struct timespec ts = {1, 0}, zero = {0, 0};
	memset(ev, 0, sizeof(ev));

	syscall(SYS_io_setup, 0, &bad);
	syscall(SYS_io_setup, 1, NULL);
	syscall(SYS_io_setup, 1, (void *)1);
	if (syscall(SYS_io_setup, 8, &ctx) < 0)
		return 1;

	int fd = open("aio.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int efd = eventfd(0, 0);
	int p[2];
	if (fd < 0 || efd < 0 || pipe(p) < 0)
		return 1;

	char wbuf[] = "hello, aio";
	char a[8] = "vec-one", b[8] = "vec-two";
	char r1[16], r2[4], r3[4];
	struct iovec wv[2] = {{a, 7}, {b, 7}};
	struct iovec rv[2] = {{r2, sizeof(r2)}, {r3, sizeof(r3)}};
	struct iocb cbs[8], *list[8];
	for (int i = 0; i < 8; i++)
		list[i] = &cbs[i];

	cb_init(&cbs[0], IOCB_CMD_PWRITE, fd, wbuf, 10, 0, 0x1111);
	cb_init(&cbs[1], IOCB_CMD_PWRITEV, fd, wv, 2, 10, 0x2222);
	cbs[1].aio_flags = IOCB_FLAG_RESFD;
	cbs[1].aio_resfd = efd;
	cb_init(&cbs[2], IOCB_CMD_PREAD, fd, r1, sizeof(r1), 0, 0x3333);
	cbs[2].aio_reqprio = 3;
	cb_init(&cbs[3], IOCB_CMD_PREADV, fd, rv, 2, 4, 0);
	cbs[3].aio_flags = IOCB_FLAG_IOPRIO;
	cbs[3].aio_reqprio = (2 << 13) | 4;
	syscall(SYS_io_submit, ctx, 4, list);
	syscall(SYS_io_getevents, ctx, 1, 8, ev, &ts);
	syscall(SYS_io_getevents, ctx, 0, 8, ev, &zero);
	syscall(SYS_io_getevents, ctx, 0, 8, ev, NULL);

	/* A sync, then a poll that is ready at once. */
	cb_init(&cbs[4], IOCB_CMD_FSYNC, fd, NULL, 0, 0, 0x5555);
	syscall(SYS_io_submit, ctx, 1, list + 4);
	syscall(SYS_io_getevents, ctx, 1, 1, ev, &ts);
	write(p[1], "x", 1);
	cb_init(&cbs[5], IOCB_CMD_POLL, p[0], (void *)(POLLIN | POLLRDNORM), 0, 0, 0x6666);
	syscall(SYS_io_submit, ctx, 1, list + 5);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	struct {
		sigset_t *m;
		size_t n;
	} usig = {&mask, 8};
	syscall(SYS_io_pgetevents, ctx, 1, 2, ev, &ts, &usig);
	syscall(SYS_io_pgetevents, ctx, 0, 2, ev, &zero, NULL);
	usig.n = 4;
	syscall(SYS_io_pgetevents, ctx, 0, 2, ev, &zero, &usig);
	syscall(SYS_io_pgetevents, ctx, 0, 2, ev, (void *)1, (void *)1);

	/* A poll that waits, cancelled. */
	char c;
	read(p[0], &c, 1);
	cb_init(&cbs[6], IOCB_CMD_POLL, p[0], (void *)POLLIN, 0, 0, 0x7777);
	syscall(SYS_io_submit, ctx, 1, list + 6);
	syscall(SYS_io_cancel, ctx, &cbs[6], &ev[0]);
	syscall(SYS_io_getevents, ctx, 1, 1, ev, &ts);
	syscall(SYS_io_cancel, ctx, &cbs[6], &ev[0]);
	syscall(SYS_io_cancel, ctx, NULL, &ev[0]);
	syscall(SYS_io_cancel, ctx, (void *)1, NULL);

	/* Requests the kernel refuses. */
	cb_init(&cbs[0], IOCB_CMD_NOOP, fd, NULL, 0, 0, 0);
	syscall(SYS_io_submit, ctx, 1, list);
	cb_init(&cbs[0], 42, fd, (void *)0x1234, 5, 0, 0);
	cbs[0].aio_key = 1;
	cbs[0].aio_rw_flags = RWF_HIPRI | 0x1000;
	syscall(SYS_io_submit, ctx, 1, list);
	cb_init(&cbs[0], 4 /* IOCB_CMD_PREADX */, fd, NULL, 0, 0, 0);
	syscall(SYS_io_submit, ctx, 1, list);
	cb_init(&cbs[0], IOCB_CMD_PWRITE, -1, wbuf, -1UL, 0, 0);
	cbs[0].aio_flags = 0x10;
	cbs[0].aio_resfd = 5;
	syscall(SYS_io_submit, ctx, 1, list);
	cb_init(&cbs[0], IOCB_CMD_PWRITEV, fd, (void *)1, -1UL, 0, 0);
	syscall(SYS_io_submit, ctx, 1, list);
	cb_init(&cbs[0], IOCB_CMD_PWRITEV, fd, (void *)1, 2, 0, 0);
	syscall(SYS_io_submit, ctx, 1, list);
	cb_init(&cbs[0], IOCB_CMD_PREAD, fd, (void *)1, 4, 0, 0);
	cb_init(&cbs[1], IOCB_CMD_POLL, p[0], (void *)(POLLOUT | 0x8000000000UL), 0, 0, 0);
	cb_init(&cbs[2], IOCB_CMD_FDSYNC, fd, NULL, 0, 0, 0);
	syscall(SYS_io_submit, ctx, 3, list);
	syscall(SYS_io_getevents, ctx, 1, 8, ev, &ts);
	struct iocb *holes[3] = {NULL, (struct iocb *)1, &cbs[0]};
	syscall(SYS_io_submit, ctx, 3, holes);
	syscall(SYS_io_submit, ctx, 0, list);
	syscall(SYS_io_submit, ctx, -1L, list);
	syscall(SYS_io_submit, ctx, 1, NULL);
	syscall(SYS_io_submit, ctx, 1, (void *)1);
	syscall(SYS_io_submit, 0, 1, list);
	syscall(SYS_io_getevents, 0, 1, 1, ev, &zero);
	syscall(SYS_io_getevents, ctx, 2, 1, ev, (void *)1);
	syscall(SYS_io_getevents, ctx, 0, 1, NULL, &zero);

	syscall(SYS_io_destroy, ctx);
	syscall(SYS_io_destroy, ctx);
	syscall(SYS_io_destroy, 0);
	close(fd);
	close(efd);
	unlink("aio.dat");
	return 0;
}
