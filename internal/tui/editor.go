package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/textedit"
	"github.com/trustwork/trustwork/internal/workbook"
)

// editorPlaceholder stands in the empty editor. It says how to keep the
// text rather than repeating a prompt's hint.
const editorPlaceholder = "Start anywhere. ctrl+s saves it to your journal."

// editorTarget is what a writing surface writes: a new answer to a prompt
// (entryID 0) or an existing entry. hint and returnTo are for the screen
// that shows it.
type editorTarget struct {
	stepID, promptID string
	entryID          int64
	promptText, hint string
	body             string // an existing entry's body, used when no draft
	returnTo         screenID
	// tool, when set, is a tool's text field (nav.go): ctrl+s stores the
	// text in the tool's record, not in the journal.
	tool *toolText
}

// editorScreen is the editor screen: a prompt and its hint above a
// writing surface (see writing), which does all the keeping of the text.
type editorScreen struct {
	writing

	// headKey, head and headH cache the laid-out header (see header).
	headKey, head string
	headH         int
	// checkVer and checkOut cache the checker's flags (see checkView).
	checkVer uint64
	checkOut string

	w, h int
}

func newEditorScreen(m *Model) *editorScreen {
	return &editorScreen{writing: writing{m: m, ed: textedit.New()}}
}

func (s *editorScreen) Title() string {
	title := s.m.stepTitle(s.target.stepID)
	if s.target.tool != nil {
		return "Writing · " + title
	}
	if s.target.entryID != 0 {
		return "Editing an entry · " + title
	}
	return "Writing · " + title
}

func (s *editorScreen) typing() bool { return true }

func (s *editorScreen) Help() helpKeys {
	k := s.m.keys
	leave := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back (keeps draft)"))
	save := k.Save
	if s.target.tool != nil {
		save = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save"))
	}
	return helpKeys{
		short: []key.Binding{save, leave, k.Undo, k.ExternalEditor, k.Privacy, k.ForceQuit},
		full:  [][]key.Binding{{save, leave, k.Undo, k.ExternalEditor}, {k.Privacy, k.ForceQuit}},
	}
}

// start resets the editor for a new target; a new session number makes
// stale ticks and save results from the previous one harmless.
func (s *editorScreen) start(t editorTarget) {
	*s = editorScreen{writing: s.m.newWriting(t), w: s.w, h: s.h}
	s.onCommit = s.afterCommit
	s.ed.SetPlaceholder(editorPlaceholder)
	if t.tool != nil {
		s.ed.SetPlaceholder(toolPlaceholder)
	}
	s.SetSize(s.w, s.h)
	s.ed.Focus()
}

// openEditor opens the editor on a prompt and loads its draft.
func (m *Model) openEditor(t editorTarget) tea.Cmd {
	m.setNotice("", true)
	m.edit.start(t)
	nav := m.navigate(scrEditor)
	return tea.Batch(nav, loadDraftCmd(m.st, m.cfg.DataDir, m.edit.session, m.wb.ID, t.stepID, t.promptID, t.entryID))
}

func (s *editorScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.ed.SetSize(max(w, 1), max(h-s.headerHeight()-s.checkLines(), 1))
}

// toolPlaceholder stands in an empty tool field.
const toolPlaceholder = "Start anywhere. ctrl+s saves it, esc keeps it as a draft."

// maxCheckLines is the room under a tool's text for its checker's flags.
const maxCheckLines = 3

// checkLines is the room the checker's flags take under the text.
func (s *editorScreen) checkLines() int {
	if s.target.tool == nil || s.target.tool.Check == nil {
		return 0
	}
	return maxCheckLines + 1
}

