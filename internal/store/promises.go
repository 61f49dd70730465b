package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/agreement"
	"github.com/trustwork/trustwork/internal/promise"
)

// The promise ledger and the hurt track's "what I need to see" list live in
// the promises table (migration 0004). A promise's At is its due time (zero:
// ongoing); a need's At is its review date. The words are text fields: a
// promise's "what", each status change's note ("note.1", "note.2", ... by
// its place in the history), a need's "what". The data fields status,
// settled and owned are also read by the weekly review (review.go), which
// names the table and kind.
const (
	needKind = "need"
	// PromiseWhatField is the text field of what was promised, and of
	// what a person needs to see.
	PromiseWhatField = "what"
	// promiseNotePrefix starts the text field of a status note.
	promiseNotePrefix = "note."
)

// PromiseNoteField is the text field of the note on the n-th status change
// (1 for the first).
func PromiseNoteField(n int) string { return promiseNotePrefix + strconv.Itoa(n) }

// PromiseNoteIndex reads n back from a note field; ok is false for any
// other field.
func PromiseNoteIndex(field string) (int, bool) {
	s, ok := strings.CutPrefix(field, promiseNotePrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// promiseData is a promise's private small fields. No field is ever null:
// History is always a list.
type promiseData struct {
	Status  string          `json:"status"`
	To      string          `json:"to,omitempty"`
	Settled string          `json:"settled,omitempty"`
	Owned   bool            `json:"owned,omitempty"`
	OwnedAt string          `json:"owned_at,omitempty"`
	Set     bool            `json:"set,omitempty"` // to whom and by when were chosen
	History []promiseChange `json:"history"`
}

type promiseChange struct {
	At     string `json:"at"`
	Status string `json:"status"`
}

// PromiseRecord is a promise as the ledger shows it: the domain promise
// plus what only the screen needs.
type PromiseRecord struct {
	promise.Promise
	// Set reports whether to whom and by when have been chosen; a promise
	// just written has not yet.
	Set bool
	// OwnedAt is when the slip routine was done.
	OwnedAt time.Time
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func unstamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func promiseFromRecord(r Record) PromiseRecord {
	var d promiseData
	_ = json.Unmarshal(r.Data, &d)
	st, err := promise.ParseStatus(d.Status)
	if err != nil {
		st = promise.Open
	}
	p := PromiseRecord{Promise: promise.Promise{
		ID: r.ID, What: r.Text[PromiseWhatField], ToWhom: d.To, Made: r.CreatedAt, Due: r.At,
		Status: st, Settled: unstamp(d.Settled), Owned: d.Owned,
	}, Set: d.Set, OwnedAt: unstamp(d.OwnedAt)}
	for i, c := range d.History {
		cs, err := promise.ParseStatus(c.Status)
		if err != nil {
			continue
		}
		p.History = append(p.History, promise.Change{At: unstamp(c.At), Status: cs, Note: r.Text[PromiseNoteField(i+1)]})
	}
	if n := len(d.History); n > 0 {
		p.Note = r.Text[PromiseNoteField(n)]
	}
	return p
}

func promiseToRecord(wb int64, p PromiseRecord, text map[string]string) (Record, error) {
	d := promiseData{Status: string(p.Status), To: p.ToWhom, Settled: stamp(p.Settled), Owned: p.Owned,
		OwnedAt: stamp(p.OwnedAt), Set: p.Set, History: []promiseChange{}}
	for _, c := range p.History {
		d.History = append(d.History, promiseChange{At: stamp(c.At), Status: string(c.Status)})
	}
	b, err := json.Marshal(d)
	if err != nil {
		return Record{}, err
	}
	return Record{ID: p.ID, WorkbookID: wb, Kind: promiseKind, At: p.Due, Data: b, Text: text}, nil
}

// Promises lists a workbook's promises with their words and notes, oldest
// first.
func (s *Store) Promises(ctx context.Context, wb int64) ([]PromiseRecord, error) {
	return s.promises(ctx, wb, true)
}

// PromisesBrief lists the promises without their words, for home's notes
// and `status`, which need only dates and statuses.
func (s *Store) PromisesBrief(ctx context.Context, wb int64) ([]PromiseRecord, error) {
	return s.promises(ctx, wb, false)
}

func (s *Store) promises(ctx context.Context, wb int64, withText bool) ([]PromiseRecord, error) {
	rs, err := s.Records(ctx, promisesTable, wb, RecordQuery{Kind: promiseKind, WithText: withText})
	if err != nil {
		return nil, err
	}
	out := make([]PromiseRecord, 0, len(rs))
	for _, r := range rs {
		out = append(out, promiseFromRecord(r))
	}
	return out, nil
}

// SavePromiseWhat stores what was promised (a new open promise when id is
// 0) and deletes the draft it was written in, in one transaction. It
// returns the promise's id.
func (s *Store) SavePromiseWhat(ctx context.Context, wb, id int64, text string, draft DraftKey) (int64, error) {
	return s.savePromiseText(ctx, wb, id, PromiseWhatField, strings.TrimSpace(text), draft)
}

// SavePromiseNote stores the note of a promise's n-th status change.
func (s *Store) SavePromiseNote(ctx context.Context, wb, id int64, n int, text string, draft DraftKey) (int64, error) {
	return s.savePromiseText(ctx, wb, id, PromiseNoteField(n), strings.TrimSpace(text), draft)
}

func (s *Store) savePromiseText(ctx context.Context, wb, id int64, field, text string, draft DraftKey) (int64, error) {
	r, err := promiseToRecord(wb, PromiseRecord{Promise: promise.Promise{ID: id, Status: promise.Open}}, nil)
	if err != nil {
		return 0, err
	}
	out, err := s.SaveRecordText(ctx, promisesTable, r, field, text, draft)
	return out.ID, err
}

// AddPromise stores a new promise with its words and choices (a
// renegotiated promise made again) and returns its id.
func (s *Store) AddPromise(ctx context.Context, wb int64, p PromiseRecord) (int64, error) {
	r, err := promiseToRecord(wb, p, map[string]string{PromiseWhatField: strings.TrimSpace(p.What)})
	if err != nil {
		return 0, err
	}
	r.ID = 0
	out, err := s.AddRecord(ctx, promisesTable, r)
	return out.ID, err
}

// UpdatePromise saves a promise's choices (to whom, due, status, history,
// owned), keeping its words and notes as stored.
func (s *Store) UpdatePromise(ctx context.Context, wb int64, p PromiseRecord) error {
	cur, err := s.Record(ctx, promisesTable, wb, p.ID)
	if err != nil {
		return err
	}
	if cur.Kind != promiseKind {
		return fmt.Errorf("record %d is not a promise", p.ID)
	}
	r, err := promiseToRecord(wb, p, cur.Text)
	if err != nil {
		return err
	}
	_, err = s.UpdateRecord(ctx, promisesTable, r)
	return err
}

// DeletePromise removes a promise or a need and any draft of it.
func (s *Store) DeletePromise(ctx context.Context, wb, id int64, stepID string) error {
	return s.DeleteRecord(ctx, promisesTable, wb, id, stepID)
}

// NeedRecord is one line of "what I need to see", with its id.
type NeedRecord struct {
	ID int64
	agreement.Need
	// Set reports whether the review date was chosen; a need just
	// written has the default one.
	Set bool
}

type needData struct {
	Since  string `json:"since"` // the start of the current review period
	Shared bool   `json:"shared,omitempty"`
	Set    bool   `json:"set,omitempty"`
}

// Needs lists the hurt track's "what I need to see", oldest first.
func (s *Store) Needs(ctx context.Context, wb int64, withText bool) ([]NeedRecord, error) {
	rs, err := s.Records(ctx, promisesTable, wb, RecordQuery{Kind: needKind, WithText: withText})
	if err != nil {
		return nil, err
	}
	out := make([]NeedRecord, 0, len(rs))
	for _, r := range rs {
		var d needData
		_ = json.Unmarshal(r.Data, &d)
		added := unstamp(d.Since)
		if added.IsZero() {
			added = r.CreatedAt
		}
		out = append(out, NeedRecord{ID: r.ID, Set: d.Set,
			Need: agreement.Need{What: r.Text[PromiseWhatField], Added: added, Review: r.At, Shared: d.Shared}})
	}
	return out, nil
}

// SaveNeedWhat stores what the person needs to see (a new need when id is
// 0, with a first review four weeks from now) and deletes the draft.
func (s *Store) SaveNeedWhat(ctx context.Context, wb, id int64, text string, draft DraftKey, now time.Time) (int64, error) {
	d, _ := json.Marshal(needData{Since: stamp(now)})
	r := Record{ID: id, WorkbookID: wb, Kind: needKind, At: now.AddDate(0, 0, 28), Data: d}
	out, err := s.SaveRecordText(ctx, promisesTable, r, PromiseWhatField, strings.TrimSpace(text), draft)
	return out.ID, err
}

// UpdateNeed saves a need's review date, the start of its review period
// and whether it was shared, keeping its words. It refuses a review date
// the need's rule refuses.
func (s *Store) UpdateNeed(ctx context.Context, wb int64, n NeedRecord) error {
	check := n.Need
	check.What = "x" // the words are not read here; only the dates are checked
	if err := check.Validate(); err != nil {
		return err
	}
	cur, err := s.Record(ctx, promisesTable, wb, n.ID)
	if err != nil {
		return err
	}
	if cur.Kind != needKind {
		return fmt.Errorf("record %d is not a need", n.ID)
	}
	d, err := json.Marshal(needData{Since: stamp(n.Added), Shared: n.Shared, Set: n.Set})
	if err != nil {
		return err
	}
	cur.At, cur.Data = n.Review, d
	_, err = s.UpdateRecord(ctx, promisesTable, cur)
	return err
}

// Promise reads one promise with its words and notes.
func (s *Store) Promise(ctx context.Context, wb, id int64) (PromiseRecord, error) {
	r, err := s.Record(ctx, promisesTable, wb, id)
	if err != nil {
		return PromiseRecord{}, err
	}
	if r.Kind != promiseKind {
		return PromiseRecord{}, notFound(promisesTable, wb, id)
	}
	return promiseFromRecord(r), nil
}

// ImportPromises is for data generators (internal/devdata), never the app:
// it writes promises and needs in one transaction with the times they
// carry (Made, Added) instead of the store's clock, their words and notes
// included.
func (s *Store) ImportPromises(ctx context.Context, wb int64, ps []PromiseRecord, ns []NeedRecord) error {
	c := s.codec()
	if err := c.ready(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range ps {
			text := map[string]string{PromiseWhatField: p.What}
			for i, ch := range p.History {
				if ch.Note != "" {
					text[PromiseNoteField(i+1)] = ch.Note
				}
			}
			r, err := promiseToRecord(wb, p, text)
			if err != nil {
				return err
			}
			r.CreatedAt, r.UpdatedAt = p.Made, p.Made
			for _, t := range []time.Time{p.Settled, p.OwnedAt} {
				if t.After(r.UpdatedAt) {
					r.UpdatedAt = t
				}
			}
			if err := importRecord(ctx, tx, c, r); err != nil {
				return err
			}
		}
		for _, n := range ns {
			d, err := json.Marshal(needData{Since: stamp(n.Added), Shared: n.Shared, Set: true})
			if err != nil {
				return err
			}
			r := Record{WorkbookID: wb, Kind: needKind, At: n.Review, Data: d, Text: map[string]string{PromiseWhatField: n.What},
				CreatedAt: n.Added, UpdatedAt: n.Added}
			if err := importRecord(ctx, tx, c, r); err != nil {
				return err
			}
		}
		return nil
	})
}

func importRecord(ctx context.Context, tx *sql.Tx, c *codec, r Record) error {
	var err error
	if r.ID, err = nextID(ctx, tx, promisesTable); err != nil {
		return err
	}
	return insertRecord(ctx, tx, c, promisesTable, r)
}
