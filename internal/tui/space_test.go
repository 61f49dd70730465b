package tui

import (
	"strings"
	"testing"
	"time"
)

// contactPrompt finds, in the person's track, a step with a prompt that
// contacts the other person and one that does not: the content decides
// which, never a lesson id.
func contactPrompt(t *testing.T, h *harness) (step, contact, other int) {
	t.Helper()
	for i, st := range h.m.steps() {
		c, o := -1, -1
		for j, p := range st.Prompts {
			if p.Contact && c < 0 {
				c = j
			}
			if !p.Contact && o < 0 {
				o = j
			}
		}
		if c >= 0 && o >= 0 && c < 9 && o < 9 {
			return i, c, o
		}
	}
	t.Fatal("no step of the track mixes contact and other prompts")
	return
}

// openStepAt opens the i-th step of the track from home.
func openStepAt(t *testing.T, h *harness, i int) {
	t.Helper()
	h.m.home.cursor = 0
	for range i {
		h.key("down")
	}
	h.key("enter")
	if h.m.screen != scrStep {
		t.Fatalf("enter on step %d went to screen %d", i+1, h.m.screen)
	}
}

const holdWords = "this one can wait"

// Give-space mode as a person meets it: noted from home with an end date,
// shown on home, steering a contact prompt to an unsent letter, a letter
// written and kept, then ended early with a reason, after which the
// workbook no longer holds anything back.
func TestGiveSpaceFlow(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("o")
	h.mustSee("Press s to note that space was asked for.")
	h.key("s")
	h.mustSee("until they reach out")
	h.key("right", "right", "right")
	h.mustSee("(3 days)")
	h.key("enter")
	h.mustSee("Giving space · day 1")
	ps, err := h.st.SpacePeriods(bg(), h.workbook().ID, false)
	if err != nil || len(ps) != 1 || ps[0].UntilTheyReachOut || ps[0].Until.Sub(h.now) > 3*24*time.Hour || ps[0].Until.Sub(h.now) < 2*24*time.Hour {
		t.Fatalf("stored periods: %+v %v", ps, err)
	}

	h.key("w")
	if h.m.screen != scrEditor {
		t.Fatalf("w did not open the editor:\n%s", h.screen())
	}
	h.mustSee("What do you wish you could say")
	h.typeText("I am still here")
	h.key("ctrl+s")
	if h.m.screen != scrTool {
		t.Fatalf("ctrl+s left the editor for screen %d:\n%s", h.m.screen, h.screen())
	}
	h.mustSee("I am still here")

	h.now = h.now.Add(49 * time.Hour)
	h.key("esc")
	h.mustSee("Giving space · day 3")

	i, c, o := contactPrompt(t, h)
	openStepAt(t, h, i)
	h.key(string(rune('1' + c)))
	h.mustSee(holdWords)
	h.key(string(rune('1' + o)))
	if strings.Contains(h.screen(), holdWords) {
		t.Errorf("a prompt that does not contact them shows the hold:\n%s", h.screen())
	}
	h.key(string(rune('1'+c)), "o")
	if top, ok := h.m.top(); !ok || top.Name() != "space" {
		t.Fatalf("o on a held prompt did not open give space:\n%s", h.screen())
	}

	h.key("x")
	h.mustSee("How did it end?")
	h.key("down", "enter")
	h.mustSee("Ended: we agreed to talk. You kept 2 days.")
	h.mustSee("Before: 1 time of space, 2 days kept.")
	h.mustSee("I am still here") // the letters stay
	h.key("esc")
	if h.m.screen != scrStep {
		t.Fatalf("esc from give space opened on a step went to screen %d, want the step", h.m.screen)
	}
	if strings.Contains(h.screen(), holdWords) {
		t.Errorf("the step still holds its prompt after the space ended:\n%s", h.screen())
	}
	h.key("esc")
	if strings.Contains(h.screen(), "Giving space") {
		t.Errorf("home still shows the space after it ended:\n%s", h.screen())
	}
	openStepAt(t, h, i)
	h.key(string(rune('1' + c)))
	if strings.Contains(h.screen(), holdWords) {
		t.Errorf("the hold outlived the space:\n%s", h.screen())
	}
	ps, _ = h.st.SpacePeriods(bg(), h.workbook().ID, true)
	if len(ps) != 1 || ps[0].EndedWhy != "we agreed to talk" || len(ps[0].Letters) != 1 || ps[0].Letters[0].Text != "I am still here" {
		t.Errorf("stored after ending: %+v", ps)
	}
}

// While space is given, home's "continue here" passes over a step whose
// every exercise contacts the other person, and comes back to it after.
func TestGiveSpaceContinueSkipsContactOnlySteps(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	b := loadBook(t)
	first := h.m.steps()[0].ID
	for i := range b.Steps {
		if b.Steps[i].ID == first {
			for j := range b.Steps[i].Prompts {
				b.Steps[i].Prompts[j].Contact = true
			}
		}
	}
	h.m.book = b
	if got := h.m.home.continueStep(); got != 0 {
		t.Fatalf("without space, continue at %d, want the first step", got)
	}
	h.key("o", "s", "enter", "esc")
	if got := h.m.home.continueStep(); got != 1 {
		t.Errorf("while space is given, continue at %d, want the next step", got)
	}
	var second string
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, "2. ") {
			second = l
		}
	}
	if !strings.Contains(second, "continue here") {
		t.Errorf("home does not offer the second step:\n%s", h.screen())
	}
	// Only contact steps left: the first of them is still offered.
	for _, st := range h.m.steps()[1:] {
		h.m.progress[st.ID] = "done"
	}
	if got := h.m.home.continueStep(); got != 0 {
		t.Errorf("with only a contact step left, continue at %d, want it", got)
	}
}

// The hurt side names it as the space they asked for.
func TestGiveSpaceHurtWording(t *testing.T) {
	h := newHarness(t, "", nil)
	setupAsHurt(t, h)
	h.key("t")
	h.mustSee("Space I asked for")
	h.key("o", "s")
	h.mustSee("until I am ready")
	h.key("enter")
	h.mustSee("Space you asked for · day 1")
	h.key("x")
	h.mustSee("I reached out")
}

// Leaving the app while writing an unsent letter keeps the words: the next
// start reopens the editor on them, and saving keeps the letter.
func TestGiveSpaceResumeMidLetter(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("o", "s", "enter", "w")
	h.typeText("what I cannot send")
	h.fire() // autosave
	h.key("ctrl+c")
	h2 := newHarness(t, h.dir, h.st)
	if h2.m.screen != scrEditor {
		t.Fatalf("restart is on screen %d, want the editor on the letter", h2.m.screen)
	}
	h2.mustSee("what I cannot send")
	h2.mustSee("Writing · Give space")
	h2.key("ctrl+s")
	h2.mustSee("Unsent letters")
	h2.mustSee("what I cannot send")
}
