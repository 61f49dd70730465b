package tui

import "charm.land/bubbles/v2/key"

// PrivacyKey instantly replaces the whole screen with a neutral one, from
// anywhere, including the editor. Any key brings the person back.
const PrivacyKey = "ctrl+x"

// keyMap is every binding the TUI uses. Screens pick the ones they show in
// the help bar, so help never lists a key that does nothing where it is.
type keyMap struct {
	Up, Down         key.Binding
	Next, Prev       key.Binding
	Number           key.Binding
	Open             key.Binding
	Back             key.Binding
	Quit             key.Binding
	ForceQuit        key.Binding
	Help             key.Binding
	Privacy          key.Binding
	ToggleDone       key.Binding
	Save             key.Binding
	ExternalEditor   key.Binding
	Undo             key.Binding
	Filter           key.Binding
	ClearFilter      key.Binding
	Edit             key.Binding
	Left, Right      key.Binding
	Continue         key.Binding
	PageUp, PageDown key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		Number:   key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "pick prompt")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Continue: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),
		// alt+esc is two Escs arriving in one read (a quick double press
		// or a slow link): it means esc, not a key nobody pressed.
		Back:           key.NewBinding(key.WithKeys("esc", "alt+esc"), key.WithHelp("esc", "back")),
		Quit:           key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:           key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Privacy:        key.NewBinding(key.WithKeys(PrivacyKey), key.WithHelp(PrivacyKey, "hide screen")),
		ToggleDone:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark done")),
		Save:           key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save to journal")),
		ExternalEditor: key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "open in $EDITOR")),
		// The editor widget handles these keys itself; the binding is for help.
		Undo:        key.NewBinding(key.WithKeys("ctrl+z", "ctrl+y"), key.WithHelp("ctrl+z/y", "undo/redo")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc", "alt+esc"), key.WithHelp("esc", "clear filter")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Left:        key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "change choice")),
		Right:       key.NewBinding(key.WithKeys("right", "l")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn/space", "page down")),
	}
}

// helpKeys adapts a screen's bindings to help.KeyMap: the short list plus
// the global keys, and the full list in columns.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
