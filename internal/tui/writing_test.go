package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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

// TestExternalEditorErrorKeepsWords: an editor that exits with an error
// does not throw away what was written in it; its file in the data folder
// stays until that text is saved, then goes.
func TestExternalEditorErrorKeepsWords(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("mine")
	hd, err := recovery.StartHandoff(h.dir, recovery.Record{StepID: h.m.edit.target.stepID, PromptID: h.m.edit.target.promptID, Body: "mine"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hd.Path, recovery.HandoffRoot(h.dir)) {
		t.Fatalf("handoff file %s is outside the data folder", hd.Path)
	}
	h.send(externalDoneMsg{session: h.m.edit.session, handoff: hd, text: "mine and the editor's", exitErr: errors.New("exit status 1")})
	if got := h.m.edit.ed.Value(); got != "mine and the editor's" {
		t.Fatalf("after the editor failed the text is %q", got)
	}
	h.mustSee("what you wrote in it is kept")
	step := h.book.Steps[0]
	d, ok, _ := h.st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if !ok || d.Body != "mine and the editor's" {
		t.Fatalf("draft %v %+v", ok, d)
	}
	if _, err := os.Stat(hd.Dir); !os.IsNotExist(err) {
		t.Fatalf("the editor's file is still there once its text is saved: %v", err)
	}
}

// TestOrphanedEditorFileComesBack: a start finds the file an earlier run
// handed to $EDITOR (its terminal closed while the editor was open), puts
// its text in the draft and removes it.
func TestOrphanedEditorFileComesBack(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	firstRunToEditor(t, h)
	h.typeText("before")
	h.key("esc")
	step := h.book.Steps[0]
	p := step.Prompts[0]
	hd, err := recovery.StartHandoff(dir, recovery.Record{StepID: step.ID, PromptID: p.ID, PromptText: p.Text, Body: "before"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hd.Path, []byte("before, and written in the editor"), 0o600); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, dir, st)
	h2.mustSee("Recovered unsaved text for " + step.Title)
	d, ok, _ := st.Draft(bg(), h2.workbook().ID, step.ID, p.ID, 0)
	if !ok || d.Body != "before, and written in the editor" || d.PromptText != p.Text {
		t.Fatalf("draft %v %+v", ok, d)
	}
	if orphans, _ := recovery.Orphans(dir); len(orphans) != 0 {
		t.Fatalf("orphaned editor files left: %+v", orphans)
	}
}

// TestNoEditorSaysHowToSetOne: with no $VISUAL/$EDITOR and no friendly
// editor installed, ctrl+e never starts vi; it says how to set one, whole,
// at the smallest window.
func TestNoEditorSaysHowToSetOne(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // nothing installed, not even vi
	if e := resolveEditor(""); e != "" {
		t.Fatalf("resolveEditor picked %q with nothing installed", e)
	}
	bin := t.TempDir()
	for _, name := range []string{"vi", "nano"} {
		os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"), 0o700)
	}
	t.Setenv("PATH", bin)
	if e := resolveEditor(""); e != "nano" {
		t.Fatalf("resolveEditor picked %q, want nano over vi", e)
	}
	t.Setenv("PATH", t.TempDir())
	h := newHarness(t, "", nil)
	h.m.editor = ""
	firstRunToEditor(t, h)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.key("ctrl+e")
	h.mustSee(editorMissing)
	h.m.editor = "no-such-editor --flag"
	h.m.setNotice("", true)
	h.key("ctrl+e")
	h.mustSee(editorMissing)
	if h.execs != 0 {
		t.Fatal("an editor was started")
	}
}

// TestReopenAfterLeavingFindsRecoveredWords: leaving while the database
// refuses saves is allowed once the words are whole in a recovery file;
// reopening the prompt must show those words, not the older draft, or the
// next successful save would replace them and remove the file.
func TestReopenAfterLeavingFindsRecoveredWords(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("saved")
	h.fire()
	h.st.SetFault(func(op string) error {
		if op == "SaveDraft" {
			return errors.New("disk full")
		}
		return nil
	})
	h.typeText(" and kept aside")
	h.key("esc")
	if h.m.screen != scrStep {
		t.Fatalf("esc with the words in a recovery file: screen %d", h.m.screen)
	}
	h.st.SetFault(nil)
	h.key("enter")
	if got := h.m.edit.ed.Value(); got != "saved and kept aside" {
		t.Fatalf("reopened editor shows %q", got)
	}
	h.typeText("!")
	h.fire()
	step := h.book.Steps[0]
	d, _, _ := h.st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if d.Body != "saved and kept aside!" {
		t.Fatalf("draft %q", d.Body)
	}
}

// TestTooSmallKeepsTextTakesNoCommands: while the window is too small to
// show anything, letters still go into the editor, but no key navigates or
// changes state unseen: not d (mark done), Enter (open), esc or ctrl+s.
func TestTooSmallKeepsTextTakesNoCommands(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	small := tea.WindowSizeMsg{Width: 40, Height: 10}
	h.send(small)
	h.mustSee("larger")
	h.typeText("typed small")
	h.key("enter", "ctrl+s", "esc", "ctrl+e")
	h.typeText("more")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if h.m.screen != scrEditor {
		t.Fatalf("a key left the editor while the window was too small: screen %d", h.m.screen)
	}
	if got := h.m.edit.ed.Value(); got != "typed small\nmore" {
		t.Fatalf("editor holds %q", got)
	}
	if n, _ := h.st.CountEntries(bg(), h.workbook().ID, ""); n != 0 || h.execs != 0 {
		t.Fatalf("ctrl+s or ctrl+e acted unseen: %d entries, %d editors", n, h.execs)
	}
	h.key("esc")
	if h.m.screen != scrStep {
		t.Fatalf("esc at full size: screen %d", h.m.screen)
	}
	h.send(small)
	h.key("d", "enter", "q", "esc")
	if h.quit || h.m.screen != scrStep {
		t.Fatalf("keys acted on the step screen unseen: screen %d quit %v", h.m.screen, h.quit)
	}
	if p, _ := h.st.Progress(bg(), h.workbook().ID); p[h.book.Steps[0].ID] == store.Done {
		t.Fatal("d marked the step done while the window was too small")
	}
	// ctrl+c still quits: a person must always be able to leave.
	h.key("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit while the window was too small")
	}
}

