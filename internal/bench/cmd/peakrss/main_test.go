package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// role makes the test binary play a part in TestPeakIsTheChildsOwn:
// "launcher" runs peakrss, "child" touches childMiB and exits.
const role = "PEAKRSS_TEST_ROLE"

const (
	ballastMiB = 160 // the big parent (benchreport holding journals)
	childMiB   = 24  // the program being measured
)

func TestMain(m *testing.M) {
	switch os.Getenv(role) {
	case "launcher":
		os.Setenv(role, "child")
		os.Exit(run(os.Args[1:]))
	case "child":
		touch(childMiB)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// touch allocates n MiB and writes every page, so it is resident.
func touch(n int) []byte {
	b := make([]byte, n<<20)
	for i := range len(b) / 4096 {
		b[i*4096] = 1
	}
	return b
}

// TestPeakIsTheChildsOwn starts a 24 MiB child from a parent holding
// 160 MiB, as benchreport starts trustwork: read straight from getrusage
// the child's peak is the parent's; through peakrss it is the child's own.
func TestPeakIsTheChildsOwn(t *testing.T) {
	ballast := touch(ballastMiB)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}

	// What benchreport used to read: the kernel behaviour peakrss exists
	// for. If this starts failing, the kernel or Go changed and peakrss
	// may no longer be needed.
	direct := exec.Command(self)
	direct.Env = append(os.Environ(), role+"=child")
	if err := direct.Run(); err != nil {
		t.Fatal(err)
	}
	inherited := direct.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
	if inherited < ballastMiB<<20 {
		t.Logf("getrusage of a direct child: %d MiB (no longer inherits the parent's %d MiB)", inherited>>20, ballastMiB)
	}

	out := filepath.Join(t.TempDir(), "peak")
	launch := exec.Command(self, out, self)
	launch.Env = append(os.Environ(), role+"=launcher")
	if b, err := launch.CombinedOutput(); err != nil {
		t.Fatalf("peakrss: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		t.Fatalf("peakrss wrote %q, want two numbers", b)
	}
	peak, err1 := strconv.ParseInt(f[0], 10, 64)
	floor, err2 := strconv.ParseInt(f[1], 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("peakrss wrote %q", b)
	}
	t.Logf("child %d MiB, parent %d MiB: direct getrusage %.1f MiB, through peakrss %.1f MiB (its own floor %.1f MiB)",
		childMiB, ballastMiB, float64(inherited)/(1<<20), float64(peak)/(1<<20), float64(floor)/(1<<20))
	if peak < childMiB<<20 {
		t.Errorf("peak %.1f MiB, below the %d MiB the child touched", float64(peak)/(1<<20), childMiB)
	}
	if peak >= ballastMiB<<20 {
		t.Errorf("peak %.1f MiB is the parent's %d MiB, not the child's", float64(peak)/(1<<20), ballastMiB)
	}
	if peak <= floor {
		t.Errorf("peak %d is not above peakrss's own floor %d", peak, floor)
	}
	if floor >= childMiB<<20 {
		t.Errorf("peakrss's own floor %.1f MiB would hide the child", float64(floor)/(1<<20))
	}
	_ = ballast[len(ballast)-1]
}

// TestExitStatusPassesThrough: a failing program fails peakrss, so a
// crashed run is not read as a measurement.
func TestExitStatusPassesThrough(t *testing.T) {
	out := filepath.Join(t.TempDir(), "peak")
	if code := run([]string{out, "/bin/sh", "-c", "exit 3"}); code != 3 {
		t.Errorf("exit status %d, want 3", code)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no figure written for a failing program: %v", err)
	}
	if code := run([]string{out}); code != 2 {
		t.Errorf("no program: exit status %d, want 2", code)
	}
}
