package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func newWorkbook(t *testing.T, s *Store) Workbook {
	t.Helper()
	wb, err := s.CreateWorkbook(context.Background(), Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

func TestWorkbooks(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if wbs, err := s.Workbooks(ctx); err != nil || len(wbs) != 0 {
		t.Fatalf("empty store: %v, %v", wbs, err)
	}
	a, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Jo", Relationship: "friend", Role: RoleHurt})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "X", Role: "villain"}); err == nil {
		t.Error("a workbook with an unknown role was accepted")
	}
	if a.ID == 0 || a.CreatedAt.IsZero() || a.CreatedAt.Location() != time.UTC {
		t.Errorf("created workbook: %+v", a)
	}
	wbs, err := s.Workbooks(ctx)
	if err != nil || len(wbs) != 2 {
		t.Fatalf("Workbooks: %v, %v", wbs, err)
	}
	if wbs[0] != a || wbs[1] != b {
		t.Errorf("Workbooks = %+v\nwant %+v, %+v", wbs, a, b)
	}
}

func TestTimesAreUTCAndSortable(t *testing.T) {
	if got, want := formatTime(time.Date(2025, 1, 1, 1, 0, 5, 0, time.FixedZone("X", 3600))), "2025-01-01T00:00:05.000000000Z"; got != want {
		t.Errorf("formatTime = %s, want %s", got, want)
	}
	a := formatTime(time.Date(2025, 1, 1, 0, 0, 5, 0, time.UTC))
	b := formatTime(time.Date(2025, 1, 1, 0, 0, 5, 500_000_000, time.UTC))
	if !(a < b) {
		t.Errorf("%s does not sort before %s", a, b)
	}
	p, err := parseTime(b)
	if err != nil || !p.Equal(time.Date(2025, 1, 1, 0, 0, 5, 500_000_000, time.UTC)) || p.Location() != time.UTC {
		t.Errorf("parseTime(%s) = %v, %v", b, p, err)
	}
}

func TestAddEntryRemovesDraftAndStartsStep(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	d := Draft{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened?", Body: "half typed", Cursor: 4}
	if err := s.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	other := Draft{WorkbookID: wb.ID, StepID: "reflect", PromptID: "why", PromptText: "Why?", Body: "other"}
	if err := s.SaveDraft(ctx, other); err != nil {
		t.Fatal(err)
	}
	e, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened?", Body: "the whole text"})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 || e.CreatedAt.IsZero() || !e.CreatedAt.Equal(e.UpdatedAt) || e.CreatedAt.Location() != time.UTC {
		t.Errorf("AddEntry returned %+v", e)
	}
	if _, ok, _ := s.Draft(ctx, wb.ID, "reflect", "what", 0); ok {
		t.Error("the new-entry draft survived AddEntry")
	}
	if _, ok, _ := s.Draft(ctx, wb.ID, "reflect", "why", 0); !ok {
		t.Error("AddEntry deleted another prompt's draft")
	}
	prog, err := s.Progress(ctx, wb.ID)
	if err != nil || prog["reflect"] != InProgress {
		t.Errorf("progress after first entry: %v, %v", prog, err)
	}
	// A done step stays done; a not-started one starts.
	s.SetStatus(ctx, wb.ID, "reflect", Done)
	s.SetStatus(ctx, wb.ID, "admit", NotStarted)
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened?", Body: "more"})
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "admit", PromptID: "a", PromptText: "A?", Body: "x"})
	prog, _ = s.Progress(ctx, wb.ID)
	if prog["reflect"] != Done || prog["admit"] != InProgress {
		t.Errorf("progress = %v", prog)
	}
	got, err := s.Entry(ctx, wb.ID, e.ID)
	if err != nil || got != e {
		t.Errorf("Entry = %+v, %v\nwant %+v", got, err, e)
	}
}

