package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

// The apology's draft, its set-aside flags and its versions go through the
// codec like entries: with the lock on, the words are nowhere in the file,
// and everything reads back after reopening and unlocking.
func TestLetterRoundTripAndSeal(t *testing.T) {
	for _, locked := range []bool{false, true} {
		ctx := context.Background()
		s, p, wb := lockableWorkbook(t, locked)
		if _, err := s.KeepLetterVersion(ctx, wb.ID, false); !errors.Is(err, ErrLetterEmpty) {
			t.Fatalf("keeping an empty draft: %v, want ErrLetterEmpty", err)
		}
		if _, _, err := s.LetterToShare(ctx, wb.ID, false); !errors.Is(err, ErrNotFound) {
			t.Fatalf("LetterToShare with no version: %v, want ErrNotFound", err)
		}
		key := DraftKey{WorkbookID: wb.ID, StepID: "tool.apology", PromptID: "regret"}
		if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: key.StepID, PromptID: key.PromptID, Body: "half"}); err != nil {
			t.Fatal(err)
		}
		// A flag set aside before any section is saved makes the draft;
		// the section saved next goes into that same draft.
		id, err := s.SetLetterDismissed(ctx, wb.ID, false, 0, []string{"missing/repair"})
		if err != nil || id == 0 {
			t.Fatalf("SetLetterDismissed: %d %v", id, err)
		}
		got, err := s.SaveLetterSection(ctx, wb.ID, false, 0, "regret", "I am sorry, marble-heron.", key)
		if err != nil || got != id {
			t.Fatalf("SaveLetterSection: id %d (draft is %d), %v", got, id, err)
		}
		if _, ok, _ := s.Draft(ctx, wb.ID, key.StepID, key.PromptID, 0); ok {
			t.Error("the editor's draft outlived the save")
		}
		if _, err := s.SaveLetterSection(ctx, wb.ID, false, id, "repair", "I will show you.", DraftKey{WorkbookID: wb.ID, StepID: "tool.apology", PromptID: "repair", EntryID: id}); err != nil {
			t.Fatal(err)
		}
		v1, err := s.KeepLetterVersion(ctx, wb.ID, false)
		if err != nil || v1.Version != 1 {
			t.Fatalf("first version: %+v %v", v1, err)
		}
		if _, err := s.KeepLetterVersion(ctx, wb.ID, false); !errors.Is(err, ErrLetterUnchanged) {
			t.Fatalf("keeping the same words twice: %v, want ErrLetterUnchanged", err)
		}
		if _, err := s.SaveLetterSection(ctx, wb.ID, false, id, "regret", "I am so sorry, marble-heron.", DraftKey{WorkbookID: wb.ID, StepID: "tool.apology", PromptID: "regret", EntryID: id}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.KeepLetterVersion(ctx, wb.ID, false); err != nil {
			t.Fatal(err)
		}
		if l, fin, err := s.LetterToShare(ctx, wb.ID, false); err != nil || fin || l.Version != 2 {
			t.Fatalf("LetterToShare before finishing: v%d finished=%v %v", l.Version, fin, err)
		}
		if f, err := s.FinishLetter(ctx, wb.ID, false, true); err != nil || !f.Finished || f.Version != 2 {
			t.Fatalf("FinishLetter: %+v %v", f, err)
		}
		// The impact letter is the other side's and stays apart.
		if vs, err := s.LetterVersions(ctx, wb.ID, true, false); err != nil || len(vs) != 0 {
			t.Fatalf("impact versions: %+v %v", vs, err)
		}
		s.Close()
		if got := fileHolds(t, p, "marble-heron"); got == locked {
			t.Errorf("locked=%v: plain text in the file = %v", locked, got)
		}
		if got := fileHolds(t, p, "missing/repair"); got == locked {
			t.Errorf("locked=%v: set-aside flag in the file = %v", locked, got)
		}

		s, err = Open(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if locked {
			if _, err := s.LetterDraft(ctx, wb.ID, false); !errors.Is(err, ErrJournalLocked) {
				t.Errorf("LetterDraft before unlocking: %v, want ErrJournalLocked", err)
			}
			if err := s.Unlock([]byte("correct horse battery")); err != nil {
				t.Fatal(err)
			}
		}
		d, err := s.LetterDraft(ctx, wb.ID, false)
		if err != nil || d.ID != id || d.Version != 0 || d.Sections["regret"] != "I am so sorry, marble-heron." ||
			!slices.Equal(d.Dismissed, []string{"missing/repair"}) {
			t.Fatalf("draft after reopening: %+v %v", d, err)
		}
		vs, err := s.LetterVersions(ctx, wb.ID, false, true)
		if err != nil || len(vs) != 2 || vs[0].Sections["regret"] != "I am sorry, marble-heron." || vs[0].Finished || !vs[1].Finished {
			t.Fatalf("versions after reopening: %+v %v", vs, err)
		}
		l, fin, err := s.LetterToShare(ctx, wb.ID, false)
		if err != nil || !fin || l.Version != 2 {
			t.Fatalf("LetterToShare: v%d finished=%v %v", l.Version, fin, err)
		}
		// A later version does not undo the finished one: that stays the
		// letter to share until the newer one is marked.
		if _, err := s.SaveLetterSection(ctx, wb.ID, false, id, "impact", "You could not sleep.", DraftKey{WorkbookID: wb.ID, StepID: "tool.apology", PromptID: "impact", EntryID: id}); err != nil {
			t.Fatal(err)
		}
		if v3, err := s.KeepLetterVersion(ctx, wb.ID, false); err != nil || v3.Version != 3 || v3.Finished {
			t.Fatalf("third version: %+v %v", v3, err)
		}
		if l, fin, _ := s.LetterToShare(ctx, wb.ID, false); !fin || l.Version != 2 {
			t.Fatalf("after a newer version, sharing v%d finished=%v, want the finished v2", l.Version, fin)
		}
		s.Close()
	}
}

// lockableWorkbook opens a new journal with one workbook, locked or not.
func lockableWorkbook(t *testing.T, locked bool) (*Store, string, Workbook) {
	t.Helper()
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "j.db")
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	if locked {
		if err := s.SetPassphrase(ctx, []byte("correct horse battery")); err != nil {
			t.Fatal(err)
		}
	}
	return s, p, wb
}
