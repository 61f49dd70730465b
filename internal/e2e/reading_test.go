package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// flat joins the screen's words with single spaces, so text wrapped over
// lines can be looked for whole.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// glued joins the screen's lines without spaces, so a path broken over
// two lines reads whole.
func glued(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString(strings.TrimSpace(l))
	}
	return b.String()
}

// waitGone waits until the screen no longer shows gone.
func waitGone(t *testing.T, tm *term, gone string) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for strings.Contains(tm.screen(), gone) {
		if time.Now().After(deadline) {
			t.Fatalf("the screen still shows %q:\n%s", gone, tm.screen())
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// TestReadingAtFourSizes is what a new user meets on the step screen at the
// sizes people use, with and without colour (issue 12, items 7, 9, 6, 1,
// 13 and the name placeholder): the first run names the new journal's
// path, the placeholder is bracketed, the marked prompt is whole, ↓ moves
// the marker, space reads on, and an answered prompt asks before adding.
func TestReadingAtFourSizes(t *testing.T) {
	book := loadBook(t)
	for _, sz := range [][2]int{{60, 20}, {80, 24}, {100, 32}, {200, 50}} {
		for _, noColor := range []bool{false, true} {
			name := fmt.Sprintf("%dx%d", sz[0], sz[1])
			if noColor {
				name += "/NO_COLOR"
			}
			t.Run(name, func(t *testing.T) {
				home := t.TempDir()
				env := baseEnv(home)
				if noColor {
					env = append(env, "NO_COLOR=1")
				}
				// A short folder, so the path fits the 60×20 welcome without
				// scrolling, as a person's usual path would.
				short, err := os.MkdirTemp("", "tw")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.RemoveAll(short) })
				db := filepath.Join(short, "typo.db")
				tm := startTerm(t, sz[0], sz[1], env, binary, "--db", db)
				scr := tm.waitFor("Press Enter to continue", waitLong)
				if !strings.Contains(flat(scr), "This starts a new, empty journal at") || !strings.Contains(glued(scr), "typo.db") {
					t.Fatalf("the first screen does not say it starts a new journal:\n%s", scr)
				}
				tm.keys("Enter")
				tm.waitFor("(my partner)", waitLong)
				tm.keys("Enter", "Enter", "Enter")
				tm.waitFor("continue here", waitLong)
				tm.keys("Enter")
				tm.waitFor("Step 1 of", waitLong)
				steps := book.Steps[0]
				tm.keys("Down")
				scr = tm.waitFor("› 2.", waitLong)
				if !strings.Contains(flat(scr), flat(steps.Prompts[1].Text)) {
					t.Fatalf("the marked prompt is cut:\n%s", scr)
				}
				tm.waitFor("lesson lines 1–", waitLong) // the lesson renders in the background
				tm.keys("Space")
				waitGone(t, tm, "lesson lines 1–")
				// Write an answer, then Enter on it again asks first.
				tm.keys("Enter")
				tm.waitFor("Writing", waitLong)
				tm.typeText("my first answer")
				tm.keys("C-s")
				tm.waitFor("Saved to your journal", waitLong)
				tm.keys("Escape") // ctrl+s stays in the editor
				tm.waitFor("Step 1 of", waitLong)
				tm.keys("2", "Enter")
				scr = tm.waitFor("You have answered this once", waitLong)
				for _, want := range []string{"my first answer", "a  Write another answer", "e  Edit the latest answer"} {
					if !strings.Contains(scr, want) {
						t.Fatalf("the choice lacks %q:\n%s", want, scr)
					}
				}
				tm.keys("Escape")
				tm.waitFor("enter write", waitLong)
			})
		}
	}
}

// TestResizeThenNextScreenLeavesNothingBehind: after growing the window
// from 60×20 to 200×50, each next screen is drawn clean: nothing stays to
// the right of the body, which ends at column 101 (issue 12.10).
func TestResizeThenNextScreenLeavesNothingBehind(t *testing.T) {
	home := t.TempDir()
	tm := startTerm(t, 60, 20, baseEnv(home), binary)
	tm.waitFor("Press Enter to continue", waitLong)
	tm.keys("Enter")
	tm.waitFor("What to call them", waitLong)
	tm.keys("Enter", "Enter", "Enter")
	tm.waitFor("continue here", waitLong)
	for _, step := range []struct{ keys, want string }{
		{"Enter", "Step 1 of"}, {"Enter", "Writing"}, {"Escape", "Step 1 of"}, {"Escape", "Steps"},
	} {
		tm.tmux("resize-window", "-t", "main", "-x", "60", "-y", "20")
		time.Sleep(150 * time.Millisecond)
		tm.tmux("resize-window", "-t", "main", "-x", "200", "-y", "50")
		time.Sleep(150 * time.Millisecond)
		tm.keys(step.keys)
		scr := tm.waitFor(step.want, waitLong)
		time.Sleep(200 * time.Millisecond)
		scr = tm.screen()
		lines := strings.Split(scr, "\n")
		for i, l := range lines {
			r := []rune(l)
			// The title, the status line and the help may use the whole width.
			if i == 0 || i >= len(lines)-5 || len(r) <= 101 {
				continue
			}
			if tail := strings.TrimSpace(string(r[101:])); tail != "" {
				t.Fatalf("after %s, line %d has %q beyond the body:\n%s", step.keys, i, tail, scr)
			}
		}
	}
}

