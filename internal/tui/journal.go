package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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
	step   string // step filter: only this step's entries; "" for all
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
	return &journalScreen{m: m, filter: newField("(type to filter)", 200)}
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
	if s.filter.Value() != "" || s.step != "" {
		back = k.ClearFilter // esc clears an applied filter before leaving
	}
	short := []key.Binding{read, k.Up, k.Down, k.Filter, stepKey, back, k.Privacy, k.Quit, k.Help}
	first := []key.Binding{read, k.Up, k.Down, k.PageUp, k.PageDown, newestKey, oldestKey}
	if s.back.ready() {
		short = append([]key.Binding{undoKey}, short...)
		first = append([]key.Binding{undoKey}, first...)
	}
	return helpKeys{
		short: short,
		full:  [][]key.Binding{first, {k.Filter, stepKey, stepBackKey, back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// Journal keys beyond the shared ones.
var (
	newestKey   = key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "newest"))
	oldestKey   = key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "oldest"))
	stepKey     = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "by step"))
	stepBackKey = key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "previous step"))
)

// query is what the list shows: the text filter and the step.
func (s *journalScreen) query() store.EntryFilter {
	return store.EntryFilter{Text: s.filter.Value(), StepID: s.step}
}

// cycleStep moves the step filter through every step in the person's
// order, then back to all steps.
func (s *journalScreen) cycleStep(d int) tea.Cmd {
	steps := s.m.steps()
	i := stepIndex(steps, s.step) + d // -1 (all steps) when none is chosen
	switch {
	case i >= len(steps):
		i = -1
	case i < -1:
		i = len(steps) - 1
	}
	s.step = ""
	if i >= 0 {
		s.step = steps[i].ID
	}
	s.cursor = 0
	return tea.Batch(s.reload(), s.m.saveResume())
}

// restore puts the journal back as the person left it: filters and place.
func (s *journalScreen) restore(r store.Resume) {
	s.filter.SetValue(r.Filter)
	s.step = ""
	if _, ok := s.m.book.Step(r.StepID); ok {
		s.step = r.StepID
	}
	s.cursor = max(r.Scroll, 0)
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
	return loadEntriesCmd(s.m.st, s.m.wb.ID, s.seq, s.query(), journalPage, off)
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
		return tea.Batch(s.reload(), loadHomeDataCmd(s.m.st, s.m.wb.ID, s.m.book.PromptRefs()))
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
		case key.Matches(msg, k.Back) && s.step != "":
			return s.cycleStep(len(s.m.steps())) // back to all steps
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
		case key.Matches(msg, newestKey):
			return s.move(-s.total)
		case key.Matches(msg, oldestKey):
			return s.move(s.total)
		case key.Matches(msg, stepKey):
			return s.cycleStep(1)
		case key.Matches(msg, stepBackKey):
			return s.cycleStep(-1)
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
	return tea.Batch(nav, s.reload(), loadHomeDataCmd(s.m.st, s.m.wb.ID, s.m.book.PromptRefs()))
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
		if s.filter.Value() != "" || s.step != "" {
			count = fmt.Sprintf("%d of %d entries", s.total, s.all)
			if s.all == 1 {
				count = fmt.Sprintf("%d of 1 entry", s.total)
			}
		}
	}
	if s.step != "" {
		count += " in " + s.m.stepTitle(s.step) + " (s: next step)"
	} else if s.loaded {
		count += " · s shows one step"
	}
	lines := []string{head, st.Subtle.Render(ansi.Truncate(count, max(s.w, 1), "…"))}
	if s.loaded && s.total == 0 {
		if s.filter.Value() != "" || s.step != "" {
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
// the preview under it, with the text filter's matches marked. With a
// filter the preview is the words around the first match in the body.
// All stored text goes through sanitize.Display.
func (s *journalScreen) entryLines(e store.EntrySummary, sel bool) []string {
	st := s.m.styles
	date := e.CreatedAt.In(time.Local).Format("2 Jan 2006 15:04")
	if store.UnreadableTime(e.CreatedAt) {
		date = "⚠ date unreadable"
	}
	prompt := oneLine(sanitize.Display(e.PromptText))
	first := ansi.Truncate(fmt.Sprintf("%s · %s · %s", date, s.m.stepTitle(e.StepID), prompt), s.w-2, "…")
	preview := oneLine(sanitize.Display(e.Preview))
	if e.PreviewFrom > 0 {
		// Start at a word, not in the middle of one.
		if i := strings.IndexByte(preview, ' '); i >= 0 && i < 20 {
			preview = preview[i+1:]
		}
		preview = "…" + preview
	}
	preview = ansi.Truncate(preview, s.w-4, "…")
	needle := s.filter.Value()
	if sel {
		return []string{st.Selected.Render("› ") + mark(first, needle, st.Selected, st.Match), "    " + mark(preview, needle, st.Subtle, st.Match)}
	}
	return []string{"  " + mark(first, needle, lipgloss.NewStyle(), st.Match), "    " + mark(preview, needle, st.Subtle, st.Match)}
}

// mark renders text in base with every match of needle in hit. Matching
// folds ASCII case only, as the store's filter does, so what is marked is
// what was found; folding ASCII keeps byte offsets, so the marks land on
// the original text.
func mark(text, needle string, base, hit lipgloss.Style) string {
	if needle == "" {
		return base.Render(text)
	}
	hay, n := asciiLower(text), asciiLower(needle)
	var b strings.Builder
	for {
		i := strings.Index(hay, n)
		if i < 0 {
			break
		}
		if i > 0 {
			b.WriteString(base.Render(text[:i]))
		}
		b.WriteString(hit.Render(text[i : i+len(n)]))
		text, hay = text[i+len(n):], hay[i+len(n):]
	}
	if text != "" {
		b.WriteString(base.Render(text))
	}
	return b.String()
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
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
