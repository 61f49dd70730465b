package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSaveFailsDiskFull runs the binary under a file-size limit (ulimit -f),
// so that SQLite's writes start failing mid-session the way they do on a
// full disk. The text must stay on screen, go to a private recovery file,
// and come back into the draft on the next start.
func TestSaveFailsDiskFull(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	env := baseEnv(home)
	// The limit (150 KB) lets the new 100 KB database be made but stops the WAL from
	// growing past it after a few saves. Go ignores SIGXFSZ, so the writes
	// fail with EFBIG instead of killing the process.
	limited := startTerm(t, 200, 30, env, "sh", "-c", `ulimit -f 300 && exec "$0"`, binary)
	firstRunToEditor(t, limited, book)
	typeUntilSavesFail(t, limited)
	marker := "FINAL WORDS typed while the disk was full"
	limited.keys("Enter") // on a line of its own, so the screen cannot wrap it
	limited.typeText(marker)
	limited.waitFor(marker, waitLong)
	time.Sleep(1500 * time.Millisecond) // the next autosave fails and writes a recovery file
	s := limited.screen()
	if !strings.Contains(s, "safe in ~/data/trustwork/recovery") || !strings.Contains(s, marker) {
		t.Fatalf("want the text on screen and a notice of where it is safe:\n%s", s)
	}

	recDir := filepath.Join(filepath.Dir(db), "recovery")
	if fi, err := os.Stat(recDir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("recovery dir: %v %v", fi, err)
	}
	ents, _ := os.ReadDir(recDir)
	newest := ""
	for _, e := range ents {
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("recovery file %s has mode %v", e.Name(), fi.Mode().Perm())
		}
		if e.Name() > newest {
			newest = e.Name()
		}
	}
	raw, err := os.ReadFile(filepath.Join(recDir, newest))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct{ Body string }
	if err := json.Unmarshal(raw, &rec); err != nil || !strings.HasSuffix(rec.Body, marker) {
		t.Fatalf("newest recovery file does not end with the last words (%v): %q", err, rec.Body)
	}
	if len(ents) != 1 {
		t.Errorf("%d recovery files for one prompt, want 1 (each failed save replaces the last)", len(ents))
	}
	// Quitting now says where the words are and does not claim success.
	limited.keys("C-c")
	if code := limited.waitExit(waitLong); code == 0 {
		t.Fatalf("quit with unsaved words exited 0:\n%s", limited.transcript())
	}
	if s := limited.transcript(); !strings.Contains(s, "could not be saved to the database") || strings.Contains(s, marker) {
		t.Fatalf("quit message should say where the words are, without them:\n%s", s)
	}

	// Room again: the next start puts the text back and clears the files.
	tm := startTerm(t, 200, 30, env, binary)
	tm.waitFor("Recovered", waitLong)
	tm.waitFor(marker, waitLong)
	ds := drafts(t, db)
	if len(ds) != 1 || !strings.HasSuffix(ds[0].body, marker) {
		t.Fatalf("draft after recovery: %+v", ds)
	}
	if ents, _ := os.ReadDir(recDir); len(ents) != 0 {
		t.Fatalf("%d recovery files left after restoring", len(ents))
	}
	integrityOK(t, db)
}

// TestLeaveWhileDiskFull: with the disk full and no room for a recovery
// file either, esc then q (the way out a person tries first) must not
// leave or quit: the words are in no durable place, and the app says so
// every time. Only ctrl+c twice quits without them, with an error status.
func TestLeaveWhileDiskFull(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 200, 30, env, "sh", "-c", `ulimit -f 300 && exec "$0"`, binary)
	firstRunToEditor(t, tm, book)
	// A file where the recovery folder would go: recovery writes fail too.
	if err := os.WriteFile(filepath.Join(home, "data", "trustwork", "recovery"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	typeUntilSavesFail(t, tm)
	for try := 0; try < 3; try++ {
		tm.keys("Escape")
		time.Sleep(100 * time.Millisecond)
		tm.keys("q")
		tm.waitFor("Not saved anywhere, so your words stay here", waitLong)
		if d, _ := tm.dead(); d {
			t.Fatalf("try %d: esc, q quit with the words saved nowhere", try)
		}
		if s := tm.screen(); !strings.Contains(s, "Writing ·") {
			t.Fatalf("try %d: esc left the editor:\n%s", try, s)
		}
		tm.keys("BSpace") // take the q back out; the next esc must stop again
	}
	tm.keys("C-c")
	tm.waitFor("ctrl+c again quits without it", waitLong)
	if d, _ := tm.dead(); d {
		t.Fatal("the first ctrl+c quit with the words saved nowhere")
	}
	tm.keys("C-c")
	if code := tm.waitExit(waitLong); code == 0 {
		t.Fatalf("quit without the words exited 0:\n%s", tm.transcript())
	}
	if s := tm.transcript(); !strings.Contains(s, "not even to a recovery file") {
		t.Fatalf("the quit message does not say the words were lost:\n%s", s)
	}
}

// typeUntilSavesFail types into the editor of an app run under ulimit -f
// until the write-ahead log reaches the limit and a save fails.
func typeUntilSavesFail(t *testing.T, tm *term) {
	t.Helper()
	for i := 0; i < 80; i++ {
		tm.typeText("more words to grow the write-ahead log ")
		time.Sleep(700 * time.Millisecond)
		if strings.Contains(tm.screen(), "Not saved (") {
			return
		}
	}
	t.Fatalf("saves never failed under ulimit -f; screen:\n%s", tm.screen())
}
