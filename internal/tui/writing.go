package tui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/textedit"
)

// writing is the one surface every place a person writes goes through:
// the editor screen today, and any later tool (an apology, a promise, a
// check-in note) that embeds it instead of copying it. It owns the text (a
// textedit.Model) and everything that keeps it:
//
//   - autosave: a pause of autosavePause, or autosaveMaxWait of steady
//     typing, writes the draft (text and cursor) through the one
//     serialised draftWriter, so an older save never overtakes a newer;
//   - recovery: a failed save writes the text to a private recovery file
//     and says where; the next start, or reopening, brings it back;
//   - nothing dropped while saving: keys and pastes that arrive while the
//     draft loads, while ctrl+s carries the text to the journal, or while
//     a leave waits for its flush, are held and replayed in order;
//   - leaving and quitting (settle): the owner's action runs only once the
//     text is durable; if it can go nowhere the surface stops and says so,
//     every time;
//   - the flush on quit and on signals (Model.stopBySignal, flushOnExit);
//   - ctrl+s (commit): the text becomes a journal entry and the surface
//     stays on it, later typing being a draft of that entry;
//   - ctrl+e: the hand-off to $EDITOR through a file in the data folder
//     that outlives a crash (recovery.StartHandoff);
//   - undo and redo (in textedit) and the status line: where the text is
//     and how many words and characters it has.
//
// Its owner gives it a target (what is written), passes it keys while it
// has the screen, routes the session-tagged messages to Update, draws
// View's text with ed, and decides what esc and a successful ctrl+s do
// next (settle, onCommit).
type writing struct {
	m       *Model
	target  editorTarget
	ed      textedit.Model
	session int
	// onCommit, set by the owner, is told the entry ctrl+s saved; what it
	// returns runs before the held keys are replayed.
	onCommit func(store.Entry) tea.Cmd

	loading bool
	// pending holds keys and pastes that arrive while the surface cannot
	// take them (the draft is loading, ctrl+s is on its way to the
	// journal, or a leave waits for its flush). They are replayed, in
	// order, once it can: never dropped, never read by another screen.
	pending []tea.Msg
	// then is what waits for the text to be durable (leaving, quitting);
	// see settle.
	then func() tea.Cmd

	seen       uint64 // text version last looked at
	saved      uint64 // version known to be in the store
	changeSeq  int    // bumps on every change; a pause tick must match it
	epoch      int    // bumps on every save start; a max-wait tick must match it
	waitArmed  bool
	saving     bool
	committing bool
	closed     bool   // left or committed: late ticks and keys do nothing
	failed     bool   // the last save failed; the notice says where the text is
	safeIn     string // the recovery file holding the text after a failed save, if any
	safeVer    uint64 // the version that recovery file holds
	failVer    uint64 // a version whose save went nowhere, not even to a recovery file
	lastErr    error  // why the last save failed
	commitVer  uint64 // the version ctrl+s is carrying to the journal
	// settleQuits says the action waiting in then is quitting the app.
	settleQuits bool
	journalVer  uint64 // a version known to equal the journal entry (0: none)
	note        string // a calm confirmation for the status line ("Saved to your journal.")
	// savedPos is the cursor stored with the draft; savingPos the one the
	// running save carries.
	savedPos, savingPos [2]int
	// handoff is the $EDITOR file whose text came back at handoffVer; it
	// is removed once that version is durable.
	handoff recovery.Handoff
	// warnedPlain is the session in which ctrl+e last warned that a locked
	// journal's text goes to the editor as a plain file (see unlock.go).
	warnedPlain int
	handoffVer  uint64
}

// newWriting starts a surface on target t in a new session: stale ticks
// and save results of an earlier session never touch it.
func (m *Model) newWriting(t editorTarget) writing {
	m.session++
	return writing{m: m, target: t, ed: textedit.New(), session: m.session, loading: true}
}