// TestJournalDeleteUndoAndResume: in the real program, a person deletes an
// entry (asked first), undoes it, filters the journal, and finds the
// filter again after quitting and starting over (issue 12, items 2 and 11).
func TestJournalDeleteUndoAndResume(t *testing.T) {
	book := loadBook(t)
	for _, sz := range [][2]int{{60, 20}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d/NO_COLOR", sz[0], sz[1]), func(t *testing.T) {
			home := t.TempDir()
			env := append(baseEnv(home), "NO_COLOR=1")
			db := filepath.Join(home, "data", "trustwork", "journal.db")
			tm := startTerm(t, sz[0], sz[1], env, binary)
			firstRunToEditor(t, tm, book)
			tm.typeText("the lighthouse kept its light")
			tm.keys("C-s")
			tm.waitFor("Saved to your journal", waitLong)
			tm.keys("Escape") // ctrl+s stays in the editor
			tm.waitFor("Step 1 of", waitLong)
			tm.keys("Escape")
			tm.waitFor("Steps", waitLong)
			tm.keys("Up", "Up", "Up", "Enter") // the Journal tool (above Toolkit and Export)
			tm.waitFor("1 entry", waitLong)
			tm.keys("Enter")
			tm.waitFor("x delete entry", waitLong)
			tm.keys("x")
			tm.waitFor("Delete this entry from your journal?", waitLong)
			tm.keys("y")
			tm.waitFor("Entry deleted. Press u to undo.", waitLong)
			if n := len(entries(t, db)); n != 0 {
				t.Fatalf("%d entries after deleting", n)
			}
			tm.keys("u")
			tm.waitFor("The entry is back", waitLong)
			if es := entries(t, db); len(es) != 1 || es[0].body != "the lighthouse kept its light" {
				t.Fatalf("after undo: %+v", es)
			}
			tm.keys("/")
			tm.typeText("light")
			tm.keys("Enter")
			tm.waitFor("1 of 1 entry", waitLong)
			tm.keys("q")
			tm.waitExit(waitLong)

			tm2 := startTerm(t, sz[0], sz[1], env, binary)
			scr := tm2.waitFor("Filter: light", waitLong)
			if !strings.Contains(scr, "1 of 1 entry") {
				t.Fatalf("the filter came back without its result:\n%s", scr)
			}
		})
	}
}

// TestResizeWhileOnJournalThenHome: the journal's long rows drawn just after
// the window grew from 60×20 to 200×50 must not stay behind on the next
// screen (issue 12.10). The renderer keeps its picture of the screen at the
// old width through the first frame after a resize, so cells that frame
// draws beyond column 60 are forgotten; a next screen whose row reaches past
// column 60 but ends sooner left the journal row's tail ("ust m…") after
// it. The home screen is compared row by row with the same home drawn by a
// fresh program at 200×50.
func TestResizeWhileOnJournalThenHome(t *testing.T) {
	home := t.TempDir()
	if _, stderr, code := runCLI(t, home, "import", filepath.Join("testdata", "hurt-all-done.json")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	env := append(baseEnv(home), "NO_COLOR=1")
	tm := startTerm(t, 60, 20, env, binary)
	tm.waitFor("Every step is done", waitLong)
	tm.keys("Enter") // the ending puts the marker on the Journal tool
	tm.waitFor("7 entries", waitLong)
	tm.tmux("resize-window", "-t", "main", "-x", "200", "-y", "50")
	tm.waitFor("noticed lately that tells you trust", waitLong)
	time.Sleep(300 * time.Millisecond)
	tm.keys("Escape")
	tm.waitFor("Steps", waitLong)
	time.Sleep(300 * time.Millisecond)
	got := tm.screen()
	tm.keys("q")
	tm.waitExit(waitLong)

	fresh := startTerm(t, 200, 50, env, binary)
	fresh.waitFor("Steps", waitLong)
	time.Sleep(300 * time.Millisecond)
	want := fresh.screen()
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(gl), len(wl)) {
		if strings.TrimRight(gl[i], " ") != strings.TrimRight(wl[i], " ") {
			t.Fatalf("row %d after the resize:\n%q\na fresh start draws:\n%q\n\nwhole screen:\n%s", i, gl[i], wl[i], got)
		}
	}
}
