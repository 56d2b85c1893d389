package main

import (
	"reflect"
	"strings"
	"testing"

	"mytrace/record"
)

// TestPlanCall: how mytrace call reads its arguments, without a target:
// numbers, names and sets from the decoder's tables, strings and data
// copied into the target, buffers mytrace provides and their lengths.
func TestPlanCall(t *testing.T) {
	v := func(n uint64) record.CallArg { return record.CallArg{Value: n} }
	str := func(s string) record.CallArg { return record.CallArg{Scratch: true, Data: []byte(s)} }
	buf := func(n int) record.CallArg { return record.CallArg{Scratch: true, Size: n} }
	for _, c := range []struct {
		line string
		want []record.CallArg
	}{
		{"getpid", []record.CallArg{}},
		{"close 3", []record.CallArg{v(3)}},
		{"close 0x10", []record.CallArg{v(16)}},
		{"close 010", []record.CallArg{v(8)}},
		{"close -1", []record.CallArg{v(^uint64(0))}},
		{"openat AT_FDCWD /tmp/x O_WRONLY|O_CREAT|O_TRUNC 0644", []record.CallArg{v(^uint64(99)), str("/tmp/x\x00"), v(0o1101), v(0o644)}},
		{"openat -100 NULL O_RDONLY|0x80000 0", []record.CallArg{v(^uint64(99)), v(0), v(0x80000), v(0)}},
		{"lseek 3 -10 SEEK_END", []record.CallArg{v(3), v(^uint64(9)), v(2)}},
		{"kill 42 SIGTERM", []record.CallArg{v(42), v(15)}},
		{"kill 42 KILL", []record.CallArg{v(42), v(9)}},
		{"getcwd", []record.CallArg{buf(4096), v(4096)}},
		{"getcwd - 100", []record.CallArg{buf(100), v(100)}},
		{"getcwd NULL 0", []record.CallArg{v(0), v(0)}},
		{"read 0", []record.CallArg{v(0), buf(4096), v(4096)}},
		{"read 0 - 10", []record.CallArg{v(0), buf(10), v(10)}},
		{"read 0 0x1000 10", []record.CallArg{v(0), v(0x1000), v(10)}},
		{`write 1 a\tb\x41\101\0\\ -`, []record.CallArg{v(1), str("a\tbAA\x00\\"), v(7)}},
		{"write 1 hello 3", []record.CallArg{v(1), str("hello"), v(3)}},
		{"write 1 -", []record.CallArg{v(1), str("-"), v(1)}},
		{"fstat 3", []record.CallArg{v(3), buf(144)}},
		{"pipe", []record.CallArg{buf(4096)}},
		{"rt_sigprocmask SIG_BLOCK NULL", []record.CallArg{v(0), v(0), buf(8), v(8)}},
		{"mmap NULL 4096 PROT_READ|PROT_WRITE MAP_PRIVATE|MAP_ANONYMOUS -1 0", []record.CallArg{v(0), v(4096), v(3), v(0x22), v(^uint64(0)), v(0)}},
		{"chdir -", []record.CallArg{str("-\x00")}},
		{"chdir NULL", []record.CallArg{v(0)}},
		{"socket AF_INET SOCK_STREAM|SOCK_CLOEXEC 0", []record.CallArg{v(2), v(0x80001), v(0)}},
	} {
		f := strings.Fields(c.line)
		p, err := planCall(f[0], f[1:], false)
		if err != nil {
			t.Errorf("%s: %v", c.line, err)
			continue
		}
		if !reflect.DeepEqual(p.args, c.want) {
			t.Errorf("%s: %+v, want %+v", c.line, p.args, c.want)
		}
	}
	for line, want := range map[string]string{
		"close -":                  "close: argument 1 (fd): - stands for a buffer mytrace provides, or its length",
		"read":                     "read takes 3 arguments (fd, buf, count), 0 given",
		"lseek 3 0 SEEK_NOSUCH":    "lseek: argument 3 (whence): 'SEEK_NOSUCH' is not a number or a name from whence_codes",
		"lseek 3 0 SEEK_SET|":      "lseek: argument 3 (whence): '' is not a number or a name from whence_codes",
		`write 1 \x 1`:             `write: argument 2 (buf): \x without hexadecimal digits`,
		`write 1 \777 1`:           `write: argument 2 (buf): octal escape \777 is more than a byte`,
		"exit 0":                   "exit does not return to the code that made it (the thread would exit); give --force to make it anyway",
		"vfork":                    "vfork would start a task with no code of its own to run (it would go on from the borrowed syscall instruction); give --force to make it anyway",
		"getcwd - 0x5000000":       "getcwd: argument 2 (size): 83886080 bytes: more than the 67108864 a buffer mytrace provides may have",
		"getpid 1":                 "getpid takes no arguments, 1 given",
		"kill 1 SIGTERM 3":         "kill takes 2 arguments (pid, sig), 3 given",
		"openat AT_FDCWD /x 0 0 9": "openat takes 4 arguments (dirfd, pathname, flags, mode), 5 given",
	} {
		f := strings.Fields(line)
		if _, err := planCall(f[0], f[1:], false); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", line, err, want)
		}
	}
	if p, err := planCall("exit_group", []string{"3"}, true); err != nil || !p.noReturn {
		t.Errorf("exit_group --force: %+v %v", p, err)
	}
	if p, err := planCall("fork", nil, true); err != nil || p.noReturn {
		t.Errorf("fork --force: %+v %v", p, err)
	}
}
