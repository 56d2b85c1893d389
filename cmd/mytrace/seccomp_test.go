package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mytrace/internal/stracetext"
)

// TestSeccompFilter: with -e trace=, the traced program runs under the
// recorder's seccomp filter (so the kernel skips the other syscalls), and
// the calls recorded are the same as without the filter.
func TestSeccompFilter(t *testing.T) {
	dir := t.TempDir()
	status, _, code := mt(t, dir, "-f", "-e", "trace=openat,read", "-o", "with", "sh", "-c", "cat /proc/self/status")
	if code != 0 || !strings.Contains(status, "Seccomp:\t2") || !strings.Contains(status, "NoNewPrivs:\t0") {
		t.Fatalf("exit %d; the traced program's status shows no filter, or no_new_privs:\n%s", code, status)
	}
	status, _, code = mt(t, dir, "--no-seccomp", "-f", "-e", "trace=openat,read", "-o", "without", "sh", "-c", "cat /proc/self/status")
	if code != 0 || !strings.Contains(status, "Seccomp:\t0") {
		t.Fatalf("--no-seccomp: exit %d, status:\n%s", code, status)
	}
	with, _ := os.ReadFile(filepath.Join(dir, "with"))
	without, _ := os.ReadFile(filepath.Join(dir, "without"))
	// /proc/self/status differs between the runs (pids, memory, the
	// Seccomp line itself): compare what was opened and how much read.
	strip := func(b []byte) string {
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "read(1") || strings.Contains(l, `"Name:\t`) {
				// What cat writes, and what it reads of the status
				// file (its size varies with the counters in it).
				continue
			}
			out = append(out, l)
		}
		return strings.Join(out, "\n")
	}
	w, wo := stracetext.Flatten(sortedBlocks(norm.Processes(strip(with)))), stracetext.Flatten(sortedBlocks(norm.Processes(strip(without))))
	if w != wo {
		t.Errorf("filtered in the kernel or not, the traces differ (- without, + with):\n%s", stracetext.Diff(wo, w))
	}
}

// TestFilteredRecording: a recording made with -e trace=openat has, for
// openat, the same lines as a full recording printed with -e trace=openat.
func TestFilteredRecording(t *testing.T) {
	dir := t.TempDir()
	argv := []string{"--", "dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=2000"}
	if _, stderr, code := mt(t, dir, append([]string{"record", "-f", "-e", "trace=openat", "-o", "filtered.trace"}, argv...)...); code != 0 {
		t.Fatalf("record -e: %d %s", code, stderr)
	}
	if _, stderr, code := mt(t, dir, append([]string{"record", "-f", "-o", "full.trace"}, argv...)...); code != 0 {
		t.Fatalf("record: %d %s", code, stderr)
	}
	filtered, _, _ := mt(t, dir, "print", "filtered.trace")
	full, _, _ := mt(t, dir, "print", "-e", "trace=openat", "full.trace")
	if f, g := norm.Text(filtered), norm.Text(full); f != g || !strings.Contains(f, "openat(") {
		t.Errorf("filtered recording differs from the full one (- full, + filtered):\n%s", stracetext.Diff(g, f))
	}
}

// TestSeccompNeedsFollow: without -f, children are not traced, and a
// child under the filter would get ENOSYS from every call the filter hands
// to a tracer (here the dup2 of a shell's command substitution); so there
// is no kernel filtering without -f, as strace refuses --seccomp-bpf
// without -f.
func TestSeccompNeedsFollow(t *testing.T) {
	needTool(t, "bash")
	dir := t.TempDir()
	for _, args := range [][]string{
		{"-o", "trace", "-e", "trace=dup2"},
		{"record", "-o", "t.trace", "-e", "trace=dup2", "--"},
	} {
		out, stderr, code := mt(t, dir, append(args, "bash", "-c", `x=$(echo hi); echo "$x"`)...)
		if code != 0 || out != "hi\n" || stderr != "" {
			t.Errorf("mytrace %v: status %d, output %q, stderr %q; want hi", args, code, out, stderr)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "trace"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "dup2(") || !strings.Contains(string(b), "+++ exited with 0 +++") {
		t.Errorf("without -f, the parent makes no dup2 (the child does):\n%s", b)
	}
}
