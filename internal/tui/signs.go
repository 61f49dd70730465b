package tui

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/store"
)

// signsTool is the self-assessment: the signs that trust is missing and the
// signs that it is returning, a checklist to take again over the weeks.
var signsTool = tool{
	id:   "signs",
	key:  "v",
	name: func(bool) string { return "Self-assessment" },
	about: func(bool) string {
		return "The signs that trust is missing or returning. Take it again to see what changed."
	},
	open: func(c toolCtx) pushed { return &signsScreen{c: c} },
}

// signsLoadedMsg carries the take being made and the one before it.
type signsLoadedMsg struct {
	wb      int64
	take    store.Assessment // ID 0: a new take
	prev    store.Assessment // the last finished take before it
	hasPrev bool
	err     error
}

// signsSavedMsg reports a save of the take.
type signsSavedMsg struct {
	take store.Assessment
	err  error
}

var keyToggleSign = key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space", "tick / untick"))

// signsScreen is one take of the self-assessment. Each tick is saved at
// once; an unfinished take of the same day is picked up again.
type signsScreen struct {
	c         toolCtx
	loaded    bool
	take      store.Assessment
	prev      store.Assessment
	hasPrev   bool
	cursor    int // a sign, or len(signs): finish
	saves     serialSave
	finishing bool
	w, h      int
}

func (s *signsScreen) Name() string     { return signsTool.id }
func (s *signsScreen) Title() string    { return "Self-assessment" }
func (s *signsScreen) typing() bool     { return false }
func (s *signsScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *signsScreen) Help() helpKeys {
	k := s.c.keys()
	finish := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "finish"))
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, keyToggleSign, finish, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{k.Up, k.Down, keyToggleSign, finish}, {k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

func (s *signsScreen) Init() tea.Cmd {
	if s.loaded {
		return nil // what is on screen is what was saved, or is being saved
	}
	st, wb, now := s.c.store(), s.c.workbook().ID, s.c.now()
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		as, err := st.Assessments(c, wb, time.Time{}, time.Time{})
		if err != nil {
			return signsLoadedMsg{wb: wb, err: err}
		}
		msg := signsLoadedMsg{wb: wb, take: store.Assessment{At: now, Checked: map[string]bool{}}}
		for i := len(as) - 1; i >= 0; i-- {
			a := as[i]
			if !a.Done && msg.take.ID == 0 && !msg.hasPrev && checkin.DaysAgo(a.At, now) == "today" {
				msg.take = a
				continue
			}
			if a.Done {
				msg.prev, msg.hasPrev = a, true
				break
			}
		}
		if msg.take.ID == 0 && msg.hasPrev {
			// A new take starts from the last one: the person changes
			// what is different now, and the change is what they see.
			msg.take.Checked = maps.Clone(msg.prev.Checked)
		}
		return msg
	}
}

func (s *signsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case signsLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your self-assessment: %v", msg.err))
			return nil
		}
		s.take, s.prev, s.hasPrev, s.loaded = msg.take, msg.prev, msg.hasPrev, true
		return nil
	case signsSavedMsg:
		again := s.saves.done()
		if msg.err != nil {
			s.finishing = false
			s.c.problem(fmt.Sprintf("Couldn't save that: %v. Your ticks are still here; try again.", msg.err))
			return nil
		}
		s.take.ID, s.take.At = msg.take.ID, msg.take.At
		if again {
			return s.save()
		}
		if s.finishing {
			s.finishing = false
			s.c.done("Saved. " + s.changeLine())
			return s.c.back()
		}
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *signsScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	if key.Matches(kp, k.Back) {
		return s.c.back()
	}
	if !s.loaded || s.finishing {
		return nil
	}
	signs := checkin.Signs()
	switch {
	case key.Matches(kp, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(kp, k.Down):
		s.cursor = min(s.cursor+1, len(signs))
	case key.Matches(kp, keyToggleSign) && s.cursor < len(signs):
		id := signs[s.cursor].ID
		if s.take.Checked[id] {
			delete(s.take.Checked, id)
		} else {
			s.take.Checked[id] = true
		}
		return s.save()
	case key.Matches(kp, k.Open):
		if s.cursor < len(signs) {
			s.cursor++
			return nil
		}
		s.take.Done, s.finishing = true, true
		return s.save()
	}
	return nil
}

// save writes the take (a new one first time), one save at a time.
func (s *signsScreen) save() tea.Cmd {
	if !s.saves.start() {
		return nil
	}
	a := s.take
	a.Checked = maps.Clone(s.take.Checked)
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		out, err := st.SaveAssessment(c, wb, a)
		return signsSavedMsg{take: out, err: err}
	}
}

// changeLine says what changed since the last finished take.
func (s *signsScreen) changeLine() string {
	if !s.hasPrev {
		return "This is your first take; the next one will show what changed."
	}
	words := checkin.Diff(s.prev.Checked, s.take.Checked).Words()
	return fmt.Sprintf("Since last time (%s): %s.", checkin.DaysAgo(s.prev.At, s.c.now()), words)
}

func (s *signsScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	width := max(s.w-2, 10)
	signs := checkin.Signs()
	sc := checkin.ScoreOf(s.take.Checked)
	missing, returning := 0, 0
	for _, sg := range signs {
		if sg.Missing {
			missing++
		} else {
			returning++
		}
	}
	head := []string{
		st.Subtle.Render(ansi.Wordwrap(s.intro(), width, "")),
		ansi.Truncate(fmt.Sprintf("Trust missing: %d of %d · returning: %d of %d", sc.Missing, missing, sc.Returning, returning), width, "…"),
		st.Subtle.Render(ansi.Wordwrap(s.changeLine(), width, "")),
		"",
	}
	var lines []string
	at := 0 // the line of the cursor
	for i, sg := range signs {
		if i == 0 || sg.Missing != signs[i-1].Missing {
			title := "Signs that trust is missing"
			if !sg.Missing {
				title = "Signs that trust is returning"
			}
			lines = append(lines, st.Heading.Render(title))
		}
		box := "[ ] "
		if s.take.Checked[sg.ID] {
			box = "[x] "
		}
		if i == s.cursor {
			at = len(lines)
		}
		lines = append(lines, s.line(box+sg.Text, i == s.cursor, width))
	}
	if s.cursor == len(signs) {
		at = len(lines)
	}
	lines = append(lines, s.line("Finish this take", s.cursor == len(signs), width))
	headN := strings.Count(strings.Join(head, "\n"), "\n") + 1
	room := max(s.h-headN, 1)
	if room < len(lines) {
		start := max(0, min(at-room/2, len(lines)-room))
		lines = lines[start : start+room]
	}
	return strings.Join(append(head, lines...), "\n")
}

// intro is the line above the checklist.
func (s *signsScreen) intro() string {
	if s.hasPrev {
		return "Ticked as you left it last time: change what is different now. It is not a grade: it is a way to see change over the weeks."
	}
	return "Tick what has been true lately. It is not a grade: it is a way to see change over the weeks."
}

func (s *signsScreen) line(text string, selected bool, width int) string {
	text = ansi.Truncate(text, max(width-2, 8), "…")
	if selected {
		return s.c.styles().Selected.Render("› " + text)
	}
	return "  " + text
}
