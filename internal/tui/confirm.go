package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// confirm is a yes/no question asked inside a screen before something is
// removed. While it is open every other key is held back, so a stray key
// can neither answer it nor act behind it.
type confirm struct {
	question string
	yes      func() tea.Cmd
}

var (
	yesKey = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes"))
	noKey  = key.NewBinding(key.WithKeys("n", "esc", "alt+esc"), key.WithHelp("n/esc", "no, keep it"))
)

func (c *confirm) ask(question string, yes func() tea.Cmd) { c.question, c.yes = question, yes }

func (c *confirm) open() bool { return c.yes != nil }

func (c *confirm) cancel() { c.question, c.yes = "", nil }

// handle answers the question from kp; every key is taken while it is open.
func (c *confirm) handle(kp tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(kp, yesKey):
		yes := c.yes
		c.cancel()
		return yes()
	case key.Matches(kp, noKey):
		c.cancel()
	}
	return nil
}

func (c *confirm) help(k keyMap) helpKeys {
	return helpKeys{
		short: []key.Binding{yesKey, noKey, k.Privacy, k.ForceQuit},
		full:  [][]key.Binding{{yesKey, noKey}, {k.Privacy, k.ForceQuit}},
	}
}

// view is the question on one line, in the warning colour, with the keys.
func (c *confirm) view(st Styles, w int) string {
	return st.Error.Render(ansi.Truncate(c.question+"  y yes · n no", max(w, 1), "…"))
}

// undo is the last removal, which u takes back while its screen is open.
type undo struct {
	what string // "entry deleted", shown in the help as "u undo"
	do   func() tea.Cmd
}

var undoKey = key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo"))

func (u *undo) set(what string, do func() tea.Cmd) { u.what, u.do = what, do }

func (u *undo) clear() { u.what, u.do = "", nil }

func (u *undo) ready() bool { return u.do != nil }

// take runs the undo once.
func (u *undo) take() tea.Cmd {
	do := u.do
	u.clear()
	if do == nil {
		return nil
	}
	return do()
}
