package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/workbook"
)

// PromptCountsBetween is PromptCounts for the entries written in
// [from, to): zero from or to leaves that end open. It lets an export of a
// date range say how many entries it holds before it streams them.
func (s *Store) PromptCountsBetween(ctx context.Context, wb int64, from, to time.Time) ([]PromptCount, error) {
	q := `SELECT step_id, prompt_id, count(*) FROM entries WHERE workbook_id = ?`
	args := []any{wb}
	// created_at is stored in one fixed-width UTC format, so comparing the
	// text compares the times.
	if !from.IsZero() {
		q += ` AND created_at >= ?`
		args = append(args, formatTime(from))
	}
	if !to.IsZero() {
		q += ` AND created_at < ?`
		args = append(args, formatTime(to))
	}
	q += ` GROUP BY step_id, prompt_id ORDER BY step_id, prompt_id`
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("count answers: %w", err)
	}
	defer rows.Close()
	var out []PromptCount
	for rows.Next() {
		var p PromptCount
		if err := rows.Scan(&p.StepID, &p.PromptID, &p.Count); err != nil {
			return nil, fmt.Errorf("count answers: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count answers: %w", err)
	}
	return out, nil
}

// StepProgress is one row of a workbook's step progress, with the time it
// was last set: what a full export needs beyond Progress.
type StepProgress struct {
	StepID    string
	Status    Status
	UpdatedAt time.Time
}

