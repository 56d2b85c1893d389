package format

import (
	"bytes"
	"testing"
)

// TestPidsRoundTrip: pid notes, a KVM exit reason and the header's Notes
// read back; a syscall exit without an exit reason is encoded as before;
// an old reader (one that stops at the fields it knows) reads the exit.
func TestPidsRoundTrip(t *testing.T) {
	notes := &Event{Kind: KindPids, Tid: 9, Time: 3, Pids: []PidNote{
		{Flags: PidSelf, Pid: 9, Comm: []byte("sh")},
		{Flags: PidSelf | PidRenamed, Pid: 9, Comm: nil},
		{Kind: PidKindTGID, Pid: 1, Comm: []byte("init"), Flags: PidTranslated, NSPid: 4321},
		{Kind: PidKindPGID, Pid: 77, Flags: PidTranslated},
	}}
	exit := &Event{Kind: KindSyscallExit, Tid: 9, Time: 4, Arch: ArchX86_64, Nr: 16, Ret: 0, KVMExit: 1 + 5}
	h := testHeader()
	h.Notes = NoteComm | NoteKVM
	var buf bytes.Buffer
	w, err := NewWriter(&buf, h, WithCompression(false))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []*Event{notes, exit} {
		if err := w.WriteEvent(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rd, err := NewReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if rd.Header().Notes != NoteComm|NoteKVM {
		t.Errorf("header notes %d", rd.Header().Notes)
	}
	e, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != KindPids || len(e.Pids) != len(notes.Pids) {
		t.Fatalf("got %v with %d notes", e.Kind, len(e.Pids))
	}
	for i, n := range e.Pids {
		w := notes.Pids[i]
		if n.Flags != w.Flags || n.Kind != w.Kind || n.Pid != w.Pid || !bytes.Equal(n.Comm, w.Comm) || n.NSPid != w.NSPid {
			t.Errorf("note %d: got %+v, want %+v", i, n, w)
		}
	}
	c := e.Clone()
	if e, err = rd.Next(); err != nil || e.KVMExit != 6 {
		t.Fatalf("exit: %v, KVM exit %d", err, e.KVMExit)
	}
	if !bytes.Equal(c.Pids[0].Comm, []byte("sh")) {
		t.Errorf("a clone's notes changed with the next event: %q", c.Pids[0].Comm)
	}
	plain := *exit
	plain.KVMExit = 0
	a, _ := AppendEvent(nil, &plain, 0)
	b, _ := AppendEvent(nil, exit, 0)
	if len(b) <= len(a) {
		t.Fatalf("the exit reason took no room: %d and %d bytes", len(a), len(b))
	}
	// Too many notes, or too long a name, is refused.
	many := &Event{Kind: KindPids, Pids: make([]PidNote, MaxPidNotes+1)}
	if _, err := AppendEvent(nil, many, 0); err == nil {
		t.Error("too many notes were encoded")
	}
	long := &Event{Kind: KindPids, Pids: []PidNote{{Comm: make([]byte, MaxComm+1)}}}
	if _, err := AppendEvent(nil, long, 0); err == nil {
		t.Error("too long a name was encoded")
	}
}
