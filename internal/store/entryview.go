package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/trustwork/trustwork/internal/rawread"
)

// rawConn is the Store's connection below database/sql (see
// EachEntryView), opened on first use and closed first by Close.
type rawConn struct {
	once sync.Once
	db   *rawread.DB
	err  error
}

// rawDB returns the raw connection, opening it the first time.
func (s *Store) rawDB() (*rawread.DB, error) {
	s.raw.once.Do(func() {
		s.raw.db, s.raw.err = rawread.Open("file:" + escapePath(s.abs) + "?mode=ro")
	})
	return s.raw.db, s.raw.err
}

// closeRaw closes the raw connection, if it was opened.
func (s *Store) closeRaw() error {
	s.raw.once.Do(func() {}) // none is opened after this
	if s.raw.db == nil {
		return nil
	}
	return s.raw.db.Close()
}

// entryViewSQL is eachEntryOfPrompt's query on a journal without a
// passphrase.
const entryViewSQL = `SELECT id, prompt_text, body, created_at, updated_at FROM entries
	WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? ORDER BY created_at, id`

// EachEntryView is EachEntry for the entries of one prompt (stepID and
// promptID both given), for a caller that uses each entry only while fn
// runs, as the export does. On a journal without a passphrase the entries
// are read below database/sql (internal/rawread), and the Entry's
// PromptText and Body point into SQLite's memory: they are valid only
// until fn returns, so fn clones what it keeps. That reads a large journal
// in about half the time, with no allocation per entry. A journal with a
// passphrase is read as EachEntry reads it (its texts are opened in Go).
func (s *Store) EachEntryView(ctx context.Context, wb int64, stepID, promptID string, fn func(Entry) error) error {
	if stepID == "" || promptID == "" {
		return fmt.Errorf("read entries: EachEntryView needs a step and a prompt")
	}
	if s.codec().sealed {
		return s.eachEntryOfPrompt(ctx, wb, stepID, promptID, fn)
	}
	raw, err := s.rawDB()
	if err != nil {
		return fmt.Errorf("read entries: %w", err)
	}
	var fnErr error // fn's error, returned as is
	err = raw.Each(entryViewSQL, []any{wb, stepID, promptID}, func(r rawread.Row) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		id, err := strconv.ParseInt(r.Text[0], 10, 64)
		if err != nil || slices.Contains(r.OK, false) {
			// A NULL (a damaged row): EachEntry refuses it too.
			return fmt.Errorf("entry %s of %s/%s has a value missing", r.Text[0], stepID, promptID)
		}
		e := Entry{ID: id, WorkbookID: wb, StepID: stepID, PromptID: promptID, PromptText: r.Text[1], Body: r.Text[2]}
		if err := e.setTimes(r.Text[3], r.Text[4]); err != nil {
			return err
		}
		fnErr = fn(e)
		return fnErr
	})
	if err != nil && err != fnErr {
		return fmt.Errorf("read entries: %w", err)
	}
	return err
}
