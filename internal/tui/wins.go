package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/wins"
)

// winsTool is the small-wins log in the toolkit.
var winsTool = tool{
	id:   "wins",
	key:  "n",
	name: func(bool) string { return "Small wins" },
	about: func(bool) string {
		return "One line for a moment that went well. They add up."
	},
	open:  func(c toolCtx) pushed { return &winsScreen{c: c} },
	notes: winsNotes,
}

// winsNotes is home's line: the latest few wins.
func winsNotes(c context.Context, st *store.Store, wb store.Workbook, now time.Time) ([]string, error) {
	ws, err := st.LatestWins(c, wb.ID, 3)
	if err != nil || len(ws) == 0 {
		return nil, err
	}
	var parts []string
	for _, w := range ws {
		parts = append(parts, oneLine(sanitize.Display(w.Text)))
	}
	return []string{"Small wins: " + strings.Join(parts, " · ")}, nil
}

// winsLoadedMsg carries the wins of one workbook.
type winsLoadedMsg struct {
	wb   int64
	list []wins.Win // newest first
	err  error
}

// winDeletedMsg reports a removal.
type winDeletedMsg struct{ err error }

var (
	keyNewWin    = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new win"))
	keyDeleteWin = key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "delete"))
)

// winsScreen lists the small wins, newest first, and adds, edits and
// removes them. Each win's line is written in the editor.
type winsScreen struct {
	c      toolCtx
	list   []wins.Win
	loaded bool
	cursor int
	ask    confirm
	w, h   int
}

func (s *winsScreen) Name() string     { return winsTool.id }
func (s *winsScreen) Title() string    { return "Small wins" }
func (s *winsScreen) typing() bool     { return false }
func (s *winsScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *winsScreen) Init() tea.Cmd {
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		ws, err := st.LatestWins(c, wb, 0) // every win, newest first
		return winsLoadedMsg{wb: wb, list: ws, err: err}
	}
}

func (s *winsScreen) Help() helpKeys {
	k := s.c.keys()
	if s.ask.open() {
		return s.ask.help(k)
	}
	return helpKeys{
		short: []key.Binding{keyNewWin, k.Edit, keyDeleteWin, k.Up, k.Down, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{keyNewWin, k.Edit, keyDeleteWin}, {k.Up, k.Down, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// text is the toolText for a win's line: a new one (id 0) or one written.
func (s *winsScreen) text(id int64, body string) toolText {
	return toolText{
		Tool: winsTool.id, Field: store.WinField, RecordID: id, Body: body,
		Prompt: "What went well? One line is enough.",
		Hint:   "A kept promise, an easy evening, a talk that stayed calm. Small counts.",
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SaveWin(c, d.WorkbookID, id, text, d)
		},
		Check: func(text string) []string {
			if err := wins.Check(text); err == wins.ErrTooLong {
				return []string{err.Error()}
			}
			return nil
		},
	}
}

func (s *winsScreen) reopenText(c context.Context, field string, id int64) (toolText, bool) {
	if field != store.WinField {
		return toolText{}, false
	}
	if id == 0 {
		return s.text(0, ""), true
	}
	ws, err := s.c.store().Wins(c, s.c.workbook().ID)
	if err != nil {
		return toolText{}, false
	}
	for _, w := range ws {
		if w.ID == id {
			return s.text(id, w.Text), true
		}
	}
	return toolText{}, false
}

func (s *winsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case winsLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your small wins: %v", msg.err))
			return nil
		}
		s.list, s.loaded = msg.list, true
		s.cursor = min(s.cursor, max(len(s.list)-1, 0))
		return nil
	case winDeletedMsg:
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't delete that win: %v", msg.err))
			return nil
		}
		s.c.done("Deleted.")
		return s.Init()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *winsScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	if s.ask.open() {
		return s.ask.handle(kp)
	}
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		return s.c.back()
	case key.Matches(kp, k.Up):
		if s.cursor > 0 {
			s.cursor--
		}
	case key.Matches(kp, k.Down):
		if s.cursor < len(s.list)-1 {
			s.cursor++
		}
	case key.Matches(kp, keyNewWin):
		return s.c.write(s.text(0, ""))
	case key.Matches(kp, k.Edit, k.Open):
		if w, ok := s.selected(); ok {
			return s.c.write(s.text(w.ID, w.Text))
		}
	case key.Matches(kp, keyDeleteWin):
		if w, ok := s.selected(); ok {
			st, wb := s.c.store(), s.c.workbook().ID
			s.ask.ask("Delete this small win?", func() tea.Cmd {
				return func() tea.Msg {
					c, cancel := ctx()
					defer cancel()
					return winDeletedMsg{err: st.DeleteWin(c, wb, w.ID, toolStep(winsTool.id))}
				}
			})
		}
	}
	return nil
}

func (s *winsScreen) selected() (wins.Win, bool) {
	if s.cursor < len(s.list) {
		return s.list[s.cursor], true
	}
	return wins.Win{}, false
}

func (s *winsScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	lines := []string{st.Subtle.Render(ansi.Wordwrap("One line for a moment that went well: a kept promise, an easy evening, a talk that stayed calm. On a hard day, read them back.", max(s.w-2, 10), ""))}
	if len(s.list) == 0 {
		lines = append(lines, "", "Nothing here yet. Press n to write the first one.")
		return strings.Join(lines, "\n")
	}
	now := s.c.now()
	week := wins.Since(s.list, now.AddDate(0, 0, -7))
	lines = append(lines, "", st.Heading.Render(fmt.Sprintf("%s · %d in the last 7 days", plural(len(s.list), "small win"), week)), "")
	head := len(lines)
	if s.ask.open() {
		head++
	}
	room := max(s.h-head, 1)
	start := max(0, min(s.cursor-room/2, len(s.list)-room))
	for i := start; i < len(s.list) && i < start+room; i++ {
		w := s.list[i]
		date := w.At.Local().Format("Mon 2 Jan")
		if store.UnreadableTime(w.At) {
			date = "(unknown)"
		}
		line := fmt.Sprintf("%-10s  %s", date, oneLine(sanitize.Display(w.Text)))
		line = ansi.Truncate(line, max(s.w-2, 8), "…")
		if i == s.cursor {
			lines = append(lines, st.Selected.Render("› "+line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	if s.ask.open() {
		lines = append(lines, s.ask.view(st, s.w))
	}
	return strings.Join(lines, "\n")
}
