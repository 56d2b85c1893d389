package decode

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"mytrace/format"
	"mytrace/internal/testrand"
	"mytrace/internal/testtrace"
	"mytrace/replay"
	"mytrace/sysent"
)

// TestJSONValues: each kind of value has the JSON form docs/json.md
// gives it, and every form is valid JSON.
func TestJSONValues(t *testing.T) {
	o := &Options{StrLimit: 8, FdPath: func(fd int32) string {
		switch fd {
		case 3:
			return "/etc/passwd"
		case 4:
			return "/tmp/\xff\xfe"
		case -100:
			return "/home/me"
		}
		return ""
	}}
	cases := []struct {
		v    Value
		want string
	}{
		{nil, `null`},
		{Int(-5), `-5`},
		{Uint(1 << 63), `9223372036854775808`},
		{Hex(0x1f), `31`},
		{Oct(0o644), `420`},
		{Addr(0), `null`},
		{Addr(0x7ffd1234), `{"addr":"0x7ffd1234"}`},
		{Sym("AT_FDCWD"), `"AT_FDCWD"`},
		{Fd(3), `{"fd":3,"path":"/etc/passwd"}`},
		{Fd(4), `{"fd":4,"path_base64":"L3RtcC///g=="}`},
		{Fd(7), `{"fd":7}`},
		{Fd(-1), `{"fd":-1}`},
		{Cwd{}, `{"fd":-100,"name":"AT_FDCWD","path":"/home/me"}`},
		{Commented{Addr(0x10), "23 vars"}, `{"value":{"addr":"0x10"},"comment":"23 vars"}`},
		{Changed{Int(128), Int(16)}, `{"before":128,"after":16}`},
		{&FlagSet{Names: []string{"O_CLOEXEC"}, Prefix: Sym("O_RDONLY")}, `{"flags":["O_RDONLY","O_CLOEXEC"]}`},
		{&FlagSet{Names: []string{"A"}, Rest: 0x40}, `{"flags":["A"],"rest":64}`},
		{&FlagSet{Rest: 0x40, Dflt: "O_???"}, `{"flags":[],"rest":64,"comment":"O_???"}`},
		{&FlagSet{}, `{"flags":[]}`},
		{&FlagSet{Names: []string{"B"}, Prefix: Int(3)}, `{"flags":["B"],"prefix":3}`},
		{&Struct{Fields: []Field{{"a", Int(1)}, {"", Sym("x")}, {"a", Int(2)}}, More: true}, `{"struct":{"a":1,"#1":"x","#2":2},"more":true}`},
		{&Array{Elems: []Value{Int(1), Int(2)}, More: true}, `{"array":[1,2],"more":true}`},
		{&Array{}, `{"array":[]}`},
		{&bitset{bits: []int{0, 5}, more: true}, `{"bits":[0,5],"more":true}`},
		{Seq{Sym("child_stack="), Addr(0)}, `null`},
		{Seq{&FlagSet{Names: []string{"CLONE_VM"}}, Sym("|"), Sym("SIGCHLD")}, `{"flags":["CLONE_VM","SIGCHLD"]}`},
		{Seq{Sym("makedev("), Hex(8), Sym(")")}, `{"seq":["makedev(",8,")"],"text":"makedev(0x8)"}`},
		{&Str{B: []byte("/etc/passwd"), Kind: StrPath, Term: true}, `{"str":"/etc/passwd"}`},
		{&Str{B: []byte("/very/long/path"), Kind: StrPath}, `{"str":"/very/long/path","truncated":true}`},
		{&Str{B: []byte("\xff\xfe\x00a"), Kind: StrPath, Term: true}, `{"base64":"//4AYQ=="}`},
		{&Str{B: []byte("héllo\n"), Kind: StrC, Term: true, Avail: 7}, `{"str":"héllo\n"}`},
		{&Str{B: []byte("0123456789"), Kind: StrC, Term: true, Avail: 11}, `{"str":"01234567","truncated":true}`},
		{&Str{B: []byte("012"), Kind: StrC, Avail: 3, Addr: 0x1000}, `{"addr":"0x1000"}`},
		{&Str{B: []byte("abc"), Kind: StrBuf, Len: 3, Avail: 3}, `{"str":"abc"}`},
		{&Str{B: []byte("abcdefghijkl"), Kind: StrBuf, Len: 100, Avail: 12}, `{"str":"abcdefgh","truncated":true,"len":100}`},
		{&Str{B: []byte("\x1b[31m"), Kind: StrBuf, Len: 5, Avail: 5}, `{"base64":"G1szMW0="}`},
		{&Str{Kind: StrBuf, Len: 50, Avail: 2, Addr: 0x2000}, `{"addr":"0x2000"}`},
		{forceHex{&Str{B: []byte("ab"), Kind: StrBuf, Len: 2, Avail: 2}}, `{"str":"ab"}`},
		{psQuoted{b: []byte("x\xc3("), more: true}, `{"base64":"eMMo","truncated":true}`},
		{psHexQuoted{b: []byte{1, 2}}, `{"base64":"AQI="}`},
		{netQuoted{b: []byte("eth0")}, `{"str":"eth0"}`},
		{miscHexBytes{0xde, 0xff}, `{"base64":"3v8="}`},
		{&filesQstr{b: []byte("name\x00"), omitTrailing0: true}, `{"str":"name"}`},
		{miscCstr{b: []byte("abc\x00"), size: 16}, `{"str":"abc"}`},
		{miscCstr{b: []byte("a\x01\x02z"), size: 4}, `{"base64":"YQEC","truncated":true}`},
		{&miscPstr{addr: 0x3000, read: true, data: []byte("hi"), n: 2}, `{"str":"hi"}`},
		{&miscPstr{addr: 0x3000}, `{"addr":"0x3000"}`},
		{miscOpenStruct{&Struct{Fields: []Field{{"x", Int(1)}}}}, `{"struct":{"x":1}}`},
	}
	for _, c := range cases {
		got := string(AppendJSON(nil, c.v, o))
		if !json.Valid([]byte(got)) {
			t.Errorf("%T %s: invalid JSON %s", c.v, Render(c.v, o), got)
			continue
		}
		if got != c.want {
			t.Errorf("%T %s:\n got %s\nwant %s", c.v, Render(c.v, o), got, c.want)
		}
	}
}

