package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/agreement"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// agreementsTool is the two people's agreements in the toolkit. Both sides
// get the same tool: an agreement is made by both or it is not one.
var agreementsTool = tool{
	id:   "agreements",
	key:  "g",
	name: func(bool) string { return "Agreements" },
	about: func(bool) string {
		return "Rules you both said yes to, each with a date to look again."
	},
	open:  func(c toolCtx) pushed { return &agreementsScreen{c: c} },
	notes: agreementsNotes,
}

// agreementsNotes is home's line: how many reviews have come due.
func agreementsNotes(c context.Context, st *store.Store, wb store.Workbook, now time.Time) ([]string, error) {
	as, err := st.Agreements(c, wb.ID)
	if err != nil {
		return nil, err
	}
	n := len(agreement.Due(as, now))
	if n == 0 {
		return nil, nil
	}
	return []string{fmt.Sprintf("Agreements: %s due, to look at together (g)", plural(n, "review"))}, nil
}

// Draft field names. A new agreement's area and dates, and a review's
// outcome and next date, travel in the field name of the text being
// written, so a SIGKILL mid-wording loses neither the words (the draft)
// nor the choices made before them, and nothing half-made is stored.
const (
	agNewField    = "new"    // new:<area>:<start>:<review>
	agReviewField = "review" // review:<outcome>:<next>
	agDate        = "2006-01-02"
)

// agreementsLoadedMsg carries the agreements of one workbook.
type agreementsLoadedMsg struct {
	wb     int64
	list   []agreement.Agreement
	drafts []store.Draft // words written and not saved yet: new ones, review notes
	err    error
}

var (
	keyNewAgreement    = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add"))
	keyReviewAgreement = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "review together"))
	keyAgreementWords  = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit wording"))
	keyAgreementView   = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "history"))
	keyDayLater        = key.NewBinding(key.WithKeys("right", "l", "+", "="), key.WithHelp("←/→", "a day"))
	keyDayEarlier      = key.NewBinding(key.WithKeys("left", "h", "-"))
	keyWeekLater       = key.NewBinding(key.WithKeys("]", "pgdown"), key.WithHelp("[/]", "a week"))
	keyWeekEarlier     = key.NewBinding(key.WithKeys("[", "pgup"))
	keyKeepAgreement   = key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "keep"))
	keyChangeAgreement = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "change"))
	keyEndAgreement    = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "end"))
	keyNextStep        = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next"))
)

type agMode int

const (
	agList agMode = iota
	agArea
	agDates
	agOutcome
	agNext
	agHistory
)

// agreementsScreen lists the agreements (due reviews first), adds one
// (area, dates, then the wording in the editor), reviews one (kept with a
// new date, changed, or ended, with a note in the editor) and shows one's
// history. Dates and choices are keys here; words are written in the editor.
type agreementsScreen struct {
	c    toolCtx
	list []agreement.Agreement // due first, then by review date, ended last
	// drafts are new agreements and review notes left unsaved (esc keeps
	// them); they head the list so no written word is out of reach.
	drafts []store.Draft
	loaded bool
	cursor int // over drafts, then list
	mode   agMode

	area          int       // index in agreement.Areas()
	start, review time.Time // the new agreement's dates
	onReview      bool      // the review date has focus, not the start
	outcome       agreement.Outcome
	next          time.Time // a review's next date
	why           string    // the one gentle line about a refused date

	// thenWording is the agreement a "changed" review is for: once its
	// note is saved, the editor opens on its wording.
	thenWording int64
	reviewsWas  int

	w, h int
}

func (s *agreementsScreen) Name() string     { return agreementsTool.id }
func (s *agreementsScreen) Title() string    { return "Agreements" }
func (s *agreementsScreen) typing() bool     { return false }
func (s *agreementsScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *agreementsScreen) Init() tea.Cmd {
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		as, err := st.Agreements(c, wb)
		if err != nil {
			return agreementsLoadedMsg{wb: wb, err: err}
		}
		ds, err := st.Drafts(c, wb)
		var mine []store.Draft
		for _, d := range ds {
			if d.StepID == toolStep(agreementsTool.id) && d.PromptID != store.AgreementField && strings.TrimSpace(d.Body) != "" {
				mine = append(mine, d)
			}
		}
		return agreementsLoadedMsg{wb: wb, list: as, drafts: mine, err: err}
	}
}

