package main

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/store"
)

func newJournal(t *testing.T, path string) {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CreateWorkbook(context.Background(), store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing}); err != nil {
		t.Fatal(err)
	}
}

func fileSum(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestExportForceNeverHitsTheJournal: `export -o <the journal's file>
// --force` is refused with one line and the journal is unchanged.
func TestExportForceNeverHitsTheJournal(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "journal.db")
	newJournal(t, db)
	os.WriteFile(db+".lock", []byte("1\n"), 0o600)
	vars := map[string]string{"HOME": home}
	for _, target := range []string{db, db + "-wal", db + "-shm", db + ".lock", filepath.Join(home, ".", "journal.db")} {
		var before [32]byte
		_, had := os.Stat(target)
		if had == nil {
			before = fileSum(t, target)
		}
		_, errOut, code := runArgs(t, vars, "--db", db, "export", "-o", target, "--force")
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "choose another file name with -o") {
			t.Fatalf("export -o %s --force: %d %q", target, code, errOut)
		}
		if had == nil && fileSum(t, target) != before {
			t.Fatalf("%s changed", target)
		}
	}
	if _, errOut, code := runArgs(t, vars, "--db", db, "status"); code != 0 {
		t.Fatalf("journal unreadable after refusals: %q", errOut)
	}
}

// TestExportStdoutIntoJournal: `export >> journal.db` is refused before a
// byte is written, and the journal is unchanged.
func TestExportStdoutIntoJournal(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "journal.db")
	newJournal(t, db)
	before := fileSum(t, db)
	f, err := os.OpenFile(db, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var errOut strings.Builder
	code := run([]string{"--db", db, "export"}, os.Stdin, f, &errOut, fakeEnv(map[string]string{"HOME": home}))
	if code != 1 || !strings.Contains(errOut.String(), "standard output is your journal's own file") {
		t.Fatalf("export >> journal: %d %q", code, errOut.String())
	}
	if fileSum(t, db) != before {
		t.Fatal("the journal changed")
	}
}

// TestExportToDevStdout: -o /dev/stdout writes to standard output, even
// when that is a file (a shell redirect), and never replaces /dev/stdout.
func TestExportToDevStdout(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "journal.db")
	newJournal(t, db)
	out, err := os.Create(filepath.Join(home, "out.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var errOut strings.Builder
	code := run([]string{"--db", db, "export", "-o", "/dev/stdout", "--force"}, os.Stdin, out, &errOut, fakeEnv(map[string]string{"HOME": home}))
	if code != 0 {
		t.Fatalf("export -o /dev/stdout: %d %q", code, errOut.String())
	}
	if b, _ := os.ReadFile(out.Name()); !strings.Contains(string(b), "Sam") {
		t.Fatalf("stdout file holds %q", b)
	}
	if st, err := os.Lstat("/dev/stdout"); err != nil || st.Mode().IsRegular() {
		t.Fatalf("/dev/stdout is now %v (%v)", st, err)
	}
}

// TestBackupNeverOntoJournalFiles: `backup -o` onto one of the journal's
// own names that does not exist yet (the lock file, -wal, -shm, -journal)
// is refused: a backup written as the lock file is truncated to a pid by
// the next start, and one written as -wal or -journal is read (or thrown
// away) by SQLite as the journal's own log, so the person would be told
// "Backed up" about a copy that is then destroyed.
func TestBackupNeverOntoJournalFiles(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "journal.db")
	newJournal(t, db)
	vars := map[string]string{"HOME": home}
	for _, suf := range []string{".lock", "-wal", "-shm", "-journal"} {
		target := db + suf
		os.Remove(target)
		_, errOut, code := runArgs(t, vars, "--db", db, "backup", "-o", target)
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "journal's own files") {
			t.Errorf("backup -o %s: %d %q", target, code, errOut)
		}
		if st, err := os.Stat(target); err == nil && st.Size() > 16 {
			t.Errorf("backup -o %s wrote %d bytes there", target, st.Size())
		}
	}
	if _, errOut, code := runArgs(t, vars, "--db", db, "status"); code != 0 {
		t.Fatalf("journal unreadable after refusals: %q", errOut)
	}
}

// TestBackupOddTargets: `backup -o -` is refused rather than writing a
// file named "-" (export takes "-" as standard output), and a folder that
// does not exist is named plainly, without the internal staging file.
func TestBackupOddTargets(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "journal.db")
	newJournal(t, db)
	vars := map[string]string{"HOME": home}
	wd, _ := os.Getwd()
	if err := os.Chdir(home); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	_, errOut, code := runArgs(t, vars, "--db", db, "backup", "-o", "-")
	if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "-o") {
		t.Errorf("backup -o -: %d %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(home, "-")); err == nil {
		t.Error(`backup -o - wrote a file named "-"`)
	}
	missing := filepath.Join(home, "nowhere", "b.db")
	_, errOut, code = runArgs(t, vars, "--db", db, "backup", "-o", missing)
	if code != 1 || strings.Count(errOut, "\n") != 1 || strings.Contains(errOut, "partial") || !strings.Contains(errOut, "does not exist") {
		t.Errorf("backup -o %s: %d %q", missing, code, errOut)
	}
}