// applyDraft fills the text from the stored draft (with its cursor), or
// from the entry being edited, or leaves it empty.
func (s *writing) applyDraft(d store.Draft, found bool) {
	switch {
	case found:
		s.ed.SetValue(d.Body)
		s.ed.SetCursor(d.Cursor)
	case s.target.body != "":
		s.ed.SetValue(s.target.body)
	}
	s.seen, s.saved = s.ed.Version(), s.ed.Version()
	s.savedPos = s.pos()
	if s.target.entryID != 0 && (!found || d.Body == s.target.body) {
		s.journalVer = s.ed.Version()
	}
	s.loading = false
}

// Update takes the surface's own messages (matched by session, so a
// closed surface's late ticks and results do nothing), and the keys and
// pastes its owner passes on while it has the screen.
func (s *writing) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case draftLoadedMsg:
		if msg.session != s.session || !s.loading {
			return nil
		}
		if msg.err != nil {
			s.m.setNotice(fmt.Sprintf("Couldn't read your draft: %v", msg.err), false)
		}
		s.applyDraft(msg.draft, msg.found)
		var save tea.Cmd
		if msg.rescued {
			// In a recovery file only: not saved until the database has it.
			s.saved = 0
			save = s.changed()
		}
		if s.then != nil {
			return tea.Batch(save, s.trySettle())
		}
		return tea.Batch(save, s.replay())
	case autosaveTickMsg:
		if msg.session == s.session && msg.seq == s.changeSeq {
			return s.startSave()
		}
		return nil
	case maxWaitTickMsg:
		if msg.session == s.session && msg.epoch == s.epoch {
			s.waitArmed = false
			return s.startSave()
		}
		return nil
	case draftSavedMsg:
		return s.onSaved(msg)
	case entrySavedMsg:
		return s.committed(msg)
	case externalReadyMsg:
		return s.runExternal(msg)
	case externalDoneMsg:
		return s.externalDone(msg)
	}
	kp, isKey := msg.(tea.KeyPressMsg)
	_, isPaste := msg.(tea.PasteMsg)
	if s.busy() && (isKey || isPaste) {
		s.pending = append(s.pending, msg)
		return nil
	}
	if isKey {
		k := s.m.keys
		switch {
		case key.Matches(kp, k.Save):
			return s.commit()
		case key.Matches(kp, k.ExternalEditor):
			return s.openExternal()
		}
	}
	var cmd tea.Cmd
	s.ed, cmd = s.ed.Update(msg)
	if s.ed.Version() != s.seen {
		return tea.Batch(cmd, s.changed())
	}
	if s.moved() {
		// Only the cursor moved: keep it after a pause, as for typing.
		s.changeSeq++
		return tea.Batch(cmd, s.m.after(autosavePause, autosaveTickMsg{session: s.session, seq: s.changeSeq}))
	}
	return cmd
}

// Autosave timing: save when typing pauses for autosavePause, and at most
// autosaveMaxWait after the first unsaved change while typing goes on, so a
// crash loses at most about a second of writing.
const (
	autosavePause   = 500 * time.Millisecond
	autosaveMaxWait = time.Second
)

// inJournal reports whether the text on screen is the journal entry's.
func (s *writing) inJournal() bool {
	return s.target.entryID != 0 && s.journalVer == s.ed.Version()
}

func (s *writing) dirty() bool { return s.ed.Version() != s.saved }

// pos is the cursor's place, cheap to compare.
func (s *writing) pos() [2]int {
	l, c := s.ed.Pos()
	return [2]int{l, c}
}

// moved reports whether the cursor moved since the draft was saved and
// there is a draft to keep it in (a new answer with text, or a change to
// an entry): a resume puts the cursor back too, typed or not.
func (s *writing) moved() bool {
	return s.pos() != s.savedPos && s.ed.Len() > 0 && !s.inJournal()
}

// needsSave reports whether the draft in the database is behind: the text
// changed, or only the cursor moved.
func (s *writing) needsSave() bool { return s.dirty() || s.moved() }

