package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// homeRow is the home line naming step n (1-based), or "".
func homeRow(scr string, n int, title string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, title) && strings.Contains(l, fmt.Sprintf(" %d. ", n)) {
			return l
		}
	}
	return ""
}

// Issue 12.8: "continue here" is the first step not done in the person's
// order, not the step last opened; with every step done home says so.
func TestContinueHereIsFirstStepNotDone(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.key("esc", "esc")
	wb := h.workbook()
	steps := h.m.steps()
	if err := h.st.SetStatus(bg(), wb.ID, steps[0].ID, store.Done); err != nil {
		t.Fatal(err)
	}
	// The person last looked at the last step; the ones between are untouched.
	if err := h.st.SaveResume(bg(), wb.ID, store.Resume{Screen: "home", StepID: steps[len(steps)-1].ID}); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, h.dir, h.st)
	h2.send(tea.WindowSizeMsg{Width: 100, Height: 32})
	scr := h2.screen()
	if row := homeRow(scr, 2, steps[1].Title); !strings.Contains(row, "continue here") || !strings.Contains(row, "›") {
		t.Fatalf("step 2 row = %q; want it selected with continue here:\n%s", row, scr)
	}
	if strings.Count(scr, "continue here") != 1 {
		t.Fatalf("continue here shown %d times:\n%s", strings.Count(scr, "continue here"), scr)
	}

	for _, st := range steps {
		if err := h.st.SetStatus(bg(), wb.ID, st.ID, store.Done); err != nil {
			t.Fatal(err)
		}
	}
	h3 := newHarness(t, h.dir, h.st)
	h3.send(tea.WindowSizeMsg{Width: 100, Height: 32})
	scr = h3.screen()
	if strings.Contains(scr, "continue here") {
		t.Fatalf("all done, yet home says continue here:\n%s", scr)
	}
	h3.mustSee("Every step is done")
	h3.mustSee("› Journal")
}

// onStep goes through first run to the first step's screen at w×h.
func onStep(t *testing.T, w, hgt int) *harness {
	t.Helper()
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.key("esc")
	h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
	return h
}

// screenHasWords reports whether every word of text appears on screen in
// order, whatever the line breaks between them.
func screenHasWords(scr, text string) bool {
	flat := strings.Join(strings.Fields(scr), " ")
	return strings.Contains(flat, strings.Join(strings.Fields(text), " "))
}

// Issue 12.7: ↑/↓ move the › marker through the prompts; the lesson
// scrolls with space/pgdn and J/K, and the help says so.
func TestStepArrowsMoveMarkerSpaceScrollsLesson(t *testing.T) {
	h := onStep(t, 80, 24)
	if h.m.step.sel != 0 {
		t.Fatalf("first prompt not preselected: %d", h.m.step.sel)
	}
	h.key("down", "down")
	if h.m.step.sel != 2 || h.m.step.vp.YOffset() != 0 {
		t.Fatalf("↓↓: prompt %d, lesson offset %d; want prompt 2 and the lesson unmoved", h.m.step.sel, h.m.step.vp.YOffset())
	}
	h.key("up")
	if h.m.step.sel != 1 {
		t.Fatalf("↑: prompt %d, want 1", h.m.step.sel)
	}
	h.key("space")
	if h.m.step.vp.YOffset() == 0 || h.m.step.sel != 1 {
		t.Fatalf("space: lesson offset %d prompt %d; want the lesson a page on", h.m.step.vp.YOffset(), h.m.step.sel)
	}
	off := h.m.step.vp.YOffset()
	h.key("J")
	if h.m.step.vp.YOffset() != off+1 {
		t.Fatalf("J scrolled to %d, want %d", h.m.step.vp.YOffset(), off+1)
	}
	h.mustSee("↑↓ prompt")
	h.mustSee("space/pgdn read on")
	h.key("enter")
	if h.m.screen != scrEditor || h.m.edit.target.promptID != h.book.Steps[0].Prompts[1].ID {
		t.Fatalf("enter opened %d/%q, want the marked prompt", h.m.screen, h.m.edit.target.promptID)
	}
}

