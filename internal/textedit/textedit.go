// Package textedit is the multi-line text editor used for journal writing.
// It exists instead of bubbles/textarea because a journal entry can grow to a
// megabyte, and a keystroke must cost the same at 1 MB as at 1 KB: edits are
// local to a line and View draws only the visible window.
//
// The text is kept as a slice of logical lines, so an edit rewrites one line;
// wrapping is computed only for the lines in (or next to) the visible window.
// Text is stored exactly as given; it is made inert only when drawn, where
// every grapheme goes through internal/sanitize, so escape sequences, C1
// controls, bidi overrides and invalid UTF-8 show as visible stand-ins and
// View never emits an escape sequence.
//
// Like other Bubble Tea models, Model is a value whose copies share the line
// storage and a wrapping cache: after Update, use the returned model and drop
// the old one, and call it from one goroutine (Bubble Tea's event loop).
package textedit

import (
	"slices"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/rivo/uniseg"
)

// Model is the editor's state. The zero value is not ready; use New.
type Model struct {
	// lines are the logical lines, without their '\n'. Never empty once
	// initialised.
	lines []string
	// nbytes is len(Value()), kept up to date so Len is O(1).
	nbytes int
	// words and chars are the text's counts as a person makes them (see
	// Counts), kept up to date line by line so a keystroke recounts one
	// line, not the text.
	words, chars int

	// line and col are the cursor: a logical line and a byte offset in it,
	// always on a rune boundary.
	line, col int
	// goalX is the column up/down try to keep; valid while hasGoal.
	goalX   int
	hasGoal bool

	width, height int
	// top and topRow are the scroll anchor: the first visible row is row
	// topRow of logical line top.
	top, topRow int

	focused     bool
	version     uint64
	placeholder string

	// cache is shared by copies of the model, like lines.
	cache *layoutCache
	// hist is the undo history, shared by copies like lines.
	hist *history
}

// New returns an empty, blurred editor.
func New() Model { return Model{lines: []string{""}, cache: &layoutCache{}, hist: &history{}} }

// init makes a zero Model usable, so a forgotten New cannot panic.
func (m *Model) init() {
	if len(m.lines) == 0 {
		m.lines = []string{""}
		m.nbytes = 0
	}
	if m.cache == nil {
		m.cache = &layoutCache{}
	}
	if m.hist == nil {
		m.hist = &history{}
	}
}

// w is the width used for wrapping; at least 1 so motion still works
// while the editor is sized to nothing.
func (m *Model) w() int { return max(m.width, 1) }

// h is the height used for scrolling; at least 1.
func (m *Model) h() int { return max(m.height, 1) }

// SetSize sets the width and height, in cells, that View fills.
func (m *Model) SetSize(width, height int) {
	m.init()
	m.width, m.height = width, height
	m.clampAnchor()
	m.scrollToCursor()
}

// SetPlaceholder sets the text View shows, as plain text, while the value is
// empty.
func (m *Model) SetPlaceholder(s string) { m.placeholder = s }

// SetValue replaces the text and puts the cursor at its end. The text is
// kept byte for byte (Value returns it unchanged), lines split on '\n'.
func (m *Model) SetValue(s string) {
	m.lines = strings.Split(s, "\n")
	m.nbytes = len(s)
	m.words, m.chars = 0, 0
	for _, l := range m.lines {
		m.count(l, 1)
	}
	if m.hist != nil {
		*m.hist = history{} // a new text: nothing before it to undo
	}
	m.line = len(m.lines) - 1
	m.col = len(m.lines[m.line])
	m.hasGoal = false
	m.top, m.topRow = 0, 0
	m.version++
	m.scrollToCursor()
}

// Value returns the whole text. It costs O(length); callers use it for
// saving, not on every keystroke.
func (m Model) Value() string {
	if len(m.lines) == 0 {
		return ""
	}
	return strings.Join(m.lines, "\n")
}

