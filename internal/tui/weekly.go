package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/store"
)

// weeklyTool is the weekly review: one screen for the last seven days, and
// any seven days before them.
var weeklyTool = tool{
	id:   "weekly",
	key:  "r",
	name: func(bool) string { return "Weekly review" },
	about: func(bool) string {
		return "The last seven days at a glance: what you wrote, kept and noticed."
	},
	open: func(c toolCtx) pushed { return &weeklyScreen{c: c} },
}

// weekLoadedMsg carries one week's counts and check-ins.
type weekLoadedMsg struct {
	wb       int64
	from     time.Time
	counts   checkin.WeekCounts
	checkins []store.Checkin
	err      error
}

var (
	keyEarlierWeek = key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "earlier · later week"))
	keyLaterWeek   = key.NewBinding(key.WithKeys("right", "l"))
)

// weeklyScreen shows seven days: back is how many weeks before the last
// seven days (0: the last seven days, today included).
type weeklyScreen struct {
	c        toolCtx
	back     int
	loaded   bool
	from     time.Time // the first day shown; matches the loaded week
	counts   checkin.WeekCounts
	checkins []store.Checkin
	w, h     int
}

func (s *weeklyScreen) Name() string     { return weeklyTool.id }
func (s *weeklyScreen) Title() string    { return "Weekly review" }
func (s *weeklyScreen) typing() bool     { return false }
func (s *weeklyScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *weeklyScreen) Help() helpKeys {
	k := s.c.keys()
	return helpKeys{
		short: []key.Binding{keyEarlierWeek, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{keyEarlierWeek}, {k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// reviewWeek is the seven days shown back weeks before the last seven, as
// [from, to) in now's location: the last seven days end tonight at
// midnight, today included.
func reviewWeek(now time.Time, back int) (from, to time.Time) {
	y, m, d := now.Date()
	to = time.Date(y, m, d+1-7*back, 0, 0, 0, 0, now.Location())
	return to.AddDate(0, 0, -7), to
}

func (s *weeklyScreen) Init() tea.Cmd {
	st, wb, now := s.c.store(), s.c.workbook().ID, s.c.now()
	from, to := reviewWeek(now, s.back)
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		counts, err := st.WeekCounts(c, wb, from, to, now)
		if err != nil {
			return weekLoadedMsg{wb: wb, err: err}
		}
		cs, err := st.Checkins(c, wb, from, to, false)
		return weekLoadedMsg{wb: wb, from: from, counts: counts, checkins: cs, err: err}
	}
}

func (s *weeklyScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case weekLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read the week: %v", msg.err))
			return nil
		}
		if from, _ := reviewWeek(s.c.now(), s.back); !from.Equal(msg.from) {
			return nil // a week already moved away from
		}
		s.loaded, s.from, s.counts, s.checkins = true, msg.from, msg.counts, msg.checkins
		return nil
	case tea.KeyPressMsg:
		k := s.c.keys()
		switch {
		case key.Matches(msg, k.Back):
			return s.c.back()
		case key.Matches(msg, keyEarlierWeek):
			s.back++
			return s.Init()
		case key.Matches(msg, keyLaterWeek) && s.back > 0:
			s.back--
			return s.Init()
		}
	}
	return nil
}

// scoreMeans is the week's check-in scores as means per dimension, in the
// track's order: "safe 6.5 · close 5 · trust 4".
func scoreMeans(cs []store.Checkin, dims []checkin.Dimension) string {
	var parts []string
	for _, d := range dims {
		sum, n := 0, 0
		for _, c := range cs {
			if v, ok := c.Scores[d.Key]; ok && checkin.CheckScore(v) == nil {
				sum, n = sum+v, n+1
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", d.Label, trimFloat(float64(sum)/float64(n))))
		}
	}
	return strings.Join(parts, " · ")
}

// trimFloat is a mean with one decimal, without a trailing ".0".
func trimFloat(v float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
}

func (s *weeklyScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	width := max(s.w-2, 10)
	w := s.counts
	title := s.from.Format("Mon 2 Jan") + " – " + s.from.AddDate(0, 0, 6).Format("Mon 2 Jan")
	if s.back == 0 {
		title += " · the last seven days"
	}
	hint := "← an earlier week"
	if s.back > 0 {
		hint += " · → a later one"
	}
	row := func(label, value string) string {
		return ansi.Truncate(fmt.Sprintf("%-20s %s", label, value), width, "…")
	}
	kept := "none settled"
	if n := w.PromisesKept + w.PromisesMissed; n > 0 {
		kept = fmt.Sprintf("%d of %d", w.PromisesKept, n)
	}
	reviewed := "none due"
	if w.AgreementsDue > 0 {
		reviewed = fmt.Sprintf("%d of %d due", w.AgreementsReviewed, w.AgreementsDue)
	}
	checkins := fmt.Sprint(w.CheckIns)
	if m := scoreMeans(s.checkins, checkin.Dimensions(checkin.TrackOf(s.c.hurt()))); m != "" {
		checkins += " · " + m
	}
	lines := []string{
		st.Heading.Render(ansi.Truncate(title, width, "…")),
		st.Subtle.Render(hint),
		"",
		row("Entries written", fmt.Sprint(w.Entries)),
		row("Check-ins", checkins),
		row("Promises kept", kept),
		row("Agreements reviewed", reviewed),
		row("Small wins", fmt.Sprint(w.SmallWins)),
		row("Days of space kept", fmt.Sprint(w.SpaceDays)),
		"",
	}
	for _, l := range checkin.WeeklySummary(w) {
		lines = append(lines, strings.Split(ansi.Wordwrap(l, width, ""), "\n")...)
	}
	if s.h > 0 && len(lines) > s.h {
		lines = lines[:s.h]
	}
	return strings.Join(lines, "\n")
}
