package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

func TestTakeAndRestoreEntry(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	keep, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "a", PromptID: "p", PromptText: "Q?", Body: "stays"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "a", PromptID: "p", PromptText: "Q?", Body: "goes"})
	if err != nil {
		t.Fatal(err)
	}
	if e, err = s.UpdateEntry(ctx, wb.ID, e.ID, "goes, edited"); err != nil {
		t.Fatal(err)
	}
	edit := Draft{WorkbookID: wb.ID, StepID: "a", PromptID: "p", EntryID: e.ID, PromptText: "Q?", Body: "half an edit", Cursor: 4}
	if err := s.SaveDraft(ctx, edit); err != nil {
		t.Fatal(err)
	}
	before, _, _ := s.Draft(ctx, wb.ID, "a", "p", e.ID)

	r, err := s.TakeEntry(ctx, wb.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Entry, e) || len(r.Drafts) != 1 || r.Drafts[0] != before {
		t.Fatalf("TakeEntry returned %+v; want the entry %+v and its draft %+v", r, e, before)
	}
	if _, err := s.Entry(ctx, wb.ID, e.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("entry still there after TakeEntry: %v", err)
	}
	if _, ok, _ := s.Draft(ctx, wb.ID, "a", "p", e.ID); ok {
		t.Fatal("the draft editing the entry outlived it")
	}
	if n, _ := s.CountEntries(ctx, wb.ID, ""); n != 1 {
		t.Fatalf("%d entries left, want 1 (%d untouched)", n, keep.ID)
	}

	if err := s.RestoreEntry(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := s.Entry(ctx, wb.ID, e.ID)
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("restored %+v, %v; want exactly %+v", got, err, e)
	}
	if d, ok, _ := s.Draft(ctx, wb.ID, "a", "p", e.ID); !ok || d != before {
		t.Fatalf("restored draft %+v %v; want %+v", d, ok, before)
	}
	if _, err := s.TakeEntry(ctx, wb.ID, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("TakeEntry of a missing entry: %v, want ErrNotFound", err)
	}
}

func TestTakeAndRestoreDraft(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	d := Draft{WorkbookID: wb.ID, StepID: "a", PromptID: "p", PromptText: "Q?", Body: "not yet", Cursor: 3}
	if err := s.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	before, _, _ := s.Draft(ctx, wb.ID, "a", "p", 0)
	got, found, err := s.TakeDraft(ctx, wb.ID, "a", "p", 0)
	if err != nil || !found || got != before {
		t.Fatalf("TakeDraft = %+v %v %v; want %+v", got, found, err, before)
	}
	if _, ok, _ := s.Draft(ctx, wb.ID, "a", "p", 0); ok {
		t.Fatal("draft still there after TakeDraft")
	}
	if _, found, err := s.TakeDraft(ctx, wb.ID, "a", "p", 0); found || err != nil {
		t.Fatalf("second TakeDraft: found %v err %v", found, err)
	}
	if err := s.RestoreDraft(ctx, got); err != nil {
		t.Fatal(err)
	}
	if back, ok, _ := s.Draft(ctx, wb.ID, "a", "p", 0); !ok || back != before {
		t.Fatalf("restored %+v, want %+v", back, before)
	}
	// Newer text written meanwhile is never overwritten.
	newer := d
	newer.Body = "newer words"
	if err := s.SaveDraft(ctx, newer); err != nil {
		t.Fatal(err)
	}
	if err := s.RestoreDraft(ctx, got); !errors.Is(err, ErrDraftExists) {
		t.Fatalf("restore over newer text: %v, want ErrDraftExists", err)
	}
	if cur, _, _ := s.Draft(ctx, wb.ID, "a", "p", 0); cur.Body != "newer words" {
		t.Fatalf("newer draft replaced by %q", cur.Body)
	}
}
