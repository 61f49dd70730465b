package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/trustwork/trustwork/internal/seal"
)

func init() {
	// The cheapest cost seal accepts: these tests unlock many times.
	kdfParams = seal.Params{MemoryKiB: 7 * 1024, Time: 1, Threads: 1}
}

// convertEnv makes the re-executed test binary turn the lock on for the
// database named by its value, printing "batch" after each batch of rows
// and pausing there until the parent kills it.
const convertEnv = "TRUSTWORK_STORE_TEST_CONVERT"

// secretPhrase appears only in private fields; it must never be found in
// the raw bytes of a locked journal's files.
const secretPhrase = "Zebra-lantern-4471"

// fillJournal writes a workbook, n entries, a draft and progress, every
// private field carrying secretPhrase.
func fillJournal(t *testing.T, s *Store, n int) Workbook {
	t.Helper()
	ctx := context.Background()
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam " + secretPhrase, Relationship: "partner " + secretPhrase, Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: fmt.Sprintf("p%d", i%3),
			PromptText: "What happened, " + secretPhrase + "?", Body: fmt.Sprintf("entry %d: %s and more words", i, secretPhrase)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "admit", PromptID: "q1", PromptText: "Q " + secretPhrase,
		Body: "draft " + secretPhrase, Cursor: 3}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, wb.ID, "admit", Done); err != nil {
		t.Fatal(err)
	}
	return wb
}

// rawContains reports which files under dir hold phrase in their bytes.
func rawContains(t *testing.T, dir, phrase string) []string {
	t.Helper()
	var hits []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && bytes.Contains(b, []byte(phrase)) {
			hits = append(hits, p)
		}
		return nil
	})
	return hits
}