// Len returns the length of the text in bytes without building it.
func (m Model) Len() int { return m.nbytes }

// Counts returns the number of words (runs of non-space characters) and
// of characters as a person counts them: user-perceived characters
// (grapheme clusters), so "é" is one whether typed as one code point or
// two, and an emoji family is one; line breaks are not counted. O(1).
func (m Model) Counts() (words, chars int) { return m.words, m.chars }

// count adds (sign 1) or removes (sign -1) one line's counts.
func (m *Model) count(line string, sign int) {
	if line == "" {
		return
	}
	w, inWord := 0, false
	for _, r := range line {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			w++
		}
		inWord = !space
	}
	m.words += sign * w
	m.chars += sign * graphemes(line)
}

// graphemes counts user-perceived characters. Printable ASCII is one per
// byte, and journal text is mostly that, so it skips the slower Unicode
// segmentation (a keystroke recounts its whole line).
func graphemes(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7f || c < 0x20 {
			return uniseg.GraphemeClusterCount(s)
		}
	}
	return len(s)
}

// SetCursor moves the cursor to a byte offset into Value (clamped, and moved
// back to a rune boundary).
func (m *Model) SetCursor(offset int) {
	m.init()
	offset = min(max(offset, 0), m.nbytes)
	l := 0
	for l < len(m.lines)-1 && offset > len(m.lines[l]) {
		offset -= len(m.lines[l]) + 1
		l++
	}
	m.line = l
	m.col = snapRune(m.lines[l], min(offset, len(m.lines[l])))
	m.hasGoal = false
	m.scrollToCursor()
}

// Cursor returns the cursor as a byte offset into Value. It costs O(lines
// above the cursor).
func (m Model) Cursor() int {
	off := m.col
	for _, l := range m.lines[:m.line] {
		off += len(l) + 1
	}
	return off
}

// Pos returns the cursor as a logical line and a byte offset in it, in
// O(1): enough to tell whether the cursor moved.
func (m Model) Pos() (line, col int) { return m.line, m.col }

// Version increases by one on every change to the text, so callers can tell
// whether an autosave is needed without comparing text.
func (m Model) Version() uint64 { return m.version }

// Focus makes the editor take keys and show its cursor.
func (m *Model) Focus() { m.init(); m.focused = true }

// Blur stops the editor taking keys.
func (m *Model) Blur() { m.focused = false }

// Focused reports whether the editor takes keys.
func (m Model) Focused() bool { return m.focused }

// Update handles tea.KeyPressMsg and tea.PasteMsg while focused. Keys it does
// not bind (tab, esc, ctrl+e, ctrl+s, …) come back untouched so the parent
// can handle them.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.focused {
		return m, nil
	}
	m.init()
	switch msg := msg.(type) {
	case tea.PasteMsg:
		m.hist.open = false // a paste is one undo step of its own
		m.insert(msg.Content)
		m.hist.open = false
	case tea.KeyPressMsg:
		if !m.handleKey(msg) {
			return m, nil
		}
	default:
		return m, nil
	}
	m.scrollToCursor()
	return m, nil
}

