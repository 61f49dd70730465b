package export

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

// The markdown export carries the latest version of the apology with the
// count of versions, escaped like any of the person's words; status says
// how many are kept and which is finished; WriteLetter is the letter alone.
func TestApologySection(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 3, 21, 14, 0, 0, time.UTC)
	s, w := samStore(t, func() time.Time { now = now.Add(time.Hour); return now })
	section := func(slug, text string) {
		t.Helper()
		if _, err := s.SaveLetterSection(ctx, w.ID, false, 0, slug, text, store.DraftKey{WorkbookID: w.ID, StepID: "tool.apology", PromptID: slug}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	section("regret", "I am sorry, first words.")
	if lines, err := ToolStatus(ctx, s, w, now); err != nil || !slices.Contains(lines, "Apology: being written, no version kept yet") {
		t.Fatalf("status of a draft: %q %v", lines, err)
	}
	if _, err := s.KeepLetterVersion(ctx, w.ID, false); err != nil {
		t.Fatal(err)
	}
	section("regret", "# I am sorry.")
	section("repair", "I will show you the statements.")
	if _, err := s.KeepLetterVersion(ctx, w.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FinishLetter(ctx, w.ID, false, true); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(ctx, &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	checkOrder(t, out, []string{"## Apology", "*Version 2 of 2, kept 4 November 2026, finished*", `\# I am sorry.`, "I will show you the statements."})
	if strings.Contains(out, "first words") {
		t.Errorf("an earlier version is in the export:\n%s", out)
	}
	if lines, err := ToolStatus(ctx, s, w, now); err != nil || !slices.Contains(lines, "Apology: 2 versions kept, version 2 finished") {
		t.Fatalf("status: %q %v", lines, err)
	}
	l, _, err := s.LetterToShare(ctx, w.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteLetter(&buf, l); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "# I am sorry.\n\nI will show you the statements.\n"; got != want {
		t.Fatalf("letter = %q, want %q", got, want)
	}
}
