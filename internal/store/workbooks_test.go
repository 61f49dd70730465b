package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// namedWorkbook creates a workbook or fails the test.
func namedWorkbook(t *testing.T, s *Store, name string, role Role) Workbook {
	t.Helper()
	w, err := s.CreateWorkbook(context.Background(), Workbook{PartnerName: name, Relationship: "friend", Role: role})
	if err != nil {
		t.Fatalf("CreateWorkbook(%s): %v", name, err)
	}
	return w
}

func TestUpdateWorkbookKeepsEverything(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	w := namedWorkbook(t, s, "Sam", RoleRepairing)
	e, err := s.AddEntry(ctx, Entry{WorkbookID: w.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened?", Body: "my words"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, w.ID, "reflect", Done); err != nil {
		t.Fatal(err)
	}
	w.PartnerName, w.Relationship, w.Role = "Samira", "family", RoleHurt
	got, err := s.UpdateWorkbook(ctx, w)
	if err != nil {
		t.Fatalf("UpdateWorkbook: %v", err)
	}
	if !got.Hurt() {
		t.Error("the side did not change")
	}
	wbs, err := s.Workbooks(ctx)
	if err != nil || len(wbs) != 1 {
		t.Fatalf("Workbooks = %v, %v", wbs, err)
	}
	if wbs[0].PartnerName != "Samira" || wbs[0].Relationship != "family" || wbs[0].Role != RoleHurt {
		t.Errorf("stored workbook = %+v", wbs[0])
	}
	kept, err := s.Entry(ctx, w.ID, e.ID)
	if err != nil || kept.Body != "my words" || kept.PromptText != "What happened?" {
		t.Errorf("entry after the change = %+v, %v", kept, err)
	}
	if p, _ := s.Progress(ctx, w.ID); p["reflect"] != Done {
		t.Errorf("progress after the change = %v", p)
	}

	w.Role = "neither"
	if _, err := s.UpdateWorkbook(ctx, w); err == nil {
		t.Error("an unknown role was accepted")
	}
	if _, err := s.UpdateWorkbook(ctx, Workbook{ID: 99, PartnerName: "X", Role: RoleHurt}); !errors.Is(err, ErrNotFound) {
		t.Errorf("updating a missing workbook: %v, want ErrNotFound", err)
	}
}

func TestWorkbookNamesAreUnique(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	namedWorkbook(t, s, "Sam", RoleRepairing)
	jo := namedWorkbook(t, s, "Jo", RoleHurt)
	if _, err := s.CreateWorkbook(ctx, Workbook{PartnerName: " sam ", Relationship: "friend", Role: RoleHurt}); !errors.Is(err, ErrNameTaken) {
		t.Errorf("second Sam: %v, want ErrNameTaken", err)
	}
	jo.PartnerName = "SAM"
	if _, err := s.UpdateWorkbook(ctx, jo); !errors.Is(err, ErrNameTaken) {
		t.Errorf("renaming Jo to SAM: %v, want ErrNameTaken", err)
	}
	// Keeping one's own name (in another case) is not a clash.
	jo.PartnerName = "JO"
	if _, err := s.UpdateWorkbook(ctx, jo); err != nil {
		t.Errorf("renaming Jo to JO: %v", err)
	}
}

func TestDeleteWorkbookBacksUpFirst(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	keep := namedWorkbook(t, s, "Sam", RoleRepairing)
	gone := namedWorkbook(t, s, "Jo", RoleHurt)
	for _, w := range []Workbook{keep, gone} {
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: w.ID, StepID: "a", PromptID: "b", PromptText: "Q?", Body: "words for " + w.PartnerName}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveResume(ctx, w.ID, Resume{Screen: "home"}); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "backups")
	backup, err := s.DeleteWorkbook(ctx, gone.ID, dir)
	if err != nil {
		t.Fatalf("DeleteWorkbook: %v", err)
	}
	if filepath.Dir(backup) != dir {
		t.Errorf("backup %s is not in %s", backup, dir)
	}
	// The backup still has the deleted workbook and its words.
	b, err := Open(backup, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("opening the backup: %v", err)
	}
	defer b.Close()
	if n, err := b.CountEntries(ctx, gone.ID, ""); err != nil || n != 1 {
		t.Errorf("backup has %d entries of the deleted workbook (%v), want 1", n, err)
	}
	wbs, _ := s.Workbooks(ctx)
	if len(wbs) != 1 || wbs[0].ID != keep.ID {
		t.Errorf("after delete: %v", wbs)
	}
	if n, _ := s.CountEntries(ctx, gone.ID, ""); n != 0 {
		t.Errorf("%d entries of the deleted workbook remain", n)
	}
	if n, _ := s.CountEntries(ctx, keep.ID, ""); n != 1 {
		t.Errorf("the other workbook has %d entries, want 1", n)
	}
	if _, ok, _ := s.Resume(ctx, gone.ID); ok {
		t.Error("the deleted workbook's resume point remains")
	}
	if _, err := s.DeleteWorkbook(ctx, gone.ID, dir); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
	_ = path
}

func TestDeleteWorkbookKeepsItWhenTheBackupFails(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	w := namedWorkbook(t, s, "Sam", RoleRepairing)
	// A file where the backup folder should be: the backup cannot be made.
	blocker := filepath.Join(t.TempDir(), "backups")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteWorkbook(ctx, w.ID, blocker); err == nil {
		t.Fatal("delete went ahead without a backup")
	}
	if wbs, _ := s.Workbooks(ctx); len(wbs) != 1 {
		t.Errorf("workbook gone although the backup failed: %v", wbs)
	}
}

func TestLastUsedWorkbook(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, ok, err := s.LastUsedWorkbook(ctx); ok || err != nil {
		t.Fatalf("empty store: ok=%v err=%v", ok, err)
	}
	a := namedWorkbook(t, s, "Sam", RoleRepairing)
	b := namedWorkbook(t, s, "Jo", RoleHurt)
	last := func() int64 {
		t.Helper()
		w, ok, err := s.LastUsedWorkbook(ctx)
		if !ok || err != nil {
			t.Fatalf("LastUsedWorkbook: ok=%v err=%v", ok, err)
		}
		return w.ID
	}
	if got := last(); got != b.ID {
		t.Errorf("with no resume points: %d, want the newest %d", got, b.ID)
	}
	if err := s.SaveResume(ctx, a.ID, Resume{Screen: "home"}); err != nil {
		t.Fatal(err)
	}
	if got := last(); got != a.ID {
		t.Errorf("after using Sam: %d, want %d", got, a.ID)
	}
	if err := s.SaveResume(ctx, b.ID, Resume{Screen: "journal"}); err != nil {
		t.Fatal(err)
	}
	if got := last(); got != b.ID {
		t.Errorf("after using Jo: %d, want %d", got, b.ID)
	}
}
