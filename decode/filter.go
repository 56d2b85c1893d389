package decode

import (
	"mytrace/replay"
)

// Call statuses for -e status=.
const (
	StatusSuccessful = 1 << iota
	StatusFailed
	StatusUnfinished
	StatusUnavailable
	StatusDetached
	StatusAll = 1<<iota - 1
)

// What -e quiet= (and -q) keeps quiet.
const (
	QuietAttach = 1 << iota
	QuietExit
	QuietPathResolution
	QuietPersonality
	QuietThreadExecve
	QuietAll = 1<<iota - 1
)

// touchesPaths reports whether a call refers to one of paths (-P): by a
// path argument, or by a descriptor that task t's table says refers to
// one.
func touchesPaths(c *Call, t *replay.Task, paths []string) bool {
	found := false
	match := func(s string) {
		for _, want := range paths {
			if s == want {
				found = true
			}
		}
	}
	Walk(c, func(v Value) {
		switch v := v.(type) {
		case *Str:
			if v.Kind == StrPath {
				match(string(v.B))
			}
		case Fd:
			if t != nil {
				match(t.FdPath(int32(v)))
			}
		}
	})
	return found
}
