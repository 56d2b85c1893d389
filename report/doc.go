// Package report analyses replayed events: per-syscall statistics
// (strace -c's summary table, and --latency, --top, --files), the diff of
// two recordings, and timeline exports for Perfetto.
//
// Stats counts in constant memory: one counter per syscall, nothing kept
// per event, so it can summarise a recording of any length in one pass.
// The time of a call is the system CPU time its process spent between the
// entry and exit stops when the recording has it (strace -c's measure),
// else, or with -w, the elapsed time between them. See docs/stats.md.
//
// Diff reduces each recording to its process tree and, per task, a
// sequence of normalized keys (no pids, addresses, times...), matches the
// trees, aligns the sequences, tells moves (timing) from changes, and
// renders only the lines it shows in a second reading. See docs/diff.md.
//
// Perfetto and PerfettoProto stream a recording as a timeline: Chrome
// Trace Event JSON, or Perfetto's protobuf trace format. See
// docs/export.md.
package report
