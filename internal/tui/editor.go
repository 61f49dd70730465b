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
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/textedit"
	"github.com/trustwork/trustwork/internal/workbook"
)

// Autosave timing: save when typing pauses for autosavePause, and at most
// autosaveMaxWait after the first unsaved change while typing goes on, so a
// crash loses at most about a second of writing.
const (
	autosavePause   = 500 * time.Millisecond
	autosaveMaxWait = time.Second
)

// editorPlaceholder stands in the empty editor. It says how to keep the
// text rather than repeating a prompt's hint.
const editorPlaceholder = "Start anywhere. ctrl+s saves it to your journal."

// editorTarget is what the editor writes: a new answer to a prompt
// (entryID 0) or an existing entry.
type editorTarget struct {
	stepID, promptID string
	entryID          int64
	promptText, hint string
	body             string // an existing entry's body, used when no draft
	returnTo         screenID
}

// editorScreen is the prompt above a textedit.Model, with autosave.
type editorScreen struct {
	m       *Model
	target  editorTarget
	ed      textedit.Model
	session int
	// warnedPlain is the session in which ctrl+e last warned that a locked
	// journal's text goes to the editor as a plain file (see unlock.go).
	warnedPlain int

	loading bool
	pending []tea.Msg // keys typed before the draft arrived, replayed after

	seen       uint64 // editor version last looked at
	saved      uint64 // version known to be in the store
	changeSeq  int    // bumps on every change; a pause tick must match it
	epoch      int    // bumps on every save start; a max-wait tick must match it
	waitArmed  bool
	saving     bool
	committing bool
	closed     bool   // left or committed: late ticks and keys do nothing
	failed     bool   // the last save failed; the notice says where the text is
	safeIn     string // the recovery file holding the text after a failed save, if any

	// headKey, head and headH cache the laid-out header (see header).
	headKey, head string
	headH         int

	w, h int
}

func newEditorScreen(m *Model) *editorScreen {
	return &editorScreen{m: m, ed: textedit.New()}
}

func (s *editorScreen) Title() string {
	title := s.m.stepTitle(s.target.stepID)
	if s.target.entryID != 0 {
		return "Editing an entry · " + title
	}
	return "Writing · " + title
}

func (s *editorScreen) typing() bool { return true }

func (s *editorScreen) Help() helpKeys {
	k := s.m.keys
	leave := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back (keeps draft)"))
	return helpKeys{
		short: []key.Binding{k.Save, leave, k.ExternalEditor, k.Privacy, k.ForceQuit},
		full:  [][]key.Binding{{k.Save, leave, k.ExternalEditor}, {k.Privacy, k.ForceQuit}},
	}
}

// start resets the editor for a new target; a new session number makes
// stale ticks and save results from the previous one harmless.
func (s *editorScreen) start(t editorTarget) {
	s.m.session++
	*s = editorScreen{m: s.m, target: t, ed: textedit.New(), session: s.m.session, loading: true, w: s.w, h: s.h}
	s.ed.SetPlaceholder(editorPlaceholder)
	s.SetSize(s.w, s.h)
	s.ed.Focus()
}

// applyDraft fills the editor from the stored draft (with its cursor), or
// from the entry being edited, or leaves it empty.
func (s *editorScreen) applyDraft(d store.Draft, found bool) {
	switch {
	case found:
		s.ed.SetValue(d.Body)
		s.ed.SetCursor(d.Cursor)
	case s.target.body != "":
		s.ed.SetValue(s.target.body)
	}
	s.seen, s.saved = s.ed.Version(), s.ed.Version()
	s.loading = false
}

// openEditor opens the editor on a prompt and loads its draft.
func (m *Model) openEditor(t editorTarget) tea.Cmd {
	m.setNotice("", true)
	m.edit.start(t)
	nav := m.navigate(scrEditor)
	return tea.Batch(nav, loadDraftCmd(m.st, m.edit.session, m.wb.ID, t.stepID, t.promptID, t.entryID))
}

func (s *editorScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.ed.SetSize(max(w, 1), max(h-s.headerHeight(), 1))
}

