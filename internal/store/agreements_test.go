package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/agreement"
)

// An agreement and its reviews go in through the codec: with the lock on,
// neither the wording nor a review note is anywhere in the file, and both
// read back with the dates, status and history as they were saved.
func TestAgreementsRoundTripAndSeal(t *testing.T) {
	for _, locked := range []bool{false, true} {
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
		start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local)
		step := "tool.agreements"
		key := DraftKey{WorkbookID: wb.ID, StepID: step, PromptID: "new"}
		if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: step, PromptID: "new", Body: "draft"}); err != nil {
			t.Fatal(err)
		}
		a := agreement.Agreement{Area: agreement.Phones, Text: " Phones stay unlocked at home, amber-walnut \n", Start: start, Review: start.AddDate(0, 0, 30)}
		id, err := s.SaveAgreement(ctx, wb.ID, a, key)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Draft(ctx, wb.ID, step, "new", 0); ok {
			t.Error("the draft outlived the save")
		}
		// A review past 90 days is refused and changes nothing.
		rkey := DraftKey{WorkbookID: wb.ID, StepID: step, PromptID: "review", EntryID: id}
		if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: step, PromptID: "review", EntryID: id, Body: "note draft"}); err != nil {
			t.Fatal(err)
		}
		at := start.AddDate(0, 0, 30)
		if _, err := s.ReviewAgreement(ctx, wb.ID, id, agreement.Review{At: at, Outcome: agreement.Kept, Next: at.AddDate(0, 0, 91), Note: "x"}, rkey); err == nil || !strings.Contains(err.Error(), "more than 90 days") {
			t.Fatalf("a review 91 days on: %v", err)
		}
		if _, ok, _ := s.Draft(ctx, wb.ID, step, "review", id); !ok {
			t.Error("a refused review deleted the note's draft")
		}
		got, err := s.ReviewAgreement(ctx, wb.ID, id, agreement.Review{At: at, Outcome: agreement.Kept, Next: at.AddDate(0, 0, 60), Note: "It helps us both, cobalt-heron"}, rkey)
		if err != nil || len(got.Reviews) != 1 || !got.Review.Equal(at.AddDate(0, 0, 60)) {
			t.Fatalf("review: %+v %v", got, err)
		}
		if _, ok, _ := s.Draft(ctx, wb.ID, step, "review", id); ok {
			t.Error("the note's draft outlived the review")
		}
		at2 := at.AddDate(0, 0, 60)
		if _, err := s.ReviewAgreement(ctx, wb.ID, id, agreement.Review{At: at2, Outcome: agreement.EndedBy, Note: "Not needed now"}, rkey); err != nil {
			t.Fatal(err)
		}
		s.Close()
		for _, secret := range []string{"amber-walnut", "cobalt-heron"} {
			if got := fileHolds(t, p, secret); got == locked {
				t.Errorf("locked=%v: %q in plain text in the file = %v", locked, secret, got)
			}
		}
		s, err = Open(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if locked {
			if _, err := s.Agreements(ctx, wb.ID); !errors.Is(err, ErrJournalLocked) {
				t.Errorf("Agreements before unlocking: %v, want ErrJournalLocked", err)
			}
			if err := s.Unlock([]byte("correct horse battery")); err != nil {
				t.Fatal(err)
			}
		}
		as, err := s.Agreements(ctx, wb.ID)
		if err != nil || len(as) != 1 {
			t.Fatalf("Agreements = %+v, %v", as, err)
		}
		g := as[0]
		if g.Text != "Phones stay unlocked at home, amber-walnut" || g.Area != agreement.Phones || !g.Start.Equal(start) || !g.Ended() {
			t.Errorf("read back %+v", g)
		}
		if len(g.Reviews) != 2 || g.Reviews[0].Outcome != agreement.Kept || g.Reviews[0].Note != "It helps us both, cobalt-heron" ||
			!g.Reviews[0].Next.Equal(at2) || !g.Reviews[1].At.Equal(at2) || g.Reviews[1].Outcome != agreement.EndedBy || g.Reviews[1].Note != "Not needed now" {
			t.Errorf("history %+v", g.Reviews)
		}
		if agreement.Due(as, at2.AddDate(1, 0, 0)) != nil {
			t.Error("an ended agreement came due")
		}
		// Editing the wording keeps dates and history.
		if _, err := s.SaveAgreement(ctx, wb.ID, agreement.Agreement{ID: id, Text: "Phones on the table"}, DraftKey{WorkbookID: wb.ID, StepID: step, PromptID: AgreementField, EntryID: id}); err != nil {
			t.Fatal(err)
		}
		if g, err := s.AgreementByID(ctx, wb.ID, id); err != nil || g.Text != "Phones on the table" || len(g.Reviews) != 2 || !g.Start.Equal(start) {
			t.Errorf("after a wording edit: %+v %v", g, err)
		}
		s.Close()
	}
}

// A new agreement without a valid review date is refused before anything
// is written, with the domain's one-line reason.
func TestSaveAgreementRefusesOpenEnded(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "j.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local)
	for want, a := range map[string]agreement.Agreement{
		"needs a review date": {Area: agreement.Openness, Text: "Share passwords", Start: start},
		"more than 90 days":   {Area: agreement.Openness, Text: "Share passwords", Start: start, Review: start.AddDate(0, 0, 91)},
		"needs words":         {Area: agreement.Openness, Text: "  ", Start: start, Review: start.AddDate(0, 0, 9)},
	} {
		if _, err := s.SaveAgreement(ctx, wb.ID, a, DraftKey{WorkbookID: wb.ID}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", want, err)
		}
	}
	if as, err := s.Agreements(ctx, wb.ID); err != nil || len(as) != 0 {
		t.Errorf("refused agreements were written: %+v %v", as, err)
	}
}
