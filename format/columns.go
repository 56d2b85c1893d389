package format

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"

	"github.com/klauspost/compress/zstd"
)

// Column chunks (codec CodecColumns, format versions 2 to 4; docs/format.md).
//
// A chunk's events are split into streams of like fields (thread slots,
// time deltas, syscall numbers, each argument, results, register deltas,
// memory region headers, strings, binary memory, directory entries...)
// and each stream is compressed on its own: numbers of one kind next to
// each other compress far better than events one after the other, whose
// fields have nothing in common. Some fields are also coded against what
// the chunk said before (an exit against its call's entry, registers
// against the thread's previous ones, a directory entry's padding
// against what the buffer held before), never against an earlier chunk,
// so a chunk still decodes on its own.
//
// The Writer encodes on the caller's thread (the recorder's), where the
// streams cost no more than version 1's events one after the other:
// directory entries are only copied there, and split into their fields
// by finish on the compressing goroutine, with the compression.
//
// Syscall entries and exits, nearly all of a trace, are spread over the
// streams field by field. Other kinds keep their version-1 body (after
// the thread and time) in the rows stream, with its length, so a reader
// skips kinds it does not know and fields it does not know, as in
// version 1. A reader also ignores streams it does not know: a field
// added to syscall events goes in a new stream, flagged in the event's
// flags.

// Stream ids. A column chunk lists the streams it has by id.
const (
	colKind    = 1 + iota          // kind, 1 byte an event
	colTid                         // thread: 0 as the previous event, k the chunk's k-th thread, one more than the threads known: a new one
	colTidNew                      // a new thread's id, uvarint
	colGap0                        // time since the previous event (in the header's unit, version 3): low byte...
	colGap1                        // ... middle byte
	colGap2                        // ... high byte (0xffffff in all three: the value is in colTimeBig)
	colDur0                        // a syscall exit's time since its entry, likewise
	colDur1                        //
	colDur2                        //
	colTimeBig                     // times that do not fit in 24 bits, uvarint
	colFlags                       // syscall event flags (cf*), 1 byte
	colArch                        // arch, uvarint, when not implied
	colNr                          // syscall number, uvarint: every entry, exits when not implied
	colArg0                        // argument i of an entry, uvarint
	colArg1                        //
	colArg2                        //
	colArg3                        //
	colArg4                        //
	colArg5                        //
	colRet                         // return value, varint; then, flagged cfKVMExit, the KVM exit reason (Event.KVMExit), uvarint
	colRegMask                     // register delta mask, uvarint (regs.go)
	colSTime                       // system time: varint µs delta, or uvarint ns when whole
	colNMem                        // regions of a syscall event, uvarint
	colMAddr                       // region address: 0 explicit (colMAddrX), k the call's argument k
	colMAddrX                      // explicit region address, uvarint
	colMLen                        // region's asked length, uvarint
	colMFlags                      // region flags, 1 byte
	colMDLen                       // region data length: of a string uvarint, otherwise asked length minus it
	colMLayout                     // region layout (lay*), 1 byte, when flagged cfLayout
	colMStr                        // string region data
	colMBin                        // other region data
	colMStack                      // stack copies (-k)
	colDIno                        // directory entries (layDirent64): d_ino delta, varint
	colDOff                        // d_off, 8 bytes little-endian
	colDType                       // d_type, 1 byte
	colDName                       // d_name and its NUL
	colDRec                        // d_reclen minus the shortest 8-aligned record for the name, varint
	colDPad                        // bytes between the name's NUL and the record's end
	colTamper                      // tamper records (as version 1's)
	colRows                        // bodies of other kinds: length uvarint, then the version-1 body after tid and time
	colFds                         // descriptors events: flags, count, then each descriptor's number and path length (and socket details' length); the bytes in colMStr
	colReg0                        // register i (Regs order) of a delta, when it differs from the prediction: uvarint of it (regRaw) or of it XOR the prediction
	colRegRef  = colReg0 + NumRegs // version 4: for each regRaw register a delta names, where its value is (regRef*)
	colArgMask = colRegRef + 1     // version 4: of each entry, which arguments are references (bit i: argument i), 1 byte
	colArgRef  = colArgMask + 1    // version 4: for each of them, where its value is (argRef*), 1 byte
	colFdPre   = colArgRef + 1     // version 4: of each descriptor path, the bytes it shares with the start of the chunk's previous one (uvarint); the rest is in colMStr
	numCols    = colFdPre + 1
)

// Argument references (colArgMask, colArgRef, version 4). An argument
// often repeats one of the thread's previous call (a buffer, a
// descriptor, a register the program left alone: r9 of a call of fewer
// arguments) or the result of its previous call (the descriptor open
// returned), in another argument's place or in the same one with
// other calls' values between them in its stream. A reference says
// which, in a byte, where the value takes up to ten; the arguments
// given as values stay in their streams. Only the thread's events
// earlier in the chunk are named, never its registers, so a reader that
// skips the registers still reads the arguments.
const (
	argRefArg = 0 // argRefArg+k: argument k of the thread's previous call in the chunk
	argRefRet = 6 // the result of the thread's previous call in the chunk
	argRefEnd = 7
	// argRefMin: smaller values are stored as they are, in a byte or
	// two, with no reference
	argRefMin = 0x100
)

// Register references (colRegRef, version 4). A callee-saved register
// (regRaw) that a delta stores often holds a value the event has already
// given: an argument of the call (glibc keeps a cancellable call's
// descriptor or pointer in rbx or r12 across the call), a register of
// the thread's previous snapshot (values move between registers from
// one call to the next), or another callee-saved register of the same
// snapshot. One byte says which, and only a value found nowhere goes to
// the register's stream: about half of these registers' bytes, and a
// tenth of a recording of find (docs/format.md).
const (
	regRefRaw  = 0           // the value is in the register's stream
	regRefPred = 1           // regRefPred+k: the prediction of register k (an argument, or the previous snapshot's)
	regRefCur  = 1 + NumRegs // regRefCur+k: register k of this snapshot, k before the register in Regs order
	regRefEnd  = regRefCur + NumRegs
)

// regRefOrder is the order in which the encoder looks for a register's
// value among the prediction's: the arguments first, whose registers
// hold the event's own values, then the others. rcx and r11 are left
// out: their prediction is only known once rip and eflags are.
var regRefOrder = func() []int {
	o := []int{RegRDI, RegRSI, RegRDX, RegR10, RegR8, RegR9}
	for k := 0; k < NumRegs; k++ {
		switch k {
		case RegRDI, RegRSI, RegRDX, RegR10, RegR8, RegR9, RegRCX, RegR11:
		default:
			o = append(o, k)
		}
	}
	return o
}()

