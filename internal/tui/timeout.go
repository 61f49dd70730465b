package tui

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/space"
	"github.com/trustwork/trustwork/internal/store"
)

// keyTimeoutGlobal opens the time-out from any screen: when a talk floods,
// two keys is already a lot.
var keyTimeoutGlobal = key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "time-out"))

// timeoutTool is the time-out plan and its quiet timer.
var timeoutTool = tool{
	id:   "timeout",
	key:  "b",
	name: func(bool) string { return "Time-out plan" },
	about: func(bool) string {
		return "When a talk floods: signal, break, come back. ctrl+t"
	},
	open:   func(c toolCtx) pushed { return &timeoutScreen{c: c} },
	notes:  timeoutNotes,
	global: &keyTimeoutGlobal,
}

// timeoutNotes is home's line while a break runs: when it ends, as a time
// of day, which stays true without a ticking clock on home.
func timeoutNotes(c context.Context, st *store.Store, wb store.Workbook, now time.Time) ([]string, error) {
	ts, err := st.Timeouts(c, wb.ID, true)
	if err != nil || len(ts) == 0 || !ts[0].Running(now) {
		return nil, err
	}
	end := ts[0].Start.Add(ts[0].Plan().Break())
	return []string{"Time-out: a break until " + end.Local().Format("15:04") + " (b)"}, nil
}

// The plan's rows on the screen, in order.
const (
	rowSignal = iota
	rowMinutes
	rowMe
	rowThem
	rowComeBack
	numPlanRows
)

// planField is the text field of a row ("" for the break's length).
func planField(row int) string {
	return [...]string{store.PlanSignalField, "", store.PlanMeField, store.PlanThemField, store.PlanComeBackField}[row]
}

// planPrompt is what the editor asks for a text field of the plan.
func planPrompt(field string) (prompt, hint string) {
	switch field {
	case store.PlanSignalField:
		return "What is the signal that calls a time-out?", "A word or a hand sign you both agree on, on a calm day. Either of you can use it."
	case store.PlanMeField:
		return "What will you do meanwhile?", "Something calming: a walk, a shower, slow breathing. Not rehearsing the argument."
	case store.PlanThemField:
		return "What will they do meanwhile, if they have said?", "Their choice, in their words if you have them. Leave it blank if you do not know."
	}
	return "When and how will you come back to the talk?", "Within a day. A time, and a gentle first sentence, helps."
}

// planLabel is the row's name on the screen.
func planLabel(row int) string {
	return [...]string{"Signal", "Break", "Meanwhile, I", "Meanwhile, they", "Coming back"}[row]
}

func planText(p space.TimeoutPlan, field string) string {
	switch field {
	case store.PlanSignalField:
		return p.Signal
	case store.PlanMeField:
		return p.MeanwhileMe
	case store.PlanThemField:
		return p.MeanwhileThem
	}
	return p.ComeBack
}

// timeoutLoadedMsg carries the plan and the latest break.
type timeoutLoadedMsg struct {
	wb   int64
	plan store.SavedPlan
	last []store.Timeout
	err  error
}

// timeoutSavedMsg reports a change saved (the break's length, a start, a
// stop).
type timeoutSavedMsg struct {
	done string
	err  error
}

// timeoutTickMsg moves the countdown on; gen tells a live chain of ticks
// from a stale one, so there is only ever one.
type timeoutTickMsg struct{ gen int }

var (
	keyStartBreak = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "start the break"))
	keyStopBreak  = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "end the break now"))
	keyMinutes    = key.NewBinding(key.WithKeys("left", "right", "h", "l"), key.WithHelp("←/→", "break length"))
)

// timeoutScreen shows the plan, row by row, and the timer. The break's
// length is chosen with keys and saved at once; the text rows are written
// in the editor. The timer is a stored start time, so it survives leaving
// the screen or the app; it ticks only while this screen is showing.
type timeoutScreen struct {
	c      toolCtx
	plan   store.SavedPlan
	last   store.Timeout // the latest break, if ID != 0
	loaded bool
	row    int
	gen    int
	w, h   int
}

