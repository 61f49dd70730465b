package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// closedDB makes a trustwork database with one workbook and closes it
// cleanly, as a finished trustwork session leaves it.
func closedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trustwork.db")
	s, err := Open(path, Options{Now: fixedNow()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateWorkbook(context.Background(), Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadOnlyCloseLeavesNothing: `trustwork status`, `export` and `backup`
// open read-only; afterwards the folder is byte-for-byte as before, with
// no empty -wal or -shm left beside the database.
func TestReadOnlyCloseLeavesNothing(t *testing.T) {
	path := closedDB(t)
	dir := filepath.Dir(path)
	before := snapshot(t, dir, false)
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if wbs, err := s.Workbooks(context.Background()); err != nil || len(wbs) != 1 {
		t.Fatalf("ListWorkbooks: %v %v", wbs, err)
	}
	if _, err := os.Stat(path + "-shm"); err != nil {
		t.Fatalf("reading made no -shm (%v); the test does not exercise the tidy-up", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
		t.Fatalf("read-only open changed the folder:\n%s", d)
	}
}

// TestReadOnlyCloseLeavesWriterAlone: with a writer open, a read-only
// Store's Close removes none of the writer's files and the writer keeps
// working; a second read-only Store in the same process is not disturbed
// by the first one closing either.
func TestReadOnlyCloseLeavesWriterAlone(t *testing.T) {
	path := closedDB(t)
	ctx := context.Background()
	w, err := Open(path, Options{Now: fixedNow()})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	wb, err := w.CreateWorkbook(ctx, Workbook{PartnerName: "Alex", Relationship: "friend", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if wbs, err := r.Workbooks(ctx); err != nil || len(wbs) != 2 {
		t.Fatalf("reader sees %v, %v", wbs, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"-wal", "-shm", ".lock"} {
		if _, err := os.Stat(path + side); err != nil {
			t.Errorf("reader's Close removed the writer's %s: %v", side, err)
		}
	}
	if _, err := w.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "why", PromptText: "Why?", Body: "still writing"}); err != nil {
		t.Fatalf("writer after the reader closed: %v", err)
	}
	r2, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if n, err := r2.CountEntries(ctx, wb.ID, ""); err != nil || n != 1 {
		t.Fatalf("new reader sees %d entries (%v), want 1", n, err)
	}
}

// TestReadOnlyCloseLeavesOtherReader: two read-only Stores; when the first
// closes, the second's -wal and -shm stay and it keeps reading.
func TestReadOnlyCloseLeavesOtherReader(t *testing.T) {
	path := closedDB(t)
	ctx := context.Background()
	a, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Store{a, b} {
		if _, err := s.Workbooks(ctx); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	if _, err := os.Stat(path + "-shm"); err != nil {
		t.Fatalf("first reader's Close removed the -shm the second uses: %v", err)
	}
	if wbs, err := b.Workbooks(ctx); err != nil || len(wbs) != 1 {
		t.Fatalf("second reader: %v %v", wbs, err)
	}
	b.Close()
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("%s left after the last reader closed", side)
		}
	}
}
