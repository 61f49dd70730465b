package tui

import (
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
)

// firstRunToEditor goes from an empty store to the editor with Enter only.
func firstRunToEditor(t *testing.T, h *harness) {
	t.Helper()
	if h.m.screen != scrWelcome {
		t.Fatalf("first run starts on screen %d, want welcome", h.m.screen)
	}
	h.mustSee("not therapy")
	h.mustSee(filepath.Join(h.dir, "t.db"))
	h.key("enter") // welcome → setup
	h.mustSee("What to call them")
	h.key("enter", "enter", "enter") // name, relationship, role: all defaults
	if h.m.screen != scrHome {
		t.Fatalf("after Enter through setup, screen %d, want home; screen:\n%s", h.m.screen, h.screen())
	}
	wb := h.workbook()
	if wb.PartnerName != "my partner" || wb.Relationship != "partner" || wb.Role != store.RoleRepairing {
		t.Fatalf("defaults not used: %+v", wb)
	}
	h.mustSee("continue here")
	h.key("enter")
	if h.m.screen != scrStep || h.m.step.st.ID != h.book.Steps[0].ID {
		t.Fatalf("Enter on home opened screen %d step %q, want the first step", h.m.screen, h.m.step.st.ID)
	}
	h.mustSee(h.book.Steps[0].Prompts[0].Text[:20])
	h.key("enter")
	if h.m.screen != scrEditor || h.m.edit.target.promptID != h.book.Steps[0].Prompts[0].ID {
		t.Fatalf("Enter on step opened screen %d prompt %q", h.m.screen, h.m.edit.target.promptID)
	}
}

func TestFirstRunEnterOnlyReachesEditor(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	if strings.Contains(h.screen(), "✓") {
		t.Fatalf("an empty editor claims something is saved:\n%s", h.screen())
	}
	if !strings.Contains(h.screen(), h.book.Steps[0].Prompts[0].Text[:20]) {
		t.Fatalf("editor does not show the prompt:\n%s", h.screen())
	}
}

func TestAutosaveWritesDraft(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("I was wrong")
	h.mustSee("not saved yet · 3 words · 11 characters")
	if len(h.ticks) == 0 {
		t.Fatal("typing scheduled no autosave")
	}
	wb := h.workbook()
	p := h.book.Steps[0].Prompts[0]
	if _, ok, _ := h.st.Draft(bg(), wb.ID, h.book.Steps[0].ID, p.ID, 0); ok {
		t.Fatal("draft saved before any timer fired")
	}
	h.fire()
	d, ok, err := h.st.Draft(bg(), wb.ID, h.book.Steps[0].ID, p.ID, 0)
	if err != nil || !ok {
		t.Fatalf("no draft after autosave tick: %v", err)
	}
	if d.Body != "I was wrong" || d.Cursor != len("I was wrong") || d.PromptText != p.Text {
		t.Fatalf("draft = %+v", d)
	}
	h.mustSee("draft kept ✓")
}

func TestAutosavePauseAndMaxWait(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	e := h.m.edit
	h.typeText("a")
	h.typeText("b")
	// The pause tick from the first key is stale: a key came after it.
	var stalePause, maxWait tea.Msg
	for _, m := range h.ticks {
		switch m := m.(type) {
		case autosaveTickMsg:
			if m.seq == 1 {
				stalePause = m
			}
		case maxWaitTickMsg:
			if maxWait != nil {
				t.Fatal("max-wait armed twice during one unsaved stretch")
			}
			maxWait = m
		}
	}
	if stalePause == nil || maxWait == nil {
		t.Fatalf("ticks = %#v", h.ticks)
	}
	h.ticks = nil
	h.send(stalePause)
	if e.saved == e.ed.Version() {
		t.Fatal("a stale pause tick saved")
	}
	h.send(maxWait)
	if e.saved != e.ed.Version() {
		t.Fatal("max-wait tick did not save while typing continued")
	}
	d, _, _ := h.st.Draft(bg(), h.workbook().ID, e.target.stepID, e.target.promptID, 0)
	if d.Body != "ab" {
		t.Fatalf("draft body %q", d.Body)
	}
}