// sortAgreements orders the list: reviews due first (the oldest due on
// top), then the active ones by review date, then the ended ones.
func sortAgreements(as []agreement.Agreement, now time.Time) {
	rank := func(a agreement.Agreement) int {
		switch {
		case a.DueForReview(now):
			return 0
		case a.Ended():
			return 2
		}
		return 1
	}
	slices.SortStableFunc(as, func(a, b agreement.Agreement) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if a.Ended() {
			return b.LastLooked().Compare(a.LastLooked())
		}
		return a.Review.Compare(b.Review)
	})
}

func (s *agreementsScreen) Help() helpKeys {
	k := s.c.keys()
	g := []key.Binding{k.Privacy, k.Quit, k.ForceQuit, k.Help}
	switch s.mode {
	case agArea:
		return helpKeys{short: []key.Binding{k.Up, k.Down, keyNextStep, k.Back, k.Help}, full: [][]key.Binding{{k.Up, k.Down, keyNextStep, k.Back}, g}}
	case agDates, agNext:
		return helpKeys{short: []key.Binding{keyDayLater, keyWeekLater, k.Up, keyNextStep, k.Back, k.Help}, full: [][]key.Binding{{keyDayLater, keyWeekLater, k.Up, k.Down, keyNextStep, k.Back}, g}}
	case agOutcome:
		return helpKeys{short: []key.Binding{keyKeepAgreement, keyChangeAgreement, keyEndAgreement, k.Back, k.Help}, full: [][]key.Binding{{keyKeepAgreement, keyChangeAgreement, keyEndAgreement, k.Back}, g}}
	case agHistory:
		return helpKeys{short: []key.Binding{keyReviewAgreement, keyAgreementWords, k.Back, k.Quit, k.Help}, full: [][]key.Binding{{keyReviewAgreement, keyAgreementWords, k.Back}, g}}
	}
	return helpKeys{
		short: []key.Binding{keyNewAgreement, keyReviewAgreement, keyAgreementView, keyAgreementWords, k.Up, k.Down, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{keyNewAgreement, keyReviewAgreement, keyAgreementView, keyAgreementWords}, {k.Up, k.Down, k.Back}, g},
	}
}

// today is the day the screen counts from, as a date.
func (s *agreementsScreen) today() time.Time {
	n := s.c.now().Local()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.Local)
}

// newText is the toolText for a new agreement's wording.
func (s *agreementsScreen) newText(area agreement.Area, start, review time.Time) toolText {
	field := strings.Join([]string{agNewField, string(area), start.Format(agDate), review.Format(agDate)}, ":")
	return toolText{
		Tool: agreementsTool.id, Field: field,
		Prompt: area.Label() + ": write the agreement as the two of you said yes to it.",
		Hint:   fmt.Sprintf("Plain and specific. From %s, to look at again together by %s.", showDate(start), showDate(review)),
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SaveAgreement(c, d.WorkbookID, agreement.Agreement{Area: area, Text: text, Start: start, Review: review}, d)
		},
		Check: agreementCheck,
	}
}

// wordingText is the toolText for an agreement's wording once it exists.
func (s *agreementsScreen) wordingText(a agreement.Agreement) toolText {
	id := a.ID
	return toolText{
		Tool: agreementsTool.id, Field: store.AgreementField, RecordID: id, Body: a.Text,
		Prompt: a.Area.Label() + ": the agreement in words you both say yes to.",
		Hint:   "Change it only as the two of you agreed; the review note says why.",
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SaveAgreement(c, d.WorkbookID, agreement.Agreement{ID: id, Text: text}, d)
		},
		Check: agreementCheck,
	}
}

// noteText is the toolText for a review's note; saving it records the
// review (outcome, next date, note) in one transaction.
func (s *agreementsScreen) noteText(a agreement.Agreement, o agreement.Outcome, next time.Time) toolText {
	id, today := a.ID, s.today()
	field := strings.Join([]string{agReviewField, string(o), dateOrEmpty(next)}, ":")
	prompt := map[agreement.Outcome]string{
		agreement.Kept:    "You are keeping it. What did each of you notice since it began?",
		agreement.Changed: "You are changing it. What are you changing, and why?",
		agreement.EndedBy: "You are ending it together. What made it no longer needed?",
	}[o]
	hint := "A line or two is enough. Next review " + showDate(next) + "."
	if o == agreement.EndedBy {
		hint = "A line or two is enough. Ending it is a decision for both of you."
	} else if o == agreement.Changed {
		hint += " After this, you'll write the new wording."
	}
	return toolText{
		Tool: agreementsTool.id, Field: field, RecordID: id,
		Prompt: a.Area.Label() + " · review together. " + prompt, Hint: hint,
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			_, err := st.ReviewAgreement(c, d.WorkbookID, id, agreement.Review{At: today, Outcome: o, Next: next, Note: text}, d)
			return id, err
		},
	}
}

