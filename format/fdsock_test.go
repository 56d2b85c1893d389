package format

import (
	"bytes"
	"testing"
)

// TestFdSockRoundTrip: what -yy needs of a socket descriptor reads back,
// next to descriptors without it, and a descriptors event without any
// is encoded as before (no flag, no trailing bytes).
func TestFdSockRoundTrip(t *testing.T) {
	e := &Event{Kind: KindFds, Tid: 7, Time: 5, Fds: []FdPath{
		{Fd: 3, Path: []byte("socket:[123]"), Sock: []byte("TCP:[127.0.0.1:80->127.0.0.1:4321]")},
		{Fd: 4, Path: []byte("/etc/passwd")},
		{Fd: 5, Path: []byte("socket:[124]"), Sock: []byte("UNIX-STREAM:[124->125,\"a\x00b\"]")},
	}}
	got, err := readAll(t, writeTrace(t, []*Event{e}))
	if err != nil || len(got) != 1 {
		t.Fatalf("read back: %v, %d events", err, len(got))
	}
	for i, f := range got[0].Fds {
		w := e.Fds[i]
		if f.Fd != w.Fd || !bytes.Equal(f.Path, w.Path) || !bytes.Equal(f.Sock, w.Sock) || (w.Sock == nil) != (f.Sock == nil) {
			t.Errorf("descriptor %d: got %d %q %q, want %d %q %q", i, f.Fd, f.Path, f.Sock, w.Fd, w.Path, w.Sock)
		}
	}
	plain := &Event{Kind: KindFds, Tid: 7, Time: 5, Fds: []FdPath{{Fd: 4, Path: []byte("/etc/passwd")}}}
	withSock := &Event{Kind: KindFds, Tid: 7, Time: 5, Fds: []FdPath{{Fd: 4, Path: []byte("/etc/passwd"), Sock: []byte("TCP")}}}
	a, _ := AppendEvent(nil, plain, 0)
	b, _ := AppendEvent(nil, withSock, 0)
	if len(b) <= len(a) {
		t.Fatalf("the socket details took no room: %d and %d bytes", len(a), len(b))
	}
	// An old reader skips a body's trailing bytes: the descriptors read
	// the same with the details cut off.
	d := eventDecoder{buf: a}
	var ev Event
	if ok, err := d.next(&ev); !ok || err != nil || len(ev.Fds) != 1 || ev.Fds[0].Sock != nil {
		t.Fatalf("plain event: %v %v %+v", ok, err, ev.Fds)
	}
}
