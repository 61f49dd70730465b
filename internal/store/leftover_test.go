package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLeftoverTempNameRemoved: a first run killed between linking the new
// file into place and removing its temporary name leaves the journal with
// two names. That second name is ours: the next start removes it and opens
// the journal, with its data.
func TestLeftoverTempNameRemoved(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "journal.db")
	makeTrustworkDB(t, p, 3)
	tmp := filepath.Join(dir, ".journal.db.new-4194304")
	if err := os.Link(p, tmp); err != nil {
		t.Fatal(err)
	}
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatalf("Open after a killed first run: %v", err)
	}
	defer s.Close()
	if _, err := os.Lstat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("leftover name still there: %v", err)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(p, &st); err != nil || st.Nlink != 1 {
		t.Fatalf("links = %d, %v", st.Nlink, err)
	}
	if n, err := s.CountEntries(t.Context(), 1, ""); err != nil || n != 3 {
		t.Fatalf("entries = %d, %v", n, err)
	}
}

// TestOtherSecondNameStillRefused: a second name that is not our temporary
// (or one beside an extra hard link) is left alone and refused as before.
func TestOtherSecondNameStillRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "journal.db")
	makeTrustworkDB(t, p, 1)
	os.Link(p, filepath.Join(dir, ".journal.db.new-77"))
	os.Link(p, filepath.Join(dir, "mine.db"))
	before := snapshot(t, dir, false)
	_, err := Open(p, Options{})
	if !errors.Is(err, ErrUnusable) || !strings.Contains(err.Error(), "hard links") {
		t.Fatalf("Open = %v, want the hard-links refusal", err)
	}
	if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
		t.Fatalf("refused open changed files:\n%s", d)
	}
}