// statusText says where the text is, then how long it is: "in your
// journal ✓" when it is the saved entry, "draft kept ✓" when it is a
// draft in the database but not (yet) in the journal, "saving…", or
// "not saved yet". An empty new answer shows nothing: there is nothing to
// keep.
func (s *writing) statusText(w int) string {
	st := s.m.styles
	words, chars := s.ed.Counts()
	var mark string
	switch {
	case s.loading:
		mark = st.Subtle.Render("loading…")
	case s.saving || s.committing:
		mark = st.Subtle.Render("saving…")
	case s.dirty():
		mark = st.Subtle.Render("not saved yet")
	case s.note != "":
		mark = st.Done.Render("✓ " + s.note)
	case s.inJournal():
		mark = st.Done.Render("in your journal ✓")
	case chars == 0 && s.target.entryID == 0:
		return ""
	default:
		mark = st.Done.Render("draft kept ✓")
	}
	if s.loading {
		return mark
	}
	size := st.Subtle.Render(" · " + plural(words, "word") + " · " + plural(chars, "character"))
	return ansi.Truncate(mark+size, w, "…")
}

// plural is "1 word", "2 words".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

func (s *writing) draft() store.Draft {
	return store.Draft{
		WorkbookID: s.m.wb.ID, StepID: s.target.stepID, PromptID: s.target.promptID,
		EntryID: s.target.entryID, PromptText: s.target.promptText,
		Body: s.ed.Value(), Cursor: s.ed.Cursor(), UpdatedAt: s.m.now().UTC(),
	}
}

// startSave writes the current text unless a save is already running; the
// running one's result starts another if the text moved on meanwhile.
func (s *writing) startSave() tea.Cmd {
	if s.saving || s.committing || s.closed || !s.needsSave() {
		return nil
	}
	return s.beginSave()
}

// beginSave starts writing the draft as it is now; its result comes back
// as a draftSavedMsg (see onSaved).
func (s *writing) beginSave() tea.Cmd {
	s.saving = true
	s.savingPos = s.pos()
	s.epoch++
	s.waitArmed = false
	return saveDraftCmd(s.m.st, s.m.drafts, s.m.cfg.DataDir, s.session, s.ed.Version(), s.draft())
}

// flush is the synchronous save used before leaving and quitting. It goes
// through the same writer, so it can never be overtaken by an older save.
func (s *writing) flush() tea.Cmd {
	if s.loading || !s.needsSave() || s.committing || s.closed {
		return nil
	}
	s.savingPos = s.pos()
	return saveDraftCmd(s.m.st, s.m.drafts, s.m.cfg.DataDir, s.session, s.ed.Version(), s.draft())
}

// changed schedules autosaves after the text changed.
func (s *writing) changed() tea.Cmd {
	s.seen = s.ed.Version()
	s.note = "" // "Saved to your journal" is about the text before this change
	s.changeSeq++
	cmds := []tea.Cmd{s.m.after(autosavePause, autosaveTickMsg{session: s.session, seq: s.changeSeq})}
	if !s.waitArmed {
		s.waitArmed = true
		cmds = append(cmds, s.m.after(autosaveMaxWait, maxWaitTickMsg{session: s.session, epoch: s.epoch}))
	}
	return tea.Batch(cmds...)
}

// busy reports whether keys must wait: the draft is still loading, ctrl+s
// is carrying the text to the journal, or a leave waits for its flush.
func (s *writing) busy() bool { return s.loading || s.committing || s.then != nil }

// replay sends the keys held while busy through the root model, in order:
// to the editor if it is still open, to the next screen if it was left
// (esc then q means go back, then quit).
func (s *writing) replay() tea.Cmd {
	held := s.pending
	s.pending = nil
	var cmds []tea.Cmd
	for _, msg := range held {
		if kp, ok := msg.(tea.KeyPressMsg); ok {
			cmds = append(cmds, s.m.routeKey(kp))
		} else {
			cmds = append(cmds, s.m.current().Update(msg))
		}
	}
	return tea.Sequence(cmds...)
}