// regRaw: the registers whose value a delta stores as it is, not XOR
// its prediction: the callee-saved ones, which hold the program's own
// values (pointers, counters) that come back again and again, as they
// are, while the XOR with the thread's previous value does not.
const regRaw = 1<<RegR15 | 1<<RegR14 | 1<<RegR13 | 1<<RegR12 | 1<<RegRBP | 1<<RegRBX

var regNames = [NumRegs]string{"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs"}

// colNames names the streams, for diagnostics (StreamName).
var colNames = [colReg0]string{
	colKind: "kind", colTid: "tid", colTidNew: "tid-new",
	colGap0: "gap0", colGap1: "gap1", colGap2: "gap2",
	colDur0: "dur0", colDur1: "dur1", colDur2: "dur2", colTimeBig: "time-big",
	colFlags: "flags", colArch: "arch", colNr: "nr",
	colArg0: "arg0", colArg1: "arg1", colArg2: "arg2", colArg3: "arg3", colArg4: "arg4", colArg5: "arg5",
	colRet: "ret", colRegMask: "reg-mask", colSTime: "stime",
	colNMem: "mem-count", colMAddr: "mem-addr", colMAddrX: "mem-addr-x", colMLen: "mem-len",
	colMFlags: "mem-flags", colMDLen: "mem-dlen", colMLayout: "mem-layout",
	colMStr: "mem-str", colMBin: "mem-bin", colMStack: "mem-stack",
	colDIno: "dent-ino", colDOff: "dent-off", colDType: "dent-type", colDName: "dent-name",
	colDRec: "dent-reclen", colDPad: "dent-pad",
	colTamper: "tamper", colRows: "rows", colFds: "fds",
}

// StreamName names a stream of a column chunk ("nr", "mem-str"...), or
// gives its number if this reader does not know it.
func StreamName(id int) string {
	switch id {
	case colRegRef:
		return "reg-ref"
	case colArgMask:
		return "arg-mask"
	case colArgRef:
		return "arg-ref"
	case colFdPre:
		return "fd-prefix"
	}
	if id >= colReg0 && id < colRegRef {
		return "reg-" + regNames[id-colReg0]
	}
	if id > 0 && id < numCols {
		return colNames[id]
	}
	return fmt.Sprintf("stream%d", id)
}

// Syscall event flags in column chunks.
const (
	cfRegs     = 1 << 0 // registers, as a delta (colRegMask, colReg0+i)
	cfError    = 1 << 1 // the kernel reported an error
	cfSTime    = 1 << 2 // system time whole, uvarint ns in colSTime
	cfTampered = 1 << 3 // a tamper record in colTamper
	cfSTimeD   = 1 << 4 // system time as a delta, varint µs in colSTime
	cfCall     = 1 << 5 // entry: arch in colArch; exit: arch and nr in colArch and colNr
	cfLayout   = 1 << 6 // each region has a layout byte in colMLayout
	cfKVMExit  = 1 << 7 // exit: Event.KVMExit follows the result in colRet
)

// Region layouts (colMLayout).
const (
	layRaw      = 0 // data as is in colMStr, colMBin or colMStack
	layDirent64 = 1 // linux_dirent64 records, split into the colD* streams
)

// timeEscape in the three bytes of a time says the value is in colTimeBig.
const timeEscape = 1<<24 - 1

// Syscalls whose exit memory is directory entries (layDirent64).
const (
	nrGetdents64X86_64 = 217
	nrGetdents64I386   = 220
	x32Bit             = 0x40000000
)

// colThread is what a chunk said last of one thread.
type colThread struct {
	tid  int32
	pend bool // an entry in the chunk whose exit has not come yet
	// the pending entry
	pTime int64
	pArch uint32
	pNr   uint64
	pArgs [6]uint64 // the thread's last call in the chunk (pend or not)
	ret   int64     // the thread's last result in the chunk
	// registers and system time (regs.go)
	regs     Regs
	hasRegs  bool
	stime    uint64
	hasSTime bool
}

// colState is the context both sides of a column chunk keep: the
// threads seen in the chunk, the previous event's time, and what its
// directory entries were. It starts empty in every chunk.
type colState struct {
	threads  []colThread
	idx      map[int32]int
	lastSlot int // the previous event's thread slot, -1 at the start
	prevTime int64
	prevIno  uint64
	// prevPath: the chunk's last descriptor path (version 4: the next
	// one is stored as what it adds to its start)
	prevPath []byte
	// shadows: what the chunk's directory entries left at each buffer
	// address (the latest over the earlier ones' tails): a record's
	// padding is what the buffer held before, stored XOR it.
	shadows map[uint64][]byte
}

// shadow returns what the chunk's directory entries left at addr.
func (s *colState) shadow(addr uint64) []byte { return s.shadows[addr] }

// setShadow notes that data was written at addr.
func (s *colState) setShadow(addr uint64, data []byte) {
	img := s.shadows[addr]
	if len(img) >= len(data) {
		copy(img, data)
		return
	}
	s.shadows[addr] = append(img[:0], data...)
}

func (s *colState) reset() {
	s.threads = s.threads[:0]
	if s.idx == nil {
		s.idx = make(map[int32]int)
	}
	clear(s.idx)
	s.lastSlot = -1
	s.prevTime = 0
	s.prevIno = 0
	s.prevPath = s.prevPath[:0]
	if s.shadows == nil {
		s.shadows = make(map[uint64][]byte)
	}
	clear(s.shadows)
}

// colEncoder turns events into the streams of one column chunk.
type colEncoder struct {
	st      colState
	refs    bool // version 4: references (colRegRef, colArgMask, colArgRef, colFdPre)
	s       [numCols][]byte
	size    int // bytes in the streams
	events  int
	regions []byte // scratch: layouts of the current event's regions
	packed  []byte
	info    []StreamInfo
	// Directory entries, as read, until finish splits them into their
	// streams: the caller's thread only copies them.
	dents   []dentRegion
	dentRaw []byte
}

// dentRegion is a region of directory entries waiting in dentRaw.
type dentRegion struct {
	addr uint64
	n    int
}

func (c *colEncoder) reset() {
	c.st.reset()
	for i := range c.s {
		c.s[i] = c.s[i][:0]
	}
	c.size, c.events = 0, 0
	c.dents, c.dentRaw = c.dents[:0], c.dentRaw[:0]
}

