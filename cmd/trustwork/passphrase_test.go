package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

const cliSecret = "Quiet-harbour-9182"

// lockedJournal makes a journal holding cliSecret and locks it with
// "open sesame" through the command line.
func lockedJournal(t *testing.T) (dir, db string, vars map[string]string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "j.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	wb, err := st.CreateWorkbook(ctx, store.Workbook{PartnerName: "Robin", Relationship: "partner", Role: store.RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddEntry(ctx, store.Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what-happened", PromptText: "What happened?", Body: "I wrote " + cliSecret}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	vars = map[string]string{"HOME": dir}
	pass := writeSecretFile(t, dir, "pass", "open sesame\n", 0o600)
	if _, errOut, code := runArgs(t, vars, "--db", db, "passphrase", "--new-passphrase-file", pass, "--yes"); code != 0 {
		t.Fatalf("passphrase: %d %s", code, errOut)
	}
	return dir, db, vars
}

func writeSecretFile(t *testing.T, dir, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, mode)
	return p
}

// hashTree maps every file under dir to a hash of its bytes.
func hashTree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = sha256.Sum256(b)
		}
		return nil
	})
	return out
}

func TestLockedJournalFromTheCommandLine(t *testing.T) {
	dir, db, vars := lockedJournal(t)
	raw, _ := os.ReadFile(db)
	if bytes.Contains(raw, []byte(cliSecret)) || bytes.Contains(raw, []byte("Robin")) {
		t.Fatal("the locked file holds plain text")
	}
	right := writeSecretFile(t, dir, "right", "open sesame", 0o400)
	wrong := writeSecretFile(t, dir, "wrong", "open sesame!\n", 0o600)
	public := writeSecretFile(t, dir, "public", "open sesame\n", 0o644)

	out, errOut, code := runArgs(t, vars, "--db", db, "export", "--passphrase-file", right)
	if code != 0 || !strings.Contains(out, cliSecret) {
		t.Fatalf("export with the right passphrase: %d %q %q", code, out, errOut)
	}
	if out, errOut, code := runArgs(t, vars, "--db", db, "status", "--passphrase-file", right); code != 0 || out == "" {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}

	before := hashTree(t, dir)
	cases := []struct {
		name string
		args []string
		want string
		code int
	}{
		{"wrong passphrase", []string{"export", "--passphrase-file", wrong}, "does not open this journal", 1},
		{"wrong passphrase, status", []string{"status", "--passphrase-file", wrong}, "does not open this journal", 1},
		{"wrong passphrase, backup", []string{"backup", "--passphrase-file", wrong}, "does not open this journal", 1},
		{"wrong passphrase, change", []string{"passphrase", "--passphrase-file", wrong, "--new-passphrase-file", right}, "does not open this journal", 1},
		{"file others can read", []string{"export", "--passphrase-file", public}, "chmod 600", 1},
		{"missing file", []string{"export", "--passphrase-file", filepath.Join(dir, "nope")}, "cannot be opened", 1},
		{"no terminal and no file", []string{"export"}, "--passphrase-file", exitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runArgs(t, vars, append([]string{"--db", db}, c.args...)...)
			if code != c.code || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 || strings.Contains(out, cliSecret) {
				t.Fatalf("code %d, stderr %q, stdout %q", code, errOut, out)
			}
		})
	}
	after := hashTree(t, dir)
	if len(after) != len(before) {
		t.Fatalf("files came or went: %d -> %d", len(before), len(after))
	}
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed", p)
		}
	}

	if _, errOut, code := runArgs(t, vars, "--db", db, "passphrase", "--passphrase-file", right, "--idle-lock", "5m"); code != 0 || !strings.Contains(errOut, "after 5m0s") {
		t.Fatalf("idle lock: %d %q", code, errOut)
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := st.IdleLock(); got != 5*time.Minute {
		t.Errorf("idle lock stored as %v", got)
	}
	st.Close()

	// Change, then remove.
	newer := writeSecretFile(t, dir, "newer", "another one\n", 0o600)
	if _, errOut, code := runArgs(t, vars, "--db", db, "passphrase", "--passphrase-file", right, "--new-passphrase-file", newer); code != 0 {
		t.Fatalf("change: %d %s", code, errOut)
	}
	if _, _, code := runArgs(t, vars, "--db", db, "status", "--passphrase-file", right); code != 1 {
		t.Fatal("the old passphrase still opens the journal")
	}
	if _, errOut, code := runArgs(t, vars, "--db", db, "passphrase", "--remove", "--passphrase-file", newer); code != 1 || !strings.Contains(errOut, "kept") {
		t.Fatalf("remove without a yes: %d %q", code, errOut)
	}
	if _, errOut, code := runArgs(t, vars, "--db", db, "passphrase", "--remove", "--yes", "--passphrase-file", newer); code != 0 {
		t.Fatalf("remove: %d %s", code, errOut)
	}
	if out, _, code := runArgs(t, vars, "--db", db, "export"); code != 0 || !strings.Contains(out, cliSecret) {
		t.Fatalf("export after removing the lock: %d", code)
	}
}

func TestLockingOffersToRemovePlainBackups(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	vars := map[string]string{"HOME": dir}
	if _, errOut, code := runArgs(t, vars, "--db", db, "backup"); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	pass := writeSecretFile(t, dir, "pass", "pw\n", 0o600)
	_, errOut, code := runArgs(t, vars, "--db", db, "passphrase", "--new-passphrase-file", pass, "--yes")
	if code != 0 || !strings.Contains(errOut, "still hold your journal in plain text") || !strings.Contains(errOut, "Removed.") {
		t.Fatalf("%d %q", code, errOut)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "backups", "*.db")); len(left) != 0 {
		t.Fatalf("plain backups left: %v", left)
	}
}

// Restoring a backup made before the lock over a locked journal leaves a
// plain journal: that is said, with what to do, so nobody believes it is
// still locked.
func TestRestoreOfAPlainBackupSaysTheLockIsGone(t *testing.T) {
	dir, db, vars := lockedJournal(t)
	plain := genJournal(t, filepath.Join(dir, "old"))
	_, errOut, code := runArgs(t, vars, "--db", db, "restore", "--replace", plain)
	if code != 0 || !strings.Contains(errOut, "has no passphrase") || !strings.Contains(errOut, "trustwork passphrase") {
		t.Fatalf("restore of a plain backup over a locked journal: %d %q", code, errOut)
	}
	fresh := filepath.Join(dir, "fresh.db")
	if _, errOut, code := runArgs(t, vars, "--db", fresh, "restore", plain); code != 0 || strings.Contains(errOut, "passphrase") {
		t.Fatalf("restore into a new file: %d %q", code, errOut)
	}
}
