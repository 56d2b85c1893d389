//go:build linux && amd64

package record

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// The tiny exec stub. Re-executing mytrace itself as the stub costs a whole
// Go start-up (the dynamic loader, the runtime, every package's
// initialisation: about 4 ms here) before the command can even begin, and
// that is most of what a short command's trace costs beyond strace's. So
// where the stub has nothing to do but stop itself and exec (no seccomp
// filter, no -u, no -D), it is instead this program of 28 instructions,
// built here as a static x86-64 ELF, kept in a memfd and executed from
// there:
//
//	mov  edi, 15                 ; PR_SET_NAME
//	lea  rsi, [rip+name]
//	mov  eax, 157                ; prctl(PR_SET_NAME, name): the task's
//	syscall                      ; name until the exec, as the Go stub's
//	mov  eax, 39                 ; getpid
//	syscall
//	mov  edi, eax
//	mov  esi, 19                 ; SIGSTOP
//	mov  eax, 62                 ; kill(getpid(), SIGSTOP)
//	syscall
//	mov  rdi, [rsp+16]           ; argv[1]: the program
//	lea  rsi, [rsp+24]           ; &argv[2]: its argv
//	mov  rax, [rsp]              ; argc
//	lea  rdx, [rsp+rax*8+16]     ; envp, right after argv's NULL
//	mov  eax, 59                 ; execve
//	syscall
//	neg  rax                     ; failed: rax is -errno
//	and  eax, 255
//	lea  rcx, [rip+table]
//	mov  esi, [rcx+rax*8]        ; the message's offset in the table
//	mov  edx, [rcx+rax*8+4]      ; and its length
//	add  rsi, rcx
//	mov  edi, 2
//	mov  eax, 1                  ; write(2, message, length)
//	syscall
//	mov  edi, 1
//	mov  eax, 231                ; exit_group(1)
//	syscall
//
// The table after the code holds, for every errno below 256, the line the
// Go stub prints when the exec fails ("mytrace: exec: Permission
// denied\n"), so both stubs fail alike. Its environment and arguments are
// the command's exactly: it has no runtime to configure.
//
// If the memfd cannot be made or executed (a kernel with vm.memfd_noexec
// at 2, say), the Go stub is used, as it always is for the options that
// need work in the stub.

// tinyStubCode is the machine code above; tinyStubDisp is the offset of
// the second lea's 32-bit displacement, tinyStubNameDisp the first's,
// each relative to the end of its lea.
var tinyStubCode = []byte{
	0xbf, 0x0f, 0x00, 0x00, 0x00, // mov edi, 15
	0x48, 0x8d, 0x35, 0, 0, 0, 0, // lea rsi, [rip+name]
	0xb8, 0x9d, 0x00, 0x00, 0x00, // mov eax, 157
	0x0f, 0x05, // syscall
	0xb8, 0x27, 0x00, 0x00, 0x00, // mov eax, 39
	0x0f, 0x05, // syscall
	0x89, 0xc7, // mov edi, eax
	0xbe, 0x13, 0x00, 0x00, 0x00, // mov esi, 19
	0xb8, 0x3e, 0x00, 0x00, 0x00, // mov eax, 62
	0x0f, 0x05, // syscall
	0x48, 0x8b, 0x7c, 0x24, 0x10, // mov rdi, [rsp+16]
	0x48, 0x8d, 0x74, 0x24, 0x18, // lea rsi, [rsp+24]
	0x48, 0x8b, 0x04, 0x24, // mov rax, [rsp]
	0x48, 0x8d, 0x54, 0xc4, 0x10, // lea rdx, [rsp+rax*8+16]
	0xb8, 0x3b, 0x00, 0x00, 0x00, // mov eax, 59
	0x0f, 0x05, // syscall
	0x48, 0xf7, 0xd8, // neg rax
	0x25, 0xff, 0x00, 0x00, 0x00, // and eax, 255
	0x48, 0x8d, 0x0d, 0, 0, 0, 0, // lea rcx, [rip+table]
	0x8b, 0x34, 0xc1, // mov esi, [rcx+rax*8]
	0x8b, 0x54, 0xc1, 0x04, // mov edx, [rcx+rax*8+4]
	0x48, 0x01, 0xce, // add rsi, rcx
	0xbf, 0x02, 0x00, 0x00, 0x00, // mov edi, 2
	0xb8, 0x01, 0x00, 0x00, 0x00, // mov eax, 1
	0x0f, 0x05, // syscall
	0xbf, 0x01, 0x00, 0x00, 0x00, // mov edi, 1
	0xb8, 0xe7, 0x00, 0x00, 0x00, // mov eax, 231
	0x0f, 0x05, // syscall
}

