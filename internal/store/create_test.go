package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// TestCreateNameTooLong: a name that leaves no room for the temporary file
// beside it is refused with the real reason (not "free some disk space"),
// and the failed create leaves nothing behind, not even the lock file.
func TestCreateNameTooLong(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, strings.Repeat("n", 245)+".db") // .lock fits, the temporary does not
	_, err := Open(p, Options{})
	if err == nil || !errors.Is(err, syscall.ENAMETOOLONG) {
		t.Fatalf("Open = %v, want ENAMETOOLONG", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "disk space") || !strings.Contains(msg, "choose a shorter name with --db") {
		t.Fatalf("message %q", msg)
	}
	if names := listNames(t, dir); len(names) != 0 {
		t.Fatalf("a failed create left %v", names)
	}
}

func listNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// TestCreateOnFullDiskSaysSo: SQLite reports a full disk as its own error
// carrying the OS errno; the refusal must still say to free space, and
// must not show the internal temporary name or SQLite's wording.
func TestCreateOnFullDiskSaysSo(t *testing.T) {
	full := sqlite3.Error{Code: sqlite3.ErrFull, SystemErrno: syscall.ENOSPC}
	wrapped := fmt.Errorf("/d/.journal.db.new-1: reading schema version: %w", full)
	if got := errnoText(wrapped); got != syscall.ENOSPC.Error() {
		t.Errorf("errnoText = %q, want %q", got, syscall.ENOSPC.Error())
	}
	if got := createAdvice(wrapped); !strings.Contains(got, "free some disk space") {
		t.Errorf("createAdvice = %q", got)
	}
}

// TestCreateFailureHidesTemporaryName: a create that fails inside SQLite
// (here past a file size limit) names the journal, not the ".new-" file.
func TestCreateFailureHidesTemporaryName(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "journal.db")
	var s *Store
	var err error
	withFileSizeLimit(t, 4<<10, func() { s, err = Open(p, Options{}) })
	if err == nil {
		s.Close()
		t.Fatal("created a journal past the size limit")
	}
	if msg := err.Error(); strings.Contains(msg, ".new-") || strings.Contains(msg, "reading schema") {
		t.Fatalf("message shows internals: %q", msg)
	}
}

// TestTruncatedJournalPointsToBackups: a trustwork journal that lost its
// tail (a copy cut short, a full disk during a copy) is ours, damaged: the
// refusal says so and points to the backups, instead of calling it "not a
// trustwork database" and asking for another file.
func TestTruncatedJournalPointsToBackups(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "journal.db")
	makeTrustworkDB(t, p, 40)
	st, _ := os.Stat(p)
	if err := os.Truncate(p, st.Size()/2); err != nil {
		t.Fatal(err)
	}
	_, err := Open(p, Options{ReadOnly: true})
	if err == nil || strings.Contains(err.Error(), "not a trustwork database") || !strings.Contains(err.Error(), "restore") || !strings.Contains(err.Error(), filepath.Join(dir, "backups")) {
		t.Fatalf("Open(truncated journal) = %v", err)
	}
}
