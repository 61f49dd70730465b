package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestForeignSidecarsNamed: a hot "-journal" or another database's "-wal"
// beside a good journal is named as the cause, not "not a trustwork
// database", and nothing is changed.
func TestForeignSidecarsNamed(t *testing.T) {
	t.Run("hot journal", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "x.db")
		makeTrustworkDB(t, p, 2)
		os.WriteFile(p+"-journal", []byte("\xd9\xd5\x05\xf9\x20\xa1\x63\xd7 an unfinished change"), 0o600)
		before := snapshot(t, dir, false)
		for _, ro := range []bool{false, true} {
			_, err := Open(p, Options{ReadOnly: ro})
			if !errors.Is(err, ErrUnusable) || !strings.Contains(err.Error(), "unfinished change") || !strings.Contains(err.Error(), p+"-journal") {
				t.Fatalf("Open(ro=%v) = %v", ro, err)
			}
		}
		if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
			t.Fatalf("changed:\n%s", d)
		}
	})
	t.Run("foreign wal", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "x.db")
		makeTrustworkDB(t, p, 2)
		// A stranger's -wal, captured while its writer was open.
		other := filepath.Join(dir, "other.db")
		db := rawDB(t, other)
		mustExec(t, db, "PRAGMA journal_mode=WAL")
		mustExec(t, db, "PRAGMA wal_autocheckpoint=0")
		mustExec(t, db, "CREATE TABLE recipes (name TEXT)")
		mustExec(t, db, "INSERT INTO recipes VALUES ('soup')")
		copyFile(t, other+"-wal", p+"-wal")
		db.Close()
		os.Remove(other)
		before := snapshot(t, dir, false)
		for _, ro := range []bool{false, true} {
			_, err := Open(p, Options{ReadOnly: ro})
			if err == nil || !strings.Contains(err.Error(), "belongs to another database") || strings.Contains(err.Error(), "not a trustwork database") {
				t.Fatalf("Open(ro=%v) = %v", ro, err)
			}
		}
		if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
			t.Fatalf("changed:\n%s", d)
		}
	})
}

// TestOrphanWALBlocksCreate: a -wal left where the journal was (deleted or
// moved while open) is not replayed into a new, empty journal; nothing is
// created and the message says what to do.
func TestOrphanWALBlocksCreate(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	live := filepath.Join(t.TempDir(), "live.db")
	db := rawDB(t, live)
	mustExec(t, db, "PRAGMA journal_mode=WAL")
	mustExec(t, db, "PRAGMA wal_autocheckpoint=0")
	mustExec(t, db, "CREATE TABLE t (x)")
	copyFile(t, live+"-wal", p+"-wal")
	db.Close()
	before := snapshot(t, dir, false)
	_, err := Open(p, Options{})
	if !errors.Is(err, ErrUnusable) || !strings.Contains(err.Error(), "from an earlier journal") {
		t.Fatalf("Open = %v", err)
	}
	if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
		t.Fatalf("changed:\n%s", d)
	}
}
