package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Record is one row of a tool's table (the apology builder, the promise
// ledger, agreements, small wins, space, check-ins). Every tool table has
// the same shape, made by its own migration, so one set of functions here
// reads and writes them all through the codec; each tool's own store file
// (promises.go, checkins.go, ...) turns records into its domain types.
//
// Id, workbook, kind and times are plain, like an entry's. Everything the
// person chose or wrote is private: Data holds the small fields (choices,
// scores, flags) as JSON and is read for lists and charts; Text holds the
// free text fields by name and is read only when a record is opened or
// exported, so a chart of three years of check-ins never opens a note.
type Record struct {
	ID         int64
	WorkbookID int64
	// Kind tells a tool's record types apart ("promise" or "need").
	Kind string
	// At is the date that orders or schedules the record: a promise's due
	// date, an agreement's review date, the day of a check-in. Zero when
	// the record has none.
	At        time.Time
	Data      json.RawMessage
	Text      map[string]string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ToolTables are the tool tables, in migration order.
var ToolTables = []string{"apologies", "promises", "agreements", "wins", "space", "checkins"}

// ErrUnknownTable is returned for a table that is not a tool table; table
// names are never taken from input, this only guards the SQL.
var ErrUnknownTable = errors.New("not a tool table")

func checkTable(table string) error {
	if !slices.Contains(ToolTables, table) {
		return fmt.Errorf("%q: %w", table, ErrUnknownTable)
	}
	return nil
}

// recordWhere is where a record's private column is sealed: the table, the
// column and the row id, so a value moved to another row fails to open.
func recordWhere(table, col string, id int64) []string {
	return []string{table, col, idText(id)}
}

// recordSQL reads a private column of a tool table through the codec.
func (s *Store) recordSQL(table, col string) string {
	if !s.codec().sealed {
		return col
	}
	return fmt.Sprintf(`tw_open(%s, '%s', '%s', id)`, col, table, col)
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

// sealRecord returns r's data and text as stored.
func sealRecord(c *codec, table string, r Record) (data, text string, err error) {
	d := r.Data
	if len(d) == 0 {
		d = json.RawMessage("{}")
	}
	t := r.Text
	if t == nil {
		t = map[string]string{}
	}
	tj, err := json.Marshal(t)
	if err != nil {
		return "", "", err
	}
	if data, err = c.seal(string(d), recordWhere(table, "data", r.ID)...); err != nil {
		return "", "", err
	}
	text, err = c.seal(string(tj), recordWhere(table, "text", r.ID)...)
	return data, text, err
}

// insertRecord inserts r (with its id set) through the codec.
func insertRecord(ctx context.Context, tx *sql.Tx, c *codec, table string, r Record) error {
	data, text, err := sealRecord(c, table, r)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO `+table+` (id, workbook_id, kind, at, data, text, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.WorkbookID, r.Kind, timeText(r.At), data, text,
		formatTime(r.CreatedAt), formatTime(r.UpdatedAt))
	return err
}

// AddRecord inserts a new record into a tool table and returns it with
// its id and times.
func (s *Store) AddRecord(ctx context.Context, table string, r Record) (Record, error) {
	var out Record
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.addRecordTx(ctx, tx, table, r)
		return err
	})
	if err != nil {
		return Record{}, fmt.Errorf("save %s: %w", table, err)
	}
	return out, nil
}

func (s *Store) addRecordTx(ctx context.Context, tx *sql.Tx, table string, r Record) (Record, error) {
	if err := checkTable(table); err != nil {
		return Record{}, err
	}
	if err := s.injected("AddRecord"); err != nil {
		return Record{}, err
	}
	t, _ := s.nowText()
	var err error
	if r.ID, err = nextID(ctx, tx, table); err != nil {
		return Record{}, err
	}
	r.CreatedAt, r.UpdatedAt = t, t
	if err := insertRecord(ctx, tx, s.codec(), table, r); err != nil {
		return Record{}, err
	}
	return r, nil
}

