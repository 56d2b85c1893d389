package replay

import "mytrace/format"

// Maps is what a recording made with -k says of a process's executable
// mappings: the list of its last KindMaps event. Threads share their
// process's Maps; a new process starts with none (the recorder writes its
// mappings before its first stack), an exec keeps the Maps, which the
// recorder replaces before the next stack.
type Maps struct {
	// Gen counts the updates: a consumer may cache what it derived from
	// the list for as long as Gen stays the same.
	Gen  uint64
	List []format.Mapping
}

// Maps returns the executable mappings of the task's process as last
// recorded, or nil if the recording has none (it was made without -k).
func (t *Task) Maps() *Maps {
	if t.mm == nil || t.mm.Gen == 0 {
		return nil
	}
	return t.mm
}

// setMaps replaces the process's mappings with those of a KindMaps event
// (copied: the event's memory is the reader's).
func (t *Task) setMaps(raw *format.Event) {
	if t.mm == nil {
		t.mm = &Maps{}
	}
	m := t.mm
	m.Gen++
	// A new list: whoever holds the old one keeps it intact.
	m.List = make([]format.Mapping, 0, len(raw.Maps))
	for i := range raw.Maps {
		c := raw.Maps[i]
		c.Path = append([]byte(nil), c.Path...)
		c.BuildID = append([]byte(nil), c.BuildID...)
		m.List = append(m.List, c)
	}
}

// startMaps gives a joining task its mappings: a thread shares its
// process's, anything else starts with its own, empty until recorded.
func (r *Replayer) startMaps(t *Task) *Maps {
	if t.How == format.NewTaskThread {
		for _, tid := range []int32{t.Pid, t.Parent} {
			if o := r.tasks[tid]; o != nil && o.mm != nil && !o.Ended {
				return o.mm
			}
		}
	}
	return &Maps{}
}
