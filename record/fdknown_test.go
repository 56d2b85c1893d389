package record

import (
	"testing"

	"mytrace/format"
	"mytrace/sysent"
)

func fdsEvent(snapshot bool, fds ...format.FdPath) *format.Event {
	return &format.Event{Kind: format.KindFds, FdsSnapshot: snapshot, Fds: fds}
}

func fdPath(fd int32, path string) format.FdPath { return format.FdPath{Fd: fd, Path: []byte(path)} }

func entryNamed(t *testing.T, name string) *sysent.Entry {
	t.Helper()
	nr, ok := sysent.ByName(name)
	if !ok {
		t.Fatalf("no syscall %s", name)
	}
	return sysent.Lookup(uint64(nr))
}

// TestFdKnown: which dups FdKnown lets a recorder leave unnoted.
func TestFdKnown(t *testing.T) {
	var k FdKnown
	if k.Derivable(10, 3, 4) {
		t.Fatal("a process nothing was noted of: derivable")
	}
	k.Noted(10, fdsEvent(true, fdPath(format.FdCwd, "/"), fdPath(0, "/dev/null"), fdPath(3, "/a"), fdPath(5, "socket:[9]")))
	if !k.Derivable(10, 3, 4) {
		t.Fatal("dup of a descriptor of the snapshot: not derivable")
	}
	if !k.Derivable(10, 4, 6) {
		t.Fatal("dup of a derived descriptor: not derivable")
	}
	if k.Derivable(10, 7, 8) {
		t.Error("dup of a descriptor never noted: derivable")
	}
	if !k.Derivable(10, 5, 9) {
		t.Error("without -yy, dup of a socket: not derivable")
	}

	// A close, a close_range, a made descriptor whose note failed.
	args := [6]uint64{3}
	k.Call(10, entryNamed(t, "close"), &args, false)
	if k.Derivable(10, 3, 11) {
		t.Error("dup of a closed descriptor: derivable")
	}
	args = [6]uint64{4, 6, 0}
	k.Call(10, entryNamed(t, "close_range"), &args, false)
	if k.Derivable(10, 4, 11) || k.Derivable(10, 6, 11) {
		t.Error("dup of a descriptor close_range closed: derivable")
	}
	args = [6]uint64{0, ^uint64(0), 4} // CLOSE_RANGE_CLOEXEC: nothing closed yet
	k.Call(10, entryNamed(t, "close_range"), &args, false)
	if !k.Derivable(10, 0, 12) {
		t.Error("close_range(CLOSE_RANGE_CLOEXEC) forgot a descriptor")
	}
	k.Noted(10, fdsEvent(false, fdPath(13, "/b")))
	k.Drop(10, 13)
	if k.Derivable(10, 13, 14) {
		t.Error("dropped descriptor: derivable")
	}

	// A fork copies; a thread's process is the same; CLONE_FILES between
	// two processes distrusts both.
	k.Fork(10, 20, false)
	if !k.Derivable(20, 0, 15) {
		t.Error("child: its parent's descriptor not derivable")
	}
	args = [6]uint64{0}
	k.Call(20, entryNamed(t, "close"), &args, false)
	if !k.Derivable(10, 0, 15) {
		t.Error("the child's close forgot the parent's descriptor")
	}
	k.Fork(10, 30, true)
	if k.Derivable(30, 0, 16) || k.Derivable(10, 0, 16) {
		t.Error("CLONE_FILES: derivable")
	}
	// Until the next snapshot.
	k.Noted(10, fdsEvent(true, fdPath(0, "/dev/null")))
	if !k.Derivable(10, 0, 16) {
		t.Error("after a snapshot: not derivable")
	}

	// What the recording does not follow descriptor by descriptor.
	for _, c := range []struct {
		name   string
		args   [6]uint64
		failed bool
	}{
		{"unshare", [6]uint64{0x400}, false},
		{"close_range", [6]uint64{3, 3, 2}, false},
		{"io_uring_setup", [6]uint64{}, false},
		{"io_uring_enter", [6]uint64{}, true},
	} {
		k.Noted(10, fdsEvent(true, fdPath(0, "/dev/null")))
		k.Call(10, entryNamed(t, c.name), &c.args, c.failed)
		if k.Derivable(10, 0, 17) {
			t.Errorf("after %s: derivable", c.name)
		}
	}
	k.Noted(10, fdsEvent(true, fdPath(0, "/dev/null")))
	args = [6]uint64{0x400}
	k.Call(10, entryNamed(t, "unshare"), &args, true)
	if !k.Derivable(10, 0, 17) {
		t.Error("after a failed unshare: not derivable")
	}
	k.Distrust(10)
	if k.Derivable(10, 0, 18) {
		t.Error("distrusted: derivable")
	}
	k.Noted(10, fdsEvent(true, fdPath(0, "/dev/null")))
	k.Forget(10)
	if k.Derivable(10, 0, 18) {
		t.Error("forgotten: derivable")
	}
	k.Noted(10, fdsEvent(true, fdPath(0, "/dev/null")))
	k.Exit(10)
	if k.Derivable(10, 0, 18) {
		t.Error("ended: derivable")
	}
	k.Noted(10, fdsEvent(true, fdPath(0, "/dev/null"), fdPath(maxKnownFd, "/far")))
	if k.Derivable(10, maxKnownFd, 3) || k.Derivable(10, 0, maxKnownFd) {
		t.Error("descriptors beyond those followed: derivable")
	}

	// -yy: sockets' and pidfds' details may change; devices' do not.
	y := FdKnown{YY: true}
	y.Noted(10, fdsEvent(true, fdPath(3, "socket:[9]"), fdPath(4, "anon_inode:[pidfd]"), fdPath(5, "/dev/null")))
	if y.Derivable(10, 3, 6) || y.Derivable(10, 4, 6) {
		t.Error("-yy: dup of a socket or pidfd derivable")
	}
	if !y.Derivable(10, 5, 6) {
		t.Error("-yy: dup of a device not derivable")
	}
	// A descriptor noted again as a file is no longer a socket.
	y.Noted(10, fdsEvent(false, fdPath(3, "/c")))
	if !y.Derivable(10, 3, 7) {
		t.Error("-yy: dup of a file that had a socket's number not derivable")
	}
}

// TestDupOf: the calls whose result copies a descriptor.
func TestDupOf(t *testing.T) {
	for _, c := range []struct {
		name    string
		args    [6]uint64
		old     int32
		cloexec bool
		ok      bool
	}{
		{"dup", [6]uint64{3}, 3, false, true},
		{"dup2", [6]uint64{4, 9}, 4, false, true},
		{"dup3", [6]uint64{5, 9, 0x80000}, 5, true, true},
		{"dup3", [6]uint64{5, 9, 0}, 5, false, true},
		{"fcntl", [6]uint64{6, 0, 10}, 6, false, true},   // F_DUPFD
		{"fcntl", [6]uint64{7, 1030, 10}, 7, true, true}, // F_DUPFD_CLOEXEC
		{"fcntl", [6]uint64{7, 1, 0}, 0, false, false},   // F_GETFD
		{"openat", [6]uint64{3}, 0, false, false},
	} {
		old, cloexec, ok := entryNamed(t, c.name).DupOf(&c.args)
		if ok != c.ok || ok && (old != c.old || cloexec != c.cloexec) {
			t.Errorf("%s%v: %d %v %v, want %d %v %v", c.name, c.args[:3], old, cloexec, ok, c.old, c.cloexec, c.ok)
		}
	}
}
