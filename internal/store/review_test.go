package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/checkin"
)

// reviewStore opens a journal whose clock the test sets, with one workbook.
func reviewStore(t *testing.T) (*Store, int64, *time.Time) {
	t.Helper()
	clock := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "j.db"), Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	wb, err := s.CreateWorkbook(context.Background(), Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	return s, wb.ID, &clock
}

func addTool(t *testing.T, s *Store, table string, wb int64, kind string, at time.Time, data any) {
	t.Helper()
	b, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRecord(context.Background(), table, Record{WorkbookID: wb, Kind: kind, At: at, Data: b}); err != nil {
		t.Fatal(err)
	}
}

// The weekly review of a chosen week counts exactly the rows dated in it,
// read generically from every tool table, and shrugs off rows whose data
// lacks a field or has the wrong type.
func TestWeekCountsMatchTheRows(t *testing.T) {
	ctx := context.Background()
	s, wb, clock := reviewStore(t)
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	mon, nextMon := day(9, 0), day(16, 0) // the week under review: Mon 9 – Sun 15 November
	rfc := func(t time.Time) string { return t.Format(time.RFC3339) }

	// Entries: two in the week, one the day before, one on the next Monday.
	for _, at := range []time.Time{day(8, 23), day(9, 0), day(15, 23), day(16, 0)} {
		*clock = at
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb, StepID: "s", PromptID: "p", Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	// Check-ins by their At: two in the week, one after.
	for _, at := range []time.Time{day(10, 9), day(15, 20), day(16, 9)} {
		if _, err := s.AddCheckin(ctx, wb, Checkin{At: at, Scores: map[string]int{"safe": 5}}); err != nil {
			t.Fatal(err)
		}
	}
	// Promises: kept by "settled" in the week though due before it; missed
	// and owned; missed not owned; kept with no "settled", by due date;
	// kept the week after; open; a status of the wrong type; no data.
	addTool(t, s, "promises", wb, "promise", day(2, 12), map[string]any{"status": "kept", "settled": rfc(day(11, 8))})
	addTool(t, s, "promises", wb, "promise", day(12, 12), map[string]any{"status": "missed", "owned": true, "settled": rfc(day(12, 20))})
	addTool(t, s, "promises", wb, "promise", day(13, 12), map[string]any{"status": "missed"})
	addTool(t, s, "promises", wb, "promise", day(14, 12), map[string]any{"status": "kept"})
	addTool(t, s, "promises", wb, "promise", day(14, 12), map[string]any{"status": "kept", "settled": rfc(day(17, 8))})
	addTool(t, s, "promises", wb, "promise", day(14, 12), map[string]any{"status": "open"})
	addTool(t, s, "promises", wb, "promise", day(14, 12), map[string]any{"status": 3, "owned": "yes"})
	addTool(t, s, "promises", wb, "need", day(14, 12), map[string]any{"status": "kept"}) // a need is not a promise
	addTool(t, s, "promises", wb, "promise", day(14, 12), map[string]any{})
	// Agreements, in the agreements tool's own data (store/agreements.go):
	// reviewed in the week (moved on to a later date); due in the week and
	// waiting; reviewed twice, once in the week; due the week after, with a
	// damaged review day; ended, its last date in the week (never due).
	rv := func(at, outcome string) map[string]string { return map[string]string{"at": at, "outcome": outcome} }
	addTool(t, s, "agreements", wb, "agreement", day(30, 12), map[string]any{"start": "2026-10-20", "review": "2026-11-30", "status": "active",
		"reviews": []any{rv("2026-11-10", "kept")}})
	addTool(t, s, "agreements", wb, "agreement", day(13, 12), map[string]any{"start": "2026-10-20", "review": "2026-11-13", "status": "active", "reviews": []any{}})
	addTool(t, s, "agreements", wb, "agreement", day(29, 12), map[string]any{"start": "2026-10-01", "review": "2026-11-29", "status": "active",
		"reviews": []any{rv("2026-11-01", "kept"), rv("2026-11-14", "changed")}})
	addTool(t, s, "agreements", wb, "agreement", day(18, 12), map[string]any{"start": "2026-10-20", "review": "2026-11-18", "status": "active",
		"reviews": []any{rv("not a date", "kept")}})
	addTool(t, s, "agreements", wb, "agreement", day(12, 12), map[string]any{"start": "2026-10-01", "review": "2026-11-12", "status": "ended",
		"reviews": []any{rv("2026-10-20", "ended")}})
	// Small wins by when they were written: three in the week, one before.
	for _, at := range []time.Time{day(8, 12), day(9, 1), day(11, 1), day(15, 22)} {
		*clock = at
		if _, err := s.SaveWin(ctx, wb, 0, "a calm walk", DraftKey{WorkbookID: wb, StepID: "tool.wins", PromptID: WinField}); err != nil {
			t.Fatal(err)
		}
	}
	// Space: asked for on Thursday 12th 18:00 until Saturday 14th noon
	// (42 hours); again from Saturday 20:00 until they reached out on
	// Sunday 20:00 (24 hours); and a stretch inside the first (counted
	// once): 66 hours, two whole days, as the space tool counts them.
	addTool(t, s, "space", wb, "period", day(14, 12), map[string]any{"since": rfc(day(12, 18))})
	addTool(t, s, "space", wb, "period", time.Time{}, map[string]any{"since": rfc(day(14, 20)), "ended": rfc(day(15, 20))})
	addTool(t, s, "space", wb, "period", day(13, 12), map[string]any{"since": rfc(day(13, 6))})

	got, err := s.WeekCounts(ctx, wb, mon, nextMon, day(22, 12))
	if err != nil {
		t.Fatal(err)
	}
	want := checkin.WeekCounts{Entries: 2, CheckIns: 2, PromisesKept: 2, PromisesMissed: 2, MissedOwned: 1,
		AgreementsDue: 3, AgreementsReviewed: 2, SmallWins: 3, SpaceDays: 2}
	if got != want {
		t.Errorf("week of 9 November:\n got %+v\nwant %+v", got, want)
	}

	// The same week seen on its Saturday morning: no space counted for
	// the hours that have not come yet (Thursday 18:00 to Saturday 8:00).
	got, err = s.WeekCounts(ctx, wb, mon, nextMon, day(14, 8))
	if err != nil {
		t.Fatal(err)
	}
	if got.SpaceDays != 1 {
		t.Errorf("space on Saturday morning: %d days, want 1 (38 hours)", got.SpaceDays)
	}
	// Space asked for long before, still given, until they reach out:
	// the whole week under review, and this week up to now (6½ days).
	addTool(t, s, "space", wb, "period", time.Time{}, map[string]any{"since": rfc(day(1, 9))})
	if got, _ := s.WeekCounts(ctx, wb, mon, nextMon, day(22, 12)); got.SpaceDays != 7 {
		t.Errorf("a week inside a long period has %d days of space, want 7", got.SpaceDays)
	}
	if got, _ := s.WeekCounts(ctx, wb, nextMon, nextMon.AddDate(0, 0, 7), day(22, 12)); got.SpaceDays != 6 {
		t.Errorf("this week so far has %d days of space, want 6", got.SpaceDays)
	}

	// Another workbook sees none of it.
	other, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "Alex", Relationship: "partner", Role: RoleRepairing})
	if got, err := s.WeekCounts(ctx, other.ID, mon, nextMon, day(22, 12)); err != nil || got != (checkin.WeekCounts{}) {
		t.Errorf("another workbook's week: %+v %v", got, err)
	}
}

