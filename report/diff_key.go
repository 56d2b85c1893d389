package report

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"mytrace/decode"
	"mytrace/replay"
)

// Normalization: the key of a call is its decoded form with what changes
// from one run of a program to the next taken out. docs/diff.md lists the
// rules; this file implements them.

// A pid in a key is written as pidMark, the number, pidMark, and replaced
// by the process's place in the matched process tree once the two traces'
// trees are matched (see Diff); a pid of no traced process becomes "PID".
const pidMark = "\x00"

// noiseFields are structure fields whose values differ from run to run:
// times, inode and device numbers, resource usage, free space.
var noiseFields = map[string]bool{
	"tv_sec": true, "tv_nsec": true, "tv_usec": true,
	"st_atime": true, "st_mtime": true, "st_ctime": true,
	"st_atime_nsec": true, "st_mtime_nsec": true, "st_ctime_nsec": true,
	"stx_atime": true, "stx_btime": true, "stx_ctime": true, "stx_mtime": true,
	"st_ino": true, "stx_ino": true, "d_ino": true, "d_off": true,
	"st_dev": true, "stx_dev_major": true, "stx_dev_minor": true, "stx_mnt_id": true,
	"f_bfree": true, "f_bavail": true, "f_ffree": true, "f_fsid": true,
	"si_utime": true, "si_stime": true,
	"tms_utime": true, "tms_stime": true, "tms_cutime": true, "tms_cstime": true,
	"uptime": true, "loads": true, "freeram": true, "sharedram": true,
	"bufferram": true, "freeswap": true, "procs": true, "freehigh": true,
	// clone's copy of the new tid, which the call returns anyway: a thread
	// with CLONE_CHILD_CLEARTID at the same address may have cleared it
	// before the tracer read it.
	"parent_tid": true,
}

// pidFields are arguments and fields that hold a process or thread id.
var pidFields = map[string]bool{
	"pid": true, "tid": true, "tgid": true, "pgid": true, "pid1": true, "pid2": true,
	"si_pid": true, "l_pid": true, "set_tid": true, "upid": true,
	"nl_pid": true,
}

// pidReturns are syscalls that return a process or thread id.
var pidReturns = map[string]bool{
	"clone": true, "clone3": true, "fork": true, "vfork": true, "getpid": true,
	"gettid": true, "getppid": true, "getpgrp": true, "getpgid": true, "getsid": true,
	"setsid": true, "set_tid_address": true, "wait4": true,
}

// noiseReturns are syscalls whose return value is a time or a count that
// changes from run to run (rt_sigreturn returns what the interrupted
// code had in its register: often a pid).
var noiseReturns = map[string]bool{"time": true, "times": true, "rt_sigreturn": true}

// addrReturns are syscalls whose successful result is an address.
var addrReturns = map[string]bool{"brk": true, "mmap": true, "mremap": true, "shmat": true}

// noiseArgs are arguments, by syscall, that are noise whatever --data
// says: the random bytes of getrandom.
var noiseArgs = map[string]string{"getrandom": "buf"}

// diffRes are the patterns of the values a diff key leaves out, compiled
// at the first key rather than at every start of mytrace.
var diffRes = sync.OnceValue(func() *diffPatterns {
	return &diffPatterns{
		reTextAddr:   regexp.MustCompile(`0x[0-9a-f]{7,}`),
		reTextLowHex: regexp.MustCompile(`\b0x[0-9a-f]{1,6}\b`),
		reTextPid:    regexp.MustCompile(`\b(si_pid|pid|tid|l_pid|nl_pid)=(\d+)`),
		reTextNoise:  regexp.MustCompile(`\b(tv_sec|tv_nsec|tv_usec|st_[amc]time(?:_nsec)?|st_ino|stx_ino|d_ino|d_off|st_dev|si_[us]time)=(makedev\([^)]*\)|[0-9a-fx]+)( /\* [^*]* \*/)?`),
		reTextTime:   regexp.MustCompile(` ?/\* \d{4}-\d\d-\d\dT[^*]*\*/`),
		reInodeRef:   regexp.MustCompile(`\b(pipe|socket|net|mnt|pid|user|uts|ipc|cgroup|time):\[\d+\]`),
		reProcPid:    regexp.MustCompile(`^/proc/(\d+)(/|$)`),
		reTaskTid:    regexp.MustCompile(`/task/(\d+)(/|$)`),
		rePts:        regexp.MustCompile(`^/dev/pts/\d+$`),
	}
})

// diffPatterns are the regular expressions of diff keys.
type diffPatterns struct {
	reTextAddr, reTextLowHex, reTextPid, reTextNoise, reTextTime, reInodeRef, reProcPid, reTaskTid, rePts *regexp.Regexp
}

// keyBuf is where a key is built; it is reused from call to call, and
// each key copied out at its exact size.
type keyBuf []byte

func (b *keyBuf) add(s string)       { *b = append(*b, s...) }
func (b *keyBuf) addByte(c byte)     { *b = append(*b, c) }
func (b *keyBuf) addInt(v int64)     { *b = strconv.AppendInt(*b, v, 10) }
func (b *keyBuf) addUint(v uint64)   { *b = strconv.AppendUint(*b, v, 10) }
func (b *keyBuf) addQuoted(s string) { *b = strconv.AppendQuote(*b, s) }

