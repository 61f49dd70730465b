package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// timeFormat is RFC 3339 in UTC with a fixed nine-digit fraction. The fixed
// width matters: time.RFC3339Nano drops trailing zeros, and then "…05Z"
// sorts after "…05.5Z" and ORDER BY created_at lies.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// parseTime reads a stored time. One that cannot be read (a damaged or
// hand-edited row) gives the zero time instead of an error, so one bad row
// never makes the whole journal, or an export of it, fail; every display
// of a time marks the zero time as unreadable (see UnreadableTime).
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, nil
	}
	return t.UTC(), nil
}

// UnreadableTime reports whether a time read from the database could not
// be read (see parseTime); displays show a marker such as "date
// unreadable" in its place.
func UnreadableTime(t time.Time) bool { return t.IsZero() }

// nowText is the current time as stored.
func (s *Store) nowText() (time.Time, string) {
	t := s.now().UTC()
	return t, formatTime(t)
}

// notFound wraps ErrNotFound with what was missing (ids only, never text).
func notFound(what string, wb, id int64) error {
	return fmt.Errorf("%s %d in workbook %d: %w", what, id, wb, ErrNotFound)
}

// inTx runs fn in one write transaction (BEGIN IMMEDIATE through the DSN),
// so a save either happens completely or not at all.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Workbooks lists the workbooks, oldest first.
func (s *Store) Workbooks(ctx context.Context) ([]Workbook, error) {
	rows, err := s.r.QueryContext(ctx, s.sql(`SELECT id, `+wbNameSQL+`, `+wbRelationSQL+`, role, created_at, updated_at
		FROM workbooks ORDER BY created_at, id`))
	if err != nil {
		return nil, fmt.Errorf("listing workbooks: %w", err)
	}
	defer rows.Close()
	var out []Workbook
	for rows.Next() {
		var w Workbook
		var role, c, u string
		if err := rows.Scan(&w.ID, &w.PartnerName, &w.Relationship, &role, &c, &u); err != nil {
			return nil, fmt.Errorf("listing workbooks: %w", err)
		}
		w.Role = Role(role)
		if w.CreatedAt, err = parseTime(c); err != nil {
			return nil, err
		}
		if w.UpdatedAt, err = parseTime(u); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing workbooks: %w", err)
	}
	return out, nil
}

// CreateWorkbook adds a workbook and returns it with its id and timestamps.
func (s *Store) CreateWorkbook(ctx context.Context, w Workbook) (Workbook, error) {
	if err := s.injected("CreateWorkbook"); err != nil {
		return Workbook{}, err
	}
	if err := checkRole("create workbook", w.Role); err != nil {
		return Workbook{}, err
	}
	if err := s.nameFree(ctx, 0, w.PartnerName); err != nil {
		return Workbook{}, err
	}
	t, ts := s.nowText()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if w.ID, err = nextID(ctx, tx, "workbooks"); err != nil {
			return err
		}
		return insertWorkbook(ctx, tx, s.codec(), w, ts, ts)
	})
	if err != nil {
		return Workbook{}, fmt.Errorf("create workbook: %w", err)
	}
	w.CreatedAt, w.UpdatedAt = t, t
	return w, nil
}

// AddEntry saves a new entry and, in the same transaction, deletes the
// matching new-entry draft (EntryID 0) and marks the step in progress if it
// was not started.
func (s *Store) AddEntry(ctx context.Context, e Entry) (Entry, error) {
	if err := s.injected("AddEntry"); err != nil {
		return Entry{}, err
	}
	t, ts := s.nowText()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if e.ID, err = nextID(ctx, tx, "entries"); err != nil {
			return err
		}
		if err := insertEntry(ctx, tx, s.codec(), e, ts, ts); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM drafts
			WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? AND entry_id = 0`,
			e.WorkbookID, e.StepID, e.PromptID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO step_progress (workbook_id, step_id, status, updated_at)
			VALUES (?, ?, 'in-progress', ?)
			ON CONFLICT (workbook_id, step_id) DO UPDATE
			SET status = 'in-progress', updated_at = excluded.updated_at
			WHERE status = 'not-started'`, e.WorkbookID, e.StepID, ts)
		return err
	})
	if err != nil {
		return Entry{}, fmt.Errorf("save entry: %w", err)
	}
	e.CreatedAt, e.UpdatedAt = t, t
	return e, nil
}