// header is the prompt and its hint, wrapped to the width.
// header is the prompt and its hint, wrapped to the width and cut to at
// most half the height. It is drawn on every keystroke's frame and only
// changes with the target, the size or the styles, so it is kept.
func (s *editorScreen) header() string {
	key := fmt.Sprintf("%d|%d|%t|%s|%s", s.w, s.h, s.m.styles.IsDark, s.target.promptText, s.target.hint)
	if key == s.headKey {
		return s.head
	}
	st := s.m.styles
	w := max(s.w, 10)
	q := st.Heading.Render(ansi.Wordwrap(sanitize.Display(s.target.promptText), w, ""))
	if s.target.hint != "" {
		q += "\n" + st.Subtle.Render(ansi.Wordwrap(sanitize.Display(s.target.hint), w, ""))
	}
	q += "\n"
	h := min(lipgloss.Height(q), max(s.h/2, 1))
	s.headKey, s.head, s.headH = key, fit(q, s.w, h), h
	return s.head
}

func (s *editorScreen) headerHeight() int {
	s.header()
	return s.headH
}

func (s *editorScreen) View() string {
	head := s.header()
	if s.loading {
		return head + "\n" + s.m.styles.Subtle.Render("…")
	}
	return head + "\n" + s.ed.View()
}

// cursor is the terminal cursor's place within the body.
func (s *editorScreen) cursor() (int, int, bool) {
	if s.loading || s.m.private {
		return 0, 0, false
	}
	x, y, ok := s.ed.CursorPosition()
	return x, y + s.headerHeight(), ok
}

func (s *editorScreen) dirty() bool { return s.ed.Version() != s.saved }

// statusText is the save mark: "saved ✓", "saving…" or "unsaved".
func (s *editorScreen) statusText(w int) string {
	st := s.m.styles
	var mark string
	switch {
	case s.loading:
		mark = st.Subtle.Render("loading…")
	case s.saving || s.committing:
		mark = st.Subtle.Render("saving…")
	case s.dirty():
		mark = st.Subtle.Render("unsaved")
	default:
		mark = st.Done.Render("saved ✓")
	}
	size := st.Subtle.Render(fmt.Sprintf(" · %d characters", s.ed.Len()))
	return ansi.Truncate(mark+size, w, "…")
}

func (s *editorScreen) draft() store.Draft {
	return store.Draft{
		WorkbookID: s.m.wb.ID, StepID: s.target.stepID, PromptID: s.target.promptID,
		EntryID: s.target.entryID, PromptText: s.target.promptText,
		Body: s.ed.Value(), Cursor: s.ed.Cursor(), UpdatedAt: s.m.now().UTC(),
	}
}

// startSave writes the current text unless a save is already running; the
// running one's result starts another if the text moved on meanwhile.
func (s *editorScreen) startSave() tea.Cmd {
	if s.saving || s.committing || s.closed || !s.dirty() {
		return nil
	}
	s.saving = true
	s.epoch++
	s.waitArmed = false
	return saveDraftCmd(s.m.st, s.m.drafts, s.m.cfg.DataDir, s.session, s.ed.Version(), s.draft())
}

// flush is the synchronous save used before leaving and quitting. It goes
// through the same writer, so it can never be overtaken by an older save.
func (s *editorScreen) flush() tea.Cmd {
	if s.loading || !s.dirty() || s.committing || s.closed {
		return nil
	}
	return saveDraftCmd(s.m.st, s.m.drafts, s.m.cfg.DataDir, s.session, s.ed.Version(), s.draft())
}

// changed schedules autosaves after the text changed.
func (s *editorScreen) changed() tea.Cmd {
	s.seen = s.ed.Version()
	s.changeSeq++
	cmds := []tea.Cmd{s.m.after(autosavePause, autosaveTickMsg{session: s.session, seq: s.changeSeq})}
	if !s.waitArmed {
		s.waitArmed = true
		cmds = append(cmds, s.m.after(autosaveMaxWait, maxWaitTickMsg{session: s.session, epoch: s.epoch}))
	}
	return tea.Batch(cmds...)
}