// handleKey applies one key and reports whether it was bound.
func (m *Model) handleKey(msg tea.KeyPressMsg) bool {
	keepGoal := false
	if m.hist != nil && m.hist.open && !editKey(msg) {
		m.hist.open = false // a move ends the step being typed
	}
	switch msg.String() {
	case "ctrl+z":
		m.Undo()
	case "ctrl+y", "ctrl+shift+z":
		m.Redo()
	case "enter":
		m.insert("\n")
	case "backspace":
		if m.col > 0 {
			m.deleteRange(m.line, prevCluster(m.lines[m.line], m.col), m.line, m.col)
		} else if m.line > 0 {
			m.deleteRange(m.line-1, len(m.lines[m.line-1]), m.line, 0)
		}
	case "delete":
		if l := m.lines[m.line]; m.col < len(l) {
			n, _ := clusterAt(l, m.col)
			m.deleteRange(m.line, m.col, m.line, m.col+n)
		} else if m.line < len(m.lines)-1 {
			m.deleteRange(m.line, m.col, m.line+1, 0)
		}
	case "left":
		if m.col > 0 {
			m.col = prevCluster(m.lines[m.line], m.col)
		} else if m.line > 0 {
			m.line--
			m.col = len(m.lines[m.line])
		}
	case "right":
		if l := m.lines[m.line]; m.col < len(l) {
			n, _ := clusterAt(l, m.col)
			m.col += n
		} else if m.line < len(m.lines)-1 {
			m.line++
			m.col = 0
		}
	case "up":
		m.moveRows(-1)
		keepGoal = true
	case "down":
		m.moveRows(1)
		keepGoal = true
	case "pgup":
		m.moveRows(-m.h())
		keepGoal = true
	case "pgdown":
		m.moveRows(m.h())
		keepGoal = true
	case "home", "ctrl+a":
		m.col = 0
	case "end":
		m.col = len(m.lines[m.line])
	case "ctrl+home":
		m.line, m.col = 0, 0
	case "ctrl+end":
		m.line = len(m.lines) - 1
		m.col = len(m.lines[m.line])
	case "alt+left", "ctrl+left":
		m.line, m.col = m.wordLeft()
	case "alt+right", "ctrl+right":
		m.line, m.col = m.wordRight()
	case "alt+backspace", "ctrl+w":
		l, c := m.wordLeft()
		m.deleteRange(l, c, m.line, m.col)
	case "ctrl+k":
		if l := m.lines[m.line]; m.col < len(l) {
			m.deleteRange(m.line, m.col, m.line, len(l))
		} else if m.line < len(m.lines)-1 {
			// At the end of a line, kill the line break, as Emacs does.
			m.deleteRange(m.line, m.col, m.line+1, 0)
		}
	case "ctrl+u":
		m.deleteRange(m.line, 0, m.line, m.col)
	default:
		const mods = tea.ModCtrl | tea.ModAlt | tea.ModMeta | tea.ModSuper | tea.ModHyper
		if msg.Text == "" || msg.Mod&mods != 0 {
			return false
		}
		m.insert(msg.Text)
	}
	if !keepGoal {
		m.hasGoal = false
	}
	return true
}

// insert puts text at the cursor and moves the cursor after it. Line
// endings "\r\n" and "\r" become "\n", since pastes bring all three.
func (m *Model) insert(text string) {
	if text == "" {
		return
	}
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	m.record(edit{line: m.line, col: m.col, ins: text})
	cur := m.lines[m.line]
	m.count(cur, -1)
	before, after := cur[:m.col], cur[m.col:]
	if strings.IndexByte(text, '\n') < 0 {
		m.lines[m.line] = before + text + after
		m.col += len(text)
		m.count(m.lines[m.line], 1)
	} else {
		parts := strings.Split(text, "\n")
		last := len(parts) - 1
		m.col = len(parts[last])
		parts[0] = before + parts[0]
		parts[last] += after
		for _, p := range parts {
			m.count(p, 1)
		}
		m.lines = slices.Replace(m.lines, m.line, m.line+1, parts...)
		m.line += last
	}
	m.nbytes += len(text)
	m.version++
}

// deleteRange removes the text from (l1, c1) to (l2, c2), which must be in
// order, and leaves the cursor at (l1, c1). An empty range is not a change.
func (m *Model) deleteRange(l1, c1, l2, c2 int) {
	if l1 == l2 && c1 >= c2 {
		m.line, m.col = l1, c1
		return
	}
	m.record(edit{line: l1, col: c1, del: m.textBetween(l1, c1, l2, c2)})
	removed := 0
	if l1 == l2 {
		removed = c2 - c1
	} else {
		removed = len(m.lines[l1]) - c1 + 1 + c2
		for _, l := range m.lines[l1+1 : l2] {
			removed += len(l) + 1
		}
	}
	for _, l := range m.lines[l1 : l2+1] {
		m.count(l, -1)
	}
	joined := m.lines[l1][:c1] + m.lines[l2][c2:]
	m.count(joined, 1)
	m.lines = slices.Replace(m.lines, l1, l2+1, joined)
	m.nbytes -= removed
	m.line, m.col = l1, c1
	m.version++
	m.clampAnchor()
}

