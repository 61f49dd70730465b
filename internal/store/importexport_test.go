package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestPromptCountsBetween: the bounds are [from, to), compared as times
// although the store compares text, and zero leaves an end open.
func TestPromptCountsBetween(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	day := func(d int, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	w, err := s.Import(ctx, Bulk{
		Workbook: Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing, CreatedAt: day(1, 0)},
		Entries: []Entry{
			{StepID: "a", PromptID: "p", Body: "1", CreatedAt: day(1, 9)},
			{StepID: "a", PromptID: "p", Body: "2", CreatedAt: day(2, 0)},
			{StepID: "a", PromptID: "q", Body: "3", CreatedAt: day(2, 23)},
			{StepID: "b", PromptID: "p", Body: "4", CreatedAt: day(3, 0)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	total := func(from, to time.Time) int {
		cs, err := s.PromptCountsBetween(ctx, w.ID, from, to)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range cs {
			n += c.Count
		}
		return n
	}
	for _, c := range []struct {
		from, to time.Time
		want     int
	}{
		{time.Time{}, time.Time{}, 4},
		{day(2, 0), time.Time{}, 3},
		{time.Time{}, day(2, 0), 1},
		{day(2, 0), day(3, 0), 2},
		// Another zone, same instants.
		{day(2, 0).In(time.FixedZone("E", -5*3600)), day(3, 0).In(time.FixedZone("W", 9*3600)), 2},
		{day(4, 0), time.Time{}, 0},
	} {
		if got := total(c.from, c.to); got != c.want {
			t.Errorf("PromptCountsBetween(%v, %v) = %d entries, want %d", c.from, c.to, got, c.want)
		}
	}
}

// TestImportRowsOnlyIntoEmpty: rows go into an empty database with their
// ids; a database with any row is refused and keeps what it had.
func TestImportRowsOnlyIntoEmpty(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if ok, err := s.IsEmpty(ctx); err != nil || !ok {
		t.Fatalf("IsEmpty of a new database = %v, %v", ok, err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	rows := []WorkbookRows{{
		Workbook: Workbook{ID: 42, PartnerName: "Sam", Relationship: "partner", Role: RoleHurt, CreatedAt: at, UpdatedAt: at},
		Entries:  []Entry{{ID: 7, WorkbookID: 42, StepID: "s", PromptID: "p", Body: "kept", CreatedAt: at, UpdatedAt: at}},
	}}
	if err := s.ImportRows(ctx, rows); err != nil {
		t.Fatal(err)
	}
	e, err := s.Entry(ctx, 42, 7)
	if err != nil || e.Body != "kept" || !e.CreatedAt.Equal(at) {
		t.Fatalf("imported entry = %+v, %v", e, err)
	}
	rows[0].Workbook.ID, rows[0].Entries[0].ID = 43, 8
	if err := s.ImportRows(ctx, rows); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second import = %v, want ErrNotEmpty", err)
	}
	if wbs, _ := s.Workbooks(ctx); len(wbs) != 1 {
		t.Fatalf("a refused import changed the workbooks: %+v", wbs)
	}
	// A workbook set up with nothing written makes a database non-empty.
	s2, _ := openTest(t)
	if _, err := s2.CreateWorkbook(ctx, Workbook{PartnerName: "A", Role: RoleRepairing}); err != nil {
		t.Fatal(err)
	}
	if ok, err := s2.IsEmpty(ctx); err != nil || ok {
		t.Fatalf("IsEmpty with a workbook = %v, %v", ok, err)
	}
	if err := s2.ImportRows(ctx, rows); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("import onto a set-up workbook = %v, want ErrNotEmpty", err)
	}
}
