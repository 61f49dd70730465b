package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/store"
)

// TestJournalDeletedWhileOpen: deleting the journal file while the app is
// open is noticed by the periodic check and said plainly; writing goes on
// into a recovery file, never "draft kept ✓" into the nameless file; and on
// quit the app reports where everything saved before was copied.
func TestJournalDeletedWhileOpen(t *testing.T) {
	h := draftKept(t, "before")
	if err := os.Remove(filepath.Join(h.dir, "t.db")); err != nil {
		t.Fatal(err)
	}
	h.send(fileCheckMsg{})
	h.mustSee("Your journal file was moved, deleted or replaced")
	h.typeText(" and after")
	h.fire()
	if strings.Contains(h.screen(), "kept ✓") || strings.Contains(h.screen(), "journal ✓") {
		t.Fatalf("says saved into a deleted file:\n%s", h.screen())
	}
	recs, _ := filepath.Glob(filepath.Join(h.dir, "*recover*"))
	found := false
	for _, r := range recs {
		filepath.WalkDir(r, func(p string, d os.DirEntry, err error) error {
			if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), "before and after") {
				found = true
			}
			return nil
		})
	}
	if !found {
		t.Fatalf("the words are in no recovery file (found %v)", recs)
	}
	if err := h.m.Err(); !errors.Is(err, store.ErrFileGone) || !strings.Contains(err.Error(), "rescued.db") {
		t.Fatalf("Err() = %v, want the store's message naming the rescued copy", err)
	}
	// The store's message once, and no internal operation names.
	if msg := h.m.Err().Error(); strings.Count(msg, "while trustwork had it open") != 1 || strings.Contains(msg, "SaveDraft") {
		t.Fatalf("Err() = %q, want the store's message once", msg)
	}
}

// TestJournalDeletedNoticeFits: when a save is the first to find the
// journal file gone (before the periodic check), the status line still
// says where the words are: the store's long message (rescued copy, what
// to do) used to fill the line, and the recovery folder was cut off.
func TestJournalDeletedNoticeFits(t *testing.T) {
	h := draftKept(t, "before")
	if err := os.Remove(filepath.Join(h.dir, "t.db")); err != nil {
		t.Fatal(err)
	}
	h.typeText(" and after")
	h.fire()
	h.mustSee("Your words are safe in")
	if strings.Contains(h.screen(), "rescued") {
		t.Fatalf("the status line carries the store's whole message:\n%s", h.screen())
	}
}

// TestJournalDeletedWithWordsNowhere: when the journal file is gone and
// the words on screen could not go to a recovery file either, the file
// check must not tell the person to quit to find a copy: the words on
// screen are the only copy.
func TestJournalDeletedWithWordsNowhere(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	if err := os.WriteFile(filepath.Join(h.dir, "recovery"), nil, 0o600); err != nil {
		t.Fatal(err) // a file where the recovery folder should be
	}
	if err := os.Remove(filepath.Join(h.dir, "t.db")); err != nil {
		t.Fatal(err)
	}
	h.typeText("only here")
	h.fire()
	h.send(fileCheckMsg{})
	s := h.screen()
	if strings.Contains(s, "Quit (ctrl+c)") || !strings.Contains(s, "keep this window open") {
		t.Fatalf("the notice sends the person away from their only copy:\n%s", s)
	}
}

// TestJournalOverwrittenWhileOpen: another program writing over the open
// journal in place is said as such, without pointing to a rescued copy
// (none is made of a mixed file), and the words go to a recovery file.
func TestJournalOverwrittenWhileOpen(t *testing.T) {
	h := draftKept(t, "before")
	if err := os.WriteFile(filepath.Join(h.dir, "t.db"), []byte("someone else's bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.send(fileCheckMsg{})
	h.mustSee("Your journal file was overwritten by another program")
	if strings.Contains(h.screen(), "where a copy is") {
		t.Fatalf("points to a copy that is not made:\n%s", h.screen())
	}
	h.typeText(" and after")
	h.fire()
	if strings.Contains(h.screen(), "kept ✓") || strings.Contains(h.screen(), "journal ✓") {
		t.Fatalf("says saved into an overwritten file:\n%s", h.screen())
	}
	if err := h.m.Err(); !errors.Is(err, store.ErrFileOverwritten) || strings.Contains(err.Error(), "rescued") {
		t.Fatalf("Err() = %v, want the store's overwritten message", err)
	}
}

// draftKept starts the app, opens the editor and autosaves text.
func draftKept(t *testing.T, text string) *harness {
	t.Helper()
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText(text)
	h.fire()
	h.mustSee("draft kept ✓")
	return h
}
