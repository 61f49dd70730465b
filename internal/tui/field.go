package tui

import (
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
)

// field is a one-line text input (names, the journal filter). It stands in
// for bubbles/textinput, whose clipboard dependency go.sum does not hold;
// it needs little: insert, delete, move, paste, and a real terminal cursor.
// Unsafe runes (controls, bidi overrides) are never inserted.
type field struct {
	value       []rune
	pos         int
	width       int
	focused     bool
	placeholder string
	limit       int
}

func newField(placeholder string, limit int) field {
	return field{placeholder: placeholder, limit: limit, width: 20}
}

func (f *field) SetWidth(w int)    { f.width = max(w, 1) }
func (f *field) Focus()            { f.focused = true }
func (f *field) Blur()             { f.focused = false }
func (f field) Focused() bool      { return f.focused }
func (f field) Value() string      { return string(f.value) }
func (f *field) SetValue(s string) { f.value = nil; f.pos = 0; f.insert(s) }
func (f *field) Reset()            { f.value, f.pos = nil, 0 }

func (f *field) insert(s string) {
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' {
			r = ' '
		}
		if sanitize.IsUnsafe(r) || r == utf8.RuneError {
			continue
		}
		if f.limit > 0 && len(f.value) >= f.limit {
			return
		}
		f.value = append(f.value[:f.pos], append([]rune{r}, f.value[f.pos:]...)...)
		f.pos++
	}
}

// Update handles keys and pastes while focused and reports whether the
// value changed.
func (f *field) Update(msg tea.Msg) (changed bool) {
	if !f.focused {
		return false
	}
	before := string(f.value)
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(msg.Content)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "left", "ctrl+b":
			f.pos = max(0, f.pos-1)
		case "right", "ctrl+f":
			f.pos = min(len(f.value), f.pos+1)
		case "home", "ctrl+a":
			f.pos = 0
		case "end", "ctrl+e":
			f.pos = len(f.value)
		case "backspace", "ctrl+h":
			if f.pos > 0 {
				f.value = append(f.value[:f.pos-1], f.value[f.pos:]...)
				f.pos--
			}
		case "delete", "ctrl+d":
			if f.pos < len(f.value) {
				f.value = append(f.value[:f.pos], f.value[f.pos+1:]...)
			}
		case "ctrl+u":
			f.value = f.value[f.pos:]
			f.pos = 0
		case "ctrl+k":
			f.value = f.value[:f.pos]
		case "ctrl+w":
			i := f.pos
			for i > 0 && f.value[i-1] == ' ' {
				i--
			}
			for i > 0 && f.value[i-1] != ' ' {
				i--
			}
			f.value = append(f.value[:i], f.value[f.pos:]...)
			f.pos = i
		default:
			if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
				f.insert(msg.Text)
			}
		}
	}
	return before != string(f.value)
}

// window returns the visible slice of runes and the cursor's cell within it.
func (f field) window() (string, int) {
	w := max(f.width, 1)
	start := 0
	// Keep the cursor inside the visible cells, measuring real widths.
	for ansi.StringWidth(string(f.value[start:f.pos])) >= w && start < f.pos {
		start++
	}
	var b strings.Builder
	cells := 0
	for _, r := range f.value[start:] {
		rw := ansi.StringWidth(string(r))
		if cells+rw > w {
			break
		}
		b.WriteRune(r)
		cells += rw
	}
	return b.String(), ansi.StringWidth(string(f.value[start:f.pos]))
}

// View draws the field in exactly width cells (or the placeholder, faint).
func (f field) View(s Styles) string {
	if len(f.value) == 0 {
		return s.Subtle.Render(ansi.Truncate(f.placeholder, f.width, "…"))
	}
	text, _ := f.window()
	return text
}

// CursorX is the cursor's cell within View.
func (f field) CursorX() int {
	_, x := f.window()
	return x
}
