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
	"github.com/trustwork/trustwork/internal/space"
	"github.com/trustwork/trustwork/internal/store"
)

// spaceTool is give-space mode. Both sides can use it: the one giving the
// space that was asked for, and the one who asked for it (hurt).
var spaceTool = tool{
	id:  "space",
	key: "o",
	name: func(hurt bool) string {
		if hurt {
			return "Space I asked for"
		}
		return "Give space"
	},
	about: func(hurt bool) string {
		if hurt {
			return "The space you asked for, and letters you don't send."
		}
		return "Space asked for: the days kept, and unsent letters."
	},
	open:  func(c toolCtx) pushed { return &spaceScreen{c: c} },
	notes: spaceNotes,
	hold:  spaceHold,
}

// currentPeriod is the period being given at now, if any.
func currentPeriod(ps []store.SpacePeriod, now time.Time) (store.SpacePeriod, bool) {
	gs := make([]space.GivePeriod, len(ps))
	for i, p := range ps {
		gs[i] = p.GivePeriod
	}
	if i := space.Current(gs, now); i >= 0 {
		return ps[i], true
	}
	return store.SpacePeriod{}, false
}

// untilWords is how long the space lasts, in words.
func untilWords(p store.SpacePeriod, hurt bool) string {
	if p.UntilTheyReachOut {
		if hurt {
			return "until you are ready"
		}
		return "until they reach out"
	}
	return "until " + p.Until.Local().Format("Mon 2 Jan")
}

// spaceNotes is home's line while space is being given.
func spaceNotes(c context.Context, st *store.Store, wb store.Workbook, now time.Time) ([]string, error) {
	ps, err := st.SpacePeriods(c, wb.ID, false)
	if err != nil {
		return nil, err
	}
	p, ok := currentPeriod(ps, now)
	if !ok {
		return nil, nil
	}
	name := "Giving space"
	if wb.Hurt() {
		name = "Space you asked for"
	}
	return []string{fmt.Sprintf("%s · day %d · %s", name, p.DaysKept(now)+1, untilWords(p, wb.Hurt()))}, nil
}

// spaceHold is the gentle line on exercises that contact the other person
// while space is being given.
func spaceHold(c context.Context, st *store.Store, wb store.Workbook, now time.Time) (string, error) {
	ps, err := st.SpacePeriods(c, wb.ID, false)
	if err != nil {
		return "", err
	}
	p, ok := currentPeriod(ps, now)
	if !ok {
		return "", nil
	}
	who := "You are giving space"
	if wb.Hurt() {
		who = "You asked for space"
	}
	return who + " " + untilWords(p, wb.Hurt()) + ": this one can wait; write it as an unsent letter instead?", nil
}

// spaceLoadedMsg carries the periods of one workbook, letters' text too.
type spaceLoadedMsg struct {
	wb      int64
	periods []store.SpacePeriod
	err     error
}

// spaceSavedMsg reports a period started or ended.
type spaceSavedMsg struct {
	done string
	err  error
}

var (
	keyStartSpace = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "space was asked for"))
	keyEndSpace   = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "end it"))
	keyNewLetter  = key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write an unsent letter"))
	keyMoreDays   = key.NewBinding(key.WithKeys("right", "l", "+"), key.WithHelp("←/→", "until when"))
	keyFewerDays  = key.NewBinding(key.WithKeys("left", "h", "-"))
	keyConfirm    = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm"))
	keyCancel     = key.NewBinding(key.WithKeys("esc", "alt+esc"), key.WithHelp("esc", "cancel"))
)

// maxSpaceDays is the furthest end date offered: beyond a season, "until
// they reach out" says it better.
const maxSpaceDays = 120

// spaceScreen shows the space being given (or asked for): until when, the
// days kept, and the unsent letters of the latest period. Starting a period
// and ending it early are choices made on this screen and saved at once;
// letters are written in the editor.
type spaceScreen struct {
	c       toolCtx
	periods []store.SpacePeriod // oldest first
	loaded  bool
	cursor  int // into the letters, newest first
	// choosing is "start" while picking how long the space lasts (days: 0
	// for until they reach out), "end" while picking why it ends.
	choosing string
	days     int
	reason   int
	w, h     int
}

func (s *spaceScreen) Name() string     { return spaceTool.id }
func (s *spaceScreen) Title() string    { return spaceTool.name(s.c.hurt()) }
func (s *spaceScreen) typing() bool     { return s.choosing != "" }
func (s *spaceScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *spaceScreen) Init() tea.Cmd {
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		ps, err := st.SpacePeriods(c, wb, true)
		return spaceLoadedMsg{wb: wb, periods: ps, err: err}
	}
}