func (c *colEncoder) uv(id int, v uint64) {
	s := &c.s[id]
	if v < 0x80 {
		*s = append(*s, byte(v))
		c.size++
		return
	}
	n := len(*s)
	*s = binary.AppendUvarint(*s, v)
	c.size += len(*s) - n
}

func (c *colEncoder) sv(id int, v int64) { c.uv(id, zigzag(v)) }

func (c *colEncoder) b1(id int, v byte) {
	c.s[id] = append(c.s[id], v)
	c.size++
}

func (c *colEncoder) raw(id int, b []byte) {
	c.s[id] = append(c.s[id], b...)
	c.size += len(b)
}

// zigzag and unzigzag map signed numbers to unsigned ones as Go's varint
// does (0, -1, 1, -2... to 0, 1, 2, 3...).
func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// time3 appends a time delta to the three byte streams from base.
func (c *colEncoder) time3(base int, v uint64) {
	x := v
	if v >= timeEscape {
		x = timeEscape
		c.uv(colTimeBig, v)
	}
	c.s[base] = append(c.s[base], byte(x))
	c.s[base+1] = append(c.s[base+1], byte(x>>8))
	c.s[base+2] = append(c.s[base+2], byte(x>>16))
	c.size += 3
}

// errChunkFull says an event does not fit in what is left of a chunk.
var errChunkFull = errors.New("chunk full")

// add appends e to the streams, with t its time as stored (in the
// Writer's unit). If e does not fit the format it returns
// ErrEventTooLarge, and if it might not fit in what is left of the chunk
// errChunkFull, and leaves the streams as they were.
func (c *colEncoder) add(e *Event, t int64) error {
	n, err := c.prepare(e)
	if err != nil {
		return err
	}
	if c.events > 0 && c.size+n > MaxChunkSize-maxDirectory {
		return errChunkFull
	}
	st := &c.st
	c.events++
	c.b1(colKind, byte(e.Kind))
	// Thread.
	slot, ok := st.idx[e.Tid]
	switch {
	case ok && slot == st.lastSlot:
		c.uv(colTid, 0)
	case ok:
		c.uv(colTid, uint64(slot)+1)
	default:
		slot = len(st.threads)
		st.idx[e.Tid] = slot
		st.threads = append(st.threads, colThread{tid: e.Tid})
		c.uv(colTid, uint64(slot)+1)
		c.uv(colTidNew, uint64(uint32(e.Tid)))
	}
	st.lastSlot = slot
	th := &st.threads[slot]
	// Time.
	if e.Kind == KindSyscallExit && th.pend {
		c.time3(colDur0, zigzag(t-th.pTime))
	} else {
		c.time3(colGap0, zigzag(t-st.prevTime))
	}
	st.prevTime = t
	switch e.Kind {
	case KindSyscallEntry, KindSyscallExit:
		c.addSyscall(e, th, t)
	case KindFds:
		c.addFds(e)
	default:
		c.addRow(e)
	}
	return nil
}

// prepare checks that e fits the format and returns a bound on the bytes
// its encoding takes; for a syscall event it also chooses the layout of
// each region (c.regions).
func (c *colEncoder) prepare(e *Event) (int, error) {
	n := 64
	switch e.Kind {
	case KindSyscallEntry, KindSyscallExit:
		if len(e.Mem)+e.stackRegions() > MaxRegions {
			return 0, ErrEventTooLarge
		}
		n += 32*NumRegs + 256
		if e.HasStack {
			n += 32 + min(len(e.Stack), MaxRegionSize)
		}
		c.regions = c.regions[:0]
		for i := range e.Mem {
			r := &e.Mem[i]
			if len(r.Data) > MaxRegionSize || uint64(len(r.Data)) > r.Len {
				return 0, ErrEventTooLarge
			}
			// Directory entries take the bytes of their names and
			// padding, 8 of their offset and at most 13 more.
			n += 32 + 2*len(r.Data)
			c.regions = append(c.regions, regionLayout(e, r))
		}
		if e.Tamper.Flags != 0 {
			n += 64
			for i := range e.Tamper.Pokes {
				n += 64 + len(e.Tamper.Pokes[i].Data)
			}
		}
	case KindFds:
		if len(e.Fds) > MaxFds {
			return 0, ErrEventTooLarge
		}
		for i := range e.Fds {
			f := &e.Fds[i]
			if len(f.Path) > MaxFdPath || len(f.Sock) > MaxFdPath {
				return 0, ErrEventTooLarge
			}
			n += 16 + len(f.Path) + len(f.Sock)
		}
	case KindMaps:
		if !mapsFit(e) {
			return 0, ErrEventTooLarge
		}
		for i := range e.Maps {
			n += 96 + len(e.Maps[i].Path) + len(e.Maps[i].BuildID)
		}
	case KindSignal, KindGroupStop:
		n += SiginfoSize + NumRegs*8 + 32 + min(len(e.Stack), MaxRegionSize)
	}
	if n > MaxChunkSize/2 {
		return 0, ErrEventTooLarge
	}
	return n, nil
}

// addRow appends the version-1 body of an event of another kind to the
// rows stream, after its length.
func (c *colEncoder) addRow(e *Event) {
	rows := c.s[colRows]
	n := len(rows)
	rows = append(rows, 0, 0, 0, 0, 0)
	start := len(rows)
	rows, _ = appendBody(rows, e, nil) // prepare made sure it fits
	// The length goes before the body: move the body to close the gap.
	body := len(rows) - start
	var lb [binary.MaxVarintLen64]byte
	l := binary.PutUvarint(lb[:], uint64(body))
	copy(rows[n+l:], rows[start:])
	copy(rows[n:], lb[:l])
	c.s[colRows] = rows[:n+l+body]
	c.size += l + body
}

// addFds appends a descriptors event: numbers and lengths to colFds,
// paths and socket details with the other strings, where the names the
// calls were given (the path of an openat, a directory's entries) are
// close by.
func (c *colEncoder) addFds(e *Event) {
	var fl byte
	if e.FdsSnapshot {
		fl |= evFdSnapshot
	}
	for i := range e.Fds {
		if e.Fds[i].Sock != nil {
			fl |= evFdSock
		}
	}
	c.b1(colFds, fl)
	c.uv(colFds, uint64(len(e.Fds)))
	for i := range e.Fds {
		f := &e.Fds[i]
		c.uv(colFds, uint64(uint32(f.Fd)))
		c.uv(colFds, uint64(len(f.Path)))
		if c.refs {
			// A path is mostly its directory's, which the chunk's
			// previous path often starts with (find opens one
			// directory after another, a program its files one by
			// one): only what it adds goes to colMStr.
			prev := c.st.prevPath
			n := 0
			for n < len(f.Path) && n < len(prev) && f.Path[n] == prev[n] {
				n++
			}
			c.uv(colFdPre, uint64(n))
			c.raw(colMStr, f.Path[n:])
			c.st.prevPath = append(prev[:0], f.Path...)
		} else {
			c.raw(colMStr, f.Path)
		}
		if fl&evFdSock != 0 {
			c.uv(colFds, uint64(len(f.Sock)))
			c.raw(colMStr, f.Sock)
		}
	}
}