func TestCtrlSSavesEntryWithPromptCopy(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("It was my choice.")
	h.fire()
	h.key("ctrl+s")
	h.mustSee("Saved to your journal")
	h.key("esc")
	if h.m.screen != scrStep {
		t.Fatalf("after ctrl+s, esc: screen %d, want step", h.m.screen)
	}
	wb := h.workbook()
	list, err := h.st.ListEntries(bg(), wb.ID, "", 10, 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("entries %v %v", list, err)
	}
	p := h.book.Steps[0].Prompts[0]
	if list[0].PromptText != p.Text || list[0].Preview != "It was my choice." {
		t.Fatalf("entry %+v", list[0])
	}
	if _, ok, _ := h.st.Draft(bg(), wb.ID, h.book.Steps[0].ID, p.ID, 0); ok {
		t.Fatal("draft still there after ctrl+s")
	}
	// A late autosave tick from the closed session must not bring it back.
	h.fire()
	if _, ok, _ := h.st.Draft(bg(), wb.ID, h.book.Steps[0].ID, p.ID, 0); ok {
		t.Fatal("a late tick resurrected the draft")
	}
	h.mustSee("1. ✓")
	// Enter now goes to the next unanswered prompt.
	h.key("enter")
	if h.m.edit.target.promptID != h.book.Steps[0].Prompts[1].ID {
		t.Fatalf("second Enter opened %q, want the next unanswered prompt", h.m.edit.target.promptID)
	}
}

func TestEscKeepsDraftAndReopens(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("half a thought")
	h.key("esc") // no tick fired: esc itself must flush
	if h.m.screen != scrStep {
		t.Fatalf("esc went to %d", h.m.screen)
	}
	e := h.m.edit
	d, ok, _ := h.st.Draft(bg(), h.workbook().ID, e.target.stepID, e.target.promptID, 0)
	if !ok || d.Body != "half a thought" {
		t.Fatalf("draft after esc: %v %+v", ok, d)
	}
	h.key("enter")
	if got := h.m.edit.ed.Value(); got != "half a thought" {
		t.Fatalf("reopened editor holds %q", got)
	}
	h.mustSee("half a thought")
}

func TestPrivacyHidesEverything(t *testing.T) {
	h := newHarness(t, "", nil)
	h.key("enter")
	h.typeText("Sam")
	h.key("enter", "enter", "enter", "enter", "enter")
	h.typeText("secret words")
	if !strings.Contains(h.screen(), "secret words") {
		t.Fatalf("typed text not on screen:\n%s", h.screen())
	}
	h.key(PrivacyKey)
	s := h.screen()
	for _, bad := range []string{"secret", "Sam", "Writing", h.book.Steps[0].Title} {
		if strings.Contains(s, bad) {
			t.Fatalf("privacy screen shows %q:\n%s", bad, s)
		}
	}
	if !strings.Contains(s, "Notes") {
		t.Fatalf("privacy screen:\n%s", s)
	}
	if h.m.View().Cursor != nil {
		t.Fatal("privacy screen shows the editor cursor")
	}
	h.key("z") // returns, and is swallowed
	if h.m.private || h.m.screen != scrEditor {
		t.Fatal("a key did not return from the privacy screen")
	}
	if got := h.m.edit.ed.Value(); got != "secret words" {
		t.Fatalf("editor text after privacy: %q (the returning key must not be typed)", got)
	}
}

