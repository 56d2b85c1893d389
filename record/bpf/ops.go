package bpf

import (
	"fmt"
	"sync"

	"mytrace/sysent"
)

// The ops of the syscalls whose capture is a Go function come from the
// function's description as data, the spec entry's Reads (sysent/reads.go);
// opOf converts one. The descriptor ops (-y) are the backend's own,
// derived from what sysent says of calls that make descriptors.

// readKinds maps sysent's read kinds to the program's.
var readKinds = map[sysent.ReadKind]Kind{
	sysent.ReadBytes:  KindBytes,
	sysent.ReadStr:    KindStr,
	sysent.ReadIovec:  KindIovec,
	sysent.ReadVec:    KindVec,
	sysent.ReadMsghdr: KindMsghdr,
	sysent.ReadSPRel:  KindSPRel,
	sysent.ReadDeref:  KindDeref,
	sysent.ReadMmsg:   KindMmsg,
	sysent.ReadIocbs:  KindIocbs,
}

// opOf converts a sysent read into the program's op.
func opOf(name string, r sysent.Read) (Op, error) {
	k, ok := readKinds[r.Kind]
	if !ok {
		return Op{}, fmt.Errorf("bpf capture table: %s reads with kind %d, which the program does not know", name, r.Kind)
	}
	op := Op{Kind: k, Arg: r.Arg, LenArg: r.LenArg, Elem: r.Elem, Size: r.Size, Off: r.Off}
	switch r.At {
	case sysent.ReadAtEntry:
		op.When = AtEntry
	case sysent.ReadAtExit:
		op.When = AtExit
	case sysent.ReadAtExitOK:
		op.When = AtExitOK
	case sysent.ReadAtBoth:
		op.When = AtBoth
	default:
		return Op{}, fmt.Errorf("bpf capture table: %s reads at stop %d, which the program does not know", name, r.At)
	}
	switch r.Len {
	case sysent.ReadLenFixed:
		op.Len = LenFixed
	case sysent.ReadLenArg:
		op.Len = LenArg
	case sysent.ReadLenRet:
		op.Len = LenRet
	case sysent.ReadLenArgPtr:
		op.Len = LenArgPtr
	}
	switch r.Lim {
	case sysent.ReadLimStr:
		op.Lim = LimStr
	case sysent.ReadLimPath:
		op.Lim = LimPath
	}
	for _, f := range []struct {
		from sysent.ReadFlag
		to   OpFlag
	}{
		{sysent.ReadSpeculative, Speculative}, {sysent.ReadPositive, Positive}, {sysent.ReadEnv, Env},
		{sysent.ReadRetNonZero, RetNonZero}, {sysent.ReadUseLen, UseLen},
	} {
		if r.Flags&f.from != 0 {
			op.Flags |= f.to
		}
	}
	return op, nil
}

// fdOps are the ops that tell which file a descriptor a call made refers
// to (-y): derived from sysent's lists of calls that return a descriptor
// or store a pair of them. Made at first use.
var fdOps = sync.OnceValue(func() map[string][]Op {
	m := map[string][]Op{}
	for nr := 0; nr < sysent.Max(); nr++ {
		e := sysent.Lookup(uint64(nr))
		if e == nil {
			continue
		}
		switch {
		case e.ReturnsFd() || e.Name == "fcntl":
			m[e.Name] = []Op{{Kind: KindFds, When: AtExitOK, Len: LenRet}}
		case e.FdPairArg() >= 0:
			m[e.Name] = []Op{{Kind: KindFds, When: AtExitOK, Arg: uint8(e.FdPairArg())}}
		}
	}
	// clone with CLONE_PIDFD stores a descriptor at parent_tid.
	m["clone"] = append(m["clone"], Op{Kind: KindFds, When: AtExitOK, Arg: 2, Size: 4, Flags: Speculative})
	// -yy: what a socket is bound or connected to changes.
	for _, name := range []string{"bind", "connect", "listen"} {
		m[name] = []Op{{Kind: KindFds, When: AtExitOK, Len: LenArg, LenArg: 0}}
	}
	return m
})