func (c *colEncoder) addSyscall(e *Event, th *colThread, t int64) {
	entry := e.Kind == KindSyscallEntry
	var fl byte
	if e.HasRegs {
		fl |= cfRegs
	}
	if e.IsError {
		fl |= cfError
	}
	var prevST uint64
	if th.hasSTime {
		prevST = th.stime
	}
	dst, sdelta := stimeDelta(e, prevST)
	if sdelta {
		fl |= cfSTimeD
	} else if e.HasSTime {
		fl |= cfSTime
	}
	if e.Tamper.Flags != 0 {
		fl |= cfTampered
	}
	if e.KVMExit != 0 && !entry {
		fl |= cfKVMExit
	}
	// The call's arguments, for region addresses: an exit's come from its
	// entry, if the chunk has it.
	var callArgs *[6]uint64
	if entry {
		if e.Arch != ArchX86_64 {
			fl |= cfCall
		}
		callArgs = &e.Args
	} else {
		if !th.pend || th.pArch != e.Arch || th.pNr != e.Nr {
			fl |= cfCall
		}
		if th.pend {
			callArgs = &th.pArgs
		}
	}
	for _, l := range c.regions {
		if l != layRaw {
			fl |= cfLayout
			break
		}
	}
	c.b1(colFlags, fl)
	if fl&cfCall != 0 {
		c.uv(colArch, uint64(e.Arch))
	}
	if entry {
		c.uv(colNr, e.Nr)
		if c.refs {
			c.args(e, th)
		} else {
			for i, a := range e.Args {
				c.uv(colArg0+i, a)
			}
		}
	} else {
		if fl&cfCall != 0 {
			c.uv(colNr, e.Nr)
		}
		c.sv(colRet, e.Ret)
		if fl&cfKVMExit != 0 {
			c.uv(colRet, uint64(e.KVMExit))
		}
	}
	if e.HasRegs {
		var prev *Regs
		if th.hasRegs {
			prev = &th.regs
		}
		c.regsDelta(e, prev)
	}
	if sdelta {
		c.sv(colSTime, dst)
	} else if e.HasSTime {
		c.uv(colSTime, e.STime)
	}
	c.uv(colNMem, uint64(len(e.Mem)+e.stackRegions()))
	if e.HasStack {
		data := e.Stack
		if len(data) > MaxRegionSize {
			data = data[:MaxRegionSize]
		}
		c.region(&Region{Addr: e.StackAddr, Len: uint64(len(data)), Flags: MemStack, Data: data}, callArgs, layRaw, fl)
	}
	for i := range e.Mem {
		c.region(&e.Mem[i], callArgs, c.regions[i], fl)
	}
	if e.Tamper.Flags != 0 {
		n := len(c.s[colTamper])
		c.s[colTamper] = e.Tamper.append(c.s[colTamper])
		c.size += len(c.s[colTamper]) - n
	}
	// What the chunk now knows of the thread.
	if entry {
		th.pend, th.pTime, th.pArch, th.pNr, th.pArgs = true, t, e.Arch, e.Nr, e.Args
	} else {
		th.pend, th.ret = false, e.Ret
	}
	if e.HasRegs {
		th.regs, th.hasRegs = e.Regs, true
	}
	if e.HasSTime {
		th.stime, th.hasSTime = e.STime, true
	}
}

// args appends an entry's arguments, those found in the thread's
// previous call as references (version 4).
func (c *colEncoder) args(e *Event, th *colThread) {
	var mask byte
	var refs [6]byte
	for i, a := range e.Args {
		ref := byte(argRefEnd)
		if a >= argRefMin {
			for k, p := range th.pArgs {
				if p == a {
					ref = byte(argRefArg + k)
					break
				}
			}
			if ref == argRefEnd && uint64(th.ret) == a {
				ref = argRefRet
			}
		}
		if ref == argRefEnd {
			c.uv(colArg0+i, a)
			continue
		}
		mask |= 1 << i
		refs[i] = ref
	}
	c.b1(colArgMask, mask)
	for m := mask; m != 0; m &= m - 1 {
		c.b1(colArgRef, refs[bits.TrailingZeros8(m)])
	}
}

// regsDelta appends e's registers as a delta against prev (regs.go):
// the mask to colRegMask, each register that differs to its stream.
func (c *colEncoder) regsDelta(e *Event, prev *Regs) {
	var p Regs
	predict(&p, prev, e)
	final(&p, &e.Regs)
	var mask uint64
	for i := range e.Regs {
		if e.Regs[i] != p[i] {
			mask |= 1 << i
		}
	}
	c.uv(colRegMask, mask)
	for m := mask; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		switch {
		case regRaw&(1<<i) == 0:
			c.uv(colReg0+i, e.Regs[i]^p[i])
		case c.refs:
			ref := regRef(&p, &e.Regs, i)
			c.b1(colRegRef, ref)
			if ref == regRefRaw {
				c.uv(colReg0+i, e.Regs[i])
			}
		default:
			c.uv(colReg0+i, e.Regs[i])
		}
	}
}

// regRef says where the value of register i of r is found (colRegRef),
// given the prediction p.
func regRef(p, r *Regs, i int) byte {
	v := r[i]
	for _, k := range regRefOrder {
		if p[k] == v && k != i {
			return byte(regRefPred + k)
		}
	}
	for k := 0; k < i; k++ {
		if r[k] == v {
			return byte(regRefCur + k)
		}
	}
	return regRefRaw
}