func (s *spaceScreen) Help() helpKeys {
	k := s.c.keys()
	if s.choosing == "start" {
		return helpKeys{short: []key.Binding{keyMoreDays, keyConfirm, keyCancel}, full: [][]key.Binding{{keyMoreDays, keyConfirm, keyCancel}}}
	}
	if s.choosing == "end" {
		return helpKeys{short: []key.Binding{k.Up, k.Down, keyConfirm, keyCancel}, full: [][]key.Binding{{k.Up, k.Down, keyConfirm, keyCancel}}}
	}
	first := keyStartSpace
	if _, on := s.current(); on {
		first = keyEndSpace
	}
	return helpKeys{
		short: []key.Binding{first, keyNewLetter, k.Open, k.Up, k.Down, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{first, keyNewLetter, k.Open}, {k.Up, k.Down, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

func (s *spaceScreen) current() (store.SpacePeriod, bool) {
	return currentPeriod(s.periods, s.c.now())
}

// latest is the period the letters belong to: the one being given, else
// the last one.
func (s *spaceScreen) latest() (store.SpacePeriod, bool) {
	if p, ok := s.current(); ok {
		return p, true
	}
	if len(s.periods) == 0 {
		return store.SpacePeriod{}, false
	}
	return s.periods[len(s.periods)-1], true
}

// letters are the latest period's letters, newest first.
func (s *spaceScreen) letters() []store.UnsentLetter {
	p, ok := s.latest()
	if !ok {
		return nil
	}
	out := make([]store.UnsentLetter, 0, len(p.Letters))
	for i := len(p.Letters) - 1; i >= 0; i-- {
		out = append(out, p.Letters[i])
	}
	return out
}

// letter is the toolText for unsent letter n of period p.
func (s *spaceScreen) letter(p store.SpacePeriod, n int, body string) toolText {
	now := s.c.now()
	return toolText{
		Tool: spaceTool.id, Field: store.LetterField(n), RecordID: p.ID, Body: body, Stay: false,
		Prompt: "What do you wish you could say to them right now?",
		Hint:   "Write it all here instead of sending it. It stays in this journal; nobody receives it.",
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return p.ID, st.SaveUnsentLetter(c, d.WorkbookID, p.ID, n, text, now, d)
		},
	}
}

func (s *spaceScreen) reopenText(c context.Context, field string, id int64) (toolText, bool) {
	ps, err := s.c.store().SpacePeriods(c, s.c.workbook().ID, true)
	if err != nil {
		return toolText{}, false
	}
	for _, p := range ps {
		if p.ID != id {
			continue
		}
		for n := 1; n <= p.NextLetter(); n++ {
			if store.LetterField(n) != field {
				continue
			}
			body := ""
			for _, l := range p.Letters {
				if l.N == n {
					body = l.Text
				}
			}
			return s.letter(p, n, body), true
		}
	}
	return toolText{}, false
}

func (s *spaceScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spaceLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your space: %v", msg.err))
			return nil
		}
		s.periods, s.loaded = msg.periods, true
		s.cursor = min(s.cursor, max(len(s.letters())-1, 0))
		return nil
	case spaceSavedMsg:
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't save that: %v", msg.err))
			return nil
		}
		s.c.done(msg.done)
		return s.Init()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *spaceScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	if !s.loaded {
		if key.Matches(kp, s.c.keys().Back) {
			return s.c.back()
		}
		return nil
	}
	switch s.choosing {
	case "start":
		return s.chooseStart(kp)
	case "end":
		return s.chooseEnd(kp)
	}
	k := s.c.keys()
	_, on := s.current()
	switch {
	case key.Matches(kp, k.Back):
		return s.c.back()
	case key.Matches(kp, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(kp, k.Down):
		s.cursor = max(min(s.cursor+1, len(s.letters())-1), 0)
	case key.Matches(kp, keyStartSpace) && !on:
		s.choosing, s.days = "start", 0
	case key.Matches(kp, keyEndSpace) && on:
		s.choosing, s.reason = "end", 0
	case key.Matches(kp, keyNewLetter):
		p, ok := s.latest()
		if !ok {
			s.c.info("Unsent letters belong to a time of space: press s to note that space was asked for.")
			return nil
		}
		return s.c.write(s.letter(p, p.NextLetter(), ""))
	case key.Matches(kp, k.Open, k.Edit):
		if ls := s.letters(); s.cursor < len(ls) {
			p, _ := s.latest()
			return s.c.write(s.letter(p, ls[s.cursor].N, ls[s.cursor].Text))
		}
	}
	return nil
}

// chooseStart picks how long the space lasts: 0 days is until they reach
// out; enter saves the period at once.
func (s *spaceScreen) chooseStart(kp tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(kp, keyCancel):
		s.choosing = ""
	case key.Matches(kp, keyMoreDays):
		s.days = min(s.days+1, maxSpaceDays)
	case key.Matches(kp, keyFewerDays):
		s.days = max(s.days-1, 0)
	case key.Matches(kp, keyConfirm):
		s.choosing = ""
		now := s.c.now()
		g := space.GivePeriod{Since: now, UntilTheyReachOut: s.days == 0}
		if s.days > 0 {
			g.Until = s.untilDate(now)
		}
		st, wb := s.c.store(), s.c.workbook().ID
		done := "Noted. Every day of space you keep counts."
		if s.c.hurt() {
			done = "Noted. Take the time you need."
		}
		return func() tea.Msg {
			c, cancel := ctx()
			defer cancel()
			_, err := st.StartSpace(c, wb, g)
			return spaceSavedMsg{done: done, err: err}
		}
	}
	return nil
}

// untilDate is the start of the day s.days days from now, in local time:
// "until Friday" means that on Friday the space is over.
func (s *spaceScreen) untilDate(now time.Time) time.Time {
	l := now.Local()
	return time.Date(l.Year(), l.Month(), l.Day()+s.days, 0, 0, 0, 0, l.Location())
}

// chooseEnd picks why the period ends early; enter records it at once.
func (s *spaceScreen) chooseEnd(kp tea.KeyPressMsg) tea.Cmd {
	reasons := space.EndReasons(s.c.hurt())
	k := s.c.keys()
	switch {
	case key.Matches(kp, keyCancel):
		s.choosing = ""
	case key.Matches(kp, k.Up):
		s.reason = (s.reason + len(reasons) - 1) % len(reasons)
	case key.Matches(kp, k.Down):
		s.reason = (s.reason + 1) % len(reasons)
	case key.Matches(kp, keyConfirm):
		s.choosing = ""
		p, ok := s.current()
		if !ok {
			return nil
		}
		st, wb, now, why := s.c.store(), s.c.workbook().ID, s.c.now(), reasons[s.reason]
		done := fmt.Sprintf("Ended: %s. You kept %s.", why, plural(p.DaysKept(now), "day"))
		return func() tea.Msg {
			c, cancel := ctx()
			defer cancel()
			return spaceSavedMsg{done: done, err: st.EndSpace(c, wb, p.ID, now, why)}
		}
	}
	return nil
}

func (s *spaceScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	hurt := s.c.hurt()
	width := max(s.w-2, 10)
	wrap := func(t string) string { return ansi.Wordwrap(t, width, "") }
	now := s.c.now()
	var lines []string
	cur, on := s.current()
	switch {
	case s.choosing == "start":
		lines = append(lines, st.Heading.Render("Until when was space asked for?"), "")
		choice := "until they reach out"
		if hurt {
			choice = "until I am ready"
		}
		if s.days > 0 {
			choice = fmt.Sprintf("until %s (%s)", s.untilDate(now).Format("Mon 2 Jan"), plural(s.days, "day"))
		}
		lines = append(lines, "‹ "+st.Selected.Render(choice)+" ›", "",
			st.Subtle.Render(wrap("←/→ to choose a date, or go all the way left for no date. Enter to note it.")))
		return strings.Join(lines, "\n")
	case s.choosing == "end":
		q := "How did it end?"
		lines = append(lines, st.Heading.Render(q), "")
		for i, r := range space.EndReasons(hurt) {
			if i == s.reason {
				lines = append(lines, st.Selected.Render("› "+r))
			} else {
				lines = append(lines, "  "+r)
			}
		}
		return strings.Join(lines, "\n")
	case on:
		title := "Giving space"
		if hurt {
			title = "Space you asked for"
		}
		lines = append(lines, st.Heading.Render(fmt.Sprintf("%s · day %d", title, cur.DaysKept(now)+1)),
			fmt.Sprintf("Since %s, %s. Days kept: %d.", cur.Since.Local().Format("Mon 2 Jan"), untilWords(cur, hurt), cur.DaysKept(now)))
		if hurt {
			lines = append(lines, st.Subtle.Render(wrap("This time is yours. The workbook sets aside exercises that reach out to them until you are ready.")))
		} else {
			lines = append(lines, st.Subtle.Render(wrap("Space is not giving up. The workbook sets aside exercises that contact them for now; when the urge to reach out comes, write it here instead.")))
		}
	default:
		lines = append(lines, st.Subtle.Render(wrap("When space is asked for, respecting it is part of the repair: contact in that time is easily misread. Note it here and the workbook will wait with you.")))
		if hurt {
			lines[0] = st.Subtle.Render(wrap("If you have asked for space, note it here: the workbook will set aside exercises that reach out to them until you are ready."))
		}
		lines = append(lines, "", "Press s to note that space was asked for.")
		if n := len(s.periods); n > 0 {
			days := 0
			for _, p := range s.periods {
				days += p.DaysKept(now)
			}
			lines = append(lines, st.Subtle.Render(fmt.Sprintf("Before: %s of space, %s kept.", plural(n, "time"), plural(days, "day"))))
		}
	}
	ls := s.letters()
	lines = append(lines, "", st.Heading.Render("Unsent letters"))
	if len(ls) == 0 {
		lines = append(lines, st.Subtle.Render(wrap("What you wish you could say, written here instead of sent. Press w.")))
		return strings.Join(lines, "\n")
	}
	room := max(s.h-len(lines), 1)
	start := max(0, min(s.cursor-room/2, len(ls)-room))
	for i := start; i < len(ls) && i < start+room; i++ {
		l := ls[i]
		date := "(unknown)"
		if !store.UnreadableTime(l.At) {
			date = l.At.Local().Format("Mon 2 Jan")
		}
		line := ansi.Truncate(fmt.Sprintf("%-10s  %s", date, oneLine(sanitize.Display(l.Text))), max(s.w-2, 8), "…")
		if i == s.cursor {
			lines = append(lines, st.Selected.Render("› "+line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return strings.Join(lines, "\n")
}
