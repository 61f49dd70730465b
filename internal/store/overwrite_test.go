package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestFileOverwrittenInPlace: another program writing over the open
// journal in place (same inode: cp onto it, cat >, dd conv=notrunc) is
// noticed. SQLite would go on appending to a WAL whose pages no longer fit
// the file, and the next checkpoint would mix them into it, so what was
// "saved" is lost. The next write fails with ErrFileGone, no copy of the
// mixed file is "rescued" as if it were good, and neither a later write
// nor Close changes the file or removes the -wal.
func TestFileOverwrittenInPlace(t *testing.T) {
	ways := map[string]func(t *testing.T, p string, older []byte){
		"older copy put back (cp)": func(t *testing.T, p string, older []byte) {
			if err := os.WriteFile(p, older, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"another journal (cat >)": func(t *testing.T, p string, _ []byte) {
			o, _ := openTest(t)
			o.Close()
			b, err := os.ReadFile(o.abs)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"one page changed (dd conv=notrunc)": func(t *testing.T, p string, _ []byte) {
			f, err := os.OpenFile(p, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt([]byte(strings.Repeat("x", 4096)), 4096); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, way := range ways {
		t.Run(name, func(t *testing.T) {
			s, p := openTest(t)
			ctx := context.Background()
			older, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Ana", Relationship: "friend", Role: RoleHurt})
			if err != nil {
				t.Fatal(err)
			}
			// Enough writes that trustwork checkpoints at least once, so
			// the file differs from the older copy.
			for i := 0; i < 3*checkpointEvery; i++ {
				if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: fmt.Sprint("words ", i)}); err != nil {
					t.Fatal(err)
				}
			}
			way(t, p, older)
			st, _ := os.Stat(p)
			before, _ := os.ReadFile(p)
			err = s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "s", PromptID: "p", Body: "new words"})
			if !errors.Is(err, ErrFileGone) {
				t.Fatalf("SaveDraft after the file was overwritten: %v, want ErrFileGone", err)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.Contains(msg, "overwritten by another program") || strings.Contains(msg, "put that copy back") {
				t.Fatalf("message %q should be one line saying the file was overwritten, and not ask to copy it anywhere", msg)
			}
			if err := s.CheckFile(); !errors.Is(err, ErrFileGone) {
				t.Fatalf("CheckFile after: %v", err)
			}
			if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: "more"}); !errors.Is(err, ErrFileGone) {
				t.Fatalf("a later write: %v, want ErrFileGone", err)
			}
			if copies, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "backups", "*-rescued.db")); len(copies) != 0 {
				t.Fatalf("a mixed file was copied out as if it were good: %v", copies)
			}
			if err := s.Close(); err != nil {
				t.Logf("Close: %v", err)
			}
			after, _ := os.ReadFile(p)
			if sha256.Sum256(after) != sha256.Sum256(before) {
				t.Fatal("the overwritten file was changed after trustwork noticed (a checkpoint mixed the WAL into it)")
			}
			if st2, _ := os.Stat(p); st2.ModTime() != st.ModTime() {
				t.Fatal("the overwritten file was written to after trustwork noticed")
			}
			// The WAL holds what was saved since the last checkpoint: kept
			// for an expert, away from the file, so the next start does
			// not mix it in.
			wals, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "backups", "*-overwritten.db-wal"))
			if len(wals) != 1 || !strings.Contains(msg, wals[0]) {
				t.Fatalf("kept WAL files %v; message %q", wals, msg)
			}
			if w, err := os.Stat(wals[0]); err != nil || w.Size() == 0 {
				t.Fatalf("the kept WAL is empty: %v", err)
			}
			if _, err := os.Stat(p + "-wal"); err == nil {
				t.Fatal("a -wal is left beside the overwritten file, for the next start to mix in")
			}
		})
	}
}

// TestOwnWritesNeverTrip: thousands of our own writes, with the
// checkpoints they bring, a passphrase turned on (checkpoint, VACUUM) and
// backups, while another goroutine checks the file as fast as it can and
// a third reads, never look like another program overwriting the file.
func TestOwnWritesNeverTrip(t *testing.T) {
	s, p := openTest(t)
	ctx := context.Background()
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Ana", Relationship: "friend", Role: RoleHurt})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	// hammer runs f until done or its first error, which it keeps.
	hammer := func(f func() error) *error {
		var first error
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				if first = f(); first != nil {
					return
				}
			}
		}()
		return &first
	}
	checkErr := hammer(s.CheckFile)
	readErr := hammer(func() error {
		if _, err := s.ListEntries(ctx, wb.ID, "", 20, 0); err != nil && !errors.Is(err, ErrJournalLocked) {
			return err
		}
		return nil
	})
	const n = 2000
	for i := 0; i < n; i++ {
		var err error
		switch {
		case i == n/2:
			err = s.SetPassphrase(ctx, []byte("a long enough passphrase"))
		case i%500 == 7:
			_, err = s.BackupToFolder(ctx, filepath.Join(filepath.Dir(p), "backups"))
		case i%3 == 0:
			_, err = s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: strings.Repeat("word ", i%200)})
		default:
			err = s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "s", PromptID: fmt.Sprint("p", i%5), Body: strings.Repeat("draft ", i%300)})
		}
		if err != nil {
			close(done)
			wg.Wait()
			t.Fatalf("write %d: %v", i, err)
		}
	}
	close(done)
	wg.Wait()
	if *checkErr != nil || *readErr != nil {
		t.Fatalf("concurrent check: %v; read: %v", *checkErr, *readErr)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(p, Options{})
	if err != nil {
		t.Fatalf("the journal after: %v", err)
	}
	if err := again.Verify(); err != nil {
		t.Fatalf("the journal after: %v", err)
	}
	again.Close()
}