func (s *writing) onSaved(msg draftSavedMsg) tea.Cmd {
	if msg.session != s.session {
		if msg.err != nil {
			s.m.setNotice(saveFailure(msg.err, msg.recoveryPath), false)
		}
		return nil
	}
	s.saving = false
	if msg.err != nil {
		s.saveFailed(msg.err, msg.recoveryPath, msg.version)
		release := s.releaseHandoff()
		if s.then != nil {
			return tea.Batch(release, s.trySettle())
		}
		return release // the next change or ctrl+s tries again
	}
	if msg.version >= s.saved {
		s.saved, s.savedPos = msg.version, s.savingPos
	}
	clear := s.releaseHandoff()
	if s.failed {
		s.failed, s.safeIn, s.failVer = false, "", 0
		s.m.setNotice("Saved again. All is well.", true)
		clear = tea.Batch(clear, clearRecoveryCmd(s.m.st, s.m.cfg.DataDir, s.m.wb.ID, s.target.stepID, s.target.promptID, s.target.entryID, s.m.now().UTC()))
	}
	if s.then != nil {
		return tea.Sequence(clear, s.trySettle())
	}
	if s.needsSave() {
		return tea.Batch(clear, s.startSave())
	}
	return clear
}

// saveFailed records a failed save of version: where the text is safe (a
// recovery file, or nowhere if that could not be written either) and the
// notice.
func (s *writing) saveFailed(err error, recoveryPath string, version uint64) {
	s.failed, s.lastErr = true, err
	if recoveryPath != "" {
		s.safeIn, s.safeVer = recoveryPath, version
	} else {
		s.failVer = version
	}
	s.m.setNotice(saveFailure(err, recoveryPath), false)
	if s.m.quitting {
		s.m.lost = s.exitError()
	}
}

// durable reports whether the text on screen is in the database or, after
// a failed save, whole in a recovery file.
func (s *writing) durable() bool {
	v := s.ed.Version()
	return s.saved == v || (s.safeIn != "" && s.safeVer == v)
}

// unsafe reports whether the surface holds words that are in neither the
// database nor a recovery file.
func (s *writing) unsafe() bool { return !s.loading && !s.closed && !s.durable() }

// exitError is what main reports when the app ends while the text is not
// in the database: where it is, or that it is nowhere. nil when it is.
func (s *writing) exitError() error {
	if s.loading || s.closed || s.saved == s.ed.Version() {
		return nil
	}
	cause := "unknown error"
	if s.lastErr != nil {
		cause = plainCause(s.lastErr)
	}
	if s.safeIn != "" && s.safeVer == s.ed.Version() {
		return fmt.Errorf("your last words could not be saved to the database (%s); they are safe in %s and come back the next time you start trustwork", cause, s.safeIn)
	}
	return fmt.Errorf("your last words could not be saved (%s), not even to a recovery file", cause)
}

// plainCause is why a save failed, for the line printed on exit: the
// cause alone, without the store's operation names, and for a journal
// file gone or overwritten a short phrase (the store's full message,
// with what to do, is printed beside it).
func plainCause(err error) string {
	switch {
	case errors.Is(err, store.ErrFileOverwritten):
		return "the journal file was overwritten by another program"
	case errors.Is(err, store.ErrFileGone):
		return "the journal file was moved, deleted or replaced"
	}
	return shortCause(err)
}

// settle runs then once the text is durable: saved to the database, or,
// when that fails, whole in a recovery file. Keys that arrive meanwhile
// are held (see busy) and replayed after then. If the text can be put in
// no durable place, settle runs nothing: it stops, says so, and the words
// stay on screen. Every leave and every quit goes through it, every time.
func (s *writing) settle(then func() tea.Cmd, quitting bool) tea.Cmd {
	s.then, s.settleQuits = then, quitting
	s.failVer = 0 // try once more: the disk may have room again
	return s.trySettle()
}

func (s *writing) trySettle() tea.Cmd {
	if s.then == nil || s.saving || s.committing || s.loading {
		return nil // the running save's result, or the draft, calls again
	}
	if s.closed || s.durable() {
		then := s.then
		s.then = nil
		return tea.Sequence(then(), s.replay())
	}
	if s.failVer == s.ed.Version() {
		// This very text just failed to go anywhere: stop and say so, in
		// words short enough for the 60-column status line (the failure
		// notice before it gave the cause).
		s.then, s.pending = nil, nil
		if s.settleQuits {
			s.m.quitAnyway = true
			s.m.setNotice("Not saved anywhere. ctrl+c again quits without it.", false)
		} else {
			s.m.setNotice("Not saved anywhere, so your words stay here.", false)
		}
		return nil
	}
	return s.beginSave()
}

