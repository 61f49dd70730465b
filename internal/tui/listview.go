package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// cursorRows renders the rows of a list that fit in room lines, scrolled
// so the cursor stays in view, the selected row marked with "›" (so it
// shows without colour too).
func cursorRows(st Styles, n, cursor, room int, row func(i int) string) []string {
	room = max(room, 1)
	start := max(0, min(cursor-room/2, n-room))
	var lines []string
	for i := start; i < n && i < start+room; i++ {
		if i == cursor {
			lines = append(lines, st.Selected.Render("› "+row(i)))
		} else {
			lines = append(lines, "  "+row(i))
		}
	}
	return lines
}

// choiceRows renders a numbered choice list, the highlighted one marked.
func choiceRows(st Styles, opts []string, pick int) []string {
	return cursorRows(st, len(opts), pick, len(opts), func(i int) string { return fmt.Sprintf("%d  %s", i+1, opts[i]) })
}

// choiceKey moves through n numbered choices: up and down move *pick, and
// enter or a number picks. It returns the chosen index, or -1.
func choiceKey(kp tea.KeyPressMsg, k keyMap, n int, pick *int) int {
	switch {
	case key.Matches(kp, k.Up):
		*pick = (*pick + n - 1) % n
	case key.Matches(kp, k.Down):
		*pick = (*pick + 1) % n
	case key.Matches(kp, k.Open):
		return *pick
	default:
		if r := kp.String(); len(r) == 1 && r[0] >= '1' && int(r[0]-'1') < n {
			*pick = int(r[0] - '1')
			return *pick
		}
	}
	return -1
}

// moveCursor moves *cursor through n rows on up and down; it reports
// whether kp was one of them.
func moveCursor(kp tea.KeyPressMsg, k keyMap, n int, cursor *int) bool {
	switch {
	case key.Matches(kp, k.Up):
		*cursor = max(*cursor-1, 0)
	case key.Matches(kp, k.Down):
		*cursor = max(min(*cursor+1, n-1), 0)
	default:
		return false
	}
	return true
}