// Issue 12.9: prompts are never cut: all whole when they fit, otherwise
// the marked one whole; the lesson keeps at least half the body.
func TestStepPromptsWholeAtEverySize(t *testing.T) {
	for _, sz := range [][2]int{{60, 20}, {80, 24}, {100, 32}, {200, 50}} {
		h := onStep(t, sz[0], sz[1])
		st := h.book.Steps[0]
		for i, p := range st.Prompts {
			for range i {
				h.key("down")
			}
			scr := h.screen()
			if !screenHasWords(scr, p.Text) {
				t.Fatalf("%dx%d: marked prompt %d is not whole:\n%s", sz[0], sz[1], i+1, scr)
			}
			if sz[0] >= 100 {
				for _, q := range st.Prompts {
					if !screenHasWords(scr, q.Text) {
						t.Fatalf("%dx%d: prompt %q cut though there is room:\n%s", sz[0], sz[1], q.Text, scr)
					}
				}
			}
			_, bh := h.m.bodySize()
			if lh := h.m.step.vp.Height(); lh < bh/2 {
				t.Fatalf("%dx%d: the lesson gets %d of %d lines", sz[0], sz[1], lh, bh)
			}
			h.key("1")
		}
	}
}

// Issue 12.6: the lesson note tells the lines on screen, which neither
// jump when help opens nor reset when the person comes back to the step.
func TestLessonPositionIsHonestAndKept(t *testing.T) {
	h := onStep(t, 80, 24)
	h.mustSee("lesson lines 1–")
	for range 100 {
		h.key("space")
	}
	h.mustSee(", the end)")
	total := h.m.step.vp.TotalLineCount()
	h.mustSee(fmt.Sprintf("of %d, the end", total))
	h.key("?")
	scr := h.screen()
	if !strings.Contains(scr, fmt.Sprintf("of %d", total)) || strings.Contains(scr, "%") {
		t.Fatalf("with help open the position should stay in lines of %d:\n%s", total, scr)
	}
	h.key("?", "esc", "enter") // back home, open the step again
	if h.m.screen != scrStep {
		t.Fatalf("not back on the step: %d", h.m.screen)
	}
	if !strings.Contains(h.screen(), fmt.Sprintf("of %d, the end", total)) {
		t.Fatalf("coming back reset the lesson:\n%s", h.screen())
	}
}

// Issue 12.1: Enter on an answered prompt shows the earlier answers and
// asks: another answer, or edit the latest. Neither adds an entry silently.
func TestAnsweredPromptOffersAnotherOrEdit(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("first answer")
	h.key("ctrl+s", "esc") // ctrl+s stays in the editor; esc leaves it
	if h.m.screen != scrStep {
		t.Fatalf("after ctrl+s, esc: screen %d, want step", h.m.screen)
	}
	h.key("1", "enter")
	if h.m.screen != scrStep {
		t.Fatalf("Enter on an answered prompt went straight to screen %d", h.m.screen)
	}
	h.mustSee("You have answered this once")
	h.mustSee("first answer")
	h.mustSee("a  Write another answer")
	h.mustSee("e  Edit the latest answer")

	// e edits the latest: ctrl+s updates it, no second entry.
	h.key("e")
	if h.m.screen != scrEditor || h.m.edit.target.entryID == 0 {
		t.Fatalf("e opened screen %d entry %d, want the editor on the entry", h.m.screen, h.m.edit.target.entryID)
	}
	h.mustSee("first answer")
	h.typeText(" more")
	h.key("ctrl+s", "esc")
	wb := h.workbook()
	if n, _ := h.st.CountEntries(bg(), wb.ID, ""); n != 1 {
		t.Fatalf("editing the latest made %d entries", n)
	}

	// a writes another, starting empty.
	h.key("1", "enter", "a")
	if h.m.screen != scrEditor || h.m.edit.target.entryID != 0 || h.m.edit.ed.Value() != "" {
		t.Fatalf("a opened screen %d entry %d with %q, want an empty new answer", h.m.screen, h.m.edit.target.entryID, h.m.edit.ed.Value())
	}
	h.typeText("second answer")
	h.key("ctrl+s", "esc")
	if n, _ := h.st.CountEntries(bg(), wb.ID, ""); n != 2 {
		t.Fatalf("another answer: %d entries, want 2", n)
	}
	h.key("1", "enter")
	h.mustSee("You have answered this 2 times, newest first")
	scr := h.screen()
	if i, j := strings.Index(scr, "second answer"), strings.Index(scr, "first answer more"); i < 0 || j < 0 || i > j {
		t.Fatalf("answers not shown newest first:\n%s", scr)
	}
	// esc cancels the choice and stays on the step.
	h.key("esc")
	if h.m.screen != scrStep || h.m.step.choosing {
		t.Fatalf("esc: screen %d choosing %v", h.m.screen, h.m.step.choosing)
	}
}

