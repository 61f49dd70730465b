package tui

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
)

// hostileID is a step id a hostile or damaged file could hold: an OSC 8
// link and colour codes.
const hostileID = "x\x1b]8;;http://evil.example\x07click\x1b]8;;\x07\x1b[31mred"

// TestDiskStringsAndBadRows: step ids from the database or a recovery
// file are shown through the sanitizer (journal list, the recovered-text
// notice), and one row with an unreadable date is listed and opened with
// a visible marker while the rest stay readable.
func TestDiskStringsAndBadRows(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	wb, err := st.CreateWorkbook(bg(), store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{"first words", "broken date words", "third words"} {
		if _, err := st.AddEntry(bg(), store.Entry{WorkbookID: wb.ID, StepID: []string{"reflect", hostileID, "reflect"}[i], PromptID: "p", PromptText: "Q?", Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE entries SET created_at = 'yesterday-ish' WHERE body = 'broken date words'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := recovery.Write(dir, recovery.Record{StepID: hostileID, PromptID: "q\x1b[2J", PromptText: "Q?", Body: "kept"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, dir, st)
	raw1 := h.m.View().Content
	if strings.Contains(raw1, "\x1b]8;;http://evil") || strings.Contains(raw1, "\x1b[2J") {
		t.Fatalf("a step id from a recovery file reached the terminal raw:\n%q", raw1)
	}
	h.mustSee("Recovered unsaved text for x␛]8;;http://evil.example␇click")
	h.run(h.m.openJournal())
	out := h.m.View().Content
	if strings.Contains(out, "\x1b]8;;http://evil") || strings.Contains(out, "\x1b[31mred") {
		t.Fatalf("a step id from the database reached the terminal raw:\n%q", out)
	}
	s := h.screen()
	for _, want := range []string{"3 entries", "⚠ date unreadable", "first words", "broken date words", "third words", "␛]8;;http://evil.example"} {
		if !strings.Contains(s, want) {
			t.Fatalf("journal does not show %q:\n%s", want, s)
		}
	}
}
