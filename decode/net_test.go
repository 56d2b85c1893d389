package decode

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"mytrace/format"
	"mytrace/sysent"
)

// Unit tests of the network and multiplexing decoders: address formats,
// and robustness on hostile or short captures.

func TestNetInetNtop6(t *testing.T) {
	// Expected strings are glibc's inet_ntop.
	for _, c := range []struct{ in, want string }{
		{"00000000000000000000000000000001", "::1"},
		{"00000000000000000000000000000000", "::"},
		{"00000000000000000000ffff01020304", "::ffff:1.2.3.4"},
		{"00000000000000000000000001020304", "::1.2.3.4"},
		{"00000000000000000000000000000102", "::102"},
		{"20010db8000000000001000000000001", "2001:db8::1:0:0:1"},
		{"fe800000000000000000000000000001", "fe80::1"},
		{"00010000000000000000000000000000", "1::"},
		{"00010000000100000001000000010000", "1:0:1:0:1:0:1:0"},
		{"00010000000000010000000000010000", "1::1:0:0:1:0"},
		{"00000000000000000000fffe01020304", "::fffe:102:304"},
		{"000000000000000000000000ffff0102", "::255.255.1.2"},
	} {
		b := make([]byte, 16)
		for i := range b {
			b[i] = byte(netHexNibble(c.in[2*i])<<4 | netHexNibble(c.in[2*i+1]))
		}
		if got := netInetNtop6(b); got != c.want {
			t.Errorf("netInetNtop6(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}

func netHexNibble(c byte) int {
	if c >= 'a' {
		return int(c-'a') + 10
	}
	return int(c - '0')
}

func TestNetHex0(t *testing.T) {
	for _, c := range []struct {
		v    uint64
		want string
	}{{0, "00000000"}, {1, "0x000001"}, {0x10, "0x000010"}, {0xffffffff, "0xffffffff"}} {
		if got := hex0(c.v, 8); got != c.want {
			t.Errorf("hex0(%#x) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestNetSockaddrValue(t *testing.T) {
	o := DefaultOptions()
	un := func(path string, n int) []byte {
		b := make([]byte, 110)
		binary.LittleEndian.PutUint16(b, afUnix)
		copy(b[2:], path)
		return b[:n]
	}
	in4 := []byte{2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}
	nl := []byte{16, 0, 0, 0, 0x39, 0x30, 0, 0, 1, 0, 0, 0}
	for _, c := range []struct {
		b    []byte
		want string
	}{
		{un("", 2), `{sa_family=AF_UNIX}`},
		{un("/tmp/x", 9), `{sa_family=AF_UNIX, sun_path="/tmp/x"}`},
		{un("/tmp/x", 5), `{sa_family=AF_UNIX, sun_path="/tm"}`},
		{un("\x00ab\x00c", 7), `{sa_family=AF_UNIX, sun_path=@"ab\0c"}`},
		{un("\x00", 3), `{sa_family=AF_UNIX, sun_path=@""}`},
		{in4, `{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}`},
		{in4[:15], `{sa_family=AF_INET, sa_data="\0P\177\0\0\1\0\0\0\0\0\0\0"}`},
		{nl, `{sa_family=AF_NETLINK, nl_pid=12345, nl_groups=0x000001}`},
		{[]byte{0xcd, 0xab, 'x'}, `{sa_family=0xabcd /* AF_??? */, sa_data="x"}`},
	} {
		v, _ := netSockaddrValue(c.b)
		if got := Render(v, o); got != c.want {
			t.Errorf("sockaddr % x:\n got %s\nwant %s", c.b, got, c.want)
		}
	}
	// -xx quotes the address strings too.
	v, _ := netSockaddrValue(in4)
	if got, want := Render(v, &Options{StrLimit: 32, Hex: 2}), `{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("\x31\x32\x37\x2e\x30\x2e\x30\x2e\x31")}`; got != want {
		t.Errorf("-xx: got %s, want %s", got, want)
	}
}

// netDecode decodes a syscall from raw events and renders it whole.
func netDecode(t *testing.T, o *Options, name string, args [6]uint64, ret int64, failed bool, in, out []format.Region) string {
	t.Helper()
	nr, ok := sysent.ByName(name)
	if !ok {
		t.Fatalf("no syscall %s", name)
	}
	en := &format.Event{Kind: format.KindSyscallEntry, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args, Mem: in}
	ex := &format.Event{Kind: format.KindSyscallExit, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: ret, IsError: failed, Mem: out}
	c := Syscall(en, ex, o)
	var b strings.Builder
	b.WriteString(c.Name + "(")
	RenderArgs(&b, c.Args, 0, len(c.Args), o)
	b.WriteString(") = " + RenderRet(&c.Ret, o))
	return b.String()
}

func netTestRegion(addr uint64, b []byte) format.Region {
	return format.Region{Addr: addr, Len: uint64(len(b)), Data: b}
}

// TestNetCmsgOverflow: a control message whose length wraps when rounded
// up (strace loops forever on it) ends the list instead of hanging.
func TestNetCmsgOverflow(t *testing.T) {
	const msgAddr, ctlAddr = 0x10000, 0x20000
	msg := make([]byte, sysent.SizeMsghdr)
	binary.LittleEndian.PutUint64(msg[32:], ctlAddr)
	binary.LittleEndian.PutUint64(msg[40:], 32)
	ctl := make([]byte, 32)
	binary.LittleEndian.PutUint64(ctl, ^uint64(0))
	binary.LittleEndian.PutUint32(ctl[8:], 1)
	binary.LittleEndian.PutUint32(ctl[12:], 1)
	in := []format.Region{netTestRegion(msgAddr, msg), netTestRegion(ctlAddr, ctl)}
	done := make(chan string)
	go func() {
		done <- netDecode(t, DefaultOptions(), "sendmsg", [6]uint64{3, msgAddr, 0}, 0, false, in, nil)
	}()
	select {
	case got := <-done:
		if !strings.Contains(got, "cmsg_len=18446744073709551615") {
			t.Errorf("got %s", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("decoding a wrapping cmsg_len does not end")
	}
}
