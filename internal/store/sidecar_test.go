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
		for _, ro := range []Options{{}, {ReadOnly: true}, {ReadOnlyIfLocked: true}} {
			_, err := Open(p, ro)
			if !errors.Is(err, ErrUnusable) || !strings.Contains(err.Error(), "unfinished change") || !strings.Contains(err.Error(), p+"-journal") {
				t.Fatalf("Open(%+v) = %v", ro, err)
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
		for _, ro := range []Options{{}, {ReadOnly: true}, {ReadOnlyIfLocked: true}} {
			_, err := Open(p, ro)
			if err == nil || !strings.Contains(err.Error(), "belongs to another database") || strings.Contains(err.Error(), "not a trustwork database") {
				t.Fatalf("Open(%+v) = %v", ro, err)
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

// TestHugePageCountClaimRefused: a header claiming 8 GiB of pages on a
// small file is refused (as truncated) for reading and writing, so a
// backup can never write 8 GiB; with the claim marked stale, SQLite goes
// by the file's real size and a backup is as small as the file.
func TestHugePageCountClaimRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	makeTrustworkDB(t, p, 3)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	binaryPut := func(off int, v uint32) {
		b[off], b[off+1], b[off+2], b[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	binaryPut(28, 2<<20) // 2 Mi pages of 4 KiB
	os.WriteFile(p, b, 0o600)
	before := snapshot(t, dir, false)
	for _, ro := range []bool{true, false} {
		if _, err := Open(p, Options{ReadOnly: ro}); !errors.Is(err, ErrNotTrustwork) || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("Open(%+v) = %v", ro, err)
		}
	}
	if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
		t.Fatalf("changed:\n%s", d)
	}
	binaryPut(92, uint32(b[24])<<24|uint32(b[25])<<16|uint32(b[26])<<8|uint32(b[27])+1) // "version valid for" no longer matches
	os.WriteFile(p, b, 0o600)
	s, err := Open(p, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dest := filepath.Join(dir, "copy.db")
	if err := s.Backup(t.Context(), dest); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(dest); err != nil || st.Size() > int64(len(b)) {
		t.Fatalf("backup of a %d-byte file is %v bytes (%v)", len(b), st.Size(), err)
	}
}
