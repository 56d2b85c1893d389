package decode

import (
	"strconv"

	"mytrace/tables"
)

// ErrnoName returns the symbolic name of errno e ("ENOENT"), or "".
func ErrnoName(e int) string { return tables.Errnos[e].Name }

// ErrnoMessage returns the C library's message for errno e.
func ErrnoMessage(e int) string {
	if i, ok := tables.Errnos[e]; ok {
		return i.Msg
	}
	return "Unknown error " + strconv.Itoa(e)
}

// Kernel-internal errnos that mean "restart the call"; strace shows them as
// "= ? NAME (meaning)".
var restartMsgs = map[int]string{
	512: "To be restarted if SA_RESTART is set",
	513: "To be restarted",
	514: "To be restarted if no handler",
	516: "Interrupted by signal",
}

// ErrnoByName returns the number of the errno called name.
func ErrnoByName(name string) (int, bool) {
	for n, i := range tables.Errnos {
		if i.Name == name {
			return n, true
		}
	}
	return 0, false
}