// saveFailure is the calm one-line notice for a failed save. It never
// includes the text itself. The status line is one line wide, so the words
// that matter come first and short: the cause, then the folder (not the
// long file name) where the text is safe.
func saveFailure(err error, path string) string {
	cause := shortCause(err)
	if errors.Is(err, store.ErrFileGone) {
		// The store's message (where the rescued copy is, what to do)
		// is printed in full on quit; here it would push the folder
		// that holds the words off the line.
		cause = "journal file moved or deleted"
		if errors.Is(err, store.ErrFileOverwritten) {
			cause = "journal file overwritten by another program"
		}
	}
	if path == "" {
		return fmt.Sprintf("Not saved (%s). Keep this window open; your words are still here.", cause)
	}
	return fmt.Sprintf("Not saved (%s). Your words are safe in %s", cause, tildePath(filepath.Dir(path)))
}

// shortCause is the last part of an error chain: "disk full", not the
// whole path of wrapping.
func shortCause(err error) string {
	cause := err.Error()
	if i := strings.LastIndex(cause, ": "); i >= 0 {
		cause = cause[i+2:]
	}
	return cause
}

// tildePath shortens a path under the home directory to ~/…
func tildePath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && home != "/" {
		if rel, err := filepath.Rel(home, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.Join("~", rel)
		}
	}
	return p
}

// clears reports whether ctrl+s may save an empty text: over a tool's
// saved text that can be taken back (toolText.Clearable).
func (s *writing) clears() bool {
	t := s.target.tool
	return t != nil && t.Clearable && t.RecordID != 0 && strings.TrimSpace(t.Body) != ""
}

// commit saves the text as a journal entry (ctrl+s). The surface stays
// open on what was saved: keys typed while the save runs are held and then
// typed, and what is typed after it edits the entry just saved, kept as a
// draft like any other writing. Leaving is esc, as always.
func (s *writing) commit() tea.Cmd {
	if s.loading || s.committing || s.closed {
		return nil
	}
	if strings.TrimSpace(s.ed.Value()) == "" && !s.clears() {
		s.m.setInfo("Nothing to save yet: write something first.")
		return nil
	}
	s.committing = true
	s.commitVer = s.ed.Version()
	if t := s.target.tool; t != nil {
		return toolSaveCmd(s.m.st, s.m.drafts, s.m.cfg.DataDir, s.session, t, s.draft())
	}
	return commitCmd(s.m.st, s.m.drafts, s.m.cfg.DataDir, s.session, s.draft())
}

func (s *writing) committed(msg entrySavedMsg) tea.Cmd {
	if msg.session != s.session {
		return nil
	}
	s.committing = false
	if msg.err != nil {
		s.saveFailed(msg.err, msg.recoveryPath, s.commitVer)
		if s.then != nil {
			return s.trySettle()
		}
		return s.replay()
	}
	s.saved = s.commitVer
	s.journalVer = s.commitVer
	release := s.releaseHandoff()
	s.note = "Saved to your journal."
	if s.target.tool != nil {
		s.note = "Saved."
	}
	s.m.setNotice("", true)
	var clear tea.Cmd
	if s.failed {
		s.failed, s.safeIn, s.failVer = false, "", 0
		clear = clearRecoveryCmd(s.m.st, s.m.cfg.DataDir, s.m.wb.ID, s.target.stepID, s.target.promptID, s.target.entryID, s.m.now().UTC())
	}
	var owner tea.Cmd
	if s.onCommit != nil {
		owner = s.onCommit(msg.entry)
	}
	// From here on the surface edits the entry just saved, in a new session:
	// the old one is closed in the draft writer, so no late autosave of the
	// new answer can bring its draft back.
	s.m.session++
	s.session = s.m.session
	s.target.entryID, s.target.body = msg.entry.ID, msg.entry.Body
	// An autosave of the old session may still be running; its answer is
	// now ignored (and the writer skips it), so do not wait for it.
	s.saving, s.waitArmed = false, false
	s.epoch++
	next := s.replay
	if s.then != nil {
		next = s.trySettle // a leave or quit waited for this save
	}
	return tea.Sequence(clear, release, owner, s.m.saveResume(), next())
}

