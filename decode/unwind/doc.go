// Package unwind turns what a recording made with -k holds for one stop
// (the registers, a copy of the top of the user stack and the process's
// executable mappings) into the call stack strace -k prints, offline.
//
// strace 6.1 as Debian builds it unwinds with libunwind 1.6.2 and
// symbolises with libunwind's symbol lookup, so this package follows
// their rules rather than a debugger's:
//
//   - Frames are unwound with the DWARF call-frame information of
//     .eh_frame, found through the binary-search table of .eh_frame_hdr
//     (PT_GNU_EH_FRAME) of the ELF file that is mapped executable at the
//     frame's address. A frame without such information is unwound by
//     libunwind's x86-64 fallbacks: a PLT entry, then the frame-pointer
//     chain with its heuristics. .debug_frame is not used (Debian's
//     libunwind is built without it), nor DWARF expressions beyond the
//     operations libunwind knows.
//   - A frame's symbol is the nearest STT_FUNC symbol at or below its
//     address in .dynsym and .symtab (of the file, or of its
//     .gnu_debuglink file when one is found beside it), whatever the
//     symbol's size, as long as the distance is less than the file's size;
//     caller frames are looked up at their return address minus one.
//   - The address in brackets is the file offset: the address minus the
//     mapping's start plus the mapping's file offset.
//   - At most 256 frames are shown, then "too many stack frames"; an
//     address outside every executable file mapping ends the stack with
//     "unexpected_backtracing_error [0xADDR]".
//
// Limits: memory is what was recorded, so a frame whose saved registers
// lie beyond the stack copy ends the stack where strace, reading the live
// process, would go on; a file that changed or is gone since the
// recording (its build-id, or size and modification time, differ) gives
// the module and offset of its frames only and no unwinding through them
// but by frame pointers; MiniDebugInfo (.gnu_debugdata) is not read; C++
// names are not demangled.
//
// Parsed files are cached per path and identity. Hostile files and stack
// bytes never panic the package: every read is bounded, and frames are
// bounded (256), as are expression steps and CFA program lengths.
package unwind
