package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/agreement"
	"github.com/trustwork/trustwork/internal/store"
)

// The agreements section from a real store: area and status, start and
// review dates as the days they were set, the wording escaped, every
// review with its note; and the status line counting reviews due. The
// section is compared with testdata/export/agreements.md.
func TestAgreementsSection(t *testing.T) {
	ctx := context.Background()
	s, w := samStore(t, nil)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.Local) }
	save := func(a agreement.Agreement) int64 {
		id, err := s.SaveAgreement(ctx, w.ID, a, store.DraftKey{WorkbookID: w.ID})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	review := func(id int64, r agreement.Review) {
		if _, err := s.ReviewAgreement(ctx, w.ID, id, r, store.DraftKey{WorkbookID: w.ID}); err != nil {
			t.Fatal(err)
		}
	}
	phones := save(agreement.Agreement{Area: agreement.Phones, Text: "# Phones *face up* at dinner", Start: day(9, 1), Review: day(10, 1)})
	review(phones, agreement.Review{At: day(10, 1), Outcome: agreement.Kept, Next: day(11, 1), Note: "Easier than we thought"})
	review(phones, agreement.Review{At: day(11, 2), Outcome: agreement.EndedBy, Note: "Not needed now"})
	save(agreement.Agreement{Area: agreement.CheckIns, Text: "A Sunday talk, twenty minutes", Start: day(10, 20), Review: day(11, 20)})
	save(agreement.Agreement{Area: agreement.ThirdPerson, Text: "No contact; work mail in copy", Start: day(11, 10), Review: day(12, 10)})

	var buf bytes.Buffer
	if err := Markdown(ctx, &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatal(err)
	}
	checkSafe(t, buf.Bytes())
	_, got, ok := strings.Cut(buf.String(), "\n## Agreements")
	if !ok {
		t.Fatalf("no agreements section:\n%s", buf.String())
	}
	got = "## Agreements" + got
	path := filepath.Join(goldenDir, "agreements.md")
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
		t.Errorf("section differs from %s:\n%s", path, lineDiff(string(want), got))
	}
	for _, must := range []string{"### Phones · ended 2 November 2026", "\\# Phones \\*face up\\* at dinner",
		"### Check-ins · review due", "*From 20 October 2026 · review together by 20 November 2026*",
		"- *1 October 2026*: kept, next review 1 November 2026. Easier than we thought", "### Contact with the third person · active"} {
		if !strings.Contains(got, must) {
			t.Errorf("section lacks %q", must)
		}
	}

	lines, err := ToolStatus(ctx, s, w, exportNow)
	if err != nil || !containsLine(lines, "Agreements: 3 (1 ended), 1 review due") {
		t.Errorf("status lines %q %v", lines, err)
	}

	// A dated export keeps what started or was reviewed in its range.
	buf.Reset()
	opts := testOptions
	opts.From = day(11, 5)
	if err := Markdown(ctx, &buf, s, testBook(), w, opts); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "No contact") || strings.Contains(out, "Sunday talk") || strings.Contains(out, "face up") {
		t.Errorf("dated export since 5 Nov:\n%s", out)
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}