// TestEditorUndo: ctrl+z and ctrl+y reach the text, are listed in the
// help, and an undo is saved like any change.
func TestEditorUndo(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.mustSee("ctrl+z/y undo/redo")
	h.typeText("I am sorry")
	h.fire()
	h.key("ctrl+z")
	if got := h.m.edit.ed.Value(); got != "I am " {
		t.Fatalf("after ctrl+z: %q", got)
	}
	h.fire()
	step := h.book.Steps[0]
	d, _, _ := h.st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if d.Body != "I am " {
		t.Fatalf("undo not saved: %q", d.Body)
	}
	h.key("ctrl+y")
	if got := h.m.edit.ed.Value(); got != "I am sorry" {
		t.Fatalf("after ctrl+y: %q", got)
	}
}

// TestCursorMovedWithoutTypingIsResumed: moving the cursor is kept like
// typing, so the next start puts it back where the person left it.
func TestCursorMovedWithoutTypingIsResumed(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	firstRunToEditor(t, h)
	h.typeText("abcdef")
	h.fire()
	h.key("left", "left", "left")
	h.fire()
	step := h.book.Steps[0]
	d, _, _ := st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if d.Cursor != 3 {
		t.Fatalf("draft cursor %d after moving, want 3", d.Cursor)
	}
	// Moved again and left at once, before any pause: still kept.
	h.key("left", "esc")
	d, _, _ = st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if d.Cursor != 2 {
		t.Fatalf("draft cursor %d after moving and leaving, want 2", d.Cursor)
	}
	h.key("enter")
	h.key("left")
	h2 := newHarness(t, dir, st)
	if h2.m.screen != scrEditor || h2.m.edit.ed.Cursor() != 2 {
		// A move the person made just before a crash may be lost, as typing
		// may; the one kept is where the cursor was when it was saved.
		t.Fatalf("resumed on screen %d with the cursor at %d, want the editor at 2", h2.m.screen, h2.m.edit.ed.Cursor())
	}
}

// TestSavedNoticeStaysWithTheEditor: "Saved to your journal" is about the
// text on screen; it goes with the next change and never follows the
// person to other screens.
func TestSavedNoticeStaysWithTheEditor(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("done")
	h.key("ctrl+s")
	h.mustSee("Saved to your journal")
	h.typeText("!")
	if strings.Contains(h.screen(), "Saved to your journal") {
		t.Fatalf("the notice outlived a change:\n%s", h.screen())
	}
	h.key("ctrl+s", "esc")
	if s := h.screen(); strings.Contains(s, "Saved to your journal") {
		t.Fatalf("the notice followed to the step screen:\n%s", s)
	}
	h.key("esc")
	if s := h.screen(); strings.Contains(s, "Saved to your journal") {
		t.Fatalf("the notice followed to home:\n%s", s)
	}
}