// agreementCheck flags wording that reads as open-ended or one-sided:
// gently, once, with the reason.
func agreementCheck(text string) []string {
	t := strings.ToLower(text)
	for _, w := range []string{"forever", "for ever", "whenever i want", "whenever i ask", "any time i want", "anytime i want", "at all times"} {
		if strings.Contains(t, w) {
			return []string{"This sounds open-ended; it holds until the review date."}
		}
	}
	return nil
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(agDate)
}

// showDate is a date as the screens show it.
func showDate(t time.Time) string {
	if t.IsZero() {
		return "(no date)"
	}
	return t.Format("2 Jan 2006")
}

func (s *agreementsScreen) reopenText(c context.Context, field string, id int64) (toolText, bool) {
	return s.textFor(field, id, func(id int64) (agreement.Agreement, bool) {
		a, err := s.c.store().AgreementByID(c, s.c.workbook().ID, id)
		return a, err == nil
	})
}

// textFor is the toolText a draft's field name stands for; find reads the
// agreement it is about.
func (s *agreementsScreen) textFor(field string, id int64, find func(int64) (agreement.Agreement, bool)) (toolText, bool) {
	parts := strings.Split(field, ":")
	switch {
	case parts[0] == agNewField && len(parts) == 4 && id == 0:
		area, err := agreement.ParseArea(parts[1])
		start, err1 := time.ParseInLocation(agDate, parts[2], time.Local)
		review, err2 := time.ParseInLocation(agDate, parts[3], time.Local)
		if err != nil || err1 != nil || err2 != nil {
			return toolText{}, false
		}
		return s.newText(area, start, review), true
	case field == store.AgreementField && id != 0:
		a, ok := find(id)
		if !ok {
			return toolText{}, false
		}
		return s.wordingText(a), true
	case parts[0] == agReviewField && len(parts) == 3 && id != 0:
		o, err := agreement.ParseOutcome(parts[1])
		if err != nil {
			return toolText{}, false
		}
		var next time.Time
		if parts[2] != "" {
			if next, err = time.ParseInLocation(agDate, parts[2], time.Local); err != nil {
				return toolText{}, false
			}
		}
		a, ok := find(id)
		if !ok || a.Ended() {
			return toolText{}, false
		}
		return s.noteText(a, o, next), true
	}
	return toolText{}, false
}

func (s *agreementsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case agreementsLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your agreements: %v", msg.err))
			return nil
		}
		sortAgreements(msg.list, s.c.now())
		s.list, s.drafts, s.loaded = msg.list, msg.drafts, true
		s.cursor = min(s.cursor, max(s.items()-1, 0))
		return s.continueChange()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// continueChange opens the wording of an agreement once the note of a
// "changed" review is saved (its history grew); it does nothing otherwise.
func (s *agreementsScreen) continueChange() tea.Cmd {
	id, was := s.thenWording, s.reviewsWas
	s.thenWording = 0
	if id == 0 {
		return nil
	}
	for i, a := range s.list {
		if a.ID == id && len(a.Reviews) > was {
			s.cursor = len(s.drafts) + i
			return s.c.write(s.wordingText(a))
		}
	}
	return nil
}

