// Generated from strace 6.1's xlat tables (names, values and order are
// facts of the kernel ABI), resolved for x86-64. Do not edit by hand.

package decode

var xWaitidTypes = &Xlat{Name: "waitid_types", Vals: []XV{
	{"P_ALL", 0x0},
	{"P_PID", 0x1},
	{"P_PGID", 0x2},
	{"P_PIDFD", 0x3},
}}

var xUsagewho = &Xlat{Name: "usagewho", Vals: []XV{
	{"RUSAGE_SELF", 0x0},
	{"RUSAGE_CHILDREN", 0xffffffffffffffff},
	{"RUSAGE_BOTH", 0xfffffffffffffffe},
	{"RUSAGE_THREAD", 0x1},
}}

var xPrctlOptions = &Xlat{Name: "prctl_options", Vals: []XV{
	{"PR_SET_PDEATHSIG", 0x1},
	{"PR_GET_PDEATHSIG", 0x2},
	{"PR_GET_DUMPABLE", 0x3},
	{"PR_SET_DUMPABLE", 0x4},
	{"PR_GET_UNALIGN", 0x5},
	{"PR_SET_UNALIGN", 0x6},
	{"PR_GET_KEEPCAPS", 0x7},
	{"PR_SET_KEEPCAPS", 0x8},
	{"PR_GET_FPEMU", 0x9},
	{"PR_SET_FPEMU", 0xa},
	{"PR_GET_FPEXC", 0xb},
	{"PR_SET_FPEXC", 0xc},
	{"PR_GET_TIMING", 0xd},
	{"PR_SET_TIMING", 0xe},
	{"PR_SET_NAME", 0xf},
	{"PR_GET_NAME", 0x10},
	{"PR_GET_ENDIAN", 0x13},
	{"PR_SET_ENDIAN", 0x14},
	{"PR_GET_SECCOMP", 0x15},
	{"PR_SET_SECCOMP", 0x16},
	{"PR_CAPBSET_READ", 0x17},
	{"PR_CAPBSET_DROP", 0x18},
	{"PR_GET_TSC", 0x19},
	{"PR_SET_TSC", 0x1a},
	{"PR_GET_SECUREBITS", 0x1b},
	{"PR_SET_SECUREBITS", 0x1c},
	{"PR_SET_TIMERSLACK", 0x1d},
	{"PR_GET_TIMERSLACK", 0x1e},
	{"PR_TASK_PERF_EVENTS_DISABLE", 0x1f},
	{"PR_TASK_PERF_EVENTS_ENABLE", 0x20},
	{"PR_MCE_KILL", 0x21},
	{"PR_MCE_KILL_GET", 0x22},
	{"PR_SET_MM", 0x23},
	{"PR_SET_CHILD_SUBREAPER", 0x24},
	{"PR_GET_CHILD_SUBREAPER", 0x25},
	{"PR_SET_NO_NEW_PRIVS", 0x26},
	{"PR_GET_NO_NEW_PRIVS", 0x27},
	{"PR_GET_TID_ADDRESS", 0x28},
	{"PR_SET_THP_DISABLE", 0x29},
	{"PR_GET_THP_DISABLE", 0x2a},
	{"PR_MPX_ENABLE_MANAGEMENT", 0x2b},
	{"PR_MPX_DISABLE_MANAGEMENT", 0x2c},
	{"PR_SET_FP_MODE", 0x2d},
	{"PR_GET_FP_MODE", 0x2e},
	{"PR_CAP_AMBIENT", 0x2f},
	{"PR_SVE_SET_VL", 0x32},
	{"PR_SVE_GET_VL", 0x33},
	{"PR_GET_SPECULATION_CTRL", 0x34},
	{"PR_SET_SPECULATION_CTRL", 0x35},
	{"PR_PAC_RESET_KEYS", 0x36},
	{"PR_SET_TAGGED_ADDR_CTRL", 0x37},
	{"PR_GET_TAGGED_ADDR_CTRL", 0x38},
	{"PR_SET_IO_FLUSHER", 0x39},
	{"PR_GET_IO_FLUSHER", 0x3a},
	{"PR_SET_SYSCALL_USER_DISPATCH", 0x3b},
	{"PR_PAC_SET_ENABLED_KEYS", 0x3c},
	{"PR_PAC_GET_ENABLED_KEYS", 0x3d},
	{"PR_SCHED_CORE", 0x3e},
	{"PR_SME_SET_VL", 0x3f},
	{"PR_SME_GET_VL", 0x40},
	{"PR_SET_VMA", 0x53564d41},
	{"PR_SET_PTRACER", 0x59616d61},
}}

