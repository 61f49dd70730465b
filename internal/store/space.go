package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/space"
)

// Giving space and time-outs live in the space table (migration 0007):
//
//   - a "period" is a stretch of space that was asked for. At is the date
//     it was asked for until, empty for "until they reach out". Its start,
//     its early end and why it ended are in data; its unsent letters are
//     text fields ("letter-1", "letter-2", ...), with the day each was
//     written in data.
//   - the "timeout-plan" is the plan for when a talk floods: its length in
//     data, its signal, what each does meanwhile and when to come back as
//     text fields. A workbook has one; the newest counts.
//   - a "timeout" is one break taken: At is when it started, its length
//     (copied from the plan, so changing the plan does not move a running
//     timer) and an early stop in data. Storing the start, not a countdown,
//     is what lets the timer survive leaving the screen or the app.
//
// Unsent letters are text fields of their period rather than journal
// entries: an entry belongs to a lesson's prompt of the person's track, and
// the hurt track has no step on giving space, while both sides can ask for
// or give space. Kept with their period, a letter is sealed like every
// record, exported under the time it was written in, and never counted as
// an answer to a lesson.
const (
	spaceTable      = "space"
	periodKind      = "period"
	timeoutPlanKind = "timeout-plan"
	timeoutKind     = "timeout"
)

// Text fields of the time-out plan.
const (
	PlanSignalField    = "signal"
	PlanMeField        = "meanwhile-me"
	PlanThemField      = "meanwhile-them"
	PlanComeBackField  = "come-back"
	letterFieldPrefix  = "letter-"
	defaultPlanMinutes = int(space.MinBreak / time.Minute)
)

// LetterField names the text field of a period's n-th unsent letter.
func LetterField(n int) string { return letterFieldPrefix + strconv.Itoa(n) }

// letterNumber is n for LetterField(n), or 0 for another field.
func letterNumber(field string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(field, letterFieldPrefix))
	if err != nil || !strings.HasPrefix(field, letterFieldPrefix) || n < 1 {
		return 0
	}
	return n
}

// SpacePeriod is one stored period of giving space.
type SpacePeriod struct {
	ID int64
	space.GivePeriod
	// EndedWhy is how it ended early, in the person's choice of words
	// ("they reached out", "we agreed to talk"); empty while it runs.
	EndedWhy string
	// Letters are its unsent letters, by number; their Text only when
	// read with text.
	Letters []UnsentLetter
}

// UnsentLetter is one letter written instead of sent.
type UnsentLetter struct {
	N    int
	At   time.Time // when it was first saved
	Text string
}

// Field is the letter's text field in its period.
func (l UnsentLetter) Field() string { return LetterField(l.N) }

type periodData struct {
	Since    string `json:"since"`
	ReachOut bool   `json:"until_reach_out,omitempty"`
	Ended    string `json:"ended,omitempty"`
	EndedWhy string `json:"ended_why,omitempty"`
	// Letters maps a letter's field to when it was first saved.
	Letters map[string]string `json:"letters,omitempty"`
}

func timeOrZero(s string) time.Time {
	t, _ := parseTime(s)
	return t
}

func periodOf(r Record) SpacePeriod {
	var d periodData
	_ = json.Unmarshal(r.Data, &d) // damaged data reads as an empty period
	p := SpacePeriod{ID: r.ID, EndedWhy: d.EndedWhy, GivePeriod: space.GivePeriod{
		Since: timeOrZero(d.Since), Until: r.At, UntilTheyReachOut: d.ReachOut, Ended: timeOrZero(d.Ended)}}
	seen := map[int]bool{}
	for f, at := range d.Letters {
		if n := letterNumber(f); n > 0 {
			seen[n] = true
			p.Letters = append(p.Letters, UnsentLetter{N: n, At: timeOrZero(at), Text: r.Text[f]})
		}
	}
	for f, t := range r.Text { // a letter whose date was lost still shows
		if n := letterNumber(f); n > 0 && !seen[n] {
			p.Letters = append(p.Letters, UnsentLetter{N: n, Text: t})
		}
	}
	sort.Slice(p.Letters, func(i, j int) bool { return p.Letters[i].N < p.Letters[j].N })
	return p
}

func periodRecord(wb int64, p SpacePeriod, letters map[string]string) (Record, error) {
	d := periodData{Since: timeText(p.Since), ReachOut: p.UntilTheyReachOut, Ended: timeText(p.Ended), EndedWhy: p.EndedWhy, Letters: letters}
	data, err := json.Marshal(d)
	if err != nil {
		return Record{}, err
	}
	at := p.Until
	if p.UntilTheyReachOut {
		at = time.Time{}
	}
	return Record{ID: p.ID, WorkbookID: wb, Kind: periodKind, At: at, Data: data}, nil
}