// TestHeldKeysSurviveThePrivacyKey: keys typed while ctrl+s runs, then the
// privacy key: when the save answers, every held key is typed; none is
// taken as the key that brings the screen back.
func TestHeldKeysSurviveThePrivacyKey(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("one")
	_, commit := h.m.Update(keyPress("ctrl+s"))
	h.typeText(" two")
	h.key("ctrl+x")
	h.run(commit)
	if got := h.m.edit.ed.Value(); got != "one two" {
		t.Fatalf("after the save answered the text is %q, want every held key", got)
	}
	if !h.m.private {
		t.Fatal("a held key brought the hidden screen back")
	}
}

// TestSaveAnsweringAfterCtrlS: an autosave still running when ctrl+s is
// pressed may answer after it; the surface must not wait for it for ever
// (later typing unsaved, esc stuck).
func TestSaveAnsweringAfterCtrlS(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("first")
	ticks := h.ticks
	h.ticks = nil
	var save tea.Cmd
	for _, tk := range ticks {
		if _, ok := tk.(autosaveTickMsg); ok {
			_, save = h.m.Update(tk)
		}
	}
	if save == nil {
		t.Fatal("no autosave started")
	}
	h.key("ctrl+s") // its result comes back before the autosave's
	h.run(save)
	h.typeText(" more")
	h.fire()
	wb := h.workbook()
	list, _ := h.st.ListEntries(bg(), wb.ID, "", 10, 0)
	step := h.book.Steps[0]
	if len(list) != 1 {
		t.Fatalf("entries %+v", list)
	}
	d, ok, _ := h.st.Draft(bg(), wb.ID, step.ID, step.Prompts[0].ID, list[0].ID)
	if !ok || d.Body != "first more" {
		t.Fatalf("typing after ctrl+s was not saved: %v %+v", ok, d)
	}
	h.key("esc")
	if h.m.screen != scrStep {
		t.Fatalf("esc is stuck: screen %d", h.m.screen)
	}
}

// TestQuitDuringCtrlS: ctrl+c while ctrl+s is on its way quits once the
// entry is saved.
func TestQuitDuringCtrlS(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("last words")
	_, commit := h.m.Update(keyPress("ctrl+s"))
	h.key("ctrl+c")
	h.run(commit)
	if !h.quit {
		t.Fatal("ctrl+c during ctrl+s never quit")
	}
	if n, _ := h.st.CountEntries(bg(), h.workbook().ID, ""); n != 1 {
		t.Fatalf("%d entries", n)
	}
}

// TestSignalFlushesThroughTheModel: a stop signal mid-typing quits without
// asking, after writing the draft; a failing save goes to a recovery file
// and Err says where.
func TestSignalFlushesThroughTheModel(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("unsaved yet")
	h.send(signalMsg{sig: syscall.SIGTERM})
	if !h.quit || h.m.signal != syscall.SIGTERM || h.m.Err() != nil {
		t.Fatalf("quit %v signal %v err %v", h.quit, h.m.signal, h.m.Err())
	}
	step := h.book.Steps[0]
	d, ok, _ := h.st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if !ok || d.Body != "unsaved yet" {
		t.Fatalf("draft %v %+v", ok, d)
	}

	h2 := newHarness(t, "", nil)
	firstRunToEditor(t, h2)
	h2.st.SetFault(func(op string) error {
		if op == "SaveDraft" {
			return errors.New("disk full")
		}
		return nil
	})
	h2.typeText("nowhere but here")
	h2.send(signalMsg{sig: syscall.SIGHUP})
	if err := h2.m.Err(); !h2.quit || err == nil || !strings.Contains(err.Error(), "safe in "+filepath.Join(h2.dir, recovery.Dir)) {
		t.Fatalf("quit %v, Err %v: want where the words are", h2.quit, err)
	}
	se := &SignalError{Signal: syscall.SIGHUP, Err: h2.m.Err()}
	if se.ExitCode() != 129 || !strings.Contains(se.Error(), "SIGHUP") {
		t.Fatalf("signal error %q exit %d", se.Error(), se.ExitCode())
	}
}

