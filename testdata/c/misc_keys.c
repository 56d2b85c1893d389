// misc_keys: the kernel key retention service: add_key, request_key and
// keyctl operations, in an anonymous session keyring of the process's own
// (gone when it exits).
//mytrace-test:
//mytrace-test: -s 6
//mytrace-test: -xx
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define KEY_SPEC_THREAD_KEYRING -1
#define KEY_SPEC_PROCESS_KEYRING -2
#define KEY_SPEC_SESSION_KEYRING -3
#define KEY_SPEC_USER_KEYRING -4

static long kc(long op, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5) {
	return syscall(SYS_keyctl, op, a2, a3, a4, a5);
}

int main(void) {
	/* A new anonymous session keyring: every key below is linked only
	 * there, and goes away with the process. */
	if (kc(1 /* JOIN_SESSION_KEYRING */, 0, 0, 0, 0) < 0)
		return 1;
	kc(1, (unsigned long)(void *)1, 0, 0, 0);

	long k = syscall(SYS_add_key, "user", "mytrace-test:key", "secret payload", 14, KEY_SPEC_SESSION_KEYRING);
	syscall(SYS_add_key, "user", "mytrace-test:bad", (void *)1, 4, KEY_SPEC_SESSION_KEYRING);
	syscall(SYS_add_key, "nosuchtype", "d", "p", 1, KEY_SPEC_SESSION_KEYRING);
	syscall(SYS_add_key, "user", "d", "p", 1, 12345);
	syscall(SYS_add_key, NULL, NULL, NULL, 0, KEY_SPEC_USER_KEYRING - 10);
	syscall(SYS_request_key, "user", "mytrace-test:absent", NULL, KEY_SPEC_SESSION_KEYRING);
	syscall(SYS_request_key, "nosuchtype", "mytrace-test:absent", "callout", 0);
	syscall(SYS_request_key, (void *)1, "d", NULL, KEY_SPEC_THREAD_KEYRING);

	kc(0 /* GET_KEYRING_ID */, KEY_SPEC_SESSION_KEYRING, 0, 0, 0);
	kc(0, (unsigned long)-100, 1, 0, 0);
	char buf[256];
	if (k > 0) {
		kc(2 /* UPDATE */, k, (unsigned long)"new payload", 11, 0);
		kc(11 /* READ */, k, (unsigned long)buf, sizeof(buf), 0);
		kc(11, k, (unsigned long)buf, 4, 0);
		kc(11, k, 0, 0, 0);
		kc(6 /* DESCRIBE */, k, (unsigned long)buf, sizeof(buf), 0);
		kc(6, k, (unsigned long)(void *)1, sizeof(buf), 0);
		kc(17 /* GET_SECURITY */, k, (unsigned long)buf, sizeof(buf), 0);
		kc(5 /* SETPERM */, k, 0x3f3f0000, 0, 0);
		kc(5, k, 0x3f010080 | 0x40000000, 0, 0);
		kc(4 /* CHOWN */, k, -1, -1, 0);
		kc(4, k, 0, 0, 0);
		kc(15 /* SET_TIMEOUT */, k, 3600, 0, 0);
		kc(10 /* SEARCH */, KEY_SPEC_SESSION_KEYRING, (unsigned long)"user", (unsigned long)"mytrace-test:key", 0);
		kc(10, KEY_SPEC_SESSION_KEYRING, (unsigned long)"user", (unsigned long)"mytrace-test:none", KEY_SPEC_PROCESS_KEYRING);
		kc(8 /* LINK */, k, KEY_SPEC_SESSION_KEYRING, 0, 0);
		kc(30 /* MOVE */, k, KEY_SPEC_SESSION_KEYRING, KEY_SPEC_SESSION_KEYRING, 1);
		kc(30, k, KEY_SPEC_SESSION_KEYRING, KEY_SPEC_PROCESS_KEYRING, 6);
		kc(3 /* REVOKE */, k, 0, 0, 0);
		kc(11, k, (unsigned long)buf, sizeof(buf), 0);
		kc(9 /* UNLINK */, k, KEY_SPEC_SESSION_KEYRING, 0, 0);
		kc(21 /* INVALIDATE */, k, 0, 0, 0);
	}
	kc(7 /* CLEAR */, KEY_SPEC_SESSION_KEYRING, 0, 0, 0);
	kc(12 /* INSTANTIATE */, 1234, (unsigned long)"data", 4, KEY_SPEC_SESSION_KEYRING);
	kc(13 /* NEGATE */, 1234, 60, KEY_SPEC_SESSION_KEYRING, 0);
	kc(19 /* REJECT */, 1234, 60, EKEYREJECTED, KEY_SPEC_SESSION_KEYRING);
	kc(19, 1234, 60, 0, 0);
	kc(19, 1234, 60, 4095, 0);
	struct iovec iov[2] = {{"part one", 8}, {"part two", 8}};
	kc(20 /* INSTANTIATE_IOV */, 1234, (unsigned long)iov, 2, KEY_SPEC_SESSION_KEYRING);
	kc(14 /* SET_REQKEY_KEYRING */, -1, 0, 0, 0);
	kc(14, 3, 0, 0, 0);
	kc(14, 42, 0, 0, 0);
	kc(16 /* ASSUME_AUTHORITY */, 0, 0, 0, 0);
	kc(22 /* GET_PERSISTENT */, 123456, 99, 0, 0);
	int32_t dh[3] = {11111, 22222, 33333};
	kc(23 /* DH_COMPUTE */, (unsigned long)dh, (unsigned long)buf, sizeof(buf), 0);
	kc(23, (unsigned long)(void *)1, (unsigned long)buf, sizeof(buf), 0);
	struct {
		uint64_t hashname, otherinfo;
		uint32_t otherinfolen, spare[8];
	} kdf = {(uintptr_t) "sha256", (uintptr_t) "other", 5, {0}};
	kc(23, (unsigned long)dh, (unsigned long)buf, sizeof(buf), (unsigned long)&kdf);
	kdf.otherinfolen = 0;
	kdf.spare[1] = 7;
	kc(23, (unsigned long)dh, (unsigned long)buf, sizeof(buf), (unsigned long)&kdf);
	kc(24 /* PKEY_QUERY */, 1234, 0, (unsigned long)"enc=pkcs1", (unsigned long)buf);
	struct {
		int32_t key_id;
		uint32_t in_len, out_len, spare[7];
	} pp = {1234, 4, 16, {0}};
	kc(25 /* PKEY_ENCRYPT */, (unsigned long)&pp, (unsigned long)"enc=raw", (unsigned long)"abcd", (unsigned long)buf);
	kc(28 /* PKEY_VERIFY */, (unsigned long)&pp, (unsigned long)"", (unsigned long)"abcd", (unsigned long)"sig-bytes-of-sixteen");
	pp.spare[6] = 1;
	kc(27 /* PKEY_SIGN */, (unsigned long)&pp, (unsigned long)"", (unsigned long)"abcd", (unsigned long)buf);
	kc(26, (unsigned long)(void *)1, (unsigned long)"x", 1, 2);
	kc(29 /* RESTRICT_KEYRING */, KEY_SPEC_SESSION_KEYRING, (unsigned long)"nosuchtype", (unsigned long)"restriction", 0);
	kc(31 /* CAPABILITIES */, (unsigned long)buf, 2, 0, 0);
	kc(31, (unsigned long)buf, 0, 0, 0);
	kc(100, 1, 2, 3, 4);
	kc(-1, 0, 0, 0, 0);
	return 0;
}