// The bridge counts the promises and agreement reviews that came due since
// the last check-in; a renegotiated promise did not come due.
func TestDueSince(t *testing.T) {
	ctx := context.Background()
	s, wb, _ := reviewStore(t)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	addTool(t, s, "promises", wb, "promise", day(3), map[string]any{"status": "kept"})
	addTool(t, s, "promises", wb, "promise", day(5), map[string]any{"status": "open"})
	addTool(t, s, "promises", wb, "promise", day(6), map[string]any{"status": "renegotiated"})
	addTool(t, s, "promises", wb, "promise", day(1), map[string]any{"status": "open"}) // before the last check-in
	addTool(t, s, "promises", wb, "promise", day(9), map[string]any{"status": "open"}) // not due yet
	addTool(t, s, "agreements", wb, "agreement", day(4), map[string]any{"review": "2026-11-04", "status": "active"})
	addTool(t, s, "agreements", wb, "agreement", day(5), map[string]any{"review": "2026-11-05", "status": "ended"}) // never due
	addTool(t, s, "agreements", wb, "agreement", day(20), map[string]any{"review": "2026-11-20", "status": "active"})
	p, a, err := s.DueSince(ctx, wb, day(2), day(8))
	if err != nil || p != 2 || a != 1 {
		t.Errorf("DueSince = %d promises, %d reviews, %v; want 2, 1", p, a, err)
	}
}

