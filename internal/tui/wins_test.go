package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// toHome runs the first run with every default and stops on home.
func toHome(t *testing.T, h *harness) {
	t.Helper()
	h.key("enter")                   // welcome → setup
	h.key("enter", "enter", "enter") // name, relationship, side: defaults
	if h.m.screen != scrHome {
		t.Fatalf("setup ended on screen %d, want home:\n%s", h.m.screen, h.screen())
	}
}

// The small-wins flow as a person meets it: from home by its key, a new
// win written in the editor and saved with ctrl+s, back on the list, on
// home's notes, edited, and deleted after asking.
func TestWinsFlow(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("n")
	h.mustSee("Nothing here yet")
	h.key("n")
	if h.m.screen != scrEditor {
		t.Fatalf("n did not open the editor:\n%s", h.screen())
	}
	h.mustSee("What went well?")
	h.typeText("We cooked together")
	h.key("ctrl+s")
	if h.m.screen != scrTool {
		t.Fatalf("ctrl+s left the editor for screen %d, want the wins list:\n%s", h.m.screen, h.screen())
	}
	h.mustSee("We cooked together")
	h.mustSee("1 small win · 1 in the last 7 days")
	ws, err := h.st.Wins(bg(), h.workbook().ID)
	if err != nil || len(ws) != 1 || ws[0].Text != "We cooked together" {
		t.Fatalf("stored wins: %+v %v", ws, err)
	}
	if ds, _ := h.st.Drafts(bg(), h.workbook().ID); len(ds) != 0 {
		t.Errorf("a draft outlived the save: %+v", ds)
	}

	h.key("e")
	h.typeText(" and laughed")
	h.key("ctrl+s")
	h.mustSee("We cooked together and laughed")

	h.key("esc")
	if h.m.screen != scrHome {
		t.Fatalf("esc from the wins list went to screen %d, want home", h.m.screen)
	}
	h.mustSee("Small wins: We cooked together and laughed")

	h.key("t")
	h.mustSee("Toolkit")
	h.key("n")
	h.key("x")
	h.mustSee("Delete this small win?")
	h.key("y")
	h.mustSee("Nothing here yet")
}

// Leaving the app while writing a win keeps the words: the next start
// reopens the editor on them, and saving then makes the win.
func TestWinsResumeMidWriting(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("n", "n")
	h.typeText("A calm talk about money")
	h.fire() // autosave
	h.key("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}

	h2 := newHarness(t, h.dir, h.st)
	if h2.m.screen != scrEditor || !strings.HasPrefix(h2.m.edit.target.stepID, toolStepPrefix) {
		t.Fatalf("restart is on screen %d (%q), want the editor on the win", h2.m.screen, h2.m.edit.target.stepID)
	}
	h2.mustSee("A calm talk about money")
	h2.mustSee("Writing · Small wins")
	h2.key("ctrl+s")
	h2.mustSee("A calm talk about money")
	if h2.m.screen != scrTool {
		t.Fatalf("after saving, screen %d, want the wins list", h2.m.screen)
	}
	h2.key("esc")
	if h2.m.screen != scrHome {
		t.Fatalf("esc went to screen %d, want home", h2.m.screen)
	}
}

// The toolkit shows every tool, with its key, at the smallest window and
// a common one; each key opens its tool and esc comes back.
func TestToolkitShowsEveryTool(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	for _, sz := range [][2]int{{60, 20}, {80, 24}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		h.key("t")
		for _, tl := range toolkit {
			h.mustSee(tl.key + "  " + tl.name(false))
		}
		h.key("esc")
	}
	for _, tl := range toolkit {
		h.key("t", tl.key)
		if top, ok := h.m.top(); !ok || top.Name() != tl.id {
			t.Fatalf("key %q in the toolkit opened %v, want %s", tl.key, top, tl.id)
		}
		h.key("esc")
		if len(h.m.stack) != 1 {
			t.Fatalf("esc from %s left %d screens on the stack, want the toolkit", tl.id, len(h.m.stack))
		}
		h.key("esc")
		if h.m.screen != scrHome {
			t.Fatalf("esc from the toolkit went to screen %d", h.m.screen)
		}
	}
}

// Home's few note lines go first to what asks for something now; every
// tool is in the order once, and every id named first is a real tool.
func TestHomeNotesOrder(t *testing.T) {
	order := notesOrder()
	if len(order) != len(toolkit) {
		t.Fatalf("notesOrder has %d tools, the toolkit %d", len(order), len(toolkit))
	}
	seen := map[string]bool{}
	for i, tl := range order {
		if seen[tl.id] {
			t.Errorf("%s twice", tl.id)
		}
		seen[tl.id] = true
		if i < len(homeNotesFirst) && tl.id != homeNotesFirst[i] {
			t.Errorf("place %d is %s, want %s", i, tl.id, homeNotesFirst[i])
		}
	}
}

// Small wins count in the person's own consistency: the promise ledger
// shows, beside the figures, how many were noted in the last 30 days.
func TestWinsCountBesidePromises(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("p")
	if strings.Contains(h.screen(), "small win") {
		t.Fatalf("the ledger mentions wins before any:\n%s", h.screen())
	}
	h.key("esc", "n", "n")
	h.typeText("A calm breakfast")
	h.key("ctrl+s", "esc", "p")
	h.mustSee("And 1 small win noted in the last 30 days.")
}

// The full help names the hurt side's tools as they are written: "what I
// need to see", never "what i need to see".
func TestHelpKeepsToolNamesCapitalI(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	if _, err := st.CreateWorkbook(bg(), store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: store.RoleHurt}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, dir, st)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.key("?")
	if s := h.screen(); strings.Contains(s, " i need") || !strings.Contains(s, "what I need to see") {
		t.Errorf("help:\n%s", s)
	}
}

// Home's trust sparkline waits for a second week: one check-in is a lone
// cell, which read as a stray mark beside "not enough yet to say".
func TestSparkLineNeedsTwoWeeks(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	one := []store.Checkin{{At: now, Scores: map[string]int{sparkKey: 7}}}
	if line, ok := sparkLine(one, now, true); ok {
		t.Errorf("one check-in gave a sparkline: %q", line)
	}
	two := append(one, store.Checkin{At: now.AddDate(0, 0, -8), Scores: map[string]int{sparkKey: 5}})
	if _, ok := sparkLine(two, now, true); !ok {
		t.Error("two weeks of check-ins gave no sparkline")
	}
}
