package session

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"

	"mytrace/format"
)

// When a recording is repacked (Result.ShouldRepack): the flush timer
// wrote at least repackMinTimer of its chunks with under 128 KiB of
// events (format.Writer.TimerChunks), and it holds at most
// repackMaxEvents events, so that rewriting it takes about a second at
// most (find's 98,296 events: 78 ms).
const (
	repackMinTimer  = 4
	repackMaxEvents = 2 << 20
)

// ShouldRepack says whether the recording is worth rewriting into full
// chunks (RepackFile): the flush timer cut many of its chunks small. A
// recording of a program that makes calls fast fills its chunks before
// the timer fires (or fills more than 128 KiB in 250 ms: dd of one byte
// at a time slowed down by pulling had 43 chunks of 100 to 235 KiB,
// repacked 1.5% smaller for 0.28 s and 27 MiB more memory), one that
// lasts under a second has few chunks anyway, and neither is touched.
func (r *Result) ShouldRepack() bool {
	return r.TimerChunks >= repackMinTimer && r.Events <= repackMaxEvents
}

// ErrNotRepackable: the output is not a regular file of its own (a
// device, a pipe, a symbolic link, a file with other hard links), which a
// renamed copy would not replace as it is.
var ErrNotRepackable = errors.New("not a regular file with one link")

// errInterrupted: a signal came while repacking.
var errInterrupted = errors.New("interrupted")

// RepackFile rewrites the complete trace file path into full chunks
// (format.Repack) and puts the copy in its place, if it is smaller. The
// copy is written next to the file and renamed over it: the file is
// whole at every moment, the old one until the rename and the new one
// after, so a recorder killed while repacking leaves the recording as it
// was (and the copy, named PATH.repack-*, to delete). An interrupt,
// termination or hangup while repacking abandons it. The copy gets the
// file's permission bits and owner. RepackFile reports whether it
// replaced the file.
func RepackFile(path string, opts ...format.WriterOption) (bool, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return false, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.Mode().IsRegular() || !ok || st.Nlink != 1 {
		return false, ErrNotRepackable
	}
	src, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".repack-*")
	if err != nil {
		return false, err
	}
	replaced := false
	defer func() {
		if !replaced {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		return false, err
	}
	if int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid() {
		if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil {
			return false, err
		}
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	var stop atomic.Bool
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sigs:
			stop.Store(true)
		case <-done:
		}
	}()
	in := &stoppable{r: bufio.NewReaderSize(src, 1<<20), stop: &stop}
	out := bufio.NewWriterSize(tmp, 1<<20)
	if _, err := format.Repack(out, in, opts...); err != nil {
		return false, err
	}
	if err := out.Flush(); err != nil {
		return false, err
	}
	nfi, err := tmp.Stat()
	if err != nil {
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if nfi.Size() >= fi.Size() || stop.Load() {
		return false, nil
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return false, err
	}
	replaced = true
	return true, nil
}

// stoppable reads r until stop is set.
type stoppable struct {
	r    *bufio.Reader
	stop *atomic.Bool
}

func (s *stoppable) Read(b []byte) (int, error) {
	if s.stop.Load() {
		return 0, fmt.Errorf("repacking: %w", errInterrupted)
	}
	return s.r.Read(b)
}