func TestAddEntryIsAtomic(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	d := Draft{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "Q", Body: "precious"}
	s.SaveDraft(ctx, d)
	// A failing statement inside the transaction (a CHECK on step_progress
	// cannot fail here, so break the entry insert instead: a missing
	// workbook) must leave the draft in place.
	if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID + 100, StepID: "reflect", PromptID: "what", PromptText: "Q", Body: "precious"}); err == nil {
		t.Fatal("entry for a missing workbook was saved")
	}
	if got, ok, _ := s.Draft(ctx, wb.ID, "reflect", "what", 0); !ok || got.Body != "precious" {
		t.Errorf("draft after a failed save: %+v, %v", got, ok)
	}
}

func TestUpdateAndDeleteEntry(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	e, _ := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "Q", Body: "first"})
	e2, _ := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "Q", Body: "second"})
	s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", EntryID: e.ID, PromptText: "Q", Body: "first, edited"})
	s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", EntryID: e2.ID, PromptText: "Q", Body: "second, edited"})
	s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "Q", Body: "new one"})

	u, err := s.UpdateEntry(ctx, wb.ID, e.ID, "first, edited")
	if err != nil {
		t.Fatal(err)
	}
	if u.Body != "first, edited" || !u.CreatedAt.Equal(e.CreatedAt) || !u.UpdatedAt.After(e.UpdatedAt) || u.PromptText != "Q" {
		t.Errorf("UpdateEntry = %+v (was %+v)", u, e)
	}
	if _, ok, _ := s.Draft(ctx, wb.ID, "reflect", "what", e.ID); ok {
		t.Error("editing draft survived UpdateEntry")
	}
	for _, id := range []int64{0, e2.ID} {
		if _, ok, _ := s.Draft(ctx, wb.ID, "reflect", "what", id); !ok {
			t.Errorf("draft %d was deleted by another entry's update", id)
		}
	}
	if _, err := s.UpdateEntry(ctx, wb.ID, 9999, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing entry: %v", err)
	}
	other, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "B", Relationship: "x", Role: RoleHurt})
	if _, err := s.UpdateEntry(ctx, other.ID, e.ID, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("update through the wrong workbook: %v", err)
	}
	if err := s.DeleteEntry(ctx, wb.ID, e2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entry(ctx, wb.ID, e2.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted entry: %v", err)
	}
	if _, ok, _ := s.Draft(ctx, wb.ID, "reflect", "what", e2.ID); ok {
		t.Error("the draft of a deleted entry survived")
	}
	if err := s.DeleteEntry(ctx, wb.ID, e2.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if n, _ := s.CountEntries(ctx, wb.ID, ""); n != 1 {
		t.Errorf("%d entries left, want 1", n)
	}
}

func TestPromptTextIsKept(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	e, _ := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened, in plain facts?", Body: "b"})
	// The lesson changes its wording later; an edit must not replace the
	// question the entry answered.
	u, err := s.UpdateEntry(ctx, wb.ID, e.ID, "b2")
	if err != nil || u.PromptText != "What happened, in plain facts?" {
		t.Errorf("prompt text after update: %q, %v", u.PromptText, err)
	}
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what", PromptText: "Describe what happened.", Body: "c"})
	var texts []string
	s.EachEntry(ctx, wb.ID, "reflect", "what", func(e Entry) error {
		texts = append(texts, e.PromptText)
		return nil
	})
	if strings.Join(texts, "|") != "What happened, in plain facts?|Describe what happened." {
		t.Errorf("prompt texts: %q", texts)
	}
	// Entries whose step or prompt no longer exists in the content are
	// still there and readable.
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "removed-step", PromptID: "gone", PromptText: "Old question", Body: "kept"})
	if n, _ := s.CountEntries(ctx, wb.ID, "Old question"); n != 1 {
		t.Errorf("entry of a removed prompt not found by its prompt text")
	}
}

