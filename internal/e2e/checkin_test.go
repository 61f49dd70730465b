package e2e

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// aDate matches a date as the export writes it ("22 November 2026"); the
// binary's day is its own time zone's, which the test does not set.
const aDate = `\d{1,2} [A-Z][a-z]+ \d{4}`

// down presses Down n times.
func down(tm *term, n int) {
	for range n {
		tm.keys("Down")
	}
}

// A check-in done today in the real binary: scores, a note, finished; then
// status has its trend line and the export its section and table.
func TestCheckinDoneToday(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 80, 24, env, binary)
	firstRunToHome(t, tm)
	tm.keys("c")
	tm.waitFor("This is your first check-in.", waitLong)
	tm.keys("7")
	tm.waitFor("███████··· 7", waitLong)
	tm.keys("Down", "5", "Down", "8")
	tm.waitFor("████████·· 8", waitLong)
	down(tm, 5) // the four questions, then the note
	tm.waitFor("› A note for today", waitLong)
	tm.keys("Enter")
	tm.waitFor("Writing · Check-in", waitLong)
	tm.typeText("We walked to the market, damson-kettle")
	tm.waitFor("damson-kettle", waitLong)
	tm.keys("C-s")
	tm.waitFor("✓ written", waitLong)
	down(tm, 2)
	tm.waitFor("› Finish check-in", waitLong)
	tm.keys("Enter")
	tm.waitFor("Check-in saved.", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	out, b := statusAndExport(t, home)
	if !strings.Contains(out, "Check-ins: 1, the last today") {
		t.Fatalf("status: %q", out)
	}
	for _, want := range []string{"## Check-ins", "| Date | safe | close | trust |", `\| ` + aDate + ` \| 7 \| 5 \| 8 \|`,
		"### " + aDate + "\n", "Scores: safe 7, close 5, trust 8.", `\*Note\*`, "damson-kettle"} {
		if !regexp.MustCompile(want).MatchString(b) {
			t.Errorf("export lacks %q:\n%s", want, b)
		}
	}
}

// A SIGKILL in the middle of a check-in's note keeps the note and the
// scores: the next start reopens the note, and saving it lands in the same
// check-in, which is then picked up rather than a second one started.
func TestCheckinSurvivesKill(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 80, 24, env, binary)
	firstRunToHome(t, tm)
	tm.keys("c")
	tm.waitFor("This is your first check-in.", waitLong)
	tm.keys("6", "Down", "3")
	tm.waitFor("███······· 3", waitLong)
	down(tm, 6)
	tm.waitFor("› A note for today", waitLong)
	tm.keys("Enter")
	tm.waitFor("Writing · Check-in", waitLong)
	tm.typeText("Half of what I meant, plum-orchard")
	tm.waitFor("plum-orchard", waitLong)
	tm.waitFor("draft kept", waitLong) // the autosave is done
	tm.kill()

	tm = startTerm(t, 80, 24, env, binary)
	tm.waitFor("plum-orchard", waitLong)
	tm.waitFor("Writing · Check-in", waitLong)
	tm.keys("C-s")
	tm.waitFor("✓ written", waitLong)
	s := tm.waitFor("██████···· 6", waitLong)
	if !strings.Contains(s, "███······· 3") {
		t.Fatalf("the second score was lost:\n%s", s)
	}
	tm.keys("Escape")
	tm.waitFor("Steps", waitLong)
	tm.keys("c")
	tm.waitFor("Picking up today's check-in where you left off.", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	out, b := statusAndExport(t, home)
	if !strings.Contains(out, "Check-ins: 1, the last today") {
		t.Fatalf("status: %q", out)
	}
	for _, want := range []string{`\| ` + aDate + ` \| 6 \| 3 \| – \|`, "### " + aDate + ` \(not finished\)`, "plum-orchard"} {
		if !regexp.MustCompile(want).MatchString(b) {
			t.Errorf("export lacks %q:\n%s", want, b)
		}
	}
}

// statusAndExport runs `trustwork status` and `trustwork export` on home's
// journal and returns what status printed and the export's text.
func statusAndExport(t *testing.T, home string) (status, export string) {
	t.Helper()
	out, errOut, code := runCLI(t, home, "status")
	if code != 0 {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
	md := filepath.Join(home, "out.md")
	if _, errOut, code := runCLI(t, home, "export", "-o", md); code != 0 {
		t.Fatalf("export: %d %q", code, errOut)
	}
	return out, readFile(t, md)
}
