package tui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
)

// unlockedHarness is lockedHarness (passphrase "pw", idle lock 10 min)
// after the passphrase was typed.
func unlockedHarness(t *testing.T) (*harness, *gate) {
	t.Helper()
	h, g := lockedHarness(t)
	h.typeText("pw")
	h.key("enter")
	if g.inner == nil {
		t.Fatal("did not unlock")
	}
	return h, g
}

// filesBytes is every file under dir, by name, to see that nothing changed.
func filesBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			out[p] = b
		}
		return nil
	})
	return out
}

func TestSettingsSetsThePassphrase(t *testing.T) {
	dir, st, _, _ := samStore(t)
	// A backup made before the lock, and a recovery file of a failed save.
	if err := os.MkdirAll(filepath.Join(dir, "backups"), 0o700); err != nil {
		t.Fatal(err)
	}
	old, err := store.Open(filepath.Join(dir, "backups", "before.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	rec, err := recovery.Write(dir, recovery.Record{WorkbookID: 999, StepID: "s", PromptID: "p", Body: "unsaved Heron words", SavedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}

	h := newHarness(t, dir, st)
	h.key("s", "tab", "tab", "tab")
	h.mustSee("Passphrase")
	h.mustSee("Enter to set one")
	h.key("enter")
	h.mustSee("There is no back door")
	h.typeText("Xq1")
	h.key("enter")
	h.mustSee("The same again:")
	h.typeText("Zk2")
	h.key("enter")
	h.mustSee("did not match")
	if s := h.screen(); strings.Contains(s, "Xq1") || strings.Contains(s, "Zk2") {
		t.Fatalf("the passphrase is echoed:\n%s", s)
	}
	h.typeText("new words")
	h.key("enter")
	h.typeText("new words")
	h.mustSee("•••••••••")
	// Enter starts the conversion in a Cmd: the screen says so, nothing
	// has changed yet, and the typed passphrase is no longer in the model.
	_, cmd := h.m.Update(keyPress("enter"))
	h.mustSee("Locking your journal…")
	if st.HasPassphrase() {
		t.Fatal("the lock was set on the update loop")
	}
	if o := h.m.settings.lock; o.first != nil || o.again != nil || o.current != nil {
		t.Fatal("the typed passphrase is still in the model")
	}
	h.run(cmd)
	h.mustSee("Backups made before the lock")
	h.mustSee("before.db")
	if !st.HasPassphrase() {
		t.Fatal("no passphrase after it was set in settings")
	}
	h.key("y")
	h.mustSee("Removed")
	if _, err := os.Stat(filepath.Join(dir, "backups", "before.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the plain backup is still there: %v", err)
	}
	for p, b := range filesBytes(t, dir) {
		if bytes.Contains(b, []byte("Sam's")) || bytes.Contains(b, []byte("Heron")) {
			t.Errorf("plain text left in %s", p)
		}
	}
	if _, err := os.Stat(rec); err != nil {
		t.Fatalf("the recovery file is gone: %v", err)
	}
	recs, _ := recovery.ListWith(dir, st)
	if len(recs) != 1 || recs[0].Body != "unsaved Heron words" {
		t.Fatalf("the recovery file does not open sealed: %+v", recs)
	}
	st.Forget()
	if err := st.Unlock([]byte("new words")); err != nil {
		t.Fatal(err)
	}
}

func TestSettingsChangeRefusesAWrongPassphrase(t *testing.T) {
	h, _ := unlockedHarness(t)
	h.key("s", "tab", "tab", "tab")
	h.mustSee("on · change it")
	h.key("enter")
	h.mustSee("Change the passphrase")
	h.mustSee("Your passphrase now:")
	before := filesBytes(t, h.dir)
	h.typeText("wrong")
	h.key("enter")
	h.mustSee("New passphrase:")
	h.typeText("next one")
	h.key("enter")
	h.typeText("next one")
	h.key("enter")
	h.mustSee("That is not the passphrase this journal has now. Nothing was changed")
	after := filesBytes(t, h.dir)
	if len(before) != len(after) {
		t.Fatalf("files changed: %d then %d", len(before), len(after))
	}
	for p, b := range before {
		if !bytes.Equal(b, after[p]) {
			t.Errorf("%s changed after a wrong passphrase", p)
		}
	}
	if err := h.st.Unlock([]byte("next one")); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("the new passphrase opens the journal: %v", err)
	}
	// Again with the right one.
	h.typeText("pw")
	h.key("enter")
	h.typeText("next one")
	h.key("enter")
	h.typeText("next one")
	h.key("enter")
	h.mustSee("The passphrase is changed")
	if err := h.st.Unlock([]byte("pw")); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("the old passphrase still opens the journal: %v", err)
	}
	if err := h.st.Unlock([]byte("next one")); err != nil {
		t.Fatal(err)
	}
}

func TestSettingsRemoveAsksFirst(t *testing.T) {
	h, _ := unlockedHarness(t)
	h.key("s", "tab", "tab", "tab", "right")
	h.mustSee("on · remove it")
	h.key("enter")
	h.mustSee("Remove the passphrase")
	h.mustSee("stored as plain text")
	h.key("n")
	h.mustSee("The passphrase was kept")
	if !h.st.HasPassphrase() {
		t.Fatal("n removed the passphrase")
	}
	h.key("enter", "y")
	h.mustSee("Your passphrase now:")
	h.typeText("pw")
	h.key("enter")
	h.mustSee("your journal is plain text again")
	if h.st.HasPassphrase() {
		t.Fatal("the passphrase is still set")
	}
	raw, err := os.ReadFile(filepath.Join(h.dir, "t.db"))
	if err != nil || !bytes.Contains(raw, []byte("a private line")) {
		t.Fatalf("the journal is not plain after removing the lock: %v", err)
	}
}

func TestSettingsIdleLockTime(t *testing.T) {
	h, g := unlockedHarness(t)
	h.key("s", "tab", "tab", "tab", "tab")
	h.mustSee("Lock when idle")
	h.mustSee("‹ 10 min ›")
	h.key("right", "enter")
	if d := h.st.IdleLock(); d != 30*time.Minute {
		t.Fatalf("idle lock %v after choosing 30 min", d)
	}
	h.key("s", "tab", "tab", "tab", "tab", "left", "left", "left")
	h.mustSee("‹ off ›")
	h.key("enter")
	if d := h.st.IdleLock(); d != 0 {
		t.Fatalf("idle lock %v after choosing off", d)
	}
	h.ticks = nil
	h.now = h.now.Add(time.Hour)
	h.fire()
	if g.inner == nil {
		t.Fatal("locked with the idle lock off")
	}
	// Turned on again, it locks this session after 5 minutes.
	h.key("s", "tab", "tab", "tab", "tab", "right", "enter")
	if d := h.st.IdleLock(); d != 5*time.Minute {
		t.Fatalf("idle lock %v after choosing 5 min", d)
	}
	h.now = h.now.Add(6 * time.Minute)
	h.fire()
	h.fire()
	if g.inner != nil {
		t.Fatal("not locked 6 minutes after choosing a 5 minute idle lock")
	}
	h.mustSee("Your journal is locked")
}