func TestListEntries(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	other, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "B", Relationship: "x", Role: RoleHurt})
	s.AddEntry(ctx, Entry{WorkbookID: other.ID, StepID: "reflect", PromptID: "p", PromptText: "Q", Body: "not mine"})
	var ids []int64
	for i := 0; i < 25; i++ {
		e, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "p", PromptText: "Question", Body: fmt.Sprintf("entry number %02d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	page, err := s.ListEntries(ctx, wb.ID, "", 10, 0)
	if err != nil || len(page) != 10 {
		t.Fatalf("first page: %d, %v", len(page), err)
	}
	if page[0].ID != ids[24] || page[9].ID != ids[15] {
		t.Errorf("first page is not newest first: %d..%d", page[0].ID, page[9].ID)
	}
	last, _ := s.ListEntries(ctx, wb.ID, "", 10, 20)
	if len(last) != 5 || last[4].ID != ids[0] {
		t.Errorf("last page: %+v", last)
	}
	all, _ := s.ListEntries(ctx, wb.ID, "", 0, 0)
	if len(all) != 25 {
		t.Errorf("limit 0 gave %d entries, want all 25", len(all))
	}
	if n, _ := s.CountEntries(ctx, wb.ID, ""); n != 25 {
		t.Errorf("CountEntries = %d", n)
	}

	// Filters: case-insensitive for ASCII, over body, prompt text and
	// step id; % and _ are literal.
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "admit", PromptID: "p", PromptText: "Q", Body: "I was 100% WRONG"})
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "admit", PromptID: "p", PromptText: "Q", Body: "snake_case and back\\slash"})
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "admit", PromptID: "p", PromptText: "Q", Body: "1000 times"})
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "admit", PromptID: "p", PromptText: "Q", Body: "snakeXcase"})
	for filter, want := range map[string]int{
		"wrong":      1,
		"100%":       1,
		"e_c":        1,
		"k\\s":       1,
		"NUMBER 07":  1,
		"question":   25,
		"ADMIT":      4,
		"%":          1,
		"_":          1,
		"not mine":   0,
		"nothing at": 0,
	} {
		got, err := s.ListEntries(ctx, wb.ID, filter, 100, 0)
		if err != nil || len(got) != want {
			t.Errorf("filter %q: %d entries, %v; want %d", filter, len(got), err, want)
		}
		if n, _ := s.CountEntries(ctx, wb.ID, filter); n != want {
			t.Errorf("CountEntries(%q) = %d, want %d", filter, n, want)
		}
	}
}

func TestListEntriesPreview(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	long := strings.Repeat("é☕x", 200_000) // 600k runes, 1.2 MB
	e, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "p", PromptText: "Q", Body: long})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ListEntries(ctx, wb.ID, "", 10, 0)
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	sum := got[0]
	if n := utf8.RuneCountInString(sum.Preview); n != PreviewRunes {
		t.Errorf("preview has %d runes, want %d", n, PreviewRunes)
	}
	if !strings.HasPrefix(long, sum.Preview) || !utf8.ValidString(sum.Preview) {
		t.Errorf("preview is not a clean prefix of the body")
	}
	if sum.Size != len(long) {
		t.Errorf("Size = %d, want %d bytes", sum.Size, len(long))
	}
	if sum.ID != e.ID || sum.PromptText != "Q" || !sum.CreatedAt.Equal(e.CreatedAt) {
		t.Errorf("summary = %+v", sum)
	}
	short, _ := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "p", PromptText: "Q", Body: "short"})
	got, _ = s.ListEntries(ctx, wb.ID, "", 1, 0)
	if got[0].ID != short.ID || got[0].Preview != "short" || got[0].Size != 5 {
		t.Errorf("short summary = %+v", got[0])
	}
}

func TestPromptCounts(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	for _, sp := range []string{"b/2", "a/1", "b/2", "a/2", "b/2"} {
		step, prompt, _ := strings.Cut(sp, "/")
		s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: step, PromptID: prompt, PromptText: "Q", Body: "x"})
	}
	got, err := s.PromptCounts(ctx, wb.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []PromptCount{{"a", "1", 1}, {"a", "2", 1}, {"b", "2", 3}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("PromptCounts = %v, want %v", got, want)
	}
}

