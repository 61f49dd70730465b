package tui

import (
	"context"
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

// checkinTool is the check-in: a few minutes, daily or weekly.
var checkinTool = tool{
	id:   "checkin",
	key:  "c",
	name: func(bool) string { return "Check-in" },
	about: func(bool) string {
		return "A few minutes, daily or weekly: scores, a few questions, one thing for this week."
	},
	open: func(c toolCtx) pushed { return &checkinScreen{c: c, openRow: -1} },
}

// checkinLoadedMsg carries the check-in being done and its bridge.
type checkinLoadedMsg struct {
	wb      int64
	byID    bool // read by the screen's record id, not found by day
	rec     store.Checkin
	found   bool // an unfinished check-in of today, or the one asked for
	bridge  []string
	err     error
	resumed bool
}

// checkinSavedMsg reports a save of the check-in's scores (or its start).
type checkinSavedMsg struct {
	rec store.Checkin
	err error
}

var (
	keyScoreDigit = key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"), key.WithHelp("1-9,0", "score (0 is 10)"))
	keyWrite      = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write · finish"))
)

// checkinRow is one line of the check-in: a score, an open question, the
// note, the one thing for this week, or finishing.
type checkinRow struct {
	dim    *checkin.Dimension // a score row
	field  string             // a text row's field
	prompt string
	hint   string
	finish bool
}

// checkinScreen is one check-in, top to bottom: the bridge from the last
// one, the scores (saved at once), the open questions, a note, and one
// thing for this week, each written in the editor. An unfinished check-in
// of the same day is picked up again rather than a second one started.
type checkinScreen struct {
	c         toolCtx
	loaded    bool
	resumed   bool
	rec       store.Checkin
	bridge    []string
	cursor    int
	saves     serialSave
	openRow   int  // a text row to open once the check-in has its id; -1 none
	finishing bool // finish once the last save is in
	w, h      int
}

func (s *checkinScreen) Name() string     { return checkinTool.id }
func (s *checkinScreen) Title() string    { return "Check-in" }
func (s *checkinScreen) typing() bool     { return false }
func (s *checkinScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *checkinScreen) Help() helpKeys {
	k := s.c.keys()
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, k.Left, keyScoreDigit, keyWrite, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{k.Up, k.Down, k.Left, keyScoreDigit}, {keyWrite, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// rows are the check-in's lines for the workbook's side.
func (s *checkinScreen) rows() []checkinRow {
	hurt := s.c.hurt()
	tr := checkin.TrackOf(hurt)
	var rows []checkinRow
	for _, d := range checkin.Dimensions(tr) {
		rows = append(rows, checkinRow{dim: &d})
	}
	for i, q := range checkin.Questions(tr) {
		rows = append(rows, checkinRow{field: store.CheckinAnswerField(i), prompt: q,
			hint: "A few honest lines are enough. Only you read this."})
	}
	rows = append(rows, checkinRow{field: store.CheckinNoteField, prompt: "A note for today",
		hint: "Anything else on your mind: what happened, what you felt, what you noticed."})
	one := "One thing I will do this week to help rebuild trust"
	oneHint := "Small and concrete: something you can do, not something they must."
	if hurt {
		one = "One thing I will do for myself this week"
		oneHint = "Small and kind: rest, a walk, a friend, a boundary. It is for you."
	}
	rows = append(rows, checkinRow{field: store.CheckinOneThingField, prompt: one, hint: oneHint})
	return append(rows, checkinRow{finish: true})
}

// Init reads the check-in: the one this screen holds (back from the editor),
// or today's unfinished one, or none yet; and the bridge from the last.
func (s *checkinScreen) Init() tea.Cmd {
	st, wb, now, id := s.c.store(), s.c.workbook().ID, s.c.now(), s.rec.ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		msg := checkinLoadedMsg{wb: wb, byID: id != 0}
		if id != 0 {
			rec, err := st.CheckinByID(c, wb, id)
			if err != nil {
				return checkinLoadedMsg{wb: wb, err: err}
			}
			msg.rec, msg.found = rec, true
		} else {
			y, m, d := now.Date()
			day := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
			today, err := st.Checkins(c, wb, day, day.AddDate(0, 0, 1), true)
			if err != nil {
				return checkinLoadedMsg{wb: wb, err: err}
			}
			for i := len(today) - 1; i >= 0; i-- {
				if !today[i].Done {
					msg.rec, msg.found, msg.resumed = today[i], true, true
					break
				}
			}
		}
		before := now.Add(time.Nanosecond) // a new one: every check-in up to now
		if msg.found {
			before = msg.rec.At
		}
		last, ok, err := st.CheckinBefore(c, wb, before)
		if err != nil {
			return checkinLoadedMsg{wb: wb, err: err}
		}
		from := now.AddDate(0, 0, -7) // before the first check-in: the last week
		if ok {
			from = last.At
		}
		promises, reviews, err := st.DueSince(c, wb, from, now)
		if err != nil {
			return checkinLoadedMsg{wb: wb, err: err}
		}
		msg.bridge = checkin.Bridge(last.At, now, promises, reviews)
		return msg
	}
}

// text is the toolText for one of the check-in's text fields. The check-in
// has its id by then (see Update), so the words always land in it.
func (s *checkinScreen) text(r checkinRow, id int64, at time.Time, body string) toolText {
	field := r.field
	return toolText{
		Tool: checkinTool.id, Field: field, RecordID: id, Body: body,
		Prompt: r.prompt, Hint: r.hint,
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SaveCheckinText(c, d.WorkbookID, id, at, field, text, d)
		},
		Clearable: true,
	}
}

// reopenText reopens a text field of a check-in after a restart: the
// screen takes that check-in as its own.
func (s *checkinScreen) reopenText(c context.Context, field string, id int64) (toolText, bool) {
	if id == 0 {
		return toolText{}, false
	}
	rec, err := s.c.store().CheckinByID(c, s.c.workbook().ID, id)
	if err != nil {
		return toolText{}, false
	}
	for i, r := range s.rows() {
		if r.field == field {
			s.rec, s.cursor = rec, i
			return s.text(r, rec.ID, rec.At, rec.Text[field]), true
		}
	}
	return toolText{}, false
}

func (s *checkinScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case checkinLoadedMsg:
		return s.loadedMsg(msg)
	case checkinSavedMsg:
		return s.savedMsg(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *checkinScreen) loadedMsg(msg checkinLoadedMsg) tea.Cmd {
	if msg.wb != s.c.workbook().ID {
		return nil
	}
	if msg.err != nil {
		s.c.problem(fmt.Sprintf("Couldn't read your check-in: %v", msg.err))
		return nil
	}
	if !msg.byID && s.rec.ID != 0 {
		// A restart reopened one check-in's text (reopenText) while the
		// first read looked for today's: read the one being written.
		return s.Init()
	}
	s.bridge = msg.bridge
	if !msg.byID {
		s.resumed = msg.resumed
		if msg.found {
			s.rec = msg.rec
		} else {
			s.rec = store.Checkin{At: s.c.now(), Scores: map[string]int{}}
		}
	} else {
		scores := s.rec.Scores
		s.rec = msg.rec
		if s.saves.busy() {
			s.rec.Scores = scores // newer than the row until the save is in
		}
	}
	if s.rec.Scores == nil {
		s.rec.Scores = map[string]int{}
	}
	s.loaded = true
	return nil
}

func (s *checkinScreen) savedMsg(msg checkinSavedMsg) tea.Cmd {
	again := s.saves.done()
	if msg.err != nil {
		s.finishing, s.openRow = false, -1
		s.c.problem(fmt.Sprintf("Couldn't save the check-in: %v. What you set is still here; try again.", msg.err))
		return nil
	}
	s.rec.ID, s.rec.At = msg.rec.ID, msg.rec.At
	if again {
		return s.save()
	}
	if s.openRow >= 0 {
		r := s.rows()[s.openRow]
		s.openRow = -1
		return s.c.write(s.text(r, s.rec.ID, s.rec.At, s.rec.Text[r.field]))
	}
	if s.finishing {
		s.finishing = false
		s.c.done("Check-in saved. Thank you for taking the time.")
		return s.c.back()
	}
	return nil
}

// save writes the scores (starting the check-in when it has no id yet),
// one save at a time.
func (s *checkinScreen) save() tea.Cmd {
	if !s.saves.start() {
		return nil
	}
	rec := s.rec
	rec.Scores = maps.Clone(s.rec.Scores)
	rec.Text = nil
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		var out store.Checkin
		var err error
		if rec.ID == 0 {
			out, err = st.AddCheckin(c, wb, rec)
		} else {
			out, err = st.SaveCheckinScores(c, wb, rec)
		}
		return checkinSavedMsg{rec: out, err: err}
	}
}

func (s *checkinScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	if key.Matches(kp, k.Back) {
		return s.c.back()
	}
	if !s.loaded || s.finishing {
		return nil
	}
	rows := s.rows()
	r := rows[s.cursor]
	switch {
	case key.Matches(kp, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(kp, k.Down):
		s.cursor = min(s.cursor+1, len(rows)-1)
	case r.dim != nil && key.Matches(kp, k.Left, k.Right):
		v, ok := s.rec.Scores[r.dim.Key]
		switch {
		case !ok:
			v = 5 // the middle: an arrow from nothing starts there
		case key.Matches(kp, k.Left):
			v = max(v-1, checkin.MinScore)
		default:
			v = min(v+1, checkin.MaxScore)
		}
		return s.setScore(r.dim.Key, v)
	case r.dim != nil && key.Matches(kp, keyScoreDigit):
		v := int(kp.Code - '0')
		if v == 0 {
			v = 10
		}
		return s.setScore(r.dim.Key, v)
	case key.Matches(kp, k.Open):
		switch {
		case r.dim != nil:
			s.cursor++
		case r.finish:
			return s.finish()
		case s.rec.ID == 0:
			s.openRow = s.cursor // start the check-in, then write
			return s.save()
		default:
			return s.c.write(s.text(r, s.rec.ID, s.rec.At, s.rec.Text[r.field]))
		}
	}
	return nil
}

func (s *checkinScreen) setScore(dim string, v int) tea.Cmd {
	if checkin.CheckScore(v) != nil || s.rec.Scores[dim] == v {
		return nil
	}
	s.rec.Scores[dim] = v
	return s.save()
}

// finish marks the check-in done and goes back once it is saved.
func (s *checkinScreen) finish() tea.Cmd {
	if s.rec.ID == 0 {
		s.c.info("Nothing to save yet: set a score or write a line first.")
		return nil
	}
	s.rec.Done, s.finishing = true, true
	return s.save()
}

func (s *checkinScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	width := max(s.w-2, 10)
	now := s.c.now()
	title := "Check-in · " + s.rec.At.In(now.Location()).Format("Monday 2 January")
	head := []string{st.Heading.Render(ansi.Truncate(title, width, "…"))}
	bridge := s.bridge
	if s.resumed {
		bridge = append([]string{"Picking up today's check-in where you left off."}, bridge...)
	}
	for _, l := range bridge {
		head = append(head, st.Subtle.Render(ansi.Wordwrap(l, width, "")))
	}
	head = append(head, "")
	rows := s.rows()
	var lines []string
	for i, r := range rows {
		lines = append(lines, s.rowLine(r, i == s.cursor, width))
	}
	foot := []string{"", st.Subtle.Render(ansi.Truncate(s.rowHint(rows[s.cursor]), width, "…"))}
	headN := strings.Count(strings.Join(head, "\n"), "\n") + 1
	room := max(s.h-headN-len(foot), 1)
	if room < len(lines) {
		start := max(0, min(s.cursor-room/2, len(lines)-room))
		lines = lines[start : start+room]
	}
	return strings.Join(append(append(head, lines...), foot...), "\n")
}

// rowLine is one row: its words on the left, its state on the right, in
// words (never colour alone).
func (s *checkinScreen) rowLine(r checkinRow, selected bool, width int) string {
	st := s.c.styles()
	var left, right string
	switch {
	case r.dim != nil:
		left = r.dim.Question
		right = "not yet"
		if v, ok := s.rec.Scores[r.dim.Key]; ok {
			right = scoreBar(v)
		}
	case r.finish:
		left = "Finish check-in"
	default:
		left = r.prompt
		if strings.TrimSpace(s.rec.Text[r.field]) != "" {
			right = "✓ written"
		}
	}
	avail := width - 2
	if right != "" {
		right = fmt.Sprintf("%*s", scoreWidth, right)
		avail -= scoreWidth + 2
	}
	left = ansi.Truncate(left, max(avail, 8), "…")
	line := left
	if right != "" {
		line += strings.Repeat(" ", max(avail-ansi.StringWidth(left), 0)+2) + right
	}
	if selected {
		return st.Selected.Render("› " + line)
	}
	return "  " + line
}

// scoreBar is a score as ten cells and its number: "██████···· 6".
func scoreBar(v int) string {
	return strings.Repeat("█", v) + strings.Repeat("·", checkin.MaxScore-v) + fmt.Sprintf(" %d", v)
}

// scoreWidth is the width of the right-hand column: the widest score bar.
const scoreWidth = checkin.MaxScore + 3

func (s *checkinScreen) rowHint(r checkinRow) string {
	switch {
	case r.dim != nil:
		return "1 low, 10 high: ←/→ or a digit (0 is 10). Saved at once."
	case r.finish:
		return "Enter finishes this check-in. Anything left blank can stay blank."
	}
	return "Enter to write. " + r.hint
}

// serialSave runs a screen's saves of its choices one at a time: a change
// made while a save is in flight is saved when it is in, so the last value
// shown is the last one written, whatever order Cmds run in.
type serialSave struct{ saving, dirty bool }

// start reports whether a save may start now; if not, one follows.
func (q *serialSave) start() bool {
	if q.saving {
		q.dirty = true
		return false
	}
	q.saving = true
	return true
}

// done ends a save and reports whether another must start.
func (q *serialSave) done() (again bool) {
	q.saving = false
	again, q.dirty = q.dirty, false
	return again
}

// busy reports whether the screen holds choices not yet written.
func (q *serialSave) busy() bool { return q.saving || q.dirty }
