package tui

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/promise"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// promisesTool is the promise ledger on the repairing side and "what I
// need to see" on the hurt side: the same table, each side its own list.
var promisesTool = tool{
	id:  "promises",
	key: "p",
	name: func(hurt bool) string {
		if hurt {
			return "What I need to see"
		}
		return "Promises"
	},
	about: func(hurt bool) string {
		if hurt {
			return "What would help you trust again, each with a date to look at it again. Share it when ready."
		}
		return "Small promises, kept in the open: what, to whom, by when. Kept, missed or renegotiated."
	},
	open: func(c toolCtx) pushed {
		if c.hurt() {
			return &needsScreen{c: c}
		}
		return &promisesScreen{c: c}
	},
	notes: promisesNotes,
}

// promisesNotes is home's one line: the promises overdue, or the needs
// due for review.
func promisesNotes(c context.Context, st *store.Store, wb store.Workbook, now time.Time) ([]string, error) {
	if wb.Hurt() {
		ns, err := st.Needs(c, wb.ID, false)
		if err != nil {
			return nil, err
		}
		due := 0
		for _, n := range ns {
			if n.DueForReview(now) {
				due++
			}
		}
		if due == 0 {
			return nil, nil
		}
		return []string{fmt.Sprintf("What I need to see: %s to look at again", plural(due, "review"))}, nil
	}
	ps, err := st.PromisesBrief(c, wb.ID)
	if err != nil {
		return nil, err
	}
	late := overdue(ps, now)
	if len(late) == 0 {
		return nil, nil
	}
	p, err := st.Promise(c, wb.ID, late[0].ID)
	if err != nil {
		return nil, err
	}
	what := oneLine(sanitize.Display(p.What))
	if len(late) == 1 {
		return []string{"Overdue promise: " + what}, nil
	}
	return []string{fmt.Sprintf("%d promises overdue, the oldest: %s", len(late), what)}, nil
}

// overdue is the open promises past due, the longest overdue first.
func overdue(ps []store.PromiseRecord, now time.Time) []store.PromiseRecord {
	var out []store.PromiseRecord
	for _, p := range ps {
		if p.Overdue(now) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b store.PromiseRecord) int { return a.Due.Compare(b.Due) })
	return out
}

// ledgerOrder sorts the ledger: open promises first (overdue, then by due
// date, ongoing last), then the decided ones, the latest first.
func ledgerOrder(ps []store.PromiseRecord, now time.Time) {
	rank := func(p store.PromiseRecord) int {
		switch {
		case p.Overdue(now):
			return 0
		case p.Status == promise.Open && !p.Ongoing():
			return 1
		case p.Status == promise.Open:
			return 2
		}
		return 3
	}
	slices.SortStableFunc(ps, func(a, b store.PromiseRecord) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		switch rank(a) {
		case 0, 1:
			return a.Due.Compare(b.Due)
		case 3:
			return b.Settled.Compare(a.Settled)
		}
		return a.Made.Compare(b.Made)
	})
}

// promisesLoadedMsg carries the ledger of one workbook.
type promisesLoadedMsg struct {
	wb   int64
	list []store.PromiseRecord
	// winsMonth is how many small wins were noted in the last 30 days,
	// which count in the person's own consistency (see winsLine).
	winsMonth int
	err       error
}

// promiseSavedMsg reports a choice saved; next, when set, runs after it
// (the note's editor after a promise was marked).
type promiseSavedMsg struct {
	wb   int64
	done string
	next func() tea.Cmd
	err  error
}

var (
	keyNewPromise  = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new promise"))
	keyMarkPromise = key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark kept/missed/…"))
	keyOwnSlip     = key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "own a slip"))
	keyChangeWhen  = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "to whom, by when"))
	keyDeleteProm  = key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "delete"))
	keyPickNumber  = key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1-6", "choose"))
	keyMarkOwned   = key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "I owned it"))
	keyDetails     = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "notes"))
)

// ledgerMode is what the ledger screen is showing.
type ledgerMode int

const (
	ledgerList   ledgerMode = iota
	ledgerWhom              // to whom: a choice
	ledgerWhen              // by when: a choice
	ledgerDate              // by when: a date typed
	ledgerMark              // kept, missed, renegotiated, open
	ledgerSlip              // the slip routine for a missed promise
	ledgerDetail            // one promise with its history and notes
)