func TestEachEntry(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	for _, sp := range []string{"b/2/1", "a/1/2", "b/1/3", "a/1/4", "b/2/5"} {
		parts := strings.Split(sp, "/")
		s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: parts[0], PromptID: parts[1], PromptText: "Q", Body: parts[2]})
	}
	walk := func(step, prompt string) string {
		var out []string
		err := s.EachEntry(ctx, wb.ID, step, prompt, func(e Entry) error {
			out = append(out, e.StepID+"/"+e.PromptID+"/"+e.Body)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, " ")
	}
	if got := walk("", ""); got != "a/1/2 a/1/4 b/1/3 b/2/1 b/2/5" {
		t.Errorf("all entries: %s", got)
	}
	if got := walk("b", "2"); got != "b/2/1 b/2/5" {
		t.Errorf("b/2: %s", got)
	}
	if got := walk("b", ""); got != "b/1/3 b/2/1 b/2/5" {
		t.Errorf("step b: %s", got)
	}
	stop := errors.New("stop")
	n := 0
	err := s.EachEntry(ctx, wb.ID, "", "", func(Entry) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("fn error: %v after %d calls", err, n)
	}
	// The callback may use the store, writes included, without deadlock.
	done := make(chan error, 1)
	go func() {
		done <- s.EachEntry(ctx, wb.ID, "a", "1", func(e Entry) error {
			if _, err := s.Entry(ctx, wb.ID, e.ID); err != nil {
				return err
			}
			_, err := s.UpdateEntry(ctx, wb.ID, e.ID, e.Body+"!")
			return err
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("EachEntry with a store call in the callback deadlocked")
	}
	if got := walk("a", "1"); got != "a/1/2! a/1/4!" {
		t.Errorf("after updates in callback: %s", got)
	}
}

func TestDrafts(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	if _, ok, err := s.Draft(ctx, wb.ID, "s", "p", 0); ok || err != nil {
		t.Fatalf("missing draft: %v, %v", ok, err)
	}
	d := Draft{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: "héllo", Cursor: 3}
	if err := s.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Draft(ctx, wb.ID, "s", "p", 0)
	if !ok || err != nil || got.Body != "héllo" || got.Cursor != 3 || got.PromptText != "Q" || got.UpdatedAt.IsZero() {
		t.Errorf("Draft = %+v, %v, %v", got, ok, err)
	}
	d.Body, d.Cursor = "héllo again", 11
	s.SaveDraft(ctx, d)
	got2, _, _ := s.Draft(ctx, wb.ID, "s", "p", 0)
	if got2.Body != "héllo again" || got2.Cursor != 11 || !got2.UpdatedAt.After(got.UpdatedAt) {
		t.Errorf("replaced draft = %+v", got2)
	}
	s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "a", PromptID: "z", Body: "1"})
	s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "a", PromptID: "b", EntryID: 7, Body: "2"})
	list, err := s.Drafts(ctx, wb.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("Drafts = %v, %v", list, err)
	}
	if list[0].PromptID != "b" || list[1].PromptID != "z" || list[2].StepID != "s" {
		t.Errorf("Drafts order: %+v", list)
	}
	if err := s.DeleteDraft(ctx, wb.ID, "s", "p", 0); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDraft(ctx, wb.ID, "s", "p", 0); err != nil {
		t.Errorf("deleting a missing draft: %v", err)
	}
	if _, ok, _ := s.Draft(ctx, wb.ID, "s", "p", 0); ok {
		t.Error("draft survived DeleteDraft")
	}
}

