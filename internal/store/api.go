// Package store keeps trustwork's data in one local SQLite file: workbooks,
// journal entries, drafts, step progress and where to resume. It never
// imports the TUI; it returns plain types the rest of the program shares.
package store

import (
	"errors"
	"io/fs"
	"time"
)

// ApplicationID is written to the database header ('TWRK') so that
// trustwork can tell its own files from a stranger's SQLite database.
const ApplicationID = 0x5457524B

// Errors returned by Open. Each is wrapped with the path and what to do, so
// callers can print err.Error() as the one line the person reads, and test
// with errors.Is.
var (
	// ErrNotTrustwork: the file exists but is not a trustwork database
	// (not SQLite, empty, truncated, or another program's SQLite file).
	ErrNotTrustwork = errors.New("not a trustwork database")
	// ErrTooNew: the file was written by a newer trustwork.
	ErrTooNew = errors.New("written by a newer version of trustwork")
	// ErrLocked: another trustwork process has the file open.
	ErrLocked = errors.New("in use by another trustwork")
	// ErrUnusable: the path cannot be used (a directory, a symlink,
	// read-only file or directory, permission denied).
	ErrUnusable = errors.New("cannot be used")
	// ErrNotFound: the requested row does not exist.
	ErrNotFound = errors.New("not found")
)

// Role says which side of the story the person is on.
type Role string

// Roles a workbook may have.
const (
	RoleRepairing Role = "repairing" // the person who broke the trust
	RoleHurt      Role = "hurt"      // the person whose trust was broken
)

// Workbook is one relationship being repaired.
type Workbook struct {
	ID           int64
	PartnerName  string // what to call the other person
	Relationship string // e.g. "partner", "friend", "family"
	Role         Role
	CreatedAt    time.Time // UTC
	UpdatedAt    time.Time // UTC
}

// Entry is one saved journal entry.
type Entry struct {
	ID         int64
	WorkbookID int64
	StepID     string
	PromptID   string
	PromptText string // the question as it was when the entry was written
	Body       string
	CreatedAt  time.Time // UTC
	UpdatedAt  time.Time // UTC
}

// EntrySummary is what the journal list shows: never the whole body, so a
// page of a large journal costs the same as a page of a small one.
type EntrySummary struct {
	ID         int64
	StepID     string
	PromptID   string
	PromptText string
	Preview    string // at most PreviewRunes runes of the body
	// PreviewFrom is where Preview starts in the body, in characters: 0,
	// or a little before the first match of a text filter.
	PreviewFrom int
	Size        int // length of the body in bytes
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// PreviewRunes is the length of EntrySummary.Preview.
const PreviewRunes = 160

// Draft is editor text not yet saved as an entry. EntryID is 0 for a new
// entry, or the id of the entry being edited.
type Draft struct {
	WorkbookID int64
	StepID     string
	PromptID   string
	EntryID    int64
	PromptText string
	Body       string
	Cursor     int // byte offset of the cursor in Body
	UpdatedAt  time.Time
}

// Status is the progress of one step.
type Status string

// Step statuses.
const (
	NotStarted Status = "not-started"
	InProgress Status = "in-progress"
	Done       Status = "done"
)

// Resume records where the person was, so the next start reopens there.
type Resume struct {
	Screen   string // "home", "step", "editor", "journal", "entry"
	StepID   string
	PromptID string
	EntryID  int64
	Scroll   int
	// Filter is the journal's text filter (screen "journal"); the journal
	// keeps its step filter in StepID, its selected entry in EntryID and
	// its place in the list in Scroll.
	Filter    string
	UpdatedAt time.Time
}

// PromptCount is the number of entries answering one prompt.
type PromptCount struct {
	StepID   string
	PromptID string
	Count    int
}

// Options tune Open. The zero value is what the app uses.
type Options struct {
	// ReadOnly opens without taking the writer lock or migrating.
	ReadOnly bool
	// ReadOnlyIfLocked opens an existing journal for writing unless it
	// has a passphrase; then it opens it as ReadOnly does, so a wrong
	// passphrase leaves every file as it was (the writer lock included),
	// and the caller opens it again for writing once unlocked.
	ReadOnlyIfLocked bool
	// BackupDir is where Open puts a backup before running a migration on
	// an existing database; empty means "backups" beside the database.
	BackupDir string
	// Now returns the current time; nil means time.Now. Tests fix it.
	Now func() time.Time

	// migrations replaces the embedded migrations.FS, so tests can add a
	// later schema version and watch an upgrade happen.
	migrations fs.FS
}