func TestLockOnSealsEveryPrivateFieldAndLeavesNoPlainText(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	dir := filepath.Dir(path)
	wb := fillJournal(t, s, 40)
	// Delete one entry first: its words sit in a free page until scrubbed.
	if err := s.DeleteEntry(ctx, wb.ID, 1); err != nil {
		t.Fatal(err)
	}
	if len(rawContains(t, dir, secretPhrase)) == 0 {
		t.Fatal("test is broken: the plain journal does not hold the phrase")
	}
	if err := s.SetPassphrase(ctx, []byte("a long passphrase")); err != nil {
		t.Fatal(err)
	}
	if hits := rawContains(t, dir, secretPhrase); len(hits) > 0 {
		t.Fatalf("plain text left after the lock went on, in %v", hits)
	}
	// Still readable through the same Store, filter included.
	n, err := s.CountEntries(ctx, wb.ID, "zebra-LANTERN")
	if err != nil || n != 39 {
		t.Fatalf("filter while unlocked: %d, %v", n, err)
	}
	if hits := rawContains(t, dir, secretPhrase); len(hits) > 0 {
		t.Fatalf("filtering wrote plain text to %v", hits)
	}
	s.Close()

	s2, err := Open(path, Options{Now: fixedNow()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if !s2.HasPassphrase() || !s2.Locked() {
		t.Fatal("reopened journal is not locked")
	}
	if _, err := s2.Workbooks(ctx); !errors.Is(err, ErrJournalLocked) && !strings.Contains(fmt.Sprint(err), ErrJournalLocked.Error()) {
		t.Fatalf("read while locked: %v", err)
	}
	if err := s2.SaveResume(ctx, wb.ID, Resume{Screen: "home"}); !errors.Is(err, ErrJournalLocked) {
		t.Fatalf("write while locked: %v", err)
	}
	if err := s2.Unlock([]byte("a long passphrasE")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if err := s2.Unlock([]byte("a long passphrase")); err != nil {
		t.Fatal(err)
	}
	wbs, err := s2.Workbooks(ctx)
	if err != nil || wbs[0].PartnerName != "Sam "+secretPhrase || wbs[0].Relationship != "partner "+secretPhrase {
		t.Fatalf("workbook after unlock: %+v, %v", wbs, err)
	}
	e, err := s2.Entry(ctx, wb.ID, 2)
	if err != nil || e.Body != "entry 1: "+secretPhrase+" and more words" || !strings.Contains(e.PromptText, secretPhrase) {
		t.Fatalf("entry after unlock: %+v, %v", e, err)
	}
	list, err := s2.ListEntries(ctx, wb.ID, "entry 7:", 10, 0)
	if err != nil || len(list) != 1 || list[0].Size != len(e.Body) || !strings.HasPrefix(list[0].Preview, "entry 7: ") {
		t.Fatalf("filtered list: %+v, %v", list, err)
	}
	d, ok, err := s2.Draft(ctx, wb.ID, "admit", "q1", 0)
	if err != nil || !ok || d.Body != "draft "+secretPhrase || d.Cursor != 3 {
		t.Fatalf("draft: %+v %v %v", d, ok, err)
	}
	// New writes are sealed too.
	if _, err := s2.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", Body: "new " + secretPhrase}); err != nil {
		t.Fatal(err)
	}
	if err := s2.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "s", PromptID: "p", Body: "d2 " + secretPhrase}); err != nil {
		t.Fatal(err)
	}
	if hits := rawContains(t, dir, secretPhrase); len(hits) > 0 {
		t.Fatalf("a sealed journal's new writes are plain in %v", hits)
	}

	// Forget drops the key: reads fail again until Unlock.
	s2.Forget()
	if _, err := s2.Entry(ctx, wb.ID, 2); err == nil {
		t.Fatal("read after Forget succeeded")
	}
	if err := s2.Unlock([]byte("a long passphrase")); err != nil {
		t.Fatal(err)
	}

	// Change: old passphrase stops working, nothing else rewritten.
	before := rawEntryBody(t, path, 2)
	if err := s2.SetPassphrase(ctx, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if after := rawEntryBody(t, path, 2); after != before {
		t.Fatal("changing the passphrase rewrote an entry")
	}
	s2.Forget()
	if err := s2.Unlock([]byte("a long passphrase")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase after change: %v", err)
	}
	if err := s2.Unlock([]byte("second")); err != nil {
		t.Fatal(err)
	}

	// Off: the mirror image.
	if err := s2.RemovePassphrase(ctx); err != nil {
		t.Fatal(err)
	}
	if s2.HasPassphrase() {
		t.Fatal("still has a passphrase")
	}
	if got := rawEntryBody(t, path, 2); got != "entry 1: "+secretPhrase+" and more words" {
		t.Fatalf("after removing the lock the stored body is %q", got)
	}
	if n, err := s2.CountEntries(ctx, wb.ID, secretPhrase); err != nil || n != 40 {
		t.Fatalf("filter after unlock-off: %d %v", n, err)
	}
}

func rawEntryBody(t *testing.T, path string, id int64) string {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	var b string
	if err := db.QueryRow(`SELECT body FROM entries WHERE id = ?`, id).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWrongPassphraseChangesNoFile(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	fillJournal(t, s, 5)
	if err := s.SetPassphrase(ctx, []byte("right")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	dir := filepath.Dir(path)
	before := snapshot(t, dir, false)
	for _, ro := range []bool{false, true} {
		s, err := Open(path, Options{ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"wrong", "", "righ", "right "} {
			if err := s.Unlock([]byte(p)); !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("Unlock(%q) = %v", p, err)
			}
		}
		// What the app would try to write on the way out is refused.
		if err := s.SaveResume(ctx, 1, Resume{Screen: "home"}); err == nil {
			t.Fatal("a locked store wrote")
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
		t.Fatalf("a wrong passphrase changed files:\n%s", d)
	}
}

// A sealed value copied to another row, or changed by one byte, must fail
// to open rather than show the wrong words.
func TestSealedValuesAreBoundToTheirRow(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		tamper string
		read   func(*Store, Workbook) error
	}{
		{"entry body moved to another entry", `UPDATE entries SET body = (SELECT body FROM entries WHERE id = 1) WHERE id = 2`,
			func(s *Store, wb Workbook) error { _, err := s.Entry(ctx, wb.ID, 2); return err }},
		{"prompt text moved into body", `UPDATE entries SET body = prompt_text WHERE id = 2`,
			func(s *Store, wb Workbook) error { _, err := s.Entry(ctx, wb.ID, 2); return err }},
		{"draft moved to another prompt", `UPDATE drafts SET prompt_id = 'q2'`,
			func(s *Store, wb Workbook) error { _, err := s.Drafts(ctx, wb.ID); return err }},
		{"one character changed", `UPDATE entries SET body = substr(body, 1, 20) || (CASE substr(body, 21, 1) WHEN 'A' THEN 'B' ELSE 'A' END) || substr(body, 22) WHERE id = 3`,
			func(s *Store, wb Workbook) error { _, err := s.ListEntries(ctx, wb.ID, "", 0, 0); return err }},
		{"plain text put in place of a sealed value", `UPDATE workbooks SET partner_name = 'Mallory'`,
			func(s *Store, wb Workbook) error { _, err := s.Workbooks(ctx); return err }},
		{"sealed value moved to another table", `UPDATE workbooks SET partner_name = (SELECT body FROM entries WHERE id = 1)`,
			func(s *Store, wb Workbook) error { _, err := s.Workbooks(ctx); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, path := openTest(t)
			wb := fillJournal(t, s, 3)
			if err := s.SetPassphrase(ctx, []byte("pw")); err != nil {
				t.Fatal(err)
			}
			if err := tt.read(s, wb); err != nil {
				t.Fatalf("before tampering: %v", err)
			}
			db := rawDB(t, path)
			if _, err := db.Exec(tt.tamper); err != nil {
				t.Fatal(err)
			}
			db.Close()
			err := tt.read(s, wb)
			if err == nil || !strings.Contains(err.Error(), seal.ErrDamaged.Error()) {
				t.Fatalf("after tampering: %v", err)
			}
		})
	}
}

func TestPlainBackupsAreListed(t *testing.T) {
	s, plain, _ := plainThenSealedBackups(t)
	got, err := s.PlainBackups("")
	if err != nil || len(got) != 1 || got[0] != plain {
		t.Fatalf("PlainBackups = %v, %v; want [%s]", got, err, plain)
	}
}

// TestConvertKilled kills a process at every stage of turning the lock on
// (after each batch of rows, and just before the commit) and checks the
// journal then opens either all plain or all sealed.
func TestConvertKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	s, err := Open(src, Options{Now: fixedNow()})
	if err != nil {
		t.Fatal(err)
	}
	wb := fillJournal(t, s, 3*convertBatch+10)
	s.Close()
	srcBytes, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	// The child stops at its k-th hook call (one per batch of rows: 1 of
	// workbooks, 4 of entries, 1 of drafts, one just before the commit,
	// one after it, before the old text is cleared, 8 in all) or, for
	// k = 9, after SetPassphrase returned; then it is killed. Every stage
	// must leave one mode or the other, and a sealed journal no plain text
	// once a writer has opened it.
	seen := map[bool]int{}
	for k := 1; k <= 9; k++ {
		t.Run(fmt.Sprintf("after %d batches", k), func(t *testing.T) {
			sub := filepath.Join(t.TempDir(), "j.db")
			if err := os.WriteFile(sub, srcBytes, 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s\n%d", convertEnv, sub, k))
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			var lines []string
			for sc.Scan() {
				lines = append(lines, sc.Text())
				if sc.Text() == "stop" || strings.HasPrefix(sc.Text(), "error") {
					break
				}
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			if len(lines) == 0 || lines[len(lines)-1] != "stop" {
				t.Fatalf("child said %q", lines)
			}
			seen[checkAllOrNothing(t, sub, wb, 3*convertBatch+10)]++
		})
	}
	if seen[false] != 7 || seen[true] != 2 {
		t.Fatalf("kills left %d plain and %d sealed journals, want 7 and 2", seen[false], seen[true])
	}
}

// convertChild is the re-executed side of TestConvertKilled.
func convertChild(v string) {
	path, k, _ := strings.Cut(v, "\n")
	var stop int
	fmt.Sscan(k, &stop)
	n := 0
	convertHook = func() {
		n++
		if n == stop {
			fmt.Println("stop")
			select {} // until SIGKILL
		}
	}
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	if err := s.SetPassphrase(context.Background(), []byte("pw")); err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	fmt.Println("stop")
	select {}
}

func checkAllOrNothing(t *testing.T, path string, wb Workbook, entries int) (sealed bool) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("journal does not open after the kill: %v", err)
	}
	defer s.Close()
	sealed = s.HasPassphrase()
	if sealed {
		if err := s.Unlock([]byte("pw")); err != nil {
			t.Fatal(err)
		}
	}
	// Every row reads back through the codec (a mix would fail here) ...
	n, err := s.CountEntries(ctx, wb.ID, secretPhrase)
	if err != nil || n != entries {
		t.Fatalf("sealed=%v: %d entries match, err %v", sealed, n, err)
	}
	if _, err := s.Drafts(ctx, wb.ID); err != nil {
		t.Fatal(err)
	}
	// ... and the raw bytes agree with the mode.
	db := rawDB(t, path)
	defer db.Close()
	var plainRows int
	db.QueryRow(`SELECT count(*) FROM entries WHERE body LIKE '%' || ? || '%'`, secretPhrase).Scan(&plainRows)
	if sealed && plainRows != 0 || !sealed && plainRows != entries {
		t.Fatalf("sealed=%v but %d of %d rows are plain", sealed, plainRows, entries)
	}
	if hits := rawContains(t, filepath.Dir(path), secretPhrase); sealed && len(hits) > 0 {
		t.Fatalf("sealed, but plain text is left in %v", hits)
	}
	return sealed
}

// ReadOnlyIfLocked opens a plain journal for writing and a locked one
// read-only: no writer lock taken (another writer may open it), nothing
// written, and a wrong passphrase changes no file.
func TestReadOnlyIfLocked(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	fillJournal(t, s, 3)
	s.Close()

	plain, err := Open(path, Options{ReadOnlyIfLocked: true})
	if err != nil {
		t.Fatal(err)
	}
	if plain.ReadOnly() || plain.HasPassphrase() {
		t.Fatalf("plain journal: ReadOnly %v, HasPassphrase %v; want a writer", plain.ReadOnly(), plain.HasPassphrase())
	}
	if err := plain.SaveResume(ctx, 1, Resume{Screen: "home"}); err != nil {
		t.Fatalf("writing to the plain journal: %v", err)
	}
	if _, err := Open(path, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("a second writer beside it: %v, want ErrLocked (the writer lock is held)", err)
	}
	if err := plain.SetPassphrase(ctx, []byte("right")); err != nil {
		t.Fatal(err)
	}
	plain.Close()

	dir := filepath.Dir(path)
	before := snapshot(t, dir, false)
	locked, err := Open(path, Options{ReadOnlyIfLocked: true})
	if err != nil {
		t.Fatal(err)
	}
	if !locked.ReadOnly() || !locked.HasPassphrase() {
		t.Fatalf("locked journal: ReadOnly %v, HasPassphrase %v; want read-only", locked.ReadOnly(), locked.HasPassphrase())
	}
	w, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("a writer beside the locked journal opened read-only: %v", err)
	}
	w.Close()
	if err := locked.Unlock([]byte("wrong")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Unlock(wrong) = %v", err)
	}
	if err := locked.Close(); err != nil {
		t.Fatal(err)
	}
	if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
		t.Fatalf("opening the locked journal with a wrong passphrase changed files:\n%s", d)
	}
}
