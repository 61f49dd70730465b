package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// addPromiseTerm writes a promise in the real binary, to Sam's side (the
// first choice), for today.
func addPromiseTerm(tm *term, what string) {
	tm.keys("n")
	tm.waitFor("What do you promise?", waitLong)
	tm.typeText(what)
	tm.waitFor(what, waitLong)
	tm.keys("C-s")
	tm.waitFor("To whom?", waitLong)
	tm.keys("1")
	tm.waitFor("By when?", waitLong)
	tm.keys("1")
	tm.waitFor("Promise kept in your ledger", waitLong)
}

// The promise ledger in the real binary, as a new person meets it: reached
// from home with p, three promises added, two kept, one missed; SIGKILL in
// the middle of the missed promise's note, and the note is there on
// restart; saving it leads to the slip routine, owning it is recorded, the
// figure moves from "not enough yet" to words, and status and export carry
// it all.
func TestPromisesLedgerSurvivesKill(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 80, 24, env, binary)
	firstRunToHome(t, tm)
	tm.keys("p")
	tm.waitFor("No promises yet", waitLong)
	addPromiseTerm(tm, "Home by seven")
	addPromiseTerm(tm, "Call the bank with you")
	addPromiseTerm(tm, "Tell you before I see Dan")
	tm.waitFor("3 open", waitLong)

	tm.keys("Up", "Up", "Up", "m")
	tm.waitFor("How did it go?", waitLong)
	tm.keys("1")
	tm.waitFor("Kept. Anything you want to remember", waitLong)
	tm.keys("Escape")
	tm.waitFor("1 kept or missed;", waitLong)
	tm.keys("m", "1")
	tm.waitFor("Kept. Anything you want to remember", waitLong)
	tm.keys("Escape")
	tm.waitFor("2 kept or missed;", waitLong)

	tm.keys("m", "2")
	tm.waitFor("Missed. What happened, plainly?", waitLong)
	tm.typeText("Saw him at the shop, cobalt-thistle")
	tm.waitFor("cobalt-thistle", waitLong)
	tm.waitFor("draft kept", waitLong) // the autosave is done
	tm.kill()

	tm = startTerm(t, 80, 24, env, binary)
	tm.waitFor("cobalt-thistle", waitLong)
	tm.waitFor("Missed. What happened, plainly?", waitLong)
	tm.keys("C-s")
	tm.waitFor("A slip, owned", waitLong)
	tm.waitFor("Say it, before it is found.", waitLong)
	tm.keys("o")
	tm.waitFor("Recorded: you owned it", waitLong)
	tm.waitFor("2 of 3 kept in 30 days: most kept", waitLong)
	tm.waitFor("missed, owned", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	out, errOut, code := runCLI(t, home, "status")
	if code != 0 || !strings.Contains(out, "Promises: 0 open, 0 overdue") || !strings.Contains(out, "last 30 days: 2 of 3 kept in 30 days") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
	md := filepath.Join(home, "out.md")
	if _, errOut, code := runCLI(t, home, "export", "-o", md); code != 0 {
		t.Fatalf("export: %d %q", code, errOut)
	}
	b := readFile(t, md)
	for _, want := range []string{"## Promises", "**Tell you before I see Dan**", "missed, owned", "missed: Saw him at the shop, cobalt-thistle", "**Home by seven**"} {
		if !strings.Contains(b, want) {
			t.Errorf("export lacks %q:\n%s", want, b)
		}
	}
}

// The hurt side's mirror in the real binary: "What I need to see" from
// home with p, a need written with a review date, the page with only the
// list, a SIGKILL while writing the second and its words there on
// restart; status and export carry the list.
func TestWhatINeedToSee(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 80, 24, env, binary)
	tm.waitFor("Press Enter to continue", waitLong)
	tm.keys("Enter")
	tm.waitFor("What to call them", waitLong)
	tm.keys("Enter", "Enter", "Right", "Enter")
	tm.waitFor("finding your footing", waitLong)
	tm.keys("p")
	tm.waitFor("What I need to see", waitLong)
	tm.waitFor("Nothing here yet", waitLong)
	tm.keys("n")
	tm.waitFor("What do you need to see?", waitLong)
	tm.typeText("Answers when I ask where you were")
	tm.waitFor("where you were", waitLong)
	tm.keys("C-s")
	tm.waitFor("When do you want to look at this again?", waitLong)
	tm.keys("1")
	tm.waitFor("Review on", waitLong)
	tm.keys("n")
	tm.waitFor("What do you need to see?", waitLong)
	tm.typeText("Her number deleted, saffron-kettle")
	tm.waitFor("saffron-kettle", waitLong)
	tm.waitFor("draft kept", waitLong)
	tm.kill()

	tm = startTerm(t, 80, 24, env, binary)
	tm.waitFor("saffron-kettle", waitLong)
	tm.keys("C-s")
	tm.waitFor("When do you want to look at this again?", waitLong)
	tm.keys("2")
	tm.waitFor("Review on", waitLong)
	tm.keys("s")
	tm.waitFor("Only this list is on this page", waitLong)
	s := tm.waitFor("saffron-kettle", waitLong)
	if !strings.Contains(s, "- Answers when I ask where you were") {
		t.Fatalf("the page to share lacks the first need:\n%s", s)
	}
	tm.keys("Escape", "q")
	tm.waitExit(waitLong)

	out, errOut, code := runCLI(t, home, "status")
	if code != 0 || !strings.Contains(out, "What I need to see: 2, 0 due for review") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
	md := filepath.Join(home, "out.md")
	if _, errOut, code := runCLI(t, home, "export", "-o", md); code != 0 {
		t.Fatalf("export: %d %q", code, errOut)
	}
	if b := readFile(t, md); !strings.Contains(b, "## What I need to see") || !strings.Contains(b, "saffron-kettle (look at it again on") {
		t.Fatalf("export lacks the list:\n%s", b)
	}
}