// UpdateEntry replaces an entry's body and, in the same transaction, deletes
// the draft that was editing it.
func (s *Store) UpdateEntry(ctx context.Context, wb, id int64, body string) (Entry, error) {
	if err := s.injected("UpdateEntry"); err != nil {
		return Entry{}, err
	}
	_, ts := s.nowText()
	var e Entry
	sealed, err := s.codec().seal(body, "entries", "body", idText(id))
	if err != nil {
		return Entry{}, fmt.Errorf("save entry: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE entries SET body = ?, updated_at = ?
			WHERE workbook_id = ? AND id = ?`, sealed, ts, wb, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("entry", wb, id)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE workbook_id = ? AND entry_id = ?`, wb, id); err != nil {
			return err
		}
		e, err = scanEntry(tx.QueryRowContext(ctx, s.sql(entryQuery), wb, id))
		return err
	})
	if err != nil {
		return Entry{}, fmt.Errorf("save entry: %w", err)
	}
	return e, nil
}

// DeleteEntry removes an entry, and any draft that was editing it (a
// draft of a deleted entry could never be saved).
func (s *Store) DeleteEntry(ctx context.Context, wb, id int64) error {
	if err := s.injected("DeleteEntry"); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM entries WHERE workbook_id = ? AND id = ?`, wb, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("entry", wb, id)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM drafts WHERE workbook_id = ? AND entry_id = ?`, wb, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete entry: %w", err)
	}
	return nil
}

const entryColumns = `id, workbook_id, step_id, prompt_id, ` + entryPromptSQL + `, ` + entryBodySQL + `, created_at, updated_at`

