package store

import (
	"context"
	"strings"
	"testing"
)

func TestFindEntriesByStepAndAroundTheMatch(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	long := strings.Repeat("words before the point ", 20) + "the lighthouse moment" + strings.Repeat(" and after", 20)
	for _, e := range []Entry{
		{StepID: "reflect", PromptID: "p", Body: long},
		{StepID: "admit", PromptID: "p", Body: "Lighthouse at the start"},
		{StepID: "admit", PromptID: "q", Body: "nothing here"},
	} {
		e.WorkbookID, e.PromptText = wb.ID, "Q?"
		if _, err := s.AddEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FindEntries(ctx, wb.ID, EntryFilter{StepID: "admit"}, 0, 0)
	if err != nil || len(got) != 2 {
		t.Fatalf("step filter: %d entries, %v; want 2", len(got), err)
	}
	if n, _ := s.CountFound(ctx, wb.ID, EntryFilter{StepID: "admit", Text: "lighthouse"}); n != 1 {
		t.Fatalf("step and text: %d, want 1", n)
	}
	got, err = s.FindEntries(ctx, wb.ID, EntryFilter{Text: "LIGHTHOUSE"}, 0, 0)
	if err != nil || len(got) != 2 {
		t.Fatalf("text filter: %d, %v", len(got), err)
	}
	for _, e := range got {
		if !strings.Contains(strings.ToLower(e.Preview), "lighthouse") {
			t.Errorf("preview of %s does not show the match: %q", e.StepID, e.Preview)
		}
		want := 0
		if e.StepID == "reflect" {
			want = strings.Index(long, "lighthouse") - snippetLead
		}
		if e.PreviewFrom != want {
			t.Errorf("%s: preview from %d, want %d", e.StepID, e.PreviewFrom, want)
		}
	}
	if plain, _ := s.ListEntries(ctx, wb.ID, "", 0, 0); plain[len(plain)-1].PreviewFrom != 0 || !strings.HasPrefix(long, plain[len(plain)-1].Preview) {
		t.Errorf("without a filter the preview starts the body: %+v", plain[len(plain)-1])
	}
}

func TestResumeKeepsTheJournalFilter(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	want := Resume{Screen: "journal", StepID: "admit", EntryID: 7, Scroll: 42, Filter: "sorry"}
	if err := s.SaveResume(ctx, wb.ID, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Resume(ctx, wb.ID)
	got.UpdatedAt = want.UpdatedAt
	if err != nil || !ok || got != want {
		t.Fatalf("Resume = %+v %v %v, want %+v", got, ok, err, want)
	}
	step := Resume{Screen: "step", StepID: "admit", PromptID: "p", Filter: "ignored"}
	if err := s.SaveResume(ctx, wb.ID, step); err != nil {
		t.Fatal(err)
	}
	got, _, _ = s.Resume(ctx, wb.ID)
	if got.PromptID != "p" || got.Filter != "" {
		t.Fatalf("a step's resume point: %+v", got)
	}
}