var xPrDumpable = &Xlat{Name: "pr_dumpable", Vals: []XV{
	{"SUID_DUMP_DISABLE", 0x0},
	{"SUID_DUMP_USER", 0x1},
	{"SUID_DUMP_ROOT", 0x2},
}}

var xPrTsc = &Xlat{Name: "pr_tsc", Vals: []XV{
	{"PR_TSC_ENABLE", 0x1},
	{"PR_TSC_SIGSEGV", 0x2},
}}

var xPrUnalignFlags = &Xlat{Name: "pr_unalign_flags", Vals: []XV{
	{"PR_UNALIGN_NOPRINT", 0x1},
	{"PR_UNALIGN_SIGBUS", 0x2},
}}

var xPrFpMode = &Xlat{Name: "pr_fp_mode", Vals: []XV{
	{"PR_FP_MODE_FR", 0x1},
	{"PR_FP_MODE_FRE", 0x2},
}}

var xPrMceKill = &Xlat{Name: "pr_mce_kill", Vals: []XV{
	{"PR_MCE_KILL_CLEAR", 0x0},
	{"PR_MCE_KILL_SET", 0x1},
}}

var xPrMceKillPolicy = &Xlat{Name: "pr_mce_kill_policy", Vals: []XV{
	{"PR_MCE_KILL_LATE", 0x0},
	{"PR_MCE_KILL_EARLY", 0x1},
	{"PR_MCE_KILL_DEFAULT", 0x2},
}}

var xPrSetMm = &Xlat{Name: "pr_set_mm", Vals: []XV{
	{"PR_SET_MM_START_CODE", 0x1},
	{"PR_SET_MM_END_CODE", 0x2},
	{"PR_SET_MM_START_DATA", 0x3},
	{"PR_SET_MM_END_DATA", 0x4},
	{"PR_SET_MM_START_STACK", 0x5},
	{"PR_SET_MM_START_BRK", 0x6},
	{"PR_SET_MM_BRK", 0x7},
	{"PR_SET_MM_ARG_START", 0x8},
	{"PR_SET_MM_ARG_END", 0x9},
	{"PR_SET_MM_ENV_START", 0xa},
	{"PR_SET_MM_ENV_END", 0xb},
	{"PR_SET_MM_AUXV", 0xc},
	{"PR_SET_MM_EXE_FILE", 0xd},
	{"PR_SET_MM_MAP", 0xe},
	{"PR_SET_MM_MAP_SIZE", 0xf},
}}

var xPrSpecCmds = &Xlat{Name: "pr_spec_cmds", Vals: []XV{
	{"PR_SPEC_STORE_BYPASS", 0x0},
	{"PR_SPEC_INDIRECT_BRANCH", 0x1},
	{"PR_SPEC_L1D_FLUSH", 0x2},
}}

var xPrSpecGetStoreBypassFlags = &Xlat{Name: "pr_spec_get_store_bypass_flags", Vals: []XV{
	{"PR_SPEC_NOT_AFFECTED", 0x0},
	{"PR_SPEC_PRCTL", 0x1},
	{"PR_SPEC_ENABLE", 0x2},
	{"PR_SPEC_DISABLE", 0x4},
	{"PR_SPEC_FORCE_DISABLE", 0x8},
	{"PR_SPEC_DISABLE_NOEXEC", 0x10},
}}