func TestSmallSizesDoNotPanic(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("words")
	screens := []func(){
		func() {},
		func() { h.key("esc") },
		func() { h.key("esc") },
	}
	for _, move := range screens {
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		move()
		for w := 1; w <= 70; w++ {
			for ht := 1; ht <= 25; ht++ {
				h.send(tea.WindowSizeMsg{Width: w, Height: ht})
				v := h.m.View()
				lines := strings.Split(v.Content, "\n")
				if len(lines) > ht {
					t.Fatalf("%dx%d: %d lines", w, ht, len(lines))
				}
				if (w < minWidth || ht < minHeight) && ht >= 6 && w >= 20 && !strings.Contains(h.screen(), "larger") {
					t.Fatalf("%dx%d: no resize message:\n%s", w, ht, h.screen())
				}
			}
		}
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	if strings.Contains(h.screen(), "larger") {
		t.Fatalf("60x20 should be usable:\n%s", h.screen())
	}
}

func TestFailedSaveWritesRecoveryAndKeepsText(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.st.SetFault(func(op string) error {
		if op == "SaveDraft" || op == "AddEntry" || op == "DeleteDraft" {
			return errors.New("disk full")
		}
		return nil
	})
	h.typeText("do not lose me")
	h.fire()
	s := h.screen()
	if !strings.Contains(s, "Not saved (") || !strings.Contains(s, "safe in") {
		t.Fatalf("no calm notice:\n%s", s)
	}
	recs, err := recovery.List(h.dir)
	if err != nil || len(recs) == 0 || recs[len(recs)-1].Body != "do not lose me" {
		t.Fatalf("recovery files: %+v %v", recs, err)
	}
	fi, err := os.Stat(recs[0].Path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("recovery file mode %v %v", fi.Mode(), err)
	}
	h.key("ctrl+s")
	if h.m.screen != scrEditor || h.m.edit.ed.Value() != "do not lose me" {
		t.Fatalf("failed ctrl+s left the editor: screen %d", h.m.screen)
	}
	// The disk recovers: the next change saves again.
	h.st.SetFault(nil)
	h.typeText("!")
	h.fire()
	d, ok, _ := h.st.Draft(bg(), h.workbook().ID, h.m.edit.target.stepID, h.m.edit.target.promptID, 0)
	if !ok || d.Body != "do not lose me!" {
		t.Fatalf("draft after recovery %v %+v", ok, d)
	}
}

func TestRecoveryFilesRestoredOnStart(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	h.key("enter", "enter", "enter", "enter", "enter")
	step := h.book.Steps[1]
	p := step.Prompts[2]
	path, err := recovery.Write(dir, recovery.Record{StepID: step.ID, PromptID: p.ID, PromptText: p.Text, Body: "rescued", Cursor: 3})
	if err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, dir, st)
	if !strings.Contains(h2.screen(), "Recovered unsaved text for "+step.Title) {
		t.Fatalf("no recovery notice:\n%s", h2.screen())
	}
	d, ok, _ := st.Draft(bg(), h2.workbook().ID, step.ID, p.ID, 0)
	if !ok || d.Body != "rescued" || d.Cursor != 3 {
		t.Fatalf("draft %v %+v", ok, d)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("recovery file not removed: %v", err)
	}
}

func TestJournalListsFiltersAndEdits(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("apple pie")
	h.key("ctrl+s", "esc", "tab", "enter")
	h.typeText("banana \x1b[2J split")
	h.key("ctrl+s", "esc", "esc")
	if h.m.screen != scrHome {
		t.Fatalf("not home: %d", h.m.screen)
	}
	// Journal is the first tool after the steps.
	for range h.m.steps() {
		h.key("down")
	}
	h.key("up") // cursor starts on step 1 after esc from step 1; move to the Journal
	for h.m.home.cursor != len(h.m.steps()) {
		h.key("down")
	}
	h.key("enter")
	if h.m.screen != scrJournal {
		t.Fatalf("journal not open: %d", h.m.screen)
	}
	s := h.screen()
	if !strings.Contains(s, "2 entries") || strings.Contains(s, "\x1b[2J") {
		t.Fatalf("journal:\n%q", s)
	}
	if strings.Index(s, "banana") > strings.Index(s, "apple") {
		t.Fatalf("newest entry is not first:\n%s", s)
	}
	h.key("/")
	h.typeText("apple")
	h.key("enter")
	h.mustSee("1 of 2 entries")
	h.key("enter")
	if h.m.screen != scrReader {
		t.Fatalf("reader not open")
	}
	h.mustSee("apple pie")
	h.key("e")
	if h.m.screen != scrEditor || h.m.edit.ed.Value() != "apple pie" {
		t.Fatalf("editing: screen %d value %q", h.m.screen, h.m.edit.ed.Value())
	}
	h.typeText(" crumble")
	h.key("ctrl+s")
	h.mustSee("Saved to your journal")
	h.key("esc")
	if h.m.screen != scrReader {
		t.Fatalf("after edit screen %d", h.m.screen)
	}
	h.mustSee("apple pie crumble")
	n, _ := h.st.CountEntries(bg(), h.workbook().ID, "")
	if n != 2 {
		t.Fatalf("editing made a new entry: %d entries", n)
	}
}

func TestToggleDone(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.key("esc", "d")
	p, _ := h.st.Progress(bg(), h.workbook().ID)
	if p[h.book.Steps[0].ID] != store.Done {
		t.Fatalf("progress %v", p)
	}
	h.key("esc")
	h.mustSee(fmt.Sprintf("1 of %d steps done", len(h.m.steps())))
	if h.m.home.cursor != 1 {
		t.Fatalf("home preselects %d, want the next step not done", h.m.home.cursor)
	}
}

