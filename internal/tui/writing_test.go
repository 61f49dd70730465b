package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
)

// TestTypingRightAfterCtrlSIsKept: keys typed while ctrl+s is on its way
// to the journal, and after it, are text: none is dropped and none acts as
// a step-screen command ("d" marks done, "q" quits).
func TestTypingRightAfterCtrlSIsKept(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("first")
	h.fire()
	// ctrl+s, but its save has not answered yet: the keys come in meanwhile.
	_, commit := h.m.Update(keyPress("ctrl+s"))
	h.typeText(" dq")
	h.run(commit)
	h.typeText(" and more")
	if h.quit {
		t.Fatal("a q typed after ctrl+s quit the app")
	}
	if h.m.screen != scrEditor {
		t.Fatalf("after ctrl+s and typing, screen %d, want the editor", h.m.screen)
	}
	if got := h.m.edit.ed.Value(); got != "first dq and more" {
		t.Fatalf("editor holds %q, want every key typed", got)
	}
	wb := h.workbook()
	step := h.book.Steps[0]
	if p, _ := h.st.Progress(bg(), wb.ID); p[step.ID] == store.Done {
		t.Fatal("a d typed after ctrl+s marked the step done")
	}
	list, err := h.st.ListEntries(bg(), wb.ID, "", 10, 0)
	if err != nil || len(list) != 1 || list[0].Preview != "first" {
		t.Fatalf("entries %+v %v, want the one saved", list, err)
	}
	// What came after is kept like any writing: a draft of that entry.
	h.fire()
	d, ok, err := h.st.Draft(bg(), wb.ID, step.ID, step.Prompts[0].ID, list[0].ID)
	if err != nil || !ok || d.Body != "first dq and more" {
		t.Fatalf("draft after typing on: %v %v %+v", ok, err, d)
	}
	// ctrl+s again updates that entry rather than adding a second.
	h.key("ctrl+s")
	list, _ = h.st.ListEntries(bg(), wb.ID, "", 10, 0)
	if len(list) != 1 || list[0].Preview != "first dq and more" {
		t.Fatalf("second ctrl+s: entries %+v", list)
	}
	h.mustSee("Saved to your journal")
	// esc goes back to the step, on to the next question.
	h.key("esc")
	if h.m.screen != scrStep {
		t.Fatalf("esc after saving: screen %d", h.m.screen)
	}
	if p, ok := h.m.step.selectedPrompt(); !ok || p.ID == step.Prompts[0].ID {
		t.Fatalf("after saving, the step selects %q, want the next question", p.ID)
	}
}

// failEverything makes every save fail and the recovery folder unwritable.
func failEverything(t *testing.T, h *harness) {
	t.Helper()
	h.st.SetFault(func(op string) error {
		if op == "SaveDraft" || op == "AddEntry" || op == "DeleteDraft" || op == "UpdateEntry" {
			return errors.New("disk full")
		}
		return nil
	})
	if err := os.WriteFile(filepath.Join(h.dir, recovery.Dir), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLeavingWithUnsavableWordsStopsEveryTime: esc (and esc then q) with
// words that no save could keep never leaves the editor and never quits;
// it says so every time, and the words stay.
func TestLeavingWithUnsavableWordsStopsEveryTime(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	failEverything(t, h)
	h.typeText("only here")
	h.fire()
	for i := 0; i < 3; i++ {
		h.m.setNotice("", true)
		h.key("esc", "q")
		if h.quit || h.m.screen != scrEditor {
			t.Fatalf("try %d: esc, q left the editor (screen %d, quit %v)", i, h.m.screen, h.quit)
		}
		h.mustSee("Not saved anywhere, so your words stay here")
		if !strings.HasPrefix(h.m.edit.ed.Value(), "only here") {
			t.Fatalf("try %d: text now %q", i, h.m.edit.ed.Value())
		}
	}
	// The warning before quitting is given every time, not once a session.
	for i := 0; i < 2; i++ {
		h.typeText("!")
		h.key("ctrl+c")
		if h.quit {
			t.Fatalf("try %d: ctrl+c quit at once with words saved nowhere", i)
		}
		h.mustSee("ctrl+c again quits without it")
	}
	// Room again: esc saves and leaves.
	h.st.SetFault(nil)
	os.Remove(filepath.Join(h.dir, recovery.Dir))
	h.key("esc")
	if h.m.screen != scrStep {
		t.Fatalf("esc with room again: screen %d", h.m.screen)
	}
	step := h.book.Steps[0]
	d, ok, _ := h.st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if !ok || !strings.HasPrefix(d.Body, "only here") || !strings.HasSuffix(d.Body, "!!") {
		t.Fatalf("draft after leaving %v %+v", ok, d)
	}
}

// TestLeavingKeepsKeysTypedAfterEsc: esc flushes before leaving; a q
// typed before the flush answered still quits from the step screen, as
// the person meant, and nothing typed is lost.
func TestLeavingKeepsKeysTypedAfterEsc(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("words")
	_, leave := h.m.Update(keyPress("esc"))
	h.typeText("q")
	h.run(leave)
	if !h.quit {
		t.Fatalf("esc then q did not quit (screen %d)", h.m.screen)
	}
	step := h.book.Steps[0]
	d, ok, _ := h.st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if !ok || d.Body != "words" {
		t.Fatalf("draft %v %+v", ok, d)
	}
}