// TestEscAndKeyInOneReadAreBoth: while the app is busy (a big paste, a
// slow save) esc and the next key reach it in one read, which the terminal
// decoder reports as alt+key. No key of the app is an alt+letter, so it
// used to be dropped: esc then q neither left nor quit, and the q was lost.
// It is the two keys the person pressed.
func TestEscAndKeyInOneReadAreBoth(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("words")
	h.send(tea.KeyPressMsg{Code: 'q', Mod: tea.ModAlt})
	if !h.quit {
		t.Fatalf("esc+q in one read did not leave and quit (screen %d)", h.m.screen)
	}
	step := h.book.Steps[0]
	d, ok, _ := h.st.Draft(bg(), h.workbook().ID, step.ID, step.Prompts[0].ID, 0)
	if !ok || d.Body != "words" {
		t.Fatalf("draft %v %+v", ok, d)
	}
}

// An editor file left by a run in another workbook stays for that workbook:
// it is never poured into the same step of the workbook open now.
func TestOrphanedEditorFileOfAnotherWorkbookWaits(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	firstRunToEditor(t, h)
	h.typeText("mine")
	h.key("esc")
	wb := h.workbook().ID
	step, p := h.book.Steps[0], h.book.Steps[0].Prompts[0]
	hd, err := recovery.StartHandoff(dir, recovery.Record{WorkbookID: wb + 1, StepID: step.ID, PromptID: p.ID, Body: "the other workbook's words"})
	if err != nil {
		t.Fatal(err)
	}
	newHarness(t, dir, st)
	if d, _, _ := st.Draft(bg(), wb, step.ID, p.ID, 0); d.Body != "mine" {
		t.Fatalf("this workbook's draft became %q", d.Body)
	}
	if _, err := os.Stat(hd.Path); err != nil {
		t.Fatalf("the other workbook's editor file is gone: %v", err)
	}
}

// An editor file older than the draft (its text was taken back and saved,
// then more was written) never replaces the newer draft.
func TestStaleEditorFileKeepsTheNewerDraft(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	firstRunToEditor(t, h)
	step, p := h.book.Steps[0], h.book.Steps[0].Prompts[0]
	hd, err := recovery.StartHandoff(dir, recovery.Record{WorkbookID: h.workbook().ID, StepID: step.ID, PromptID: p.ID, Body: "older"})
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(hd.Path, old, old)
	h.typeText("older, and newer words")
	h.key("esc")
	newHarness(t, dir, st)
	if d, _, _ := st.Draft(bg(), h.workbook().ID, step.ID, p.ID, 0); d.Body != "older, and newer words" {
		t.Fatalf("the newer draft became %q", d.Body)
	}
}

// A start (or a re-unlock after the idle lock) while saves still fail
// reopens the editor with the recovery file's newer text, not the older
// draft in the database: showing the older one as "kept" and saving over
// the recovery file lost the words written after the disk filled.
func TestResumeWhileSavesFailShowsTheRecoveredText(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	// The recovery file is stamped by the app's clock and the draft by the
	// store's (the real one): keep the app's ahead, as it is in life.
	later := time.Now().Add(time.Hour)
	h := newHarness(t, dir, st, later)
	firstRunToEditor(t, h)
	h.typeText("saved words")
	h.fire()
	failDraftSaves(st)
	h.typeText(" and the newer ones")
	h.fire()
	h.mustSee("safe in")
	h2 := newHarness(t, dir, st, later)
	h2.mustSee("saved words and the newer ones")
	if h2.m.edit.saved == h2.m.edit.ed.Version() {
		t.Fatal("the recovered text counts as saved in the database")
	}
	st.SetFault(nil)
	h2.fire()
	wb := h2.workbook().ID
	d, _, _ := st.Draft(bg(), wb, h2.m.edit.target.stepID, h2.m.edit.target.promptID, 0)
	if d.Body != "saved words and the newer ones" {
		t.Fatalf("once saves work the draft is %q", d.Body)
	}
}

// A recovery file older than the draft (a later save succeeded, then the
// app died before removing it) is removed without claiming to bring
// anything back: the draft already holds newer text.
func TestOlderRecoveryFileIsNotAnnounced(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	firstRunToEditor(t, h)
	h.typeText("newer words")
	h.key("esc")
	step, p := h.book.Steps[0], h.book.Steps[0].Prompts[0]
	path, err := writeRecovery(st, dir, store.Draft{WorkbookID: h.workbook().ID, StepID: step.ID, PromptID: p.ID, Body: "older", UpdatedAt: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, dir, st)
	if strings.Contains(h2.screen(), "Recovered") {
		t.Fatalf("announces a recovery that restored nothing:\n%s", h2.screen())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the older recovery file is still there: %v", err)
	}
}