func TestQuitFlushesAndResumes(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	firstRunToEditor(t, h)
	h.typeText("unsaved line")
	h.key("down") // moves nothing in one line, but proves keys still edit
	h.key("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
	// Resume three days later (the store stamps resume with the real
	// clock): greeting and the editor with the draft and cursor.
	h2 := newHarness(t, dir, st, time.Now().Add(72*time.Hour))
	h2.mustSee("Welcome back. You were writing in " + h.book.Steps[0].Title + ", 3 days ago.")
	h2.key("right") // any key dismisses it, and still reaches the editor
	if strings.Contains(h2.screen(), "Welcome back") {
		t.Fatal("greeting not dismissed by a key")
	}
	if h2.m.screen != scrEditor || h2.m.edit.ed.Value() != "unsaved line" {
		t.Fatalf("resume: screen %d text %q", h2.m.screen, h2.m.edit.ed.Value())
	}
	if h2.m.edit.ed.Cursor() != len("unsaved line") {
		t.Fatalf("cursor %d", h2.m.edit.ed.Cursor())
	}

	// A start soon after does not greet.
	h3 := newHarness(t, dir, st, time.Now().Add(time.Hour))
	if strings.Contains(h3.screen(), "Welcome back") {
		t.Fatalf("greeted after an hour:\n%s", h3.screen())
	}
}

func TestExportWritesNewFiles(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("for the record")
	h.key("ctrl+s", "esc", "esc")
	for h.m.home.cursor != len(h.m.steps())+toolExport {
		h.key("down")
	}
	h.key("enter")
	want := filepath.Join(home, "trustwork-journal-2026-11-21.md")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.mustSee("Exported to ~/trustwork-journal-2026-11-21.md")
	b, err := os.ReadFile(want)
	if err != nil || !strings.Contains(string(b), "for the record") {
		t.Fatalf("export %v: %s", err, b)
	}
	h.key("enter")
	if _, err := os.Stat(filepath.Join(home, "trustwork-journal-2026-11-21-2.md")); err != nil {
		t.Fatalf("second export did not get -2: %v", err)
	}
}

func TestJournalPagesThroughManyEntries(t *testing.T) {
	h := newHarness(t, "", nil)
	h.key("enter", "enter", "enter", "enter")
	wb := h.workbook()
	step := h.book.Steps[0]
	for i := range journalPage*2 + 5 {
		if _, err := h.st.AddEntry(bg(), store.Entry{WorkbookID: wb.ID, StepID: step.ID, PromptID: step.Prompts[0].ID,
			PromptText: step.Prompts[0].Text, Body: fmt.Sprintf("entry number %03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyEnter}) // open step 1
	h.key("esc")
	h.m.home.cursor = len(h.m.steps()) + toolJournal
	h.key("enter")
	h.mustSee(fmt.Sprintf("%d entries", journalPage*2+5))
	if len(h.m.journal.items) != journalPage {
		t.Fatalf("first load holds %d summaries, want one page of %d", len(h.m.journal.items), journalPage)
	}
	for range journalPage + 3 {
		h.key("down")
	}
	if h.m.journal.offset != journalPage {
		t.Fatalf("offset %d after moving past the first page", h.m.journal.offset)
	}
	e, ok := h.m.journal.selected()
	if !ok {
		t.Fatal("nothing selected on the second page")
	}
	h.key("enter")
	h.mustSee(e.Preview)
}

func TestBackgroundColourRebuildsStyles(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.key("esc")
	if !h.m.step.shown.isDark {
		t.Fatal("starts assuming a dark background")
	}
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.styles.IsDark || h.m.step.shown.isDark || !h.m.step.ready {
		t.Fatalf("light background not applied: styles dark=%v lesson %+v", h.m.styles.IsDark, h.m.step.shown)
	}
	if _, ok := h.m.lessons[h.m.step.shown]; !ok {
		t.Fatal("light rendering not cached")
	}
}

// TestQuitWithUnsavableWords: when neither the database nor a recovery
// file can take the words, ctrl+c warns once instead of quitting, and a
// second ctrl+c quits with an error main prints; when a recovery file
// holds them, quitting goes ahead and still reports where they are.
func TestQuitWithUnsavableWords(t *testing.T) {
	failSaves := func(h *harness) {
		h.st.SetFault(func(op string) error {
			if op == "SaveDraft" || op == "AddEntry" {
				return errors.New("disk full")
			}
			return nil
		})
	}
	t.Run("nowhere", func(t *testing.T) {
		h := newHarness(t, "", nil)
		firstRunToEditor(t, h)
		failSaves(h)
		// A file where the recovery folder goes: recovery writes fail too.
		if err := os.WriteFile(filepath.Join(h.dir, recovery.Dir), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		h.typeText("only here")
		h.fire()
		h.key("ctrl+c")
		if h.quit {
			t.Fatal("quit at once with words saved nowhere")
		}
		if s := h.screen(); !strings.Contains(s, "Not saved anywhere. ctrl+c again quits") {
			t.Fatalf("no warning:\n%s", s)
		}
		h.key("ctrl+c")
		if !h.quit {
			t.Fatal("a second ctrl+c did not quit")
		}
		if err := h.m.Err(); err == nil || !strings.Contains(err.Error(), "not even to a recovery file") || strings.Contains(err.Error(), "only here") {
			t.Fatalf("Err() = %v, want the loss named without the words", err)
		}
	})
	t.Run("in a recovery file", func(t *testing.T) {
		h := newHarness(t, "", nil)
		firstRunToEditor(t, h)
		failSaves(h)
		h.typeText("kept aside")
		h.fire()
		h.key("ctrl+c")
		if !h.quit {
			t.Fatal("did not quit although the words are in a recovery file")
		}
		if err := h.m.Err(); err == nil || !strings.Contains(err.Error(), "safe in "+filepath.Join(h.dir, recovery.Dir)) {
			t.Fatalf("Err() = %v, want where the words are", err)
		}
		// One plain line: no internal operation names ("SaveDraft: ").
		if msg := h.m.Err().Error(); strings.Contains(msg, "\n") || strings.Contains(msg, "SaveDraft") || strings.Contains(msg, "AddEntry") || !strings.Contains(msg, "(disk full)") {
			t.Fatalf("Err() = %q, want one plain line", msg)
		}
	})
}

// TestUnknownSizeDrawsAnyway: a terminal that reports 0×0 gets the classic
// 80×24 rather than a blank screen.
func TestUnknownSizeDrawsAnyway(t *testing.T) {
	h := newHarness(t, "", nil)
	h.send(tea.WindowSizeMsg{Width: 0, Height: 0})
	if s := h.screen(); !strings.Contains(s, "Welcome to trustwork") {
		t.Fatalf("nothing drawn for an unknown size:\n%s", s)
	}
}

// TestRecoveryOfSavedTextIsDropped: a recovery file whose text reached the
// journal after all (the save that failed was retried and succeeded, but a
// signal ended the app before the file was cleared) is removed at the next
// start without bringing the saved words back as an "unsaved" draft: that
// draft told the person their saved words were lost, and a ctrl+s on it
// made a second copy of the entry.
func TestRecoveryOfSavedTextIsDropped(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	h.key("enter", "enter", "enter", "enter", "enter")
	wb := h.workbook().ID
	step := h.book.Steps[1]
	var paths []string
	for i, p := range step.Prompts[:2] {
		e, err := st.AddEntry(bg(), store.Entry{WorkbookID: wb, StepID: step.ID, PromptID: p.ID, PromptText: p.Text, Body: "saved words " + p.ID})
		if err != nil {
			t.Fatal(err)
		}
		rec := recovery.Record{StepID: step.ID, PromptID: p.ID, PromptText: p.Text, Body: e.Body}
		if i == 0 {
			rec.EntryID = e.ID // an edit of the entry that was saved
		} // else a new answer that ctrl+s saved as this entry
		path, err := recovery.Write(dir, rec)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	h2 := newHarness(t, dir, st)
	if strings.Contains(h2.screen(), "Recovered unsaved text") {
		t.Fatalf("saved words announced as recovered:\n%s", h2.screen())
	}
	ds, err := st.Drafts(bg(), wb)
	if err != nil || len(ds) != 0 {
		t.Fatalf("drafts after start: %+v %v", ds, err)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatalf("recovery file %s not removed: %v", p, err)
		}
	}
}
