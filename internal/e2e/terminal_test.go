package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/bench"
)

// hostile is text a person might paste by accident, or be tricked into
// pasting: sequences that clear the screen, set the window title, write the
// clipboard (OSC 52), hide a link (OSC 8), C1 controls, bidi overrides and
// NUL-free binary junk.
const hostile = "before\x1b[2J\x1b[H\x1b]0;PWNED-TITLE\x07\x1b]52;c;aGVsbG8=\x07" +
	"\x1b]8;;http://example.invalid\x07link\x1b]8;;\x07\u009b31m\u202eevil\u202c\xff\xfe after"

// TestHostilePaste pastes escape sequences and a large paste into the
// editor. The terminal must not act on them (no cleared screen, no title),
// the app must stay responsive, and the text must be kept as pasted.
func TestHostilePaste(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	tm := startTerm(t, 100, 30, baseEnv(home), binary)
	firstRunToEditor(t, tm, book)

	buf := filepath.Join(t.TempDir(), "paste")
	if err := os.WriteFile(buf, []byte(hostile), 0o600); err != nil {
		t.Fatal(err)
	}
	tm.tmux("load-buffer", "-b", "p", buf)
	tm.tmux("paste-buffer", "-p", "-b", "p", "-t", "main") // -p: bracketed paste, as a terminal does
	s := tm.waitFor("after", waitLong)
	if !strings.Contains(s, "before") || !strings.Contains(s, "Writing") {
		t.Fatalf("the paste disturbed the screen:\n%s", s)
	}
	if title := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{pane_title}")); strings.Contains(title, "PWNED") {
		t.Fatalf("the pasted OSC set the window title to %q", title)
	}
	if !strings.Contains(s, "␛") {
		t.Errorf("escape characters should show as visible stand-ins:\n%s", s)
	}

	// A 1 MB paste, then typing still answers.
	big := strings.Repeat("All of this was pasted at once, and the app must keep up.\n", 1<<20/58)
	if err := os.WriteFile(buf, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	tm.tmux("load-buffer", "-b", "p", buf)
	tm.tmux("paste-buffer", "-p", "-b", "p", "-t", "main")
	tm.typeText("still-responsive")
	tm.waitFor("still-responsive", 20*time.Second)
	tm.keys("C-s")
	tm.waitFor("Saved to your journal", 20*time.Second)
	// The terminal and Bubble Tea's input decoder may drop some sequences
	// on the way in; whatever arrives is kept, around and after them.
	es := entries(t, db)
	if len(es) != 1 {
		t.Fatalf("%d entries saved, want 1", len(es))
	}
	b := es[0].body
	for _, want := range []string{"before", "link", "evil", " after", "must keep up.\nstill-responsive"} {
		if !strings.Contains(b, want) {
			t.Fatalf("saved entry lost %q: len %d, starts %q, ends %q", want, len(b), b[:min(len(b), 60)], b[max(0, len(b)-30):])
		}
	}
	if len(b) < 1<<20-100 {
		t.Fatalf("saved entry is %d bytes, the paste was about 1 MB", len(b))
	}

	// The export holds no control characters.
	out, _, code := runCLI(t, home, "export")
	if code != 0 {
		t.Fatalf("export exit %d", code)
	}
	for i, r := range out {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\u202e' {
			t.Fatalf("export has control character %U at %d", r, i)
		}
	}
}