// region appends one memory region.
func (c *colEncoder) region(r *Region, callArgs *[6]uint64, layout byte, fl byte) {
	code := 0
	if callArgs != nil {
		for i, a := range callArgs {
			if a == r.Addr {
				code = i + 1
				break
			}
		}
	}
	c.uv(colMAddr, uint64(code))
	if code == 0 {
		c.uv(colMAddrX, r.Addr)
	}
	c.uv(colMLen, r.Len)
	c.b1(colMFlags, r.Flags)
	if r.Flags&MemString != 0 {
		c.uv(colMDLen, uint64(len(r.Data)))
	} else {
		c.uv(colMDLen, r.Len-uint64(len(r.Data)))
	}
	if fl&cfLayout != 0 {
		c.b1(colMLayout, layout)
	}
	switch {
	case layout == layDirent64:
		// Split into fields by finish, on the compressing goroutine.
		c.dents = append(c.dents, dentRegion{addr: r.Addr, n: len(r.Data)})
		c.dentRaw = append(c.dentRaw, r.Data...)
		c.size += len(r.Data)
	case r.Flags&MemStack != 0:
		c.raw(colMStack, r.Data)
	case r.Flags&MemString != 0:
		c.raw(colMStr, r.Data)
	default:
		c.raw(colMBin, r.Data)
	}
}

// direntHdr is offsetof(struct linux_dirent64, d_name).
const direntHdr = 19

// regionLayout says how region r of event e is best stored: the
// directory entries getdents64 returns field by field, anything else as
// it is.
func regionLayout(e *Event, r *Region) byte {
	if e.Kind != KindSyscallExit || r.Flags != 0 {
		return layRaw
	}
	switch {
	case e.Arch == ArchX86_64 && (e.Nr == nrGetdents64X86_64 || e.Nr == x32Bit|nrGetdents64X86_64),
		e.Arch == ArchI386 && e.Nr == nrGetdents64I386:
	default:
		return layRaw
	}
	if !direntsParse(r.Data) {
		return layRaw
	}
	return layDirent64
}

// direntsParse reports whether b is a sequence of whole linux_dirent64
// records, each with a NUL-terminated name.
func direntsParse(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for len(b) > 0 {
		if len(b) < direntHdr+1 {
			return false
		}
		rl := int(binary.LittleEndian.Uint16(b[16:]))
		if rl < direntHdr+1 || rl > len(b) {
			return false
		}
		if nameLen(b[direntHdr:rl]) < 0 {
			return false
		}
		b = b[rl:]
	}
	return true
}

// nameLen returns the length of the NUL-terminated name at the start of
// b, or -1 if b has no NUL.
func nameLen(b []byte) int { return bytes.IndexByte(b, 0) }

// direntMin is the shortest 8-aligned record for a name of n bytes.
func direntMin(n int) int { return (direntHdr + n + 1 + 7) &^ 7 }

// finish splits the chunk's directory entries into their streams: it
// must be called once the chunk is complete, before its streams are
// written.
func (c *colEncoder) finish() {
	data := c.dentRaw
	for _, d := range c.dents {
		c.dirents(d.addr, data[:d.n])
		data = data[d.n:]
	}
	c.dents, c.dentRaw = c.dents[:0], c.dentRaw[:0]
}

// dirents appends directory entries that direntsParse accepted, read at
// addr.
func (c *colEncoder) dirents(addr uint64, data []byte) {
	sh := c.st.shadow(addr)
	b := data
	for len(b) > 0 {
		ino := binary.LittleEndian.Uint64(b)
		rl := int(binary.LittleEndian.Uint16(b[16:]))
		n := nameLen(b[direntHdr:rl])
		c.sv(colDIno, int64(ino-c.st.prevIno))
		c.st.prevIno = ino
		c.raw(colDOff, b[8:16])
		c.b1(colDType, b[18])
		c.raw(colDName, b[direntHdr:direntHdr+n+1])
		c.sv(colDRec, int64(rl-direntMin(n)))
		at := len(data) - len(b) + direntHdr + n + 1 // of the padding in the region
		pad := b[direntHdr+n+1 : rl]
		start := len(c.s[colDPad])
		c.s[colDPad] = append(c.s[colDPad], pad...)
		x := c.s[colDPad][start:]
		for j := range x {
			if at+j < len(sh) {
				x[j] ^= sh[at+j]
			}
		}
		b = b[rl:]
	}
	c.st.setShadow(addr, data)
}

// minCompress is the size under which a stream is stored as is: a zstd
// frame header costs more than it could save.
const minCompress = 32

// appendStored appends the stored payload of the chunk to dst: the
// directory (count of streams, then for each its id, codec, raw and
// stored sizes) and the streams, each compressed with enc unless that
// does not make it smaller. It also returns the size of the raw payload
// a ChunkReader makes of it.
// rawSize is the raw size of the chunk's streams.
func (c *colEncoder) rawSize() int {
	n := 0
	for id := colKind; id < numCols; id++ {
		n += len(c.s[id])
	}
	return n
}

func (c *colEncoder) appendStored(dst []byte, enc *zstd.Encoder) ([]byte, int) {
	c.packed = c.packed[:0]
	c.info = c.info[:0]
	rawLen := 0
	for id := colKind; id < numCols; id++ {
		s := c.s[id]
		if len(s) == 0 {
			continue
		}
		off := len(c.packed)
		codec := uint8(CodecNone)
		if len(s) >= minCompress && enc != nil {
			c.packed = enc.EncodeAll(s, c.packed)
			if len(c.packed)-off < len(s) {
				codec = CodecZstd
			} else {
				c.packed = append(c.packed[:off], s...)
			}
		} else {
			c.packed = append(c.packed, s...)
		}
		c.info = append(c.info, StreamInfo{ID: id, Codec: codec, Raw: len(s), Stored: len(c.packed) - off})
		rawLen += uvarintLen(uint64(id)) + uvarintLen(uint64(len(s))) + len(s)
	}
	rawLen += uvarintLen(uint64(len(c.info)))
	dst = binary.AppendUvarint(dst, uint64(len(c.info)))
	for _, si := range c.info {
		dst = binary.AppendUvarint(dst, uint64(si.ID))
		dst = append(dst, si.Codec)
		dst = binary.AppendUvarint(dst, uint64(si.Raw))
		dst = binary.AppendUvarint(dst, uint64(si.Stored))
	}
	return append(dst, c.packed...), rawLen
}

