package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLockFileDeletedWhileOpen: deleting journal.db.lock while one window
// is open does not let a second window in; the second says another
// trustwork has the journal open, and the first keeps working.
func TestLockFileDeletedWhileOpen(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	env := baseEnv(home)
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	first := startTerm(t, 100, 30, env, binary)
	firstRunToEditor(t, first, book)
	if err := os.Remove(db + ".lock"); err != nil {
		t.Fatal(err)
	}
	second := startTerm(t, 200, 10, env, binary)
	if code := second.waitExit(waitLong); code == 0 {
		t.Fatalf("a second window got in after the lock file was deleted:\n%s", second.transcript())
	}
	if s := second.transcript(); !strings.Contains(s, "open in another trustwork") {
		t.Fatalf("second window should say the journal is open elsewhere:\n%s", s)
	}
	first.typeText("still mine")
	first.waitFor("kept ✓", waitLong)
}

// TestJournalDeletedWhileOpen: the journal file deleted under an open
// window is noticed and said plainly; on quit the person is told where a
// copy of everything saved is, and the words typed since are in a
// recovery file.
func TestJournalDeletedWhileOpen(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	env := baseEnv(home)
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	tm := startTerm(t, 200, 30, env, binary)
	firstRunToEditor(t, tm, book)
	tm.typeText("words saved before")
	tm.waitFor("kept ✓", waitLong)
	for i := 0; ; i++ {
		if d := drafts(t, db); len(d) == 1 && d[0].body == "words saved before" {
			break
		}
		if i == 50 {
			t.Fatalf("draft never saved: %v", drafts(t, db))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("Your journal file was moved, deleted or replaced", 10*time.Second)
	tm.typeText(" and words after")
	time.Sleep(1500 * time.Millisecond)
	if s := tm.screen(); strings.Contains(s, "kept ✓") || strings.Contains(s, "journal ✓") {
		t.Fatalf("says saved into a deleted file:\n%s", s)
	}
	tm.keys("C-c")
	code := tm.waitExit(waitLong)
	s := tm.transcript()
	if code == 0 || !strings.Contains(s, "rescued.db") {
		t.Fatalf("quit should fail and name the rescued copy (exit %d):\n%s", code, s)
	}
	copies, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "backups", "*-rescued.db"))
	if len(copies) != 1 {
		t.Fatalf("rescued copies: %v", copies)
	}
	var body string
	if err := openDB(t, copies[0]).QueryRow("SELECT body FROM drafts").Scan(&body); err != nil || body != "words saved before" {
		t.Fatalf("rescued copy holds %q, %v", body, err)
	}
	if !inRecovery(db, "words saved before and words after") {
		t.Fatal("the words typed after are in no recovery file")
	}
}

// TestJournalOverwrittenWhileOpen: another journal copied over the open
// one in place (same inode, as cp or cat > do) is noticed, though the
// path still names the same file: the window stops saying "saved", the
// words typed since go to a recovery file, nothing is passed off as a
// rescued copy, the overwritten file is left exactly as it is, and the
// -wal holding what was saved is moved into the backups folder.
func TestJournalOverwrittenWhileOpen(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	env := baseEnv(home)
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	other := filepath.Join(t.TempDir(), "other.db")
	makeTrustworkDB(t, other)
	otherBytes, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, 200, 30, env, binary)
	firstRunToEditor(t, tm, book)
	tm.typeText("words saved before")
	tm.waitFor("kept ✓", waitLong)
	before, _ := os.Stat(db)
	// os.WriteFile truncates and writes the same inode, like cp onto it.
	if err := os.WriteFile(db, otherBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(db); !os.SameFile(before, after) {
		t.Fatal("the test should overwrite in place")
	}
	tm.waitFor("overwritten by another program", 10*time.Second)
	tm.typeText(" and words after")
	time.Sleep(1500 * time.Millisecond)
	if s := tm.screen(); strings.Contains(s, "kept ✓") || strings.Contains(s, "journal ✓") {
		t.Fatalf("says saved into an overwritten file:\n%s", s)
	}
	tm.keys("C-c")
	code := tm.waitExit(waitLong)
	s := tm.transcript()
	if code == 0 || !strings.Contains(s, "overwritten by another program") || strings.Contains(s, "rescued.db") || strings.Contains(s, "put that copy back") {
		t.Fatalf("quit should fail and say the file was overwritten, naming no copy (exit %d):\n%s", code, s)
	}
	if copies, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "backups", "*-rescued.db")); len(copies) != 0 {
		t.Fatalf("a mixed file was copied out as if good: %v", copies)
	}
	if b, _ := os.ReadFile(db); string(b) != string(otherBytes) {
		t.Fatal("trustwork wrote into the overwritten file")
	}
	// What was saved since the last checkpoint is kept away from the
	// file, so the next start does not mix it in.
	if wals, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "backups", "*-overwritten.db-wal")); len(wals) != 1 || !strings.Contains(strings.ReplaceAll(s, "\n", ""), filepath.Base(wals[0])) {
		t.Fatalf("the -wal holding what was saved should be kept in backups and named: %v", wals)
	}
	if _, err := os.Stat(db + "-wal"); err == nil {
		t.Fatal("a -wal is left beside the overwritten file")
	}
	// The next start opens the file now there as it is: no WAL of ours
	// is mixed into it.
	if out, errOut, code := runCLI(t, home, "status"); code != 0 || !strings.Contains(out, "Sam") {
		t.Fatalf("the next start: %d %q %q", code, out, errOut)
	}
	integrityOK(t, db)
	if !inRecovery(db, "words saved before and words after") {
		t.Fatal("the words typed after are in no recovery file")
	}
}

