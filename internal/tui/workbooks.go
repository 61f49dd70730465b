package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// workbooksScreen lists the person's workbooks, one per relationship, to
// open, start, change or delete one. Each keeps its own progress, journal
// and place; only one is open at a time.
type workbooksScreen struct {
	m      *Model
	list   []store.Workbook
	cursor int // index into list; len(list) is "start a new workbook"
	// confirm is the workbook waiting for y/n before it is deleted.
	confirm *store.Workbook
	busy    bool
	w, h    int
}

// Messages of the workbooks screen.
type (
	workbooksLoadedMsg struct {
		list []store.Workbook
		err  error
	}
	// workbookOpenedMsg carries what home needs for the workbook switched to.
	workbookOpenedMsg struct {
		wb     store.Workbook
		data   homeDataMsg
		resume store.Resume
		note   string // what the status line says once it is open
		err    error
	}
	workbookDeletedMsg struct {
		wb     store.Workbook
		backup string
		err    error
	}
)

func newWorkbooksScreen(m *Model) *workbooksScreen { return &workbooksScreen{m: m} }

func (s *workbooksScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *workbooksScreen) typing() bool     { return false }
func (s *workbooksScreen) Title() string    { return "trustwork · your workbooks" }

// Keys of home that lead here and to settings.
var (
	keyWorkbooks = key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "workbooks"))
	keySettings  = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "settings"))
)

var (
	keyNew    = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new workbook"))
	keyChange = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "change name or side"))
	keyDelete = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete…"))
	keyYes    = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, delete"))
	keyNo     = key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "no, keep it"))
)

func (s *workbooksScreen) Help() helpKeys {
	k := s.m.keys
	if s.confirm != nil {
		return helpKeys{short: []key.Binding{keyYes, keyNo, k.Privacy}, full: [][]key.Binding{{keyYes, keyNo}, {k.Privacy, k.ForceQuit}}}
	}
	open := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	return helpKeys{
		short: []key.Binding{open, keyNew, keyChange, keyDelete, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{open, k.Up, k.Down}, {keyNew, keyChange, keyDelete}, {k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// openWorkbooks shows the list, loading it afresh.
func (m *Model) openWorkbooks() tea.Cmd {
	m.books.confirm = nil
	return tea.Batch(m.navigate(scrWorkbooks), loadWorkbooksCmd(m.st))
}

func loadWorkbooksCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		list, err := st.Workbooks(c)
		return workbooksLoadedMsg{list: list, err: err}
	}
}

// openWorkbookCmd reads everything home shows for wb, in one Cmd, so the
// switch happens at once and never shows one workbook's steps with
// another's progress.
func openWorkbookCmd(st *store.Store, wb store.Workbook, prompts []workbook.PromptRef, note string) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		data := loadHomeDataCmd(st, wb.ID, prompts)().(homeDataMsg)
		if data.err != nil {
			return workbookOpenedMsg{err: data.err}
		}
		r, _, err := st.Resume(c, wb.ID)
		return workbookOpenedMsg{wb: wb, data: data, resume: r, note: note, err: err}
	}
}

func deleteWorkbookCmd(st *store.Store, wb store.Workbook) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		backup, err := st.DeleteWorkbook(c, wb.ID, "")
		return workbookDeletedMsg{wb: wb, backup: backup, err: err}
	}
}

func (s *workbooksScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case workbooksLoadedMsg:
		if msg.err != nil {
			s.m.setNotice(fmt.Sprintf("Couldn't list your workbooks: %v", msg.err), false)
			return nil
		}
		s.list = msg.list
		// The cursor starts on the open workbook.
		s.cursor = 0
		for i, w := range s.list {
			if w.ID == s.m.wb.ID {
				s.cursor = i
			}
		}
		return nil
	case workbookDeletedMsg:
		return s.deleted(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *workbooksScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	k := s.m.keys
	if s.busy {
		return nil
	}
	if s.confirm != nil {
		switch {
		case key.Matches(kp, keyYes):
			wb := *s.confirm
			s.confirm, s.busy = nil, true
			s.m.setInfo("Making a backup, then deleting…")
			return deleteWorkbookCmd(s.m.st, wb)
		case key.Matches(kp, keyNo):
			s.confirm = nil
			s.m.setInfo("Nothing was deleted.")
		}
		return nil
	}
	n := len(s.list) + 1
	switch {
	case key.Matches(kp, k.Up):
		s.cursor = (s.cursor + n - 1) % n
	case key.Matches(kp, k.Down):
		s.cursor = (s.cursor + 1) % n
	case key.Matches(kp, k.Back):
		return s.m.navigate(scrHome)
	case key.Matches(kp, keyNew):
		return s.m.startNewWorkbook()
	case key.Matches(kp, k.Open):
		if s.cursor == len(s.list) {
			return s.m.startNewWorkbook()
		}
		w := s.list[s.cursor]
		return openWorkbookCmd(s.m.st, w, s.m.book.PromptRefs(), "Opened the workbook for "+sanitize.Display(w.PartnerName)+".")
	case key.Matches(kp, keyChange):
		if s.cursor < len(s.list) {
			return s.m.openSettings(s.list[s.cursor], scrWorkbooks)
		}
	case key.Matches(kp, keyDelete):
		if s.cursor < len(s.list) {
			wb := s.list[s.cursor]
			s.confirm = &wb
		}
	}
	return nil
}

// deleted reports a deletion; if the open workbook went, another opens,
// or setup when none is left.
func (s *workbooksScreen) deleted(msg workbookDeletedMsg) tea.Cmd {
	s.busy = false
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Couldn't delete the workbook: %v", msg.err), false)
		return nil
	}
	note := fmt.Sprintf("Deleted the workbook for %s. A backup is in %s", sanitize.Display(msg.wb.PartnerName), tildePath(msg.backup))
	s.m.setNotice(note, true)
	var rest []store.Workbook
	for _, w := range s.list {
		if w.ID != msg.wb.ID {
			rest = append(rest, w)
		}
	}
	s.list = rest
	s.cursor = min(s.cursor, len(s.list))
	if msg.wb.ID != s.m.wb.ID {
		return nil
	}
	if len(rest) > 0 {
		return openWorkbookCmd(s.m.st, rest[0], s.m.book.PromptRefs(), note)
	}
	s.m.wb, s.m.hasWB = store.Workbook{}, false
	s.m.resetWorkbookState()
	s.m.first = newFirstRunScreen(s.m)
	s.m.screen = scrWelcome
	return s.m.resize()
}