var xPrSpecSetStoreBypassFlags = &Xlat{Name: "pr_spec_set_store_bypass_flags", Vals: []XV{
	{"PR_SPEC_ENABLE", 0x2},
	{"PR_SPEC_DISABLE", 0x4},
	{"PR_SPEC_FORCE_DISABLE", 0x8},
	{"PR_SPEC_DISABLE_NOEXEC", 0x10},
}}

var xPrCapAmbient = &Xlat{Name: "pr_cap_ambient", Vals: []XV{
	{"PR_CAP_AMBIENT_IS_SET", 0x1},
	{"PR_CAP_AMBIENT_RAISE", 0x2},
	{"PR_CAP_AMBIENT_LOWER", 0x3},
	{"PR_CAP_AMBIENT_CLEAR_ALL", 0x4},
}}

var xCap = &Xlat{Name: "cap", Vals: []XV{
	{"CAP_CHOWN", 0x0},
	{"CAP_DAC_OVERRIDE", 0x1},
	{"CAP_DAC_READ_SEARCH", 0x2},
	{"CAP_FOWNER", 0x3},
	{"CAP_FSETID", 0x4},
	{"CAP_KILL", 0x5},
	{"CAP_SETGID", 0x6},
	{"CAP_SETUID", 0x7},
	{"CAP_SETPCAP", 0x8},
	{"CAP_LINUX_IMMUTABLE", 0x9},
	{"CAP_NET_BIND_SERVICE", 0xa},
	{"CAP_NET_BROADCAST", 0xb},
	{"CAP_NET_ADMIN", 0xc},
	{"CAP_NET_RAW", 0xd},
	{"CAP_IPC_LOCK", 0xe},
	{"CAP_IPC_OWNER", 0xf},
	{"CAP_SYS_MODULE", 0x10},
	{"CAP_SYS_RAWIO", 0x11},
	{"CAP_SYS_CHROOT", 0x12},
	{"CAP_SYS_PTRACE", 0x13},
	{"CAP_SYS_PACCT", 0x14},
	{"CAP_SYS_ADMIN", 0x15},
	{"CAP_SYS_BOOT", 0x16},
	{"CAP_SYS_NICE", 0x17},
	{"CAP_SYS_RESOURCE", 0x18},
	{"CAP_SYS_TIME", 0x19},
	{"CAP_SYS_TTY_CONFIG", 0x1a},
	{"CAP_MKNOD", 0x1b},
	{"CAP_LEASE", 0x1c},
	{"CAP_AUDIT_WRITE", 0x1d},
	{"CAP_AUDIT_CONTROL", 0x1e},
	{"CAP_SETFCAP", 0x1f},
	{"CAP_MAC_OVERRIDE", 0x20},
	{"CAP_MAC_ADMIN", 0x21},
	{"CAP_SYSLOG", 0x22},
	{"CAP_WAKE_ALARM", 0x23},
	{"CAP_BLOCK_SUSPEND", 0x24},
	{"CAP_AUDIT_READ", 0x25},
	{"CAP_PERFMON", 0x26},
	{"CAP_BPF", 0x27},
	{"CAP_CHECKPOINT_RESTORE", 0x28},
}}

var xSecbits = &Xlat{Name: "secbits", Vals: []XV{
	{"SECBIT_NOROOT", 0x1},
	{"SECBIT_NOROOT_LOCKED", 0x2},
	{"SECBIT_NO_SETUID_FIXUP", 0x4},
	{"SECBIT_NO_SETUID_FIXUP_LOCKED", 0x8},
	{"SECBIT_KEEP_CAPS", 0x10},
	{"SECBIT_KEEP_CAPS_LOCKED", 0x20},
	{"SECBIT_NO_CAP_AMBIENT_RAISE", 0x40},
	{"SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED", 0x80},
}}

var xSeccompMode = &Xlat{Name: "seccomp_mode", Vals: []XV{
	{"SECCOMP_MODE_DISABLED", 0x0},
	{"SECCOMP_MODE_STRICT", 0x1},
	{"SECCOMP_MODE_FILTER", 0x2},
}}

var xPrSetVma = &Xlat{Name: "pr_set_vma", Vals: []XV{
	{"PR_SET_VMA_ANON_NAME", 0x0},
}}

