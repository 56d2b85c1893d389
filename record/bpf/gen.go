package bpf

// The BPF object and its Go bindings (recorder_x86_bpfel.go, .o) are
// generated from c/recorder.bpf.c and committed, so that building
// mytrace needs no C compiler. Regenerating needs clang (Debian's
// package: apt-get install clang llvm) and is checked by .ci/run, which
// fails when the committed files differ from what the source gives.
//
//go:generate go tool bpf2go -cc clang -strip llvm-strip -target amd64 -tags linux -go-package bpf -output-stem recorder recorder c/recorder.bpf.c -- -O2 -g -Wall -Werror -I./c