// whenChoice is one quick answer to "by when?".
type whenChoice struct {
	label string
	days  int // from today; -1 ongoing, -2 a date typed
}

// whenChoices come smallest first: a promise for today or tomorrow is one
// that can be kept, and small kept promises are what rebuild trust.
var whenChoices = []whenChoice{
	{"Today", 0}, {"Tomorrow", 1}, {"Within a week", 7}, {"Ongoing (no end date)", -1}, {"Another day (type a date)", -2},
}

var markChoices = []promise.Status{promise.Kept, promise.Missed, promise.Renegotiated, promise.Open}

// promisesScreen is the promise ledger.
type promisesScreen struct {
	c       toolCtx
	list    []store.PromiseRecord
	loaded  bool
	cursor  int
	mode    ledgerMode
	pick    int                 // the highlighted choice in a form
	target  store.PromiseRecord // the promise a form is about
	date    string              // the date being typed
	dateErr string
	// slipFor is a promise just marked missed: when its note is written
	// (or left), the slip routine opens.
	slipFor int64
	// renewFor is a promise just renegotiated: when its note is written,
	// the ledger offers to make it again with a new date.
	renewFor int64
	// figures (30 and 90 days) and the open and overdue counts are
	// worked out when the ledger loads, not on every key.
	figures    [2]promise.Reliability
	open, late int
	// winsMonth is how many small wins were noted in the last 30 days.
	winsMonth int
	ask       confirm
	w, h      int
}

func (s *promisesScreen) Name() string     { return promisesTool.id }
func (s *promisesScreen) Title() string    { return "Promises" }
func (s *promisesScreen) typing() bool     { return s.mode == ledgerDate }
func (s *promisesScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *promisesScreen) Init() tea.Cmd {
	st, wb, now := s.c.store(), s.c.workbook().ID, s.c.now()
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		ps, err := st.Promises(c, wb)
		if err != nil {
			return promisesLoadedMsg{wb: wb, err: err}
		}
		n, err := st.CountWinsSince(c, wb, now.AddDate(0, 0, -promise.Month))
		return promisesLoadedMsg{wb: wb, list: ps, winsMonth: n, err: err}
	}
}

