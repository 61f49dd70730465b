package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Removed is what TakeEntry took out of the journal: the entry and any
// draft that was editing it, everything RestoreEntry needs to put them
// back exactly as they were.
type Removed struct {
	Entry  Entry
	Drafts []Draft
}

// TakeEntry deletes an entry and the drafts editing it in one transaction
// and returns them, so the person can undo the deletion while the screen
// is still open.
func (s *Store) TakeEntry(ctx context.Context, wb, id int64) (Removed, error) {
	if err := s.injected("DeleteEntry"); err != nil {
		return Removed{}, err
	}
	var r Removed
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		e, err := scanEntry(tx.QueryRowContext(ctx, entryQuery, wb, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("entry", wb, id)
		}
		if err != nil {
			return err
		}
		r.Entry = e
		rows, err := tx.QueryContext(ctx, `SELECT `+draftColumns+` FROM drafts
			WHERE workbook_id = ? AND entry_id = ?`, wb, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			d, err := scanDraft(rows)
			if err != nil {
				rows.Close()
				return err
			}
			r.Drafts = append(r.Drafts, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE workbook_id = ? AND entry_id = ?`, wb, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM entries WHERE workbook_id = ? AND id = ?`, wb, id)
		return err
	})
	if err != nil {
		return Removed{}, fmt.Errorf("delete entry: %w", err)
	}
	return r, nil
}

// RestoreEntry puts back what TakeEntry removed, with the same id and
// times, so the journal reads as if nothing had happened.
func (s *Store) RestoreEntry(ctx context.Context, r Removed) error {
	if err := s.injected("AddEntry"); err != nil {
		return err
	}
	e := r.Entry
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := insertEntry(ctx, tx, s.codec(), e, formatTime(e.CreatedAt), formatTime(e.UpdatedAt)); err != nil {
			return err
		}
		for _, d := range r.Drafts {
			if err := insertDraft(ctx, tx, s.codec(), d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("restore entry: %w", err)
	}
	return nil
}

// TakeDraft deletes one draft and returns it (found is false when there
// was none), so discarding a draft can be undone with RestoreDraft.
func (s *Store) TakeDraft(ctx context.Context, wb int64, stepID, promptID string, entryID int64) (d Draft, found bool, err error) {
	if err := s.injected("DeleteDraft"); err != nil {
		return Draft{}, false, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = scanDraft(tx.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM drafts
			WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? AND entry_id = ?`, wb, stepID, promptID, entryID))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		_, err = tx.ExecContext(ctx, `DELETE FROM drafts
			WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? AND entry_id = ?`, wb, stepID, promptID, entryID)
		return err
	})
	if err != nil {
		return Draft{}, false, fmt.Errorf("discard draft: %w", err)
	}
	return d, found, nil
}

// RestoreDraft puts back a draft TakeDraft removed, with its own time. It
// never overwrites: if a draft for the same prompt was written since, that
// newer text stays and ErrDraftExists is returned.
func (s *Store) RestoreDraft(ctx context.Context, d Draft) error {
	if err := s.injected("SaveDraft"); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error { return insertDraft(ctx, tx, s.codec(), d) })
	if err != nil {
		return fmt.Errorf("restore draft: %w", err)
	}
	return nil
}

// ErrDraftExists: a draft cannot be restored over newer text.
var ErrDraftExists = errors.New("a newer draft is in its place")

// insertDraft inserts d through the codec c, never over another draft.
func insertDraft(ctx context.Context, tx *sql.Tx, c *codec, d Draft) error {
	prompt, body, err := sealDraft(c, d)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO drafts
		(workbook_id, step_id, prompt_id, entry_id, prompt_text, body, cursor, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		d.WorkbookID, d.StepID, d.PromptID, d.EntryID, prompt, body, d.Cursor, formatTime(d.UpdatedAt))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrDraftExists
	}
	return nil
}
