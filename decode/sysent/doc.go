// Package sysent is the x86-64 syscall table as data: for every syscall the
// kernel knows, its name, argument count and strace trace classes, and for
// the syscalls mytrace decodes, the type of each argument and of the result.
//
// The types say two things: what tracee memory the recorder must copy, at
// which stop and how much (Entry.CaptureMem), and how package decode shows
// the argument. Package record imports this package to know what to copy;
// it never imports the formatting code in package decode.
//
// Limits: only the x86-64 ABI is described; calls made through the i386 ABI
// (int 0x80) are recorded but not typed. Syscalls without a typed
// description are shown with raw hexadecimal arguments.
package sysent
