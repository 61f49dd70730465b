package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// Navigation for the toolkit. The core screens (home, a step, the editor,
// the journal, an entry, workbooks, settings) are fields of the root
// model, as they were before the tools came. Every other screen is
// pushed on a stack above them: the root knows a pushed screen only
// through the pushed interface, so adding a tool means adding its screen
// file and one line in the toolkit list (tools.go), never editing the
// root. "Back" is one rule: pop the top; an empty stack is home.
//
// A pushed screen is given a toolCtx, a narrow room: the store, the open
// workbook, styles, keys, time, notices, and navigation (push, back, and
// write: the editor on one of its text fields). Its data comes back as
// its own typed messages, which the root hands to every pushed screen.

// pushed is a screen on the stack.
type pushed interface {
	screen
	// Name is the screen's name for the resume point ("promises"); the
	// app reopens it through the toolkit entry with the same id.
	Name() string
	// Init starts what the screen needs (its first load) when pushed,
	// reopened at start, or returned to from the editor or another
	// pushed screen.
	Init() tea.Cmd
}

// cursorer is a pushed screen with a text field that shows the cursor.
type cursorer interface {
	cursor() (x, y int, ok bool)
}

// textReopener is a pushed screen whose text fields can be reopened in the
// editor by a resume point: the app was left, or killed, while writing one.
type textReopener interface {
	reopenText(c context.Context, field string, recordID int64) (toolText, bool)
}

// toolCtx is what a pushed screen may use of the app.
type toolCtx struct{ m *Model }

func (c toolCtx) store() *store.Store                        { return c.m.st }
func (c toolCtx) workbook() store.Workbook                   { return c.m.wb }
func (c toolCtx) hurt() bool                                 { return c.m.wb.Hurt() }
func (c toolCtx) styles() Styles                             { return c.m.styles }
func (c toolCtx) keys() keyMap                               { return c.m.keys }
func (c toolCtx) now() time.Time                             { return c.m.now() }
func (c toolCtx) book() *workbook.Workbook                   { return c.m.book }
func (c toolCtx) dataDir() string                            { return c.m.cfg.DataDir }
func (c toolCtx) after(d time.Duration, msg tea.Msg) tea.Cmd { return c.m.after(d, msg) }

// done shows a calm confirmation in the status line.
func (c toolCtx) done(s string) { c.m.setNotice(s, true) }

// info shows a neutral hint in the status line.
func (c toolCtx) info(s string) { c.m.setInfo(s) }

// problem shows what went wrong and what to do, in the warning colour.
func (c toolCtx) problem(s string) { c.m.setNotice(s, false) }

// push opens s above the current screen.
func (c toolCtx) push(s pushed) tea.Cmd { return c.m.push(s) }

// back closes the top screen.
func (c toolCtx) back() tea.Cmd { return c.m.pop() }

// write opens the editor on one of the tool's text fields.
func (c toolCtx) write(t toolText) tea.Cmd { return c.m.openToolText(t) }

// top is the pushed screen on top of the stack.
func (m *Model) top() (pushed, bool) {
	if len(m.stack) == 0 {
		return nil, false
	}
	return m.stack[len(m.stack)-1], true
}

// push puts s on the stack and shows it.
func (m *Model) push(s pushed) tea.Cmd {
	m.setNotice("", true)
	if len(m.stack) == 0 {
		m.below = m.screen
	}
	m.stack = append(m.stack, s)
	return tea.Batch(m.navigate(scrTool), s.Init())
}

// pop closes the top screen: the one below it, or home, shows again.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) > 0 {
		m.stack = m.stack[:len(m.stack)-1]
	}
	if top, ok := m.top(); ok {
		return tea.Batch(m.navigate(scrTool), top.Init())
	}
	// Back where the first tool was opened from: a step, the journal or
	// an entry when the time-out key was pressed there (or the editor's
	// screen, which it left first); home otherwise.
	// The tools' lines are read again either way: they carry whether
	// space is being given, which the step screen shows.
	switch below := m.below; below {
	case scrStep, scrReader:
		return tea.Batch(m.navigate(below), m.loadToolNotes())
	case scrJournal:
		return tea.Batch(m.navigate(below), m.journal.reload(), m.loadToolNotes())
	}
	m.home.preselect()
	return tea.Batch(m.navigate(scrHome), loadHomeDataCmd(m.st, m.wb.ID, m.book.PromptRefs()), m.loadToolNotes())
}

// clearStack drops every pushed screen (another workbook was opened).
func (m *Model) clearStack() { m.stack, m.below = nil, scrHome }

// routePushed hands a message the root does not know to every pushed
// screen; each takes only its own.
func (m *Model) routePushed(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.stack {
		cmds = append(cmds, s.Update(msg))
	}
	return tea.Batch(cmds...)
}

// toolStepPrefix starts the step id under which a tool keeps the drafts of
// its text fields (see store.ToolStepPrefix).
const toolStepPrefix = store.ToolStepPrefix

// toolStep is the draft step id of a tool.
func toolStep(id string) string { return toolStepPrefix + id }

