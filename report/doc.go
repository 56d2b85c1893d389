// Package report analyses replayed events: per-syscall statistics (strace
// -c's summary table) now, and trace diffs later.
//
// Stats counts in constant memory: one counter per syscall, nothing kept
// per event, so it can summarise a recording of any length in one pass.
// Time per call is measured from the recorded timestamps of the entry and
// exit stops (the elapsed time in the call as the tracer saw it, as strace
// -w measures); strace -c's default is the tracee's system CPU time
// instead. See docs/stats.md.
package report
