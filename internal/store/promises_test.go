package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/promise"
)

// A promise goes in through the codec like an entry: its words, its notes
// and its choices come back as saved, the history keeps every change with
// its note, and with the lock on none of the words are in the file.
func TestPromisesRoundTripAndSeal(t *testing.T) {
	for _, locked := range []bool{false, true} {
		ctx := context.Background()
		s, wb, p := toolStore(t, locked)
		key := DraftKey{WorkbookID: wb.ID, StepID: "tool.promises", PromptID: PromiseWhatField}
		if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: key.StepID, PromptID: key.PromptID, Body: "draft"}); err != nil {
			t.Fatal(err)
		}
		id, err := s.SavePromiseWhat(ctx, wb.ID, 0, " home by seven, ochre-lantern ", key)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Draft(ctx, wb.ID, key.StepID, key.PromptID, 0); ok {
			t.Error("the draft outlived the save")
		}
		ps, err := s.Promises(ctx, wb.ID)
		if err != nil || len(ps) != 1 || ps[0].What != "home by seven, ochre-lantern" || ps[0].Status != promise.Open || ps[0].Set || !ps[0].Ongoing() {
			t.Fatalf("new promise = %+v, %v", ps, err)
		}
		due := time.Date(2026, 11, 20, 23, 59, 59, 0, time.UTC)
		pr := ps[0]
		pr.ToWhom, pr.Due, pr.Set = "Sam", due, true
		missedAt := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
		pr.Promise, _ = pr.Settle(promise.Missed, "", missedAt)
		pr.Owned, pr.OwnedAt = true, missedAt.Add(time.Hour)
		if err := s.UpdatePromise(ctx, wb.ID, pr); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SavePromiseNote(ctx, wb.ID, id, 1, "stayed late, told her at once, violet-harbour", DraftKey{WorkbookID: wb.ID, StepID: key.StepID, PromptID: PromiseNoteField(1), EntryID: id}); err != nil {
			t.Fatal(err)
		}
		nid, err := s.SaveNeedWhat(ctx, wb.ID, 0, "her number deleted, amber-quill", DraftKey{WorkbookID: wb.ID, StepID: key.StepID, PromptID: PromiseWhatField}, missedAt)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		for _, word := range []string{"ochre-lantern", "violet-harbour", "amber-quill", `"missed"`} {
			if got := fileHolds(t, p, word); got == locked {
				t.Errorf("locked=%v: %q in the file = %v", locked, word, got)
			}
		}
		s, err = Open(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if locked {
			if _, err := s.Promises(ctx, wb.ID); !errors.Is(err, ErrJournalLocked) {
				t.Errorf("Promises before unlocking: %v, want ErrJournalLocked", err)
			}
			if err := s.Unlock([]byte("correct horse battery")); err != nil {
				t.Fatal(err)
			}
		}
		ps, err = s.Promises(ctx, wb.ID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("Promises = %+v, %v", ps, err)
		}
		got := ps[0]
		if got.ToWhom != "Sam" || !got.Due.Equal(due) || got.Status != promise.Missed || !got.Settled.Equal(missedAt) ||
			!got.Owned || !got.OwnedAt.Equal(missedAt.Add(time.Hour)) || !got.Set || got.Note != "stayed late, told her at once, violet-harbour" ||
			len(got.History) != 1 || got.History[0].Note != got.Note || got.What != "home by seven, ochre-lantern" {
			t.Errorf("after reopening: %+v", got)
		}
		brief, err := s.PromisesBrief(ctx, wb.ID)
		if err != nil || len(brief) != 1 || brief[0].What != "" || brief[0].Status != promise.Missed {
			t.Errorf("PromisesBrief should carry statuses and no words: %+v %v", brief, err)
		}
		ns, err := s.Needs(ctx, wb.ID, true)
		if err != nil || len(ns) != 1 || ns[0].ID != nid || ns[0].What != "her number deleted, amber-quill" ||
			!ns[0].Review.Equal(missedAt.AddDate(0, 0, 28)) || !ns[0].Added.Equal(missedAt) {
			t.Fatalf("Needs = %+v, %v", ns, err)
		}
		n := ns[0]
		n.Review = missedAt.AddDate(0, 0, 120)
		if err := s.UpdateNeed(ctx, wb.ID, n); err == nil {
			t.Error("a review 120 days out was accepted")
		}
		n.Review, n.Shared, n.Set = missedAt.AddDate(0, 0, 14), true, true
		if err := s.UpdateNeed(ctx, wb.ID, n); err != nil {
			t.Fatal(err)
		}
		if ns, _ := s.Needs(ctx, wb.ID, true); !ns[0].Shared || !ns[0].Set || ns[0].What != n.What || !ns[0].Review.Equal(n.Review) {
			t.Errorf("after UpdateNeed: %+v", ns[0])
		}
		if err := s.UpdatePromise(ctx, wb.ID, PromiseRecord{Promise: promise.Promise{ID: nid, Status: promise.Open}}); err == nil {
			t.Error("UpdatePromise accepted a need's id")
		}
		if err := s.DeletePromise(ctx, wb.ID, id, key.StepID); err != nil {
			t.Fatal(err)
		}
		if ps, err := s.Promises(ctx, wb.ID); err != nil || len(ps) != 0 {
			t.Errorf("after delete: %+v %v", ps, err)
		}
		s.Close()
	}
}

func TestPromiseNoteField(t *testing.T) {
	for field, want := range map[string]int{"note.1": 1, "note.12": 12, "note.0": 0, "what": 0, "note.x": 0} {
		n, ok := PromiseNoteIndex(field)
		if n != want && ok || ok != (want > 0) {
			t.Errorf("%q: %d %v", field, n, ok)
		}
	}
	if PromiseNoteField(3) != "note.3" {
		t.Error("PromiseNoteField")
	}
}

// The weekly review reads promises without knowing their type (review.go):
// what the ledger writes must be what it reads, kept, missed and owned
// counted in the week they were marked.
func TestPromisesCountInWeeklyReview(t *testing.T) {
	ctx := context.Background()
	s, wb, _ := toolStore(t, false)
	defer s.Close()
	week := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	for i, st := range []promise.Status{promise.Kept, promise.Missed, promise.Renegotiated, promise.Kept} {
		id, err := s.SavePromiseWhat(ctx, wb.ID, 0, "promise", DraftKey{WorkbookID: wb.ID, StepID: "tool.promises", PromptID: PromiseWhatField})
		if err != nil {
			t.Fatal(err)
		}
		p, _ := s.Promise(ctx, wb.ID, id)
		at := week.Add(time.Duration(i) * 24 * time.Hour)
		if i == 3 {
			at = week.AddDate(0, 0, 8) // the week after
		}
		p.Promise, _ = p.Settle(st, "", at)
		p.Owned = st == promise.Missed
		if err := s.UpdatePromise(ctx, wb.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	w, err := s.WeekCounts(ctx, wb.ID, week, week.AddDate(0, 0, 7), week.AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	if w.PromisesKept != 1 || w.PromisesMissed != 1 || w.MissedOwned != 1 {
		t.Errorf("WeekCounts = %+v, want 1 kept, 1 missed, 1 owned", w)
	}
}

// toolStore opens a new store with one repairing-side workbook, locked
// when asked, for a tool's round trip; it returns the file's path too.
func toolStore(t *testing.T, locked bool) (*Store, Workbook, string) {
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
