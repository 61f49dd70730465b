package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
)

// lockedHarness starts the TUI on a journal locked with "pw" and an idle
// lock of ten minutes; it shows the unlock screen.
func lockedHarness(t *testing.T) (*harness, *gate) {
	t.Helper()
	dir := t.TempDir()
	st := openStore(t, dir)
	wb, err := st.CreateWorkbook(bg(), store.Workbook{PartnerName: "Robin", Relationship: "partner", Role: store.RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddEntry(bg(), store.Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "p", Body: "a private line"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPassphrase(bg(), []byte("pw")); err != nil {
		t.Fatal(err)
	}
	if err := st.SetIdleLock(bg(), 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	h := &harness{t: t, st: st, dir: dir, book: loadBook(t), now: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	tm, err := New(Config{Store: st, Book: h.book, DataDir: dir, DBPath: filepath.Join(dir, "t.db"),
		Now: func() time.Time { return h.now }, Editor: "true"})
	if err != nil {
		t.Fatal(err)
	}
	g, ok := tm.(*gate)
	if !ok {
		t.Fatalf("a locked journal starts with %T, not the unlock screen", tm)
	}
	g.after = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		h.ticks = append(h.ticks, msg)
		return nil
	}
	h.root = g
	h.run(g.Init())
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return h, g
}

// unlockToEditor types the passphrase and opens the editor on the second
// step's first prompt.
func unlockToEditor(h *harness, g *gate) {
	h.t.Helper()
	h.typeText("pw")
	h.key("enter")
	st := h.book.Steps[1]
	h.run(g.inner.openEditor(editorTarget{stepID: st.ID, promptID: st.Prompts[0].ID, promptText: st.Prompts[0].Text, returnTo: scrStep}))
}

func TestUnlockScreen(t *testing.T) {
	h, g := lockedHarness(t)
	h.mustSee("Your journal is locked")
	if s := h.screen(); strings.Contains(s, "Robin") || strings.Contains(s, "pw") {
		t.Fatalf("the unlock screen shows something personal:\n%s", s)
	}
	h.typeText("wrong")
	if strings.Contains(h.screen(), "wrong") {
		t.Fatal("the passphrase is echoed")
	}
	h.mustSee("•••••")
	h.key("enter")
	h.mustSee("does not open this journal")
	if g.inner != nil || !h.st.Locked() {
		t.Fatal("a wrong passphrase opened the journal")
	}
	// ctrl+x hides even the unlock screen; any key brings it back.
	h.key("ctrl+x")
	h.mustSee("Nothing here yet.")
	h.key("a")
	h.mustSee("Your journal is locked")

	h.typeText("pw")
	h.key("enter")
	if g.inner == nil {
		t.Fatalf("the right passphrase did not open the journal:\n%s", h.screen())
	}
	h.mustSee("Robin")
}

// TestUnlockKeepsTheMemoryLimit: the unlock lifts the soft memory limit
// for Argon2id (see gate.key) and puts it back, wrong passphrase or right.
func TestUnlockKeepsTheMemoryLimit(t *testing.T) {
	const limit = 24 << 20
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	h, g := lockedHarness(t)
	h.typeText("wrong")
	h.key("enter")
	h.mustSee("does not open this journal")
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Fatalf("after a wrong passphrase the memory limit is %d, want %d", got, limit)
	}
	h.typeText("pw")
	h.key("enter")
	if g.inner == nil {
		t.Fatal("the right passphrase did not open the journal")
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Fatalf("after unlocking the memory limit is %d, want %d", got, limit)
	}
}

func TestIdleLock(t *testing.T) {
	h, g := lockedHarness(t)
	h.typeText("pw")
	h.key("enter")
	if g.inner == nil {
		t.Fatal("not unlocked")
	}
	// Activity keeps it open.
	h.now = h.now.Add(9 * time.Minute)
	h.key("down")
	h.now = h.now.Add(9 * time.Minute)
	h.fire()
	if g.inner == nil {
		t.Fatal("locked although a key was pressed 9 minutes ago")
	}
	h.now = h.now.Add(2 * time.Minute)
	h.fire()
	if g.inner != nil || !h.st.Locked() {
		t.Fatal("not locked after 11 idle minutes")
	}
	h.mustSee("Locked after a quiet while")
	if strings.Contains(h.screen(), "Robin") {
		t.Fatal("the locked screen still shows the workbook")
	}
	h.typeText("pw")
	h.key("enter")
	h.mustSee("Robin")
}

// With the lock on, ctrl+e first says the editor will see a plain file;
// only a second ctrl+e hands the text over.
func TestExternalEditorWarnsWhenLocked(t *testing.T) {
	h, g := lockedHarness(t)
	unlockToEditor(h, g)
	h.typeText("hello")
	h.key("ctrl+e")
	if h.execs != 0 {
		t.Fatal("the editor opened without a warning")
	}
	h.mustSee("plain file")
	h.key("ctrl+e")
	if h.execs != 1 {
		t.Fatalf("the second ctrl+e did not open the editor (%d)", h.execs)
	}
	// Back from the editor, the warning about it is over.
	hd := editorWrites(t, h.dir, "hello, edited")
	h.send(externalDoneMsg{session: g.inner.edit.session, handoff: hd, text: "hello, edited"})
	h.mustSee("hello, edited")
	if strings.Contains(h.screen(), "plain file") {
		t.Fatalf("the warning outlives the editor:\n%s", h.screen())
	}
}

// The idle lock waits while $EDITOR has the text: locking then would drop
// the words the editor hands back.
func TestIdleLockWaitsForTheExternalEditor(t *testing.T) {
	h, g := lockedHarness(t)
	unlockToEditor(h, g)
	h.key("ctrl+e", "ctrl+e")
	if h.execs != 1 {
		t.Fatalf("editor not opened (%d)", h.execs)
	}
	h.now = h.now.Add(30 * time.Minute)
	h.fire()
	if g.inner == nil {
		t.Fatal("locked while the external editor was open")
	}
	// What the editor does: write into the handoff file it was given, which
	// the message that it exited then carries back.
	hd := editorWrites(t, h.dir, "words from the editor")
	h.send(externalDoneMsg{session: g.inner.edit.session, handoff: hd, text: "words from the editor"})
	h.mustSee("words from the editor")
	h.now = h.now.Add(11 * time.Minute)
	h.fire()
	h.fire()
	if g.inner != nil {
		t.Fatal("not locked 11 minutes after the editor closed")
	}
	// The editor's words were saved before the lock and come back.
	h.typeText("pw")
	h.key("enter")
	h.mustSee("words from the editor")
	if left, _ := recovery.Orphans(h.dir); len(left) != 0 {
		t.Fatalf("%d editor files left after the text was saved", len(left))
	}
}

// editorWrites plays the external editor: it writes text into the one
// handoff file the app handed over and returns that handoff.
func editorWrites(t *testing.T, dir, text string) recovery.Handoff {
	t.Helper()
	hs, err := recovery.Orphans(dir)
	if err != nil || len(hs) != 1 {
		t.Fatalf("want one handoff file, have %d (%v)", len(hs), err)
	}
	if err := os.WriteFile(hs[0].Path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return hs[0]
}

func TestFirstRunOffersTheLock(t *testing.T) {
	h := newHarness(t, "", nil)
	h.mustSee("p to lock it with a passphrase")
	// Offered, then skipped with Enter: nothing changes.
	h.key("p")
	h.mustSee("There is no back door")
	h.key("enter")
	h.mustSee("Press Enter to continue")
	if h.st.HasPassphrase() {
		t.Fatal("skipping the offer set a passphrase")
	}
	h.key("p")
	h.typeText("Xq1")
	h.key("enter")
	h.mustSee("The same again:")
	h.typeText("Zk2")
	h.key("enter")
	h.mustSee("did not match")
	if strings.Contains(h.screen(), "Xq1") || strings.Contains(h.screen(), "Zk2") {
		t.Fatalf("the passphrase is echoed:\n%s", h.screen())
	}
	h.typeText("quiet words")
	h.key("enter")
	h.typeText("quiet words")
	h.key("enter")
	h.mustSee("Your journal is locked")
	if !h.st.HasPassphrase() {
		t.Fatal("no passphrase after the offer was accepted")
	}
	h.key("enter", "enter", "enter")
	wb := h.workbook()
	raw, err := os.ReadFile(filepath.Join(h.dir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	if wb.PartnerName == "" || bytes.Contains(raw, []byte(wb.PartnerName)) {
		t.Fatalf("the partner name %q is plain in the file", wb.PartnerName)
	}
	h.st.Forget()
	if err := h.st.Unlock([]byte("quiet words")); err != nil {
		t.Fatal(err)
	}
}

// SIGTERM or a closed terminal on the unlock screen stops the app: there is
// nothing open to flush, and nothing may keep it waiting for a passphrase.
func TestSignalOnTheUnlockScreenQuits(t *testing.T) {
	h, _ := lockedHarness(t)
	h.typeText("p")
	h.send(signalMsg{sig: syscall.SIGTERM})
	if !h.quit {
		t.Fatal("a signal on the unlock screen did not stop the app")
	}
}

// Words no save could keep hold the idle lock back; once the disk takes
// them again, the lock still comes, without a key being pressed: the idle
// check tries the save again instead of waiting for the next change.
func TestIdleLockComesOnceTheDiskTakesTheWordsAgain(t *testing.T) {
	h, g := lockedHarness(t)
	unlockToEditor(h, g)
	// Neither the database nor a recovery file can take the words.
	blocker := filepath.Join(h.dir, recovery.Dir)
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	failDraftSaves(h.st)
	h.typeText("held words")
	h.fire()
	h.mustSee("Not saved")
	h.now = h.now.Add(11 * time.Minute)
	h.fire()
	if g.inner == nil {
		t.Fatal("locked while the words were in no durable place")
	}
	h.st.SetFault(nil)
	os.Remove(blocker)
	h.now = h.now.Add(time.Minute)
	for i := 0; i < 3 && g.inner != nil; i++ {
		h.fire()
	}
	if g.inner != nil {
		t.Fatal("never locked after the disk took the words again")
	}
	h.typeText("pw")
	h.key("enter")
	h.mustSee("held words")
}
