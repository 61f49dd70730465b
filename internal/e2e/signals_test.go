package e2e

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalsFlushDraft types into the editor and, the moment the words are
// on screen (long before the autosave would run), sends the signal a
// closing window, a service manager or a person with kill would send. The
// words must be in the draft at the next start, and the exit status must
// say a signal stopped the app (128+n), not that it finished.
func TestSignalsFlushDraft(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	env := baseEnv(home)
	want := ""
	for i, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT} {
		tm := startTerm(t, 100, 30, env, binary)
		if i == 0 {
			firstRunToEditor(t, tm, book)
		} else {
			tm.waitFor(lastWords(want, 2), waitLong)
		}
		words := " words before " + sig.String()
		tm.typeText(words)
		tm.waitFor(strings.TrimSpace(words), waitLong)
		want += words
		if err := syscall.Kill(tm.pid(), sig); err != nil {
			t.Fatal(err)
		}
		code := tm.waitExit(waitLong)
		if code != 128+int(sig) {
			t.Errorf("%v: exit status %d, want %d\n%s", sig, code, 128+int(sig), tm.transcript())
		}
		ds := drafts(t, db)
		if len(ds) != 1 || ds[0].body != want {
			t.Fatalf("%v: after the signal the draft is %+v, want %q", sig, ds, want)
		}
		if s := tm.transcript(); !strings.Contains(s, "everything you wrote is saved") {
			t.Errorf("%v: no word that the writing was saved:\n%s", sig, s)
		}
	}
	integrityOK(t, db)
}

// TestClosingTheWindowKeepsWords closes the terminal itself (tmux
// kill-server: the pty goes away and the app gets SIGHUP) right after
// typing; the words are in the draft at the next start.
func TestClosingTheWindowKeepsWords(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	firstRunToEditor(t, tm, book)
	words := "typed just before the window closed"
	tm.typeText(words)
	tm.waitFor(words, waitLong)
	pid := tm.pid()
	if err := tm.run("kill-server"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(waitLong)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatal("trustwork did not exit after its window closed")
		}
		time.Sleep(30 * time.Millisecond)
	}
	if ds := drafts(t, db); len(ds) != 1 || ds[0].body != words {
		t.Fatalf("after the window closed the draft is %+v, want %q", ds, words)
	}
}

// TestSignalDuringSetupIsHonest: a signal while the set-up form holds a
// typed name must not report "everything you wrote is saved": the form is
// not stored until it is finished, so the exit says the set-up was not
// finished and the next start asks again.
func TestSignalDuringSetupIsHonest(t *testing.T) {
	home := t.TempDir()
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	tm.waitFor("Press Enter to continue", waitLong)
	tm.keys("Enter")
	tm.waitFor("What to call them", waitLong)
	tm.typeText("Alexandra")
	tm.waitFor("Alexandra", waitLong)
	if err := syscall.Kill(tm.pid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := tm.waitExit(waitLong); code != 128+int(syscall.SIGTERM) {
		t.Errorf("exit status %d\n%s", code, tm.transcript())
	}
	s := tm.transcript()
	if strings.Contains(s, "everything you wrote is saved") || !strings.Contains(s, "set-up was not finished") {
		t.Fatalf("the exit message does not say the set-up was lost:\n%s", s)
	}
}

// TestEscAndQInOneWrite: esc and q reaching the app in one write (what a
// quick "esc q" becomes while the app is busy with a big paste or a slow
// save) leave the editor and quit, keeping the words; the pair used to be
// read as alt+q and dropped, so neither happened.
func TestEscAndQInOneWrite(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	firstRunToEditor(t, tm, book)
	tm.typeText("kept words")
	tm.waitFor("kept words", waitLong)
	tm.tmux("send-keys", "-t", "main", "-H", "1b", "71") // ESC q, one write
	if code := tm.waitExit(waitLong); code != 0 {
		t.Fatalf("esc q in one write: exit %d\n%s", code, tm.transcript())
	}
	if ds := drafts(t, db); len(ds) != 1 || ds[0].body != "kept words" {
		t.Fatalf("draft after esc q: %+v", ds)
	}
}
