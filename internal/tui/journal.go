package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// journalPage is how many summaries one query loads. Only summaries (with a
// short preview) are loaded, never bodies, so a large journal costs the same.
const journalPage = 50

// journalScreen lists entries newest first, a page at a time, with a filter.
type journalScreen struct {
	m      *Model
	filter field
	items  []store.EntrySummary
	offset int // index of items[0] in the whole list
	total  int // entries matching the filter
	all    int // entries in the journal, filter or not
	cursor int // index in the whole list
	seq    int // newest query; older answers are dropped
	loaded bool
	w, h   int

	// back undoes the last deletion while the journal stays open.
	back undo
}

func newJournalScreen(m *Model) *journalScreen {
	return &journalScreen{m: m, filter: newField("type to filter", 200)}
}

func (s *journalScreen) Title() string { return "Journal" }

func (s *journalScreen) typing() bool { return s.filter.Focused() }

func (s *journalScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.filter.SetWidth(max(w-10, 5))
}

func (s *journalScreen) Help() helpKeys {
	k := s.m.keys
	if s.filter.Focused() {
		done := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done"))
		return helpKeys{
			short: []key.Binding{done, k.ClearFilter, k.Privacy, k.ForceQuit},
			full:  [][]key.Binding{{done, k.ClearFilter}, {k.Privacy, k.ForceQuit}},
		}
	}
	read := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read"))
	back := k.Back
	if s.filter.Value() != "" {
		back = k.ClearFilter // esc clears an applied filter before leaving
	}
	if s.back.ready() {
		return helpKeys{
			short: []key.Binding{undoKey, read, k.Up, k.Down, k.Filter, back, k.Privacy, k.Quit, k.Help},
			full:  [][]key.Binding{{undoKey, read, k.Up, k.Down, k.PageUp, k.PageDown}, {k.Filter, back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
		}
	}
	return helpKeys{
		short: []key.Binding{read, k.Up, k.Down, k.Filter, back, k.Privacy, k.Quit, k.Help},
		full:  [][]key.Binding{{read, k.Up, k.Down, k.PageUp, k.PageDown}, {k.Filter, back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// openJournal shows the journal from the top.
func (m *Model) openJournal() tea.Cmd {
	m.journal.cursor = 0
	return tea.Batch(m.navigate(scrJournal), m.journal.reload())
}

// reload queries the page holding the cursor.
func (s *journalScreen) reload() tea.Cmd {
	s.seq++
	off := (s.cursor / journalPage) * journalPage
	return loadEntriesCmd(s.m.st, s.m.wb.ID, s.seq, s.filter.Value(), journalPage, off)
}

func (s *journalScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case entryTakenMsg:
		return s.deleted(msg)
	case entryRestoredMsg:
		if msg.err != nil {
			s.m.setNotice(fmt.Sprintf("Couldn't bring the entry back: %v", msg.err), false)
			return nil
		}
		s.m.setNotice("The entry is back in your journal.", true)
		return tea.Batch(s.reload(), loadHomeDataCmd(s.m.st, s.m.wb.ID))
	case entriesLoadedMsg:
		if msg.seq != s.seq {
			return nil
		}
		if msg.err != nil {
			s.m.setNotice(fmt.Sprintf("Couldn't read your journal: %v", msg.err), false)
			return nil
		}
		s.items, s.offset, s.total, s.all, s.loaded = msg.items, msg.offset, msg.total, msg.all, true
		if s.cursor >= s.total {
			s.cursor = max(s.total-1, 0)
		}
		return nil
	case tea.PasteMsg:
		if s.filter.Update(msg) {
			s.cursor = 0
			return s.reload()
		}
		return nil
	case tea.KeyPressMsg:
		k := s.m.keys
		if s.filter.Focused() {
			switch {
			case key.Matches(msg, k.ClearFilter):
				s.filter.Reset()
				s.filter.Blur()
				s.cursor = 0
				return tea.Batch(s.m.resize(), s.reload())
			case msg.String() == "enter":
				s.filter.Blur()
				return s.m.resize()
			}
			if s.filter.Update(msg) {
				s.cursor = 0
				return s.reload()
			}
			return nil
		}
		switch {
		case key.Matches(msg, k.Back) && s.filter.Value() != "":
			s.filter.Reset()
			s.cursor = 0
			return tea.Batch(s.m.resize(), s.reload())
		case key.Matches(msg, k.Back):
			s.back.clear()
			return s.m.navigate(scrHome)
		case key.Matches(msg, undoKey) && s.back.ready():
			return s.back.take()
		case key.Matches(msg, k.Filter):
			s.filter.Focus()
			return s.m.resize()
		case key.Matches(msg, k.Up):
			return s.move(-1)
		case key.Matches(msg, k.Down):
			return s.move(1)
		case key.Matches(msg, k.PageUp):
			return s.move(-s.rows())
		case key.Matches(msg, k.PageDown):
			return s.move(s.rows())
		case key.Matches(msg, k.Open):
			if e, ok := s.selected(); ok {
				s.back.clear()
				return s.m.openEntry(e.ID)
			}
		}
	}
	return nil
}

// deleted shows the journal after the reader deleted an entry, with u to
// take it back.
func (s *journalScreen) deleted(msg entryTakenMsg) tea.Cmd {
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Couldn't delete the entry: %v", msg.err), false)
		return nil
	}
	r := msg.removed
	s.back.set("entry deleted", func() tea.Cmd { return restoreEntryCmd(s.m.st, r) })
	nav := s.m.navigate(scrJournal)
	s.m.setInfo("Entry deleted. Press u to undo.")
	return tea.Batch(nav, s.reload(), loadHomeDataCmd(s.m.st, s.m.wb.ID))
}

func (s *journalScreen) move(d int) tea.Cmd {
	if s.total == 0 {
		return nil
	}
	s.cursor = max(0, min(s.total-1, s.cursor+d))
	if s.cursor < s.offset || s.cursor >= s.offset+len(s.items) {
		return s.reload()
	}
	return nil
}

func (s *journalScreen) selected() (store.EntrySummary, bool) {
	i := s.cursor - s.offset
	if i >= 0 && i < len(s.items) {
		return s.items[i], true
	}
	return store.EntrySummary{}, false
}

// rows is how many entries fit: each takes two lines.
func (s *journalScreen) rows() int { return max((s.h-2)/2, 1) }

func (s *journalScreen) View() string {
	st := s.m.styles
	var head string
	switch {
	case s.filter.Focused() || s.filter.Value() != "":
		head = "Filter: " + s.filter.View(st)
	default:
		head = st.Subtle.Render("Press / to filter.")
	}
	count := ""
	if s.loaded {
		count = fmt.Sprintf("%d entries", s.total)
		if s.total == 1 {
			count = "1 entry"
		}
		if s.filter.Value() != "" {
			count = fmt.Sprintf("%d of %d entries", s.total, s.all)
			if s.all == 1 {
				count = fmt.Sprintf("%d of 1 entry", s.total)
			}
		}
	}
	lines := []string{head, st.Subtle.Render(count)}
	if s.loaded && s.total == 0 {
		if s.filter.Value() != "" {
			lines = append(lines, "", "Nothing matches that filter.")
		} else {
			lines = append(lines, "", "Nothing here yet. Open a step and answer a prompt; ctrl+s saves it here.")
		}
		return strings.Join(lines, "\n")
	}
	rows := s.rows()
	start := max(0, min(s.cursor-rows/2, s.total-rows))
	for i := start; i < min(start+rows, s.total); i++ {
		j := i - s.offset
		if j < 0 || j >= len(s.items) {
			lines = append(lines, st.Subtle.Render("  …"), "")
			continue
		}
		lines = append(lines, s.entryLines(s.items[j], i == s.cursor)...)
	}
	return strings.Join(lines, "\n")
}

// entryLines draws one summary: date, step and prompt on the first line,
// the preview under it. All stored text goes through sanitize.Display.
func (s *journalScreen) entryLines(e store.EntrySummary, sel bool) []string {
	st := s.m.styles
	date := e.CreatedAt.In(time.Local).Format("2 Jan 2006 15:04")
	prompt := oneLine(sanitize.Display(e.PromptText))
	first := ansi.Truncate(fmt.Sprintf("%s · %s · %s", date, s.m.stepTitle(e.StepID), prompt), s.w-2, "…")
	preview := ansi.Truncate(oneLine(sanitize.Display(e.Preview)), s.w-4, "…")
	if sel {
		return []string{st.Selected.Render("› " + first), "    " + st.Subtle.Render(preview)}
	}
	return []string{"  " + first, "    " + st.Subtle.Render(preview)}
}

// oneLine folds line breaks and tabs into spaces for a list row.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (s *journalScreen) cursorPos() (int, int, bool) {
	if !s.filter.Focused() {
		return 0, 0, false
	}
	return len("Filter: ") + s.filter.CursorX(), 0, true
}
