package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// An agreement made in the real binary: reached from home by g, its area
// and review date chosen (the 90-day limit said in words), its wording
// kept through a SIGKILL mid-writing, saved after the restart, and shown
// by status and export.
func TestAgreementSurvivesKill(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 80, 24, env, binary)
	firstRunToHome(t, tm)
	tm.keys("g")
	tm.waitFor("Nothing agreed yet", waitLong)
	tm.waitFor("safety, not control", waitLong)
	tm.keys("a")
	tm.waitFor("What is it about?", waitLong)
	tm.keys("2", "Enter") // Openness
	tm.waitFor("30 days after it starts", waitLong)
	for range 10 {
		tm.keys("]")
	}
	tm.waitFor("90 days at most", waitLong)
	tm.waitFor("90 days after it starts", waitLong)
	tm.keys("Enter")
	tm.waitFor("Openness: write the agreement", waitLong)
	tm.typeText("We share the day's plans, saffron-kettle")
	tm.waitFor("saffron-kettle", waitLong)
	tm.waitFor("draft kept", waitLong) // the autosave is done
	tm.kill()

	tm = startTerm(t, 80, 24, env, binary)
	tm.waitFor("saffron-kettle", waitLong)
	tm.waitFor("Openness: write the agreement", waitLong)
	tm.keys("C-s")
	tm.waitFor("1 agreement", waitLong)
	tm.waitFor("Openness · We share the day's plans", waitLong)
	tm.keys("Escape")
	tm.waitFor("continue here", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	out, errOut, code := runCLI(t, home, "status")
	if code != 0 || !strings.Contains(out, "Agreements: 1, no reviews due") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
	md := filepath.Join(home, "out.md")
	if _, errOut, code := runCLI(t, home, "export", "-o", md); code != 0 {
		t.Fatalf("export: %d %q", code, errOut)
	}
	b := readFile(t, md)
	for _, want := range []string{"## Agreements", "### Openness · active", "saffron-kettle", "review together by"} {
		if !strings.Contains(b, want) {
			t.Fatalf("export lacks %q:\n%s", want, b)
		}
	}
}
