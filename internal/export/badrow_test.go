package export

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/store"
)

// TestOneBadRowIsExportedMarked: an entry whose stored date cannot be read
// is exported with "(date unreadable)"; the export does not fail and every
// other entry is there.
func TestOneBadRowIsExportedMarked(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "trustwork.db")
	s, err := store.Open(p, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, err := s.CreateWorkbook(ctx, store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"one", "two", "three"} {
		if _, err := s.AddEntry(ctx, store.Entry{WorkbookID: w.ID, StepID: "reflect", PromptID: "what", PromptText: "What happened?", Body: b}); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open("sqlite3", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE entries SET created_at = 'not a date', updated_at = '' WHERE body = 'two'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	var buf bytes.Buffer
	if err := Markdown(ctx, &buf, s, testBook(), w, testOptions); err != nil {
		t.Fatalf("export with one bad row: %v", err)
	}
	out := buf.String()
	for _, want := range []string{"one", "two", "three", "(date unreadable)"} {
		if !strings.Contains(out, want) {
			t.Fatalf("export lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "(date unreadable)") != 1 {
		t.Fatalf("marker not on exactly one entry:\n%s", out)
	}
}
