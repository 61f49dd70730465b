package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/workbook"
)

const waitLong = 10 * time.Second

func loadBook(t *testing.T) *workbook.Workbook {
	t.Helper()
	b, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// prefix returns the first n bytes of s, cut at a space so that it stays on
// one screen line even when the screen wraps the rest.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 {
		return s[:i]
	}
	return s[:n]
}

// firstRunToEditor walks a new user through first run with Enter only, as
// the issue asks: welcome → setup (defaults) → home → the step to continue →
// its first unanswered prompt in the editor.
func firstRunToEditor(t *testing.T, tm *term, book *workbook.Workbook) {
	t.Helper()
	tm.waitFor("Press Enter to continue", waitLong)
	tm.keys("Enter")
	tm.waitFor("What to call them", waitLong)
	for range 3 {
		tm.keys("Enter")
	}
	tm.waitFor("continue here", waitLong)
	tm.keys("Enter")
	tm.waitFor("Step 1 of", waitLong)
	tm.keys("Enter")
	tm.waitFor(prefix(book.Steps[0].Prompts[0].Text, 40), waitLong)
	tm.waitFor("Writing", waitLong)
}

type draftRow struct{ step, prompt, body string }

func drafts(t *testing.T, db string) []draftRow {
	t.Helper()
	rows, err := openDB(t, db).Query("SELECT step_id, prompt_id, body FROM drafts ORDER BY step_id, prompt_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []draftRow
	for rows.Next() {
		var d draftRow
		if err := rows.Scan(&d.step, &d.prompt, &d.body); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

type entryRow struct{ step, prompt, promptText, body string }

func entries(t *testing.T, db string) []entryRow {
	t.Helper()
	rows, err := openDB(t, db).Query("SELECT step_id, prompt_id, prompt_text, body FROM entries ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []entryRow
	for rows.Next() {
		var e entryRow
		if err := rows.Scan(&e.step, &e.prompt, &e.promptText, &e.body); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// runCLI runs the binary without a terminal, as a script would.
func runCLI(t *testing.T, home string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = baseEnv(home)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// TestJourney is the path a new user takes: Enter through first run to the
// first prompt, type, SIGKILL, start again and find the text, save, quit,
// resume, export.
func TestJourney(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	env := baseEnv(home)
	prompt := book.Steps[0].Prompts[0]

	tm := startTerm(t, 100, 30, env, binary)
	firstRunToEditor(t, tm, book)

	first := "I kept my worries to myself for months."
	tm.typeText(first)
	tm.waitFor(first, waitLong)
	// Autosave must land within a second of typing stopping.
	time.Sleep(1100 * time.Millisecond)
	tm.kill()

	integrityOK(t, db)
	ds := drafts(t, db)
	if len(ds) != 1 || ds[0].body != first || ds[0].step != book.Steps[0].ID || ds[0].prompt != prompt.ID {
		t.Fatalf("after SIGKILL the draft is %+v, want %q for %s/%s", ds, first, book.Steps[0].ID, prompt.ID)
	}
	if fi, err := os.Stat(filepath.Dir(db)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("data dir mode: %v %v", fi.Mode(), err)
	}
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if fi, err := os.Stat(f); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", f, fi.Mode().Perm())
		}
	}

	// Start again: the same prompt, the same text, the cursor at its end.
	tm = startTerm(t, 100, 30, env, binary)
	tm.waitFor(first, waitLong)
	tm.waitFor(prefix(prompt.Text, 40), waitLong)
	second := " Now I want to say them."
	tm.typeText(second)
	tm.waitFor(first+second, waitLong)
	tm.keys("C-s")
	tm.waitFor("Saved to your journal", waitLong)
	es := entries(t, db)
	if len(es) != 1 || es[0].body != first+second || es[0].promptText != prompt.Text {
		t.Fatalf("entries after ctrl+s: %+v", es)
	}
	if ds := drafts(t, db); len(ds) != 0 {
		t.Fatalf("draft left after saving: %+v", ds)
	}
	// Saving stays in the editor; esc returns to the step, where q quits.
	tm.keys("Escape")
	tm.waitFor("Step 1 of", waitLong)
	tm.keys("q")
	if code := tm.waitExit(waitLong); code != 0 {
		t.Fatalf("quit with status %d", code)
	}

	// Resume: back on the step, with the first prompt marked answered.
	tm = startTerm(t, 100, 30, env, binary)
	tm.waitFor("Step 1 of", waitLong)
	// The first frame comes before the prompt list is filled in; wait for
	// the mark rather than reading that frame.
	tm.waitFor("✓", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	// Export to a file: private, readable, never overwritten without --force.
	out := filepath.Join(home, "journal.md")
	if _, stderr, code := runCLI(t, home, "export", "-o", out); code != 0 {
		t.Fatalf("export failed (%d): %s", code, stderr)
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{book.Steps[0].Title, first, "Now I want to say them"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("export lacks %q:\n%s", want, md)
		}
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("export mode %v, want 0600", fi.Mode().Perm())
	}
	before := fileHash(t, out)
	if _, stderr, code := runCLI(t, home, "export", "-o", out); code == 0 || !strings.Contains(stderr, "--force") {
		t.Fatalf("export over an existing file: code %d, stderr %q", code, stderr)
	}
	if fileHash(t, out) != before {
		t.Fatal("export without --force changed the existing file")
	}
	if _, stderr, code := runCLI(t, home, "export", "-o", out, "--force"); code != 0 {
		t.Fatalf("export --force: %d %s", code, stderr)
	}
	stdout, _, code := runCLI(t, home, "export")
	if code != 0 || !strings.Contains(stdout, first) {
		t.Fatalf("export to stdout: %d\n%s", code, stdout)
	}
	// A backup made while nothing is open is a whole, private database.
	_, stderr, code := runCLI(t, home, "backup")
	bk := strings.TrimSpace(strings.TrimPrefix(stderr, "Backed up to "))
	if code != 0 || !strings.HasPrefix(bk, filepath.Join(filepath.Dir(db), "backups")) {
		t.Fatalf("backup: %d %q", code, stderr)
	}
	if fi, err := os.Stat(bk); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file %s: %v %v", bk, fi, err)
	}
	integrityOK(t, bk)
	if es := entries(t, bk); len(es) != 1 || es[0].body != first+second {
		t.Fatalf("backup holds %+v", es)
	}
	stdout, _, code = runCLI(t, home, "status")
	if code != 0 || !strings.Contains(stdout, "1 journal entry") {
		t.Fatalf("status: %d\n%s", code, stdout)
	}
}

// TestNotATerminal: without a terminal the app says so and exits, instead
// of hanging or drawing into a pipe.
func TestNotATerminal(t *testing.T) {
	home := t.TempDir()
	cmd := exec.Command(binary)
	cmd.Env = baseEnv(home)
	var o, e bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, &o, &e
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- cmd.Run() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("exit status 0 without a terminal")
		}
	case <-ctx.Done():
		cmd.Process.Kill()
		t.Fatal("hung without a terminal")
	}
	if !strings.Contains(e.String(), "needs a terminal") || strings.Count(strings.TrimSpace(e.String()), "\n") != 0 {
		t.Fatalf("stderr %q, want one line saying it needs a terminal", e.String())
	}
	if o.Len() != 0 {
		t.Fatalf("wrote to stdout: %q", o.String())
	}
	if _, err := os.Stat(filepath.Join(home, "data")); err == nil {
		t.Fatal("created a data directory although it could not run")
	}
}

// TestSmallTerminal: too small a window gets a message, not a broken
// screen; growing it brings the app back.
func TestSmallTerminal(t *testing.T) {
	home := t.TempDir()
	tm := startTerm(t, 40, 12, baseEnv(home), binary)
	tm.waitFor("larger", waitLong)
	tm.tmux("resize-window", "-t", "main", "-x", "80", "-y", "24")
	tm.waitFor("Press Enter to continue", waitLong)
	tm.tmux("resize-window", "-t", "main", "-x", "20", "-y", "6")
	time.Sleep(200 * time.Millisecond)
	tm.tmux("resize-window", "-t", "main", "-x", "60", "-y", "20")
	tm.waitFor("Press Enter to continue", waitLong)
	if d, _ := tm.dead(); d {
		t.Fatalf("exited during resizes:\n%s", tm.screen())
	}
}

// TestSecondInstance: a second trustwork on the same file is refused with
// the first one's pid; once the first is killed, the next start works.
func TestSecondInstance(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	first := startTerm(t, 100, 30, env, binary)
	first.waitFor("Press Enter to continue", waitLong)
	second := startTerm(t, 200, 10, env, binary)
	if code := second.waitExit(waitLong); code == 0 {
		t.Fatalf("second instance exited 0:\n%s", second.transcript())
	}
	want := fmt.Sprintf("pid %d", first.pid())
	if s := second.transcript(); !strings.Contains(s, want) || !strings.Contains(s, "another trustwork") {
		t.Fatalf("second instance should name %s:\n%s", want, s)
	}
	first.kill()
	third := startTerm(t, 100, 30, env, binary)
	third.waitFor("Press Enter to continue", waitLong)
}

// TestPrivacyKey: the privacy key hides everything personal at once, and
// any key brings back exactly what was there.
func TestPrivacyKey(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	firstRunToEditor(t, tm, book)
	secret := "the thing I never told anyone"
	tm.typeText(secret)
	tm.waitFor(secret, waitLong)
	tm.keys("C-x")
	deadline := time.Now().Add(waitLong)
	for {
		s := tm.screen()
		if !strings.Contains(s, secret) && !strings.Contains(s, "partner") && !strings.Contains(s, book.Steps[0].Title) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("privacy key left personal text on screen:\n%s", s)
		}
		time.Sleep(30 * time.Millisecond)
	}
	tm.keys("z")
	s := tm.waitFor(secret, waitLong)
	if strings.Contains(s, secret+"z") {
		t.Fatal("the key that ended privacy mode was typed into the entry")
	}
}
