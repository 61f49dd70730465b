// Package textedit is the multi-line text editor used for journal writing.
// It exists instead of bubbles/textarea because a journal entry can grow to a
// megabyte, and a keystroke must cost the same at 1 MB as at 1 KB: edits are
// local to a line and View draws only the visible window.
package textedit

import (
	tea "charm.land/bubbletea/v2"
)

// STUB: the textedit helper replaces this file with the real editor, keeping
// the exported API. Delete this comment when done.

// Model is the editor's state. The zero value is not ready; use New.
type Model struct {
	value         string
	width, height int
	focused       bool
	version       uint64
}

// New returns an empty, blurred editor.
func New() Model { return Model{} }

// SetSize sets the width and height, in cells, that View fills.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// SetValue replaces the text and puts the cursor at its end.
func (m *Model) SetValue(s string) { m.value = s; m.version++ }

// Value returns the whole text. It costs O(length); callers use it for
// saving, not on every keystroke.
func (m Model) Value() string { return m.value }

// Len returns the length of the text in bytes without building it.
func (m Model) Len() int { return len(m.value) }

// SetCursor moves the cursor to a byte offset into Value (clamped, and moved
// back to a rune boundary).
func (m *Model) SetCursor(offset int) {}

// Cursor returns the cursor as a byte offset into Value.
func (m Model) Cursor() int { return len(m.value) }

// Version increases by one on every change to the text, so callers can tell
// whether an autosave is needed without comparing text.
func (m Model) Version() uint64 { return m.version }

// Focus makes the editor take keys and show its cursor.
func (m *Model) Focus() { m.focused = true }

// Blur stops the editor taking keys.
func (m *Model) Blur() { m.focused = false }

// Focused reports whether the editor takes keys.
func (m Model) Focused() bool { return m.focused }

// Update handles tea.KeyPressMsg and tea.PasteMsg while focused.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) { return m, nil }

// View draws the visible window: exactly height lines, none wider than width.
func (m Model) View() string { return "" }

// CursorPosition returns the cursor's cell within View, for tea.View.Cursor,
// and false when the editor is blurred.
func (m Model) CursorPosition() (x, y int, ok bool) { return 0, 0, false }
