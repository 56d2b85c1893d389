package report

// Calls tampered with by -e inject= and -e fault= count as calls of their
// syscall as strace -c counts them (an injected error is an error), and
// those whose result was made up or whose memory was poked (the calls
// strace marks "(INJECTED...)") also in Counter.Injected: the "injected"
// column (-U ...,injected) and the "injected" key of the JSON summary
// show them.

func init() {
	columnNames["injected"] = colInjected
}