func TestProgressAndResume(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	if p, err := s.Progress(ctx, wb.ID); err != nil || len(p) != 0 {
		t.Errorf("empty progress: %v, %v", p, err)
	}
	s.SetStatus(ctx, wb.ID, "a", InProgress)
	s.SetStatus(ctx, wb.ID, "a", Done)
	s.SetStatus(ctx, wb.ID, "b", InProgress)
	if err := s.SetStatus(ctx, wb.ID, "c", "finished"); err == nil {
		t.Error("an unknown status was accepted")
	}
	p, _ := s.Progress(ctx, wb.ID)
	if len(p) != 2 || p["a"] != Done || p["b"] != InProgress {
		t.Errorf("Progress = %v", p)
	}

	if _, ok, err := s.Resume(ctx, wb.ID); ok || err != nil {
		t.Errorf("Resume before any: %v, %v", ok, err)
	}
	r := Resume{Screen: "editor", StepID: "a", PromptID: "p", EntryID: 3, Scroll: 12}
	if err := s.SaveResume(ctx, wb.ID, r); err != nil {
		t.Fatal(err)
	}
	r2 := Resume{Screen: "journal", Scroll: 2}
	s.SaveResume(ctx, wb.ID, r2)
	got, ok, err := s.Resume(ctx, wb.ID)
	if !ok || err != nil || got.Screen != "journal" || got.StepID != "" || got.EntryID != 0 || got.Scroll != 2 || got.UpdatedAt.IsZero() {
		t.Errorf("Resume = %+v, %v, %v", got, ok, err)
	}
}

func TestBackup(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: "backed up"})
	dest := filepath.Join(filepath.Dir(path), "copy.db")
	old := syscallUmask(0o022)
	err := s.Backup(ctx, dest)
	syscallUmask(old)
	if err != nil {
		t.Fatal(err)
	}
	if m := mode(t, dest); m != 0o600 {
		t.Errorf("backup mode %v", m)
	}
	for _, side := range sidecars {
		if _, err := os.Stat(dest + side); err == nil {
			t.Errorf("backup left %s", side)
		}
	}
	if err := s.Backup(ctx, dest); !errors.Is(err, os.ErrExist) {
		t.Errorf("backup over an existing file: %v", err)
	}
	// The copy is itself a trustwork database that opens and holds the entry.
	c, err := Open(dest, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var body string
	c.EachEntry(ctx, wb.ID, "", "", func(e Entry) error { body = e.Body; return nil })
	if body != "backed up" {
		t.Errorf("backup holds %q", body)
	}
	if err := c.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	if err := s.Backup(ctx, filepath.Join(path+".nodir", "x.db")); err == nil {
		t.Error("backup into a missing folder succeeded")
	}
}

func TestFaultSeam(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	diskFull := errors.New("disk full")
	var mu sync.Mutex
	var seen []string
	s.SetFault(func(op string) error {
		mu.Lock()
		seen = append(seen, op)
		mu.Unlock()
		if op == "SaveDraft" || op == "AddEntry" || op == "UpdateEntry" {
			return diskFull
		}
		return nil
	})
	if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "s", PromptID: "p", Body: "x"}); !errors.Is(err, diskFull) {
		t.Errorf("SaveDraft: %v", err)
	}
	if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", Body: "x"}); !errors.Is(err, diskFull) {
		t.Errorf("AddEntry: %v", err)
	}
	if _, err := s.UpdateEntry(ctx, wb.ID, 1, "x"); !errors.Is(err, diskFull) {
		t.Errorf("UpdateEntry: %v", err)
	}
	if err := s.SetStatus(ctx, wb.ID, "s", Done); err != nil {
		t.Errorf("SetStatus with a hook that passes it: %v", err)
	}
	if n, _ := s.CountEntries(ctx, wb.ID, ""); n != 0 {
		t.Errorf("a faulted AddEntry wrote %d entries", n)
	}
	if _, ok, _ := s.Draft(ctx, wb.ID, "s", "p", 0); ok {
		t.Error("a faulted SaveDraft wrote a draft")
	}
	if strings.Join(seen, ",") != "SaveDraft,AddEntry,UpdateEntry,SetStatus" {
		t.Errorf("hook saw %v", seen)
	}
	s.SetFault(nil)
	if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "s", PromptID: "p", Body: "x"}); err != nil {
		t.Errorf("after removing the hook: %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, 80)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "s", PromptID: fmt.Sprint(g), Body: fmt.Sprint(i)}); err != nil {
					errs <- err
				}
				if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: fmt.Sprint(g), PromptText: "Q", Body: "b"}); err != nil {
					errs <- err
				}
				if _, err := s.ListEntries(ctx, wb.ID, "", 5, 0); err != nil {
					errs <- err
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, _ := s.CountEntries(ctx, wb.ID, ""); n != 40 {
		t.Errorf("%d entries, want 40", n)
	}
}