const (
	tinyStubNameDisp = 8  // offset of the first lea's displacement (name)
	tinyStubDisp     = 77 // and of the second's (table)
	tinyStubBase     = 0x400000
	elfHeaderLen     = 64
	elfPhdrLen       = 56
)

// tinyStubELF returns the stub as a static ELF executable, messages[e]
// being the line written when execve fails with errno e, and name (at
// most 15 bytes) the name the task takes (/proc/PID/comm), as the Go stub
// has its binary's.
func tinyStubELF(messages *[256]string, name string) []byte {
	codeOff := elfHeaderLen + 2*elfPhdrLen
	nameOff := (codeOff + len(tinyStubCode) + 7) &^ 7
	tableOff := nameOff + 16
	size := tableOff + len(messages)*8
	for _, m := range messages {
		size += len(m)
	}
	b := make([]byte, size)
	le := binary.LittleEndian

	// ELF header.
	copy(b, "\x7fELF")
	b[4], b[5], b[6] = 2, 1, 1 // 64-bit, little-endian, version 1
	le.PutUint16(b[16:], 2)    // ET_EXEC
	le.PutUint16(b[18:], 62)   // EM_X86_64
	le.PutUint32(b[20:], 1)    // EV_CURRENT
	le.PutUint64(b[24:], uint64(tinyStubBase+codeOff))
	le.PutUint64(b[32:], elfHeaderLen) // program headers follow
	le.PutUint16(b[52:], elfHeaderLen)
	le.PutUint16(b[54:], elfPhdrLen)
	le.PutUint16(b[56:], 2)

	// PT_LOAD: the whole file, readable and executable.
	ph := b[elfHeaderLen:]
	le.PutUint32(ph[0:], 1)
	le.PutUint32(ph[4:], 5) // PF_R|PF_X
	le.PutUint64(ph[16:], tinyStubBase)
	le.PutUint64(ph[24:], tinyStubBase)
	le.PutUint64(ph[32:], uint64(size))
	le.PutUint64(ph[40:], uint64(size))
	le.PutUint64(ph[48:], 0x1000)
	// PT_GNU_STACK: a stack that is not executable.
	ph = b[elfHeaderLen+elfPhdrLen:]
	le.PutUint32(ph[0:], 0x6474e551)
	le.PutUint32(ph[4:], 6) // PF_R|PF_W
	le.PutUint64(ph[48:], 16)

	code := b[codeOff:]
	copy(code, tinyStubCode)
	le.PutUint32(code[tinyStubNameDisp:], uint32(nameOff-(codeOff+tinyStubNameDisp+4)))
	le.PutUint32(code[tinyStubDisp:], uint32(tableOff-(codeOff+tinyStubDisp+4)))
	copy(b[nameOff:nameOff+15], name)

	table := b[tableOff:]
	at := len(messages) * 8
	for e, m := range messages {
		le.PutUint32(table[e*8:], uint32(at))
		le.PutUint32(table[e*8+4:], uint32(len(m)))
		at += copy(table[at:], m)
	}
	return b
}

// execFailMessages are the lines a stub writes when the command's execve
// fails, by errno.
func execFailMessages() *[256]string {
	var m [256]string
	for e := range m {
		m[e] = "mytrace: exec: " + errnoText(syscall.Errno(e)) + "\n"
	}
	return &m
}

// errNoTinyStub says the tiny stub is not used for a launch.
var errNoTinyStub = errors.New("no tiny exec stub")

var tinyStub struct {
	once sync.Once
	path string // "/proc/self/fd/N", or "" when there is none
}

// tinyStubPath returns the path to execute the tiny stub by, making its
// memfd on first use, or "" if it cannot be made.
func tinyStubPath() string {
	tinyStub.once.Do(func() {
		if os.Getenv("MYTRACE_GO_STUB") != "" {
			return // for tests: the Go stub, as on a kernel without memfd exec
		}
		fd, err := unix.MemfdCreate("mytrace-exec-stub", unix.MFD_CLOEXEC|unix.MFD_EXEC)
		if err != nil {
			// Kernels before 6.3 know no MFD_EXEC; their memfds are
			// executable anyway.
			fd, err = unix.MemfdCreate("mytrace-exec-stub", unix.MFD_CLOEXEC)
		}
		if err != nil {
			return
		}
		name := "mytrace"
		if self, err := os.Executable(); err == nil {
			name = filepath.Base(self)
		}
		elf := tinyStubELF(execFailMessages(), name)
		if n, err := unix.Write(fd, elf); err != nil || n != len(elf) {
			unix.Close(fd)
			return
		}
		// The fd stays open for this process's life: the stub is
		// executed through it at every launch.
		tinyStub.path = fmt.Sprintf("/proc/self/fd/%d", fd)
	})
	return tinyStub.path
}
