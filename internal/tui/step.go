package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// stepScreen shows one lesson, rendered by internal/lesson in a scrollable
// viewport, with its prompts below. The first unanswered prompt is
// preselected so Enter goes straight to writing. ↑/↓ move the prompt
// marker; page keys and J/K scroll the lesson.
type stepScreen struct {
	m      *Model
	st     workbook.Step
	vp     viewport.Model
	sel    int
	scroll int // offset to restore once the lesson is rendered
	shown  lessonKey
	ready  bool
	w, h   int
	// offsets remembers how far each lesson was scrolled this session, so
	// coming back to a step finds the place where the person left it.
	offsets map[string]int

	// choosing is open while the person picks between another answer and
	// editing the latest for a prompt already answered; answers are that
	// prompt's entries, newest first, once loaded.
	choosing    bool
	choice      int
	answers     []store.Entry
	choosingFor promptKey

	ask  confirm
	back undo
}

// Step screen keys beyond the shared ones.
var (
	lessonUp   = key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("J/K", "scroll lesson a line"))
	lessonDown = key.NewBinding(key.WithKeys("J", "shift+down"))
	discardKey = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "discard draft"))
	anotherKey = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "another answer"))
	editLatest = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit the latest"))
	// unsentKey opens the tool that holds contact exercises (giving space),
	// where an unsent letter can be written instead.
	unsentKey = key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "unsent letter"))
)

func newStepScreen(m *Model) *stepScreen {
	s := &stepScreen{m: m, vp: viewport.New(), offsets: map[string]int{}}
	s.vp.SoftWrap = false
	return s
}

func (s *stepScreen) Title() string {
	return fmt.Sprintf("Step %d of %d · %s", s.m.stepNumber(s.st.ID), len(s.m.steps()), s.st.Title)
}

// typing is true while a question is open, so q and ? cannot act behind it.
func (s *stepScreen) typing() bool { return s.ask.open() }

func (s *stepScreen) Help() helpKeys {
	k := s.m.keys
	if s.ask.open() {
		return s.ask.help(k)
	}
	if s.choosing {
		pick := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose"))
		cancel := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
		return helpKeys{
			short: []key.Binding{pick, anotherKey, editLatest, cancel, k.Privacy, k.Quit, k.Help},
			full:  [][]key.Binding{{pick, k.Up, k.Down}, {anotherKey, editLatest, cancel}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
		}
	}
	write := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write"))
	done := k.ToggleDone
	if s.m.progress[s.st.ID] == store.Done {
		done = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark not done"))
	}
	prompt := key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑↓", "prompt"))
	page := key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("space/pgdn", "read on"))
	short := []key.Binding{write, prompt, page, done}
	var extra []key.Binding
	if s.drafted(s.sel) {
		extra = append(extra, discardKey)
	}
	if s.back.ready() {
		extra = append(extra, undoKey)
	}
	if s.m.hold.line != "" {
		extra = append(extra, unsentKey)
	}
	short = append(append(short, extra...), k.Back, k.Privacy, k.Quit, k.Help)
	return helpKeys{
		short: short,
		full: [][]key.Binding{
			append([]key.Binding{write, prompt, k.Next, k.Number}, extra...),
			{page, k.PageUp, lessonUp, done},
			{k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help},
		},
	}
}

// open shows st where the person last left its lesson this session (the
// top the first time), with the first unanswered prompt selected.
func (s *stepScreen) open(st workbook.Step) {
	if s.st.ID != st.ID {
		s.ready = false
		s.vp.SetContent("")
	}
	s.st = st
	s.scroll = s.offsets[st.ID]
	s.choosing, s.answers = false, nil
	s.ask.cancel()
	s.back.clear()
	s.selectPrompt("")
}

// selectPrompt selects the prompt with id, or the first unanswered one.
func (s *stepScreen) selectPrompt(id string) {
	defer s.layout()
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
	return s.m.answered[workbook.PromptRef{StepID: s.st.ID, PromptID: p.ID}]
}

// drafted reports whether prompt i has a draft of a new answer waiting.
func (s *stepScreen) drafted(i int) bool {
	if i < 0 || i >= len(s.st.Prompts) {
		return false
	}
	return s.m.drafted[workbook.PromptRef{StepID: s.st.ID, PromptID: s.st.Prompts[i].ID}]
}

func (s *stepScreen) selectedPrompt() (workbook.Prompt, bool) {
	if s.sel >= 0 && s.sel < len(s.st.Prompts) {
		return s.st.Prompts[s.sel], true
	}
	return workbook.Prompt{}, false
}

func (s *stepScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.vp.SetWidth(w)
	s.layout()
}