// NextLetter is the number for a new unsent letter in p.
func (p SpacePeriod) NextLetter() int {
	n := 1
	for _, l := range p.Letters {
		n = max(n, l.N+1)
	}
	return n
}

// SpacePeriods lists a workbook's periods of giving space, oldest first,
// with the letters' text when withText.
func (s *Store) SpacePeriods(ctx context.Context, wb int64, withText bool) ([]SpacePeriod, error) {
	rs, err := s.Records(ctx, spaceTable, wb, RecordQuery{Kind: periodKind, WithText: withText})
	if err != nil {
		return nil, err
	}
	out := make([]SpacePeriod, 0, len(rs))
	for _, r := range rs {
		out = append(out, periodOf(r))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	return out, nil
}

// StartSpace records that space was asked for: from g.Since, until g.Until
// or until they reach out.
func (s *Store) StartSpace(ctx context.Context, wb int64, g space.GivePeriod) (SpacePeriod, error) {
	if err := g.Validate(); err != nil {
		return SpacePeriod{}, err
	}
	r, err := periodRecord(wb, SpacePeriod{GivePeriod: g}, nil)
	if err != nil {
		return SpacePeriod{}, err
	}
	r, err = s.AddRecord(ctx, spaceTable, r)
	if err != nil {
		return SpacePeriod{}, err
	}
	return periodOf(r), nil
}

// EndSpace records that a period ended early, at at, and why.
func (s *Store) EndSpace(ctx context.Context, wb, id int64, at time.Time, why string) error {
	return s.changePeriod(ctx, wb, id, nil, func(p *SpacePeriod, _, _ map[string]string) error {
		p.Ended, p.EndedWhy = at, why
		return p.Validate()
	})
}

// changePeriod reads a period, lets change edit it, its letters' dates
// and its text fields, and writes it back, with the draft of draft (when
// set) deleted in the same transaction.
func (s *Store) changePeriod(ctx context.Context, wb, id int64, draft *DraftKey, change func(p *SpacePeriod, letters, text map[string]string) error) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.recordTx(ctx, tx, spaceTable, wb, id)
		if err != nil {
			return err
		}
		if r.Kind != periodKind {
			return notFound(spaceTable, wb, id)
		}
		var d periodData
		_ = json.Unmarshal(r.Data, &d)
		if d.Letters == nil {
			d.Letters = map[string]string{}
		}
		p, text := periodOf(r), cloneText(r.Text)
		if err := change(&p, d.Letters, text); err != nil {
			return err
		}
		if len(d.Letters) == 0 {
			d.Letters = nil
		}
		nr, err := periodRecord(wb, p, d.Letters)
		if err != nil {
			return err
		}
		nr.Text = text
		if _, err := s.updateRecordTx(ctx, tx, spaceTable, nr); err != nil {
			return err
		}
		if draft == nil {
			return nil
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM drafts
			WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? AND entry_id = ?`,
			draft.WorkbookID, draft.StepID, draft.PromptID, draft.EntryID)
		return err
	})
	if err != nil {
		return fmt.Errorf("save space: %w", err)
	}
	return nil
}

// SaveUnsentLetter stores letter n of a period (its first saving dated at)
// and deletes the draft it was written in, in one transaction.
func (s *Store) SaveUnsentLetter(ctx context.Context, wb, periodID int64, n int, text string, at time.Time, draft DraftKey) error {
	if n < 1 {
		return errors.New("an unsent letter needs a number from 1")
	}
	f := LetterField(n)
	return s.changePeriod(ctx, wb, periodID, &draft, func(_ *SpacePeriod, letters, texts map[string]string) error {
		if letters[f] == "" {
			letters[f] = timeText(at)
		}
		texts[f] = text
		return nil
	})
}

// SavedPlan is the stored time-out plan.
type SavedPlan struct {
	ID int64
	space.TimeoutPlan
}

type planData struct {
	Minutes int `json:"minutes"`
}

// TimeoutPlan reads the workbook's time-out plan, text included; ok is
// false when none was made yet (the plan then has the shortest break).
func (s *Store) TimeoutPlan(ctx context.Context, wb int64) (SavedPlan, bool, error) {
	rs, err := s.Records(ctx, spaceTable, wb, RecordQuery{Kind: timeoutPlanKind, WithText: true, Newest: true, Limit: 1})
	if err != nil || len(rs) == 0 {
		return SavedPlan{TimeoutPlan: space.TimeoutPlan{Minutes: defaultPlanMinutes}}, false, err
	}
	r := rs[0]
	var d planData
	_ = json.Unmarshal(r.Data, &d)
	if d.Minutes == 0 {
		d.Minutes = defaultPlanMinutes
	}
	return SavedPlan{ID: r.ID, TimeoutPlan: space.TimeoutPlan{
		Signal: r.Text[PlanSignalField], Minutes: d.Minutes, MeanwhileMe: r.Text[PlanMeField],
		MeanwhileThem: r.Text[PlanThemField], ComeBack: r.Text[PlanComeBackField]}}, true, nil
}

func planRecord(wb, id int64, minutes int) (Record, error) {
	data, err := json.Marshal(planData{Minutes: minutes})
	return Record{ID: id, WorkbookID: wb, Kind: timeoutPlanKind, Data: data}, err
}

// SetTimeoutMinutes sets the plan's break (a new plan when id is 0) and
// returns the plan's id. The break is kept within space.MinBreak and
// space.MaxBreak.
func (s *Store) SetTimeoutMinutes(ctx context.Context, wb, id int64, minutes int) (int64, error) {
	if err := space.CheckMinutes(minutes); err != nil {
		return 0, err
	}
	r, err := planRecord(wb, id, minutes)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		r, err = s.AddRecord(ctx, spaceTable, r)
		return r.ID, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.recordTx(ctx, tx, spaceTable, wb, id)
		if err != nil {
			return err
		}
		r.Text = cur.Text
		_, err = s.updateRecordTx(ctx, tx, spaceTable, r)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save space: %w", err)
	}
	return id, nil
}

// SavePlanText sets one text field of the plan (a new plan with the
// shortest break when id is 0) and deletes its draft, in one transaction.
func (s *Store) SavePlanText(ctx context.Context, wb, id int64, field, text string, draft DraftKey) (int64, error) {
	r, err := planRecord(wb, id, defaultPlanMinutes)
	if err != nil {
		return 0, err
	}
	r, err = s.SaveRecordText(ctx, spaceTable, r, field, text, draft)
	return r.ID, err
}

// Timeout is one break taken.
type Timeout struct {
	ID      int64
	Start   time.Time
	Minutes int
	// Stopped is set when the break was ended before its time.
	Stopped time.Time
}

type timeoutData struct {
	Minutes int    `json:"minutes"`
	Stopped string `json:"stopped,omitempty"`
}

// Plan is the break as a plan with only its length, for the timer.
func (t Timeout) Plan() space.TimeoutPlan { return space.TimeoutPlan{Minutes: t.Minutes} }

// Running reports whether the break is still counting down at now.
func (t Timeout) Running(now time.Time) bool {
	return t.Stopped.IsZero() && t.Plan().PhaseAt(t.Start, now) == space.Resting
}

func timeoutOf(r Record) Timeout {
	var d timeoutData
	_ = json.Unmarshal(r.Data, &d)
	return Timeout{ID: r.ID, Start: r.At, Minutes: d.Minutes, Stopped: timeOrZero(d.Stopped)}
}

// StartTimeout records a break of minutes starting at start.
func (s *Store) StartTimeout(ctx context.Context, wb int64, start time.Time, minutes int) (Timeout, error) {
	if start.IsZero() {
		return Timeout{}, errors.New("a time-out needs a start time")
	}
	data, err := json.Marshal(timeoutData{Minutes: minutes})
	if err != nil {
		return Timeout{}, err
	}
	r, err := s.AddRecord(ctx, spaceTable, Record{WorkbookID: wb, Kind: timeoutKind, At: start, Data: data})
	if err != nil {
		return Timeout{}, err
	}
	return timeoutOf(r), nil
}

// StopTimeout ends a break early, at at.
func (s *Store) StopTimeout(ctx context.Context, wb int64, t Timeout, at time.Time) error {
	data, err := json.Marshal(timeoutData{Minutes: t.Minutes, Stopped: timeText(at)})
	if err != nil {
		return err
	}
	_, err = s.UpdateRecord(ctx, spaceTable, Record{ID: t.ID, WorkbookID: wb, Kind: timeoutKind, At: t.Start, Data: data})
	return err
}

// Timeouts lists the breaks taken, oldest first; the newest only when
// latest.
func (s *Store) Timeouts(ctx context.Context, wb int64, latest bool) ([]Timeout, error) {
	q := RecordQuery{Kind: timeoutKind, ByAt: true}
	if latest {
		q.Newest, q.Limit = true, 1
	}
	rs, err := s.Records(ctx, spaceTable, wb, q)
	if err != nil {
		return nil, err
	}
	out := make([]Timeout, 0, len(rs))
	for _, r := range rs {
		out = append(out, timeoutOf(r))
	}
	return out, nil
}
