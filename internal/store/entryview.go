package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"unsafe"

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
// runs, as the export does: the Entry's PromptText and Body are valid only
// until fn returns, so fn clones what it keeps.
//
// On a journal without a passphrase the entries are read below
// database/sql (internal/rawread), in a goroutine of its own that reads
// ahead of fn: SQLite's work for the next entries runs on the second core
// while fn formats these. The texts are copied once, into batches that
// are reused, so reading allocates nothing per entry. A journal with a
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
	batches := make(chan *viewBatch, 2)
	stop := make(chan struct{})
	var readErr error // set before batches is closed
	go func() {
		defer close(batches)
		b := getViewBatch()
		send := func() bool {
			select {
			case batches <- b:
				b = getViewBatch()
				return true
			case <-stop:
				return false
			}
		}
		readErr = raw.Each(entryViewSQL, []any{wb, stepID, promptID}, func(r rawread.Row) error {
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
			if !b.add(e) {
				if !send() {
					return errStopped
				}
				b.add(e)
			}
			return nil
		})
		if readErr == nil && len(b.ents) > 0 {
			select {
			case batches <- b:
				return
			case <-stop:
			}
		}
		putViewBatch(b)
	}()
	var fnErr error // fn's error, returned as is
	for b := range batches {
		for _, e := range b.ents {
			if fnErr != nil {
				break
			}
			if fnErr = fn(e); fnErr != nil {
				close(stop) // the reader stops at its next batch
			}
		}
		putViewBatch(b)
	}
	switch {
	case fnErr != nil:
		return fnErr
	case readErr != nil:
		return fmt.Errorf("read entries: %w", readErr)
	}
	return nil
}

// errStopped ends a read-ahead whose reader stopped listening.
var errStopped = errors.New("stopped")

// viewBatch is entries read ahead by EachEntryView, their texts copied
// into buf, which they point into.
type viewBatch struct {
	buf  []byte
	ents []Entry
}

// viewBatchBytes and viewBatchEntries bound a batch: small enough to stay
// in the CPU's cache while it is formatted, large enough that handing one
// over is rare.
const viewBatchBytes, viewBatchEntries = 256 << 10, 256

var viewBatches = sync.Pool{New: func() any { return &viewBatch{buf: make([]byte, 0, viewBatchBytes)} }}

func getViewBatch() *viewBatch { return viewBatches.Get().(*viewBatch) }

func putViewBatch(b *viewBatch) {
	if cap(b.buf) > viewBatchBytes {
		b.buf = make([]byte, 0, viewBatchBytes) // an entry's own buffer goes
	}
	clear(b.ents)
	b.buf, b.ents = b.buf[:0], b.ents[:0]
	viewBatches.Put(b)
}

// add copies e's texts into b and appends it. It reports false, adding
// nothing, when b is full; an entry larger than a batch gets an empty
// batch's buffer of its own.
func (b *viewBatch) add(e Entry) bool {
	n := len(e.PromptText) + len(e.Body)
	if len(b.ents) > 0 && (len(b.buf)+n > cap(b.buf) || len(b.ents) == viewBatchEntries) {
		return false
	}
	if n > cap(b.buf) {
		b.buf = make([]byte, 0, n)
	}
	if k := len(b.ents); k > 0 && b.ents[k-1].PromptText == e.PromptText {
		e.PromptText = b.ents[k-1].PromptText // the same question: kept once
	} else {
		e.PromptText = b.keep(e.PromptText)
	}
	e.Body = b.keep(e.Body)
	b.ents = append(b.ents, e)
	return true
}

// keep copies s into b.buf, which has room for it, and returns the copy.
func (b *viewBatch) keep(s string) string {
	if s == "" {
		return ""
	}
	start := len(b.buf)
	b.buf = append(b.buf, s...)
	return unsafe.String(&b.buf[start], len(s))
}
