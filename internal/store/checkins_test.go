package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestCheckinsStore(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "j.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wb, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleHurt})
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	c, err := s.AddCheckin(ctx, wb.ID, Checkin{At: day(1), Scores: map[string]int{"safe": 4}})
	if err != nil {
		t.Fatal(err)
	}
	key := DraftKey{WorkbookID: wb.ID, StepID: "tool.checkin", PromptID: CheckinNoteField, EntryID: c.ID}
	if _, err := s.SaveCheckinText(ctx, wb.ID, c.ID, day(1), CheckinNoteField, "a hard morning", key); err != nil {
		t.Fatal(err)
	}
	c.Scores["trust"], c.Done = 6, true
	if _, err := s.SaveCheckinScores(ctx, wb.ID, c); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCheckin(ctx, wb.ID, Checkin{At: day(8), Scores: map[string]int{"safe": 7}, Done: true}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Checkins(ctx, wb.ID, time.Time{}, time.Time{}, false)
	if err != nil || len(all) != 2 {
		t.Fatalf("Checkins: %v %v", all, err)
	}
	if all[0].Scores["safe"] != 4 || all[0].Scores["trust"] != 6 || !all[0].Done || len(all[0].Text) != 0 {
		t.Errorf("first check-in reads %+v (text must not be read for lists)", all[0])
	}
	week, _ := s.Checkins(ctx, wb.ID, day(2), day(9), false)
	if len(week) != 1 || week[0].Scores["safe"] != 7 {
		t.Errorf("a week's check-ins: %+v", week)
	}
	got, err := s.CheckinByID(ctx, wb.ID, c.ID)
	if err != nil || got.Text[CheckinNoteField] != "a hard morning" || got.Scores["trust"] != 6 {
		t.Errorf("CheckinByID: %+v %v (scores must not lose the note, nor the note the scores)", got, err)
	}
	last, ok, err := s.LastCheckin(ctx, wb.ID)
	if err != nil || !ok || !last.At.Equal(day(8)) {
		t.Errorf("LastCheckin: %+v %v %v", last, ok, err)
	}
	a, err := s.SaveAssessment(ctx, wb.ID, Assessment{At: day(3), Checked: map[string]bool{"secrecy": true}})
	if err != nil {
		t.Fatal(err)
	}
	a.Checked["calm"], a.Done = true, true
	if _, err := s.SaveAssessment(ctx, wb.ID, a); err != nil {
		t.Fatal(err)
	}
	as, err := s.Assessments(ctx, wb.ID, time.Time{}, time.Time{})
	if err != nil || len(as) != 1 || !as[0].Checked["calm"] || !as[0].Checked["secrecy"] || !as[0].Done {
		t.Errorf("Assessments: %+v %v", as, err)
	}
	if all, _ := s.Checkins(ctx, wb.ID, time.Time{}, time.Time{}, false); len(all) != 2 {
		t.Errorf("an assessment is listed as a check-in: %d", len(all))
	}
}