// pidKey writes a pid into a key: 0 and -1 as themselves, a negative
// number (a process group) as "-" and the group leader.
func pidKey(b *keyBuf, v int64) {
	switch {
	case v == 0 || v == -1:
		b.addInt(v)
	case v < 0:
		b.addByte('-')
		pidKey(b, -v)
	default:
		b.add(pidMark)
		b.addInt(v)
		b.add(pidMark)
	}
}

// keyer builds the normalized keys of calls.
type keyer struct {
	data bool // --data: compare buffer contents
	// runDir is the directory the recording was started in, written
	// "$CWD" in paths (empty: not known yet, or "/").
	runDir string
	// task is the task of the call; snap, if set, what its argument
	// registers referred to as descriptors at entry.
	task *replay.Task
	snap *[6]fdSnap
	// own is what the descriptors the task itself opened referred to:
	// another thread's close of the same number can reach the recording
	// after the open (ptrace reports the threads' stops in its own order)
	// and drop it from the shared table.
	own  map[int32]string
	opts *decode.Options
	// isTid reports whether a number is the tid of a task of the trace.
	isTid func(int32) bool
	// skip, if set, is an argument left out of the key (the options of a
	// wait, for its move key).
	skip string
	// mem is the low memory the process of the call is known to have
	// (diff_mem.go): numbers in it are addresses.
	mem *memMap
}

// waitCalls are the calls whose move key leaves out their options: a
// child reaped by a blocking wait in one run and by a WNOHANG poll (in a
// SIGCHLD handler) in the other is the same event, moved by timing.
var waitCalls = map[string]bool{"wait4": true, "waitid": true}

// fdPath says what descriptor fd referred to: at entry if snap is set and
// says, else now.
func (k *keyer) fdPath(fd int32) string {
	if k.snap != nil {
		for _, s := range k.snap {
			if s.ok && s.fd == fd && s.path != "" {
				return s.path
			}
		}
	}
	if k.task != nil {
		if p := k.task.FdPath(fd); p != "" {
			return p
		}
	}
	return k.own[fd]
}

// text normalizes text that could not be walked as structured values.
func (k *keyer) text(s string) string {
	re := diffRes()
	if strings.Contains(s, "0x") {
		s = re.reTextAddr.ReplaceAllString(s, "ADDR")
		if k.mem != nil && len(k.mem.iv) > 0 {
			s = re.reTextLowHex.ReplaceAllStringFunc(s, func(h string) string {
				if k.mem.hexIn(h) {
					return "ADDR"
				}
				return h
			})
		}
	}
	if strings.Contains(s, "=") {
		s = re.reTextPid.ReplaceAllStringFunc(s, func(m string) string {
			i := strings.IndexByte(m, '=')
			n, _ := strconv.ParseInt(m[i+1:], 10, 64)
			b := keyBuf(m[:i+1])
			pidKey(&b, n)
			return string(b)
		})
		s = re.reTextNoise.ReplaceAllString(s, "${1}=N")
	}
	if strings.Contains(s, "/*") {
		s = re.reTextTime.ReplaceAllString(s, "")
	}
	if strings.Contains(s, ":[") {
		s = re.reInodeRef.ReplaceAllString(s, "${1}:[N]")
	}
	return s
}

// path normalizes a path: the recording's directory becomes $CWD, pids
// in /proc paths are keyed as pids, the number of a pseudo-terminal and
// the inode of a pipe or socket go.
func (k *keyer) path(s string) string {
	re := diffRes()
	if k.runDir != "" && strings.HasPrefix(s, k.runDir) && (len(s) == len(k.runDir) || s[len(k.runDir)] == '/') {
		s = "$CWD" + s[len(k.runDir):]
	}
	if strings.HasPrefix(s, "/proc/") {
		var b keyBuf
		rest := s
		if m := re.reProcPid.FindStringSubmatchIndex(rest); m != nil {
			n, _ := strconv.ParseInt(rest[m[2]:m[3]], 10, 64)
			b.add("/proc/")
			pidKey(&b, n)
			rest = rest[m[3]:]
		}
		if m := re.reTaskTid.FindStringSubmatchIndex(rest); m != nil {
			n, _ := strconv.ParseInt(rest[m[2]:m[3]], 10, 64)
			b.add(rest[:m[2]])
			pidKey(&b, n)
			rest = rest[m[3]:]
		}
		b.add(rest)
		return string(b)
	}
	if strings.HasPrefix(s, "/dev/pts/") && re.rePts.MatchString(s) {
		return "/dev/pts/N"
	}
	if strings.Contains(s, ":[") {
		s = re.reInodeRef.ReplaceAllString(s, "${1}:[N]")
	}
	return s
}