func (s *agreementsScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	switch s.mode {
	case agArea:
		return s.areaKey(kp)
	case agDates, agNext:
		return s.dateKey(kp)
	case agOutcome:
		return s.outcomeKey(kp)
	case agHistory:
		switch {
		case key.Matches(kp, k.Back):
			s.mode = agList
		case key.Matches(kp, keyReviewAgreement):
			return s.startReview()
		case key.Matches(kp, keyAgreementWords):
			if a, ok := s.selected(); ok {
				return s.c.write(s.wordingText(a))
			}
		}
		return nil
	}
	switch {
	case key.Matches(kp, k.Back):
		return s.c.back()
	case key.Matches(kp, k.Up):
		if s.cursor > 0 {
			s.cursor--
		}
	case key.Matches(kp, k.Down):
		if s.cursor < s.items()-1 {
			s.cursor++
		}
	case key.Matches(kp, keyNewAgreement):
		s.mode, s.why = agArea, ""
	case key.Matches(kp, keyReviewAgreement):
		return s.startReview()
	case key.Matches(kp, keyAgreementView, keyAgreementWords) && s.cursor < len(s.drafts):
		return s.reopenDraft(s.drafts[s.cursor])
	case key.Matches(kp, keyAgreementView):
		if _, ok := s.selected(); ok {
			s.mode = agHistory
		}
	case key.Matches(kp, keyAgreementWords):
		if a, ok := s.selected(); ok {
			return s.c.write(s.wordingText(a))
		}
	}
	return nil
}

// items counts the lines of the list: drafts, then agreements.
func (s *agreementsScreen) items() int { return len(s.drafts) + len(s.list) }

// reopenDraft opens the editor on an unsaved draft, with the choices its
// field name carries.
func (s *agreementsScreen) reopenDraft(d store.Draft) tea.Cmd {
	t, ok := s.textFor(d.PromptID, d.EntryID, s.known)
	if !ok {
		s.c.problem("This draft is for an agreement that has ended; its words are in the export.")
		return nil
	}
	return s.c.write(t)
}

// known finds an agreement in the loaded list.
func (s *agreementsScreen) known(id int64) (agreement.Agreement, bool) {
	for _, a := range s.list {
		if a.ID == id {
			return a, true
		}
	}
	return agreement.Agreement{}, false
}

// reviewDraft is the unsaved note of a review of agreement id, if any.
func (s *agreementsScreen) reviewDraft(id int64) (store.Draft, bool) {
	for _, d := range s.drafts {
		if d.EntryID == id && strings.HasPrefix(d.PromptID, agReviewField+":") {
			return d, true
		}
	}
	return store.Draft{}, false
}

func (s *agreementsScreen) startReview() tea.Cmd {
	a, ok := s.selected()
	if !ok {
		return nil
	}
	if a.Ended() {
		s.c.info("This one has ended. Press a to make a new agreement if you both want it back.")
		return nil
	}
	if d, ok := s.reviewDraft(a.ID); ok { // a review begun and not saved: go on with it
		s.mode = agList
		return s.reopenDraft(d)
	}
	s.mode, s.why = agOutcome, ""
	return nil
}

func (s *agreementsScreen) areaKey(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	n := len(agreement.Areas())
	switch {
	case key.Matches(kp, k.Back):
		s.mode = agList
	case key.Matches(kp, k.Up):
		s.area = (s.area + n - 1) % n
	case key.Matches(kp, k.Down):
		s.area = (s.area + 1) % n
	case key.Matches(kp, keyNextStep):
		s.start = s.today()
		s.review = s.start.AddDate(0, 0, 30)
		s.onReview, s.mode = true, agDates
	default:
		if r := kp.String(); len(r) == 1 && r[0] >= '1' && int(r[0]-'1') < n {
			s.area = int(r[0] - '1')
		}
	}
	return nil
}

// moveDate moves the date under focus by days, keeping the review after
// the start and at most 90 days from it (or from the review day).
func (s *agreementsScreen) moveDate(days int) {
	s.why = ""
	from, date := s.start, &s.review
	switch {
	case s.mode == agNext:
		from, date = s.today(), &s.next
	case !s.onReview:
		gap := agreement.DaysBetween(s.start, s.review)
		s.start = s.start.AddDate(0, 0, days)
		s.review = s.start.AddDate(0, 0, gap)
		return
	}
	d := date.AddDate(0, 0, days)
	switch {
	case agreement.DaysBetween(from, d) > agreement.MaxReviewDays:
		d = agreement.LatestReview(from)
		s.why = "90 days at most: openness is agreed for a time, then looked at again together."
	case agreement.DaysBetween(from, d) < 1:
		d = from.AddDate(0, 0, 1)
	}
	*date = d
}

