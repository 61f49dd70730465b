package export

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// TestWithStore exports from a real database: the store's ordering and
// counts are what the export's shape relies on.
func TestWithStore(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 3, 21, 14, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Hour); return now }
	s, w := samStore(t, clock)
	add := func(step, prompt, text, body string) store.Entry {
		e, err := s.AddEntry(ctx, store.Entry{WorkbookID: w.ID, StepID: step, PromptID: prompt, PromptText: text, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	add("admit", "hurt", "How did it hurt them?", "second step")
	first := add("reflect", "what", "What happened?", "first\x1b[2J entry")
	add("reflect", "what", "What happened?", "# later entry")
	add("gone", "old", "An old question", "orphan")
	if _, err := s.UpdateEntry(ctx, w.ID, first.ID, "first entry, edited"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, store.Draft{WorkbookID: w.ID, StepID: "space", PromptID: "wait", PromptText: "What will you do?", Body: "a draft"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Markdown(ctx, &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	checkSafe(t, out)
	checkShape(t, out, shape{h1: 1, h2: 3 + 2, h3: 1 + 1 + 1 + 1, emph: 4 + 1 + 1})
	order := []string{"· 4 entries", "### What happened?", "first entry, edited", "\\# later entry", "### How did it hurt them?", "second step", "## Other entries", "orphan", "## Drafts", "a draft"}
	checkOrder(t, buf.String(), order)
	if !strings.Contains(buf.String(), "· edited ") {
		t.Errorf("edited entry not marked:\n%s", out)
	}
}

// TestSideChangedKeepsEntries: after a change of side the export follows the
// new track and puts what was written on the old one under a heading that
// says so, not among questions "no longer in the workbook".
func TestSideChangedKeepsEntries(t *testing.T) {
	ctx := context.Background()
	s, w := samStore(t, nil)
	if _, err := s.AddEntry(ctx, store.Entry{WorkbookID: w.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened, in plain words?", Body: "written while repairing"}); err != nil {
		t.Fatal(err)
	}
	w.Role = store.RoleHurt
	w, err := s.UpdateWorkbook(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	book := testBook()
	book.Steps = append(book.Steps, workbook.Step{ID: "steady", Title: "Steady yourself", Track: workbook.TrackHurt,
		Prompts: []workbook.Prompt{{ID: "calm", Text: "What calms you?"}}})
	var buf bytes.Buffer
	if err := Markdown(ctx, &buf, s, book, w, testOptions); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	order := []string{"# Journal: finding your footing with Sam", "## 1. Steady yourself", "*Nothing written yet.*",
		"## Written on the other track", "### What happened, in plain words?", "written while repairing"}
	checkOrder(t, out, order)
	for _, bad := range []string{"Other entries", "no longer in the workbook", "Reflect on why", "repairing trust"} {
		if strings.Contains(out, bad) {
			t.Errorf("export of the hurt track says %q:\n%s", bad, out)
		}
	}
}

// TestOtherTrackInItsOwnOrder: what was written on the other track reads in
// that track's step order, not in the order of the steps' internal names
// (found by hand: a hurt journal changed to the repair side listed step 6
// first, then 1, 3, 4, 7, 2, 5).
func TestOtherTrackInItsOwnOrder(t *testing.T) {
	ctx := context.Background()
	s, w := samStore(t, nil)
	for _, e := range []store.Entry{
		{StepID: "space", PromptID: "wait", PromptText: "What will you do while you wait?", Body: "third step's answer"},
		{StepID: "reflect", PromptID: "why", PromptText: "What was going on for you when you did it?", Body: "first step, second question"},
		{StepID: "admit", PromptID: "hurt", PromptText: "How did it hurt them?", Body: "second step's answer"},
		{StepID: "reflect", PromptID: "what", PromptText: "What happened, in plain words?", Body: "first step, first question"},
	} {
		e.WorkbookID = w.ID
		if _, err := s.AddEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	w.Role = store.RoleHurt
	w, err := s.UpdateWorkbook(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Markdown(ctx, &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatal(err)
	}
	checkOrder(t, buf.String(), []string{"## Written on the other track",
		"first step, first question", "first step, second question", "second step's answer", "third step's answer"})
}

// samStore opens a fresh database with one repairing workbook for Sam.
func samStore(t *testing.T, clock func() time.Time) (*store.Store, store.Workbook) {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "trustwork.db"), store.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w, err := s.CreateWorkbook(context.Background(), store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	return s, w
}

// checkOrder fails unless every string in order appears in out, each after
// the one before.
func checkOrder(t *testing.T, out string, order []string) {
	t.Helper()
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i <= last {
			t.Fatalf("%q missing or out of order in:\n%s", s, out)
		}
		last = i
	}
}

// failingCheckins is a journal whose check-ins cannot be read.
type failingCheckins struct{ *store.Store }

var errCheckins = errors.New("disk I/O error reading check-ins")

func (failingCheckins) Checkins(context.Context, int64, time.Time, time.Time, bool) ([]store.Checkin, error) {
	return nil, errCheckins
}

// TestToolsFailureFailsTheExport: the tools' sections are formatted beside
// the entries; an error there still fails the export, after the entries,
// rather than giving a document without them. An export that fails in
// the entries stops the tools too (the test ends without a goroutine
// writing to a finished one; -race would see it).
func TestToolsFailureFailsTheExport(t *testing.T) {
	s, w := samStore(t, time.Now)
	if _, err := s.AddEntry(context.Background(), store.Entry{WorkbookID: w.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened?", Body: "words"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err := Markdown(context.Background(), &buf, failingCheckins{s}, testBook(), w, testOptions)
	if !errors.Is(err, errCheckins) {
		t.Fatalf("export with unreadable check-ins: %v, want their error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Markdown(ctx, &buf, failingCheckins{s}, testBook(), w, testOptions); err == nil {
		t.Fatal("a cancelled export succeeded")
	}
}

// slowCheckins is a journal whose check-ins are still being read when its
// entries fail: Checkins waits for the export to give up, then takes a
// moment more to stop, as a SQLite step does.
type slowCheckins struct {
	*store.Store
	entered chan struct{} // closed once Checkins has begun
	reading atomic.Bool   // Checkins has not returned
}

var errEntries = errors.New("disk I/O error reading entries")

func (s *slowCheckins) Checkins(ctx context.Context, wb int64, from, to time.Time, withText bool) ([]store.Checkin, error) {
	s.reading.Store(true)
	defer s.reading.Store(false)
	close(s.entered)
	<-ctx.Done()
	time.Sleep(50 * time.Millisecond)
	return nil, ctx.Err()
}

func (s *slowCheckins) EachEntryView(context.Context, int64, string, string, func(store.Entry) error) error {
	<-s.entered
	return errEntries
}

// TestFailedExportWaitsForTheTools: an export that fails in the entries
// returns only once the tools' goroutine has stopped reading. The caller
// closes the journal next; a read still running then kept its connection
// open past the close, so the writer was not the last connection and the
// -wal and -shm files were left beside the journal (export -o /dev/full).
func TestFailedExportWaitsForTheTools(t *testing.T) {
	s, w := samStore(t, time.Now)
	if _, err := s.AddEntry(context.Background(), store.Entry{WorkbookID: w.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened?", Body: "words"}); err != nil {
		t.Fatal(err)
	}
	src := &slowCheckins{Store: s, entered: make(chan struct{})}
	var buf bytes.Buffer
	err := Markdown(context.Background(), &buf, src, testBook(), w, testOptions)
	if !errors.Is(err, errEntries) {
		t.Fatalf("export: %v, want the entries' error", err)
	}
	if src.reading.Load() {
		t.Fatal("Markdown returned while the tools were still reading the journal")
	}
}
