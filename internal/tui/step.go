package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// stepScreen shows one lesson, rendered by Glamour in a scrollable
// viewport, with its prompts below. The first unanswered prompt is
// preselected so Enter goes straight to writing.
type stepScreen struct {
	m      *Model
	st     workbook.Step
	vp     viewport.Model
	sel    int
	scroll int // offset to restore once the lesson is rendered
	shown  lessonKey
	ready  bool
	w, h   int
}

func newStepScreen(m *Model) *stepScreen {
	s := &stepScreen{m: m, vp: viewport.New()}
	s.vp.SoftWrap = false
	return s
}

func (s *stepScreen) Title() string {
	return fmt.Sprintf("Step %d of %d · %s", s.m.stepNumber(s.st.ID), len(s.m.book.Steps), s.st.Title)
}

func (s *stepScreen) typing() bool { return false }

func (s *stepScreen) Help() helpKeys {
	k := s.m.keys
	write := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write"))
	done := k.ToggleDone
	if s.m.progress[s.st.ID] == store.Done {
		done = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark not done"))
	}
	scroll := key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑↓/jk", "scroll"))
	return helpKeys{
		short: []key.Binding{write, k.Next, scroll, done, k.Back, k.Privacy, k.Quit, k.Help},
		full: [][]key.Binding{
			{write, k.Next, k.Prev, k.Number},
			{scroll, k.PageUp, k.PageDown, done},
			{k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help},
		},
	}
}

// open shows st with nothing scrolled and the first unanswered prompt
// selected.
func (s *stepScreen) open(st workbook.Step) {
	if s.st.ID != st.ID {
		s.ready = false
		s.vp.SetContent("")
	}
	s.st = st
	s.scroll = 0
	s.selectPrompt("")
}

// selectPrompt selects the prompt with id, or the first unanswered one.
func (s *stepScreen) selectPrompt(id string) {
	for i, p := range s.st.Prompts {
		if p.ID == id {
			s.sel = i
			return
		}
	}
	s.sel = 0
	for i, p := range s.st.Prompts {
		if !s.answered(p) {
			s.sel = i
			return
		}
	}
}

func (s *stepScreen) answered(p workbook.Prompt) bool {
	return s.m.counts[workbook.PromptRef{StepID: s.st.ID, PromptID: p.ID}] > 0
}

func (s *stepScreen) selectedPrompt() (workbook.Prompt, bool) {
	if s.sel >= 0 && s.sel < len(s.st.Prompts) {
		return s.st.Prompts[s.sel], true
	}
	return workbook.Prompt{}, false
}

func (s *stepScreen) promptLines() int { return len(s.st.Prompts) + 1 }

func (s *stepScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.vp.SetWidth(w)
	s.vp.SetHeight(max(h-s.promptLines()-1, 1))
}

// render shows the lesson at the current width and theme, from the cache
// or by asking Glamour in a Cmd.
func (s *stepScreen) render() tea.Cmd {
	if s.st.ID == "" {
		return nil
	}
	k := lessonKey{stepID: s.st.ID, width: max(s.w-1, 10), isDark: s.m.styles.IsDark}
	if txt, ok := s.m.lessons[k]; ok {
		s.show(k, txt)
		return nil
	}
	s.shown = k
	return renderLessonCmd(k, s.st.Body)
}

func (s *stepScreen) lessonReady(k lessonKey) {
	if k == s.shown {
		s.show(k, s.m.lessons[k])
	}
}

func (s *stepScreen) show(k lessonKey, txt string) {
	keep := s.vp.YOffset()
	if !s.ready || s.shown != k {
		keep = s.scroll
	}
	s.shown, s.ready = k, true
	s.vp.SetContent(txt)
	s.vp.SetYOffset(keep)
	s.scroll = s.vp.YOffset()
}

