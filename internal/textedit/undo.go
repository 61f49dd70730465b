package textedit

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// maxUndo bounds the undo history, in steps (a typed word is one step).
const maxUndo = 500

// edit is one change to the text: at (line, col), del was removed and ins
// put in its place. Undo removes ins and puts del back; redo the reverse.
// Positions stay valid because edits are undone and redone in order, each
// on exactly the text it was made on.
type edit struct {
	line, col int
	del, ins  string
}

// history is the undo and redo stacks, shared by copies of the Model like
// the lines. Typing and deleting letter by letter group into one step per
// word, so ctrl+z takes back a word, not a letter.
type history struct {
	undo, redo []edit
	// replaying is set while undo or redo apply an edit, which must not
	// be recorded as a new one.
	replaying bool
	// open reports whether the last step may still grow (typing goes on
	// where it stopped); a cursor move or an undo closes it.
	open bool
}

// record notes an edit just made, merging it into the last step while the
// person keeps typing (or deleting) in one place within one word.
func (m *Model) record(e edit) {
	h := m.hist
	if h == nil || h.replaying {
		return
	}
	h.redo = h.redo[:0]
	if n := len(h.undo); n > 0 && h.open {
		last := &h.undo[n-1]
		endL, endC := endOf(last.line, last.col, last.ins)
		switch {
		case e.del == "" && last.del == "" && e.line == endL && e.col == endC &&
			!strings.Contains(e.ins, "\n") && !startsWord(last.ins, e.ins):
			last.ins += e.ins
			return
		case e.ins == "" && last.ins == "" && !strings.Contains(e.del, "\n"):
			if dl, dc := endOf(e.line, e.col, e.del); dl == last.line && dc == last.col {
				last.line, last.col, last.del = e.line, e.col, e.del+last.del
				return
			}
		}
	}
	h.undo = append(h.undo, e)
	if len(h.undo) > maxUndo {
		h.undo = append(h.undo[:0], h.undo[len(h.undo)-maxUndo:]...)
	}
	h.open = true
}

// startsWord reports whether typing next after prev begins a new word: a
// letter after a space, so each word is its own undo step.
func startsWord(prev, next string) bool {
	return prev != "" && next != "" && isSpace(prev[len(prev)-1]) && !isSpace(next[0])
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' }

// endOf is the position just after text inserted at (l, c).
func endOf(l, c int, text string) (int, int) {
	n := strings.Count(text, "\n")
	if n == 0 {
		return l, c + len(text)
	}
	return l + n, len(text) - strings.LastIndexByte(text, '\n') - 1
}

// Undo takes back the last step and reports whether there was one.
func (m *Model) Undo() bool {
	h := m.hist
	if h == nil || len(h.undo) == 0 {
		return false
	}
	e := h.undo[len(h.undo)-1]
	h.undo = h.undo[:len(h.undo)-1]
	m.apply(e.line, e.col, e.ins, e.del)
	h.redo = append(h.redo, e)
	return true
}

// Redo makes again the last step Undo took back.
func (m *Model) Redo() bool {
	h := m.hist
	if h == nil || len(h.redo) == 0 {
		return false
	}
	e := h.redo[len(h.redo)-1]
	h.redo = h.redo[:len(h.redo)-1]
	m.apply(e.line, e.col, e.del, e.ins)
	h.undo = append(h.undo, e)
	return true
}

// apply replaces remove, which starts at (l, c), with put, without
// recording it, and leaves the cursor after put.
func (m *Model) apply(l, c int, remove, put string) {
	m.hist.replaying = true
	defer func() { m.hist.replaying = false; m.hist.open = false }()
	el, ec := endOf(l, c, remove)
	m.deleteRange(l, c, el, ec)
	m.line, m.col = l, c
	m.insert(put)
	m.hasGoal = false
}

// textBetween is the text from (l1, c1) to (l2, c2), in order.
func (m *Model) textBetween(l1, c1, l2, c2 int) string {
	if l1 == l2 {
		return m.lines[l1][c1:c2]
	}
	var b strings.Builder
	b.WriteString(m.lines[l1][c1:])
	for _, l := range m.lines[l1+1 : l2] {
		b.WriteByte('\n')
		b.WriteString(l)
	}
	b.WriteByte('\n')
	b.WriteString(m.lines[l2][:c2])
	return b.String()
}

// editKey reports whether a key types or deletes (and so may extend the
// undo step being typed) rather than moving the cursor.
func editKey(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "backspace", "delete", "enter":
		return true
	}
	const mods = tea.ModCtrl | tea.ModAlt | tea.ModMeta | tea.ModSuper | tea.ModHyper
	return msg.Text != "" && msg.Mod&mods == 0
}