// UpdateRecord replaces a record's kind, date, data and text.
func (s *Store) UpdateRecord(ctx context.Context, table string, r Record) (Record, error) {
	var out Record
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.updateRecordTx(ctx, tx, table, r)
		return err
	})
	if err != nil {
		return Record{}, fmt.Errorf("save %s: %w", table, err)
	}
	return out, nil
}

func (s *Store) updateRecordTx(ctx context.Context, tx *sql.Tx, table string, r Record) (Record, error) {
	if err := checkTable(table); err != nil {
		return Record{}, err
	}
	if err := s.injected("UpdateRecord"); err != nil {
		return Record{}, err
	}
	t, ts := s.nowText()
	data, text, err := sealRecord(s.codec(), table, r)
	if err != nil {
		return Record{}, err
	}
	var created string
	err = tx.QueryRowContext(ctx, `UPDATE `+table+` SET kind = ?, at = ?, data = ?, text = ?, updated_at = ?
		WHERE id = ? AND workbook_id = ? RETURNING created_at`,
		r.Kind, timeText(r.At), data, text, ts, r.ID, r.WorkbookID).Scan(&created)
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, notFound(table, r.WorkbookID, r.ID)
	}
	if err != nil {
		return Record{}, err
	}
	r.CreatedAt, _ = parseTime(created)
	r.UpdatedAt = t
	return r, nil
}

