package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// settingsScreen changes a workbook after setup: what to call the other
// person, the relationship and the side. A change of side keeps every entry
// and moves the person to the other track. Below them is the journal's
// lock (see settingslock.go).
type settingsScreen struct {
	m      *Model
	target store.Workbook
	name   field
	rels   []string // relationships, with the stored one if it is not listed
	rel    int
	role   int // index into roles
	focus  int // 0 name, 1 relationship, 2 side, 3 passphrase, 4 idle lock
	back   screenID
	busy   bool
	w, h   int

	settingsLock // the Passphrase and Lock when idle rows (settingslock.go)
}

// workbookUpdatedMsg reports a saved change of settings.
type workbookUpdatedMsg struct {
	wb      store.Workbook
	sideNow bool // the side changed
	err     error
}

func newSettingsScreen(m *Model) *settingsScreen {
	return &settingsScreen{m: m, name: newField(defaultPartnerName, 60)}
}

// openSettings shows the settings of wb; esc or saving returns to back.
func (m *Model) openSettings(wb store.Workbook, back screenID) tea.Cmd {
	s := newSettingsScreen(m)
	s.target, s.back = wb, back
	s.name.SetValue(wb.PartnerName)
	s.rels = slices.Clone(relationships)
	if s.rel = slices.Index(s.rels, wb.Relationship); s.rel < 0 {
		s.rels = append([]string{wb.Relationship}, s.rels...)
		s.rel = 0
	}
	for i, r := range roles {
		if r.role == wb.Role {
			s.role = i
		}
	}
	s.setFocus(0)
	s.initLock()
	m.settings = s
	return m.navigate(scrSettings)
}

func (s *settingsScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.name.SetWidth(max(w-labelWidth-2, 10))
}

func (s *settingsScreen) typing() bool { return s.focus == 0 || s.lock != nil }

func (s *settingsScreen) Title() string {
	return "trustwork · change the workbook for " + sanitize.Display(s.target.PartnerName)
}

