package decode

import (
	"reflect"
	"sort"

	"mytrace/format"
	"mytrace/sysent"
)

// HandDecodedTyped lists the hand decoders of syscalls that also have a
// typed description in the syscall table that could show them (no
// argument of type Custom), each as the names of the syscalls it decodes
// (one function may serve several: setuid, setgid...).
func HandDecodedTyped() [][]string {
	by := map[uintptr][]string{}
	for name, f := range decoders {
		if nr, ok := sysent.ByName(name); ok && showable(sysent.Lookup(uint64(nr))) {
			p := reflect.ValueOf(f).Pointer()
			by[p] = append(by[p], name)
		}
	}
	var out [][]string
	for _, names := range by {
		sort.Strings(names)
		out = append(out, names)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// WithoutDecoder runs f with the hand decoders of the syscalls names taken
// out, so that the calls are shown from their typed description.
func WithoutDecoder(names []string, f func()) {
	saved := map[string]func(*dec){}
	for _, n := range names {
		saved[n] = decoders[n]
		delete(decoders, n)
	}
	rebuildDecoderTab()
	defer func() {
		for n, d := range saved {
			decoders[n] = d
		}
		rebuildDecoderTab()
	}()
	f()
}

// rebuildDecoderTab makes decodeInto see a change a test made to
// decoders.
func rebuildDecoderTab() {
	decoderTabOnce.Do(func() {})
	buildDecoderTab()
}

// showable reports whether the typed path can show every argument of e.
func showable(e *sysent.Entry) bool {
	if !e.Typed() {
		return false
	}
	for _, a := range e.Args {
		if a.Type == sysent.Custom {
			return false
		}
	}
	return true
}

// TypedArgText renders argument i of call entry/exit as the typed path
// shows it, from the syscall table.
func TypedArgText(entry, exit *format.Event, i int, o *Options) string {
	c := &Call{}
	d := &dec{c: c, o: o}
	d.args, d.in = entry.Args, entry.Mem
	if exit != nil {
		d.exit, d.out, d.ret, d.failed = true, exit.Mem, exit.Ret, exit.IsError
	}
	d.ent = sysent.Lookup(entry.Nr)
	return Render(d.typedArg(&d.ent.Args[i], i), o)
}

// HasDecoder reports whether syscall name has a hand decoder.
func HasDecoder(name string) bool { return decoders[name] != nil }
