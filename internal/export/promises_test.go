package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/promise"
	"github.com/trustwork/trustwork/internal/store"
)

// promiseStore is a real store holding a small ledger: one kept with a
// note, one missed and owned, one renegotiated, one open and overdue, one
// ongoing (with words that try to be markdown), and one need.
func promiseStore(t *testing.T, role store.Role) (*store.Store, store.Workbook) {
	t.Helper()
	ctx := context.Background()
	clock := at(1, 9, 0)
	st, err := store.Open(filepath.Join(t.TempDir(), "j.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	wb, err := st.CreateWorkbook(ctx, store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: role})
	if err != nil {
		t.Fatal(err)
	}
	add := func(what, to string, due time.Time, marks ...promise.Change) {
		t.Helper()
		key := store.DraftKey{WorkbookID: wb.ID, StepID: "tool.promises", PromptID: store.PromiseWhatField}
		id, err := st.SavePromiseWhat(ctx, wb.ID, 0, what, key)
		if err != nil {
			t.Fatal(err)
		}
		p, err := st.Promise(ctx, wb.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		p.ToWhom, p.Due, p.Set = to, due, true
		for _, m := range marks {
			p.Promise, _ = p.Settle(m.Status, "", m.At)
			if m.Status == promise.Missed {
				p.Owned, p.OwnedAt = true, m.At.Add(time.Hour)
			}
		}
		if err := st.UpdatePromise(ctx, wb.ID, p); err != nil {
			t.Fatal(err)
		}
		for i, m := range marks {
			if m.Note != "" {
				if _, err := st.SavePromiseNote(ctx, wb.ID, id, i+1, m.Note, key); err != nil {
					t.Fatal(err)
				}
			}
		}
		clock = clock.Add(24 * time.Hour)
	}
	eod := func(day int) time.Time { return at(day, 23, 59).Add(59 * time.Second) }
	add("Home by seven on Friday", "Sam", eod(6), promise.Change{At: at(6, 19, 0), Status: promise.Kept, Note: "Home at quarter to"})
	add("Tell you before I see Dan", "Sam", eod(10), promise.Change{At: at(9, 20, 0), Status: promise.Missed, Note: "Saw him and said nothing until you asked"})
	add("Fix the gate", "Myself", eod(8),
		promise.Change{At: at(7, 8, 0), Status: promise.Renegotiated, Note: "Asked for another week"},
		promise.Change{At: at(14, 8, 0), Status: promise.Kept})
	add("Book the counsellor", "Sam", eod(12))
	add("*Never* <b>lie</b> again\n# not a heading", "Sam", time.Time{})
	if _, err := st.SaveNeedWhat(ctx, wb.ID, 0, "Answers when I ask where you were", store.DraftKey{WorkbookID: wb.ID, StepID: "tool.promises", PromptID: store.PromiseWhatField}, at(3, 9, 0)); err != nil {
		t.Fatal(err)
	}
	return st, wb
}

// The ledger exports with every status, date and note, the person's words
// escaped, and "what I need to see" in its own part; a golden file holds
// the exact text.
func TestPromisesExport(t *testing.T) {
	st, wb := promiseStore(t, store.RoleRepairing)
	got := export(t, st, testBook(), wb)
	checkSafe(t, got)
	i := bytes.Index(got, []byte("\n## Promises"))
	if i < 0 {
		t.Fatalf("no Promises section:\n%s", got)
	}
	section := got[i:]
	for _, want := range []string{
		"to Sam · made 1 November 2026 · due 6 November 2026 · kept",
		"  - 6 November 2026, kept: Home at quarter to",
		"missed, owned 9 November 2026",
		"  - 7 November 2026, renegotiated: Asked for another week",
		"  - 14 November 2026, kept\n",
		"Book the counsellor**: to Sam · made 4 November 2026 · due 12 November 2026 · open, overdue",
		"ongoing · open",
		"## What I need to see",
		"- Answers when I ask where you were (look at it again on 1 December 2026)",
	} {
		if !bytes.Contains(section, []byte(want)) {
			t.Errorf("export lacks %q:\n%s", want, section)
		}
	}
	if !bytes.Contains(section, []byte(`\<b>`)) || bytes.Contains(section, []byte("\n# not")) {
		t.Errorf("the person's words were not escaped:\n%s", section)
	}
	path := filepath.Join(goldenDir, "promises.md")
	if *update {
		if err := os.WriteFile(path, section, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(section, want) {
		t.Errorf("section differs from %s:\n%s", path, lineDiff(string(want), string(section)))
	}
}

// Status gives the open and overdue counts and the figure for 30 and 90
// days; a renegotiated promise is not counted as missed.
func TestPromisesStatus(t *testing.T) {
	st, wb := promiseStore(t, store.RoleRepairing)
	lines, err := ToolStatus(context.Background(), st, wb, exportNow)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{
		"Promises: 2 open, 1 overdue",
		"  last 30 days: 2 of 3 kept in 30 days: most kept",
		"  last 90 days: 2 of 3 kept in 90 days: most kept",
		"What I need to see: 1, 0 due for review",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q:\n%s", want, got)
		}
	}
}