func TestDefaultBackupName(t *testing.T) {
	got := DefaultBackupName("/data/trustwork.db", time.Date(2025, 6, 7, 10, 11, 12, 0, time.FixedZone("X", 7200)))
	if want := "/data/backups/trustwork-20250607T081112Z.db"; got != want {
		t.Errorf("DefaultBackupName = %s, want %s", got, want)
	}
}

// TestEachEntryPromptWholeRows: EachEntry of one prompt, which reads fewer
// columns, hands out every field as Entry does, with the lock off and on
// (where the text columns are decrypted by tw_open in SQL).
func TestEachEntryPromptWholeRows(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	for i, sp := range []string{"a/1", "a/2", "b/1", "a/1"} {
		parts := strings.Split(sp, "/")
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: parts[0], PromptID: parts[1], PromptText: "Q " + sp, Body: fmt.Sprint("body ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(lock string) {
		n := 0
		err := s.EachEntry(ctx, wb.ID, "a", "1", func(e Entry) error {
			n++
			want, err := s.Entry(ctx, wb.ID, e.ID)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(e, want) {
				t.Errorf("lock %s: EachEntry gave %+v, Entry gives %+v", lock, e, want)
			}
			return nil
		})
		if err != nil || n != 2 {
			t.Fatalf("lock %s: %d entries, %v", lock, n, err)
		}
	}
	check("off")
	if err := s.SetPassphrase(ctx, []byte("a long passphrase")); err != nil {
		t.Fatal(err)
	}
	check("on")
}

// TestEachEntryPromptOddTypes: a damaged row whose text columns hold
// another type (STRICT stops that on writing, not a file edited by hand)
// reads as Entry reads it, and an error from fn comes back as it is.
func TestEachEntryPromptOddTypes(t *testing.T) {
	s, p := openTest(t)
	ctx := context.Background()
	wb := newWorkbook(t, s)
	for _, b := range []string{"blob", "number", "text"} {
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "a", PromptID: "1", PromptText: "Q", Body: b}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	db := rawDB(t, p)
	var strict string
	if err := db.QueryRow("SELECT sql FROM sqlite_master WHERE name = 'entries'").Scan(&strict); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "PRAGMA writable_schema = ON")
	mustExec(t, db, "UPDATE sqlite_master SET sql = replace(sql, ') STRICT', ')') WHERE name = 'entries'")
	db.Close()
	db = rawDB(t, p)
	mustExec(t, db, "UPDATE entries SET body = CAST(body AS BLOB) WHERE body = 'blob'")
	mustExec(t, db, "UPDATE entries SET body = 42, prompt_text = 7.5 WHERE body = 'number'")
	mustExec(t, db, "PRAGMA writable_schema = ON")
	mustExec(t, db, "UPDATE sqlite_master SET sql = ? WHERE name = 'entries'", strict)
	db.Close()

	s, err := Open(p, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var bodies []string
	err = s.EachEntry(ctx, wb.ID, "a", "1", func(e Entry) error {
		bodies = append(bodies, e.Body)
		want, err := s.Entry(ctx, wb.ID, e.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(e, want) {
			t.Errorf("EachEntry gave %+v, Entry gives %+v", e, want)
		}
		return nil
	})
	if err != nil || !reflect.DeepEqual(bodies, []string{"blob", "42", "text"}) {
		t.Fatalf("EachEntry read %q, %v; want the three bodies as Entry reads them", bodies, err)
	}
	stop := errors.New("stop here")
	if err := s.EachEntry(ctx, wb.ID, "a", "1", func(Entry) error { return stop }); err != stop {
		t.Fatalf("fn's error came back as %v, want it as it is", err)
	}
}
