package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// TestWorkbookFlag: with two workbooks, status and export need --workbook,
// say which there are when it is missing or wrong, and print the one named.
func TestWorkbookFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, w := range []store.Workbook{
		{PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing},
		{PartnerName: "Jo", Relationship: "friend", Role: store.RoleHurt},
	} {
		if _, err := st.CreateWorkbook(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	vars := map[string]string{"HOME": t.TempDir()}

	for _, cmd := range []string{"status", "export"} {
		_, errOut, code := runArgs(t, vars, "--db", db, cmd)
		if code != exitUsage || strings.Count(errOut, "\n") != 1 ||
			!strings.Contains(errOut, "2 workbooks (Sam, Jo)") || !strings.Contains(errOut, "--workbook NAME") {
			t.Errorf("%s without --workbook: %d %q", cmd, code, errOut)
		}
		_, errOut, code = runArgs(t, vars, "--db", db, cmd, "--workbook", "Alex")
		if code != exitUsage || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, `no workbook named "Alex"; yours are: Sam, Jo`) {
			t.Errorf("%s --workbook Alex: %d %q", cmd, code, errOut)
		}
	}
	out, errOut, code := runArgs(t, vars, "--db", db, "status", "--workbook", "jo")
	if code != 0 || !strings.HasPrefix(out, "Finding your footing with Jo (friend)") {
		t.Errorf("status --workbook jo: %d %q %q", code, out, errOut)
	}
	if strings.Contains(out, "Sam") || strings.Contains(out, "Admit") {
		t.Errorf("Jo's status shows the other workbook or track:\n%s", out)
	}
	out, _, code = runArgs(t, vars, "--db", db, "export", "--workbook", "Sam")
	if code != 0 || !strings.HasPrefix(out, "# Journal: repairing trust with Sam") {
		t.Errorf("export --workbook Sam: %d %q", code, out[:min(len(out), 200)])
	}
}

// TestStatusAfterSideChange: status follows the new track and says the
// entries written on the other one are kept.
func TestStatusAfterSideChange(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	book := content.Book()
	w, err := st.CreateWorkbook(ctx, store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	first := book.Track(workbook.TrackRepair)[0]
	if _, err := st.AddEntry(ctx, store.Entry{WorkbookID: w.ID, StepID: first.ID, PromptID: first.Prompts[0].ID, PromptText: first.Prompts[0].Text, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	w.Role = store.RoleHurt
	if _, err := st.UpdateWorkbook(ctx, w); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, errOut, code := runArgs(t, map[string]string{"HOME": t.TempDir()}, "--db", db, "status")
	hurt := book.Track(workbook.TrackHurt)
	want := fmt.Sprintf("0 of %d steps done · 1 journal entry", len(hurt))
	if code != 0 || !strings.HasPrefix(out, "Finding your footing with Sam (partner)\n"+want) ||
		!strings.Contains(out, "1 entry on the other track, from before you changed side, is kept") ||
		!strings.Contains(out, hurt[1].Title) || strings.Contains(out, book.Track(workbook.TrackRepair)[1].Title) {
		t.Errorf("status after the change of side: %d %q\n%s", code, errOut, out)
	}
}