// CheckinBefore finds the check-in a new one's bridge starts from.
func TestCheckinBefore(t *testing.T) {
	ctx := context.Background()
	s, wb, _ := reviewStore(t)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	if _, ok, err := s.CheckinBefore(ctx, wb, day(9)); ok || err != nil {
		t.Fatalf("before any check-in: %v %v", ok, err)
	}
	for _, d := range []int{2, 5, 9} {
		if _, err := s.AddCheckin(ctx, wb, Checkin{At: day(d), Done: true}); err != nil {
			t.Fatal(err)
		}
	}
	c, ok, err := s.CheckinBefore(ctx, wb, day(9))
	if err != nil || !ok || !c.At.Equal(day(5)) {
		t.Errorf("CheckinBefore(9th) = %v %v %v, want the 5th", c.At, ok, err)
	}
}

// With the journal locked, a check-in's scores and words, and the tool
// data the weekly review reads, are sealed in the file and still read back
// whole: saving the scores keeps the sealed note.
func TestCheckinsAndReviewSealed(t *testing.T) {
	ctx := context.Background()
	s, wb, _ := reviewStore(t)
	p := s.Path()
	if err := s.SetPassphrase(ctx, []byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	c, err := s.AddCheckin(ctx, wb, Checkin{At: at, Scores: map[string]int{"safe": 4}})
	if err != nil {
		t.Fatal(err)
	}
	key := DraftKey{WorkbookID: wb, StepID: "tool.checkin", PromptID: CheckinNoteField, EntryID: c.ID}
	if _, err := s.SaveCheckinText(ctx, wb, c.ID, at, CheckinNoteField, "kiwi-lantern", key); err != nil {
		t.Fatal(err)
	}
	c.Scores["trust"], c.Done = 9, true
	if _, err := s.SaveCheckinScores(ctx, wb, c); err != nil {
		t.Fatal(err)
	}
	addTool(t, s, "promises", wb, "promise", at, map[string]any{"status": "kept", "settled": "2026-11-10T20:00:00Z"})
	got, err := s.CheckinByID(ctx, wb, c.ID)
	if err != nil || got.Text[CheckinNoteField] != "kiwi-lantern" || got.Scores["trust"] != 9 || !got.Done {
		t.Fatalf("sealed check-in reads %+v %v", got, err)
	}
	w, err := s.WeekCounts(ctx, wb, at.AddDate(0, 0, -1), at.AddDate(0, 0, 6), at.AddDate(0, 0, 7))
	if err != nil || w.CheckIns != 1 || w.PromisesKept != 1 {
		t.Fatalf("sealed week: %+v %v", w, err)
	}
	s.Close()
	for _, plain := range []string{"kiwi-lantern", `"trust":9`, `"status":"kept"`} {
		if fileHolds(t, p, plain) {
			t.Errorf("the locked file holds %q in plain text", plain)
		}
	}
}
