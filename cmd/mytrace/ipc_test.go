package main

import (
	"regexp"
)

// Values of the IPC family that change from run to run: the identifiers
// of SysV IPC objects (allocated machine-wide), the highest index the
// *_INFO commands return, the times and process ids kept in the objects'
// descriptions and the machine-wide usage counts SHM_INFO, SEM_INFO and
// MSG_INFO report. Their width also moves the column of " = ".
var (
	reIPCCall   = regexp.MustCompile(`^(shmget|shmat|shmdt|shmctl|semget|semop|semtimedop|semctl|msgget|msgsnd|msgrcv|msgctl)\(`)
	reIPCGetRet = regexp.MustCompile(`^((?:shm|sem|msg)get\(.*\) += )\d+$`)
	reIPCID     = regexp.MustCompile(`^(shmat|shmctl|semop|semtimedop|semctl|msgsnd|msgrcv|msgctl)\(\d+`)
	reIPCInfo   = regexp.MustCompile(`^((?:shm|sem|msg)ctl\(.*(?:_INFO|_STAT|_STAT_ANY|GETPID), .*\) += )\d+$`)
	reIPCField  = regexp.MustCompile(`\b(shm_cpid|shm_lpid|msg_lspid|msg_lrpid|shm_atime|shm_dtime|shm_ctime|sem_otime|sem_ctime|msg_stime|msg_rtime|msg_ctime|used_ids|shm_tot|shm_rss|shm_swp|msgpool|msgmap|msgtql|semusz|semaem)=\d+`)
	reIPCAlign  = regexp.MustCompile(`\) +=( |$)`)
)

func init() {
	extraNormalizers = append(extraNormalizers, func(l string) string {
		if !reIPCCall.MatchString(l) {
			return l
		}
		l = reIPCGetRet.ReplaceAllString(l, "${1}ID")
		l = reIPCID.ReplaceAllString(l, "${1}(ID")
		l = reIPCInfo.ReplaceAllString(l, "${1}N")
		l = reIPCField.ReplaceAllString(l, "${1}=N")
		return reIPCAlign.ReplaceAllString(l, ") = ")
	})
}