func (s *stepScreen) Update(msg tea.Msg) tea.Cmd {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := s.m.keys
	n := len(s.st.Prompts)
	switch {
	case key.Matches(kp, k.Back):
		s.m.home.back(s.st.ID)
		return s.m.navigate(scrHome)
	case key.Matches(kp, k.Open):
		if p, ok := s.selectedPrompt(); ok {
			return s.m.openEditor(editorTarget{stepID: s.st.ID, promptID: p.ID, promptText: p.Text, hint: p.Hint, returnTo: scrStep})
		}
	case key.Matches(kp, k.Next):
		s.sel = (s.sel + 1) % n
	case key.Matches(kp, k.Prev):
		s.sel = (s.sel + n - 1) % n
	case key.Matches(kp, k.Number):
		if i := int(kp.String()[0] - '1'); i < n {
			s.sel = i
		}
	case key.Matches(kp, k.ToggleDone):
		if s.m.progress[s.st.ID] == store.Done {
			return undoDoneCmd(s.m.st, s.m.wb.ID, s.st.ID)
		}
		return setStatusCmd(s.m.st, s.m.wb.ID, s.st.ID, store.Done)
	case key.Matches(kp, k.Up):
		s.vp.ScrollUp(1)
	case key.Matches(kp, k.Down):
		s.vp.ScrollDown(1)
	case key.Matches(kp, k.PageUp):
		s.vp.PageUp()
	case key.Matches(kp, k.PageDown):
		s.vp.PageDown()
	}
	s.scroll = s.vp.YOffset()
	return nil
}

func (s *stepScreen) statusSet(msg statusSetMsg) tea.Cmd {
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Couldn't mark the step: %v", msg.err), false)
		return nil
	}
	s.m.progress[msg.stepID] = msg.status
	if msg.status == store.Done {
		s.m.setNotice(s.m.stepTitle(msg.stepID)+" is marked done.", true)
	} else {
		s.m.setNotice(s.m.stepTitle(msg.stepID)+" is no longer marked done.", true)
	}
	return nil
}

func (s *stepScreen) View() string {
	st := s.m.styles
	lesson := s.vp.View()
	if !s.ready {
		lesson = st.Subtle.Render("…")
	}
	lines := []string{fit(lesson, s.w, max(s.h-s.promptLines()-1, 1)), ""}
	var notes []string
	if s.ready && s.vp.TotalLineCount() > s.vp.Height() {
		read := int(s.vp.ScrollPercent() * 100)
		if read < 100 {
			notes = append(notes, fmt.Sprintf("lesson %d%% read, ↓ to scroll", read))
		} else {
			notes = append(notes, "lesson 100% read")
		}
	}
	for _, p := range s.st.Prompts {
		if s.m.drafted[workbook.PromptRef{StepID: s.st.ID, PromptID: p.ID}] {
			notes = append(notes, "✎ draft waiting")
			break
		}
	}
	pct := ""
	if len(notes) > 0 {
		pct = " (" + strings.Join(notes, " · ") + ")"
	}
	lines = append(lines, st.Heading.Render("Prompts")+st.Subtle.Render(ansi.Truncate(pct, max(s.w-len("Prompts"), 0), "…")))
	for i, p := range s.st.Prompts {
		// ✓ answered, ✎ a draft waiting; both fit in the same two cells.
		mark := "  "
		switch drafted := s.m.drafted[workbook.PromptRef{StepID: s.st.ID, PromptID: p.ID}]; {
		case s.answered(p) && drafted:
			mark = "✓✎"
		case s.answered(p):
			mark = "✓ "
		case drafted:
			mark = "✎ "
		}
		text := ansi.Truncate(fmt.Sprintf("%d. %s%s", i+1, mark, p.Text), s.w-2, "…")
		if i == s.sel {
			lines = append(lines, st.Selected.Render("› "+text))
		} else {
			lines = append(lines, "  "+text)
		}
	}
	return strings.Join(lines, "\n")
}

// openStep shows a step from home.
func (m *Model) openStep(st workbook.Step) tea.Cmd {
	m.step.open(st)
	return m.navigate(scrStep) // navigate resizes, which renders the lesson
}
