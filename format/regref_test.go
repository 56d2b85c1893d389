package format

import (
	"bytes"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var updateV4 = flag.Bool("update-v4", false, "rewrite testdata/v4.trace (only when the version-4 writer is new: the file pins what later readers must read)")

// randomRegs fills each register set with random values of random
// widths, and the segment registers and flags with what they hold.
func randomRegs(rng *rand.Rand, regs []Regs) {
	for i := range regs {
		for j := range regs[i] {
			regs[i][j] = rng.Uint64() >> uint(rng.Intn(64))
		}
		regs[i][RegCS], regs[i][RegSS], regs[i][RegEFLAGS] = 0x33, 0x2b, 0x246
	}
}

// encodeColumns encodes evs into the streams of a version-4 column
// chunk.
func encodeColumns(t *testing.T, evs []*Event) *colEncoder {
	t.Helper()
	c := &colEncoder{refs: true}
	c.reset()
	for _, e := range evs {
		if err := c.add(e, e.Time); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// decodeColumns decodes the version-4 streams of c to their end and
// returns the first error.
func decodeColumns(t *testing.T, c *colEncoder) error {
	t.Helper()
	d := colDecoder{refs: true}
	if err := d.init(c.appendRaw(nil)); err != nil {
		t.Fatal(err)
	}
	var e Event
	var err error
	for ok := true; ok && err == nil; {
		ok, err = d.next(&e)
	}
	return err
}

// regRefEvents makes syscall stops whose callee-saved registers hold what
// glibc's do: an argument of the call, a value another register had at
// the thread's previous stop, the value of another callee-saved register
// of the same stop, or something new; the exits leave them alone.
func regRefEvents(n int, seed int64) []*Event {
	rng := rand.New(rand.NewSource(seed))
	const threads = 2
	var regs [threads]Regs
	randomRegs(rng, regs[:])
	var evs []*Event
	t := int64(1000)
	for len(evs) < n {
		th := rng.Intn(threads)
		tid := int32(700 + th)
		r := &regs[th]
		prev := *r
		args := [6]uint64{uint64(rng.Intn(16)), 0x7ffd0000 + uint64(rng.Intn(64))*8, uint64(rng.Intn(4096)), 0, rng.Uint64(), prev[RegR9]}
		if rng.Intn(4) == 0 {
			args[2] = prev[RegRAX] // the previous call's result
		}
		for _, i := range []int{RegR15, RegR14, RegR13, RegR12, RegRBP, RegRBX} {
			switch rng.Intn(6) {
			case 0: // unchanged
			case 1:
				r[i] = args[rng.Intn(6)]
			case 2:
				r[i] = prev[rng.Intn(NumRegs)]
			case 3:
				if i > 0 {
					r[i] = r[rng.Intn(i)] // one decoded before it
				}
			case 4:
				r[i] = 0
			default:
				r[i] = 0x5600_0000_0000 + rng.Uint64()>>30
			}
		}
		nr := []uint64{0, 3, 72, 257, 262}[rng.Intn(5)]
		r[RegOrigRAX], r[RegRAX] = nr, enosys
		r[RegRDI], r[RegRSI], r[RegRDX] = args[0], args[1], args[2]
		r[RegR10], r[RegR8], r[RegR9] = args[3], args[4], args[5]
		if rng.Intn(3) == 0 {
			r[RegRIP] = 0x7f0000000000 + uint64(rng.Intn(32))*16
		}
		r[RegRCX], r[RegR11] = r[RegRIP], r[RegEFLAGS]
		entry := &Event{Kind: KindSyscallEntry, Tid: tid, Time: t, Arch: ArchX86_64, Nr: nr, Args: args, HasRegs: rng.Intn(30) != 0}
		if entry.HasRegs {
			entry.Regs = *r
		}
		t += int64(rng.Intn(5000))
		ret := int64(rng.Intn(100))
		if rng.Intn(3) == 0 {
			ret = 0x7f12_3400_0000 + int64(rng.Intn(1<<20))*4096 // mmap's
		}
		r[RegRAX] = uint64(ret)
		exit := &Event{Kind: KindSyscallExit, Tid: tid, Time: t, Arch: ArchX86_64, Nr: nr, Ret: ret, HasRegs: rng.Intn(30) != 0}
		if exit.HasRegs {
			exit.Regs = *r
		}
		t += int64(rng.Intn(5000))
		evs = append(evs, entry, exit)
	}
	return evs
}

func isArgReg(k int) bool {
	switch k {
	case RegRDI, RegRSI, RegRDX, RegR10, RegR8, RegR9:
		return true
	}
	return false
}

// TestRegRefs: version 4 stores a callee-saved register the event
// already holds, and an argument of the thread's previous call, as a
// reference, of each kind, and reads every argument and register back
// as it was; version 3 stores the same events without references.
// Version 4's argument and register bytes are fewer.
func TestRegRefs(t *testing.T) {
	evs := regRefEvents(4000, 3)
	c := encodeColumns(t, evs)
	kinds := map[string]int{}
	for _, ref := range c.s[colRegRef] {
		switch {
		case ref == regRefRaw:
			kinds["raw"]++
		case ref < regRefCur && isArgReg(int(ref-regRefPred)):
			kinds["argument"]++
		case ref < regRefCur:
			kinds["previous"]++
		case ref < regRefEnd:
			kinds["this stop"]++
		default:
			t.Errorf("reference %d out of range", ref)
		}
	}
	for _, ref := range c.s[colArgRef] {
		switch {
		case ref < argRefRet:
			kinds["previous call's argument"]++
		case ref == argRefRet:
			kinds["previous call's result"]++
		default:
			t.Errorf("argument reference %d out of range", ref)
		}
	}
	for _, k := range []string{"raw", "argument", "previous", "this stop", "previous call's argument", "previous call's result"} {
		if kinds[k] == 0 {
			t.Errorf("no reference of kind %s: %v", k, kinds)
		}
	}
	regBytes := func(data []byte) int {
		n := 0
		for _, ch := range traceChunks(t, data) {
			for _, s := range ch.Streams {
				if s.ID >= colReg0 || s.ID >= colArg0 && s.ID <= colArg5 {
					n += s.Stored
				}
			}
		}
		return n
	}
	var sizes [2]int
	for i, v := range []int{3, 4} {
		// Both kinds of reference, against what version 3 stores of the
		// same: the arguments and the registers.
		data := writeTrace(t, evs, WithVersion(v), withColumnsAlways(), WithChunkSize(64<<10))
		got, err := readAll(t, data)
		if err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		sameEvents(t, "register references", got, evs)
		sizes[i] = regBytes(data)
	}
	if sizes[1] >= sizes[0] {
		t.Errorf("argument and register streams: %d bytes in version 4, %d in version 3", sizes[1], sizes[0])
	}
}

// TestRegRefBad: a reference to no register a reader may use (rcx, r11,
// a register decoded after the one it is for, past the codes), to no
// argument, or a mask naming arguments past the sixth, is a corrupt
// chunk, said as an error.
func TestRegRefBad(t *testing.T) {
	c := encodeColumns(t, regRefEvents(200, 4))
	c.finish()
	type corruption struct {
		id  int
		bad byte
	}
	var bads []corruption
	for _, b := range []byte{regRefPred + RegRCX, regRefPred + RegR11, regRefCur + RegRBX, regRefEnd, 255} {
		// The first reference is of a register whose code b is not
		// allowed for (a register before rbx, for regRefCur+rbx).
		bads = append(bads, corruption{colRegRef, b})
	}
	for _, b := range []byte{argRefEnd, 255} {
		bads = append(bads, corruption{colArgRef, b})
	}
	for _, b := range []byte{1 << 6, 1 << 7} {
		bads = append(bads, corruption{colArgMask, b})
	}
	saved := map[int][]byte{}
	for _, id := range []int{colRegRef, colArgRef, colArgMask} {
		saved[id] = append([]byte(nil), c.s[id]...)
		if len(saved[id]) == 0 {
			t.Fatalf("no stream %s", StreamName(id))
		}
	}
	for _, b := range bads {
		for id, s := range saved {
			copy(c.s[id], s)
		}
		// The first byte that is not 0 (the first mask naming an
		// argument).
		i := 0
		for b.id == colArgMask && c.s[b.id][i] == 0 {
			i++
		}
		c.s[b.id][i] = b.bad
		if decodeColumns(t, c) == nil {
			t.Errorf("%s %d: no error", StreamName(b.id), b.bad)
		}
	}
}

// v4Events: regRefEvents, with descriptors events among them.
func v4Events() []*Event {
	evs := regRefEvents(3000, 15)
	fds := fdEvents()
	var out []*Event
	for i, e := range evs {
		out = append(out, e)
		if i%100 == 99 && len(fds) > 0 {
			f := fds[0]
			fds = fds[1:]
			f.Tid, f.Time = e.Tid, e.Time
			out = append(out, f)
		}
	}
	return out
}

// TestFormatFileV4: testdata/v4.trace, written by the first version-4
// writer from v4Events (times in µs, 32 KiB chunks), reads back as
// those events; -update-v4 rewrites it.
func TestFormatFileV4(t *testing.T) {
	name := filepath.Join("testdata", "v4.trace")
	want := truncated(v4Events(), time.Microsecond)
	if *updateV4 {
		h := testHeader()
		h.TimeUnit = time.Microsecond
		data := writeTraceHeader(t, h, want, WithVersion(4), WithChunkSize(32<<10))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Header().Version; v != 4 {
		t.Fatalf("version %d", v)
	}
	got, err := readAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	sameEvents(t, "v4.trace", got, want)
	raw := map[int]int{}
	for _, ch := range traceChunks(t, data) {
		for _, s := range ch.Streams {
			raw[s.ID] += s.Raw
		}
	}
	for _, id := range []int{colRegRef, colArgMask, colArgRef, colFdPre} {
		if raw[id] == 0 {
			t.Errorf("no stream %s in v4.trace", StreamName(id))
		}
	}
}

// fdEvents makes descriptors events as a program that walks directories
// notes them: paths that share their start with the one before, all of
// it, none of it, a shorter one, empty ones, sockets with details.
func fdEvents() []*Event {
	paths := []string{"/usr/share/doc", "/usr/share/doc/bash", "/usr/share/doc/bash/README", "/usr/share/doc/bash",
		"/usr/share/doc/bash", "", "/etc/passwd", "/", "socket:[123]", "socket:[1234]", "/usr/lib/x86_64-linux-gnu/libc.so.6",
		"/usr/lib/x86_64-linux-gnu/libm.so.6", "pipe:[77]", "/usr/lib"}
	var evs []*Event
	for i, p := range paths {
		e := &Event{Kind: KindFds, Tid: 9, Time: int64(i) * 1000, Fds: []FdPath{{Fd: int32(3 + i%4), Path: []byte(p)}}}
		if p == "socket:[123]" {
			e.Fds[0].Sock = []byte("TCP:[127.0.0.1:80->127.0.0.1:4321]")
			e.Fds = append(e.Fds, FdPath{Fd: 9, Path: []byte("socket:[124]")}, FdPath{Fd: 10, Path: []byte("/dev/null")})
		}
		if i == 5 {
			e.FdsSnapshot = true
			e.Fds = append(e.Fds, FdPath{Fd: 0, Path: []byte("/dev/pts/0")}, FdPath{Fd: 1, Path: []byte("/dev/pts/0")})
		}
		evs = append(evs, e)
	}
	return evs
}

// TestFdPathPrefix: version 4 stores a descriptor path as what it adds to
// the start of the chunk's previous one, and reads every path back;
// version 3 reads the same events back from whole paths.
func TestFdPathPrefix(t *testing.T) {
	evs := fdEvents()
	var strBytes [2]int
	for i, v := range []int{3, 4} {
		data := writeTrace(t, evs, WithVersion(v), withColumnsAlways())
		got, err := readAll(t, data)
		if err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		sameEvents(t, "descriptor paths", got, evs)
		prefixes := 0
		for _, ch := range traceChunks(t, data) {
			for _, s := range ch.Streams {
				switch s.ID {
				case colMStr:
					strBytes[i] += s.Raw
				case colFdPre:
					prefixes += s.Raw
				}
			}
		}
		if (prefixes > 0) != (v >= 4) {
			t.Errorf("version %d: %d bytes of path prefixes", v, prefixes)
		}
	}
	if strBytes[1] >= strBytes[0] {
		t.Errorf("strings: %d bytes in version 4, %d in version 3", strBytes[1], strBytes[0])
	}
	// A prefix longer than the previous path, or than the path, is a
	// corrupt chunk.
	c := encodeColumns(t, evs[:3])
	c.finish()
	for i, bad := range []byte{15, 40} {
		// The second path (19 bytes) said to share 15 with the first
		// (14); the third (26) 40 with the second.
		pre := append([]byte(nil), c.s[colFdPre]...)
		c.s[colFdPre][i+1] = bad
		if decodeColumns(t, c) == nil {
			t.Errorf("prefix %d for path %d: no error", bad, i+1)
		}
		copy(c.s[colFdPre], pre)
	}
}
