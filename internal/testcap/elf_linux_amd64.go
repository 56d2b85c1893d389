package testcap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// The ABI probes run tiny static programs built here, byte by byte, so
// that they need no compiler: an i386 ELF that exits with 42 through
// int 0x80, and an x86-64 ELF that calls getpid through int 0x80 and then
// exits with 42 through syscall if it got a pid.

// probeExit is the status both probe programs exit with when all went well.
const probeExit = 42

// i386Code: mov $1,%eax; mov $42,%ebx; int $0x80 (exit(42)).
var i386Code = []byte{0xb8, 1, 0, 0, 0, 0xbb, probeExit, 0, 0, 0, 0xcd, 0x80}

// int80Code: mov $20,%eax; int $0x80 (i386 getpid); test %eax,%eax;
// mov $42,%edi; jg 1f; mov $1,%edi; 1: mov $60,%eax; syscall (exit).
var int80Code = []byte{
	0xb8, 20, 0, 0, 0, 0xcd, 0x80,
	0x85, 0xc0,
	0xbf, probeExit, 0, 0, 0,
	0x7f, 0x05,
	0xbf, 1, 0, 0, 0,
	0xb8, 60, 0, 0, 0, 0x0f, 0x05,
}

// elf32 returns a static i386 executable of one loadable segment that
// runs code.
func elf32(code []byte) []byte {
	const base, ehsize, phsize = 0x08048000, 52, 32
	le := binary.LittleEndian
	b := make([]byte, ehsize+phsize, ehsize+phsize+len(code))
	copy(b, []byte{0x7f, 'E', 'L', 'F', 1, 1, 1}) // ELFCLASS32, little-endian, version 1
	le.PutUint16(b[16:], 2)                       // ET_EXEC
	le.PutUint16(b[18:], 3)                       // EM_386
	le.PutUint32(b[20:], 1)
	le.PutUint32(b[24:], base+ehsize+phsize) // entry
	le.PutUint32(b[28:], ehsize)             // program headers
	le.PutUint16(b[40:], ehsize)
	le.PutUint16(b[42:], phsize)
	le.PutUint16(b[44:], 1)
	ph := b[ehsize:]
	le.PutUint32(ph[0:], 1) // PT_LOAD
	le.PutUint32(ph[8:], base)
	le.PutUint32(ph[12:], base)
	le.PutUint32(ph[16:], uint32(ehsize+phsize+len(code)))
	le.PutUint32(ph[20:], uint32(ehsize+phsize+len(code)))
	le.PutUint32(ph[24:], 5) // PF_R|PF_X
	le.PutUint32(ph[28:], 0x1000)
	return append(b, code...)
}

// elf64 returns a static x86-64 executable of one loadable segment that
// runs code.
func elf64(code []byte) []byte {
	const base, ehsize, phsize = 0x400000, 64, 56
	le := binary.LittleEndian
	b := make([]byte, ehsize+phsize, ehsize+phsize+len(code))
	copy(b, []byte{0x7f, 'E', 'L', 'F', 2, 1, 1}) // ELFCLASS64, little-endian, version 1
	le.PutUint16(b[16:], 2)                       // ET_EXEC
	le.PutUint16(b[18:], 62)                      // EM_X86_64
	le.PutUint32(b[20:], 1)
	le.PutUint64(b[24:], base+ehsize+phsize) // entry
	le.PutUint64(b[32:], ehsize)             // program headers
	le.PutUint16(b[52:], ehsize)
	le.PutUint16(b[54:], phsize)
	le.PutUint16(b[56:], 1)
	ph := b[ehsize:]
	le.PutUint32(ph[0:], 1) // PT_LOAD
	le.PutUint32(ph[4:], 5) // PF_R|PF_X
	le.PutUint64(ph[16:], base)
	le.PutUint64(ph[24:], base)
	le.PutUint64(ph[32:], uint64(ehsize+phsize+len(code)))
	le.PutUint64(ph[40:], uint64(ehsize+phsize+len(code)))
	le.PutUint64(ph[48:], 0x1000)
	return append(b, code...)
}

// runProbe writes prog to a temporary file, runs it and returns nil if it
// exited with probeExit, else what happened.
func runProbe(what string, prog []byte) error {
	dir, err := os.MkdirTemp("", "mytrace-testcap-")
	if err != nil {
		return fmt.Errorf("%s: probe: %w", what, err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "probe")
	if err := os.WriteFile(path, prog, 0o755); err != nil {
		return fmt.Errorf("%s: probe: %w", what, err)
	}
	err = exec.Command(path).Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return fmt.Errorf("%s: the probe exited with 0, want %d", what, probeExit)
	case errors.As(err, &ee):
		ws, _ := ee.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			return fmt.Errorf("%s: the probe was killed by %v", what, ws.Signal())
		}
		if ee.ExitCode() == probeExit {
			return nil
		}
		return fmt.Errorf("%s: the probe exited with %d, want %d", what, ee.ExitCode(), probeExit)
	case errors.Is(err, syscall.ENOEXEC):
		return fmt.Errorf("%s: ENOEXEC (%w)", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func probeI386() error {
	return runProbe("kernel cannot exec 32-bit programs", elf32(i386Code))
}

func probeInt80() error {
	return runProbe("int 0x80 does not work from a 64-bit process", elf64(int80Code))
}
