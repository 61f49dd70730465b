package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

// checkinStore holds three check-ins (the last unfinished, one with words
// that look like markdown) and three takes of the self-assessment.
func checkinStore(t *testing.T) (*store.Store, store.Workbook) {
	t.Helper()
	ctx := context.Background()
	s, w := samStore(t, nil)
	day := func(d int) time.Time { return time.Date(2026, 10, d, 19, 0, 0, 0, time.UTC) }
	add := func(at time.Time, scores map[string]int, done bool, text map[string]string) {
		c, err := s.AddCheckin(ctx, w.ID, store.Checkin{At: at, Scores: scores, Done: done})
		if err != nil {
			t.Fatal(err)
		}
		for f, v := range text {
			key := store.DraftKey{WorkbookID: w.ID, StepID: "tool.checkin", PromptID: f, EntryID: c.ID}
			if _, err := s.SaveCheckinText(ctx, w.ID, c.ID, at, f, v, key); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(day(5), map[string]int{"safe": 3, "close": 4, "trust": 2}, true, map[string]string{
		store.CheckinAnswerField(0): "Tired, and guarded.",
		store.CheckinNoteField:      "# not a heading\n\nA hard week, *really*.",
	})
	add(day(12), map[string]int{"safe": 5, "trust": 4}, true, map[string]string{store.CheckinOneThingField: "Be home by six"})
	add(day(19), map[string]int{"close": 6}, false, nil)
	takes := []map[string]bool{
		{"checking": true, "grudges": true, "distance": true},
		{"distance": true, "laugh": true, "secrets": true},
		{"distance": true, "secrets": true, "laugh": true, "talk-easier": true},
	}
	for i, c := range takes {
		if _, err := s.SaveAssessment(ctx, w.ID, store.Assessment{At: day(6 + 7*i), Checked: c, Done: true}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SaveAssessment(ctx, w.ID, store.Assessment{At: day(28), Checked: map[string]bool{"closer": true}}); err != nil {
		t.Fatal(err) // unfinished: not exported
	}
	return s, w
}

// The export carries a table of the scores, a dated section per check-in
// with the person's words escaped, and the self-assessment's takes with
// what changed; compared with a golden file.
func TestCheckinsExport(t *testing.T) {
	s, w := checkinStore(t)
	var buf bytes.Buffer
	if err := Markdown(context.Background(), &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	i := strings.Index(out, "## Check-ins")
	if i < 0 {
		t.Fatalf("no check-ins section:\n%s", out)
	}
	got := out[i:]
	path := filepath.Join(goldenDir, "checkins.md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("export differs from %s (go test -update rewrites it):\n%s", path, lineDiff(string(want), got))
	}
	checkSafe(t, buf.Bytes())
	for _, must := range []string{
		"| 5 October 2026 | 3 | 4 | 2 |", "| 12 October 2026 | 5 | – | 4 |",
		"### 19 October 2026 (not finished)", "\\# not a heading",
		"2 signs eased, 1 new; 1 sign of trust returning",
	} {
		if !strings.Contains(got, must) {
			t.Errorf("export lacks %q", must)
		}
	}

	// --since narrows both lists; the diff still compares with the take
	// before, even when that one is out of the range.
	opts := testOptions
	opts.From = time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)
	buf.Reset()
	if err := Markdown(context.Background(), &buf, s, testBook(), w, opts); err != nil {
		t.Fatal(err)
	}
	if o := buf.String(); strings.Contains(o, "5 October") || !strings.Contains(o, "12 October") ||
		!strings.Contains(o, "*13 October 2026*: 2 of 12 signs that trust is missing") {
		t.Errorf("--since export:\n%s", o)
	}
}

// status says how many check-ins, when the last was, and the trend.
func TestCheckinsStatus(t *testing.T) {
	s, w := checkinStore(t)
	now := time.Date(2026, 10, 22, 9, 0, 0, 0, time.UTC)
	lines, err := ToolStatus(context.Background(), s, w, now)
	if err != nil {
		t.Fatal(err)
	}
	want := "Check-ins: 3, the last 3 days ago"
	if !strings.Contains(strings.Join(lines, "\n"), want) {
		t.Errorf("status lines %q lack %q", lines, want)
	}
	// Four weeks later with two more, higher: steadier.
	ctx := context.Background()
	for _, d := range []int{18, 19} {
		if _, err := s.AddCheckin(ctx, w.ID, store.Checkin{At: time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC),
			Scores: map[string]int{"safe": 8, "close": 8, "trust": 7}, Done: true}); err != nil {
			t.Fatal(err)
		}
	}
	lines, _ = ToolStatus(ctx, s, w, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	for _, want := range []string{"Check-ins: 5, the last yesterday", "Trend of check-ins (last 4 weeks against the 4 before): steadier"} {
		if !strings.Contains(strings.Join(lines, "\n"), want) {
			t.Errorf("status lines %q lack %q", lines, want)
		}
	}
}
