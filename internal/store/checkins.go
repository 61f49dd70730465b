package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Check-ins and self-assessments live in the checkins table (migration
// 0008). A check-in's scores are in data, read for charts without opening
// any text; its answers, note and the one thing for this week are text
// fields. At is the moment the check-in is for (its day).
const (
	checkinsTable  = "checkins"
	checkinKind    = "checkin"
	assessmentKind = "assessment"
)

// Text fields of a check-in: the note, the one thing for this week, and
// the answer to open question i (CheckinAnswerField(i)).
const (
	CheckinNoteField     = "note"
	CheckinOneThingField = "one-thing"
)

// CheckinAnswerField names the text field of open question i (0-based).
func CheckinAnswerField(i int) string { return fmt.Sprintf("answer-%d", i+1) }

// Checkin is one check-in. Scores are by dimension key (checkin.Dimension),
// 1 to 10; a dimension not yet scored is absent. Done marks a check-in the
// person finished; an unfinished one is kept as it is (scores, text) and
// reopened, never lost.
type Checkin struct {
	ID     int64
	At     time.Time
	Scores map[string]int
	Done   bool
	// Text holds the note, the answers and the one thing; empty unless
	// read with text.
	Text      map[string]string
	CreatedAt time.Time
	UpdatedAt time.Time
}

type checkinData struct {
	Scores map[string]int `json:"scores"`
	Done   bool           `json:"done,omitempty"`
}

// Assessment is one take of the self-assessment: the signs (by
// checkin.Sign id) the person checked.
type Assessment struct {
	ID      int64
	At      time.Time
	Checked map[string]bool
	Done    bool
}

type assessmentData struct {
	Checked map[string]bool `json:"checked"`
	Done    bool            `json:"done,omitempty"`
}

func checkinOf(r Record) Checkin {
	var d checkinData
	_ = json.Unmarshal(r.Data, &d) // damaged data reads as no scores
	if d.Scores == nil {
		d.Scores = map[string]int{}
	}
	return Checkin{ID: r.ID, At: r.At, Scores: d.Scores, Done: d.Done, Text: r.Text,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (c Checkin) record(wb int64) (Record, error) {
	s := c.Scores
	if s == nil {
		s = map[string]int{}
	}
	data, err := json.Marshal(checkinData{Scores: s, Done: c.Done})
	return Record{ID: c.ID, WorkbookID: wb, Kind: checkinKind, At: c.At, Data: data, Text: c.Text}, err
}

// AddCheckin starts a check-in (scores and Done from c; text fields are
// written through SaveCheckinText). It returns it with its id.
func (s *Store) AddCheckin(ctx context.Context, wb int64, c Checkin) (Checkin, error) {
	r, err := c.record(wb)
	if err != nil {
		return Checkin{}, err
	}
	if r, err = s.AddRecord(ctx, checkinsTable, r); err != nil {
		return Checkin{}, err
	}
	return checkinOf(r), nil
}

// SaveCheckinScores replaces a check-in's scores, Done and At, keeping its
// text as it is. The text is read and the row written in one transaction,
// so a note saved at the same moment is never overwritten by old text.
func (s *Store) SaveCheckinScores(ctx context.Context, wb int64, c Checkin) (Checkin, error) {
	r, err := c.record(wb)
	if err != nil {
		return Checkin{}, err
	}
	var out Record
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.recordTx(ctx, tx, checkinsTable, wb, c.ID)
		if err != nil {
			return err
		}
		r.Text = cur.Text
		out, err = s.updateRecordTx(ctx, tx, checkinsTable, r)
		return err
	})
	if err != nil {
		return Checkin{}, fmt.Errorf("save %s: %w", checkinsTable, err)
	}
	return checkinOf(out), nil
}

// SaveCheckinText sets one text field of check-in id (0 starts a check-in
// at 'at') and deletes its draft, in one transaction. It returns the id.
func (s *Store) SaveCheckinText(ctx context.Context, wb, id int64, at time.Time, field, text string, draft DraftKey) (int64, error) {
	r, err := Checkin{ID: id, At: at}.record(wb)
	if err != nil {
		return 0, err
	}
	r, err = s.SaveRecordText(ctx, checkinsTable, r, field, text, draft)
	return r.ID, err
}

// CheckinByID reads one check-in with its text.
func (s *Store) CheckinByID(ctx context.Context, wb, id int64) (Checkin, error) {
	r, err := s.Record(ctx, checkinsTable, wb, id)
	if err != nil {
		return Checkin{}, err
	}
	return checkinOf(r), nil
}

// Checkins lists check-ins whose At is in [from, to) (a zero end is open),
// oldest first, without their text unless withText: a chart of three years
// of daily check-ins opens no note.
func (s *Store) Checkins(ctx context.Context, wb int64, from, to time.Time, withText bool) ([]Checkin, error) {
	rs, err := s.Records(ctx, checkinsTable, wb, RecordQuery{Kind: checkinKind, From: from, To: to, ByAt: true, WithText: withText})
	if err != nil {
		return nil, err
	}
	out := make([]Checkin, len(rs))
	for i, r := range rs {
		out[i] = checkinOf(r)
	}
	return out, nil
}

// LastCheckin is the newest check-in, if any, with its text.
func (s *Store) LastCheckin(ctx context.Context, wb int64) (Checkin, bool, error) {
	rs, err := s.Records(ctx, checkinsTable, wb, RecordQuery{Kind: checkinKind, ByAt: true, Newest: true, Limit: 1, WithText: true})
	if err != nil || len(rs) == 0 {
		return Checkin{}, false, err
	}
	return checkinOf(rs[0]), true, nil
}

// CheckinBefore is the newest check-in dated before t, without its text:
// the one a new check-in's bridge starts from.
func (s *Store) CheckinBefore(ctx context.Context, wb int64, t time.Time) (Checkin, bool, error) {
	rs, err := s.Records(ctx, checkinsTable, wb, RecordQuery{Kind: checkinKind, To: t, ByAt: true, Newest: true, Limit: 1})
	if err != nil || len(rs) == 0 {
		return Checkin{}, false, err
	}
	return checkinOf(rs[0]), true, nil
}

// DeleteCheckin removes a check-in and the drafts of its text.
func (s *Store) DeleteCheckin(ctx context.Context, wb, id int64, stepID string) error {
	return s.DeleteRecord(ctx, checkinsTable, wb, id, stepID)
}

func assessmentOf(r Record) Assessment {
	var d assessmentData
	_ = json.Unmarshal(r.Data, &d)
	if d.Checked == nil {
		d.Checked = map[string]bool{}
	}
	return Assessment{ID: r.ID, At: r.At, Checked: d.Checked, Done: d.Done}
}

// SaveAssessment stores a take of the self-assessment (a new one when
// a.ID is 0) and returns it.
func (s *Store) SaveAssessment(ctx context.Context, wb int64, a Assessment) (Assessment, error) {
	c := a.Checked
	if c == nil {
		c = map[string]bool{}
	}
	data, err := json.Marshal(assessmentData{Checked: c, Done: a.Done})
	if err != nil {
		return Assessment{}, err
	}
	r := Record{ID: a.ID, WorkbookID: wb, Kind: assessmentKind, At: a.At, Data: data}
	if a.ID == 0 {
		r, err = s.AddRecord(ctx, checkinsTable, r)
	} else {
		r, err = s.UpdateRecord(ctx, checkinsTable, r)
	}
	if err != nil {
		return Assessment{}, err
	}
	return assessmentOf(r), nil
}

// Assessments lists the takes of the self-assessment with At in [from,
// to), oldest first.
func (s *Store) Assessments(ctx context.Context, wb int64, from, to time.Time) ([]Assessment, error) {
	rs, err := s.Records(ctx, checkinsTable, wb, RecordQuery{Kind: assessmentKind, From: from, To: to, ByAt: true})
	if err != nil {
		return nil, err
	}
	out := make([]Assessment, len(rs))
	for i, r := range rs {
		out[i] = assessmentOf(r)
	}
	return out, nil
}