// layout gives the lesson what the prompt block leaves. The block's height
// depends on the selection only when prompts are folded, and then it is
// the same for every selection (see promptBlock), so moving the marker
// never makes the lesson jump.
func (s *stepScreen) layout() {
	if s.h == 0 {
		return
	}
	s.vp.SetHeight(s.lessonHeight())
}

func (s *stepScreen) lessonHeight() int {
	return max(s.h-len(s.promptBlock())-1, 1)
}

// promptBudget is how many lines the prompt block may take: the lesson
// keeps at least half the body, since it is what the prompts ask about.
func (s *stepScreen) promptBudget() int {
	return max(s.h-1-max(s.h/2, 3), 3)
}

// promptLines wraps prompt i as a list item: "› 1. ✓ " then the text, its
// following lines hanging under the text.
func (s *stepScreen) promptLines(i int, whole bool) []string {
	st := s.m.styles
	p := s.st.Prompts[i]
	// ✓ answered, ✎ a draft waiting; both fit in the same two cells.
	mark := "  "
	switch drafted := s.drafted(i); {
	case s.answered(p) && drafted:
		mark = "✓✎"
	case s.answered(p):
		mark = "✓ "
	case drafted:
		mark = "✎ "
	}
	head := fmt.Sprintf("%d. %s", i+1, mark)
	text := sanitize.Display(p.Text)
	tw := max(s.w-2-ansi.StringWidth(head), 10)
	var lines []string
	if whole {
		lines = strings.Split(ansi.Wrap(text, tw, ""), "\n")
	} else {
		lines = []string{ansi.Truncate(text, tw, "…")}
	}
	pad := strings.Repeat(" ", ansi.StringWidth(head))
	for j := range lines {
		if j == 0 {
			lines[j] = head + lines[j]
		} else {
			lines[j] = pad + lines[j]
		}
		if i == s.sel {
			prefix := "  "
			if j == 0 {
				prefix = "› "
			}
			lines[j] = st.Selected.Render(prefix + lines[j])
		} else {
			lines[j] = "  " + lines[j]
		}
	}
	return lines
}

// promptBlock is everything under the lesson: the heading line and the
// prompts, or the choice for an answered prompt. Every prompt is shown
// whole when they fit in the budget; otherwise the selected one is whole
// and the others take one line each, with room kept for the tallest, so
// the block's height does not change as the marker moves.
func (s *stepScreen) promptBlock() []string {
	if len(s.st.Prompts) == 0 {
		return nil
	}
	out := []string{s.heading()}
	if s.choosing {
		return append(out, s.choiceLines()...)
	}
	var whole []string
	tallest := 1
	for i := range s.st.Prompts {
		l := s.promptLines(i, true)
		tallest = max(tallest, len(l))
		whole = append(whole, l...)
	}
	budget := s.promptBudget()
	if s.ask.open() {
		budget--
	}
	hold := s.holdLines()
	budget -= len(hold)
	if 1+len(whole) <= budget {
		out = append(out, whole...)
	} else {
		var folded []string
		selAt := 0
		for i := range s.st.Prompts {
			if i == s.sel {
				selAt = len(folded)
				l := s.promptLines(i, true)
				folded = append(folded, l...)
				for range tallest - len(l) {
					folded = append(folded, "")
				}
				continue
			}
			folded = append(folded, s.promptLines(i, false)...)
		}
		if room := budget - 1; len(folded) > room && room > 1 {
			start := max(0, min(selAt-room/3, len(folded)-room))
			end := start + room
			all := len(folded)
			folded = append([]string(nil), folded[start:end]...)
			// Say that prompts lie beyond the window, on lines that are
			// not the marked prompt's.
			if start > 0 && start < selAt {
				folded[0] = s.m.styles.Subtle.Render("  ⋯ more above (↑)")
			}
			if end < all && end-1 >= selAt+tallest {
				folded[len(folded)-1] = s.m.styles.Subtle.Render("  ⋯ more below (↓)")
			}
		}
		out = append(out, folded...)
	}
	out = append(out, hold...)
	if s.ask.open() {
		out = append(out, s.ask.view(s.m.styles, s.w))
	}
	return out
}

// holdLines is the gentle line under the prompts while space is given
// (see tool.hold): shown when the marked prompt contacts the other person,
// and kept as blank room on the others, so the block does not jump as the
// marker moves.
func (s *stepScreen) holdLines() []string {
	line := s.m.hold.line
	if line == "" || !slices.ContainsFunc(s.st.Prompts, func(p workbook.Prompt) bool { return p.Contact }) {
		return nil
	}
	ls := strings.Split(ansi.Wordwrap(line+" Press o.", max(s.w-4, 10), ""), "\n")
	p, _ := s.selectedPrompt()
	for i := range ls {
		if p.Contact {
			ls[i] = "  " + s.m.styles.Subtle.Render(ls[i])
		} else {
			ls[i] = ""
		}
	}
	return ls
}