func (s *agreementsScreen) dateKey(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		if s.mode == agNext {
			s.mode = agOutcome
		} else {
			s.mode = agArea
		}
		s.why = ""
	case key.Matches(kp, k.Up, k.Down, k.Next, k.Prev):
		if s.mode == agDates {
			s.onReview = !s.onReview
		}
	case key.Matches(kp, keyDayLater):
		s.moveDate(1)
	case key.Matches(kp, keyDayEarlier):
		s.moveDate(-1)
	case key.Matches(kp, keyWeekLater):
		s.moveDate(7)
	case key.Matches(kp, keyWeekEarlier):
		s.moveDate(-7)
	case key.Matches(kp, keyNextStep):
		s.why = ""
		if s.mode == agNext {
			return s.writeNote(agreement.Review{Outcome: s.outcome, Next: s.next})
		}
		s.mode = agList
		return s.c.write(s.newText(agreement.Areas()[s.area], s.start, s.review))
	}
	return nil
}

func (s *agreementsScreen) outcomeKey(kp tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(kp, s.c.keys().Back):
		s.mode = agList
	case key.Matches(kp, keyKeepAgreement), key.Matches(kp, keyChangeAgreement):
		s.outcome = agreement.Kept
		if key.Matches(kp, keyChangeAgreement) {
			s.outcome = agreement.Changed
		}
		s.next, s.mode = s.today().AddDate(0, 0, 30), agNext
	case key.Matches(kp, keyEndAgreement):
		return s.writeNote(agreement.Review{Outcome: agreement.EndedBy})
	}
	return nil
}

// writeNote opens the editor on the review's note.
func (s *agreementsScreen) writeNote(r agreement.Review) tea.Cmd {
	a, ok := s.selected()
	if !ok {
		return nil
	}
	s.mode = agList
	if r.Outcome == agreement.Changed {
		s.thenWording, s.reviewsWas = a.ID, len(a.Reviews)
	}
	return s.c.write(s.noteText(a, r.Outcome, r.Next))
}

func (s *agreementsScreen) selected() (agreement.Agreement, bool) {
	if i := s.cursor - len(s.drafts); i >= 0 && i < len(s.list) {
		return s.list[i], true
	}
	return agreement.Agreement{}, false
}

// standing is an agreement's state in words, for the list and history.
func standing(a agreement.Agreement, now time.Time) string {
	switch {
	case a.Ended():
		return "Ended " + showDate(a.LastLooked())
	case a.DueForReview(now):
		return "Review due"
	}
	return "Review by " + showDate(a.Review)
}

func (s *agreementsScreen) wrap(text string) string { return ansi.Wordwrap(text, max(s.w-2, 10), "") }

func (s *agreementsScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	switch s.mode {
	case agArea:
		return s.areaView()
	case agDates, agNext:
		return s.datesView()
	case agOutcome:
		return s.outcomeView()
	case agHistory:
		return s.historyView()
	}
	lines := []string{st.Subtle.Render(s.wrap("Rules the two of you made together, each with a day to look at it again. Openness here is for safety, not control: agreed by both, for a time."))}
	if s.items() == 0 {
		lines = append(lines, "", s.wrap("Nothing agreed yet. Press a to write down one you have both said yes to."))
		return strings.Join(lines, "\n")
	}
	now := s.c.now()
	due := len(agreement.Due(s.list, now))
	head := plural(len(s.list), "agreement")
	if due > 0 {
		head += fmt.Sprintf(" · %s due", plural(due, "review"))
	}
	lines = append(lines, "", st.Heading.Render(head), "")
	room := max(s.h-len(lines), 1)
	start := max(0, min(s.cursor-room/2, s.items()-room))
	for i := start; i < s.items() && i < start+room; i++ {
		var state, area, text string
		if i < len(s.drafts) {
			state, area, text = s.draftLine(s.drafts[i])
		} else {
			a := s.list[i-len(s.drafts)]
			state, area, text = standing(a, now), a.Area.Label(), oneLine(sanitize.Display(a.Text))
		}
		line := ansi.Truncate(fmt.Sprintf("%s · %s · %s", state, area, text), max(s.w-2, 8), "…")
		lines = append(lines, pickLine(st, i == s.cursor, line))
	}
	return strings.Join(lines, "\n")
}