func (s *promisesScreen) Help() helpKeys {
	k := s.c.keys()
	if s.ask.open() {
		return s.ask.help(k)
	}
	switch s.mode {
	case ledgerWhom, ledgerWhen, ledgerMark:
		return helpKeys{short: []key.Binding{keyPickNumber, k.Up, k.Down, k.Open, k.Back, k.Help},
			full: [][]key.Binding{{keyPickNumber, k.Up, k.Down, k.Open}, {k.Back, k.Privacy, k.ForceQuit, k.Help}}}
	case ledgerDate:
		return helpKeys{short: []key.Binding{k.Open, k.Back, k.ForceQuit},
			full: [][]key.Binding{{k.Open, k.Back}, {k.Privacy, k.ForceQuit}}}
	case ledgerSlip:
		return helpKeys{short: []key.Binding{keyMarkOwned, k.Back, k.Quit, k.Help},
			full: [][]key.Binding{{keyMarkOwned, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}}}
	case ledgerDetail:
		return helpKeys{short: []key.Binding{keyMarkPromise, k.Edit, k.Back, k.Quit, k.Help},
			full: [][]key.Binding{{keyMarkPromise, k.Edit, keyChangeWhen}, {k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}}}
	}
	return helpKeys{
		short: []key.Binding{keyNewPromise, keyMarkPromise, keyOwnSlip, keyDetails, k.Up, k.Down, k.Back, k.Help},
		full: [][]key.Binding{{keyNewPromise, keyMarkPromise, keyOwnSlip, keyDetails}, {k.Edit, keyChangeWhen, keyDeleteProm},
			{k.Up, k.Down, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// whatText is the toolText for what was promised.
func (s *promisesScreen) whatText(id int64, body string) toolText {
	return toolText{
		Tool: promisesTool.id, Field: store.PromiseWhatField, RecordID: id, Body: body,
		Prompt: "What do you promise? Small and sure is best.",
		Hint:   "Something you can certainly do: \"home by seven on Friday\", \"tell you before I see my brother\". ctrl+s saves; next you choose to whom and by when.",
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SavePromiseWhat(c, d.WorkbookID, id, text, d)
		},
		Check: func(text string) []string {
			if strings.TrimSpace(text) == "" {
				return []string{"A promise needs a few words before it can be saved."}
			}
			return nil
		},
	}
}

// noteText is the toolText for the note on a promise's n-th status change.
func (s *promisesScreen) noteText(id int64, n int, st promise.Status, body string) toolText {
	prompt, hint := "A note about this promise.", "A line is enough. esc leaves it without a note."
	switch st {
	case promise.Kept:
		prompt = "Kept. Anything you want to remember about it?"
	case promise.Missed:
		prompt = "Missed. What happened, plainly?"
		hint = "Say what happened without excuses: the slip routine comes next. esc leaves it without a note."
	case promise.Renegotiated:
		prompt = "Renegotiated. What did you agree instead, and when did you ask?"
		hint = "Changing a promise openly, before it is broken, keeps it honest. esc leaves it without a note."
	case promise.Open:
		prompt = "Open again. Why?"
	}
	return toolText{
		Tool: promisesTool.id, Field: store.PromiseNoteField(n), RecordID: id, Body: body,
		Prompt: prompt, Hint: hint,
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SavePromiseNote(c, d.WorkbookID, id, n, text, d)
		},
	}
}

func (s *promisesScreen) reopenText(c context.Context, field string, id int64) (toolText, bool) {
	if field == store.PromiseWhatField && id == 0 {
		return s.whatText(0, ""), true
	}
	p, err := s.c.store().Promise(c, s.c.workbook().ID, id)
	if err != nil {
		return toolText{}, false
	}
	if field == store.PromiseWhatField {
		return s.whatText(id, p.What), true
	}
	n, ok := store.PromiseNoteIndex(field)
	if !ok || n > len(p.History) {
		return toolText{}, false
	}
	if p.Status == promise.Missed && !p.Owned && n == len(p.History) {
		s.slipFor = id // the slip routine still follows the note
	}
	if p.Status == promise.Renegotiated && n == len(p.History) {
		s.renewFor = id // so does the offer to make it again
	}
	return s.noteText(id, n, p.History[n-1].Status, p.History[n-1].Note), true
}

// save stores a promise's choices in a Cmd, at once: what shows as set
// is in the database.
func (s *promisesScreen) save(p store.PromiseRecord, done string, next func() tea.Cmd) tea.Cmd {
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		return promiseSavedMsg{wb: wb, done: done, next: next, err: st.UpdatePromise(c, wb, p)}
	}
}

func (s *promisesScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case promisesLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your promises: %v", msg.err))
			return nil
		}
		s.list, s.loaded = msg.list, true
		s.count(s.c.now())
		s.winsMonth = msg.winsMonth
		s.cursor = min(s.cursor, max(len(s.list)-1, 0))
		s.afterLoad()
		return nil
	case promiseSavedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't save that: %v", msg.err))
			return s.Init()
		}
		if msg.done != "" {
			s.c.done(msg.done)
		}
		if msg.next != nil {
			return msg.next()
		}
		return s.Init()
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// count sorts the ledger and works out what its head shows.
func (s *promisesScreen) count(now time.Time) {
	ledgerOrder(s.list, now)
	ps := s.plain()
	s.figures = [2]promise.Reliability{promise.ReliabilityOver(ps, now, promise.Month), promise.ReliabilityOver(ps, now, promise.Quarter)}
	s.open, s.late = 0, 0
	for _, p := range s.list {
		if p.Status == promise.Open {
			s.open++
		}
		if p.Overdue(now) {
			s.late++
		}
	}
}