// heading is "Prompts" with where the lesson is scrolled to: the lines on
// screen out of all of them, an honest position that neither resets nor
// jumps when the window or the help changes.
func (s *stepScreen) heading() string {
	st := s.m.styles
	var notes []string
	if s.ready && s.vp.TotalLineCount() > s.vp.Height() {
		first := s.vp.YOffset() + 1
		last := min(s.vp.YOffset()+s.vp.Height(), s.vp.TotalLineCount())
		pos := fmt.Sprintf("lesson lines %d–%d of %d", first, last, s.vp.TotalLineCount())
		if s.vp.AtBottom() {
			pos += ", the end"
		} else {
			pos += ", space reads on"
		}
		notes = append(notes, pos)
	}
	for i := range s.st.Prompts {
		if s.drafted(i) {
			notes = append(notes, "✎ draft waiting")
			break
		}
	}
	tail := ""
	if len(notes) > 0 {
		tail = " (" + strings.Join(notes, " · ") + ")"
	}
	return st.Heading.Render("Prompts") + st.Subtle.Render(ansi.Truncate(tail, max(s.w-len("Prompts"), 0), "…"))
}

// choiceLines asks what to do with a prompt that has answers already: its
// text whole, the answers so far (newest first), and two clear choices.
func (s *stepScreen) choiceLines() []string {
	st := s.m.styles
	lines := s.promptLines(s.sel, true)
	if s.answers == nil {
		return append(lines, st.Subtle.Render("    …"))
	}
	n := len(s.answers)
	what := "You have answered this once:"
	if n != 1 {
		what = fmt.Sprintf("You have answered this %d times, newest first:", n)
	}
	lines = append(lines, "    "+st.Subtle.Render(what))
	show := min(n, max(s.promptBudget()-len(lines)-4, 1))
	for _, e := range s.answers[:show] {
		date := e.CreatedAt.In(time.Local).Format("2 Jan 15:04")
		text := ansi.Truncate(date+" · "+oneLine(sanitize.Display(e.Body)), max(s.w-6, 10), "…")
		lines = append(lines, "      "+st.Subtle.Render(text))
	}
	if show < n {
		lines = append(lines, "      "+st.Subtle.Render(fmt.Sprintf("and %d more in your journal", n-show)))
	}
	another := "a  Write another answer"
	if s.drafted(s.sel) {
		another = "a  Go on with your draft of another answer"
	}
	opts := []string{another, "e  Edit the latest answer"}
	for i, o := range opts {
		if i == s.choice {
			lines = append(lines, st.Selected.Render("  › "+o))
		} else {
			lines = append(lines, "    "+o)
		}
	}
	return lines
}

// render shows the lesson at the current width and theme, from the cache
// or by rendering it in a Cmd.
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
	s.remember()
}

// remember records the lesson's offset for resume and for coming back.
func (s *stepScreen) remember() {
	s.scroll = s.vp.YOffset()
	if s.st.ID != "" {
		s.offsets[s.st.ID] = s.scroll
	}
}

func (s *stepScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case answersLoadedMsg:
		return s.answersLoaded(msg)
	case draftTakenMsg:
		return s.draftTaken(msg)
	case draftRestoredMsg:
		return s.draftRestored(msg)
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if s.ask.open() {
		cmd := s.ask.handle(kp)
		s.layout()
		return cmd
	}
	if s.choosing {
		return s.choose(kp)
	}
	k := s.m.keys
	n := len(s.st.Prompts)
	switch {
	case key.Matches(kp, k.Back):
		s.back.clear()
		s.m.home.back(s.st.ID)
		return s.m.navigate(scrHome)
	case key.Matches(kp, k.Open):
		return s.openPrompt()
	case key.Matches(kp, k.Next), key.Matches(kp, k.Down):
		s.sel = (s.sel + 1) % n
	case key.Matches(kp, k.Prev), key.Matches(kp, k.Up):
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
	case key.Matches(kp, discardKey) && s.drafted(s.sel):
		p := s.st.Prompts[s.sel]
		s.ask.ask(fmt.Sprintf("Discard your draft for prompt %d?", s.sel+1), func() tea.Cmd {
			return takeDraftCmd(s.m.st, s.m.wb.ID, s.st.ID, p.ID, 0)
		})
	case key.Matches(kp, undoKey) && s.back.ready():
		return s.back.take()
	case key.Matches(kp, unsentKey) && s.m.hold.line != "":
		if t, ok := toolByID(s.m.hold.tool); ok {
			return s.m.openTool(t)
		}
	case key.Matches(kp, lessonUp):
		s.vp.ScrollUp(1)
	case key.Matches(kp, lessonDown):
		s.vp.ScrollDown(1)
	case key.Matches(kp, k.PageUp):
		s.vp.PageUp()
	case key.Matches(kp, k.PageDown):
		s.vp.PageDown()
	}
	s.layout()
	s.remember()
	return nil
}