// opened makes wb the open workbook and goes home, at its own place.
func (m *Model) opened(msg workbookOpenedMsg) tea.Cmd {
	if msg.err != nil {
		m.setNotice(fmt.Sprintf("Couldn't open that workbook: %v", msg.err), false)
		return nil
	}
	m.wb, m.hasWB = msg.wb, true
	m.resetWorkbookState()
	m.setProgress(msg.data.progress, msg.data.answered, msg.data.drafts)
	m.home.preselect()
	m.setNotice(msg.note, true)
	// Text a failed save left in recovery files for this workbook comes
	// back now, as it would at a start with this workbook: the same few
	// small reads New does, once, on a switch the person asked for.
	c, cancel := ctx()
	defer cancel()
	m.restoreRecovery(c)
	// Saving the resume point on home also makes this the workbook that
	// opens at the next start.
	return tea.Batch(m.navigate(scrHome), m.loadToolNotes())
}

// resetWorkbookState forgets everything shown of the previous workbook.
func (m *Model) resetWorkbookState() {
	m.setProgress(nil, nil, nil)
	m.step = newStepScreen(m)
	m.journal = newJournalScreen(m)
	m.reader = newReaderScreen(m)
	m.clearStack()
	m.toolNotes, m.hold = nil, contactHold{}
	m.home.preselect()
}

// startNewWorkbook opens the setup form for another relationship.
func (m *Model) startNewWorkbook() tea.Cmd {
	m.first = newFirstRunScreen(m)
	m.first.setFocus(0)
	m.screen = scrSetup
	m.help.ShowAll = false
	return m.resize()
}

// sideLabel is the side as the setup form names it.
func sideLabel(r store.Role) string {
	for _, x := range roles {
		if x.role == r {
			return x.label
		}
	}
	return string(r)
}

func (s *workbooksScreen) View() string {
	st := s.m.styles
	lines := []string{ansi.Wordwrap("Each workbook is for one relationship and keeps its own steps, journal and place. Only the open one is shown.", s.w, ""), ""}
	if s.confirm != nil {
		name := sanitize.Display(s.confirm.PartnerName)
		return strings.Join(append(lines,
			// Wrapped, never cut: the question must name the whole workbook.
			st.Heading.Render(ansi.Wrap("Delete the workbook for "+name+"?", s.w, "")),
			"",
			ansi.Wordwrap("Everything written in it goes: its journal, drafts and progress. A backup of all your workbooks is made first, so it can be brought back.", s.w, ""),
			"",
			st.Subtle.Render("y deletes it · n keeps it"),
		), "\n")
	}
	for i, w := range s.list {
		left := fmt.Sprintf("%s — %s · %s", sanitize.Display(w.PartnerName), sanitize.Display(w.Relationship), sideLabel(w.Role))
		right := ""
		if w.ID == s.m.wb.ID && s.m.hasWB {
			right = "open now"
		}
		lines = append(lines, s.item(i, left, right))
	}
	lines = append(lines, "", s.item(len(s.list), "+ Start a workbook for someone else", ""))
	return strings.Join(lines, "\n")
}

// item draws one line of the list the way home draws its list, so the two
// lists look alike.
func (s *workbooksScreen) item(i int, left, right string) string {
	list := homeScreen{m: s.m, cursor: s.cursor, w: s.w}
	return list.item(i, left, right)
}