// checkView is the checker's flags for the text as it is now, worked out
// again only when the text changed.
func (s *editorScreen) checkView() string {
	n := s.checkLines()
	if n == 0 {
		return ""
	}
	if v := s.ed.Version(); v != s.checkVer || s.checkOut == "" {
		s.checkVer = v
		flags := s.target.tool.Check(s.ed.Value())
		st := s.m.styles
		var lines []string
		for _, f := range flags {
			lines = append(lines, st.Subtle.Render(ansi.Truncate("· "+f, max(s.w, 10), "…")))
		}
		if len(lines) == 0 {
			lines = []string{st.Subtle.Render("Nothing to point out so far.")}
		}
		if len(lines) > maxCheckLines {
			more := len(lines) - maxCheckLines + 1
			lines = append(lines[:maxCheckLines-1], st.Subtle.Render(fmt.Sprintf("  and %d more (see the list when you go back)", more)))
		}
		s.checkOut = strings.Join(lines, "\n")
	}
	return "\n" + s.checkOut
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
	return head + "\n" + s.ed.View() + s.checkView()
}

// cursor is the terminal cursor's place within the body.
func (s *editorScreen) cursor() (int, int, bool) {
	if s.loading || s.m.private {
		return 0, 0, false
	}
	x, y, ok := s.ed.CursorPosition()
	return x, y + s.headerHeight(), ok
}

// Update gives the writing surface its messages; esc, the screen's own
// key, leaves (at once while the draft loads, else after what is held).
func (s *editorScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		if s.m.screen != scrEditor {
			return nil
		}
		if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, s.m.keys.Back) && (s.loading || !s.busy()) {
			return s.leave()
		}
	}
	return s.writing.Update(msg)
}

// afterCommit updates the rest of the app once ctrl+s put the text in the
// journal as entry e (the editor stays open on it).
func (s *editorScreen) afterCommit(e store.Entry) tea.Cmd {
	if t := s.target.tool; t != nil {
		t.RecordID, t.Body = e.ID, e.Body
		if t.Stay {
			return nil
		}
		session := s.m.session // the session committed() is about to open
		return func() tea.Msg { return leaveAfterSaveMsg{session: session + 1} }
	}
	if s.target.entryID == 0 {
		s.m.answered[promptRef(s.target)] = true // shown at once; the refresh confirms
		delete(s.m.drafted, promptRef(s.target)) // the entry took the draft's place
	}
	if s.target.returnTo == scrReader {
		s.m.reader.entry, s.m.reader.loaded = e, true
		s.m.reader.setBody()
	}
	return loadHomeDataCmd(s.m.st, s.m.wb.ID, s.m.book.PromptRefs())
}

// leave goes back once the draft is durable (see settle), so reopening
// finds it.
func (s *editorScreen) leave() tea.Cmd {
	return s.settle(s.goBack, false)
}

// goBack returns to the screen the editor was opened from.
func (s *editorScreen) goBack() tea.Cmd {
	var keepCursor tea.Cmd
	if !s.loading && s.moved() {
		keepCursor = s.flush() // the text is saved; this keeps where the cursor is
	}
	if s.target.entryID == 0 && !s.loading && s.target.tool == nil {
		// What the flush left behind: a draft, or none for empty text.
		s.m.drafted[promptRef(s.target)] = strings.TrimSpace(s.ed.Value()) != ""
	}
	s.loading = false
	to := s.target.returnTo
	var after tea.Cmd
	switch to {
	case scrJournal:
		after = s.m.journal.reload()
	case scrTool:
		if top, ok := s.m.top(); ok {
			after = top.Init() // it shows what was just written
		} else {
			to = scrHome
		}
	case scrReader:
	default:
		to = scrStep
		if s.inJournal() {
			s.m.step.selectPrompt("") // just saved: on to the next question
		} else {
			s.m.step.selectPrompt(s.target.promptID)
		}
	}
	if !s.failed {
		s.m.setNotice("", true)
	}
	// Keep the notice about the recovery file visible otherwise.
	s.closed = true // this session is over; its late ticks do nothing
	return tea.Batch(keepCursor, s.m.navigate(to), after)
}

func promptRef(t editorTarget) workbook.PromptRef {
	return workbook.PromptRef{StepID: t.stepID, PromptID: t.promptID}
}