// appendRaw appends the raw payload of the chunk to dst: the directory
// (count of streams, then for each its id and size) and the streams.
func (c *colEncoder) appendRaw(dst []byte) []byte {
	n := 0
	for id := colKind; id < numCols; id++ {
		if len(c.s[id]) > 0 {
			n++
		}
	}
	dst = binary.AppendUvarint(dst, uint64(n))
	for id := colKind; id < numCols; id++ {
		if len(c.s[id]) > 0 {
			dst = binary.AppendUvarint(dst, uint64(id))
			dst = binary.AppendUvarint(dst, uint64(len(c.s[id])))
		}
	}
	for id := colKind; id < numCols; id++ {
		dst = append(dst, c.s[id]...)
	}
	return dst
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// colDecoder reads events back from the streams of a column chunk.
type colDecoder struct {
	st    colState
	s     [numCols]eventDecoder
	arena []byte // rebuilt region data (directory entries)
	// skipRegs: the register streams are not read (Reader.SkipRegisters).
	skipRegs bool
	// refs: version 4, references (colRegRef, colArgMask, colArgRef,
	// colFdPre)
	refs bool
}

var errColumns = errors.New("column streams disagree")

// colStreamErr says which stream ran short.
type colStreamErr struct{ id int }

func (e colStreamErr) Error() string {
	return fmt.Sprintf("stream %s runs short", StreamName(e.id))
}

// init parses a column chunk's raw payload: the stream directory, then
// the streams.
func (d *colDecoder) init(p []byte) error {
	d.st.reset()
	for i := range d.s {
		d.s[i] = eventDecoder{}
	}
	d.arena = d.arena[:0]
	dir := eventDecoder{buf: p}
	n, err := dir.uvarint()
	if err != nil {
		return err
	}
	if n > maxStreams {
		return fmt.Errorf("%d streams", n)
	}
	type ent struct{ id, size uint64 }
	var ents [maxStreams]ent
	var total uint64
	last := uint64(0)
	for i := range n {
		id, err := dir.uvarint()
		if err != nil {
			return err
		}
		size, err := dir.uvarint()
		if err != nil {
			return err
		}
		if id <= last {
			return fmt.Errorf("stream %d out of order", id)
		}
		last = id
		if size > uint64(len(p)) || total+size > uint64(len(p)) {
			return errShort
		}
		total += size
		ents[i] = ent{id, size}
	}
	if total != uint64(len(p)-dir.off) {
		return fmt.Errorf("streams of %d bytes in a payload of %d", total, len(p)-dir.off)
	}
	off := dir.off
	for _, e := range ents[:n] {
		if e.id < numCols {
			d.s[e.id] = eventDecoder{buf: p[off : off+int(e.size)]}
		}
		off += int(e.size)
	}
	return nil
}

// maxStreams bounds the streams of a column chunk.
const maxStreams = 255

func (d *colDecoder) uv(id int) (uint64, error) {
	s := &d.s[id]
	if s.off < len(s.buf) && s.buf[s.off] < 0x80 {
		// One byte: most values of most streams.
		v := s.buf[s.off]
		s.off++
		return uint64(v), nil
	}
	v, n := binary.Uvarint(s.buf[s.off:])
	if n <= 0 {
		return 0, colStreamErr{id}
	}
	s.off += n
	return v, nil
}

// sv reads a zigzag-encoded varint (binary.Varint's encoding) of stream
// id.
func (d *colDecoder) sv(id int) (int64, error) {
	u, err := d.uv(id)
	return unzigzag(u), err
}

func (d *colDecoder) b1(id int) (byte, error) {
	s := &d.s[id]
	if s.off >= len(s.buf) {
		return 0, colStreamErr{id}
	}
	b := s.buf[s.off]
	s.off++
	return b, nil
}

func (d *colDecoder) bytes(id int, n uint64) ([]byte, error) {
	s := &d.s[id]
	if n > uint64(len(s.buf)-s.off) {
		return nil, colStreamErr{id}
	}
	b := s.buf[s.off : s.off+int(n)]
	s.off += int(n)
	return b, nil
}

func (d *colDecoder) time3(base int) (uint64, error) {
	s0, s1, s2 := &d.s[base], &d.s[base+1], &d.s[base+2]
	if s0.off >= len(s0.buf) || s1.off >= len(s1.buf) || s2.off >= len(s2.buf) {
		return 0, colStreamErr{base}
	}
	v := uint64(s0.buf[s0.off]) | uint64(s1.buf[s1.off])<<8 | uint64(s2.buf[s2.off])<<16
	s0.off++
	s1.off++
	s2.off++
	if v == timeEscape {
		return d.uv(colTimeBig)
	}
	return v, nil
}

// next decodes the next event into e; false at the end of the chunk.
// Region data aliases the chunk's streams or the decoder's arena, which
// the next call reuses.
func (d *colDecoder) next(e *Event) (bool, error) {
	st := &d.st
	for {
		ks := &d.s[colKind]
		if ks.off >= len(ks.buf) {
			return false, d.finish()
		}
		kind := Kind(ks.buf[ks.off])
		ks.off++
		e.Reset()
		// The previous event's rebuilt regions are done with (they are
		// valid until the next call): the arena starts again, and stays
		// the size of the largest event's.
		d.arena = d.arena[:0]
		e.Kind = kind
		code, err := d.uv(colTid)
		if err != nil {
			return false, err
		}
		var slot int
		switch {
		case code == 0:
			if st.lastSlot < 0 {
				return false, errors.New("first event of the chunk has no thread")
			}
			slot = st.lastSlot
		case code <= uint64(len(st.threads)):
			slot = int(code - 1)
		case code == uint64(len(st.threads))+1:
			tid, err := d.uv(colTidNew)
			if err != nil {
				return false, err
			}
			if tid > 1<<31-1 {
				return false, fmt.Errorf("thread id %d out of range", tid)
			}
			slot = len(st.threads)
			st.threads = append(st.threads, colThread{tid: int32(tid)})
		default:
			return false, fmt.Errorf("thread slot %d of %d", code, len(st.threads))
		}
		st.lastSlot = slot
		th := &st.threads[slot]
		e.Tid = th.tid
		sys := kind == KindSyscallEntry || kind == KindSyscallExit
		if kind == KindSyscallExit && th.pend {
			v, err := d.time3(colDur0)
			if err != nil {
				return false, err
			}
			e.Time = th.pTime + unzigzag(v)
		} else {
			v, err := d.time3(colGap0)
			if err != nil {
				return false, err
			}
			e.Time = st.prevTime + unzigzag(v)
		}
		st.prevTime = e.Time
		if sys {
			return true, d.syscall(e, th)
		}
		if kind == KindFds {
			return true, d.fds(e)
		}
		l, err := d.uv(colRows)
		if err != nil {
			return false, err
		}
		body, err := d.bytes(colRows, l)
		if err != nil {
			return false, err
		}
		if kind < KindSyscallEntry || kind > lastKind {
			continue // a kind from a newer writer: skip it
		}
		bd := eventDecoder{buf: body}
		if err := bd.body(kind, e); err != nil {
			return false, err
		}
		return true, nil
	}
}

// fds decodes a descriptors event (addFds).
func (d *colDecoder) fds(e *Event) error {
	fl, err := d.b1(colFds)
	if err != nil {
		return err
	}
	e.FdsSnapshot = fl&evFdSnapshot != 0
	n, err := d.uv(colFds)
	if err != nil {
		return err
	}
	// Each descriptor takes at least two bytes: bound the count by what is
	// left before trusting it.
	if s := &d.s[colFds]; n > MaxFds || n > uint64(len(s.buf)-s.off)/2 {
		return fmt.Errorf("%d descriptors in one event", n)
	}
	for range n {
		var f FdPath
		fd, err := d.uv(colFds)
		if err != nil {
			return err
		}
		l, err := d.uv(colFds)
		if err != nil {
			return err
		}
		if fd > 1<<32-1 || l > MaxFdPath {
			return fmt.Errorf("descriptor %d with a path of %d bytes", fd, l)
		}
		f.Fd = int32(uint32(fd))
		if d.refs {
			if f.Path, err = d.fdPath(l); err != nil {
				return err
			}
		} else if f.Path, err = d.bytes(colMStr, l); err != nil {
			return err
		}
		if fl&evFdSock != 0 {
			if l, err = d.uv(colFds); err != nil {
				return err
			}
			if l > MaxFdPath {
				return fmt.Errorf("socket details of %d bytes", l)
			}
			if l > 0 {
				if f.Sock, err = d.bytes(colMStr, l); err != nil {
					return err
				}
			}
		}
		e.Fds = append(e.Fds, f)
	}
	return nil
}

// fdPath decodes a descriptor path of l bytes (version 4): the start of
// the chunk's previous one, then the rest from colMStr.
func (d *colDecoder) fdPath(l uint64) ([]byte, error) {
	n, err := d.uv(colFdPre)
	if err != nil {
		return nil, err
	}
	prev := d.st.prevPath
	if n > l || n > uint64(len(prev)) {
		return nil, fmt.Errorf("descriptor path of %d bytes shares %d with the previous one, of %d", l, n, len(prev))
	}
	rest, err := d.bytes(colMStr, l-n)
	if err != nil {
		return nil, err
	}
	p := make([]byte, 0, l)
	p = append(append(p, prev[:n]...), rest...)
	d.st.prevPath = append(prev[:0], p...)
	return p, nil
}

// regStream says whether stream id holds registers (what a reader told
// to skip them does not read).
func regStream(id int) bool {
	return id == colRegMask || id >= colReg0 && id <= colRegRef
}

// finish checks, at the end of the kinds, that every stream was read to
// its end: a stream with bytes left over means a corrupt chunk.
func (d *colDecoder) finish() error {
	for id := colKind; id < numCols; id++ {
		if d.skipRegs && regStream(id) {
			continue
		}
		if s := &d.s[id]; s.off != len(s.buf) {
			return fmt.Errorf("%w: %d bytes left in stream %s", errColumns, len(s.buf)-s.off, StreamName(id))
		}
	}
	return nil
}

func (d *colDecoder) syscall(e *Event, th *colThread) error {
	entry := e.Kind == KindSyscallEntry
	fl, err := d.b1(colFlags)
	if err != nil {
		return err
	}
	e.IsError = fl&cfError != 0
	var callArgs *[6]uint64
	if fl&cfCall != 0 {
		a, err := d.uv(colArch)
		if err != nil {
			return err
		}
		if a > 1<<32-1 {
			return fmt.Errorf("arch %#x out of range", a)
		}
		e.Arch = uint32(a)
	} else if entry {
		e.Arch = ArchX86_64
	} else {
		if !th.pend {
			return errors.New("exit without its call")
		}
		e.Arch, e.Nr = th.pArch, th.pNr
	}
	if entry {
		if e.Nr, err = d.uv(colNr); err != nil {
			return err
		}
		if err := d.args(e, th); err != nil {
			return err
		}
		callArgs = &e.Args
	} else {
		if fl&cfCall != 0 {
			if e.Nr, err = d.uv(colNr); err != nil {
				return err
			}
		}
		if e.Ret, err = d.sv(colRet); err != nil {
			return err
		}
		if fl&cfKVMExit != 0 {
			v, err := d.uv(colRet)
			if err != nil {
				return err
			}
			if v > math.MaxUint32 {
				return colStreamErr{colRet}
			}
			e.KVMExit = uint32(v)
		}
		if th.pend {
			callArgs = &th.pArgs
		}
	}
	if fl&cfRegs != 0 && !d.skipRegs {
		var prev *Regs
		if th.hasRegs {
			prev = &th.regs
		}
		if err := d.regsDelta(e, prev); err != nil {
			return err
		}
	}
	switch {
	case fl&cfSTimeD != 0:
		v, err := d.sv(colSTime)
		if err != nil {
			return err
		}
		var prev int64
		if th.hasSTime {
			prev = int64(th.stime)
		}
		s := prev + v*1000
		if s < 0 {
			return fmt.Errorf("system time %d ns is negative", s)
		}
		e.STime, e.HasSTime = uint64(s), true
	case fl&cfSTime != 0:
		if e.STime, err = d.uv(colSTime); err != nil {
			return err
		}
		e.HasSTime = true
	}
	nmem, err := d.uv(colNMem)
	if err != nil {
		return err
	}
	if nmem > MaxRegions {
		return fmt.Errorf("%d memory regions in one event (limit %d)", nmem, MaxRegions)
	}
	for range nmem {
		r, err := d.region(callArgs, fl)
		if err != nil {
			return err
		}
		if r.Flags&MemStack != 0 {
			e.setStack(r)
			continue
		}
		e.Mem = append(e.Mem, r)
	}
	if fl&cfTampered != 0 {
		if err := d.s[colTamper].tamper(&e.Tamper); err != nil {
			if errors.Is(err, errShort) {
				return colStreamErr{colTamper}
			}
			return err
		}
	}
	if entry {
		th.pend, th.pTime, th.pArch, th.pNr, th.pArgs = true, e.Time, e.Arch, e.Nr, e.Args
	} else {
		th.pend, th.ret = false, e.Ret
	}
	if e.HasRegs {
		th.regs, th.hasRegs = e.Regs, true
	}
	if e.HasSTime {
		th.stime, th.hasSTime = e.STime, true
	}
	return nil
}

// args decodes an entry's arguments: values, or in version 4 also
// references to the thread's previous call (colArgMask).
func (d *colDecoder) args(e *Event, th *colThread) error {
	var mask byte
	if d.refs {
		var err error
		if mask, err = d.b1(colArgMask); err != nil {
			return err
		}
		if mask>>6 != 0 {
			return fmt.Errorf("argument reference mask %#x names arguments beyond the 6 there are", mask)
		}
	}
	for i := range e.Args {
		if mask&(1<<i) == 0 {
			v, err := d.uv(colArg0 + i)
			if err != nil {
				return err
			}
			e.Args[i] = v
			continue
		}
		ref, err := d.b1(colArgRef)
		if err != nil {
			return err
		}
		switch {
		case ref < argRefRet:
			e.Args[i] = th.pArgs[ref-argRefArg]
		case ref == argRefRet:
			e.Args[i] = uint64(th.ret)
		default:
			return fmt.Errorf("argument %d refers to %d, nothing it may name", i, ref)
		}
	}
	return nil
}

// regsDelta decodes a register delta against prev into e.Regs.
func (d *colDecoder) regsDelta(e *Event, prev *Regs) error {
	mask, err := d.uv(colRegMask)
	if err != nil {
		return err
	}
	if mask>>NumRegs != 0 {
		return fmt.Errorf("register mask %#x names registers beyond the %d there are", mask, NumRegs)
	}
	// The prediction, then the registers the mask names, in increasing
	// order as the encoder wrote them: most stops name a few.
	predict(&e.Regs, prev, e)
	var p Regs // the prediction, for references to it
	if d.refs && mask&regRaw != 0 {
		p = e.Regs
	}
	var xRCX, xR11 uint64
	for m := mask; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		if d.refs && regRaw&(1<<i) != 0 {
			ref, err := d.b1(colRegRef)
			if err != nil {
				return err
			}
			switch {
			case ref == regRefRaw:
			case ref < regRefCur && int(ref-regRefPred) != RegRCX && int(ref-regRefPred) != RegR11:
				e.Regs[i] = p[ref-regRefPred]
				continue
			case ref >= regRefCur && int(ref-regRefCur) < i:
				e.Regs[i] = e.Regs[ref-regRefCur]
				continue
			default:
				return fmt.Errorf("register %s refers to %d, no register it may name", regNames[i], ref)
			}
		}
		v, err := d.uv(colReg0 + i)
		if err != nil {
			return err
		}
		switch {
		case i == RegRCX:
			xRCX = v
		case i == RegR11:
			xR11 = v
		case regRaw&(1<<i) != 0:
			e.Regs[i] = v
		default:
			e.Regs[i] ^= v
		}
	}
	// rcx and r11 are predicted from the snapshot's other registers.
	final(&e.Regs, &e.Regs)
	e.Regs[RegRCX] ^= xRCX
	e.Regs[RegR11] ^= xR11
	e.HasRegs = true
	return nil
}

