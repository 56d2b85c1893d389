//go:build !linux

package main

import "os"

// isTerminal reports whether f is a terminal; elsewhere than Linux, where
// nothing is traced, output is treated as a file.
func isTerminal(f *os.File) bool { return false }

// sharedOutput: elsewhere than Linux nothing is traced.
func sharedOutput(f *os.File) bool { return false }
