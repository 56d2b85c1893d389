//go:build linux && amd64

package bpf

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/link"
)

// Loading the programs is most of what the bpf backend costs to start:
// reading the kernel's BTF (for the CO-RE relocations and the attach
// points: tens of milliseconds of user time), allocating the ring
// buffer's pages (milliseconds of kernel time for 64 MiB) and the
// verifier's checks of each program (kernel time, most of it for
// on_enter and on_exit). They do not depend on each other until the
// programs are loaded, and the two big programs not on each other at
// all, so they are done at once, on as many CPUs as the machine gives:
//
//	BTF ──────────────────────┐
//	ring ──┐                  ├─ on_exit ────────────── attach ─┐
//	object ┴─ maps ─ table ─ reader                            ├─ done
//	                          └─ on_enter, the others ─ attach ─┘
//
// MYTRACE_BPF_TIMING=1 says on stderr how long each step took and when
// it ended (and, when the recording ends, how long the programs ran).

// startSteps times the steps of the start (MYTRACE_BPF_TIMING).
type startSteps struct {
	on    bool
	t0    time.Time
	mu    sync.Mutex
	steps []string
}

func newStartSteps() *startSteps {
	return &startSteps{on: os.Getenv("MYTRACE_BPF_TIMING") != "", t0: time.Now()}
}

// done notes that step, begun at start, has ended.
func (s *startSteps) done(step string, start time.Time) {
	if !s.on {
		return
	}
	now := time.Now()
	s.mu.Lock()
	s.steps = append(s.steps, fmt.Sprintf("%s %.1fms (at %.1fms)", step, ms(now.Sub(start)), ms(now.Sub(s.t0))))
	s.mu.Unlock()
}