const entryQuery = `SELECT ` + entryColumns + ` FROM entries WHERE workbook_id = ? AND id = ?`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(r scanner) (Entry, error) {
	var e Entry
	var c, u string
	if err := r.Scan(&e.ID, &e.WorkbookID, &e.StepID, &e.PromptID, &e.PromptText, &e.Body, &c, &u); err != nil {
		return Entry{}, err
	}
	if err := e.setTimes(c, u); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// setTimes parses the stored created_at and updated_at texts into e.
func (e *Entry) setTimes(created, updated string) error {
	var err error
	if e.CreatedAt, err = parseTime(created); err != nil {
		return err
	}
	e.UpdatedAt, err = parseTime(updated)
	return err
}

// Entry returns one entry with its whole body.
func (s *Store) Entry(ctx context.Context, wb, id int64) (Entry, error) {
	e, err := scanEntry(s.r.QueryRowContext(ctx, s.sql(entryQuery), wb, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, notFound("entry", wb, id)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("read entry %d: %w", id, err)
	}
	return e, nil
}

// PromptCounts returns how many entries answer each prompt that has any,
// ordered by step id and prompt id.
func (s *Store) PromptCounts(ctx context.Context, wb int64) ([]PromptCount, error) {
	return s.PromptCountsBetween(ctx, wb, time.Time{}, time.Time{})
}

// EachEntry calls fn for every entry answering stepID/promptID, oldest
// first, reading one row at a time so memory does not grow with the journal.
// Empty stepID means every entry (ordered by step id, prompt id, time);
// empty promptID with a stepID means every entry of that step (ordered by
// prompt id, time). An error from fn stops the walk and is returned as is.
// fn may call other Store methods.
func (s *Store) EachEntry(ctx context.Context, wb int64, stepID, promptID string, fn func(Entry) error) error {
	q := `SELECT ` + entryColumns + ` FROM entries WHERE workbook_id = ?`
	args := []any{wb}
	switch {
	case stepID == "":
		q += ` ORDER BY step_id, prompt_id, created_at, id`
	case promptID == "":
		q += ` AND step_id = ? ORDER BY prompt_id, created_at, id`
		args = append(args, stepID)
	default:
		return s.eachEntryOfPrompt(ctx, wb, stepID, promptID, fn)
	}
	rows, err := s.r.QueryContext(ctx, s.sql(q), args...)
	if err != nil {
		return fmt.Errorf("read entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return fmt.Errorf("read entries: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read entries: %w", err)
	}
	return nil
}

// eachEntryOfPrompt is EachEntry for one prompt: the export's loop, once
// per prompt, over every entry. It reads the driver's rows itself, into
// one reused set of values: database/sql's Rows would take a lock,
// convert and copy every column of every row again on its way to Scan.
func (s *Store) eachEntryOfPrompt(ctx context.Context, wb int64, stepID, promptID string, fn func(Entry) error) error {
	// The workbook, step and prompt of every row are the ones asked for
	// (the WHERE clause compares them byte for byte), so they are not
	// read back: three fewer columns to copy out of SQLite per row.
	q := s.sql(`SELECT id, ` + entryPromptSQL + `, ` + entryBodySQL + `, created_at, updated_at FROM entries
		WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? ORDER BY created_at, id`)
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return fmt.Errorf("read entries: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("read entries: the SQLite driver cannot run a query (%T)", dc)
		}
		rows, err := qc.QueryContext(ctx, q, []driver.NamedValue{{Ordinal: 1, Value: wb}, {Ordinal: 2, Value: stepID}, {Ordinal: 3, Value: promptID}})
		if err != nil {
			return fmt.Errorf("read entries: %w", err)
		}
		defer rows.Close()
		row := make([]driver.Value, 5)
		for {
			if err := rows.Next(row); err == io.EOF {
				return nil
			} else if err != nil {
				return fmt.Errorf("read entries: %w", err)
			}
			e := Entry{WorkbookID: wb, StepID: stepID, PromptID: promptID}
			var c, u string
			var ok [5]bool
			e.ID, ok[0] = row[0].(int64)
			e.PromptText, ok[1] = asText(row[1])
			e.Body, ok[2] = asText(row[2])
			c, ok[3] = asText(row[3])
			u, ok[4] = asText(row[4])
			if ok != [5]bool{true, true, true, true, true} {
				// A NULL (a damaged row): Scan refused it too.
				return fmt.Errorf("read entries: entry %v of %s/%s has a value missing", row[0], stepID, promptID)
			}
			if err := e.setTimes(c, u); err != nil {
				return fmt.Errorf("read entries: %w", err)
			}
			if err := fn(e); err != nil {
				return err
			}
		}
	})
}

// asText is v as Scan into a string gives it. STRICT columns and tw_open
// give text; a damaged row may hold another type, which is shown as it
// would have been, not refused.
func asText(v driver.Value) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	}
	return "", false
}

// SaveDraft inserts or replaces a draft. Its cost is one small transaction.
func (s *Store) SaveDraft(ctx context.Context, d Draft) error {
	if err := s.injected("SaveDraft"); err != nil {
		return err
	}
	_, ts := s.nowText()
	prompt, body, err := sealDraft(s.codec(), d)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO drafts
		(workbook_id, step_id, prompt_id, entry_id, prompt_text, body, cursor, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workbook_id, step_id, prompt_id, entry_id) DO UPDATE
		SET prompt_text = excluded.prompt_text, body = excluded.body,
		    cursor = excluded.cursor, updated_at = excluded.updated_at`,
		d.WorkbookID, d.StepID, d.PromptID, d.EntryID, prompt, body, d.Cursor, ts)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

const draftColumns = `workbook_id, step_id, prompt_id, entry_id, ` + draftPromptSQL + `, ` + draftBodySQL + `, cursor, updated_at`

func scanDraft(r scanner) (Draft, error) {
	var d Draft
	var u string
	if err := r.Scan(&d.WorkbookID, &d.StepID, &d.PromptID, &d.EntryID, &d.PromptText, &d.Body, &d.Cursor, &u); err != nil {
		return Draft{}, err
	}
	var err error
	d.UpdatedAt, err = parseTime(u)
	return d, err
}

// Draft returns the draft for one prompt (entryID 0 for a new entry).
func (s *Store) Draft(ctx context.Context, wb int64, stepID, promptID string, entryID int64) (Draft, bool, error) {
	d, err := scanDraft(s.r.QueryRowContext(ctx, s.sql(`SELECT `+draftColumns+` FROM drafts
		WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? AND entry_id = ?`), wb, stepID, promptID, entryID))
	if errors.Is(err, sql.ErrNoRows) {
		return Draft{}, false, nil
	}
	if err != nil {
		return Draft{}, false, fmt.Errorf("read draft: %w", err)
	}
	return d, true, nil
}

// DeleteDraft removes a draft if present.
func (s *Store) DeleteDraft(ctx context.Context, wb int64, stepID, promptID string, entryID int64) error {
	if err := s.injected("DeleteDraft"); err != nil {
		return err
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM drafts
		WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? AND entry_id = ?`, wb, stepID, promptID, entryID); err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	return nil
}