// toolText is one text field of a tool, written in the editor (the one
// writing surface: autosave, recovery files, the lock, the flush on quit).
// Until ctrl+s its text is a draft under (toolStep(Tool), Field, RecordID);
// ctrl+s runs Save, which stores the text in the tool's record and deletes
// the draft in one transaction (see store.SaveRecordText).
type toolText struct {
	Tool     string // the toolkit id
	Field    string
	RecordID int64 // 0 for a record not yet made
	Prompt   string
	Hint     string
	Body     string // the text as saved, shown when there is no draft
	// Save stores text and returns the record's id.
	Save func(c context.Context, st *store.Store, text string, draft store.DraftKey) (int64, error)
	// Check, when set, reads the text as it is written and returns gentle
	// one-line flags shown under it (the apology checker).
	Check func(text string) []string
	// Stay keeps the editor open after ctrl+s (a long letter); otherwise
	// ctrl+s saves and goes back to the tool.
	Stay bool
	// Clearable lets ctrl+s save an empty text over a saved one (an
	// apology section or a check-in answer taken back); a field that
	// must hold words (a promise, a win) is removed instead, never
	// emptied.
	Clearable bool
}

// openToolText opens the editor on a tool's text field.
func (m *Model) openToolText(t toolText) tea.Cmd { return m.openEditor(t.target()) }

// target is the editor's target for the field; the editor keeps its own
// copy of t, which ctrl+s updates with the record's id and text.
func (t toolText) target() editorTarget {
	return editorTarget{stepID: toolStep(t.Tool), promptID: t.Field, entryID: t.RecordID,
		promptText: t.Prompt, hint: t.Hint, body: t.Body, returnTo: scrTool, tool: &t}
}

// toolSaveCmd runs a tool's Save for the editor's ctrl+s, through the
// draft writer, so no autosave of the same session lands after it.
func toolSaveCmd(st *store.Store, w *draftWriter, dataDir string, session int, t *toolText, d store.Draft) tea.Cmd {
	return func() tea.Msg {
		id, err := w.commitWith(session, func() (int64, error) {
			c, cancel := ctx()
			defer cancel()
			return t.Save(c, st, d.Body, store.DraftKey{WorkbookID: d.WorkbookID, StepID: d.StepID, PromptID: d.PromptID, EntryID: d.EntryID})
		})
		msg := entrySavedMsg{session: session, entry: store.Entry{ID: id, WorkbookID: d.WorkbookID,
			StepID: d.StepID, PromptID: d.PromptID, PromptText: d.PromptText, Body: d.Body}, err: err}
		if err != nil {
			msg.recoveryPath, _ = writeRecovery(st, dataDir, d)
		}
		return msg
	}
}

// leaveAfterSaveMsg takes the editor back to its tool once ctrl+s saved.
type leaveAfterSaveMsg struct{ session int }

// toolResumePrefix starts a pushed screen's name in the resume point.
const toolResumePrefix = "tool:"

// reopenTool restores a resume point on a pushed screen, or in the editor
// on a tool's text field. It reports whether r was one.
func (m *Model) reopenTool(c context.Context, r store.Resume) bool {
	name, isScreen := strings.CutPrefix(r.Screen, toolResumePrefix)
	if !isScreen && !(r.Screen == "editor" && store.IsToolStep(r.StepID)) {
		return false
	}
	if !isScreen {
		name = strings.TrimPrefix(r.StepID, toolStepPrefix)
	}
	var s pushed
	if name == "toolkit" {
		s = newToolkitScreen(toolCtx{m})
	} else if t, ok := toolByID(name); ok {
		s = t.open(toolCtx{m})
	} else {
		return true // a tool this build does not have: home
	}
	m.stack = []pushed{s}
	m.screen = scrTool
	m.startup = append(m.startup, s.Init())
	if isScreen {
		return true
	}
	re, ok := s.(textReopener)
	if !ok {
		return true
	}
	t, ok := re.reopenText(c, r.PromptID, r.EntryID)
	if !ok {
		return true
	}
	m.edit.start(t.target())
	d, found, err := m.st.Draft(c, m.wb.ID, r.StepID, r.PromptID, r.EntryID)
	if err != nil {
		return true
	}
	m.resumeDraft(r, d, found)
	return true
}

// globalTool opens a tool whose key works on every screen (the time-out),
// leaving the editor first once its text is safe.
func (m *Model) globalTool(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !m.hasWB || m.tooSmall() || m.screen == scrWelcome || m.screen == scrSetup {
		return nil, false
	}
	for _, t := range toolkit {
		if t.global == nil || !key.Matches(msg, *t.global) {
			continue
		}
		if top, ok := m.top(); ok && m.screen == scrTool && top.Name() == t.id {
			return nil, true // already there
		}
		open := func() tea.Cmd { return m.openTool(t) }
		if m.screen == scrEditor {
			return m.edit.settle(func() tea.Cmd { return tea.Sequence(m.edit.goBack(), open()) }, false), true
		}
		return open(), true
	}
	return nil, false
}