// draftLine is an unsaved draft's line in the list: what it is, the area,
// its words.
func (s *agreementsScreen) draftLine(d store.Draft) (state, area, text string) {
	text = oneLine(sanitize.Display(d.Body))
	parts := strings.Split(d.PromptID, ":")
	if parts[0] == agNewField && len(parts) > 1 {
		return "Not saved yet (enter)", agreement.Area(parts[1]).Label(), text
	}
	if a, ok := s.known(d.EntryID); ok {
		area = a.Area.Label()
	}
	return "Review not saved yet (enter)", area, text
}

// pickLine is one line of a list, marked with "›" (not colour alone) when
// it is the one chosen.
func pickLine(st Styles, on bool, line string) string {
	if on {
		return st.Selected.Render("› " + line)
	}
	return "  " + line
}

func (s *agreementsScreen) areaView() string {
	st := s.c.styles()
	lines := []string{st.Heading.Render("A new agreement"), st.Subtle.Render(s.wrap("Write down only what the two of you have both said yes to. What is it about?")), ""}
	for i, a := range agreement.Areas() {
		lines = append(lines, pickLine(st, i == s.area, fmt.Sprintf("%d  %s", i+1, a.Label())))
	}
	return strings.Join(lines, "\n")
}

func (s *agreementsScreen) datesView() string {
	st := s.c.styles()
	mark := func(on bool, label string, d time.Time) string {
		return pickLine(st, on, fmt.Sprintf("%-22s %s", label, showDate(d)))
	}
	var lines []string
	if s.mode == agNext {
		a, _ := s.selected()
		verb := "Keeping"
		if s.outcome == agreement.Changed {
			verb = "Changing"
		}
		lines = append(lines, st.Heading.Render(verb+" · "+a.Area.Label()),
			st.Subtle.Render(s.wrap("When will you both look at it again?")), "",
			mark(true, "Next review together", s.next),
			"  "+st.Subtle.Render(fmt.Sprintf("in %s", plural(agreement.DaysBetween(s.today(), s.next), "day"))))
	} else {
		lines = append(lines, st.Heading.Render("A new agreement · "+agreement.Areas()[s.area].Label()),
			st.Subtle.Render(s.wrap("Every agreement has a review date, so it is looked at again together.")), "",
			mark(!s.onReview, "Starts", s.start),
			mark(s.onReview, "Review together by", s.review),
			"  "+st.Subtle.Render(fmt.Sprintf("%s after it starts", plural(agreement.DaysBetween(s.start, s.review), "day"))))
	}
	if s.why != "" {
		lines = append(lines, "", s.wrap(s.why))
	}
	lines = append(lines, "", st.Subtle.Render(s.wrap("←/→ a day · [/] a week · enter to go on")))
	return strings.Join(lines, "\n")
}

func (s *agreementsScreen) outcomeView() string {
	st := s.c.styles()
	a, _ := s.selected()
	lines := []string{st.Heading.Render("Review together · " + a.Area.Label()),
		st.Subtle.Render(s.wrap(oneLine(sanitize.Display(a.Text)))), "",
		s.wrap("Look at it with each other, then choose what you both decided:"), "",
		"  k  keep it, with a new review date",
		"  c  change it: new wording and a new date",
		"  x  end it"}
	return strings.Join(lines, "\n")
}

func (s *agreementsScreen) historyView() string {
	st := s.c.styles()
	a, ok := s.selected()
	if !ok {
		return ""
	}
	lines := []string{st.Heading.Render(a.Area.Label() + " · " + standing(a, s.c.now())),
		st.Subtle.Render("Agreed together from " + showDate(a.Start)), ""}
	lines = append(lines, strings.Split(s.wrap(sanitize.Display(a.Text)), "\n")...)
	lines = append(lines, "")
	if len(a.Reviews) == 0 {
		lines = append(lines, st.Subtle.Render("Not reviewed yet."))
	}
	for i := len(a.Reviews) - 1; i >= 0; i-- { // newest first, so the latest fits
		r := a.Reviews[i]
		head := showDate(r.At) + " · " + string(r.Outcome)
		if !r.Next.IsZero() {
			head += " · next " + showDate(r.Next)
		}
		lines = append(lines, st.Heading.Render(head))
		if n := oneLine(sanitize.Display(r.Note)); n != "" {
			lines = append(lines, strings.Split(s.wrap(n), "\n")...)
		}
	}
	if s.h > 0 && len(lines) > s.h {
		lines = lines[:s.h]
	}
	return strings.Join(lines, "\n")
}