// value writes the key of v, an argument or field called name.
func (k *keyer) value(b *keyBuf, v decode.Value, name string) {
	if noiseFields[name] || strings.HasPrefix(name, "ru_") {
		b.add("N")
		return
	}
	switch v := v.(type) {
	case nil:
	case decode.Int:
		if pidFields[name] {
			pidKey(b, int64(v))
			return
		}
		b.addInt(int64(v))
	case decode.PidValue:
		pidKey(b, v.Pid())
	case decode.Uint:
		if pidFields[name] {
			pidKey(b, int64(int32(v)))
			return
		}
		b.addUint(uint64(v))
	case decode.Fd:
		if p := k.fdPath(int32(v)); p != "" && v >= 0 {
			b.add("<")
			b.add(k.path(p))
			b.add(">")
			return
		}
		b.addInt(int64(v))
	case decode.Cwd:
		b.add("AT_FDCWD")
	case decode.Hex:
		if v >= lowAddr || k.mem.contains(uint64(v)) {
			b.add("ADDR")
			return
		}
		b.add(decode.Render(v, k.opts))
	case decode.Addr:
		if v == 0 {
			b.add("NULL")
		} else {
			b.add("ADDR")
		}
	case decode.Sym:
		b.add(k.text(string(v)))
	case decode.Commented:
		k.value(b, v.V, name)
		if v.C != "" {
			b.add(" /* ")
			b.add(k.text(v.C))
			b.add(" */")
		}
	case decode.Changed:
		k.value(b, v.Before, name)
		b.add(" => ")
		k.value(b, v.After, name)
	case *decode.Struct:
		b.addByte('{')
		for i, f := range v.Fields {
			if i > 0 {
				b.add(", ")
			}
			if f.Name != "" {
				b.add(f.Name)
				b.addByte('=')
			}
			k.value(b, f.V, f.Name)
		}
		if v.More {
			b.add(", ...")
		}
		b.addByte('}')
	case *decode.Array:
		b.addByte('[')
		for i, e := range v.Elems {
			if i > 0 {
				b.add(", ")
			}
			k.value(b, e, name)
		}
		if v.More {
			b.add(", ...")
		}
		b.addByte(']')
	case decode.Seq:
		n := name
		for _, e := range v {
			if s, ok := e.(decode.Sym); ok && strings.HasSuffix(string(s), "=") {
				n = strings.TrimSuffix(string(s), "=")
				b.add(string(s))
				continue
			}
			k.value(b, e, n)
		}
	case *decode.Str:
		k.str(b, v)
	default:
		// Values of the decoders' own types: their text, normalized.
		b.add(k.text(decode.Render(v, k.opts)))
	}
}

// str writes the key of a string read from the tracee: paths and C
// strings whole, buffers by their contents only with --data.
func (k *keyer) str(b *keyBuf, v *decode.Str) {
	switch v.Kind {
	case decode.StrPath:
		b.addQuoted(k.path(string(v.B)))
		if !v.Term {
			b.add("...")
		}
	case decode.StrC:
		b.addQuoted(string(v.B))
		if !v.Term {
			b.add("...")
		}
	default:
		if !k.data {
			b.add("BUF")
			return
		}
		s := v.B
		if uint64(len(s)) > v.Len {
			s = s[:v.Len]
		}
		b.addQuoted(string(s))
		if uint64(len(s)) < v.Len {
			b.add("...")
		}
	}
}

// args writes the keys of args[from:to] separated by ", ", after n
// arguments already written; it leaves out the environment of execve and
// returns the number of arguments written in all.
func (k *keyer) args(b *keyBuf, c *decode.Call, from, to, n int) int {
	for i := from; i < to && i < len(c.Args); i++ {
		if c.Args[i] == nil {
			continue
		}
		name := ""
		if i < len(c.Names) {
			name = c.Names[i]
		}
		if name == k.skip && name != "" {
			continue
		}
		if n++; n > 1 {
			b.add(", ")
		}
		if name == "envp" && (c.Name == "execve" || c.Name == "execveat") {
			b.add("ENV")
			continue
		}
		if a, ok := noiseArgs[c.Name]; ok && a == name {
			b.add("BUF")
			continue
		}
		if c.Name == "futex" && name == "val" && k.isTid != nil {
			// pthread_join waits on the thread's tid.
			if v, ok := c.Args[i].(decode.Uint); ok && v > 0 && v < 1<<31 && k.isTid(int32(v)) {
				pidKey(b, int64(v))
				continue
			}
		}
		k.value(b, c.Args[i], name)
	}
	return n
}

// ret writes the key of a call's return value.
func (k *keyer) ret(b *keyBuf, c *decode.Call) {
	r := &c.Ret
	switch r.Kind {
	case decode.RetUnknown:
		b.add("?")
		return
	case decode.RetError, decode.RetRestart:
		b.add(decode.RenderRet(r, k.opts))
		return
	}
	switch {
	case noiseReturns[c.Name]:
		b.add("N")
	case addrReturns[c.Name]:
		b.add("ADDR")
	case pidReturns[c.Name]:
		pidKey(b, r.Raw)
	default:
		k.value(b, r.Val, "")
	}
	if r.Aux != "" {
		b.add(" (")
		b.add(k.text(r.Aux))
		b.add(")")
	}
}