// region decodes one memory region.
func (d *colDecoder) region(callArgs *[6]uint64, fl byte) (Region, error) {
	var r Region
	code, err := d.uv(colMAddr)
	if err != nil {
		return r, err
	}
	switch {
	case code == 0:
		if r.Addr, err = d.uv(colMAddrX); err != nil {
			return r, err
		}
	case code <= 6 && callArgs != nil:
		r.Addr = callArgs[code-1]
	default:
		return r, fmt.Errorf("region address code %d", code)
	}
	if r.Len, err = d.uv(colMLen); err != nil {
		return r, err
	}
	if r.Flags, err = d.b1(colMFlags); err != nil {
		return r, err
	}
	dl, err := d.uv(colMDLen)
	if err != nil {
		return r, err
	}
	n := dl
	if r.Flags&MemString == 0 {
		if dl > r.Len {
			return r, fmt.Errorf("memory region of %d bytes less %d", r.Len, dl)
		}
		n = r.Len - dl
	}
	if n > MaxRegionSize || n > r.Len {
		return r, fmt.Errorf("memory region of %d bytes (asked %d, limit %d)", n, r.Len, MaxRegionSize)
	}
	layout := byte(layRaw)
	if fl&cfLayout != 0 {
		if layout, err = d.b1(colMLayout); err != nil {
			return r, err
		}
	}
	switch {
	case layout == layDirent64:
		r.Data, err = d.dirents(r.Addr, int(n))
	case layout != layRaw:
		err = fmt.Errorf("region layout %d", layout)
	case r.Flags&MemStack != 0:
		r.Data, err = d.bytes(colMStack, n)
	case r.Flags&MemString != 0:
		r.Data, err = d.bytes(colMStr, n)
	default:
		r.Data, err = d.bytes(colMBin, n)
	}
	return r, err
}

