package main

import (
	"regexp"
	"strings"
)

// Values of the misc family that change from run to run: key serial
// numbers (random 31-bit numbers) in key management calls, whose width
// also moves the column of " = ".
var (
	reMiscKeySerial = regexp.MustCompile(`\b\d{6,}\b`)
	reMiscAlign     = regexp.MustCompile(`\) +=( |$)`)
	reMiscPid       = regexp.MustCompile(`^(process_vm_readv|process_vm_writev|ptrace\(\w+)(\(|, )\d+`)
	// Registers of a stopped child hold addresses and values left by the
	// C library; the segment registers and orig_rax do not change.
	reMiscRegs  = regexp.MustCompile(`\b(r\d+|r[a-d]x|r[sd]i|rbp|rsp|rip|eflags|[fg]s_base)=0x[0-9a-f]+`)
	reMiscFpArr = regexp.MustCompile(`\b(st_space|xmm_space|padding)=\[[^\]]*\]`)
)

func init() {
	extraNormalizers = append(extraNormalizers, func(l string) string {
		for _, p := range []string{"add_key(", "request_key(", "keyctl("} {
			if strings.HasPrefix(l, p) {
				l = reMiscKeySerial.ReplaceAllString(l, "KEY")
				return reMiscAlign.ReplaceAllString(l, ") = ")
			}
		}
		if strings.HasPrefix(l, "ptrace(PTRACE_") && strings.Contains(l, "REGS") {
			l = reMiscRegs.ReplaceAllString(l, "${1}=REG")
			l = reMiscFpArr.ReplaceAllString(l, "${1}=[...]")
		}
		return reMiscPid.ReplaceAllString(l, "${1}${2}PID")
	})
}
