package store

import (
	"context"
	"errors"
)

// STUB: the store helper replaces every body in this file with the real
// implementation, keeping the signatures (other packages are coded against
// them). Delete this comment when done.
var errTODO = errors.New("store: not implemented yet")

// Store is an open trustwork database. It is safe for concurrent use.
type Store struct {
	path string
}

// Open opens (creating if absent) the trustwork database at path.
func Open(path string, opts Options) (*Store, error) { return nil, errTODO }

// Close releases the database and the writer lock.
func (s *Store) Close() error { return errTODO }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Workbooks lists the workbooks, oldest first.
func (s *Store) Workbooks(ctx context.Context) ([]Workbook, error) { return nil, errTODO }

// CreateWorkbook adds a workbook and returns it with its id and timestamps.
func (s *Store) CreateWorkbook(ctx context.Context, w Workbook) (Workbook, error) {
	return Workbook{}, errTODO
}

// AddEntry saves a new entry and, in the same transaction, deletes the
// matching new-entry draft (EntryID 0) and marks the step in progress if it
// was not started.
func (s *Store) AddEntry(ctx context.Context, e Entry) (Entry, error) { return Entry{}, errTODO }

// UpdateEntry replaces an entry's body and, in the same transaction, deletes
// the draft that was editing it.
func (s *Store) UpdateEntry(ctx context.Context, wb, id int64, body string) (Entry, error) {
	return Entry{}, errTODO
}

// DeleteEntry removes an entry.
func (s *Store) DeleteEntry(ctx context.Context, wb, id int64) error { return errTODO }

// Entry returns one entry with its whole body.
func (s *Store) Entry(ctx context.Context, wb, id int64) (Entry, error) { return Entry{}, errTODO }

// ListEntries returns a page of entry summaries, newest first. A non-empty
// filter keeps entries whose body, prompt text or step id contains it
// (case-insensitive for ASCII).
func (s *Store) ListEntries(ctx context.Context, wb int64, filter string, limit, offset int) ([]EntrySummary, error) {
	return nil, errTODO
}

// CountEntries counts the entries ListEntries would return without paging.
func (s *Store) CountEntries(ctx context.Context, wb int64, filter string) (int, error) {
	return 0, errTODO
}

// PromptCounts returns how many entries answer each prompt that has any.
func (s *Store) PromptCounts(ctx context.Context, wb int64) ([]PromptCount, error) {
	return nil, errTODO
}

// EachEntry calls fn for every entry answering stepID/promptID, oldest
// first, reading one row at a time so memory does not grow with the journal.
// Empty stepID means every entry (ordered by step id, prompt id, time).
func (s *Store) EachEntry(ctx context.Context, wb int64, stepID, promptID string, fn func(Entry) error) error {
	return errTODO
}

// SaveDraft inserts or replaces a draft. Its cost is one small transaction.
func (s *Store) SaveDraft(ctx context.Context, d Draft) error { return errTODO }

// Draft returns the draft for one prompt (entryID 0 for a new entry).
func (s *Store) Draft(ctx context.Context, wb int64, stepID, promptID string, entryID int64) (Draft, bool, error) {
	return Draft{}, false, errTODO
}

// DeleteDraft removes a draft if present.
func (s *Store) DeleteDraft(ctx context.Context, wb int64, stepID, promptID string, entryID int64) error {
	return errTODO
}

// Drafts lists every draft of a workbook, ordered by step id and prompt id.
func (s *Store) Drafts(ctx context.Context, wb int64) ([]Draft, error) { return nil, errTODO }

// Progress returns the status of every step that has one.
func (s *Store) Progress(ctx context.Context, wb int64) (map[string]Status, error) {
	return nil, errTODO
}

// SetStatus records a step's status.
func (s *Store) SetStatus(ctx context.Context, wb int64, stepID string, st Status) error {
	return errTODO
}

// Resume returns where the person was, if recorded.
func (s *Store) Resume(ctx context.Context, wb int64) (Resume, bool, error) {
	return Resume{}, false, errTODO
}

// SaveResume records where the person is.
func (s *Store) SaveResume(ctx context.Context, wb int64, r Resume) error { return errTODO }

// Backup writes a consistent copy of the live database to dest through the
// SQLite online backup API (never a file copy), created 0600. dest must not
// exist.
func (s *Store) Backup(ctx context.Context, dest string) error { return errTODO }
