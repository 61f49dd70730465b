package export

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/trustwork/trustwork/internal/fuzzseed"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// FuzzMarkdown: whatever the person typed as a name, a question text or an
// entry, the export holds no control characters and has exactly the
// structure the journal's shape predicts, and the text is all still there.
func FuzzMarkdown(f *testing.F) {
	fuzzseed.Add(f, "FuzzMarkdown")
	f.Fuzz(func(t *testing.T, name, prompt, body string) {
		src := &fakeSource{
			entries: []store.Entry{
				entry(1, "reflect", "what", prompt, body, at(1, 1, 0), at(1, 1, 0)),
				entry(2, "gone", "gone", prompt, body, at(2, 1, 0), at(3, 1, 0)),
			},
			drafts: []store.Draft{{WorkbookID: 7, StepID: "space", PromptID: "wait", PromptText: prompt, Body: body, UpdatedAt: at(4, 1, 0)}},
		}
		w := store.Workbook{ID: 7, PartnerName: name, Relationship: name}
		var buf bytes.Buffer
		if err := Markdown(context.Background(), &buf, src, testBook(), w, testOptions); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		checkSafe(t, out)
		want := shape{h1: 1, h2: 3 + 1, h3: 2, emph: 2 + 2}
		if blank(body) {
			want.emph += 2 // "*(empty)*" for each entry; the draft is left out
		} else {
			want.h2++
			want.h3++
			want.emph++
		}
		checkShape(t, out, want)
		vis := visibleText(t, out)
		for _, s := range []string{name, prompt, body} {
			if s := squashAll(sanitize.Text(s)); !strings.Contains(vis, s) {
				t.Fatalf("rendered export lost %q\n%s", s, out)
			}
		}
	})
}

// squashAll drops every white space rune, for comparing text whose spacing
// the export is allowed to change (headings fold runs of spaces).
func squashAll(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