// afterLoad opens what the ledger owes the person: the slip routine after
// a missed promise's note, or the choices of a promise just written.
func (s *promisesScreen) afterLoad() {
	if s.mode != ledgerList && s.mode != ledgerDetail {
		if p, ok := s.find(s.target.ID); ok {
			s.target = p
		}
		return
	}
	if s.slipFor != 0 {
		if p, ok := s.find(s.slipFor); ok && p.Status == promise.Missed && !p.Owned {
			s.target, s.mode = p, ledgerSlip
		}
		s.slipFor = 0
		return
	}
	if s.renewFor != 0 {
		if p, ok := s.find(s.renewFor); ok && p.Status == promise.Renegotiated {
			// A copy with no id: choosing a date adds it as a new promise.
			s.target = store.PromiseRecord{Set: true, Promise: promise.Promise{What: p.What, ToWhom: p.ToWhom, Status: promise.Open}}
			s.mode, s.pick = ledgerWhen, 1
		}
		s.renewFor = 0
		return
	}
	for _, p := range s.list {
		if !p.Set && strings.TrimSpace(p.What) != "" {
			s.target, s.mode, s.pick = p, ledgerWhom, 0
			return
		}
	}
	if s.mode == ledgerDetail {
		if p, ok := s.find(s.target.ID); ok {
			s.target = p
		} else {
			s.mode = ledgerList
		}
	}
}

func (s *promisesScreen) find(id int64) (store.PromiseRecord, bool) {
	for _, p := range s.list {
		if p.ID == id {
			return p, true
		}
	}
	return store.PromiseRecord{}, false
}

// whom is the list of "to whom" choices, the partner's name first.
func (s *promisesScreen) whom() []string {
	name := strings.TrimSpace(s.c.workbook().PartnerName)
	if name == "" {
		name = "My partner"
	}
	return []string{sanitize.Display(name), "Our children", "Family", "A friend", "Myself", "Someone else"}
}

func (s *promisesScreen) key(kp tea.KeyPressMsg) tea.Cmd {
	if s.ask.open() {
		return s.ask.handle(kp)
	}
	switch s.mode {
	case ledgerWhom:
		return s.choose(kp, len(s.whom()), s.chooseWhom)
	case ledgerWhen:
		return s.choose(kp, len(whenChoices), s.chooseWhen)
	case ledgerMark:
		return s.choose(kp, len(markChoices), s.chooseMark)
	case ledgerDate:
		return s.typeDate(kp)
	case ledgerSlip:
		return s.slipKey(kp)
	case ledgerDetail:
		return s.detailKey(kp)
	}
	return s.listKey(kp)
}

// choose moves through a form's choices; a number or enter picks one.
func (s *promisesScreen) choose(kp tea.KeyPressMsg, n int, pick func(int) tea.Cmd) tea.Cmd {
	if key.Matches(kp, s.c.keys().Back) {
		return s.leaveForm()
	}
	if i := choiceKey(kp, s.c.keys(), n, &s.pick); i >= 0 {
		return pick(i)
	}
	return nil
}

// leaveForm is esc in a form. A promise just written keeps what it has
// (ongoing, to no one named) and is marked as chosen, so the form does
// not come back on its own; c opens it again.
func (s *promisesScreen) leaveForm() tea.Cmd {
	mode := s.mode
	s.mode = ledgerList
	if (mode == ledgerWhom || mode == ledgerWhen || mode == ledgerDate) && !s.target.Set {
		p := s.target
		p.Set = true
		return s.save(p, "Kept as ongoing. Press c to choose to whom and by when.", nil)
	}
	return nil
}

func (s *promisesScreen) chooseWhom(i int) tea.Cmd {
	s.target.ToWhom = s.whom()[i]
	s.mode, s.pick = ledgerWhen, 1 // tomorrow: small and sure
	return s.save(s.target, "", func() tea.Cmd { return nil })
}

func (s *promisesScreen) chooseWhen(i int) tea.Cmd {
	ch := whenChoices[i]
	switch ch.days {
	case -2:
		s.mode, s.date, s.dateErr = ledgerDate, "", ""
		return nil
	case -1:
		return s.setDue(time.Time{})
	}
	now := s.c.now().Local()
	return s.setDue(endOfDay(now.AddDate(0, 0, ch.days)))
}

// endOfDay is the last second of t's day: a promise for a day is not
// overdue while that day lasts.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 23, 59, 59, 0, t.Location())
}

func (s *promisesScreen) setDue(due time.Time) tea.Cmd {
	p := s.target
	p.Due, p.Set = due, true
	s.mode = ledgerList
	s.selectID(p.ID)
	when := "ongoing"
	if !due.IsZero() {
		when = "by " + dayWords(due, s.c.now())
	}
	to := ""
	if p.ToWhom != "" {
		to = " to " + p.ToWhom
	}
	done := "Promise kept in your ledger" + to + ", " + when + "."
	if p.ID == 0 {
		return s.add(p, "Made again"+to+", "+when+".")
	}
	return s.save(p, done, nil)
}