// dirents rebuilds n bytes of directory entries read at addr in the
// arena.
func (d *colDecoder) dirents(addr uint64, n int) ([]byte, error) {
	start := len(d.arena)
	sh := d.st.shadow(addr)
	if n < direntHdr+1 {
		return nil, fmt.Errorf("directory entries of %d bytes", n)
	}
	// The arena grows with the records rebuilt, each of which takes its
	// bytes but the header from the streams: n is not trusted up front.
	for len(d.arena)-start < n {
		di, err := d.sv(colDIno)
		if err != nil {
			return nil, err
		}
		ino := d.st.prevIno + uint64(di)
		d.st.prevIno = ino
		off, err := d.bytes(colDOff, 8)
		if err != nil {
			return nil, err
		}
		typ, err := d.b1(colDType)
		if err != nil {
			return nil, err
		}
		ns := &d.s[colDName]
		nl := nameLen(ns.buf[ns.off:])
		if nl < 0 {
			return nil, colStreamErr{colDName}
		}
		name := ns.buf[ns.off : ns.off+nl+1]
		ns.off += nl + 1
		dr, err := d.sv(colDRec)
		if err != nil {
			return nil, err
		}
		rl := int64(direntMin(nl)) + dr
		if rl < int64(direntHdr+nl+1) || rl > int64(n-(len(d.arena)-start)) || rl > 1<<16-1 {
			return nil, fmt.Errorf("directory entry of %d bytes for a name of %d", rl, nl)
		}
		pad, err := d.bytes(colDPad, uint64(rl)-uint64(direntHdr+nl+1))
		if err != nil {
			return nil, err
		}
		d.arena = binary.LittleEndian.AppendUint64(d.arena, ino)
		d.arena = append(d.arena, off...)
		d.arena = binary.LittleEndian.AppendUint16(d.arena, uint16(rl))
		d.arena = append(d.arena, typ)
		d.arena = append(d.arena, name...)
		at := len(d.arena) - start
		d.arena = append(d.arena, pad...)
		for j := range pad {
			if at+j < len(sh) {
				d.arena[start+at+j] ^= sh[at+j]
			}
		}
	}
	data := d.arena[start:len(d.arena):len(d.arena)]
	d.st.setShadow(addr, data)
	return data, nil
}
