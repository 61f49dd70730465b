package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// The hurt track's mirror of the promise ledger: "what I need to see", a
// list of what would help, each with a date to look at it again, and a
// page with nothing else on it, to read out or copy when the person
// chooses to share it.

// needsLoadedMsg carries the list of one workbook.
type needsLoadedMsg struct {
	wb   int64
	list []store.NeedRecord
	err  error
}

// needSavedMsg reports a review date saved or a need deleted.
type needSavedMsg struct {
	wb   int64
	done string
	err  error
}

var (
	keyNewNeed    = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "add"))
	keyReviewNeed = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "review date"))
	keyShareNeeds = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "page to share"))
)

// reviewChoices are the review periods offered, in days; the rule allows
// no more than 90.
var reviewChoices = []int{14, 28, 56, 84}

// needsScreen is "what I need to see".
type needsScreen struct {
	c      toolCtx
	list   []store.NeedRecord
	loaded bool
	cursor int
	// choosing is the need whose review date is being chosen (0: none).
	choosing store.NeedRecord
	pick     int
	share    bool
	ask      confirm
	w, h     int
}

func (s *needsScreen) Name() string     { return promisesTool.id }
func (s *needsScreen) Title() string    { return "What I need to see" }
func (s *needsScreen) typing() bool     { return false }
func (s *needsScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *needsScreen) Init() tea.Cmd {
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		ns, err := st.Needs(c, wb, true)
		return needsLoadedMsg{wb: wb, list: ns, err: err}
	}
}

func (s *needsScreen) Help() helpKeys {
	k := s.c.keys()
	if s.ask.open() {
		return s.ask.help(k)
	}
	if s.choosing.ID != 0 {
		return helpKeys{short: []key.Binding{keyPickNumber, k.Up, k.Down, k.Open, k.Back},
			full: [][]key.Binding{{keyPickNumber, k.Up, k.Down, k.Open}, {k.Back, k.Privacy, k.ForceQuit}}}
	}
	if s.share {
		return helpKeys{short: []key.Binding{k.Back, k.Privacy, k.Quit}, full: [][]key.Binding{{k.Back, k.Privacy, k.Quit, k.ForceQuit}}}
	}
	return helpKeys{
		short: []key.Binding{keyNewNeed, keyReviewNeed, keyShareNeeds, k.Edit, k.Up, k.Down, k.Back, k.Help},
		full:  [][]key.Binding{{keyNewNeed, keyReviewNeed, keyShareNeeds}, {k.Edit, keyDeleteProm}, {k.Up, k.Down, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// text is the toolText for one need.
func (s *needsScreen) text(id int64, body string) toolText {
	return toolText{
		Tool: promisesTool.id, Field: store.PromiseWhatField, RecordID: id, Body: body,
		Prompt: "What do you need to see?",
		Hint:   "Something you could recognise when it happens: \"answers when I ask where you were\", \"her number deleted\". ctrl+s saves; next you choose when to look at it again.",
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SaveNeedWhat(c, d.WorkbookID, id, text, d, s.c.now())
		},
		Check: func(text string) []string {
			if strings.TrimSpace(text) == "" {
				return []string{"Write a few words before saving."}
			}
			return nil
		},
	}
}

func (s *needsScreen) reopenText(c context.Context, field string, id int64) (toolText, bool) {
	if field != store.PromiseWhatField {
		return toolText{}, false
	}
	if id == 0 {
		return s.text(0, ""), true
	}
	ns, err := s.c.store().Needs(c, s.c.workbook().ID, true)
	if err != nil {
		return toolText{}, false
	}
	for _, n := range ns {
		if n.ID == id {
			return s.text(id, n.What), true
		}
	}
	return toolText{}, false
}

func (s *needsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case needsLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your list: %v", msg.err))
			return nil
		}
		s.list, s.loaded = msg.list, true
		s.cursor = min(s.cursor, max(len(s.list)-1, 0))
		if s.choosing.ID == 0 {
			for _, n := range s.list {
				if !n.Set && strings.TrimSpace(n.What) != "" {
					s.choosing, s.pick = n, 1
				}
			}
		}
		return nil
	case needSavedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't save that: %v", msg.err))
		} else if msg.done != "" {
			s.c.done(msg.done)
		}
		return s.Init()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *needsScreen) saveReview(days int) tea.Cmd {
	n := s.choosing
	now := s.c.now()
	n.Added, n.Review, n.Set = now, startOfDay(now.Local().AddDate(0, 0, days)), true
	s.choosing = store.NeedRecord{}
	st, wb := s.c.store(), s.c.workbook().ID
	done := "Review on " + dayWords(n.Review, now) + "."
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		return needSavedMsg{wb: wb, done: done, err: st.UpdateNeed(c, wb, n)}
	}
}

