// Package replay turns the raw events of a recording (read from a trace
// file, or streamed live from the recorder) back into an ordered stream
// of paired events: each syscall exit comes with the entry it ends, and
// every event with the task it belongs to. It follows the process tree as
// the recorder saw it: tasks joining (launch, fork, clone), exec'ing (with
// the tid change of a multi-threaded exec) and ending, and keeps the count
// of live tasks that decides strace's "[pid N]" prefix.
//
// Limits: the replayer knows nothing of what a syscall means; decoding is
// package decode's job. An entry whose exit was never recorded stays
// pending until the task's next entry or its end.
package replay