func (s *timeoutScreen) Name() string     { return timeoutTool.id }
func (s *timeoutScreen) Title() string    { return "Time-out" }
func (s *timeoutScreen) typing() bool     { return false }
func (s *timeoutScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *timeoutScreen) Init() tea.Cmd {
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		plan, _, err := st.TimeoutPlan(c, wb)
		if err != nil {
			return timeoutLoadedMsg{wb: wb, err: err}
		}
		last, err := st.Timeouts(c, wb, true)
		return timeoutLoadedMsg{wb: wb, plan: plan, last: last, err: err}
	}
}

func (s *timeoutScreen) Help() helpKeys {
	k := s.c.keys()
	timer := keyStartBreak
	if s.running() {
		timer = keyStopBreak
	}
	write := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write"))
	return helpKeys{
		short: []key.Binding{timer, write, keyMinutes, k.Up, k.Down, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{timer, write, keyMinutes}, {k.Up, k.Down, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// running reports whether the latest break is still counting down.
func (s *timeoutScreen) running() bool { return s.last.ID != 0 && s.last.Running(s.c.now()) }

// onScreen reports whether this screen is the one showing: ticks stop
// otherwise, so a timer costs nothing while the person is elsewhere.
func (s *timeoutScreen) onScreen() bool {
	top, ok := s.c.m.top()
	return ok && top == pushed(s) && s.c.m.screen == scrTool
}

// tick schedules the next second of the countdown, ending any other chain.
func (s *timeoutScreen) tick() tea.Cmd {
	s.gen++
	return s.c.after(time.Second, timeoutTickMsg{gen: s.gen})
}

// text is the toolText for one text field of the plan.
func (s *timeoutScreen) text(field string) toolText {
	prompt, hint := planPrompt(field)
	id := s.plan.ID
	return toolText{
		Tool: timeoutTool.id, Field: field, RecordID: id, Body: planText(s.plan.TimeoutPlan, field),
		Prompt: prompt, Hint: hint,
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SavePlanText(c, d.WorkbookID, id, field, strings.TrimSpace(text), d)
		},
		Clearable: true,
	}
}

func (s *timeoutScreen) reopenText(c context.Context, field string, id int64) (toolText, bool) {
	switch field {
	case store.PlanSignalField, store.PlanMeField, store.PlanThemField, store.PlanComeBackField:
	default:
		return toolText{}, false
	}
	plan, _, err := s.c.store().TimeoutPlan(c, s.c.workbook().ID)
	if err != nil || plan.ID != id {
		return toolText{}, false
	}
	s.plan = plan
	return s.text(field), true
}

func (s *timeoutScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case timeoutLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your time-out plan: %v", msg.err))
			return nil
		}
		s.plan, s.loaded, s.last = msg.plan, true, store.Timeout{}
		if len(msg.last) > 0 {
			s.last = msg.last[0]
		}
		if s.running() {
			return s.tick()
		}
		return nil
	case timeoutSavedMsg:
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't save that: %v", msg.err))
			return nil
		}
		if msg.done != "" {
			s.c.done(msg.done)
		}
		return s.Init()
	case timeoutTickMsg:
		if msg.gen != s.gen || !s.onScreen() || !s.running() {
			return nil // a stale chain, or nobody is looking: stop ticking
		}
		return s.tick()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *timeoutScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	if key.Matches(kp, k.Back) {
		return s.c.back()
	}
	if !s.loaded {
		return nil
	}
	st, wb := s.c.store(), s.c.workbook().ID
	switch {
	case key.Matches(kp, k.Up):
		s.row = (s.row + numPlanRows - 1) % numPlanRows
	case key.Matches(kp, k.Down):
		s.row = (s.row + 1) % numPlanRows
	case key.Matches(kp, keyMinutes):
		s.row = rowMinutes
		step := 5
		if kp.String() == "left" || kp.String() == "h" {
			step = -5
		}
		m := min(max(s.plan.Minutes+step, int(space.MinBreak/time.Minute)), int(space.MaxBreak/time.Minute))
		if m == s.plan.Minutes {
			if step < 0 {
				s.c.info("Twenty minutes is the shortest break: the body needs that long to calm.")
			}
			return nil
		}
		s.plan.Minutes = m // shown at once; saved below
		id := s.plan.ID
		return func() tea.Msg {
			c, cancel := ctx()
			defer cancel()
			_, err := st.SetTimeoutMinutes(c, wb, id, m)
			return timeoutSavedMsg{err: err}
		}
	case key.Matches(kp, k.Open):
		if f := planField(s.row); f != "" {
			return s.c.write(s.text(f))
		}
	case key.Matches(kp, keyStartBreak) && !s.running():
		now, minutes := s.c.now(), s.plan.Minutes
		return func() tea.Msg {
			c, cancel := ctx()
			defer cancel()
			_, err := st.StartTimeout(c, wb, now, minutes)
			return timeoutSavedMsg{done: "The break has started. Go gently.", err: err}
		}
	case key.Matches(kp, keyStopBreak) && s.running():
		last, now := s.last, s.c.now()
		return func() tea.Msg {
			c, cancel := ctx()
			defer cancel()
			return timeoutSavedMsg{done: "Break ended.", err: st.StopTimeout(c, wb, last, now)}
		}
	}
	return nil
}

func (s *timeoutScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	width := max(s.w-2, 10)
	now := s.c.now()
	var lines []string
	lines = append(lines, s.timerLines(now, width)...)
	lines = append(lines, "", st.Heading.Render("The plan"))
	labelW := 0
	for r := range numPlanRows {
		labelW = max(labelW, ansi.StringWidth(planLabel(r)))
	}
	for r := range numPlanRows {
		val := ""
		if f := planField(r); f != "" {
			val = oneLine(sanitize.Display(planText(s.plan.TimeoutPlan, f)))
			if val == "" {
				val = st.Subtle.Render("(not written yet)")
			}
		} else {
			val = fmt.Sprintf("‹ %d minutes ›", s.plan.Minutes)
		}
		line := ansi.Truncate(fmt.Sprintf("%-*s  %s", labelW, planLabel(r), val), max(s.w-2, 8), "…")
		if r == s.row {
			lines = append(lines, st.Selected.Render("› "+line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	if err := s.plan.Validate(); err != nil && s.last.ID == 0 {
		lines = append(lines, "", st.Subtle.Render(ansi.Wordwrap("Agree the plan together on a calm day. "+upperFirst(err.Error())+".", width, "")))
	}
	return strings.Join(lines, "\n")
}

// timerLines is the quiet timer: what to do to start it, the time left, or
// a gentle line about coming back. Nothing flashes and nothing sounds.
func (s *timeoutScreen) timerLines(now time.Time, width int) []string {
	st := s.c.styles()
	wrap := func(t string) string { return st.Subtle.Render(ansi.Wordwrap(t, width, "")) }
	if s.last.ID == 0 || !s.last.Stopped.IsZero() || s.last.Plan().PhaseAt(s.last.Start, now) == space.NotStarted {
		return []string{wrap("When a talk floods, say the signal, then press s: a quiet timer keeps the break for you.")}
	}
	if s.running() {
		left := s.last.Plan().Remaining(s.last.Start, now)
		return []string{
			st.Heading.Render("Break · " + space.Clock(left) + " left"),
			wrap("Breathe slowly. Do what calms you, not the argument. This timer keeps going if you leave this screen."),
		}
	}
	line := "The break is over. When you are ready, come back to the talk gently."
	if cb := oneLine(sanitize.Display(s.plan.ComeBack)); cb != "" {
		line += " You agreed: " + cb
	}
	if now.Sub(s.last.Start) > 24*time.Hour {
		return []string{wrap("When a talk floods, say the signal, then press s: a quiet timer keeps the break for you.")}
	}
	return []string{st.Heading.Render("Break · 0:00"), wrap(line)}
}

// upperFirst starts a sentence made from an error's text with a capital.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
