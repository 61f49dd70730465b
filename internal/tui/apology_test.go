package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The apology as a person meets it: from home by its key, the sections
// with their guidance, a deflection written in the editor and flagged
// live, the notes on the list, one set aside (saved at once) and the set
// aside undone, a version kept, read and marked finished.
func TestApologyFlow(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("a")
	h.mustSee("Request for forgiveness (optional)")
	h.mustSee("Say plainly that you are sorry, and for what.") // the guidance of the row under the cursor
	h.mustSee("Notes: 2")                                      // responsibility and repair are missing
	h.mustSee("No version kept yet")

	h.key("enter")
	if h.m.screen != scrEditor {
		t.Fatalf("enter did not open the editor:\n%s", h.screen())
	}
	h.mustSee("Regret: Say plainly")
	h.mustSee("Nothing to point out so far.")
	h.typeText("I'm sorry if you felt hurt.")
	h.mustSee("makes their hurt sound uncertain") // flagged live, as it is typed
	h.key("ctrl+s")
	if h.m.screen != scrTool {
		t.Fatalf("ctrl+s left for screen %d, want the apology:\n%s", h.m.screen, h.screen())
	}
	h.mustSee("written · 1 note")

	// The explanation: down three rows, a blame that the checker names.
	h.key("down", "down", "down", "enter")
	h.mustSee("Explanation: Briefly")
	h.typeText("Honestly, you made me feel invisible.")
	h.mustSee("shares out the responsibility")
	h.key("ctrl+s")
	h.mustSee("Notes: 4")

	// The first note is the conditional one; set it aside.
	for range 4 {
		h.key("down")
	}
	h.mustSee("“if you felt hurt”")
	h.key("d")
	h.mustSee("Set aside; u brings it back.")
	h.mustSee("Notes: 3, 1 set aside")
	d, err := h.st.LetterDraft(bg(), h.workbook().ID, false)
	if err != nil || len(d.Dismissed) != 1 || !strings.HasPrefix(d.Dismissed[0], "if-you-felt/regret/") {
		t.Fatalf("set aside not saved: %+v %v", d.Dismissed, err)
	}
	h.key("u")
	h.mustSee("Notes: 4")
	if d, _ := h.st.LetterDraft(bg(), h.workbook().ID, false); len(d.Dismissed) != 0 {
		t.Fatalf("undo not saved: %+v", d.Dismissed)
	}
	h.key("d")
	h.mustSee("Notes: 3, 1 set aside")

	h.key("s")
	h.mustSee("Kept as version 1.")
	h.mustSee("Versions: 1 kept")
	h.key("s")
	h.mustSee("Version 1 already holds these words.")
	h.key("v")
	h.mustSee("Version 1 · ")
	h.key("enter")
	h.mustSee("you made me feel invisible")
	h.key("esc")
	h.key("f")
	h.mustSee("Version 1 is marked finished.")
	h.mustSee("· finished")
	h.key("esc")
	h.mustSee("version 1 finished")
	vs, err := h.st.LetterVersions(bg(), h.workbook().ID, false, true)
	if err != nil || len(vs) != 1 || !vs[0].Finished || !strings.Contains(vs[0].Sections["regret"], "if you felt") {
		t.Fatalf("versions: %+v %v", vs, err)
	}
	h.key("esc")
	if h.m.screen != scrHome {
		t.Fatalf("esc went to screen %d, want home", h.m.screen)
	}
}

