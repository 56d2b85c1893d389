package bpf

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// A record dump is the ring buffer's records as the reader got them,
// written by a recording run with MYTRACE_BPF_DUMP=FILE (a tool for work
// on the reader's speed, like MYTRACE_CPUPROFILE, not a user option): the
// reader's benchmark (BenchmarkReader) converts recorded streams without
// root or BPF. The file is zstd-compressed: a text line
//
//	mytrace-bpf-records 1 start=NS run=NS leader=PID str=N regs=0|1 verbose=0|1
//
// (start: the recording's time 0; run: when the launched command was
// announced and let go, both CLOCK_MONOTONIC ns),
// then each record as a little-endian uint32 length and its bytes.

const dumpMagic = "mytrace-bpf-records 1"

// dumpInfo is what a dump says of the recording it comes from.
type dumpInfo struct {
	startMono uint64 // CLOCK_MONOTONIC ns of the start (convOptions.startMono)
	run       uint64 // CLOCK_MONOTONIC ns when the command was announced
	leader    int32  // the launched command (0: attached)
	strLimit  int
	regs      bool
	verbose   bool
}

func (d dumpInfo) line() string {
	return fmt.Sprintf("%s start=%d run=%d leader=%d str=%d regs=%d verbose=%d\n", dumpMagic, d.startMono, d.run, d.leader, d.strLimit, b2i(d.regs), b2i(d.verbose))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dumpWriter writes a record dump.
type dumpWriter struct {
	f   *os.File
	enc *zstd.Encoder
	w   *bufio.Writer
	err error
}

// createDump starts a record dump in path.
func createDump(path string, info dumpInfo) (*dumpWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("record dump: %w", err)
	}
	enc, err := zstd.NewWriter(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("record dump: %w", err)
	}
	d := &dumpWriter{f: f, enc: enc, w: bufio.NewWriterSize(enc, 1<<20)}
	_, d.err = d.w.WriteString(info.line())
	return d, nil
}

// add writes one record.
func (d *dumpWriter) add(b []byte) {
	if d.err != nil {
		return
	}
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(len(b)))
	d.w.Write(n[:])
	_, d.err = d.w.Write(b)
}

// close ends the dump.
func (d *dumpWriter) close() error {
	err := d.err
	if e := d.w.Flush(); err == nil {
		err = e
	}
	if e := d.enc.Close(); err == nil {
		err = e
	}
	if e := d.f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("record dump: %w", err)
	}
	return nil
}

// readDump reads a record dump: what it says of its recording, and the
// records, one after the other in one buffer (each with its length
// before it, as in the file).
func readDump(r io.Reader) (dumpInfo, []byte, error) {
	var info dumpInfo
	dec, err := zstd.NewReader(r)
	if err != nil {
		return info, nil, fmt.Errorf("record dump: %w", err)
	}
	defer dec.Close()
	b, err := io.ReadAll(dec)
	if err != nil {
		return info, nil, fmt.Errorf("record dump: %w", err)
	}
	i := bytes.IndexByte(b, '\n')
	if i < 0 || !bytes.HasPrefix(b, []byte(dumpMagic+" ")) {
		return info, nil, errors.New("record dump: not a dump of records")
	}
	for _, f := range strings.Fields(string(b[len(dumpMagic):i])) {
		k, v, _ := strings.Cut(f, "=")
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return info, nil, fmt.Errorf("record dump: field %q: %w", f, err)
		}
		switch k {
		case "start":
			info.startMono = n
		case "run":
			info.run = n
		case "leader":
			info.leader = int32(n)
		case "str":
			info.strLimit = int(n)
		case "regs":
			info.regs = n != 0
		case "verbose":
			info.verbose = n != 0
		}
	}
	recs := b[i+1:]
	for p := recs; len(p) > 0; {
		if len(p) < 4 || len(p) < 4+int(binary.LittleEndian.Uint32(p)) {
			return info, nil, errors.New("record dump: cut short")
		}
		p = p[4+int(binary.LittleEndian.Uint32(p)):]
	}
	return info, recs, nil
}
