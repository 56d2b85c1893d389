package main

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// TestRecordRepack: a program that makes a few calls every 200 ms for
// three seconds has its chunks cut small by the 250 ms flush; record
// rewrites such a file into full chunks at its end (session and format
// tests check that the events stay the same), and --no-repack leaves it
// as it was recorded. Both read back whole and print.
func TestRecordRepack(t *testing.T) {
	dir := t.TempDir()
	slow := `i=0; while [ $i -lt 16 ]; do sleep 0.2; i=$((i+1)); done`
	traces := map[string]string{"default": filepath.Join(dir, "a.trace"), "--no-repack": filepath.Join(dir, "b.trace")}
	var wg sync.WaitGroup
	for flag, tr := range traces {
		args := []string{"record", "-f", "-o", tr}
		if flag != "default" {
			args = append(args, flag)
		}
		args = append(args, "--", "sh", "-c", slow)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := exec.Command(mytraceBin, args...).CombinedOutput(); err != nil || len(out) != 0 {
				t.Errorf("record %s: %v\n%s", flag, err, out)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	chunks := map[string]int{}
	for flag, tr := range traces {
		n, err := strconv.Atoi(infoField(t, tr, "event chunks"))
		if err != nil {
			t.Fatal(err)
		}
		chunks[flag] = n
		if infoField(t, tr, "complete") != "yes" {
			t.Errorf("%s: not complete", flag)
		}
		out, err := exec.Command(mytraceBin, "print", "-f", tr).CombinedOutput()
		if err != nil || len(out) == 0 {
			t.Errorf("print %s: %v\n%s", flag, err, out)
		}
	}
	t.Logf("event chunks: %v", chunks)
	if chunks["default"] > 2 || chunks["--no-repack"] < 9 {
		t.Errorf("event chunks: %v; want at most 2 repacked, 9 or more as recorded", chunks)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.repack-*")); len(m) != 0 {
		t.Errorf("left behind: %v", m)
	}
}
