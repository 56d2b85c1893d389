package decode

import (
	"strconv"
	"strings"

	"mytrace/sysent"
	"mytrace/tables"
)

// si_code values.
const (
	siUser   = 0
	siKernel = 0x80
	siQueue  = -1
	siTimer  = -2
	siSigio  = -5
	siTkill  = -6
	cldExite = 1
)

// siCodeTables names si_code per signal, where siginfo_codes has no name.
var siCodeTables = map[int]*tables.Xlat{
	5:  tables.SigtrapCodes,
	17: tables.SigchldCodes,
	29: tables.SigpollCodes,
	// strace 6.1 as built on Debian knows no SIGPROF codes (glibc
	// defines PROF_SIG as an enum, not a macro).
	4:  tables.SigillCodes,
	8:  tables.SigfpeCodes,
	11: tables.SigsegvCodes,
	7:  tables.SigbusCodes,
	31: tables.SigsysCodes,
}

// siCode names si_code as strace does: the generic codes first, then the
// codes of the signal, else the number in hexadecimal.
func siCode(code, signo int32) Value {
	// strace's tables hold the codes as unsigned ints.
	name, ok := tables.SiginfoCodes.Lookup(uint64(int64(code)))
	if !ok {
		if x := siCodeTables[int(signo)]; x != nil {
			name, ok = x.Lookup(uint64(uint32(code)))
		}
	}
	if ok {
		return Sym(name)
	}
	return Hex(uint64(uint32(code)))
}

// clockTicks is sysconf(_SC_CLK_TCK) on Linux.
const clockTicks = 100

// ClockT shows a clock_t count with strace's seconds comment: "5 /* 0.05 s */".
func ClockT(v uint64) Value {
	if v == 0 {
		return Uint(0)
	}
	frac := strconv.FormatFloat(float64(v%clockTicks)/clockTicks, 'f', 2, 64) // "0.05"
	return Commented{Uint(v), strconv.FormatUint(v/clockTicks, 10) + strings.TrimPrefix(frac, "0") + " s"}
}

// Siginfo decodes a raw siginfo_t (128 bytes, x86-64 layout) as strace's
// printsiginfo does.
func Siginfo(b []byte, sig int) Value {
	s := &Struct{}
	if len(b) < 48 {
		return s
	}
	signo := int32(le32(b[0:]))
	errno := int32(le32(b[4:]))
	code := int32(le32(b[8:]))
	if signo == 0 {
		return s
	}
	add := func(n string, v Value) { s.Fields = append(s.Fields, Field{n, v}) }
	add("si_signo", sigValue(int64(signo)))
	add("si_code", siCode(code, signo))
	if errno != 0 {
		if n := ErrnoName(int(errno)); n != "" {
			add("si_errno", Sym(n))
		} else {
			add("si_errno", Uint(uint32(errno)))
		}
	}
	pid := pidValue(int64(int32(le32(b[16:]))), sysent.PidTGID)
	uid := Uint(le32(b[20:]))
	source := func() { add("si_pid", pid); add("si_uid", uid) }
	sigval := func() { add("si_int", Int(int32(le32(b[24:])))); add("si_ptr", Addr(le64(b[24:]))) }
	if code <= 0 {
		switch code {
		case siUser, siTkill:
			source()
		case siTimer:
			add("si_timerid", Hex(uint64(le32(b[16:]))))
			add("si_overrun", Int(int32(le32(b[20:]))))
			sigval()
		case siSigio:
			add("si_band", Int(int64(le64(b[16:]))))
			add("si_fd", Fd(int32(le32(b[24:]))))
		default:
			source()
			if le64(b[24:]) != 0 {
				sigval()
			}
		}
		return s
	}
	switch signo {
	case 17: // SIGCHLD
		source()
		if code == cldExite {
			add("si_status", Int(int32(le32(b[24:]))))
		} else {
			add("si_status", sigValue(int64(int32(le32(b[24:])))))
		}
		add("si_utime", ClockT(le64(b[32:])))
		add("si_stime", ClockT(le64(b[40:])))
	case 4, 8, 7, 5: // SIGILL, SIGFPE, SIGBUS, SIGTRAP
		add("si_addr", Addr(le64(b[16:])))
		if signo == 7 && (code == 4 || code == 5) { // BUS_MCEERR_AR, BUS_MCEERR_AO
			add("si_addr_lsb", Hex(uint64(le16(b[24:]))))
		}
	case 11: // SIGSEGV
		add("si_addr", Addr(le64(b[16:])))
		switch code {
		case 3: // SEGV_BNDERR
			add("si_lower", Addr(le64(b[32:])))
			add("si_upper", Addr(le64(b[40:])))
		case 4: // SEGV_PKUERR
			add("si_pkey", Uint(le32(b[32:])))
		}
	case 29: // SIGIO
		if code >= 1 && code <= 6 {
			add("si_band", Int(int64(le64(b[16:]))))
			add("si_fd", Fd(int32(le32(b[24:]))))
		}
	case 31: // SIGSYS
		add("si_call_addr", Addr(le64(b[16:])))
		nr := uint64(le32(b[24:]))
		arch := le32(b[28:])
		add("si_syscall", Sym(syscallNameFor(nr, arch)))
		add("si_arch", auditArch(arch))
	default:
		if le32(b[16:]) != 0 || le32(b[20:]) != 0 {
			source()
		}
		if le64(b[24:]) != 0 {
			sigval()
		}
	}
	return s
}

func auditArch(a uint32) Value {
	if n, ok := tables.AuditArch.Lookup(uint64(a)); ok {
		return Sym(n)
	}
	return Commented{Hex(uint64(a)), "AUDIT_ARCH_???"}
}