// editorMissing is said when ctrl+e has no editor to run. It fits the
// status line at the smallest window (60 columns) without being cut.
const editorMissing = "Editor not found. Set EDITOR, e.g. EDITOR=nano."

// openExternal hands the text to $EDITOR through a private file in the
// data folder (see recovery.StartHandoff).
func (s *writing) openExternal() tea.Cmd {
	if s.loading || s.committing {
		return nil
	}
	args := strings.Fields(s.m.editor)
	if len(args) == 0 {
		s.m.setNotice(editorMissing, false)
		return nil
	}
	if _, err := exec.LookPath(args[0]); err != nil {
		s.m.setNotice(editorMissing, false)
		return nil
	}
	if s.m.st.HasPassphrase() && s.warnedPlain != s.session {
		// The editor reads a plain file: say so once per session first.
		s.warnedPlain = s.session
		s.m.setNotice(plainEditorWarning, false)
		return nil
	}
	return writeTempCmd(s.m.cfg.DataDir, s.session, s.draft())
}

func (s *writing) runExternal(msg externalReadyMsg) tea.Cmd {
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Couldn't prepare a file for your editor: %v", shortCause(msg.err)), false)
		return nil
	}
	if msg.session != s.session {
		return removeHandoffCmd(msg.handoff)
	}
	args := strings.Fields(s.m.editor)
	c := exec.Command(args[0], append(args[1:], msg.handoff.Path)...)
	session, h := s.session, msg.handoff
	return tea.ExecProcess(c, func(err error) tea.Msg {
		// The file stays until its text is durable (see externalDone):
		// removing it here would lose it if the app died before saving.
		text, rerr := h.Read()
		return externalDoneMsg{session: session, handoff: h, text: text, exitErr: err, readErr: rerr}
	})
}

// externalDone takes back what the editor left, even when it exited with
// an error: what was written in it is never thrown away. The handoff file
// goes once that text is durable.
func (s *writing) externalDone(msg externalDoneMsg) tea.Cmd {
	if msg.readErr != nil {
		// Leave the file: the next start tries it again.
		s.m.setNotice("Couldn't read your editor's file; it is kept for later.", false)
		return nil
	}
	if msg.session != s.session || s.closed {
		// The editor this text was for is gone; the next start brings the
		// handoff back as an orphan rather than dropping it.
		return nil
	}
	text := strings.ReplaceAll(msg.text, "\r\n", "\n")
	if s.m.notice == plainEditorWarning {
		s.m.setNotice("", true) // it was about the editor, now closed
	}
	if msg.exitErr != nil {
		// Short enough for the 60-column status line.
		s.m.setNotice("Your editor failed; what you wrote in it is kept.", false)
	}
	if text == s.ed.Value() {
		return removeHandoffCmd(msg.handoff)
	}
	s.ed.SetValue(text)
	s.handoff, s.handoffVer = msg.handoff, s.ed.Version()
	// Save now rather than after the pause: the handoff file goes as soon
	// as the text is in the database.
	return tea.Batch(s.changed(), s.startSave())
}

// releaseHandoff removes the editor's file once the text it brought back
// is durable.
func (s *writing) releaseHandoff() tea.Cmd {
	if s.handoff.Dir == "" {
		return nil
	}
	if s.saved < s.handoffVer && (s.safeIn == "" || s.safeVer < s.handoffVer) {
		return nil
	}
	h := s.handoff
	s.handoff = recovery.Handoff{}
	// Also kept for flushOnExit: a quit can end the program before this
	// Cmd runs, and the editor's file (plain text, even when the journal
	// is locked) must not outlive the run.
	s.m.released = append(s.m.released, h)
	return removeHandoffCmd(h)
}
