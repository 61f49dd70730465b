package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/workbook"
)

// TestEachEntryViewReadsWhatEachEntryReads: on a plain journal (read below
// database/sql) and a locked one (read as EachEntry reads), the lent
// entries are EachEntry's, in the same order, for a reader and a writer.
// Closing after a lent read still leaves no -wal or -shm behind: the raw
// connection closes before the writer's last checkpoint.
func TestEachEntryViewReadsWhatEachEntryReads(t *testing.T) {
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
		bodies := []string{"first", "", "second, with “quotes” and\nlines", strings.Repeat("long ", 50000), "other prompt"}
		for i, b := range bodies {
			prompt := "why"
			if i == len(bodies)-1 {
				prompt = "what"
			}
			if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: prompt, PromptText: "Why? " + prompt, Body: b}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Millisecond) // distinct created_at, so the order is known
		}
		check := func(s *Store, who string) {
			t.Helper()
			var want, got []Entry
			if err := s.EachEntry(ctx, wb.ID, "reflect", "why", func(e Entry) error { want = append(want, e); return nil }); err != nil {
				t.Fatal(err)
			}
			err := s.EachEntryView(ctx, wb.ID, "reflect", "why", func(e Entry) error {
				e.PromptText, e.Body = strings.Clone(e.PromptText), strings.Clone(e.Body)
				got = append(got, e)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(want) != len(bodies)-1 || !reflect.DeepEqual(got, want) {
				t.Fatalf("locked=%v %s: EachEntryView gave %d entries, EachEntry %d; equal: %v", locked, who, len(got), len(want), reflect.DeepEqual(got, want))
			}
		}
		noSidecars := func(who string) {
			t.Helper()
			for _, side := range []string{"-wal", "-shm"} {
				if _, err := os.Stat(p + side); err == nil {
					t.Errorf("locked=%v: %s left behind after the %s's Close", locked, side, who)
				}
			}
		}
		check(s, "writer")
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		noSidecars("writer")
		r, err := Open(p, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if locked {
			if err := r.Unlock([]byte("correct horse battery")); err != nil {
				t.Fatal(err)
			}
		}
		check(r, "reader")
		r.Close()
		noSidecars("reader")
	}
}

// TestAnsweredIsCountsAboveZero: Answered names exactly the asked prompts
// that PromptCounts counts above zero, in the asked workbook only, and
// none that were not asked about.
func TestAnsweredIsCountsAboveZero(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "j.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	b, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "Kim", Relationship: "partner", Role: RoleHurt})
	add := func(wb int64, step, prompt string) {
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb, StepID: step, PromptID: prompt, PromptText: "?", Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	add(a.ID, "reflect", "why")
	add(a.ID, "reflect", "why")
	add(a.ID, "admit", "what")
	add(a.ID, "gone", "old") // answered, but not asked about
	add(b.ID, "reflect", "how")
	asked := []workbook.PromptRef{{StepID: "reflect", PromptID: "why"}, {StepID: "reflect", PromptID: "how"}, {StepID: "admit", PromptID: "what"}, {StepID: "admit", PromptID: "when"}}
	got, err := s.Answered(ctx, a.ID, asked)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := s.PromptCounts(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[workbook.PromptRef]bool{}
	for _, c := range counts {
		k := workbook.PromptRef{StepID: c.StepID, PromptID: c.PromptID}
		if c.Count > 0 && slices.Contains(asked, k) {
			want[k] = true
		}
	}
	if !reflect.DeepEqual(got, want) || len(got) != 2 {
		t.Fatalf("Answered = %v, want %v", got, want)
	}
	if got, err := s.Answered(ctx, a.ID, nil); err != nil || len(got) != 0 {
		t.Fatalf("Answered of no prompts = %v, %v", got, err)
	}
}
