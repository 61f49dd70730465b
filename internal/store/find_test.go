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

// TestFindEntriesOpensEachFieldOnce: with the lock on, listing a page
// decrypts each listed entry's body and prompt once, filter or not, and
// the previews are what they are with the lock off.
func TestFindEntriesOpensEachFieldOnce(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	for i := range 12 {
		e := Entry{WorkbookID: wb.ID, StepID: "admit", PromptID: "p", PromptText: "Q?",
			Body: strings.Repeat("before ", 10+i) + "a lantern here" + strings.Repeat(" after", 40)}
		if _, err := s.AddEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	plain := map[string][]EntrySummary{}
	filters := []EntryFilter{{}, {Text: "lantern"}, {StepID: "admit", Text: "LANTERN"}}
	for _, f := range filters {
		got, err := s.FindEntries(ctx, wb.ID, f, 5, 2)
		if err != nil {
			t.Fatal(err)
		}
		plain[f.Text] = got
	}
	if err := s.SetPassphrase(ctx, []byte("a long passphrase")); err != nil {
		t.Fatal(err)
	}
	for _, f := range filters {
		before := opened.Load()
		got, err := s.FindEntries(ctx, wb.ID, f, 5, 2)
		if err != nil {
			t.Fatal(err)
		}
		// A body for each of the 7 rows reached (the 2 skipped before
		// the page match on it too) and a prompt for the 5 on the page.
		if n := opened.Load() - before; n != 7+5 {
			t.Errorf("filter %+v: %d decryptions, want 12 (a body per row reached, a prompt per row listed)", f, n)
		}
		want := plain[f.Text]
		if len(got) != len(want) {
			t.Fatalf("filter %+v: %d rows locked, %d plain", f, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			g.CreatedAt, g.UpdatedAt, w.CreatedAt, w.UpdatedAt = w.CreatedAt, w.UpdatedAt, g.CreatedAt, g.UpdatedAt
			if g != w {
				t.Errorf("filter %+v row %d: locked %+v, plain %+v", f, i, got[i], want[i])
			}
		}
	}
}