// add stores a renegotiated promise made again, as a new promise.
func (s *promisesScreen) add(p store.PromiseRecord, done string) tea.Cmd {
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		_, err := st.AddPromise(c, wb, p)
		return promiseSavedMsg{wb: wb, done: done, err: err}
	}
}

func (s *promisesScreen) selectID(id int64) {
	for i, p := range s.list {
		if p.ID == id {
			s.cursor = i
		}
	}
}

// typeDate is the date field: YYYY-MM-DD, or "ongoing".
func (s *promisesScreen) typeDate(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		s.mode, s.pick = ledgerWhen, len(whenChoices)-1
		return nil
	case key.Matches(kp, k.Open):
		due, err := parseDue(s.date, s.c.now())
		if err != "" {
			s.dateErr = err
			return nil
		}
		return s.setDue(due)
	case kp.String() == "backspace":
		if s.date != "" {
			s.date = s.date[:len(s.date)-1]
		}
	default:
		if t := kp.Text; t != "" && len(s.date)+len(t) <= 12 {
			s.date += t
		}
	}
	s.dateErr = ""
	return nil
}

// parseDue reads a typed due date. It returns the end of that day, zero
// for "ongoing", or a one-line reason with what to type.
func parseDue(typed string, now time.Time) (time.Time, string) {
	typed = strings.TrimSpace(strings.ToLower(typed))
	if typed == "ongoing" {
		return time.Time{}, ""
	}
	d, err := time.ParseInLocation("2006-01-02", typed, time.Local)
	if err != nil {
		return time.Time{}, "Type a date as YYYY-MM-DD (like " + now.Local().AddDate(0, 0, 3).Format("2006-01-02") + ") or \"ongoing\"."
	}
	due := endOfDay(d)
	if due.Before(now) {
		return time.Time{}, "That day has passed: type today's date or a later one."
	}
	return due, ""
}

// dayWords is a due date as people say it: today, tomorrow, or the day.
func dayWords(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	switch {
	case sameDay(t, now):
		return "today"
	case sameDay(t, now.AddDate(0, 0, 1)):
		return "tomorrow"
	case sameDay(t, now.AddDate(0, 0, -1)):
		return "yesterday"
	case t.Year() == now.Year():
		return t.Format("Mon 2 Jan")
	}
	return t.Format("2 Jan 2006")
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// chooseMark marks the promise at once, then opens its note.
func (s *promisesScreen) chooseMark(i int) tea.Cmd {
	st := markChoices[i]
	p := s.target
	if st == p.Status && st == promise.Open {
		s.mode = ledgerList // already open: nothing to record
		return nil
	}
	before := promise.ReliabilityOver(s.plain(), s.c.now(), promise.Month)
	settled, err := p.Settle(st, "", s.c.now())
	if err != nil {
		s.c.problem(err.Error())
		return nil
	}
	p.Promise = settled
	if st != promise.Missed {
		p.OwnedAt = time.Time{}
	}
	s.mode = ledgerList
	switch st {
	case promise.Missed:
		s.slipFor = p.ID
	case promise.Renegotiated:
		s.renewFor = p.ID
	}
	after := s.plain()
	for i := range after {
		if after[i].ID == p.ID {
			after[i] = p.Promise
		}
	}
	now30 := promise.ReliabilityOver(after, s.c.now(), promise.Month)
	done := fmt.Sprintf("Marked %s.", st)
	if now30 != before {
		done += " Last 30 days: " + figureWords(now30) + "."
	}
	note := s.noteText(p.ID, len(p.History), st, "")
	return s.save(p, done, func() tea.Cmd { return s.c.write(note) })
}

// plain is the ledger as domain promises, for the figure.
func (s *promisesScreen) plain() []promise.Promise {
	out := make([]promise.Promise, len(s.list))
	for i, p := range s.list {
		out[i] = p.Promise
	}
	return out
}

// figureWords is the reliability figure in words; with too few promises
// it says how many there are so far, so marking one visibly counts.
func figureWords(r promise.Reliability) string {
	if r.Enough() {
		return r.Words()
	}
	return fmt.Sprintf("not enough yet to say (%d kept or missed; a figure from %d)", r.Decided, promise.MinDecided)
}

func (s *promisesScreen) slipKey(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		s.mode = ledgerList
		s.c.info("The slip routine is here when you are ready: o on the missed promise.")
	case key.Matches(kp, keyMarkOwned):
		p := s.target
		p.Owned, p.OwnedAt = true, s.c.now()
		s.mode = ledgerList
		return s.save(p, "Recorded: you owned it. Saying it early matters more than a clean record.", nil)
	}
	return nil
}

