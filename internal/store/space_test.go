package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/space"
)

// spaceTestStore opens a new journal with one workbook, locked with a
// passphrase when locked; it returns the journal's path too.
func spaceTestStore(t *testing.T, locked bool) (*Store, Workbook, string) {
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
	return s, wb, p
}

// Periods of space, their unsent letters, the time-out plan and a break go
// in through the codec: with the lock on, the words are nowhere in the
// file, and everything reads back after reopening.
func TestSpaceRoundTripAndSeal(t *testing.T) {
	since := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for _, locked := range []bool{false, true} {
		ctx := context.Background()
		s, wb, p := spaceTestStore(t, locked)
		if _, err := s.StartSpace(ctx, wb.ID, space.GivePeriod{Since: since}); err == nil {
			t.Error("a period with no end was stored")
		}
		dated, err := s.StartSpace(ctx, wb.ID, space.GivePeriod{Since: since, Until: since.AddDate(0, 0, 7)})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.EndSpace(ctx, wb.ID, dated.ID, since.AddDate(0, 0, 3), "we agreed to talk"); err != nil {
			t.Fatal(err)
		}
		open, err := s.StartSpace(ctx, wb.ID, space.GivePeriod{Since: since.AddDate(0, 0, 10), UntilTheyReachOut: true})
		if err != nil {
			t.Fatal(err)
		}
		key := DraftKey{WorkbookID: wb.ID, StepID: "tool.space", PromptID: LetterField(1), EntryID: open.ID}
		if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: key.StepID, PromptID: key.PromptID, EntryID: open.ID, Body: "draft"}); err != nil {
			t.Fatal(err)
		}
		wrote := since.AddDate(0, 0, 12)
		if err := s.SaveUnsentLetter(ctx, wb.ID, open.ID, 1, "I miss you, walrus-lantern", wrote, key); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Draft(ctx, wb.ID, key.StepID, key.PromptID, open.ID); ok {
			t.Error("the letter's draft outlived the save")
		}
		if err := s.SaveUnsentLetter(ctx, wb.ID, open.ID, 1, "I miss you, walrus-lantern. Still.", wrote.AddDate(0, 0, 1), key); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveUnsentLetter(ctx, wb.ID, open.ID, 2, "second", wrote, key); err != nil {
			t.Fatal(err)
		}
		planID, err := s.SavePlanText(ctx, wb.ID, 0, PlanSignalField, "pineapple-hush", DraftKey{WorkbookID: wb.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetTimeoutMinutes(ctx, wb.ID, planID, 19); err == nil {
			t.Error("a 19-minute break was stored")
		}
		if _, err := s.SetTimeoutMinutes(ctx, wb.ID, planID, 45); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SavePlanText(ctx, wb.ID, planID, PlanComeBackField, "after dinner", DraftKey{WorkbookID: wb.ID}); err != nil {
			t.Fatal(err)
		}
		start := since.Add(time.Hour)
		to, err := s.StartTimeout(ctx, wb.ID, start, 45)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.StopTimeout(ctx, wb.ID, to, start.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		s.Close()
		for _, secret := range []string{"walrus-lantern", "pineapple-hush", "we agreed to talk"} {
			if got := fileHolds(t, p, secret); got == locked {
				t.Errorf("locked=%v: %q in the file = %v", locked, secret, got)
			}
		}

		s, err = Open(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if locked {
			if _, err := s.SpacePeriods(ctx, wb.ID, true); !errors.Is(err, ErrJournalLocked) {
				t.Errorf("SpacePeriods before unlocking: %v, want ErrJournalLocked", err)
			}
			if err := s.Unlock([]byte("correct horse battery")); err != nil {
				t.Fatal(err)
			}
		}
		ps, err := s.SpacePeriods(ctx, wb.ID, true)
		if err != nil || len(ps) != 2 {
			t.Fatalf("SpacePeriods = %+v, %v", ps, err)
		}
		if got := ps[0]; !got.Until.Equal(since.AddDate(0, 0, 7)) || got.EndedWhy != "we agreed to talk" || got.DaysKept(since.AddDate(0, 1, 0)) != 3 || got.UntilTheyReachOut {
			t.Errorf("dated period read back as %+v", got)
		}
		got := ps[1]
		if !got.UntilTheyReachOut || !got.Until.IsZero() || !got.Active(since.AddDate(0, 1, 0)) || len(got.Letters) != 2 {
			t.Fatalf("open period read back as %+v", got)
		}
		if l := got.Letters[0]; l.N != 1 || l.Text != "I miss you, walrus-lantern. Still." || !l.At.Equal(wrote) {
			t.Errorf("letter 1 = %+v (its date is the first saving)", l)
		}
		if got.NextLetter() != 3 {
			t.Errorf("NextLetter = %d, want 3", got.NextLetter())
		}
		if ps, _ := s.SpacePeriods(ctx, wb.ID, false); ps[1].Letters[0].Text != "" || len(ps[1].Letters) != 2 {
			t.Errorf("a list without text read a letter: %+v", ps[1].Letters)
		}
		plan, ok, err := s.TimeoutPlan(ctx, wb.ID)
		if err != nil || !ok || plan.ID != planID || plan.Minutes != 45 || plan.Signal != "pineapple-hush" || plan.ComeBack != "after dinner" {
			t.Errorf("TimeoutPlan = %+v %v %v", plan, ok, err)
		}
		ts, err := s.Timeouts(ctx, wb.ID, true)
		if err != nil || len(ts) != 1 || !ts[0].Start.Equal(start) || ts[0].Minutes != 45 || !ts[0].Stopped.Equal(start.Add(30*time.Minute)) {
			t.Errorf("Timeouts = %+v, %v", ts, err)
		}
		if ts[0].Running(start.Add(time.Minute)) {
			t.Error("a stopped break still runs")
		}
		s.Close()
	}
}

// A workbook with no plan gets the shortest break, and a timer that was
// never stopped runs until its time is up.
func TestSpaceDefaults(t *testing.T) {
	ctx := context.Background()
	s, wb, _ := spaceTestStore(t, false)
	defer s.Close()
	plan, ok, err := s.TimeoutPlan(ctx, wb.ID)
	if err != nil || ok || plan.Minutes != 20 {
		t.Errorf("no plan: %+v %v %v", plan, ok, err)
	}
	start := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	to, err := s.StartTimeout(ctx, wb.ID, start, 20)
	if err != nil {
		t.Fatal(err)
	}
	if !to.Running(start.Add(19*time.Minute)) || to.Running(start.Add(20*time.Minute)) {
		t.Error("a 20-minute break runs for 20 minutes")
	}
	if err := s.EndSpace(ctx, wb.ID, to.ID, start, "x"); err == nil {
		t.Error("EndSpace ended a time-out record")
	}
}
