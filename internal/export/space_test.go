package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/space"
	"github.com/trustwork/trustwork/internal/store"
)

// spaceStore holds two periods of space (one ended early, one still open
// with a letter that tries to be markdown), a time-out plan and two breaks.
func spaceStore(t *testing.T) (*store.Store, store.Workbook) {
	t.Helper()
	ctx := context.Background()
	s, w := samStore(t, nil)
	day := func(d int) time.Time { return time.Date(2026, 10, d, 9, 0, 0, 0, time.UTC) }
	p1, err := s.StartSpace(ctx, w.ID, space.GivePeriod{Since: day(1), Until: day(8)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndSpace(ctx, w.ID, p1.ID, day(4), "we agreed to talk"); err != nil {
		t.Fatal(err)
	}
	p2, err := s.StartSpace(ctx, w.ID, space.GivePeriod{Since: day(20), UntilTheyReachOut: true})
	if err != nil {
		t.Fatal(err)
	}
	for n, text := range []string{"# I miss you\n\n<b>really</b>", "A second, quieter one."} {
		if err := s.SaveUnsentLetter(ctx, w.ID, p2.ID, n+1, text, day(21+n), store.DraftKey{WorkbookID: w.ID}); err != nil {
			t.Fatal(err)
		}
	}
	id, err := s.SavePlanText(ctx, w.ID, 0, store.PlanSignalField, "*pause*", store.DraftKey{WorkbookID: w.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetTimeoutMinutes(ctx, w.ID, id, 30); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePlanText(ctx, w.ID, id, store.PlanComeBackField, "after dinner", store.DraftKey{WorkbookID: w.ID}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []int{5, 25} {
		if _, err := s.StartTimeout(ctx, w.ID, day(d), 30); err != nil {
			t.Fatal(err)
		}
	}
	return s, w
}

// The space section, against its golden file: periods with their days
// kept and letters (escaped), then the plan.
func TestSpaceSectionGolden(t *testing.T) {
	s, w := spaceStore(t)
	var buf bytes.Buffer
	if err := Markdown(context.Background(), &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatal(err)
	}
	checkSafe(t, buf.Bytes())
	out := buf.String()
	i := strings.Index(out, "## Giving space")
	if i < 0 {
		t.Fatalf("no space section in:\n%s", out)
	}
	got := out[i:]
	path := filepath.Join(goldenDir, "space.md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("space section differs from %s:\n%s", path, got)
	}

	// --since after the first period keeps the second, and the breaks in
	// range.
	buf.Reset()
	opts := testOptions
	opts.From = time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)
	if err := Markdown(context.Background(), &buf, s, testBook(), w, opts); err != nil {
		t.Fatal(err)
	}
	if o := buf.String(); strings.Contains(o, "we agreed to talk") || !strings.Contains(o, "A second, quieter one.") || !strings.Contains(o, "Breaks taken: 1") {
		t.Errorf("narrowed export:\n%s", o[strings.Index(o, "## Giving space"):])
	}
}

func TestSpaceStatus(t *testing.T) {
	s, w := spaceStore(t)
	lines, err := ToolStatus(context.Background(), s, w, time.Date(2026, 10, 25, 9, 10, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Giving space: 2 times, 8 days kept; now on day 6", "Time-out plan: a 30-minute break, 2 taken; one running now"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("status lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// The side that was hurt reads it as the space they asked for.
func TestSpaceHurtWording(t *testing.T) {
	ctx := context.Background()
	s, w := samStore(t, nil)
	w.Role = store.RoleHurt
	since := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	if _, err := s.StartSpace(ctx, w.ID, space.GivePeriod{Since: since, UntilTheyReachOut: true}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Markdown(ctx, &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatal(err)
	}
	if o := buf.String(); !strings.Contains(o, "## Space I asked for") || !strings.Contains(o, "until I am ready") {
		t.Errorf("hurt export:\n%s", o)
	}
	lines, err := ToolStatus(ctx, s, w, since.AddDate(0, 0, 2))
	if err != nil || len(lines) != 1 || lines[0] != "Space I asked for: 1 time, 2 days kept; now on day 3" {
		t.Errorf("hurt status: %q %v", lines, err)
	}
}

// A break taken before any plan was written is in the export, as status
// counts it.
func TestTimeoutWithoutPlanExported(t *testing.T) {
	ctx := context.Background()
	s, w := samStore(t, nil)
	if _, err := s.StartTimeout(ctx, w.ID, time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC), 20); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Markdown(ctx, &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatal(err)
	}
	o := buf.String()
	for _, want := range []string{"## Time-out plan", "*No plan written yet.*", "- Breaks taken: 1"} {
		if !strings.Contains(o, want) {
			t.Errorf("export lacks %q:\n%s", want, o)
		}
	}
}