func (s *needsScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	if s.ask.open() {
		return s.ask.handle(kp)
	}
	k := s.c.keys()
	if s.choosing.ID != 0 {
		if key.Matches(kp, k.Back) {
			if !s.choosing.Set {
				return s.saveReview(reviewChoices[1]) // four weeks, the date it already has
			}
			s.choosing = store.NeedRecord{}
			return nil
		}
		if i := choiceKey(kp, k, len(reviewChoices), &s.pick); i >= 0 {
			return s.saveReview(reviewChoices[i])
		}
		return nil
	}
	if s.share {
		if key.Matches(kp, k.Back) {
			s.share = false
		}
		return nil
	}
	switch {
	case key.Matches(kp, k.Back):
		return s.c.back()
	case moveCursor(kp, k, len(s.list), &s.cursor):
	case key.Matches(kp, keyNewNeed):
		return s.c.write(s.text(0, ""))
	case key.Matches(kp, keyShareNeeds):
		s.share = len(s.list) > 0
	}
	if s.cursor >= len(s.list) {
		return nil
	}
	n := s.list[s.cursor]
	switch {
	case key.Matches(kp, keyReviewNeed):
		s.choosing, s.pick = n, 1
	case key.Matches(kp, k.Edit, k.Open):
		return s.c.write(s.text(n.ID, n.What))
	case key.Matches(kp, keyDeleteProm):
		st, wb := s.c.store(), s.c.workbook().ID
		s.ask.ask("Take this off your list?", func() tea.Cmd {
			return func() tea.Msg {
				c, cancel := ctx()
				defer cancel()
				return needSavedMsg{wb: wb, done: "Taken off the list.", err: st.DeletePromise(c, wb, n.ID, toolStep(promisesTool.id))}
			}
		})
	}
	return nil
}

func (s *needsScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	width := max(s.w-2, 10)
	now := s.c.now()
	if s.choosing.ID != 0 {
		lines := []string{st.Subtle.Render(ansi.Truncate(oneLine(sanitize.Display(s.choosing.What)), width, "…")), "",
			st.Heading.Render("When do you want to look at this again?"), ""}
		var opts []string
		for _, d := range reviewChoices {
			opts = append(opts, fmt.Sprintf("In %d weeks (%s)", d/7, dayWords(now.AddDate(0, 0, d), now)))
		}
		return strings.Join(append(lines, choiceRows(st, opts, s.pick)...), "\n")
	}
	if s.share {
		lines := []string{st.Heading.Render("What I need to see"), ""}
		for _, n := range s.list {
			lines = append(lines, ansi.Wordwrap("- "+sanitize.Display(n.What), width, ""))
		}
		lines = append(lines, "", st.Subtle.Render(ansi.Wordwrap("Only this list is on this page: read it out, or copy it. esc goes back.", width, "")))
		return strings.Join(lines, "\n")
	}
	lines := []string{st.Subtle.Render(ansi.Wordwrap("What would help you trust again: accountability, agreed openness, promises kept over time. Each has a date to look at it again; needs change.", width, ""))}
	if len(s.list) == 0 {
		lines = append(lines, "", "Nothing here yet. Press n to add the first.")
		return strings.Join(lines, "\n")
	}
	lines = append(lines, "")
	top := len(lines)
	if s.ask.open() {
		top++
	}
	lines = append(lines, cursorRows(st, len(s.list), s.cursor, s.h-top, func(i int) string {
		n := s.list[i]
		when := "review " + dayWords(n.Review, now)
		if n.DueForReview(now) {
			when = "REVIEW DUE"
		}
		return ansi.Truncate(fmt.Sprintf("%-12s %s", when, oneLine(sanitize.Display(n.What))), max(width-2, 8), "…")
	})...)
	if s.ask.open() {
		lines = append(lines, s.ask.view(st, s.w))
	}
	return strings.Join(lines, "\n")
}

// startOfDay is the first moment of t's day: a review comes due as that
// day begins.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
