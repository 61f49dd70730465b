package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wantBackupDamaged checks the one line restore says about a damaged
// backup: its name, that it is damaged, and to choose another backup (not
// the journal's own advice about keeping the file and --db).
func wantBackupDamaged(t *testing.T, err error, bak string) {
	t.Helper()
	want := "the backup cannot be restored: " + showPath(bak) + " is damaged (it failed SQLite's check); choose another backup; nothing was changed"
	if err == nil || err.Error() != want {
		t.Errorf("restore from a damaged backup:\n got %v\nwant %s", err, want)
	}
}

// junkPage fills page n (from 1) of the database at path with garbage.
func junkPage(t *testing.T, path string, n, size int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xa5", int(size))), (n-1)*size); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedLockPage: a file whose lock table page is garbage is called
// damaged, with what to do, by a read-only open (status, export) and by
// restore, instead of SQLite's "reading the lock: database disk image is
// malformed"; the file is not changed.
func TestDamagedLockPage(t *testing.T) {
	s, path := openTest(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var root, size int64
	db := rawDB(t, path)
	if err := db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'lock'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	db.Close()
	junkPage(t, path, root, size)
	before := snapshot(t, filepath.Dir(path), true)

	_, err := Open(path, Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "is damaged") || strings.Contains(err.Error(), "malformed") {
		t.Errorf("read-only open of a damaged file: %v", err)
	}
	if d := diffSnap(before, snapshot(t, filepath.Dir(path), true)); d != "" {
		t.Errorf("the read-only open changed the damaged file: %s", d)
	}
	_, err = Restore(context.Background(), path, filepath.Join(t.TempDir(), "new.db"), false, time.Now())
	wantBackupDamaged(t, err, path)
	if d := diffSnap(before, snapshot(t, filepath.Dir(path), true)); d != "" {
		t.Errorf("the damaged file changed: %s", d)
	}
}

// TestRestoreDamagedEntries: a backup whose entries pages are damaged
// (found by the integrity check, not on opening) gets the same one line.
func TestRestoreDamagedEntries(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	w, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: w.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: strings.Repeat("words ", 100)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var pages, size int64
	db := rawDB(t, path)
	if err := db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	db.Close()
	junkPage(t, path, pages-2, size)
	_, err = Restore(ctx, path, filepath.Join(t.TempDir(), "new.db"), false, time.Now())
	wantBackupDamaged(t, err, path)
}
