// Package decode turns recorded syscall stops into what strace shows:
// Syscall decodes an entry/exit pair into a Call of structured Values
// (numbers, names, flag sets, strings, structures, arrays), and the
// printers render replayed events as strace's text (Printer, with
// ColorWriter for a terminal) or as JSON Lines (JSONPrinter).
//
// The parts, by file:
//
//   - value.go, textbuf.go, json.go: the value model. Each Value renders
//     itself as strace's text and gives its own JSON form (docs/json.md).
//   - syscall.go, i386.go, mem.go, array.go: decoding. A syscall whose
//     arguments the table in package sysent types is shown from those
//     types; a hand decoder (dec_*.go, registered by name) shows what the
//     types cannot say, and its other arguments as the table types them
//     (TestHandDecodersAgreeWithSpecs; TestNoRedundantDecoders removes
//     decoders the types make unnecessary). Structures named by the table
//     are shown by structs_*.go. Flag and value names come from package
//     tables.
//   - printer.go, jsonprinter.go, calls.go, color.go, dump.go, stack.go:
//     the printers, and what both decide alike (calls.go: the filters,
//     the -e status= class, restart_syscall).
//   - filter.go, inject.go: what the printers need of the -e language
//     (the -e status= and quiet= classes, -P, the notes of tampered
//     calls); the language itself is package options'. errno.go,
//     signal.go, siginfo.go: names and messages. pid.go: pids with their
//     command names and translations (-Y, --decode-pids), from the
//     recording's notes; dec_kvm.go: KVM ioctls and KVM_RUN's exit
//     reason.
//
// Decoding reads only recorded bytes, never a live process, so it runs on
// any OS and architecture; a decoder that panics (a bug) shows its call
// with raw arguments instead of ending the trace.
//
// Limits: x86-64 layouts only: calls of the i386 ABI are named from its
// table and shown with their x86-64 twin's types where those agree,
// without their structures; x32 calls are named, without memory.
package decode
