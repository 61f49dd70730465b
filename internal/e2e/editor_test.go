package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExternalEditorNeverLosesWords: an editor that exits with an error
// keeps what was written in it; a trustwork killed while the editor is open
// leaves the text in its private data folder (never /tmp), and the next
// start brings it back into the draft and removes the file.
func TestExternalEditorNeverLosesWords(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	log := filepath.Join(home, "editor.log")
	failing := filepath.Join(home, "failing-editor")
	os.WriteFile(failing, []byte("#!/bin/sh\nprintf ' and in the editor' >> \"$1\"\nexit 3\n"), 0o700)
	hanging := filepath.Join(home, "hanging-editor")
	os.WriteFile(hanging, []byte(`#!/bin/sh
printf ' then the window closed' >> "$1"
stat -c '%a' "$1" > "`+log+`"
stat -c '%a' "$(dirname "$1")" >> "`+log+`"
echo "$1" >> "`+log+`"
exec sleep 30
`), 0o700)

	tm := startTerm(t, 100, 30, append(baseEnv(home), "EDITOR="+failing), binary)
	firstRunToEditor(t, tm, book)
	tm.typeText("typed here")
	tm.waitFor("typed here", waitLong)
	tm.keys("C-e")
	tm.waitFor("typed here and in the editor", waitLong)
	tm.waitFor("what you wrote in it is kept", waitLong)
	tm.keys("C-c")
	tm.waitExit(waitLong)
	if ds := drafts(t, db); len(ds) != 1 || ds[0].body != "typed here and in the editor" {
		t.Fatalf("after a failing editor the draft is %+v", ds)
	}

	tm = startTerm(t, 100, 30, append(baseEnv(home), "EDITOR="+hanging), binary)
	tm.waitFor("typed here and in the editor", waitLong)
	tm.keys("C-e")
	var lines []string
	deadline := time.Now().Add(waitLong)
	for len(lines) < 3 {
		if time.Now().After(deadline) {
			t.Fatal("the editor never started")
		}
		time.Sleep(50 * time.Millisecond)
		b, _ := os.ReadFile(log)
		lines = strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	if lines[0] != "600" || lines[1] != "700" || !strings.HasPrefix(lines[2], filepath.Join(home, "data", "trustwork")+"/") {
		t.Fatalf("the editor's file: mode %s, folder mode %s, at %s; want 600, 700, in the data folder", lines[0], lines[1], lines[2])
	}
	// The app dies while the editor is open (SIGKILL: nothing can be
	// flushed), and then the editor goes too.
	if err := syscall.Kill(tm.pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	tm.run("kill-server")
	if _, err := os.Stat(lines[2]); err != nil {
		t.Fatalf("the editor's file did not survive the crash: %v", err)
	}

	tm = startTerm(t, 100, 30, baseEnv(home), binary)
	tm.waitFor("Recovered unsaved text", waitLong)
	tm.waitFor("typed here and in the editor then the window closed", waitLong)
	if ds := drafts(t, db); len(ds) != 1 || ds[0].body != "typed here and in the editor then the window closed" {
		t.Fatalf("after restart the draft is %+v", ds)
	}
	if _, err := os.Stat(filepath.Dir(lines[2])); !os.IsNotExist(err) {
		t.Fatalf("the orphaned editor folder is still there: %v", err)
	}
}

// TestSmallWindowKeepsTyping: shrinking the window mid-sentence keeps every
// letter typed, and keys that would act unseen (esc, ctrl+s, q) do nothing
// until the window is large enough to show what they do.
func TestSmallWindowKeepsTyping(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	firstRunToEditor(t, tm, book)
	tm.typeText("big then ")
	tm.waitFor("big then", waitLong)
	tm.tmux("resize-window", "-t", "main", "-x", "40", "-y", "12")
	tm.waitFor("larger", waitLong)
	tm.typeText("small words")
	tm.keys("C-s", "Escape")
	// A pause, or the terminal reads Escape and the space as alt+space.
	time.Sleep(100 * time.Millisecond)
	tm.typeText(" kept")
	time.Sleep(300 * time.Millisecond)
	tm.tmux("resize-window", "-t", "main", "-x", "100", "-y", "30")
	s := tm.waitFor("big then small words kept", waitLong)
	if !strings.Contains(s, "Writing ·") {
		t.Fatalf("a key left the editor while the window was too small:\n%s", s)
	}
	if es := entries(t, db); len(es) != 0 {
		t.Fatalf("ctrl+s saved unseen: %+v", es)
	}
	tm.keys("Escape")
	tm.waitFor("Prompts", waitLong)
	tm.tmux("resize-window", "-t", "main", "-x", "40", "-y", "12")
	tm.waitFor("larger", waitLong)
	tm.keys("Enter", "q")
	time.Sleep(300 * time.Millisecond)
	tm.tmux("resize-window", "-t", "main", "-x", "100", "-y", "30")
	s = tm.waitFor("Prompts", waitLong)
	if d, _ := tm.dead(); d || strings.Contains(s, "Writing ·") {
		t.Fatalf("Enter or q acted while the window was too small (dead %v):\n%s", d, s)
	}
}

// TestTypingFastAfterSave presses ctrl+s and goes straight on typing, in
// one burst, with the letters that are commands on the step screen (d
// marks the step done, q quits). Every letter stays in the text, the app
// stays open, the step is not marked done, and the words after the save
// are kept as a draft of the entry just saved.
func TestTypingFastAfterSave(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	firstRunToEditor(t, tm, book)
	tm.typeText("first thought")
	tm.waitFor("first thought", waitLong)
	tm.keys("C-s", " ", "d", "q", "u", "i", "e", "t", "l", "y", " ", "d", "o", "n", "e")
	s := tm.waitFor("first thought dquietly done", waitLong)
	if d, _ := tm.dead(); d {
		t.Fatalf("a q typed after ctrl+s quit the app:\n%s", tm.transcript())
	}
	if !strings.Contains(s, "Editing an entry ·") {
		t.Fatalf("typing after ctrl+s left the editor:\n%s", s)
	}
	if es := entries(t, db); len(es) != 1 || es[0].body != "first thought" {
		t.Fatalf("entries %+v", es)
	}
	var done int
	if err := openDB(t, db).QueryRow("SELECT count(*) FROM step_progress WHERE status = 'done'").Scan(&done); err != nil || done != 0 {
		t.Fatalf("a d typed after ctrl+s marked %d steps done (%v)", done, err)
	}
	deadline := time.Now().Add(waitLong)
	for {
		ds := drafts(t, db)
		if len(ds) == 1 && ds[0].body == "first thought dquietly done" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the words after ctrl+s were not kept: drafts %+v", ds)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
