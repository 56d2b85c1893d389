package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of mytrace itself to the file named
// by MYTRACE_CPUPROFILE, if it is set: a tool for work on mytrace's speed
// (docs/performance.md), not a user option. It returns what stops it.
func startProfile() func() {
	path := os.Getenv("MYTRACE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "mytrace: MYTRACE_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "mytrace: MYTRACE_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