// Drafts lists every draft of a workbook, ordered by step id and prompt id
// (then entry id).
func (s *Store) Drafts(ctx context.Context, wb int64) ([]Draft, error) {
	rows, err := s.r.QueryContext(ctx, s.sql(`SELECT `+draftColumns+` FROM drafts
		WHERE workbook_id = ? ORDER BY step_id, prompt_id, entry_id`), wb)
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	defer rows.Close()
	var out []Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("list drafts: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	return out, nil
}

// Progress returns the status of every step that has one.
func (s *Store) Progress(ctx context.Context, wb int64) (map[string]Status, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT step_id, status FROM step_progress WHERE workbook_id = ?`, wb)
	if err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	defer rows.Close()
	out := map[string]Status{}
	for rows.Next() {
		var step, st string
		if err := rows.Scan(&step, &st); err != nil {
			return nil, fmt.Errorf("read progress: %w", err)
		}
		out[step] = Status(st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	return out, nil
}

// SetStatus records a step's status.
func (s *Store) SetStatus(ctx context.Context, wb int64, stepID string, st Status) error {
	if err := s.injected("SetStatus"); err != nil {
		return err
	}
	switch st {
	case NotStarted, InProgress, Done:
	default:
		return fmt.Errorf("set status: %q is not a step status", st)
	}
	_, ts := s.nowText()
	if _, err := s.w.ExecContext(ctx, `INSERT INTO step_progress (workbook_id, step_id, status, updated_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (workbook_id, step_id) DO UPDATE
		SET status = excluded.status, updated_at = excluded.updated_at`, wb, stepID, string(st), ts); err != nil {
		return fmt.Errorf("set status: %w", err)
	}
	return nil
}

// Resume returns where the person was, if recorded.
func (s *Store) Resume(ctx context.Context, wb int64) (Resume, bool, error) {
	var r Resume
	var u string
	err := s.r.QueryRowContext(ctx, `SELECT screen, step_id, prompt_id, entry_id, scroll, updated_at
		FROM resume_state WHERE workbook_id = ?`, wb).Scan(&r.Screen, &r.StepID, &r.PromptID, &r.EntryID, &r.Scroll, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return Resume{}, false, nil
	}
	if err != nil {
		return Resume{}, false, fmt.Errorf("read resume point: %w", err)
	}
	if r.UpdatedAt, err = parseTime(u); err != nil {
		return Resume{}, false, err
	}
	if r.Screen == "journal" {
		r.Filter, r.PromptID = r.PromptID, ""
	}
	return r, true, nil
}

// SaveResume records where the person is.
func (s *Store) SaveResume(ctx context.Context, wb int64, r Resume) error {
	if err := s.injected("SaveResume"); err != nil {
		return err
	}
	_, ts := s.nowText()
	if r.Screen == "journal" {
		// The journal has no prompt, so its row keeps the text filter in
		// the prompt column: no schema change for one short string.
		r.PromptID = r.Filter
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO resume_state
		(workbook_id, screen, step_id, prompt_id, entry_id, scroll, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workbook_id) DO UPDATE
		SET screen = excluded.screen, step_id = excluded.step_id, prompt_id = excluded.prompt_id,
		    entry_id = excluded.entry_id, scroll = excluded.scroll, updated_at = excluded.updated_at`,
		wb, r.Screen, r.StepID, r.PromptID, r.EntryID, r.Scroll, ts); err != nil {
		return fmt.Errorf("save resume point: %w", err)
	}
	return nil
}
