package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPortableJourney: what a person types in the real binary survives
// export --format json and import into a new file, which then opens where
// they were; import and restore never touch a journal with words in it;
// the markdown export reads clean, emoji whole.
func TestPortableJourney(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	env := baseEnv(home)

	tm := startTerm(t, 100, 30, env, binary)
	firstRunToEditor(t, tm, book)
	text := "I said *sorry* 👍🏽 - twice, 5 * 3 times"
	tm.typeText(text)
	tm.waitFor("twice", waitLong)
	tm.keys("C-s")
	tm.waitFor("Saved to your journal", waitLong)
	tm.keys("Escape") // ctrl+s stays in the editor
	tm.waitFor("Step 1 of", waitLong)
	tm.keys("q")
	if code := tm.waitExit(waitLong); code != 0 {
		t.Fatalf("quit with status %d", code)
	}

	md, _, code := runCLI(t, home, "export")
	if code != 0 || !strings.Contains(md, "I said \\*sorry\\* 👍🏽 - twice, 5 * 3 times\n") {
		t.Fatalf("markdown export (%d) lacks the clean line:\n%s", code, md)
	}

	js := filepath.Join(home, "journal.json")
	if _, stderr, code := runCLI(t, home, "export", "--format", "json", "-o", js); code != 0 {
		t.Fatalf("export --format json: %d %s", code, stderr)
	}
	other := filepath.Join(home, "elsewhere", "journal.db")
	if _, stderr, code := runCLI(t, home, "--db", other, "import", js); code != 0 || !strings.Contains(stderr, "Imported 1 entry") {
		t.Fatalf("import: %d %s", code, stderr)
	}
	if es := entries(t, other); len(es) != 1 || es[0].body != text {
		t.Fatalf("imported entries: %+v", es)
	}
	// The imported journal opens where the person left off.
	tm = startTerm(t, 100, 30, env, binary, "--db", other)
	tm.waitFor("Step 1 of", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	before := fileHash(t, db)
	if _, stderr, code := runCLI(t, home, "import", js); code != 1 || !strings.Contains(stderr, "already holds a journal") {
		t.Fatalf("import onto the journal: %d %s", code, stderr)
	}
	bak := filepath.Join(home, "b.db")
	if _, stderr, code := runCLI(t, home, "backup", "-o", bak); code != 0 {
		t.Fatalf("backup: %d %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, home, "restore", bak); code != 1 || !strings.Contains(stderr, "--replace") {
		t.Fatalf("restore onto the journal: %d %s", code, stderr)
	}
	if fileHash(t, db) != before {
		t.Fatal("a refused import or restore changed the journal")
	}
	third := filepath.Join(home, "third.db")
	if _, stderr, code := runCLI(t, home, "--db", third, "restore", bak); code != 0 {
		t.Fatalf("restore into a new file: %d %s", code, stderr)
	}
	if es := entries(t, third); len(es) != 1 || es[0].body != text {
		t.Fatalf("restored entries: %+v", es)
	}
}