func (s *settingsScreen) Help() helpKeys {
	k := s.m.keys
	save := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save"))
	if s.focus == rowPassphrase {
		save.SetHelp("enter", "choose")
	}
	cancel := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	tab := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field"))
	if s.lock != nil || s.ask != askNothing {
		return helpKeys{short: []key.Binding{cancel, k.ForceQuit}, full: [][]key.Binding{{cancel, k.ForceQuit}}}
	}
	if s.focus == 0 {
		return helpKeys{
			short: []key.Binding{save, tab, cancel, k.Privacy, k.ForceQuit},
			full:  [][]key.Binding{{save, tab, k.Prev}, {cancel, k.Privacy, k.ForceQuit}},
		}
	}
	return helpKeys{
		short: []key.Binding{save, k.Left, tab, cancel, k.Quit, k.Help},
		full:  [][]key.Binding{{save, k.Left, tab, k.Prev}, {cancel, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

func (s *settingsScreen) setFocus(i int) {
	s.focus = i
	if i == 0 {
		s.name.Focus()
	} else {
		s.name.Blur()
	}
}

func (s *settingsScreen) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(workbookUpdatedMsg); ok {
		return s.saved(m)
	}
	if cmd, handled := s.lockUpdate(msg); handled {
		return cmd
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if s.focus == 0 {
			s.name.Update(msg)
		}
		return nil
	}
	if s.busy {
		return nil
	}
	k := s.m.keys
	switch {
	case key.Matches(kp, k.Back):
		s.m.setInfo("Nothing was changed.")
		return s.m.leaveSettings(s.back)
	case key.Matches(kp, k.Continue) && s.focus == rowPassphrase:
		return s.openLock()
	case key.Matches(kp, k.Continue):
		return s.withIdle(s.save())
	case key.Matches(kp, k.Next), kp.String() == "down":
		s.setFocus((s.focus + 1) % s.rows())
		return nil
	case key.Matches(kp, k.Prev), kp.String() == "up":
		s.setFocus((s.focus + s.rows() - 1) % s.rows())
		return nil
	}
	switch s.focus {
	case 0:
		s.name.Update(kp)
	case 1:
		s.rel = cycle(s.rel, len(s.rels), kp, k)
	case 2:
		s.role = cycle(s.role, len(roles), kp, k)
	case rowPassphrase:
		s.action = cycle(s.action, len(s.lockActions()), kp, k)
	case rowIdle:
		s.idle = cycle(s.idle, len(s.idles), kp, k)
	}
	return nil
}

func (s *settingsScreen) save() tea.Cmd {
	name := strings.TrimSpace(s.name.Value())
	if name == "" {
		s.m.setNotice("Please give a name to call them; it can be anything, like “my partner”.", false)
		return nil
	}
	w := s.target
	w.PartnerName, w.Relationship, w.Role = name, s.rels[s.rel], roles[s.role].role
	sideNow := w.Role != s.target.Role
	s.busy = true
	st := s.m.st
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		got, err := st.UpdateWorkbook(c, w)
		if err != nil {
			got = w // what was asked for, so the refusal can name it
		}
		return workbookUpdatedMsg{wb: got, sideNow: sideNow, err: err}
	}
}

func (s *settingsScreen) saved(msg workbookUpdatedMsg) tea.Cmd {
	s.busy = false
	if msg.err != nil {
		if errors.Is(msg.err, store.ErrNameTaken) {
			s.m.setNotice(nameTakenNotice(msg.wb.PartnerName), false)
			return nil
		}
		s.m.setNotice(fmt.Sprintf("Couldn't save the change: %v", msg.err), false)
		return nil
	}
	note := "Saved."
	if msg.wb.ID == s.m.wb.ID {
		s.m.wb = msg.wb
		if msg.sideNow {
			note = "Saved. Now on the other track; every entry is kept."
			s.m.home.preselect()
		}
	}
	s.m.setNotice(note, true)
	return s.m.leaveSettings(s.back)
}

// leaveSettings returns to the screen settings was opened from.
func (m *Model) leaveSettings(back screenID) tea.Cmd {
	if back == scrWorkbooks {
		return m.openWorkbooks()
	}
	return m.navigate(scrHome)
}

func (s *settingsScreen) row(i int, label, value string) string {
	st := s.m.styles
	marker := "  "
	if i == s.focus {
		marker = st.Selected.Render("› ")
	}
	return marker + st.FieldName.Render(fmt.Sprintf("%-*s", labelWidth-2, label)) + value
}

const settingsIntro = "Change what the workbook calls them, the relationship, or your side. Nothing you wrote is lost."

func (s *settingsScreen) View() string {
	if s.lock != nil || s.ask != askNothing {
		return s.lockView()
	}
	st := s.m.styles
	labels := make([]string, len(roles))
	for i, r := range roles {
		labels[i] = r.label
	}
	lines := []string{
		ansi.Wordwrap(settingsIntro, s.w, ""),
		"",
		s.row(0, "What to call them", s.name.View(st)),
		"",
		s.row(1, "Relationship", choice(st, s.rels, s.rel, s.focus == 1)),
		"",
		s.row(2, "Your side", choice(st, labels, s.role, s.focus == 2)),
		"",
	}
	if roles[s.role].role != s.target.Role {
		lines = append(lines, ansi.Wordwrap("Changing your side moves you to the other track of lessons. Everything you wrote stays in your journal and your export.", s.w, ""), "")
	}
	lines = append(lines, s.lockRows()...)
	lines = append(lines, st.Subtle.Render(ansi.Wordwrap("Enter saves · esc leaves it as it was", s.w, "")))
	return strings.Join(lines, "\n")
}

// cursor places the terminal cursor in the name field while it is focused.
func (s *settingsScreen) cursor() (int, int, bool) {
	if s.focus != 0 || s.lock != nil || s.ask != askNothing {
		return 0, 0, false
	}
	return labelWidth + s.name.CursorX(), lipgloss.Height(ansi.Wordwrap(settingsIntro, s.w, "")) + 1, true
}