// Issue 12.2: a draft is discarded only after a yes, and u brings it back
// while the step is open.
func TestDiscardDraftAsksAndUndoes(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("not ready yet")
	h.key("esc")
	wb := h.workbook()
	p := h.book.Steps[0].Prompts[0]
	h.mustSee("x discard draft")
	h.key("x")
	h.mustSee("Discard your draft for prompt 1?")
	h.key("n")
	if _, ok, _ := h.st.Draft(bg(), wb.ID, h.book.Steps[0].ID, p.ID, 0); !ok {
		t.Fatal("n discarded the draft")
	}
	h.key("x", "q") // any other key neither answers nor quits
	if h.quit {
		t.Fatal("q quit while the question was open")
	}
	h.mustSee("Discard your draft")
	h.key("y")
	if _, ok, _ := h.st.Draft(bg(), wb.ID, h.book.Steps[0].ID, p.ID, 0); ok {
		t.Fatal("y kept the draft")
	}
	h.mustSee("Draft discarded. Press u to bring it back.")
	if strings.Contains(h.screen(), "✎") {
		t.Fatalf("the ✎ mark outlived the draft:\n%s", h.screen())
	}
	h.key("u")
	d, ok, _ := h.st.Draft(bg(), wb.ID, h.book.Steps[0].ID, p.ID, 0)
	if !ok || d.Body != "not ready yet" {
		t.Fatalf("u restored %+v %v", d, ok)
	}
	h.mustSee("✎ draft waiting")
	h.key("enter")
	if h.m.edit.ed.Value() != "not ready yet" {
		t.Fatalf("editor reopened with %q", h.m.edit.ed.Value())
	}
}

// Issue 12.2 and 12.5: an entry with unsaved changes shows them when read;
// deleting asks first, and u in the journal brings the entry back whole.
func TestReaderShowsChangesDeletesAndUndoes(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("kept words")
	h.key("ctrl+s", "esc", "esc") // step → home
	h.m.home.cursor = len(h.m.steps()) + toolJournal
	h.key("enter", "enter") // journal, read the entry
	if h.m.screen != scrReader {
		t.Fatalf("screen %d, want reader", h.m.screen)
	}
	h.key("e")
	h.typeText(" and second thoughts")
	h.key("esc") // leaves a draft of changes, back to the reader
	if h.m.screen != scrReader {
		t.Fatalf("esc from editing went to %d", h.m.screen)
	}
	h.mustSee("✎ Unsaved changes from")
	h.mustSee("kept words and second thoughts")
	h.mustSee("r discard changes")

	h.key("r")
	h.mustSee("Discard the unsaved changes to this entry?")
	h.key("y")
	if strings.Contains(h.screen(), "second thoughts") {
		t.Fatalf("discarded changes still shown:\n%s", h.screen())
	}
	h.key("u")
	h.mustSee("second thoughts")

	wb := h.workbook()
	id := h.m.reader.entry.ID
	before, _ := h.st.Entry(bg(), wb.ID, id)
	h.key("x")
	h.mustSee("Delete this entry from your journal?")
	h.key("esc")
	if _, err := h.st.Entry(bg(), wb.ID, id); err != nil {
		t.Fatalf("esc deleted the entry: %v", err)
	}
	h.key("x", "y")
	if h.m.screen != scrJournal {
		t.Fatalf("after deleting, screen %d, want the journal", h.m.screen)
	}
	h.mustSee("Entry deleted. Press u to undo.")
	h.mustSee("0 entries")
	if _, err := h.st.Entry(bg(), wb.ID, id); err == nil {
		t.Fatal("y did not delete the entry")
	}
	h.key("u")
	h.mustSee("1 entry")
	after, err := h.st.Entry(bg(), wb.ID, id)
	if err != nil || after != before {
		t.Fatalf("undo restored %+v %v, want %+v", after, err, before)
	}
	if d, ok, _ := h.st.Draft(bg(), wb.ID, before.StepID, before.PromptID, id); !ok || !strings.Contains(d.Body, "second thoughts") {
		t.Fatalf("undo lost the unsaved changes: %+v %v", d, ok)
	}
}