// isWordRune reports whether r belongs to a word for word motion and
// deletion: letters, digits, marks (so accents stay with their letter) and
// underscore.
func isWordRune(r rune) bool {
	return r == '_' || r == '\'' || unicodeIsWord(r)
}

// wordLeft returns the position of the start of the word before the cursor,
// or the end of the previous line when the cursor is at a line start.
func (m *Model) wordLeft() (int, int) {
	if m.col == 0 {
		if m.line == 0 {
			return 0, 0
		}
		return m.line - 1, len(m.lines[m.line-1])
	}
	s, i := m.lines[m.line], m.col
	for i > 0 {
		r, n := lastRune(s[:i])
		if isWordRune(r) {
			break
		}
		i -= n
	}
	for i > 0 {
		r, n := lastRune(s[:i])
		if !isWordRune(r) {
			break
		}
		i -= n
	}
	return m.line, i
}

// wordRight returns the position of the end of the word after the cursor,
// or the start of the next line when the cursor is at a line end.
func (m *Model) wordRight() (int, int) {
	s, i := m.lines[m.line], m.col
	if i == len(s) {
		if m.line == len(m.lines)-1 {
			return m.line, i
		}
		return m.line + 1, 0
	}
	for i < len(s) {
		r, n := firstRune(s[i:])
		if isWordRune(r) {
			break
		}
		i += n
	}
	for i < len(s) {
		r, n := firstRune(s[i:])
		if !isWordRune(r) {
			break
		}
		i += n
	}
	return m.line, i
}

// moveRows moves the cursor by n visual rows (negative is up), keeping the
// goal column. Moving past the first row goes to the start of the text and
// past the last to its end.
func (m *Model) moveRows(n int) {
	w := m.w()
	starts := m.cache.rows(m.lines[m.line], w)
	r := rowOf(starts, m.col)
	if !m.hasGoal {
		m.goalX = cellX(m.lines[m.line], starts[r], m.col, w)
		m.hasGoal = true
	}
	for ; n < 0; n++ {
		switch {
		case r > 0:
			r--
		case m.line > 0:
			m.line--
			starts = m.cache.rows(m.lines[m.line], w)
			r = len(starts) - 1
		default:
			m.col = 0
			return
		}
	}
	for ; n > 0; n-- {
		switch {
		case r < len(starts)-1:
			r++
		case m.line < len(m.lines)-1:
			m.line++
			starts = m.cache.rows(m.lines[m.line], w)
			r = 0
		default:
			m.col = len(m.lines[m.line])
			return
		}
	}
	s := m.lines[m.line]
	m.col = offsetAtX(s, starts[r], rowEnd(s, starts, r), m.goalX, w, r == len(starts)-1)
}

// rowCount returns the number of visual rows of logical line l.
func (m *Model) rowCount(l int) int {
	return len(m.cache.rows(m.lines[l], m.w()))
}

// clampAnchor keeps the scroll anchor on an existing row after lines were
// removed or the width changed.
func (m *Model) clampAnchor() {
	if m.top >= len(m.lines) {
		m.top, m.topRow = len(m.lines)-1, 0
	}
	if m.topRow > 0 {
		n := m.rowCount(m.top)
		m.topRow = min(m.topRow, n-1)
	}
}

