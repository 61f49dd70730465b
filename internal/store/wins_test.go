package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Wins go in through the same codec as entries: with the lock on, the
// line is nowhere in the file, and it still reads back.
func TestWinsRoundTripAndSeal(t *testing.T) {
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
		key := DraftKey{WorkbookID: wb.ID, StepID: "tool.wins", PromptID: WinField}
		if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: key.StepID, PromptID: key.PromptID, Body: "draft"}); err != nil {
			t.Fatal(err)
		}
		id, err := s.SaveWin(ctx, wb.ID, 0, "  walked the dog\n together  ", key)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Draft(ctx, wb.ID, key.StepID, key.PromptID, 0); ok {
			t.Error("the draft outlived the save")
		}
		if _, err := s.SaveWin(ctx, wb.ID, id, "walked the dog together, zebra-quartz", DraftKey{WorkbookID: wb.ID, StepID: key.StepID, PromptID: key.PromptID, EntryID: id}); err != nil {
			t.Fatal(err)
		}
		ws, err := s.Wins(ctx, wb.ID)
		if err != nil || len(ws) != 1 || ws[0].Text != "walked the dog together, zebra-quartz" {
			t.Fatalf("Wins = %+v, %v", ws, err)
		}
		s.Close()
		if got := fileHolds(t, p, "zebra-quartz"); got == locked {
			t.Errorf("locked=%v: plain text in the file = %v", locked, got)
		}
		s, err = Open(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if locked {
			if _, err := s.Wins(ctx, wb.ID); !errors.Is(err, ErrJournalLocked) {
				t.Errorf("Wins before unlocking: %v, want ErrJournalLocked", err)
			}
			if err := s.Unlock([]byte("correct horse battery")); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteWin(ctx, wb.ID, id, key.StepID); err != nil {
			t.Fatal(err)
		}
		if ws, err := s.Wins(ctx, wb.ID); err != nil || len(ws) != 0 {
			t.Errorf("after delete: %+v, %v", ws, err)
		}
		s.Close()
	}
}

func fileHolds(t *testing.T, p, s string) bool {
	t.Helper()
	for _, f := range []string{p, p + "-wal"} {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), s) {
			return true
		}
	}
	return false
}

// Home's few wins and the month's count read no more than they show.
func TestLatestWinsAndCount(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	s, err := Open(filepath.Join(t.TempDir(), "j.db"), Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wb, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	for i, text := range []string{"one", "two", "three", "four"} {
		clock = time.Date(2026, 11, 1+7*i, 9, 0, 0, 0, time.UTC)
		if _, err := s.SaveWin(ctx, wb.ID, 0, text, DraftKey{WorkbookID: wb.ID, StepID: "tool.wins", PromptID: WinField}); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := s.LatestWins(ctx, wb.ID, 3)
	if err != nil || len(ws) != 3 || ws[0].Text != "four" || ws[2].Text != "two" {
		t.Errorf("LatestWins = %+v %v, want four, three, two", ws, err)
	}
	n, err := s.CountWinsSince(ctx, wb.ID, time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC))
	if err != nil || n != 3 {
		t.Errorf("CountWinsSince = %d %v, want 3", n, err)
	}
}
