package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFileGoneWhileOpen: when the journal is deleted, moved away or
// replaced while open, the next write fails with ErrFileGone instead of
// "saving" into a file the next start will not find; everything saved
// before is copied out into the backups folder, and a replacing file is
// left exactly as it is.
func TestFileGoneWhileOpen(t *testing.T) {
	ways := map[string]func(t *testing.T, p string){
		"deleted":  func(t *testing.T, p string) { os.Remove(p) },
		"moved":    func(t *testing.T, p string) { os.Rename(p, p+".moved") },
		"replaced": func(t *testing.T, p string) { os.Remove(p); os.WriteFile(p, []byte("someone else's file"), 0o600) },
		"replaced by rename": func(t *testing.T, p string) {
			os.WriteFile(p+".new", []byte("someone else's file"), 0o600)
			os.Rename(p+".new", p)
		},
	}
	for name, way := range ways {
		t.Run(name, func(t *testing.T) {
			s, p := openTest(t)
			ctx := context.Background()
			wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Ana", Relationship: "friend", Role: RoleHurt})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: "words saved before"}); err != nil {
				t.Fatal(err)
			}
			way(t, p)
			var before [32]byte
			if b, err := os.ReadFile(p); err == nil {
				before = sha256.Sum256(b)
			}
			err = s.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "s", PromptID: "p", Body: "new words"})
			if !errors.Is(err, ErrFileGone) {
				t.Fatalf("SaveDraft after the file was %s: %v, want ErrFileGone", name, err)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.Contains(msg, "put that copy back as "+p) {
				t.Fatalf("message %q should be one line saying what to do", msg)
			}
			if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: "more"}); !errors.Is(err, ErrFileGone) {
				t.Fatalf("a later write: %v, want ErrFileGone", err)
			}
			if b, err := os.ReadFile(p); err == nil && sha256.Sum256(b) != before {
				t.Fatal("the file now at the path was changed")
			}
			copies, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "backups", "*-rescued.db"))
			if len(copies) != 1 || !strings.Contains(msg, copies[0]) {
				t.Fatalf("rescued copies %v; message %q", copies, msg)
			}
			db, err := sql.Open("sqlite3", "file:"+escapePath(copies[0])+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var body string
			if err := db.QueryRow("SELECT body FROM entries").Scan(&body); err != nil || body != "words saved before" {
				t.Fatalf("rescued copy holds %q, %v", body, err)
			}
		})
	}
}

// TestFileStillThere: renaming the file away and back, touching it, or
// writing the very same bytes back over it is not a loss; writes go on.
// (The bytes' hash that tells a touch from a change is taken at the first
// check, not in Open, where reading the file would delay the first frame.)
func TestFileStillThere(t *testing.T) {
	s, p := openTest(t)
	if err := s.CheckFile(); err != nil {
		t.Fatal(err)
	}
	os.Rename(p, p+".x")
	os.Rename(p+".x", p)
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(p); err != nil || os.WriteFile(p, b, 0o600) != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateWorkbook(context.Background(), Workbook{PartnerName: "A", Relationship: "friend", Role: RoleHurt}); err != nil {
		t.Fatal(err)
	}
}