// scrollToCursor moves the scroll anchor as little as possible so the
// cursor's row is inside the window, then pulls it back if the window would
// show empty rows below the text while there is text above. It looks at no
// more rows than the window holds, so its cost does not grow with the text.
func (m *Model) scrollToCursor() {
	if len(m.lines) == 0 {
		return
	}
	m.clampAnchor()
	h := m.h()
	cr := rowOf(m.cache.rows(m.lines[m.line], m.w()), m.col)
	if m.line < m.top || (m.line == m.top && cr < m.topRow) {
		m.top, m.topRow = m.line, cr
	} else {
		// Count rows from the anchor to the cursor, giving up past h.
		n := 0
		l, r := m.top, m.topRow
		for {
			if l == m.line {
				n += cr - r
				break
			}
			n += m.rowCount(l) - r
			l, r = l+1, 0
			if n >= h {
				break
			}
		}
		if n >= h {
			m.top, m.topRow = m.rowsBack(m.line, cr, h-1)
		}
	}
	// Fill: if fewer than h rows remain from the anchor to the end, move the
	// anchor up by the shortfall.
	n := 0
	l, r := m.top, m.topRow
	for l < len(m.lines) && n < h {
		n += m.rowCount(l) - r
		l, r = l+1, 0
	}
	if n < h {
		m.top, m.topRow = m.rowsBack(m.top, m.topRow, h-n)
	}
}

// rowsBack returns the row k visual rows above row r of line l, stopping at
// the first row of the text.
func (m *Model) rowsBack(l, r, k int) (int, int) {
	for k > 0 {
		if r > 0 {
			step := min(r, k)
			r -= step
			k -= step
			continue
		}
		if l == 0 {
			break
		}
		l--
		r = m.rowCount(l) - 1
		k--
	}
	return l, r
}

// View draws the visible window: exactly height lines, none wider than width,
// with no escape sequences (the caller styles around it) and no drawn cursor
// (use CursorPosition for the terminal's own cursor).
func (m Model) View() string {
	if m.height < 1 {
		return ""
	}
	if m.width < 1 || len(m.lines) == 0 {
		return strings.Repeat("\n", m.height-1)
	}
	var b strings.Builder
	b.Grow(m.height * (m.width + 1))
	rows := 0
	emit := func(s string, from int) {
		buf := m.cache.rows(s, m.width)
		for r := from; r < len(buf) && rows < m.height; r++ {
			if rows > 0 {
				b.WriteByte('\n')
			}
			drawRow(&b, s, buf[r], rowEnd(s, buf, r), m.width)
			rows++
		}
	}
	if m.nbytes == 0 && m.placeholder != "" {
		for _, s := range strings.Split(m.placeholder, "\n") {
			if rows >= m.height {
				break
			}
			emit(s, 0)
		}
	} else {
		for l, r := m.top, m.topRow; l < len(m.lines) && rows < m.height; l, r = l+1, 0 {
			emit(m.lines[l], r)
		}
	}
	for ; rows < m.height; rows++ {
		if rows > 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// CursorPosition returns the cursor's cell within View, for tea.View.Cursor,
// and false when the editor is blurred, has no size, or the cursor is
// outside the window.
func (m Model) CursorPosition() (x, y int, ok bool) {
	if !m.focused || m.width < 1 || m.height < 1 || len(m.lines) == 0 {
		return 0, 0, false
	}
	w := m.width
	starts := m.cache.rows(m.lines[m.line], w)
	cr := rowOf(starts, m.col)
	if m.line < m.top || (m.line == m.top && cr < m.topRow) {
		return 0, 0, false
	}
	y = 0
	for l, r := m.top, m.topRow; l < m.line; l, r = l+1, 0 {
		y += len(m.cache.rows(m.lines[l], w)) - r
		if y >= m.height {
			return 0, 0, false
		}
	}
	if m.line == m.top {
		y += cr - m.topRow
	} else {
		y += cr
	}
	if y >= m.height {
		return 0, 0, false
	}
	x = min(cellX(m.lines[m.line], starts[cr], m.col, w), w-1)
	return x, y, true
}