// SaveRecordText sets one free text field of a record and deletes the
// draft it was written in, in one transaction: the words are in the
// record or in the draft, never in neither. A record with id 0 is
// created (with r's kind, date and data). It returns the record as saved.
func (s *Store) SaveRecordText(ctx context.Context, table string, r Record, field, text string, draft DraftKey) (Record, error) {
	var out Record
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if r.ID != 0 {
			cur, err := s.recordTx(ctx, tx, table, r.WorkbookID, r.ID)
			if err != nil {
				return err
			}
			cur.Text = cloneText(cur.Text)
			cur.Text[field] = text
			out, err = s.updateRecordTx(ctx, tx, table, cur)
			if err != nil {
				return err
			}
		} else {
			r.Text = cloneText(r.Text)
			r.Text[field] = text
			if out, err = s.addRecordTx(ctx, tx, table, r); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM drafts
			WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? AND entry_id = ?`,
			draft.WorkbookID, draft.StepID, draft.PromptID, draft.EntryID)
		return err
	})
	if err != nil {
		return Record{}, fmt.Errorf("save %s: %w", table, err)
	}
	return out, nil
}

// ToolStepPrefix starts the step id under which a tool keeps the drafts of
// its text fields ("tool.promises"). It is never a lesson's id, so the
// journal, home and the journal part of exports leave such drafts out.
const ToolStepPrefix = "tool."

// IsToolStep reports whether a draft's step id belongs to a tool.
func IsToolStep(stepID string) bool { return strings.HasPrefix(stepID, ToolStepPrefix) }

// DraftKey names one draft: the workbook, step, prompt and entry it is for.
// Tools keep their unsaved text under step ids of their own (see
// tui.toolStep), with the record's id as the entry id.
type DraftKey struct {
	WorkbookID       int64
	StepID, PromptID string
	EntryID          int64
}

func cloneText(t map[string]string) map[string]string {
	out := make(map[string]string, len(t)+1)
	for k, v := range t {
		out[k] = v
	}
	return out
}

// DeleteRecord removes a record and any drafts of its text.
func (s *Store) DeleteRecord(ctx context.Context, table string, wb, id int64, stepID string) error {
	if err := checkTable(table); err != nil {
		return err
	}
	if err := s.injected("DeleteRecord"); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ? AND workbook_id = ?`, id, wb)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(table, wb, id)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM drafts WHERE workbook_id = ? AND step_id = ? AND entry_id = ?`, wb, stepID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete from %s: %w", table, err)
	}
	return nil
}

// Record reads one record, text included.
func (s *Store) Record(ctx context.Context, table string, wb, id int64) (Record, error) {
	if err := checkTable(table); err != nil {
		return Record{}, err
	}
	if err := s.codec().ready(); err != nil {
		return Record{}, err
	}
	row := s.r.QueryRowContext(ctx, `SELECT id, workbook_id, kind, at, `+s.recordSQL(table, "data")+`, `+
		s.recordSQL(table, "text")+`, created_at, updated_at FROM `+table+` WHERE id = ? AND workbook_id = ?`, id, wb)
	r, err := scanRecord(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, notFound(table, wb, id)
	}
	if err != nil {
		return Record{}, s.readErr(ctx, "read "+table, err)
	}
	return r, nil
}

func (s *Store) recordTx(ctx context.Context, tx *sql.Tx, table string, wb, id int64) (Record, error) {
	if err := checkTable(table); err != nil {
		return Record{}, err
	}
	row := tx.QueryRowContext(ctx, `SELECT id, workbook_id, kind, at, `+s.recordSQL(table, "data")+`, `+
		s.recordSQL(table, "text")+`, created_at, updated_at FROM `+table+` WHERE id = ? AND workbook_id = ?`, id, wb)
	r, err := scanRecord(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, notFound(table, wb, id)
	}
	return r, err
}

// RecordQuery selects records of one workbook: of one kind (all when
// empty), with At or CreatedAt in [From, To) when set, and with or without
// their text.
type RecordQuery struct {
	Kind     string
	From, To time.Time
	// ByAt filters and orders on At rather than CreatedAt.
	ByAt bool
	// WithText reads the free text too; lists and charts leave it out.
	WithText bool
	// Newest orders newest first; Limit caps the count (0: no cap).
	Newest bool
	Limit  int
}

// Records lists records of a workbook in a tool table, oldest first unless
// q.Newest.
func (s *Store) Records(ctx context.Context, table string, wb int64, q RecordQuery) ([]Record, error) {
	if err := checkTable(table); err != nil {
		return nil, err
	}
	if err := s.codec().ready(); err != nil {
		return nil, err
	}
	textCol := `'{}'`
	if q.WithText {
		textCol = s.recordSQL(table, "text")
	}
	col := "created_at"
	if q.ByAt {
		col = "at"
	}
	query := `SELECT id, workbook_id, kind, at, ` + s.recordSQL(table, "data") + `, ` + textCol +
		`, created_at, updated_at FROM ` + table + ` WHERE workbook_id = ?`
	args := []any{wb}
	if q.Kind != "" {
		query += ` AND kind = ?`
		args = append(args, q.Kind)
	}
	if !q.From.IsZero() {
		query += ` AND ` + col + ` >= ?`
		args = append(args, formatTime(q.From))
	}
	if !q.To.IsZero() {
		query += ` AND ` + col + ` < ?`
		args = append(args, formatTime(q.To))
	}
	dir := "ASC"
	if q.Newest {
		dir = "DESC"
	}
	query += fmt.Sprintf(` ORDER BY %s %s, id %s`, col, dir, dir)
	if q.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, q.Limit)
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.readErr(ctx, "list "+table, err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows, q.WithText)
		if err != nil {
			return nil, s.readErr(ctx, "list "+table, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.readErr(ctx, "list "+table, err)
	}
	return out, nil
}

func scanRecord(r scanner, withText bool) (Record, error) {
	var rec Record
	var at, data, text, created, updated string
	if err := r.Scan(&rec.ID, &rec.WorkbookID, &rec.Kind, &at, &data, &text, &created, &updated); err != nil {
		return Record{}, err
	}
	if at != "" {
		rec.At, _ = parseTime(at)
	}
	rec.CreatedAt, _ = parseTime(created)
	rec.UpdatedAt, _ = parseTime(updated)
	rec.Data = json.RawMessage(data)
	if !json.Valid(rec.Data) {
		rec.Data = json.RawMessage("{}") // a damaged row reads as empty, never as someone else's words
	}
	rec.Text = map[string]string{}
	if withText {
		_ = json.Unmarshal([]byte(text), &rec.Text)
	}
	return rec, nil
}
