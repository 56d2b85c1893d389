// Generated from strace 6.1's xlat tables (names, values and order are
// facts of the kernel ABI), resolved for x86-64. Do not edit by hand.

package decode

var xFutexbitset = &Xlat{Name: "futexbitset", Vals: []XV{
	{"FUTEX_BITSET_MATCH_ANY", 0xffffffff},
}}

var xMlockallFlags = &Xlat{Name: "mlockall_flags", Vals: []XV{
	{"MCL_CURRENT", 0x1},
	{"MCL_FUTURE", 0x2},
	{"MCL_ONFAULT", 0x4},
}}

var xMctlSync = &Xlat{Name: "mctl_sync", Vals: []XV{
	{"MS_SYNC", 0x4},
	{"MS_ASYNC", 0x1},
	{"MS_INVALIDATE", 0x2},
}}

var xMlockFlags = &Xlat{Name: "mlock_flags", Vals: []XV{
	{"MLOCK_ONFAULT", 0x1},
}}

var xMembarrierCmds = &Xlat{Name: "membarrier_cmds", Vals: []XV{
	{"MEMBARRIER_CMD_QUERY", 0x0},
	{"MEMBARRIER_CMD_GLOBAL", 0x1},
	{"MEMBARRIER_CMD_GLOBAL_EXPEDITED", 0x2},
	{"MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED", 0x4},
	{"MEMBARRIER_CMD_PRIVATE_EXPEDITED", 0x8},
	{"MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED", 0x10},
	{"MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE", 0x20},
	{"MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE", 0x40},
	{"MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ", 0x80},
	{"MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ", 0x100},
}}

var xMembarrierFlags = &Xlat{Name: "membarrier_flags", Vals: []XV{
	{"MEMBARRIER_CMD_FLAG_CPU", 0x1},
}}

var xItimerWhich = &Xlat{Name: "itimer_which", Vals: []XV{
	{"ITIMER_REAL", 0x0},
	{"ITIMER_VIRTUAL", 0x1},
	{"ITIMER_PROF", 0x2},
}}

var xSchedulers = &Xlat{Name: "schedulers", Vals: []XV{
	{"SCHED_OTHER", 0x0},
	{"SCHED_FIFO", 0x1},
	{"SCHED_RR", 0x2},
	{"SCHED_BATCH", 0x3},
	{"SCHED_ISO", 0x4},
	{"SCHED_IDLE", 0x5},
	{"SCHED_DEADLINE", 0x6},
}}

var xSchedFlags = &Xlat{Name: "sched_flags", Vals: []XV{
	{"SCHED_FLAG_RESET_ON_FORK", 0x1},
	{"SCHED_FLAG_RECLAIM", 0x2},
	{"SCHED_FLAG_DL_OVERRUN", 0x4},
	{"SCHED_FLAG_KEEP_POLICY", 0x8},
	{"SCHED_FLAG_KEEP_PARAMS", 0x10},
	{"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
	{"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40},
}}

var xPriorities = &Xlat{Name: "priorities", Vals: []XV{
	{"PRIO_PROCESS", 0x0},
	{"PRIO_PGRP", 0x1},
	{"PRIO_USER", 0x2},
}}

var xAdjtimexState = &Xlat{Name: "adjtimex_state", Vals: []XV{
	{"TIME_OK", 0x0},
	{"TIME_INS", 0x1},
	{"TIME_DEL", 0x2},
	{"TIME_OOP", 0x3},
	{"TIME_WAIT", 0x4},
	{"TIME_ERROR", 0x5},
}}

var xAdjtimexModes = &Xlat{Name: "adjtimex_modes", Vals: []XV{
	{"ADJ_OFFSET_SS_READ", 0xa001},
	{"ADJ_OFFSET_SINGLESHOT", 0x8001},
	{"ADJ_OFFSET", 0x1},
	{"ADJ_FREQUENCY", 0x2},
	{"ADJ_MAXERROR", 0x4},
	{"ADJ_ESTERROR", 0x8},
	{"ADJ_STATUS", 0x10},
	{"ADJ_TIMECONST", 0x20},
	{"ADJ_TAI", 0x80},
	{"ADJ_SETOFFSET", 0x100},
	{"ADJ_MICRO", 0x1000},
	{"ADJ_NANO", 0x2000},
	{"ADJ_TICK", 0x4000},
}}

var xAdjtimexStatus = &Xlat{Name: "adjtimex_status", Vals: []XV{
	{"STA_PLL", 0x1},
	{"STA_PPSFREQ", 0x2},
	{"STA_PPSTIME", 0x4},
	{"STA_FLL", 0x8},
	{"STA_INS", 0x10},
	{"STA_DEL", 0x20},
	{"STA_UNSYNC", 0x40},
	{"STA_FREQHOLD", 0x80},
	{"STA_PPSSIGNAL", 0x100},
	{"STA_PPSJITTER", 0x200},
	{"STA_PPSWANDER", 0x400},
	{"STA_PPSERROR", 0x800},
	{"STA_CLOCKERR", 0x1000},
	{"STA_NANO", 0x2000},
	{"STA_MODE", 0x4000},
	{"STA_CLK", 0x8000},
}}

var xPkeyAccess = &Xlat{Name: "pkey_access", Vals: []XV{
	{"PKEY_DISABLE_ACCESS", 0x1},
	{"PKEY_DISABLE_WRITE", 0x2},
	{"PKEY_DISABLE_EXECUTE", 0x4},
}}

var xMpolModes = &Xlat{Name: "mpol_modes", Vals: []XV{
	{"MPOL_DEFAULT", 0x0},
	{"MPOL_PREFERRED", 0x1},
	{"MPOL_BIND", 0x2},
	{"MPOL_INTERLEAVE", 0x3},
	{"MPOL_LOCAL", 0x4},
	{"MPOL_PREFERRED_MANY", 0x5},
}}

var xMpolModeFlags = &Xlat{Name: "mpol_mode_flags", Vals: []XV{
	{"MPOL_F_STATIC_NODES", 0x8000},
	{"MPOL_F_RELATIVE_NODES", 0x4000},
	{"MPOL_F_NUMA_BALANCING", 0x2000},
}}

var xMbindFlags = &Xlat{Name: "mbind_flags", Vals: []XV{
	{"MPOL_MF_STRICT", 0x1},
	{"MPOL_MF_MOVE", 0x2},
	{"MPOL_MF_MOVE_ALL", 0x4},
}}

var xGetMempolicyFlags = &Xlat{Name: "get_mempolicy_flags", Vals: []XV{
	{"MPOL_F_NODE", 0x1},
	{"MPOL_F_ADDR", 0x2},
	{"MPOL_F_MEMS_ALLOWED", 0x4},
}}

var xSigevValue = &Xlat{Name: "sigev_value", Vals: []XV{
	{"SIGEV_SIGNAL", 0x0},
	{"SIGEV_NONE", 0x1},
	{"SIGEV_THREAD", 0x2},
	{"SIGEV_THREAD_ID", 0x4},
}}