// openPrompt writes in the selected prompt. A prompt already answered
// first asks whether to add another answer or edit the latest, showing
// the answers so far, so a second entry is never made without knowing.
func (s *stepScreen) openPrompt() tea.Cmd {
	p, ok := s.selectedPrompt()
	if !ok {
		return nil
	}
	if !s.answered(p) {
		return s.writeNew(p)
	}
	s.choosing, s.choice, s.answers = true, 0, nil
	s.choosingFor = promptKey{s.st.ID, p.ID}
	s.layout()
	return loadAnswersCmd(s.m.st, s.m.wb.ID, s.choosingFor)
}

func (s *stepScreen) writeNew(p workbook.Prompt) tea.Cmd {
	s.choosing = false
	s.back.clear()
	return s.m.openEditor(editorTarget{stepID: s.st.ID, promptID: p.ID, promptText: p.Text, hint: p.Hint, returnTo: scrStep})
}

func (s *stepScreen) answersLoaded(msg answersLoadedMsg) tea.Cmd {
	if !s.choosing || msg.ref != s.choosingFor {
		return nil
	}
	if msg.err != nil {
		s.choosing = false
		s.m.setNotice(fmt.Sprintf("Couldn't read your answers: %v", msg.err), false)
		return nil
	}
	if len(msg.entries) == 0 { // deleted meanwhile: nothing to choose from
		p, _ := s.selectedPrompt()
		return s.writeNew(p)
	}
	s.answers = msg.entries
	s.layout()
	return nil
}

func (s *stepScreen) choose(kp tea.KeyPressMsg) tea.Cmd {
	k := s.m.keys
	pick := -1
	switch {
	case key.Matches(kp, k.Back):
		s.choosing = false
	case key.Matches(kp, k.Up), key.Matches(kp, k.Down), key.Matches(kp, k.Next), key.Matches(kp, k.Prev):
		s.choice = 1 - s.choice
	case key.Matches(kp, anotherKey):
		pick = 0
	case key.Matches(kp, editLatest):
		pick = 1
	case key.Matches(kp, k.Open):
		pick = s.choice
	}
	if pick < 0 || s.answers == nil {
		s.layout()
		return nil
	}
	p, _ := s.selectedPrompt()
	if pick == 0 {
		return s.writeNew(p)
	}
	e := s.answers[0]
	s.choosing = false
	s.back.clear()
	return s.m.openEditor(editorTarget{stepID: e.StepID, promptID: e.PromptID, entryID: e.ID,
		promptText: e.PromptText, hint: p.Hint, body: e.Body, returnTo: scrStep})
}

func (s *stepScreen) draftTaken(msg draftTakenMsg) tea.Cmd {
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Couldn't discard the draft: %v", msg.err), false)
		return nil
	}
	d := msg.draft
	s.m.drafted[workbook.PromptRef{StepID: d.StepID, PromptID: d.PromptID}] = false
	if !msg.found {
		return nil
	}
	s.back.set("draft discarded", func() tea.Cmd { return restoreDraftCmd(s.m.st, d) })
	s.m.setInfo("Draft discarded. Press u to bring it back.")
	s.layout()
	return nil
}

func (s *stepScreen) draftRestored(msg draftRestoredMsg) tea.Cmd {
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Couldn't bring the draft back: %v", msg.err), false)
		return nil
	}
	d := msg.draft
	s.m.drafted[workbook.PromptRef{StepID: d.StepID, PromptID: d.PromptID}] = true
	s.m.setNotice("Your draft is back.", true)
	s.layout()
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
	block := s.promptBlock()
	lh := max(s.h-len(block)-1, 1)
	lesson := s.vp.View()
	if !s.ready {
		lesson = st.Subtle.Render("…")
	}
	return fit(lesson, s.w, lh) + "\n\n" + strings.Join(block, "\n")
}

// openStep shows a step from home.
func (m *Model) openStep(st workbook.Step) tea.Cmd {
	m.step.open(st)
	return m.navigate(scrStep) // navigate resizes, which renders the lesson
}