// Issue 12.11: the journal jumps to the oldest and newest entry, filters
// by step, shows and marks the words that matched, and comes back after
// a restart with its filters and place.
func TestJournalJumpsFiltersMarksAndResumes(t *testing.T) {
	h := newHarness(t, "", nil)
	h.key("enter", "enter", "enter", "enter")
	wb := h.workbook()
	steps := h.m.steps()
	n := journalPage*3 + 7
	for i := range n {
		st := steps[i%2]
		body := fmt.Sprintf("entry number %03d", i)
		if i == 10 {
			body = strings.Repeat("a long run of other words ", 12) + "then the Lighthouse appears"
		}
		if _, err := h.st.AddEntry(bg(), store.Entry{WorkbookID: wb.ID, StepID: st.ID, PromptID: st.Prompts[0].ID,
			PromptText: st.Prompts[0].Text, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 32})
	h.m.home.cursor = len(steps) + toolJournal
	h.key("enter")
	h.mustSee(fmt.Sprintf("%d entries", n))
	h.key("G")
	if e, ok := h.m.journal.selected(); !ok || e.Preview != "entry number 000" {
		t.Fatalf("G selects %+v, want the oldest entry", e)
	}
	h.mustSee("entry number 000")
	h.key("g")
	if e, _ := h.m.journal.selected(); e.Preview != fmt.Sprintf("entry number %03d", n-1) {
		t.Fatalf("g selects %q, want the newest", e.Preview)
	}
	h.key("end")
	if h.m.journal.cursor != n-1 {
		t.Fatalf("end: cursor %d, want %d", h.m.journal.cursor, n-1)
	}
	h.key("home")
	if h.m.journal.cursor != 0 {
		t.Fatalf("home: cursor %d", h.m.journal.cursor)
	}

	h.key("s", "s") // the second step only
	h.mustSee(fmt.Sprintf("%d of %d entries in %s", n/2, n, steps[1].Title))
	h.key("esc")
	h.mustSee(fmt.Sprintf("%d entries", n))
	h.key("s")
	h.mustSee("in " + steps[0].Title)

	h.key("/")
	h.typeText("lighthouse")
	h.key("enter")
	h.mustSee("1 of")
	// The match is far into the body: the preview starts near it.
	h.mustSee("…")
	h.mustSee("then the Lighthouse appears")
	raw := h.m.View().Content
	if m := h.m.styles.Match.Render("Lighthouse"); !strings.Contains(m, "\x1b[") || !strings.Contains(raw, m) {
		t.Fatalf("the match is not marked:\n%q", raw)
	}

	h.key("q")
	h2 := newHarness(t, h.dir, h.st)
	if h2.m.screen != scrJournal || h2.m.journal.filter.Value() != "lighthouse" || h2.m.journal.step != steps[0].ID {
		t.Fatalf("resumed on %d with filter %q step %q", h2.m.screen, h2.m.journal.filter.Value(), h2.m.journal.step)
	}
	h2.mustSee("then the Lighthouse appears")

	// The place in a long list comes back too.
	h2.key("esc", "esc")
	h2.key("G", "up", "up")
	want, _ := h2.m.journal.selected()
	h2.key("q")
	h3 := newHarness(t, h.dir, h.st)
	if got, ok := h3.m.journal.selected(); !ok || got.ID != want.ID {
		t.Fatalf("resumed at %+v, want %+v", got, want)
	}
}

func TestMarkFoldsASCIIOnly(t *testing.T) {
	hit := lipgloss.NewStyle().Bold(true)
	base := lipgloss.NewStyle()
	got := mark("Sorry, so SORRY.", "sorry", base, hit)
	if strings.Count(got, hit.Render("Sorry")) != 1 || strings.Count(got, hit.Render("SORRY")) != 1 {
		t.Fatalf("mark = %q", got)
	}
	if mark("plain", "", base, hit) != base.Render("plain") {
		t.Fatal("no needle should mark nothing")
	}
}

// Issue 12.13 and 12.12: the first run says it starts a new journal at
// the path; the name field shows its limit when reached; placeholders
// read as placeholders without colour.
func TestFirstRunSaysNewJournalAndNameLimit(t *testing.T) {
	h := newHarness(t, "", nil)
	h.mustSee("This starts a new, empty journal at")
	h.mustSee(filepath.Join(h.dir, "t.db"))
	h.key("enter")
	h.mustSee("(my partner)")
	if strings.Contains(h.screen(), "stop at") {
		t.Fatal("limit shown before it is reached")
	}
	long := strings.Repeat("abcdefghij", 7)
	h.typeText(long)
	h.mustSee("Names stop at 60 characters.")
	h.key("enter", "enter", "enter")
	if got := h.workbook().PartnerName; got != long[:60] {
		t.Fatalf("name %q", got)
	}
}

// Issue 12.12: a second export the same day says it made a new file and
// kept the earlier one.
func TestExportAgainSaysSo(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("for the record")
	h.key("ctrl+s", "esc", "esc")
	h.send(tea.WindowSizeMsg{Width: 100, Height: 32})
	h.m.home.cursor = len(h.m.steps()) + toolExport
	h.key("enter")
	if strings.Contains(h.screen(), "earlier export") {
		t.Fatalf("first export speaks of an earlier one:\n%s", h.screen())
	}
	h.key("enter")
	h.mustSee("Exported to ~/trustwork-journal-2026-11-21-2.md (a new file; the earlier export is kept)")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.key("enter")
	h.mustSee("Exported again to ~/trustwork-journal-2026-11-21-3.md")
}

// Issue 12.9: when not every prompt fits, the list says there are more
// rather than ending as if it were complete.
func TestStepSaysWhenPromptsLieBeyond(t *testing.T) {
	h := onStep(t, 60, 20)
	st := h.book.Steps[0]
	last := st.Prompts[len(st.Prompts)-1].Text
	scr := h.screen()
	if screenHasWords(scr, last) {
		t.Skip("every prompt fits at 60x20 now")
	}
	h.mustSee("more below (↓)")
	for range len(st.Prompts) - 1 {
		h.key("down")
	}
	if !screenHasWords(h.screen(), last) {
		t.Fatalf("the last prompt never shows:\n%s", h.screen())
	}
	h.mustSee("more above (↑)")
}

// With every step done, home's ending wraps over several lines at 60×20;
// the step list must scroll for those lines too, so the marked tool stays
// on screen and Export can be reached by sight (found at 60×20: the
// Journal and Export rows fell below the window).
func TestEndingKeepsMarkedToolInView(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.key("esc", "esc")
	wb := h.workbook()
	for _, st := range h.m.steps() {
		if err := h.st.SetStatus(bg(), wb.ID, st.ID, store.Done); err != nil {
			t.Fatal(err)
		}
	}
	h2 := newHarness(t, h.dir, h.st)
	for _, sz := range [][2]int{{60, 20}, {80, 24}} {
		h2.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		h2.mustSee("Every step is done")
		// The ending says what comes next (issue 9.6).
		if !screenHasWords(h2.screen(), "keep up the practices that helped, and come back on a hard day") {
			t.Fatalf("the ending does not say what comes next:\n%s", h2.screen())
		}
		h2.mustSee("› Journal")
		h2.key("down")
		h2.mustSee("› Toolkit")
		h2.key("down")
		h2.mustSee("› Export")
		h2.key("up", "up")
	}
}