// Leaving the app in the middle of a section keeps the words: the next
// start reopens the editor on that section, and saving puts it in the
// apology.
func TestApologyResumeMidSection(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("a")
	for range 5 {
		h.key("down")
	}
	h.key("enter")
	h.mustSee("Offer of repair: Offer what you will do")
	h.typeText("I will show you every message")
	h.fire() // autosave
	h.key("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}

	h2 := newHarness(t, h.dir, h.st)
	if h2.m.screen != scrEditor {
		t.Fatalf("restart is on screen %d, want the editor on the section:\n%s", h2.m.screen, h2.screen())
	}
	h2.mustSee("I will show you every message")
	h2.mustSee("Writing · Apology")
	h2.mustSee("Offer of repair: Offer what you will do")
	h2.key("ctrl+s")
	if h2.m.screen != scrTool {
		t.Fatalf("after saving, screen %d, want the apology", h2.m.screen)
	}
	h2.mustSee("Offer of repair                     written")
	if d, err := h2.st.LetterDraft(bg(), h2.workbook().ID, false); err != nil || d.Sections["repair"] != "I will show you every message" {
		t.Fatalf("stored: %+v %v", d, err)
	}
}

// The hurt side has the impact letter, with its three parts and its own
// gentle checks; and the screen reads at 60×20.
func TestImpactLetterAt60x20(t *testing.T) {
	h := newHarness(t, "", nil)
	setupAsHurt(t, h)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.key("a")
	h.mustSee("Impact letter")
	h.mustSee("What happened to me")
	h.mustSee("What I need")
	h.key("down", "enter")
	h.typeText("Maybe I'm not pretty enough.")
	h.mustSee("Their choice was theirs")
	h.key("ctrl+s")
	h.mustSee("Notes: 3") // happened and need are empty, and the self-blame
	letterFits(t, h, "impact letter at 60×20")
	h.mustSee("No version kept yet")
}

// The apology's list, with notes and a version kept, reads at 60×20 (the
// guidance of the row under the cursor below the list) and at 200×50
// (every section's guidance beside it).
func TestApologyFitsSmallAndWide(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("a", "enter")
	h.typeText("I'm sorry you feel that way, but you're overreacting.")
	h.key("ctrl+s", "s")
	h.mustSee("Kept as version 1.")
	for _, size := range [][2]int{{60, 20}, {200, 50}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, view := range []string{"list", "versions"} {
			letterFits(t, h, fmt.Sprint(size, " ", view))
			if view == "list" {
				h.mustSee("Notes: 5")
				h.mustSee("Versions: 1 kept")
				h.key("v")
			} else {
				h.mustSee("Version 1 · ")
				h.key("esc")
			}
		}
	}
	h.mustSee("empty · 1 note     Offer what you will do") // beside its section when there is room
}

// letterFits checks the letter screen's own view in the room the root
// gives it: the root would clip what overflows, and clipped is not fitting.
func letterFits(t *testing.T, h *harness, what string) {
	t.Helper()
	top, _ := h.m.top()
	s := top.(*apologyScreen)
	scr := ansi.Strip(s.View())
	for i, line := range strings.Split(scr, "\n") {
		if w := ansi.StringWidth(line); w > s.w {
			t.Errorf("%s: line %d is %d wide in %d: %q", what, i, w, s.w, line)
		}
	}
	if n := strings.Count(scr, "\n") + 1; n > s.h {
		t.Errorf("%s: %d lines in %d", what, n, s.h)
	}
}

// A section's saved words can be taken back: emptied and saved with
// ctrl+s, the section reads as not written again. A win, which must hold
// words, still refuses an empty save.
func TestToolTextCanBeCleared(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("a", "enter")
	h.typeText("I am sorry.")
	h.key("ctrl+s")
	if !regexp.MustCompile(`Regret +written`).MatchString(h.screen()) {
		t.Fatalf("the saved section does not read as written:\n%s", h.screen())
	}
	h.key("enter")
	h.mustSee("I am sorry.")
	for range len("I am sorry.") {
		h.key("backspace")
	}
	h.key("ctrl+s")
	if h.m.screen != scrTool {
		t.Fatalf("an emptied section was not saved:\n%s", h.screen())
	}
	if regexp.MustCompile(`Regret +written`).MatchString(h.screen()) {
		t.Errorf("the emptied section still reads as written:\n%s", h.screen())
	}
	h.key("esc", "n", "n")
	h.typeText("x")
	h.key("backspace", "ctrl+s")
	h.mustSee("Nothing to save yet")
}