// inRecovery reports whether a recovery file beside the journal db holds
// text.
func inRecovery(db, text string) bool {
	dir := filepath.Join(filepath.Dir(db), "recovery")
	recs, _ := os.ReadDir(dir)
	for _, r := range recs {
		if b, _ := os.ReadFile(filepath.Join(dir, r.Name())); strings.Contains(string(b), text) {
			return true
		}
	}
	return false
}

// TestExportAndBackupTargets: the commands a person runs from a shell
// never replace the journal or a device, and a damaged journal is not
// backed up over good backups.
func TestExportAndBackupTargets(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	os.MkdirAll(filepath.Dir(db), 0o700)
	makeTrustworkDB(t, db)
	dbSum := fileHash(t, db)
	for _, target := range []string{db, db + "-wal", db + ".lock", filepath.Join(home, "data", ".", "trustwork", "journal.db")} {
		_, errOut, code := runCLI(t, home, "export", "-o", target, "--force")
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "choose another file name with -o") {
			t.Fatalf("export -o %s --force: %d %q", target, code, errOut)
		}
		// (A read-only command may rewrite the pid in the lock file; what
		// matters is that no export landed on any of them.)
		if b, err := os.ReadFile(target); err == nil && strings.HasPrefix(string(b), "#") {
			t.Fatalf("the export landed on %s", target)
		}
	}
	if fileHash(t, db) != dbSum {
		t.Fatal("the journal changed")
	}
	integrityOK(t, db)
	out, errOut, code := runCLI(t, home, "export", "-o", "/dev/stdout", "--force")
	if code != 0 || !strings.Contains(out, "Sam") {
		t.Fatalf("export -o /dev/stdout: %d %q %q", code, out, errOut)
	}
	folder := filepath.Join(home, "exports")
	os.Mkdir(folder, 0o700)
	_, errOut, code = runCLI(t, home, "export", "-o", folder, "--force")
	if code != 1 || strings.Contains(errOut, ".tmp-") || !strings.Contains(errOut, "is a folder") {
		t.Fatalf("export onto a folder: %d %q", code, errOut)
	}
	nl := filepath.Join(home, "two\nlines.md")
	_, errOut, code = runCLI(t, home, "export", "-o", nl)
	if code != 0 || !strings.Contains(errOut, `two\nlines.md`) {
		t.Fatalf("export to a name with a newline: %d %q", code, errOut)
	}

	// A good backup, then damage: backup refuses and names the good one.
	_, errOut, code = runCLI(t, home, "backup")
	if code != 0 {
		t.Fatalf("backup: %q", errOut)
	}
	goods, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "backups", "journal-*.db"))
	if len(goods) != 1 {
		t.Fatalf("backups: %v", goods)
	}
	f, _ := os.OpenFile(db, os.O_RDWR, 0)
	f.WriteAt([]byte(strings.Repeat("\xff\x13", 2048)), 4096)
	f.Close()
	sum := fileHash(t, db)
	for i := 0; i < 7; i++ {
		_, errOut, code = runCLI(t, home, "backup")
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, goods[0]) {
			t.Fatalf("backup of a damaged journal: %d %q", code, errOut)
		}
	}
	if fileHash(t, db) != sum {
		t.Fatal("the damaged journal was changed")
	}
	if after, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "backups", "journal-*.db")); len(after) != 1 || after[0] != goods[0] {
		t.Fatalf("backups after refusals: %v", after)
	}
}

// TestBadRowExportAndJournal: one entry with an unreadable date does not
// stop export or the journal screen; it is shown with a marker and the
// others are there.
func TestBadRowExportAndJournal(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	os.MkdirAll(filepath.Dir(db), 0o700)
	makeTrustworkDB(t, db)
	execSQL(t, db, `INSERT INTO entries (workbook_id, step_id, prompt_id, prompt_text, body, created_at, updated_at) VALUES
		(1, 'reflect', 'why', 'Why?', 'good one', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z'),
		(1, 'x'||char(27)||']8;;http://evil'||char(7)||'link', 'why', 'Why?', 'bad date one', 'last tuesday', 'x'),
		(1, 'reflect', 'why', 'Why?', 'another good one', '2026-01-02T00:00:00.000000000Z', '2026-01-02T00:00:00.000000000Z')`)
	out, errOut, code := runCLI(t, home, "export")
	if code != 0 {
		t.Fatalf("export with one bad row: %d %q", code, errOut)
	}
	for _, want := range []string{"good one", "bad date one", "another good one", "(date unreadable)"} {
		if !strings.Contains(out, want) {
			t.Fatalf("export lacks %q:\n%s", want, out)
		}
	}
	tm := startTerm(t, 120, 30, baseEnv(home), binary)
	tm.waitFor("Journal — read", waitLong)
	tm.keys("Up", "Up", "Up", "Enter") // the cursor wraps from step 1 to the tools: Export, Toolkit, Journal
	s := tm.waitFor("date unreadable", waitLong)
	for _, want := range []string{"good one", "bad date one", "another good one"} {
		if !strings.Contains(s, want) {
			t.Fatalf("journal screen lacks %q:\n%s", want, s)
		}
	}
	if !strings.Contains(s, "␛]8;;http://evil") {
		t.Fatalf("the step id's escape is not shown as a visible stand-in:\n%s", s)
	}
}