func (s *editorScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case draftLoadedMsg:
		if msg.session != s.session || !s.loading {
			return nil
		}
		if msg.err != nil {
			s.m.setNotice(fmt.Sprintf("Couldn't read your draft: %v", msg.err), false)
		}
		s.applyDraft(msg.draft, msg.found)
		var cmds []tea.Cmd
		for _, p := range s.pending {
			cmds = append(cmds, s.Update(p))
		}
		s.pending = nil
		return tea.Batch(cmds...)
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
	if s.m.screen != scrEditor {
		return nil
	}
	if s.loading {
		if _, ok := msg.(tea.KeyPressMsg); ok && !key.Matches(msg.(tea.KeyPressMsg), s.m.keys.Back) {
			s.pending = append(s.pending, msg)
			return nil
		}
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		k := s.m.keys
		switch {
		case key.Matches(kp, k.Back):
			return s.leave()
		case key.Matches(kp, k.Save):
			return s.commit()
		case key.Matches(kp, k.ExternalEditor):
			return s.openExternal()
		}
	}
	if s.committing {
		return nil // the text is on its way to the journal; do not change it under it
	}
	var cmd tea.Cmd
	s.ed, cmd = s.ed.Update(msg)
	if s.ed.Version() != s.seen {
		return tea.Batch(cmd, s.changed())
	}
	return cmd
}

func (s *editorScreen) onSaved(msg draftSavedMsg) tea.Cmd {
	if msg.session != s.session {
		if msg.err != nil {
			s.m.setNotice(saveFailure(msg.err, msg.recoveryPath), false)
		}
		return nil
	}
	s.saving = false
	if msg.err != nil {
		s.saveFailed(msg.err, msg.recoveryPath)
		return nil // the next change or ctrl+s tries again
	}
	if msg.version > s.saved {
		s.saved = msg.version
	}
	var clear tea.Cmd
	if s.failed {
		s.failed, s.safeIn = false, ""
		s.m.setNotice("Saved again. All is well.", true)
		clear = clearRecoveryCmd(s.m.st, s.m.cfg.DataDir, s.target.stepID, s.target.promptID, s.target.entryID, s.m.now().UTC())
	}
	if s.dirty() {
		return tea.Batch(clear, s.startSave())
	}
	return clear
}

// saveFailed records a failed save: where the text is safe (a recovery
// file, or nowhere if that could not be written either), the notice, and,
// when the app is quitting, why it ends with unsaved words.
func (s *editorScreen) saveFailed(err error, recoveryPath string) {
	s.failed, s.safeIn = true, recoveryPath
	s.m.setNotice(saveFailure(err, recoveryPath), false)
	if s.m.quitting {
		if recoveryPath != "" {
			s.m.fatal = fmt.Errorf("your last words could not be saved to the database (%v); they are safe in %s and come back the next time you start trustwork", err, recoveryPath)
		} else {
			s.m.fatal = fmt.Errorf("your last words could not be saved (%v), not even to a recovery file", err)
		}
	}
}

// unsafe reports whether the editor holds words that are in neither the
// database nor a recovery file.
func (s *editorScreen) unsafe() bool { return s.failed && s.safeIn == "" && s.dirty() }

