package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func fileSum(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// journalWith makes a closed journal at path holding one entry with body.
func journalWith(t *testing.T, path, body string) {
	t.Helper()
	s, err := Open(path, Options{Now: fixedNow()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	w, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEntry(ctx, Entry{WorkbookID: w.ID, StepID: "s", PromptID: "p", Body: body}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// bodies returns the bodies of the journal at path.
func bodies(t *testing.T, path string) []string {
	t.Helper()
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []string
	wbs, _ := s.Workbooks(context.Background())
	for _, w := range wbs {
		s.EachEntry(context.Background(), w.ID, "", "", func(e Entry) error { out = append(out, e.Body); return nil })
	}
	return out
}

var restoreTime = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

func TestRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	bak := filepath.Join(dir, "backups", "journal-1.db")
	if err := os.MkdirAll(filepath.Dir(bak), 0o700); err != nil {
		t.Fatal(err)
	}
	journalWith(t, bak, "from the backup")
	bakSum := fileSum(t, bak)
	db := filepath.Join(dir, "data", "journal.db")

	// Into a journal that does not exist yet.
	res, err := Restore(ctx, bak, db, false, restoreTime)
	if err != nil || res.Kept != "" {
		t.Fatalf("Restore into nothing = %+v, %v", res, err)
	}
	if got := bodies(t, db); len(got) != 1 || got[0] != "from the backup" {
		t.Fatalf("restored journal holds %q", got)
	}
	if mode(t, db) != 0o600 {
		t.Errorf("restored journal mode %v", mode(t, db))
	}

	// Onto a journal with words: refused without --replace, unchanged.
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	journalWith(t, db, "written since")
	dbSum := fileSum(t, db)
	_, err = Restore(ctx, bak, db, false, restoreTime)
	if !errors.Is(err, ErrJournalExists) || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("Restore onto a journal = %v, want ErrJournalExists", err)
	}
	if fileSum(t, db) != dbSum {
		t.Fatal("a refused restore changed the journal")
	}
	// With replace: the backup's words, and the old journal kept whole.
	res, err = Restore(ctx, bak, db, true, restoreTime)
	if err != nil {
		t.Fatal(err)
	}
	if res.Kept != db+".before-restore-20261122T030000Z" {
		t.Errorf("kept as %q", res.Kept)
	}
	if got := bodies(t, db); len(got) != 1 || got[0] != "from the backup" {
		t.Fatalf("restored journal holds %q", got)
	}
	if fileSum(t, res.Kept) != dbSum {
		t.Error("the replaced journal was not kept as it was")
	}
	if fileSum(t, bak) != bakSum {
		t.Fatal("restore changed the backup")
	}
	if ents, _ := filepath.Glob(filepath.Join(dir, "data", ".*")); len(ents) != 0 {
		t.Errorf("restore left temporary files: %v", ents)
	}
	// Restoring a journal onto itself is refused.
	if _, err := Restore(ctx, db, db, true, restoreTime); err == nil || !strings.Contains(err.Error(), "is the journal itself") {
		t.Errorf("Restore onto itself = %v", err)
	}
}

// TestRestoreRefusals: a backup that opening would refuse is refused, with
// the backup's name in the message, and neither file changes.
func TestRestoreRefusals(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	journalWith(t, good, "x")
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "foreign.db")
	raw := rawDB(t, foreign)
	mustExec(t, raw, `CREATE TABLE t (x)`)
	raw.Close()
	newer := filepath.Join(dir, "newer.db")
	copyFile(t, good, newer)
	raw = rawDB(t, newer)
	mustExec(t, raw, `PRAGMA user_version = 99`)
	raw.Close()
	damaged := filepath.Join(dir, "damaged.db")
	bad := append([]byte(nil), goodBytes...)
	for i := 4096; i < len(bad) && i < 2*4096; i++ {
		bad[i] = 0xA5 // scribble over the second page
	}
	if err := os.WriteFile(damaged, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	// Damage only in an index: reads of the tables still work, only the
	// integrity check finds it.
	damagedIndex := filepath.Join(dir, "damaged-index.db")
	bad = append([]byte(nil), goodBytes...)
	var rootPage int
	raw = rawDB(t, good)
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'entries_by_time'`).Scan(&rootPage); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	off := (rootPage - 1) * 4096
	for i := off + 8; i < off+4096 && i < len(bad); i++ {
		bad[i] = 0
	}
	if err := os.WriteFile(damagedIndex, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database at all"), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	truncated := filepath.Join(dir, "truncated.db")
	os.WriteFile(truncated, goodBytes[:len(goodBytes)/2], 0o600)

	db := filepath.Join(dir, "data", "journal.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
		t.Fatal(err)
	}
	journalWith(t, db, "mine")
	dbSum := fileSum(t, db)
	for _, c := range []struct {
		path string
		want error
	}{
		{foreign, ErrNotTrustwork}, {newer, ErrTooNew}, {damaged, ErrNotTrustwork}, {damagedIndex, ErrNotTrustwork},
		{text, ErrNotTrustwork}, {empty, ErrNotTrustwork}, {truncated, ErrNotTrustwork},
		{filepath.Join(dir, "missing.db"), ErrUnusable}, {dir, ErrUnusable},
	} {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			var before [32]byte
			if st, err := os.Stat(c.path); err == nil && st.Mode().IsRegular() {
				before = fileSum(t, c.path)
			}
			_, err := Restore(ctx, c.path, db, true, restoreTime)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.path) || strings.Contains(err.Error(), ".restore-") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Restore(%s) = %v, want one line naming it, matching %v", c.path, err, c.want)
			}
			if fileSum(t, db) != dbSum {
				t.Fatal("the journal changed")
			}
			if st, err := os.Stat(c.path); err == nil && st.Mode().IsRegular() && fileSum(t, c.path) != before {
				t.Fatal("the backup changed")
			}
			if ents, _ := filepath.Glob(filepath.Join(dir, "data", ".*")); len(ents) != 0 {
				t.Fatalf("temporary files left: %v", ents)
			}
		})
	}
	// A refused restore into a journal not made yet leaves nothing behind,
	// not even the lock file.
	fresh := filepath.Join(dir, "fresh")
	if err := os.Mkdir(fresh, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, damagedIndex, filepath.Join(fresh, "journal.db"), false, restoreTime); !errors.Is(err, ErrNotTrustwork) {
		t.Fatalf("Restore of a damaged backup = %v", err)
	}
	if ents, _ := os.ReadDir(fresh); len(ents) != 0 {
		t.Fatalf("a refused restore left %v", ents)
	}
	// A backup with a -wal or hot -journal beside it is refused: copying
	// the file alone would not copy what it holds.
	for _, side := range []string{"-wal", "-journal"} {
		withSide := filepath.Join(dir, "side"+side+".db")
		copyFile(t, good, withSide)
		if err := os.WriteFile(withSide+side, []byte("pending"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Restore(ctx, withSide, db, true, restoreTime); !errors.Is(err, ErrUnusable) || !strings.Contains(err.Error(), side) {
			t.Errorf("Restore with a %s beside the backup = %v", side, err)
		}
		if fileSum(t, db) != dbSum {
			t.Fatal("the journal changed")
		}
	}
	// A journal open in trustwork is not replaced under it.
	s, err := Open(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Restore(ctx, good, db, true, restoreTime); !errors.Is(err, ErrLocked) {
		t.Fatalf("Restore onto an open journal = %v, want ErrLocked", err)
	}
}