// TestJSONTextFallback: a value with no JSON form of its own is shown by
// its text, parsed back when it is a quoted string, an address or a
// number.
func TestJSONTextFallback(t *testing.T) {
	for text, want := range map[string]string{
		`"a\nb\0"`:        `{"base64":"YQpiAA=="}`,
		`"a\tb"...`:       `{"str":"a\tb","truncated":true}`,
		`"\x41\x42"`:      `{"str":"AB"}`,
		`"\1\0012"`:       `{"base64":"AQEy"}`,
		`"\303\251"`:      `{"str":"é"}`,
		`NULL`:            `null`,
		`0x7f00`:          `{"addr":"0x7f00"}`,
		`-12`:             `-12`,
		`012`:             `{"text":"012"}`,
		`"a", "b"`:        `{"text":"\"a\", \"b\""}`,
		`"bad\q"`:         `{"text":"\"bad\\q\""}`,
		`"\x4"`:           `{"text":"\"\\x4\""}`,
		"odd \xff text":   `{"text":"odd \ufffd text"}`,
		`{a=1, b=2}`:      `{"text":"{a=1, b=2}"}`,
		`"x" /* note */`:  `{"text":"\"x\" /* note */"}`,
		`"unterminated\`:  `{"text":"\"unterminated\\"}`,
		"\"\u2028\"":      `{"base64":"4oCo"}`,
		`"\\\"quoted\""`:  `{"str":"\\\"quoted\""}`,
		`"with\vvtab\f"`:  `{"str":"with\u000bvtab\u000c"}`,
		`"\177"`:          `{"base64":"fw=="}`,
		`"\r"`:            `{"str":"\r"}`,
		`"end"...more"`:   `{"text":"\"end\"...more\""}`,
		`"a"...`:          `{"str":"a","truncated":true}`,
		`""`:              `{"str":""}`,
		`"\400"`:          `{"text":"\"\\400\""}`,
		`"\0"...`:         `{"base64":"AA==","truncated":true}`,
		`0xzz`:            `{"text":"0xzz"}`,
		`"é\xff"`:         `{"base64":"w6n/"}`,
		`"tab\there"...x`: `{"text":"\"tab\\there\"...x"}`,
	} {
		got := string(appendTextJSON(nil, text))
		if !json.Valid([]byte(got)) {
			t.Errorf("%q: invalid JSON %s", text, got)
			continue
		}
		// Compare as JSON values: escapes may be spelled differently.
		var g, w any
		json.Unmarshal([]byte(got), &g)
		if err := json.Unmarshal([]byte(want), &w); err != nil {
			t.Fatalf("bad want %s: %v", want, err)
		}
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		if string(gj) != string(wj) {
			t.Errorf("%q:\n got %s\nwant %s", text, got, want)
		}
	}
}

// TestJSONString: any bytes give a valid JSON string; valid UTF-8 comes
// back unchanged, invalid bytes as U+FFFD.
func TestJSONString(t *testing.T) {
	var all []byte
	for i := 0; i < 256; i++ {
		all = append(all, byte(i))
	}
	inputs := []string{"", "plain", "quote\" back\\slash", "\x00\x01\x1f\x7f", "é中😀", "\u2028\u2029", string(all), "\xc3(", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xffb"}
	rng := testrand.New(t, 2)
	for i := 0; i < 200; i++ {
		b := make([]byte, rng.Intn(40))
		rng.Read(b)
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		js := AppendJSONString(nil, s)
		if !json.Valid(js) {
			t.Fatalf("%q: invalid JSON %s", s, js)
		}
		var back string
		if err := json.Unmarshal(js, &back); err != nil {
			t.Fatal(err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		// ToValidUTF8 folds a run of bad bytes into one U+FFFD; the
		// encoder replaces each: compare with runs folded.
		if strings.ToValidUTF8(back, "\uFFFD") != want && foldFFFD(back) != foldFFFD(want) {
			t.Errorf("%q: came back as %q", s, back)
		}
		if utf8.ValidString(s) && back != s {
			t.Errorf("%q: valid UTF-8 came back as %q", s, back)
		}
	}
}

func foldFFFD(s string) string {
	return regexp.MustCompile("\uFFFD+").ReplaceAllString(s, "\uFFFD")
}

// sliceSource replays a list of events.
type sliceSource struct {
	evs []*format.Event
	i   int
}

func (s *sliceSource) Next() (*format.Event, error) {
	if s.i >= len(s.evs) {
		return nil, io.EOF
	}
	s.i++
	return s.evs[s.i-1], nil
}

// jsonLines runs events through a JSONPrinter and returns its lines,
// each checked to be one valid JSON object.
func jsonLines(t *testing.T, h *format.Header, o PrintOptions, src replay.Source) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	p := NewJSONPrinter(&buf, h, o)
	rp := replay.New(src)
	for {
		ev, err := rp.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			break
		}
		p.Event(ev)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := sc.Bytes()
		if !json.Valid(line) {
			t.Fatalf("invalid JSON line: %s", line)
		}
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		out = append(out, m)
	}
	if len(out) == 0 || out[0]["type"] != "header" || out[0]["version"] != float64(JSONVersion) {
		t.Fatalf("first line is not the header: %v", out)
	}
	return out
}

// binaryEvents is a small made-up recording: a write of binary bytes,
// an openat of a path that is not UTF-8, a read interrupted by the task's
// end, a signal with a hostile siginfo.
func binaryEvents() []*format.Event {
	const tid = 100
	bin := []byte("\xff\xfe\x00abc\xc3(\x1b[0m")
	path := []byte("/tmp/\xffx")
	si := make([]byte, 128)
	binary.LittleEndian.PutUint32(si, 17)
	binary.LittleEndian.PutUint32(si[8:], 1)
	for i := 16; i < 128; i++ {
		si[i] = byte(i * 7)
	}
	return []*format.Event{
		{Kind: format.KindNewTask, Tid: tid, Pid: tid, How: format.NewTaskLaunched, Time: 1},
		{Kind: format.KindSyscallEntry, Tid: tid, Time: 10, Arch: format.ArchX86_64, Nr: 1, Args: [6]uint64{1, 0x1000, uint64(len(bin))},
			Mem: []format.Region{{Addr: 0x1000, Len: uint64(len(bin)), Data: bin}}},
		{Kind: format.KindSyscallExit, Tid: tid, Time: 25, Arch: format.ArchX86_64, Nr: 1, Ret: int64(len(bin))},
		{Kind: format.KindSyscallEntry, Tid: tid, Time: 30, Arch: format.ArchX86_64, Nr: 257, Args: [6]uint64{uint64(0xffffff9c), 0x2000, 0},
			Mem: []format.Region{{Addr: 0x2000, Len: uint64(len(path)) + 1, Flags: format.MemString | format.MemTerminated, Data: path}}},
		{Kind: format.KindSyscallExit, Tid: tid, Time: 40, Arch: format.ArchX86_64, Nr: 257, Ret: -2, IsError: true},
		{Kind: format.KindSignal, Tid: tid, Time: 45, Sig: 17, Siginfo: si},
		{Kind: format.KindSyscallEntry, Tid: tid, Time: 50, Arch: format.ArchX86_64, Nr: 0, Args: [6]uint64{0, 0x3000, 10}},
		{Kind: format.KindExit, Tid: tid, Time: 60, Status: 9},
	}
}

// TestJSONPrinterBinary: binary buffers and paths that are not UTF-8 are
// written in base64 and come back byte for byte; a call the task never
// returned from is one record, unfinished; the siginfo and the exit are
// records too.
func TestJSONPrinterBinary(t *testing.T) {
	evs := binaryEvents()
	lines := jsonLines(t, &format.Header{StartWall: 1_700_000_000_000_000_000}, PrintOptions{Options: Options{StrLimit: 64}}, &sliceSource{evs: evs})
	var types []string
	for _, l := range lines {
		types = append(types, l["type"].(string))
	}
	if got := strings.Join(types, " "); got != "header attach syscall syscall signal syscall exit" {
		t.Fatalf("records: %s", got)
	}
	w := lines[2]
	if w["name"] != "write" || w["duration_ns"] != float64(15) || w["wall"] != "2023-11-14T22:13:20.000000010Z" {
		t.Errorf("write record: %v", w)
	}
	buf := w["args"].([]any)[1].(map[string]any)["value"].(map[string]any)
	data, err := base64.StdEncoding.DecodeString(buf["base64"].(string))
	if err != nil || !bytes.Equal(data, evs[1].Mem[0].Data) {
		t.Errorf("write buffer came back as %q (%v) from %v", data, err, buf)
	}
	op := lines[3]
	pv := op["args"].([]any)[1].(map[string]any)["value"].(map[string]any)
	data, _ = base64.StdEncoding.DecodeString(pv["base64"].(string))
	if string(data) != "/tmp/\xffx" {
		t.Errorf("openat path came back as %q", data)
	}
	ret := op["ret"].(map[string]any)
	if ret["errno"] != "ENOENT" || ret["message"] != "No such file or directory" || ret["raw"] != float64(-2) {
		t.Errorf("openat ret: %v", ret)
	}
	rd := lines[5]
	if rd["name"] != "read" || rd["unfinished"] != true || rd["ret"] != nil {
		t.Errorf("unfinished read: %v", rd)
	}
	if ex := lines[6]; ex["signal"] != "SIGKILL" || ex["core_dumped"] != false {
		t.Errorf("exit: %v", ex)
	}
}

// TestJSONPrinterHostile: every syscall of the table with random
// arguments and captures, random signals and siginfo: every line is one
// valid JSON object.
func TestJSONPrinterHostile(t *testing.T) {
	rng := testrand.New(t, 3)
	bases := []uint64{0x1000, 0x2000, 0x3000}
	mem := func() []format.Region {
		var m []format.Region
		for _, a := range bases {
			if rng.Intn(3) == 0 {
				continue
			}
			b := make([]byte, rng.Intn(200))
			rng.Read(b)
			flags := []uint8{0, format.MemString | format.MemTerminated, format.MemPartial, format.MemVector}[rng.Intn(4)]
			m = append(m, format.Region{Addr: a, Len: uint64(len(b) + rng.Intn(3)), Flags: flags, Data: b})
		}
		return m
	}
	evs := []*format.Event{{Kind: format.KindNewTask, Tid: 1, Pid: 1, How: format.NewTaskLaunched}}
	tm := int64(0)
	for nr := 0; nr < sysent.Max(); nr++ {
		if sysent.Lookup(uint64(nr)) == nil {
			continue
		}
		for i := 0; i < 3; i++ {
			var args [6]uint64
			for j := range args {
				switch rng.Intn(3) {
				case 0:
					args[j] = bases[rng.Intn(len(bases))]
				case 1:
					args[j] = uint64(rng.Intn(64))
				default:
					args[j] = rng.Uint64()
				}
			}
			ret := int64(rng.Intn(100)) - 5
			tm += 10
			evs = append(evs, &format.Event{Kind: format.KindSyscallEntry, Tid: 1, Time: tm, Arch: format.ArchX86_64, Nr: uint64(nr), Args: args, Mem: mem()})
			tm += 10
			evs = append(evs, &format.Event{Kind: format.KindSyscallExit, Tid: 1, Time: tm, Arch: format.ArchX86_64, Nr: uint64(nr), Ret: ret, IsError: ret < 0, Mem: mem()})
		}
		if nr%20 == 0 {
			si := make([]byte, 128)
			rng.Read(si)
			tm++
			evs = append(evs, &format.Event{Kind: format.KindSignal, Tid: 1, Time: tm, Sig: int32(rng.Intn(65)), Siginfo: si})
		}
	}
	for _, verbose := range []bool{false, true} {
		lines := jsonLines(t, nil, PrintOptions{Options: Options{StrLimit: 16, Verbose: verbose}}, &sliceSource{evs: evs})
		calls := 0
		for _, l := range lines {
			if l["type"] == "syscall" {
				calls++
				if l["decode_error"] != nil {
					t.Errorf("decoder failed: %v", l)
				}
			}
		}
		if want := (len(evs) - 1 - sysent.Max()/20) / 2; calls < want-1 {
			t.Errorf("%d syscall records, want about %d", calls, want)
		}
	}
}

// TestJSONPrinterPipeline: the recorded pipeline's JSON has a record per
// call of the text (an unfinished line and its resumption are one
// record), per process in the same order, and a record per signal and
// exit line.
func TestJSONPrinterPipeline(t *testing.T) {
	tr := filepath.Join("..", "testdata", "traces", "pipeline.trace")
	text := printFile(t, tr, func(w io.Writer, h *format.Header) eventSink {
		return NewPrinter(w, h, PrintOptions{ToFile: true, Follow: true})
	})
	lines := jsonLinesFile(t, tr, PrintOptions{})
	// The header says the file's format version, not the one this
	// mytrace writes: pipeline.trace is a version-1 file.
	if v := lines[0]["format_version"]; v != float64(1) {
		t.Errorf("format_version %v, want 1", v)
	}
	want := map[string][]string{}
	signals, exits := 0, 0
	rePid := regexp.MustCompile(`^(\d+) +`)
	for _, ln := range strings.Split(strings.TrimSpace(text), "\n") {
		m := rePid.FindStringSubmatch(ln)
		if m == nil {
			t.Fatalf("line without pid: %q", ln)
		}
		body := ln[len(m[0]):]
		switch {
		case strings.HasPrefix(body, "---"):
			signals++
		case strings.HasPrefix(body, "+++"):
			exits++
		case strings.HasPrefix(body, "<..."):
		default:
			want[m[1]] = append(want[m[1]], body[:strings.IndexByte(body, '(')])
		}
	}
	got := map[string][]string{}
	for _, l := range lines[1:] {
		switch l["type"] {
		case "syscall":
			pid := strings.TrimSuffix(strings.TrimSuffix(jsonNum(l["tid"]), ".0"), " ")
			got[pid] = append(got[pid], l["name"].(string))
			if l["unfinished"] == nil && l["ret"] == nil {
				t.Errorf("finished call without a result: %v", l)
			}
		case "signal":
			signals--
		case "exit":
			exits--
		}
	}
	if signals != 0 || exits != 0 {
		t.Errorf("signal records off by %d, exit records off by %d", -signals, -exits)
	}
	if len(want) != 3 {
		t.Fatalf("text has %d processes", len(want))
	}
	for pid, names := range want {
		if strings.Join(got[pid], " ") != strings.Join(names, " ") {
			t.Errorf("pid %s: JSON calls\n%v\ntext calls\n%v", pid, got[pid], names)
		}
	}
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

type eventSink interface {
	Event(*replay.Event)
	Close() error
}

// printFile runs a trace file through a printer and returns its output.
func printFile(t *testing.T, path string, mk func(io.Writer, *format.Header) eventSink) string {
	t.Helper()
	var buf bytes.Buffer
	var p eventSink
	testtrace.Replay(t, path, func(h *format.Header) { p = mk(&buf, h) }, func(ev *replay.Event) { p.Event(ev) })
	p.Close()
	return buf.String()
}

func jsonLinesFile(t *testing.T, path string, o PrintOptions) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := format.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return jsonLines(t, rd.Header(), o, rd)
}

// TestJSONPrinterFilters: -e trace=, status=, signal= and -P select the
// same calls as in the text.
func TestJSONPrinterFilters(t *testing.T) {
	tr := filepath.Join("..", "testdata", "traces", "pipeline.trace")
	// -e trace=openat,close and -e signal=none, as package options
	// parses them into the printer's options.
	openatClose := func(nr uint64, arch uint32) bool { return arch == format.ArchX86_64 && (nr == 257 || nr == 3) }
	noSignal := func(int) bool { return false }
	cases := []struct {
		name string
		o    PrintOptions
	}{
		{"trace", PrintOptions{Trace: openatClose}},
		{"failed", PrintOptions{Status: StatusFailed}},
		{"successful", PrintOptions{Status: StatusSuccessful}},
		{"path", PrintOptions{Paths: []string{"/etc/os-release"}}},
		{"signals", PrintOptions{Signals: noSignal}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := c.o
			o.ToFile, o.Follow = true, true
			text := printFile(t, tr, func(w io.Writer, h *format.Header) eventSink { return NewPrinter(w, h, o) })
			wantCalls, wantSignals := 0, 0
			for _, ln := range strings.Split(strings.TrimSpace(text), "\n") {
				body := regexp.MustCompile(`^\d+ +`).ReplaceAllString(ln, "")
				switch {
				case strings.HasPrefix(body, "---"):
					wantSignals++
				case strings.HasPrefix(body, "+++"), strings.HasPrefix(body, "<..."), body == "":
				default:
					wantCalls++
				}
			}
			calls, signals := 0, 0
			for _, l := range jsonLinesFile(t, tr, c.o) {
				switch l["type"] {
				case "syscall":
					calls++
					name := l["name"].(string)
					ret, _ := l["ret"].(map[string]any)
					switch c.name {
					case "trace":
						if name != "openat" && name != "close" {
							t.Errorf("%s shown with trace=openat,close", name)
						}
					case "failed":
						if ret == nil || ret["errno"] == nil {
							t.Errorf("%s without an error shown with status=failed", name)
						}
					case "successful":
						if ret == nil || ret["errno"] != nil {
							t.Errorf("%s shown with status=successful: %v", name, ret)
						}
					}
				case "signal":
					signals++
				}
			}
			if calls != wantCalls || signals != wantSignals || calls == 0 && c.name != "signals" {
				t.Errorf("%d calls and %d signals, the text has %d and %d", calls, signals, wantCalls, wantSignals)
			}
		})
	}
}