var xPrSudCmds = &Xlat{Name: "pr_sud_cmds", Vals: []XV{
	{"PR_SYS_DISPATCH_OFF", 0x0},
	{"PR_SYS_DISPATCH_ON", 0x1},
}}

var xPrSchedCoreCmds = &Xlat{Name: "pr_sched_core_cmds", Vals: []XV{
	{"PR_SCHED_CORE_GET", 0x0},
	{"PR_SCHED_CORE_CREATE", 0x1},
	{"PR_SCHED_CORE_SHARE_TO", 0x2},
	{"PR_SCHED_CORE_SHARE_FROM", 0x3},
}}

var xPrSchedCorePidtypes = &Xlat{Name: "pr_sched_core_pidtypes", Vals: []XV{
	{"PIDTYPE_PID", 0x0},
	{"PIDTYPE_TGID", 0x1},
	{"PIDTYPE_PGID", 0x2},
	{"PIDTYPE_SID", 0x3},
}}

var xPrPacKeys = &Xlat{Name: "pr_pac_keys", Vals: []XV{
	{"PR_PAC_APGAKEY", 0x10},
}}

var xPrPacEnabledKeys = &Xlat{Name: "pr_pac_enabled_keys", Vals: []XV{
	{"PR_PAC_APIAKEY", 0x1},
	{"PR_PAC_APIBKEY", 0x2},
	{"PR_PAC_APDAKEY", 0x4},
	{"PR_PAC_APDBKEY", 0x8},
}}

var xPrSveVlFlags = &Xlat{Name: "pr_sve_vl_flags", Vals: []XV{
	{"PR_SVE_SET_VL_ONEXEC", 0x40000},
	{"PR_SVE_VL_INHERIT", 0x20000},
}}

var xPrSmeVlFlags = &Xlat{Name: "pr_sme_vl_flags", Vals: []XV{
	{"PR_SME_SET_VL_ONEXEC", 0x40000},
	{"PR_SME_VL_INHERIT", 0x20000},
}}

var xPrTaggedAddrEnable = &Xlat{Name: "pr_tagged_addr_enable", Vals: []XV{
	{"!PR_TAGGED_ADDR_ENABLE", 0x0},
	{"PR_TAGGED_ADDR_ENABLE", 0x1},
}}

var xPrTaggedAddrMteTcf = &Xlat{Name: "pr_tagged_addr_mte_tcf", Vals: []XV{
	{"PR_MTE_TCF_NONE", 0x0},
	{"PR_MTE_TCF_SYNC", 0x2},
	{"PR_MTE_TCF_ASYNC", 0x4},
	{"PR_MTE_TCF_MASK", 0x6},
}}

var xSeccompOps = &Xlat{Name: "seccomp_ops", Vals: []XV{
	{"SECCOMP_SET_MODE_STRICT", 0x0},
	{"SECCOMP_SET_MODE_FILTER", 0x1},
	{"SECCOMP_GET_ACTION_AVAIL", 0x2},
	{"SECCOMP_GET_NOTIF_SIZES", 0x3},
}}