func (s *promisesScreen) detailKey(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		s.mode = ledgerList
	case key.Matches(kp, keyMarkPromise):
		s.mode, s.pick = ledgerMark, 0
	case key.Matches(kp, k.Edit):
		return s.c.write(s.whatText(s.target.ID, s.target.What))
	case key.Matches(kp, keyChangeWhen):
		s.mode, s.pick = ledgerWhom, 0
	case key.Matches(kp, keyOwnSlip):
		if s.target.Status == promise.Missed && !s.target.Owned {
			s.mode = ledgerSlip
		}
	}
	return nil
}

func (s *promisesScreen) listKey(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		return s.c.back()
	case moveCursor(kp, k, len(s.list), &s.cursor):
	case key.Matches(kp, keyNewPromise):
		return s.c.write(s.whatText(0, ""))
	}
	p, ok := s.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(kp, keyDetails):
		s.target, s.mode = p, ledgerDetail
	case key.Matches(kp, keyMarkPromise):
		s.target, s.mode, s.pick = p, ledgerMark, 0
	case key.Matches(kp, keyOwnSlip):
		if p.Status == promise.Missed && !p.Owned {
			s.target, s.mode = p, ledgerSlip
		} else {
			s.c.info("The slip routine is for a missed promise not yet owned.")
		}
	case key.Matches(kp, k.Edit):
		return s.c.write(s.whatText(p.ID, p.What))
	case key.Matches(kp, keyChangeWhen):
		s.target, s.mode, s.pick = p, ledgerWhom, 0
	case key.Matches(kp, keyDeleteProm):
		st, wb := s.c.store(), s.c.workbook().ID
		s.ask.ask("Delete this promise and its notes?", func() tea.Cmd {
			return func() tea.Msg {
				c, cancel := ctx()
				defer cancel()
				return promiseSavedMsg{wb: wb, done: "Deleted.", err: st.DeletePromise(c, wb, p.ID, toolStep(promisesTool.id))}
			}
		})
	}
	return nil
}

func (s *promisesScreen) selected() (store.PromiseRecord, bool) {
	if s.cursor < len(s.list) {
		return s.list[s.cursor], true
	}
	return store.PromiseRecord{}, false
}

// promiseState is a promise's state in words, so nothing rests on colour.
func promiseState(p store.PromiseRecord, now time.Time) string {
	switch {
	case p.Overdue(now):
		return "OVERDUE"
	case p.Status == promise.Missed && p.Owned:
		return "missed, owned"
	}
	return string(p.Status)
}

// promiseLine is one row of the ledger.
func promiseLine(p store.PromiseRecord, now time.Time) string {
	parts := []string{oneLine(sanitize.Display(p.What))}
	if p.ToWhom != "" {
		parts = append(parts, "to "+p.ToWhom)
	}
	switch {
	case p.Status != promise.Open:
		parts = append(parts, string(p.Status)+" "+dayWords(p.Settled, now))
	case p.Overdue(now):
		parts = append(parts, "was due "+dayWords(p.Due, now))
	case p.Ongoing():
		parts = append(parts, "ongoing")
	default:
		parts = append(parts, "due "+dayWords(p.Due, now))
	}
	return fmt.Sprintf("%-13s %s", promiseState(p, now), strings.Join(parts, " · "))
}

