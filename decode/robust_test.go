package decode

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"mytrace/format"
	"mytrace/internal/testrand"
	"mytrace/sysent"
)

// TestDecoderPanicShownRaw: a decoder that fails (a bug) does not take
// the trace down; the call is shown with raw arguments and flagged.
func TestDecoderPanicShownRaw(t *testing.T) {
	const name = "getpid"
	saved, had := decoders[name]
	decoders[name] = func(d *dec) { panic("boom") }
	rebuildDecoderTab()
	defer func() {
		if had {
			decoders[name] = saved
		} else {
			delete(decoders, name)
		}
		rebuildDecoderTab()
	}()
	entry := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: 39}
	exit := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: 39, Ret: 1234}
	c := Syscall(entry, exit, DefaultOptions())
	if c.Err == "" || c.Name != name || RenderRet(&c.Ret, DefaultOptions()) != "1234" {
		t.Fatalf("call %+v", c)
	}
}

// interesting holds values that select other decoding paths (ioctl
// requests, fcntl and futex commands, prctl options...), tried as any
// argument of any syscall.
var interesting = []uint64{
	0x5401, 0x5413, 0x541b, 0x802c542a, 0x5405, 0x80086601, 0x4020940d, 0x81009431,
	1024, 1025, 1026, 1033, 1034, 1036, 0x1001, 0x1002, 0x1003, 0x1004, 0x1011, 0x1021, 0x1022,
	128, 129, 137, 256, 0x7fffffff, 0xffffffff, 1 << 31, 1 << 63,
}

// TestHostileCaptures decodes every syscall of the table with random
// arguments (pointers into captured memory, small numbers, command values,
// random words) and random captures (short, partial, faulted, peeked,
// strings, vectors, pointers back into other captures): a decoder must
// show what it can and never fail.
func TestHostileCaptures(t *testing.T) {
	rng := testrand.New(t, 1)
	bases := []uint64{0x1000, 0x2000, 0x3000, 0x4000}
	flagsPool := []uint8{0, 0, 0, format.MemPartial, format.MemFault, format.MemPeeked,
		format.MemString, format.MemString | format.MemTerminated,
		format.MemVector, format.MemVector | format.MemTerminated}
	mem := func() []format.Region {
		var m []format.Region
		for _, a := range bases {
			if rng.Intn(4) == 0 {
				continue
			}
			b := make([]byte, rng.Intn(400))
			for i := range b {
				switch rng.Intn(4) {
				case 0:
					b[i] = byte(rng.Intn(256))
				case 1:
					if i%8 == 0 && i+8 <= len(b) {
						binary.LittleEndian.PutUint64(b[i:], bases[rng.Intn(len(bases))]+uint64(rng.Intn(64)))
					}
				}
			}
			m = append(m, format.Region{Addr: a, Len: uint64(len(b) + rng.Intn(3)), Flags: flagsPool[rng.Intn(len(flagsPool))], Data: b})
		}
		return m
	}
	arg := func() uint64 {
		switch rng.Intn(6) {
		case 0:
			return 0
		case 1:
			return bases[rng.Intn(len(bases))]
		case 2:
			return uint64(rng.Intn(80))
		case 3:
			return interesting[rng.Intn(len(interesting))]
		case 4:
			return uint64(rng.Intn(1 << 16))
		}
		return rng.Uint64()
	}
	for nr := 0; nr < sysent.Max(); nr++ {
		if sysent.Lookup(uint64(nr)) == nil {
			continue
		}
		for i := 0; i < 60; i++ {
			o := DefaultOptions()
			o.Verbose = i%2 == 0
			o.StrLimit = rng.Intn(40)
			o.Hex = rng.Intn(3)
			var args [6]uint64
			for j := range args {
				args[j] = arg()
			}
			ret := int64(rng.Intn(300)) - 10
			failed := ret < 0 || rng.Intn(5) == 0
			if rng.Intn(8) == 0 {
				ret, failed = -512-int64(rng.Intn(5)), true
			}
			en := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args, Mem: mem()}
			ex := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: ret, IsError: failed, Mem: mem()}
			for _, e := range []*format.Event{nil, ex} {
				c := Syscall(en, e, o)
				if c.Err != "" {
					t.Fatalf("%s%#x: decoder failed: %s", c.Name, args, c.Err)
				}
				var b strings.Builder
				RenderArgs(&b, c.Args, 0, len(c.Args), o)
				RenderRet(&c.Ret, o)
				// The printer's decodings of a part show the same.
				if e != nil {
					p := decodeInto(new(Call), new(dec), en, e, o, partExit)
					if got, want := exitText(p, o), exitText(c, o); got != want {
						t.Fatalf("%s%#x: exit part decoded alone: %q, with the rest: %q", c.Name, args, got, want)
					}
				} else {
					p := decodeInto(new(Call), new(dec), en, nil, o, partEntry)
					if got, want := entryText(p, o), entryText(c, o); got != want {
						t.Fatalf("%s%#x: entry part decoded alone: %q, with the rest: %q", c.Name, args, got, want)
					}
				}
			}
		}
	}
}

// entryText is what the printer shows of c at its entry: the arguments
// before c.NEntry, and whether there are more.
func entryText(c *Call, o *Options) string {
	var b strings.Builder
	RenderArgs(&b, c.Args, 0, c.NEntry, o)
	return b.String() + fmt.Sprintf(" (%d of %d)", c.NEntry, len(c.Args))
}

// exitText is what the printer shows of c at its exit: the arguments
// from c.NEntry on and the result.
func exitText(c *Call, o *Options) string {
	var b strings.Builder
	RenderArgs(&b, c.Args, c.NEntry, len(c.Args), o)
	return b.String() + ") = " + RenderRet(&c.Ret, o)
}
