package decode

import (
	"strings"
	"testing"

	"mytrace/format"
)

// TestDecoderPanicShownRaw: a decoder that fails (a bug) does not take
// the trace down; the call is shown with raw arguments and flagged.
func TestDecoderPanicShownRaw(t *testing.T) {
	const name = "getpid"
	saved := decoders[name]
	decoders[name] = func(d *dec) { panic("boom") }
	defer func() { decoders[name] = saved }()
	entry := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: 39}
	exit := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: 39, Ret: 1234}
	c := Syscall(entry, exit, DefaultOptions())
	if c.Err == "" || c.Name != name || RenderRet(&c.Ret, DefaultOptions()) != "1234" {
		t.Fatalf("call %+v", c)
	}
}

// TestShortCapturesShowAddresses: decoders given events whose memory is
// missing or cut short show addresses, never panic.
func TestShortCapturesShowAddresses(t *testing.T) {
	o := DefaultOptions()
	o.Verbose = true
	for nr := uint64(0); nr < 470; nr++ {
		entry := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: nr,
			Args: [6]uint64{0x1000, 0x2000, 3, 0x3000, 0x4000, 5}}
		exit := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: nr, Ret: 8}
		// Memory captured one byte long at each pointer.
		for _, a := range []uint64{0x1000, 0x2000, 0x3000, 0x4000} {
			entry.Mem = append(entry.Mem, format.Region{Addr: a, Len: 1, Data: []byte{1}})
			exit.Mem = append(exit.Mem, format.Region{Addr: a, Len: 1, Data: []byte{1}})
		}
		for _, ex := range []*format.Event{nil, exit} {
			c := Syscall(entry, ex, o)
			if c.Err != "" {
				t.Errorf("syscall %d (%s): decoder failed on short memory: %s", nr, c.Name, c.Err)
			}
			var b strings.Builder
			RenderArgs(&b, c.Args, 0, len(c.Args), o)
		}
	}
}