func (s *startSteps) report() {
	if s.on {
		fmt.Fprintf(os.Stderr, "bpf: start %.1fms: %s\n", ms(time.Since(s.t0)), strings.Join(s.steps, ", "))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// runStats says how often each program ran and how long it took, on
// average (the kernel counts while r.stats is open: MYTRACE_BPF_TIMING).
func (r *Recorder) runStats() string {
	var out []string
	for i, p := range r.progs {
		st, err := p.Stats()
		if err != nil || st.RunCount == 0 {
			continue
		}
		out = append(out, fmt.Sprintf("%s %d runs %dns", r.progNames[i], st.RunCount, st.Runtime.Nanoseconds()/int64(st.RunCount)))
	}
	return strings.Join(out, ", ")
}

// progGroups are the programs loaded together, one group per goroutine:
// the verifier takes about as long for on_exit as for all the others.
var progGroups = [][]string{
	{"on_exit"},
	{"on_enter", "on_fork", "on_exec", "on_task_exit", "on_signal", "on_signal_generate"},
}

// early is what loading needs and makes before the object is read: the
// kernel's BTF and the ring buffer.
type early struct {
	cache   *btf.Cache
	btfDone chan struct{}
	ring    chan madeMap
}

type madeMap struct {
	m   *ebpf.Map
	err error
}

// startEarly starts reading the kernel's BTF and making a ring buffer of
// size bytes.
func startEarly(size int, steps *startSteps) *early {
	e := &early{cache: btf.NewCache(), btfDone: make(chan struct{}), ring: make(chan madeMap, 1)}
	go func() {
		t := time.Now()
		// An error shows again when the programs are loaded.
		e.cache.Kernel()
		steps.done("btf", t)
		close(e.btfDone)
	}()
	go func() {
		t := time.Now()
		m, err := ebpf.NewMap(&ebpf.MapSpec{Name: "events", Type: ebpf.RingBuf, MaxEntries: uint32(size)})
		steps.done("ring", t)
		e.ring <- madeMap{m, err}
	}()
	return e
}

// abandon closes what e made, once made.
func (e *early) abandon() {
	go func() {
		if r := <-e.ring; r.m != nil {
			r.m.Close()
		}
	}()
}

// loadObjects loads the maps and programs of spec into r (the ring
// buffer and the kernel's BTF from e), fills the capture table, attaches
// the programs and opens the ring buffer's reader. On error, what was
// made is closed by r.close.
func (r *Recorder) loadObjects(spec *ebpf.CollectionSpec, e *early, steps *startSteps) error {
	cache, btfDone, ringDone := e.cache, e.btfDone, e.ring
	// The maps (the data sections with the configuration set), with the
	// ring buffer made meanwhile.
	t := time.Now()
	ring := <-ringDone
	if ring.err != nil {
		// Closed on the way out.
		<-btfDone
		return unavailable("making the ring buffer", ring.err)
	}
	mapsOnly := &ebpf.CollectionSpec{Maps: spec.Maps, Variables: spec.Variables, Types: spec.Types, ByteOrder: spec.ByteOrder}
	maps, err := ebpf.NewCollectionWithOptions(mapsOnly, ebpf.CollectionOptions{MapReplacements: map[string]*ebpf.Map{"events": ring.m}, Cache: cache})
	ring.m.Close()
	if err != nil {
		<-btfDone
		return unavailable("making the recorder's maps", err)
	}
	r.dataMaps = map[string]*ebpf.Map{}
	for name := range maps.Maps {
		if isDataSection(name) {
			r.dataMaps[name] = maps.DetachMap(name)
		}
	}
	err = maps.Assign(&r.objs.recorderMaps)
	maps.Close()
	if err != nil {
		<-btfDone
		return fmt.Errorf("BPF object: %w", err)
	}
	steps.done("maps", t)

	var wg sync.WaitGroup
	errs := make([]error, len(progGroups)+1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.Now()
		if errs[0] = r.fillTable(); errs[0] != nil {
			return
		}
		steps.done("table", t)
		// Mapping the ring (twice its size, as the kernel lays it out)
		// takes milliseconds too.
		t = time.Now()
		if r.rg, errs[0] = openRing(r.objs.Events); errs[0] != nil {
			return
		}
		steps.done("reader", t)
	}()
	replace := map[string]*ebpf.Map{
		"calls": r.objs.Calls, "events": r.objs.Events, "lastsig": r.objs.Lastsig, "pendsig": r.objs.Pendsig,
		"scratch": r.objs.Scratch, "stats": r.objs.Stats, "tasks": r.objs.Tasks, "marks": r.objs.Marks,
	}
	for name, m := range spec.Maps {
		if isDataSection(name) {
			// .rodata, .bss: made with the maps above.
			dm, ok := r.dataMaps[name]
			if !ok {
				return fmt.Errorf("BPF object: map %s was not made", name)
			}
			replace[name] = dm
		} else if replace[name] == nil {
			return fmt.Errorf("BPF object: unknown map %s (%v)", name, m.Type)
		}
	}
	<-btfDone
	progs := make([]map[string]*ebpf.Program, len(progGroups))
	links := make([][]link.Link, len(progGroups))
	for i, group := range progGroups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.Now()
			progs[i], links[i], errs[i+1] = loadGroup(spec, group, replace, cache)
			steps.done(strings.Join(group, "+"), t)
		}()
	}
	wg.Wait()
	for i, group := range progGroups {
		for _, name := range group {
			if p := progs[i][name]; p != nil {
				r.progs = append(r.progs, p)
				r.progNames = append(r.progNames, name)
			}
		}
		r.links = append(r.links, links[i]...)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return nil
}

// isDataSection says whether a map of the object holds global variables.
func isDataSection(name string) bool { return strings.HasPrefix(name, ".") }

// loadGroup loads the programs named by group from spec, using the maps
// made already, and attaches them.
func loadGroup(spec *ebpf.CollectionSpec, group []string, maps map[string]*ebpf.Map, cache *btf.Cache) (map[string]*ebpf.Program, []link.Link, error) {
	gs := &ebpf.CollectionSpec{Maps: map[string]*ebpf.MapSpec{}, Programs: map[string]*ebpf.ProgramSpec{}, Types: spec.Types.Copy(), ByteOrder: spec.ByteOrder}
	for name, m := range spec.Maps {
		gs.Maps[name] = m.Copy()
	}
	for _, name := range group {
		p := spec.Programs[name]
		if p == nil {
			return nil, nil, fmt.Errorf("BPF object has no program %s", name)
		}
		gs.Programs[name] = p.Copy()
	}
	coll, err := ebpf.NewCollectionWithOptions(gs, ebpf.CollectionOptions{MapReplacements: maps, Cache: cache})
	if err != nil {
		var ve *ebpf.VerifierError
		if errors.As(err, &ve) && os.Getenv("MYTRACE_BPF_DEBUG") != "" {
			fmt.Fprintf(os.Stderr, "%+v\n", ve)
		}
		return nil, nil, unavailable("loading the recorder's programs", err)
	}
	progs := map[string]*ebpf.Program{}
	for _, name := range group {
		progs[name] = coll.DetachProgram(name)
	}
	coll.Close() // the copies of the maps
	var links []link.Link
	for _, name := range group {
		l, err := link.AttachTracing(link.TracingOptions{Program: progs[name]})
		if err != nil {
			return progs, links, unavailable("attaching "+name, err)
		}
		links = append(links, l)
	}
	return progs, links, nil
}

// fillTable writes the capture table into the calls map.
func (r *Recorder) fillTable() error {
	var keys []uint32
	var vals []Desc
	for nr := range r.table {
		d := &r.table[nr]
		if d.Flags == 0 && d.NOps == 0 {
			continue
		}
		keys = append(keys, uint32(nr))
		vals = append(vals, *d)
	}
	if _, err := r.objs.Calls.BatchUpdate(keys, vals, nil); err == nil {
		return nil
	}
	// Kernels without batch operations on arrays: one at a time.
	for i, k := range keys {
		if err := r.objs.Calls.Update(k, &vals[i], ebpf.UpdateAny); err != nil {
			return fmt.Errorf("filling the capture table: %w", err)
		}
	}
	return nil
}
