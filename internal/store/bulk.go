package store

import (
	"context"
	"database/sql"
	"fmt"
)

// This file is for data generators and benchmarks (internal/devdata,
// internal/bench), never for the app: it writes rows with the timestamps it
// is given instead of the store's clock, and it can weaken durability.

// Bulk is a whole journal to write at once by Import. Timestamps are kept
// as given (zero UpdatedAt means CreatedAt), so a generator can spread
// entries over years and reproduce the same rows from the same seed.
type Bulk struct {
	// Workbook is created first; its ID is ignored and assigned.
	Workbook Workbook
	// Entries are inserted in order, so ids follow the slice.
	Entries []Entry
	// Drafts, Progress and Resume are optional.
	Drafts   []Draft
	Progress map[string]Status
	Resume   *Resume
	// Checkins and Assessments are the check-in tool's records (a
	// generator's three years of daily check-ins), inserted in order.
	Checkins    []Checkin
	Assessments []Assessment
	// Records are tool records by table, inserted with their times.
	Records map[string][]Record
}

// Import writes b in one transaction and returns the created workbook. It
// exists for data generators: one prepared statement in one transaction
// inserts ten thousand entries in well under a second, where AddEntry (one
// commit each, with a step-progress upsert) takes far longer, and it keeps
// the given timestamps. The WorkbookID of entries and drafts is replaced by
// the new workbook's id.
func (s *Store) Import(ctx context.Context, b Bulk) (Workbook, error) {
	w := b.Workbook
	if w.Role != RoleRepairing && w.Role != RoleHurt {
		return Workbook{}, fmt.Errorf("import: role %q is not %q or %q", w.Role, RoleRepairing, RoleHurt)
	}
	if w.UpdatedAt.IsZero() {
		w.UpdatedAt = w.CreatedAt
	}
	c := s.codec()
	if err := c.ready(); err != nil {
		return Workbook{}, fmt.Errorf("import: %w", err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if w.ID, err = nextID(ctx, tx, "workbooks"); err != nil {
			return err
		}
		if err := insertWorkbook(ctx, tx, c, w, formatTime(w.CreatedAt), formatTime(w.UpdatedAt)); err != nil {
			return err
		}
		next, err := nextID(ctx, tx, "entries")
		if err != nil {
			return err
		}
		for _, e := range b.Entries {
			u := e.UpdatedAt
			if u.IsZero() {
				u = e.CreatedAt
			}
			e.ID, e.WorkbookID = next, w.ID
			next++
			if err := insertEntry(ctx, tx, c, e, formatTime(e.CreatedAt), formatTime(u)); err != nil {
				return err
			}
		}
		for _, d := range b.Drafts {
			d.WorkbookID = w.ID
			prompt, body, err := sealDraft(c, d)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO drafts
				(workbook_id, step_id, prompt_id, entry_id, prompt_text, body, cursor, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				w.ID, d.StepID, d.PromptID, d.EntryID, prompt, body, d.Cursor, formatTime(d.UpdatedAt)); err != nil {
				return err
			}
		}
		for step, st := range b.Progress {
			if _, err := tx.ExecContext(ctx, `INSERT INTO step_progress (workbook_id, step_id, status, updated_at)
				VALUES (?, ?, ?, ?)`, w.ID, step, string(st), formatTime(w.UpdatedAt)); err != nil {
				return err
			}
		}
		if err := importCheckins(ctx, tx, c, w.ID, b.Checkins, b.Assessments); err != nil {
			return err
		}
		if err := importRecords(ctx, tx, c, w.ID, b.Records); err != nil {
			return err
		}
		if r := b.Resume; r != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO resume_state
				(workbook_id, screen, step_id, prompt_id, entry_id, scroll, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				w.ID, r.Screen, r.StepID, r.PromptID, r.EntryID, r.Scroll, formatTime(r.UpdatedAt)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Workbook{}, fmt.Errorf("import: %w", err)
	}
	return w, nil
}

// importRecords inserts tool records into workbook wb, table by table in
// migration order, keeping their times.
func importRecords(ctx context.Context, tx *sql.Tx, c *codec, wb int64, recs map[string][]Record) error {
	for table := range recs {
		if err := checkTable(table); err != nil {
			return err
		}
	}
	for _, table := range ToolTables {
		for _, r := range recs[table] {
			var err error
			if r.ID, err = nextID(ctx, tx, table); err != nil {
				return err
			}
			r.WorkbookID = wb
			if r.UpdatedAt.IsZero() {
				r.UpdatedAt = r.CreatedAt
			}
			if err := insertRecord(ctx, tx, c, table, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// SetSynchronousForBenchmark sets PRAGMA synchronous ("NORMAL" or "FULL")
// on the writer connection, so the autosave benchmark can compare the two
// on the same file. The app never calls it: Open's NORMAL (with WAL) is
// the measured choice, see BENCHMARKS.md. The writer pool keeps its one
// connection open, so the setting lasts until Close.
func (s *Store) SetSynchronousForBenchmark(ctx context.Context, mode string) error {
	switch mode {
	case "NORMAL", "FULL":
	default:
		return fmt.Errorf("synchronous: %q is not NORMAL or FULL", mode)
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = "+mode); err != nil {
		return fmt.Errorf("synchronous: %w", err)
	}
	var got int
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got); err != nil {
		return fmt.Errorf("synchronous: %w", err)
	}
	if want := map[string]int{"NORMAL": 1, "FULL": 2}[mode]; got != want {
		return fmt.Errorf("synchronous: asked for %s, SQLite reports %d", mode, got)
	}
	return nil
}
