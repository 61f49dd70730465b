package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

const e2ePassphrase = "tall grass, quiet river"

// lockJournal makes a journal with the first run and locks it through the
// CLI; it returns the passphrase file.
func lockJournal(t *testing.T, home string) string {
	t.Helper()
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	firstRunToEditor(t, tm, loadBook(t))
	tm.keys("C-c")
	tm.waitExit(waitLong)
	pass := filepath.Join(home, "pass")
	if err := os.WriteFile(pass, []byte(e2ePassphrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, home, "passphrase", "--new-passphrase-file", pass, "--yes"); code != 0 {
		t.Fatalf("passphrase: %s", errOut)
	}
	return pass
}

// unlockTUI types the passphrase into the unlock screen.
func unlockTUI(t *testing.T, tm *term) {
	t.Helper()
	tm.waitFor("Your journal is locked", waitLong)
	tm.typeText(e2ePassphrase)
	tm.keys("Enter")
}

// filesHolding lists the regular files under the roots whose bytes hold s.
func filesHolding(t *testing.T, s string, roots ...string) []string {
	t.Helper()
	var hits []string
	for _, root := range roots {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			if b, err := os.ReadFile(p); err == nil && bytes.Contains(b, []byte(s)) {
				hits = append(hits, p)
			}
			return nil
		})
	}
	return hits
}

// TestLockedJournalLeavesNoPlainText types a unique phrase into a locked
// journal, saves it, leaves it as a draft, passes it through $EDITOR and
// through a failed save (a file-size limit), and then looks for it in the
// raw bytes of every file under the data folder and /tmp. It must be in
// none, and in an export made with the passphrase.
func TestLockedJournalLeavesNoPlainText(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	pass := lockJournal(t, home)
	phrase := fmt.Sprintf("Marigold-Quasar-%d", time.Now().UnixNano()%1e9)

	script := filepath.Join(home, "fake-editor")
	os.WriteFile(script, []byte("#!/bin/sh\nprintf ' edited by the editor' >> \"$1\"\n"), 0o700)
	env := append(baseEnv(home), "EDITOR="+script)

	// The file may grow by about 24 KB more, then writes fail (EFBIG) as
	// on a full disk. Go ignores SIGXFSZ.
	st, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	limit := st.Size()/512 + 48
	tm := startTerm(t, 200, 30, env, "sh", "-c", fmt.Sprintf(`ulimit -f %d && exec "$0"`, limit), binary)
	unlockTUI(t, tm)
	openEditor(t, tm)
	tm.typeText("saved " + phrase)
	tm.waitFor("saved "+phrase, waitLong)
	tm.keys("C-s")
	tm.waitFor("Saved to your journal", waitLong)

	openEditor(t, tm)
	tm.typeText("draft " + phrase)
	tm.waitFor("draft "+phrase, waitLong)
	time.Sleep(1500 * time.Millisecond) // autosaved as a draft

	// ctrl+e warns first, then hands the text to the editor.
	tm.keys("C-e")
	tm.waitFor("plain file", waitLong)
	tm.keys("C-e")
	tm.waitFor(phrase+" edited by the editor", waitLong)

	// Grow the WAL until a save fails, then type the phrase again.
	failed := false
	for i := 0; i < 80 && !failed; i++ {
		tm.typeText(" more words to grow the write-ahead log")
		time.Sleep(500 * time.Millisecond)
		failed = strings.Contains(tm.screen(), "Not saved (")
	}
	if !failed {
		t.Fatalf("saves never failed under ulimit -f; screen:\n%s", tm.screen())
	}
	tm.keys("Enter")
	tm.typeText("failed " + phrase)
	tm.waitFor("failed "+phrase, waitLong)
	time.Sleep(1500 * time.Millisecond) // the failing autosave writes a recovery file
	tm.waitFor("safe in", waitLong)
	recs, _ := filepath.Glob(filepath.Join(filepath.Dir(db), "recovery", "*.json"))
	if len(recs) == 0 {
		t.Fatal("no recovery file was written")
	}
	tm.keys("C-c")
	tm.keys("C-c")
	tm.waitExit(waitLong)

	if hits := filesHolding(t, phrase, home, os.TempDir()); len(hits) > 0 {
		t.Fatalf("the phrase is in plain text in %v", hits)
	}
	out, errOut, code := runCLI(t, home, "export", "--passphrase-file", pass)
	if code != 0 || !strings.Contains(out, "saved "+phrase) {
		t.Fatalf("export with the passphrase: %d %q %q", code, errOut, out)
	}
	// The recovery file comes back into the draft on the next start.
	tm2 := startTerm(t, 200, 30, env, binary)
	unlockTUI(t, tm2)
	openEditor(t, tm2)
	tm2.waitFor("failed "+phrase, waitLong)
	tm2.keys("C-c")
	tm2.waitExit(waitLong)
	if hits := filesHolding(t, phrase, home, os.TempDir()); len(hits) > 0 {
		t.Fatalf("after the restart the phrase is in plain text in %v", hits)
	}
}

// TestLockedWrongPassphrase: a wrong passphrase in the TUI and the CLI
// changes no file under the data folder.
func TestLockedWrongPassphrase(t *testing.T) {
	home := t.TempDir()
	lockJournal(t, home)
	data := filepath.Join(home, "data")
	before := treeHashes(t, data)
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	tm.waitFor("Your journal is locked", waitLong)
	tm.typeText("not it")
	tm.keys("Enter")
	tm.waitFor("does not open this journal", waitLong)
	tm.keys("C-c")
	tm.waitExit(waitLong)
	wrong := filepath.Join(home, "wrong")
	os.WriteFile(wrong, []byte("not it\n"), 0o600)
	// passphrase too: changing or removing the lock with a wrong one must
	// not even take the writer's lock file.
	for _, args := range [][]string{{"status"}, {"export"}, {"export", "--format", "json"}, {"backup"}, {"passphrase", "--remove", "--yes"}, {"passphrase", "--idle-lock", "5m"}} {
		cmd := strings.Join(args, " ")
		if _, errOut, code := runCLI(t, home, append(args, "--passphrase-file", wrong)...); code != 1 || strings.Count(errOut, "\n") != 1 {
			t.Fatalf("%s with a wrong passphrase: %d %q", cmd, code, errOut)
		}
	}
	after := treeHashes(t, data)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("a wrong passphrase changed files:\nbefore %v\nafter  %v", before, after)
	}
}

func treeHashes(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out[p] = fileHash(t, p)
		}
		return nil
	})
	return out
}

// lockedRows reads entries and drafts of a locked journal through the
// store, as the app does.
func lockedRows(t *testing.T, db string) ([]entryRow, []draftRow) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Unlock([]byte(e2ePassphrase)); err != nil {
		t.Fatal(err)
	}
	wbs, err := st.Workbooks(ctx)
	if err != nil || len(wbs) == 0 {
		t.Fatalf("workbooks: %v", err)
	}
	var es []entryRow
	// Entries in id order, as entries() reads them.
	var all []store.Entry
	if err := st.EachEntry(ctx, wbs[0].ID, "", "", func(e store.Entry) error { all = append(all, e); return nil }); err != nil {
		t.Fatal(err)
	}
	for id := int64(1); len(es) < len(all); id++ {
		for _, e := range all {
			if e.ID == id {
				es = append(es, entryRow{e.StepID, e.PromptID, e.PromptText, e.Body})
			}
		}
	}
	ds, err := st.Drafts(ctx, wbs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []draftRow
	for _, d := range ds {
		out = append(out, draftRow{d.StepID, d.PromptID, d.Body})
	}
	return es, out
}