// StepProgressRows lists every step progress row of a workbook, by step id.
func (s *Store) StepProgressRows(ctx context.Context, wb int64) ([]StepProgress, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT step_id, status, updated_at FROM step_progress
		WHERE workbook_id = ? ORDER BY step_id`, wb)
	if err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	defer rows.Close()
	var out []StepProgress
	for rows.Next() {
		var p StepProgress
		var st, u string
		if err := rows.Scan(&p.StepID, &st, &u); err != nil {
			return nil, fmt.Errorf("read progress: %w", err)
		}
		p.Status = Status(st)
		if p.UpdatedAt, err = parseTime(u); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	return out, nil
}

// WorkbookRows is one workbook with every row that belongs to it, ids and
// timestamps as stored: the unit of a whole-journal import.
type WorkbookRows struct {
	Workbook Workbook
	Entries  []Entry
	Drafts   []Draft
	Progress []StepProgress
	Resume   *Resume
	// Records are the tools' rows, by tool table (see records.go).
	Records map[string][]Record
}

// ErrNotEmpty is returned by ImportRows when the database already holds
// data: an import never mixes with or replaces a journal.
var ErrNotEmpty = errors.New("already holds a journal")

// userTables are every table the migrations make, for IsEmpty.
var userTables = append([]string{"workbooks", "entries", "drafts", "step_progress", "resume_state"}, ToolTables...)

// IsEmpty reports whether no table holds a row.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	return isEmpty(ctx, s.r)
}

type queryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func isEmpty(ctx context.Context, db queryer) (bool, error) {
	for _, t := range userTables {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+`)`).Scan(&n); err != nil {
			return false, fmt.Errorf("reading %s: %w", t, err)
		}
		if n != 0 {
			return false, nil
		}
	}
	return true, nil
}

// ImportRows writes whole workbooks, keeping every id and timestamp, into
// a database that holds nothing yet; it is how `trustwork import` puts a
// journal exported as JSON back. It is one transaction: the journal
// appears whole or not at all. The emptiness check is inside it, so a
// save that raced in is never mixed with or overwritten (ErrNotEmpty).
//
// The rows must already be valid (the portable package checks them);
// SQLite's constraints are the last line, and any violation aborts the
// whole import.
func (s *Store) ImportRows(ctx context.Context, wbs []WorkbookRows) error {
	if err := s.injected("ImportRows"); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		empty, err := isEmpty(ctx, tx)
		if err != nil {
			return err
		}
		if !empty {
			return fmt.Errorf("%s %w", showPath(s.abs), ErrNotEmpty)
		}
		for _, wr := range wbs {
			if err := importWorkbook(ctx, tx, s.codec(), wr); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// importWorkbook writes one workbook's rows; private fields go through
// the codec c like every other write.
func importWorkbook(ctx context.Context, tx *sql.Tx, c *codec, wr WorkbookRows) error {
	w := wr.Workbook
	if err := insertWorkbook(ctx, tx, c, w, formatTime(w.CreatedAt), formatTime(w.UpdatedAt)); err != nil {
		return fmt.Errorf("workbook %d: %w", w.ID, err)
	}
	for _, e := range wr.Entries {
		e.WorkbookID = w.ID
		if err := insertEntry(ctx, tx, c, e, formatTime(e.CreatedAt), formatTime(e.UpdatedAt)); err != nil {
			return fmt.Errorf("entry %d: %w", e.ID, err)
		}
	}
	for _, d := range wr.Drafts {
		d.WorkbookID = w.ID
		prompt, body, err := sealDraft(c, d)
		if err != nil {
			return fmt.Errorf("draft of workbook %d: %w", w.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO drafts
			(workbook_id, step_id, prompt_id, entry_id, prompt_text, body, cursor, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			w.ID, d.StepID, d.PromptID, d.EntryID, prompt, body, d.Cursor, formatTime(d.UpdatedAt)); err != nil {
			return fmt.Errorf("draft of workbook %d: %w", w.ID, err)
		}
	}
	for _, p := range wr.Progress {
		if _, err := tx.ExecContext(ctx, `INSERT INTO step_progress (workbook_id, step_id, status, updated_at)
			VALUES (?, ?, ?, ?)`, w.ID, p.StepID, string(p.Status), formatTime(p.UpdatedAt)); err != nil {
			return fmt.Errorf("progress of workbook %d: %w", w.ID, err)
		}
	}
	for _, table := range ToolTables {
		for _, r := range wr.Records[table] {
			r.WorkbookID = w.ID
			if err := insertRecord(ctx, tx, c, table, r); err != nil {
				return fmt.Errorf("%s %d of workbook %d: %w", table, r.ID, w.ID, err)
			}
		}
	}
	if r := wr.Resume; r != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO resume_state
			(workbook_id, screen, step_id, prompt_id, entry_id, scroll, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			w.ID, r.Screen, r.StepID, r.PromptID, r.EntryID, r.Scroll, formatTime(r.UpdatedAt)); err != nil {
			return fmt.Errorf("resume point of workbook %d: %w", w.ID, err)
		}
	}
	return nil
}

// Answered returns which of prompts have at least one entry in workbook
// wb. It looks each up in the (workbook, step, prompt) index, where
// PromptCounts reads every entry's index row: on L that was 2-3 ms of the
// journal's first reads, which the first frame waits for, to learn only
// whether each question has an answer.
func (s *Store) Answered(ctx context.Context, wb int64, prompts []workbook.PromptRef) (map[workbook.PromptRef]bool, error) {
	out := make(map[workbook.PromptRef]bool, len(prompts))
	if len(prompts) == 0 {
		return out, nil
	}
	var q strings.Builder
	q.WriteString(`WITH asked(step_id, prompt_id) AS (VALUES `)
	args := make([]any, 0, 2*len(prompts)+1)
	for i, p := range prompts {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?)")
		args = append(args, p.StepID, p.PromptID)
	}
	q.WriteString(`) SELECT step_id, prompt_id FROM asked a WHERE EXISTS
		(SELECT 1 FROM entries e WHERE e.workbook_id = ? AND e.step_id = a.step_id AND e.prompt_id = a.prompt_id)`)
	args = append(args, wb)
	rows, err := s.r.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("find answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k workbook.PromptRef
		if err := rows.Scan(&k.StepID, &k.PromptID); err != nil {
			return nil, fmt.Errorf("find answers: %w", err)
		}
		out[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find answers: %w", err)
	}
	return out, nil
}