// saveFailure is the calm one-line notice for a failed save. It never
// includes the text itself. The status line is one line wide, so the words
// that matter come first and short: the cause, then the folder (not the
// long file name) where the text is safe.
func saveFailure(err error, path string) string {
	cause := err.Error()
	if i := strings.LastIndex(cause, ": "); i >= 0 {
		cause = cause[i+2:]
	}
	if path == "" {
		return fmt.Sprintf("Not saved (%s). Keep this window open; your words are still here.", cause)
	}
	return fmt.Sprintf("Not saved (%s). Your words are safe in %s", cause, tildePath(filepath.Dir(path)))
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

// commit saves the text as a journal entry (ctrl+s).
func (s *editorScreen) commit() tea.Cmd {
	if s.loading || s.committing || s.closed {
		return nil
	}
	if strings.TrimSpace(s.ed.Value()) == "" {
		s.m.setInfo("Nothing to save yet: write something first.")
		return nil
	}
	s.committing = true
	return commitCmd(s.m.st, s.m.drafts, s.m.cfg.DataDir, s.session, s.draft())
}

func (s *editorScreen) committed(msg entrySavedMsg) tea.Cmd {
	if msg.session != s.session {
		return nil
	}
	s.committing = false
	if msg.err != nil {
		s.saveFailed(msg.err, msg.recoveryPath)
		return nil
	}
	s.saved = s.ed.Version()
	s.m.setNotice("Saved to your journal.", true)
	var clear tea.Cmd
	if s.failed {
		s.failed = false
		clear = clearRecoveryCmd(s.m.st, s.m.cfg.DataDir, s.target.stepID, s.target.promptID, s.target.entryID, s.m.now().UTC())
	}
	refresh := loadHomeDataCmd(s.m.st, s.m.wb.ID)
	if s.target.entryID == 0 {
		s.m.counts[promptRef(s.target)]++        // shown at once; the refresh confirms
		delete(s.m.drafted, promptRef(s.target)) // the entry took the draft's place
	}
	s.closed = true
	switch s.target.returnTo {
	case scrReader:
		s.m.reader.entry, s.m.reader.loaded = msg.entry, true
		s.m.reader.setBody()
		return tea.Batch(clear, refresh, s.m.navigate(scrReader))
	case scrJournal:
		return tea.Batch(clear, refresh, s.m.navigate(scrJournal), s.m.journal.reload())
	}
	s.m.step.selectPrompt("")
	return tea.Batch(clear, refresh, s.m.navigate(scrStep))
}

// leave goes back, flushing the draft first so reopening finds it.
func (s *editorScreen) leave() tea.Cmd {
	flush := s.flush()
	if s.target.entryID == 0 && !s.loading {
		// What the flush leaves behind: a draft, or none for empty text.
		s.m.drafted[promptRef(s.target)] = strings.TrimSpace(s.ed.Value()) != ""
	}
	s.loading = false
	to := s.target.returnTo
	var after tea.Cmd
	switch to {
	case scrJournal:
		after = s.m.journal.reload()
	case scrReader:
	default:
		to = scrStep
		s.m.step.selectPrompt(s.target.promptID)
	}
	if s.failed {
		// Keep the notice about the recovery file visible.
	} else {
		s.m.setNotice("", true)
	}
	nav := s.m.navigate(to)
	s.closed = true // this session is over; its late ticks do nothing
	return tea.Sequence(flush, tea.Batch(nav, after))
}

// openExternal hands the text to $EDITOR through a private temp file.
func (s *editorScreen) openExternal() tea.Cmd {
	if s.loading || s.committing {
		return nil
	}
	if s.m.editor == "" {
		s.m.setNotice("No external editor: set $EDITOR (for example EDITOR=nano) and start trustwork again.", false)
		return nil
	}
	if s.m.st.HasPassphrase() && s.warnedPlain != s.session {
		s.warnedPlain = s.session
		s.m.setNotice(plainEditorWarning, false)
		return nil
	}
	return writeTempCmd(s.session, s.ed.Value())
}

func (s *editorScreen) runExternal(msg externalReadyMsg) tea.Cmd {
	if msg.session != s.session {
		if msg.dir != "" {
			os.RemoveAll(msg.dir)
		}
		return nil
	}
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Couldn't prepare a file for your editor: %v", msg.err), false)
		return nil
	}
	args := strings.Fields(s.m.editor)
	c := exec.Command(args[0], append(args[1:], msg.path)...)
	session, dir, path := s.session, msg.dir, msg.path
	return tea.ExecProcess(c, func(err error) tea.Msg {
		// Read back and remove the file whatever happened: it must not
		// outlive this moment on disk.
		defer os.RemoveAll(dir)
		defer zeroFiles(dir) // see unlock.go
		b, rerr := os.ReadFile(path)
		return externalDoneMsg{session: session, text: string(b), err: errors.Join(err, rerr)}
	})
}

func (s *editorScreen) externalDone(msg externalDoneMsg) tea.Cmd {
	if msg.session != s.session {
		return nil
	}
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Your editor did not finish cleanly (%v); the text here is unchanged.", msg.err), false)
		return nil
	}
	text := strings.ReplaceAll(msg.text, "\r\n", "\n")
	if text == s.ed.Value() {
		return nil
	}
	s.ed.SetValue(text)
	return s.changed()
}

func promptRef(t editorTarget) workbook.PromptRef {
	return workbook.PromptRef{StepID: t.stepID, PromptID: t.promptID}
}