// colourSGR matches an SGR sequence that sets a foreground or background
// colour (30–38, 40–48, 90–97, 100–107); bold, italic and underline are
// fine without colour.
var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9]*;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9]*)*m`)

// TestTerminals: a dumb terminal gets a clear message; NO_COLOR and odd
// sizes work; a storm of resizes while typing loses nothing.
func TestTerminals(t *testing.T) {
	book := loadBook(t)
	t.Run("TERM=dumb", func(t *testing.T) {
		home := t.TempDir()
		env := append(baseEnv(home), "TERM=dumb")
		tm := startTerm(t, 120, 10, env, binary)
		if code := tm.waitExit(waitLong); code == 0 {
			t.Fatal("exit 0 on a dumb terminal")
		}
		if s := tm.transcript(); !strings.Contains(s, "TERM=dumb") {
			t.Fatalf("no clear message:\n%s", s)
		}
	})
	t.Run("NO_COLOR", func(t *testing.T) {
		home := t.TempDir()
		env := append(baseEnv(home), "NO_COLOR=1")
		tm := startTerm(t, 100, 30, env, binary)
		firstRunToEditor(t, tm, book)
		out := tm.tmux("capture-pane", "-p", "-e", "-t", "main") // -e keeps the escape codes
		if m := colourSGR.FindString(out); m != "" {
			t.Fatalf("NO_COLOR screen has colour code %q", m)
		}
	})
	t.Run("sizes and a resize storm while typing", func(t *testing.T) {
		home := t.TempDir()
		db := filepath.Join(home, "data", "trustwork", "journal.db")
		tm := startTerm(t, 100, 30, baseEnv(home), binary)
		firstRunToEditor(t, tm, book)
		sizes := [][2]int{{20, 6}, {300, 100}, {60, 20}, {61, 19}, {150, 40}, {25, 7}, {80, 24}}
		want := ""
		for i := 0; i < 40; i++ {
			sz := sizes[i%len(sizes)]
			tm.tmux("resize-window", "-t", "main", "-x", fmt.Sprint(sz[0]), "-y", fmt.Sprint(sz[1]))
			w := fmt.Sprintf("w%d ", i)
			tm.typeText(w)
			want += w
		}
		tm.tmux("resize-window", "-t", "main", "-x", "100", "-y", "30")
		tm.waitFor("w39", waitLong)
		time.Sleep(1200 * time.Millisecond)
		if d, _ := tm.dead(); d {
			t.Fatalf("died in the resize storm:\n%s", tm.transcript())
		}
		ds := drafts(t, db)
		if len(ds) != 1 || ds[0].body != want {
			t.Fatalf("draft after the storm = %+v, want %q", ds, want)
		}
	})
}

// TestExternalEditor: ctrl+e opens $EDITOR on a private temp file, and what
// is written there comes back; the file is gone afterwards.
func TestExternalEditor(t *testing.T) {
	book := loadBook(t)
	home := t.TempDir()
	log := filepath.Join(home, "editor.log")
	script := filepath.Join(home, "fake-editor")
	os.WriteFile(script, []byte(`#!/bin/sh
stat -c '%a' "$1" > "`+log+`"
stat -c '%a' "$(dirname "$1")" >> "`+log+`"
echo "$1" >> "`+log+`"
printf ' and from the editor' >> "$1"
`), 0o700)
	env := append(baseEnv(home), "EDITOR="+script)
	tm := startTerm(t, 100, 30, env, binary)
	firstRunToEditor(t, tm, book)
	tm.typeText("typed here")
	tm.waitFor("typed here", waitLong)
	tm.keys("C-e")
	tm.waitFor("typed here and from the editor", waitLong)
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || lines[0] != "600" || lines[1] != "700" {
		t.Fatalf("editor saw file mode %v", lines)
	}
	// The text shows as soon as it is read back; the file goes once that
	// text is saved in the database, a moment later (on a busy machine,
	// after the screen has shown it).
	for _, p := range []string{lines[2], filepath.Dir(lines[2])} {
		deadline := time.Now().Add(waitLong)
		for {
			_, err := os.Stat(p)
			if os.IsNotExist(err) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s still exists %s after its text came back (%v)", p, waitLong, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// TestSilentTerminal runs the binary in a pseudo-terminal that answers no
// queries (no background colour, no capabilities), as some terminals and
// serial lines do. Start-up must not wait for answers: the welcome shows,
// Enter moves on, and ctrl+c quits cleanly.
func TestSilentTerminal(t *testing.T) {
	home := t.TempDir()
	res, err := bench.RunInPty(binary, nil, baseEnv(home), []bench.Step{
		{WaitFor: []string{"Press Enter to continue"}},
		{Send: "\r", WaitFor: []string{"What to call them"}},
	}, "\x03", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Steps) != 2 {
		t.Fatalf("ran %d of 2 steps", len(res.Steps))
	}
}