func (s *promisesScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	width := max(s.w-2, 10)
	now := s.c.now()
	switch s.mode {
	case ledgerWhom, ledgerWhen, ledgerMark, ledgerDate:
		return s.formView(width)
	case ledgerSlip:
		lines := []string{st.Heading.Render("A slip, owned"), "",
			ansi.Wordwrap("Missed: "+oneLine(sanitize.Display(s.target.What)), width, ""), "",
			st.Subtle.Render("Nobody keeps every promise. What you do next matters more:"), ""}
		for i, step := range promise.SlipSteps() {
			lines = append(lines, fmt.Sprintf("  %d. %s", i+1, step))
		}
		lines = append(lines, "", ansi.Wordwrap("When you have said it and owned it, press o to record that. esc: later.", width, ""))
		return strings.Join(lines, "\n")
	case ledgerDetail:
		return s.detailView(width)
	}
	lines := []string{}
	for i, days := range []int{promise.Month, promise.Quarter} {
		r := s.figures[i]
		lines = append(lines, ansi.Wordwrap(fmt.Sprintf("Last %d days  %s  %s", days, r.Bar(10, false), figureWords(r)), width, ""))
	}
	if s.winsMonth > 0 {
		lines = append(lines, st.Subtle.Render(ansi.Wordwrap(winsLine(s.winsMonth), width, "")))
	}
	if len(s.list) == 0 {
		lines = append(lines, "", ansi.Wordwrap("No promises yet. Small, sure ones are best: be home when you said, call when you said. Press n to write one.", width, ""))
		return strings.Join(lines, "\n")
	}
	head := fmt.Sprintf("%d open", s.open)
	if s.late > 0 {
		head += fmt.Sprintf(" · %d overdue", s.late)
	}
	lines = append(lines, "", st.Heading.Render(head), "")
	top := len(lines)
	if s.ask.open() {
		top++
	}
	lines = append(lines, cursorRows(st, len(s.list), s.cursor, s.h-top, func(i int) string {
		return ansi.Truncate(promiseLine(s.list[i], now), max(width-2, 8), "…")
	})...)
	if s.ask.open() {
		lines = append(lines, s.ask.view(st, s.w))
	}
	return strings.Join(lines, "\n")
}

func (s *promisesScreen) formView(width int) string {
	st := s.c.styles()
	what := ansi.Truncate(oneLine(sanitize.Display(s.target.What)), width, "…")
	var q string
	var opts []string
	switch s.mode {
	case ledgerWhom:
		q, opts = "To whom?", s.whom()
	case ledgerWhen, ledgerDate:
		q = "By when?"
		if s.target.ID == 0 {
			q = "Make it again, by when? (esc: not now)"
		}
		for _, c := range whenChoices {
			opts = append(opts, c.label)
		}
	case ledgerMark:
		q = "How did it go?"
		opts = []string{"Kept", "Missed", "Renegotiated (changed openly, before it was due)", "Still open"}
	}
	lines := []string{st.Subtle.Render(what), "", st.Heading.Render(q), ""}
	if s.mode == ledgerDate {
		lines = append(lines, "Date (YYYY-MM-DD) or \"ongoing\": "+s.date+"▏")
		if s.dateErr != "" {
			lines = append(lines, st.Error.Render(ansi.Truncate(s.dateErr, width, "…")))
		}
		lines = append(lines, "", st.Subtle.Render("enter saves · esc goes back to the choices"))
		return strings.Join(lines, "\n")
	}
	return strings.Join(append(lines, choiceRows(st, opts, s.pick)...), "\n")
}

func (s *promisesScreen) detailView(width int) string {
	st := s.c.styles()
	p, now := s.target, s.c.now()
	lines := []string{ansi.Wordwrap(sanitize.Display(p.What), width, ""), "", st.Subtle.Render(ansi.Truncate(promiseLine(p, now), width, "…"))}
	if p.Owned {
		lines = append(lines, st.Subtle.Render("Owned "+dayWords(p.OwnedAt, now)+"."))
	}
	for _, c := range p.History {
		lines = append(lines, "", st.Heading.Render(string(c.Status)+" · "+dayWords(c.At, now)))
		if c.Note != "" {
			lines = append(lines, ansi.Wordwrap(sanitize.Display(c.Note), width, ""))
		}
	}
	if len(lines) > max(s.h, 4) {
		lines = lines[:max(s.h, 4)]
	}
	return strings.Join(lines, "\n")
}

// winsLine puts the small wins beside the promises: both are the person's
// own consistency, never a score the other person owes them.
func winsLine(n int) string {
	return fmt.Sprintf("And %s noted in the last 30 days.", plural(n, "small win"))
}
