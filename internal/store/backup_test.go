package store

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestBackupToFolder: manual backups are private, hold the data, and only
// the newest five are kept, without touching other files in the folder.
func TestBackupToFolder(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	s, path := openTest(t)
	ctx := context.Background()
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "why", PromptText: "Why?", Body: "kept"}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(path), "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "notes.txt")
	os.WriteFile(mine, []byte("mine"), 0o600)

	var last string
	for i := 0; i < 7; i++ {
		if last, err = s.BackupToFolder(ctx, ""); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(last)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup %s: %v %v", last, fi, err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 6 { // five backups and notes.txt
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("backups folder holds %v, want the newest 5 backups and notes.txt", names)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Fatal("pruning removed a file it did not write")
	}
	b, err := Open(last, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, err := b.CountEntries(ctx, wb.ID, ""); err != nil || n != 1 {
		t.Fatalf("backup holds %d entries (%v), want 1", n, err)
	}
}