var xSeccompFilterFlags = &Xlat{Name: "seccomp_filter_flags", Vals: []XV{
	{"SECCOMP_FILTER_FLAG_TSYNC", 0x1},
	{"SECCOMP_FILTER_FLAG_LOG", 0x2},
	{"SECCOMP_FILTER_FLAG_SPEC_ALLOW", 0x4},
	{"SECCOMP_FILTER_FLAG_NEW_LISTENER", 0x8},
	{"SECCOMP_FILTER_FLAG_TSYNC_ESRCH", 0x10},
	{"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 0x20},
}}

var xSeccompRetAction = &Xlat{Name: "seccomp_ret_action", Vals: []XV{
	{"SECCOMP_RET_KILL_PROCESS", 0x80000000},
	{"SECCOMP_RET_KILL_THREAD", 0x0},
	{"SECCOMP_RET_TRAP", 0x30000},
	{"SECCOMP_RET_ERRNO", 0x50000},
	{"SECCOMP_RET_USER_NOTIF", 0x7fc00000},
	{"SECCOMP_RET_TRACE", 0x7ff00000},
	{"SECCOMP_RET_LOG", 0x7ffc0000},
	{"SECCOMP_RET_ALLOW", 0x7fff0000},
}}

var xCapMask0 = &Xlat{Name: "cap_mask0", Vals: []XV{
	{"1<<CAP_CHOWN", 0x1},
	{"1<<CAP_DAC_OVERRIDE", 0x2},
	{"1<<CAP_DAC_READ_SEARCH", 0x4},
	{"1<<CAP_FOWNER", 0x8},
	{"1<<CAP_FSETID", 0x10},
	{"1<<CAP_KILL", 0x20},
	{"1<<CAP_SETGID", 0x40},
	{"1<<CAP_SETUID", 0x80},
	{"1<<CAP_SETPCAP", 0x100},
	{"1<<CAP_LINUX_IMMUTABLE", 0x200},
	{"1<<CAP_NET_BIND_SERVICE", 0x400},
	{"1<<CAP_NET_BROADCAST", 0x800},
	{"1<<CAP_NET_ADMIN", 0x1000},
	{"1<<CAP_NET_RAW", 0x2000},
	{"1<<CAP_IPC_LOCK", 0x4000},
	{"1<<CAP_IPC_OWNER", 0x8000},
	{"1<<CAP_SYS_MODULE", 0x10000},
	{"1<<CAP_SYS_RAWIO", 0x20000},
	{"1<<CAP_SYS_CHROOT", 0x40000},
	{"1<<CAP_SYS_PTRACE", 0x80000},
	{"1<<CAP_SYS_PACCT", 0x100000},
	{"1<<CAP_SYS_ADMIN", 0x200000},
	{"1<<CAP_SYS_BOOT", 0x400000},
	{"1<<CAP_SYS_NICE", 0x800000},
	{"1<<CAP_SYS_RESOURCE", 0x1000000},
	{"1<<CAP_SYS_TIME", 0x2000000},
	{"1<<CAP_SYS_TTY_CONFIG", 0x4000000},
	{"1<<CAP_MKNOD", 0x8000000},
	{"1<<CAP_LEASE", 0x10000000},
	{"1<<CAP_AUDIT_WRITE", 0x20000000},
	{"1<<CAP_AUDIT_CONTROL", 0x40000000},
	{"1<<CAP_SETFCAP", 0xffffffff80000000},
}}

var xCapMask1 = &Xlat{Name: "cap_mask1", Vals: []XV{
	{"1<<CAP_MAC_OVERRIDE", 0x0},
	{"1<<CAP_MAC_ADMIN", 0x0},
	{"1<<CAP_SYSLOG", 0x0},
	{"1<<CAP_WAKE_ALARM", 0x0},
	{"1<<CAP_BLOCK_SUSPEND", 0x0},
	{"1<<CAP_AUDIT_READ", 0x0},
	{"1<<CAP_PERFMON", 0x0},
	{"1<<CAP_BPF", 0x0},
	{"1<<CAP_CHECKPOINT_RESTORE", 0x0},
}}

var xCapVersion = &Xlat{Name: "cap_version", Vals: []XV{
	{"_LINUX_CAPABILITY_VERSION_1", 0x19980330},
	{"_LINUX_CAPABILITY_VERSION_2", 0x20071026},
	{"_LINUX_CAPABILITY_VERSION_3", 0x20080522},
}}

var xPersonalityTypes = &Xlat{Name: "personality_types", Vals: []XV{
	{"PER_LINUX", 0x0},
	{"PER_LINUX_32BIT", 0x800000},
	{"PER_LINUX_FDPIC", 0x80000},
	{"PER_SVR4", 0x4100001},
	{"PER_SVR3", 0x5000002},
	{"PER_SCOSVR3", 0x7000003},
	{"PER_OSR5", 0x6000003},
	{"PER_WYSEV386", 0x5000004},
	{"PER_ISCR4", 0x4000005},
	{"PER_BSD", 0x6},
	{"PER_SUNOS", 0x4000006},
	{"PER_XENIX", 0x5000007},
	{"PER_LINUX32", 0x8},
	{"PER_LINUX32_3GB", 0x8000008},
	{"PER_IRIX32", 0x4000009},
	{"PER_IRIXN32", 0x400000a},
	{"PER_IRIX64", 0x400000b},
	{"PER_RISCOS", 0xc},
	{"PER_SOLARIS", 0x400000d},
	{"PER_UW7", 0x410000e},
	{"PER_OSF4", 0xf},
	{"PER_HPUX", 0x10},
	{"PER_MASK", 0xff},
}}

var xPersonalityFlags = &Xlat{Name: "personality_flags", Vals: []XV{
	{"UNAME26", 0x20000},
	{"ADDR_NO_RANDOMIZE", 0x40000},
	{"FDPIC_FUNCPTRS", 0x80000},
	{"MMAP_PAGE_ZERO", 0x100000},
	{"ADDR_COMPAT_LAYOUT", 0x200000},
	{"READ_IMPLIES_EXEC", 0x400000},
	{"ADDR_LIMIT_32BIT", 0x800000},
	{"SHORT_INODE", 0x1000000},
	{"WHOLE_SECONDS", 0x2000000},
	{"STICKY_TIMEOUTS", 0x4000000},
	{"ADDR_LIMIT_3GB", 0x8000000},
}}

var xSigaltstackFlags = &Xlat{Name: "sigaltstack_flags", Vals: []XV{
	{"SS_ONSTACK", 0x1},
	{"SS_DISABLE", 0x2},
	{"SS_AUTODISARM", 0x80000000},
}}

var xSfdFlags = &Xlat{Name: "sfd_flags", Vals: []XV{
	{"SFD_CLOEXEC", 0x80000},
	{"SFD_NONBLOCK", 0x800},
}}

var xPidfdOpenFlags = &Xlat{Name: "pidfd_open_flags", Vals: []XV{
	{"PIDFD_NONBLOCK", 0x800},
}}

var xX86XfeatureBits = &Xlat{Name: "x86_xfeature_bits", Vals: []XV{
	{"XFEATURE_FP", 0x0},
	{"XFEATURE_SSE", 0x1},
	{"XFEATURE_YMM", 0x2},
	{"XFEATURE_BNDREGS", 0x3},
	{"XFEATURE_BNDCSR", 0x4},
	{"XFEATURE_OPMASK", 0x5},
	{"XFEATURE_ZMM_Hi256", 0x6},
	{"XFEATURE_Hi16_ZMM", 0x7},
	{"XFEATURE_PT_UNIMPLEMENTED_SO_FAR", 0x8},
	{"XFEATURE_PKRU", 0x9},
	{"XFEATURE_PASID", 0xa},
	{"XFEATURE_LBR", 0xf},
	{"XFEATURE_XTILE_CFG", 0x11},
	{"XFEATURE_XTILE_DATA", 0x12},
}}

var xAuditArch = &Xlat{Name: "audit_arch", Vals: []XV{
	{"AUDIT_ARCH_AARCH64", 0xc00000b7},
	{"AUDIT_ARCH_ALPHA", 0xc0009026},
	{"AUDIT_ARCH_ARCOMPACT", 0x4000005d},
	{"AUDIT_ARCH_ARCOMPACTBE", 0x5d},
	{"AUDIT_ARCH_ARCV2", 0x400000c3},
	{"AUDIT_ARCH_ARCV2BE", 0xc3},
	{"AUDIT_ARCH_ARM", 0x40000028},
	{"AUDIT_ARCH_ARMEB", 0x28},
	{"AUDIT_ARCH_C6X", 0x4000008c},
	{"AUDIT_ARCH_C6XBE", 0x8c},
	{"AUDIT_ARCH_CRIS", 0x4000004c},
	{"AUDIT_ARCH_CSKY", 0x400000fc},
	{"AUDIT_ARCH_FRV", 0x5441},
	{"AUDIT_ARCH_H8300", 0x2e},
	{"AUDIT_ARCH_HEXAGON", 0xa4},
	{"AUDIT_ARCH_I386", 0x40000003},
	{"AUDIT_ARCH_IA64", 0xc0000032},
	{"AUDIT_ARCH_LOONGARCH32", 0x40000102},
	{"AUDIT_ARCH_LOONGARCH64", 0xc0000102},
	{"AUDIT_ARCH_M32R", 0x58},
	{"AUDIT_ARCH_M68K", 0x4},
	{"AUDIT_ARCH_MICROBLAZE", 0xbd},
	{"AUDIT_ARCH_MIPS", 0x8},
	{"AUDIT_ARCH_MIPS64", 0x80000008},
	{"AUDIT_ARCH_MIPS64N32", 0xa0000008},
	{"AUDIT_ARCH_MIPSEL", 0x40000008},
	{"AUDIT_ARCH_MIPSEL64", 0xc0000008},
	{"AUDIT_ARCH_MIPSEL64N32", 0xe0000008},
	{"AUDIT_ARCH_NDS32", 0x400000a7},
	{"AUDIT_ARCH_NDS32BE", 0xa7},
	{"AUDIT_ARCH_NIOS2", 0x40000071},
	{"AUDIT_ARCH_OPENRISC", 0x5c},
	{"AUDIT_ARCH_PARISC", 0xf},
	{"AUDIT_ARCH_PARISC64", 0x8000000f},
	{"AUDIT_ARCH_PPC", 0x14},
	{"AUDIT_ARCH_PPC64", 0x80000015},
	{"AUDIT_ARCH_PPC64LE", 0xc0000015},
	{"AUDIT_ARCH_RISCV32", 0x400000f3},
	{"AUDIT_ARCH_RISCV64", 0xc00000f3},
	{"AUDIT_ARCH_S390", 0x16},
	{"AUDIT_ARCH_S390X", 0x80000016},
	{"AUDIT_ARCH_SH", 0x2a},
	{"AUDIT_ARCH_SH64", 0x8000002a},
	{"AUDIT_ARCH_SHEL", 0x4000002a},
	{"AUDIT_ARCH_SHEL64", 0xc000002a},
	{"AUDIT_ARCH_SPARC", 0x2},
	{"AUDIT_ARCH_SPARC64", 0x8000002b},
	{"AUDIT_ARCH_TILEGX", 0xc00000bf},
	{"AUDIT_ARCH_TILEGX32", 0x400000bf},
	{"AUDIT_ARCH_TILEPRO", 0x400000bc},
	{"AUDIT_ARCH_UNICORE", 0x4000006e},
	{"AUDIT_ARCH_V850", 0x40000057},
	{"AUDIT_ARCH_X86_64", 0xc000003e},
	{"AUDIT_ARCH_XTENSA", 0x5e},
}}

var xPtraceEvents = &Xlat{Name: "ptrace_events", Vals: []XV{
	{"PTRACE_EVENT_FORK", 0x1},
	{"PTRACE_EVENT_VFORK", 0x2},
	{"PTRACE_EVENT_CLONE", 0x3},
	{"PTRACE_EVENT_EXEC", 0x4},
	{"PTRACE_EVENT_VFORK_DONE", 0x5},
	{"PTRACE_EVENT_EXIT", 0x6},
	{"PTRACE_EVENT_SECCOMP", 0x7},
	{"PTRACE_EVENT_STOP", 0x80},
}}

var xSaHandlerValues = &Xlat{Name: "sa_handler_values", Vals: []XV{
	{"SIG_ERR", 0xffffffffffffffff},
	{"SIG_DFL", 0x0},
	{"SIG_IGN", 0x1},
}}

var xBpfClass = &Xlat{Name: "bpf_class", Vals: []XV{
	{"BPF_LD", 0x0},
	{"BPF_LDX", 0x1},
	{"BPF_ST", 0x2},
	{"BPF_STX", 0x3},
	{"BPF_ALU", 0x4},
	{"BPF_JMP", 0x5},
	{"BPF_RET", 0x6},
	{"BPF_MISC", 0x7},
}}

var xBpfSize = &Xlat{Name: "bpf_size", Vals: []XV{
	{"BPF_W", 0x0},
	{"BPF_H", 0x8},
	{"BPF_B", 0x10},
	{"BPF_DW", 0x18},
}}

var xBpfMode = &Xlat{Name: "bpf_mode", Vals: []XV{
	{"BPF_IMM", 0x0},
	{"BPF_ABS", 0x20},
	{"BPF_IND", 0x40},
	{"BPF_MEM", 0x60},
	{"BPF_LEN", 0x80},
	{"BPF_MSH", 0xa0},
	{"BPF_XADD", 0xc0},
}}

var xBpfOpAlu = &Xlat{Name: "bpf_op_alu", Vals: []XV{
	{"BPF_ADD", 0x0},
	{"BPF_SUB", 0x10},
	{"BPF_MUL", 0x20},
	{"BPF_DIV", 0x30},
	{"BPF_OR", 0x40},
	{"BPF_AND", 0x50},
	{"BPF_LSH", 0x60},
	{"BPF_RSH", 0x70},
	{"BPF_NEG", 0x80},
	{"BPF_MOD", 0x90},
	{"BPF_XOR", 0xa0},
	{"BPF_MOV", 0xb0},
	{"BPF_ARSH", 0xc0},
	{"BPF_END", 0xd0},
}}

var xBpfOpJmp = &Xlat{Name: "bpf_op_jmp", Vals: []XV{
	{"BPF_JA", 0x0},
	{"BPF_JEQ", 0x10},
	{"BPF_JGT", 0x20},
	{"BPF_JGE", 0x30},
	{"BPF_JSET", 0x40},
	{"BPF_JNE", 0x50},
	{"BPF_JSGT", 0x60},
	{"BPF_JSGE", 0x70},
	{"BPF_CALL", 0x80},
	{"BPF_EXIT", 0x90},
	{"BPF_JLT", 0xa0},
	{"BPF_JLE", 0xb0},
	{"BPF_JSLT", 0xc0},
	{"BPF_JSLE", 0xd0},
}}

var xBpfSrc = &Xlat{Name: "bpf_src", Vals: []XV{
	{"BPF_K", 0x0},
	{"BPF_X", 0x8},
}}

var xBpfRval = &Xlat{Name: "bpf_rval", Vals: []XV{
	{"BPF_K", 0x0},
	{"BPF_X", 0x8},
	{"BPF_A", 0x10},
}}

var xBpfMiscop = &Xlat{Name: "bpf_miscop", Vals: []XV{
	{"BPF_TAX", 0x0},
	{"BPF_TXA", 0x80},
}}

var xUnshareFlags = &Xlat{Name: "unshare_flags", Vals: []XV{
	{"CLONE_NEWTIME", 0x80},
	{"CLONE_VM", 0x100},
	{"CLONE_FS", 0x200},
	{"CLONE_FILES", 0x400},
	{"CLONE_SIGHAND", 0x800},
	{"CLONE_THREAD", 0x10000},
	{"CLONE_NEWNS", 0x20000},
	{"CLONE_SYSVSEM", 0x40000},
	{"CLONE_NEWCGROUP", 0x2000000},
	{"CLONE_NEWUTS", 0x4000000},
	{"CLONE_NEWIPC", 0x8000000},
	{"CLONE_NEWUSER", 0x10000000},
	{"CLONE_NEWPID", 0x20000000},
	{"CLONE_NEWNET", 0x40000000},
}}

var xSetnsTypes = &Xlat{Name: "setns_types", Vals: []XV{
	{"CLONE_NEWTIME", 0x80},
	{"CLONE_NEWNS", 0x20000},
	{"CLONE_NEWCGROUP", 0x2000000},
	{"CLONE_NEWUTS", 0x4000000},
	{"CLONE_NEWIPC", 0x8000000},
	{"CLONE_NEWUSER", 0x10000000},
	{"CLONE_NEWPID", 0x20000000},
	{"CLONE_NEWNET", 0x40000000},
}}
