package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/workbook"
)

// TestSecondWorkbookAndSideChange is the check in a real terminal:
// write on the repair track, start a second relationship's workbook and
// switch to it, restart (the last used one opens), switch back, change the
// side mid-way, and find the entry kept in the journal and the export.
func TestSecondWorkbookAndSideChange(t *testing.T) {
	book := loadBook(t)
	hurt := book.Track(workbook.TrackHurt)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	env := baseEnv(home)

	tm := startTerm(t, 100, 30, env, binary)
	firstRunToEditor(t, tm, book)
	words := "What I owe them is the whole story."
	tm.typeText(words)
	tm.waitFor(words, waitLong)
	tm.keys("C-s")
	tm.waitFor("Saved to your journal", waitLong)
	tm.keys("Escape") // ctrl+s stays in the editor
	tm.waitFor("Step 1 of", waitLong)
	tm.keys("Escape")
	tm.waitFor("repairing trust with my partner", waitLong)

	// A second relationship, on the other side.
	tm.keys("w")
	tm.waitFor("Start a workbook for someone else", waitLong)
	tm.keys("n")
	tm.waitFor("What to call them", waitLong)
	tm.typeText("Jo")
	tm.keys("Enter", "Right", "Enter", "Right", "Enter")
	s := tm.waitFor("finding your footing with Jo", waitLong)
	if !strings.Contains(s, hurt[1].Title) || !strings.Contains(s, "0 of ") {
		t.Fatalf("Jo's workbook does not show the hurt track from the start:\n%s", s)
	}
	tm.keys("q")
	tm.waitExit(waitLong)

	// The last used workbook opens; switch back and change the side.
	tm = startTerm(t, 100, 30, env, binary)
	tm.waitFor("finding your footing with Jo", waitLong)
	tm.keys("w")
	tm.waitFor("Jo — friend · My trust was broken", waitLong)
	tm.keys("Up", "Enter")
	tm.waitFor("repairing trust with my partner", waitLong)
	tm.keys("s")
	tm.waitFor("Your side", waitLong)
	tm.keys("Tab", "Tab", "Right")
	tm.waitFor("Changing your side moves you", waitLong)
	tm.keys("Enter")
	s = tm.waitFor("finding your footing with my partner", waitLong)
	if !strings.Contains(s, hurt[1].Title) || strings.Contains(s, book.Track(workbook.TrackRepair)[1].Title) {
		t.Fatalf("after the change of side home does not show the hurt track:\n%s", s)
	}
	tm.keys("q")
	tm.waitExit(waitLong)

	if es := entries(t, db); len(es) != 1 || es[0].body != words {
		t.Fatalf("entries after the change of side: %+v", es)
	}
	integrityOK(t, db)

	// The command line asks which workbook, and exports the one named.
	_, stderr, code := runCLI(t, home, "status")
	if code != 2 || !strings.Contains(stderr, "(my partner, Jo)") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("status with two workbooks: %d %q", code, stderr)
	}
	stdout, stderr, code := runCLI(t, home, "export", "--workbook", "My Partner")
	if code != 0 {
		t.Fatalf("export --workbook: %d %s", code, stderr)
	}
	for _, want := range []string{"# Journal: finding your footing with my partner", "## 1. " + hurt[0].Title, "## Written on the other track", words} {
		if !strings.Contains(stdout, want) {
			t.Errorf("export lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "no longer in the workbook") {
		t.Errorf("the entry from the other track is called a question no longer in the workbook:\n%s", stdout)
	}
}
