package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/workbook"
)

// contactStep finds, in the repair track, a step with a prompt that
// contacts the other person: the content decides, never a lesson id.
func contactStep(t *testing.T) (step, prompt int) {
	t.Helper()
	b, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range b.Track(workbook.TrackRepair) {
		for j, p := range st.Prompts {
			if p.Contact && j < 9 {
				return i, j
			}
		}
	}
	t.Fatal("no contact prompt in the repair track")
	return
}

// Give-space mode and the time-out in the real binary: a period of space
// noted and respected by a lesson's contact prompt, an unsent letter, the
// time-out plan's text surviving a SIGKILL, the timer counting down and
// still running after leaving its screen, ctrl+t from another screen and
// from the editor, and status and export carrying all of it.
func TestSpaceAndTimeout(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 80, 24, env, binary)
	firstRunToHome(t, tm)

	tm.keys("o")
	tm.waitFor("Press s to note that space was asked for", waitLong)
	tm.keys("s")
	tm.waitFor("until they reach out", waitLong)
	tm.keys("Right", "Right")
	tm.waitFor("(2 days)", waitLong)
	tm.keys("Enter")
	tm.waitFor("Giving space · day 1", waitLong)
	tm.keys("Escape")
	tm.waitFor("Giving space · day 1 · until", waitLong)

	step, prompt := contactStep(t)
	for range step {
		tm.keys("Down")
	}
	tm.keys("Enter")
	tm.waitFor("Prompts", waitLong)
	tm.keys(fmt.Sprint(prompt + 1))
	tm.waitFor("this one can wait", waitLong)
	tm.keys("o")
	tm.waitFor("Unsent letters", waitLong)
	tm.keys("w")
	tm.waitFor("What do you wish you could say", waitLong)
	tm.typeText("I wait for you, marigold-ferry")
	tm.waitFor("draft kept", waitLong)
	tm.keys("C-s")
	tm.waitFor("marigold-ferry", waitLong)
	tm.waitFor("Unsent letters", waitLong)

	tm.keys("Escape") // back to the step give space was opened from
	tm.waitFor("Prompts", waitLong)
	tm.keys("C-t") // the time-out from any screen
	tm.waitFor("The plan", waitLong)
	tm.keys("Enter")
	tm.waitFor("What is the signal", waitLong)
	tm.typeText("we say heron-pause")
	tm.waitFor("draft kept", waitLong)
	tm.kill() // mid-plan

	tm = startTerm(t, 80, 24, env, binary)
	tm.waitFor("heron-pause", waitLong)
	tm.waitFor("Writing · Time-out plan", waitLong)
	tm.keys("C-s")
	tm.waitFor("Signal           we say heron-pause", waitLong)
	tm.keys("s")
	tm.waitFor("Break · ", waitLong)
	tm.waitFor(" left", waitLong)
	tm.waitFor("Break · 19:5", 15*time.Second) // it counts down on its own

	tm.keys("Escape", "t")
	tm.waitFor("Toolkit", waitLong)
	tm.keys("C-t") // from another screen
	tm.waitFor("Break · 19:", waitLong)

	// ctrl+t from the editor: the words typed are kept.
	tm.keys("Escape")
	tm.waitFor("Toolkit", waitLong) // the time-out opened above the toolkit
	tm.keys("Escape")
	tm.waitFor("continue here", waitLong)
	tm.keys("Enter")
	tm.waitFor("Prompts", waitLong)
	tm.keys("Enter")
	tm.waitFor("ctrl+s", waitLong)
	tm.typeText("half a sentence, lichen-bell")
	tm.waitFor("lichen-bell", waitLong)
	tm.keys("C-t")
	tm.waitFor("The plan", waitLong)
	tm.keys("Escape") // back to the step the editor was on
	tm.waitFor("Prompts", waitLong)
	tm.keys("Enter")
	tm.waitFor("lichen-bell", waitLong)
	tm.keys("C-s")
	tm.waitFor("Saved to your journal", waitLong)
	tm.keys("Escape")
	tm.waitFor("Prompts", waitLong)
	tm.keys("Escape", "q")
	tm.waitExit(waitLong)

	out, errOut, code := runCLI(t, home, "status")
	if code != 0 || !strings.Contains(out, "Giving space: 1 time, 0 days kept; now on day 1") ||
		!strings.Contains(out, "Time-out plan: a 20-minute break, 1 taken; one running now") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
	md := filepath.Join(home, "out.md")
	if _, errOut, code := runCLI(t, home, "export", "-o", md); code != 0 {
		t.Fatalf("export: %d %q", code, errOut)
	}
	b := readFile(t, md)
	for _, want := range []string{"## Giving space", "Still being given", "#### Unsent letter", "marigold-ferry", "## Time-out plan", "Signal: we say heron-pause", "Breaks taken: 1", "lichen-bell"} {
		if !strings.Contains(b, want) {
			t.Errorf("export has no %q:\n%s", want, b)
		}
	}
}
